"""A design study: a design space far larger than memory (a grid, or random samples), evaluated
chunk by chunk, each chunk reduced where it is evaluated (engine/studies/reductions.py) and the
reductions merged; only they come back. The study file format is docs/study-format.md.

A chunk is the same numbers wherever it runs: its designs follow from the study and its index
alone (a sampled chunk draws from a generator seeded by the study's seed and the chunk's index),
so a study run in one process, in many, or on a cluster gives the same reductions for the same
chunk size and seed (tests/test_study.py).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.design import Design
from engine.evaluate import evaluate
from engine.io.design_files import DesignFileError, read_design, read_design_dict
from engine.materials import Library
from engine.problems import Problem, ProblemsError
from engine.studies.grid import CURVE_GRID_CHUNK, GRID_CHUNK, Drawn, Evenly, drawn_values
from engine.studies.reductions import Best, Histogram, Pareto, Partial, Rows, reduce_rows
from engine.studies.sweep import check_field, field_value, numeric_fields, numeric_result, swept
from engine.values import finite_number, read_json_file, unknown_fields, version_problem

STUDY_FORMAT = "lamina-study"
STUDY_VERSION = 1
TOP_LEVEL = ("format", "version", "design", "grid", "sample", "results", "constraints",
             "pareto", "best", "histograms", "chunk")  # fmt: skip
SAMPLE_DISTRIBUTIONS = ("uniform", "log-uniform")
MAX_DESIGNS = 10**12  # far beyond a day on a cluster; within int64 indices
MAX_KEPT = 10_000  # designs one best-N list may keep


class StudyError(ProblemsError):
    """A study file that cannot be run: every problem, each with its path in the file."""


@dataclass(frozen=True)
class Axis:
    """A field varied over a grid (from, to, points evenly spaced) or drawn at random between
    from and to (uniform, or log-uniform: uniform in its logarithm)."""

    field: str
    low: float
    high: float
    points: int = 0  # a grid's; 0 for a sampled field
    distribution: str = "uniform"

    def at(self, places: np.ndarray) -> np.ndarray:
        """A grid axis's values at these places (np.linspace's, made only for them)."""
        return Evenly(self.low, self.high, self.points).at(places)


@dataclass(frozen=True)
class Constraint:
    """A field or result kept within [low, high] (either may be None)."""

    name: str
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Study:
    design: Design
    library: Library
    axes: tuple[Axis, ...]
    samples: int  # 0 for a grid
    seed: int
    results: tuple[str, ...]  # every result a kept design carries
    constraints: tuple[Constraint, ...]
    pareto: tuple[Pareto, ...]
    best: tuple[Best, ...]
    histograms: tuple[Histogram, ...]
    chunk: int
    fingerprint: str  # of the study file's text and its design: what a resumed run must match
    held: tuple[tuple[str, float], ...] = ()  # fields named but not varied, with their value

    @property
    def size(self) -> int:
        return self.samples or math.prod(axis.points for axis in self.axes)

    @property
    def chunks(self) -> int:
        return -(-self.size // self.chunk)

    @property
    def fields(self) -> list[str]:
        return [axis.field for axis in self.axes]


def chunk_rows(study: Study, index: int) -> Rows:
    """The designs of chunk index, evaluated in one call: each field's value and each result."""
    start = index * study.chunk
    count = min(study.chunk, study.size - start)
    if study.samples:
        fields = {a.field: Drawn(a.low, a.high, a.distribution) for a in study.axes}
        values = drawn_values(fields, count, study.seed, index)
    else:
        flat = np.arange(start, start + count, dtype=np.int64)
        places = np.unravel_index(flat, tuple(axis.points for axis in study.axes))
        values = {a.field: a.at(p) for a, p in zip(study.axes, places, strict=True)}
    results = evaluate(swept(study.design, values, study.library), study.library)
    columns = dict(values)
    for name, value in study.held:
        columns[name] = np.full(count, value)
    for name in study.results:
        found = np.asarray(numeric_result(results, name), dtype=float)
        columns[name] = np.broadcast_to(found, (count,)).copy()
    return Rows(np.arange(start, start + count, dtype=np.int64), columns)


