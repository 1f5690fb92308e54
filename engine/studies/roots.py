"""A root of a function of one number inside a bracket, by Brent's method.

Brent, R. P. (1973), Algorithms for Minimization without Derivatives, Prentice-Hall, chapter 4:
inverse quadratic interpolation or the secant step where they behave, bisection where they do
not, so it is never slower than bisection and, on a smooth function, converges superlinearly.
Goal seek calls it once a scan has bracketed the crossing: about 5 evaluations where bisection
took 25 for the same tolerance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MAX_EVALUATIONS = 200


@dataclass(frozen=True)
class Root:
    x: float
    fx: float  # f at x: as near 0 as the bracket's ends allowed
    evaluations: int


def brent_root(
    f: Callable[[float], float],
    a: float,
    b: float,
    fa: float,
    fb: float,
    tolerance: Callable[[float], float],
) -> Root:
    """The x in [a, b] where f crosses 0, given f(a) and f(b) of opposite signs (or one of them
    0); stops when the bracket is narrower than tolerance(x). ValueError if they do not bracket."""
    if fa * fb > 0:
        raise ValueError(f"f({a:g}) = {fa:g} and f({b:g}) = {fb:g} do not bracket a root")
    if abs(fa) < abs(fb):
        a, b, fa, fb = b, a, fb, fa
    c, fc = a, fa  # the previous best estimate
    d = c  # the one before it
    bisected = True
    evaluations = 0
    while fb != 0 and abs(b - a) > tolerance(b) and evaluations < MAX_EVALUATIONS:
        if fa not in (fb, fc) and fb != fc:  # inverse quadratic interpolation
            s = (
                a * fb * fc / ((fa - fb) * (fa - fc))
                + b * fa * fc / ((fb - fa) * (fb - fc))
                + c * fa * fb / ((fc - fa) * (fc - fb))
            )
        else:  # secant
            s = b - fb * (b - a) / (fb - fa)
        low, high = sorted(((3 * a + b) / 4, b))
        step_too_big = abs(s - b) >= (abs(b - c) if bisected else abs(c - d)) / 2
        step_too_small = (abs(b - c) if bisected else abs(c - d)) < tolerance(b)
        bisected = not low < s < high or step_too_big or step_too_small
        if bisected:
            s = (a + b) / 2
        fs = f(s)
        evaluations += 1
        d, c, fc = c, b, fb
        if fa * fs < 0:
            b, fb = s, fs
        else:
            a, fa = s, fs
        if abs(fa) < abs(fb):
            a, b, fa, fb = b, a, fb, fa
    return Root(b, fb, evaluations)
