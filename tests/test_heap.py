"""Freed arrays are kept for the next ones (engine/evaluate/heap.py), counted as page faults in a
fresh process: ten rounds of ten 1 MB arrays with glibc's thresholds as heap.py sets them and as
its defaults leave them; and twenty chunks of a sweep, against the failure the thresholds prevent
made certain (every freed array handed back to the kernel at once: glibc's defaults do that for
some orders of allocation and not for others)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHUNKS = """
import ctypes, resource, sys
import numpy as np
sys.path.insert(0, {root!r})
import engine.evaluate.chain as chain
from engine.design import replace_field
from engine.evaluate import evaluate
from engine.materials import shipped_library
from tests.presets import preset

if {off}:  # arrays over 64 kB mapped on their own, and nothing kept at the heap's top
    libc = ctypes.CDLL(None)
    chain.keep_freed_memory = lambda: libc.mallopt(-3, 65536) and libc.mallopt(-1, 0)
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


ROUNDS = """
import resource, sys
import numpy as np
sys.path.insert(0, {root!r})
from engine.evaluate.heap import keep_freed_memory

if {keep}:
    assert keep_freed_memory()


def one_round():
    arrays = [np.ones(131072) for _ in range(10)]  # ten arrays of 1 MB, touched
    del arrays


one_round()  # the first round faults its pages in either way
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    one_round()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _run(code: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[-1])


LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")


@LINUX
def test_freed_arrays_are_kept_where_glibcs_defaults_hand_them_back():
    """By glibc's rules: once a 1 MB array has been freed, later ones come from the heap, and
    10 MB freed at its top is more than twice that, so the heap is trimmed and the next ten
    arrays fault their 2,560 pages in again, round after round: about 25,600 in ten rounds.
    With the thresholds set, what is freed is kept (under 128 MB): none here (25,302 without)."""
    kept = _run(ROUNDS.format(root=str(ROOT), keep=True))
    returned = _run(ROUNDS.format(root=str(ROOT), keep=False))
    assert returned > 20_000, returned
    assert kept < returned / 10, (kept, returned)


@LINUX
def test_a_sweeps_chunks_fault_in_fewer_pages_with_the_thresholds_set():
    """Each chunk's arrays are 0.5 MB: handed back at once, every chunk faults them all in again
    (here 173 thousand pages in twenty chunks, against 8 thousand kept). With glibc's
    defaults a 10^6-design grid faulted in 8.6 thousand pages, against 1.5 thousand kept."""
    kept = _run(CHUNKS.format(root=str(ROOT), off=False))
    returned = _run(CHUNKS.format(root=str(ROOT), off=True))
    assert kept < returned / 4, (kept, returned)
