"""How long `main.py sweep` takes for 10^6 designs written as CSV (to /dev/null), the whole
command as a user runs it, and its peak memory.

    .venv/bin/python bench/sweep_cli_speed.py
    .venv/bin/python bench/ab.py REVISION bench/sweep_cli_speed.py --script-from-tree

Medians and quartiles of several runs: the machine is shared.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path.cwd()  # bench/ab.py runs the script in the tree under test
RUNS = 5
COMMAND = [
    sys.executable, str(ROOT / "main.py"), "sweep",
    str(ROOT / "resources" / "presets" / "yang2022_fig1a.json"),
    "--field", "cathode.active_loading_mg_cm2", "--from", "5", "--to", "30",
    "--points", "1000000",
]  # fmt: skip


def run_once() -> tuple[float, float]:
    """Seconds and peak resident MB of one run (its own rusage, from wait4)."""
    started = time.perf_counter()
    child = subprocess.Popen(COMMAND, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.returncode == 0, child.returncode
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    runs = [run_once() for _ in range(RUNS)]
    times = [seconds for seconds, _ in runs]
    peak_mb = statistics.median(peak for _, peak in runs)
    quartiles = statistics.quantiles(times, n=4)
    print(
        f"sweep 10^6 to CSV: median {statistics.median(times):.3f} s "
        f"(quartiles {quartiles[0]:.3f}-{quartiles[2]:.3f} s, {RUNS} runs)"
    )
    print(f"sweep 10^6 to CSV: peak memory of a run: median {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
