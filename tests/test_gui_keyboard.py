"""The window works from the keyboard and names its parts: the diagram takes focus and its keys
select and resize layers; every control has an accessible name; the main widgets have stable
object names, by which tests (and automation) find them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QListView,
    QWidget,
)

from gui.window_keys import contested
from tests.test_gui_plots import show_tab

CHILD = Path(__file__).with_name("window_child.py")

STACK = ["cathode_collector", "cathode", "separator[0]", "anode", "anode_collector"]


def test_up_and_down_select_layers_in_the_diagram(window, qtbot):
    diagram = window.findChild(QWidget, "stack_diagram")
    diagram.setFocus()
    assert diagram.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert window.model.selected == "cathode"
    visited = []
    for _ in range(4):
        qtbot.keyClick(diagram, Qt.Key.Key_Down)
        visited.append(window.model.selected)
    assert visited == [*STACK[2:], STACK[-1]]  # stops at the last layer
    qtbot.keyClick(diagram, Qt.Key.Key_Home)
    assert window.model.selected == STACK[0]
    qtbot.keyClick(diagram, Qt.Key.Key_Up)
    assert window.model.selected == STACK[0]
    qtbot.keyClick(diagram, Qt.Key.Key_End)
    assert window.model.selected == STACK[-1]


def test_plus_and_minus_resize_the_selected_layer(window, qtbot):
    """5 % a press, 1 % with Alt: 30 um * 1.05 = 31.5; * 1.01 = 31.815 (31.82 to four
    figures); / 1.05 = 30.30 um. Each press is one undo step. + typed with Shift (as on a US
    keyboard) is still the 5 % step."""
    diagram = window.diagram
    window.model.select("separator[0]")
    qtbot.keyClick(diagram, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
    assert window.model.design.separator[0].thickness_um == 31.5
    qtbot.keyClick(diagram, Qt.Key.Key_Plus, Qt.KeyboardModifier.AltModifier)
    assert window.model.design.separator[0].thickness_um == 31.82
    qtbot.keyClick(diagram, Qt.Key.Key_Minus)
    assert window.model.design.separator[0].thickness_um == 30.30
    window.model.undo_stack.undo()
    assert window.model.design.separator[0].thickness_um == 31.82


def _qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own widgets: a combo's popup list, table headers and corner
    buttons, the scroll arrows of bars; they are named by their owners."""
    return (
        widget.objectName().startswith("qt_")
        or isinstance(widget, QHeaderView | QListView)
        # a table's corner button (unnamed before Qt 6.10)
        or (type(widget) is QAbstractButton and isinstance(widget.parent(), QAbstractItemView))
        or (isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox))
    )


def test_every_control_has_an_accessible_name(window):
    for tab in ("voltage", "breakdown", "sweep", "pressure", "compare", "sensitivity"):
        show_tab(window, tab)
    window.model.select("cathode")
    unnamed = []
    for kind in (QAbstractSpinBox, QComboBox, QLineEdit, QAbstractButton, QAbstractItemView):
        for widget in window.findChildren(kind):
            if _qt_internal(widget):
                continue
            accessible = QAccessible.queryAccessibleInterface(widget)
            if not accessible.text(QAccessible.Text.Name).strip():
                unnamed.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    assert unnamed == []


def test_the_main_widgets_have_stable_names(window):
    names = (
        "stack_diagram",
        "inspector",
        "inspector_message",
        "numbers",
        "ladder",
        "key_figures",
        "plots",
        "voltage_plot",
        "breakdown_plot",
        "sweep_panel",
        "pressure_plot",
        "compare_panel",
    )
    assert [n for n in names if window.findChild(QWidget, n) is None] == []


def test_ctrl_z_in_a_field_undoes_the_design_edit_once_it_is_committed(window):
    """After Enter the edit is the design's: Ctrl+Z with the focus still in the field undoes it
    (it used to undo only the field's text, leaving the design edited). While a number is being
    typed, Ctrl+Z undoes the typing, as in any text field, and the design is untouched."""
    window.model.select("separator[0]")
    window.model.flush()
    spin = window.inspector.fields["separator[0].thickness_um"]
    before = window.model.design.separator[0].thickness_um
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin, "45")
    QTest.keyClick(spin, Qt.Key.Key_Return)
    window.model.flush()
    assert window.model.design.separator[0].thickness_um == 45.0
    spin = window.inspector.fields["separator[0].thickness_um"]
    spin.setFocus()
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.model.flush()
    assert window.model.design.separator[0].thickness_um == before
    spin = window.inspector.fields["separator[0].thickness_um"]
    spin.setFocus()
    shown = spin.lineEdit().text()
    spin.selectAll()  # the number, without its unit
    QTest.keyClicks(spin, "3")  # typing, not committed
    assert spin.lineEdit().text() != shown
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spin.lineEdit().text() == shown
    window.model.flush()
    assert window.model.design.separator[0].thickness_um == before


def test_the_moving_keys_a_shortcut_contests_are_found_by_hand():
    """X11 binds End and Ctrl+E to a field's end of line, Home to its start, Ctrl+Right and
    Ctrl+Left to the next and previous word (Qt's X11 key scheme): of the window's shortcuts
    below, only Export report's Ctrl+E is one of them."""
    x11 = [QKeySequence(k) for k in ("Home", "End", "Ctrl+E", "Ctrl+Right", "Ctrl+Left")]
    window = [QKeySequence(k) for k in ("Ctrl+E", "Ctrl+D", "Ctrl+K", "Ctrl+Z", "Ctrl+Shift+E")]
    assert contested(window, x11) == {QKeySequence("Ctrl+E")[0].toCombined()}
    assert contested(window, [QKeySequence("End")]) == set()


def test_the_windows_shortcut_goes_before_a_fields_end_of_line_on_x11(tmp_path):
    """On X11 a focused text field takes Ctrl+E as its end of line before any shortcut: Export
    report did nothing from a field. The window runs on a virtual X server (the offscreen
    platform has no X11 key bindings), in a process of its own (tests/window_child.py)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("needs Xvfb (the xvfb package; tools/bootstrap.py installs it for the tests)")
    reading, writing = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(writing), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(writing,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(writing)
    try:
        with os.fdopen(reading) as told:
            display = told.readline().strip()  # the server's display number, once it is up
        assert display, "Xvfb did not start"
        child = subprocess.run(
            [sys.executable, str(CHILD), "keys-in-a-field", str(tmp_path)],
            env=dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb"),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    got = json.loads(child.stdout.splitlines()[-1])
    assert got["focused"]  # else the key would reach the window without the field's say
    assert got["asked"] == [True]
    assert got["field"] == "20.00 mg/cm²"  # the field's text as it was
