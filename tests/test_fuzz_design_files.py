"""Design files under a property-based fuzzer: valid designs round-trip exactly, and every broken
file is refused naming where, or opened; nothing else ever escapes the loader.

The strategies are in tests/fuzz_designs.py; bench/soak.py runs 10^5 of these cases.
Derandomized with a fixed number of examples, so a run in CI is the same as a run here.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.design import Component
from engine.evaluate import evaluate
from engine.evaluate.validate import validate
from engine.io.design_files import (
    VERSION,
    DesignFileError,
    design_from_dict,
    design_to_dict,
    load_design,
    read_design,
    save_design,
)
from engine.materials import shipped_library
from engine.problems import DesignError
from tests.fuzz_designs import (
    LIBRARY,
    FileCase,
    byte_mutations,
    check_outputs,
    designs,
    file_text,
    json_mutations,
    open_case,
)
from tests.fuzzing import fuzz
from tests.presets import preset


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(400)
@given(designs())
def test_valid_designs_round_trip_exactly(folder, design):
    validate(design, LIBRARY)  # the strategy builds only designs the engine accepts
    path = folder / "design.json"
    save_design(design, path, shipped_library())
    again, _ = load_design(path, shipped_library())
    assert again == design
    assert design_to_dict(again, shipped_library()) == json.loads(path.read_text(encoding="utf-8"))
    check_outputs(again, LIBRARY)


@fuzz(1200)
@given(json_mutations())
def test_a_file_broken_in_one_field_is_refused_there_or_opened(folder, case):
    assert open_case(case, folder) in ("loaded", "refused")


@fuzz(800)
@given(byte_mutations())
def test_a_file_broken_as_bytes_is_refused_or_opened(folder, case):
    assert open_case(case, folder) in ("loaded", "refused")


@fuzz(200)
@given(designs(), st.text(min_size=1, max_size=20).filter(lambda t: t not in LIBRARY))
def test_a_material_missing_from_the_library_is_refused_by_name(folder, design, missing):
    raw = design_to_dict(design, shipped_library())
    raw["separator"][-1]["material"] = missing
    path = folder / "missing.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DesignFileError) as caught:
        load_design(path, shipped_library())
    where = f"separator[{len(design.separator) - 1}].material"
    (problem,) = [p for p in caught.value.problems if p.path == where]
    assert f"unknown material {missing!r}" in problem.message


# --- the crashes the fuzzer found, each kept as a plain regression -----------------------------


def _raw() -> dict:
    return design_to_dict(preset("default_nmc811_lpscl_li"), shipped_library())


def _open_text(folder: Path, text: str) -> DesignFileError:
    path = folder / "regression.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DesignFileError) as caught:
        load_design(path, shipped_library())
    return caught.value


def test_a_whole_number_beyond_the_float_range_is_refused(folder):
    """Was OverflowError: int too large to convert to float."""
    text = json.dumps(_raw()).replace('"porosity": 0.15', '"porosity": 1' + "0" * 400)
    error = _open_text(folder, text)
    (problem,) = error.problems
    assert problem.path == "cathode.porosity"
    assert problem.message.startswith("must be finite, got 1000")
    assert len(problem.message) < 100  # the value is abbreviated, not printed whole


def test_a_number_of_too_many_digits_is_refused(folder):
    """Was ValueError: Exceeds the limit (4300 digits) for integer string conversion."""
    text = json.dumps(_raw()).replace('"porosity": 0.15', '"porosity": ' + "9" * 5000)
    error = _open_text(folder, text)
    assert [str(p) for p in error.problems] == ["cathode.porosity: must be finite, got inf"]


def test_the_digit_limit_is_the_one_python_runs_with(folder):
    """PYTHONINTMAXSTRDIGITS may set a lower limit than the default 4300 digits."""
    text = json.dumps(_raw()).replace('"porosity": 0.15', '"porosity": -' + "9" * 1000)
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        error = _open_text(folder, text)
    finally:
        sys.set_int_max_str_digits(limit)
    assert [str(p) for p in error.problems] == ["cathode.porosity: must be finite, got -inf"]


def test_a_deep_nesting_is_refused(folder):
    """Was RecursionError: maximum recursion depth exceeded while decoding a JSON array."""
    text = json.dumps(_raw()).replace('"porosity": 0.15', '"porosity": ' + "[" * 100_000)
    error = _open_text(folder, text)
    assert "nested too deeply to read (line 1, column " in str(error)


def test_nan_and_infinity_tokens_are_refused_with_their_fields(folder):
    text = json.dumps(_raw())
    text = text.replace('"porosity": 0.15', '"porosity": NaN')
    text = text.replace('"n_p_ratio": 1.5', '"n_p_ratio": -Infinity')
    error = _open_text(folder, text)
    assert {str(p) for p in error.problems} == {
        "cathode.porosity: must be finite, got nan",
        "anode.n_p_ratio: must be finite, got -inf",
    }


def test_an_unpaired_surrogate_in_text_is_refused(folder):
    """Was: opened, then every save and autosave failed with UnicodeEncodeError."""
    raw = _raw()
    raw["name"] = "cell \ud800"
    error = _open_text(folder, json.dumps(raw))
    assert [p.path for p in error.problems] == ["name"]


def test_a_huge_string_is_abbreviated_in_the_message(folder):
    raw = _raw()
    raw["separator"][0]["thickness_um"] = "x" * 1_000_000
    error = _open_text(folder, json.dumps(raw))
    (problem,) = error.problems
    assert problem.path == "separator[0].thickness_um"
    assert len(problem.message) < 100


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "latin-1"])
def test_a_file_in_another_encoding_is_refused(folder, encoding):
    raw = _raw()
    raw["name"] = "Zelle µm é"
    path = folder / "encoded.json"
    path.write_bytes(json.dumps(raw, ensure_ascii=False).encode(encoding))
    with pytest.raises(DesignFileError, match="cannot read"):
        load_design(path, shipped_library())


def test_a_byte_order_mark_is_skipped(folder):
    design = preset("yang2022_fig1a")
    path = folder / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + file_text(design).encode("utf-8"))
    assert load_design(path, shipped_library())[0] == design


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        # Were ZeroDivisionError in evaluate: accepted, then no view could show the design.
        (
            lambda raw: raw["cathode"]["components"][0].update(capacity_mAh_g=0.0),
            "cathode.components",
            "the active materials hold 0 mAh per g",
        ),
        (
            lambda raw: raw["anode"].update(
                kind="alloy_foil", components=[{"material": "AgC", "mass_fraction": 1.0}]
            ),
            "anode.components",
            "the active materials hold 0 mAh per g",
        ),
        (
            lambda raw: raw["anode"].update(
                kind="composite",
                components=[{"material": "graphite", "mass_fraction": 1.0}],
                n_p_ratio=None,
                thickness_um=0.0,
            ),
            "anode.thickness_um",
            "outside the allowed range (0, 10000]",
        ),
        (
            lambda raw: raw["cell_format"].update(width_mm=1e-200),
            "cell_format.width_mm",
            "1e-200 is too small: give at least 1e-06",
        ),
        (
            lambda raw: raw["cathode"]["components"][1].update(density_g_cm3=5e-324),
            "cathode.components[1].density_g_cm3",
            "is too small",
        ),
        (
            # Was NaN energy on the voltage curve ("invalid value encountered in subtract").
            lambda raw: raw["cathode"]["components"].append(
                {"material": "LCO", "mass_fraction": 3e-308}
            ),
            "cathode.components[4].mass_fraction",
            "3e-308 is too small: give 0 or at least 1e-06",
        ),
    ],
    ids=[
        "no-cathode-capacity",
        "AgC-alloy-foil",
        "host-anode-of-no-thickness",
        "tiny-width",
        "tiny-density",
        "subnormal-share",
    ],
)
def test_designs_that_evaluate_could_not_divide_by_are_refused(change, where, message):
    raw = _raw()
    change(raw)
    with pytest.raises(DesignError) as caught:
        design_from_dict(raw, shipped_library())
    assert any(p.path == where and message in p.message for p in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]


def test_a_cathode_whose_active_share_is_zero_is_refused():
    """Through the components table a user could set the only active material to 0 %."""
    design = preset("default_nmc811_lpscl_li")
    components = list(design.cathode.components)
    components[0] = Component("NMC811", 0.0)
    components[1] = Component("LPSCl", 0.97)
    cathode = dataclasses.replace(design.cathode, components=tuple(components))
    bad = dataclasses.replace(design, cathode=cathode)
    with pytest.raises(DesignError, match=r"cathode.components: the active materials hold 0"):
        evaluate(bad, LIBRARY)


def test_open_case_catches_a_loader_that_misnames_the_broken_field(folder, monkeypatch):
    """The fuzzer's own check can fail: a refusal naming another field is reported."""
    raw = _raw()
    raw["cathode"]["porosity"] = "high"
    case = FileCase("wrong_value", json.dumps(raw).encode(), "separator[0].porosity")
    with pytest.raises(AssertionError):
        open_case(case, folder)


# --- every earlier format version ------------------------------------------------------------

DATA = Path(__file__).resolve().parent / "data"


def test_there_is_a_sample_file_of_every_format_version():
    """tests/data/design-vN.json for N = 1 .. VERSION (test_design_files opens each)."""
    found = {int(p.stem.removeprefix("design-v")) for p in DATA.glob("design-v*.json")}
    assert found >= set(range(1, VERSION + 1))


@pytest.mark.parametrize("path", sorted(DATA.glob("design-v*.json")), ids=lambda p: p.stem)
def test_every_sample_evaluates_and_saves_in_the_current_version(folder, path):
    read = read_design(path, LIBRARY)  # with any materials the file carries (version 4)
    evaluate(read.design, read.library)
    save_design(read.design, folder / path.name, read.library)
    assert json.loads((folder / path.name).read_text())["version"] == VERSION
    assert load_design(folder / path.name, shipped_library())[0] == read.design
