"""Where the mass and the volume go: stacked bars by layer, and the cathode by component.

The shares come from the engine's per-layer and per-component results; this view only groups
them and names the inactive share, the part a designer must shrink to gain energy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.results import Results
from gui.design_model import DesignModel
from gui.layers import KIND_COLOURS
from gui.plots.export import Table, add_export_menu
from gui.plots.lazy import LazyPlot

ROWS = ("Mass by layer", "Volume by layer", "Cathode by component")
LAYER_KINDS = {
    "cathode_collector": "collector_cathode",
    "cathode": "cathode",
    "anode": "anode",
    "anode_collector": "collector_anode",
    "pouch_foil": "packaging",
    "tabs": "packaging",
}
COMPONENT_COLOURS = {
    "cathode_active": "#3f5d7d",
    "solid_electrolyte": "#e3b448",
    "carbon": "#333333",
    "binder": "#9b59b6",
}


@dataclass(frozen=True)
class Segment:
    row: int
    name: str
    share: float  # 0..1 of the row's total
    colour: str


def breakdown(results: Results, categories: dict[str, str]) -> list[Segment]:
    """The segments of the three bars; categories maps material id -> library category."""
    layers = results.layers
    mass = np.array([float(layer.mass_g) for layer in layers])
    volume = np.array([float(layer.volume_cm3) for layer in layers])
    segments = []
    for row, values in enumerate((mass, volume)):
        total = values.sum() or 1.0
        for layer, value in zip(layers, values, strict=True):
            kind = LAYER_KINDS.get(layer.key, "separator")
            colour = KIND_COLOURS.get(kind, "#7f8c8d")
            segments.append(Segment(row, layer.label, value / total, colour))
    cathode = results.layer("cathode")
    total = sum(float(c.mass_g) for c in cathode.components) or 1.0
    coating = results.design.cathode.coating_material
    for component in cathode.components:
        category = categories.get(component.material, "")
        coated = coating is not None and category == "cathode_active"
        segments.append(
            Segment(
                2,
                f"{component.material} coated" if coated else component.material,
                float(component.mass_g) / total,
                COMPONENT_COLOURS.get(category, "#7f8c8d"),
            )
        )
    return segments


def inactive_summary(results: Results, categories: dict[str, str]) -> str:
    """'Inactive: 47 % of the mass (...)': every gram that is not an active material."""
    cell = float(results.cell_mass_g)
    active = 0.0
    for key in ("cathode", "anode"):
        for component in results.layer(key).components:
            if categories.get(component.material) in ("cathode_active", "anode_active"):
                active += float(component.mass_g)
    parts = []
    for layer in results.layers:
        inactive = float(layer.mass_g) - sum(
            float(c.mass_g)
            for c in layer.components
            if categories.get(c.material) in ("cathode_active", "anode_active")
        )
        if inactive / cell >= 0.005:
            parts.append(f"{layer.label.lower()} {inactive / cell:.0%}")
    return (
        f"Inactive: {1 - active / cell:.0%} of the cell's mass ("
        + ", ".join(parts)
        + "). Shrinking these raises Wh/kg."
    )


class BreakdownPlot(LazyPlot):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.categories = {m.id: m.category for m in model.library.materials.values()}
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(True)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "Share of the total", units="%")
        left = self.plot.getAxis("left")
        left.setTicks([[(2 - i, name) for i, name in enumerate(ROWS)]])
        left.setWidth(190)
        self.plot.setXRange(0, 100, padding=0.01)
        self.plot.setYRange(-0.6, 2.6, padding=0)
        self.bars = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brushes=[])
        self.plot.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a user's names
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        add_export_menu(self.plot, "breakdown", self.table)
        self.segments: list[Segment] = []
        self.watch(model)

    def _on_design_changed(self) -> None:
        results = self.model.results
        self.segments = breakdown(results, self.categories)
        x0, y, width, brushes = [], [], [], []
        starts = [0.0, 0.0, 0.0]
        for segment in self.segments:
            x0.append(starts[segment.row])
            y.append(2 - segment.row)
            width.append(100 * segment.share)
            brushes.append(pg.mkBrush(QColor(segment.colour)))
            starts[segment.row] += 100 * segment.share
        self.bars.setOpts(x0=x0, y=y, width=width, height=0.6, brushes=brushes)
        while len(self.labels) < len(self.segments):
            label = pg.TextItem(anchor=(0.5, 0.5), color="w")
            self.plot.addItem(label)
            self.labels.append(label)
        for label, segment, start, size in zip(self.labels, self.segments, x0, width, strict=False):
            label.setText(f"{segment.name.split(' ')[0]} {segment.share:.0%}" if size > 9 else "")
            label.setPos(start + size / 2, 2 - segment.row)
        for label in self.labels[len(self.segments) :]:
            label.setText("")
        self.summary.setText(inactive_summary(results, self.categories))

    def table(self) -> Table:
        rows = [(ROWS[s.row], s.name, round(100 * s.share, 3)) for s in self.segments]
        return ("bar", "part", "share (%)"), rows
