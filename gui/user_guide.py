"""Help > User guide and Help > Keyboard shortcuts: shipped with the program, read offline.

The guide is resources/guide.md (Markdown, drawn by Qt's own renderer). The shortcut list is made
from the window's actions when it is opened, so it never disagrees with the menus; the stack
diagram's own keys, which are not menu actions, are added to it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from engine.paths import resource_path

GUIDE = ("guide.md",)
# Keys of the stack diagram (they act on the selected layer, not through a menu).
DIAGRAM_KEYS = (
    ("Select the layer above, below", "Up, Down"),
    ("Select the first, last layer", "Home, End"),
    ("Selected layer 5 % thicker, thinner (Alt: 1 %)", "+, -"),
)


def guide_markdown() -> str:
    return resource_path(*GUIDE).read_text(encoding="utf-8")


def shortcuts_html(window: QWidget) -> str:
    """Every action of the window with a shortcut, by menu text, then the diagram's keys."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").removesuffix("…").strip()
        if keys and text:
            rows.setdefault(text, keys)
    cells = [*sorted(rows.items()), *DIAGRAM_KEYS]
    body = "".join(f"<tr><td>{escape(t)}</td><td><b>{escape(k)}</b></td></tr>" for t, k in cells)
    return (
        "<h3>Keyboard shortcuts</h3><table cellpadding='3'>"
        f"<tr><th align='left'>action</th><th align='left'>keys</th></tr>{body}</table>"
        "<p>In the stack diagram, click it or Tab to it first.</p>"
    )


class TextDialog(QDialog):
    """A resizable window of text: the guide or the shortcuts."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(title)
        QVBoxLayout(self).addWidget(self.browser)
        self.resize(760, 640)


def guide_dialog(parent: QWidget) -> TextDialog:
    dialog = TextDialog("Lamina user guide", parent)
    dialog.setObjectName("user_guide")
    dialog.browser.setMarkdown(guide_markdown())
    return dialog


def shortcuts_dialog(window: QWidget) -> TextDialog:
    dialog = TextDialog("Keyboard shortcuts", window)
    dialog.setObjectName("keyboard_shortcuts")
    dialog.browser.setHtml(shortcuts_html(window))
    dialog.resize(560, 560)
    return dialog
