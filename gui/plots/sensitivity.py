"""Which input matters most: a tornado chart of a chosen result, each input moved down and up by
10 % of its value (engine/studies/sensitivity.py computes it; this view draws the bars). Clicking
a bar selects the input's layer in the inspector, to change it there (a price's: Edit > Prices).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.design import PRICE_FIELD
from engine.labels import input_label
from engine.studies.sensitivity import Sensitivity, Swing, sensitivity
from gui.design_model import DesignModel
from gui.plots.export import Table, add_export_menu
from gui.plots.lazy import LazyPlot

RESULTS = (
    ("ladder.cell.wh_per_kg", "Cell Wh/kg"),
    ("ladder.cell.wh_per_l", "Cell Wh/L"),
    ("ladder.stack.wh_per_kg", "Stack Wh/kg"),
    ("ladder.cathode.wh_per_kg", "Cathode Wh/kg"),
    ("areal_capacity_mAh_cm2", "Areal capacity (mAh/cm²)"),
    ("cost.cell.usd_per_kwh", "Cell materials US$/kWh"),
)
BARS = 12  # the inputs drawn, largest swing first; the export has them all
LOWER = "#c0392b"  # the result at the input's lower value
HIGHER = "#2e86c1"  # at its higher value
LAYERS = ("cathode_collector", "cathode", "anode_collector", "anode")


def layer_of(path: str) -> str:
    """The inspector's key for the layer an input belongs to ("" for the cell and conditions)."""
    head = path.partition(".")[0]
    return head if head in LAYERS or head.startswith("separator[") else ""


class SensitivityPlot(LazyPlot):
    price_requested = Signal(str)  # a price's bar clicked: the material, to price it

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.result = QComboBox()
        self.result.setAccessibleName("Result the inputs are compared on")
        for key, title in RESULTS:
            self.result.addItem(title, key)
        self.result.currentIndexChanged.connect(lambda _index: self._on_design_changed())
        self.plot = pg.PlotWidget()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.getAxis("left").setWidth(280)
        self.lower = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brush=LOWER)
        self.higher = pg.BarGraphItem(x0=[], y=[], height=0.6, width=[], brush=HIGHER)
        self.plot.addItem(self.lower)
        self.plot.addItem(self.higher)
        self.base_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#7f8c8d", width=1))
        self.plot.addItem(self.base_line)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Result"))
        choose.addWidget(self.result)
        choose.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.summary)
        add_export_menu(self.plot, "sensitivity", self.table)
        self.found: Sensitivity | None = None
        self.shown: list[Swing] = []
        self.watch(model)

    def _on_design_changed(self) -> None:
        key, title = RESULTS[self.result.currentIndex()]
        try:
            found = self.found = sensitivity(self.model.design, key, self.model.library)
        except KeyError as error:  # a cost without a price for each material
            self._show_nothing(f"{error.args[0]}. Edit > Prices (Ctrl+Shift+P) takes them.")
            return
        design = self.model.design
        self.shown = found.swings[:BARS]
        rows = range(len(self.shown) - 1, -1, -1)  # the largest at the top
        base = found.base
        lower = [s.low_result - base for s in self.shown]
        higher = [s.high_result - base for s in self.shown]
        self.lower.setOpts(x0=[min(v, 0.0) for v in lower], width=[abs(v) for v in lower],
                           y=list(rows), height=0.6)  # fmt: skip
        self.higher.setOpts(x0=[min(v, 0.0) for v in higher], width=[abs(v) for v in higher],
                            y=list(rows), height=0.6)  # fmt: skip
        self.plot.getAxis("left").setTicks(
            [[(row, input_label(design, s.field)) for row, s in zip(rows, self.shown, strict=True)]]
        )
        self.plot.setYRange(-0.6, max(len(self.shown), 1) - 0.4, padding=0)
        reach = max([abs(v) for v in lower + higher] or [1.0])
        self.plot.setXRange(-reach, reach, padding=0.05)
        self.base_line.setValue(0.0)
        self.plot.setLabel("bottom", f"Change in {title} from {base:.4g}")
        not_moved = ", ".join(input_label(design, f) for f in found.skipped)
        self.summary.setText(
            "Each input moved down (red) and up (blue) by its tolerance (one standard deviation, "
            f"or a uniform one's half-width), or by {found.step:.0%} of its value where it has "
            "none, the others held. Click a bar to select its layer (a price's: Edit > Prices)."
            + (f" Not moved: {not_moved}." if not_moved else "")
        )

    def _show_nothing(self, why: str) -> None:
        """No bars, and why."""
        self.found, self.shown = None, []
        for bars in (self.lower, self.higher):
            bars.setOpts(x0=[], y=[], width=[], height=0.6)
        self.plot.getAxis("left").setTicks([[]])
        self.summary.setText(why)

    def _clicked(self, event: object) -> None:
        position = self.plot.getViewBox().mapSceneToView(event.scenePos())  # type: ignore[attr-defined]
        self.select_at(position)

    def select_at(self, position: QPointF) -> str | None:
        """Select the layer of the bar at a point of the plot; the input's path, if any."""
        row = round(position.y())
        index = len(self.shown) - 1 - row
        if not 0 <= index < len(self.shown) or abs(position.y() - row) > 0.3:
            return None
        path = self.shown[index].field
        price = PRICE_FIELD.match(path)
        if price is not None:  # a price is no layer's: Edit > Prices, at its row
            self.price_requested.emit(self.model.design.prices[int(price[1])].material)
        else:
            self.model.select(layer_of(path))
        return path

    def table(self) -> Table:
        if self.found is None:
            return ("input",), []
        design, found = self.model.design, self.found
        rows = [
            (input_label(design, s.field), s.value, s.by, s.low_value, s.high_value,
             s.low_result, s.high_result, s.swing)
            for s in found.swings
        ]  # fmt: skip
        header = ("input", "value", "moved by", "low value", "high value",
                  f"{found.result} at low", f"{found.result} at high", "swing")  # fmt: skip
        return header, rows
