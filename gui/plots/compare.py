"""Compare designs: pin the current one, see the ladders side by side and what differs.

Pinned designs are frozen snapshots (design and results); the current design is always the last
column and follows the edits. The table lists every field whose value differs, then the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.design import Design
from engine.io.design_files import design_to_dict
from engine.labels import field_label
from engine.materials import Library
from engine.problems import DesignError
from engine.results import Results
from engine.studies.curves import discharge_curve
from gui.design_model import DesignModel
from gui.plots.export import Table, add_export_menu
from gui.plots.lazy import LazyPlot
from gui.plots.ranges import SteadyRange
from gui.plots.style import LEGEND_PT, set_title

# Rung numbers as in the numbers panel (li: fully lithiated), short enough for a narrow plot;
# the axis label says so and the numbers panel gives the full names and bases.
TICKS = {
    "active_delithiated": "1",
    "active_lithiated": "1 li",
    "cathode": "2",
    "cathode_lithiated": "2 li",
    "electrode_pair": "3",
    "stack": "4",
    "cell": "5",
    "cell_fixture": "6",
}
COLOURS = ("#7f8c8d", "#d35400", "#8e44ad", "#16a085", "#c0392b", "#2c3e50")
CURRENT_COLOUR = "#3f7fbf"
RESULT_ROWS = (
    ("Cell Wh/kg", lambda r: r.rung("cell").wh_per_kg),
    ("Cell Wh/L", lambda r: r.rung("cell").wh_per_l),
    ("Stack Wh/kg", lambda r: r.rung("stack").wh_per_kg),
    ("Cathode Wh/kg", lambda r: r.rung("cathode").wh_per_kg),
    ("Areal capacity (mAh/cm²)", lambda r: r.areal_capacity_mAh_cm2),
    ("Cell voltage (V)", lambda r: r.cell_voltage_V),
    ("Cell mass (g)", lambda r: r.cell_mass_g),
)


@dataclass(frozen=True)
class Pinned:
    design: Design
    results: Results
    curve: tuple[np.ndarray, np.ndarray] | None  # discharge (mAh/cm2, V), computed when pinned
    fields: dict[str, Any]  # the design's file fields, flattened once when pinned


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A design file's JSON as {'cathode.porosity': 0.15, 'separator[0].material': ...}."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list):
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def file_fields(design: Design, library: Library) -> dict[str, Any]:
    """The design's file fields, flattened."""
    return flatten(design_to_dict(design, library))


# What a design is called and who made it, not what the cell is: the columns name the designs.
NOT_COMPARED = ("format", "version", "name", "author", "notes")


def differences(flat: list[dict[str, Any]]) -> list[tuple[str, list[Any]]]:
    """The cell's fields (flattened as by file_fields) whose values are not the same in all
    designs, in file order."""
    keys = list(dict.fromkeys(k for f in flat for k in f if k not in NOT_COMPARED))
    rows = []
    for key in keys:
        values = [f.get(key, "—") for f in flat]
        if any(v != values[0] for v in values[1:]):
            rows.append((key, values))
    return rows


def headers(count: int) -> list[str]:
    """Column names of the table and the bars' legend: the pinned designs, then the current."""
    return [f"Pinned {i + 1}" for i in range(count - 1)] + ["Current"]


