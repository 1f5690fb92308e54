"""A grid of designs of any size: every combination of some fields' values (the last field
running fastest), evaluated in chunks so that memory stays bounded, on one core or several.

Each chunk is one evaluate on arrays; a chunk's numbers do not depend on how the grid is cut or
on which process computed it (tests/test_sweep_grid.py). With workers > 1 the chunks after the
first go to a pool of processes, at most two per worker in flight, and come back in order, so a
slow reader (CSV text) never lets results pile up. The first chunk is computed here, so a field
or result the engine refuses stops the grid before any process starts.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult

import numpy as np
from numpy.typing import NDArray

from engine.design import Design
from engine.evaluate import evaluate
from engine.materials import Library
from engine.studies.sweep import check_field, numeric_result, swept

GRID_CHUNK = 65_536  # designs per evaluate: a few MB of arrays, whatever the grid's size
# On the curve's energy each design carries its discharge curve (256 points, a dozen arrays):
# 65,536 of them took 1.6 GB, 4,096 take about 150 MB.
CURVE_GRID_CHUNK = 4_096
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Grid:
    """What is evaluated: the design, each field's values, the results kept."""

    design: Design
    axes: dict[str, NDArray[np.float64]]
    outputs: list[str]
    library: Library
    chunk: int = 0  # designs per evaluate; 0: GRID_CHUNK, or CURVE_GRID_CHUNK on the curve's energy

    def __post_init__(self) -> None:
        if self.chunk <= 0:
            curve = self.design.energy_basis == "curve"
            object.__setattr__(self, "chunk", CURVE_GRID_CHUNK if curve else GRID_CHUNK)

    @property
    def size(self) -> int:
        return math.prod(len(values) for values in self.axes.values())


@dataclass(frozen=True)
class GridChunk:
    start: int  # the index of its first design in the grid
    fields: dict[str, NDArray[np.float64]]  # each field's value per design
    outputs: dict[str, NDArray[np.float64]]  # each result per design


def evaluate_chunk(grid: Grid, start: int) -> GridChunk:
    """The designs start to start + chunk of the grid, evaluated in one call."""
    shape = tuple(len(values) for values in grid.axes.values())
    flat = np.arange(start, min(start + grid.chunk, grid.size), dtype=np.int64)
    indices = np.unravel_index(flat, shape)
    values = {
        path: np.asarray(axis, dtype=float)[index]
        for (path, axis), index in zip(grid.axes.items(), indices, strict=True)
    }
    results = evaluate(swept(grid.design, values, grid.library), grid.library)
    columns = {
        name: np.broadcast_to(np.asarray(numeric_result(results, name), float), flat.shape)
        for name in grid.outputs
    }
    return GridChunk(start, values, columns)


def usable_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_workers(grid: Grid) -> int:
    """Every usable core on the curve's energy; one process on the nominal energy, whose designs
    cost less to evaluate than their results cost to send between processes (9 x 10^6 designs on
    2 cores: 1.22 times slower in two processes; bench/sweep_jobs_speed.py)."""
    return usable_cores() if grid.design.energy_basis == "curve" else 1


def grid_chunks(grid: Grid, workers: int | None = None) -> Iterator[GridChunk]:
    """The grid's chunks in order, computed by workers processes (default_workers if None). The
    fields are checked first (KeyError naming the numeric ones), the results and values on the
    first chunk (KeyError, ProblemsError)."""
    if workers is None:
        workers = default_workers(grid)
    for path in grid.axes:
        check_field(grid.design, path, grid.library)
    starts = range(0, grid.size, grid.chunk)
    yield evaluate_chunk(grid, starts[0])
    if workers <= 1 or len(starts) <= 2:
        for start in starts[1:]:
            yield evaluate_chunk(grid, start)
        return
    yield from _in_processes(grid, starts[1:], workers)


_worker_grid: list[Grid] = []  # the grid a pool's process evaluates, set once when it starts


def _start_worker(grid: Grid) -> None:
    # Ctrl+C reaches every process of the terminal's group: the parent stops the pool and says
    # so; a worker says nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_grid[:] = [grid]


def _worker_chunk(start: int) -> GridChunk:
    return evaluate_chunk(_worker_grid[0], start)


def _in_processes(grid: Grid, starts: range, workers: int) -> Iterator[GridChunk]:
    with multiprocessing.Pool(workers, initializer=_start_worker, initargs=(grid,)) as pool:
        waiting = iter(starts)
        pending: deque[AsyncResult[GridChunk]] = deque()
        for start in waiting:
            pending.append(pool.apply_async(_worker_chunk, (start,)))
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                break
        while pending:
            chunk = pending.popleft().get()
            following = next(waiting, None)
            if following is not None:
                pending.append(pool.apply_async(_worker_chunk, (following,)))
            yield chunk
