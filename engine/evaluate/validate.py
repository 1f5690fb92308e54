"""Check a design against allowed ranges and the library before it is evaluated.

validate() raises DesignError listing every invalid value (field path, value, allowed range) and
returns the warnings for values that are possible but implausible. Arrays are checked element-wise.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from engine.design import (
    ANODE_KINDS,
    CAPACITY_BASES,
    DEFAULT_TRANSPORT,
    ENERGY_BASES,
    NO_INTERFACES,
    NO_OVERHANG,
    Anode,
    Cathode,
    Component,
    CurrentCollector,
    Design,
    Fixture,
    Num,
    Operating,
    Overhang,
    PelletFormat,
    PouchFormat,
    SeparatorLayer,
    TransportModel,
)
from engine.evaluate.arrays import any_of
from engine.evaluate.cost import price_problems
from engine.evaluate.curve import curve_problems
from engine.evaluate.memo import per_part
from engine.evaluate.parts import densest_as_made_of
from engine.evaluate.tolerances import tolerance_problems
from engine.materials import Library
from engine.problems import DesignError, DesignWarning, Problem
from engine.values import SMALLEST_POSITIVE, range_text

FRACTION_TOLERANCE = 1e-6
P = TypeVar("P")  # a part of a design, checked on its own

# Allowed ranges: (low, high, low_inclusive, high_inclusive). Units are in the field names.
THICKNESS_UM = (0.0, 10_000.0, True, True)
POSITIVE_THICKNESS_UM = (0.0, 10_000.0, False, True)
POROSITY = (0.0, 0.95, True, True)
FRACTION = (0.0, 1.0, True, True)
LOADING_MG_CM2 = (0.0, 1000.0, False, True)
N_P_RATIO = (0.0, 100.0, False, True)
VOLTAGE_V = (0.0, 6.0, True, True)
CAPACITY_MAH_G = (0.0, 5000.0, True, True)
DENSITY_G_CM3 = (0.0, 25.0, False, True)
LENGTH_MM = (0.0, 2000.0, False, True)
EDGE_MM = (0.0, 200.0, True, True)
MASS_G = (0.0, 100_000.0, True, True)
VOLUME_CM3 = (0.0, 1_000_000.0, True, True)
PRESSURE_MPA = (0.0, 2000.0, True, True)
BRUGGEMAN_EXPONENT = (1.0, 10.0, True, True)
PERCOLATION_THRESHOLD = (0.0, 0.9, True, True)
SAFETY_FACTOR = (1.0, 20.0, True, True)
TEMPERATURE_C = (-80.0, 300.0, True, True)
C_RATE_PER_H = (0.0, 100.0, False, True)
CELL_VOLTAGE_V = (-1.0, 6.0, True, True)
PARTICLE_RADIUS_UM = (0.0, 1000.0, False, True)
UNIT_CELLS = (1, 1000)
FIXTURE_CELLS = (1, 10_000)  # cells one fixture holds: a module of a few hundred at most
COULOMBIC_EFFICIENCY = (0.0, 1.0, False, True)
# Li added to an anode before assembly, mAh/cm2: up to what the thickest electrodes hold.
PRELITHIATION_MAH_CM2 = (0.0, 1000.0, True, True)
COATING_NM = (0.0, 1000.0, False, True)
CYCLES = (1.0, 100_000.0, True, True)
# An interphase's area-specific resistance, ohm cm2: from none to a blocking interface (Yang et
# al. 2022, J. Energy Chem., section 2.2.2, Fig. 4C: 14.4 kOhm cm2 between a V2O5 cathode and a
# garnet electrolyte as pressed).
INTERFACE_ASR_OHM_CM2 = (0.0, 1.0e6, True, True)
INTERFACE_FIELDS = (
    "cathode_electrolyte_ohm_cm2",
    "electrolyte_electrolyte_ohm_cm2",
    "electrolyte_anode_ohm_cm2",
)
# How far the anode reaches past the cathode's edge, mm (negative: short of it), and the
# separator past the larger electrode: up to a pouch's seal width and more.
ANODE_OVERHANG_MM = (-200.0, 200.0, True, True)
SEPARATOR_OVERHANG_MM = EDGE_MM
OVERHANG_FIELDS = ("anode_mm", "separator_mm")

# Warnings: implausible but possible.
SEPARATOR_WARN_UM = 1000.0
POROSITY_WARN = 0.5


def _describe(value: object) -> str:
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return f"{float(array):g}"
    numbers = array[~np.isnan(array)]
    if numbers.size == 0:
        return "nan"
    low, high = numbers.min(), numbers.max()
    shown = f"{low:g}" if low == high else f"array from {low:g} to {high:g}"
    return shown if numbers.size == array.size else f"{shown}, and nan"


def _other(end: str) -> str:
    return "lithiated" if end == "delithiated" else "delithiated"


class _Checker:
    def __init__(self, library: Library) -> None:
        self.library = library
        self.problems: list[Problem] = []
        self.warnings: list[DesignWarning] = []

    def number(self, path: str, value: object, bounds: tuple[float, float, bool, bool]) -> None:
        if type(value) is float or type(value) is int:  # the common scalar case, kept fast
            low, high, low_in, high_in = bounds
            v = float(value)
            inside = (low <= v if low_in else low < v) and (v <= high if high_in else v < high)
            if not (inside and math.isfinite(v)):
                self.problems.append(
                    Problem(path, f"{v:g} is outside the allowed range {range_text(bounds)}")
                )
            elif low == 0.0 and not low_in and v < SMALLEST_POSITIVE:
                self.problems.append(
                    Problem(path, f"{v:g} is too small: give at least {SMALLEST_POSITIVE:g}")
                )
            return
        if isinstance(value, bool) or not isinstance(value, int | float | np.ndarray | np.number):
            self.problems.append(Problem(path, f"must be a number, got {value!r}"))
            return
        array = np.asarray(value, dtype=float)
        low, high, low_in, high_in = bounds
        bad = ~np.isfinite(array)
        bad |= (array < low) if low_in else (array <= low)
        if low == 0.0 and not low_in:
            bad |= array < SMALLEST_POSITIVE
        bad |= (array > high) if high_in else (array >= high)
        if np.any(bad):
            shown = _describe(array[bad] if array.ndim else array)
            self.problems.append(
                Problem(path, f"{shown} is outside the allowed range {range_text(bounds)}")
            )

    def optional(self, path: str, value: object, bounds: tuple[float, float, bool, bool]) -> None:
        if value is not None:
            self.number(path, value, bounds)

    def material(self, path: str, material_id: str, categories: tuple[str, ...]) -> bool:
        if material_id not in self.library:
            self.problems.append(Problem(path, self.library.unknown_message(material_id)))
            return False
        category = self.library[material_id].category
        if category not in categories:
            allowed = " or ".join(categories)
            self.problems.append(
                Problem(path, f"{material_id!r} is a {category} material; {allowed} expected")
            )
            return False
        return True

    def warn(self, code: str, path: str, message: str) -> None:
        self.warnings.append(DesignWarning(code, path, message))

    def warn_if_above(self, code: str, path: str, value: object, limit: float, what: str) -> None:
        if type(value) is float or type(value) is int:
            if value > limit:
                self.warn(code, path, f"{what} of {value:g} is above {limit:g}")
            return
        if np.any(np.asarray(value, dtype=float) > limit):
            self.warn(code, path, f"{what} of {_describe(value)} is above {limit:g}")

    def components(
        self,
        path: str,
        components: tuple[Component, ...],
        categories: tuple[str, ...],
        holds_li: bool = False,
    ) -> None:
        """A composite's components; holds_li: an electrode whose actives must hold Li."""
        if not components:
            self.problems.append(Problem(path, "needs at least one component"))
            return
        before = len(self.problems)
        total: Num = 0.0
        for i, component in enumerate(components):
            here = f"{path}[{i}]"
            known = self.material(f"{here}.material", component.material, categories)
            self.share(f"{here}.mass_fraction", component.mass_fraction)
            self.optional(f"{here}.capacity_mAh_g", component.capacity_mAh_g, CAPACITY_MAH_G)
            at = len(self.problems)
            self.optional(f"{here}.density_g_cm3", component.density_g_cm3, DENSITY_G_CM3)
            if known and len(self.problems) == at:
                self.end_forms(here, component)
            self.optional(
                f"{here}.particle_radius_um", component.particle_radius_um, PARTICLE_RADIUS_UM
            )
            total = total + component.mass_fraction
        if type(total) is float:
            bad = math.isfinite(total) and abs(total - 1.0) > FRACTION_TOLERANCE
        else:
            deviation = np.abs(np.asarray(total, dtype=float) - 1.0)
            bad = bool(np.all(np.isfinite(deviation)) and np.any(deviation > FRACTION_TOLERANCE))
        if bad:
            self.problems.append(
                Problem(f"{path}", f"mass fractions sum to {_describe(total)}; they must sum to 1")
            )
        elif holds_li and len(self.problems) == before:
            self.holds_li(path, components)

    def end_forms(self, path: str, component: Component) -> None:
        """An active's as-made density must leave both its end forms a volume: a density far
        above what the library's density of one end form allows would give the other a negative
        volume (end_volumes_cm3_g)."""
        material = self.library[component.material]
        if not material.is_active:
            return
        densest, end = densest_as_made_of(material)
        given = component.density_g_cm3
        density = material.value("density_g_cm3") if given is None else given
        if np.all(np.asarray(density, dtype=float) < densest):
            return
        where = f"{path}.material" if given is None else f"{path}.density_g_cm3"
        self.problems.append(
            Problem(
                where,
                f"{_describe(density)} g/cm3 as made is outside the allowed range (0, "
                f"{densest:.4g}): with {component.material}'s density_{end}_g_cm3 of "
                f"{material.value(f'density_{end}_g_cm3'):g}, its {_other(end)} form would "
                "take no volume",
            )
        )

    def share(self, path: str, fraction: object) -> None:
        """A mass fraction: in [0, 1], and 0 or at least SMALLEST_POSITIVE (a share of 1e-305
        is no component; it underflows to nonsense in the voltage curve)."""
        self.number(path, fraction, FRACTION)
        if type(fraction) is float:
            tiny = 0.0 < fraction < SMALLEST_POSITIVE
        elif isinstance(fraction, np.ndarray | np.number):
            array = np.asarray(fraction, dtype=float)
            tiny = bool(np.any((array > 0.0) & (array < SMALLEST_POSITIVE)))
        else:
            tiny = False
        if tiny:
            self.problems.append(
                Problem(
                    path,
                    f"{_describe(fraction)} is too small: give 0 or at least {SMALLEST_POSITIVE:g}",
                )
            )

    def holds_li(self, path: str, components: tuple[Component, ...]) -> None:
        """An electrode's active components must hold Li, practically and theoretically: evaluate
        sizes the layer by their capacity (N/P, active loading) and weighs its voltage by it.
        Checked once the components themselves are valid."""
        practical: Num = 0.0
        theoretical: Num = 0.0
        for component in components:
            material = self.library[component.material]
            if not material.is_active:
                continue
            q = component.capacity_mAh_g
            if q is None:
                q = material.get("capacity_practical_mAh_g") or 0.0
            practical = practical + component.mass_fraction * q
            q_max = material.get("capacity_theoretical_mAh_g") or 0.0
            theoretical = theoretical + component.mass_fraction * q_max
        if type(practical) is float and type(theoretical) is float:  # scalar case, kept fast
            least: Num = min(practical, theoretical)
            short = least < SMALLEST_POSITIVE
        else:
            least = np.minimum(np.asarray(practical, float), np.asarray(theoretical, float))
            short = bool(np.any(least < SMALLEST_POSITIVE))
        if short:
            self.problems.append(
                Problem(
                    path,
                    f"the active materials hold {_describe(least)} mAh per g of the layer "
                    "(mass fraction x capacity): give an active material a share and a capacity",
                )
            )

    def porosity(
        self,
        path: str,
        porosity: object,
        pressure: object,
        components: tuple[Component, ...] | tuple[str, ...],
    ) -> None:
        """A layer's porosity, given directly or derived from its pressing pressure (then every
        component, or material id, needs compaction parameters in the library)."""
        if pressure is None:
            if porosity is None:
                self.problems.append(
                    Problem(
                        f"{path}.porosity",
                        f"give the porosity, or {path}.pressing_pressure_MPa to derive it",
                    )
                )
                return
            self.number(f"{path}.porosity", porosity, POROSITY)
            self.warn_if_above(
                "high_porosity", f"{path}.porosity", porosity, POROSITY_WARN, f"{path} porosity"
            )
            return
        if porosity is not None:
            self.problems.append(
                Problem(
                    path,
                    "give porosity or pressing_pressure_MPa, not both (the pressure derives it)",
                )
            )
        self.number(f"{path}.pressing_pressure_MPa", pressure, PRESSURE_MPA)
        ids = [c if isinstance(c, str) else c.material for c in components]
        lacking = [m for m in ids if m in self.library and self.library[m].compaction is None]
        if lacking:
            self.problems.append(
                Problem(
                    f"{path}.pressing_pressure_MPa",
                    f"{', '.join(lacking)} {'has' if len(lacking) == 1 else 'have'} no "
                    "compaction parameters in the library (heckel_k_per_MPa and heckel_a, or "
                    "kawakita_a and kawakita_b_per_MPa, with rebound_fraction); "
                    f"give {path}.porosity instead",
                )
            )

    def exactly_one(self, path: str, names: tuple[str, ...], values: tuple[object, ...]) -> None:
        given = [n for n, v in zip(names, values, strict=True) if v is not None]
        if len(given) != 1:
            options = ", ".join(names)
            found = ", ".join(given) if given else "none"
            self.problems.append(Problem(path, f"give exactly one of {options} (given: {found})"))


