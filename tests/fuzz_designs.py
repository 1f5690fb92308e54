"""Hypothesis strategies for design files: valid designs, and files mutated to be broken.

Shared by tests/test_fuzz_design_files.py (a few thousand cases) and bench/soak.py (10^5).
Valid designs draw every field inside the ranges engine/evaluate/validate.py allows, boundaries
included; mutations break a valid file in one place, at the JSON level (a
field's value, a missing or an extra field) or at the byte level (truncated, re-encoded, NaN and
Infinity tokens, a deep nesting, a huge string).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import strategies as st

from engine.design import (
    DEFAULT_TRANSPORT,
    Anode,
    Cathode,
    Component,
    CurrentCollector,
    Design,
    Fixture,
    Operating,
    PelletFormat,
    PouchFormat,
    SeparatorLayer,
    TransportModel,
)
from engine.evaluate import evaluate
from engine.evaluate import validate as limits
from engine.evaluate.curve import curve_from_results, curve_problems
from engine.evaluate.parts import densest_as_made_of
from engine.evaluate.trace import explain
from engine.io.design_files import (
    VERSION,
    DesignFileError,
    design_to_dict,
    load_design,
    read_design,
    save_design,
)
from engine.io.results_json import results_to_dict
from engine.materials import Library, material_to_dict, shipped_library
from engine.ocv import curve_to_dict
from engine.results import Results

LIBRARY = shipped_library()


def _ids(*categories: str, compaction: bool = False) -> list[str]:
    return [
        m.id
        for c in categories
        for m in LIBRARY.by_category(c)
        if not compaction or m.compaction is not None
    ]


CATHODE_ACTIVES = _ids("cathode_active")
CATHODE_ALL = _ids("cathode_active", "solid_electrolyte", "carbon", "binder")
PRESSABLE_CATHODE = _ids("cathode_active", "solid_electrolyte", "carbon", "binder", compaction=True)
ANODE_ACTIVES = _ids("anode_active")
ANODE_HOSTS = [m for m in ANODE_ACTIVES if LIBRARY[m].get("capacity_theoretical_mAh_g")]
ANODE_ALL = _ids("anode_active", "solid_electrolyte", "carbon", "binder")
INTERLAYERS = _ids("anode_active", "carbon")
ELECTROLYTES = _ids("solid_electrolyte")
METALS = _ids("metal")
FIXTURE_METALS = [
    m for m in METALS if LIBRARY[m].get("yield_strength_MPa") and LIBRARY[m].get("poisson_ratio")
]


def in_range(bounds: tuple[float, float, bool, bool]) -> st.SearchStrategy[float]:
    """Any float validate() accepts for these bounds, the boundaries included."""
    low, high, low_in, high_in = bounds
    if low == 0.0 and not low_in:  # "above 0": at least limits.SMALLEST_POSITIVE
        low, low_in = limits.SMALLEST_POSITIVE, True
    return st.floats(
        min_value=low,
        max_value=high,
        exclude_min=not low_in,
        exclude_max=not high_in,
        allow_nan=False,
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def fractions(draw: st.DrawFn, n: int) -> list[float]:
    """n mass fractions that sum to 1 within validate()'s tolerance, each 0 or above 2e-4 (a
    share is 0 or at least limits.SMALLEST_POSITIVE); the first one (an electrode's active
    material, which must hold Li) at least 0.3 %."""
    weights = [draw(st.floats(0.01, 1.0))]
    others = st.just(0.0) | st.floats(0.001, 1.0)
    weights += draw(st.lists(others, min_size=n - 1, max_size=n - 1))
    total = sum(weights)
    return [w / total for w in weights]


def _density_bounds(material_id: str) -> tuple[float, float, bool, bool]:
    """The as-made densities validate() accepts for a material: within the design's range and
    below the density that would leave one of an active's end forms no volume."""
    material = LIBRARY[material_id]
    low, high, low_in, high_in = limits.DENSITY_G_CM3
    if not material.is_active:
        return limits.DENSITY_G_CM3
    densest, _ = densest_as_made_of(material)
    return (low, high, low_in, high_in) if densest > high else (low, densest, low_in, False)


