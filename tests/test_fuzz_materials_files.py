"""User materials files under a property-based fuzzer: every valid file loads and each material
it adds works in a design; every broken file is refused naming the file and where, or loaded
and usable; nothing else ever escapes the loader.

The strategies are in tests/fuzz_materials.py. Derandomized with a fixed number of examples, so
a run in CI is the same as a run here.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given

from engine.materials import LibraryError, load_library, parse_library_file
from tests import fuzz_materials
from tests.fuzz_materials import (
    FILE_NAME,
    MaterialsCase,
    byte_mutations,
    json_mutations,
    open_materials_case,
    valid_files,
)
from tests.fuzzing import fuzz


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz-materials")


@fuzz(350)
@given(valid_files())
def test_a_valid_file_loads_and_each_of_its_materials_works_in_a_design(folder, case):
    assert open_materials_case(case, folder) == "loaded"


@fuzz(600)
@given(json_mutations())
def test_a_file_broken_in_one_field_is_refused_there_or_loaded(folder, case):
    assert open_materials_case(case, folder) in ("loaded", "refused")


@fuzz(450)
@given(byte_mutations())
def test_a_file_broken_as_bytes_is_refused_or_loaded(folder, case):
    assert open_materials_case(case, folder) in ("loaded", "refused")


# A cathode active with its own open-circuit table and the kinetics a voltage curve needs.
ACTIVE = {
    "format": "lamina-materials",
    "version": 1,
    "materials": [
        {
            "id": "MyAct",
            "name": "an active of mine",
            "category": "cathode_active",
            "as_made": "lithiated",
            "values": {
                name: {"value": value, "ref": "mylab2026"}
                for name, value in (
                    ("density_g_cm3", 4.0),
                    ("capacity_theoretical_mAh_g", 200.0),
                    ("capacity_practical_mAh_g", 180.0),
                    ("voltage_avg_V", 3.7),
                    ("particle_radius_um", 1.0),
                    ("diffusivity_cm2_s", 1e-10),
                    ("diffusion_activation_energy_eV", 0.3),
                    ("exchange_current_mA_cm2", 1.0),
                    ("exchange_activation_energy_eV", 0.3),
                )
            },
            "ocv": {
                "source": {"ref": "mylab2026"},
                "lithiation": [0.0, 1.0],
                "potential_V": [4.2, 3.0],
                "cutoff_low_V": {"value": 3.0, "ref": "mylab2026"},
                "cutoff_high_V": {"value": 4.2, "ref": "mylab2026"},
            },
        }
    ],
}


def _active() -> dict:
    return copy.deepcopy(ACTIVE)


# --- the checker itself can fail ----------------------------------------------------------------


def test_open_materials_case_catches_a_loader_that_misnames_the_broken_field(folder):
    """The fuzzer's own check can fail: a refusal naming another field is reported."""
    raw = _active()
    raw["materials"][0]["values"]["density_g_cm3"]["value"] = "heavy"
    elsewhere = "materials[0].values.voltage_avg_V"
    case = MaterialsCase("wrong_value", json.dumps(raw).encode(), elsewhere)
    with pytest.raises(AssertionError):
        open_materials_case(case, folder)
    right = MaterialsCase("wrong_value", case.data, "materials[0].values.density_g_cm3.value")
    assert open_materials_case(right, folder) == "refused"


def test_open_materials_case_catches_a_material_no_design_can_use(folder, monkeypatch):
    """...and a loaded material whose results are not finite is reported."""
    monkeypatch.setattr(fuzz_materials, "results_to_dict", lambda _: {"energy_Wh": float("nan")})
    case = MaterialsCase("valid", json.dumps(_active()).encode())
    with pytest.raises(AssertionError, match="MyAct"):
        open_materials_case(case, folder)


# --- the crashes and misnamed refusals the fuzzer found, each kept as a plain regression -------


def _refused(folder: Path, raw: dict) -> LibraryError:
    """Loading raw as the user's only materials file is refused; every problem names the file."""
    here = folder / "regression"
    here.mkdir(exist_ok=True)
    for old in here.iterdir():
        old.unlink()
    (here / FILE_NAME).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_library(here)
    assert all(p.path.startswith(FILE_NAME) for p in caught.value.problems)
    return caught.value


