"""evaluate(design, library) -> Results: masses, volumes, capacity, voltage and the ladder.

The bookkeeping follows DESIGN.md 'The science': per cm2 of one unit cell first, then the cell.
Active materials are tracked by their degree of lithiation y (0 fully delithiated, 1 fully
lithiated): mass and solid volume interpolate between the two end forms, so the cathode and the
anode have one thickness at top of charge and another at end of discharge. Porosity is taken as
constant over the cycle (the convention seed 000 uses for its 1945 Wh/L).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from engine.compaction import CompactionLaw, pressed_layer_porosities
from engine.design import (
    Anode,
    Component,
    Design,
    Num,
    PelletFormat,
    PouchFormat,
    SeparatorLayer,
    TransportModel,
)
from engine.ladder import LadderInputs, build_ladder
from engine.materials import Library, Material
from engine.problems import DesignWarning
from engine.results import (
    CompactionResult,
    ComponentResult,
    LayerResult,
    Results,
    TransportResult,
)
from engine.stack import (
    UM_PER_MG_CM2_PER_G_CM3,
    areal_capacity_mAh_cm2,
    composite_solid_density_g_cm3,
    layer_loading_mg_cm2,
    layer_thickness_um,
    lithium_thickness_um,
    mass_for_capacity_mg_cm2,
)
from engine.transport import REFERENCE_TEMPERATURE_C
from engine.validate import POROSITY_WARN, validate
from engine.voltage import curve_from_results

LITHIUM_ID = "Li"
MEMO_LIMIT = 4096  # resolved components kept per library; a long editing session stays small


@dataclass(frozen=True)
class _Part:
    """One component of a composite layer, resolved against the library.

    An active material is tracked by its degree of lithiation y: its mass is mass_made * (r_d +
    y (r_l - r_d)) and its solid volume interpolates likewise between the two end forms, with
    r_d, r_l the masses of the fully delithiated / lithiated forms per unit mass as made.
    """

    material: Material
    fraction: Num
    density: Num  # as made
    capacity_theoretical: Num
    capacity_used: Num  # practical (or override) or theoretical, per the design's basis
    capacity_practical: Num
    voltage: Num
    active: bool
    lithiated: bool  # built holding its Li
    r_d: float
    r_l: float
    v_d: Num  # cm3 per g as made, fully delithiated
    v_l: Num  # cm3 per g as made, fully lithiated
    y_made: float  # degree of lithiation as made

    def mass_at(self, mass_made: Num, y: Num) -> Num:
        """Mass at lithiation degree y of what was mass_made as made."""
        if not self.active:
            return mass_made
        return mass_made * (self.r_d + y * (self.r_l - self.r_d))

    def volume_um_at(self, mass_made: Num, y: Num) -> Num:
        """Pore-free volume per area (as a thickness in um) at lithiation degree y."""
        if not self.active:
            return mass_made * UM_PER_MG_CM2_PER_G_CM3 / self.density
        return mass_made * UM_PER_MG_CM2_PER_G_CM3 * ((1.0 - y) * self.v_d + y * self.v_l)


def _resolve(component: Component, library: Library, basis: str) -> _Part:
    """The component's numbers from the library and the design's overrides (memoised for
    scalar components: an edit re-resolves only what it changed)."""
    try:
        return library.memo[component, basis]  # type: ignore[return-value]
    except TypeError:  # array fields (a sweep) are not hashable
        return _resolve_part(component, library, basis)
    except KeyError:
        if len(library.memo) > MEMO_LIMIT:
            library.memo.clear()
        part = library.memo[component, basis] = _resolve_part(component, library, basis)
        return part


def _resolve_part(component: Component, library: Library, basis: str) -> _Part:
    material = library[component.material]
    density = (
        material.value("density_g_cm3")
        if component.density_g_cm3 is None
        else component.density_g_cm3
    )

    theoretical = material.get("capacity_theoretical_mAh_g") or 0.0
    practical = (
        material.get("capacity_practical_mAh_g") or 0.0
        if component.capacity_mAh_g is None
        else component.capacity_mAh_g
    )
    lithiated = material.as_made == "lithiated"
    r_d = material.mass_ratio("delithiated")
    r_l = material.mass_ratio("lithiated")
    # As made, the mass ratio is 1: y = 1 for NMC, 0 for S8, in between for Li2S-LiI-MoS2,
    # whose MoS2 takes Li beyond what its Li2S brings.
    y_made = (1.0 if lithiated else 0.0) if r_l == r_d else (1.0 - r_d) / (r_l - r_d)
    v_d, v_l = end_volumes_cm3_g(
        density,
        material.get("density_delithiated_g_cm3"),
        material.get("density_lithiated_g_cm3"),
        r_d,
        r_l,
        y_made,
    )
    return _Part(
        material=material,
        fraction=component.mass_fraction,
        density=density,
        capacity_theoretical=theoretical,
        capacity_used=theoretical if basis == "theoretical" else practical,
        capacity_practical=practical,
        voltage=material.get("voltage_avg_V") or 0.0,
        active=material.is_active,
        lithiated=lithiated,
        r_d=r_d,
        r_l=r_l,
        v_d=v_d,
        v_l=v_l,
        y_made=y_made,
    )


def end_volumes_cm3_g(
    density_made_g_cm3: Num,
    density_delithiated_g_cm3: float | None,
    density_lithiated_g_cm3: float | None,
    mass_ratio_delithiated: float,
    mass_ratio_lithiated: float,
    lithiation_made: float,
) -> tuple[Num, Num]:
    """The pore-free volume of an active's fully delithiated and fully lithiated forms, per gram
    as made (cm3/g): v_d, v_l.

    The volume is taken linear in the degree of lithiation y, V(y) = (1 - y) v_d + y v_l, and
    must give the measured as-made density at y_made: V(y_made) = 1 / rho_made. An end form of
    known density fixes its end, v = r / rho_end (r its mass per gram as made); the as-made point
    fixes the other. With neither end known, both forms take the as-made density (V = r(y) /
    rho_made). A material made fully lithiated or delithiated is its end form as made.

    density_made_g_cm3: rho_made, g/cm3 (the library's density_g_cm3, or the design's override).
    density_delithiated_g_cm3, density_lithiated_g_cm3: the end forms' densities, g/cm3, or None.
    mass_ratio_delithiated, mass_ratio_lithiated: r_d, r_l, mass of the end form per gram as made.
    lithiation_made: y_made, 0 to 1.
    """
    made = 1.0 / density_made_g_cm3
    y = lithiation_made
    if y == 0.0:
        rho_l = density_made_g_cm3 if density_lithiated_g_cm3 is None else density_lithiated_g_cm3
        return made, mass_ratio_lithiated / rho_l
    if y == 1.0:
        rho_d = (
            density_made_g_cm3 if density_delithiated_g_cm3 is None else density_delithiated_g_cm3
        )
        return mass_ratio_delithiated / rho_d, made
    if density_delithiated_g_cm3 is not None:
        v_d = mass_ratio_delithiated / density_delithiated_g_cm3
        return v_d, (made - (1.0 - y) * v_d) / y
    if density_lithiated_g_cm3 is not None:
        v_l = mass_ratio_lithiated / density_lithiated_g_cm3
        return (made - y * v_l) / (1.0 - y), v_l
    return mass_ratio_delithiated * made, mass_ratio_lithiated * made


def _solid_volume_um(parts: Sequence[_Part], masses: Sequence[Num], ys: Sequence[Num]) -> Num:
    total: Num = 0.0
    for part, mass, y in zip(parts, masses, ys, strict=True):
        total = total + part.volume_um_at(mass, y)
    return total


def _sum(values: Sequence[Num]) -> Num:
    total: Num = 0.0
    for value in values:
        total = total + value
    return total


def _capacity_weighted(values: Sequence[Num], weights: Sequence[Num]) -> Num:
    weight = _sum(weights)
    return _sum([v * w for v, w in zip(values, weights, strict=True)]) / weight


def _clip01(value: Num) -> Num:
    if isinstance(value, float | int):
        return min(1.0, max(0.0, float(value)))
    return np.clip(value, 0.0, 1.0)


def _positive_part(value: Num) -> Num:
    if isinstance(value, float | int):
        return max(0.0, float(value))
    return np.maximum(value, 0.0)


def _any(condition: object) -> bool:
    return bool(condition) if isinstance(condition, bool) else bool(np.any(condition))


class _Electrode(NamedTuple):
    """An electrode's layer per cm2: components as made and the layer at both cycle ends
    (an immutable tuple: built on every evaluation, and cheaper than a frozen dataclass)."""

    parts: tuple[_Part, ...]
    masses: tuple[Num, ...]  # as made, mg/cm2
    porosity: Num
    thickness_um: Num
    thickness_charged_um: Num
    thickness_discharged_um: Num
    mass_mg_cm2: Num
    extra_li_charged_mg_cm2: Num = 0.0  # plated Li at top of charge (anode-free, Li metal)
    solid_density: Num = 0.0  # pore-free, as made (0 for a Li foil or no interlayer)
    compaction: CompactionResult | None = None  # when the porosity is derived from pressure


def _solid_volume_fractions(parts: Sequence[_Part], solid_density: Num) -> list[Num]:
    """Each component's share of the layer's pore-free volume: w_i / rho_i * rho_solid."""
    return [p.fraction / p.density * solid_density for p in parts]


def _pressed(
    laws: Sequence[CompactionLaw | None],
    solid_fractions: Sequence[Num],
    pressing_MPa: Num,
    operating_MPa: Num,
) -> tuple[Num, CompactionResult]:
    """The porosity a layer has under the stack pressure, derived from its pressing pressure."""
    pressed, released, operating = pressed_layer_porosities(
        laws,  # type: ignore[arg-type]  # validate() refused components without a law
        solid_fractions,
        pressing_MPa,
        operating_MPa,
    )
    return operating, CompactionResult(
        pressing_pressure_MPa=pressing_MPa,
        operating_pressure_MPa=operating_MPa,
        pressed_porosity=pressed,
        released_porosity=released,
        operating_porosity=operating,
    )


def _layer_porosity(
    porosity: Num | None,
    pressing_MPa: Num | None,
    parts: Sequence[_Part],
    solid_density: Num,
    operating_MPa: Num,
) -> tuple[Num, CompactionResult | None]:
    """A composite layer's porosity: as given, or derived from its pressing pressure."""
    if pressing_MPa is None:
        return porosity, None  # type: ignore[return-value]  # validate() requires one of them
    return _pressed(
        [p.material.compaction for p in parts],
        _solid_volume_fractions(parts, solid_density),
        pressing_MPa,
        operating_MPa,
    )