def chunk_partial(study: Study, index: int) -> Partial:
    """Chunk index evaluated and reduced: what a worker sends back."""
    rows = chunk_rows(study, index)
    keep = np.ones(len(rows.index), dtype=bool)
    for constraint in study.constraints:
        values = rows.columns[constraint.name]
        if constraint.low is not None:
            keep &= values >= constraint.low
        if constraint.high is not None:
            keep &= values <= constraint.high
    return reduce_rows(rows.take(np.flatnonzero(keep)), list(study.pareto), list(study.best),
                       list(study.histograms), len(rows.index))  # fmt: skip


# --- reading a study file ---------------------------------------------------------------------


def read_study(path: Path, library: Library) -> Study:
    """A study file read and checked (StudyError naming every problem by its place in the file);
    a design given as a path is read relative to the study file's folder."""
    try:
        raw = read_json_file(Path(path))
    except (OSError, ValueError) as error:
        raise StudyError([Problem("", str(error))]) from None
    return study_from_dict(raw, library, Path(path).parent)


def study_from_dict(raw: Any, library: Library, folder: Path) -> Study:
    if not isinstance(raw, dict):
        raise StudyError([Problem("", "a study file holds one JSON object")])
    if raw.get("format") != STUDY_FORMAT:
        raise StudyError([Problem("format", f"must be {STUDY_FORMAT!r}: this is not a study")])
    refused = version_problem(raw.get("version"), STUDY_VERSION, "version")
    if refused is not None:
        raise StudyError([refused])
    problems: list[Problem] = []
    unknown_fields(raw, TOP_LEVEL, "", problems)
    design, library, design_text = _design(raw.get("design"), library, folder)
    axes, samples, seed = _space(raw, problems)
    for i, axis in enumerate(axes):
        try:
            check_field(design, axis.field, library)
        except KeyError as error:
            problems.append(Problem(f"{_space_key(raw)}[{i}].field", str(error.args[0])))
    fields = [axis.field for axis in axes]
    kept = _texts(raw, "results", problems)
    constraints = tuple(_constraint(c, f"constraints[{i}]", problems)
                        for i, c in enumerate(_list(raw, "constraints", problems)))  # fmt: skip
    pareto = tuple(_pareto(p, f"pareto[{i}]", problems)
                   for i, p in enumerate(_list(raw, "pareto", problems)))  # fmt: skip
    best = tuple(_best(b, f"best[{i}]", problems)
                 for i, b in enumerate(_list(raw, "best", problems)))  # fmt: skip
    histograms = tuple(_histogram(h, f"histograms[{i}]", problems)
                       for i, h in enumerate(_list(raw, "histograms", problems)))  # fmt: skip
    named = [c.name for c in constraints] + [n for p in pareto for n in (p.x, p.y)]
    named += [b.by for b in best] + [h.result for h in histograms]
    # a design field the study does not vary holds one value in every design
    numeric = set(numeric_fields(design, library))
    held = tuple(dict.fromkeys(n for n in named if n in numeric and n not in fields))
    held_values = tuple((n, float(np.asarray(field_value(design, n, library)))) for n in held)
    results = tuple(dict.fromkeys([*kept, *(n for n in named if n not in (*fields, *held))]))
    _check_results(design, library, results, problems)
    chunk = _chunk(raw, design, problems)
    if problems:
        raise StudyError(problems)
    text = json.dumps(raw, sort_keys=True) + design_text
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Study(design, library, axes, samples, seed, results, constraints, pareto, best,
                 histograms, chunk, fingerprint, held_values)  # fmt: skip


def _design(raw: Any, library: Library, folder: Path) -> tuple[Design, Library, str]:
    """The study's design (a path to a design file, or a design inline) and its text."""
    try:
        if isinstance(raw, str):
            read = read_design(folder / raw, library)
            return read.design, read.library, (folder / raw).read_text(encoding="utf-8")
        read = read_design_dict(raw, library)
        return read.design, read.library, json.dumps(raw, sort_keys=True)
    except DesignFileError as error:
        problems = [Problem(f"design: {p.path}", p.message) for p in error.problems]
        raise StudyError(problems) from None
    except OSError as error:
        raise StudyError([Problem("design", str(error))]) from None


