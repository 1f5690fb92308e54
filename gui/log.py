"""Lamina's log: Python's logging to a rotating file in the user's data folder, and faulthandler's
record of a hard crash beside it. The Windows bundle has no console, so these files are where a
user (or a bug report) finds what happened; Help > Open log folder shows them.
"""

from __future__ import annotations

import faulthandler
import logging
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from engine.version import version

LOG_NAME = "lamina.log"
CRASH_NAME = "crash.log"  # what faulthandler writes when Python itself dies (a segfault)
LOG_LIMIT_BYTES = 1_000_000  # a longer log starts again, the old one kept as lamina.log.1
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

logger = logging.getLogger("lamina")
_crash_file: list[TextIO] = []  # kept open for faulthandler, which writes to its descriptor


def start_logging(folder: Path, limit_bytes: int = LOG_LIMIT_BYTES) -> Path:
    """Send the "lamina" logger's records (info and up) to folder/lamina.log from now on, in
    place of any earlier log file; return the log's path. Raises OSError if the folder cannot be
    made."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    for old in [h for h in logger.handlers if isinstance(h, RotatingFileHandler)]:
        logger.removeHandler(old)
        old.close()
    handler = RotatingFileHandler(
        path, maxBytes=limit_bytes, backupCount=1, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def record_crashes(folder: Path) -> Path:
    """Have faulthandler write the Python stacks of a hard crash to folder/crash.log."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CRASH_NAME
    stream = path.open("a", encoding="utf-8")
    _crash_file[:] = [stream]
    faulthandler.enable(stream)
    return path


def log_session_start() -> None:
    """One line a bug report needs first: the versions and the system."""
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415
    from PySide6.QtCore import QLocale  # noqa: PLC0415

    logger.info(
        "Lamina %s started: Python %s, PySide6 %s, %s, system locale %s",
        version(),
        sys.version.split()[0],
        pyside_version,
        platform.platform(),
        QLocale.system().name(),  # the system's (numbers are written one way whatever it is)
    )
