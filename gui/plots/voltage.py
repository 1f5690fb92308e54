"""Voltage curves and the Ragone plot of the design, at the rate and temperature set beside them.

Discharge and charge under current, the open-circuit curve faintly for reference, the capacity
axis in mAh/g of active material, mAh/cm2 or mAh of the cell; hovering the plot shows where the
voltage went (the engine's loss breakdown at that point). The controls edit the design's
operating conditions, so each change is an undo step and every other view follows.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QCursor, QPainterPath
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine.edits import EditError
from engine.labels import describe
from engine.problems import DesignError, ProblemsError
from engine.studies.ragone import edit_curves
from engine.studies.uncertainty import (
    CurveBand,
    RagoneBand,
    curve_band,
    linear_curve_band,
    linear_ragone_band,
    ragone_band,
)
from engine.voltage import LOSS_KEYS, VoltageCurve
from gui.design_model import FIRST_ORDER_EVERY_MS, DesignModel
from gui.plots.export import Table, add_export_menu
from gui.plots.lazy import LazyPlot
from gui.plots.ranges import SteadyRange
from gui.plots.style import LEGEND_PT, set_title
from gui.widgets import CappedText, ChoiceBox, QuantitySpinBox

SUMMARY_LINES = 3  # of the summary under the plots shown at once; more scroll

AXES = (  # (unit, what the box shows, what its tooltip says)
    ("mAh/g", "mAh/g", "mAh per gram of the cathode's active material"),
    ("mAh/cm²", "mAh/cm²", "mAh per cm² of one unit cell"),
    ("mAh", "mAh", "mAh of the whole cell"),
)
LOSS_NAMES = {
    "separator": "separator (ohmic)",
    "interfaces": "interphases",
    "cathode_ionic": "cathode, ionic",
    "cathode_electronic": "cathode, electronic",
    "charge_transfer": "charge transfer",
    "transport_limit": "transport limit",
}


BANDS_AFTER_MS = 250  # the bands are drawn once the edits pause this long (a drag, a typing)
FOLLOW_AFTER_MS = 20  # meanwhile both follow to first order, after the curves are painted
BAND_RGBA = (63, 127, 191, 60)  # the discharge's blue, faint: the 5-95 % bands under the curves

LEGEND = (
    "<span style='color:#3f7fbf'>━ discharge</span>&nbsp;&nbsp;"
    "<span style='color:#c0392b'>━ charge</span>&nbsp;&nbsp;"
    "<span style='color:#999999'>╌ OCV</span>"
)


def _delivered(down: VoltageCurve, scale: float, unit: str) -> str:
    """What a discharge delivered and what ended it, in words. A discharge that delivers
    nothing names the voltage it starts at under current, not a mean of no capacity."""
    cutoff = float(down.cutoff_V)
    start = float(down.voltage_V[0])
    if float(down.delivered_mAh_cm2) == 0.0:
        if down.limited_by == "cutoff":
            return (
                f"nothing delivered: under this current the voltage starts at {start:.3g} V, "
                f"already below the {cutoff:.3g} V cut-off"
            )
        return f"nothing delivered: the {down.limited_by} has nothing to give at the start"
    if down.limited_by == "cutoff":
        ends = f"to the {cutoff:.3g} V cut-off"
    else:
        ends = (
            f"ended by the {down.limited_by} at {float(down.voltage_V[-1]):.3g} V, before the "
            f"{cutoff:.3g} V cut-off"
        )
    delivered = float(down.delivered_mAh_cm2) * scale
    return f"{delivered:.4g} {unit}, {ends}; mean {float(down.average_voltage_V):.3g} V"


class ShadedBand:
    """A band's two edges and the fill between them, under the curves drawn after it. The edges
    are drawn faintly: pyqtgraph leaves a curve without a pen empty, with nothing to fill."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        self.edges = (plot.plot(pen=BAND_RGBA), plot.plot(pen=BAND_RGBA))
        self.fill = pg.FillBetweenItem(*self.edges, brush=pg.mkBrush(BAND_RGBA))
        plot.addItem(self.fill)

    def show(self, x: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        """The band between low and high along x; the fill hidden when it has no area (every
        draw delivering nothing: x all 0), whose empty shape an SVG export writes as a path
        Qt's SVG reader refuses."""
        self.edges[0].setData(x, low)
        self.edges[1].setData(x, high)
        shown = np.isfinite(low) & np.isfinite(high)
        self.fill.setVisible(bool(shown.any() and np.ptp(x[shown]) > 0.0))

    def clear(self) -> None:
        """No band. An emptied pyqtgraph curve keeps its last path, and the fill its shape
        between them (a stale band under a dragged curve): the fill is emptied too."""
        for edge in self.edges:
            edge.setData([], [])
        self.fill.setPath(QPainterPath())
        self.fill.setVisible(False)


class VoltagePlot(LazyPlot):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.rate = QuantitySpinBox("C", 0.01, 20.0, 2)
        self.temperature = QuantitySpinBox("°C", -40.0, 150.0, 1)
        self.auto_cutoffs = QCheckBox("automatic cut-offs")
        self.low_cutoff = QuantitySpinBox("V", 0.0, 6.0, 2)
        self.high_cutoff = QuantitySpinBox("V", 0.0, 6.0, 2)
        self.axis = ChoiceBox()
        for row, (unit, shown, meaning) in enumerate(AXES):
            self.axis.addItem(shown, unit)
            self.axis.setItemData(row, meaning, Qt.ItemDataRole.ToolTipRole)
        self.summary_box = CappedText(SUMMARY_LINES)
        self.summary = self.summary_box.label
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a user's names
        self.breakdown = ""  # the losses at the hovered point, shown as a tooltip
        self.axis.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.axis.setMinimumContentsLength(len(max((a[1] for a in AXES), key=len)))
        controls = QFormLayout()
        controls.addRow("C-rate", self.rate)
        controls.addRow("Temperature", self.temperature)
        controls.addRow(self.auto_cutoffs)
        controls.addRow("Discharge to", self.low_cutoff)
        controls.addRow("Charge to", self.high_cutoff)
        controls.addRow("Capacity", self.axis)

        self._build_plots()
        plots = QHBoxLayout()
        plots.addLayout(controls, 0)
        plots.addWidget(self.plot, 3)
        plots.addWidget(self.ragone_plot, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(plots, 1)
        layout.addWidget(self.summary_box)

        self.rate.committed.connect(lambda v: self._set("operating.c_rate", v, "Set C-rate"))
        self.temperature.committed.connect(
            lambda v: self._set("operating.temperature_C", v, "Set temperature")
        )
        self.low_cutoff.committed.connect(
            lambda v: self._set("operating.discharge_cutoff_V", v, "Set discharge cut-off")
        )
        self.high_cutoff.committed.connect(
            lambda v: self._set("operating.charge_cutoff_V", v, "Set charge cut-off")
        )
        self.auto_cutoffs.toggled.connect(self._on_auto_toggled)
        self.axis.currentIndexChanged.connect(lambda _i: self._on_design_changed())
        self.curves: dict = {}
        self._summary = ""
        self._bands_later = QTimer(self)
        self._bands_later.setSingleShot(True)
        self._bands_later.setInterval(BANDS_AFTER_MS)
        self._bands_later.timeout.connect(self.draw_bands)
        self._followed_at = -1.0e9  # when the bands last followed to first order (monotonic s)
        self._follow_later = QTimer(self)
        self._follow_later.setSingleShot(True)
        self._follow_later.timeout.connect(self._follow_bands)
        self.watch(model)

    def _build_plots(self) -> None:
        self.plot = pg.PlotWidget()
        self.plot.showGrid(x=False, y=False)
        self.plot.setLabel("left", "Cell voltage", units="V")
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.getAxis("bottom").enableAutoSIPrefix(False)
        # The legend is the title line, in the curves' colours: inside the plot it would cover
        # a curve at some state of charge, whatever its corner.
        set_title(self.plot, LEGEND, LEGEND_PT)
        self.ocv = self.plot.plot(pen=pg.mkPen("#999999", width=1, style=Qt.PenStyle.DashLine))
        self.band = ShadedBand(self.plot)  # the discharge's 5-95 % band, under the curves
        self.discharge = self.plot.plot(pen=pg.mkPen("#3f7fbf", width=2), name="discharge")
        self.charge = self.plot.plot(pen=pg.mkPen("#c0392b", width=2), name="charge")
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#888888"))
        self.cursor.hide()  # until the pointer is over the curve
        self.plot.addItem(self.cursor)
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self.range = SteadyRange(self.plot)
        self._unit_shown = ""
        add_export_menu(self.plot, "voltage", self.table)

        self.ragone_plot = pg.PlotWidget()
        self.ragone_plot.showGrid(x=False, y=False)
        # Named by its ladder level; the power axis is logarithmic: its ticks say so.
        set_title(self.ragone_plot, "Ragone")
        self.ragone_plot.setLabel("bottom", "Power", units="W/kg")
        self.ragone_plot.setLabel("left", "Energy, level 5 cell", units="Wh/kg")
        for name in ("left", "bottom"):
            self.ragone_plot.getAxis(name).enableAutoSIPrefix(False)
        self.ragone_band = ShadedBand(self.ragone_plot)  # the energy's band at each rate
        self.ragone_curve = self.ragone_plot.plot(
            pen=pg.mkPen("#3f7fbf", width=2), symbol="o", symbolSize=4
        )
        self.ragone_here = pg.ScatterPlotItem(size=11, brush=pg.mkBrush("#27ae60"))
        self.ragone_plot.addItem(self.ragone_here)
        add_export_menu(self.ragone_plot, "ragone", self.ragone_table)
        self.ragone_range = SteadyRange(self.ragone_plot)
        self._ragone_ticks: list[tuple[int, str]] = []

    # --- design <-> controls -----------------------------------------------------------------
    def _set(self, path: str, value: object, text: str) -> None:
        try:
            self.model.set_field(path, value, text)
        except DesignError as error:
            self.summary_box.setText(f"Refused: {describe(error.problems[0])}")
            self._on_design_changed()

    def _on_auto_toggled(self, automatic: bool) -> None:
        """Automatic: the cut-offs follow the actives. Off: fixed where the curves end now."""
        try:
            if automatic:
                self.model.set_automatic_cutoffs()
            elif "discharge" in self.curves and "charge" in self.curves:
                low, high = self.curves["discharge"].cutoff_V, self.curves["charge"].cutoff_V
                self.model.fix_cutoffs(float(low), float(high))
            else:
                raise EditError("this design has no voltage curve to take the cut-offs from")
        except (DesignError, EditError) as error:
            self.summary_box.setText(f"Refused: {error}")
            self._on_design_changed()

    def _on_design_changed(self) -> None:
        design, results = self.model.design, self.model.results
        operating = design.operating
        self.rate.show_value(float(operating.c_rate))
        self.temperature.show_value(float(operating.temperature_C))
        automatic = operating.discharge_cutoff_V is None and operating.charge_cutoff_V is None
        blocked = self.auto_cutoffs.blockSignals(True)
        self.auto_cutoffs.setChecked(automatic)
        self.auto_cutoffs.blockSignals(blocked)
        try:
            down, up, fan = edit_curves(design, self.model.library, results=results)
        except (DesignError, ValueError) as error:
            self._clear_curves()
            self.summary_box.setText(f"No curve for this design: {error}")
            return
        self.curves = {"discharge": down, "charge": up, "ragone": fan}
        self.low_cutoff.show_value(float(down.cutoff_V))
        self.high_cutoff.show_value(float(up.cutoff_V))
        for box in (self.low_cutoff, self.high_cutoff):
            box.setEnabled(not automatic)
        scale, unit = self._scale(down)
        if unit != self._unit_shown:  # a new label lays the plot out again: only when it changes
            self._unit_shown = unit
            self.plot.setLabel("bottom", "Capacity", units=unit)
        down_q, up_q = down.capacity_mAh_cm2 * scale, up.capacity_mAh_cm2 * scale
        self.discharge.setData(down_q, down.voltage_V)
        self.ocv.setData(down_q, down.open_circuit_V)
        self.charge.setData(up_q, up.voltage_V)
        self.range.fit([down_q, up_q], [down.voltage_V, up.voltage_V, down.open_circuit_V])
        self._summary = (
            f"Discharge at {float(down.c_rate):.3g} C ({float(down.current_mA_cm2):.3g} mA/cm²), "
            f"{float(down.temperature_C):.3g} °C: {_delivered(down, scale, unit)}; at rest "
            f"{float(down.open_circuit_mAh_cm2) * scale:.4g} {unit}."
        )
        self.summary_box.setText(self._summary)
        self._bands_after_edit()
        with np.errstate(divide="ignore", invalid="ignore"):
            power = np.log10(fan.w_per_kg)  # drawn on log10 with decade ticks
        shown = np.isfinite(power) & np.isfinite(fan.wh_per_kg)  # a rate that delivers nothing
        self.ragone_curve.setData(power[shown], fan.wh_per_kg[shown])
        here = int(np.argmin(np.abs(np.log(fan.c_rate / float(operating.c_rate)))))
        point = ([power[here]], [fan.wh_per_kg[here]]) if shown[here] else ([], [])
        self.ragone_here.setData(*point)
        if shown.any():
            low, high = np.floor(power[shown].min()), np.ceil(power[shown].max())
            ticks = [(d, f"{10.0**d:g}") for d in range(int(low), int(high) + 1)]
            if ticks != self._ragone_ticks:
                self._ragone_ticks = ticks
                self.ragone_plot.getAxis("bottom").setTicks([ticks])
            self.ragone_range.fit([power[shown]], [fan.wh_per_kg[shown]])

    def _clear_curves(self) -> None:
        """Nothing of the design before stays drawn, shaded or exported under a design that has
        no curve."""
        self.curves = {}
        self._bands_later.stop()
        self._follow_later.stop()
        for item in (self.discharge, self.ocv, self.charge, self.ragone_curve, self.ragone_here):
            item.setData([], [])
        self.band.clear()
        self.ragone_band.clear()
        self.cursor.hide()

    def _bands_after_edit(self) -> None:
        """The bands drawn when the edits pause; meanwhile they follow to first order."""
        self._bands_later.start()
        if not self._follow_later.isActive():  # after this edit's curves are painted
            wait_ms = FIRST_ORDER_EVERY_MS - (monotonic() - self._followed_at) * 1000.0
            self._follow_later.start(max(int(wait_ms) + 1, FOLLOW_AFTER_MS))

    def draw_bands(self) -> None:
        """The discharge's and the Ragone curve's 5-95 % bands (tens of ms of draws: run when
        the edits pause, not at each step of a drag)."""
        self._bands_later.stop()
        self._follow_later.stop()
        if not self.curves:
            return
        unit = self.axis.currentData()
        design, library = self.model.design, self.model.library
        band = self._draw_band(unit, lambda: curve_band(design, library))
        self.summary_box.setText(f"{self._summary} {band}")
        self._draw_ragone_band(lambda: ragone_band(design, library))

    def _follow_bands(self) -> None:
        """The discharge's and the Ragone curve's bands to first order (about 3 ms each: every
        uncertain input moved by one standard deviation), at most every FIRST_ORDER_EVERY_MS
        while the edits go on; the draws replace them when the edits pause."""
        self._followed_at = monotonic()
        if not self.curves or not self._bands_later.isActive():
            return  # no curve, or the draws are in already
        unit = self.axis.currentData()
        design, library, results = self.model.design, self.model.library, self.model.results
        # The edges only: the summary's words on the band wait for the draws (a new text lays
        # the tab out again, which costs more than the band).
        self._draw_band(
            unit, lambda: linear_curve_band(design, library, results=results, units=(unit,))
        )
        self._draw_ragone_band(lambda: linear_ragone_band(design, library, results=results))

    def _draw_ragone_band(self, band: Callable[[], RagoneBand]) -> None:
        """The band of the Ragone curve's energy, on log10 of the power at each rate."""
        try:
            found = band()
        except (ProblemsError, ValueError):  # a draw refused: the summary says why already
            self.ragone_band.clear()
            return
        with np.errstate(divide="ignore", invalid="ignore"):
            power = np.log10(found.w_per_kg)
        shown = np.isfinite(power)
        self.ragone_band.show(power[shown], found.low_wh_per_kg[shown], found.high_wh_per_kg[shown])

    def _draw_band(self, unit: str, band: Callable[[], CurveBand]) -> str:
        """The discharge's band under the curve; what it says in words."""
        try:
            found = band()
        except (ProblemsError, ValueError) as error:  # a draw the engine refuses
            self.band.clear()
            return f"No band: {error}".splitlines()[0]
        grid, low, high = found.capacity[unit], found.low_V[unit], found.high_V[unit]
        shown = np.isfinite(low) & np.isfinite(high)
        self.band.show(grid[shown], low[shown], high[shown])
        delivered = found.delivered[unit]
        if delivered.high == 0.0:  # the 95th percentile: a few draws may deliver something
            return f"95 % or more of {found.samples} draws from the tolerances deliver nothing."
        return (
            f"Shaded: the 5–95 % band from the tolerances ({found.samples} draws); delivered "
            f"{delivered.low:.4g}–{delivered.high:.4g} {unit}."
        )

    def _scale(self, curve: VoltageCurve) -> tuple[float, str]:
        unit = self.axis.currentData()
        if unit == "mAh/g":
            return 1000.0 / float(curve.active_mass_mg_cm2), unit
        if unit == "mAh":
            results = self.model.results
            return float(results.area_cm2) * results.unit_cells, unit
        return 1.0, unit

    def _on_hover(self, position: QPointF) -> None:
        curve = self.curves.get("discharge")
        if curve is None or not self.plot.sceneBoundingRect().contains(position):
            return
        x = self.plot.getPlotItem().vb.mapSceneToView(position).x()
        scale, unit = self._scale(curve)
        capacity = curve.capacity_mAh_cm2 * scale
        i = int(np.clip(np.searchsorted(capacity, x), 0, len(capacity) - 1))
        self.cursor.setValue(capacity[i])
        self.cursor.show()
        head = (
            f"<b>At {capacity[i]:.4g} {unit}</b>: {curve.voltage_V[i]:.3f} V under current, "
            f"{curve.open_circuit_V[i]:.3f} V at rest"
        )
        lines = [head]
        lines += [f"{LOSS_NAMES[k]}: {1000 * curve.losses[k][i]:.1f} mV" for k in LOSS_KEYS]
        self.breakdown = "<br>".join(lines)
        QToolTip.showText(QCursor.pos(), self.breakdown, self.plot)

    def table(self) -> Table:
        down, up = self.curves.get("discharge"), self.curves.get("charge")
        if down is None:
            return ("capacity_mAh_cm2", "voltage_V"), []
        rows = [
            ("discharge", q, v, o, *(down.losses[k][i] for k in LOSS_KEYS))
            for i, (q, v, o) in enumerate(
                zip(down.capacity_mAh_cm2, down.voltage_V, down.open_circuit_V, strict=True)
            )
        ]
        rows += [
            ("charge", q, v, o, *(up.losses[k][i] for k in LOSS_KEYS))
            for i, (q, v, o) in enumerate(
                zip(up.capacity_mAh_cm2, up.voltage_V, up.open_circuit_V, strict=True)
            )
        ]
        header = (
            "direction",
            "capacity_mAh_cm2",
            "voltage_V",
            "open_circuit_V",
            *(f"loss_{k}_V" for k in LOSS_KEYS),
        )
        return header, rows

    def ragone_table(self) -> Table:
        fan = self.curves.get("ragone")
        if fan is None:
            return ("c_rate",), []
        header = ("c_rate", "wh_per_kg", "w_per_kg", "wh_per_l", "w_per_l")
        return header, list(
            zip(fan.c_rate, fan.wh_per_kg, fan.w_per_kg, fan.wh_per_l, fan.w_per_l, strict=True)
        )
