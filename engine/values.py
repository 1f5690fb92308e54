"""A number of the library with where it comes from (materials and open-circuit curves), and
how one is read from a file: every problem named by its path, nothing accepted that could not be
computed with or written back."""

from __future__ import annotations

import difflib
import json
import math
import re
import reprlib
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.problems import Problem, shortened
from engine.references import cite

VALUE_FIELDS = ("value", "ref", "where", "note", "spread")
SPREAD_FIELDS = ("relative", "absolute", "distribution")
SPREAD_DISTRIBUTIONS = ("normal", "uniform")


@dataclass(frozen=True)
class Spread:
    """How far a library value may be off, as its own source gives it (a standard deviation, a
    range, the spread of several reports): relative (a fraction of the value) or absolute (in
    its unit); normal (the amount is one standard deviation) or uniform (the half-width)."""

    amount: float
    relative: bool
    distribution: str = "normal"

    def to_dict(self) -> dict[str, float | str]:
        out: dict[str, float | str] = {"relative" if self.relative else "absolute": self.amount}
        if self.distribution != "normal":
            out["distribution"] = self.distribution
        return out


@dataclass(frozen=True)
class Value:
    """One number of the library and where it comes from (and, when the source gives one, how
    far it may be off)."""

    value: float
    ref: str
    where: str = ""
    note: str = ""
    spread: Spread | None = None

    def to_dict(self) -> dict[str, Any]:
        """As a file writes it: value and ref, where, note and spread when given."""
        out: dict[str, Any] = {"value": self.value, "ref": self.ref}
        if self.where:
            out["where"] = self.where
        if self.note:
            out["note"] = self.note
        if self.spread is not None:
            out["spread"] = self.spread.to_dict()
        return out

    def citation(self) -> str:
        """Its source as a reader cites it: "Li et al. 2021, section 3"."""
        return cite(self.ref, self.where)

    def source(self) -> str:
        """Reference key and place, e.g. 'yang2022, Fig. 1A'."""
        return f"{self.ref}, {self.where}" if self.where else self.ref


UNKNOWN_SHOWN = 10  # unknown fields of one object named, each with the closest known name

# A design with its carried materials is a few kB, a materials file with open-circuit tables a
# few hundred: 10 MB is far above any real one, and bounds the time and memory a file can take.
FILE_LIMIT_BYTES = 10_000_000


def read_json_file(path: Path) -> Any:
    """The JSON a file holds, whatever it holds: a UTF-8 byte-order mark is skipped, a whole
    number of more digits than Python converts is read as infinite (and refused where it is
    used), and text nested too deeply to read is named. Only a regular file of at most
    FILE_LIMIT_BYTES is read: a FIFO would wait forever, /dev/zero never ends. OSError if it
    cannot be read; ValueError, naming the file and where, if it is no JSON."""
    info = path.stat()  # FileNotFoundError (an OSError) for no file
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{path} is not a regular file")
    if info.st_size > FILE_LIMIT_BYTES:
        raise ValueError(
            f"{path} is {info.st_size / 1e6:.1f} MB: a design or materials file is at most "
            f"{FILE_LIMIT_BYTES / 1e6:.0f} MB"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(f"cannot read {path}: {error}") from None
    try:
        return json.loads(text, parse_int=_whole_number, object_pairs_hook=_one_of_each)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise ValueError(f"{path} is nested too deeply to read ({_too_deep(text)})") from None
    except ValueError as error:  # a key twice (json's own errors are ValueErrors too: above)
        raise ValueError(f"{path}: {error}") from None


_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # a JSON string, or a bracket
DEEPEST = 64  # a design file nests 5 levels; where it first goes deeper than this is shown


def _too_deep(text: str) -> str:
    """Where text first nests deeper than DEEPEST arrays and objects, as a JSON error says it."""
    depth = 0
    for match in _BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > DEEPEST:
                at = match.start()
                line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
                return f"line {line}, column {column}: over {DEEPEST} levels"
        elif token in ("]", "}"):
            depth -= 1
    return f"over {DEEPEST} levels"


def _one_of_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys each appear once: a second one would silently win."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {shortened(key)!r} appears twice in one object")
        found[key] = value
    return found


def _whole_number(digits: str) -> int | float:
    """A JSON whole number. One of more digits than Python converts (sys.get_int_max_str_digits)
    is beyond the range of any field: read as infinite, it is refused at its path."""
    try:
        return int(digits)
    except ValueError:  # the limit is 4300 digits unless PYTHONINTMAXSTRDIGITS sets another
        return -math.inf if digits.startswith("-") else math.inf


# A quantity that must be above 0 is refused below this, in its unit: smaller ones are no
# physical cell or material, and their products underflow to zero areas and masses that the
# engine divides by (designs: engine/evaluate/validate.py; materials: engine/materials.py).
SMALLEST_POSITIVE = 1e-6