@st.composite
def components(
    draw: st.DrawFn, first: list[str], rest: list[str], max_size: int = 4
) -> tuple[Component, ...]:
    """A composite's components: the first from `first` (an active that holds Li, with a
    measured capacity of at least 1 mAh/g if one is given), the others from `rest`."""
    materials = [draw(st.sampled_from(first))]
    materials += draw(st.lists(st.sampled_from(rest), max_size=max_size - 1))
    shares = draw(fractions(len(materials)))
    capacity = in_range(limits.CAPACITY_MAH_G)
    return tuple(
        Component(
            material,
            share,
            capacity_mAh_g=draw(optional(st.floats(1.0, 5000.0) if i == 0 else capacity)),
            density_g_cm3=draw(optional(in_range(_density_bounds(material)))),
            particle_radius_um=draw(optional(in_range(limits.PARTICLE_RADIUS_UM))),
        )
        for i, (material, share) in enumerate(zip(materials, shares, strict=True))
    )


@st.composite
def cathodes(draw: st.DrawFn) -> Cathode:
    pressed = draw(st.booleans()) and bool(PRESSABLE_CATHODE)
    if pressed:
        parts = draw(
            components([m for m in PRESSABLE_CATHODE if m in CATHODE_ACTIVES], PRESSABLE_CATHODE)
        )
        porosity, pressure = None, draw(in_range(limits.PRESSURE_MPA))
    else:
        parts = draw(components(CATHODE_ACTIVES, CATHODE_ALL))
        porosity, pressure = draw(in_range(limits.POROSITY)), None
    size = draw(st.sampled_from(("active_loading_mg_cm2", "loading_mg_cm2", "thickness_um")))
    bounds = limits.POSITIVE_THICKNESS_UM if size == "thickness_um" else limits.LOADING_MG_CM2
    return Cathode(
        components=parts,
        porosity=porosity,
        pressing_pressure_MPa=pressure,
        mean_voltage_V=draw(optional(in_range(limits.VOLTAGE_V))),
        **{size: draw(in_range(bounds))},
    )


@st.composite
def separator_layers(draw: st.DrawFn) -> SeparatorLayer:
    by_loading = draw(st.booleans())
    return SeparatorLayer(
        material=draw(st.sampled_from(ELECTROLYTES)),
        thickness_um=None if by_loading else draw(in_range(limits.POSITIVE_THICKNESS_UM)),
        loading_mg_cm2=draw(in_range(limits.LOADING_MG_CM2)) if by_loading else None,
        porosity=draw(in_range(limits.POROSITY)),
    )


@st.composite
def anodes(draw: st.DrawFn) -> Anode:
    kind = draw(st.sampled_from(("li_metal", "alloy_foil", "composite", "anode_free")))
    voltage = draw(optional(in_range(limits.VOLTAGE_V)))
    efficiency = draw(optional(in_range(limits.COULOMBIC_EFFICIENCY)))
    if kind == "anode_free":
        interlayer = draw(st.booleans())
        return Anode(
            kind="anode_free",
            components=(Component(draw(st.sampled_from(INTERLAYERS)), 1.0),) if interlayer else (),
            porosity=draw(in_range(limits.POROSITY)),
            thickness_um=draw(in_range(limits.THICKNESS_UM)) if interlayer else None,
            mean_voltage_V=voltage,
            coulombic_efficiency=efficiency,
        )
    if kind == "composite":
        sizes = ("thickness_um", "loading_mg_cm2", "n_p_ratio")
        parts = draw(components(ANODE_HOSTS, ANODE_ALL))
    else:
        sizes = ("thickness_um", "n_p_ratio")
        parts = (
            (Component(draw(st.sampled_from(ANODE_HOSTS)), 1.0),) if kind == "alloy_foil" else ()
        )
    size = draw(st.sampled_from(sizes))
    bounds = {
        "thickness_um": limits.THICKNESS_UM if kind == "li_metal" else limits.POSITIVE_THICKNESS_UM,
        "loading_mg_cm2": limits.LOADING_MG_CM2,
        "n_p_ratio": limits.N_P_RATIO,
    }[size]
    return Anode(
        kind=kind,  # type: ignore[arg-type]
        components=parts,
        porosity=draw(in_range(limits.POROSITY)),
        mean_voltage_V=voltage,
        coulombic_efficiency=efficiency,
        **{size: draw(in_range(bounds))},
    )