def _once(c: _Checker, check: Callable[[_Checker, P], None], part: P) -> None:
    """check(c, part), or add what it found when it last ran on this very part: an edit leaves
    the parts of a design it does not change the same objects, so a drag re-checks only the part
    it changes (engine/evaluate/memo.py)."""

    def alone(part: P) -> tuple[tuple[Problem, ...], tuple[DesignWarning, ...]]:
        fresh = _Checker(c.library)
        check(fresh, part)
        return tuple(fresh.problems), tuple(fresh.warnings)

    problems, warnings = per_part(c.library, check, part, alone)
    c.problems += problems
    c.warnings += warnings


def _check_cathode_components(c: _Checker, components: tuple[Component, ...]) -> None:
    before = len(c.problems)
    c.components(
        "cathode.components",
        components,
        (
            "cathode_active",
            "solid_electrolyte",
            "carbon",
            "binder",
        ),
    )
    if components and all(
        comp.material in c.library and not c.library[comp.material].is_active for comp in components
    ):
        c.problems.append(Problem("cathode.components", "needs at least one active material"))
    elif len(c.problems) == before:
        c.holds_li("cathode.components", components)
        _check_hosts(c, components)


# A cathode active's host stays when Li comes and goes: its formula's mass in either state is at
# least that of the lightest atom. (A Li metal anode's delithiated mass is 0: it is all Li.)
LIGHTEST_HOST_G_MOL = 1.0


