"""What the cell's materials cost: each layer's materials at the design's prices (US$ per kg),
and every rung of the ladder per kWh of the energy it carries.

Only materials are counted, at the masses the cell holds as built: no processing, yield, scrap,
overhead or margin, and no fixture (a tool the cell is held in, used again). A coated active's
shell is priced as its coating material, a liquid electrolyte in the pores as itself, Li added to
the anode before assembly as Li. A rung that holds a material without a price has no cost (None)
and the materials without one are named: a partial sum is never shown as the cell's cost.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from engine.design import Num, Price
from engine.evaluate.arrays import words
from engine.evaluate.parts import LITHIUM_ID
from engine.physics.stack import pore_liquid_mg_cm2
from engine.problems import Problem
from engine.values import range_text

if TYPE_CHECKING:
    from engine.results import LayerResult, Results

USD_PER_KG = (0.0, 1.0e7, True, True)  # free (recycled) up to far beyond any precious metal
YEARS = (1900, 2100)

# The rungs' layers: rung keys (engine/evaluate/ladder.py) to the layer keys they count; None:
# every layer of the cell. Levels 1 count the actives only; the fixture's rung is not priced.
_ACTIVES = "actives"
_RUNG_LAYERS: dict[str, tuple[str, ...] | None] = {
    "active_delithiated": (_ACTIVES,),
    "active_lithiated": (_ACTIVES,),
    "cathode": ("cathode",),
    "cathode_lithiated": ("cathode",),
    "electrode_pair": ("cathode", "anode"),
    "stack": (
        "cathode_collector",
        "cathode",
        "separator",
        "anode",
        "anode_collector",
    ),
    "cell": None,
}


@dataclass(frozen=True)
class CostLine:
    """One material of a layer: its mass in the whole cell and what it costs (None: no price)."""

    material: str
    mass_g: Num
    usd: Num | None


@dataclass(frozen=True)
class LayerCost:
    key: str
    label: str
    lines: tuple[CostLine, ...]

    @property
    def usd(self) -> Num | None:
        return summed(line.usd for line in self.lines)

    @property
    def unpriced(self) -> tuple[str, ...]:
        """Its materials without a price, once each."""
        return tuple(dict.fromkeys(line.material for line in self.lines if line.usd is None))


@dataclass(frozen=True)
class RungCost:
    """A rung's materials' cost and its cost per kWh of the rung's own energy (levels 1 and 2
    vs Li+/Li, like their Wh/kg)."""

    key: str
    level: int
    label: str
    usd: Num | None
    energy_Wh: Num
    unpriced: tuple[str, ...] = ()  # the materials it holds without a price

    @property
    def usd_per_kwh(self) -> Num | None:
        return None if self.usd is None else self.usd / self.energy_Wh * 1000.0


@dataclass(frozen=True)
class CostResult:
    layers: tuple[LayerCost, ...]
    rungs: tuple[RungCost, ...]
    unpriced: tuple[str, ...]  # materials the cell holds that have no price
    unused: tuple[str, ...]  # prices of materials the cell does not hold

    def rung(self, key: str) -> RungCost:
        for rung in self.rungs:
            if rung.key == key:
                return rung
        raise KeyError(f"no priced rung {key!r}; rungs: {[r.key for r in self.rungs]}")

    def by_material(self) -> dict[str, Num | None]:
        """What each material costs in the whole cell, over every layer that holds it (None:
        no price)."""
        found: dict[str, Num | None] = {}
        for layer in self.layers:
            for line in layer.lines:
                found[line.material] = summed([found.get(line.material, 0.0), line.usd])
        return found

    def layer(self, key: str) -> LayerCost:
        for layer in self.layers:
            if layer.key == key:
                return layer
        raise KeyError(f"no layer {key!r}; layers: {[layer.key for layer in self.layers]}")


def summed(values: Iterable[Num | None]) -> Num | None:
    """The sum, or None if any is None (a material without a price)."""
    total: Num = 0.0
    for value in values:
        if value is None:
            return None
        total = total + value
    return total


def price_problems(prices: tuple[Price, ...]) -> list[Problem]:
    """Every problem of a design's prices, each naming the price, its value and the range."""
    problems: list[Problem] = []
    seen: set[str] = set()
    low, high = USD_PER_KG[:2]
    for i, price in enumerate(prices):
        path = f"prices[{i}]"
        value = price.usd_per_kg
        if isinstance(value, bool) or not isinstance(value, int | float | np.ndarray | np.number):
            problems.append(Problem(f"{path}.usd_per_kg", f"must be a number, got {value!r}"))
        else:
            bad = np.asarray(value, dtype=float)
            bad = bad[~(np.isfinite(bad) & (bad >= low) & (bad <= high))]
            if bad.size:
                problems.append(
                    Problem(
                        f"{path}.usd_per_kg",
                        f"{float(bad.flat[0]):g} is outside the allowed range "
                        f"{range_text(USD_PER_KG)}",
                    )
                )
        if not isinstance(price.material, str) or not price.material.strip():
            problems.append(Problem(f"{path}.material", "must name a material"))
        elif price.material in seen:
            problems.append(
                Problem(f"{path}.material", f"{price.material!r} is priced twice: one price each")
            )
        seen.add(price.material)
        if not isinstance(price.source, str):
            problems.append(Problem(f"{path}.source", f"must be text, got {price.source!r}"))
        year = price.year
        if year is not None and (
            isinstance(year, bool) or not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]
        ):
            problems.append(
                Problem(f"{path}.year", f"{year!r} is not a year from {YEARS[0]} to {YEARS[1]}")
            )
    return problems


