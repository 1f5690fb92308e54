"""What more processes buy a large sweep: `main.py sweep` on one process (A) against every usable
core (B), alternating A B A B, for a grid on the nominal energy (9 x 10^6 designs) and one on the
discharge curve's energy (3 x 10^5 designs), each written to .npy. Prints medians and the paired
ratio B/A (median and range), and each run's peak memory.

    .venv/bin/python bench/sweep_jobs_speed.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRESET = ROOT / "resources" / "presets" / "yang2022_fig1a.json"
GRIDS = {
    "nominal, 3000 x 3000": ("nominal", 3000, 3000),
    "curve, 600 x 500": ("curve", 600, 500),
}


def run_once(design: Path, points: tuple[int, int], jobs: int, out: Path) -> tuple[float, float]:
    """Seconds and peak resident MB (the parent's; each worker is a fork of it) of one sweep."""
    command = [
        sys.executable, str(ROOT / "main.py"), "sweep", str(design),
        "--field", "cathode.active_loading_mg_cm2", "--from", "5", "--to", "30",
        "--points", str(points[0]),
        "--field", "separator[0].thickness_um", "--from", "10", "--to", "50",
        "--points", str(points[1]), "-o", str(out), "--jobs", str(jobs),
    ]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as folder:
        for label, (basis, *points) in GRIDS.items():
            raw = json.loads(PRESET.read_text(encoding="utf-8"))
            raw["energy_basis"] = basis
            design = Path(folder) / f"{basis}.json"
            design.write_text(json.dumps(raw), encoding="utf-8")
            a, b = [], []
            for _ in range(rounds):
                a.append(run_once(design, tuple(points), 1, Path(folder) / "a.npy"))
                b.append(run_once(design, tuple(points), cores, Path(folder) / "b.npy"))
            ratios = [tb / ta for (ta, _), (tb, _) in zip(a, b, strict=True)]
            print(
                f"{label}: A 1 process median {statistics.median(t for t, _ in a):.2f} s, "
                f"B {cores} processes median {statistics.median(t for t, _ in b):.2f} s; "
                f"B/A paired median {statistics.median(ratios):.3f} "
                f"(range {min(ratios):.3f} to {max(ratios):.3f}); peak memory median "
                f"A {statistics.median(m for _, m in a):.0f} MB, "
                f"B {statistics.median(m for _, m in b):.0f} MB"
            )


if __name__ == "__main__":
    main()
