"""The editor under random use: thousands of seeded random edits through the real widgets.

The edits and the checks are in tests/random_edits.py (bench/soak.py runs them by the ten
thousand). After every edit: no exception escaped into Qt (slots, timers and virtual methods
included), the model's results are a fresh evaluate of its design, and the numbers and the
inspector show them. Whenever the history starts over (a preset) and at the end, undoing
everything gives back the exact design the history started from. Replaying the recorded commands
on a new window gives the same final design; saved, quit and started again, the window offers
nothing to recover and opens the file as it was.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from engine.design import Design
from tests.random_edits import (
    Command,
    Dice,
    check_window,
    close_window,
    flush,
    new_window,
    perform,
    run_edits,
)

SEED = 20_250_610
EDITS = 2_000


@pytest.fixture
def windows(lamina_app, tmp_path):
    opened = []

    def make(name: str, again: bool = False):
        folder = tmp_path / name
        folder.mkdir(exist_ok=again)
        window = new_window(folder)
        opened.append(window)
        return window

    yield make
    for window in opened:
        close_window(window)


def test_thousands_of_random_edits_break_nothing_and_replay(windows, qtbot):
    window = windows("first")
    start: Design = window.model.design

    def no_exception(i: int, command: Command) -> None:
        assert not exceptions, f"edit {i} {command} raised: {exceptions[0][1]!r}"

    with qtbot.captureExceptions() as exceptions:
        log = run_edits(window, Dice(SEED), EDITS, no_exception)
    assert not exceptions
    kinds = Counter(c.action for c in log)
    assert len(log) == EDITS + kinds["history"]
    for needed in ("component_fraction", "component_material", "drag", "undo", "redo", "preset"):
        assert kinds[needed] > 0, kinds
    done = {(c.action, c.target) for c in log}
    assert {("layers", "add"), ("layers", "remove"), ("layers", "move")} <= done
    assert ("combo", "anode.kind") in done
    assert any(a == "spin" and t.endswith("thickness_um") for a, t in done)
    assert any(a == "combo" and t.endswith(".material") for a, t in done)
    assert window.model.design != start  # the edits did something

    again = windows("replay")
    with qtbot.captureExceptions() as exceptions:
        for command in log:
            perform(again, command)
        check_window(again)
    assert not exceptions
    assert again.model.design == window.model.design
    assert again.model.selected == window.model.selected

    # Save, quit and start again in the same folders: nothing to recover, the file as it was.
    perform(window, Command("file", "save_as", "design-last.json"))
    last = window.model.design
    assert window.close()  # saved: no question asked
    flush(window)
    restarted = windows("first", again=True)
    questions: list[str] = []
    assert not restarted.offer_recovery(ask=lambda text: questions.append(text) or False)
    assert questions == []
    perform(restarted, Command("file", "open", "design-last.json"))
    assert restarted.model.design == last


def test_the_checks_catch_stale_results(windows):
    """check_window fails when the numbers are not those of the design (it can fail)."""
    window = windows("stale")
    window.model.set_field("separator[0].thickness_um", 45.0)
    flush(window)
    window.model.design = dataclasses.replace(window.model.design, name="changed behind")
    with pytest.raises(AssertionError):
        check_window(window)
