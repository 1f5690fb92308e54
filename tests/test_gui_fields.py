"""The inspector's fields never change a value the user did not mean to change: the wheel over
the panel scrolls it, and a typed value out of range is refused with the field, the value and the
range, never clamped."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def _wheel(widget, notches: int) -> None:
    """Wheel notches over the widget, through the windowing system (so an ignored event goes
    on to the widget's parents, as a real wheel's does)."""
    window = widget.window()
    at = widget.mapTo(window, widget.rect().center())
    QTest.wheelEvent(window.windowHandle(), QPointF(at), QPoint(0, 120 * notches))
    QApplication.processEvents()


def _type(qtbot, spin, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def test_the_wheel_over_an_unfocused_field_scrolls_the_panel(make_window, qtbot):
    window = make_window(size=(1366, 768))
    window.model.select("cathode")
    inspector = window.inspector
    bar = inspector.verticalScrollBar()
    assert bar.maximum() > 0  # at 1366 x 768 the cathode's form must be scrolled
    spin = inspector.fields["cathode.porosity"]
    before, scrolled = window.model.design, bar.value()
    # With keyboard focus the wheel is meant for the field: one notch, one step (1 % here).
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, 1)
    assert window.model.design.cathode.porosity == before.cathode.porosity + 0.01
    window.model.undo_stack.undo()
    spin.clearFocus()
    _wheel(spin, -3)
    assert window.model.design == before
    assert bar.value() > scrolled


def test_a_typed_value_out_of_range_is_refused_not_clamped(window, qtbot):
    window.model.select("separator[0]")
    spin = window.inspector.fields["separator[0].thickness_um"]
    before = window.model.design
    for typed in ("20000", "-5"):
        _type(qtbot, spin, typed)
        message = window.inspector.message.text()
        assert "Separator layer 1 thickness (µm)" in message  # the field in words, not its path
        assert typed in message
        assert "10000" in message  # the engine's limit for a thickness
        assert window.model.design == before
        assert spin.value() == before.separator[0].thickness_um
    _type(qtbot, spin, "42")
    assert window.model.design.separator[0].thickness_um == 42.0
    assert window.inspector.message.text() == ""
