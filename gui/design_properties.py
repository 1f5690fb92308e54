"""Edit > Design properties: the design's name, author and notes, as one undoable edit.

The name titles the window and the report; the author and notes are printed in the report. The
engine decides what a valid name is (engine.edits.set_properties); a refusal is shown here and
the dialog stays open with what was typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from engine.edits import NAME_LIMIT, EditError
from gui.design_model import DesignModel
from gui.widgets import refusal_label


class DesignPropertiesDialog(QDialog):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle("Design properties")
        self.setObjectName("design_properties")
        design = model.design
        self.name = QLineEdit(design.name)
        self.name.setMaxLength(NAME_LIMIT)
        self.name.setObjectName("design_name")
        self.name.setAccessibleName("Design name")
        self.author = QLineEdit(design.author)
        self.author.setObjectName("design_author")
        self.author.setAccessibleName("Author")
        self.author.setPlaceholderText("who designed the cell (printed in the report)")
        self.notes = QPlainTextEdit(design.notes)
        self.notes.setObjectName("design_notes")
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.message = refusal_label("design_properties_message")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Name", self.name)
        form.addRow("&Author", self.author)
        form.addRow("N&otes", self.notes)
        form.addRow(self.message)
        form.addRow(buttons)
        self.resize(520, 360)

    def accept(self) -> None:
        try:
            self.model.set_properties(
                self.name.text(), self.author.text(), self.notes.toPlainText()
            )
        except EditError as error:
            self.message.setText(f"Refused: {error}")
            self.name.setFocus()
            return
        super().accept()
