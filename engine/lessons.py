"""A lesson: a starting design and a sequence of steps a class works through (the lesson file
format is docs/lesson-format.md).

Each step asks a question, may ask the student to predict a result before it is revealed, makes
an edit (fields set by their design-file paths, as a batch row sets them) and says what to
notice. A lesson is checked whole when it is read: every step's edit is made in turn on the
starting design and every prediction's result read, so a lesson that opens can be worked
through to its end. Nothing here knows of windows: the window shows a LessonRun and calls
apply_step and reveal.
"""

from __future__ import annotations

import json
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.design import ANODE_KINDS, Design, get_field
from engine.edits import change_anode_kind, change_cell_format
from engine.evaluate import evaluate
from engine.evaluate.validate import validate
from engine.io.atomic import write_text_atomically
from engine.io.design_files import DesignFileError, design_to_dict, read_design, read_design_dict
from engine.materials import Library
from engine.problems import DesignError, Problem, ProblemsError
from engine.results import Results
from engine.studies.sweep import ACTIVE_FRACTION, is_number, numeric_result, set_field
from engine.values import finite_number, read_json_file, unknown_fields, version_problem

LESSON_FORMAT = "lamina-lesson"
LESSON_VERSION = 1
TOP_LEVEL = ("format", "version", "title", "summary", "source", "design", "steps")
STEP_FIELDS = ("title", "question", "predict", "edit", "notice")
PREDICT_FIELDS = ("result", "prompt", "unit", "scale")
# An edit's fields that swap a part for a new one of another kind (engine/edits.py), not a value.
KIND_EDITS = {"anode.kind": ANODE_KINDS, "cell_format.kind": ("pellet", "pouch")}


class LessonError(ProblemsError):
    """A lesson file that cannot be used: every problem, named by its place in the file."""


@dataclass(frozen=True)
class Prediction:
    """What the student predicts before the step's answer is shown: a numeric result (as a
    sweep names it) times scale, in unit ("%" with scale 100 for a porosity)."""

    result: str
    prompt: str
    unit: str
    scale: float = 1.0

    def answer(self, results: Results) -> float:
        return float(numeric_result(results, self.result)) * self.scale


@dataclass(frozen=True)
class Step:
    title: str
    question: str
    notice: str
    edit: tuple[tuple[str, Any], ...] = ()  # (design-file path, value), made in this order
    predict: Prediction | None = None


@dataclass(frozen=True)
class Lesson:
    title: str
    summary: str
    source: str  # the paper the lesson's story comes from, as a reader cites it
    design: Design
    library: Library
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Answer:
    """One step's outcome: the student's prediction (None if the step asks none) and the
    result once revealed."""

    predicted: float | None
    actual: float | None

    @property
    def gap(self) -> float | None:
        """The prediction less the result, in the prediction's unit."""
        if self.predicted is None or self.actual is None:
            return None
        return self.predicted - self.actual

    @property
    def relative_gap(self) -> float | None:
        """The gap as a fraction of the result (None where the result is 0)."""
        gap = self.gap
        if gap is None or self.actual == 0:
            return None
        assert self.actual is not None
        return gap / abs(self.actual)


@dataclass(frozen=True)
class LessonRun:
    """A student's way through a lesson: the step shown, and each revealed step's answer."""

    lesson: Lesson
    student: str = ""
    step: int = 0
    answers: Mapping[int, Answer] = field(default_factory=dict)

    def revealed(self, index: int) -> bool:
        return index in self.answers

    def at(self, index: int) -> LessonRun:
        """The run showing another step (kept within the lesson)."""
        return replace(self, step=max(0, min(index, len(self.lesson.steps) - 1)))


def reveal(run: LessonRun, predicted: float | None, results: Results) -> LessonRun:
    """The run with the shown step revealed: its prediction and the result of the design as it
    is now (after the step's edit)."""
    step = run.lesson.steps[run.step]
    actual = step.predict.answer(results) if step.predict is not None else None
    answers = {**run.answers, run.step: Answer(predicted, actual)}
    return replace(run, answers=answers)


