"""The energy-density ladder as a reader sees it: its rows and the bases they are counted on, in
words (the window's numbers panel, the text output and the report share them).

Levels 1 and 2 are counted at the cathode's potential vs Li+/Li, levels 3 and up at the cell
voltage. Papers use both conventions for the cathode levels (Pan et al. 2023, Batteries &
Supercaps, DOI 10.1002/batt.202300427, quote 1020 Wh/kg vs Li+/Li; Wu et al. 2020, Adv. Mater.,
DOI 10.1002/adma.202000751, Table 3 quotes cathode levels at the cell voltage against Li-In), so a
cathode level whose two figures differ gets a second row at the cell voltage.
"""

from __future__ import annotations

from engine.results import Results, Rung


def ladder_rows(ladder: tuple[Rung, ...]) -> list[tuple[Rung, bool]]:
    """Each rung, followed for levels 1 and 2 by the same rung at the cell voltage when the two
    differ (an anode not at 0 V vs Li+/Li): (rung, at the cell voltage)."""
    rows = []
    for rung in ladder:
        rows.append((rung, False))
        if rung.has_cell_voltage_figures:
            rows.append((rung, True))
    return rows


def ladder_bases_text(results: Results) -> str:
    """One short paragraph: the voltage, capacity and volume each level's figures are on."""
    cathode_V = float(results.cathode_voltage_V)
    cell_V = float(results.cell_voltage_V)
    design = results.design
    if any(at_cell for _rung, at_cell in ladder_rows(results.ladder)):
        cathode = (
            f"Levels 1-2: vs Li+/Li, {cathode_V:.3g} V ('at cell' rows: the cell's {cell_V:.3g} V)"
        )
    else:
        cathode = f"Levels 1-2: vs Li+/Li, {cathode_V:.3g} V, also the cell voltage"
    volume = (
        "top of charge" if design.electrode_volume_change else "as built (volume change ignored)"
    )
    return (
        f"{cathode}; 3 and up: the cell's {cell_V:.3g} V; {results.areal_capacity_basis}. "
        f"Wh/L from level 3 at {volume}; 'dis.' at end of discharge."
    )
