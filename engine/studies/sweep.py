"""Sweeps: the same evaluate with arrays in one or two fields, and any result read off.

Result names: a Results attribute (``areal_capacity_mAh_cm2``, ``cell_voltage_V``,
``separator_asr_ohm_cm2``, ...), a rung value ``ladder.<rung>.<field>`` (``ladder.cell.wh_per_kg``),
a layer value ``layer.<key>.<field>`` (``layer.cathode.thickness_um``, ``layer.cathode.porosity``)
or a value of a layer's transport or compaction result (``layer.separator[0].transport.
ionic_asr_ohm_cm2``, ``layer.cathode.compaction.released_porosity``), or of the fixture
(``fixture.mass_g``), or what the materials cost at the design's prices (``cost.cell.usd``,
``cost.cell.usd_per_kwh``, ``cost.layer.cathode.usd``). Sweeping ``operating.stack_pressure_MPa``
or a layer's ``pressing_pressure_MPa`` draws porosity, thickness, Wh/L, conductivities and ASR
against pressure.

Fields: any numeric design field path, and ``cathode.active_fraction`` (or ``anode.`` for a
composite anode): the active materials' share of the layer's solid mass. It is no field of the
design file; setting it scales the active components together and the others together, so each
group keeps its proportions and the fractions still sum to 1 (85 wt% NMC + 15 wt% LGPS set to
0.9 becomes 90 + 10; a hybrid's two actives keep their ratio).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.design import Design, get_field, replace_field
from engine.evaluate import evaluate
from engine.materials import Library
from engine.results import Results

ACTIVE_FRACTION = "active_fraction"
# Numbers of a design that are not inputs to vary: how sure the inputs are, and the year a price
# is for.
NOT_INPUTS = ("tolerances", "year")


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
        return _attributes(results.rung(rung), attribute, name)
    if head == "layer" and rest:
        key, _, attributes = rest.partition(".")  # layer keys hold no dots
        return _attributes(results.layer(key), attributes, name)
    if head == "cost" and rest:
        return _cost_value(results, rest, name)
    if head == "fixture" and rest:
        if results.fixture is None:
            raise KeyError(f"unknown result {name!r}: the design has no fixture")
        return _attributes(results.fixture, rest, name)
    if not hasattr(results, name) or name in {"design", "layers", "ladder", "warnings", "fixture"}:
        raise KeyError(f"unknown result {name!r}")
    return getattr(results, name)


def _cost_value(results: Results, rest: str, name: str) -> Any:
    """cost.<rung>.usd, cost.<rung>.usd_per_kwh or cost.layer.<key>.usd; KeyError naming the
    materials without a price when the value has none."""
    cost = results.cost
    if cost is None:
        raise KeyError(f"unknown result {name!r}: the design gives no prices")
    kind, _, attribute = rest.partition(".")
    if kind == "layer":
        key, _, attribute = attribute.partition(".")
        part: Any = cost.layer(key)
    else:
        part = cost.rung(kind)
    value = _attributes(part, attribute, name)
    if value is None:
        raise KeyError(f"{name!r} has no value: no price for {', '.join(part.unpriced)}")
    return value


def is_number(value: Any) -> bool:
    """A number a sweep can vary or read: a float or int (not a bool), or a numeric array."""
    if isinstance(value, bool):
        return False
    return isinstance(value, float | int) or (
        isinstance(value, np.ndarray | np.generic) and value.dtype.kind in "fiu"
    )


def _numeric_names(obj: Any) -> list[str]:
    """The public attributes of a result object that hold numbers."""
    names = [n for n in dir(obj) if not n.startswith("_")]
    return [n for n in names if not callable(getattr(obj, n)) and is_number(getattr(obj, n))]


def numeric_results(results: Results) -> str:
    """The names of the numeric results, in the forms result_value reads, for messages."""
    parts = [", ".join(_numeric_names(results))]
    rungs = "|".join(r.key for r in results.ladder)
    parts.append(f"ladder.<{rungs}>.<{'|'.join(_numeric_names(results.ladder[0]))}>")
    layers = "|".join(layer.key for layer in results.layers)
    parts.append(f"layer.<{layers}>.<{'|'.join(_numeric_names(results.layers[0]))}>")
    transport = results.layer("cathode").transport
    parts.append(f"layer.<key>.transport.<{'|'.join(_numeric_names(transport))}>")
    if results.fixture is not None:
        parts.append(f"fixture.<{'|'.join(_numeric_names(results.fixture))}>")
    if results.cost is not None:
        rungs = "|".join(r.key for r in results.cost.rungs)
        parts.append(f"cost.<{rungs}>.<usd|usd_per_kwh>; cost.layer.<key>.usd")
    return "; ".join(parts)


def numeric_result(results: Results, name: str) -> Any:
    """The value of a named result that holds numbers; KeyError naming the numeric results for
    a name that is unknown or holds text (a rung's basis, a layer's label)."""
    value = result_value(results, name)
    if not is_number(value):
        raise KeyError(
            f"{name!r} is not a numeric result; numeric results: {numeric_results(results)}"
        )
    return value


def _attributes(obj: Any, path: str, name: str) -> Any:
    """obj.a.b for path 'a.b'; KeyError naming the result if a part is missing or None."""
    for attribute in path.split("."):
        if obj is None or attribute.startswith("_") or not hasattr(obj, attribute):
            raise KeyError(f"unknown result {name!r}")
        obj = getattr(obj, attribute)
    return obj


def _active_split(design: Design, path: str, library: Library) -> tuple[str, Any, Any]:
    """For '<layer>.active_fraction': the layer's path, the active share now and its mask."""
    layer_path = path.rpartition(".")[0]
    layer = get_field(design, layer_path)
    components = getattr(layer, "components", ())
    active = [c.material in library and library[c.material].is_active for c in components]
    share = sum(c.mass_fraction for c, a in zip(components, active, strict=True) if a)
    if not any(active) or all(active):
        raise KeyError(
            f"{path}: {layer_path} needs active and inactive components for an active fraction"
        )
    return layer_path, share, active