def collectors() -> st.SearchStrategy[CurrentCollector | None]:
    return optional(
        st.builds(
            CurrentCollector,
            st.sampled_from(METALS),
            in_range(limits.POSITIVE_THICKNESS_UM),
        )
    )


def cell_formats() -> st.SearchStrategy[PelletFormat | PouchFormat]:
    return st.builds(PelletFormat, in_range(limits.LENGTH_MM)) | st.builds(
        PouchFormat,
        width_mm=in_range(limits.LENGTH_MM),
        height_mm=in_range(limits.LENGTH_MM),
        unit_cells=st.integers(*limits.UNIT_CELLS),
        double_sided=st.booleans(),
        tab_mass_g=in_range(limits.MASS_G),
        foil_thickness_um=in_range(limits.THICKNESS_UM),
        foil_density_g_cm3=in_range(limits.DENSITY_G_CM3),
        seal_width_mm=in_range(limits.EDGE_MM),
        headspace_mm=in_range(limits.EDGE_MM),
    )


def fixtures() -> st.SearchStrategy[Fixture | None]:
    weighed = st.builds(
        Fixture, mass_g=in_range(limits.MASS_G), volume_cm3=in_range(limits.VOLUME_CM3)
    )
    sized = st.builds(
        Fixture,
        material=st.sampled_from(FIXTURE_METALS),
        safety_factor=optional(in_range(limits.SAFETY_FACTOR)),
    )
    return st.none() | weighed | sized


def transports() -> st.SearchStrategy[TransportModel]:
    return st.just(DEFAULT_TRANSPORT) | st.builds(
        TransportModel,
        in_range(limits.BRUGGEMAN_EXPONENT),
        in_range(limits.PERCOLATION_THRESHOLD),
    )


@st.composite
def operating(draw: st.DrawFn) -> Operating:
    low = draw(optional(in_range(limits.CELL_VOLTAGE_V)))
    high = draw(optional(in_range(limits.CELL_VOLTAGE_V)))
    if low is not None and high is not None and high <= low:
        low, high = (None, high) if draw(st.booleans()) else (low, None)
    return Operating(
        stack_pressure_MPa=draw(in_range(limits.PRESSURE_MPA)),
        temperature_C=draw(in_range(limits.TEMPERATURE_C)),
        c_rate=draw(in_range(limits.C_RATE_PER_H)),
        c_rate_basis=draw(st.sampled_from(("practical", "theoretical"))),
        discharge_cutoff_V=low,
        charge_cutoff_V=high,
        cycles=draw(in_range(limits.CYCLES)),
    )


def _energy_basis(design: Design, curve: bool) -> Design:
    """On the curve's energy where the design's actives have the data for a curve."""
    if curve and not curve_problems(design, LIBRARY):
        return dataclasses.replace(design, energy_basis="curve")
    return design


def designs() -> st.SearchStrategy[Design]:
    """Designs validate() accepts, every field drawn across its allowed range."""
    basis = st.sampled_from(("practical", "theoretical"))
    built = st.builds(
        Design,
        name=st.text(),
        author=st.text(max_size=20),
        notes=st.text(),
        cathode=cathodes(),
        separator=st.lists(separator_layers(), min_size=1, max_size=4).map(tuple),
        anode=anodes(),
        cathode_collector=collectors(),
        anode_collector=collectors(),
        cell_format=cell_formats(),
        operating=operating(),
        fixture=fixtures(),
        n_p_basis=basis,
        capacity_basis=basis,
        transport=transports(),
        electrode_volume_change=st.booleans(),
    )
    return st.builds(_energy_basis, built, st.booleans())


# --- files: a case is the bytes of a file, what was done to it and where ----------------------


@dataclass(frozen=True)
class FileCase:
    """kind: how the file was made (``valid``, ``wrong_value``, ``truncated``, ...); path: the
    field it was broken at, for a change at the JSON level (the refusal must name it)."""

    kind: str
    data: bytes
    path: str | None = None


def file_text(design: Design) -> str:
    """The text save_design() writes."""
    return (
        json.dumps(design_to_dict(design, shipped_library()), indent=2, ensure_ascii=False) + "\n"
    )


