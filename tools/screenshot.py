"""Render the main window offscreen and save it as a PNG (default: docs/main-window.png).

.venv/bin/python tools/screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402

from gui.app import create_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "main-window.png"
    app = create_application()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, data_dir=Path(folder))
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        ok = window.grab().save(str(out))
        window.close()
    print(f"{'saved' if ok else 'FAILED to save'} {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
