"""Edit > Size cell: keep every layer and scale the cell to a target capacity (Ah) or energy (Wh),
by its electrode area or, for a pouch, its number of unit cells (engine/sizing.py solves it).

The dialog shows the cell as it is and what the sizing would change before it is applied; the
change is one undo step through the model, and a refusal is shown in the dialog, which stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from engine.design import PouchFormat
from engine.edits import EditError
from engine.problems import DesignError
from engine.sizing import SIZE_BY, TARGETS, current, size_cell
from gui.design_model import DesignModel
from gui.widgets import ChoiceBox, QuantitySpinBox, refusal_label


class SizingDialog(QDialog):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.change = ""  # what the accepted sizing changed, in words
        self.setWindowTitle("Size cell")
        self.setObjectName("sizing")
        model.flush()
        results = model.results
        about = QLabel(
            "Keeps every layer as it is and scales the cell until it holds the target. Now: "
            f"{current(results, 'capacity_Ah'):.4g} Ah, {current(results, 'energy_Wh'):.4g} Wh "
            f"({results.areal_capacity_basis})."
        )
        about.setWordWrap(True)
        self.target = ChoiceBox()
        for key, (what, unit) in TARGETS.items():
            self.target.addItem(f"{what.capitalize()} ({unit})", key)
        self.value = QuantitySpinBox("", 1e-4, 1e6, 4)  # reads a decimal comma too
        self.value.setObjectName("sizing_value")
        self.by = ChoiceBox()
        for key, words in SIZE_BY.items():
            self.by.addItem(words.capitalize(), key)
        if not isinstance(model.design.cell_format, PouchFormat):
            self.by.model().item(self.by.findData("unit_cells")).setEnabled(False)  # type: ignore[attr-defined]
        form = QFormLayout()
        form.addRow("Target", self.target)
        form.addRow("Value", self.value)
        form.addRow("By changing", self.by)
        self.preview = QLabel()
        self.preview.setObjectName("sizing_preview")
        self.preview.setWordWrap(True)
        self.refusal = refusal_label("sizing_refusal")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Size")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.refusal)
        layout.addWidget(buttons)
        self.target.currentIndexChanged.connect(self._target_changed)
        self.value.valueChanged.connect(self._show_preview)
        self.by.currentIndexChanged.connect(self._show_preview)
        self._target_changed()
        self.value.setFocus()  # type the target at once
        self.value.selectAll()

    def _target_changed(self) -> None:
        """Start the value at the cell's own, so the preview starts at no change."""
        self.value.blockSignals(True)
        self.value.setSuffix(f" {TARGETS[self.target.currentData()][1]}")
        self.value.setValue(current(self.model.results, self.target.currentData()))
        self.value.blockSignals(False)
        self._show_preview()

    def _show_preview(self) -> None:
        try:
            sized = size_cell(
                self.model.results,
                self.target.currentData(),
                self.value.value(),
                self.by.currentData(),
            )
        except EditError as error:
            self.preview.setText("")
            self.refusal.setText(str(error))
            self.ok.setEnabled(False)
            return
        unchanged = sized.design == self.model.design
        self.preview.setText("No change." if unchanged else f"Would change the {sized.change}.")
        self.refusal.setText("")
        self.ok.setEnabled(True)

    def apply(self) -> None:
        try:
            self.change = self.model.size_cell(
                self.target.currentData(), self.value.value(), self.by.currentData()
            )
        except (EditError, DesignError) as error:
            self.refusal.setText(str(error))
            return
        self.accept()
