"""The first voltage curve of a session: what the window's voltage tab waits for after start.
Each run is a new Python process that loads the library and a preset, then times its first
discharge curve (tables built on first use included) and the second one.

    .venv/bin/python bench/first_curve_speed.py
    .venv/bin/python bench/ab.py REVISION bench/first_curve_speed.py --script-from-tree
"""

from __future__ import annotations

import statistics
import subprocess
import sys

RUNS = 9
CHILD = """
import time
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.studies.curves import discharge_curve
library = shipped_library()
design, _ = load_design(resource_path("presets", "default_nmc811_lpscl_li.json"), library)
start = time.perf_counter()
discharge_curve(design, library)
first = time.perf_counter() - start
start = time.perf_counter()
discharge_curve(design, library)
print(first, time.perf_counter() - start)
"""


def main() -> None:
    firsts, seconds = [], []
    for _ in range(RUNS):
        done = subprocess.run(
            [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
        )
        first, second = map(float, done.stdout.split())
        firsts.append(first * 1e3)
        seconds.append(second * 1e3)
    print(f"first discharge curve of a session: median {statistics.median(firsts):.2f} ms")
    print(f"the second, tables built: median {statistics.median(seconds):.2f} ms")


if __name__ == "__main__":
    main()
