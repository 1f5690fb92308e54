"""Hypothesis strategies for user materials files: valid files, and files mutated to be broken.

Used by tests/test_fuzz_materials_files.py (a few hundred cases of each kind) and by larger runs.
Valid files copy entries of the shipped library under fresh ids, every number redrawn inside the
ranges engine/materials.py accepts (boundaries included), actives with open-circuit tables of
their own; mutations break a valid file in one place, at the JSON level (a value of a wrong type
or range, a field left out or added, an id given twice or a shipped one, a future version) or as
bytes (truncated, re-encoded, corrupted, NaN and Infinity tokens, a deep nesting, no JSON).
A loaded file is then put to use: each material it adds goes into a preset design that is
evaluated, written out as results, drawn as an open-circuit curve, and saved and opened again.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from engine.design import (
    Anode,
    Component,
    CurrentCollector,
    Design,
    Fixture,
    SeparatorLayer,
    replace_field,
)
from engine.evaluate import evaluate
from engine.evaluate import validate as limits
from engine.evaluate.curve import KINETIC_KEYS
from engine.io.design_files import read_design, save_design
from engine.io.results_json import results_to_dict
from engine.materials import (
    AS_MADE,
    LIBRARY_FORMAT,
    LIBRARY_VERSION,
    LITHIATION_STEP,
    REQUIRED_ACTIVE_KEYS,
    SMALLEST_POSITIVE_OF,
    VALUE_RANGES,
    Library,
    LibraryError,
    Material,
    load_library,
    material_to_dict,
    shipped_library,
)
from engine.ocv import POTENTIAL_RANGE_V, curve_for, curve_to_dict
from engine.physics.compaction import DATA_MAX_KEY, LAW_KEYS, REBOUND_KEY
from engine.problems import ProblemsError
from engine.results import Results
from engine.studies.curves import open_circuit_curve
from engine.values import SMALLEST_POSITIVE
from tests.fuzz_designs import (
    FileCase,
    _dump,
    _join,
    bad_values,
    break_bytes,
    objects_in,
    spoil_field,
)
from tests.presets import preset

LIBRARY = shipped_library()
SHIPPED = list(LIBRARY.materials.values())
FILE_NAME = "mine.json"  # the name every case is written under: each problem must name it
COMPACTION_KEYS = frozenset(key for pair in LAW_KEYS.values() for key in pair) | {
    REBOUND_KEY,
    DATA_MAX_KEY,
}


# --- valid files -------------------------------------------------------------------------------


def number(key: str) -> st.SearchStrategy[float]:
    """Any number the loader accepts for a value of this name, its allowed ends included (the
    least of one "above 0" its SMALLEST_POSITIVE); a name without a range (kept, not used) takes
    any finite number."""
    if key not in VALUE_RANGES:
        return st.floats(allow_nan=False, allow_infinity=False)
    low, high, low_in, high_in = VALUE_RANGES[key]
    if low == 0.0 and not low_in:
        low, low_in = SMALLEST_POSITIVE_OF.get(key, SMALLEST_POSITIVE), True
    inner = st.floats(low, high, exclude_min=not low_in, exclude_max=not high_in)
    ends = [end for end, inside in ((low, low_in), (high, high_in)) if inside]
    return st.sampled_from(ends) | inner if ends else inner


def _value(number: float, ref: str = "mylab2026") -> dict[str, Any]:
    return {"value": number, "ref": ref}


def _strictly_rising(values: list[float]) -> list[float]:
    """The values sorted, each at least LITHIATION_STEP above the one before (the end 1 kept)."""
    kept: list[float] = []
    for value in sorted(set(values), reverse=True):
        if not kept or kept[-1] - value >= LITHIATION_STEP:
            kept.append(value)
    return kept[::-1]


@st.composite
def own_curves(draw: st.DrawFn, material: Material) -> dict[str, Any]:
    """An `ocv` entry the loader accepts: the shipped material's own table, or one drawn with
    lithiation rising strictly in [0, 1] and the potential not rising, in POTENTIAL_RANGE_V; a
    cathode active's cut-offs (an anode's, both or neither)."""
    shipped = curve_for(material.id)
    if shipped is not None and draw(st.booleans()):
        raw = curve_to_dict(shipped)
    else:
        low, high = POTENTIAL_RANGE_V
        ys = draw(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=12).map(_strictly_rising))
        if len(ys) < 2:
            ys = [0.0, 1.0]
        if draw(st.booleans()):  # the whole range, as most measured tables give it
            ys = _strictly_rising([0.0, *ys, 1.0])
        strict = st.lists(st.floats(low, high), min_size=len(ys), max_size=len(ys), unique=True)
        flat = st.lists(st.floats(low, high), min_size=len(ys), max_size=len(ys))
        potential = sorted(draw(strict | flat), reverse=True)
        raw = {
            "source": {"ref": "mylab2026", "where": draw(st.text(max_size=10))},
            "lithiation": ys,
            "potential_V": potential,
        }
        if material.category == "cathode_active" or draw(st.booleans()):
            ends = st.sampled_from((low, high)) | st.floats(low, high)
            raw["cutoff_low_V"] = _value(draw(ends))
            raw["cutoff_high_V"] = _value(draw(ends))
    if material.category == "cathode_active" and "cutoff_low_V" not in raw:
        raw["cutoff_low_V"], raw["cutoff_high_V"] = _value(2.5), _value(4.3)
    return raw


@st.composite
def _values(draw: st.DrawFn, material: Material) -> dict[str, Any]:
    """The material's values, some left out (none that is required), the kinetics a voltage
    curve needs added to an active, a compaction law kept, dropped or drawn anew, each number
    kept or redrawn (the molar masses in their order), and sometimes a value of a name of the
    user's own (kept, not used)."""
    values = {key: value.to_dict() for key, value in material.values.items()}
    required = {"density_g_cm3", *(REQUIRED_ACTIVE_KEYS if material.is_active else ())}
    optional = sorted(set(values) - required - COMPACTION_KEYS)
    for key in draw(st.sets(st.sampled_from(optional))) if optional else ():
        del values[key]
    if material.is_active and draw(st.booleans()):
        for key in KINETIC_KEYS:
            values.setdefault(key, _value(draw(number(key))))
    law = draw(st.sampled_from((None, "keep", *LAW_KEYS)))
    if law != "keep":
        for key in COMPACTION_KEYS:
            values.pop(key, None)
        for key in (*LAW_KEYS[law], REBOUND_KEY) if law is not None else ():
            values[key] = _value(draw(number(key)))
    for key, entry in values.items():
        if draw(st.booleans()):
            entry["value"] = draw(number(key))
    if "molar_mass_g_mol" in values:  # the end forms weigh at least / at most the form as made
        made = values["molar_mass_g_mol"]["value"]
        for key, low, high in (
            ("molar_mass_lithiated_g_mol", made, VALUE_RANGES["molar_mass_lithiated_g_mol"][1]),
            ("molar_mass_delithiated_g_mol", VALUE_RANGES["molar_mass_delithiated_g_mol"][0], made),
        ):
            if key in values and not low <= values[key]["value"] <= high:
                values[key]["value"] = draw(st.sampled_from((low, high)) | st.floats(low, high))
    if draw(st.booleans()):
        values["x_" + draw(st.text(max_size=8))] = _value(draw(number("")))
    return values


