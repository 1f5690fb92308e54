"""Tolerances in the window: typed in Edit > Tolerances, undone, refused by name, and the bands
in the numbers panel following them."""

from __future__ import annotations

import re

import pytest

from gui.design_model import FIRST_ORDER_EVERY_MS
from gui.tolerances_dialog import TOLERANCE, TolerancesDialog


def _row(dialog: TolerancesDialog, field: str) -> int:
    return dialog.fields.index(field)


def _type(qtbot, dialog: TolerancesDialog, field: str, text: str) -> None:
    dialog.table.item(_row(dialog, field), TOLERANCE).setText(text)
    qtbot.wait(10)  # the table refills on the next turn of the event loop


def _band_text(window, level: str) -> str:
    numbers = window.numbers
    for row in range(numbers.ladder.rowCount()):
        if numbers.ladder.item(row, 0).text().endswith(level):
            return numbers.ladder.item(row, numbers.band_column).text()
    raise AssertionError(level)


def test_a_typed_tolerance_is_an_undoable_edit_and_widens_the_band(window, qtbot):
    window.edit_tolerances()
    dialog = window.tolerances
    assert dialog is not None
    assert dialog.isVisible()
    # the library's stated tolerances are listed, in grey, as the library's
    capacity = _row(dialog, "cathode.components[0].capacity_mAh_g")
    assert dialog.table.item(capacity, TOLERANCE).text() == "5 %"
    assert dialog.table.item(capacity, 4).text() == "library (stated)"
    window.model.flush()
    before = window.model.bands.bands["ladder.cell.wh_per_kg"]
    # The loading weighed to 20 % (one s.d.): the cell's Wh/kg spreads far wider.
    _type(qtbot, dialog, "cathode.active_loading_mg_cm2", "20 %")
    window.model.flush()
    (tolerance,) = window.model.design.tolerances
    assert (tolerance.field, tolerance.amount, tolerance.relative) == (
        "cathode.active_loading_mg_cm2", 0.2, True,
    )  # fmt: skip
    after = window.model.bands.bands["ladder.cell.wh_per_kg"]
    assert after.high - after.low > 1.5 * (before.high - before.low)
    # 5-95 % of a near-normal spread: +-1.645 s.d.; here well over 1 %, shown to the percent
    assert _band_text(window, "Cell") == f"{(after.high - after.low) / 2 / after.median * 100:.0f}"
    window.model.undo_stack.undo()
    window.model.flush()
    qtbot.wait(10)
    assert window.model.design.tolerances == ()
    assert dialog.table.item(_row(dialog, "cathode.active_loading_mg_cm2"), TOLERANCE).text() == ""


def test_a_bad_tolerance_is_refused_by_name_and_the_design_kept(window, qtbot):
    window.edit_tolerances()
    dialog = window.tolerances
    design = window.model.design
    _type(qtbot, dialog, "cathode.porosity", "lots")
    assert "cathode.porosity: tolerance 'lots' is not a number" in dialog.message.text()
    _type(qtbot, dialog, "cathode.porosity", "150 %")
    assert "1.5 is outside the allowed range 0 to 1" in dialog.message.text()
    assert window.model.design == design
    assert dialog.table.item(_row(dialog, "cathode.porosity"), TOLERANCE).text() == ""


def test_the_distribution_follows_the_combo_and_the_tornado_moves_by_the_tolerance(window, qtbot):
    window.edit_tolerances()
    dialog = window.tolerances
    field = "separator[0].thickness_um"
    _type(qtbot, dialog, field, "3")  # 3 um on 30 um
    combo = dialog.table.cellWidget(_row(dialog, field), 3)
    combo.setCurrentText("uniform")
    qtbot.wait(10)
    (tolerance,) = window.model.design.tolerances
    assert (tolerance.amount, tolerance.relative, tolerance.distribution) == (3.0, False, "uniform")
    window.model.flush()
    from tests.test_gui_plots import show_tab  # noqa: PLC0415

    show_tab(window, "sensitivity")
    swing = next(s for s in window.plots.sensitivity.found.swings if s.field == field)
    assert (swing.low_value, swing.high_value) == (27.0, 33.0)
    assert swing.by == "±3 (uniform)"


def test_clicking_the_band_column_lists_the_inputs_drawn(window):
    numbers = window.numbers
    numbers.ladder.cellClicked.emit(0, numbers.band_column)
    text = numbers.explanation.toPlainText()
    assert text.startswith("Bands: 5–95 % of 10,000 draws of 7 uncertain inputs")
    assert "Cathode mean voltage (V vs Li+/Li) = 3.8, ±0.05 (normal, 1 s.d.)" in text
    assert (
        "5th to 95th percentile"
        in numbers.ladder.horizontalHeaderItem(numbers.band_column).toolTip()
    )


