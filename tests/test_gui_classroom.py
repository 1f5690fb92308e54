"""Classroom mode: a student's designs and lessons are saved only in their own folder, the shipped
presets and any file from elsewhere open as templates, and a managed install's --classroom cannot
be turned off from the window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

import main
from engine.lessons import Step
from engine.paths import resource_path
from gui.classroom import Classroom, classroom_in, expanded
from gui.main_window import MainWindow

PRESET = resource_path("presets", "yang2022_fig1a.json")


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    return said


def answer_save_dialog(monkeypatch, path: Path) -> list[str]:
    """The save dialog answers path; returns where each dialog started."""
    starts: list[str] = []

    def dialog(_parent, _title, start, _filter):
        starts.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return starts


def turn_on(window: MainWindow, settings, folder: Path) -> None:
    settings.setValue("classroom/folder", str(folder))
    window.lesson_menu.classroom.trigger()  # Lesson > Classroom mode
    assert window.classroom == Classroom(folder)


def test_a_preset_is_saved_only_into_the_students_folder(
    window, settings, tmp_path, monkeypatch, warnings
):
    folder = tmp_path / "Ada"  # not there yet: made when first needed
    turn_on(window, settings, folder)
    assert window.classroom_label.text() == f"Classroom mode: saving in {folder}"
    window.open_preset(PRESET)
    window.model.set_field("cathode.active_loading_mg_cm2", 12.0)
    window.model.flush()

    outside = tmp_path / "shared" / "cell.lamina.json"
    starts = answer_save_dialog(monkeypatch, outside)
    assert not window.save()  # Ctrl+S on a template asks where, and refuses outside the folder
    assert starts == [str(folder / "Untitled.lamina.json")]  # an edited preset is the user's
    assert folder.is_dir()
    refusal = (
        f"In classroom mode your work is saved in your own folder, {folder}; {outside} is "
        "outside it. Save again and choose a name in that folder."
    )
    assert warnings == [refusal]
    assert not outside.exists()
    assert window.model.is_modified  # nothing lost: the edit is still there to save

    inside = folder / "cell.lamina.json"
    answer_save_dialog(monkeypatch, inside)
    assert window.save()
    assert json.loads(inside.read_text())["cathode"]["active_loading_mg_cm2"] == 12.0
    assert window.model.path == inside
    answer_save_dialog(monkeypatch, outside)  # a second Ctrl+S writes in place, no dialog
    window.model.set_field("cathode.active_loading_mg_cm2", 14.0)
    assert window.save()
    assert json.loads(inside.read_text())["cathode"]["active_loading_mg_cm2"] == 14.0


def test_a_file_from_elsewhere_opens_as_a_template(window, settings, tmp_path, monkeypatch):
    shared = tmp_path / "teacher" / "cell.lamina.json"
    shared.parent.mkdir()
    shared.write_text(PRESET.read_text())
    mine = tmp_path / "Ada" / "mine.lamina.json"
    mine.parent.mkdir()
    mine.write_text(PRESET.read_text())
    turn_on(window, settings, tmp_path / "Ada")

    assert window.open_path(shared, ask=False)
    assert window.model.path is None  # the teacher's file is never written over
    assert window.statusBar().currentMessage() == (
        "Opened cell.lamina.json as a template: Save puts your copy in your folder"
    )
    assert window.open_path(mine, ask=False)
    assert window.model.path == mine


def test_the_setting_outlives_the_window_and_turns_off(make_window, settings, tmp_path):
    first = make_window()
    turn_on(first, settings, tmp_path / "Ada")
    second = make_window()
    assert second.classroom == Classroom(tmp_path / "Ada")
    assert second.lesson_menu.classroom.isChecked()
    second.lesson_menu.classroom.trigger()
    assert second.classroom is None
    assert classroom_in(settings) is None
    assert second.classroom_label.isHidden()


def test_a_lesson_written_in_class_is_saved_only_in_the_folder(
    window, settings, tmp_path, monkeypatch, warnings
):
    turn_on(window, settings, tmp_path / "Ada")
    window.model.start_draft("Pressing", "", "")
    window.model.set_field("cathode.active_loading_mg_cm2", 12.0)
    window.model.flush()
    window.model.add_draft_step(Step("Thicker", "What changes?", ""))
    outside = tmp_path / "pressing.lesson.json"
    answer_save_dialog(monkeypatch, outside)
    assert not window.lesson_menu.writer.save_dialog()
    assert not outside.exists()
    assert "is outside it" in warnings[0]
    answer_save_dialog(monkeypatch, tmp_path / "Ada" / "pressing.lesson.json")
    assert window.lesson_menu.writer.save_dialog()
    window.model.end_draft()


def test_classroom_from_the_command_line_cannot_be_turned_off(qtbot, settings, tmp_path):
    window = MainWindow(settings, data_dir=tmp_path, classroom=Classroom(tmp_path, locked=True))
    qtbot.addWidget(window)
    action = window.lesson_menu.classroom
    assert action.isChecked()
    assert not action.isEnabled()
    assert "--classroom" in action.toolTip()


def test_the_window_options_come_before_a_design_file():
    assert main.window_options(["--classroom", "--student-folder", "/srv/$USER", "a.json"]) == (
        ["--classroom", "--student-folder", "/srv/$USER"],
        ["a.json"],
    )
    assert main.window_options(["--classroom", "--student-folder=x"]) == (
        ["--classroom", "--student-folder=x"],
        [],
    )
    assert main.window_options(["evaluate", "a.json"]) == ([], ["evaluate", "a.json"])


def test_a_student_folder_without_classroom_is_refused(capsys):
    with pytest.raises(SystemExit) as stop:
        main.main(["--student-folder", "x"])
    assert stop.value.code == 2
    assert "--student-folder needs --classroom" in capsys.readouterr().err


def test_the_status_bar_shows_home_as_a_tilde():
    assert Classroom(Path.home() / "Documents" / "Lamina").shown_folder() == "~/Documents/Lamina"
    assert Classroom(Path("/srv/class/ada")).shown_folder() == "/srv/class/ada"


def test_one_folder_line_serves_every_student(monkeypatch):
    monkeypatch.setenv("USER", "ada")
    monkeypatch.setenv("HOME", "/home/ada")
    assert expanded("/srv/class/$USER") == Path("/srv/class/ada")
    assert expanded("~/lamina") == Path("/home/ada/lamina")
    assert expanded("/srv/${USER}x/$NO_SUCH_NAME") == Path("/srv/adax/$NO_SUCH_NAME")
    monkeypatch.delenv("USER")
    monkeypatch.setattr("getpass.getuser", lambda: "bob")  # the login name, from the system
    assert expanded("/srv/class/$USER") == Path("/srv/class/bob")
