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


def results_csv(results: Results) -> str:
    """Two tables in one CSV text: the ladder, a blank line, the layers."""
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
    return out.getvalue()