def _electrode_transport(
    electrode: _Electrode, temperature_C: Num, model: TransportModel
) -> TransportResult:
    """A composite layer's transport: each component a phase of volume fraction
    w_i / rho_i * rho_solid * (1 - porosity) (computed when read: results.TransportResult)."""
    porosity = electrode.porosity
    scale = electrode.solid_density * (1.0 - porosity)
    phases = tuple((p.material.conduction, p.fraction / p.density * scale) for p in electrode.parts)
    return TransportResult(temperature_C, porosity, electrode.thickness_um, phases, model)


def _of_actives(parts: Sequence[_Part], values: Sequence[Num]) -> list[Num]:
    return [v for p, v in zip(parts, values, strict=True) if p.active]


def _cathode(design: Design, library: Library) -> tuple[_Electrode, dict[str, Num]]:
    cathode = design.cathode
    parts = tuple(_resolve(c, library, design.capacity_basis) for c in cathode.components)
    rho_solid = composite_solid_density_g_cm3(
        [p.fraction for p in parts], [p.density for p in parts]
    )
    porosity, compaction = cathode.porosity, None
    if cathode.pressing_pressure_MPa is not None:
        porosity, compaction = _layer_porosity(
            porosity,
            cathode.pressing_pressure_MPa,
            parts,
            rho_solid,
            design.operating.stack_pressure_MPa,
        )
    active_fraction = _sum([p.fraction for p in parts if p.active])
    if cathode.active_loading_mg_cm2 is not None:
        loading = cathode.active_loading_mg_cm2 / active_fraction
    elif cathode.loading_mg_cm2 is not None:
        loading = cathode.loading_mg_cm2
    else:
        loading = layer_loading_mg_cm2(cathode.thickness_um, rho_solid, porosity)
    masses = tuple(p.fraction * loading for p in parts)
    thickness = layer_thickness_um(loading, rho_solid, porosity)

    # Degree of lithiation of each active at top of charge and end of discharge: a charge takes
    # out what is used, as far as the Li the active holds as made goes; the discharge puts back
    # all that is used (the counter electrode gives what the charge did not).
    used = [_clip01(p.capacity_used / p.capacity_theoretical) if p.active else 0.0 for p in parts]
    y_charged = [
        _clip01(p.y_made - f) if p.lithiated else p.y_made for p, f in zip(parts, used, strict=True)
    ]
    y_discharged = [_clip01(y + f) for y, f in zip(y_charged, used, strict=True)]
    porous = 1.0 - porosity
    electrode = _Electrode(
        parts=parts,
        masses=masses,
        porosity=porosity,
        thickness_um=thickness,
        thickness_charged_um=_solid_volume_um(parts, masses, y_charged) / porous,
        thickness_discharged_um=_solid_volume_um(parts, masses, y_discharged) / porous,
        mass_mg_cm2=loading,
        solid_density=rho_solid,
        compaction=compaction,
    )
    actives = [(p, m) for p, m in zip(parts, masses, strict=True) if p.active]
    q_used = [areal_capacity_mAh_cm2(m, p.capacity_used) for p, m in actives]
    values = {
        "solid_density_g_cm3": rho_solid,
        "active_fraction": active_fraction,
        "q_theoretical": _sum(
            [areal_capacity_mAh_cm2(m, p.capacity_theoretical) for p, m in actives]
        ),
        "q_practical": _sum([areal_capacity_mAh_cm2(m, p.capacity_practical) for p, m in actives]),
        "q_used": _sum(q_used),
        # Li the cathode gives up at charge (what its actives hold as made, as far as it is
        # used) and takes at discharge beyond that (all of it for an active built delithiated).
        "q_released": _sum(
            [
                areal_capacity_mAh_cm2(m, p.capacity_theoretical) * (p.y_made - y)
                for (p, m), y in zip(actives, _of_actives(parts, y_charged), strict=True)
            ]
        ),
        "q_needed": _sum(
            [
                areal_capacity_mAh_cm2(m, p.capacity_theoretical) * _positive_part(y - p.y_made)
                for (p, m), y in zip(actives, _of_actives(parts, y_discharged), strict=True)
            ]
        ),
        "voltage": (
            # weights w_i q_i: the loading is common to all actives and cancels
            _capacity_weighted(
                [p.voltage for p, _ in actives], [p.fraction * p.capacity_used for p, _ in actives]
            )
            if cathode.mean_voltage_V is None
            else cathode.mean_voltage_V
        ),
    }
    return electrode, values