@st.composite
def entries(draw: st.DrawFn, material_id: str) -> dict[str, Any]:
    """One material entry: a shipped material's under the id given, its values redrawn; an
    active's as-made state redrawn, and sometimes an open-circuit table of its own."""
    material = draw(st.sampled_from(SHIPPED))
    raw = material_to_dict(material)
    raw["id"] = material_id
    name = draw(st.sampled_from(("keep", "drawn", "none")))
    if name == "drawn":
        raw["name"] = draw(st.text(max_size=20))
    elif name == "none":
        del raw["name"]
    if material.is_active and draw(st.booleans()):
        raw["as_made"] = draw(st.sampled_from(AS_MADE))
    raw["values"] = draw(_values(material))
    if material.is_active and draw(st.booleans()):
        raw["ocv"] = draw(own_curves(material))
    return raw


def fresh_ids() -> st.SearchStrategy[list[str]]:
    """One to four ids, distinct and none of them shipped: any text (as a person may name a
    material), or a shipped id with a suffix."""
    one = st.sampled_from(sorted(LIBRARY.materials)).map(lambda m: f"{m}-mine") | st.text(
        min_size=1, max_size=16
    )
    return st.lists(one.filter(lambda m: m not in LIBRARY), min_size=1, max_size=4, unique=True)


