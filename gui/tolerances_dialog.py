"""Edit > Tolerances: how sure each input is, typed into one table beside the window.

Each row is an input of the design (engine/studies/uncertainty.py lists them) with its value, its
tolerance ("5 %" of the value, or "0.02" in its unit; empty for none) and distribution, and whose
the tolerance is: the design's, or a library value's stated one (shown in grey until the user
types their own). Every change is one undoable edit through the model; a refusal is shown under
the table and the row goes back to what the design holds.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QComboBox, QTableWidgetItem, QWidget

from engine.design import DISTRIBUTIONS, Tolerance
from engine.edits import EditError, parse_tolerance
from engine.labels import input_label
from engine.problems import DesignError
from engine.studies.uncertainty import FROM_SOURCE, tolerance_rows
from gui.design_model import DesignModel
from gui.table_dialog import TableDialog

COLUMNS = ("Input", "Value", "Tolerance ±", "Distribution", "Whose")
INPUT, VALUE, TOLERANCE, DISTRIBUTION, WHOSE = range(len(COLUMNS))


def tolerance_text(tolerance: Tolerance | None) -> str:
    if tolerance is None:
        return ""
    return f"{tolerance.amount * 100:g} %" if tolerance.relative else f"{tolerance.amount:g}"


class TolerancesDialog(TableDialog):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        about = (
            "How sure each input is. Type a tolerance as a share of the value (5 %) or in the "
            "input's unit (0.02); leave it empty for none. Normal: the tolerance is one standard "
            "deviation; uniform: the half-width. Grey: a library value's stated tolerance, used "
            "until you type your own. The bands in the numbers panel and the tornado use them."
        )
        super().__init__(model, "tolerances", "Tolerances", about, COLUMNS, INPUT, parent)
        self.fields: list[str] = []
        self.fill()
        self.fit()

    def go_to(self, field: str) -> None:
        """Put the cursor on field's tolerance, ready to type (nothing for a field not listed,
        as a mass fraction, which moves with the active fraction)."""
        if field in self.fields:
            item = self.table.item(self.fields.index(field), TOLERANCE)
            self.table.setCurrentItem(item)
            self.table.scrollToItem(item)
            self.table.setFocus()

    def fill(self) -> None:
        """The rows as the design holds them now."""
        design, results = self.model.design, self.model.results
        rows = tolerance_rows(design, results, self.model.library)
        self.filling = True
        self.table.setRowCount(len(rows))
        self.fields = [row.field for row in rows]
        grey = QBrush(self.palette().color(QPalette.ColorRole.PlaceholderText))
        for r, row in enumerate(rows):
            cells = (input_label(design, row.field), f"{row.value:.4g}",
                     tolerance_text(row.tolerance), "", self._whose(row.source))  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column != TOLERANCE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if row.source not in ("", "design"):
                    item.setForeground(grey)
                    item.setToolTip(row.source)
                self.table.setItem(r, column, item)
            self.table.item(r, INPUT).setToolTip(row.field)
            self.table.setCellWidget(r, DISTRIBUTION, self._distribution(row.field, row.tolerance))
        self.filling = False

    @staticmethod
    def _whose(source: str) -> str:
        if source in ("", "design"):
            return source
        return "library (its source)" if source.startswith(FROM_SOURCE) else "library (stated)"

    def _distribution(self, field: str, tolerance: Tolerance | None) -> QComboBox:
        box = QComboBox()
        box.addItems(DISTRIBUTIONS)
        box.setAccessibleName(f"Distribution of {field}")
        if tolerance is not None:
            box.setCurrentText(tolerance.distribution)
        box.setEnabled(tolerance is not None)
        box.currentTextChanged.connect(lambda text, f=field: self._set(f, None, text))
        return box

    def typed(self, item: QTableWidgetItem) -> None:
        if item.column() != TOLERANCE:
            return
        field = self.fields[item.row()]
        box = self.table.cellWidget(item.row(), DISTRIBUTION)
        self._set(field, item.text(), box.currentText() if isinstance(box, QComboBox) else "normal")

    def _set(self, field: str, text: str | None, distribution: str) -> None:
        """Give field the typed tolerance (text None: the shown one, with a new distribution)."""
        if text is None:
            text = self.table.item(self.fields.index(field), TOLERANCE).text()
        try:
            self.model.set_tolerance(field, parse_tolerance(field, text, distribution))
        except (EditError, DesignError) as error:
            self.refuse(str(error))
            return
        self.message.clear()
