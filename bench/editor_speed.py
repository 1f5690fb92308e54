"""Edit to all views updated and painted, through the real window: 100 edits.

    .venv/bin/python bench/editor_speed.py                       # offscreen
    QT_QPA_PLATFORM=xcb xvfb-run -s "-screen 0 1920x1080x24" .venv/bin/python bench/editor_speed.py

Each edit types a new separator thickness into the inspector's spin box (as Enter would commit
it), then runs the event loop until the coalesced recompute has redrawn the diagram, the
inspector, the numbers and the visible plot, and again until a pass of the event loop paints
nothing more (a plot's scene repaints a pass later: stopping at the first pass missed 2 to 7 ms
of painting on some tabs); the clock stops after the last pass that painted. The run is repeated
with each plot tab visible (hidden tabs catch up when shown); the compare tab has the starting
design pinned beside the edited one. Goal: median under 16 ms, 95th percentile under 33 ms. The
numbers panel's bands follow once edits pause (100 ms); their draws and paint are timed apart,
after each edit.
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

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication

from gui.app import create_application
from gui.main_window import MainWindow

EDITS = 100
PASSES = 10  # event-loop passes at most after an edit, each until one paints nothing


class PaintCounter(QObject):
    """Counts the paint events of every widget of the application."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def painted_after(start: float, counter: PaintCounter) -> float:
    """Run the event loop until a pass paints nothing; the seconds from start to the end of the
    last pass that painted."""
    end = time.perf_counter()
    for _ in range(PASSES):
        before = counter.paints
        QApplication.processEvents()
        if counter.paints == before:
            break
        end = time.perf_counter()
    return end - start


def main() -> None:
    app = create_application()
    counter = PaintCounter()
    app.installEventFilter(counter)
    print(f"platform {app.platformName()}")
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, data_dir=Path(folder))
        window.resize(1366, 768)
        window.show()
        while not window.windowHandle().isExposed():  # a real display maps the window first
            app.processEvents()
        app.processEvents()
        window.model.select("separator[0]")
        app.processEvents()
        spin = window.inspector.fields["separator[0].thickness_um"]
        plots = window.plots
        plots.compare.pin_current()
        for index in range(plots.count()):  # each plot tab in turn is the visible one
            plots.setCurrentIndex(index)
            app.processEvents()
            times, bands = [], []
            for i in range(EDITS):
                start = time.perf_counter()
                spin.setValue(20.0 + (i % 40) + (index % 2) * 0.5)
                window.model.flush(bands=False)  # the bands follow once edits pause
                times.append(painted_after(start, counter))
                start = time.perf_counter()  # ... when they do: drawn and painted
                window.model.draw_bands()
                bands.append(painted_after(start, counter))
            times.sort()
            print(
                f"{plots.tabText(index):<22} {EDITS} edits, edit to all views painted: "
                f"median {statistics.median(times) * 1e3:.2f} ms, "
                f"95th percentile {times[int(0.95 * len(times)) - 1] * 1e3:.2f} ms, "
                f"max {times[-1] * 1e3:.2f} ms"
            )
            print(
                f"{plots.tabText(index):<22} {EDITS} edits, then the bands drawn and painted: "
                f"median {statistics.median(bands) * 1e3:.2f} ms"
            )
        window.model.undo_stack.setClean()
        window.close()


if __name__ == "__main__":
    main()
