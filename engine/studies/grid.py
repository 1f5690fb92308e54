"""A grid of designs of any size: every combination of some fields' values (the last field
running fastest), or a random sample with each field drawn between two values, evaluated in
chunks so that memory stays bounded, on one core or several.

Each chunk is one evaluate on arrays; a chunk's numbers do not depend on how the grid is cut or
on which process computed it (tests/test_sweep_grid.py). With workers > 1 the chunks after the
first go to a pool of processes, at most two per worker in flight, and come back in order, so a
slow reader (CSV text) never lets results pile up. The first chunk is computed here, so a field
or result the engine refuses stops the grid before any process starts. Where processes are
forked (Linux), each chunk's table comes back through memory mapped before the pool starts;
elsewhere it is pickled.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import mmap
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

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
class Evenly:
    """count values evenly spaced from low to high, both ends included, as np.linspace gives
    them (each low + i * step, the last high), made only for the designs of a chunk: a sweep's
    axis of any length in bounded memory (10^10 values as an array would be 80 GB)."""

    low: float
    high: float
    count: int

    def __len__(self) -> int:
        return self.count

    def at(self, index: NDArray[np.int64]) -> NDArray[np.float64]:
        """The values at these positions (0 to count - 1)."""
        if self.count == 1:
            return np.full(index.shape, self.low)
        values = index.astype(np.float64)
        values *= (self.high - self.low) / (self.count - 1)
        values += self.low
        values[index == self.count - 1] = self.high
        return values


@dataclass(frozen=True)
class Drawn:
    """A field drawn at random between low and high for each design of a sample: uniform, or
    log-uniform (uniform in its logarithm; low and high above 0)."""

    low: float
    high: float
    distribution: str = "uniform"

    def draw(self, rng: np.random.Generator, count: int) -> NDArray[np.float64]:
        if self.distribution == "log-uniform":
            return np.exp(rng.uniform(np.log(self.low), np.log(self.high), count))
        return rng.uniform(self.low, self.high, count)


def drawn_values(
    fields: dict[str, Drawn], count: int, seed: int, index: int
) -> dict[str, NDArray[np.float64]]:
    """The fields' values for chunk index of a random sample: each chunk draws from a stream of
    its own (SeedSequence([seed, index])), the fields in turn, so its designs are the same
    whichever process draws them."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, index]))
    return {path: axis.draw(rng, count) for path, axis in fields.items()}


Axis = NDArray[np.float64] | Evenly  # a grid field's values: given one by one, or evenly spaced


@dataclass(frozen=True)
class Grid:
    """What is evaluated: the design, each field's values (a grid: every combination of the
    axes; or, with samples, that many designs with every field Drawn), the results kept."""

    design: Design
    axes: dict[str, Axis] | dict[str, Drawn]
    outputs: list[str]
    library: Library
    chunk: int = 0  # designs per evaluate; 0: GRID_CHUNK, or CURVE_GRID_CHUNK on the curve's energy
    samples: int = 0  # designs drawn at random (every axis Drawn); 0: a grid
    seed: int = 0  # of the random sample

    def __post_init__(self) -> None:
        if self.chunk <= 0:
            curve = self.design.energy_basis == "curve"
            object.__setattr__(self, "chunk", CURVE_GRID_CHUNK if curve else GRID_CHUNK)
        drawn = [isinstance(axis, Drawn) for axis in self.axes.values()]
        if any(drawn) != (self.samples > 0) or any(drawn) != all(drawn):
            raise ValueError("a sample draws every field (Drawn); a grid draws none")

    @property
    def size(self) -> int:
        if self.samples:
            return self.samples
        return math.prod(len(axis) for axis in self.axes.values() if not isinstance(axis, Drawn))


@dataclass(frozen=True)
class GridChunk:
    start: int  # the index of its first design in the grid
    fields: dict[str, NDArray[np.float64]]  # each field's value per design
    outputs: dict[str, NDArray[np.float64]]  # each result per design
    text: str | None = None  # its rows as grid_chunks' text formats them, where a worker did

    @property
    def columns(self) -> list[NDArray[np.float64]]:
        """The fields' values, then the results: a table's columns, in the grid's order."""
        return [*self.fields.values(), *self.outputs.values()]


def evaluate_chunk(grid: Grid, start: int) -> GridChunk:
    """The designs start to start + chunk of the grid, evaluated in one call."""
    flat = np.arange(start, min(start + grid.chunk, grid.size), dtype=np.int64)
    values = _values(grid, flat)
    results = evaluate(swept(grid.design, values, grid.library), grid.library)
    columns = {
        name: np.broadcast_to(np.asarray(numeric_result(results, name), float), flat.shape)
        for name in grid.outputs
    }
    return GridChunk(start, values, columns)