def _anode(
    anode: Anode,
    library: Library,
    basis: str,
    q_np: Num,
    q_released: Num,
    q_needed: Num,
    operating_MPa: Num,
) -> tuple[_Electrode, dict[str, Num]]:
    """The anode as built and at both cycle ends. q_np: cathode capacity on the N/P basis;
    q_released / q_needed: Li the cathode gives at charge / takes at discharge (mAh/cm2);
    operating_MPa: the stack pressure (for a porosity derived from pressure)."""
    lithium = library[LITHIUM_ID]
    q_li = lithium.value("capacity_theoretical_mAh_g")
    rho_li = lithium.value("density_g_cm3")
    if anode.kind in ("li_metal", "anode_free"):
        plated_charged = lithium_thickness_um(q_released, q_li, rho_li)
        if anode.kind == "li_metal":
            if anode.n_p_ratio is not None:
                capacity = anode.n_p_ratio * q_np
                mass = mass_for_capacity_mg_cm2(capacity, q_li)
            else:
                mass = anode.thickness_um * rho_li / UM_PER_MG_CM2_PER_G_CM3
                capacity = areal_capacity_mAh_cm2(mass, q_li)
            part = _resolve(Component(LITHIUM_ID, 1.0), library, basis)
            thickness = mass * UM_PER_MG_CM2_PER_G_CM3 / rho_li
            consumed = lithium_thickness_um(
                min(q_needed, capacity)
                if type(capacity) is float and type(q_needed) is float
                else np.minimum(q_needed, capacity),
                q_li,
                rho_li,
            )
            electrode = _Electrode(
                parts=(part,),
                masses=(mass,),
                porosity=0.0,
                thickness_um=thickness,
                thickness_charged_um=thickness + plated_charged,
                thickness_discharged_um=thickness - consumed,
                mass_mg_cm2=mass,
            )
            voltage = lithium.get("voltage_avg_V") or 0.0
            return electrode, {"capacity": capacity, "li_source": capacity, "voltage": voltage}
        # anode-free: an optional interlayer; Li plates at charge and is gone at discharge.
        parts = tuple(_resolve(c, library, basis) for c in anode.components)
        electrode = _anode_free(anode, parts, plated_charged, operating_MPa)
        voltage = lithium.get("voltage_avg_V") or 0.0
        return electrode, {"capacity": 0.0, "li_source": 0.0, "voltage": voltage}

    # alloy foil or composite: hosts whose lithiation degree follows the Li they hold.
    parts = tuple(_resolve(c, library, basis) for c in anode.components)
    rho_solid = composite_solid_density_g_cm3(
        [p.fraction for p in parts], [p.density for p in parts]
    )
    specific = _sum([p.fraction * p.capacity_used for p in parts if p.active])  # mAh per g layer
    compaction = None
    if anode.kind == "composite":
        porosity, compaction = _layer_porosity(
            anode.porosity, anode.pressing_pressure_MPa, parts, rho_solid, operating_MPa
        )
    else:
        porosity = 0.0
    if anode.n_p_ratio is not None:
        mass = mass_for_capacity_mg_cm2(anode.n_p_ratio * q_np, specific)
    elif anode.loading_mg_cm2 is not None:
        mass = anode.loading_mg_cm2
    else:
        mass = layer_loading_mg_cm2(anode.thickness_um, rho_solid, porosity)
    masses = tuple(p.fraction * mass for p in parts)
    capacity = areal_capacity_mAh_cm2(mass, specific)
    capacity_full = areal_capacity_mAh_cm2(
        mass, _sum([p.fraction * p.capacity_theoretical for p in parts if p.active])
    )
    lithiated_as_made = all(p.lithiated for p in parts if p.active)
    y0 = min(p.y_made for p in parts if p.active)
    y_charged = _clip01(y0 + q_released / capacity_full)
    y_discharged = _clip01(y0 - q_needed / capacity_full)
    porous = 1.0 - porosity
    electrode = _Electrode(
        parts=parts,
        masses=masses,
        porosity=porosity,
        thickness_um=layer_thickness_um(mass, rho_solid, porosity),
        thickness_charged_um=_solid_volume_um(parts, masses, [y_charged] * len(parts)) / porous,
        thickness_discharged_um=_solid_volume_um(parts, masses, [y_discharged] * len(parts))
        / porous,
        mass_mg_cm2=mass,
        solid_density=rho_solid,
        compaction=compaction,
    )
    actives = [p for p in parts if p.active]
    voltage = (
        _capacity_weighted(
            [p.voltage for p in actives], [p.fraction * p.capacity_used for p in actives]
        )
        if anode.mean_voltage_V is None
        else anode.mean_voltage_V
    )
    li_source = capacity if lithiated_as_made else 0.0
    return electrode, {"capacity": capacity, "li_source": li_source, "voltage": voltage}


