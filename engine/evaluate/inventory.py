"""The cell's Li inventory over its cycles: the Li excess the anode holds, what each cycle loses
at its Coulombic efficiency, how long the excess keeps the capacity whole and what is left after
the design's number of cycles.

Each cycle returns the share CE of the Li it cycles; the rest (1 - CE) is lost to the anode's
interphase or to dead Li. The loss is drawn from the excess first, so the capacity Q stays whole
for n_full = excess / (Q (1 - CE)) cycles, and then falls by CE each cycle:
Q_N = Q CE^max(0, N - n_full) (n_full taken as a real number). An anode-free cell has no excess:
Q_N = Q CE^N. The efficiency is the design's (anode.coulombic_efficiency), or for a Li metal or
anode-free anode the library's for the electrolyte that faces it (Li3PS4 on bare Li: 88 %, Wu et
al. 2020, Adv. Mater., DOI 10.1002/adma.202000751, section 4.2.2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.design import Num
from engine.evaluate.parts import LITHIUM_ID
from engine.references import short_citation
from engine.results import Results

CE_KEY = "lithium_coulombic_efficiency"


@dataclass(frozen=True)
class LithiumInventory:
    """Per cm2 of one unit cell; cycle figures are None without a Coulombic efficiency."""

    cycled_mAh_cm2: Num  # the Li each cycle moves: the cell's capacity
    excess_mAh_cm2: Num  # Li the anode holds beyond what the cathode takes from it
    excess_um: Num  # the same as a thickness of Li metal
    coulombic_efficiency: Num | None
    efficiency_source: str  # where the efficiency comes from, in words ("" without one)
    cycles: Num  # the design's operating.cycles
    lost_per_cycle_mAh_cm2: Num | None = None
    full_capacity_cycles: Num | None = None  # infinite at CE 1
    capacity_after_cycles_mAh_cm2: Num | None = None
    retention_after_cycles: Num | None = None  # of the first cycle's capacity
    excess_needed_mAh_cm2: Num | None = None  # for the cycles at full capacity
    excess_needed_um: Num | None = None


def lithium_um_per_mAh_cm2(results: Results) -> float:
    """Micrometres of Li metal per mAh/cm2: 1 / (density x capacity), from the library's Li."""
    lithium = results.library[LITHIUM_ID]
    per_cm3 = lithium.value("density_g_cm3") * lithium.value("capacity_theoretical_mAh_g")
    return 1e4 / per_cm3


def coulombic_efficiency(results: Results) -> tuple[Num | None, str]:
    """The design's efficiency, or the library's for the electrolyte facing plated Li."""
    design = results.design
    given = design.anode.coulombic_efficiency
    if given is not None:
        return given, "design: anode.coulombic_efficiency"
    if design.anode.kind not in ("li_metal", "anode_free"):
        return None, ""
    facing = results.library[design.separator[-1].material]
    value = facing.values.get(CE_KEY)
    if value is None:
        return None, ""
    source = ", ".join(p for p in (short_citation(value.ref), value.where) if p)
    return value.value, f"{facing.id} with Li metal, {source}"


def lithium_inventory(results: Results) -> LithiumInventory:
    """The Li inventory of the results' design (the module's docstring gives the model)."""
    q = results.areal_capacity_mAh_cm2
    excess = results.lithium_excess_mAh_cm2
    um = lithium_um_per_mAh_cm2(results)
    cycles = results.design.operating.cycles
    ce, source = coulombic_efficiency(results)
    base = LithiumInventory(q, excess, excess * um, ce, source, cycles)
    if ce is None:
        return base
    lost = q * (1.0 - ce)
    with np.errstate(divide="ignore", invalid="ignore"):
        full = np.where(lost > 0.0, excess / np.where(lost > 0.0, lost, 1.0), np.inf)
    decaying = np.maximum(0.0, cycles - full)
    retention = np.power(ce, decaying)
    needed = cycles * lost
    return LithiumInventory(
        q,
        excess,
        excess * um,
        ce,
        source,
        cycles,
        lost_per_cycle_mAh_cm2=lost,
        full_capacity_cycles=_plain(full),
        capacity_after_cycles_mAh_cm2=_plain(q * retention),
        retention_after_cycles=_plain(retention),
        excess_needed_mAh_cm2=needed,
        excess_needed_um=needed * um,
    )


def _plain(value: np.ndarray) -> Num:
    """A 0-d array back to a float (a scalar design's figures are floats)."""
    return float(value) if np.ndim(value) == 0 else value


def inventory_text(inventory: LithiumInventory) -> str:
    """The Li inventory in one sentence (the text output, the report)."""
    excess = (
        f"Li excess {float(inventory.excess_mAh_cm2):.3g} mAh/cm2 "
        f"({float(inventory.excess_um):.3g} um of Li)"
    )
    if inventory.coulombic_efficiency is None:
        return f"{excess}; no Coulombic efficiency given, so no cycle count"
    ce, lost, full, retention, needed, needed_um = (
        _number(v)
        for v in (
            inventory.coulombic_efficiency,
            inventory.lost_per_cycle_mAh_cm2,
            inventory.full_capacity_cycles,
            inventory.retention_after_cycles,
            inventory.excess_needed_mAh_cm2,
            inventory.excess_needed_um,
        )
    )
    n = float(inventory.cycles)
    lasts = "is never used up" if full == float("inf") else f"lasts {full:.3g} cycles"
    return (
        f"{excess}; Coulombic efficiency {ce:.4g} ({inventory.efficiency_source}): "
        f"{lost:.3g} mAh/cm2 lost per cycle, the excess {lasts}; after {n:g} cycles "
        f"{retention * 100:.3g} % of the capacity is left; {n:g} cycles at full capacity need "
        f"{needed:.3g} mAh/cm2 ({needed_um:.3g} um) of excess Li"
    )


def _number(value: Num | None) -> float:
    assert value is not None  # every cycle figure is set when there is an efficiency
    return float(value)
