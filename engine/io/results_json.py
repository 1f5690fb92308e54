"""Results as plain JSON (the output of ``main.py evaluate --json``; keys in docs/design-format.md).

This is a public interface: keys are only ever added, and a removal or change of meaning bumps
RESULTS_VERSION.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.design import Design, Num
from engine.evaluate.coating import coating_of
from engine.evaluate.cost import NOT_COUNTED
from engine.evaluate.curve import curve_from_results
from engine.evaluate.inventory import lithium_inventory
from engine.evaluate.trace import explain
from engine.problems import DesignError
from engine.results import (
    CompactionResult,
    FixtureResult,
    LayerResult,
    Results,
    Rung,
    TransportResult,
)
from engine.version import version
from engine.voltage import VoltageCurve

RESULTS_FORMAT = "lamina-results"
RESULTS_VERSION = 1
TRACED = ("areal_capacity", "cell_voltage", "wh_per_kg:cell", "wh_per_l:cell", "porosity:cathode")
CURVE_POINTS = 101  # points of each curve written out


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    return value


def _compaction(c: CompactionResult | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "pressing_pressure_MPa": _plain(c.pressing_pressure_MPa),
        "operating_pressure_MPa": _plain(c.operating_pressure_MPa),
        "pressed_porosity": _plain(c.pressed_porosity),
        "released_porosity": _plain(c.released_porosity),
        "operating_porosity": _plain(c.operating_porosity),
    }


def _transport(t: TransportResult | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "temperature_C": _plain(t.temperature_C),
        "ionic_volume_fraction": _plain(t.ionic_volume_fraction),
        "electronic_volume_fraction": _plain(t.electronic_volume_fraction),
        "ionic_conductivity_S_cm": _plain(t.ionic_conductivity_S_cm),
        "electronic_conductivity_S_cm": _plain(t.electronic_conductivity_S_cm),
        "ionic_asr_ohm_cm2": _finite(t.ionic_asr_ohm_cm2),
        "electronic_asr_ohm_cm2": _finite(t.electronic_asr_ohm_cm2),
    }


def _finite(value: Any) -> Any:
    """JSON has no infinity: an infinite resistance (no connected path) is written as null."""
    plain = _plain(value)
    if isinstance(plain, list):
        return [_finite(v) for v in plain]
    return None if plain == float("inf") else plain


def _fixture(f: FixtureResult | None, energy_Wh: Num) -> dict[str, Any] | None:
    if f is None:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        per_wh = np.asarray(f.mass_per_cell_g, dtype=float) / np.asarray(energy_Wh, dtype=float)
    return {
        "sized": f.sized,
        "mass_g": _plain(f.mass_g),
        "volume_cm3": _plain(f.volume_cm3),
        "material": f.material,
        "safety_factor": _plain(f.safety_factor),
        "force_N": _plain(f.force_N),
        "plate_thickness_mm": _plain(f.plate_thickness_mm),
        "bolt_area_mm2": _plain(f.bolt_area_mm2),
        "bolt_length_mm": _plain(f.bolt_length_mm),
        "cells": f.cells,
        "mass_per_cell_g": _plain(f.mass_per_cell_g),
        "volume_per_cell_cm3": _plain(f.volume_per_cell_cm3),
        # each cell's share over the cell's energy; null for a cell that stores none
        "mass_per_Wh_g": _finite(np.where(np.isfinite(per_wh), per_wh, np.inf)),
    }


def _curve(curve: VoltageCurve) -> dict[str, Any]:
    """A discharge or charge curve at the design's C-rate and temperature: its figures, the cell's
    specific energy and power, and the points with the loss of each cause."""
    cell = curve.specific("cell")
    return {
        "c_rate": _plain(curve.c_rate),
        "c_rate_basis": curve.c_rate_basis,
        "temperature_C": _plain(curve.temperature_C),
        "current_mA_cm2": _plain(curve.current_mA_cm2),
        "cutoff_V": _plain(curve.cutoff_V),
        "capacity_mAh_cm2": _plain(curve.delivered_mAh_cm2),
        "specific_capacity_mAh_g": _plain(curve.specific_capacity_mAh_g),
        "utilization": _plain(curve.utilization),
        "accessible_fraction": _plain(curve.accessible_fraction),
        "open_circuit_capacity_mAh_cm2": _plain(curve.open_circuit_mAh_cm2),
        "limited_by": _plain(curve.limited_by),
        "average_voltage_V": _plain(curve.average_voltage_V),
        "average_cathode_potential_V": _plain(curve.average_cathode_potential_V),
        "energy_mWh_cm2": _plain(curve.energy_mWh_cm2),
        "power_mW_cm2": _plain(curve.power_mW_cm2),
        "energy_Wh": _plain(cell["energy_Wh"]),
        "power_W": _plain(cell["power_W"]),
        "wh_per_kg": _plain(cell["wh_per_kg"]),
        "wh_per_l": _plain(cell["wh_per_l"]),
        "w_per_kg": _plain(cell["w_per_kg"]),
        "w_per_l": _plain(cell["w_per_l"]),
        "points": {
            "capacity_mAh_cm2": _plain(curve.capacity_mAh_cm2),
            "voltage_V": _plain(curve.voltage_V),
            "open_circuit_V": _plain(curve.open_circuit_V),
            "cathode_potential_V": _plain(curve.cathode_potential_V),
            "anode_potential_V": _plain(curve.anode_potential_V),
            "losses_V": {key: _plain(value) for key, value in curve.losses.items()},
        },
    }


def _curves(results: Results) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The discharge and charge curves, or (None, None) when the design's actives lack the data
    a curve needs (user materials without an open-circuit curve)."""
    try:
        discharge = curve_from_results(results, "discharge", points=CURVE_POINTS)
        charge = curve_from_results(results, "charge", points=CURVE_POINTS)
    except DesignError:
        return None, None
    return _curve(discharge), _curve(charge)