def _anode_free(
    anode: Anode, parts: tuple[_Part, ...], plated_charged_um: Num, operating_MPa: Num
) -> _Electrode:
    """An anode-free electrode: the interlayer, if any, and the Li plated under it at charge."""
    compaction = None
    if parts:
        rho = composite_solid_density_g_cm3([p.fraction for p in parts], [p.density for p in parts])
        porosity, compaction = _layer_porosity(
            anode.porosity, anode.pressing_pressure_MPa, parts, rho, operating_MPa
        )
        mass = layer_loading_mg_cm2(anode.thickness_um, rho, porosity)
        thickness = anode.thickness_um
    else:
        porosity = 0.0 if anode.porosity is None else anode.porosity
        mass, thickness, rho = 0.0, 0.0, 0.0
    return _Electrode(
        parts=parts,
        masses=tuple(p.fraction * mass for p in parts),
        porosity=porosity,
        thickness_um=thickness,
        thickness_charged_um=thickness + plated_charged_um,
        thickness_discharged_um=thickness,
        mass_mg_cm2=mass,
        solid_density=rho,
        compaction=compaction,
    )


def _format_geometry(design: Design) -> dict[str, Num]:
    """Electrode area, unit cells, collector counts and packaging of the cell format."""
    cell = design.cell_format
    if isinstance(cell, PelletFormat):
        area = (
            math.pi * (cell.diameter_mm / 20.0) ** 2
            if isinstance(cell.diameter_mm, float | int)
            else np.pi * (cell.diameter_mm / 20.0) ** 2
        )
        return {
            "area": area,
            "n": 1,
            "n_cathode_cc": 1,
            "n_anode_cc": 1,
            "outline_area": area,
            "foil_um": 0.0,
            "foil_density": 0.0,
            "tabs_g": 0.0,
        }
    assert isinstance(cell, PouchFormat)
    n = cell.unit_cells
    if cell.double_sided:
        n_cathode_cc, n_anode_cc = (n + 1) // 2, n // 2 + 1
    else:
        n_cathode_cc, n_anode_cc = n, n
    outline = (
        (cell.width_mm + 2 * cell.seal_width_mm)
        * (cell.height_mm + 2 * cell.seal_width_mm + cell.headspace_mm)
        / 100.0
    )
    return {
        "area": cell.width_mm * cell.height_mm / 100.0,
        "n": n,
        "n_cathode_cc": n_cathode_cc,
        "n_anode_cc": n_anode_cc,
        "outline_area": outline,
        "foil_um": cell.foil_thickness_um,
        "foil_density": cell.foil_density_g_cm3,
        "tabs_g": cell.tab_mass_g,
    }


