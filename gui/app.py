"""Create the QApplication with Lamina's identity and fonts."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from engine.paths import resource_path
from engine.version import version
from gui.fonts import register_bundled_fonts, ui_font

ORGANIZATION = "Lamina"
APPLICATION = "Lamina"


NUMBER_LOCALE = QLocale.c()

# Said by the offscreen platform (tests, headless reports) for every window it shows; harmless.
QUIET_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _message_handler(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if message not in QUIET_MESSAGES:
        print(message, file=sys.stderr)


def create_application(argv: list[str] | None = None) -> QApplication:
    """Return the running QApplication, creating and configuring it on first call."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        qInstallMessageHandler(_message_handler)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    # One number format everywhere, whatever the system's language: a decimal point and no
    # thousands separators, as in the design files, exports and reports (README, Numbers).
    QLocale.setDefault(NUMBER_LOCALE)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(version())
    app.setDesktopFileName("lamina")  # matches resources/lamina.desktop
    app.setWindowIcon(QIcon(str(resource_path("icons", "lamina.svg"))))
    register_bundled_fonts()
    app.setFont(ui_font())
    return app
