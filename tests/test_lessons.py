"""Lessons (engine/lessons.py, docs/lesson-format.md): the shipped lessons worked through to
their end and their answers checked against the papers they cite or by hand; the file's refusals
by place; a teacher's recorded steps; the run's record of predictions."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from engine.design import get_field
from engine.edits import add_layer
from engine.evaluate import evaluate
from engine.evaluate.inventory import lithium_inventory
from engine.lessons import (
    Answer,
    Lesson,
    LessonError,
    LessonRun,
    Step,
    apply_step,
    design_changes,
    gap_text,
    lesson_to_dict,
    read_lesson,
    restarted,
    reveal,
    save_lesson,
)
from engine.materials import shipped_library
from engine.paths import resource_path

LESSONS = resource_path("lessons")
LIBRARY = shipped_library()


def answers(name: str) -> list[float]:
    """Each step's answer (nan where a step asks no prediction), the steps' edits made in turn
    as a class makes them."""
    lesson = read_lesson(LESSONS / name, LIBRARY)
    design, found = lesson.design, []
    for step in lesson.steps:
        design = apply_step(design, step, lesson.library)
        results = evaluate(design, lesson.library)
        found.append(step.predict.answer(results) if step.predict else math.nan)
    return found


def test_every_shipped_lesson_opens_and_names_its_source() -> None:
    names = sorted(p.name for p in LESSONS.glob("*.json"))
    assert names == ["1_thick_electrodes.json", "2_thin_separator.json", "3_pressing_pressure.json",
                     "4_anode_free.json", "5_li_in_voltage.json"]  # fmt: skip
    for name in names:
        lesson = read_lesson(LESSONS / name, LIBRARY)
        assert lesson.source
        assert lesson.steps
        assert all(step.question and step.title for step in lesson.steps)


def test_thick_electrodes_follow_yang_2022_fig_1a() -> None:
    """Yang et al. 2022, Fig. 1A: 178 / 275 / 378 Wh/kg at 5 / 10 / 20 mg/cm2 of NMC811."""
    at_5, at_10, at_20, at_40, asr_40 = answers("1_thick_electrodes.json")
    for found, paper in ((at_5, 178), (at_10, 275), (at_20, 378)):
        assert found == pytest.approx(paper, rel=0.02)
    # each doubling pays less, as a share: +54 %, +37 %, +23 % (the notices say half, a third)
    gains = [at_10 / at_5 - 1, at_20 / at_10 - 1, at_40 / at_20 - 1]
    assert gains == sorted(gains, reverse=True)
    assert gains[0] == pytest.approx(0.5, abs=0.06)
    assert gains[1] == pytest.approx(1 / 3, abs=0.05)
    # the question says "about 4 ohm cm2 at 20 mg/cm2"; resistance follows thickness: twice
    assert asr_40 == pytest.approx(2 * 4.0, rel=0.03)


def test_a_separator_under_50_um_for_over_300_wh_per_kg() -> None:
    """Yang et al. 2022: over 300 Wh/kg needs a separator under about 50 um."""
    at_20, at_50, at_100, at_500 = answers("2_thin_separator.json")
    assert at_20 == pytest.approx(378, rel=0.02)
    assert at_50 > 300 > at_100 > at_500


def test_pressing_pressure_follows_li_2021() -> None:
    """Li et al. 2021: 91.8 % filled at 360 MPa (8.2 % porosity); released, the pores more than
    double (Mo6S8 alone: 11 % to 24 %, Fig. 3b)."""
    held, released, wh_per_l_120 = answers("3_pressing_pressure.json")
    assert held == pytest.approx(8.2, abs=0.3)
    assert released > 2 * held
    # the preset's 8.2 % porosity, pressed at 360 MPa: a lower pressing loses Wh/L
    preset = evaluate(read_lesson(LESSONS / "3_pressing_pressure.json", LIBRARY).design, LIBRARY)
    assert wh_per_l_120 < preset.rung("cathode").wh_per_l


def test_anode_free_wins_wh_per_l_and_loses_a_tenth_in_100_cycles() -> None:
    lesson = read_lesson(LESSONS / "4_anode_free.json", LIBRARY)
    start = evaluate(lesson.design, LIBRARY).rung("cell").wh_per_l
    n_p_1, anode_free, _ = answers("4_anode_free.json")
    assert start < n_p_1 < anode_free
    design = lesson.design
    for step in lesson.steps:
        design = apply_step(design, step, LIBRARY)
    inventory = lithium_inventory(evaluate(design, LIBRARY))
    # the notice: 0.999^100 = 0.905, and nothing in reserve (no excess Li)
    assert inventory.retention_after_cycles == pytest.approx(0.999**100, rel=1e-9)
    assert pytest.approx(0.905, abs=5e-4) == 0.999**100
    assert inventory.excess_mAh_cm2 == 0


def test_li_in_costs_its_0_62_v() -> None:
    """Pan et al. 2023: 1020 Wh/kg at the cathode level vs Li+/Li; Li-In 0.62 V vs Li+/Li (Wu et
    al. 2020). By hand: 1.925 - 0.62 = 1.305 V, and 1020.25 x 1.305 / 1.925 = 691.65 Wh/kg."""
    voltage, cathode_at_cell, with_li = answers("5_li_in_voltage.json")
    assert voltage == pytest.approx(1.925 - 0.62, abs=1e-9)
    assert cathode_at_cell == pytest.approx(1020.25 * 1.305 / 1.925, rel=1e-4)
    lesson = read_lesson(LESSONS / "5_li_in_voltage.json", LIBRARY)
    with_li_in = evaluate(lesson.design, lesson.library).rung("cell").wh_per_kg
    # the voltage alone would give 1.925 / 1.305 = 1.475 times; shedding the In gives more
    assert with_li > with_li_in * 1.925 / 1.305


def lesson_file(tmp_path: Path, **changes: object) -> Path:
    raw = json.loads((LESSONS / "2_thin_separator.json").read_text(encoding="utf-8"))
    raw["design"] = str(LESSONS.parent / "presets" / "yang2022_fig1a.json")
    raw.update(changes)
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(LessonError) as caught:
        read_lesson(path, LIBRARY)
    return str(caught.value)


def test_refusals_name_their_place(tmp_path: Path) -> None:
    assert "format: must be 'lamina-lesson'" in refusal(lesson_file(tmp_path, format="x"))
    assert "newer than this Lamina reads" in refusal(lesson_file(tmp_path, version=2))
    assert "did you mean 'steps'" in refusal(lesson_file(tmp_path, step=[]))
    assert "steps: must be a list of at least one step" in refusal(lesson_file(tmp_path, steps=[]))
    bad_field = [{"title": "t", "question": "q", "edit": {"separator[3].thickness_um": 5}}]
    message = refusal(lesson_file(tmp_path, steps=bad_field))
    assert message.startswith("steps[0].edit: separator[3].thickness_um: no such field")
    bad_value = [{"title": "t", "question": "q", "edit": {"separator[0].thickness_um": "thin"}}]
    assert "'thin' is not a number" in refusal(lesson_file(tmp_path, steps=bad_value))
    out_of_range = [{"title": "t", "question": "q", "edit": {"separator[0].thickness_um": -5}}]
    message = refusal(lesson_file(tmp_path, steps=out_of_range))
    assert message.startswith("steps[0].edit: separator[0].thickness_um:")
    assert "-5" in message
    bad_result = [{"title": "t", "question": "q",
                   "predict": {"result": "cell.whkg", "prompt": "p", "unit": "Wh/kg"}}]  # fmt: skip
    assert "steps[0].predict.result: unknown result" in refusal(
        lesson_file(tmp_path, steps=bad_result)
    )
    bad_kind = [{"title": "t", "question": "q", "edit": {"anode.kind": "lithium"}}]
    assert "'lithium' is not one of li_metal" in refusal(lesson_file(tmp_path, steps=bad_kind))
    assert "design: " in refusal(lesson_file(tmp_path, design="missing.json"))
    assert "title: must be text (not empty)" in refusal(lesson_file(tmp_path, title=""))


def test_a_later_step_is_checked_on_the_design_the_earlier_ones_made(tmp_path: Path) -> None:
    """Anode-free first, then an N/P ratio: refused at the second step, where a class would
    meet it (an anode-free cell has no N/P ratio)."""
    steps = [{"title": "a", "question": "q", "edit": {"anode.kind": "anode_free"}},
             {"title": "b", "question": "q", "edit": {"anode.n_p_ratio": 2}}]  # fmt: skip
    message = refusal(lesson_file(tmp_path, steps=steps))
    assert message.startswith("steps[1].edit: anode: an anode-free cell has no N/P ratio")


def test_a_run_records_predictions_and_their_gap() -> None:
    lesson = read_lesson(LESSONS / "1_thick_electrodes.json", LIBRARY)
    run = LessonRun(lesson, "Ada")
    design = apply_step(lesson.design, lesson.steps[0], LIBRARY)
    run = reveal(run, 300.0, evaluate(design, LIBRARY))
    answer = run.answers[0]
    assert answer.actual == pytest.approx(180.09, abs=0.01)
    # by hand: 300 - 180.09 = 119.9 Wh/kg over, 119.9 / 180.09 = 67 %
    assert (
        gap_text(answer, "Wh/kg")
        == "predicted 300 Wh/kg; Lamina: 180.1 Wh/kg (119.9 Wh/kg, 67 % high)"
    )
    assert gap_text(Answer(150.0, 200.0), "V") == "predicted 150 V; Lamina: 200 V (50 V, 25 % low)"
    assert gap_text(Answer(None, 2.5), "%") == "no prediction; Lamina: 2.5 %"
    assert run.at(10).step == len(lesson.steps) - 1
    assert run.at(-1).step == 0
    again = restarted(run.at(3))
    assert again.step == 0
    assert not again.answers
    assert again.student == "Ada"


def test_a_teachers_recorded_steps_make_the_same_design() -> None:
    start = read_lesson(LESSONS / "4_anode_free.json", LIBRARY).design
    design = apply_step(start, Step("", "", "", (("anode.kind", "anode_free"),)), LIBRARY)
    design = apply_step(design, Step("", "", "", (("cathode.porosity", 0.2),
                                                  ("operating.c_rate", 0.5))), LIBRARY)  # fmt: skip
    edit = design_changes(start, design, LIBRARY)
    assert edit == (("anode.kind", "anode_free"), ("cathode.porosity", 0.2),
                    ("operating.c_rate", 0.5))  # fmt: skip
    assert apply_step(start, Step("", "", "", edit), LIBRARY) == design
    assert design_changes(design, design, LIBRARY) == ()
    added = add_layer(start, "separator").design
    with pytest.raises(ValueError, match="not add or remove a layer"):
        design_changes(start, added, LIBRARY)


def test_a_saved_lesson_reads_back_with_its_design_inline(tmp_path: Path) -> None:
    lesson = read_lesson(LESSONS / "3_pressing_pressure.json", LIBRARY)
    saved = tmp_path / "copy.lesson.json"
    save_lesson(lesson, saved)
    assert isinstance(json.loads(saved.read_text(encoding="utf-8"))["design"], dict)
    again = read_lesson(saved, LIBRARY)
    assert again == Lesson(lesson.title, lesson.summary, lesson.source, lesson.design,
                           again.library, lesson.steps)  # fmt: skip
    assert lesson_to_dict(again) == lesson_to_dict(lesson)
    assert math.isclose(get_field(again.design, "cathode.porosity"), 0.082)