def restarted(run: LessonRun) -> LessonRun:
    """The run back at its first step with no answers (the student's name kept)."""
    return LessonRun(run.lesson, run.student)


def format_number(value: float) -> str:
    """A prediction or a result as a lesson shows it: four significant figures."""
    return f"{value:.4g}"


def gap_text(answer: Answer, unit: str) -> str:
    """ "predicted 300 Wh/kg; Lamina: 275 Wh/kg (25 Wh/kg, 9 % high)"."""
    if answer.actual is None:
        return ""
    actual = f"{format_number(answer.actual)} {unit}".strip()
    if answer.predicted is None or answer.gap is None:
        return f"no prediction; Lamina: {actual}"
    predicted = f"{format_number(answer.predicted)} {unit}".strip()
    gap = f"{format_number(abs(answer.gap))} {unit}".strip()
    if answer.gap == 0:
        return f"predicted {predicted}; Lamina: {actual} (exactly right)"
    side = "high" if answer.gap > 0 else "low"
    share = answer.relative_gap
    how = f"{gap}, {abs(share) * 100:.0f} % {side}" if share is not None else f"{gap} {side}"
    return f"predicted {predicted}; Lamina: {actual} ({how})"


# --- steps' edits -------------------------------------------------------------------------


def apply_step(design: Design, step: Step, library: Library) -> Design:
    """The design with the step's edit made, checked. ValueError naming the field, the value and
    what is allowed, or DesignError with the design's problems: the design given is unchanged."""
    for path, value in step.edit:
        design = apply_field(design, path, value, library)
    validate(design, library)
    return design


def apply_field(design: Design, path: str, value: Any, library: Library) -> Design:
    """One field of an edit set: a kind swaps the part for a new one (as the inspector does), a
    value must be of the field's kind (a number or null for a number, true/false, or text)."""
    if path in KIND_EDITS:
        if value not in KIND_EDITS[path]:
            raise ValueError(f"{path}: {value!r} is not one of {', '.join(KIND_EDITS[path])}")
        change = change_anode_kind if path == "anode.kind" else change_cell_format
        return change(design, value)
    if path.rpartition(".")[2] == ACTIVE_FRACTION:
        current: Any = 0.0
    else:
        try:
            current = get_field(design, path)
        except (KeyError, IndexError, TypeError) as error:
            raise ValueError(f"{path}: no such field in this design ({error})") from None
    _check_kind(path, current, value)
    try:
        return set_field(design, path, value, library)
    except KeyError as error:
        raise ValueError(f"{path}: {error.args[0]}") from None


def _check_kind(path: str, current: Any, value: Any) -> None:
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise ValueError(f"{path}: {reprlib.repr(value)} is not true or false")
    elif is_number(current) or current is None:
        if value is not None and finite_number(value) is None:
            raise ValueError(f"{path}: {reprlib.repr(value)} is not a number (or null to unset)")
    elif isinstance(current, str):
        if not isinstance(value, str):
            raise ValueError(f"{path}: {reprlib.repr(value)} is not text")
    else:
        raise ValueError(f"{path}: a whole part, not a field an edit can set")


