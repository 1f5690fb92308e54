"""Edit to all views updated, through the real window offscreen: 100 edits.

    .venv/bin/python bench/editor_speed.py

Each edit types a new separator thickness into the inspector's spin box (as Enter would commit
it), then runs the event loop until the coalesced recompute has redrawn the diagram, the
inspector, the numbers and the visible plot; the run is repeated with each plot tab visible
(hidden tabs catch up when shown); the compare tab has the starting design pinned beside the
edited one. Goal: median under 16 ms, 95th percentile under 33 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gui.app import create_application
from gui.main_window import MainWindow

EDITS = 100


def main() -> None:
    app = create_application()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, data_dir=Path(folder))
        window.show()
        app.processEvents()
        window.model.select("separator[0]")
        app.processEvents()
        spin = window.inspector.fields["separator[0].thickness_um"]
        plots = window.plots
        plots.compare.pin_current()
        for index in range(plots.count()):  # each plot tab in turn is the visible one
            plots.setCurrentIndex(index)
            app.processEvents()
            times = []
            for i in range(EDITS):
                start = time.perf_counter()
                spin.setValue(20.0 + (i % 40) + (index % 2) * 0.5)
                window.model.flush()
                QApplication.processEvents()
                times.append(time.perf_counter() - start)
            times.sort()
            print(
                f"{plots.tabText(index):<22} {EDITS} edits, edit to all views updated: "
                f"median {statistics.median(times) * 1e3:.2f} ms, "
                f"95th percentile {times[int(0.95 * len(times)) - 1] * 1e3:.2f} ms, "
                f"max {times[-1] * 1e3:.2f} ms"
            )
        window.model.undo_stack.setClean()
        window.close()


if __name__ == "__main__":
    main()
