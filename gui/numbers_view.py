"""The numbers panel: the energy-density ladder, the key figures, the warnings, and why.

Every number comes from the engine's Results; clicking one shows the engine's explanation of it
(formula, inputs with units and sources). Rows are created once and their texts updated.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.evaluate.delivery import delivery_warnings
from engine.evaluate.trace import explain
from engine.labels import describe
from engine.problems import DesignWarning
from gui.design_model import DesignModel

# Short names for the ladder's rows; the full basis is the row's tooltip.
RUNG_NAMES = {
    "active_delithiated": "Active, delithiated",
    "active_lithiated": "Active, lithiated",
    "cathode": "Cathode",
    "cathode_lithiated": "Cathode, lithiated",
    "electrode_pair": "Electrode pair",
    "stack": "Stack",
    "cell": "Cell",
    "cell_fixture": "Cell + fixture",
}

ROW_PADDING_PX = 6  # above and below a table row's text

FIGURES = (
    ("areal_capacity", "Areal capacity"),
    ("capacity", "Cell capacity"),
    ("cell_voltage", "Cell voltage"),
    ("n_p_ratio", "N/P ratio"),
    ("energy", "Cell energy"),
    ("mass", "Cell mass"),
    ("volume", "Cell volume"),
    ("thickness", "Stack thickness"),
)


def _item(text: str = "", align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class NumbersView(QWidget):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._delivery: list[DesignWarning] = []  # the last delivery check's warnings
        self._delivery_check = QTimer(self)
        self._delivery_check.setSingleShot(True)
        self._delivery_check.setInterval(0)
        self._delivery_check.timeout.connect(self._check_delivery)
        self.ladder = QTableWidget(0, 3)
        self.ladder.setHorizontalHeaderLabels(["Level", "Wh/kg", "Wh/L"])
        self.figures = QTableWidget(len(FIGURES), 2)
        self.setObjectName("numbers")
        self.ladder.setObjectName("ladder")
        self.ladder.setAccessibleName("Energy-density ladder: Wh/kg and Wh/L at each level")
        self.figures.setObjectName("key_figures")
        self.figures.setAccessibleName("Key figures of the cell")
        self.figures.setHorizontalHeaderLabels(["Figure", "Value"])
        for table in (self.ladder, self.figures):
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for row, (_key, label) in enumerate(FIGURES):
            self.figures.setItem(row, 0, _item(label))
            self.figures.setItem(row, 1, _item("", align_right=True))
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = QTextBrowser()
        self.explanation.setPlaceholderText("Click a number: how it was obtained.")
        self.explanation.setMinimumHeight(90)
        self.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Energy density</b> (hover a level for its basis)"))
        layout.addWidget(self.ladder)
        layout.addWidget(self.figures)
        layout.addWidget(self.warnings)
        layout.addWidget(self.explanation, 1)
        self.ladder.cellClicked.connect(self._on_ladder_clicked)
        self.figures.cellClicked.connect(self._on_figure_clicked)
        self._explained: str | None = None
        model.design_changed.connect(self._on_design_changed)
        self._on_design_changed()

    def _on_design_changed(self) -> None:
        results = self.model.results
        rungs = results.ladder
        if self.ladder.rowCount() != len(rungs):
            self.ladder.setRowCount(len(rungs))
            for row in range(len(rungs)):
                self.ladder.setItem(row, 0, _item())
                self.ladder.setItem(row, 1, _item(align_right=True))
                self.ladder.setItem(row, 2, _item(align_right=True))
        for row, rung in enumerate(rungs):
            label = self.ladder.item(row, 0)
            label.setText(f"{rung.level}  {RUNG_NAMES.get(rung.key, rung.label)}")
            label.setData(Qt.ItemDataRole.UserRole, rung.key)
            for column, value in ((1, rung.wh_per_kg), (2, rung.wh_per_l)):
                item = self.ladder.item(row, column)
                item.setText(f"{float(value):.0f}")
                item.setToolTip(rung.basis)
            label.setToolTip(rung.basis)
        self._fit_height(self.ladder)
        design = self.model.design
        n_p = (
            "n/a (anode-free)"
            if results.n_p_ratio is None
            else (f"{float(results.n_p_ratio):.3g} ({design.n_p_basis})")
        )
        values = {
            "areal_capacity": f"{float(results.areal_capacity_mAh_cm2):.3g} mAh/cm²",
            "capacity": f"{float(results.capacity_mAh):.4g} mAh",
            "cell_voltage": f"{float(results.cell_voltage_V):.3g} V",
            "n_p_ratio": n_p,
            "energy": f"{float(results.energy_Wh):.4g} Wh",
            "mass": f"{float(results.cell_mass_g):.4g} g",
            "volume": f"{float(results.cell_volume_cm3):.4g} cm³",
            "thickness": f"{float(results.stack_thickness_um) / 1000:.4g} mm (charged)",
        }
        for row, (key, _label) in enumerate(FIGURES):
            self.figures.item(row, 1).setText(values[key])
        self.figures.item(0, 1).setToolTip(f"Areal capacity: {results.areal_capacity_basis}")
        self._fit_height(self.figures)
        self._show_warnings()
        self._delivery_check.start()  # the curve's warning, after the numbers are shown
        if self._explained is not None:
            self.show_explanation(self._explained)

    @staticmethod
    def _fit_height(table: QTableWidget) -> None:
        row = table.fontMetrics().height() + ROW_PADDING_PX  # follows the text size (zoom)
        for r in range(table.rowCount()):
            table.setRowHeight(r, row)
        height = table.horizontalHeader().sizeHint().height() + 4
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height)

    def _on_ladder_clicked(self, row: int, column: int) -> None:
        key = self.ladder.item(row, 0).data(Qt.ItemDataRole.UserRole)
        self.show_explanation(f"{'wh_per_l' if column == 2 else 'wh_per_kg'}:{key}")

    def _on_figure_clicked(self, row: int, _column: int) -> None:
        key = FIGURES[row][0]
        if key in ("areal_capacity", "cell_voltage", "n_p_ratio"):
            self.show_explanation(key)
        else:
            self.show_explanation("wh_per_kg:cell")

    def _check_delivery(self) -> None:
        """The warning that needs the discharge curve (engine/evaluate/delivery.py), computed on
        the next turn of the event loop: the window's first numbers do not wait for a curve."""
        self._delivery = delivery_warnings(self.model.results)
        self._show_warnings()

    def _show_warnings(self) -> None:
        warnings = [*self.model.results.warnings, *self._delivery]
        if warnings:
            items = "".join(f"<li>{escape(describe(w))}</li>" for w in warnings)
            self.warnings.setText(f"<b>Warnings</b><ul>{items}</ul>")
        else:
            self.warnings.setText("No warnings.")

    def show_explanation(self, key: str) -> None:
        """Show the engine's explanation of one number, in plain words with units."""
        try:
            explanation = explain(self.model.results, key)
        except KeyError as error:
            self.explanation.setPlainText(str(error.args[0]))
            return
        self._explained = key
        self.explanation.setPlainText(explanation.text(labels=True))
