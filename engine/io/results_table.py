"""Results as tables (CSV): the ladder and the layers, one row each, units in the headers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from engine.results import Results

LADDER_HEADER = (
    "key",
    "level",
    "label",
    "wh_per_kg",
    "wh_per_l",
    "wh_per_l_discharged",
    "energy_Wh",
    "mass_g",
    "volume_cm3",
    "voltage_V",
    "basis",
)
LAYER_HEADER = (
    "key",
    "label",
    "material",
    "count",
    "thickness_um",
    "thickness_charged_um",
    "thickness_discharged_um",
    "mass_mg_cm2",
    "mass_g",
    "volume_cm3",
    "mass_share",
)


# A spreadsheet takes a cell that starts with one of these for a formula: a material id or a
# name "=HYPERLINK(...)" from someone else's file would run as one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: Iterable[object]) -> list[object]:
    """A CSV row whose text cells cannot be read as formulas (prefixed with an apostrophe, as
    spreadsheets themselves mark text); numbers are left as they are."""
    return [
        f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
        for cell in row
    ]


class _SafeWriter:
    """csv.writer whose rows go through spreadsheet_safe."""

    def __init__(self, stream: io.StringIO) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow(spreadsheet_safe(row))


COST_HEADER = ("key", "level", "label", "usd", "usd_per_kwh")
MATERIAL_COST_HEADER = ("layer", "material", "mass_g", "usd")


def results_csv(results: Results) -> str:
    """Tables in one CSV text, a blank line between them: the ladder, the layers and, for a
    design with prices, each level's materials cost and each layer's materials (an empty cell:
    no price)."""
    out = io.StringIO()
    writer = _SafeWriter(out)
    writer.writerow(LADDER_HEADER)
    for r in results.ladder:
        writer.writerow(
            (
                r.key,
                r.level,
                r.label,
                float(r.wh_per_kg),
                float(r.wh_per_l),
                float(r.wh_per_l_discharged),
                float(r.energy_Wh),
                float(r.mass_g),
                float(r.volume_cm3),
                float(r.voltage_V),
                r.basis,
            )
        )
    writer.writerow(())
    writer.writerow(LAYER_HEADER)
    for layer in results.layers:
        writer.writerow(
            (
                layer.key,
                layer.label,
                layer.material,
                layer.count,
                *(float(getattr(layer, name)) for name in LAYER_HEADER[4:]),
            )
        )
    cost = results.cost
    if cost is not None:
        writer.writerow(())
        writer.writerow(COST_HEADER)
        for rung in cost.rungs:
            writer.writerow((rung.key, rung.level, rung.label, _number(rung.usd),
                             _number(rung.usd_per_kwh)))  # fmt: skip
        writer.writerow(())
        writer.writerow(MATERIAL_COST_HEADER)
        for priced in cost.layers:
            for line in priced.lines:
                writer.writerow((priced.key, line.material, float(line.mass_g), _number(line.usd)))
    return out.getvalue()


def _number(value: object) -> object:
    """A number for a CSV cell; "" for none (a material without a price)."""
    return "" if value is None else float(value)  # type: ignore[arg-type]