def field_value(design: Design, path: str, library: Library) -> Any:
    """The value of a sweep field (a design field path, or '<layer>.active_fraction')."""
    if path.rpartition(".")[2] == ACTIVE_FRACTION:
        return _active_split(design, path, library)[1]
    return get_field(design, path)


def set_field(design: Design, path: str, value: Any, library: Library) -> Design:
    """The design with a sweep field set to value (a number or an array), as replace_field does;
    '<layer>.active_fraction' rescales the layer's components (see the module docstring)."""
    if path.rpartition(".")[2] != ACTIVE_FRACTION:
        return replace_field(design, path, value)
    layer_path, share, active = _active_split(design, path, library)
    layer = get_field(design, layer_path)
    scale_active = np.asarray(value, dtype=float) / share
    scale_other = (1.0 - np.asarray(value, dtype=float)) / (1.0 - share)
    if np.ndim(scale_active) == 0:
        scale_active, scale_other = float(scale_active), float(scale_other)
    components = tuple(
        replace(c, mass_fraction=c.mass_fraction * (scale_active if a else scale_other))
        for c, a in zip(layer.components, active, strict=True)
    )
    return replace_field(design, layer_path, replace(layer, components=components))


def numeric_fields(design: Design, library: Library) -> list[str]:
    """The paths of the design's fields that hold a number now, in file order, and the
    electrodes' active fractions where they have active and inactive components: what a sweep
    can vary."""
    paths = [path for path, value in _leaves(design, "") if is_number(value)]
    for layer in ("cathode", "anode"):
        path = f"{layer}.{ACTIVE_FRACTION}"
        try:
            _active_split(design, path, library)
        except KeyError:
            continue
        paths.append(path)
    return paths


def _leaves(obj: Any, path: str) -> list[tuple[str, Any]]:
    """Every (path, value) under a design part: dataclass fields by name, tuple items by index."""
    if is_dataclass(obj):
        found = []
        for field in fields(obj):
            if field.name in NOT_INPUTS:
                continue
            found += _leaves(
                getattr(obj, field.name), f"{path}.{field.name}" if path else field.name
            )
        return found
    if isinstance(obj, tuple):
        return [leaf for i, item in enumerate(obj) for leaf in _leaves(item, f"{path}[{i}]")]
    return [(path, obj)]


def check_field(design: Design, path: str, library: Library) -> None:
    """KeyError naming the numeric fields when path is not one a sweep can vary."""
    if path.rpartition(".")[2] == ACTIVE_FRACTION:
        _active_split(design, path, library)  # raises KeyError saying why
        return
    numeric = numeric_fields(design, library)
    if path not in numeric:
        raise KeyError(
            f"{path!r} is not a numeric field of this design; numeric fields: {', '.join(numeric)}"
        )


def swept(design: Design, values: dict[str, Any], library: Library) -> Design:
    """The design with each sweep field set to its value: a number, or an array (arrays of
    several fields broadcast against each other, one evaluation for all their points)."""
    for path, value in values.items():
        design = set_field(design, path, value, library)
    return design


def sweep(
    design: Design,
    fields: dict[str, NDArray[np.float64] | list[float]],
    outputs: list[str],
    library: Library,
) -> SweepResult:
    """Vary one or two numeric fields over given values; the first field runs along axis 0."""
    if not 1 <= len(fields) <= 2:
        raise ValueError("a sweep varies one or two fields")
    axes = []
    grids = {}
    for axis, (path, values) in enumerate(fields.items()):
        check_field(design, path, library)
        array = np.asarray(values, dtype=float)
        axes.append(array)
        shape = (-1,) if len(fields) == 1 else ((-1, 1) if axis == 0 else (1, -1))
        grids[path] = array.reshape(shape)
    results = evaluate(swept(design, grids, library), library)
    grid = tuple(len(a) for a in axes)
    columns = {
        name: np.broadcast_to(np.asarray(numeric_result(results, name), dtype=float), grid)
        for name in outputs
    }
    return SweepResult(tuple(fields), tuple(axes), columns)
