"""Open-circuit potentials of the active materials: tabulated curves, data in resources/ocv/
(a user's active brings its own in its materials entry: Library.open_circuit_curve).

Each file holds one material's potential vs Li+/Li against its degree of lithiation y (the
engine's y: 0 fully delithiated, 1 fully lithiated, on the formula of the materials library, so
y spans the theoretical capacity), with its source (a cited literature fit tabulated, or a curve
digitised from a paper's figure or text: the note says which and how) and, for cathode actives, the
usual cycling window (cutoff_low_V, cutoff_high_V vs Li+/Li) that designs fall back on when they
give no cut-off voltages. Between the tabulated points the potential is linear in y. A cathode
active's potential falls strictly with y, so the curve can be read both ways (potential at a
lithiation, lithiation at a potential: several actives discharge in parallel at one potential);
a counter electrode's may be flat (Li 0 V, Li-In 0.62 V).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.design import Num
from engine.paths import resource_path
from engine.problems import Problem, ProblemsError
from engine.values import Value, finite_number, parse_text, parse_value, unknown_fields

OCV_FORMAT = "lamina-ocv"
SOURCE_KEYS = ("ref", "where", "note")
POTENTIAL_RANGE_V = (-1.0, 6.0)


class OcvError(ProblemsError):
    """An open-circuit curve file that cannot be used; every problem with its path."""


@dataclass(frozen=True, eq=False)
class OpenCircuitCurve:
    """One material's open-circuit potential against its degree of lithiation.

    lithiation: y, strictly increasing, within [0, 1].
    potential_V: vs Li+/Li at each y; strictly falling for a cathode active (strictly_falling).
    cutoff_low_V, cutoff_high_V: the material's usual window vs Li+/Li (cathode actives), or None.
    """

    material: str
    lithiation: NDArray[np.float64]
    potential_V: NDArray[np.float64]
    ref: str
    where: str
    note: str
    cutoff_low_V: Value | None
    cutoff_high_V: Value | None
    strictly_falling: bool
    origin: str

    @property
    def first_lithiation(self) -> float:
        return float(self.lithiation[0])

    @property
    def last_lithiation(self) -> float:
        return float(self.lithiation[-1])

    def source(self) -> str:
        return f"{self.ref}, {self.where}" if self.where else self.ref


def open_circuit_potential_V(curve: OpenCircuitCurve, lithiation: Num) -> Num:
    """The potential vs Li+/Li at a degree of lithiation, linear between tabulated points.

    curve: the material's tabulated curve.
    lithiation: y (0 delithiated, 1 lithiated); outside the table the end values hold.
    """
    return np.interp(lithiation, curve.lithiation, curve.potential_V)


def lithiation_at_potential(curve: OpenCircuitCurve, potential_V: Num) -> Num:
    """The degree of lithiation a cathode active holds in equilibrium at a potential vs Li+/Li
    (the inverse of open_circuit_potential_V; above the table's first potential the first
    lithiation, below its last the last: the host is then empty or full).

    curve: a strictly falling curve (cathode actives).
    potential_V: the electrode potential vs Li+/Li.
    """
    if not curve.strictly_falling:
        raise ValueError(f"{curve.material}: a flat curve has no lithiation at a potential")
    return np.interp(-np.asarray(potential_V), -curve.potential_V, curve.lithiation)


def _value(raw: Any, path: str, problems: list[Problem]) -> Value | None:
    """An optional cut-off: a value with its source, within POTENTIAL_RANGE_V."""
    if raw is None:
        return None
    value = parse_value(raw, path, problems)
    low, high = POTENTIAL_RANGE_V
    if value is not None and not low <= value.value <= high:
        message = f"{value.value:g} is outside the allowed range [{low}, {high}]"
        problems.append(Problem(f"{path}.value", message))
        return None
    return value


def _numbers(raw: Any, path: str, problems: list[Problem]) -> NDArray[np.float64] | None:
    if not isinstance(raw, list) or len(raw) < 2:
        problems.append(Problem(path, "must be a list of at least two numbers"))
        return None
    numbers = [finite_number(v) for v in raw]
    if any(n is None for n in numbers):
        problems.append(Problem(path, "must hold finite numbers only"))
        return None
    return np.asarray(numbers, dtype=float)


def _check_table(
    lithiation: NDArray[np.float64],
    potential: NDArray[np.float64],
    name: str,
    problems: list[Problem],
) -> None:
    """One potential per lithiation; lithiation rising strictly in [0, 1]; potential not rising,
    within POTENTIAL_RANGE_V."""
    if lithiation.shape != potential.shape:
        problems.append(Problem(f"{name}: potential_V", "must have one potential per lithiation"))
        return
    if np.any(np.diff(lithiation) <= 0.0) or lithiation[0] < 0.0 or lithiation[-1] > 1.0:
        problems.append(Problem(f"{name}: lithiation", "must rise strictly within [0, 1]"))
    if np.any(np.diff(potential) > 0.0):
        problems.append(Problem(f"{name}: potential_V", "must not rise with lithiation"))
    low, high = POTENTIAL_RANGE_V
    if np.any(potential < low) or np.any(potential > high):
        problems.append(Problem(f"{name}: potential_V", f"must lie within [{low}, {high}] V"))


def parse_ocv(raw: Any, name: str, references: set[str] | None = None) -> OpenCircuitCurve:
    """Check and build one curve from parsed JSON; raise OcvError naming every problem.

    name: the file's name, prefixed to every problem's path.
    references: the known reference keys; None skips that check.
    """
    problems: list[Problem] = []
    if not isinstance(raw, dict) or raw.get("format") != OCV_FORMAT:
        raise OcvError([Problem(name, f"is not a {OCV_FORMAT} file")])
    material = raw.get("material")
    if not isinstance(material, str) or not material:
        problems.append(Problem(f"{name}: material", "must be a material id"))
    source = raw.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("ref"), str):
        problems.append(Problem(f"{name}: source", "must name its reference (ref, where, note)"))
        source = {"ref": ""}
    else:
        unknown_fields(source, SOURCE_KEYS, f"{name}: source", problems)
        if references is not None and source["ref"] not in references:
            problems.append(Problem(f"{name}: source.ref", f"unknown reference {source['ref']!r}"))
    ref, where, note = (parse_text(source, k, f"{name}: source", problems) for k in SOURCE_KEYS)
    lithiation = _numbers(raw.get("lithiation"), f"{name}: lithiation", problems)
    potential = _numbers(raw.get("potential_V"), f"{name}: potential_V", problems)
    low = _value(raw.get("cutoff_low_V"), f"{name}: cutoff_low_V", problems)
    high = _value(raw.get("cutoff_high_V"), f"{name}: cutoff_high_V", problems)
    for value, key in ((low, "cutoff_low_V"), (high, "cutoff_high_V")):
        if value is not None and references is not None and value.ref not in references:
            problems.append(Problem(f"{name}: {key}.ref", f"unknown reference {value.ref!r}"))
    if (low is None) != (high is None):
        problems.append(Problem(f"{name}: cutoff_low_V", "give both cut-offs or neither"))
    if lithiation is not None and potential is not None:
        _check_table(lithiation, potential, name, problems)
    if problems or lithiation is None or potential is None:
        raise OcvError(problems)
    lithiation.setflags(write=False)
    potential.setflags(write=False)
    return OpenCircuitCurve(
        material=str(material),
        lithiation=lithiation,
        potential_V=potential,
        ref=ref,
        where=where,
        note=note,
        cutoff_low_V=low,
        cutoff_high_V=high,
        strictly_falling=bool(np.all(np.diff(potential) < 0.0)),
        origin=name,
    )


def curve_to_dict(curve: OpenCircuitCurve) -> dict[str, Any]:
    """The curve as a materials entry's `ocv` holds it (parse_ocv reads it back)."""
    out: dict[str, Any] = {
        "source": {"ref": curve.ref, "where": curve.where, "note": curve.note},
        "lithiation": curve.lithiation.tolist(),
        "potential_V": curve.potential_V.tolist(),
    }
    for key, value in (
        ("cutoff_low_V", curve.cutoff_low_V),
        ("cutoff_high_V", curve.cutoff_high_V),
    ):
        if value is not None:
            out[key] = value.to_dict()
    return out


def load_ocv_file(path: Path, references: set[str] | None = None) -> OpenCircuitCurve:
    """Read one curve file; raise OcvError naming every problem with its path."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OcvError([Problem(Path(path).name, f"cannot be read as JSON: {error}")]) from error
    return parse_ocv(raw, Path(path).name, references)


@cache
def shipped_curves() -> dict[str, OpenCircuitCurve]:
    """The open-circuit curves that ship with Lamina, by material id (read once per process)."""
    curves: dict[str, OpenCircuitCurve] = {}
    problems: list[Problem] = []
    for path in sorted(resource_path("ocv").glob("*.json")):
        curve = load_ocv_file(path)
        if curve.material in curves:
            problems.append(Problem(path.name, f"a second curve for {curve.material!r}"))
        curves[curve.material] = curve
    if problems:
        raise OcvError(problems)
    return curves


def curve_for(material_id: str) -> OpenCircuitCurve | None:
    """The shipped open-circuit curve of a material, or None if it has none."""
    return shipped_curves().get(material_id)
