"""The cell's Li inventory: what the first cycle (formation) takes, the Li excess the anode
holds, what each later cycle loses at its Coulombic efficiency, how long the excess keeps the
capacity whole and what is left after the design's number of cycles.

Formation: an active's first cycle takes first_cycle_loss_mAh_g beyond its reversible (practical)
capacity, e.g. the pre-lithiation of TiS2 to Li0.1TiS2 (25 mAh/g) and of Mo6S8 to LiMo6S8
(35 mAh/g) that stays in the host (Li et al. 2021, Adv. Mater., DOI 10.1002/adma.202008723,
section 3); or the design gives the cathode's measured first_cycle_efficiency (reversible over
first-cycle capacity), whose loss is Q (1/FCE - 1). An active built delithiated takes its loss
from the anode: from the excess first, then from the capacity, so that the capacity after
formation is Q - max(0, drawn - excess); every level of the ladder keeps that share of its
energy. An active built lithiated loses its own Li.

Cycling: each cycle returns the share CE of the Li it cycles; the rest (1 - CE) is lost to the
anode's interphase or to dead Li. The loss is drawn from the excess left after formation first,
so the capacity Q stays whole for n_full = excess / (Q (1 - CE)) cycles, and then falls by CE
each cycle: Q_N = Q CE^max(0, N - n_full) (n_full taken as a real number). An anode-free cell
has no excess: Q_N = Q CE^N. The efficiency is the design's (anode.coulombic_efficiency), or for
a Li metal or anode-free anode the library's for the electrolyte that faces it (Li3PS4 on bare
Li: 88 %, Wu et al. 2020, Adv. Mater., DOI 10.1002/adma.202000751, section 4.2.2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.design import Num
from engine.evaluate.parts import LITHIUM_ID
from engine.results import Results

CE_KEY = "lithium_coulombic_efficiency"
FIRST_CYCLE_KEY = "first_cycle_loss_mAh_g"


@dataclass(frozen=True)
class Formation:
    """The first cycle, per cm2 of one unit cell."""

    loss_mAh_cm2: Num  # what the first cycle takes beyond the reversible capacity
    efficiency: Num  # reversible over first-cycle capacity
    source: str  # where the loss comes from, in words ("" when there is none)
    drawn_from_anode_mAh_cm2: Num  # the part of the loss the anode's Li pays for
    excess_before_mAh_cm2: Num  # the anode's Li beyond what the cathode takes, as built
    capacity_after_mAh_cm2: Num
    share_kept: Num  # of every level's energy


@dataclass(frozen=True)
class LithiumInventory:
    """Per cm2 of one unit cell; cycle figures are None without a Coulombic efficiency."""

    formation: Formation
    cycled_mAh_cm2: Num  # the Li each cycle moves: the capacity after formation
    excess_mAh_cm2: Num  # Li the anode holds beyond what the cathode takes, after formation
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
    return value.value, f"{facing.id} with Li metal, {value.citation()}"


def formation(results: Results) -> Formation:
    """The first cycle's loss, who pays for it and what it leaves (the module's docstring)."""
    q = results.areal_capacity_mAh_cm2
    excess = results.lithium_excess_mAh_cm2
    own_loss: Num = 0.0  # the library's losses: all of them, and those the anode pays for
    own_drawn: Num = 0.0
    capacity: Num = 0.0  # practical, of all actives and of those built delithiated
    capacity_delithiated: Num = 0.0
    cited = []
    components = results.layer("cathode").components
    for part, component in zip(results.cathode_parts, components, strict=True):
        if not part.active:
            continue
        material = part.material
        mass = component.mass_mg_cm2 / 1000.0  # g/cm2
        built_delithiated = material.as_made == "delithiated"
        share = mass * part.capacity_practical  # the design's measured capacity, if it gives one
        capacity = capacity + share
        if built_delithiated:
            capacity_delithiated = capacity_delithiated + share
        own = material.values.get(FIRST_CYCLE_KEY)
        if own is not None:  # per gram of the active itself, not of its coated powder
            lost = mass * (1.0 - part.shell_mass_share) * own.value
            own_loss = own_loss + lost
            if built_delithiated:
                own_drawn = own_drawn + lost
            cited.append(f"{material.id} {own.value:g} mAh/g, {own.citation()}")
    given = results.design.cathode.first_cycle_efficiency
    if given is not None:
        loss = q * (1.0 / given - 1.0)
        drawn = loss * _ratio(capacity_delithiated, capacity, 0.0)
        source = "design: cathode.first_cycle_efficiency"
    else:
        loss, drawn, source = own_loss, own_drawn, "; ".join(cited)
    after = q - np.maximum(0.0, drawn - excess)
    efficiency = _ratio(q, q + loss, 1.0)
    kept = _ratio(after, q, 1.0)
    return Formation(loss, efficiency, source, _plain(drawn), excess, _plain(after), kept)


def lithium_inventory(results: Results) -> LithiumInventory:
    """The Li inventory of the results' design (the module's docstring gives the model)."""
    first = formation(results)
    q = first.capacity_after_mAh_cm2
    excess = _plain(np.maximum(0.0, first.excess_before_mAh_cm2 - first.drawn_from_anode_mAh_cm2))
    um = lithium_um_per_mAh_cm2(results)
    cycles = results.design.operating.cycles
    ce, source = coulombic_efficiency(results)
    base = LithiumInventory(first, q, excess, excess * um, ce, source, cycles)
    if ce is None:
        return base
    lost = q * (1.0 - ce)
    full = _ratio(excess, lost, np.inf)
    decaying = np.maximum(0.0, cycles - full)
    retention = np.power(ce, decaying)
    needed = cycles * lost
    return LithiumInventory(
        first,
        q,
        excess,
        excess * um,
        ce,
        source,
        cycles,
        lost_per_cycle_mAh_cm2=lost,
        full_capacity_cycles=full,
        capacity_after_cycles_mAh_cm2=_plain(q * retention),
        retention_after_cycles=_plain(retention),
        excess_needed_mAh_cm2=needed,
        excess_needed_um=needed * um,
    )


def _ratio(numerator: Num, denominator: Num, otherwise: float) -> Num:
    """numerator / denominator where the denominator is above 0, else otherwise."""
    positive = np.asarray(denominator) > 0.0
    safe = np.where(positive, denominator, 1.0)
    return _plain(np.where(positive, np.asarray(numerator) / safe, otherwise))


def _plain(value: Num) -> Num:
    """A 0-d array back to a float (a scalar design's figures are floats)."""
    return float(value) if np.ndim(value) == 0 else value


def formation_text(first: Formation) -> str:
    """The first cycle in one sentence."""
    if not first.source:
        return "First cycle: no first-cycle loss is known for these actives"
    return (
        f"First cycle: efficiency {float(first.efficiency):.1%} ({first.source}), "
        f"{float(first.loss_mAh_cm2):.3g} mAh/cm2 beyond the reversible capacity, "
        f"{float(first.drawn_from_anode_mAh_cm2):.3g} of it from the anode's Li; every level "
        f"keeps {float(first.share_kept):.1%} of its energy"
    )


def prelithiation_text(results: Results) -> str:
    """The anode's pre-lithiation in one sentence ("" without one)."""
    added = results.design.anode.prelithiation_mAh_cm2
    if added is None:
        return ""
    um = float(added) * lithium_um_per_mAh_cm2(results)
    return (
        f"Pre-lithiation: {float(added):.3g} mAh/cm2 of Li ({um:.3g} um as Li metal) added to "
        f"the anode before assembly; the anode holds {float(results.anode_lithium_mAh_cm2):.3g} "
        "mAh/cm2 of Li as built"
    )


def inventory_text(inventory: LithiumInventory) -> str:
    """The Li inventory in two sentences (the text output, the report)."""
    return f"{formation_text(inventory.formation)}. {cycling_text(inventory)}"


def cycling_text(inventory: LithiumInventory) -> str:
    """The Li excess and the cycles in one sentence."""
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