def _warnings(
    design: Design, n_p: Num | None, lithium_shortfall: Num, q_cell: Num
) -> list[DesignWarning]:
    found = []
    if n_p is not None and _any(n_p < 1.0):
        found.append(
            DesignWarning(
                "n_p_below_1",
                "anode",
                "N/P ratio below 1: the anode holds less than the cathode delivers "
                "(Li plating on a host anode, or a lithium-limited capacity)",
            )
        )
    if _any(lithium_shortfall > 0.0):
        what = "no lithium source" if _any(q_cell <= 0.0) else "too little lithium"
        found.append(
            DesignWarning(
                "lithium_limited",
                "anode",
                f"{what}: the cathode is built delithiated and the anode cannot supply all the "
                "Li it takes; the capacity is limited to the Li available",
            )
        )
    del design
    return found


def evaluate(design: Design, library: Library) -> Results:
    """Evaluate a design (scalars or broadcastable arrays) against the materials library; the
    results carry that library, so every later step reads the same materials."""
    warnings = validate(design, library)
    cathode, c = _cathode(design, library)
    q_np = c["q_theoretical"] if design.n_p_basis == "theoretical" else c["q_practical"]
    q_used = c["q_used"]
    operating = design.operating
    anode, a = _anode(
        design.anode,
        library,
        design.capacity_basis,
        q_np,
        c["q_released"],
        c["q_needed"],
        operating.stack_pressure_MPa,
    )

    # Li the delithiated actives need beyond what the anode holds cannot be discharged.
    shortfall = _positive_part(c["q_needed"] - a["li_source"])
    q_cell = q_used - shortfall
    n_p = None if design.anode.kind == "anode_free" else a["capacity"] / q_np
    warnings += _warnings(design, n_p, shortfall, q_cell)

    geometry = _format_geometry(design)
    separators, transports = _separators_and_transport(design, library, cathode, anode, warnings)

    inputs = LadderInputs(
        design=design,
        library=library,
        cathode_parts=cathode.parts,
        cathode_masses=cathode.masses,
        cathode_porosity=cathode.porosity,
        cathode_mass=cathode.mass_mg_cm2,
        cathode_thickness=cathode.thickness_um,
        cathode_thickness_charged=cathode.thickness_charged_um,
        cathode_thickness_discharged=cathode.thickness_discharged_um,
        anode_mass=anode.mass_mg_cm2,
        anode_thickness_charged=anode.thickness_charged_um,
        anode_thickness_discharged=anode.thickness_discharged_um,
        separator_mass=_sum([s.mass_mg_cm2 for s in separators]),
        separator_thickness=_sum([s.thickness_um for s in separators]),
        collector_masses=_collector_masses(design, library),
        collector_thicknesses=_collector_thicknesses(design),
        geometry=geometry,
        q_cell=q_cell,
        cathode_voltage=c["voltage"],
        anode_voltage=a["voltage"],
    )
    ladder, totals = build_ladder(inputs)
    layers = _layer_results(
        design,
        cathode,
        anode,
        separators,
        inputs,
        totals["cell_mass_g"],
        transports,
    )
    area, n = geometry["area"], geometry["n"]
    results = Results(
        design=design,
        library=library,
        area_cm2=area,
        unit_cells=int(n),
        layers=layers,
        cathode_capacity_theoretical_mAh_cm2=c["q_theoretical"],
        cathode_capacity_practical_mAh_cm2=c["q_practical"],
        anode_capacity_mAh_cm2=a["capacity"],
        areal_capacity_mAh_cm2=q_cell,
        capacity_mAh=q_cell * area * n,
        n_p_ratio=n_p,
        cathode_voltage_V=c["voltage"],
        anode_voltage_V=a["voltage"],
        cell_voltage_V=c["voltage"] - a["voltage"],
        energy_Wh=totals["energy_Wh"],
        cell_mass_g=totals["cell_mass_g"],
        cell_volume_cm3=totals["cell_volume_cm3"],
        stack_thickness_um=totals["stack_thickness_um"],
        ladder=ladder,
        warnings=tuple(warnings),
        fixture=totals["fixture"],
        intermediates={
            **{f"cathode_{k}": v for k, v in c.items()},
            **{f"anode_{k}": v for k, v in a.items()},
            "q_np": q_np,
            "lithium_shortfall": shortfall,
            **geometry,
        },
    )
    if design.energy_basis == "curve":
        return _on_curve_energy(results, inputs)
    return results


