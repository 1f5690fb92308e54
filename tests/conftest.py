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
