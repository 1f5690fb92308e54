"""Designs per second of a study: in one process, in two, and on a two-worker dask LocalCluster
(the same chunks shipped to workers and their reductions back), alternated run by run.

    .venv/bin/python bench/study_speed.py

The study: Yang et al. 2022's Fig. 1A stack over loading x separator x active fraction, 2 x 10^6
designs on the nominal energy, the shipped example's reductions. Prints each way's median and
spread of designs per second, and the median paired ratio of each way to one process.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.materials import shipped_library
from engine.studies.study import study_from_dict
from engine.studies.study_run import run_study

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5
EXAMPLE = ROOT / "resources" / "studies" / "yang2022_loading_separator.json"


def main() -> None:
    from dask.distributed import LocalCluster  # noqa: PLC0415 (the optional cluster extra)

    raw = json.loads(EXAMPLE.read_text())
    raw["grid"][0]["points"] = 2 * 351  # 2 x 10^6 designs
    study = study_from_dict(raw, shipped_library(), EXAMPLE.parent)
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        ways = {
            "1 process": lambda: run_study(study, workers=1),
            "2 processes": lambda: run_study(study, workers=2),
            "dask, 2 workers": lambda: run_study(study, scheduler=cluster.scheduler_address),
        }
        rates: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(ROUNDS):  # A B C A B C: the machine's load falls on every way alike
            for name, work in ways.items():
                started = time.perf_counter()
                work()
                rates[name].append(study.size / (time.perf_counter() - started))
    base = rates["1 process"]
    print(f"{study.size:,} designs a run, {ROUNDS} rounds, chunks of {study.chunk:,}")
    for name, found in rates.items():
        ratio = statistics.median(r / b for r, b in zip(found, base, strict=True))
        print(f"{name:>16}: median {statistics.median(found) / 1e6:.2f} M designs/s "
              f"(from {min(found) / 1e6:.2f} to {max(found) / 1e6:.2f}); "
              f"paired ratio to 1 process {ratio:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
