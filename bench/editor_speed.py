"""Edit to all views updated, through the real window offscreen: 100 edits.

    .venv/bin/python bench/editor_speed.py

Each edit types a new separator thickness into the inspector's spin box (as Enter would commit
it), then runs the event loop until the coalesced recompute has redrawn the diagram, the
inspector and the numbers. Goal (GUI issue): median under 16 ms, 95th percentile under 33 ms.
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
        times = []
        for i in range(EDITS):
            value = 20.0 + (i % 40)
            start = time.perf_counter()
            spin.setValue(value)
            window.model.flush()
            QApplication.processEvents()
            times.append(time.perf_counter() - start)
            assert window.model.design.separator[0].thickness_um == value or i % 40 == 10
        window.model.undo_stack.setClean()
        window.close()
    times.sort()
    print(
        f"{EDITS} edits, edit to all views updated: median {statistics.median(times) * 1e3:.2f} ms,"
        f" 95th percentile {times[int(0.95 * len(times)) - 1] * 1e3:.2f} ms,"
        f" max {times[-1] * 1e3:.2f} ms"
    )


if __name__ == "__main__":
    main()
