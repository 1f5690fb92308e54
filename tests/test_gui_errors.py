"""An error no code caught, raised in a slot, is shown with its details and logged, not lost
on a terminal the user may not have."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from gui import errors


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


def test_the_log_starts_again_past_its_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(errors, "LOG_LIMIT_BYTES", 100)
    errors.write_log(tmp_path, "x" * 200)
    errors.write_log(tmp_path, "the second")
    assert "the second" in (tmp_path / "lamina.log").read_text(encoding="utf-8")
    assert "x" * 200 in (tmp_path / "lamina.log.1").read_text(encoding="utf-8")
    assert "x" * 200 not in (tmp_path / "lamina.log").read_text(encoding="utf-8")
