"""Sweeps and goal seek: any result against one field (a curve) or two (a map with a contour).

The engine evaluates a whole sweep in one vectorised call; a map is computed a block of rows at a
time so a large one shows its progress, can be cancelled and never freezes the window. Clicking
the plot sets the design to that point (one undo step); goal seek solves one field for a target.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.design import Design, get_field
from engine.evaluate import evaluate
from engine.labels import describe
from engine.materials import Library
from engine.paths import resource_path
from engine.problems import DesignError
from engine.studies.goal_seek import NoSolutionError, goal_seek
from engine.studies.sweep import ACTIVE_FRACTION, field_value, result_value, swept
from gui.design_model import DesignModel
from gui.layers import stack_layers
from gui.plots.export import Table, add_export_menu
from gui.plots.lazy import LazyPlot
from gui.plots.ranges import SteadyRange
from gui.widgets import ChoiceBox, QuantitySpinBox

RESULTS = (
    ("Cell Wh/kg", "ladder.cell.wh_per_kg", "Wh/kg"),
    ("Cell Wh/L", "ladder.cell.wh_per_l", "Wh/L"),
    ("Stack Wh/kg", "ladder.stack.wh_per_kg", "Wh/kg"),
    ("Stack Wh/L", "ladder.stack.wh_per_l", "Wh/L"),
    ("Cathode Wh/kg", "ladder.cathode.wh_per_kg", "Wh/kg"),
    ("Areal capacity", "areal_capacity_mAh_cm2", "mAh/cm²"),
    ("Cell mass", "cell_mass_g", "g"),
    ("Cell materials cost", "cost.cell.usd_per_kwh", "US$/kWh"),
)
ROWS_PER_STEP = 20  # rows of a map computed per event-loop turn
MAP_POINTS = 120


@dataclass(frozen=True)
class SweepField:
    label: str
    path: str
    unit: str
    low: float
    high: float


SIZE_NAMES = {
    "active_loading_mg_cm2": "active loading",
    "loading_mg_cm2": "loading",
    "thickness_um": "thickness",
    "n_p_ratio": "N/P ratio (anode excess)",
}
UNITS = {"_um": "µm", "_mg_cm2": "mg/cm²", "_MPa": "MPa", "_C": "°C"}


def _unit(path: str) -> str:
    return next((u for suffix, u in UNITS.items() if path.endswith(suffix)), "")


def sweep_fields(design: Design, library: Library) -> list[SweepField]:
    """The numeric fields of this design worth sweeping, with sensible default ranges: each
    layer's size, the electrodes' active fraction, porosity (or the pressure a layer was pressed
    at, when that sets its porosity), the prices given, stack pressure, temperature and, when the
    ladder takes its energy from the curve, the C-rate."""
    fields = []
    layers = sorted(stack_layers(design), key=lambda info: info.key != "cathode")
    for info in layers:
        if info.size_path is not None:
            current = float(get_field(design, info.size_path))
            name = SIZE_NAMES.get(info.size_path.rpartition(".")[2], info.size_path)
            label = f"{info.title}: {name}"
            path = info.size_path
            fields.append(SweepField(label, path, _unit(path), current * 0.25, current * 3.0))
    electrodes = [info for info in layers if info.key in ("cathode", "anode")]
    for info in electrodes:
        path = f"{info.key}.{ACTIVE_FRACTION}"
        try:
            share = float(field_value(design, path, library))
        except KeyError:
            continue  # no inactive component to trade against
        label = f"{info.title}: active fraction (rest rescaled)"
        fields.append(SweepField(label, path, "", min(0.3, share), max(0.99, share)))
    for info in layers:
        layer = get_field(design, info.key)
        if getattr(layer, "kind", "composite") != "composite":
            continue  # a foil has no pores to sweep
        if getattr(layer, "porosity", None) is not None:
            label = f"{info.title}: porosity"
            fields.append(SweepField(label, f"{info.key}.porosity", "", 0.0, 0.5))
        elif getattr(layer, "pressing_pressure_MPa", None) is not None:
            label = f"{info.title}: pressing pressure"
            path = f"{info.key}.pressing_pressure_MPa"
            fields.append(SweepField(label, path, "MPa", 10.0, 1000.0))
    for i, price in enumerate(design.prices):
        value = float(price.usd_per_kg)
        if value > 0:
            path = f"prices[{i}].usd_per_kg"
            fields.append(SweepField(f"Price of {price.material}", path, "US$/kg", 0, 3 * value))
    fields.append(SweepField("Stack pressure", "operating.stack_pressure_MPa", "MPa", 0.1, 400.0))
    fields.append(SweepField("Temperature", "operating.temperature_C", "°C", -20.0, 100.0))
    if design.energy_basis == "curve":  # only then does the rate change the ladder
        fields.append(SweepField("C-rate", "operating.c_rate", "C", 0.05, 5.0))
    return fields


def preset_sweeps() -> list[dict]:
    """Sweeps that redraw a paper's figure (resources/sweeps/preset_sweeps.json)."""
    raw = json.loads(resource_path("sweeps", "preset_sweeps.json").read_text(encoding="utf-8"))
    return raw["sweeps"]


