"""The electrodes per cm2 of one unit cell: their components, mass, porosity and thickness as
built, at top of charge and at end of discharge, and the capacity and Li they bring.

The cathode first (its capacity sizes an anode given by N/P and says how much Li moves), then the
anode by kind: Li foil, anode-free (plated Li on an optional interlayer), or a host (an alloy
foil or a composite of graphite or Si) whose lithiation follows the Li it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from engine.design import Anode, Cathode, Component, Design, Num, TransportModel
from engine.evaluate.arrays import capacity_weighted, clip01, given, positive_part, total
from engine.evaluate.coating import coat
from engine.evaluate.memo import per_part
from engine.evaluate.parts import LITHIUM_ID, Part, resolve, solid_volume_um
from engine.materials import Library, Material
from engine.physics.compaction import CompactionLaw, pressed_layer_porosities
from engine.physics.lithiation import lithiation_charged, lithiation_discharged
from engine.physics.stack import (
    UM_PER_MG_CM2_PER_G_CM3,
    areal_capacity_mAh_cm2,
    composite_solid_density_g_cm3,
    layer_loading_mg_cm2,
    layer_thickness_um,
    lithium_thickness_um,
    mass_for_capacity_mg_cm2,
    pore_liquid_mg_cm2,
)
from engine.results import CompactionResult, TransportResult

_LITHIUM_FOIL = Component(LITHIUM_ID, 1.0)  # a Li foil's one component


class Electrode(NamedTuple):
    """An electrode's layer per cm2: components as made and the layer at both cycle ends
    (an immutable tuple: built on every evaluation, and cheaper than a frozen dataclass)."""

    parts: tuple[Part, ...]
    masses: tuple[Num, ...]  # as made, mg/cm2
    porosity: Num
    thickness_um: Num
    thickness_charged_um: Num
    thickness_discharged_um: Num
    mass_mg_cm2: Num
    solid_density: Num = 0.0  # pore-free, as made (0 for a Li foil or no interlayer)
    compaction: CompactionResult | None = None  # when the porosity is derived from pressure


class CathodeCapacity(NamedTuple):
    """What the cathode stores and how much Li moves, mAh/cm2; its mean potential vs Li+/Li."""

    theoretical: Num
    practical: Num
    used: Num  # on the design's capacity basis
    released: Num  # Li given up at charge: what its actives hold as made, as far as it is used
    needed: Num  # Li taken at discharge beyond what the charge released
    voltage_V: Num


class AnodeCapacity(NamedTuple):
    """The anode's capacity and the Li it holds as built, mAh/cm2; its mean potential vs Li+/Li;
    the pre-lithiation its host could not take, which stays Li metal, mAh/cm2."""

    capacity: Num
    lithium: Num
    voltage_V: Num
    beyond_host: Num = 0.0


def solid_volume_fractions(parts: Sequence[Part], solid_density: Num) -> list[Num]:
    """Each component's share of the layer's pore-free volume: w_i / rho_i * rho_solid."""
    return [p.fraction / p.density * solid_density for p in parts]


def pressed(
    laws: Sequence[CompactionLaw | None],
    solid_fractions: Sequence[Num],
    pressing_MPa: Num,
    operating_MPa: Num,
) -> tuple[Num, CompactionResult]:
    """The porosity a layer has under the stack pressure, derived from its pressing pressure."""
    pressed_, released, operating = pressed_layer_porosities(
        laws,  # type: ignore[arg-type]  # validate() refused components without a law
        solid_fractions,
        pressing_MPa,
        operating_MPa,
    )
    return operating, CompactionResult(
        pressing_pressure_MPa=pressing_MPa,
        operating_pressure_MPa=operating_MPa,
        pressed_porosity=pressed_,
        released_porosity=released,
        operating_porosity=operating,
    )


def _layer_porosity(
    porosity: Num | None,
    pressing_MPa: Num | None,
    parts: Sequence[Part],
    solid_density: Num,
    operating_MPa: Num,
) -> tuple[Num, CompactionResult | None]:
    """A composite layer's porosity: as given, or derived from its pressing pressure."""
    if pressing_MPa is None:
        return porosity, None  # type: ignore[return-value]  # validate() requires one of them
    return pressed(
        [p.material.compaction for p in parts],
        solid_volume_fractions(parts, solid_density),
        pressing_MPa,
        operating_MPa,
    )


