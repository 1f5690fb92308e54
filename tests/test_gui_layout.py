"""The plots get room and every plot reads whole: at 1366 x 768, 1280 x 800 and 1920 x 1080 no
axis title is cut, the pressure tab's four plots are all in view, a map has its colour scale, and
the voltage plot names its curves."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from tests.test_gui_plots import show_tab

SIZES = ((1366, 768), (1280, 800), (1920, 1080))
TABS = ("voltage", "breakdown", "sweep", "pressure", "compare", "sensitivity")


def cut_titles(panel) -> list[str]:
    """Axis titles longer than their axis: pyqtgraph clips them without a word."""
    cut = []
    for view in panel.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if not (isinstance(item, pg.AxisItem) and item.isVisible() and item.labelText):
                continue
            geometry = item.geometry()
            room = geometry.width() if item.orientation in ("bottom", "top") else geometry.height()
            if item.label.boundingRect().width() > room + 1:
                cut.append(f"{item.orientation}: {item.labelText}")
    return cut


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_axis_title_reads_whole(make_window, qtbot, size):
    window = make_window(size=size)
    qtbot.waitUntil(lambda: window.docks["plots"].height() >= 0.45 * window.height())
    window.plots.compare.pin_current()
    cut = {}
    for tab in TABS:
        show_tab(window, tab)
        if tab == "sweep":
            window.plots.sweep.map_check.setChecked(True)
            window.plots.sweep.finish_map()
        QApplication.processEvents()
        cut[tab] = cut_titles(window.plots.currentWidget())
    assert cut == {tab: [] for tab in TABS}


def test_the_four_pressure_plots_are_in_view(make_window):
    window = make_window(size=(1366, 768))
    show_tab(window, "pressure")
    view = window.plots.pressure.layout_widget
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for plot in window.plots.pressure.plots:
        assert visible.contains(plot.sceneBoundingRect()), plot.titleLabel.text


def test_a_map_has_a_colour_scale_with_its_result(window):
    show_tab(window, "sweep")
    sweep = window.plots.sweep
    assert not sweep.colour_bar.isVisible()
    sweep.map_check.setChecked(True)
    sweep.finish_map()
    assert sweep.colour_bar.isVisible()
    assert sweep.colour_bar.axis.labelText == "Cell Wh/kg"
    assert sweep.colour_bar.axis.labelUnits == "Wh/kg"
    low, high = sweep.colour_bar.levels()
    finite = sweep.last_map["values"]
    assert (low, high) == (pytest.approx(finite.min()), pytest.approx(finite.max()))


def test_the_voltage_plot_names_its_curves(window):
    show_tab(window, "voltage")
    title = window.plots.voltage.plot.getPlotItem().titleLabel.text
    for name in ("discharge", "charge", "OCV"):
        assert name in title


def test_a_first_window_fits_the_screen(make_window, qtbot):
    """No saved size: the window takes the screen's free area (up to 1920 x 1200), never more
    (a fixed 1366 x 768 overflowed a 1280 x 800 screen), once its panels have refit to it (the
    offscreen screen is 800 x 800: the side panels share a column)."""
    from gui.main_window import MainWindow  # noqa: PLC0415

    window = make_window()
    assert isinstance(window, MainWindow)
    free = window.screen().availableGeometry().size()
    qtbot.waitUntil(lambda: window.width() <= free.width())
    assert window.height() <= free.height()
    assert (window.width(), window.height()) != (1366, 768)


def test_the_voltage_summary_says_where_the_discharge_ended(window):
    """The default NMC811 cell at 0.1C fills its actives' surfaces before 2.5 V: the summary
    says the cathode ended it, at the voltage the curve ends at, not 'to 2.5 V'."""
    show_tab(window, "voltage")
    plot = window.plots.voltage
    end = float(plot.curves["discharge"].voltage_V[-1])
    assert end > 2.5
    assert f"ended by the cathode at {end:.3g} V, before the 2.5 V cut-off" in plot.summary.text()


def test_the_diagram_stays_put_when_the_selection_moves(window):
    """The selected layer's label is bold, so wider: the drawing kept shifting sideways."""
    where = []
    for key in ("cathode", "separator[0]", "anode", "cathode_collector"):
        window.model.select(key)
        QApplication.processEvents()
        where.append(window.diagram.mapFromScene(0.0, 0.0).x())
    assert len(set(where)) == 1


def test_sweep_bounds_show_their_unit_and_the_scale_reads_in_the_theme(window):
    show_tab(window, "sweep")
    sweep = window.plots.sweep
    assert sweep.x_low.suffix() == " mg/cm²"  # the default sweep: the cathode's active loading
    sweep.map_check.setChecked(True)
    sweep.finish_map()
    text = QApplication.palette().text().color().name()
    assert sweep.colour_bar.axis.labelStyle["color"] == text


def test_larger_text_reaches_the_tables_and_the_plots_and_says_its_size(window):
    ladder = window.numbers.ladder
    row = ladder.rowHeight(0)
    try:
        window.zoom(1)
        window.zoom(1)
        window.model.flush()
        QApplication.processEvents()
        assert window.statusBar().currentMessage() == "Text size 130%"
        assert ladder.rowHeight(0) > row  # rows fit the larger text, digits not clipped
        axis = window.plots.voltage.plot.getPlotItem().getAxis("bottom")
        assert axis.labelStyle["font-size"] == "11.7pt"  # 0.9 of 13 pt
    finally:
        window.zoom(0)
    assert window.statusBar().currentMessage() == "Text size 100%"


def test_the_key_figures_stay_put_while_the_bands_follow_the_edits(make_window):
    """The sentence under the ladder says what the bands are drawn from: to first order while
    an edit is fresh, from draws once the edits pause. Its two forms wrap to different numbers
    of lines; the key figures below it stay where they are as it changes back and forth."""
    window = make_window(size=(1366, 768))
    window.model.select("separator[0]")
    spin = window.inspector.fields["separator[0].thickness_um"]
    figures, bases = window.numbers.figures, window.numbers.bases
    seen, sentences = set(), set()
    for thickness in (31.0, 32.0, 33.0):
        spin.setValue(thickness)
        window.model.flush(bands=False)  # the first-order bands, while editing
        QApplication.processEvents()
        seen.add(figures.y())
        sentences.add(bases.text())
        window.model.draw_bands()  # the edits paused: the bands from draws
        QApplication.processEvents()
        seen.add(figures.y())
        sentences.add(bases.text())
    assert len(sentences) == 2
    assert len(seen) == 1