def results_to_dict(results: Results) -> dict[str, Any]:
    """The whole of a Results as plain JSON types (each key documented in docs/design-format.md)."""
    design = results.design
    discharge, charge = _curves(results)
    return {
        "format": RESULTS_FORMAT,
        "version": RESULTS_VERSION,
        "lamina_version": version(),
        "materials_library": {
            "fingerprint": results.library.fingerprint,
            "materials": len(results.library.materials),
            "user_materials": sorted(results.library.user_ids),
            "carried_materials": sorted(results.library.carried_ids),
        },
        "design_name": design.name,
        "area_cm2": _plain(results.area_cm2),
        "areas_cm2": {name: _plain(value) for name, value in results.areas._asdict().items()},
        "unit_cells": results.unit_cells,
        "capacity": _capacity(results),
        "lithium_inventory": _inventory(results),
        "voltage": {
            "cathode_V": _plain(results.cathode_voltage_V),
            "anode_V": _plain(results.anode_voltage_V),
            "cell_V": _plain(results.cell_voltage_V),
        },
        "energy_Wh": _plain(results.energy_Wh),
        "cell_mass_g": _plain(results.cell_mass_g),
        "cell_volume_cm3": _plain(results.cell_volume_cm3),
        "stack_thickness_um": _plain(results.stack_thickness_um),
        "transport": _transport_summary(results),
        "coating": _coating(results),
        "cost": _cost(results),
        "fixture": _fixture(results.fixture, results.energy_Wh),
        "ladder": [_rung(r) for r in results.ladder],
        "layers": [_layer(layer) for layer in results.layers],
        "warnings": [
            {"code": w.code, "path": w.path, "message": w.message} for w in results.warnings
        ],
        "trace": _trace(results),
        "energy_basis": design.energy_basis,
        "electrode_volume_change": design.electrode_volume_change,
        "liquid_electrolyte": design.liquid_electrolyte,
        "operating": _operating(design),
        "discharge": discharge,
        "charge": charge,
    }


def _trace(results: Results) -> dict[str, Any]:
    """Each traced quantity with its formula, inputs (and their sources) and steps."""
    trace = {}
    for key in TRACED:
        e = explain(results, key)
        trace[key] = {
            "value": e.value,
            "unit": e.unit,
            "formula": e.formula,
            "inputs": [
                {"name": i.name, "value": i.value, "unit": i.unit, "source": i.source}
                for i in e.inputs
            ],
            "steps": list(e.steps),
        }
    return trace


