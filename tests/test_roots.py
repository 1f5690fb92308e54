"""Brent's method (engine/studies/roots.py) on functions whose roots are known by hand."""

from __future__ import annotations

import math

import pytest

from engine.studies.roots import brent_root


def counted(f):
    calls = []

    def wrapped(x: float) -> float:
        calls.append(x)
        return f(x)

    return wrapped, calls


def test_wallis_cubic_converges_in_a_few_steps():
    """x^3 - 2x - 5 = 0, Wallis's example (Newton's method's classic test): the root is
    2.0945514815423265 (Cardano: cbrt(5/2 + sqrt(25/4 - 8/27)) + cbrt(5/2 - sqrt(25/4 - 8/27)))."""
    q = math.sqrt(25 / 4 - 8 / 27)
    exact = (5 / 2 + q) ** (1 / 3) + (5 / 2 - q) ** (1 / 3)
    assert exact == pytest.approx(2.0945514815423265, abs=1e-15)
    f, calls = counted(lambda x: x**3 - 2 * x - 5)
    root = brent_root(f, 2.0, 3.0, f(2.0), f(3.0), lambda _x: 1e-12)
    assert root.x == pytest.approx(exact, abs=1e-12)
    # Bisection needs log2(1 / 1e-12) = 40 halvings of [2, 3] for the same width.
    assert root.evaluations <= 10
    assert root.evaluations == len(calls) - 2  # the two ends were given, not counted


def test_a_step_like_function_still_converges_as_bisection_would():
    """atan(1e6 (x - 0.3)): interpolation is useless on its steep flank, so the method falls back
    to bisection and must still pin the root 0.3 within the tolerance."""
    f, _ = counted(lambda x: math.atan(1e6 * (x - 0.3)))
    root = brent_root(f, 0.0, 1.0, f(0.0), f(1.0), lambda _x: 1e-10)
    assert root.x == pytest.approx(0.3, abs=1e-9)
    assert root.evaluations <= 2 * 34  # bisection: log2(1 / 1e-10) = 34 steps


def test_a_root_at_an_end_costs_nothing_and_no_bracket_is_refused():
    assert brent_root(math.sin, 0.0, 1.0, 0.0, math.sin(1.0), lambda _x: 1e-12).evaluations == 0
    with pytest.raises(ValueError, match="do not bracket a root"):
        brent_root(math.cos, 0.0, 1.0, 1.0, math.cos(1.0), lambda _x: 1e-12)