def electrode_transport(
    electrode: Electrode,
    temperature_C: Num,
    model: TransportModel,
    liquid: Material | None = None,
) -> TransportResult:
    """A composite layer's transport: each component a phase of volume fraction
    w_i / rho_i * rho_solid * (1 - porosity), and a liquid electrolyte in its pores one of volume
    fraction porosity (computed when read: results.TransportResult)."""
    porosity = electrode.porosity
    scale = electrode.solid_density * (1.0 - porosity)
    phases = tuple((p.material.conduction, p.fraction / p.density * scale) for p in electrode.parts)
    if liquid is not None:
        phases += ((liquid.conduction, porosity),)
    return TransportResult(temperature_C, porosity, electrode.thickness_um, phases, model)


def filled(electrode: Electrode, liquid: Material) -> Electrode:
    """The electrode with a liquid electrolyte in its pores (as made), which it weighs too."""
    added = pore_liquid_mg_cm2(
        electrode.thickness_um, electrode.porosity, liquid.value("density_g_cm3")
    )
    return electrode._replace(mass_mg_cm2=electrode.mass_mg_cm2 + added)


class CathodeMix(NamedTuple):
    """What a cathode's components fix, whatever its loading and porosity: kept per components
    (engine/evaluate/memo.py), so an edit of the loading or porosity reuses it."""

    parts: tuple[Part, ...]
    solid_density: Num  # pore-free, as made
    active_fraction: Num  # the actives' share of the mass
    y_charged: tuple[Num, ...]  # each component's lithiation degree at top of charge
    y_discharged: tuple[Num, ...]  # and at end of discharge
    voltage: Num  # the actives' mean potential vs Li+/Li, weighted by the capacity each gives


def _mean_voltage(parts: tuple[Part, ...]) -> Num:
    """The actives' potentials weighted by the capacity each gives, w_i q_i: the loading is
    common to all actives and cancels."""
    actives = [p for p in parts if p.active]
    return capacity_weighted(
        [p.voltage for p in actives], [p.fraction * p.capacity_used for p in actives]
    )


def _cathode_mix(components: tuple[Component, ...], library: Library, basis: str) -> CathodeMix:
    """The components resolved, the solid's density, and each active's lithiation at both cycle
    ends: a charge takes out the share of its range the cell uses, a discharge puts it back."""
    parts = tuple(resolve(c, library, basis) for c in components)
    used = [clip01(p.capacity_used / p.capacity_theoretical) if p.active else 0.0 for p in parts]
    y_charged = tuple(
        lithiation_charged(p.y_made, f, p.lithiated) if p.active else p.y_made
        for p, f in zip(parts, used, strict=True)
    )
    y_discharged = tuple(
        lithiation_discharged(y, f) if p.active else y
        for p, y, f in zip(parts, y_charged, used, strict=True)
    )
    return CathodeMix(
        parts,
        composite_solid_density_g_cm3([p.fraction for p in parts], [p.density for p in parts]),
        total([p.fraction for p in parts if p.active]),
        y_charged,
        y_discharged,
        _mean_voltage(parts),
    )


def _coated_mix(mix: CathodeMix, parts: tuple[Part, ...]) -> CathodeMix:
    """The mix with its actives coated: the same fractions and lithiations, a solid density that
    counts the shells."""
    density = composite_solid_density_g_cm3([p.fraction for p in parts], [p.density for p in parts])
    return mix._replace(parts=parts, solid_density=density, voltage=_mean_voltage(parts))


def _cathode_loading(cathode: Cathode, active_fraction: Num, rho_solid: Num, porosity: Num) -> Num:
    """The composite's areal mass: from the actives' loading, given, or from its thickness."""
    if cathode.active_loading_mg_cm2 is not None:
        return cathode.active_loading_mg_cm2 / active_fraction
    if cathode.loading_mg_cm2 is not None:
        return cathode.loading_mg_cm2
    return layer_loading_mg_cm2(given(cathode.thickness_um), rho_solid, porosity)


def cathode(design: Design, library: Library) -> tuple[Electrode, CathodeCapacity]:
    """The composite cathode as made and at both cycle ends, and what it stores."""
    layer = design.cathode
    basis = design.capacity_basis
    mix = per_part(
        library, ("cathode", basis), layer.components, lambda c: _cathode_mix(c, library, basis)
    )
    if layer.coating_material is not None:
        mix = _coated_mix(mix, coat(design, library, mix.parts))
    parts, rho_solid = mix.parts, mix.solid_density
    porosity, compaction = _layer_porosity(
        layer.porosity,
        layer.pressing_pressure_MPa,
        parts,
        rho_solid,
        design.operating.stack_pressure_MPa,
    )
    loading = _cathode_loading(layer, mix.active_fraction, rho_solid, porosity)
    masses = tuple(p.fraction * loading for p in parts)
    porous = 1.0 - porosity
    electrode = Electrode(  # positional, in field order (see Electrode)
        parts,
        masses,
        porosity,
        layer_thickness_um(loading, rho_solid, porosity),
        solid_volume_um(parts, masses, mix.y_charged) / porous,
        solid_volume_um(parts, masses, mix.y_discharged) / porous,
        loading,
        rho_solid,
        compaction,
    )
    return electrode, _cathode_capacity(layer, mix, masses)