def design_changes(before: Design, after: Design, library: Library) -> tuple[tuple[str, Any], ...]:
    """The edit that takes before to after, field by field in file order: what a teacher's
    recorded step holds. ValueError when a layer was added, removed or moved (a lesson's edit
    sets fields; it cannot say where a new layer goes)."""
    found: list[tuple[str, Any]] = []
    if before.anode.kind != after.anode.kind:
        found.append(("anode.kind", after.anode.kind))
        before = change_anode_kind(before, after.anode.kind)
    kind = type(after.cell_format).__name__.removesuffix("Format").lower()
    if type(before.cell_format) is not type(after.cell_format):
        found.append(("cell_format.kind", kind))
        before = change_cell_format(before, kind)
    old, new = _plain_leaves(before, library), _plain_leaves(after, library)
    if old.keys() != new.keys():
        added = sorted(new.keys() - old.keys()) or sorted(old.keys() - new.keys())
        raise ValueError(
            f"{added[0].partition('.')[0]}: a step can set fields, not add or remove a layer, "
            "a collector or a fixture; record the lesson from the design with its layers"
        )
    found += [(path, value) for path, value in new.items() if old[path] != value]
    return tuple(found)


def _plain_leaves(design: Design, library: Library) -> dict[str, Any]:
    """Every field of the design that an edit can set, by its path (the design's name, author,
    notes, tolerances and carried materials left out: a lesson's steps change the cell)."""
    leaves: dict[str, Any] = {}
    _walk(design_to_dict(replace(design, tolerances=()), library), "", leaves)
    skipped = ("format", "version", "name", "author", "notes", "anode.kind", "cell_format.kind")
    return {
        path: value
        for path, value in leaves.items()
        if path not in skipped and not path.startswith("materials")
    }


def _walk(raw: Any, path: str, leaves: dict[str, Any]) -> None:
    if isinstance(raw, dict):
        if not raw:
            leaves[path] = raw
        for key, value in raw.items():
            _walk(value, f"{path}.{key}" if path else key, leaves)
    elif isinstance(raw, list):
        leaves[f"{path}#len"] = len(raw)
        for i, value in enumerate(raw):
            _walk(value, f"{path}[{i}]", leaves)
    else:
        leaves[path] = raw


# --- reading and writing ------------------------------------------------------------------


def read_lesson(path: Path, library: Library) -> Lesson:
    """A lesson file read and checked through to its last step (LessonError naming every
    problem by its place in the file); a design given as a path is read relative to the
    lesson file's folder."""
    try:
        raw = read_json_file(Path(path))
    except (OSError, ValueError) as error:
        raise LessonError([Problem("", str(error))]) from None
    return lesson_from_dict(raw, library, Path(path).parent)


def lesson_from_dict(raw: Any, library: Library, folder: Path) -> Lesson:
    if not isinstance(raw, dict):
        raise LessonError([Problem("", "a lesson file holds one JSON object")])
    if raw.get("format") != LESSON_FORMAT:
        raise LessonError([Problem("format", f"must be {LESSON_FORMAT!r}: this is not a lesson")])
    refused = version_problem(raw.get("version"), LESSON_VERSION, "version")
    if refused is not None:
        raise LessonError([refused])
    problems: list[Problem] = []
    unknown_fields(raw, TOP_LEVEL, "", problems)
    title = _text(raw, "title", "", problems)
    summary = _text(raw, "summary", "", problems, required=False)
    source = _text(raw, "source", "", problems, required=False)
    design, library = _design(raw.get("design"), library, folder)
    steps_raw = raw.get("steps")
    if not isinstance(steps_raw, list) or not steps_raw:
        problems.append(Problem("steps", "must be a list of at least one step"))
        steps_raw = []
    steps = tuple(_step(s, f"steps[{i}]", problems) for i, s in enumerate(steps_raw))
    if not problems:
        _work_through(design, steps, library, problems)
    if problems:
        raise LessonError(problems)
    return Lesson(title, summary, source, design, library, steps)


def _design(raw: Any, library: Library, folder: Path) -> tuple[Design, Library]:
    try:
        read = read_design(folder / raw, library) if isinstance(raw, str) else None
        read = read or read_design_dict(raw, library)
    except DesignFileError as error:
        raise LessonError(
            [Problem(f"design: {p.path}", p.message) for p in error.problems]
        ) from None
    return read.design, read.library