def cost_of(results: Results) -> CostResult | None:
    """The cell's materials' cost at the design's prices; None when it gives none."""
    design = results.design
    if not design.prices:
        return None
    prices = {p.material: p for p in design.prices}
    layers = tuple(
        LayerCost(layer.key, layer.label, _lines(layer, results, prices))
        for layer in results.layers
    )
    actives = LayerCost(
        _ACTIVES, "Active materials", tuple(_component_lines(results, prices, actives_only=True))
    )
    rungs = []
    for rung in results.ladder:
        if rung.key not in _RUNG_LAYERS:
            continue  # the fixture: a tool, not part of the cell
        kinds = _RUNG_LAYERS[rung.key]
        counted = (
            [actives]
            if kinds == (_ACTIVES,)
            else [c for c in layers if kinds is None or c.key.partition("[")[0] in kinds]
        )
        usd = summed(c.usd for c in counted)
        missing = tuple(dict.fromkeys(m for c in counted for m in c.unpriced))
        rungs.append(RungCost(rung.key, rung.level, rung.label, usd, rung.energy_Wh, missing))
    held = {line.material for layer in layers for line in layer.lines}
    unpriced = tuple(dict.fromkeys(m for c in layers for m in c.unpriced))
    unused = tuple(m for m in prices if m not in held)
    return CostResult(layers, tuple(rungs), unpriced, unused)


def held_materials(results: Results) -> dict[str, Num]:
    """Every material the cell holds as the cost counts it, with its mass in the cell (g): what
    can be priced."""
    masses: dict[str, Num] = {}
    for layer in results.layers:
        for line in _lines(layer, results, {}):
            masses[line.material] = masses.get(line.material, 0.0) + line.mass_g
    return masses


def _line(material: str, mass_g: Num, prices: dict[str, Price]) -> CostLine:
    price = prices.get(material)
    return CostLine(material, mass_g, None if price is None else mass_g * price.usd_per_kg / 1000.0)


def _component_lines(
    results: Results, prices: dict[str, Price], actives_only: bool
) -> list[CostLine]:
    """The cathode's components as bought (or its actives only): a coated active's core at its
    own price and its shell at the coating's."""
    coating = results.design.cathode.coating_material
    lines = []
    for part, c in zip(results.cathode_parts, results.layer("cathode").components, strict=True):
        if not part.active:
            if not actives_only:
                lines.append(_line(c.material, c.mass_g, prices))
            continue
        shell = c.mass_g * part.shell_mass_share
        lines.append(_line(c.material, c.mass_g - shell, prices))
        if coating is not None:
            lines.append(_line(coating, shell, prices))
    return lines


