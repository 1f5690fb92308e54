"""The window's shortcuts before a text field's moving keys.

A focused text field claims the keys that move its cursor before any shortcut sees them, and on
X11 those include Ctrl+E (Emacs's end of line): Export report did nothing while a field had the
focus, which in an editor is most of the time. Where a platform binds one of the window's
shortcuts to such a key, the window's shortcut goes first; the field keeps its other keys (End
still ends the line).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

# The keys a text field claims before the shortcuts (QLineEdit's override of them), by what they
# do; a platform may bind one of them to Ctrl and a letter.
MOVING_KEYS = (
    QKeySequence.StandardKey.MoveToStartOfLine,
    QKeySequence.StandardKey.MoveToEndOfLine,
    QKeySequence.StandardKey.MoveToNextWord,
    QKeySequence.StandardKey.MoveToPreviousWord,
    QKeySequence.StandardKey.MoveToStartOfBlock,
    QKeySequence.StandardKey.MoveToEndOfBlock,
    QKeySequence.StandardKey.MoveToStartOfDocument,
    QKeySequence.StandardKey.MoveToEndOfDocument,
)


def contested(shortcuts: Iterable[QKeySequence], moving: Iterable[QKeySequence]) -> set[int]:
    """The single-key shortcuts (as combined key codes) that are also moving keys."""
    keys = {s[0].toCombined() for s in shortcuts if s.count() == 1}
    return keys & {s[0].toCombined() for s in moving if s.count() == 1}


def platform_moving_keys() -> list[QKeySequence]:
    """This platform's bindings of MOVING_KEYS (X11's end of line: End and Ctrl+E)."""
    return [binding for key in MOVING_KEYS for binding in QKeySequence.keyBindings(key)]


class WindowKeysFirst(QObject):
    """Follows the focus and keeps the focused widget from claiming the contested keys (a
    filter on the focused widget alone: one on the whole application would run for every
    event)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        shortcuts = [s for action in window.actions() for s in action.shortcuts()]
        self.keys = contested(shortcuts, platform_moving_keys())
        app = QApplication.instance()
        if self.keys and isinstance(app, QApplication):
            app.focusChanged.connect(self._follow)

    def _follow(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A field of the window's own (a dialog's keep their keys: the window's shortcuts do
        not reach them)."""
        if new is not None and new.window() is self.parent():
            new.installEventFilter(self)  # again on a widget that has it: moved to the front

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.keyCombination().toCombined() in self.keys
        ):
            event.ignore()  # not the field's: the window's shortcut runs
            return True
        return False
