"""evaluate(design, library) -> Results, in the order the cell is built up, each step once:

    validate -> electrodes (components resolved against the library) -> separators
    -> cell format -> (the discharge curve, when the ladder's energy is read off it)
    -> Results, which build the ladder, the layer rows and the warnings when first read

The bookkeeping follows DESIGN.md 'The science': per cm2 of one unit cell first, then the cell.
Actives are tracked by their degree of lithiation (engine/physics/lithiation.py), so the cathode
and the anode have one thickness at top of charge and another at end of discharge. Porosity is
taken as constant over the cycle (the convention of Li et al. 2021, Adv. Mater., DOI
10.1002/adma.202008723, for their 1945 Wh/L).
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from engine.design import NO_OVERHANG, SCALAR, Design, Num
from engine.evaluate import electrodes
from engine.evaluate.arrays import any_of, positive_part, total, words
from engine.evaluate.cell import (
    Geometry,
    areas,
    collector_masses,
    collector_thicknesses,
    geometry,
)
from engine.evaluate.coating import coating_asr_ohm_cm2, coating_mass_mg_cm2
from engine.evaluate.cost import cost_of
from engine.evaluate.curve import cell_inputs
from engine.evaluate.electrodes import CathodeCapacity, Electrode
from engine.evaluate.heap import keep_freed_memory
from engine.evaluate.ladder import LadderInputs, build_ladder
from engine.evaluate.layers import layer_results
from engine.evaluate.memo import per_part
from engine.evaluate.separators import Separator, separators
from engine.evaluate.stability import stability_warnings
from engine.evaluate.validate import validate
from engine.evaluate.warnings import capacity_warnings, layer_warnings, voltage_warnings
from engine.materials import Library, Material
from engine.physics.kinetics import c_rate_current_mA_cm2
from engine.problems import DesignWarning
from engine.results import Later, Results, TransportResult, ionic_asr_in_series
from engine.voltage import CellInputs, voltage_curve


class _Energy(NamedTuple):
    """Where the ladder's energy comes from: a capacity and the potentials it is delivered at."""

    q_cell: Num  # mAh/cm2
    cathode_voltage: Num  # vs Li+/Li
    anode_voltage: Num  # vs Li+/Li
    source: str  # "" for capacity x mean voltage, else the curve it is read off


def evaluate(design: Design, library: Library) -> Results:
    """Evaluate a design (scalars or broadcastable arrays) against the materials library; the
    results carry that library, so every later step reads the same materials."""
    checked = validate(design, library)
    cathode, c = electrodes.cathode(design, library)
    q_np = c.theoretical if design.n_p_basis == "theoretical" else c.practical
    anode, a = electrodes.anode(design, library, q_np, c)
    liquid = None if design.liquid_electrolyte is None else library[design.liquid_electrolyte]
    if liquid is not None:
        cathode, anode = electrodes.filled(cathode, liquid), electrodes.filled(anode, liquid)
    if not design.electrode_volume_change:
        cathode, anode = _as_built(cathode), _as_built(anode)
    # Li the delithiated actives need beyond what the anode holds cannot be discharged.
    shortfall = positive_part(c.needed - a.lithium)
    q_cell = positive_part(c.used - shortfall)  # all of it short: 0, not a rounding below
    n_p = None if design.anode.kind == "anode_free" else a.capacity / q_np

    layers = separators(design, library, liquid)
    cathode_transport, anode_transport = _transports(design, cathode, anode, liquid)
    energy = _Energy(q_cell, c.voltage_V, a.voltage_V, "")
    curve_warnings: list[DesignWarning] = []
    if design.energy_basis == "curve":
        curve_inputs = cell_inputs(
            design,
            library,
            (cathode.parts, cathode.masses),
            (anode.parts, anode.masses),
            (
                ionic_asr_in_series(layer.transport for layer in layers),
                cathode_transport.ionic_asr_ohm_cm2,
                cathode_transport.electronic_asr_ohm_cm2,
            ),
            a.voltage_V,
            a.lithium,
            c.practical,
        )
        energy, curve_warnings = _curve_energy(design, curve_inputs)

    def warnings() -> tuple[DesignWarning, ...]:
        return (
            *checked,
            *capacity_warnings(n_p, shortfall, q_cell, a.beyond_host),
            *layer_warnings(design, cathode, anode, layers, cathode_transport),
            *curve_warnings,
            *voltage_warnings(energy.cathode_voltage, energy.anode_voltage),
            *_stability_warnings(design, library, c, a.voltage_V),
        )

    g = _geometry(design, library)
    inputs_of = Later(lambda: _ladder_inputs(design, library, cathode, anode, layers, energy, g))
    ladder_of = Later(lambda: build_ladder(inputs_of()))
    transports = (cathode_transport, anode_transport)
    layers_of = Later(
        lambda: layer_results(
            design, cathode, anode, layers, inputs_of(), ladder_of()[1].mass_g, transports
        )
    )
    results = Results(
        design=design,
        library=library,
        ladder_of=ladder_of,
        layers_of=layers_of,
        warnings_of=Later(warnings),
        area_cm2=g.area,
        unit_cells=int(g.n),
        areas=areas(g),
        cathode_capacity_theoretical_mAh_cm2=c.theoretical,
        cathode_capacity_practical_mAh_cm2=c.practical,
        anode_capacity_mAh_cm2=a.capacity,
        areal_capacity_mAh_cm2=energy.q_cell,
        capacity_mAh=energy.q_cell * (g.area * g.n),
        n_p_ratio=n_p,
        cathode_voltage_V=energy.cathode_voltage,
        anode_voltage_V=energy.anode_voltage,
        cell_voltage_V=energy.cathode_voltage - energy.anode_voltage,
        n_p_reference_mAh_cm2=q_np,
        anode_lithium_mAh_cm2=a.lithium,
        lithium_shortfall_mAh_cm2=shortfall,
        lithium_excess_mAh_cm2=positive_part(a.lithium - c.needed),
        cathode_parts=cathode.parts,
        anode_parts=anode.parts,
        cathode_masses_mg_cm2=cathode.masses,
        anode_masses_mg_cm2=anode.masses,
        cathode_transport=cathode_transport,
        separator_transports=tuple([layer.transport for layer in layers]),
        coating_mg_cm2=coating_mass_mg_cm2(design, cathode.parts, cathode.masses),
        coating_asr_ohm_cm2=coating_asr_ohm_cm2(design, library, cathode.parts, cathode.masses),
    )
    if not isinstance(energy.q_cell, SCALAR):  # a sweep's chunk: its arrays reused by the next
        keep_freed_memory()
    if design.prices:
        results = dataclasses.replace(results, cost=cost_of(results))
    return results