def _capacity(results: Results) -> dict[str, Any]:
    design = results.design
    return {
        "basis": design.capacity_basis,
        "cathode_theoretical_mAh_cm2": _plain(results.cathode_capacity_theoretical_mAh_cm2),
        "cathode_practical_mAh_cm2": _plain(results.cathode_capacity_practical_mAh_cm2),
        "anode_mAh_cm2": _plain(results.anode_capacity_mAh_cm2),
        "cell_mAh_cm2": _plain(results.areal_capacity_mAh_cm2),
        "cell_mAh": _plain(results.capacity_mAh),
        "n_p_ratio": _plain(results.n_p_ratio),
        "n_p_basis": design.n_p_basis,
        "n_p_ratio_practical": _plain(results.n_p_ratio_on("practical")),
        "n_p_ratio_theoretical": _plain(results.n_p_ratio_on("theoretical")),
    }


def _inventory(results: Results) -> dict[str, Any]:
    inventory = lithium_inventory(results)
    first = inventory.formation
    return {
        "prelithiation_mAh_cm2": _plain(results.design.anode.prelithiation_mAh_cm2),
        "anode_lithium_mAh_cm2": _plain(results.anode_lithium_mAh_cm2),
        "first_cycle": {
            "loss_mAh_cm2": _plain(first.loss_mAh_cm2),
            "efficiency": _plain(first.efficiency),
            "source": first.source or None,
            "drawn_from_anode_mAh_cm2": _plain(first.drawn_from_anode_mAh_cm2),
            "excess_before_mAh_cm2": _plain(first.excess_before_mAh_cm2),
            "capacity_after_mAh_cm2": _plain(first.capacity_after_mAh_cm2),
            "share_kept": _plain(first.share_kept),
        },
        "cycled_mAh_cm2": _plain(inventory.cycled_mAh_cm2),
        "excess_mAh_cm2": _plain(inventory.excess_mAh_cm2),
        "excess_um": _plain(inventory.excess_um),
        "coulombic_efficiency": _plain(inventory.coulombic_efficiency),
        "coulombic_efficiency_source": inventory.efficiency_source or None,
        "cycles": _plain(inventory.cycles),
        "lost_per_cycle_mAh_cm2": _plain(inventory.lost_per_cycle_mAh_cm2),
        "full_capacity_cycles": _finite(inventory.full_capacity_cycles),
        "capacity_after_cycles_mAh_cm2": _plain(inventory.capacity_after_cycles_mAh_cm2),
        "retention_after_cycles": _plain(inventory.retention_after_cycles),
        "excess_needed_mAh_cm2": _plain(inventory.excess_needed_mAh_cm2),
        "excess_needed_um": _plain(inventory.excess_needed_um),
    }


def _coating(results: Results) -> dict[str, Any] | None:
    """The cathode actives' coating, or None uncoated."""
    coating = coating_of(results.design.cathode)
    if coating is None:
        return None
    material, thickness = coating
    return {
        "material": material,
        "thickness_nm": _plain(thickness),
        "mass_mg_cm2": _plain(results.coating_mg_cm2),
        "asr_ohm_cm2": _plain(results.coating_asr_ohm_cm2),
    }


def _cost(results: Results) -> dict[str, Any] | None:
    """What the materials cost at the design's prices, or None without prices."""
    cost = results.cost
    if cost is None:
        return None
    return {
        "counted": NOT_COUNTED,
        "prices": [
            {
                "material": p.material,
                "usd_per_kg": _plain(p.usd_per_kg),
                "source": p.source,
                "year": p.year,
            }
            for p in results.design.prices
        ],
        "unpriced": list(cost.unpriced),
        "unused": list(cost.unused),
        "ladder": [
            {
                "key": r.key,
                "level": r.level,
                "usd": _plain(r.usd),
                "usd_per_kwh": _finite(r.usd_per_kwh),
            }
            for r in cost.rungs
        ],
        "layers": [
            {
                "key": layer.key,
                "usd": _plain(layer.usd),
                "materials": [
                    {"material": x.material, "mass_g": _plain(x.mass_g), "usd": _plain(x.usd)}
                    for x in layer.lines
                ],
            }
            for layer in cost.layers
        ],
    }