def _on_curve_energy(results: Results, inputs: LadderInputs) -> Results:
    """The results with the ladder's energy read off the discharge curve at the operating C-rate
    and temperature (engine/voltage.py): its capacity to the cut-off and its energy, the mean
    voltages those give (cathode vs Li+/Li for rungs 1 and 2, the cell for the others), in place
    of capacity x mean voltage. Masses and volumes are unchanged."""
    curve = curve_from_results(results, "discharge")
    delivered = curve.delivered_mAh_cm2
    cell_V = curve.average_voltage_V
    cathode_V = curve.average_cathode_potential_V
    operating = results.design.operating
    source = (
        f"the discharge curve at {_words(operating.c_rate, 'C')} "
        f"({operating.c_rate_basis} basis) and {_words(curve.temperature_C, 'C', ' ')} "
        f"to {_words(curve.cutoff_V, 'V', ' ')}"
    )
    inputs = dataclasses.replace(
        inputs,
        q_cell=delivered,
        cathode_voltage=cathode_V,
        anode_voltage=cathode_V - cell_V,
        energy_source=source,
    )
    ladder, totals = build_ladder(inputs)
    per_cell = results.area_cm2 * results.unit_cells
    warnings = results.warnings
    if _any(np.asarray(delivered) <= 0.0):
        warnings += (
            DesignWarning(
                "curve_delivers_nothing",
                "energy_basis",
                f"{source} delivers no charge: the ladder's energy from it is zero",
            ),
        )
    return dataclasses.replace(
        results,
        warnings=warnings,
        areal_capacity_mAh_cm2=delivered,
        capacity_mAh=delivered * per_cell,
        cathode_voltage_V=cathode_V,
        anode_voltage_V=cathode_V - cell_V,
        cell_voltage_V=cell_V,
        energy_Wh=totals["energy_Wh"],
        ladder=ladder,
        intermediates={**results.intermediates, "discharge_curve": curve},
    )


def _words(value: Num, unit: str, space: str = "") -> str:
    if np.ndim(value) == 0:
        return f"{float(value):.3g}{space}{unit}"
    return f"{np.min(value):.3g} to {np.max(value):.3g}{space}{unit}"


class _Separator(NamedTuple):
    """One separator layer per cm2: its material, porosity, mass, thickness and transport."""

    material: Material
    porosity: Num
    mass_mg_cm2: Num
    thickness_um: Num
    transport: TransportResult
    compaction: CompactionResult | None