def _cathode_capacity(cathode: Cathode, mix: CathodeMix, masses: Sequence[Num]) -> CathodeCapacity:
    """What the actives store, theoretically, practically and on the design's basis, and the Li
    they give up at charge and take at discharge beyond it (mAh/cm2); their mean potential."""
    full, practical, used, released, needed = [], [], [], [], []
    for p, m, y_charged, y_discharged in zip(
        mix.parts, masses, mix.y_charged, mix.y_discharged, strict=True
    ):
        if p.active:
            q = areal_capacity_mAh_cm2(m, p.capacity_theoretical)
            full.append(q)
            practical.append(areal_capacity_mAh_cm2(m, p.capacity_practical))
            used.append(areal_capacity_mAh_cm2(m, p.capacity_used))
            released.append(q * (p.y_made - y_charged))
            needed.append(q * positive_part(y_discharged - p.y_made))
    voltage = mix.voltage if cathode.mean_voltage_V is None else cathode.mean_voltage_V
    return CathodeCapacity(  # positional, in field order (see CathodeCapacity)
        total(full), total(practical), total(used), total(released), total(needed), voltage
    )


def anode(
    design: Design, library: Library, q_np: Num, cathode_capacity: CathodeCapacity
) -> tuple[Electrode, AnodeCapacity]:
    """The anode as built and at both cycle ends. q_np: the cathode's capacity on the N/P basis
    (mAh/cm2); the cathode's released and needed Li size what plates and what is taken."""
    layer = design.anode
    if layer.kind == "li_metal":
        return _lithium_foil(layer, library, design.capacity_basis, q_np, cathode_capacity)
    lithium = library[LITHIUM_ID]
    metal = (lithium.value("capacity_theoretical_mAh_g"), lithium.value("density_g_cm3"))
    parts = tuple(resolve(c, library, design.capacity_basis) for c in layer.components)
    operating_MPa = design.operating.stack_pressure_MPa
    if layer.kind == "anode_free":
        electrode = _anode_free(layer, parts, cathode_capacity, operating_MPa, metal)
        held = 0.0 if layer.prelithiation_mAh_cm2 is None else layer.prelithiation_mAh_cm2
        return electrode, AnodeCapacity(0.0, held, lithium.get("voltage_avg_V") or 0.0)
    return _host(layer, parts, q_np, cathode_capacity, operating_MPa, metal)


def _lithium_foil(
    layer: Anode, library: Library, basis: str, q_np: Num, cathode_capacity: CathodeCapacity
) -> tuple[Electrode, AnodeCapacity]:
    """A Li foil: sized by thickness or N/P; Li plates on it at charge and is taken at
    discharge (no more than it holds)."""
    lithium = library[LITHIUM_ID]
    q_li = lithium.value("capacity_theoretical_mAh_g")
    rho_li = lithium.value("density_g_cm3")
    if layer.n_p_ratio is not None:
        capacity = layer.n_p_ratio * q_np
        mass = mass_for_capacity_mg_cm2(capacity, q_li)
    else:
        mass = given(layer.thickness_um) * rho_li / UM_PER_MG_CM2_PER_G_CM3
        capacity = areal_capacity_mAh_cm2(mass, q_li)
    thickness = mass * UM_PER_MG_CM2_PER_G_CM3 / rho_li
    needed = cathode_capacity.needed
    taken = (
        min(needed, capacity)
        if type(capacity) is float and type(needed) is float
        else np.minimum(needed, capacity)
    )
    electrode = Electrode(  # positional, in field order (see Electrode)
        (resolve(_LITHIUM_FOIL, library, basis),),
        (mass,),
        0.0,
        thickness,
        thickness + lithium_thickness_um(cathode_capacity.released, q_li, rho_li),
        # All of the foil used (N/P 1) leaves 0 um, not a rounding's -4e-22 um.
        positive_part(thickness - lithium_thickness_um(taken, q_li, rho_li)),
        mass,
    )
    return electrode, AnodeCapacity(capacity, capacity, lithium.get("voltage_avg_V") or 0.0)


