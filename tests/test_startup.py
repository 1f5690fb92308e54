"""Starting is cheap: `main.py --version` loads neither numpy, Qt nor the engine; the window
builds only the plot tab in view, after its first paint, and each other tab when first shown;
the first-paint report (bench/startup_speed.py) works. Timings are the bench's, not tested."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from numpy.testing import assert_allclose
from PySide6.QtWidgets import QApplication, QWidget

from engine.evaluate.trace import EXPLAINABLE
from engine.studies.curves import discharge_curve
from engine.version import version
from gui.design_model import DesignModel
from gui.plots.panel import TABS, PlotsPanel

ROOT = Path(__file__).resolve().parent.parent
HEAVY = {"numpy", "PySide6", "shiboken6", "pyqtgraph", "gui"}


def imported_by(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run main.py with args; what it printed and the modules it imported (-X importtime)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done, modules


@pytest.mark.parametrize("args", [("--version",), ("--help",)])
def test_version_and_help_load_nothing_heavy(args):
    done, modules = imported_by(*args)
    assert done.returncode == 0, done.stderr
    assert "engine.version" in modules  # the parse is seen: the version is read
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY) == []
    engine = {m for m in modules if m.split(".")[0] == "engine"}
    assert engine - {"engine._version"} == {"engine", "engine.version"}  # (a build's version)
    if args == ("--version",):
        assert done.stdout == f"Lamina {version()}\n"


def test_evaluate_help_still_names_what_explain_takes():
    done, modules = imported_by("evaluate", "--help")
    assert done.returncode == 0, done.stderr
    assert "engine.evaluate.trace" in modules  # loaded for this help only
    text = " ".join(done.stdout.split())  # argparse wraps the list
    assert f"also explain a number: {', '.join(EXPLAINABLE)}" in text


def test_the_panel_builds_the_tab_in_view_once_painted_and_no_other(lamina_app, qtbot):
    model = DesignModel()
    panel = PlotsPanel(model)
    qtbot.addWidget(panel)
    assert [t.attribute for t in TABS if panel.is_built(t.attribute)] == []
    assert panel.widget(0).objectName() == "voltage_plot"  # the placeholder, named as its plot
    panel.resize(1000, 300)
    panel.show()
    qtbot.waitUntil(lambda: panel.is_built("voltage"), timeout=10000)
    QApplication.processEvents()
    assert [t.attribute for t in TABS if panel.is_built(t.attribute)] == ["voltage"]
    assert panel.widget(0) is panel.voltage
    assert panel.currentIndex() == 0
    assert [panel.tabText(i) for i in range(panel.count())] == [t.title for t in TABS]
    assert [panel.widget(i).objectName() for i in range(panel.count())] == [
        t.object_name for t in TABS
    ]
    assert panel.voltage.curves  # drawn


def test_the_sweep_tabs_preset_requests_reach_the_panel(lamina_app, qtbot):
    panel = PlotsPanel(DesignModel())
    qtbot.addWidget(panel)
    asked = []
    panel.preset_requested.connect(asked.append)
    assert not panel.is_built("sweep")
    panel.sweep.preset_requested.emit(Path("x.json"))  # what a ready-made study emits
    assert asked == [Path("x.json")]
    assert panel.is_built("sweep")
    assert panel.currentIndex() == 0  # asking for a tab's plot does not show it


def test_each_tab_is_built_when_first_shown_and_draws_the_current_design(window, qtbot):
    plots = window.plots
    qtbot.waitUntil(lambda: plots.is_built("voltage"), timeout=10000)
    for tab in ("breakdown", "sweep", "pressure", "compare", "sensitivity"):
        assert not plots.is_built(tab)
    window.model.set_field("separator[0].thickness_um", 60.0)
    window.model.set_field("cathode.porosity", 0.2)
    window.model.flush()
    QApplication.processEvents()
    results = window.model.results
    for index, tab in enumerate(TABS):
        plots.setCurrentIndex(index)
        QApplication.processEvents()
        widget = plots.widget(index)
        assert plots.is_built(tab.attribute)
        assert widget is getattr(plots, tab.attribute)
        assert widget.isVisible()
        assert widget.objectName() == tab.object_name
        assert window.findChild(QWidget, tab.object_name) is widget  # no placeholder left
        assert plots.currentIndex() == index
    # Each draws the edited design, not the one of the start.
    mass = [s for s in plots.breakdown.segments if s.row == 0]
    assert_allclose([s.share for s in mass], [float(layer.mass_share) for layer in results.layers])
    assert_allclose(plots.pressure.data["layer.cathode.porosity"], 20.0)
    xs, ys = plots.sweep.curve.getData()
    loading = float(window.model.design.cathode.active_loading_mg_cm2)
    assert np.interp(loading, xs, ys) == pytest.approx(
        float(results.rung("cell").wh_per_kg), rel=1e-3
    )
    cell = next(values for label, values in plots.compare.rows if label == "Cell Wh/kg")
    assert cell[-1] == f"{float(results.rung('cell').wh_per_kg):.4g}"
    down = discharge_curve(window.model.design, window.model.library)
    assert_allclose(plots.voltage.discharge.getData()[1], down.voltage_V)


def test_a_tab_built_later_takes_the_theme(window, qtbot):
    """pyqtgraph's views start black; a tab built after the window takes the palette's base."""
    plots = window.plots
    plots.setCurrentIndex([t.attribute for t in TABS].index("breakdown"))
    QApplication.processEvents()
    base = QApplication.palette().base().color()
    views = plots.breakdown.findChildren(pg.GraphicsView)
    assert views
    assert {view.backgroundBrush().color().name() for view in views} == {base.name()}


def test_the_first_paint_report(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "LAMINA_"))}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"):
        (tmp_path / name).mkdir(mode=0o700)
        env[name] = str(tmp_path / name)
    env.update(HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen", LAMINA_REPORT_FIRST_PAINT="1")
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines()]
    assert [line[0] for line in lines] == ["first-paint", "plot-painted"]
    first, plot = (float(line[1]) for line in lines)
    assert 0 < first <= plot