def _text(raw: dict, key: str, path: str, problems: list[Problem], required: bool = True) -> str:
    where = f"{path}.{key}" if path else key
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(Problem(where, f"must be text{' (not empty)' if required else ''}, "
                                       f"got {reprlib.repr(value)}"))  # fmt: skip
        return ""
    return value


def _step(raw: Any, path: str, problems: list[Problem]) -> Step:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object (title, question, edit, notice)"))
        return Step("", "", "")
    unknown_fields(raw, STEP_FIELDS, path, problems)
    title = _text(raw, "title", path, problems)
    question = _text(raw, "question", path, problems)
    notice = _text(raw, "notice", path, problems, required=False)
    edit_raw = raw.get("edit", {})
    if not isinstance(edit_raw, dict):
        problems.append(Problem(f"{path}.edit", "must be an object from field paths to values"))
        edit_raw = {}
    predict = None
    if raw.get("predict") is not None:
        predict = _prediction(raw["predict"], f"{path}.predict", problems)
    return Step(title, question, notice, tuple(edit_raw.items()), predict)


def _prediction(raw: Any, path: str, problems: list[Problem]) -> Prediction | None:
    if not isinstance(raw, dict):
        problems.append(Problem(path, "must be an object (result, prompt, unit, scale)"))
        return None
    unknown_fields(raw, PREDICT_FIELDS, path, problems)
    result = _text(raw, "result", path, problems)
    prompt = _text(raw, "prompt", path, problems)
    unit = _text(raw, "unit", path, problems, required=False)
    scale = finite_number(raw.get("scale", 1.0))
    if scale is None or scale <= 0:
        problems.append(Problem(f"{path}.scale", f"must be a number > 0, got "
                                                 f"{reprlib.repr(raw.get('scale'))}"))  # fmt: skip
        scale = 1.0
    return Prediction(result, prompt, unit, scale)


def _work_through(
    design: Design, steps: tuple[Step, ...], library: Library, problems: list[Problem]
) -> None:
    """Make every step's edit in turn and read every prediction's result: a problem found here
    is one a class would meet halfway through."""
    for i, step in enumerate(steps):
        try:
            design = apply_step(design, step, library)
        except DesignError as error:
            problems += [Problem(f"steps[{i}].edit", f"{p.path}: {p.message}")
                         for p in error.problems]  # fmt: skip
            return
        except ValueError as error:
            problems.append(Problem(f"steps[{i}].edit", str(error)))
            return
        if step.predict is not None:
            try:
                step.predict.answer(evaluate(design, library))
            except (KeyError, ProblemsError) as error:
                problems.append(Problem(f"steps[{i}].predict.result", str(error.args[0])))


def lesson_to_dict(lesson: Lesson) -> dict[str, Any]:
    """The lesson as the JSON object of the current format version, its design inline."""
    out: dict[str, Any] = {"format": LESSON_FORMAT, "version": LESSON_VERSION,
                           "title": lesson.title}  # fmt: skip
    if lesson.summary:
        out["summary"] = lesson.summary
    if lesson.source:
        out["source"] = lesson.source
    out["design"] = design_to_dict(lesson.design, lesson.library)
    out["steps"] = [_step_dict(step) for step in lesson.steps]
    return out


def _step_dict(step: Step) -> dict[str, Any]:
    out: dict[str, Any] = {"title": step.title, "question": step.question}
    if step.predict is not None:
        p = step.predict
        out["predict"] = {"result": p.result, "prompt": p.prompt, "unit": p.unit}
        if p.scale != 1.0:
            out["predict"]["scale"] = p.scale
    if step.edit:
        out["edit"] = dict(step.edit)
    if step.notice:
        out["notice"] = step.notice
    return out


def save_lesson(lesson: Lesson, path: Path) -> None:
    """Write atomically: the file on disk is always the old or the new complete lesson."""
    text = json.dumps(lesson_to_dict(lesson), indent=2, ensure_ascii=False) + "\n"
    write_text_atomically(Path(path), text)