def _messages(error: LibraryError) -> list[str]:
    return [str(p) for p in error.problems]


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (3, "version: 3 is newer than this Lamina reads (up to 2); update Lamina"),
        (10**1000, "is newer than this Lamina reads (up to 2)"),
        ("1", "version: must be a whole number >= 1, got '1'"),
        (1.0, "version: must be a whole number >= 1, got 1.0"),
        (True, "version: must be a whole number >= 1, got True"),
        (None, "version: must be a whole number >= 1, got None"),
    ],
    ids=["3", "huge", "text", "float", "bool", "none"],
)
def test_a_version_this_lamina_does_not_read_is_refused(folder, version, message):
    """Was: any version, or none, read as version 1."""
    raw = _active()
    raw["version"] = version
    (problem,) = _refused(folder, raw).problems
    assert problem.path == f"{FILE_NAME}: version"
    assert message in str(problem)
    assert len(str(problem)) < 150  # a huge number is abbreviated


def test_an_id_given_twice_in_a_file_is_named_at_its_second_entry(folder):
    """Was: "mine.json: material 'MyAct' is already in the library", naming no entry (and
    saying shipped materials are never replaced, of one that is not shipped)."""
    raw = _active()
    raw["materials"].append(copy.deepcopy(raw["materials"][0]))
    assert _messages(_refused(folder, raw)) == [
        f"{FILE_NAME}: materials[1].id: 'MyAct' is given twice in this file (materials[0])"
    ]


def test_a_shipped_id_is_refused_at_its_entry(folder):
    """Was: named by the file alone."""
    raw = _active()
    raw["materials"].insert(0, copy.deepcopy(raw["materials"][0]))
    raw["materials"][0]["id"] = "mine-first"
    raw["materials"][1]["id"] = "NMC811"
    (problem,) = _refused(folder, raw).problems
    assert problem.path == f"{FILE_NAME}: materials[1].id"
    assert "material 'NMC811' is already in the library (cathode_actives.json)" in problem.message