def _check_hosts(c: _Checker, components: tuple[Component, ...]) -> None:
    """A cathode active whose lithiated or delithiated form weighs nothing (0, or a number too
    small to divide by) is refused by its material: every mass at that state would be 0."""
    for i, comp in enumerate(components):
        material = c.library[comp.material]
        if not material.is_active:
            continue
        for state in ("lithiated", "delithiated"):
            key = f"molar_mass_{state}_g_mol"
            mass = material.get(key)
            if mass is not None and not mass >= LIGHTEST_HOST_G_MOL:
                c.problems.append(
                    Problem(
                        f"cathode.components[{i}].material",
                        f"{comp.material}: {key} is {mass:g}; a cathode active's host weighs at "
                        f"least {LIGHTEST_HOST_G_MOL:g} g/mol in every state",
                    )
                )


def _check_cathode(c: _Checker, cathode: Cathode) -> None:
    _once(c, _check_cathode_components, cathode.components)
    c.porosity("cathode", cathode.porosity, cathode.pressing_pressure_MPa, cathode.components)
    sizes = (cathode.active_loading_mg_cm2, cathode.loading_mg_cm2, cathode.thickness_um)
    c.exactly_one("cathode", ("active_loading_mg_cm2", "loading_mg_cm2", "thickness_um"), sizes)
    c.optional("cathode.active_loading_mg_cm2", cathode.active_loading_mg_cm2, LOADING_MG_CM2)
    c.optional("cathode.loading_mg_cm2", cathode.loading_mg_cm2, LOADING_MG_CM2)
    c.optional("cathode.thickness_um", cathode.thickness_um, POSITIVE_THICKNESS_UM)
    c.optional("cathode.mean_voltage_V", cathode.mean_voltage_V, VOLTAGE_V)
    c.optional(
        "cathode.first_cycle_efficiency", cathode.first_cycle_efficiency, COULOMBIC_EFFICIENCY
    )
    if cathode.coating_material is not None or cathode.coating_thickness_nm is not None:
        _check_coating(c, cathode)


