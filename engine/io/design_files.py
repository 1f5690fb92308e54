"""Design files: versioned JSON, read and written only here (docs/design-format.md).

load_design() reports every problem with its path in the file (``cathode.components[1].material``)
and never evaluates anything from the file; save_design() is atomic: a temporary file in the same
folder, flushed and fsynced, then renamed over the old one, so a failed save leaves it intact.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from engine.design import (
    DEFAULT_TRANSPORT,
    DISTRIBUTIONS,
    NO_INTERFACES,
    NO_OVERHANG,
    Anode,
    Cathode,
    Component,
    CurrentCollector,
    Design,
    Fixture,
    Interfaces,
    Num,
    Operating,
    Overhang,
    PelletFormat,
    PouchFormat,
    Price,
    SeparatorLayer,
    Tolerance,
    TransportModel,
    material_ids,
)
from engine.evaluate.cost import price_problems
from engine.evaluate.tolerances import tolerance_path
from engine.evaluate.validate import INTERFACE_FIELDS, OVERHANG_FIELDS, validate
from engine.io.atomic import write_text_atomically
from engine.materials import Library, LibraryError, material_to_dict, with_carried
from engine.problems import DesignError, DesignWarning, Problem
from engine.values import finite_number, read_json_file, unknown_fields, version_problem

FORMAT = "lamina-design"
VERSION = 12


class DesignFileError(DesignError):
    """A design file that cannot be opened: every problem, each with its path in the file."""


def _shown(value: Any) -> str:
    """A value from the file as a message shows it: long text, long numbers and deep nesting
    abbreviated (a message never grows with the file)."""
    return reprlib.repr(value)


class _Reader:
    """Walks the raw JSON, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(self, raw: Any, path: str, allowed: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.fail(path, f"must be an object, got {type(raw).__name__}")
            return None
        unknown_fields(raw, allowed, path, self.problems)
        return raw

    def number(
        self, raw: dict, path: str, key: str, *, required: bool = True, default: Num | None = None
    ) -> Num | None:
        if key not in raw or raw[key] is None:
            if required and default is None:
                self.fail(_join(path, key), "is required")
            return default
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(_join(path, key), f"must be a number, got {_shown(value)}")
            return default
        number = finite_number(value)  # None beyond the float range, or not finite
        if number is None:
            self.fail(_join(path, key), f"must be finite, got {_shown(value)}")
            return default
        return number

    def text(self, raw: dict, path: str, key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str):
            self.fail(
                _join(path, key),
                "is required, as text" if value is None else f"must be text, got {_shown(value)}",
            )
            return ""
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # an unpaired surrogate escape (\ud800): not text, not savable
            self.fail(_join(path, key), f"must be text, got {_shown(value)}")
            return ""
        return value

    def choice(
        self, raw: dict, path: str, key: str, options: tuple[str, ...], default: str | None = None
    ) -> str:
        value = raw.get(key, default)
        if value not in options:
            self.fail(_join(path, key), f"{_shown(value)} is not one of {', '.join(options)}")
            return options[0]
        return value

    def flag(self, raw: dict, path: str, key: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.fail(_join(path, key), f"must be true or false, got {_shown(value)}")
            return default
        return value

    def items(self, raw: dict, path: str, key: str) -> list[Any]:
        value = raw.get(key)
        if not isinstance(value, list):
            self.fail(_join(path, key), "must be a list")
            return []
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _component(r: _Reader, raw: Any, path: str) -> Component:
    fields = ("material", "mass_fraction", "capacity_mAh_g", "density_g_cm3", "particle_radius_um")
    d = r.obj(raw, path, fields) or {}
    return Component(
        material=r.text(d, path, "material"),
        mass_fraction=r.number(d, path, "mass_fraction") or 0.0,
        capacity_mAh_g=r.number(d, path, "capacity_mAh_g", required=False),
        density_g_cm3=r.number(d, path, "density_g_cm3", required=False),
        particle_radius_um=r.number(d, path, "particle_radius_um", required=False),
    )


def _components(r: _Reader, d: dict, path: str) -> tuple[Component, ...]:
    return tuple(
        _component(r, item, f"{path}.components[{i}]")
        for i, item in enumerate(r.items(d, path, "components"))
    )


def _collector(r: _Reader, raw: Any, path: str) -> CurrentCollector | None:
    if raw is None:
        return None
    d = r.obj(raw, path, ("material", "thickness_um")) or {}
    return CurrentCollector(r.text(d, path, "material"), r.number(d, path, "thickness_um") or 0.0)


def _porosity(r: _Reader, d: dict, path: str) -> tuple[Num | None, Num | None]:
    """(porosity, pressing_pressure_MPa): a porosity left out is 0, unless the layer gives its
    pressing pressure, which then derives it (both given is refused by validate())."""
    pressure = r.number(d, path, "pressing_pressure_MPa", required=False)
    porosity = r.number(d, path, "porosity", required=False)
    if porosity is None and pressure is None:
        porosity = 0.0
    return porosity, pressure


def _cathode(r: _Reader, raw: Any) -> Cathode:
    path = "cathode"
    fields = (
        "components",
        "porosity",
        "active_loading_mg_cm2",
        "loading_mg_cm2",
        "thickness_um",
        "mean_voltage_V",
        "pressing_pressure_MPa",
        "first_cycle_efficiency",
        "coating_material",
        "coating_thickness_nm",
    )
    d = r.obj(raw, path, fields) or {}
    porosity, pressure = _porosity(r, d, path)
    coating = None if d.get("coating_material") is None else r.text(d, path, "coating_material")
    return Cathode(
        components=_components(r, d, path),
        porosity=porosity,
        active_loading_mg_cm2=r.number(d, path, "active_loading_mg_cm2", required=False),
        loading_mg_cm2=r.number(d, path, "loading_mg_cm2", required=False),
        thickness_um=r.number(d, path, "thickness_um", required=False),
        mean_voltage_V=r.number(d, path, "mean_voltage_V", required=False),
        pressing_pressure_MPa=pressure,
        first_cycle_efficiency=r.number(d, path, "first_cycle_efficiency", required=False),
        coating_material=coating,
        coating_thickness_nm=r.number(d, path, "coating_thickness_nm", required=False),
    )


def _separator(r: _Reader, raw: dict) -> tuple[SeparatorLayer, ...]:
    layers = []
    fields = ("material", "thickness_um", "porosity", "pressing_pressure_MPa", "loading_mg_cm2")
    for i, item in enumerate(r.items(raw, "", "separator")):
        path = f"separator[{i}]"
        d = r.obj(item, path, fields) or {}
        porosity, pressure = _porosity(r, d, path)
        loading = r.number(d, path, "loading_mg_cm2", required=False)
        layers.append(
            SeparatorLayer(
                material=r.text(d, path, "material"),
                thickness_um=r.number(d, path, "thickness_um", required=loading is None),
                porosity=porosity,
                pressing_pressure_MPa=pressure,
                loading_mg_cm2=loading,
            )
        )
    return tuple(layers)


def _anode(r: _Reader, raw: Any) -> Anode:
    path = "anode"
    fields = (
        "kind",
        "components",
        "porosity",
        "thickness_um",
        "loading_mg_cm2",
        "n_p_ratio",
        "mean_voltage_V",
        "pressing_pressure_MPa",
        "coulombic_efficiency",
        "prelithiation_mAh_cm2",
    )
    d = r.obj(raw, path, fields) or {}
    kind = r.choice(d, path, "kind", ("li_metal", "alloy_foil", "composite", "anode_free"))
    porosity, pressure = _porosity(r, d, path)
    return Anode(
        kind=kind,  # type: ignore[arg-type]
        components=_components(r, d, path) if "components" in d else (),
        porosity=porosity,
        thickness_um=r.number(d, path, "thickness_um", required=False),
        loading_mg_cm2=r.number(d, path, "loading_mg_cm2", required=False),
        n_p_ratio=r.number(d, path, "n_p_ratio", required=False),
        mean_voltage_V=r.number(d, path, "mean_voltage_V", required=False),
        pressing_pressure_MPa=pressure,
        coulombic_efficiency=r.number(d, path, "coulombic_efficiency", required=False),
        prelithiation_mAh_cm2=r.number(d, path, "prelithiation_mAh_cm2", required=False),
    )


_POUCH_NUMBERS = (
    "width_mm",
    "height_mm",
    "tab_mass_g",
    "foil_thickness_um",
    "foil_density_g_cm3",
    "seal_width_mm",
    "headspace_mm",
)


def _cell_format(r: _Reader, raw: Any) -> PelletFormat | PouchFormat:
    path = "cell_format"
    if not isinstance(raw, dict):
        r.fail(path, "must be an object with kind 'pellet' or 'pouch'")
        return PelletFormat(10.0)
    kind = r.choice(raw, path, "kind", ("pellet", "pouch"))
    if kind == "pellet":
        d = r.obj(raw, path, ("kind", "diameter_mm")) or {}
        return PelletFormat(r.number(d, path, "diameter_mm") or 0.0)
    d = r.obj(raw, path, ("kind", "unit_cells", "double_sided", *_POUCH_NUMBERS)) or {}
    defaults = PouchFormat(width_mm=0.0, height_mm=0.0)
    numbers = {
        name: r.number(
            d,
            path,
            name,
            default=getattr(defaults, name) if name not in ("width_mm", "height_mm") else None,
        )
        or 0.0
        for name in _POUCH_NUMBERS
    }
    unit_cells = d.get("unit_cells", 1)
    if isinstance(unit_cells, bool) or not isinstance(unit_cells, int):
        r.fail(f"{path}.unit_cells", f"must be a whole number, got {_shown(unit_cells)}")
        unit_cells = 1
    double_sided = r.flag(d, path, "double_sided", False)
    return PouchFormat(unit_cells=unit_cells, double_sided=double_sided, **numbers)


def _operating(r: _Reader, raw: Any) -> Operating:
    if raw is None:
        return Operating()
    fields = (
        "stack_pressure_MPa",
        "temperature_C",
        "c_rate",
        "c_rate_basis",
        "discharge_cutoff_V",
        "charge_cutoff_V",
        "cycles",
    )
    d = r.obj(raw, "operating", fields) or {}
    defaults = Operating()
    return Operating(
        stack_pressure_MPa=r.number(
            d, "operating", "stack_pressure_MPa", default=defaults.stack_pressure_MPa
        )
        or 0.0,
        temperature_C=r.number(d, "operating", "temperature_C", default=defaults.temperature_C)
        or 0.0,
        c_rate=r.number(d, "operating", "c_rate", default=defaults.c_rate) or 0.0,
        c_rate_basis=r.choice(  # type: ignore[arg-type]
            d, "operating", "c_rate_basis", ("theoretical", "practical"), defaults.c_rate_basis
        ),
        discharge_cutoff_V=r.number(d, "operating", "discharge_cutoff_V", required=False),
        charge_cutoff_V=r.number(d, "operating", "charge_cutoff_V", required=False),
        cycles=r.number(d, "operating", "cycles", default=defaults.cycles) or 0.0,
    )


FIXTURE_FIELDS = ("mass_g", "volume_cm3", "material", "safety_factor", "cells")


def _fixture(r: _Reader, raw: Any) -> Fixture | None:
    """Weighed (mass_g and volume_cm3) or sized from the stack pressure (material)."""
    if raw is None:
        return None
    d = r.obj(raw, "fixture", FIXTURE_FIELDS) or {}
    cells = d.get("cells", 1)
    if isinstance(cells, bool) or not isinstance(cells, int):
        r.fail("fixture.cells", f"must be a whole number, got {_shown(cells)}")
        cells = 1
    if d.get("material") is None:
        return Fixture(
            r.number(d, "fixture", "mass_g") or 0.0,
            r.number(d, "fixture", "volume_cm3") or 0.0,
            safety_factor=r.number(d, "fixture", "safety_factor", required=False),
            cells=cells,
        )
    return Fixture(
        mass_g=r.number(d, "fixture", "mass_g", required=False),
        volume_cm3=r.number(d, "fixture", "volume_cm3", required=False),
        material=r.text(d, "fixture", "material"),
        safety_factor=r.number(d, "fixture", "safety_factor", required=False),
        cells=cells,
    )


def _transport(r: _Reader, raw: Any) -> TransportModel:
    if raw is None:
        return DEFAULT_TRANSPORT
    d = r.obj(raw, "transport", ("bruggeman_exponent", "percolation_threshold")) or {}
    model = TransportModel(
        bruggeman_exponent=_given(
            r.number(
                d, "transport", "bruggeman_exponent", default=DEFAULT_TRANSPORT.bruggeman_exponent
            )
        ),
        percolation_threshold=_given(
            r.number(
                d,
                "transport",
                "percolation_threshold",
                default=DEFAULT_TRANSPORT.percolation_threshold,
            )
        ),
    )
    return DEFAULT_TRANSPORT if model == DEFAULT_TRANSPORT else model


Zeros = TypeVar("Zeros", Interfaces, Overhang)


def _zeros_unless_given(
    r: _Reader, raw: Any, key: str, names: tuple[str, ...], none: Zeros
) -> Zeros:
    """An optional object of numbers that are 0 when left out (interfaces, overhang): the
    shared none when the file gives none, or only zeros."""
    if raw is None:
        return none
    d = r.obj(raw, key, names) or {}
    given = type(none)(*(_given(r.number(d, key, name, default=0.0)) for name in names))
    return none if given == none else given


TOP_LEVEL = (
    "format",
    "version",
    "name",
    "author",
    "notes",
    "cathode_collector",
    "cathode",
    "separator",
    "anode",
    "anode_collector",
    "cell_format",
    "operating",
    "fixture",
    "n_p_basis",
    "capacity_basis",
    "transport",
    "energy_basis",
    "materials",
    "electrode_volume_change",
    "tolerances",
    "interfaces",
    "overhang",
    "liquid_electrolyte",
    "prices",
)
TOLERANCE_FIELDS = ("relative", "absolute", "distribution")


def _tolerances(r: _Reader, raw: Any) -> tuple[Tolerance, ...]:
    """The file's tolerances: an object from each field's path to {"relative": fraction} or
    {"absolute": amount in the field's unit}, with an optional "distribution"."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        r.fail("tolerances", f"must be an object from field paths to tolerances, got {_shown(raw)}")
        return ()
    found = []
    for field, entry in raw.items():
        path = tolerance_path(field)
        d = r.obj(entry, path, TOLERANCE_FIELDS)
        if d is None:
            continue
        given = [key for key in ("relative", "absolute") if key in d]
        if len(given) != 1:
            r.fail(path, "give exactly one of relative (a fraction of the value) or absolute")
            continue
        amount = r.number(d, path, given[0])
        distribution = r.choice(d, path, "distribution", DISTRIBUTIONS, "normal")
        if amount is not None:
            found.append(Tolerance(field, float(amount), given[0] == "relative", distribution))  # type: ignore[arg-type]
    return tuple(found)


PRICE_FIELDS = ("material", "usd_per_kg", "source", "year")


def _prices(r: _Reader, raw: dict) -> tuple[Price, ...]:
    """The file's prices: a list of {material, usd_per_kg, source, year}."""
    if raw.get("prices") is None:
        return ()
    found = []
    for i, item in enumerate(r.items(raw, "", "prices")):
        path = f"prices[{i}]"
        d = r.obj(item, path, PRICE_FIELDS) or {}
        year = d.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            r.fail(f"{path}.year", f"must be a whole number (a year), got {_shown(year)}")
            year = None
        found.append(
            Price(
                material=r.text(d, path, "material"),
                usd_per_kg=r.number(d, path, "usd_per_kg") or 0.0,
                source=r.text(d, path, "source", default=""),
                year=year,
            )
        )
    return tuple(found)


def migrate_v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only adds optional fields (pressing pressures, separator loadings, a fixture
    sized from a material, the transport model); every version-1 file reads the same, with the
    default transport model (Bruggeman, exponent 1.5, no percolation threshold)."""
    return {**raw, "version": 2}


def migrate_v2_to_v3(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 3 only adds optional fields (the C-rate and cut-off voltages of the voltage curve,
    a component's particle radius, the ladder's energy_basis); every version-2 file reads the
    same: C/10 on the theoretical capacity, the actives' own cut-offs, the nominal energy."""
    return {**raw, "version": 3}


def migrate_v3_to_v4(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 4 only adds the optional `materials` a design carries (the materials of the
    user's it names, so it opens on any machine); a version-3 file carries none."""
    return {**raw, "version": 4}


def migrate_v4_to_v5(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 5 only adds optional fields: `electrode_volume_change` (false: every electrode
    keeps its as-built thickness through the cycle), the cathode's `first_cycle_efficiency`, the
    anode's `coulombic_efficiency` and the `operating.cycles` the Li inventory is counted over; a
    version-4 file counts the volume change, takes the library's efficiencies and 100 cycles."""
    return {**raw, "version": 5}


def migrate_v5_to_v6(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 6 only adds optional fields: `tolerances` (how sure each input is) and
    `fixture.cells`; a version-5 file gives no tolerances (only the library values' stated ones
    are drawn) and its fixture holds one cell."""
    return {**raw, "version": 6}


def migrate_v6_to_v7(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 7 only adds the optional `interfaces` (the interphase resistances between the
    layers); a version-6 file counts none."""
    return {**raw, "version": 7}


def migrate_v7_to_v8(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 8 only adds the optional `overhang` (how far the anode and the separator reach
    past the cathode); in a version-7 file every layer has the cathode's size."""
    return {**raw, "version": 8}


def migrate_v8_to_v9(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 9 only adds the optional `anode.prelithiation_mAh_cm2`; a version-8 anode has
    none."""
    return {**raw, "version": 9}


def migrate_v9_to_v10(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 10 only adds the optional `liquid_electrolyte` (the liquid in a Li-ion cell's
    pores); a version-9 design's pores are empty."""
    return {**raw, "version": 10}


def migrate_v10_to_v11(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 11 only adds the optional `cathode.coating_material` and
    `cathode.coating_thickness_nm`; a version-10 cathode's actives are uncoated."""
    return {**raw, "version": 11}


def migrate_v11_to_v12(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 12 only adds the optional `prices` (what the materials cost); a version-11
    design has no cost."""
    return {**raw, "version": 12}


# Migrations from older format versions: MIGRATIONS[n] turns a version-n dict into version n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: migrate_v1_to_v2,
    2: migrate_v2_to_v3,
    3: migrate_v3_to_v4,
    4: migrate_v4_to_v5,
    5: migrate_v5_to_v6,
    6: migrate_v6_to_v7,
    7: migrate_v7_to_v8,
    8: migrate_v8_to_v9,
    9: migrate_v9_to_v10,
    10: migrate_v10_to_v11,
    11: migrate_v11_to_v12,
}


def _given(value: Num | None) -> Num:
    assert value is not None  # _Reader.number gives the default for a field left out
    return value


@dataclass(frozen=True)
class DesignFile:
    """A design as read from a file, with the library it was checked against: the one given,
    plus the materials the file carries."""

    design: Design
    warnings: list[DesignWarning]
    library: Library


def design_from_dict(raw: Any, library: Library) -> tuple[Design, list[DesignWarning]]:
    """Build and validate a design from parsed JSON; raise DesignFileError with every problem."""
    read = read_design_dict(raw, library)
    return read.design, read.warnings


KEYS_COMPARED = 100  # a file's first keys searched for a misspelt format or version


def _refuse_misspelt_header(raw: dict) -> None:
    """A missing format or version whose key is there misspelt is named with the key meant."""
    for key in ("format", "version"):
        if key in raw:
            continue
        near = difflib.get_close_matches(key, [str(k) for k in list(raw)[:KEYS_COMPARED]], n=1)
        if near:
            raise DesignFileError([Problem(key, f"missing; is {near[0]!r} meant to be it?")])


def read_design_dict(raw: Any, library: Library) -> DesignFile:
    """As design_from_dict, with the library extended by the materials the file carries."""
    if not isinstance(raw, dict):
        raise DesignFileError([Problem("", "a design file holds one JSON object")])
    _refuse_misspelt_header(raw)
    if raw.get("format") != FORMAT:
        raise DesignFileError([Problem("format", f"must be {FORMAT!r}: this is not a design file")])
    refused = version_problem(raw.get("version"), VERSION, "version")
    if refused is not None:
        raise DesignFileError([refused])
    version: int = raw["version"]  # a whole number from 1 to VERSION
    while version < VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    r = _Reader()
    d = r.obj(raw, "", TOP_LEVEL) or {}
    design = Design(
        name=r.text(d, "", "name"),
        author=r.text(d, "", "author", default=""),
        notes=r.text(d, "", "notes", default=""),
        cathode_collector=_collector(r, d.get("cathode_collector"), "cathode_collector"),
        cathode=_cathode(r, d.get("cathode")),
        separator=_separator(r, d),
        anode=_anode(r, d.get("anode")),
        anode_collector=_collector(r, d.get("anode_collector"), "anode_collector"),
        cell_format=_cell_format(r, d.get("cell_format")),
        operating=_operating(r, d.get("operating")),
        fixture=_fixture(r, d.get("fixture")),
        n_p_basis=r.choice(d, "", "n_p_basis", ("practical", "theoretical"), "practical"),  # type: ignore[arg-type]
        capacity_basis=r.choice(d, "", "capacity_basis", ("practical", "theoretical"), "practical"),  # type: ignore[arg-type]
        transport=_transport(r, d.get("transport")),
        energy_basis=r.choice(d, "", "energy_basis", ("nominal", "curve"), "nominal"),  # type: ignore[arg-type]
        electrode_volume_change=r.flag(d, "", "electrode_volume_change", True),
        tolerances=_tolerances(r, d.get("tolerances")),
        interfaces=_zeros_unless_given(
            r, d.get("interfaces"), "interfaces", INTERFACE_FIELDS, NO_INTERFACES
        ),
        overhang=_zeros_unless_given(
            r, d.get("overhang"), "overhang", OVERHANG_FIELDS, NO_OVERHANG
        ),
        liquid_electrolyte=(
            None if d.get("liquid_electrolyte") is None else r.text(d, "", "liquid_electrolyte")
        ),
        prices=_prices(r, d),
    )
    if "materials" in d:
        try:
            library = with_carried(library, d["materials"], "this design file")
        except LibraryError as error:
            r.problems.extend(error.problems)
    if r.problems:
        raise DesignFileError(r.problems)
    try:
        warnings = validate(design, library)
    except DesignError as error:
        raise DesignFileError(list(error.problems)) from None
    return DesignFile(design, warnings, library)


def load_design(path: Path, library: Library) -> tuple[Design, list[DesignWarning]]:
    """Read a design file; raise DesignFileError naming every problem with its path. A file that
    carries materials (version 4) needs read_design's library to be evaluated."""
    read = read_design(path, library)
    return read.design, read.warnings


def read_prices(path: Path) -> tuple[Price, ...]:
    """The prices a design file gives (a lab's price list kept as a design), read and checked
    without the rest of the design: its materials need not be in this library. DesignFileError
    names every problem."""
    raw = _json_of(path)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise DesignFileError([Problem("format", f"must be {FORMAT!r}: this is not a design file")])
    refused = version_problem(raw.get("version"), VERSION, "version")
    if refused is not None:
        raise DesignFileError([refused])
    r = _Reader()
    prices = _prices(r, raw)
    problems = r.problems + price_problems(prices)
    if problems:
        raise DesignFileError(problems)
    return prices


def read_design(path: Path, library: Library) -> DesignFile:
    """As load_design, with the library extended by the materials the file carries."""
    return read_design_dict(_json_of(path), library)


def _json_of(path: Path) -> Any:
    """The JSON a design file holds; DesignFileError if it cannot be read or is no JSON."""
    try:
        return read_json_file(Path(path))
    except FileNotFoundError:
        raise DesignFileError([Problem("", f"no such file: {path}")]) from None
    except (OSError, ValueError) as error:
        raise DesignFileError([Problem("", str(error))]) from None


def _plain(value: Any, path: str) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        if isinstance(value, PelletFormat | PouchFormat):
            out["kind"] = "pellet" if isinstance(value, PelletFormat) else "pouch"
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            # Optional settings left unset are left out, as a person writing the file would.
            if path and (item is None or item == ()):
                continue
            out[f.name] = _plain(item, _join(path, f.name))
        return out
    if isinstance(value, tuple | list):
        return [_plain(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, np.ndarray | np.generic):
        if np.ndim(value) != 0:
            raise DesignError(
                [Problem(path, "a design with array values (a sweep) cannot be saved")]
            )
        return value.item()
    return value


def design_to_dict(design: Design, library: Library) -> dict[str, Any]:
    """The design as the JSON object of the current format version, carrying the materials of
    the library's it names that are not shipped, so it opens on any machine."""
    body = _plain(dataclasses.replace(design, tolerances=()), "")
    del body["tolerances"]  # written below, as an object by field
    if body.get("fixture") and body["fixture"].get("cells") == 1:
        del body["fixture"]["cells"]  # one cell, as a file before version 6 means
    if design.interfaces == NO_INTERFACES:
        del body["interfaces"]  # none counted, as a file before version 7 means
    if design.overhang == NO_OVERHANG:
        del body["overhang"]  # every layer the cathode's size, as a file before version 8 means
    if design.liquid_electrolyte is None:
        del body["liquid_electrolyte"]  # empty pores, as a file before version 10 means
    if not design.prices:
        del body["prices"]  # no cost, as a file before version 12 means
    out = {"format": FORMAT, "version": VERSION, **body}
    if design.tolerances:
        out["tolerances"] = {t.field: _tolerance_dict(t) for t in design.tolerances}
    own = [m for m in material_ids(design) if m in library and not library.is_shipped(m)]
    if own:
        out["materials"] = [material_to_dict(library[m]) for m in own]
    return out


def _tolerance_dict(tolerance: Tolerance) -> dict[str, Any]:
    out: dict[str, Any] = {"relative" if tolerance.relative else "absolute": tolerance.amount}
    if tolerance.distribution != "normal":
        out["distribution"] = tolerance.distribution
    return out


def save_design(design: Design, path: Path, library: Library) -> None:
    """Write atomically (engine/io/atomic.py): the file on disk is always the old or the new
    complete design (with the materials of the library's it needs that are not shipped). A
    material the library does not hold would be lost: the save is refused."""
    path = Path(path)
    lost = [m for m in material_ids(design) if m not in library]
    if lost:
        raise DesignError(
            [Problem("materials", f"save with the library holding {', '.join(lost)}")]
        )
    text = json.dumps(design_to_dict(design, library), indent=2, ensure_ascii=False) + "\n"
    write_text_atomically(path, text)
