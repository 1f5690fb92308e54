"""Which input matters most: each numeric input moved down and up by a step (10 % of its value by
default) with the others held, and what a result does; sorted by the swing, as a tornado chart
draws it.

The inputs are the design's numeric fields (a layer's thickness, loading, porosity, the cell's
size, the operating conditions, the cathode's active fraction) and the library values the design
can override (each component's density, each active's capacity, the cathode's mean voltage),
moved from the value in use. Left out, and said so: a component's mass fraction (moving one alone
breaks the sum to 1; the active fraction moves them together), whole numbers (unit cells) and
fields at 0 (no relative step). A step the engine refuses (a porosity pushed past 0.95) is
reported with its reason, not dropped in silence. All inputs are moved in one evaluate of 2 n
designs (1.3 ms for the default cell's 34 inputs, where one evaluate each took 11 ms); only when
the engine refuses one of them are they moved one at a time, to name which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from engine.design import Design, get_field
from engine.evaluate import evaluate
from engine.labels import field_label
from engine.materials import Library
from engine.problems import ProblemsError, listed
from engine.results import Results
from engine.studies.sweep import field_value, numeric_fields, numeric_result, set_field

DEFAULT_STEP = 0.10  # the issue's +-10 % for inputs without a tolerance of their own


@dataclass(frozen=True)
class Swing:
    """One input moved by -step and +step: the result at each end."""

    field: str
    value: float  # the input as used
    low_result: float  # at value x (1 - step)
    high_result: float  # at value x (1 + step)

    @property
    def swing(self) -> float:
        return abs(self.high_result - self.low_result)


@dataclass(frozen=True)
class Sensitivity:
    result: str
    base: float  # the result of the design as it is
    step: float
    swings: list[Swing]  # largest swing first
    skipped: dict[str, str]  # input -> why it was not moved


_COMPONENT = re.compile(r"^(cathode|anode)\.components\[(\d+)\]\.")


def input_label(design: Design, path: str) -> str:
    """An input in words, its component named by its material: "NMC811 practical capacity
    (mAh/g)" rather than "Cathode component 1 measured practical capacity (mAh/g)"."""
    layer, _, name = path.partition(".")
    if name == "active_fraction":
        return f"{layer.capitalize()} actives' share of the solid mass"
    label = field_label(path).replace("measured ", "")
    found = _COMPONENT.match(path)
    if found is None:
        return label
    material = get_field(design, f"{found[1]}.components[{found[2]}].material")
    return re.sub(r"^\w+ component \d+", material, label)


def overridable(results: Results) -> dict[str, float]:
    """The library values the design may override, with the values in use."""
    design, values = results.design, {}
    for i, part in enumerate(results.cathode_parts):
        values[f"cathode.components[{i}].density_g_cm3"] = float(part.density)
        if part.active:
            values[f"cathode.components[{i}].capacity_mAh_g"] = float(part.capacity_practical)
    if design.cathode.mean_voltage_V is None:
        values["cathode.mean_voltage_V"] = float(results.cathode_voltage_V)
    return values


def sensitivity(
    design: Design,
    result: str,
    library: Library,
    step: float = DEFAULT_STEP,
    fields: list[str] | None = None,
) -> Sensitivity:
    """Move each input (fields, or every one the module docstring names) by -step and +step of
    its value; KeyError for an unknown result or field."""
    results = evaluate(design, library)
    base = float(numeric_result(results, result))
    inputs = overridable(results)
    for path in numeric_fields(design, library):
        if not path.endswith(".mass_fraction"):
            inputs.setdefault(path, float(np.asarray(field_value(design, path, library))))
    if fields is not None:
        unknown = [f for f in fields if f not in inputs]
        if unknown:
            raise KeyError(f"{unknown[0]!r} is not an input that can be moved; inputs: "
                           f"{', '.join(inputs)}")  # fmt: skip
        inputs = {f: inputs[f] for f in fields}
    skipped: dict[str, str] = {}
    movable = {}
    for path, value in inputs.items():
        if value == 0.0:
            skipped[path] = "0: no relative step"
        elif path == "cell_format.unit_cells":
            skipped[path] = "a whole number"
        else:
            movable[path] = value
    try:
        ends = _all_at_once(design, movable, result, library, step)
    except ProblemsError:  # some step is refused: find which, one input at a time
        ends = {}
        for path, value in movable.items():
            try:
                ends |= _all_at_once(design, {path: value}, result, library, step)
            except ProblemsError as error:
                skipped[path] = listed(error.problems).splitlines()[0]
    swings = [Swing(path, movable[path], low, high) for path, (low, high) in ends.items()]
    swings.sort(key=lambda s: s.swing, reverse=True)
    return Sensitivity(result, base, step, swings, skipped)


def _all_at_once(
    design: Design, inputs: dict[str, float], result: str, library: Library, step: float
) -> dict[str, tuple[float, float]]:
    """One evaluate of 2 n designs for n inputs: design 2i has input i at value x (1 - step),
    design 2i + 1 at x (1 + step), every other input at its value. ProblemsError if any of them
    is refused."""
    count = 2 * len(inputs)
    if count == 0:
        return {}
    for i, (path, value) in enumerate(inputs.items()):
        values = np.full(count, value)
        values[2 * i : 2 * i + 2] = (value * (1 - step), value * (1 + step))
        design = set_field(design, path, values, library)
    found = np.broadcast_to(
        np.asarray(numeric_result(evaluate(design, library), result), dtype=float), (count,)
    )
    return {path: (float(found[2 * i]), float(found[2 * i + 1])) for i, path in enumerate(inputs)}
