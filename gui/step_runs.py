"""Runs of steps from one spin box (its arrows, the wheel, Up/Down or PageUp/PageDown held),
undone as one edit: while a step's edit is made, the model takes the run's key as the edit's
merge key (gui/design_model.py), so the steps of a run merge into one undo step, as a drag's do.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager

RUN_GAP_S = 1.0  # steps further apart than this start a new run (a new undo step)

_current: list[str] = []  # the key of the run whose step is being committed, if any
_controls = itertools.count(1)  # a number per control, never reused (unlike an object's id)


@contextmanager
def stepping(key: str) -> Iterator[None]:
    """Within: the edits made are steps of the run key."""
    _current.append(key)
    try:
        yield
    finally:
        _current.pop()


def current() -> str | None:
    """The key of the run a step is being committed for, else None (a typed value, a click)."""
    return _current[-1] if _current else None


class StepRuns:
    """One control's runs: a new key once its steps pause longer than RUN_GAP_S."""

    def __init__(self) -> None:
        self.name, self.run, self.last = next(_controls), 0, -float("inf")

    def key(self) -> str:
        now = time.monotonic()
        if now - self.last > RUN_GAP_S:
            self.run += 1
        self.last = now
        return f"steps:{self.name}:{self.run}"
