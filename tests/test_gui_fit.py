"""The window fits a classroom's screens at the text sizes a class reads: on 1024 x 768 and
1280 x 800, at 100 %, 150 % and 200 %, the window is no larger than the screen, no side panel
hides contents it cannot scroll to, no table column is narrower than its contents, the voltage
summary has room for all its lines and no plot's axis title is cut. Each size runs in a process
of its own (tests/fit_probe.py): the screen's size is fixed when Qt starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gui.theme import ZOOM_STEPS

PROBE = Path(__file__).with_name("fit_probe.py")
CASES = [(screen, zoom) for screen in ((1024, 768), (1280, 800)) for zoom in (1.0, 1.5, 2.0)]


@pytest.mark.parametrize(("screen", "zoom"), CASES, ids=[f"{w}x{h}-{z:.0%}" for (w, h), z in CASES])
def test_nothing_is_cut_or_off_the_screen(screen, zoom, tmp_path):
    width, height = screen
    step = ZOOM_STEPS.index(zoom)
    run = subprocess.run(
        [sys.executable, str(PROBE), str(width), str(height), str(step), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["window"][0] <= width
    assert found["window"][1] <= height
    assert found["unreachable"] == []
    assert found["squeezed_columns"] == []
    assert found["summary_short_by"] == 0
    assert found["cut_axis_titles"] == {}


def test_a_text_size_saved_last_time_reaches_the_diagram(make_window, settings, qtbot):
    """The diagram is drawn before the saved text size is restored: its labels must follow,
    as they do a zoom (they stayed at 100 % beside 150 % panels)."""
    from gui.theme import BASE_POINT_SIZE, DEFAULT_ZOOM_STEP, apply_zoom  # noqa: PLC0415

    step = ZOOM_STEPS.index(1.5)
    settings.setValue("view/zoom_step", step)
    try:
        window = make_window()
        expected = BASE_POINT_SIZE * 1.5  # 15 pt
        qtbot.waitUntil(lambda: window.diagram.scale_note.font().pointSizeF() == expected)
    finally:
        apply_zoom(DEFAULT_ZOOM_STEP)


def test_the_answer_comes_into_view_in_a_short_lesson_panel(make_window, qtbot):
    """At large text on a small screen the lesson panel shows a few lines: once the student
    asks for the answer, the panel scrolls to it and to what to notice (here both fit)."""
    from engine.paths import resource_path  # noqa: PLC0415

    window = make_window()
    window.lesson_menu.open(resource_path("lessons", "1_thick_electrodes.json"))
    panel = window.lesson_panel
    window.docks["lesson"].setMaximumHeight(220)  # a few lines, as at 200 % on 1024 x 768
    qtbot.waitUntil(lambda: panel.viewport().height() < panel.widget().height() / 2)
    panel.prediction.setText("250")
    panel.make_step()

    def in_view(label) -> bool:
        top = label.mapTo(panel.widget(), label.rect().topLeft()).y()
        seen = panel.verticalScrollBar().value()
        return seen <= top and top + label.height() <= seen + panel.viewport().height()

    qtbot.waitUntil(lambda: in_view(panel.answer) and in_view(panel.notice))


def test_plot_titles_and_legends_grow_with_the_text(window, qtbot):
    """At 150 % the Ragone plot's title (10 pt at 100 %) is 15 pt, as the axes grow, and the
    voltage plot's legend line (8 pt) grows up to 12 pt (less if the plot is too narrow for
    it: the test's screen is 800 pixels wide); back at 100 % they are as they were."""
    from gui.theme import DEFAULT_ZOOM_STEP  # noqa: PLC0415

    voltage = window.plots.voltage
    legend = voltage.plot.getPlotItem().titleLabel
    title = voltage.ragone_plot.getPlotItem().titleLabel

    def points(label) -> float:
        return float(label.opts["size"].removesuffix("pt"))

    assert (points(legend), points(title)) == (8.0, 10.0)
    for _ in range(ZOOM_STEPS.index(1.5) - DEFAULT_ZOOM_STEP):
        window.zoom(1)
    try:
        qtbot.waitUntil(lambda: points(title) == 15.0)
        assert 8.0 < points(legend) <= 12.0
    finally:
        window.zoom(0)
    qtbot.waitUntil(lambda: (points(legend), points(title)) == (8.0, 10.0))