def _check_coating(c: _Checker, cathode: Cathode) -> None:
    """Both coating fields, an ion conductor of the library, and every active's particle
    radius (the shell's volume follows from it)."""
    material, thickness = cathode.coating_material, cathode.coating_thickness_nm
    if material is None or thickness is None:
        missing = "coating_material" if material is None else "coating_thickness_nm"
        c.problems.append(
            Problem(f"cathode.{missing}", "a coating needs both its material and its thickness")
        )
        return
    c.number("cathode.coating_thickness_nm", thickness, COATING_NM)
    if not isinstance(material, str):
        c.problems.append(Problem("cathode.coating_material", "must be a material id (text)"))
        return
    if not c.material("cathode.coating_material", material, ("solid_electrolyte",)):
        return
    if not (c.library[material].get("ionic_conductivity_S_cm") or 0.0) > 0.0:
        c.problems.append(
            Problem(
                "cathode.coating_material",
                f"{material!r} has no ionic_conductivity_S_cm in the library: a coating's "
                "resistance needs it",
            )
        )
    for i, component in enumerate(cathode.components):
        known = isinstance(component.material, str) and component.material in c.library
        if not known or not c.library[component.material].is_active:
            continue
        has_radius = c.library[component.material].get("particle_radius_um") is not None
        if component.particle_radius_um is None and not has_radius:
            c.problems.append(
                Problem(
                    f"cathode.components[{i}].particle_radius_um",
                    f"{component.material!r} has no particle radius in the library: a coated "
                    "active needs one (the shell's volume follows from it)",
                )
            )


