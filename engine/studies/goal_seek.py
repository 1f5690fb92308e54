"""Goal seek: the value of one design field that makes a result reach a target.

A vectorised scan over the allowed range finds where the result crosses the target, then Brent's
method refines the crossing (engine/studies/roots.py: about 5 evaluations of the design where
bisection took 25). When no value in the range reaches the target, NoSolutionError says
what the result does reach over that range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.design import Design
from engine.evaluate import evaluate
from engine.materials import Library
from engine.studies.roots import brent_root
from engine.studies.sweep import field_value, numeric_result, set_field

SCAN_POINTS = 401


class NoSolutionError(ValueError):
    """No value of the field in the range gives the target."""


@dataclass(frozen=True)
class GoalSeekResult:
    field: str
    value: float
    result: str
    achieved: float
    evaluations: int  # after the scan: what refining the crossing took


def _values(
    design: Design, field: str, xs: np.ndarray, result: str, library: Library
) -> np.ndarray:
    results = evaluate(set_field(design, field, xs, library), library)
    return np.broadcast_to(np.asarray(numeric_result(results, result), dtype=float), xs.shape)


def goal_seek(
    design: Design,
    field: str,
    result: str,
    target: float,
    low: float,
    high: float,
    library: Library,
    tolerance: float = 1e-9,
) -> GoalSeekResult:
    """Solve result(field) = target for field in [low, high]; the crossing nearest the current
    value of the field when there are several."""
    xs = np.linspace(low, high, SCAN_POINTS)
    ys = _values(design, field, xs, result, library) - target
    crossings = np.nonzero(np.sign(ys[:-1]) * np.sign(ys[1:]) <= 0)[0]
    if crossings.size == 0:
        lo, hi = float(np.nanmin(ys + target)), float(np.nanmax(ys + target))
        raise NoSolutionError(
            f"no value of {field} in [{low:g}, {high:g}] gives {result} = {target:g}: "
            f"over that range it goes from {lo:.4g} to {hi:.4g}"
        )
    current = float(np.asarray(field_value(design, field, library)))
    i = int(crossings[np.argmin(np.abs(xs[crossings] - current))])

    def miss(x: float) -> float:
        return float(_values(design, field, np.array([x]), result, library)[0]) - target

    root = brent_root(
        miss,
        float(xs[i]),
        float(xs[i + 1]),
        float(ys[i]),
        float(ys[i + 1]),
        lambda x: tolerance * max(1.0, abs(x)),
    )
    return GoalSeekResult(field, root.x, result, root.fx + target, root.evaluations)
