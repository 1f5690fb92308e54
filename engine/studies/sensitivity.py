"""Which input matters most: each numeric input moved down and up by a step (10 % of its value by
default) with the others held, and what a result does; sorted by the swing, as a tornado chart
draws it.

The inputs are the design's numeric fields (a layer's thickness, loading, porosity, the cell's
size, the operating conditions, the cathode's active fraction) and the library values the design
can override (each component's density, each active's capacity, the cathode's mean voltage),
moved from the value in use. Left out, and said so: a component's mass fraction (moving one alone
breaks the sum to 1; the active fraction moves them together), whole numbers (unit cells) and
fields at 0 (no relative step). A step the engine refuses (a porosity pushed past 0.95) is
reported with its reason, not dropped in silence. Each input costs one evaluate of two designs.
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
    swings, skipped = [], {}
    for path, value in inputs.items():
        if value == 0.0:
            skipped[path] = "0: no relative step"
            continue
        if path == "cell_format.unit_cells":
            skipped[path] = "a whole number"
            continue
        moved = np.array([value * (1 - step), value * (1 + step)])
        try:
            ends = numeric_result(
                evaluate(set_field(design, path, moved, library), library), result
            )
        except ProblemsError as error:
            skipped[path] = listed(error.problems).splitlines()[0]
            continue
        low, high = np.broadcast_to(np.asarray(ends, dtype=float), (2,))
        swings.append(Swing(path, value, float(low), float(high)))
    swings.sort(key=lambda s: s.swing, reverse=True)
    return Sensitivity(result, base, step, swings, skipped)