def _separator(
    layer: SeparatorLayer,
    material: Material,
    operating_MPa: Num,
    temperature_C: Num,
    model: TransportModel,
) -> _Separator:
    """A separator layer: porosity (given or from pressure), then mass or thickness from the other
    (stack.py), then its transport through its one phase, the electrolyte (1 - porosity of it)."""
    rho = material.value("density_g_cm3")
    compaction = None
    if layer.pressing_pressure_MPa is None:
        porosity: Num = layer.porosity  # type: ignore[assignment]  # validate() requires it
    else:
        porosity, compaction = _pressed(
            [material.compaction], [1.0], layer.pressing_pressure_MPa, operating_MPa
        )
    if layer.loading_mg_cm2 is None:
        thickness = layer.thickness_um
        mass = layer_loading_mg_cm2(thickness, rho, porosity)
    else:
        mass = layer.loading_mg_cm2
        thickness = layer_thickness_um(mass, rho, porosity)
    transport = TransportResult(
        temperature_C, porosity, thickness, ((material.conduction, 1.0 - porosity),), model
    )
    return _Separator(material, porosity, mass, thickness, transport, compaction)


def _separators_and_transport(
    design: Design,
    library: Library,
    cathode: _Electrode,
    anode: _Electrode,
    warnings: list[DesignWarning],
) -> tuple[list[_Separator], tuple[TransportResult, TransportResult | None]]:
    """The separator layers, the electrodes' transport results, and the warnings they raise
    (appended to warnings)."""
    operating, model = design.operating, design.transport
    temperature = operating.temperature_C
    separators = [
        _separator(layer, library[layer.material], operating.stack_pressure_MPa, temperature, model)
        for layer in design.separator
    ]
    cathode_transport = _electrode_transport(cathode, temperature, model)
    warnings += _path_warnings(cathode_transport)
    anode_transport = (
        _electrode_transport(anode, temperature, model)
        if design.anode.kind in ("composite", "anode_free") and anode.parts
        else None
    )
    if type(temperature) is not float or temperature != REFERENCE_TEMPERATURE_C:
        warnings += _temperature_warnings(cathode, anode, separators)
    derived = cathode.compaction is not None or anode.compaction is not None
    for separator in separators:
        derived = derived or separator.compaction is not None
    if derived:
        warnings += _porosity_warnings(cathode, anode, separators)
    return separators, (cathode_transport, anode_transport)


def _path_warnings(cathode: TransportResult) -> list[DesignWarning]:
    """A cathode whose ion (or electron) conductors do not fill more than the percolation
    threshold of it has no connected path: no current flows, so its curve delivers nothing."""
    found = []
    threshold = cathode.model.percolation_threshold
    for index, word in ((0, "ionic"), (2, "electronic")):
        fraction: Num = 0.0
        for conduction, volume_fraction in cathode.phases:
            if conduction[index] > 0.0:
                fraction = fraction + volume_fraction
        if _any(fraction <= threshold):
            conductor = "ion" if index == 0 else "electron"
            found.append(
                DesignWarning(
                    f"no_{word}_path",
                    "cathode.components",
                    f"the cathode has no {word} path (no {conductor} conductor fills more than "
                    f"the percolation threshold of it): no current flows, so its voltage curve "
                    "delivers nothing, while the ladder's nominal energy counts it as delivered",
                )
            )
    return found


def _temperature_warnings(
    cathode: _Electrode, anode: _Electrode, separators: list[_Separator]
) -> list[DesignWarning]:
    """Ion conductors without an activation energy keep their 25 C conductivity: say which."""
    materials = [p.material for p in (*cathode.parts, *anode.parts)]
    materials += [s.material for s in separators]
    lacking = sorted({m.id for m in materials if m.conduction[0] > 0.0 and m.conduction[1] is None})
    if not lacking:
        return []
    return [
        DesignWarning(
            "no_activation_energy",
            "operating.temperature_C",
            f"{', '.join(lacking)}: no ionic activation energy in the library, so the ionic "
            f"conductivity at {REFERENCE_TEMPERATURE_C:g} C is used at every temperature",
        )
    ]


def _porosity_warnings(
    cathode: _Electrode, anode: _Electrode, separators: list[_Separator]
) -> list[DesignWarning]:
    """Porosities derived from pressure above the plausible limit (given ones are warned of by
    validate())."""
    found = []
    derived = [("cathode", cathode.compaction), ("anode", anode.compaction)]
    derived += [(f"separator[{i}]", s.compaction) for i, s in enumerate(separators)]
    for path, compaction in derived:
        if compaction is not None and _any(compaction.operating_porosity > POROSITY_WARN):
            found.append(
                DesignWarning(
                    "high_porosity",
                    f"{path}.pressing_pressure_MPa",
                    f"{path} porosity derived from pressure is above {POROSITY_WARN:g}",
                )
            )
    return found


def _collector_masses(design: Design, library: Library) -> tuple[Num, Num]:
    out = []
    for collector in (design.cathode_collector, design.anode_collector):
        if collector is None:
            out.append(0.0)
        else:
            rho = library[collector.material].value("density_g_cm3")
            out.append(collector.thickness_um * rho / UM_PER_MG_CM2_PER_G_CM3)
    return out[0], out[1]