def _lines(layer: LayerResult, results: Results, prices: dict[str, Price]) -> tuple[CostLine, ...]:
    """A layer's materials: its components (a cathode's actives split into core and shell), or
    its one material, the liquid in its pores, and Li added to an anode before assembly."""
    design = results.design
    if layer.key == "cathode":
        lines = _component_lines(results, prices, actives_only=False)
    elif layer.components:
        lines = [_line(c.material, c.mass_g, prices) for c in layer.components]
    elif layer.material == "plated Li" or (np.ndim(layer.mass_g) == 0 and layer.mass_g == 0):
        lines = []  # nothing as built (an anode-free cell; tabs not weighed)
    else:
        lines = [_line(layer.material, layer.mass_g, prices)]
    solids = sum(line.mass_g for line in lines)
    liquid = design.liquid_electrolyte
    if liquid is not None and layer.transport is not None:
        density = results.library[liquid].value("density_g_cm3")
        per_cm2 = pore_liquid_mg_cm2(layer.thickness_um, layer.porosity, density)
        liquid_g = layer.mass_g * per_cm2 / layer.mass_mg_cm2
        if not layer.components:  # a separator layer's one material: its solid, less the liquid
            lines = [_line(layer.material, layer.mass_g - liquid_g, prices)]
            solids = layer.mass_g - liquid_g
        lines.append(_line(liquid, liquid_g, prices))
        solids = solids + liquid_g
    if layer.key == "anode" and design.anode.prelithiation_mAh_cm2 is not None:
        lines.append(_line(LITHIUM_ID, layer.mass_g - solids, prices))
    return tuple(lines)


NOT_COUNTED = "materials only: no processing, yield, overhead or margin; no fixture"


def usd(value: Num) -> str:
    """US$ as a reader writes it: "$2.39", "$0.0123", "$1,250"."""
    v = float(np.max(value)) if np.ndim(value) else float(value)
    if abs(v) >= 1000:
        text = f"${v:,.0f}"
    else:  # three significant digits, never in e-notation: $0.0000554
        decimals = 2 if v == 0 else max(0, 2 - math.floor(math.log10(abs(v))))
        text = f"${v:.{decimals}f}"
    if np.ndim(value):
        text = f"{usd(np.min(value))} to {text}"
    return text


def price_text(price: Price) -> str:
    """ "NMC811 30 $/kg (supplier quote, 2026)"."""
    said = ", ".join(str(x) for x in (price.source, price.year) if x)
    return f"{price.material} {words(price.usd_per_kg, '$/kg')}" + (f" ({said})" if said else "")


def cell_cost_text(results: Results) -> str:
    """The cell's materials cost in a few words, as the window shows it: "$1.22, 127 $/kWh",
    "no price: Li, Cu", "no prices"."""
    cost = results.cost
    if cost is None:
        return "no prices"
    cell = cost.rung("cell")
    if cell.usd is None or cell.usd_per_kwh is None:
        return f"no price: {', '.join(cell.unpriced)}"
    return f"{usd(cell.usd)}, {words(cell.usd_per_kwh, '$/kWh')}"


def cost_lines(results: Results) -> list[str]:
    """The cost in a few lines (none without prices): the text output, the report, the window."""
    cost = results.cost
    if cost is None:
        return []
    lines = [f"Materials cost at the design's prices ({NOT_COUNTED}):"]
    rungs = [r for r in cost.rungs if r.key not in ("active_lithiated", "cathode_lithiated")]
    for rung in rungs:
        if rung.usd is None or rung.usd_per_kwh is None:
            lines.append(f"  {rung.level} {rung.label}: no price for {', '.join(rung.unpriced)}")
        else:
            basis = " vs Li+/Li" if rung.level <= 2 else ""
            lines.append(
                f"  {rung.level} {rung.label}: {usd(rung.usd)}, "
                f"{words(rung.usd_per_kwh, '$/kWh')}{basis}"
            )
    for layer in cost.layers:
        parts = ", ".join(
            f"{line.material} {'no price' if line.usd is None else usd(line.usd)}"
            for line in layer.lines
        )
        total = f"no price for {', '.join(layer.unpriced)}" if layer.usd is None else usd(layer.usd)
        lines.append(f"  {layer.label}: {total}" + (f" ({parts})" if len(layer.lines) > 1 else ""))
    lines.append("  Prices: " + "; ".join(price_text(p) for p in results.design.prices))
    if cost.unused:
        lines.append(f"  Priced but not in this cell: {', '.join(cost.unused)}")
    return lines