class SweepPanel(LazyPlot):
    # A preset sweep asks for its design file to be opened (the window asks to discard edits).
    preset_requested = Signal(object)

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.fields: list[SweepField] = []
        self.x_field = ChoiceBox()
        self.y_field = ChoiceBox()
        self.map_check = QCheckBox("map over a second field")
        self.result = ChoiceBox()
        for label, path, unit in RESULTS:
            self.result.addItem(label, (path, unit))
        self.x_low, self.x_high = (
            QuantitySpinBox("", -1e6, 1e6, 3),
            QuantitySpinBox("", -1e6, 1e6, 3),
        )
        self.y_low, self.y_high = (
            QuantitySpinBox("", -1e6, 1e6, 3),
            QuantitySpinBox("", -1e6, 1e6, 3),
        )
        self.target = QuantitySpinBox("", -1e6, 1e6, 2)
        self.target.show_value(400.0)
        self.presets = ChoiceBox()
        self.presets.addItem("Preset sweeps…", None)
        for sweep in preset_sweeps():
            self.presets.addItem(sweep["name"], sweep)
        for combo in (self.x_field, self.y_field, self.result, self.presets):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        for box, name in (
            (self.x_low, "Sweep from"),
            (self.x_high, "Sweep to"),
            (self.y_low, "Map's second field from"),
            (self.y_high, "Map's second field to"),
            (self.target, "Goal-seek target"),
        ):
            box.setMaximumWidth(110)
            box.setAccessibleName(name)

        self.solve = QPushButton("Goal seek")
        self.apply_solution = QPushButton("Apply")
        self.apply_solution.setEnabled(False)
        self.answer = QLabel()
        self.answer.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a user's names
        self.answer.setWordWrap(True)
        self.answer.hide()  # until there is an answer
        self.progress = QProgressBar()
        self.cancel = QPushButton("Cancel")
        self.progress.hide()
        self.cancel.hide()

        self._build_plot()
        self._build_layout()
        self._solution: tuple[str, float] | None = None
        # The design a goal-seek answer or a refusal was given for: another design clears it.
        self._answer_for: Design | None = None
        self._job: dict | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._map_step)
        self.x_field.currentIndexChanged.connect(lambda _i: self._field_chosen(self.x_field, 0))
        self.y_field.currentIndexChanged.connect(lambda _i: self._field_chosen(self.y_field, 1))
        for widget in (self.x_low, self.x_high, self.y_low, self.y_high, self.target):
            widget.committed.connect(lambda _v: self.redraw())
        self.result.currentIndexChanged.connect(lambda _i: self.redraw())
        self.map_check.toggled.connect(lambda _on: self.redraw())
        self.solve.clicked.connect(self.goal_seek)
        self.apply_solution.clicked.connect(self._apply_solution)
        self.cancel.clicked.connect(self.cancel_map)
        self.presets.activated.connect(self._preset_chosen)
        self._reference_points: tuple[list[float], list[float]] | None = None
        self._refusal = ""  # why the last evaluation of swept values was refused
        self.watch(model)

    def _build_plot(self) -> None:
        self.plot = pg.PlotWidget()
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.curve = self.plot.plot(pen=pg.mkPen("#3f7fbf", width=2))
        self.reference = pg.ScatterPlotItem(symbol="s", size=9, brush=pg.mkBrush("#d35400"))
        self.current = pg.ScatterPlotItem(symbol="o", size=11, brush=pg.mkBrush("#27ae60"))
        self.target_line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen("#888", style=Qt.PenStyle.DashLine)
        )
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.contour = pg.IsocurveItem(pen=pg.mkPen("w", width=2))
        self.contour.setParentItem(self.image)
        for item in (self.image, self.reference, self.target_line, self.current):
            self.plot.addItem(item)
        # The map's colour scale, beside it; its title names the result and unit when drawn.
        self.colour_bar = pg.ColorBarItem(
            colorMap=pg.colormap.get("viridis"), interactive=False, width=14
        )
        self.colour_bar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self.colour_bar.hide()
        self._bar_column = self.plot.getPlotItem().layout.columnCount() - 1
        self.plot.scene().sigMouseClicked.connect(self._on_plot_clicked)
        self.range = SteadyRange(self.plot)
        add_export_menu(self.plot, "sweep", self.table)

    def _build_layout(self) -> None:
        grid = QGridLayout()
        grid.addWidget(QLabel("Vary"), 0, 0)
        grid.addWidget(self.x_field, 0, 1)
        grid.addWidget(self.x_low, 0, 2)
        grid.addWidget(self.x_high, 0, 3)
        grid.addWidget(self.map_check, 1, 0)
        grid.addWidget(self.y_field, 1, 1)
        grid.addWidget(self.y_low, 1, 2)
        grid.addWidget(self.y_high, 1, 3)
        grid.addWidget(QLabel("Show"), 2, 0)
        grid.addWidget(self.result, 2, 1)
        grid.addWidget(QLabel("target"), 2, 2)
        grid.addWidget(self.target, 2, 3)
        row = QHBoxLayout()
        for widget in (self.presets, self.solve, self.apply_solution, self.progress, self.cancel):
            row.addWidget(widget)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        # Controls above, the plot below across the whole width: beside the controls it was a
        # sliver at 1366 x 768.
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(row)
        layout.addWidget(self.answer)
        layout.addWidget(self.plot, 1)

    # --- fields ------------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        """An answer about the design the model holds now (cleared when it holds another)."""
        self._show_answer(text)
        self._answer_for = self.model.design

    def _show_answer(self, text: str) -> None:
        """The answer line takes room from the plot only while it says something."""
        self.answer.setText(text)
        self.answer.setVisible(bool(text))

    def _on_design_changed(self) -> None:
        if self._answer_for is not None and self._answer_for is not self.model.design:
            self._answer_for = None
            self._solution = None
            self.apply_solution.setEnabled(False)
            self._show_answer("")
        fields = sweep_fields(self.model.design, self.model.library)
        if [f.path for f in fields] != [f.path for f in self.fields]:
            self.fields = fields
            for combo, index in ((self.x_field, 0), (self.y_field, 1)):
                blocked = combo.blockSignals(True)
                combo.clear()
                for field in fields:
                    combo.addItem(
                        f"{field.label} ({field.unit})" if field.unit else field.label, field.path
                    )
                combo.setCurrentIndex(min(index + 1 if index else 0, len(fields) - 1))
                combo.blockSignals(blocked)
                self._field_chosen(combo, index, redraw=False)
        self.redraw()

    def _field(self, combo: QComboBox) -> SweepField:
        return next(f for f in self.fields if f.path == combo.currentData())

    def _field_chosen(self, combo: QComboBox, axis: int, redraw: bool = True) -> None:
        if combo.currentData() is None:
            return
        field = self._field(combo)
        low, high = (self.x_low, self.x_high) if axis == 0 else (self.y_low, self.y_high)
        for box, value in ((low, field.low), (high, field.high)):
            box.setSuffix(f" {field.unit}" if field.unit else "")
            box.show_value(value)
        self._reference_points = None
        if redraw:
            self.redraw()

    def _preset_chosen(self, index: int) -> None:
        sweep = self.presets.itemData(index)
        if sweep is None:
            return
        self.preset_requested.emit(resource_path("presets", f"{sweep['preset']}.json"))
        self.x_field.setCurrentIndex(self.x_field.findData(sweep["field"]))
        self.x_low.show_value(sweep["range"][0])
        self.x_high.show_value(sweep["range"][1])
        self.map_check.setChecked(False)
        self.result.setCurrentIndex(
            next(i for i, r in enumerate(RESULTS) if r[1] == sweep["result"])
        )
        points = sweep["reference_points"]
        self._reference_points = (points["x"], points["y"])
        self._show_answer(f"Squares: {points['source']}")
        self.presets.setCurrentIndex(0)
        self.redraw()

    # --- drawing -----------------------------------------------------------------------------
    def redraw(self) -> None:
        if self.catch_up():  # its fields may be of a design the model no longer holds
            return
        if not self.fields or self.x_field.currentData() is None:
            return
        self.cancel_map()
        path, unit = self.result.currentData()
        x = self._field(self.x_field)
        self._axis_title("bottom", x.label, x.unit)
        self.target_line.setValue(self.target.value())
        xs = np.linspace(self.x_low.value(), self.x_high.value(), 200)
        current_x = float(field_value(self.model.design, x.path, self.model.library))
        if not self.map_check.isChecked():
            self.image.hide()
            self.colour_bar.hide()
            self.plot.getPlotItem().layout.setColumnMinimumWidth(self._bar_column, 0)
            self._axis_title("left", self.result.currentText(), unit)
            self._refusal = ""
            ys = self._evaluate({x.path: xs}, path)
            if self._refusal and not np.isfinite(ys).any():
                self._say(f"Nothing to draw: {self._refusal}")
            self.curve.setData(xs, ys)
            self.curve.show()
            self.target_line.show()
            current_y = self._evaluate({x.path: np.array([current_x])}, path)[0]
            if np.isfinite(current_y):
                self.current.setData([current_x], [current_y])
            else:  # a result this design cannot give (a cost without prices): no point
                self.current.setData([], [])
            if self._reference_points is not None:
                self.reference.setData(*self._reference_points)
            else:
                self.reference.setData([], [])
            reference = self._reference_points or ([], [])
            self.range.fit([xs, reference[0]], [ys, reference[1]])
            return
        y = self._field(self.y_field)
        self._axis_title("left", y.label, y.unit)
        self.curve.hide()
        self.target_line.hide()
        self.reference.setData([], [])
        current_y = float(field_value(self.model.design, y.path, self.model.library))
        self.current.setData([current_x], [current_y])
        ys = np.linspace(self.y_low.value(), self.y_high.value(), MAP_POINTS)
        xs = np.linspace(self.x_low.value(), self.x_high.value(), MAP_POINTS)
        self._job = {
            "xs": xs,
            "ys": ys,
            "row": 0,
            "values": np.full((MAP_POINTS, MAP_POINTS), np.nan),
            "x": x.path,
            "y": y.path,
            "result": path,
        }
        self.progress.setRange(0, MAP_POINTS)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel.show()
        self._timer.start()

    def _axis_title(self, side: str, text: str, unit: str | None) -> None:
        """Set an axis title only when it changes: a new title lays the plot out again (about
        1 ms of each edit's redraw, bench/editor_speed.py)."""
        axis = self.plot.getPlotItem().getAxis(side)
        if (axis.labelText, axis.labelUnits) != (text, unit or ""):
            self.plot.setLabel(side, text, units=unit or None)

    def _evaluate(self, fields: dict[str, np.ndarray], result: str) -> np.ndarray:
        shape = np.broadcast_shapes(*(np.shape(v) for v in fields.values()))
        design = swept(self.model.design, fields, self.model.library)
        try:
            results = evaluate(design, self.model.library)
        except DesignError as error:
            self._refusal = describe(error.problems[0])
            return np.full(shape, np.nan)
        try:
            value = result_value(results, result)
        except KeyError as error:  # a result this design cannot give: a cost without prices
            self._refusal = f"{error.args[0]}. Edit > Prices (Ctrl+Shift+P) takes them."
            return np.full(shape, np.nan)
        return np.broadcast_to(np.asarray(value, dtype=float), shape)

    def _map_step(self) -> None:
        job = self._job
        if job is None:
            self._timer.stop()
            return
        start, stop = job["row"], min(job["row"] + ROWS_PER_STEP, MAP_POINTS)
        xs = job["xs"][:, None]
        ys = job["ys"][None, start:stop]
        try:
            values = self._evaluate({job["x"]: xs, job["y"]: ys}, job["result"])
        except KeyError:  # the design changed under the map: a field it varies is gone
            self.cancel_map()
            self._say("Map stopped: the design no longer has the fields it varies.")
            return
        job["values"][:, start:stop] = values
        job["row"] = stop
        self.progress.setValue(stop)
        if stop >= MAP_POINTS:
            self._finish_map(job)

    def _finish_map(self, job: dict) -> None:
        self._timer.stop()
        self._job = None
        self.progress.hide()
        self.cancel.hide()
        values = job["values"]
        finite = values[np.isfinite(values)]
        if not finite.size:  # an image of nothing but gaps has no colour scale
            self._say(f"No point of this map could be computed. Refused: {self._refusal}")
            return
        self.image.setImage(values, autoLevels=True)
        self.colour_bar.setLevels((float(finite.min()), float(finite.max())))
        unit = self.result.currentData()[1]
        self.colour_bar.axis.setLabel(self.result.currentText(), units=unit)
        self.colour_bar.show()
        # Room for the scale's ticks and title beside the bar.
        self.plot.getPlotItem().layout.setColumnMinimumWidth(self._bar_column, 80)
        xs, ys = job["xs"], job["ys"]
        self.image.setRect(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0])
        self.contour.setData(values)
        self.contour.setLevel(self.target.value())
        self.image.show()
        self.last_map = job
        self.range.fit([xs], [ys])

    def finish_map(self) -> None:
        """Compute the rest of a pending map at once (exports, screenshots)."""
        while self._job is not None:
            self._map_step()

    def cancel_map(self) -> None:
        if self._job is not None:
            self._job = None
            self._timer.stop()
            self.progress.hide()
            self.cancel.hide()
            self._say("Map cancelled.")

    # --- acting on the design ----------------------------------------------------------------
    def _on_plot_clicked(self, event) -> None:
        point = self.plot.getPlotItem().vb.mapSceneToView(event.scenePos())
        x = self._field(self.x_field)
        edits = {x.path: float(f"{point.x():.4g}")}
        if self.map_check.isChecked():
            edits[self._field(self.y_field).path] = float(f"{point.y():.4g}")
        self.set_point(edits)

    def set_point(self, edits: dict[str, float]) -> None:
        try:
            self.model.set_sweep_point(edits)
        except DesignError as error:
            self._say(f"Refused: {describe(error.problems[0])}")

    def goal_seek(self) -> None:
        self.catch_up()
        x = self._field(self.x_field)
        path, unit = self.result.currentData()
        try:
            found = goal_seek(
                self.model.design,
                x.path,
                path,
                self.target.value(),
                self.x_low.value(),
                self.x_high.value(),
                self.model.library,
            )
        except NoSolutionError as error:
            self._no_solution(str(error))
            return
        except DesignError as error:  # the boxes accept values the field may not
            self._no_solution(f"Refused: {describe(error.problems[0])}")
            return
        except KeyError as error:  # a result this design cannot give: a cost without prices
            self._no_solution(f"{error.args[0]}. Edit > Prices (Ctrl+Shift+P) takes them.")
            return
        self._solution = (x.path, float(f"{found.value:.5g}"))
        self.apply_solution.setEnabled(True)
        self._say(
            f"{x.label} = {found.value:.4g} {x.unit} gives "
            f"{self.result.currentText()} = {found.achieved:.4g} {unit}."
        )

    def _no_solution(self, why: str) -> None:
        self._solution = None
        self.apply_solution.setEnabled(False)
        self._say(why)

    def _apply_solution(self) -> None:
        if self._solution is not None:
            self.set_point({self._solution[0]: self._solution[1]})
            self._solution = None
            self.apply_solution.setEnabled(False)
            self._answer_for = self.model.design  # the answer now describes the applied design

    def table(self) -> Table:
        if self.map_check.isChecked() and getattr(self, "last_map", None) is not None:
            job = self.last_map
            rows = [
                (x, y, job["values"][i, j])
                for i, x in enumerate(job["xs"])
                for j, y in enumerate(job["ys"])
            ]
            return (job["x"], job["y"], job["result"]), rows
        xs, ys = self.curve.getData()
        return (self.x_field.currentData(), self.result.currentData()[0]), list(
            zip(xs, ys, strict=True)
        )
