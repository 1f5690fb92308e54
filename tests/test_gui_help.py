"""Help holds a user guide, shipped and read offline, and the shortcut list of the menus."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from gui.user_guide import guide_markdown


def _action(window, text: str) -> QAction:
    (found,) = [a for a in window.findChildren(QAction) if a.text().replace("&", "") == text]
    return found


def test_f1_opens_the_guide_which_explains_the_ladder_the_model_and_each_plot(window):
    guide = _action(window, "User guide")
    assert guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    guide.trigger()
    QApplication.processEvents()
    shown = window.help_window.browser.toPlainText()
    for words in (
        "Active material",
        "Cathode composite",
        "Electrode pair",
        "Stack",
        "Cell + fixture",
        "does not model",
        "Voltage (and Ragone)",
        "Breakdown",
        "Sweep (and goal seek)",
        "Pressure (and porosity)",
        "Compare",
        "Sensitivity",
    ):
        assert words in shown, words
    window.help_window.close()


def test_the_guide_names_no_private_copy_and_every_plot_tab(window):
    text = guide_markdown()
    tabs = [window.plots.tabText(i) for i in range(window.plots.count())]
    assert [t for t in tabs if t not in text] == []
    assert "seed" not in text.lower()


def test_the_shortcut_list_is_the_menus(window):
    _action(window, "Keyboard shortcuts").trigger()
    QApplication.processEvents()
    shown = window.help_window.browser.toPlainText()
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            assert keys in shown, action.text()
    assert "Design properties" in shown
    assert "Home, End" in shown  # the diagram's own keys
