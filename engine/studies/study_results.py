"""A study's results file read back (docs/study-format.md): its fronts, best designs and
histograms, and any design of them rebuilt from the base design the file carries, to open it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.design import Design
from engine.io.design_files import DesignFileError, read_design_dict
from engine.materials import Library
from engine.problems import Problem, ProblemsError
from engine.studies.study_run import RESULT_FORMAT, RESULT_VERSION
from engine.studies.sweep import swept
from engine.values import read_json_file, version_problem

Row = dict[str, float]  # a design of the results: its index, fields and results


class StudyResultsError(ProblemsError):
    """A results file that cannot be read."""


@dataclass(frozen=True)
class Front:
    x: str
    y: str
    designs: list[Row]


@dataclass(frozen=True)
class BestList:
    by: str
    designs: list[Row]


@dataclass(frozen=True)
class StudyResults:
    design: Design  # the base design every row varies
    library: Library
    designs: int
    kept: int
    fields: list[str]
    fronts: list[Front]
    best: list[BestList]

    def design_of(self, row: Row) -> Design:
        """The design of a row: the base design with the row's field values."""
        return swept(self.design, {f: float(row[f]) for f in self.fields}, self.library)


def read_study_results(path: Path, library: Library) -> StudyResults:
    """StudyResultsError naming what is wrong with a file that is not a study's results."""
    try:
        raw = read_json_file(Path(path))
    except (OSError, ValueError) as error:
        raise StudyResultsError([Problem("", str(error))]) from None
    if not isinstance(raw, dict) or raw.get("format") != RESULT_FORMAT:
        raise StudyResultsError([Problem("format", f"must be {RESULT_FORMAT!r}: this is not a "
                                         "study's results file")])  # fmt: skip
    refused = version_problem(raw.get("version"), RESULT_VERSION, "version")
    if refused is not None:
        raise StudyResultsError([refused])
    try:
        read = read_design_dict(raw.get("design"), library)
        return StudyResults(
            read.design,
            read.library,
            int(raw["designs"]),
            int(raw["kept"]),
            list(raw["fields"]),
            [Front(f["x"], f["y"], _rows(f["designs"])) for f in raw["pareto"]],
            [BestList(b["by"], _rows(b["designs"])) for b in raw["best"]],
        )
    except DesignFileError as error:
        raise StudyResultsError([Problem(f"design: {p.path}", p.message)
                                 for p in error.problems]) from None  # fmt: skip
    except (KeyError, TypeError, ValueError) as error:
        raise StudyResultsError([Problem("", f"a study's results file, but {error!r} is "
                                         "missing or wrong")]) from None  # fmt: skip


def _rows(raw: Any) -> list[Row]:
    return [{str(k): float(v) for k, v in row.items()} for row in raw]