def _collector_thicknesses(design: Design) -> tuple[Num, Num]:
    return tuple(  # type: ignore[return-value]
        0.0 if c is None else c.thickness_um
        for c in (design.cathode_collector, design.anode_collector)
    )


def _components(electrode: _Electrode, per_cell: Num) -> tuple[ComponentResult, ...]:
    """Each component's material, fraction, mass per cm2, solid volume and mass in the cell
    (positional, in ComponentResult's field order: the keyword call cost a third)."""
    return tuple(
        ComponentResult(p.material.id, p.fraction, m, p.volume_um_at(m, p.y_made), m * per_cell)
        for p, m in zip(electrode.parts, electrode.masses, strict=True)
    )


def _layer_results(
    design: Design,
    cathode: _Electrode,
    anode: _Electrode,
    separators: list[_Separator],
    inputs: LadderInputs,
    cell_mass_g: Num,
    transports: tuple[TransportResult, TransportResult | None],
) -> tuple[LayerResult, ...]:
    g = inputs.geometry
    area, n = g["area"], g["n"]
    to_g = area / 1000.0  # mg/cm2 -> g per layer of the cell's area
    to_cm3 = area * 1e-4  # um -> cm3 per layer
    rows: list[LayerResult] = []

    def add(
        key,
        label,
        material,
        count,
        mass,
        t,
        t_ch,
        t_dis,
        components=(),
        transport=None,
        compaction=None,
    ):
        rows.append(
            LayerResult(
                key,
                label,
                material,
                count,
                mass,
                t,
                t_ch,
                t_dis,
                mass * to_g * count,
                t_ch * to_cm3 * count,
                mass * to_g * count / cell_mass_g,
                components,
                transport,
                compaction,
            )
        )

    if design.cathode_collector is not None:
        t = design.cathode_collector.thickness_um
        add(
            "cathode_collector",
            "Cathode current collector",
            design.cathode_collector.material,
            g["n_cathode_cc"],
            inputs.collector_masses[0],
            t,
            t,
            t,
        )
    add(
        "cathode",
        "Composite cathode",
        "+".join(p.material.id for p in cathode.parts),
        n,
        cathode.mass_mg_cm2,
        cathode.thickness_um,
        cathode.thickness_charged_um,
        cathode.thickness_discharged_um,
        _components(cathode, to_g * n),
        transports[0],
        cathode.compaction,
    )
    for i, sep in enumerate(separators):
        t = sep.thickness_um
        add(
            f"separator[{i}]",
            f"Separator layer {i + 1}",
            sep.material.id,
            n,
            sep.mass_mg_cm2,
            t,
            t,
            t,
            (),
            sep.transport,
            sep.compaction,
        )
    anode_label = {
        "li_metal": "Li metal anode",
        "alloy_foil": "Alloy foil anode",
        "composite": "Composite anode",
        "anode_free": "Anode-free (plated Li)",
    }[design.anode.kind]
    anode_material = "+".join(p.material.id for p in anode.parts) or "plated Li"
    add(
        "anode",
        anode_label,
        anode_material,
        n,
        anode.mass_mg_cm2,
        anode.thickness_um,
        anode.thickness_charged_um,
        anode.thickness_discharged_um,
        _components(anode, to_g * n),
        transports[1],
        anode.compaction,
    )
    if design.anode_collector is not None:
        t = design.anode_collector.thickness_um
        add(
            "anode_collector",
            "Anode current collector",
            design.anode_collector.material,
            g["n_anode_cc"],
            inputs.collector_masses[1],
            t,
            t,
            t,
        )
    if isinstance(design.cell_format, PouchFormat):
        foil_mass_g = 2 * g["outline_area"] * g["foil_um"] * 1e-4 * g["foil_density"]
        rows.append(
            LayerResult(
                key="pouch_foil",
                label="Pouch foil",
                material="pouch laminate",
                count=2,
                mass_mg_cm2=g["foil_um"] * g["foil_density"] / UM_PER_MG_CM2_PER_G_CM3,
                thickness_um=g["foil_um"],
                thickness_charged_um=g["foil_um"],
                thickness_discharged_um=g["foil_um"],
                mass_g=foil_mass_g,
                volume_cm3=2 * g["outline_area"] * g["foil_um"] * 1e-4,
                mass_share=foil_mass_g / cell_mass_g,
            )
        )
        rows.append(
            LayerResult(
                key="tabs",
                label="Tabs",
                material="tab metal",
                count=2,
                mass_mg_cm2=0.0,
                thickness_um=0.0,
                thickness_charged_um=0.0,
                thickness_discharged_um=0.0,
                mass_g=g["tabs_g"],
                volume_cm3=0.0,
                mass_share=g["tabs_g"] / cell_mass_g,
            )
        )
    return tuple(rows)
