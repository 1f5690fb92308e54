"""What a study keeps of a design space: reductions made on each chunk where it is evaluated and
merged in any grouping to the same answer, so only they (never every design) travel.

Each reduction holds rows: a design's index in the study, its fields' values and its results.
Ties are broken by the index, so a front or a best-N list is the same whichever chunks it was
merged from (tests/test_study.py).

- Pareto front of two results, each maximized or minimized: the designs no other design beats on
  both.
- The N best designs by one result.
- A histogram of one result over fixed bins, with the designs below and above them counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Columns = dict[str, NDArray[np.float64]]  # a name (field or result) -> one value per design


@dataclass
class Rows:
    """Some designs of a chunk or a study: their indices and every column's values."""

    index: NDArray[np.int64]
    columns: Columns

    def take(self, keep: NDArray[np.int64]) -> Rows:
        return Rows(self.index[keep], {k: v[keep] for k, v in self.columns.items()})

    @staticmethod
    def joined(parts: list[Rows]) -> Rows:
        names = list(parts[0].columns)
        return Rows(
            np.concatenate([p.index for p in parts]),
            {n: np.concatenate([p.columns[n] for p in parts]) for n in names},
        )

    def records(self) -> list[dict[str, float | int]]:
        """One dict a design, for a results file: its index, then its columns."""
        return [
            {"index": int(i), **{k: float(v[r]) for k, v in self.columns.items()}}
            for r, i in enumerate(self.index)
        ]


def _signed(values: NDArray[np.float64], maximize: bool) -> NDArray[np.float64]:
    """Larger is better."""
    return values if maximize else -values


@dataclass(frozen=True)
class Pareto:
    x: str
    y: str
    maximize_x: bool = True
    maximize_y: bool = True

    def reduce(self, rows: Rows) -> Rows:
        """The rows no other row beats on both results (a tie on both: the lower index)."""
        x = _signed(rows.columns[self.x], self.maximize_x)
        y = _signed(rows.columns[self.y], self.maximize_y)
        finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
        x, y, index = x[finite], y[finite], rows.index[finite]
        order = np.lexsort((index, -y, -x))  # best x first, then best y, then index
        ys = y[order]
        if len(ys) == 0:
            return rows.take(finite)
        # a row is on the front when its y beats every row before it (which have a better x)
        beats = np.concatenate([[True], ys[1:] > np.maximum.accumulate(ys)[:-1]])
        return rows.take(finite[order[beats]])


@dataclass(frozen=True)
class Best:
    by: str
    count: int
    maximize: bool = True

    def reduce(self, rows: Rows) -> Rows:
        """The count best rows, best first (a tie: the lower index first)."""
        value = _signed(rows.columns[self.by], self.maximize)
        finite = np.flatnonzero(np.isfinite(value))
        order = np.lexsort((rows.index[finite], -value[finite]))[: self.count]
        return rows.take(finite[order])


@dataclass(frozen=True)
class Histogram:
    result: str
    low: float
    high: float
    bins: int = 50

    def edges(self) -> NDArray[np.float64]:
        return np.linspace(self.low, self.high, self.bins + 1)

    def count(self, values: NDArray[np.float64]) -> NDArray[np.int64]:
        """Counts per bin, then below the first and above the last (NaN: neither)."""
        inside, _ = np.histogram(values, bins=self.edges())
        below = int(np.sum(values < self.low))
        above = int(np.sum(values > self.high))
        return np.concatenate([inside, [below, above]]).astype(np.int64)


@dataclass
class Partial:
    """A chunk's (or several chunks') reductions, merged with another's by merge()."""

    designs: int  # evaluated
    kept: int  # meeting the constraints
    fronts: list[Rows]
    best: list[Rows]
    histograms: list[NDArray[np.int64]] = field(default_factory=list)


def reduce_rows(
    rows: Rows, pareto: list[Pareto], best: list[Best], histograms: list[Histogram], designs: int
) -> Partial:
    """A chunk's reductions of the rows that meet the constraints (designs: all it evaluated)."""
    return Partial(
        designs,
        len(rows.index),
        [p.reduce(rows) for p in pareto],
        [b.reduce(rows) for b in best],
        [h.count(rows.columns[h.result]) for h in histograms],
    )


def merge(first: Partial, second: Partial, pareto: list[Pareto], best: list[Best]) -> Partial:
    """Two partials as one: fronts and best lists of the joined rows, histograms summed."""
    fronts = zip(pareto, first.fronts, second.fronts, strict=True)
    bests = zip(best, first.best, second.best, strict=True)
    return Partial(
        first.designs + second.designs,
        first.kept + second.kept,
        [p.reduce(Rows.joined([a, b])) for p, a, b in fronts],
        [r.reduce(Rows.joined([a, b])) for r, a, b in bests],
        [a + b for a, b in zip(first.histograms, second.histograms, strict=True)],
    )
