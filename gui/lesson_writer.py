"""Writing a lesson from the window, without editing JSON (Lesson > Write a lesson from this
design): the teacher names the lesson, then edits the design as the class will and adds a step
after each edit, with its question, the number to predict first and what to notice. The step's
edit is what changed since the step before; the engine decides it (engine/lesson_drafts.py) and
refuses what a lesson cannot replay. The saved file opens from Lesson > Open lesson file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from engine.lesson_drafts import pending_edit
from engine.lessons import Prediction, Step, format_number
from gui.files import remember_folder
from gui.log import logger
from gui.widgets import refusal_label

if TYPE_CHECKING:
    from gui.design_model import DesignModel
    from gui.main_window import MainWindow

# What a step may ask the class to predict: label, result (as a sweep names it), unit, scale.
PREDICTABLE = (
    ("Cell specific energy", "ladder.cell.wh_per_kg", "Wh/kg", 1.0),
    ("Cell energy density", "ladder.cell.wh_per_l", "Wh/L", 1.0),
    ("Stack specific energy", "ladder.stack.wh_per_kg", "Wh/kg", 1.0),
    ("Cathode specific energy", "ladder.cathode.wh_per_kg", "Wh/kg", 1.0),
    ("Cathode energy density", "ladder.cathode.wh_per_l", "Wh/L", 1.0),
    ("Areal capacity", "areal_capacity_mAh_cm2", "mAh/cm²", 1.0),
    ("Cell voltage", "cell_voltage_V", "V", 1.0),
    ("Cathode porosity", "layer.cathode.porosity", "%", 100.0),
    ("Cathode thickness", "layer.cathode.thickness_um", "µm", 1.0),
    ("Cathode ionic resistance", "cathode_ionic_asr_ohm_cm2", "Ω cm²", 1.0),
    ("Cell mass", "cell_mass_g", "g", 1.0),
)
LESSON_FILTER = "Lamina lessons (*.json);;All files (*)"
LESSON_SUFFIX = ".lesson.json"


def _text_box(name: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
    return box


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class StartDialog(QDialog):
    """The lesson's title, summary and source; its starting design is the one on screen."""

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle("Write a lesson from this design")
        self.setObjectName("lesson_start")
        self.title = QLineEdit()
        self.title.setAccessibleName("Lesson title")
        self.summary = _text_box("Summary", "one or two sentences: what the lesson shows")
        self.source = QLineEdit()
        self.source.setAccessibleName("Source")
        self.source.setPlaceholderText("the paper: first author, year, journal, DOI, figure")
        self.message = refusal_label("lesson_writer_message")
        form = QFormLayout(self)
        intro = QLabel(
            f"The lesson starts from the design on screen, “{model.design.name}”. Then edit it "
            "as the class will and add a step after each edit."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow("&Title", self.title)
        form.addRow("S&ummary", self.summary)
        form.addRow("&Source", self.source)
        form.addRow(self.message)
        form.addRow(_buttons(self, "Start writing"))
        self.resize(560, 300)

    def accept(self) -> None:
        try:
            self.model.start_draft(
                self.title.text(), self.summary.toPlainText(), self.source.text()
            )
        except ValueError as error:
            self.message.setText(f"Refused: {error}")
            self.title.setFocus()
            return
        super().accept()


class StepDialog(QDialog):
    """One step: the edit it records (what changed since the last step), its question, the
    number to predict first, and what to notice."""

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        assert model.draft is not None
        number = len(model.draft.steps) + 1
        self.setWindowTitle(f"Add step {number} to “{model.draft.title}”")
        self.setObjectName("lesson_step")
        self.edit = QLabel(self._edit_text())
        self.edit.setObjectName("lesson_step_edit")
        self.edit.setTextFormat(Qt.TextFormat.PlainText)
        self.edit.setWordWrap(True)
        self.title = QLineEdit()
        self.title.setAccessibleName("Step title")
        self.question = _text_box("Question", "what the step changes, and what to think about")
        self.predict = QCheckBox("Ask for a prediction &first")
        self.result = QComboBox()
        self.result.setAccessibleName("Result to predict")
        for label, _result, unit, _scale in PREDICTABLE:
            self.result.addItem(f"{label} ({unit})")
        self.result.currentIndexChanged.connect(self._show_result)
        self.now = QLabel()
        self.prompt = QLineEdit()
        self.prompt.setAccessibleName("Prediction prompt")
        self.notice = _text_box("Notice", "what to notice once the answer is shown")
        self.message = refusal_label("lesson_writer_message")
        self.predict.toggled.connect(self._enable_prediction)
        form = QFormLayout(self)
        form.addRow(self.edit)
        form.addRow("&Title", self.title)
        form.addRow("&Question", self.question)
        form.addRow(self.predict)
        form.addRow("&Result", self.result)
        form.addRow("", self.now)
        form.addRow("&Prompt", self.prompt)
        form.addRow("&Notice", self.notice)
        form.addRow(self.message)
        form.addRow(_buttons(self, "Add step"))
        self._show_result(0)
        self.predict.setChecked(True)
        self.resize(600, 480)

    def _edit_text(self) -> str:
        assert self.model.draft is not None
        try:
            edit = pending_edit(self.model.draft, self.model.design)
        except ValueError as error:
            return f"This step cannot be recorded: {error}"
        if not edit:
            return "No edits since the last step: this step only asks."
        lines = "\n".join(f"• {path} = {value}" for path, value in edit)
        return f"This step makes the edits made since the last step:\n{lines}"

    def _show_result(self, index: int) -> None:
        label, result, unit, scale = PREDICTABLE[index]
        self.prompt.setText(label)
        try:
            value = Prediction(result, label, unit, scale).answer(self.model.results)
        except KeyError:
            self.now.setText("Lamina gives no such result for this design")
            return
        self.now.setText(f"Lamina now: {format_number(value)} {unit}")

    def _enable_prediction(self, on: bool) -> None:
        for widget in (self.result, self.now, self.prompt):
            widget.setEnabled(on)

    def step(self) -> Step:
        predict = None
        if self.predict.isChecked():
            _label, result, unit, scale = PREDICTABLE[self.result.currentIndex()]
            predict = Prediction(result, self.prompt.text().strip(), unit, scale)
        return Step(self.title.text().strip(), self.question.toPlainText().strip(),
                    self.notice.toPlainText().strip(), predict=predict)  # fmt: skip

    def accept(self) -> None:
        try:
            self.model.add_draft_step(self.step())
        except ValueError as error:
            self.message.setText(f"Refused: {error}")
            return
        super().accept()


class LessonWriter:
    """The Lesson menu's writing actions and the status bar's note of the draft."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.model = window.model
        self.start = window.action("&Write a lesson from this design…", self.start_dialog)
        self.add = window.action("&Add step…", self.step_dialog, "Ctrl+Alt+Return")
        self.take_back = window.action("Take &back last step", self.model.take_back_draft_step)
        self.save = window.action("Sa&ve lesson as…", self.save_dialog)
        self.stop = window.action("Stop wr&iting", self.stop_writing)
        self.status = QLabel()
        self.status.setObjectName("lesson_draft_status")
        window.statusBar().addPermanentWidget(self.status)
        self.model.draft_changed.connect(self._refresh)
        self._refresh()

    def actions(self) -> tuple:
        return (self.start, self.add, self.take_back, self.save, self.stop)

    def _refresh(self) -> None:
        draft = self.model.draft
        for action in (self.add, self.save, self.stop):
            action.setEnabled(draft is not None)
        self.take_back.setEnabled(draft is not None and bool(draft.steps))
        self.status.setVisible(draft is not None)
        if draft is not None:
            count = len(draft.steps)
            saved = "" if self.model.draft_saved else ", not saved"
            steps = f"{count} step{'' if count == 1 else 's'}"
            self.status.setText(f"Writing lesson “{draft.title}”: {steps}{saved}")

    def start_dialog(self) -> None:
        if self.keep_draft():
            StartDialog(self.model, self.window).exec()

    def step_dialog(self) -> None:
        if self.model.draft is not None:
            self.model.flush()
            StepDialog(self.model, self.window).exec()

    def save_dialog(self) -> bool:
        draft = self.model.draft
        if draft is None:
            return False
        if not draft.steps:
            QMessageBox.information(
                self.window, "Save lesson", "Add a step first: edit the design, then Add step."
            )
            return False
        start = self.window.suggested(None, draft.title, LESSON_SUFFIX)
        name, _ = QFileDialog.getSaveFileName(self.window, "Save lesson", str(start), LESSON_FILTER)
        if not name:
            return False
        path = Path(name) if name.endswith(".json") else Path(name + LESSON_SUFFIX)
        if not self.window.may_write(path):
            return False
        try:
            self.model.save_draft(path)
        except (OSError, ValueError) as error:
            logger.warning("lesson not saved to %s: %s", path, error)
            QMessageBox.warning(
                self.window, "Lesson not saved", f"{path} was not written (any old file is as "
                f"it was): {error}"
            )  # fmt: skip
            return False
        remember_folder(self.window.settings, path)
        logger.info("lesson saved: %s", path)
        self.window.statusBar().showMessage(f"Lesson saved to {path}", 8000)
        return True

    def keep_draft(self) -> bool:
        """True if there is no unsaved lesson being written, or the user saved or dropped it."""
        draft = self.model.draft
        if draft is None or self.model.draft_saved:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved lesson", f"Save the lesson “{draft.title}” first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save_dialog()
        return answer == QMessageBox.StandardButton.Discard

    def stop_writing(self) -> None:
        if self.keep_draft():
            self.model.end_draft()
