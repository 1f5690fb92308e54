"""An error no code caught, raised in a slot, is shown with its details and logged, not lost
on a terminal the user may not have."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from engine.version import version
from gui import errors, log

ROOT = Path(__file__).resolve().parent.parent


def test_an_uncaught_error_is_shown_copyable_and_logged(window, tmp_path, monkeypatch):
    shown: list[QMessageBox] = []

    def open_box(box: QMessageBox) -> None:  # instead of showing it
        shown.append(box)

    monkeypatch.setattr(QMessageBox, "open", open_box)
    previous = sys.excepthook
    try:
        errors.install(window, tmp_path / "logs")
        try:
            raise KeyError("separator[3]")
        except KeyError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
    (box,) = shown
    assert "KeyError: 'separator[3]'" in box.text()
    assert "Traceback" in box.detailedText()
    log = (tmp_path / "logs" / "lamina.log").read_text(encoding="utf-8")
    assert "KeyError: 'separator[3]'" in log
    (copy,) = [b for b in box.buttons() if b.text() == "Copy details"]
    copy.click()
    assert QApplication.clipboard().text() == box.detailedText()


def test_the_log_starts_again_past_its_limit(tmp_path):
    path = log.start_logging(tmp_path, limit_bytes=100)
    log.logger.info("x" * 200)
    log.logger.info("the second")
    assert path == tmp_path / "lamina.log"
    assert "the second" in path.read_text(encoding="utf-8")
    assert "x" * 200 in (tmp_path / "lamina.log.1").read_text(encoding="utf-8")
    assert "x" * 200 not in path.read_text(encoding="utf-8")


def test_opening_and_saving_are_logged_with_the_versions(window, tmp_path):
    path = log.start_logging(tmp_path / "logs")
    log.log_session_start()
    window.model.save(tmp_path / "cell.lamina.json")
    assert window.open_path(tmp_path / "cell.lamina.json", ask=False)
    assert window._save_to(tmp_path / "copy.lamina.json")
    text = path.read_text(encoding="utf-8")
    assert f"Lamina {version()} started: Python {sys.version.split()[0]}" in text
    assert f"INFO lamina: opened {tmp_path / 'cell.lamina.json'}" in text
    assert f"INFO lamina: saved {tmp_path / 'copy.lamina.json'}" in text
    window.close()
    assert path.read_text(encoding="utf-8").rstrip().endswith("INFO lamina: closed")


def test_help_opens_the_log_folder(window, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    (action,) = [a for a in window.findChildren(QAction) if a.text() == "Open &log folder"]
    action.trigger()
    assert [Path(u.toLocalFile()) for u in opened] == [window.data_dir]


def test_a_hard_crash_leaves_the_python_stacks_in_the_crash_log(tmp_path):
    code = (
        "import sys, faulthandler; from pathlib import Path; from gui.log import record_crashes; "
        "record_crashes(Path(sys.argv[1])); faulthandler._sigsegv()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    crash = (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in crash
    assert 'File "<string>", line 1' in crash