def _space_key(raw: dict) -> str:
    return "sample.fields" if "sample" in raw else "grid"


def _space(raw: dict, problems: list[Problem]) -> tuple[tuple[Axis, ...], int, int]:
    """The fields varied: a grid, or samples; with the sample count and seed (0 for a grid)."""
    if ("grid" in raw) == ("sample" in raw):
        problems.append(Problem("", "give exactly one of grid (every combination) or sample"))
        return (), 0, 0
    if "grid" in raw:
        entries = raw["grid"] if isinstance(raw["grid"], list) else []
        if not entries:
            problems.append(Problem("grid", "must be a list of fields with from, to, points"))
        axes = tuple(_axis(e, f"grid[{i}]", problems, grid=True) for i, e in enumerate(entries))
        size = math.prod(a.points for a in axes) if axes else 0
        if size > MAX_DESIGNS:
            problems.append(Problem("grid", f"{size:,} designs: more than {MAX_DESIGNS:,}"))
        return axes, 0, 0
    sample = raw["sample"]
    if not isinstance(sample, dict):
        problems.append(Problem("sample", "must be an object: count, seed, fields"))
        return (), 0, 0
    unknown_fields(sample, ("count", "seed", "fields"), "sample", problems)
    count, seed = sample.get("count"), sample.get("seed", 0)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_DESIGNS:
        problems.append(Problem("sample.count", f"must be a whole number from 1 to "
                                f"{MAX_DESIGNS:,}, got {count!r}"))  # fmt: skip
        count = 0
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        problems.append(Problem("sample.seed", f"must be a whole number >= 0, got {seed!r}"))
        seed = 0
    given = sample.get("fields")
    drawn: list[Any] = given if isinstance(given, list) else []
    if not drawn:
        problems.append(Problem("sample.fields", "must be a list of fields with from and to"))
    axes = tuple(_axis(e, f"sample.fields[{i}]", problems, grid=False)
                 for i, e in enumerate(drawn))  # fmt: skip
    return axes, count, seed


def _number(raw: dict, key: str, path: str, problems: list[Problem]) -> float | None:
    value = raw.get(key)
    number = None if isinstance(value, bool) or not isinstance(value, int | float) else value
    number = None if number is None else finite_number(number)
    if number is None:
        problems.append(Problem(f"{path}.{key}", f"must be a finite number, got {value!r}"))
    return number


def _axis(raw: Any, path: str, problems: list[Problem], grid: bool) -> Axis:
    allowed = ("field", "from", "to", "points") if grid else ("field", "from", "to", "distribution")
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object"))
        return Axis("", 0.0, 0.0)
    unknown_fields(raw, allowed, path, problems)
    field = raw.get("field")
    if not isinstance(field, str):
        problems.append(Problem(f"{path}.field", "must be a field path, as text"))
        field = ""
    low, high = _number(raw, "from", path, problems), _number(raw, "to", path, problems)
    low, high = low or 0.0, high or 0.0
    if not grid:
        distribution = raw.get("distribution", "uniform")
        if distribution not in SAMPLE_DISTRIBUTIONS:
            problems.append(Problem(f"{path}.distribution", f"{distribution!r} is not one of "
                                    f"{', '.join(SAMPLE_DISTRIBUTIONS)}"))  # fmt: skip
        elif distribution == "log-uniform" and min(low, high) <= 0:
            problems.append(Problem(path, "a log-uniform field needs from and to above 0"))
        return Axis(field, low, high, 0, str(distribution))
    points = raw.get("points")
    if not isinstance(points, int) or isinstance(points, bool) or points < 1:
        problems.append(Problem(f"{path}.points", f"must be a whole number >= 1, got {points!r}"))
        points = 1
    return Axis(field, low, high, points)


def _list(raw: dict, key: str, problems: list[Problem]) -> list[Any]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        problems.append(Problem(key, "must be a list"))
        return []
    return value


def _texts(raw: dict, key: str, problems: list[Problem]) -> list[str]:
    values = _list(raw, key, problems)
    for i, value in enumerate(values):
        if not isinstance(value, str):
            problems.append(Problem(f"{key}[{i}]", f"must be a result name, got {value!r}"))
    return [v for v in values if isinstance(v, str)]


