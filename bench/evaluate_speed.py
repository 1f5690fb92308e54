"""How fast evaluate runs: designs per second in a 10^6-point sweep, and one scalar evaluate.

    .venv/bin/python bench/evaluate_speed.py

Goals (engine issue): at least 10^7 designs per second on one core for the sweep; under 100 us
for one scalar evaluate.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path

POINTS = 1_000_000


def main() -> None:
    design, _ = load_design(
        resource_path("presets", "default_nmc811_lpscl_li.json"), shipped_library()
    )
    library = shipped_library()
    loadings = np.linspace(5.0, 40.0, POINTS)
    swept = replace_field(design, "cathode.active_loading_mg_cm2", loadings)
    evaluate(swept, library)  # warm up
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        results = evaluate(swept, library)
        runs.append(time.perf_counter() - start)
    best = min(runs)
    print(
        f"sweep of {POINTS:,} designs (cathode loading): best {best * 1e3:.1f} ms of 5, "
        f"{POINTS / best:,.0f} designs/s; cell Wh/kg from "
        f"{results.rung('cell').wh_per_kg.min():.1f} to {results.rung('cell').wh_per_kg.max():.1f}"
    )

    for _ in range(200):
        evaluate(design, library)
    times = []
    for _ in range(3000):
        start = time.perf_counter()
        evaluate(design, library)
        times.append(time.perf_counter() - start)
    times.sort()
    print(
        f"scalar evaluate: median {statistics.median(times) * 1e6:.1f} us, "
        f"90th percentile {times[int(0.9 * len(times))] * 1e6:.1f} us (3000 calls)"
    )


if __name__ == "__main__":
    main()