class ComparePanel(LazyPlot):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.pinned: list[Pinned] = []
        pin = QPushButton("Pin this design")
        pin.clicked.connect(self.pin_current)
        clear = QPushButton("Clear pins")
        clear.clicked.connect(self.clear)
        self.plot = pg.PlotWidget()
        self.plot.setLabel("left", "Energy density", units="Wh/kg")
        self.plot.showGrid(y=True, alpha=0.3)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLabel("bottom", "Level (li: lithiated)")
        self.bars: list[pg.BarGraphItem] = []
        self._bar_layout: tuple[list[str], list[str]] | None = None
        self.bar_range = SteadyRange(self.plot)
        add_export_menu(self.plot, "compare", self.table_data)
        self.curves_plot = pg.PlotWidget()
        self.curves_plot.setLabel("bottom", "Capacity", units="mAh/cm²")
        self.curves_plot.setLabel("left", "Cell voltage", units="V")
        for name in ("left", "bottom"):
            self.curves_plot.getAxis(name).enableAutoSIPrefix(False)
        self.curves_plot.showGrid(x=True, y=True, alpha=0.3)
        self.curve_items: list[pg.PlotDataItem] = []
        self.curve_range = SteadyRange(self.curves_plot)
        self.table = QTableWidget()
        self.table.setObjectName("compare_table")
        self.table.setAccessibleName("Compared designs: the fields that differ, then the results")
        self.rows: list[tuple[str, list[str]]] = []
        self.table.verticalHeader().setMaximumWidth(120)  # long field names: hover for the whole
        self.table.horizontalHeader().setDefaultSectionSize(56)
        self.table.setMinimumWidth(120 + 2 * 56 + 8)  # labels and two designs stay in view
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        buttons = QHBoxLayout()
        buttons.addWidget(pin)
        buttons.addWidget(clear)
        buttons.addStretch(1)
        split = QSplitter()
        for widget in (self.plot, self.curves_plot, self.table):
            split.addWidget(widget)
        # The plots get the room; the table's names elide (hover for the whole).
        for index, stretch in enumerate((3, 4, 2)):
            split.setStretchFactor(index, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.watch(model)

    def pin_current(self) -> None:
        self.model.flush(bands=False)  # an edit just made: pin its results, not the last ones
        design, results = self.model.design, self.model.results
        curve = self._curve(design, results)
        self.pinned.append(Pinned(design, results, curve, file_fields(design, self.model.library)))
        self._on_design_changed()

    def clear(self) -> None:
        self.pinned.clear()
        self._on_design_changed()

    def columns(self) -> list[tuple[str, Design, Results, str]]:
        shown = [
            (p.design.name, p.design, p.results, COLOURS[i % len(COLOURS)])
            for i, p in enumerate(self.pinned)
        ]
        shown.append(
            (
                "Current: " + self.model.design.name,
                self.model.design,
                self.model.results,
                CURRENT_COLOUR,
            )
        )
        return shown

    def _on_design_changed(self) -> None:
        columns = self.columns()
        keys = [r.key for r in self.model.results.ladder if r.key != "cell_fixture"]
        self._draw_bars(columns, keys)
        self._draw_curves(columns)
        self._fill_table(columns)

    def _draw_bars(self, columns: list[tuple[str, Design, Results, str]], keys: list[str]) -> None:
        """One bar item per design, made when the set of designs or rungs changes; an edit only
        sets the current design's heights."""
        layout = ([c[0] for c in columns], keys)
        if layout != self._bar_layout:
            self._bar_layout = layout
            for bar in self.bars:
                self.plot.removeItem(bar)
            # The legend is the title line, in the bars' colours: inside, it covered the bars.
            legend = "&nbsp;&nbsp;".join(
                f"<span style='color:{c[3]}'>■ {h}</span>"
                for h, c in zip(headers(len(columns)), columns, strict=True)
            )
            set_title(self.plot, legend, LEGEND_PT)
            width = 0.8 / len(columns)
            self.bars = []
            for i, (_name, _design, _results, colour) in enumerate(columns):
                x = np.arange(len(keys)) - 0.4 + width * (i + 0.5)
                bar = pg.BarGraphItem(
                    x=x,
                    height=np.zeros(len(keys)),
                    width=width * 0.9,
                    brush=pg.mkBrush(QColor(colour)),
                )
                self.plot.addItem(bar)
                self.bars.append(bar)
            self.plot.getAxis("bottom").setTicks(
                [[(i, TICKS.get(k, k)) for i, k in enumerate(keys)]]
            )
            for bar, column in zip(self.bars, columns, strict=True):
                bar.setOpts(height=[float(column[2].rung(k).wh_per_kg) for k in keys])
        else:
            current = columns[-1][2]
            self.bars[-1].setOpts(height=[float(current.rung(k).wh_per_kg) for k in keys])
        heights = [bar.opts["height"] for bar in self.bars]
        self.bar_range.fit([[-0.5, len(keys) - 0.5]], [[0.0], *heights])

    def _curve(self, design: Design, results: Results) -> tuple[np.ndarray, np.ndarray] | None:
        try:
            curve = discharge_curve(design, self.model.library, results=results)
        except (DesignError, ValueError):
            return None
        return curve.capacity_mAh_cm2, curve.voltage_V

    def _draw_curves(self, columns: list[tuple[str, Design, Results, str]]) -> None:
        """Each design's discharge at its own C-rate and temperature (items kept, data set);
        pinned designs keep the curve computed when they were pinned."""
        while len(self.curve_items) < len(columns):
            self.curve_items.append(self.curves_plot.plot())
        curves = [p.curve for p in self.pinned]
        curves.append(self._curve(self.model.design, self.model.results))
        for item, curve, column in zip(self.curve_items, curves, columns, strict=False):
            item.setPen(pg.mkPen(column[3], width=2))
            item.setData(*(curve if curve is not None else ([], [])))
        drawn = [c for c in curves if c is not None]
        self.curve_range.fit([c[0] for c in drawn], [c[1] for c in drawn])
        for item in self.curve_items[len(columns) :]:
            item.setData([], [])

    def _fill_table(self, columns: list[tuple[str, Design, Results, str]]) -> None:
        """Rows of what differs, then the results; only cells whose text changed are touched."""
        flat = [p.fields for p in self.pinned] + [
            file_fields(self.model.design, self.model.library)
        ]
        rows = [(key, [str(v) for v in values]) for key, values in differences(flat)]
        rows += [
            (label, [f"{float(get(c[2])):.4g}" for c in columns]) for label, get in RESULT_ROWS
        ]
        table = self.table
        if table.columnCount() != len(columns):
            table.setColumnCount(len(columns))
            table.setHorizontalHeaderLabels(headers(len(columns)))
        for column, (name, *_rest) in enumerate(columns):
            table.horizontalHeaderItem(column).setToolTip(name)
        labels = [r[0] for r in rows]
        if labels != [r[0] for r in self.rows]:
            table.setRowCount(len(rows))
            table.setVerticalHeaderLabels([field_label(label) for label in labels])
            for row, label in enumerate(labels):
                table.verticalHeaderItem(row).setToolTip(f"{field_label(label)} [{label}]")
        for row, (_label, values) in enumerate(rows):
            for column, value in enumerate(values):
                item = table.item(row, column)
                if item is None:
                    table.setItem(row, column, QTableWidgetItem(value))
                elif item.text() != value:
                    item.setText(value)
        self.rows = rows

    def table_data(self) -> Table:
        header = ["field or result", *(c[0] for c in self.columns())]
        return header, [(label, *values) for label, values in self.rows]
