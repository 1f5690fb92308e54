"""What the numbers panel's bands cost an edit: 10,000 draws of every uncertain input evaluated in
one call, against the evaluate the edit already makes (the peer), alternated A B A B on a design
read fresh for each edit, as an edit makes one. Also 1,000 draws with the curve's energy (each draw
a discharge), the window's setting for such designs, and the Ragone plot's band.

    .venv/bin/python bench/bands_speed.py

Prints each one's median and quartiles in ms, and the median of the paired ratios bands/evaluate.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.studies.uncertainty import CURVE_SAMPLES, SAMPLES, bands, ragone_band

RUNS = 41
PRESET = resource_path("presets", "default_nmc811_lpscl_li.json")


def _ms(work) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1e3


def _summary(name: str, times: list[float]) -> str:
    q = statistics.quantiles(times, n=4)
    return f"{name}: median {statistics.median(times):.2f} ms (quartiles {q[0]:.2f}-{q[2]:.2f})"


def compare(energy_basis: str, samples: int, band=None) -> None:
    library = shipped_library()
    peer, ours, ratios = [], [], []
    for _ in range(RUNS):
        design = dataclasses.replace(load_design(PRESET, library)[0], energy_basis=energy_basis)
        a = _ms(lambda d=design: evaluate(d, library))
        design = dataclasses.replace(load_design(PRESET, library)[0], energy_basis=energy_basis)
        b = _ms(lambda d=design: band(d) if band else bands(d, library, samples=samples))
        peer.append(a)
        ours.append(b)
        ratios.append(b / a)
    print(f"{energy_basis} energy, {samples:,} draws, {RUNS} paired runs:")
    print("  " + _summary("evaluate (the edit's own work)", peer))
    print("  " + _summary("bands", ours))
    print(f"  bands / evaluate: median paired ratio {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    compare("nominal", SAMPLES)
    compare("curve", CURVE_SAMPLES)
    print("The Ragone plot's band (its 200 draws at 9 rates), against the same evaluate:")
    compare("nominal", 200, lambda d: ragone_band(d, shipped_library()))
