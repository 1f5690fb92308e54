"""A session ends cleanly and loses nothing: Quit ends the process whatever was exported, no
traceback on the way out, discarded work never comes back, another session's autosave is left
alone while that session runs, and saved files keep the permissions a shared folder needs."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from engine.io.design_files import save_design
from engine.materials import shipped_library
from gui.files import Autosaver
from gui.main_window import MainWindow
from tests.presets import preset

HERE = Path(__file__).resolve().parent


def _deferred_deletes() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def test_quit_after_a_report_export_ends_the_process_and_leaves_no_autosave(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    done = subprocess.run(
        [sys.executable, str(HERE / "window_child.py"), "quit-after-export", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a process that does not end is the failure
    )
    assert done.returncode == 0, done.stderr
    assert (data_dir / "report.pdf").stat().st_size > 10_000
    assert "Traceback" not in done.stderr, done.stderr
    assert "RuntimeError" not in done.stderr, done.stderr
    # The user discarded the edits: the next start has nothing to offer.
    assert Autosaver(data_dir / "autosave", session="next").left_behind() == []


def test_a_report_leaves_no_window_behind(window, tmp_path):
    def shown() -> set[int]:
        return {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}

    before = shown()
    assert window.export_report(tmp_path / "report.html")
    _deferred_deletes()
    assert shown() <= before


def test_quit_discarding_unsaved_edits_raises_nothing(
    lamina_app, settings, monkeypatch, qtbot, tmp_path
):
    """Qt prints an exception in a slot and carries on; pytest-qt fails the test on it."""
    window = MainWindow(settings, data_dir=tmp_path / "data")
    window.show()
    window.model.set_field("cathode.porosity", 0.2)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Discard
    )
    assert window.close()
    window.deleteLater()
    _deferred_deletes()
    qtbot.wait(10)


def test_a_running_sessions_autosave_is_neither_offered_nor_deleted(make_window, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    questions: list[str] = []
    with subprocess.Popen(
        [sys.executable, str(HERE / "kill_child.py"), "edit", str(data_dir), "0"],
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"  # autosaved, still running
            (theirs,) = [
                p
                for p in (data_dir / "autosave").glob("autosave-*.json")
                if not p.name.endswith(".meta.json")
            ]
            window = make_window(data_dir)
            assert not window.offer_recovery(ask=lambda text: questions.append(text) or False)
            assert questions == []
            assert theirs.exists()
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
    # Its process gone, the autosave is offered.
    assert window.offer_recovery(ask=lambda text: questions.append(text) or False) is False
    assert len(questions) == 1


def test_a_new_file_follows_the_umask_and_a_saved_file_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "cell.json"
        save_design(preset("yang2022_fig1a"), path, shipped_library())
        assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by the group and others
        path.chmod(0o664)
        save_design(preset("hao2021_pto"), path, shipped_library())
        assert stat.S_IMODE(path.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_numbers_read_one_way_under_another_language(tmp_path):
    """Under German the system writes 20,00 for twenty: the window writes and reads 20.00 in
    every field and panel, as its files and reports do (README, Numbers)."""
    env = {**os.environ, "LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANGUAGE": "de"}
    done = subprocess.run(
        [sys.executable, str(HERE / "window_child.py"), "numbers", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["system"] == "de_DE"  # the test does run under German
    assert shown["field"] == "20.00 mg/cm²"
    assert shown["typed"] == 25.5
    assert all("," not in text for text in shown["ladder"])
    assert all(text.replace(".", "").isdigit() for text in shown["ladder"])


def test_an_autosave_of_a_session_with_this_process_id_is_offered(tmp_path):
    """In a Flatpak or a container every start may get the same process id: an autosave left
    under this process's id by an earlier start is another session's, and offered."""
    folder = tmp_path / "autosave"
    earlier = Autosaver(folder, session=str(os.getpid()))
    earlier.write(preset("hao2021_pto"), None, shipped_library())
    earlier.lock.release()  # that start has ended
    now = Autosaver(folder)
    assert now.design_path != earlier.design_path
    assert [a.design_path for a in now.left_behind()] == [earlier.design_path]


@pytest.mark.parametrize("note", ["[]", "null", '{"saved_at": "x"}', '{"original": 5}', "{"])
def test_a_damaged_autosave_note_does_not_stop_the_start(tmp_path, note):
    folder = tmp_path / "autosave"
    crashed = Autosaver(folder, session="crashed")
    crashed.write(preset("hao2021_pto"), None, shipped_library())
    crashed.lock.release()
    crashed.meta_path.write_text(note, encoding="utf-8")
    (found,) = Autosaver(folder, session="next").left_behind()
    assert found.original is None
    assert found.saved_at == crashed.design_path.stat().st_mtime  # the file's own time


def test_unsaved_work_that_cannot_be_opened_is_reported_and_kept(make_window, tmp_path):
    """Was: skipped without a word (a materials file changed since, a newer format)."""
    data_dir = tmp_path / "data"
    crashed = Autosaver(data_dir / "autosave", session="crashed")
    crashed.write(preset("hao2021_pto"), None, shipped_library())
    crashed.lock.release()
    raw = json.loads(crashed.design_path.read_text(encoding="utf-8"))
    raw["version"] = 99
    crashed.design_path.write_text(json.dumps(raw), encoding="utf-8")
    window = make_window(data_dir)
    assert not window.offer_recovery(ask=lambda _text: True)
    note = window.library_message
    assert note is not None
    assert note.windowTitle() == "Unsaved work not recovered"
    assert "99 is newer than this Lamina reads" in note.text()
    assert str(crashed.design_path) in note.text()
    assert crashed.design_path.exists()