def test_an_id_of_another_of_the_users_files_is_refused_naming_both(folder):
    here = folder / "two"
    here.mkdir()
    (here / "a.json").write_text(json.dumps(_active()), encoding="utf-8")
    (here / "b.json").write_text(json.dumps(_active()), encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_library(here)
    said = (
        "b.json: materials[0].id: material 'MyAct' is already in the library (a.json); a user "
        "material needs an id of its own (shipped materials are never replaced)"
    )
    assert _messages(caught.value) == [said]


@pytest.mark.parametrize(
    ("category", "key", "least", "allowed"),
    [
        # Was ZeroDivisionError: a Heckel powder of porosity exp(-1e-308) = 1 has no solid.
        ("solid_electrolyte", "heckel_a", "1e-06", "(0, 20]"),
        # Was IndexError in the voltage curve: a particle of radius 5e-324 diffuses in no time.
        ("cathode_active", "particle_radius_um", "1e-06", "(0, 1000]"),
        # Was an infinite fixture mass in the results: a metal of no strength.
        ("metal", "yield_strength_MPa", "1e-06", "(0, 10000]"),
        # Was a NaN mean voltage of the discharge curve: a solid no Li diffuses through.
        ("cathode_active", "diffusivity_cm2_s", "1e-30", "(0, 1]"),
        # Every value "above 0" has its least (no crash was found from this one).
        ("cathode_active", "exchange_current_mA_cm2", "1e-15", "(0, 10000]"),
    ],
)
@pytest.mark.parametrize("tiny", [5e-324, 1e-308])
def test_a_value_above_zero_but_too_small_to_divide_by_is_refused(
    folder, category, key, least, allowed, tiny
):
    raw = _active()
    entry = raw["materials"][0]
    entry["category"] = category
    if category != "cathode_active":
        del entry["ocv"]
        entry["values"] = {"density_g_cm3": entry["values"]["density_g_cm3"]}
    if key == "heckel_a":
        entry["values"]["heckel_k_per_MPa"] = {"value": 0.0, "ref": "mylab2026"}
        entry["values"]["rebound_fraction"] = {"value": 0.1, "ref": "mylab2026"}
    if key == "yield_strength_MPa":
        entry["values"]["poisson_ratio"] = {"value": 0.3, "ref": "mylab2026"}
    entry["values"][key] = {"value": tiny, "ref": "mylab2026"}
    said = (
        f"{FILE_NAME}: materials[0].values.{key}: {tiny:g} is too small: give at least {least} "
        f"(allowed range {allowed})"
    )
    assert _messages(_refused(folder, raw)) == [said]


def test_the_least_value_above_zero_is_accepted(folder):
    raw = _active()
    raw["materials"][0]["values"]["particle_radius_um"]["value"] = 1e-6
    case = MaterialsCase("valid", json.dumps(raw).encode())
    assert open_materials_case(case, folder) == "loaded"


@pytest.mark.parametrize("missing", ["cutoff_low_V", "cutoff_high_V"])
def test_a_cathode_actives_missing_cutoff_is_named(folder, missing):
    """Was: a missing cutoff_high_V named as cutoff_low_V."""
    raw = _active()
    del raw["materials"][0]["ocv"][missing]
    path = folder / FILE_NAME
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        parse_library_file(path)
    where = f"{FILE_NAME}: materials[0].ocv.{missing}"
    assert f"{where}: a cathode active needs its cut-offs" in _messages(caught.value)


def test_a_value_named_with_an_unpaired_surrogate_is_refused(folder):
    """Was: loaded (a value of the user's own name is kept), then every save of a design
    carrying the material failed with UnicodeEncodeError."""
    raw = _active()
    raw["materials"][0]["values"]["x_\ud800"] = {"value": 1.0, "ref": "mylab2026"}
    (problem,) = _refused(folder, raw).problems
    assert problem.path == f"{FILE_NAME}: materials[0].values.x_\ud800"
    assert "a value's name must be text UTF-8 can hold (no unpaired surrogate)" in problem.message


def test_a_value_of_the_users_own_name_is_kept_and_written_back(folder):
    raw = _active()
    raw["materials"][0]["values"]["x_hardness é"] = {"value": 1.0, "ref": "mylab2026"}
    case = MaterialsCase("valid", json.dumps(raw, ensure_ascii=False).encode())
    assert open_materials_case(case, folder) == "loaded"


def test_an_open_circuit_table_of_a_step_too_small_to_divide_by_is_refused(folder):
    """Was: loaded, then a NaN mean voltage of the discharge curve: the potential falls 5.7 V
    over a lithiation step of 2.2e-313, a slope beyond floats."""
    raw = _active()
    curve = raw["materials"][0]["ocv"]
    curve["lithiation"] = [0.0, 2.2250738585e-313, 0.5, 1.0]
    curve["potential_V"] = [5.77, 0.064, 0.0, -0.42]
    curve["cutoff_low_V"]["value"], curve["cutoff_high_V"]["value"] = -0.4, 5.7
    (problem,) = _refused(folder, raw).problems
    assert str(problem) == (
        f"{FILE_NAME}: materials[0].ocv: lithiation: rises by only 2.22507e-313 from point 0 "
        "to 1: give steps of at least 1e-09"
    )
    curve["lithiation"][1] = 1e-9  # the least step: the curve is drawn
    assert open_materials_case(MaterialsCase("valid", json.dumps(raw).encode()), folder) == (
        "loaded"
    )


@pytest.mark.parametrize(
    ("key", "mass", "allowed"),
    [
        # Was a NaN solid volume of an anode-free cell's interlayer: a lithiated form weighing
        # 2.2e-313 g/mol put the lithiation as made at 1 / 3e-315 = inf.
        ("molar_mass_lithiated_g_mol", 2.2250738585e-313, "[6.94, 10000]"),
        ("molar_mass_lithiated_g_mol", 6.9, "[6.94, 10000]"),
        ("molar_mass_delithiated_g_mol", 7.0, "[0, 6.94]"),
    ],
)
def test_an_end_form_lighter_or_heavier_than_the_form_as_made_is_refused(
    folder, key, mass, allowed
):
    raw = _active()
    entry = raw["materials"][0]
    entry["category"], entry["as_made"] = "anode_active", "delithiated"
    del entry["ocv"]
    masses = {"molar_mass_g_mol": 6.94, "molar_mass_lithiated_g_mol": 6.94}
    masses |= {"molar_mass_delithiated_g_mol": 0.0, key: mass}
    entry["values"] |= {name: {"value": v, "ref": "mylab2026"} for name, v in masses.items()}
    (problem,) = _refused(folder, raw).problems
    assert problem.path == f"{FILE_NAME}: materials[0].values.{key}"
    assert problem.message.startswith(f"{mass:g} is outside the allowed range {allowed}: the ")