def _check_anode_porosity(c: _Checker, anode: Anode) -> None:
    if anode.kind in ("composite", "anode_free") and anode.components:
        c.porosity("anode", anode.porosity, anode.pressing_pressure_MPa, anode.components)
    elif anode.pressing_pressure_MPa is not None:
        c.problems.append(
            Problem(
                "anode.pressing_pressure_MPa",
                "only a composite anode or an interlayer is pressed from powder",
            )
        )
    else:
        c.number("anode.porosity", anode.porosity, POROSITY)


def _check_anode(c: _Checker, anode: Anode) -> None:
    if anode.kind not in ANODE_KINDS:
        c.problems.append(Problem("anode.kind", f"{anode.kind!r} is not one of {ANODE_KINDS}"))
        return
    _check_anode_porosity(c, anode)
    # A host anode of no thickness holds no Li; a Li foil or an interlayer may be left out (0).
    hosts = anode.kind in ("alloy_foil", "composite")
    thickness = POSITIVE_THICKNESS_UM if hosts else THICKNESS_UM
    c.optional("anode.thickness_um", anode.thickness_um, thickness)
    c.optional("anode.loading_mg_cm2", anode.loading_mg_cm2, LOADING_MG_CM2)
    c.optional("anode.n_p_ratio", anode.n_p_ratio, N_P_RATIO)
    c.optional("anode.mean_voltage_V", anode.mean_voltage_V, VOLTAGE_V)
    c.optional("anode.coulombic_efficiency", anode.coulombic_efficiency, COULOMBIC_EFFICIENCY)
    c.optional("anode.prelithiation_mAh_cm2", anode.prelithiation_mAh_cm2, PRELITHIATION_MAH_CM2)
    if anode.mean_voltage_V is not None and anode.kind in ("li_metal", "anode_free"):
        c.warn(
            "anode_voltage_unused",
            "anode.mean_voltage_V",
            f"{_describe(anode.mean_voltage_V)} V is not used: a Li metal or plated-Li anode is "
            "at 0 V vs Li+/Li",
        )
    if anode.kind == "li_metal":
        _check_li_metal(c, anode)
    elif anode.kind == "alloy_foil":
        if len(anode.components) != 1:
            c.problems.append(Problem("anode.components", "an alloy foil has one component"))
        c.components("anode.components", anode.components, ("anode_active",), holds_li=True)
        c.exactly_one("anode", ("thickness_um", "n_p_ratio"), (anode.thickness_um, anode.n_p_ratio))
    elif anode.kind == "composite":
        c.components(
            "anode.components",
            anode.components,
            (
                "anode_active",
                "solid_electrolyte",
                "carbon",
                "binder",
            ),
            holds_li=True,
        )
        c.exactly_one(
            "anode",
            ("thickness_um", "loading_mg_cm2", "n_p_ratio"),
            (anode.thickness_um, anode.loading_mg_cm2, anode.n_p_ratio),
        )
    else:  # anode_free
        if len(anode.components) > 1:
            c.problems.append(Problem("anode.components", "at most one interlayer material"))
        if anode.components:
            c.components("anode.components", anode.components, ("anode_active", "carbon"))
            if anode.thickness_um is None:
                c.problems.append(Problem("anode.thickness_um", "the interlayer needs a thickness"))
        if anode.n_p_ratio is not None or anode.loading_mg_cm2 is not None:
            c.problems.append(Problem("anode", "an anode-free cell has no N/P ratio or loading"))