# Values too big to build as Python objects and dump are written into the text in place of a
# marker string: a nesting of n lists, or a whole number of n digits.
_MARKER = re.compile(r'"\\ue000(deep|digits):(\d+)"')


def _expand(match: re.Match[str]) -> str:
    n = int(match.group(2))
    return "[" * n + "]" * n if match.group(1) == "deep" else "9" * n


def _dump(raw: Any) -> bytes:
    """JSON text of raw, NaN and Infinity written as the tokens Python's json reads, text other
    than ASCII as escapes (an unpaired surrogate as its escape, which is valid JSON)."""
    text = json.dumps(raw, indent=2, allow_nan=True)
    return _MARKER.sub(_expand, text).encode("ascii")


def _leaves() -> st.SearchStrategy[Any]:
    return (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(max_size=12)
        | st.text(st.characters(codec="utf-8"), max_size=4).map(lambda t: t + "\ud800")
    )


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)


def bad_values() -> st.SearchStrategy[Any]:
    """Anything a field might hold in a broken file."""
    return st.one_of(
        _leaves(),
        st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 5e-324, 1e-7, 1e308, -1e308]),
        st.floats(max_value=-1e-300),
        st.integers(min_value=10**18, max_value=10**4000) | st.integers(max_value=-(10**18)),
        st.recursive(_leaves(), _containers, max_leaves=8),
        st.integers(10_000, 300_000).map(lambda n: "é" * n),  # a huge string
        st.integers(1, 3_000).map(lambda n: f"\ue000deep:{n}"),
        st.integers(4_000, 20_000).map(lambda n: f"\ue000digits:{n}"),
    )