@st.composite
def valid_dicts(draw: st.DrawFn) -> dict[str, Any]:
    """A whole file's JSON, as a person would write it: format, version and the entries."""
    listed = [draw(entries(material_id)) for material_id in draw(fresh_ids())]
    return {"format": LIBRARY_FORMAT, "version": LIBRARY_VERSION, "materials": listed}


# --- cases: the bytes of a file, what was done to it and where ----------------------------------


MaterialsCase = FileCase  # the same record: a file's bytes, its kind, where broken


def file_bytes(raw: dict[str, Any], ascii_only: bool = True) -> bytes:
    """The file as a person or a program writes it: text other than ASCII escaped, or not."""
    return json.dumps(raw, indent=2, ensure_ascii=ascii_only).encode("utf-8")


def valid_files() -> st.SearchStrategy[MaterialsCase]:
    """Files that must load, each of their materials usable."""
    return st.builds(
        lambda raw, ascii_only: MaterialsCase("valid", file_bytes(raw, ascii_only)),
        valid_dicts(),
        st.booleans(),
    )


JSON_KINDS = (
    "wrong_value",
    "missing",
    "extra_field",
    "duplicate_id",
    "shipped_id",
    "future_version",
)


@st.composite
def json_mutations(draw: st.DrawFn) -> MaterialsCase:
    """A valid file changed in one place: a value of a wrong type or range, a field left out or
    added, an id given twice or a shipped one, a future format version."""
    raw = draw(valid_dicts())
    kind = draw(st.sampled_from(JSON_KINDS))
    listed = raw["materials"]
    if kind == "future_version":
        raw["version"] = draw(st.integers(LIBRARY_VERSION + 1, 10**9))
        return MaterialsCase(kind, _dump(raw), "version")
    if kind in ("duplicate_id", "shipped_id"):
        if kind == "duplicate_id":
            if len(listed) == 1:
                listed.append(json.loads(json.dumps(listed[0])))
            i, j = draw(st.sampled_from([(i, j) for i in range(len(listed)) for j in range(i)]))
            listed[i]["id"] = listed[j]["id"]
        else:
            i = draw(st.integers(0, len(listed) - 1))
            listed[i]["id"] = draw(st.sampled_from(sorted(LIBRARY.materials)))
        return MaterialsCase(kind, _dump(raw), f"materials[{i}].id")
    if kind == "extra_field":
        path, target = draw(st.sampled_from(objects_in(raw)))
        # No separator of a field path in the name: the check finds the object it is in.
        name = "x_" + draw(st.text(st.characters(exclude_characters=".[:"), max_size=20))
        name += draw(st.sampled_from(("", "\ud800")))
        target[name] = draw(bad_values() | number("").map(_value))
        return MaterialsCase(kind, _dump(raw), _join(path, name))
    return MaterialsCase(kind, *spoil_field(draw, raw, kind))


# A number token of the indented text: after a key, or alone on a line of a list.
_NUMBER = re.compile(r"(?m)(?:: |^ +)(-?\d[\d.eE+-]*),?$")
BYTE_KINDS = (
    "truncated",
    "encoding",
    "byte_order_mark",
    "corrupted",
    "number_token",
    "deep_nesting",
    "not_materials",
)


@st.composite
def byte_mutations(draw: st.DrawFn) -> MaterialsCase:
    """A valid file broken as bytes: truncated, re-encoded, corrupted, a number token replaced
    by NaN or Infinity or one too long, a number replaced by a deep nesting; or no materials at
    all. (A byte-order mark alone breaks nothing: the file must load.)"""
    raw = draw(valid_dicts())
    raw["materials"][0]["name"] = str(raw["materials"][0].get("name", "")) + " µm é"
    text = json.dumps(raw, indent=2, ensure_ascii=False)
    kind = draw(st.sampled_from(BYTE_KINDS))
    data = break_bytes(draw, text, kind, [m.span(1) for m in _NUMBER.finditer(text)])
    if data is None:  # not a materials file at all
        data = draw(
            st.sampled_from(
                [
                    b"",
                    b"[]",
                    b"null",
                    b'"materials"',
                    b"42",
                    b"{}",
                    b'{"format": "lamina-materials"}',
                ]
            )
            | st.binary(max_size=64)
        )
    return MaterialsCase(kind, data)


def materials_cases() -> st.SearchStrategy[MaterialsCase]:
    """Every kind of case, for a larger run."""
    return st.one_of(valid_files(), json_mutations(), byte_mutations())


# --- the check: refused naming the file and the field, or loaded and usable --------------------