def _stability_warnings(
    design: Design, library: Library, c: CathodeCapacity, anode_V: Num
) -> list[DesignWarning]:
    """The interfaces and the current the design puts outside what its electrolytes withstand
    (engine/evaluate/stability.py), at the current of its C-rate."""
    operating = design.operating
    reference = c.theoretical if operating.c_rate_basis == "theoretical" else c.practical
    current = c_rate_current_mA_cm2(operating.c_rate, reference)
    return stability_warnings(design, library, c.voltage_V, anode_V, current)


def _as_built(electrode: Electrode) -> Electrode:
    """The electrode at its as-built thickness at both ends of the cycle (a design that ignores
    electrode volume change)."""
    t = electrode.thickness_um
    return electrode._replace(thickness_charged_um=t, thickness_discharged_um=t)


def _transports(
    design: Design, cathode: Electrode, anode: Electrode, liquid: Material | None
) -> tuple[TransportResult, TransportResult | None]:
    """Ionic and electronic transport through the composite cathode, and through an anode that
    has a composite to conduct through (with the liquid electrolyte in their pores, if any)."""
    model, temperature = design.transport, design.operating.temperature_C
    cathode_transport = electrodes.electrode_transport(cathode, temperature, model, liquid)
    anode_transport = (
        electrodes.electrode_transport(anode, temperature, model, liquid)
        if design.anode.kind in ("composite", "anode_free") and anode.parts
        else None
    )
    return cathode_transport, anode_transport


def _ladder_inputs(
    design: Design,
    library: Library,
    cathode: Electrode,
    anode: Electrode,
    layers: tuple[Separator, ...],
    energy: _Energy,
    cell: Geometry,
) -> LadderInputs:
    """What the ladder needs, per cm2 of one unit cell, with the cell's geometry."""
    return LadderInputs(
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
        separator_mass=total([s.mass_mg_cm2 for s in layers]),
        separator_thickness=total([s.thickness_um for s in layers]),
        collector_masses=collector_masses(design, library),
        collector_thicknesses=collector_thicknesses(design),
        geometry=cell,
        q_cell=energy.q_cell,
        cathode_voltage=energy.cathode_voltage,
        anode_voltage=energy.anode_voltage,
        energy_source=energy.source,
    )


def _geometry(design: Design, library: Library) -> Geometry:
    """The cell's areas and unit cells (engine/evaluate/cell.py), kept per cell format."""
    if design.overhang is NO_OVERHANG:
        return per_part(library, geometry, design.cell_format, geometry)
    return geometry(design.cell_format, design.overhang)


def _curve_energy(design: Design, cell: CellInputs) -> tuple[_Energy, list[DesignWarning]]:
    """The ladder's energy read off the discharge curve at the operating C-rate and temperature
    (engine/voltage): its capacity to the cut-off and the mean voltages its energy gives
    (cathode vs Li+/Li for rungs 1 and 2, the cell for the others), in place of capacity x mean
    voltage. Masses and volumes are unchanged."""
    operating = design.operating
    curve = voltage_curve(cell, "discharge", operating.c_rate, operating.c_rate_basis)
    cell_V = curve.average_voltage_V
    cathode_V = curve.average_cathode_potential_V
    source = (
        f"the discharge curve at {words(operating.c_rate, 'C', '')} "
        f"({operating.c_rate_basis} basis) and {words(curve.temperature_C, 'C')} "
        f"to {words(curve.cutoff_V, 'V')}"
    )
    found = []
    if any_of(np.asarray(curve.delivered_mAh_cm2) <= 0.0):
        found.append(
            DesignWarning(
                "curve_delivers_nothing",
                "energy_basis",
                f"{source} delivers no charge: the ladder's energy from it is zero",
            )
        )
    energy = _Energy(curve.delivered_mAh_cm2, cathode_V, cathode_V - cell_V, source)
    return energy, found
