"""File > Open study results: a study's Pareto front and best designs (main.py study), beside the
window; a click on a point of the front, or on a row of the best designs, opens that design."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.design import Design
from engine.studies.study_results import Row, StudyResults
from gui.plots.style import style_plots


class StudyResultsWindow(QDialog):
    design_chosen = Signal(object)  # a Design: the window opens it (asking to keep unsaved work)

    def __init__(self, found: StudyResults, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = found
        self.setWindowTitle(f"Study results: {path.name}")
        self.setObjectName("study_results")
        summary = QLabel(
            f"{found.designs:,} designs of {found.design.name!r} varied in "
            f"{', '.join(found.fields)}; {found.kept:,} within the constraints. Click a point of "
            "the front or a best design to open it (as a new, unsaved design)."
        )
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        self.front_rows: list[Row] = []
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(220)
        for name in ("left", "bottom"):
            self.plot.getAxis(name).enableAutoSIPrefix(False)
        self.points = pg.ScatterPlotItem(size=7, brush=pg.mkBrush("#3f7fbf"), hoverable=True)
        self.points.sigClicked.connect(self._point_clicked)
        self.plot.addItem(self.points)
        if found.fronts:
            front = found.fronts[0]
            self.front_rows = front.designs
            self.plot.setTitle(f"Pareto front: {len(front.designs)} designs", size="9pt")
            self.plot.setLabel("bottom", front.x)
            self.plot.setLabel("left", front.y)
            self.points.setData(
                x=[r[front.x] for r in front.designs],
                y=[r[front.y] for r in front.designs],
                data=list(range(len(front.designs))),
            )
            layout.addWidget(self.plot, 1)
        self.best_rows: list[Row] = found.best[0].designs if found.best else []
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("study_best")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        if self.best_rows:
            columns = [c for c in self.best_rows[0] if c != "index"]
            self.table.setColumnCount(len(columns))
            self.table.setHorizontalHeaderLabels(columns)
            self.table.setRowCount(len(self.best_rows))
            for r, row in enumerate(self.best_rows):
                for c, name in enumerate(columns):
                    self.table.setItem(r, c, QTableWidgetItem(f"{row[name]:.5g}"))
            self.table.resizeColumnsToContents()
            layout.addWidget(QLabel(f"Best by {found.best[0].by}:"))
            layout.addWidget(self.table, 1)
        self.table.cellActivated.connect(lambda r, _c: self.open_row(self.best_rows[r]))
        self.table.cellClicked.connect(lambda r, _c: self.open_row(self.best_rows[r]))
        style_plots(self)  # the palette's colours, as the window's plots
        self.resize(720, 620)

    def _point_clicked(self, _item: object, points: list) -> None:
        if points:
            self.open_row(self.front_rows[int(points[0].data())])

    def open_row(self, row: Row) -> Design:
        """Ask the window to open the design of a row; the design."""
        design = self.found.design_of(row)
        self.design_chosen.emit(design)
        return design