def _values(grid: Grid, flat: NDArray[np.int64]) -> dict[str, NDArray[np.float64]]:
    """Each field's values for the designs of the grid numbered flat (one chunk's)."""
    if grid.samples:
        drawn = {path: axis for path, axis in grid.axes.items() if isinstance(axis, Drawn)}
        return drawn_values(drawn, len(flat), grid.seed, int(flat[0]) // grid.chunk)
    axes = [axis for axis in grid.axes.values() if not isinstance(axis, Drawn)]
    indices = np.unravel_index(flat, tuple(len(axis) for axis in axes))
    return {
        path: axis.at(index) if isinstance(axis, Evenly) else np.asarray(axis, dtype=float)[index]
        for path, axis, index in zip(grid.axes, axes, indices, strict=True)
    }


def usable_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


Text = Callable[[list[NDArray[np.float64]]], str]  # a chunk's columns as the text written


def grid_chunks(
    grid: Grid, workers: int | None = None, text: Text | None = None
) -> Iterator[GridChunk]:
    """The grid's chunks in order, computed by workers processes (None: every usable core; on 2
    cores, 9 x 10^6 designs on the nominal energy take 0.80 of one process's time, 3 x 10^5 on
    the curve's 0.55: bench/sweep_jobs_speed.py). The fields are checked first (KeyError naming
    the numeric ones), the results and values on the first chunk (KeyError, ProblemsError).
    text: the chunks a worker computes it also formats (CSV, which costs ten times the chunk's
    evaluate), their text in GridChunk.text; the chunks computed here are left to the caller."""
    if workers is None:
        workers = usable_cores()
    for path in grid.axes:
        check_field(grid.design, path, grid.library)
    starts = range(0, grid.size, grid.chunk)
    yield evaluate_chunk(grid, starts[0])
    if workers <= 1 or len(starts) <= 2:
        for start in starts[1:]:
            yield evaluate_chunk(grid, start)
        return
    yield from _in_processes(grid, starts[1:], workers, text)


_worker_grid: list[Grid] = []  # the grid a pool's process evaluates, set once when it starts
_worker_text: list[Text | None] = [None]  # and how it formats a chunk as text, if it does
# With fork, the chunks' tables come back through memory the parent maps before the pool starts
# and every worker inherits: no pickling of 1.5 MB a chunk, which cost more than computing it.
_slots: list[mmap.mmap] = []


def _start_worker(grid: Grid, text: Text | None) -> None:
    # Ctrl+C reaches every process of the terminal's group: the parent stops the pool and says
    # so; a worker says nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_grid[:] = [grid]
    _worker_text[:] = [text]


def _formatted(chunk: GridChunk) -> str | None:
    text = _worker_text[0]
    return None if text is None else text(chunk.columns)


def _worker_chunk(start: int) -> GridChunk:
    chunk = evaluate_chunk(_worker_grid[0], start)
    return dataclasses.replace(chunk, text=_formatted(chunk))


def _table(grid: Grid, slot: int) -> NDArray[np.float64]:
    """A slot of shared memory as the table of one chunk: a row per field and result."""
    width = len(grid.axes) + len(grid.outputs)
    return np.ndarray((width, grid.chunk), dtype=np.float64, buffer=_slots[slot])


def _worker_chunk_shared(start: int, slot: int) -> tuple[int, int, str | None]:
    """Evaluate a chunk into a slot; its start, its length and its text."""
    chunk = evaluate_chunk(_worker_grid[0], start)
    columns = chunk.columns
    table = _table(_worker_grid[0], slot)
    for row, column in enumerate(columns):
        table[row, : len(column)] = column
    return start, len(columns[0]), _formatted(chunk)


def _in_processes(
    grid: Grid, starts: range, workers: int, text: Text | None
) -> Iterator[GridChunk]:
    in_flight = IN_FLIGHT_PER_WORKER * workers
    shared = multiprocessing.get_start_method() == "fork"
    if shared:  # mapped before the pool forks, so every worker holds the same memory
        size = (len(grid.axes) + len(grid.outputs)) * grid.chunk * 8
        _slots[:] = [mmap.mmap(-1, size) for _ in range(in_flight)]
    try:
        with multiprocessing.Pool(
            workers, initializer=_start_worker, initargs=(grid, text)
        ) as pool:
            yield from _in_order(pool, grid, iter(starts), in_flight, shared)
    finally:
        for slot in _slots:
            slot.close()
        _slots.clear()


def _in_order(
    pool: Pool, grid: Grid, waiting: Iterator[int], in_flight: int, shared: bool
) -> Iterator[GridChunk]:
    """The chunks from the pool in the grid's order, at most in_flight computed ahead."""
    free = deque(range(in_flight))
    pending: deque[tuple[int, AsyncResult[Any]]] = deque()

    def submit(start: int) -> None:
        slot = free.popleft()
        job = (_worker_chunk_shared, (start, slot)) if shared else (_worker_chunk, (start,))
        pending.append((slot, pool.apply_async(*job)))

    for start in itertools.islice(waiting, in_flight):
        submit(start)
    while pending:
        slot, job = pending.popleft()
        if shared:
            start, count, formatted = job.get()
            table = _table(grid, slot)[:, :count].copy()  # the slot is used again
            names = [*grid.axes, *grid.outputs]
            values = dict(zip(names, table, strict=True))
            chunk = GridChunk(
                start,
                {name: values[name] for name in grid.axes},
                {name: values[name] for name in grid.outputs},
                formatted,
            )
        else:
            chunk = job.get()
        free.append(slot)
        following = next(waiting, None)
        if following is not None:
            submit(following)
        yield chunk
