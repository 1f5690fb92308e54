"""Which input matters most: each numeric input moved down and up by its tolerance (one standard
deviation, or the half-width of a uniform one; engine/studies/uncertainty.py says which inputs
carry one) or, where it has none, by a step (10 % of its value by default), the others held; and
what a result does, sorted by the swing, as a tornado chart draws it.

The inputs are the design's numeric fields (a layer's thickness, loading, porosity, the cell's
size, the operating conditions, the cathode's active fraction) and the library values the design
can override (each component's density, each active's capacity, the cathode's mean voltage),
moved from the value in use. Left out, and said so: a component's mass fraction (moving one alone
breaks the sum to 1; the active fraction moves them together), whole numbers (unit cells), fields
at 0 without an absolute tolerance (no relative step) and tolerances of 0. A step the engine
refuses (a porosity pushed past 0.95) is reported with its reason, not dropped in silence. All
inputs are moved in one evaluate of 2 n designs (1.3 ms for the default cell's 34 inputs, where
one evaluate each took 11 ms); only when the engine refuses one of them are they moved one at a
time, to name which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from engine.design import Design
from engine.evaluate import evaluate
from engine.materials import Library
from engine.problems import ProblemsError, listed
from engine.studies.sweep import numeric_result, set_field
from engine.studies.uncertainty import input_values, uncertain_inputs

DEFAULT_STEP = 0.10  # +-10 % for inputs without a tolerance of their own


@dataclass(frozen=True)
class Swing:
    """One input moved down and up by its step: the input and the result at each end."""

    field: str
    value: float  # the input as used
    low_value: float
    high_value: float
    low_result: float
    high_result: float
    by: str  # the step in words: its tolerance ("±5 % (normal, 1 s.d.)") or "±10 %"

    @property
    def swing(self) -> float:
        return abs(self.high_result - self.low_result)


class Move(NamedTuple):
    value: float  # as used
    low: float
    high: float
    by: str  # the step in words


@dataclass(frozen=True)
class Sensitivity:
    result: str
    base: float  # the result of the design as it is
    step: float
    swings: list[Swing]  # largest swing first
    skipped: dict[str, str]  # input -> why it was not moved


def sensitivity(
    design: Design,
    result: str,
    library: Library,
    step: float = DEFAULT_STEP,
    fields: list[str] | None = None,
    tolerances: bool = True,
) -> Sensitivity:
    """Move each input (fields, or every one the module docstring names) down and up by its
    tolerance or, without one (or with tolerances False), by step of its value; KeyError for an
    unknown result or field."""
    results = evaluate(design, library)
    base = float(numeric_result(results, result))
    inputs = input_values(design, results, library)
    spreads: dict[str, tuple[float, str]] = {}
    skipped: dict[str, str] = {}
    if tolerances:
        drawn, not_drawn = uncertain_inputs(design, results, library)
        spreads = {i.field: (i.spread, i.tolerance.text()) for i in drawn}
        inputs |= {i.field: i.value for i in drawn}  # an active fraction has a tolerance only
        skipped = {f: why for f, why in not_drawn.items() if f in inputs}
    if fields is not None:
        unknown = [f for f in fields if f not in inputs]
        if unknown:
            raise KeyError(f"{unknown[0]!r} is not an input that can be moved; inputs: "
                           f"{', '.join(inputs)}")  # fmt: skip
        inputs = {f: inputs[f] for f in fields}
        skipped = {f: why for f, why in skipped.items() if f in inputs}
    moves = _moves(inputs, spreads, skipped, step)
    try:
        ends = _all_at_once(design, moves, result, library)
    except ProblemsError:  # some step is refused: find which, one input at a time
        ends = {}
        for path, move in moves.items():
            try:
                ends |= _all_at_once(design, {path: move}, result, library)
            except ProblemsError as error:
                skipped[path] = listed(error.problems).splitlines()[0]
    swings = [
        Swing(path, m.value, m.low, m.high, low, high, m.by)
        for path, (low, high) in ends.items()
        for m in [moves[path]]
    ]
    swings.sort(key=lambda s: s.swing, reverse=True)
    return Sensitivity(result, base, step, swings, skipped)


def _moves(
    inputs: dict[str, float],
    spreads: dict[str, tuple[float, str]],
    skipped: dict[str, str],
    step: float,
) -> dict[str, Move]:
    """Each input's low and high value: by its spread where it has one, else by step of its
    value; an input that cannot be moved goes into skipped with why."""
    moves: dict[str, Move] = {}
    for path, value in inputs.items():
        if path in skipped:
            continue
        if path in spreads:
            spread, by = spreads[path]
            moves[path] = Move(value, value - spread, value + spread, by)
        elif path in ("cell_format.unit_cells", "fixture.cells"):
            skipped[path] = "a whole number"
        elif value == 0.0:
            skipped[path] = "0: no relative step"
        else:
            moves[path] = Move(value, value * (1 - step), value * (1 + step), f"±{step * 100:g} %")
    return moves


def _all_at_once(
    design: Design, moves: dict[str, Move], result: str, library: Library
) -> dict[str, tuple[float, float]]:
    """One evaluate of 2 n designs for n inputs: design 2i has input i at its low value, design
    2i + 1 at its high value, every other input at its value. ProblemsError if any of them is
    refused."""
    count = 2 * len(moves)
    if count == 0:
        return {}
    for i, (path, move) in enumerate(moves.items()):
        values = np.full(count, move.value)
        values[2 * i : 2 * i + 2] = (move.low, move.high)
        design = set_field(design, path, values, library)
    found = np.broadcast_to(
        np.asarray(numeric_result(evaluate(design, library), result), dtype=float), (count,)
    )
    return {path: (float(found[2 * i]), float(found[2 * i + 1])) for i, path in enumerate(moves)}