def _check_li_metal(c: _Checker, anode: Anode) -> None:
    if anode.components:
        c.problems.append(Problem("anode.components", "a Li metal anode has no components"))
    if anode.prelithiation_mAh_cm2 is not None:
        c.problems.append(
            Problem(
                "anode.prelithiation_mAh_cm2",
                "a Li metal anode is all Li: give more of it by its thickness or N/P instead",
            )
        )
    c.exactly_one("anode", ("thickness_um", "n_p_ratio"), (anode.thickness_um, anode.n_p_ratio))


def _check_cathode_collector(c: _Checker, collector: CurrentCollector | None) -> None:
    """One check per collector, its path in it: _once keeps what each finds."""
    _check_collector(c, "cathode_collector", collector)


def _check_anode_collector(c: _Checker, collector: CurrentCollector | None) -> None:
    _check_collector(c, "anode_collector", collector)


def _check_collector(c: _Checker, path: str, collector: CurrentCollector | None) -> None:
    if collector is None:
        return
    c.material(f"{path}.material", collector.material, ("metal",))
    c.number(f"{path}.thickness_um", collector.thickness_um, POSITIVE_THICKNESS_UM)


# Separator layers a design may have: bilayers and trilayers are made, a hundred is far past any
# real stack, and a file of 20,000 took the window seconds per edit.
MAX_SEPARATOR_LAYERS = 100


def _check_separator(c: _Checker, layers: tuple[SeparatorLayer, ...]) -> None:
    if not layers:
        c.problems.append(Problem("separator", "needs at least one solid-electrolyte layer"))
    if len(layers) > MAX_SEPARATOR_LAYERS:
        c.problems.append(
            Problem("separator", f"{len(layers):,} layers; at most {MAX_SEPARATOR_LAYERS}")
        )
        return
    total: Num = 0.0
    for i, layer in enumerate(layers):
        here = f"separator[{i}]"
        c.material(f"{here}.material", layer.material, ("solid_electrolyte", "separator_membrane"))
        if layer.loading_mg_cm2 is None and layer.thickness_um is not None:
            c.number(f"{here}.thickness_um", layer.thickness_um, POSITIVE_THICKNESS_UM)
            total = total + layer.thickness_um
        else:
            c.exactly_one(
                here, ("thickness_um", "loading_mg_cm2"), (layer.thickness_um, layer.loading_mg_cm2)
            )
            c.optional(f"{here}.loading_mg_cm2", layer.loading_mg_cm2, LOADING_MG_CM2)
        c.porosity(here, layer.porosity, layer.pressing_pressure_MPa, (layer.material,))
    if layers:
        c.warn_if_above(
            "thick_separator", "separator", total, SEPARATOR_WARN_UM, "separator thickness (um)"
        )


def _check_format(c: _Checker, cell: object) -> None:
    if isinstance(cell, PelletFormat):
        c.number("cell_format.diameter_mm", cell.diameter_mm, LENGTH_MM)
    elif isinstance(cell, PouchFormat):
        for name in ("width_mm", "height_mm"):
            c.number(f"cell_format.{name}", getattr(cell, name), LENGTH_MM)
        for name in ("seal_width_mm", "headspace_mm"):
            c.number(f"cell_format.{name}", getattr(cell, name), EDGE_MM)
        c.number("cell_format.tab_mass_g", cell.tab_mass_g, MASS_G)
        c.number("cell_format.foil_thickness_um", cell.foil_thickness_um, THICKNESS_UM)
        c.number("cell_format.foil_density_g_cm3", cell.foil_density_g_cm3, DENSITY_G_CM3)
        n = cell.unit_cells
        if isinstance(n, bool) or not isinstance(n, int) or not UNIT_CELLS[0] <= n <= UNIT_CELLS[1]:
            c.problems.append(
                Problem(
                    "cell_format.unit_cells",
                    f"{n!r} is not a whole number in [{UNIT_CELLS[0]}, {UNIT_CELLS[1]}]",
                )
            )
        if not isinstance(cell.double_sided, bool):
            c.problems.append(Problem("cell_format.double_sided", "must be true or false"))
    else:
        c.problems.append(Problem("cell_format", "must be a pellet or a pouch format"))


