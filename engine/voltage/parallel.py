"""The open-circuit curve of a cathode whose actives discharge in parallel: at each electrode
potential E the Li it holds is N(E) = sum_i Q_i y_i(E), read backwards for E at a given charge."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
from numpy.typing import NDArray

from engine.ocv import OpenCircuitCurve, lithiation_at_potential


@cache
def knots(curves: tuple[OpenCircuitCurve, ...]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The union of the actives' tabulated potentials (falling) and each active's lithiation at
    each of them: between these knots every y_i(E), and so N(E), is linear in E."""
    potentials = np.unique(np.concatenate([c.potential_V for c in curves]))[::-1].copy()
    lithiation = np.stack([np.interp(-potentials, -c.potential_V, c.lithiation) for c in curves])
    return potentials, lithiation


@dataclass(frozen=True)
class ParallelCurve:
    """N(E) = sum_i Q_i y_i(E) at the knots, per design (d, g), and the knots' potentials."""

    curves: tuple[OpenCircuitCurve, ...]
    potentials: NDArray[np.float64]  # (g,), falling
    held: NDArray[np.float64]  # (d, g), rising: Li held by the cathode, mAh/cm2
    capacity: NDArray[np.float64]  # (d, m): each active's theoretical capacity, mAh/cm2

    @cached_property
    def _lifted(self) -> tuple[NDArray[np.float64], ...]:
        """The rows of N(E) lifted each by its own offset, so that one np.interp reads them all
        (row-wise interpolation): the offsets, the lifted knots, their potentials."""
        rows = self.held.shape[0]
        if rows == 1:  # one design: nothing to lift
            return np.zeros((1, 1)), self.held[0], self.potentials
        span = float(np.max(self.held[:, -1] - self.held[:, 0])) if rows else 0.0
        offset = (np.arange(rows, dtype=float) * (2.0 * span + 1.0))[:, None]
        knots = (self.held + offset).ravel()
        values = np.broadcast_to(self.potentials, self.held.shape).ravel()
        return offset, knots, values

    def potential_at(
        self, held_mAh_cm2: NDArray[np.float64], within: bool = False
    ) -> NDArray[np.float64]:
        """E (vs Li+/Li) at which the cathode holds the given Li: rows (d, p); beyond a row's
        range the end potential holds (within: the caller knows the Li is in range)."""
        offset, knots, values = self._lifted
        if within:
            queries = held_mAh_cm2 + offset
        else:
            queries = np.maximum(held_mAh_cm2, self.held[:, :1])
            np.minimum(queries, self.held[:, -1:], out=queries)
            queries += offset
        return np.interp(queries.ravel(), knots, values).reshape(held_mAh_cm2.shape)

    def held_at(self, potential_V: NDArray[np.float64]) -> NDArray[np.float64]:
        """N, the Li the cathode holds at rest at potentials vs Li+/Li, per design: (d,) or
        (d, k)."""
        held: NDArray[np.float64] | None = None
        for i, curve in enumerate(self.curves):
            capacity = self.capacity[:, i].reshape((-1,) + (1,) * (potential_V.ndim - 1))
            term = capacity * lithiation_at_potential(curve, potential_V)
            held = term if held is None else held + term
        assert held is not None  # a cathode has at least one active
        return held