def _anode_free(
    layer: Anode,
    parts: tuple[Part, ...],
    cathode_capacity: CathodeCapacity,
    operating_MPa: Num,
    metal: tuple[float, float],
) -> Electrode:
    """An anode-free electrode: the interlayer, if any, the Li plated under it at charge, and a
    pre-lithiation's Li layer (what the discharge does not take of it stays)."""
    plated_charged_um = lithium_thickness_um(cathode_capacity.released, *metal)
    compaction = None
    if parts:
        rho = composite_solid_density_g_cm3([p.fraction for p in parts], [p.density for p in parts])
        porosity, compaction = _layer_porosity(
            layer.porosity, layer.pressing_pressure_MPa, parts, rho, operating_MPa
        )
        thickness = given(layer.thickness_um)
        mass = layer_loading_mg_cm2(thickness, rho, porosity)
    else:
        porosity = 0.0 if layer.porosity is None else layer.porosity
        mass, thickness, rho = 0.0, 0.0, 0.0
    masses = tuple(p.fraction * mass for p in parts)
    reservoir: Num = 0.0  # um of pre-lithiation Li as built, and what the discharge leaves
    left: Num = 0.0
    pre = layer.prelithiation_mAh_cm2
    if pre is not None:
        reservoir = lithium_thickness_um(pre, *metal)
        left = lithium_thickness_um(positive_part(pre - cathode_capacity.needed), *metal)
        mass = mass + mass_for_capacity_mg_cm2(pre, metal[0])
    return Electrode(
        parts=parts,
        masses=masses,
        porosity=porosity,
        thickness_um=thickness + reservoir,
        thickness_charged_um=thickness + reservoir + plated_charged_um,
        thickness_discharged_um=thickness + left,
        mass_mg_cm2=mass,
        solid_density=rho,
        compaction=compaction,
    )


def _host(
    layer: Anode,
    parts: tuple[Part, ...],
    q_np: Num,
    cathode_capacity: CathodeCapacity,
    operating_MPa: Num,
    metal: tuple[float, float],
) -> tuple[Electrode, AnodeCapacity]:
    """An alloy foil or a composite anode: hosts whose lithiation follows the Li they hold,
    pre-lithiated up to their capacity (the rest of a pre-lithiation stays Li metal on them)."""
    rho_solid = composite_solid_density_g_cm3(
        [p.fraction for p in parts], [p.density for p in parts]
    )
    actives = [p for p in parts if p.active]
    specific = total([p.fraction * p.capacity_used for p in actives])  # mAh per g of layer
    compaction = None
    porosity: Num = 0.0
    if layer.kind == "composite":
        porosity, compaction = _layer_porosity(
            layer.porosity, layer.pressing_pressure_MPa, parts, rho_solid, operating_MPa
        )
    if layer.n_p_ratio is not None:
        mass = mass_for_capacity_mg_cm2(layer.n_p_ratio * q_np, specific)
    elif layer.loading_mg_cm2 is not None:
        mass = layer.loading_mg_cm2
    else:
        mass = layer_loading_mg_cm2(given(layer.thickness_um), rho_solid, porosity)
    masses = tuple(p.fraction * mass for p in parts)
    capacity = areal_capacity_mAh_cm2(mass, specific)
    capacity_full = areal_capacity_mAh_cm2(
        mass, total([p.fraction * p.capacity_theoretical for p in actives])
    )
    y0: Num = min(p.y_made for p in actives)
    porous = 1.0 - porosity
    pre = layer.prelithiation_mAh_cm2
    thickness = layer_thickness_um(mass, rho_solid, porosity)
    beyond: Num = 0.0  # mAh/cm2 of the pre-lithiation the host cannot take
    metal_um: Num = 0.0  # and its thickness as Li metal
    if pre is not None:
        taken = pre - positive_part(pre - capacity_full * (1.0 - y0))
        beyond = pre - taken
        metal_um = lithium_thickness_um(beyond, *metal)
        y0 = y0 + taken / capacity_full
        thickness = solid_volume_um(parts, masses, [y0] * len(parts)) / porous + metal_um
    y_charged = clip01(y0 + cathode_capacity.released / capacity_full)
    y_discharged = clip01(y0 - cathode_capacity.needed / capacity_full)
    electrode = Electrode(
        parts=parts,
        masses=masses,
        porosity=porosity,
        thickness_um=thickness,
        thickness_charged_um=solid_volume_um(parts, masses, [y_charged] * len(parts)) / porous
        + metal_um,
        thickness_discharged_um=solid_volume_um(parts, masses, [y_discharged] * len(parts)) / porous
        + metal_um,
        mass_mg_cm2=mass if pre is None else mass + mass_for_capacity_mg_cm2(pre, metal[0]),
        solid_density=rho_solid,
        compaction=compaction,
    )
    voltage = layer.mean_voltage_V
    if voltage is None:
        voltage = capacity_weighted(
            [p.voltage for p in actives], [p.fraction * p.capacity_used for p in actives]
        )
    lithium = capacity if all(p.lithiated for p in actives) else 0.0
    if pre is not None:
        lithium = lithium + pre
    return electrode, AnodeCapacity(capacity, lithium, voltage, beyond)
