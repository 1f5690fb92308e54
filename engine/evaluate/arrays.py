"""Sums, clips and tests that work alike on floats (one design) and numpy arrays (a sweep)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.design import SCALAR, Num


def given(value: Num | None) -> Num:
    """A design field that validate() requires to be set where it is read."""
    assert value is not None
    return value


def total(values: Sequence[Num]) -> Num:
    total: Num = 0.0
    for value in values:
        total = total + value
    return total


def capacity_weighted(values: Sequence[Num], weights: Sequence[Num]) -> Num:
    weight = total(weights)
    return total([v * w for v, w in zip(values, weights, strict=True)]) / weight


def clip01(value: Num) -> Num:
    if isinstance(value, SCALAR):
        return min(1.0, max(0.0, float(value)))
    return np.clip(value, 0.0, 1.0)


def positive_part(value: Num) -> Num:
    if isinstance(value, SCALAR):
        return max(0.0, float(value))
    return np.maximum(value, 0.0)


def any_of(condition: Any) -> bool:
    return bool(condition) if isinstance(condition, bool) else bool(np.any(condition))


def words(value: Num, unit: str, space: str = " ") -> str:
    """A number (or a sweep's range) in three significant digits with its unit, for bases."""
    if isinstance(value, SCALAR) or np.ndim(value) == 0:
        return f"{float(value):.3g}{space}{unit}"
    return f"{np.min(value):.3g} to {np.max(value):.3g}{space}{unit}"
