"""A whole session of the real window in a process of its own, for tests/test_gui_lifecycle.py:
run as a script, never imported by the app.

    python tests/window_child.py quit-after-export DATA_DIR

edits the design, autosaves, exports a report to DATA_DIR/report.pdf, then chooses File > Quit
and answers Discard to the unsaved-changes question. The process's exit status is the event
loop's: if anything keeps the application running, the test's timeout says so.

    python tests/window_child.py numbers DATA_DIR

prints, as JSON, the system's locale and numbers as the window shows them: a field's text, the
value a typed "25.5" sets, and the numbers panel's texts (run it under another language).

    python tests/window_child.py keys-in-a-field DATA_DIR

on the X server of DISPLAY: types the window's Ctrl+E into a focused field and prints, as JSON,
what it did.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _window(data_dir: Path, platform: str = "offscreen"):
    """The application and its main window, shown (offscreen, or on the X server of DISPLAY
    with "xcb"), its files in data_dir."""
    os.environ["QT_QPA_PLATFORM"] = platform
    from PySide6.QtCore import QSettings  # noqa: PLC0415

    from gui.app import create_application  # noqa: PLC0415
    from gui.main_window import MainWindow  # noqa: PLC0415

    app = create_application()
    settings = QSettings(str(data_dir / "child.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_dir=data_dir)
    window.show()
    return app, window


def quit_after_export(data_dir: Path) -> int:
    from PySide6.QtCore import QTimer  # noqa: PLC0415
    from PySide6.QtGui import QAction  # noqa: PLC0415
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    app, window = _window(data_dir)
    window.model.set_field("cathode.porosity", 0.2)
    app.processEvents()
    window.autosave()
    if not window.export_report(data_dir / "report.pdf"):
        return 3
    QMessageBox.question = lambda *_args, **_kw: QMessageBox.StandardButton.Discard
    (quit_action,) = [a for a in window.findChildren(QAction) if a.text() == "&Quit"]
    QTimer.singleShot(0, quit_action.trigger)
    return app.exec()


def numbers(data_dir: Path) -> int:
    from PySide6.QtCore import QLocale, Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415

    app, window = _window(data_dir)
    window.model.select("cathode")
    app.processEvents()
    spin = window.inspector.fields["cathode.active_loading_mg_cm2"]
    shown = spin.lineEdit().text()
    spin.setFocus()
    spin.lineEdit().selectAll()
    QTest.keyClicks(spin.lineEdit(), "25.5")
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    window.model.flush()
    app.processEvents()
    ladder = window.numbers.ladder
    print(
        json.dumps(
            {
                "system": QLocale.system().name(),
                "field": shown,
                "typed": window.model.design.cathode.active_loading_mg_cm2,
                "ladder": [
                    ladder.item(row, column).text()
                    for row in range(ladder.rowCount())
                    for column in (1, 2)
                ],
            }
        )
    )
    return 0


def keys_in_a_field(data_dir: Path) -> int:
    """On X11 (xcb): Ctrl+E, the window's Export report, typed into a focused field; prints, as
    JSON, whether the field had the focus, whether the export was asked for (the action's slot
    replaced, so that no modal dialog waits) and the field's text."""
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415

    app, window = _window(data_dir, "xcb")
    asked: list[bool] = []
    (export,) = [a for a in window.actions() if a.text().startswith("&Export report")]
    export.triggered.disconnect()
    export.triggered.connect(lambda: asked.append(True))
    QTest.qWaitForWindowExposed(window, 5000)
    window.activateWindow()  # no window manager: the X server gives it the focus
    QTest.qWaitForWindowActive(window, 5000)
    spin = window.inspector.fields["cathode.active_loading_mg_cm2"]
    spin.setFocus()
    QTest.qWait(100)
    focused = app.focusWidget() is spin
    QTest.keyClick(spin, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    print(json.dumps({"focused": focused, "asked": asked, "field": spin.lineEdit().text()}))
    window.close()
    return 0


if __name__ == "__main__":
    command, target = sys.argv[1], Path(sys.argv[2])
    sys.exit(
        {
            "quit-after-export": quit_after_export,
            "numbers": numbers,
            "keys-in-a-field": keys_in_a_field,
        }[command](target)
    )
