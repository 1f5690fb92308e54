"""A sweep's chunks reuse the memory the chunk before freed (engine/evaluate/heap.py): counted as
the page faults of twenty chunks, each in a fresh process, with glibc's thresholds set and not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHUNKS = """
import resource, sys
import numpy as np
sys.path.insert(0, {root!r})
import engine.evaluate.chain as chain
from engine.design import replace_field
from engine.evaluate import evaluate
from engine.materials import shipped_library
from tests.presets import preset

if {off}:
    chain.keep_freed_memory = lambda: False
library = shipped_library()
design = preset("yang2022_fig1a")
loadings = np.linspace(5.0, 40.0, 65536)  # GRID_CHUNK designs, as a sweep's chunk
evaluate(replace_field(design, "cathode.active_loading_mg_cm2", loadings), library)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for i in range(20):
    swept = replace_field(design, "cathode.active_loading_mg_cm2", loadings + i * 1e-3)
    results = evaluate(swept, library)
    results.rung("cell").wh_per_kg, results.layer("cathode").mass_share
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(off: bool) -> int:
    code = CHUNKS.format(root=str(ROOT), off=off)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_a_sweeps_chunks_fault_in_fewer_pages_with_the_thresholds_set():
    """Each chunk's arrays are 0.5 MB; without the thresholds this machine faulted in about five
    times the pages (8.6 thousand against 1.5 thousand for a 10^6-design grid)."""
    kept, returned = _faults(off=False), _faults(off=True)
    assert kept < returned / 2, (kept, returned)