def _check_overhang(c: _Checker, overhang: Overhang, cell: object) -> None:
    """The margins' ranges, an anode that keeps an area, and a warning where it is smaller than
    the cathode."""
    before = len(c.problems)
    c.number("overhang.anode_mm", overhang.anode_mm, ANODE_OVERHANG_MM)
    c.number("overhang.separator_mm", overhang.separator_mm, SEPARATOR_OVERHANG_MM)
    if len(c.problems) > before or not isinstance(cell, PelletFormat | PouchFormat):
        return
    if isinstance(cell, PelletFormat):
        side, what = cell.diameter_mm, f"the cathode's diameter {_describe(cell.diameter_mm)} mm"
    else:
        side = np.minimum(cell.width_mm, cell.height_mm)
        what = f"the cathode's shorter side {_describe(side)} mm"
    anode = np.asarray(overhang.anode_mm, dtype=float)
    if np.any(2 * anode <= -np.asarray(side, dtype=float)):
        c.problems.append(
            Problem(
                "overhang.anode_mm",
                f"{_describe(overhang.anode_mm)} mm leaves the anode no area: it must be more "
                f"than minus half {what}",
            )
        )
    elif np.any(anode < 0.0):
        c.warn(
            "anode_short_of_cathode",
            "overhang.anode_mm",
            f"The anode stops {_describe(-anode)} mm short of the cathode's edge: the cathode's "
            "rim faces no anode, so its mass is carried but only the facing area delivers "
            "capacity, and Li plates at the anode's edge. Stacks are cut with the anode past "
            "the cathode.",
        )


def _check_liquid(c: _Checker, design: Design) -> None:
    """A liquid electrolyte from the library; a separator membrane only with one to fill it."""
    liquid = design.liquid_electrolyte
    if liquid is not None:
        if not isinstance(liquid, str):
            c.problems.append(Problem("liquid_electrolyte", "must be a material id (text)"))
        else:
            c.material("liquid_electrolyte", liquid, ("liquid_electrolyte",))
        return
    for i, layer in enumerate(design.separator):
        known = isinstance(layer.material, str) and layer.material in c.library
        if known and c.library[layer.material].category == "separator_membrane":
            c.problems.append(
                Problem(
                    f"separator[{i}].material",
                    f"{layer.material!r} is a porous membrane that conducts ions only through a "
                    "liquid in its pores: give the design a liquid_electrolyte",
                )
            )


def _check_fixture(c: _Checker, fixture: Fixture) -> None:
    n, (low, high) = fixture.cells, FIXTURE_CELLS
    if isinstance(n, bool) or not isinstance(n, int) or not low <= n <= high:
        message = f"{n!r} is not a whole number in [{low}, {high}]"
        c.problems.append(Problem("fixture.cells", message))
    if fixture.material is None:
        c.number("fixture.mass_g", fixture.mass_g, MASS_G)
        c.number("fixture.volume_cm3", fixture.volume_cm3, VOLUME_CM3)
        if fixture.safety_factor is not None:
            c.problems.append(
                Problem("fixture.safety_factor", "sizes a fixture from a material; none is given")
            )
        return
    if fixture.mass_g is not None or fixture.volume_cm3 is not None:
        c.problems.append(
            Problem(
                "fixture",
                "give mass_g and volume_cm3 (weighed), or a material to size it, not both",
            )
        )
    if c.material("fixture.material", fixture.material, ("metal",)):
        material = c.library[fixture.material]
        missing = [k for k in ("yield_strength_MPa", "poisson_ratio") if material.get(k) is None]
        if missing:
            c.problems.append(
                Problem(
                    "fixture.material",
                    f"{fixture.material!r} has no {' or '.join(missing)} in the library to size "
                    "a fixture with",
                )
            )
    c.optional("fixture.safety_factor", fixture.safety_factor, SAFETY_FACTOR)


def _check_operating(c: _Checker, operating: Operating) -> None:
    """The stack pressure and temperature, and the voltage curve's C-rate and cut-offs."""
    c.number("operating.stack_pressure_MPa", operating.stack_pressure_MPa, PRESSURE_MPA)
    c.number("operating.temperature_C", operating.temperature_C, TEMPERATURE_C)
    c.number("operating.c_rate", operating.c_rate, C_RATE_PER_H)
    if operating.c_rate_basis not in CAPACITY_BASES:
        c.problems.append(
            Problem(
                "operating.c_rate_basis",
                f"{operating.c_rate_basis!r} is not one of {CAPACITY_BASES}",
            )
        )
    c.number("operating.cycles", operating.cycles, CYCLES)
    low, high = operating.discharge_cutoff_V, operating.charge_cutoff_V
    c.optional("operating.discharge_cutoff_V", low, CELL_VOLTAGE_V)
    c.optional("operating.charge_cutoff_V", high, CELL_VOLTAGE_V)
    if low is not None and any_of(_numbers(low) < 0.0):
        c.warn(
            "cutoff_below_zero",
            "operating.discharge_cutoff_V",
            f"{_describe(low)} V is below 0 V: a discharge taken there drives the cell into "
            "reversal, and the energy below 0 V counts against it",
        )
    if low is not None and high is not None and any_of(_numbers(high) <= _numbers(low)):
        c.problems.append(
            Problem(
                "operating.charge_cutoff_V",
                f"{_describe(high)} is not above operating.discharge_cutoff_V ({_describe(low)})",
            )
        )


