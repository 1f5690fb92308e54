"""Check a design's tolerances: each names a numeric input of the design once, with an amount and
a distribution the Monte Carlo can draw from (engine/studies/uncertainty.py)."""

from __future__ import annotations

import dataclasses
import math

from engine.design import DISTRIBUTIONS, Design, Tolerance, get_field
from engine.materials import Library
from engine.problems import Problem

RELATIVE_LIMIT = 1.0  # more than the value itself draws values of the wrong sign
ACTIVE_FRACTION = "active_fraction"


def tolerance_path(field: str) -> str:
    """Where a tolerance sits in the design file: ``tolerances["cathode.porosity"]``."""
    return f'tolerances["{field}"]'


def field_problem(design: Design, field: str, library: Library) -> str | None:
    """Why field cannot carry a tolerance, or None: it must name a number of the design (set now
    or a library value it may override) or an electrode's active fraction."""
    parent_path, _, name = field.rpartition(".")
    try:
        parent = get_field(design, parent_path) if parent_path else design
    except (KeyError, IndexError):
        return "names no field of this design"
    if name == ACTIVE_FRACTION and parent_path in ("cathode", "anode"):
        components = get_field(design, f"{parent_path}.components")
        active = [library[c.material].is_active for c in components if c.material in library]
        if any(active) and not all(active):
            return None
        return f"{parent_path} needs active and inactive components for an active fraction"
    kinds = {f.name: str(f.type) for f in dataclasses.fields(parent)} if parent is not None else {}
    if name not in kinds or not kinds[name].startswith("Num"):
        return "names no numeric field of this design"
    if name == "mass_fraction":
        layer = field.partition(".")[0]
        return (
            "a mass fraction cannot vary alone (the fractions sum to 1): give a tolerance to "
            f"{layer}.{ACTIVE_FRACTION}"
        )
    return None


def tolerance_problems(design: Design, library: Library) -> list[Problem]:
    """Every problem of the design's tolerances, each naming the tolerance, its value and the
    allowed range."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for tolerance in design.tolerances:
        path = tolerance_path(tolerance.field)
        if tolerance.field in seen:
            problems.append(Problem(path, "is given twice: one tolerance per field"))
        seen.add(tolerance.field)
        why = field_problem(design, tolerance.field, library)
        if why is not None:
            problems.append(Problem(path, why))
        problems += _amount_problems(tolerance, path)
    return problems


def _amount_problems(tolerance: Tolerance, path: str) -> list[Problem]:
    amount = tolerance.amount
    key = "relative" if tolerance.relative else "absolute"
    problems = []
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
        problems.append(Problem(f"{path}.{key}", f"must be a finite number, got {amount!r}"))
    elif amount < 0 or (tolerance.relative and amount > RELATIVE_LIMIT):
        allowed = "0 to 1 (a fraction of the value)" if tolerance.relative else "at least 0"
        problems.append(
            Problem(f"{path}.{key}", f"{amount:g} is outside the allowed range {allowed}")
        )
    if tolerance.distribution not in DISTRIBUTIONS:
        problems.append(
            Problem(
                f"{path}.distribution",
                f"{tolerance.distribution!r} is not one of {', '.join(DISTRIBUTIONS)}",
            )
        )
    return problems