def range_text(bounds: tuple[float, float, bool, bool]) -> str:
    """An allowed range (low, high, low inclusive, high inclusive) as a message shows it."""
    low, high, low_in, high_in = bounds
    return f"{'[' if low_in else '('}{low:g}, {high:g}{']' if high_in else ')'}"


def version_problem(version: Any, newest: int, path: str) -> Problem | None:
    """Why a file's format version cannot be read, or None: a whole number from 1 to newest (a
    newer file may mean what this Lamina cannot read)."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return Problem(path, f"must be a whole number >= 1, got {reprlib.repr(version)}")
    if version > newest:
        message = (
            f"{reprlib.repr(version)} is newer than this Lamina reads (up to {newest}); "
            "update Lamina"
        )
        return Problem(path, message)
    return None


def writable(text: str) -> bool:
    """Whether text can be written back as UTF-8: JSON reads an unpaired surrogate ("\\ud800")
    that no file can hold, so every save of what holds it would fail."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_text(raw: dict, key: str, path: str, problems: list[Problem], default: str = "") -> str:
    """Optional text: a string that can be written back as UTF-8 (no unpaired surrogate)."""
    value = raw.get(key, default)
    if isinstance(value, str) and writable(value):
        return value
    problems.append(Problem(f"{path}.{key}", f"must be text, got {reprlib.repr(value)}"))
    return default


def finite_number(value: Any) -> float | None:
    """value as a float if it is a finite number (not a bool, not a whole number beyond the
    float range), else None: the one check every reader of numbers goes through."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def parse_value(raw: Any, path: str, problems: list[Problem]) -> Value | None:
    """A {"value", "ref", "where", "note"} object: a finite number and the key of its source."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object with value and ref"))
        return None
    before = len(problems)
    unknown_fields(raw, VALUE_FIELDS, path, problems)
    number = finite_number(raw.get("value"))
    if number is None:
        shown = reprlib.repr(raw.get("value"))
        problems.append(Problem(f"{path}.value", f"must be a finite number, got {shown}"))
        return None
    ref = parse_text(raw, "ref", path, problems)
    if not ref and len(problems) == before:
        problems.append(Problem(f"{path}.ref", "every value names its source (a reference key)"))
    where = parse_text(raw, "where", path, problems)
    note = parse_text(raw, "note", path, problems)
    spread = _parse_spread(raw["spread"], f"{path}.spread", problems) if "spread" in raw else None
    if len(problems) > before:
        return None
    return Value(number, ref, where, note, spread)


def _parse_spread(raw: Any, path: str, problems: list[Problem]) -> Spread | None:
    """{"relative": fraction} or {"absolute": amount}, and an optional distribution."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object: relative or absolute, distribution"))
        return None
    unknown_fields(raw, SPREAD_FIELDS, path, problems)
    given = [key for key in ("relative", "absolute") if key in raw]
    if len(given) != 1:
        problems.append(Problem(path, "give exactly one of relative or absolute"))
        return None
    amount = finite_number(raw[given[0]])
    limit = 1.0 if given[0] == "relative" else math.inf
    if amount is None or not 0.0 <= amount <= limit:
        allowed = "0 to 1" if given[0] == "relative" else "at least 0"
        shown = reprlib.repr(raw[given[0]])
        problems.append(Problem(f"{path}.{given[0]}", f"{shown} is outside the allowed range "
                                f"{allowed}"))  # fmt: skip
        return None
    distribution = raw.get("distribution", "normal")
    if distribution not in SPREAD_DISTRIBUTIONS:
        problems.append(Problem(f"{path}.distribution", f"{reprlib.repr(distribution)} is not "
                                f"one of {', '.join(SPREAD_DISTRIBUTIONS)}"))  # fmt: skip
        return None
    return Spread(amount, given[0] == "relative", distribution)


def unknown_fields(
    raw: dict, allowed: tuple[str, ...], path: str, problems: list[Problem], sep: str = "."
) -> None:
    """Name each field of raw that is not allowed (path, sep, its name), with the closest
    allowed name: a typo never passes silently. Past UNKNOWN_SHOWN of them, one problem counts
    the rest (a file of a million unknown keys is refused in a moment, in a few lines)."""
    unknown = [key for key in raw if key not in allowed]
    for key in unknown[:UNKNOWN_SHOWN]:
        close = difflib.get_close_matches(shortened(str(key)), allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problems.append(Problem(f"{path}{sep}{key}" if path else str(key), f"unknown field{hint}"))
    if len(unknown) > UNKNOWN_SHOWN:
        more = len(unknown) - UNKNOWN_SHOWN
        problems.append(Problem(path, f"and {more:,} more unknown fields"))
