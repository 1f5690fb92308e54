"""What the window does with an error nothing else caught: Qt calls slots from its event loop, so
an exception there would only be printed to a terminal the user may not have, and the window
would carry on as if nothing happened. Instead it is shown, with a button that copies the
details for a bug report, and written to a log in the user's data folder.
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gui.log import logger, start_logging


def error_box(
    parent: QWidget | None, error: BaseException, details: str, log: Path | None
) -> QMessageBox:
    """A message about an unexpected error, its details one click away and copyable."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unexpected error")
    box.setText(
        f"Lamina met an error it did not expect and carried on: {type(error).__name__}: "
        f"{str(error)[:300]}\n\nThe last edit may not have been applied. Saving your design "
        "to a new file is safe." + (f"\n\nThe details are in {log}." if log is not None else "")
    )
    box.setDetailedText(details)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.addButton(QMessageBox.StandardButton.Close)
    return box


def install(window: QWidget, log_folder: Path) -> None:
    """Show, and log (gui/log.py, in log_folder), any exception that reaches the event loop from
    now on."""
    try:
        log: Path | None = start_logging(log_folder)
    except OSError:
        log = None  # a read-only home: the message still shows the details

    def handle(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        print(details, file=sys.stderr)
        logger.error("unexpected error\n%s", details.rstrip())
        # If the message itself fails, the terminal and the log have the details.
        with contextlib.suppress(Exception):
            error_box(window, error, details, log).open()

    sys.excepthook = handle
