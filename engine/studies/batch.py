"""A batch: many designs given as rows of a table, each evaluated on its own.

Each column is named by a design-file path (``cathode.active_loading_mg_cm2``,
``separator[0].thickness_um``, ``cathode.components[0].material``, or a sweep field such as
``cathode.active_fraction``); each row sets those fields on a base design and is one design. A
cell left empty keeps the base design's value. A row the engine refuses is reported with its
problems (field, value and allowed range) and the others are still evaluated, so one bad row of a
spreadsheet loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from engine.design import Design, get_field
from engine.evaluate import evaluate
from engine.materials import Library
from engine.problems import ProblemsError, listed
from engine.studies.sweep import (
    ACTIVE_FRACTION,
    check_field,
    is_number,
    numeric_result,
    set_field,
)

TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0"}


@dataclass(frozen=True)
class BatchRow:
    """One row's outcome: its results by name, or the problems that kept it from evaluating."""

    number: int  # 1 for the first row under the header
    inputs: tuple[str, ...]  # the row's cells as given
    outputs: dict[str, float]
    problems: str  # "" when evaluated; otherwise one problem a line


def check_columns(design: Design, columns: Sequence[str], library: Library) -> None:
    """KeyError naming the first column that is no field of the design (with the fields a
    number goes in), or a column given twice."""
    seen = set()
    for column in columns:
        if column in seen:
            raise KeyError(f"column {column!r} appears twice")
        seen.add(column)
        if column.rpartition(".")[2] == ACTIVE_FRACTION or is_number(_base(design, column)):
            check_field(design, column, library)


def _base(design: Design, column: str) -> Any:
    if column.rpartition(".")[2] == ACTIVE_FRACTION:
        return 0.0
    try:
        return get_field(design, column)
    except (KeyError, IndexError, TypeError) as error:
        raise KeyError(f"column {column!r} is no field of the base design: {error}") from None


def cell_value(base: Any, text: str, column: str) -> Any:
    """A cell's text as the base value's kind: a number, true/false, or text (a field now
    unset takes a number if the text is one). ValueError names the column and the text."""
    text = text.strip()
    if isinstance(base, bool):
        word = text.lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        raise ValueError(f"{column}: {text!r} is not true or false")
    if is_number(base) or base is None:
        try:
            return float(text)
        except ValueError:
            if base is None:
                return text
            raise ValueError(f"{column}: {text!r} is not a number") from None
    return text


def batch(
    design: Design,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    outputs: Sequence[str],
    library: Library,
) -> Iterator[BatchRow]:
    """Evaluate each row (a generator: rows stream through, each result as soon as it is known).
    Columns are checked first (check_columns); a row of the wrong length is a row's problem."""
    check_columns(design, columns, library)
    bases = [_base(design, c) for c in columns]
    for number, row in enumerate(rows, start=1):
        cells = tuple(row)
        try:
            values = _evaluated(design, columns, bases, cells, outputs, library)
        except (ProblemsError, ValueError, KeyError) as error:
            yield BatchRow(number, cells, {}, _problems(error))
        else:
            yield BatchRow(number, cells, values, "")


def _evaluated(
    design: Design,
    columns: Sequence[str],
    bases: Sequence[Any],
    cells: Sequence[str],
    outputs: Sequence[str],
    library: Library,
) -> dict[str, float]:
    if len(cells) != len(columns):
        raise ValueError(f"the row has {len(cells)} cells; the header names {len(columns)}")
    for column, base, text in zip(columns, bases, cells, strict=True):
        if text.strip():
            design = set_field(design, column, cell_value(base, text, column), library)
    results = evaluate(design, library)
    return {name: float(numeric_result(results, name)) for name in outputs}


def _problems(error: Exception) -> str:
    if isinstance(error, ProblemsError):
        return listed(error.problems)
    return str(error.args[0]) if error.args else type(error).__name__
