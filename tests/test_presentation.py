"""View > Presentation (F11): the stack and the cell's Wh/kg and Wh/L large, following edits made
anywhere; F11 or Esc leaves it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def test_presentation_shows_the_cell_numbers_large_and_follows_edits(window, qtbot):
    (action,) = [a for a in window.findChildren(QAction) if a.text() == "&Presentation"]
    assert action.shortcut() == QKeySequence("F11")
    action.trigger()
    view = window.presentation
    qtbot.waitExposed(view)
    QApplication.processEvents()  # full screen: the screen's size
    cell = window.model.results.rung("cell")
    assert view.wh_per_kg.text() == f"{cell.wh_per_kg:.0f} Wh/kg"  # 357 Wh/kg for the default
    assert view.wh_per_l.text() == f"{cell.wh_per_l:.0f} Wh/L"
    assert view.basis.text().startswith("Cell: Packaged pouch cell")
    assert view.isFullScreen()
    assert view.wh_per_kg.font().pixelSize() == round(view.height() / 11)  # a tenth of it
    assert view.wh_per_kg.font().pixelSize() > 4 * window.fontMetrics().height()
    # An edit in the main window shows here too.
    window.model.set_field("separator[0].thickness_um", 100.0)
    window.model.flush()
    thicker = window.model.results.rung("cell")
    assert thicker.wh_per_kg < cell.wh_per_kg
    assert view.wh_per_kg.text() == f"{thicker.wh_per_kg:.0f} Wh/kg"
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not view.isVisible()
