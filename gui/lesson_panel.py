"""The lesson panel (Lesson menu): one step of a lesson at a time. The student reads the
question, types a prediction first where the step asks for one, then makes the step's edit and
sees the answer beside the prediction, and what to notice. The lesson itself, its edits and its
record of answers are the engine's (engine/lessons.py), reached through the model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine.lessons import LessonRun, Step, format_number, gap_text
from engine.problems import DesignError
from gui.design_model import DesignModel
from gui.widgets import refusal_label

NO_LESSON = (
    "No lesson is open. Choose one from the Lesson menu: each starts from a cell of a paper "
    "and takes you through it step by step, asking you to predict each answer first."
)


def parse_prediction(text: str) -> float:
    """A typed prediction as a number: "275", "8.5", "8,5" (a decimal comma, as many students
    write it) or "1e3". ValueError with what to type otherwise."""
    cleaned = text.strip().replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number: type one such as 275 or 8.5") from None


class LessonPanel(QScrollArea):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("lesson_panel")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.title = self._label(bold=True)
        self.summary = self._label()
        self.source = self._label()
        self.source.setEnabled(False)  # small print: drawn in the palette's quieter text
        self.student_label = QLabel("&Student")
        self.student = QLineEdit()
        self.student_label.setBuddy(self.student)
        self.student.setObjectName("lesson_student")
        self.student.setAccessibleName("Student's name")
        self.student.setPlaceholderText("Your name (it goes on the report)")
        self.student.editingFinished.connect(lambda: model.set_student(self.student.text()))
        self.heading = self._label(bold=True)
        self.question = self._label()
        self.prompt = self._label()
        self.prediction = QLineEdit()
        self.prediction.setObjectName("lesson_prediction")
        self.prediction.setAccessibleName("Your prediction")
        self.prediction.returnPressed.connect(self.make_step)
        self.prediction.textChanged.connect(self._update_button)
        self.unit = QLabel()
        self.go = QPushButton()
        self.go.setObjectName("lesson_go")
        self.go.setAccessibleName("Make the step's edit and show the answer")
        self.go.clicked.connect(self.make_step)
        self.answer = self._label(bold=True)
        self.answer.setObjectName("lesson_answer")
        self.notice = self._label()
        self.notice.setObjectName("lesson_notice")
        self.message = refusal_label("lesson_message")
        self.back = QPushButton("← Back")
        self.back.clicked.connect(lambda: self._show(-1))
        self.next = QPushButton("Next →")
        self.next.setObjectName("lesson_next")
        self.next.clicked.connect(lambda: self._show(1))
        self.empty = self._label()
        self.empty.setText(NO_LESSON)
        self.setWidget(self._body())
        self._lesson_widgets = (self.title, self.source, self.student_label, self.student,
                                self.heading, self.question, self.go, self.back,
                                self.next)  # fmt: skip
        self._shown: tuple[object, int] | None = None  # the lesson and step on show
        model.lesson_changed.connect(self.refresh)
        self.refresh()

    def _body(self) -> QWidget:
        """The step from top to bottom: lesson, student, question, prediction, answer."""
        body = QWidget()
        layout = QVBoxLayout(body)
        for widget in (self.empty, self.title, self.summary, self.source):
            layout.addWidget(widget)
        student_row = QHBoxLayout()
        student_row.addWidget(self.student_label)
        student_row.addWidget(self.student, 1)
        layout.addLayout(student_row)
        for widget in (self.heading, self.question, self.prompt):
            layout.addWidget(widget)
        prediction_row = QHBoxLayout()
        prediction_row.addWidget(self.prediction, 1)
        prediction_row.addWidget(self.unit)
        layout.addLayout(prediction_row)
        for widget in (self.go, self.message, self.answer, self.notice):
            layout.addWidget(widget)
        navigation = QHBoxLayout()
        navigation.addWidget(self.back)
        navigation.addStretch(1)
        navigation.addWidget(self.next)
        layout.addLayout(navigation)
        layout.addStretch(1)
        return body

    def _label(self, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # a lesson file's text, never markup
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        return label

    # --- showing ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the model's lesson at its step (or that none is open)."""
        run = self.model.lesson
        self.empty.setVisible(run is None)
        for widget in self._lesson_widgets:
            widget.setVisible(run is not None)
        if run is None:
            self._shown = None
            for widget in (self.summary, self.prompt, self.prediction, self.unit, self.answer,
                           self.notice, self.message):  # fmt: skip
                widget.hide()
            return
        lesson, step = run.lesson, run.lesson.steps[run.step]
        if (lesson, run.step) != self._shown:  # another step: its own prediction, no old message
            self._shown = (lesson, run.step)
            self.prediction.clear()
            self._say("")
        self.title.setText(lesson.title)
        self.summary.setText(lesson.summary)
        self.summary.setVisible(bool(lesson.summary))
        self.source.setText(f"After {lesson.source}" if lesson.source else "")
        self.source.setVisible(bool(lesson.source))
        if not self.student.hasFocus():
            self.student.setText(run.student)
        self.heading.setText(f"Step {run.step + 1} of {len(lesson.steps)}: {step.title}")
        self.question.setText(step.question)
        self._show_prediction(run, step)
        self.back.setEnabled(run.step > 0)
        self.next.setEnabled(run.step < len(lesson.steps) - 1)
        self._update_button()

    def _show_prediction(self, run: LessonRun, step: Step) -> None:
        predict = step.predict
        revealed = run.answers.get(run.step)
        for widget in (self.prompt, self.prediction, self.unit):
            widget.setVisible(predict is not None)
        if predict is not None:
            self.prompt.setText(f"{predict.prompt}: your prediction")
            self.unit.setText(predict.unit)
            if revealed is not None:
                shown = revealed.predicted
                self.prediction.setText("" if shown is None else format_number(shown))
            self.prediction.setReadOnly(revealed is not None)
        if step.edit:
            self.go.setText("Make the edit and show the answer" if predict else "Make the edit")
        else:
            self.go.setText("Show the answer" if predict else "Done: show what to notice")
        self.answer.setVisible(revealed is not None and predict is not None)
        if revealed is not None and predict is not None:
            text = gap_text(revealed, predict.unit)
            self.answer.setText(text[:1].upper() + text[1:])
        self.notice.setVisible(revealed is not None and bool(step.notice))
        self.notice.setText(f"Notice: {step.notice}")

    def _update_button(self) -> None:
        run = self.model.lesson
        if run is None:
            return
        step = run.lesson.steps[run.step]
        needs_prediction = step.predict is not None and not self.prediction.text().strip()
        self.go.setEnabled(not run.revealed(run.step) and not needs_prediction)
        self.go.setToolTip("Type your prediction first" if needs_prediction else "")

    # --- acting ----------------------------------------------------------------------------
    def make_step(self) -> None:
        """Take the prediction, make the step's edit through the model and show the answer; a
        prediction that is no number, or an edit the design refuses, is said under the step
        and changes nothing."""
        run = self.model.lesson
        if run is None or run.revealed(run.step) or not self.go.isEnabled():
            return
        step = run.lesson.steps[run.step]
        try:
            predicted = parse_prediction(self.prediction.text()) if step.predict else None
            self.model.make_lesson_step(predicted)
        except (ValueError, DesignError) as error:
            self._say(str(error))
            return
        self._say("")
        # The answer and what to notice in view, once laid out, in a panel too short for the
        # whole step (large text on a small screen); the answer first where not both fit.
        QTimer.singleShot(0, self, self._bring_answer_into_view)

    def _bring_answer_into_view(self) -> None:
        for label in (self.notice, self.answer):
            if label.isVisibleTo(self):
                self.ensureWidgetVisible(label)

    def _show(self, direction: int) -> None:
        run = self.model.lesson
        if run is not None:
            self.model.show_lesson_step(run.step + direction)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