def _segments(path: str) -> list[str]:
    """A field path in parts (`materials[0].ocv: potential_V` -> materials, [0], ocv,
    potential_V): the loader joins an open-circuit table's fields with ': '."""
    return [s for s in re.split(r"\.|: |(?=\[)", path) if s]


def _head(path: str) -> list[str]:
    """The part of a file a path is in, as precisely as a refusal must name it: the top-level
    field; in an entry, its field, and for a value the value's name (`values.density_g_cm3`)."""
    parts = _segments(path)
    if len(parts) < 2 or parts[0] != "materials" or not parts[1].startswith("["):
        return parts[:1]
    depth = 4 if parts[2:3] == ["values"] else 3
    return parts[:depth]


def _names(problem_path: str, broken: str) -> bool:
    """Whether a problem at problem_path (the file's name cut off) names the broken field: it is
    in the same part of the file, or within it."""
    head, at = _head(broken), _segments(problem_path)
    return at[: len(head)] == head


# What each JSON-level change must not be: opened as if nothing were wrong. A wrong value or a
# field left out may leave a valid file (a name replaced by text, a note taken away); a field
# added under `values` is a value of the user's own, kept (when it is one).
REFUSED_KINDS = ("duplicate_id", "shipped_id", "future_version")
MUST_LOAD = ("valid", "byte_order_mark")  # a UTF-8 byte-order mark is skipped


def _check_refusal(case: MaterialsCase, error: LibraryError) -> None:
    problems = error.problems
    assert problems, "a refusal names its problems"
    assert FILE_NAME in str(error), str(error)
    assert all(p.path.startswith(FILE_NAME) and p.message for p in problems), [
        str(p) for p in problems
    ]
    if case.kind in MUST_LOAD:
        raise AssertionError(f"a {case.kind} file was refused: {[str(p) for p in problems]}")
    if case.path is None:
        return
    prefix = f"{FILE_NAME}: "
    within = [p.path.removeprefix(prefix) for p in problems if p.path.startswith(prefix)]
    named = any(_names(path, case.path) for path in within)
    # Too deeply nested to parse: named by line and column, as for design files.
    located = any(p.path == FILE_NAME and ", column " in p.message for p in problems)
    # The format changed: the file is not a materials file at all.
    other_format = case.path == "format" and any(
        p.path == FILE_NAME and f"is not a {LIBRARY_FORMAT} file" in p.message for p in problems
    )
    assert named or located or other_format, (case.path, [str(p) for p in problems])
    if case.kind == "future_version":
        assert any("newer than this Lamina reads" in p.message for p in problems)


