"""Results as a plain-text table (the output of ``main.py evaluate``): the ladder with the basis
of each rung, the layers, pressure and transport, the discharge curve and the warnings."""

from __future__ import annotations

import numpy as np

from engine.evaluate.coating import coating_text
from engine.evaluate.cost import cost_lines
from engine.evaluate.curve import curve_from_results
from engine.evaluate.inventory import (
    cycling_text,
    formation_text,
    lithium_inventory,
    prelithiation_text,
)
from engine.ladder_words import ladder_bases_text, ladder_rows
from engine.materials import library_stamp
from engine.problems import DesignError
from engine.results import Results
from engine.version import version

NO_PATH = {
    "no_ionic_path": "no ionic path through the cathode",
    "no_electronic_path": "no electronic path through the cathode",
}


def format_table(results: Results) -> str:
    design = results.design
    lines = [design.name, f"Lamina {version()}, {library_stamp(results.library)}", ""]
    inventory = lithium_inventory(results)
    lines.append(f"{'Level':<36}{'Wh/kg':>9}{'Wh/L':>9}{'Wh/L dis.':>10}  Basis")
    for rung, at_cell in ladder_rows(results.ladder):
        if at_cell:
            label = f"  at cell {rung.cell_voltage_V:.3g} V"
            lines.append(
                f"{label:<36}{rung.wh_per_kg_at_cell_voltage:>9.1f}"
                f"{rung.wh_per_l_at_cell_voltage:>9.1f}"
                f"{rung.wh_per_l_discharged_at_cell_voltage:>10.1f}"
            )
        else:
            label = f"{rung.level} {rung.label}"
            lines.append(
                f"{label:<36}{rung.wh_per_kg:>9.1f}{rung.wh_per_l:>9.1f}"
                f"{rung.wh_per_l_discharged:>10.1f}  {rung.basis}"
            )
    lines.append(ladder_bases_text(results))
    n_p = (
        "n/a (anode-free)"
        if results.n_p_ratio is None
        else f"{results.n_p_ratio_on('practical'):.3g} practical, "
        f"{results.n_p_ratio_on('theoretical'):.3g} theoretical"
    )
    lines += [
        "",
        (
            f"Areal capacity {results.areal_capacity_mAh_cm2:.4g} mAh/cm2 "
            f"({results.areal_capacity_basis}); cell {results.capacity_mAh:.4g} mAh, "
            f"{results.energy_Wh:.4g} Wh at {results.cell_voltage_V:.4g} V"
        ),
        (
            f"N/P {n_p} (the anode sized on the {design.n_p_basis}); cell "
            f"{results.cell_mass_g:.4g} g, {results.cell_volume_cm3:.4g} cm3; stack "
            f"{results.stack_thickness_um:.4g} um"
        ),
        *([results.areas.text()] if design.overhang.any() else []),
        *filter(None, [prelithiation_text(results)]),
        formation_text(inventory.formation),
        cycling_text(inventory),
        "",
        f"{'Layer':<30}{'count':>6}{'um':>10}{'mg/cm2':>10}{'g':>10}{'share':>8}",
    ]
    for layer in results.layers:
        lines.append(
            f"{layer.label:<30}{layer.count:>6}{layer.thickness_um:>10.4g}"
            f"{layer.mass_mg_cm2:>10.4g}{layer.mass_g:>10.4g}{layer.mass_share:>8.1%}"
        )
    lines += ["", *_pressure_and_transport_lines(results)]
    if results.cost is not None:
        lines += ["", *cost_lines(results)]
    if results.warnings:
        lines += ["", "Warnings:"] + [f"  {w}" for w in results.warnings]
    return printable("\n".join(lines))


def printable(text: str) -> str:
    """text with its control characters (a terminal's escape codes in a design's name or a
    material's id) written out as escapes: what is printed is what the file says, and a file
    cannot recolour, clear or retitle the terminal."""
    return "".join(
        c if c.isprintable() or c == "\n" else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def _pressure_and_transport_lines(results: Results) -> list[str]:
    design = results.design
    lines = []
    for layer in results.layers:
        c = layer.compaction
        if c is not None:
            lines.append(
                f"{layer.label}: porosity {c.operating_porosity:.1%} under "
                f"{c.operating_pressure_MPa:g} MPa, from pressing at {c.pressing_pressure_MPa:g} "
                f"MPa ({c.pressed_porosity:.1%}; {c.released_porosity:.1%} released)"
            )
    lines.append(
        f"ASR at {design.operating.temperature_C:g} C: separator "
        f"{results.separator_asr_ohm_cm2:.4g} ohm cm2; interphases "
        f"{results.interface_asr_ohm_cm2:.4g} ohm cm2; cathode ionic "
        f"{results.cathode_ionic_asr_ohm_cm2:.4g}, electronic "
        f"{results.cathode_electronic_asr_ohm_cm2:.4g} ohm cm2"
    )
    coating = coating_text(results)
    if coating:
        lines.append(coating)
    lines += _curve_lines(results)
    fixture = results.fixture
    if fixture is not None and fixture.sized:
        lines.append(
            f"Fixture ({fixture.material}): {fixture.mass_g:.4g} g, {fixture.volume_cm3:.4g} cm3; "
            f"plates {fixture.plate_thickness_mm:.3g} mm, bolts {fixture.bolt_area_mm2:.3g} mm2 "
            f"for {fixture.force_N:.4g} N"
        )
    if fixture is not None and fixture.cells > 1:
        lines.append(
            f"The fixture holds {fixture.cells} cells: {fixture.mass_per_cell_g:.4g} g and "
            f"{fixture.volume_per_cell_cm3:.4g} cm3 per cell, "
            f"{fixture.mass_per_cell_g / results.energy_Wh:.4g} g per Wh"
        )
    return lines


def _curve_lines(results: Results) -> list[str]:
    """The discharge at the design's C-rate and temperature, and what it loses halfway."""
    try:
        curve = curve_from_results(results, "discharge")
    except DesignError:
        return ["Discharge curve: not available (an active material lacks curve data)"]
    if np.ndim(curve.delivered_mAh_cm2):
        return []  # a sweep: one curve per design, not for a table
    operating = results.design.operating
    conditions = (
        f"Discharge at {operating.c_rate:g}C ({operating.c_rate_basis}) and "
        f"{curve.temperature_C:g} C to {curve.cutoff_V:.3g} V"
    )
    if curve.delivered_mAh_cm2 <= 0.0:
        why = [NO_PATH[w.code] for w in results.warnings if w.code in NO_PATH]
        return [f"{conditions}: delivers nothing" + (f" ({', '.join(why)})" if why else "")]
    middle = curve.losses_at(0.5 * float(curve.delivered_mAh_cm2))
    losses = ", ".join(
        f"{key.replace('_', ' ')} {value * 1000:.0f}" for key, value in middle.items()
    )
    cell = curve.specific("cell")["wh_per_kg"]
    headline = (
        f"{conditions}: {curve.delivered_mAh_cm2:.4g} "
        f"mAh/cm2 ({curve.specific_capacity_mAh_g:.4g} mAh/g of actives, utilization "
        f"{curve.utilization:.1%}, ended by the {curve.limited_by}), mean "
        f"{curve.average_voltage_V:.4g} V, {cell:.4g} Wh/kg of the cell"
    )
    return [
        headline,
        f"  losses halfway (mV): {losses}",
    ]
