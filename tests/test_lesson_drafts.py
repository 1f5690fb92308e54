"""A lesson written from the window: a teacher's edits between steps become the steps' edits,
and the saved lesson opens, and works through, exactly as a hand-written one."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.design import get_field
from engine.edits import add_layer
from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.lesson_drafts import (
    add_step,
    draft_lesson,
    pending_edit,
    save_draft,
    start_draft,
    without_last_step,
)
from engine.lessons import Prediction, Step, apply_step, read_lesson
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.studies.sweep import set_field

LIBRARY = shipped_library()
CELL = Prediction("ladder.cell.wh_per_kg", "Cell specific energy", "Wh/kg")


def yang() -> object:
    design, _ = load_design(resource_path("presets", "yang2022_fig1a.json"), LIBRARY)
    return design


def test_edits_between_steps_become_the_steps_and_the_file_opens(tmp_path: Path) -> None:
    start = yang()
    draft = start_draft(" Loading ", "", "Yang et al. 2022, J. Energy Chem., Fig. 1A", start,
                        LIBRARY)  # fmt: skip
    assert draft.title == "Loading"
    thin = set_field(start, "cathode.active_loading_mg_cm2", 5.0, LIBRARY)
    assert pending_edit(draft, thin) == (("cathode.active_loading_mg_cm2", 5.0),)
    draft = add_step(draft, Step("Thin", "Set 5 mg/cm2.", "", predict=CELL), thin)
    thick = set_field(thin, "cathode.active_loading_mg_cm2", 40.0, LIBRARY)
    thick = set_field(thick, "separator[0].thickness_um", 50.0, LIBRARY)
    assert pending_edit(draft, thick) == (
        ("cathode.active_loading_mg_cm2", 40.0),
        ("separator[0].thickness_um", 50.0),
    )
    draft = add_step(draft, Step("Thick", "Now 40, and a 50 um separator.", "Look."), thick)
    assert pending_edit(draft, thick) == ()

    saved = tmp_path / "loading.lesson.json"
    save_draft(draft, saved)
    lesson = read_lesson(saved, LIBRARY)
    assert [s.title for s in lesson.steps] == ["Thin", "Thick"]
    assert lesson.source == "Yang et al. 2022, J. Energy Chem., Fig. 1A"
    design = apply_step(lesson.design, lesson.steps[0], lesson.library)
    # Yang et al. 2022, Fig. 1A: 178 Wh/kg at 5 mg/cm2 (Lamina's bookkeeping: 180.1)
    assert lesson.steps[0].predict.answer(evaluate(design, LIBRARY)) == pytest.approx(178, rel=0.02)
    design = apply_step(design, lesson.steps[1], lesson.library)
    assert get_field(design, "separator[0].thickness_um") == 50.0
    assert get_field(design, "cathode.active_loading_mg_cm2") == 40.0


def test_taking_back_a_step_measures_the_next_edit_from_the_one_before() -> None:
    start = yang()
    draft = start_draft("Loading", "", "", start, LIBRARY)
    thin = set_field(start, "cathode.active_loading_mg_cm2", 5.0, LIBRARY)
    draft = without_last_step(add_step(draft, Step("Thin", "5.", ""), thin))
    assert draft.steps == ()
    assert draft.last_design == start
    assert pending_edit(draft, thin) == (("cathode.active_loading_mg_cm2", 5.0),)


def test_refusals_name_the_field() -> None:
    start = yang()
    with pytest.raises(ValueError, match=r"^title: a lesson needs a title"):
        start_draft("  ", "", "", start, LIBRARY)
    draft = start_draft("Loading", "", "", start, LIBRARY)
    with pytest.raises(ValueError, match=r"^question: every step needs one"):
        add_step(draft, Step("Thin", " ", ""), start)
    wrong = Prediction("ladder.cell.wh_per_parsec", "Cell", "Wh/kg")
    with pytest.raises(ValueError, match=r"^predict.result: "):
        add_step(draft, Step("Thin", "5.", "", predict=wrong), start)
    with pytest.raises(ValueError, match=r"^predict.prompt: "):
        add_step(draft, Step("Thin", "5.", "", predict=Prediction(CELL.result, "", "")), start)
    with pytest.raises(ValueError, match="not add or remove a layer"):
        add_step(draft, Step("Thin", "5.", ""), add_layer(start, "separator").design)
    with pytest.raises(ValueError, match=r"^steps: add at least one step"):
        draft_lesson(draft)
