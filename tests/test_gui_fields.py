"""The inspector's fields never change a value the user did not mean to change: the wheel over
the panel scrolls it, and a typed value out of range is refused with the field, the value and the
range, never clamped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.widgets import QuantitySpinBox


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


def test_a_run_of_wheel_steps_undoes_as_one_edit(make_window, qtbot, monkeypatch):
    """Five notches in quick succession take the porosity from 15 % to 20 % (1 % a notch) and
    one Ctrl+Z takes it back to 15 %, as a drag's moves are one undo step; a notch after a
    pause is an undo step of its own; a typed value is one too."""
    from gui import step_runs  # noqa: PLC0415

    window = make_window(size=(1366, 768))
    window.model.select("cathode")
    spin = window.inspector.fields["cathode.porosity"]
    before = window.model.design
    assert before.cathode.porosity == 0.15
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    for _ in range(5):
        _wheel(spin, 1)
    assert window.model.design.cathode.porosity == pytest.approx(0.20)
    assert window.model.undo_stack.count() == 1
    monkeypatch.setattr(step_runs, "RUN_GAP_S", -1.0)  # every step after a pause from here
    _wheel(spin, 1)
    _wheel(spin, 1)
    assert window.model.design.cathode.porosity == pytest.approx(0.22)
    window.model.undo_stack.undo()
    window.model.undo_stack.undo()
    assert window.model.design.cathode.porosity == pytest.approx(0.20)
    window.model.undo_stack.undo()
    assert window.model.design == before
    _type(qtbot, spin, "25")
    _type(qtbot, spin, "30")
    window.model.undo_stack.undo()
    assert window.model.design.cathode.porosity == pytest.approx(0.25)


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


def _drag_edge(window, key: str, moves: list[tuple[int, bool]]) -> None:
    """Press on the layer's bottom edge, move by each (dy, shift) in turn, release."""
    view = window.diagram
    rect = view.layer_rect(key)
    start = view.mapFromScene(QPointF(rect.center().x(), rect.bottom()))
    viewport = view.viewport()

    def send(kind, dy: int, shift: bool) -> None:
        at = QPointF(start + QPoint(0, dy))
        modifiers = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
        event = QMouseEvent(
            kind,
            at,
            QPointF(viewport.mapToGlobal(at.toPoint())),
            Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton,
            Qt.MouseButton.LeftButton,
            modifiers,
        )
        QApplication.sendEvent(viewport, event)

    send(QEvent.Type.MouseButtonPress, 0, False)
    for dy, shift in moves:
        send(QEvent.Type.MouseMove, dy, shift)
    send(QEvent.Type.MouseButtonRelease, moves[-1][0], moves[-1][1])
    window.model.flush()


def test_a_drag_moves_a_bounded_step_per_pixel_and_shows_the_value(window):
    """1 % per pixel, compounding: 20 px down takes the 30 um separator to
    30 * 1.01^20 = 30 * 1.22019 = 36.61 um (the readable scale made it x1.9 before)."""
    _drag_edge(window, "separator[0]", [(5, False), (10, False), (20, False)])
    assert window.model.design.separator[0].thickness_um == 36.61
    assert window.diagram.drag_text.startswith("Separator layer 1 thickness (µm): 36.61")
    window.model.undo_stack.undo()  # one drag, one undo step
    assert window.model.design.separator[0].thickness_um == 30.0


def test_shift_drags_in_fine_steps(window):
    """With Shift 0.1 % per pixel: 20 px is 30 * 1.001^20 = 30 * 1.02019 = 30.61 um; 20 px up
    without it then is 30.61 / 1.01^20 = 30.61 / 1.22019 = 25.09 um."""
    _drag_edge(window, "separator[0]", [(10, True), (20, True)])
    assert window.model.design.separator[0].thickness_um == 30.61
    _drag_edge(window, "separator[0]", [(-10, False), (-20, False)])
    assert window.model.design.separator[0].thickness_um == 25.09


def test_the_numbers_panel_warns_when_the_curve_delivers_far_less(window):
    """At 423 mg/cm2 of NMC811 (210 mAh/g practical) the ladder counts 423 * 210 / 1000 =
    88.8 mAh/cm2; a 2 mm cathode cannot give that at 0.1C, and the panel says so. At the
    default 20 mg/cm2 (4.2 mAh/cm2) the curve delivers nearly all of it: no such warning."""
    assert "curve" not in window.numbers.warnings.text()
    window.model.set_field("cathode.active_loading_mg_cm2", 423.0)
    window.model.flush()
    QApplication.processEvents()
    text = window.numbers.warnings.text()
    assert "of the 88.8 mAh/cm2 the ladder counts" in text
    assert "Ladder energy from: the discharge at 0.1C and 25 C delivers" in text


def test_a_decimal_comma_is_the_decimal_point_it_means(window, qtbot):
    """Typed under any language, "61,5" is 61.5 mm: never 615, the comma dropped."""
    window.model.select("cathode")
    spin = window.inspector.fields["cell_format.width_mm"]
    _type(qtbot, spin, "61,5")
    assert window.model.design.cell_format.width_mm == 61.5


def test_an_interphase_typed_in_the_inspector_shows_in_the_curve_and_undoes(window, qtbot):
    """The default cell (C/10 on 20 mg/cm2 of NMC811 at 275.5 mAh/g: 0.5510 mA/cm2) with 100
    ohm cm2 typed at the cathode's interphase loses 55.1 mV more, as its own term."""
    spin = window.inspector.fields["interfaces.cathode_electrolyte_ohm_cm2"]
    assert spin.suffix() == " Ω cm²"
    before = window.model.design
    _type(qtbot, spin, "100")
    window.model.flush()
    assert window.model.design.interfaces.cathode_electrolyte_ohm_cm2 == 100.0
    curve = window.plots.voltage.curves["discharge"]
    assert curve.losses["interfaces"][0] == pytest.approx(0.5510 * 100.0 / 1000.0, rel=1e-3)
    _type(qtbot, spin, "-1")  # refused with the field's words and its range
    assert "Interphase cathode | electrolyte (Ω cm²)" in window.inspector.message.text()
    window.model.undo_stack.undo()
    assert window.model.design == before


class _Paints(QObject):
    """Counts the paint events of a spin box and of its text."""

    def __init__(self, spin) -> None:
        super().__init__()
        self.count = 0
        spin.installEventFilter(self)
        spin.lineEdit().installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_a_field_that_shows_its_value_already_is_not_repainted(qtbot):
    """Each edit shows every field of the inspector again: a box that already shows the value
    is left alone (Qt repaints a spin box on every setValue), one given another value shows it,
    and one with a number typed but not committed shows the design's value again."""
    spin = QuantitySpinBox("%", 0.0, 0.9, decimals=1, display_scale=100.0)
    qtbot.addWidget(spin)
    spin.show_value(0.1)
    spin.show()
    qtbot.waitExposed(spin)
    paints = _Paints(spin)
    qtbot.waitUntil(lambda: paints.count > 0)  # shown and painted: nothing is pending
    qtbot.wait(50)
    paints.count = 0
    spin.show_value(0.1)
    QApplication.processEvents()
    assert paints.count == 0
    spin.show_value(0.125)
    QApplication.processEvents()
    assert spin.text() == "12.5 %"
    assert paints.count > 0
    spin.lineEdit().setText("30 %")  # typed, not committed
    spin.show_value(0.125)
    assert spin.text() == "12.5 %"
