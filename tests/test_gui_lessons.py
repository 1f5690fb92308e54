"""A whole lesson through the real widgets: open it from the Lesson menu, type a name and a
prediction, make the edit, read the answer and the gap, undo, go back and on, restart, and
export the report that carries the student's answers."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from engine.paths import resource_path

THICK = resource_path("lessons", "1_thick_electrodes.json")


def _menu_action(window, text: str):
    for action in window.lesson_menu.menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(text)


def test_a_whole_lesson_predict_edit_reveal(window, qtbot):
    _menu_action(window, "Why thick electrodes pay off, and where they stop").trigger()
    panel = window.lesson_panel
    assert window.docks["lesson"].isVisible()
    assert panel.heading.text() == "Step 1 of 5: A thin cathode"
    assert window.model.design.cathode.active_loading_mg_cm2 == 20.0  # the preset, unedited
    assert not panel.go.isEnabled()  # predict first
    qtbot.keyClicks(panel.student, "Ada Lovelace")
    qtbot.keyClick(panel.student, Qt.Key.Key_Return)
    assert window.model.lesson.student == "Ada Lovelace"
    qtbot.keyClicks(panel.prediction, "250")
    assert panel.go.isEnabled()
    qtbot.mouseClick(panel.go, Qt.MouseButton.LeftButton)
    assert window.model.design.cathode.active_loading_mg_cm2 == 5.0
    # by hand: 250 - 180.09 = 69.91 Wh/kg over; 69.91 / 180.09 = 39 %
    assert panel.answer.text() == (
        "Predicted 250 Wh/kg; Lamina: 180.1 Wh/kg (69.91 Wh/kg, 39 % high)"
    )
    assert panel.notice.isVisible()
    assert "178 Wh/kg" in panel.notice.text()
    assert not panel.go.isEnabled()  # revealed once
    assert panel.prediction.isReadOnly()

    # the step's edit is one undo step, like any other; the answer stays recorded
    window.undo_stack.undo()
    window.model.flush()
    assert window.model.design.cathode.active_loading_mg_cm2 == 20.0
    window.undo_stack.redo()

    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert panel.heading.text() == "Step 2 of 5: Double the loading"
    assert panel.prediction.text() == ""
    assert not panel.prediction.isReadOnly()
    qtbot.keyClicks(panel.prediction, "about 360")
    qtbot.keyClick(panel.prediction, Qt.Key.Key_Return)
    assert "'about 360' is not a number" in panel.message.text()
    assert window.model.design.cathode.active_loading_mg_cm2 == 5.0  # nothing changed
    panel.prediction.clear()
    qtbot.keyClicks(panel.prediction, "360,5")  # a decimal comma is read as one
    qtbot.keyClick(panel.prediction, Qt.Key.Key_Return)
    assert panel.message.text() == ""
    assert window.model.lesson.answers[1].predicted == 360.5
    # by hand: 360.5 - 277.54 = 82.96 Wh/kg over; 82.96 / 277.54 = 29.9 %
    assert panel.answer.text().endswith("Lamina: 277.5 Wh/kg (82.96 Wh/kg, 30 % high)")

    qtbot.mouseClick(panel.back, Qt.MouseButton.LeftButton)  # the record of step 1 is kept
    assert panel.prediction.text() == "250"
    assert panel.answer.isVisible()


def test_the_report_carries_the_answers_and_restart_clears_them(
    window, qtbot, tmp_path, monkeypatch
):
    _menu_action(window, "Why thick electrodes pay off, and where they stop").trigger()
    panel = window.lesson_panel
    qtbot.keyClicks(panel.student, "Ada Lovelace")
    qtbot.keyClick(panel.student, Qt.Key.Key_Return)
    for prediction in ("250", "360.5"):
        qtbot.keyClicks(panel.prediction, prediction)
        qtbot.keyClick(panel.prediction, Qt.Key.Key_Return)
        qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)

    report = tmp_path / "hand-in.html"
    assert window.export_report(report)
    html = report.read_text(encoding="utf-8")
    assert "<b>Student:</b> Ada Lovelace. 2 of 5 steps done." in html
    assert "<h2>Lesson: Why thick electrodes pay off, and where they stop</h2>" in html
    assert "<td>1. A thin cathode</td><td>250 Wh/kg</td><td>180.1 Wh/kg</td><td>+39 %</td>" in html
    assert "<td>3. Twenty milligrams</td><td colspan='3'>not reached</td>" in html

    # restart: back to the preset's design and step 1, answers gone, the name kept
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Discard)
    _menu_action(window, "Restart lesson").trigger()
    assert window.model.design.cathode.active_loading_mg_cm2 == 20.0
    assert window.model.lesson.step == 0
    assert not window.model.lesson.answers
    assert panel.student.text() == "Ada Lovelace"
    _menu_action(window, "Close lesson").trigger()
    assert window.model.lesson is None
    assert not window.docks["lesson"].isVisible()


def test_a_step_the_design_no_longer_takes_is_refused_under_the_step(window, qtbot):
    """The student made the cell anode-free before the step that trims its Li foil: the step
    is refused in the panel, by the engine's words, and the design is left as it was."""
    window.lesson_menu.open(resource_path("lessons", "4_anode_free.json"))
    panel = window.lesson_panel
    window.model.set_anode_kind("anode_free")
    before = window.model.design
    qtbot.keyClicks(panel.prediction, "500")
    qtbot.mouseClick(panel.go, Qt.MouseButton.LeftButton)
    assert panel.message.text() == "anode: an anode-free cell has no N/P ratio or loading"
    assert window.model.design == before
    assert not window.model.lesson.answers


def test_a_lesson_that_cannot_be_worked_through_is_refused_by_place(window, tmp_path, monkeypatch):
    raw = json.loads(THICK.read_text(encoding="utf-8"))
    raw["design"] = str(resource_path("presets", "yang2022_fig1a.json"))
    raw["steps"][2]["edit"] = {"cathode.active_loading_mg_cm2": -1}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, text: warned.append(text))
    assert not window.lesson_menu.open(path)
    assert "steps[2].edit: cathode.active_loading_mg_cm2:" in warned[0]
    assert window.model.lesson is None


@pytest.mark.parametrize("name", ["3_pressing_pressure.json", "5_li_in_voltage.json"])
def test_every_step_of_a_shipped_lesson_runs_in_the_window(window, qtbot, name):
    window.lesson_menu.open(resource_path("lessons", name))
    panel = window.lesson_panel
    steps = window.model.lesson.lesson.steps
    for i, step in enumerate(steps):
        if step.predict is not None:
            qtbot.keyClicks(panel.prediction, "1")
        qtbot.mouseClick(panel.go, Qt.MouseButton.LeftButton)
        assert window.model.lesson.revealed(i), panel.message.text()
        qtbot.mouseClick(panel.next, Qt.MouseButton.LeftButton)
    assert len(window.model.lesson.answers) == len(steps)


def test_the_lesson_panel_comes_back_only_with_a_lesson(make_window):
    """Quit with a lesson open, start again: the saved layout had the lesson panel in front,
    but no lesson is open, so the inspector is; View > Reset layout keeps it so."""
    first = make_window()
    first.lesson_menu.open(THICK)
    assert first.docks["lesson"].isVisible()
    first.save_layout()
    again = make_window()
    assert again.model.lesson is None
    assert not again.docks["lesson"].isVisible()
    assert again.docks["inspector"].isVisible()
    again.reset_layout()
    assert not again.docks["lesson"].isVisible()
