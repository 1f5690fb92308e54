"""How fast Lamina starts: process start to the main window's first paint, and `main.py --version`
against bare Python.

    .venv/bin/python bench/startup_speed.py [--runs 11] [--tree PATH] [--probe]

First paint: `python main.py` is started RUNS times, offscreen, each in a fresh temporary HOME and
XDG folders (no user settings, no autosave to recover; the font cache is shared and warmed by one
run not counted). With LAMINA_REPORT_FIRST_PAINT=1 the window prints "first-paint SECONDS" once
its first paint has finished (an event filter sees the window's first Paint event and queues the
report behind it), then "plot-painted SECONDS" once the plot in view has painted too (it is
built after the first paint), and closes. Printed for each: the wall time from starting the
process to reading the line (what a user waits) and the child's own figure (from main.py's first
line, so without the interpreter's start-up); and the exit statuses. Medians with the 10th to
90th percentile and the range, never a best run.

--version: `python main.py --version` and `python -c pass` alternate A B A B, RUNS pairs; their
medians, and the paired ratio B/A (median and range).

--tree PATH times another checkout's main.py (e.g. `git worktree add /tmp/old HEAD`). A main.py
without the report mode (revisions before it) is timed through --probe, which runs it with
runpy and finds the window when the event loop starts (QApplication.exec); the probe costs a
millisecond or two more than running main.py itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT_ENV = "LAMINA_REPORT_FIRST_PAINT"
TIMEOUT_S = 120

# Runs TREE/main.py as `python main.py` would, but reports the first paint itself: for trees
# whose main.py has no report mode. argv: TREE.
PROBE = r"""
import runpy, sys, time
START = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstPaint(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.seen = window, False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        for line in ("first-paint", "plot-painted"):  # the plots were built before the window
            print(f"{line} {time.perf_counter() - START:.6f}", flush=True)
        self.window.close()
        QApplication.quit()

exec_ = QApplication.exec
def exec_with_probe(app):
    (window,) = [w for w in app.topLevelWidgets() if w.objectName() == "main_window"]
    window.installEventFilter(FirstPaint(window))
    return exec_()
QApplication.exec = exec_with_probe
tree = sys.argv[1]
sys.argv = [tree + "/main.py"]
sys.path.insert(0, tree)
runpy.run_path(tree + "/main.py", run_name="__main__")
"""


def spread(values: list[float], unit: str, scale: float) -> str:
    """median, 10th to 90th percentile and range, scaled into unit."""
    ordered = sorted(v * scale for v in values)
    deciles = statistics.quantiles(ordered, n=10, method="inclusive")
    return (
        f"median {statistics.median(ordered):.1f} {unit} "
        f"(10th to 90th percentile {deciles[0]:.1f} to {deciles[-1]:.1f}, "
        f"range {ordered[0]:.1f} to {ordered[-1]:.1f}, {len(ordered)} runs)"
    )


def clean_env(home: Path) -> dict[str, str]:
    """The environment of a first start: offscreen, every per-user folder under home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "LAMINA_"))}
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
        env[name] = str(home / sub)
    env["HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("PYTHONPATH", None)
    return env


LINES = ("first-paint", "plot-painted")


def first_paint(
    tree: Path, probe: bool, home: Path, cache: Path
) -> tuple[dict[str, tuple[float, float]], int]:
    """Of one start of the window: for each of LINES, (wall seconds from starting the process to
    reading the line, the child's own figure); and the exit status."""
    env = clean_env(home)
    env["XDG_CACHE_HOME"] = str(cache)
    env[REPORT_ENV] = "1"
    command = [sys.executable, "-c", PROBE, str(tree)] if probe else [sys.executable, "main.py"]
    start = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    found = {}
    for line in child.stdout:
        wall = time.perf_counter() - start
        name, _, seconds = line.partition(" ")
        if name in LINES:
            found[name] = (wall, float(seconds))
        if len(found) == len(LINES):
            break
    _, err = child.communicate(timeout=TIMEOUT_S)
    if len(found) < len(LINES):
        raise SystemExit(f"no {' or '.join(LINES)} line (exit status {child.returncode}):\n{err}")
    return found, child.returncode


def bench_first_paint(tree: Path, runs: int, probe: bool) -> None:
    runs_found, statuses = [], set()
    with tempfile.TemporaryDirectory(prefix="lamina-startup-") as folder:
        cache = Path(folder) / "cache"
        cache.mkdir()
        for i in range(runs + 1):  # the first warms the font and Qt caches: not counted
            home = Path(folder) / f"home{i}"
            home.mkdir()
            found, status = first_paint(tree, probe, home, cache)
            if i:
                runs_found.append(found)
                statuses.add(status)
    how = "through the probe" if probe else "main.py's report"
    print(f"start of the window ({how}), {tree}:")
    for line, what in zip(LINES, ("first paint", "the plot in view painted"), strict=True):
        walls = [found[line][0] for found in runs_found]
        owns = [found[line][1] for found in runs_found]
        print(f"  process start to {what}: {spread(walls, 'ms', 1e3)}")
        print(f"  main.py's first line to {what}: {spread(owns, 'ms', 1e3)}")
    print(f"  exit statuses: {sorted(statuses)}")


def bench_version(tree: Path, runs: int) -> None:
    python = [sys.executable, "-c", "pass"]
    lamina = [sys.executable, "main.py", "--version"]
    bare, version = [], []
    with tempfile.TemporaryDirectory(prefix="lamina-version-") as home:
        env = clean_env(Path(home))

        def timed(command: list[str]) -> float:
            start = time.perf_counter()
            subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True)
            return time.perf_counter() - start

        timed(python), timed(lamina)  # warm the file cache
        for _ in range(runs):
            bare.append(timed(python))
            version.append(timed(lamina))
    ratios = [b / a for a, b in zip(bare, version, strict=True)]
    print(f"--version, A = python -c pass, B = python main.py --version, {tree}:")
    print(f"  A python -c pass: {spread(bare, 'ms', 1e3)}")
    print(f"  B main.py --version: {spread(version, 'ms', 1e3)}")
    print(
        f"  B/A paired: median {statistics.median(ratios):.2f} "
        f"(range {min(ratios):.2f} to {max(ratios):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to time")
    parser.add_argument(
        "--probe",
        action="store_true",
        help="find the first paint from outside main.py (automatic without the report mode)",
    )
    args = parser.parse_args()
    tree = args.tree.resolve()
    probe = args.probe or REPORT_ENV not in (tree / "main.py").read_text(encoding="utf-8")
    bench_first_paint(tree, args.runs, probe)
    bench_version(tree, args.runs)


if __name__ == "__main__":
    main()
