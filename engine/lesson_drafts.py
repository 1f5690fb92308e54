"""A lesson written from the window rather than in a text editor: the teacher starts from the
design on screen, edits it as a student will, and adds a step after each edit; the step's edit is
what changed since the step before (engine/lessons.py, design_changes). The draft becomes a
Lesson checked exactly as a lesson file is, so what a teacher saves opens for the class.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from engine.design import Design
from engine.evaluate import evaluate
from engine.lessons import Lesson, Prediction, Step, apply_step, design_changes, save_lesson
from engine.materials import Library
from engine.problems import DesignError, ProblemsError


@dataclass(frozen=True)
class LessonDraft:
    """The lesson so far: its starting design, its steps, and the design the last step leaves
    (the next step's edit is measured from it)."""

    title: str
    summary: str
    source: str
    design: Design
    library: Library
    steps: tuple[Step, ...] = ()
    end: Design | None = None  # None: no step yet, the starting design

    @property
    def last_design(self) -> Design:
        return self.design if self.end is None else self.end


def start_draft(
    title: str, summary: str, source: str, design: Design, library: Library
) -> LessonDraft:
    """A draft starting from the design as it is now. ValueError when the title is empty."""
    if not title.strip():
        raise ValueError("title: a lesson needs a title (it names the lesson in the menu)")
    return LessonDraft(title.strip(), summary.strip(), source.strip(), design, library)


def pending_edit(draft: LessonDraft, design: Design) -> tuple[tuple[str, object], ...]:
    """The edit a step added now would record: the fields changed since the last step.
    ValueError when a layer was added or removed since."""
    return design_changes(draft.last_design, design, draft.library)


def add_step(draft: LessonDraft, step: Step, design: Design) -> LessonDraft:
    """The draft with a step whose edit takes the last step's design to this one. ValueError
    naming the field when the title or question is empty, the prediction's result is not one
    Lamina gives, or the edit would not make this design again."""
    for name in ("title", "question"):
        if not getattr(step, name).strip():
            raise ValueError(f"{name}: every step needs one")
    edit = pending_edit(draft, design)
    recorded = replace(step, edit=edit)
    try:
        made = apply_step(draft.last_design, recorded, draft.library)
    except DesignError as error:
        raise ValueError(f"edit: {error}") from None
    if design_changes(made, design, draft.library):  # name and notes aside, as recorded
        raise ValueError("edit: the changes since the last step cannot be replayed as field edits")
    if step.predict is not None:
        _check_prediction(step.predict, design, draft.library)
    return replace(draft, steps=(*draft.steps, recorded), end=design)


def _check_prediction(predict: Prediction, design: Design, library: Library) -> None:
    if not predict.prompt.strip():
        raise ValueError("predict.prompt: say what the student predicts")
    try:
        predict.answer(evaluate(design, library))
    except (KeyError, ProblemsError) as error:
        raise ValueError(f"predict.result: {error.args[0]}") from None


def without_last_step(draft: LessonDraft) -> LessonDraft:
    """The draft with its last step taken back (the design it started from is replayed)."""
    steps = draft.steps[:-1]
    end = None
    for step in steps:
        end = apply_step(draft.design if end is None else end, step, draft.library)
    return replace(draft, steps=steps, end=end)


def draft_lesson(draft: LessonDraft) -> Lesson:
    """The lesson the draft holds. ValueError when it has no step yet."""
    if not draft.steps:
        raise ValueError("steps: add at least one step (edit the design, then Add step)")
    return Lesson(draft.title, draft.summary, draft.source, draft.design, draft.library,
                  draft.steps)  # fmt: skip


def save_draft(draft: LessonDraft, path: Path) -> None:
    """Write the draft as a lesson file (atomically, as save_lesson does)."""
    save_lesson(draft_lesson(draft), path)