def _finite(value: Any, where: str) -> None:
    """Every number of results written out is finite (JSON has no NaN; an infinite resistance
    is written as null)."""
    if isinstance(value, float):
        assert math.isfinite(value), where
    elif isinstance(value, dict):
        for key, item in value.items():
            _finite(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _finite(item, f"{where}[{i}]")


BASE = preset("default_nmc811_lpscl_li")


def designs_using(material: Material) -> list[Design]:
    """The preset with the material where its category goes: a cathode's active, an anode's
    (composite, foil and anode-free interlayer), the electrolyte of the separator (pressed, if it
    has a compaction law) and of the cathode, its carbon or binder, the collectors and fixture."""
    m = material.id
    cathode = list(BASE.cathode.components)
    if material.category == "cathode_active":
        cathode[0] = Component(m, 0.7)
    elif material.category == "anode_active":
        anodes = (
            Anode(
                "composite",
                (Component(m, 0.6), Component("LPSCl", 0.35), Component("VGCF", 0.05)),
                porosity=0.1,
                n_p_ratio=1.5,
            ),
            Anode("alloy_foil", (Component(m, 1.0),), n_p_ratio=1.5),
            Anode("anode_free", (Component(m, 1.0),), porosity=0.3, thickness_um=5.0),
        )
        return [dataclasses.replace(BASE, anode=anode) for anode in anodes]
    elif material.category == "solid_electrolyte":
        cathode[1] = Component(m, 0.27)
        pressed = material.compaction is not None
        layer = SeparatorLayer(
            m,
            30.0,
            porosity=None if pressed else 0.1,
            pressing_pressure_MPa=370.0 if pressed else None,
        )
        return [
            dataclasses.replace(
                BASE,
                cathode=dataclasses.replace(BASE.cathode, components=tuple(cathode)),
                separator=(layer,),
            )
        ]
    elif material.category in ("carbon", "binder"):
        cathode[2 if material.category == "carbon" else 3] = dataclasses.replace(
            cathode[2 if material.category == "carbon" else 3], material=m
        )
    elif material.category == "metal":
        sized = material.get("yield_strength_MPa") and material.get("poisson_ratio")
        return [
            dataclasses.replace(
                BASE,
                cathode_collector=CurrentCollector(m, 12.0),
                anode_collector=CurrentCollector(m, 8.0),
                fixture=Fixture(material=m) if sized else None,
            )
        ]
    else:  # packaging: no layer of a design is made of it
        return []
    return [
        dataclasses.replace(
            BASE, cathode=dataclasses.replace(BASE.cathode, components=tuple(cathode))
        )
    ]


# The preset's 25 C and the ends of the range a design may be run at: a material's Arrhenius
# energies scale its 25 C values by up to some 1e27 either way there.
TEMPERATURES_C = (None, limits.TEMPERATURE_C[0], limits.TEMPERATURE_C[1])


def _check_curve(design: Design, library: Library, results: Results, material_id: str) -> None:
    """The cell's open-circuit curve with the active's own table: finite, or refused."""
    try:
        curve = open_circuit_curve(design, library, points=101, results=results)
    except ProblemsError:
        return
    for name in ("capacity_mAh_cm2", "voltage_V", "open_circuit_V", "anode_potential_V"):
        assert np.all(np.isfinite(getattr(curve, name))), (material_id, name)
    _finite(float(curve.delivered_mAh_cm2), f"{material_id}: delivered_mAh_cm2")
    _finite(float(curve.energy_mWh_cm2), f"{material_id}: energy_mWh_cm2")


def use_material(library: Library, material: Material, folder: Path) -> None:
    """Every way a design uses the material runs, or is refused with its problems: evaluate
    (at 25 C and at the ends of the temperature range), the results as JSON (with the voltage
    curves), the open-circuit curve of an active with its own table, and the design saved
    carrying the material and opened where the library lacks it."""
    for design in designs_using(material):
        evaluated = [_evaluate(design, library, material, t) for t in TEMPERATURES_C]
        if not evaluated[0]:
            continue  # refused: a design file of it would be refused as well
        path = folder / "design.json"
        save_design(design, path, library)
        read = read_design(path, LIBRARY)  # carried to a machine with the shipped library only
        assert read.design == design
        assert material_to_dict(read.library[material.id]) == material_to_dict(material)


def _evaluate(
    design: Design, library: Library, material: Material, temperature: float | None
) -> bool:
    """The design at a temperature (None: its own) evaluated, written as results and, for an
    active with its own table, drawn at rest; False if refused."""
    if temperature is not None:
        design = replace_field(design, "operating.temperature_C", temperature)
    try:
        results = evaluate(design, library)
    except ProblemsError:
        return False
    _finite(results_to_dict(results), f"{material.id} at {temperature} C")
    if material.ocv is not None:
        _check_curve(design, library, results, material.id)
    return True


def open_materials_case(case: MaterialsCase, folder: Path) -> str:
    """Write a case's file alone in a materials folder and load it as the window and the command
    line do; return "loaded" or "refused".

    Raises AssertionError if a promise is broken: a refusal must list problems, each naming the
    file, and for a change at the JSON level one of them must name the part of the file that was
    broken (for a file too deeply nested to parse, by line and column); a valid file, or a
    byte-order mark before one, must load; a loaded library must make each of its new materials
    usable (use_material). Any other exception is a crash.
    """
    here = folder / "materials"
    here.mkdir(exist_ok=True)
    for old in here.iterdir():
        old.unlink()
    (here / FILE_NAME).write_bytes(case.data)
    try:
        library = load_library(here)
    except LibraryError as error:
        _check_refusal(case, error)
        return "refused"
    assert case.kind not in REFUSED_KINDS, case.kind
    if case.kind in MUST_LOAD:  # every entry added, none lost
        given = json.loads(case.data.decode("utf-8-sig"))["materials"]
        assert library.user_ids == {entry["id"] for entry in given}
    if case.kind == "extra_field":  # only a value of the user's own is kept
        assert _segments(case.path or "")[-2:-1] == ["values"], case.path
    for material_id in sorted(library.user_ids):
        material = library[material_id]
        use_material(library, material, folder)
    return "loaded"