def test_the_voltage_plot_shades_the_discharge_band(window, qtbot):
    from tests.test_gui_plots import show_tab  # noqa: PLC0415

    show_tab(window, "voltage")
    plot = window.plots.voltage
    window.model.flush()

    def drawn() -> bool:
        x = plot.band.edges[0].getData()[0]
        return x is not None and len(x) > 0

    # to first order just after the curves (the edges only), then drawn when the edits pause
    qtbot.waitUntil(drawn, timeout=2000)
    qtbot.waitUntil(lambda: "(400 draws)" in plot.summary.text(), timeout=3000)
    low, high = (edge.getData()[1] for edge in plot.band.edges)
    assert len(low) > 10
    # drawn, not only held: the fill follows the edges' curves
    for edge in (*plot.band.edges, *plot.ragone_band.edges):
        assert len(edge.curve.getData()[0]) > 5
    assert (high >= low).all()
    assert "Shaded: the 5–95 % band from the tolerances (400 draws)" in plot.summary.text()
    # a loading known to 10 % (uniform) widens the band in mAh/cm2
    plot.axis.setCurrentIndex(1)
    window.edit_tolerances()
    _type(qtbot, window.tolerances, "cathode.active_loading_mg_cm2", "10 %")
    window.model.flush()
    # 1 s.d. of 10 %: the 5th and 95th percentiles at 1 -+ 1.645 x 0.1 of the loading, so the
    # delivered mAh/cm2 spans a factor 1.1645 / 0.8355 = 1.39, to first order and drawn
    # a cleared band's fill is emptied with its edges (a pyqtgraph curve set to no data keeps
    # its path: the fill stayed, stale, under the curve)
    for band in (plot.band, plot.ragone_band):
        band.clear()
        assert band.fill.path().isEmpty()
    plot._follow_bands()  # to first order: both bands follow, the words wait for the draws
    assert drawn()
    for band in (plot.band, plot.ragone_band):
        assert not band.fill.path().isEmpty()
    assert "(400 draws)" not in plot.summary.text()
    plot.draw_bands()
    found = re.search(r"delivered ([\d.]+)–([\d.]+) mAh/cm²", plot.summary.text())
    assert found is not None
    assert float(found[2]) / float(found[1]) == pytest.approx(1.39, rel=0.03)


def test_a_fields_context_menu_opens_its_tolerance(window, qtbot):
    """Right-click a field in the inspector, Tolerance…: Edit > Tolerances opens at that field,
    its tolerance ready to type."""
    window.model.select("separator[0]")
    window.model.flush()
    spin = window.inspector.fields["separator[0].thickness_um"]
    spin.tolerance_requested.emit()  # what the menu's action does
    dialog = window.tolerances
    assert dialog is not None
    assert dialog.isVisible()
    current = dialog.table.currentItem()
    assert current.column() == TOLERANCE
    assert dialog.fields[current.row()] == "separator[0].thickness_um"


def test_the_bands_follow_a_drag_to_first_order(window, qtbot):
    """The first edit after a while shows its design's bands at once, to first order (no stale
    bands of the design before); the Monte Carlo's replace them once edits pause."""
    model = window.model
    qtbot.wait(FIRST_ORDER_EVERY_MS + 50)  # no edit for a while
    model.set_field("cathode.active_loading_mg_cm2", 25.0)
    model.flush(bands=False)  # the edit is shown; the pause has not come
    assert model.bands is not None
    assert model.bands.linear
    assert "Bands while editing: 5–95 % to first order" in window.numbers.bases.text()
    cell = model.bands.bands["ladder.cell.wh_per_kg"]
    assert cell.median == pytest.approx(float(model.results.rung("cell").wh_per_kg), rel=1e-12)
    model.flush()
    assert not model.bands.linear
    assert "Bands: 5–95 % of 10,000 draws" in window.numbers.bases.text()
    drawn = model.bands.bands["ladder.cell.wh_per_kg"]
    assert drawn.low == pytest.approx(cell.low, rel=0.01)  # the two agree to about 1 %
    # Edits in quick succession: those within FIRST_ORDER_EVERY_MS of the last first-order
    # bands leave the bands as they are, which catch up with the design then, while edits go on.
    drawn_bands = model.bands
    model.set_field("cathode.active_loading_mg_cm2", 26.0)
    model.flush(bands=False)
    model.set_field("cathode.active_loading_mg_cm2", 27.0)
    model.flush(bands=False)
    assert model.bands is drawn_bands
    with qtbot.waitSignal(model.bands_changed, timeout=FIRST_ORDER_EVERY_MS * 3):
        pass  # the first-order bands' timer runs out before the pause's draws
    assert model.bands.linear
    assert model.bands.bands["ladder.cell.wh_per_kg"].median == pytest.approx(
        float(model.results.rung("cell").wh_per_kg), rel=1e-12
    )