def _join(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def locations(raw: Any, path: str = "") -> list[tuple[Any, Any, str]]:
    """Every (container, key, path) of a parsed design file, depth first."""
    found = []
    items = raw.items() if isinstance(raw, dict) else enumerate(raw)
    for key, value in items:
        here = _join(path, key)
        found.append((raw, key, here))
        if isinstance(value, dict | list):
            found.extend(locations(value, here))
    return found


def unknown_names() -> st.SearchStrategy[str]:
    return st.text(max_size=30).filter(lambda t: t not in LIBRARY)


def _carried_copy(shipped: str) -> dict[str, Any]:
    """A materials entry copying a shipped material under an id of its own; an active brings
    the shipped open-circuit table as its own (so a mutation may break the table)."""
    entry = {**material_to_dict(LIBRARY[shipped]), "id": f"{shipped}-ours"}
    curve = LIBRARY.open_circuit_curve(shipped)
    if LIBRARY[shipped].is_active and curve is not None:
        entry["ocv"] = curve_to_dict(curve)
    return entry


def carrying(raw: dict[str, Any]) -> dict[str, Any]:
    """The file with its first separator layer and its cathode's first component made of
    materials the file carries (format 4): copies of the shipped ones under ids of their own."""
    entries = []
    for holder in (raw["separator"][0], raw["cathode"]["components"][0]):
        entry = _carried_copy(holder["material"])
        holder["material"] = entry["id"]
        if entry["id"] not in {e["id"] for e in entries}:
            entries.append(entry)
    return {**raw, "materials": entries}


@st.composite
def json_mutations(draw: st.DrawFn) -> FileCase:
    """A valid file changed in one place: a value of a wrong type or range, a field left out or
    added, a material this library does not have, a future format version; half of them carry
    a material, so its entry is broken too."""
    raw = design_to_dict(draw(designs()), shipped_library())
    if draw(st.booleans()):
        raw = carrying(raw)
    kind = draw(
        st.sampled_from(
            ("wrong_value", "missing", "extra_field", "unknown_material", "future_version")
        )
    )
    if kind == "future_version":
        raw["version"] = draw(st.integers(VERSION + 1, 10**9))
        return FileCase(kind, _dump(raw), "version")
    if kind == "unknown_material":
        places = [(c, k, p) for c, k, p in locations(raw) if k == "material"]
        if places:
            container, key, path = draw(st.sampled_from(places))
            container[key] = draw(unknown_names())
            return FileCase(kind, _dump(raw), path)
        kind = "wrong_value"
    if kind == "extra_field":
        path, target = draw(st.sampled_from(objects_in(raw)))
        name = "x_" + draw(st.text(max_size=20))
        target[name] = draw(bad_values())
        return FileCase(kind, _dump(raw), _join(path, name))
    return FileCase(kind, *spoil_field(draw, raw, kind))


def objects_in(raw: dict) -> list[tuple[str, dict]]:
    """Every object of a file's dict with its path, the top one included."""
    return [("", raw)] + [(p, c[k]) for c, k, p in locations(raw) if isinstance(c[k], dict)]


def spoil_field(draw: st.DrawFn, raw: dict, kind: str) -> tuple[bytes, str]:
    """One field of raw drawn from all of them, deleted (kind "missing") or given a bad value;
    the file's bytes and the field's path, which a refusal must name."""
    container, key, path = draw(st.sampled_from(locations(raw)))
    if kind == "missing":
        del container[key]
    else:
        container[key] = draw(bad_values())
    return _dump(raw), path


_NUMBER = re.compile(r"(?<=: )-?\d[\d.eE+-]*")
ENCODINGS = ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252")


@st.composite
def byte_mutations(draw: st.DrawFn) -> FileCase:
    """A valid file broken as bytes: truncated, re-encoded, corrupted, a number token replaced
    by NaN or Infinity or one too long, a value replaced by a deep nesting; or no design at all."""
    design = draw(designs())
    design = dataclasses.replace(design, name=design.name + " µm é")  # non-ASCII text
    text = file_text(design)
    kind = draw(
        st.sampled_from(
            (
                "truncated",
                "encoding",
                "byte_order_mark",
                "corrupted",
                "number_token",
                "deep_nesting",
                "not_a_design",
            )
        )
    )
    data = break_bytes(draw, text, kind, [m.span() for m in _NUMBER.finditer(text)])
    if data is None:  # not a design at all
        data = draw(
            st.sampled_from([b"", b"[]", b"null", b'"design"', b"42", b"{}"])
            | st.binary(max_size=64)
        )
    return FileCase(kind, data)


def break_bytes(
    draw: st.DrawFn, text: str, kind: str, numbers: list[tuple[int, int]]
) -> bytes | None:
    """A valid file's text broken as bytes by kind: truncated, re-encoded, after a byte-order
    mark, corrupted, or one of its number tokens (spans in text) replaced by NaN, Infinity or one
    too long, or by a deep nesting. None for any other kind (the caller's file of another kind)."""
    data = text.encode("utf-8")
    if kind == "truncated":
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind == "encoding":
        return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind == "byte_order_mark":
        return b"\xef\xbb\xbf" + data
    if kind == "corrupted":
        edits = draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.binary(max_size=3))))
        buffer = bytearray(data)
        for at, replacement in edits:
            buffer[at : at + 1] = replacement
        return bytes(buffer)
    if kind in ("number_token", "deep_nesting"):
        start, end = draw(st.sampled_from(numbers))
        if kind == "number_token":
            token = draw(
                st.sampled_from(("NaN", "Infinity", "-Infinity", "1e999", "-1e999"))
                | st.integers(300, 10_000).map(lambda n: "9" * n)
            )
        else:
            n = draw(st.integers(1, 100_000))
            token = "[" * n + "]" * n
        return (text[:start] + token + text[end:]).encode("utf-8")
    return None


def valid_files() -> st.SearchStrategy[FileCase]:
    return designs().map(lambda d: FileCase("valid", file_text(d).encode("utf-8")))


def file_cases() -> st.SearchStrategy[FileCase]:
    return st.one_of(valid_files(), json_mutations(), byte_mutations())


