"""Save a PNG of every plot tab (docs/plots/*.png) for the default design, offscreen.

.venv/bin/python tools/plot_screenshots.py [FOLDER]
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

TABS = ("voltage", "breakdown", "sweep", "pressure", "compare")


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "plots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, data_dir=Path(folder))
        window.resize(1366, 768)
        window.show()
        plots = window.plots
        window.docks["plots"].setFloating(True)  # a large plot, as a user would undock it
        window.docks["plots"].resize(1280, 420)
        plots.compare.pin_current()
        window.model.set_field("separator[0].thickness_um", 60.0)
        plots.sweep.map_check.setChecked(True)
        for name in TABS:
            plots.setCurrentWidget(getattr(plots, name))
            window.model.flush()
            app.processEvents()
            plots.sweep.finish_map()
            app.processEvents()
            path = out / f"{name}.png"
            plots.grab().save(str(path))
            print(f"saved {path}")
        window.model.undo_stack.setClean()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
