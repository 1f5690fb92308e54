"""The Lesson menu: open a shipped lesson or a lesson file, move through its steps, start it
again, close it. The steps show in the lesson panel (gui/lesson_panel.py), docked beside the
inspector."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenuBar, QMessageBox

from engine.lessons import LessonError, read_lesson
from engine.problems import bulleted, listed
from gui.files import lessons
from gui.lesson_writer import LESSON_FILTER, LessonWriter
from gui.log import logger

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class LessonMenu:
    def __init__(self, window: MainWindow, bar: QMenuBar) -> None:
        self.window = window
        self.model = window.model
        self.menu = menu = bar.addMenu("Le&sson")
        for lesson in lessons():
            menu.addAction(lesson.name).triggered.connect(
                lambda _c=False, p=lesson.path: self.open(p)
            )
        menu.addAction(window.action("Open lesson &file…", self.open_dialog))
        menu.addSeparator()
        self.steps = (
            window.action("&Previous step", lambda: self._step(-1), "Alt+Left"),
            window.action("&Next step", lambda: self._step(1), "Alt+Right"),
            window.action("&Restart lesson", self.restart, "Ctrl+Shift+R"),
            window.action("&Close lesson", self.close),
        )
        for action in self.steps:
            menu.addAction(action)
        menu.addSeparator()
        self.writer = LessonWriter(window)
        for action in self.writer.actions():
            menu.addAction(action)
        menu.addSeparator()
        self.classroom = window.action("Classroom &mode", window.set_classroom, checkable=True)
        self.classroom.setChecked(window.classroom is not None)
        if window.classroom is not None and window.classroom.locked:
            self.classroom.setEnabled(False)
            self.classroom.setToolTip("Turned on by --classroom, for every session on this machine")
        self.classroom.setStatusTip(
            "Save only in your own folder; presets and shared files open as templates"
        )
        menu.addAction(self.classroom)
        self.model.lesson_changed.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        for action in self.steps:
            action.setEnabled(self.model.lesson is not None)

    def open_dialog(self) -> None:
        room = self.window.classroom
        start = str(room.folder) if room is not None else ""
        name, _ = QFileDialog.getOpenFileName(self.window, "Open lesson", start, LESSON_FILTER)
        if name:
            self.open(Path(name))

    def open(self, path: Path) -> bool:
        """Start the lesson on its own starting design (asking first to keep unsaved work); a
        lesson that cannot be worked through is refused, naming each problem's place."""
        try:
            lesson = read_lesson(path, self.model.library)
        except LessonError as error:
            logger.warning("did not open lesson %s: %s", path, listed(error.problems))
            text = f"{path} was not opened.\n\n{bulleted(error.problems)}"
            QMessageBox.warning(self.window, "Cannot open lesson", text)
            return False
        if not self.window.maybe_discard():
            return False
        self.model.start_lesson(lesson)
        self.window.show_lesson()
        logger.info("lesson opened: %s", path)
        return True

    def _step(self, direction: int) -> None:
        if self.model.lesson is not None:
            self.model.show_lesson_step(self.model.lesson.step + direction)
            self.window.show_lesson()

    def restart(self) -> None:
        """Back to the lesson's start: its design, its first step, no answers (asking first to
        keep the design as it is now)."""
        if self.model.lesson is not None and self.window.maybe_discard():
            self.model.restart_lesson()
            self.window.show_lesson()

    def close(self) -> None:
        self.model.end_lesson()
        self.window.docks["lesson"].hide()
