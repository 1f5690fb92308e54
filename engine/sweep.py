"""Sweeps: the same evaluate with arrays in one or two fields, and any result read off.

Result names: a Results attribute (``areal_capacity_mAh_cm2``, ``cell_voltage_V``, ...), a rung
value ``ladder.<rung>.<field>`` (``ladder.cell.wh_per_kg``) or a layer value
``layer.<key>.<field>`` (``layer.cathode.thickness_um``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.design import Design, get_field, replace_field
from engine.evaluate import evaluate
from engine.materials import Library
from engine.results import Results


@dataclass(frozen=True)
class SweepResult:
    fields: tuple[str, ...]
    axes: tuple[NDArray[np.float64], ...]  # the values of each field, in order
    outputs: dict[str, NDArray[np.float64]]  # each of shape (len(axes[0]), [len(axes[1])])


def result_value(results: Results, name: str) -> Any:
    """The value of a named result (see the module docstring for the names)."""
    head, _, rest = name.partition(".")
    if head == "ladder" and rest:
        rung, _, attribute = rest.partition(".")
        return getattr(results.rung(rung), attribute)
    if head == "layer" and rest:
        key, _, attribute = rest.rpartition(".")
        return getattr(results.layer(key), attribute)
    if not hasattr(results, name) or name in {"design", "layers", "ladder", "warnings"}:
        raise KeyError(f"unknown result {name!r}")
    return getattr(results, name)


def sweep(
    design: Design,
    fields: dict[str, NDArray[np.float64] | list[float]],
    outputs: list[str],
    library: Library | None = None,
) -> SweepResult:
    """Vary one or two numeric fields over given values; the first field runs along axis 0."""
    if not 1 <= len(fields) <= 2:
        raise ValueError("a sweep varies one or two fields")
    axes = []
    swept = design
    for axis, (path, values) in enumerate(fields.items()):
        get_field(design, path)  # raises KeyError for a field that does not exist
        array = np.asarray(values, dtype=float)
        axes.append(array)
        shape = (-1,) if len(fields) == 1 else ((-1, 1) if axis == 0 else (1, -1))
        swept = replace_field(swept, path, array.reshape(shape))
    results = evaluate(swept, library)
    shape = tuple(len(a) for a in axes)
    values = {
        name: np.broadcast_to(np.asarray(result_value(results, name), dtype=float), shape)
        for name in outputs
    }
    return SweepResult(tuple(fields), tuple(axes), values)
