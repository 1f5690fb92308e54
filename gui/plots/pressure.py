"""Pressure and porosity: what the stack or pressing pressure does to the cell, as curves.

Four panels share the pressure axis: cathode porosity, stack thickness, cell Wh/L and the
cathode's effective ionic conductivity. The design's pressure is a vertical line that can be
dragged; letting go sets the design to it (one undo step).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.evaluate import evaluate
from engine.labels import describe
from engine.problems import DesignError
from engine.studies.sweep import result_value, swept
from gui.design_model import DesignModel
from gui.plots.export import Table, add_export_menu
from gui.plots.lazy import LazyPlot
from gui.plots.ranges import SteadyRange
from gui.plots.style import set_title
from gui.widgets import ChoiceBox

PANELS = (
    ("layer.cathode.porosity", "Cathode porosity", "", 100.0, "%"),
    ("stack_thickness_um", "Stack thickness", "mm", 1e-3, "mm"),
    ("ladder.cell.wh_per_l", "Cell energy density", "Wh/L", 1.0, "Wh/L"),
    (
        "layer.cathode.transport.ionic_conductivity_S_cm",
        "Cathode ionic conductivity",
        "S/cm",
        1.0,
        "S/cm",
    ),
)
PRESSURES = {
    "operating.stack_pressure_MPa": "Stack pressure in use",
    "cathode.pressing_pressure_MPa": "Cathode pressing pressure",
}
POINTS = 150


class PressurePlot(LazyPlot):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.axis = ChoiceBox()
        self.note = QLabel()  # the caption, with what to do in the window
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a user's names
        self.note.setWordWrap(True)
        self.caption = ""  # what the plots show, in words (a report's caption)
        self.layout_widget = pg.GraphicsLayoutWidget()
        self.curves: list[pg.PlotDataItem] = []
        self.lines: list[pg.InfiniteLine] = []
        self.plots: list[pg.PlotItem] = []
        self.ranges: list[SteadyRange] = []
        # Two by two: four in a row left the fourth cut off at 1366 x 768.
        for i, (_name, title, _unit, _scale, shown_unit) in enumerate(PANELS):
            plot = self.layout_widget.addPlot(row=i // 2, col=i % 2)
            set_title(plot, title, 9.0)
            plot.setLabel("left", units=shown_unit)
            plot.getAxis("left").enableAutoSIPrefix(False)
            if i >= 2:  # the bottom row names the shared axis
                plot.setLabel("bottom", "Pressure", units="MPa")
            plot.showGrid(x=True, y=True, alpha=0.3)
            if "conductivity" in title:
                plot.setLogMode(y=True)
            self.curves.append(plot.plot(pen=pg.mkPen("#3f7fbf", width=2)))
            line = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen("#27ae60", width=2))
            line.sigPositionChangeFinished.connect(self._on_line_moved)
            plot.addItem(line)
            self.lines.append(line)
            self.plots.append(plot)
            self.ranges.append(SteadyRange(plot))
        add_export_menu(self.layout_widget, "pressure", self.table)
        top = QHBoxLayout()
        top.addWidget(QLabel("Pressure"))
        top.addWidget(self.axis)
        top.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.layout_widget, 1)
        self.axis.currentIndexChanged.connect(lambda _i: self._on_design_changed())
        self.data: dict[str, np.ndarray] = {}
        self.watch(model)

    def _paths(self) -> list[str]:
        design = self.model.design
        paths = ["operating.stack_pressure_MPa"]
        if getattr(design.cathode, "pressing_pressure_MPa", None) is not None:
            paths.append("cathode.pressing_pressure_MPa")
        return paths

    def _on_design_changed(self) -> None:
        paths = self._paths()
        if [self.axis.itemData(i) for i in range(self.axis.count())] != paths:
            blocked = self.axis.blockSignals(True)
            current = self.axis.currentData()
            self.axis.clear()
            for path in paths:
                self.axis.addItem(PRESSURES[path], path)
            self.axis.setCurrentIndex(max(0, self.axis.findData(current)))
            self.axis.blockSignals(blocked)
        path = self.axis.currentData()
        current = float(self.model.value(path))
        pressures = np.linspace(0.0, max(2.0 * current, 100.0), POINTS)
        design = swept(self.model.design, {path: pressures}, self.model.library)
        try:
            results = evaluate(design, self.model.library)
        except DesignError as error:
            self.note.setText(f"Cannot sweep this pressure: {describe(error.problems[0])}")
            self.data = {}  # nothing of the design before stays drawn or exported
            for curve in self.curves:
                curve.setData([], [])
            return
        self.data = {"pressure_MPa": pressures}
        for (name, _title, _unit, scale, _shown), curve, line, steady in zip(
            PANELS, self.curves, self.lines, self.ranges, strict=True
        ):
            values = (
                np.broadcast_to(
                    np.asarray(result_value(results, name), dtype=float), pressures.shape
                )
                * scale
            )
            self.data[name] = values
            logarithmic = "conductivity" in name
            finite = np.isfinite(values) & (values > 0 if logarithmic else True)
            curve.setData(pressures[finite], values[finite])
            shown = np.log10(values[finite]) if logarithmic else values[finite]
            steady.fit([pressures, [current]], [shown])
            line.blockSignals(True)
            line.setValue(current)
            line.blockSignals(False)
        follows = self.model.results.layer("cathode").porosity_source == "pressure"
        self.caption = (
            "The cathode's porosity follows the pressure (from its powders' compaction laws)."
            if follows
            else "The cathode's porosity is given directly, so it does not follow the pressure."
        )
        self.note.setText(
            self.caption
            if follows
            else f"{self.caption} To make it follow, choose 'from a pressing pressure' for its "
            "porosity in the inspector."
        )

    def _on_line_moved(self, line: pg.InfiniteLine) -> None:
        value = float(f"{max(0.0, line.value()):.4g}")
        try:
            self.model.set_field(self.axis.currentData(), value, "Set pressure")
        except DesignError as error:
            self.note.setText(f"Refused: {describe(error.problems[0])}")
            self._on_design_changed()

    def table(self) -> Table:
        names = ["pressure_MPa", *(p[0] for p in PANELS)]
        columns = [self.data.get(n, np.array([])) for n in names]
        return names, list(zip(*columns, strict=True))
