"""How fast evaluate runs: designs per second in a 10^6-point sweep that reads one result, and one
scalar evaluate of a freshly edited design (what a drag in the window causes).

    .venv/bin/python bench/evaluate_speed.py

The sweep is timed in one call of evaluate, and in chunks as `main.py sweep` runs it. The results
build their ladder and layer rows when first read, so every clock stops after the results the
caller reads: the sweep's cell Wh/kg; for one design, nothing (evaluate alone), the cell Wh/kg
(what a goal seek reads), and every rung and layer row (what the window shows).

Goals (engine issue): at least 10^7 designs per second on one core for the sweep; under 40 us
for one scalar evaluate. Medians with their spread: the machine is shared.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.results import Results
from engine.studies.grid import Evenly, Grid, grid_chunks

try:
    from engine.io.design_files import load_design
except ImportError:  # revisions before engine/io (bench/ab.py --script-from-tree runs them)
    from engine.design_io import load_design  # type: ignore[no-redef]

POINTS = 1_000_000
SWEEPS = 7
CALLS = 3000
FIELD = "cathode.active_loading_mg_cm2"


def main() -> None:
    library = shipped_library()
    design, _ = load_design(resource_path("presets", "default_nmc811_lpscl_li.json"), library)
    evaluate(replace_field(design, FIELD, np.linspace(5.0, 40.0, POINTS)), library)  # warm up
    runs = []
    for i in range(SWEEPS):
        swept = replace_field(design, FIELD, np.linspace(5.0 + i * 1e-3, 40.0, POINTS))
        start = time.perf_counter()
        results = evaluate(swept, library)  # the last sweep's results are let go here
        cell = results.rung("cell").wh_per_kg  # in one call, as a script might
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(
        f"sweep of {POINTS:,} designs (cathode loading): median {median * 1e3:.1f} ms "
        f"(range {min(runs) * 1e3:.1f} to {max(runs) * 1e3:.1f}, {SWEEPS} sweeps), "
        f"{POINTS / median:,.0f} designs/s; cell Wh/kg from {cell.min():.1f} to {cell.max():.1f}"
    )

    grid = Grid(design, {FIELD: Evenly(5.0, 40.0, POINTS)}, ["ladder.cell.wh_per_kg"], library)
    runs = []
    for _ in range(SWEEPS):
        start = time.perf_counter()
        for _chunk in grid_chunks(grid, workers=1):
            pass
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(
        f"the same sweep in chunks of {grid.chunk:,} designs on one process, as main.py sweep "
        f"runs it: median {median * 1e3:.1f} ms (range {min(runs) * 1e3:.1f} to "
        f"{max(runs) * 1e3:.1f}), {POINTS / median:,.0f} designs/s"
    )

    # Each call evaluates a design made by an edit, as the window does; the edit is not timed.
    for name, read in READS.items():
        edited = [replace_field(design, FIELD, 20.0 + i * 1e-4) for i in range(CALLS + 200)]
        for fresh in edited[:200]:
            read(evaluate(fresh, library))
        times = []
        for fresh in edited[200:]:
            start = time.perf_counter()
            read(evaluate(fresh, library))
            times.append(time.perf_counter() - start)
        times.sort()
        print(
            f"scalar evaluate of an edited design, {name}: median "
            f"{statistics.median(times) * 1e6:.1f} us, 10th to 90th percentile "
            f"{times[CALLS // 10] * 1e6:.1f} to {times[9 * CALLS // 10] * 1e6:.1f} us "
            f"({CALLS} designs)"
        )


def _everything(results: Results) -> None:
    """What the window reads of an evaluation: every rung's and every layer row's figures."""
    for rung in results.ladder:
        rung.wh_per_kg, rung.wh_per_l  # noqa: B018
    for layer in results.layers:
        layer.mass_share  # noqa: B018


READS: dict[str, Callable[[Results], object]] = {
    "alone": lambda _: None,
    "then its cell Wh/kg": lambda results: results.rung("cell").wh_per_kg,
    "then every rung and layer row": _everything,
}

if __name__ == "__main__":
    main()