def _transport_summary(results: Results) -> dict[str, Any]:
    design = results.design
    return {
        "temperature_C": _plain(design.operating.temperature_C),
        "bruggeman_exponent": _plain(design.transport.bruggeman_exponent),
        "percolation_threshold": _plain(design.transport.percolation_threshold),
        "separator_asr_ohm_cm2": _finite(results.separator_asr_ohm_cm2),
        "interface_asr_ohm_cm2": _plain(results.interface_asr_ohm_cm2),
        "coating_asr_ohm_cm2": _plain(results.coating_asr_ohm_cm2),
        "cathode_ionic_asr_ohm_cm2": _finite(results.cathode_ionic_asr_ohm_cm2),
        "cathode_electronic_asr_ohm_cm2": _finite(results.cathode_electronic_asr_ohm_cm2),
    }


def _rung(r: Rung) -> dict[str, Any]:
    return {
        "key": r.key,
        "level": r.level,
        "label": r.label,
        "wh_per_kg": _plain(r.wh_per_kg),
        "wh_per_l": _plain(r.wh_per_l),
        "wh_per_l_discharged": _plain(r.wh_per_l_discharged),
        "energy_Wh": _plain(r.energy_Wh),
        "voltage_V": _plain(r.voltage_V),
        "mass_g": _plain(r.mass_g),
        "volume_cm3": _plain(r.volume_cm3),
        "volume_discharged_cm3": _plain(r.volume_discharged_cm3),
        "basis": r.basis,
        "voltage_basis": "cathode_vs_li" if r.vs_lithium else "cell",
        "cell_voltage_V": _plain(r.cell_voltage_V),
        "energy_at_cell_voltage_Wh": _plain(r.energy_at_cell_voltage_Wh),
        "wh_per_kg_at_cell_voltage": _plain(r.wh_per_kg_at_cell_voltage),
        "wh_per_l_at_cell_voltage": _plain(r.wh_per_l_at_cell_voltage),
        "wh_per_l_discharged_at_cell_voltage": _plain(r.wh_per_l_discharged_at_cell_voltage),
    }


def _layer(layer: LayerResult) -> dict[str, Any]:
    return {
        "key": layer.key,
        "label": layer.label,
        "material": layer.material,
        "count": _plain(layer.count),
        "mass_mg_cm2": _plain(layer.mass_mg_cm2),
        "thickness_um": _plain(layer.thickness_um),
        "thickness_charged_um": _plain(layer.thickness_charged_um),
        "thickness_discharged_um": _plain(layer.thickness_discharged_um),
        "mass_g": _plain(layer.mass_g),
        "volume_cm3": _plain(layer.volume_cm3),
        "mass_share": _plain(layer.mass_share),
        "porosity": _plain(layer.porosity),
        "porosity_source": layer.porosity_source,
        "compaction": _compaction(layer.compaction),
        "transport": _transport(layer.transport),
        "components": [
            {
                "material": c.material,
                "mass_fraction": _plain(c.mass_fraction),
                "mass_mg_cm2": _plain(c.mass_mg_cm2),
                "mass_g": _plain(c.mass_g),
                "solid_volume_um": _plain(c.solid_volume_um),
            }
            for c in layer.components
        ],
    }


def _operating(design: Design) -> dict[str, Any]:
    return {
        "stack_pressure_MPa": _plain(design.operating.stack_pressure_MPa),
        "temperature_C": _plain(design.operating.temperature_C),
        "c_rate": _plain(design.operating.c_rate),
        "c_rate_basis": design.operating.c_rate_basis,
        "discharge_cutoff_V": _plain(design.operating.discharge_cutoff_V),
        "charge_cutoff_V": _plain(design.operating.charge_cutoff_V),
        "cycles": _plain(design.operating.cycles),
    }
