"""Axis ranges that stay put while a design is edited.

pyqtgraph's auto-range follows every change of the data by a hair, and each change makes both
axes work out and draw their ticks again: about a third of a plot's redraw on an edit. A plot
here is fitted to rounded bounds instead, so a small edit leaves the axes as they were; the range
moves when the data leave the bounds or shrink well inside them. A pan or zoom by the user holds
until the plot's "A" button (bottom left) fits it to the data again.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pyqtgraph as pg

FLAT = 0.1  # a flat curve is shown over this share of its value (or 1 around 0)
PADDING = 0.03  # share of the range left free on each side, so no curve runs along the frame


def nice_bounds(low: float, high: float) -> tuple[float, float]:
    """low and high rounded outwards to a step of 1, 2 or 5 times a power of ten, about a tenth
    of the span: (0, 4.23) -> (0, 4.5), (2.87, 4.31) -> (2.8, 4.4). Flat data are given a
    readable span that does not cross 0 (a capacity of 0 is shown on 0 to 1, not -0.5 to 0.5)."""
    span = high - low
    if not span > FLAT * 1e-3 * max(abs(low), abs(high)):  # flat: give it a readable axis
        span = FLAT * max(abs(low), abs(high)) or 1.0
        if low >= 0.0:
            low = max(low - span / 2, 0.0)
            high = low + span
        else:
            high = min(high + span / 2, 0.0)
            low = high - span
    magnitude = 10.0 ** math.floor(math.log10(span / 10))
    step = next(m * magnitude for m in (1, 2, 5, 10) if span / (m * magnitude) <= 12)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _finite_bounds(arrays: Iterable[np.ndarray]) -> tuple[float, float] | None:
    values = [np.asarray(a, dtype=float).ravel() for a in arrays]
    joined = np.concatenate(values) if values else np.array([])
    joined = joined[np.isfinite(joined)]
    if joined.size == 0:
        return None
    return float(joined.min()), float(joined.max())


class SteadyRange:
    """Keeps a plot's view on rounded bounds of the data given to fit()."""

    def __init__(self, plot: pg.PlotWidget | pg.PlotItem) -> None:
        self.item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
        self.view = self.item.getViewBox()
        self.view.disableAutoRange()
        self.held = False  # the user panned or zoomed
        self.data: tuple[tuple[float, float], tuple[float, float]] | None = None
        self.shown: tuple[tuple[float, float], tuple[float, float]] | None = None
        self.view.sigRangeChangedManually.connect(self._on_user_range)
        self.item.autoBtn.clicked.connect(self._on_auto_button)  # after pyqtgraph's own slot

    def fit(self, xs: Iterable[np.ndarray], ys: Iterable[np.ndarray]) -> None:
        """Fit the view to the data in the arrays of xs and ys (NaN and inf left out), in the
        plot's own coordinates (log10 of the values on a log axis)."""
        x, y = _finite_bounds(xs), _finite_bounds(ys)
        if x is None or y is None:
            return
        self.data = (nice_bounds(*x), nice_bounds(*y))
        self._show()

    def _show(self) -> None:
        if self.held or self.data is None or self.data == self.shown:
            return
        self.shown = self.data
        (x0, x1), (y0, y1) = self.data
        self.view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=PADDING)

    def _on_user_range(self, _changed: object) -> None:
        self.held = True

    def _on_auto_button(self) -> None:
        self.view.disableAutoRange()
        self.held = False
        self.shown = None
        self._show()