def _check_interfaces_and_energy_basis(c: _Checker, design: Design) -> None:
    """The interphases' resistances, and the ladder's energy basis (a design on the curve's
    energy needs open-circuit and kinetic data for its actives)."""
    if design.interfaces is not NO_INTERFACES:  # the shared default needs no check
        for name in INTERFACE_FIELDS:
            value = getattr(design.interfaces, name)
            c.number(f"interfaces.{name}", value, INTERFACE_ASR_OHM_CM2)
    if design.energy_basis not in ENERGY_BASES:
        c.problems.append(
            Problem("energy_basis", f"{design.energy_basis!r} is not one of {ENERGY_BASES}")
        )
    elif design.energy_basis == "curve" and not c.problems:
        c.problems.extend(curve_problems(design, c.library))


def _numbers(value: object) -> float | NDArray[np.float64]:
    """A checked number field as a float (one design, kept as it is) or an array of floats."""
    return value if type(value) is float else np.asarray(value, dtype=float)


def check_curve_rate(c_rate: object, library: Library) -> None:
    """A C-rate asked of a curve apart from the design's (engine/studies/curves.py): 0 (at rest)
    or within operating.c_rate's range, each value of an array; DesignError naming the value
    and the range otherwise (a rate of 1e-300 would overflow the particles' diffusion times)."""
    c = _Checker(library)
    if isinstance(c_rate, np.ndarray) and c_rate.dtype.kind in "fiu":
        moving = c_rate[c_rate != 0.0]
        if moving.size:
            c.number("c_rate", moving, C_RATE_PER_H)
    elif isinstance(c_rate, bool) or not (isinstance(c_rate, int | float) and c_rate == 0.0):
        c.number("c_rate", c_rate, C_RATE_PER_H)
    if c.problems:
        raise DesignError(
            [Problem(p.path, f"{p.message} (or 0, the curve at rest)") for p in c.problems]
        )


def validate(design: Design, library: Library) -> list[DesignWarning]:
    """Raise DesignError with every invalid field; return the warnings of a valid design."""
    c = _Checker(library)
    if not isinstance(design.name, str):
        c.problems.append(Problem("name", "must be text"))
    _once(c, _check_cathode_collector, design.cathode_collector)
    _check_cathode(c, design.cathode)
    _once(c, _check_separator, design.separator)
    _once(c, _check_anode, design.anode)
    _once(c, _check_anode_collector, design.anode_collector)
    _once(c, _check_format, design.cell_format)
    _once(c, _check_operating, design.operating)
    _check_interfaces_and_energy_basis(c, design)
    if design.fixture is not None:
        _once(c, _check_fixture, design.fixture)
    if design.overhang is not NO_OVERHANG:
        _check_overhang(c, design.overhang, design.cell_format)
    _check_liquid(c, design)
    model: TransportModel = design.transport
    if model is not DEFAULT_TRANSPORT:  # the shared default is valid
        c.number("transport.bruggeman_exponent", model.bruggeman_exponent, BRUGGEMAN_EXPONENT)
        c.number(
            "transport.percolation_threshold", model.percolation_threshold, PERCOLATION_THRESHOLD
        )
    for name in ("n_p_basis", "capacity_basis"):
        value = getattr(design, name)
        if value not in CAPACITY_BASES:
            c.problems.append(Problem(name, f"{value!r} is not one of {CAPACITY_BASES}"))
    if not isinstance(design.electrode_volume_change, bool | np.bool_):
        c.problems.append(
            Problem(
                "electrode_volume_change",
                f"{design.electrode_volume_change!r} must be true or false",
            )
        )
    if design.tolerances:
        c.problems += tolerance_problems(design, library)
    if design.prices:
        c.problems += price_problems(design.prices)
    if c.problems:
        raise DesignError(c.problems)
    return c.warnings
