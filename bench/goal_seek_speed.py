"""How long a goal seek takes (the sweep tab's Solve): the NMC811 loading that gives the Yang et
al. 2022 Fig. 1A stack 400 Wh/kg, on a design loaded fresh for each solve, as a click makes it.

    .venv/bin/python bench/goal_seek_speed.py
    .venv/bin/python bench/ab.py REVISION bench/goal_seek_speed.py --script-from-tree

Prints the median time and its spread over the runs, and the evaluations after the scan (issue
goal: about 6, against bisection's 25).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.studies.goal_seek import goal_seek

RUNS = 41
PRESET = resource_path("presets", "yang2022_fig1a.json")


def main() -> None:
    library = shipped_library()
    times, found = [], None
    for _ in range(RUNS):
        design, _warnings = load_design(PRESET, library)
        started = time.perf_counter()
        found = goal_seek(
            design,
            "cathode.active_loading_mg_cm2",
            "ladder.stack.wh_per_kg",
            400.0,
            1.0,
            60.0,
            library,
        )
        times.append((time.perf_counter() - started) * 1e3)
    quartiles = statistics.quantiles(times, n=4)
    print(
        f"goal seek: median {statistics.median(times):.3f} ms "
        f"(quartiles {quartiles[0]:.3f}-{quartiles[2]:.3f} ms, {RUNS} runs)"
    )
    evaluations = getattr(found, "evaluations", None)
    print(f"goal seek: {found.value:.9g} mg/cm2; evaluations after the scan: {evaluations}")


if __name__ == "__main__":
    main()
