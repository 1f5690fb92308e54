"""Shared test setup: Qt runs offscreen, and no test touches the user's settings."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = os.environ.get("LAMINA_TEST_QPA", "offscreen")

import pytest


@pytest.fixture
def settings(tmp_path, qapp):
    """A QSettings in an INI file of its own, so tests never read or write the user's."""
    from PySide6.QtCore import QSettings  # noqa: PLC0415

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(scope="session")
def lamina_app(qapp):
    from PySide6.QtCore import QStandardPaths  # noqa: PLC0415

    from gui.app import create_application  # noqa: PLC0415

    QStandardPaths.setTestModeEnabled(True)  # user folders point at a test location
    return create_application()


@pytest.fixture
def make_window(lamina_app, settings, qtbot, tmp_path):
    """Main windows, shown offscreen, their data in tmp_path/data unless given; closed after the
    test without the unsaved-changes question (a test answers none)."""
    from gui.main_window import MainWindow  # noqa: PLC0415

    windows = []

    def make(data_dir=None, size: tuple[int, int] | None = None) -> MainWindow:
        win = MainWindow(settings, data_dir=data_dir or tmp_path / "data")
        if size is not None:
            win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.model.undo_stack.setClean()
        win.close()
        win.deleteLater()


@pytest.fixture
def window(make_window):
    return make_window()