def _name(raw: dict, key: str, path: str, problems: list[Problem]) -> str:
    value = raw.get(key)
    if not isinstance(value, str):
        problems.append(Problem(f"{path}.{key}", f"must be a field or result name, got {value!r}"))
        return ""
    return value


def _flag(raw: dict, key: str, path: str, problems: list[Problem]) -> bool:
    value = raw.get(key, True)
    if not isinstance(value, bool):
        problems.append(Problem(f"{path}.{key}", f"must be true or false, got {value!r}"))
        return True
    return value


def _constraint(raw: Any, path: str, problems: list[Problem]) -> Constraint:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object: on, and min or max"))
        return Constraint("", None, None)
    unknown_fields(raw, ("on", "min", "max"), path, problems)
    low = _number(raw, "min", path, problems) if "min" in raw else None
    high = _number(raw, "max", path, problems) if "max" in raw else None
    if "min" not in raw and "max" not in raw:
        problems.append(Problem(path, "give min, max or both"))
    return Constraint(_name(raw, "on", path, problems), low, high)


def _pareto(raw: Any, path: str, problems: list[Problem]) -> Pareto:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object: x, y, maximize_x, maximize_y"))
        return Pareto("", "")
    unknown_fields(raw, ("x", "y", "maximize_x", "maximize_y"), path, problems)
    return Pareto(_name(raw, "x", path, problems), _name(raw, "y", path, problems),
                  _flag(raw, "maximize_x", path, problems),
                  _flag(raw, "maximize_y", path, problems))  # fmt: skip


def _best(raw: Any, path: str, problems: list[Problem]) -> Best:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object: by, count, maximize"))
        return Best("", 1)
    unknown_fields(raw, ("by", "count", "maximize"), path, problems)
    count = raw.get("count", 10)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_KEPT:
        problems.append(Problem(f"{path}.count", f"must be a whole number from 1 to {MAX_KEPT:,}"
                                f", got {count!r}"))  # fmt: skip
        count = 1
    return Best(_name(raw, "by", path, problems), count, _flag(raw, "maximize", path, problems))


def _histogram(raw: Any, path: str, problems: list[Problem]) -> Histogram:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object: result, from, to, bins"))
        return Histogram("", 0.0, 1.0)
    unknown_fields(raw, ("result", "from", "to", "bins"), path, problems)
    low, high = _number(raw, "from", path, problems), _number(raw, "to", path, problems)
    bins = raw.get("bins", 50)
    if not isinstance(bins, int) or isinstance(bins, bool) or not 1 <= bins <= 100_000:
        problems.append(Problem(f"{path}.bins", f"must be a whole number from 1 to 100,000, "
                                f"got {bins!r}"))  # fmt: skip
        bins = 1
    if low is not None and high is not None and not low < high:
        problems.append(Problem(path, f"from {low:g} must be below to {high:g}"))
    return Histogram(_name(raw, "result", path, problems), low or 0.0, high or 1.0, bins)


def _check_results(
    design: Design, library: Library, results: tuple[str, ...], problems: list[Problem]
) -> None:
    """Every result named is one the design has (evaluated once, as it is)."""
    if not results:
        problems.append(Problem("results", "name at least one result to keep"))
        return
    evaluated = evaluate(design, library)
    for name in results:
        try:
            numeric_result(evaluated, name)
        except KeyError as error:
            problems.append(Problem("results", str(error.args[0])))
        except AttributeError:  # a rung's value misspelt
            problems.append(Problem("results", f"unknown result {name!r}"))


def _chunk(raw: dict, design: Design, problems: list[Problem]) -> int:
    default = CURVE_GRID_CHUNK if design.energy_basis == "curve" else GRID_CHUNK
    chunk = raw.get("chunk", default)
    if not isinstance(chunk, int) or isinstance(chunk, bool) or not 1 <= chunk <= 10**7:
        problems.append(Problem("chunk", f"must be a whole number from 1 to 10,000,000, got "
                                f"{chunk!r}"))  # fmt: skip
        return default
    return chunk