def _head(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def open_case(case: FileCase, folder: Path) -> str:
    """Open a case's file as the app does; return "loaded" or "refused".

    Raises AssertionError if a promise is broken: a refusal must list problems, each a field
    path and a message, and one of them must name the part of the file that was broken (the
    material itself, for a material this library lacks: it is never replaced; for a carried
    material taken away, renamed or lacking a value the design needs, where the design names it),
    by its field path or, for a file
    too deeply nested to parse, by line and column; a loaded design must evaluate
    and save and load back equal. Any other exception is a crash.
    """
    path = folder / "case.json"
    path.write_bytes(case.data)
    try:
        read = read_design(path, shipped_library())  # with the materials the file carries
    except DesignFileError as error:
        problems = error.problems
        assert problems, "a refusal names its problems"
        assert all(isinstance(p.path, str) and p.message for p in problems)
        if case.path is not None:  # named by its field, or (too deep to parse) line and column
            heads = {_head(p.path) for p in problems}
            located = any(not p.path and ", column " in p.message for p in problems)
            # A carried material taken away, renamed or without a value the design needs of it:
            # refused where the design names it.
            carried = case.path.startswith("materials") and any(
                p.path.endswith(".material") for p in problems
            )
            assert _head(case.path) in heads or located or carried, (
                case.path,
                [str(p) for p in problems],
            )
        if case.kind == "unknown_material":
            assert any(p.path == case.path and "unknown material" in p.message for p in problems)
        if case.kind == "future_version":
            assert any("newer than this Lamina reads" in p.message for p in problems)
        return "refused"
    assert case.kind not in ("unknown_material", "future_version", "extra_field"), case.kind
    assert all(w.code and isinstance(w.path, str) for w in read.warnings)
    check_outputs(read.design, read.library)  # every view and command works on what was opened
    save_design(read.design, path, read.library)
    again, _ = load_design(path, shipped_library())
    assert again == read.design
    return "loaded"


# --- what every opened design must give: the outputs of every view and command, physical ------


def _explainable(results: Results) -> list[str]:
    layers = [layer.key for layer in results.layers]
    keys = ["areal_capacity", "cell_voltage"]
    keys += ["n_p_ratio"] if results.n_p_ratio is not None else []  # not of an anode-free cell
    keys += [f"{q}:{rung.key}" for q in ("wh_per_kg", "wh_per_l") for rung in results.ladder]
    keys += [f"porosity:{k}" for k in layers if k != "anode" or results.design.anode.components]
    keys += [f"ionic_asr:{k}" for k in layers if k.startswith("separator")]
    return [*keys, "ionic_asr:cathode", "electronic_asr:cathode"]


def _check_ladder(results: Results) -> None:
    """Energies, masses and volumes positive and finite; above the electrodes (level 3 on) each
    level adds mass to the same energy, so Wh/kg never rises up the ladder."""
    for rung in results.ladder:
        numbers = (rung.energy_Wh, rung.mass_g, rung.volume_cm3, rung.volume_discharged_cm3)
        assert all(math.isfinite(float(x)) for x in numbers), rung
        assert rung.energy_Wh >= 0, rung
        assert rung.mass_g > 0, rung
        assert min(rung.volume_cm3, rung.volume_discharged_cm3) > 0, rung
    upper = sorted((r for r in results.ladder if r.level >= 3), key=lambda r: r.level)
    for lower, higher in itertools.pairwise(upper):
        assert higher.wh_per_kg <= lower.wh_per_kg * (1 + 1e-9), (lower.key, higher.key)


def _check_curve(results: Results, direction: str) -> None:
    """A curve of finite voltages inside a sane window, charge that only grows, and a mean
    voltage only where charge was delivered (never an artefact of an empty curve)."""
    curve = curve_from_results(results, direction, points=65)
    voltage, charge = np.asarray(curve.voltage_V), np.asarray(curve.capacity_mAh_cm2)
    assert np.all(np.isfinite(voltage)), direction
    assert np.all(np.isfinite(charge)), direction
    assert np.all(np.diff(charge) >= -1e-12), direction
    assert float(curve.delivered_mAh_cm2) >= 0.0
    if float(curve.delivered_mAh_cm2) > 0.0:
        assert -1.0 < float(curve.average_voltage_V) < 10.0, float(curve.average_voltage_V)


def check_outputs(design: Design, library: Library) -> None:
    """Evaluate as every view does; the JSON of `evaluate --json` (strict JSON: no NaN), every
    explanation, and the discharge and charge curves where the actives have the data for one.
    Raises AssertionError for a number that makes no physical sense."""
    results = evaluate(design, library)
    json.dumps(results_to_dict(results), allow_nan=False)
    for key in _explainable(results):
        assert explain(results, key).text(), key
    _check_ladder(results)
    if not curve_problems(design, library):
        for direction in ("discharge", "charge"):
            _check_curve(results, direction)
