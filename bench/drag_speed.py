"""What a drag costs: 180 edits at 60 per second through the real window, each frame's CPU time.

    .venv/bin/python bench/drag_speed.py                         # offscreen
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python bench/drag_speed.py     # under Xvfb

A drag edits the design about every 16.7 ms, and the window does more than the edit: the
recompute is coalesced on the event loop, the numbers panel's and the voltage plot's bands follow
to first order on their own timers (at most every 100 ms), and the draws wait for a pause that a
drag never makes. bench/editor_speed.py times one edit to its paint; this times the whole of a
drag as the event loop runs it: a timer sets the next separator thickness in the inspector every
frame, and the event loop runs between. The CPU time of the process from one frame to the next
(time.process_time: the edit, its paint and whatever the timers did; an idle event loop waits
without using the CPU) is the frame's cost; a frame that costs over 16.7 ms makes the drag fall
behind. Run once with the voltage tab visible (both
its bands follow) and once with the breakdown tab (no plot band) for comparison.
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

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui.app import create_application
from gui.main_window import MainWindow

FRAMES = 180  # three seconds of dragging
FRAME_S = 1.0 / 60.0
WARM_FRAMES = 20  # the first frames of a drag: caches and the first bands, not counted


def drag(app: QApplication, window: MainWindow) -> list[float]:
    """The CPU seconds of each frame of a drag of the separator's thickness, 20 to 40 um: a
    precise timer sets the next value every frame and the event loop runs between (idle, it
    waits without using the CPU), so the process's CPU time from one frame to the next is what
    that frame's edit, its paint and the timers that fired cost."""
    spin = window.inspector.fields["separator[0].thickness_um"]
    costs: list[float] = []
    frame = 0
    last = time.process_time()
    loop = QEventLoop()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(round(FRAME_S * 1000))

    def step() -> None:
        nonlocal frame, last
        now = time.process_time()
        if frame:
            costs.append(now - last)
        last = now
        if frame == FRAMES:
            timer.stop()
            loop.quit()
            return
        spin.setValue(20.0 + 20.0 * (frame % 90) / 90.0)
        frame += 1

    timer.timeout.connect(step)
    timer.start()
    loop.exec()
    window.model.flush()  # the pause after the drag: the draws, not counted
    app.processEvents()
    return costs[WARM_FRAMES:]


def main() -> None:
    app = create_application()
    print(f"platform {app.platformName()}")
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, data_dir=Path(folder))
        window.resize(1366, 768)
        window.show()
        while not window.windowHandle().isExposed():  # a real display maps the window first
            app.processEvents()
        window.model.select("separator[0]")
        app.processEvents()
        for name in ("voltage", "breakdown"):
            window.plots.setCurrentWidget(getattr(window.plots, name))
            window.model.flush()
            app.processEvents()
            costs = sorted(drag(app, window))
            over = sum(cost > FRAME_S for cost in costs)
            print(
                f"{name:<10} drag at 60 edits/s, CPU per frame: "
                f"median {statistics.median(costs) * 1e3:.2f} ms, "
                f"95th percentile {costs[int(0.95 * len(costs)) - 1] * 1e3:.2f} ms, "
                f"mean {statistics.fmean(costs) * 1e3:.2f} ms; "
                f"{over} of {len(costs)} frames over {FRAME_S * 1e3:.1f} ms"
            )
        window.model.undo_stack.setClean()
        window.close()


if __name__ == "__main__":
    main()
