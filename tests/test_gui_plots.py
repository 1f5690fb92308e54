"""The plots show the engine's numbers and act on the design through the model."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from numpy.testing import assert_allclose
from PySide6.QtWidgets import QApplication

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.materials import shipped_library
from gui.main_window import MainWindow
from gui.plots.export import save_csv, save_svg
from gui.plots.ranges import nice_bounds
from tests.presets import preset


@pytest.fixture
def window(make_window):
    return make_window(size=(1366, 900))


def show_tab(win: MainWindow, name: str) -> None:
    win.plots.setCurrentWidget(getattr(win.plots, name))
    win.model.flush()
    QApplication.processEvents()


def test_breakdown_shares_are_the_engines(window):
    show_tab(window, "breakdown")
    results = window.model.results
    mass = [s for s in window.plots.breakdown.segments if s.row == 0]
    assert [s.name for s in mass] == [layer.label for layer in results.layers]
    assert_allclose([s.share for s in mass], [float(layer.mass_share) for layer in results.layers])
    summary = window.plots.breakdown.summary.text()
    # The default cell: NMC811 is 70 % of 17.14 g of cathode and Li the whole 0.98 g anode, so
    # 1 - (0.7 * 17.14 + 0.979) / 26.85 = 51.7 % of the cell's mass is inactive.
    assert summary.startswith("Inactive: 52% of the cell's mass")


def test_sweep_curve_matches_evaluate_and_a_click_sets_the_design(window):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    assert panel.x_field.currentData() == "cathode.active_loading_mg_cm2"
    xs, ys = panel.curve.getData()
    design = window.model.design
    check = evaluate(
        replace_field(design, "cathode.active_loading_mg_cm2", xs[::50]), shipped_library()
    )
    assert_allclose(ys[::50], check.rung("cell").wh_per_kg)
    panel.set_point({"cathode.active_loading_mg_cm2": 12.5})
    assert window.model.design.cathode.active_loading_mg_cm2 == 12.5
    window.undo_stack.undo()
    assert window.model.design.cathode.active_loading_mg_cm2 == 20.0


def test_goal_seek_finds_and_applies_a_loading(window):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    panel.target.setValue(380.0)
    panel.goal_seek()
    assert panel.apply_solution.isEnabled()
    panel.apply_solution.click()
    window.model.flush()
    assert float(window.model.results.rung("cell").wh_per_kg) == pytest.approx(380.0, rel=1e-3)
    panel.target.setValue(900.0)
    panel.goal_seek()
    assert "no value of cathode.active_loading_mg_cm2" in panel.answer.text()


def test_a_sweep_asked_while_hidden_first_catches_up_with_the_design(window):
    """The sweep tab keeps its fields while hidden; a redraw or a goal seek asked of it then
    (its range boxes, a shortcut) read the field of a design the model no longer holds, None
    for the cathode's loading once it is sized by thickness (TypeError raised into Qt)."""
    show_tab(window, "sweep")
    panel = window.plots.sweep
    assert panel.x_field.currentData() == "cathode.active_loading_mg_cm2"
    show_tab(window, "breakdown")
    by_thickness = replace_field(window.model.design, "cathode.active_loading_mg_cm2", None)
    window.model.new(replace_field(by_thickness, "cathode.thickness_um", 80.0))
    window.model.flush()
    panel.redraw()
    assert panel.x_field.currentData() == "cathode.thickness_um"
    panel.goal_seek()
    assert panel.answer.text().startswith("Composite cathode: thickness = ")


def test_preset_sweep_redraws_fig1a_with_the_papers_points(window):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    index = next(i for i in range(panel.presets.count()) if "Fig. 1A" in panel.presets.itemText(i))
    panel._preset_chosen(index)
    show_tab(window, "sweep")
    assert window.model.design.name.startswith("Yang 2022")
    xs, ys = panel.reference.getData()
    assert list(xs) == [5.0, 10.0, 20.0]
    curve_x, curve_y = panel.curve.getData()
    assert_allclose(np.interp(xs, curve_x, curve_y), ys, rtol=0.02)  # as tests/test_papers.py


def test_map_runs_in_steps_and_can_be_cancelled(window, qtbot):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    panel.map_check.setChecked(True)
    assert panel.progress.isVisible()
    panel.cancel_map()
    assert not panel.progress.isVisible()
    panel.redraw()
    qtbot.waitUntil(lambda: not panel.progress.isVisible(), timeout=10000)
    values = panel.last_map["values"]
    assert np.isfinite(values).all()


def test_pressure_plot_follows_a_pressed_cathode(window):
    window.model.select("cathode")
    window.model.flush()
    chooser = window.inspector.fields["cathode.porosity_from"]
    chooser.setCurrentIndex(chooser.findData("pressure"))
    window.model.flush()
    # The default cathode's powders carry no compaction data: refused, with the reason.
    assert window.model.design.cathode.porosity == 0.15
    assert "Refused" in window.inspector.message.text()
    show_tab(window, "pressure")
    data = window.plots.pressure.data
    assert data["pressure_MPa"][0] == 0.0
    assert_allclose(data["layer.cathode.porosity"], 15.0)  # given porosity: flat, in %


def test_a_pressure_that_cannot_be_swept_leaves_nothing_of_the_design_before(window, monkeypatch):
    """When the sweep of a pressure is refused, the tab says why and neither draws nor exports
    the curves of the design before."""
    from engine.problems import DesignError, Problem  # noqa: PLC0415
    from gui.plots import pressure  # noqa: PLC0415

    show_tab(window, "pressure")
    panel = window.plots.pressure
    assert all(len(curve.getData()[0]) > 10 for curve in panel.curves)

    def refuse(design, library):
        raise DesignError([Problem("operating.stack_pressure_MPa", "not today")])

    monkeypatch.setattr(pressure, "evaluate", refuse)
    window.model.set_field("separator[0].thickness_um", 31.0, "thicker")
    window.model.flush()
    assert panel.note.text().startswith("Cannot sweep this pressure: ")
    assert all(curve.getData()[0] is None or len(curve.getData()[0]) == 0 for curve in panel.curves)
    assert panel.table()[1] == []
    monkeypatch.undo()
    window.undo_stack.undo()
    window.model.flush()
    assert len(panel.table()[1]) == len(panel.curves[0].getData()[0]) > 10


def test_exports_write_files(window, tmp_path):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    save_csv(panel.table(), tmp_path / "sweep.csv")
    rows = list(csv.reader((tmp_path / "sweep.csv").read_text().splitlines()))
    assert rows[0] == ["cathode.active_loading_mg_cm2", "ladder.cell.wh_per_kg"]
    assert len(rows) == 201
    save_svg(panel.plot, tmp_path / "sweep.svg")
    assert "<svg" in (tmp_path / "sweep.svg").read_text()


def test_compare_lists_what_differs(window):
    show_tab(window, "compare")
    panel = window.plots.compare
    panel.pin_current()
    window.model.set_field("separator[0].thickness_um", 60.0)
    window.model.flush()
    QApplication.processEvents()
    labels = [label for label, _values in panel.rows]
    assert labels[0] == "separator[0].thickness_um"
    assert panel.rows[0][1] == ["30.0", "60.0"]
    cell = next(values for label, values in panel.rows if label == "Cell Wh/kg")
    pinned = float(panel.pinned[0].results.rung("cell").wh_per_kg)
    assert cell == [f"{pinned:.4g}", f"{float(window.model.results.rung('cell').wh_per_kg):.4g}"]
    assert len(panel.bars) == 2
    first, second = (item.getData() for item in panel.curve_items[:2])
    assert first[1][0] != pytest.approx(second[1][0], abs=1e-6)  # thicker separator, more drop
    window.model.set_field("separator[0].thickness_um", 30.0)  # back as pinned: no field differs
    window.model.flush()
    QApplication.processEvents()
    assert panel.rows[0][0] == "Cell Wh/kg"
    assert panel.table.rowCount() == len(panel.rows)
    shown = [panel.table.item(0, column).text() for column in range(2)]
    assert shown == [f"{pinned:.4g}", f"{pinned:.4g}"]
    heights = [list(bar.opts["height"]) for bar in panel.bars]
    assert heights[1] == heights[0]  # the current design's bars are the pinned one's again
    assert heights[1][-1] == pytest.approx(pinned)  # the last bar is the cell


def test_voltage_plot_draws_the_engines_curves_and_edits_the_rate(window, qtbot):
    from engine.studies.curves import discharge_curve  # noqa: PLC0415

    show_tab(window, "voltage")
    panel = window.plots.voltage
    panel.axis.setCurrentIndex(panel.axis.findData("mAh/cm²"))
    xs, ys = panel.discharge.getData()
    curve = discharge_curve(window.model.design, window.model.library)
    assert_allclose(xs, curve.capacity_mAh_cm2)
    assert_allclose(ys, curve.voltage_V)
    panel.axis.setCurrentIndex(panel.axis.findData("mAh/g"))
    xs_g, _ = panel.discharge.getData()
    # 20 mg/cm2 of NMC811: mAh/cm2 * 1000 / 20 = mAh/g
    assert_allclose(xs_g, curve.capacity_mAh_cm2 * 1000 / 20.0)
    panel.rate.setValue(1.0)
    window.model.flush()
    assert window.model.design.operating.c_rate == 1.0
    fast = discharge_curve(window.model.design, window.model.library)
    assert float(fast.delivered_mAh_cm2) < float(curve.delivered_mAh_cm2)  # less at 1C
    window.undo_stack.undo()
    assert window.model.design.operating.c_rate == 0.1
    fan_x, fan_y = panel.ragone_curve.getData()
    assert len(fan_x) == len(fan_y) > 10
    assert panel.table()[0][4] == "loss_separator_V"


def test_a_design_without_a_curve_leaves_nothing_of_the_one_before(window, tmp_path):
    """A user's cathode active without an open-circuit curve has energies but no voltage curve:
    the tab says why, and no curve, band or Ragone point of the design before stays drawn or
    exported under it. Undo brings them back."""
    import json  # noqa: PLC0415

    from engine.materials import load_library  # noqa: PLC0415

    values = {key: {"value": value, "ref": "my-lab"} for key, value in (
        ("density_g_cm3", 4.0), ("capacity_theoretical_mAh_g", 200.0),
        ("capacity_practical_mAh_g", 180.0), ("voltage_avg_V", 3.7))}  # fmt: skip
    material = {"id": "my-cathode", "category": "cathode_active", "values": values}
    (tmp_path / "mine.json").write_text(
        json.dumps({"format": "lamina-materials", "version": 1, "materials": [material]})
    )
    window.model.set_library(load_library(tmp_path))
    show_tab(window, "voltage")
    panel = window.plots.voltage
    panel.draw_bands()

    def points(item) -> int:
        x = item.getData()[0]  # None once emptied
        return 0 if x is None else len(x)

    drawn = (panel.discharge, panel.charge, panel.ocv, panel.ragone_curve, *panel.band.edges)
    assert all(points(item) > 10 for item in drawn)
    window.model.set_field("cathode.components[0].material", "my-cathode", "my-cathode")
    window.model.flush()
    assert panel.summary.text().startswith(
        "No curve for this design: cathode.components[0].material: 'my-cathode' has no "
        "open-circuit curve"
    )
    for item in (*drawn, *panel.ragone_band.edges, panel.ragone_here):
        assert points(item) == 0
    assert panel.band.fill.path().isEmpty()
    assert panel.ragone_band.fill.path().isEmpty()
    assert panel.table()[1] == []
    assert panel.ragone_table()[1] == []
    window.undo_stack.undo()
    window.model.flush()
    assert points(panel.discharge) == len(panel.table()[1]) // 2 > 10
    assert panel.summary.text().startswith("Discharge at 0.1 C")


def test_a_discharge_that_delivers_nothing_says_where_it_starts(window):
    """Yang et al. 2022's 65.8 um cathode at 5C: 5 x 4.2 mAh/cm2 = 21 mA/cm2 through it puts the
    voltage under the 2.5 V cut-off at once. The summary says nothing was delivered and the
    voltage it starts at, not a mean voltage of no capacity."""
    import re  # noqa: PLC0415

    from engine.paths import resource_path  # noqa: PLC0415

    window.model.open_template(resource_path("presets", "yang2022_fig1a.json"))
    show_tab(window, "voltage")
    panel = window.plots.voltage
    assert "; mean 3.5" in panel.summary.text()  # 0.1C: about 200 mAh/g at a mean of 3.56 V
    window.model.set_field("operating.c_rate", 5.0, "5C")
    window.model.flush()
    text = panel.summary.text()
    assert text.startswith("Discharge at 5 C")
    said = (
        r"nothing delivered: under this current the voltage starts at ([\d.]+) V, already below "
        r"the 2.5 V cut-off; at rest 20[0-9.]+ mAh/g"
    )
    found = re.search(said, text)
    assert found is not None, text
    assert float(found.group(1)) < 2.5
    assert "mean" not in text
    panel.draw_bands()
    assert panel.summary.text().endswith(  # the band's 95th percentile delivers 0
        "95 % or more of 400 draws from the tolerances deliver nothing."
    )
    low, high = panel.plot.getViewBox().viewRange()[0]  # capacity 0 to 1, padded 3 %
    assert low == pytest.approx(-0.03)
    assert high == pytest.approx(1.03)


def test_c_rate_is_a_sweep_field_when_the_ladder_uses_the_curve(window):
    import dataclasses  # noqa: PLC0415

    show_tab(window, "sweep")
    panel = window.plots.sweep
    assert panel.x_field.findData("operating.c_rate") < 0  # nominal energy: rate-independent
    window.model.apply(dataclasses.replace(window.model.design, energy_basis="curve"), "curve")
    window.model.flush()
    QApplication.processEvents()
    panel.x_field.setCurrentIndex(panel.x_field.findData("operating.c_rate"))
    _xs, ys = panel.curve.getData()
    assert ys[0] > ys[-1]  # the cell delivers less energy at 5C than at C/20


def test_active_fraction_sweep_and_a_click_rescale_the_cathode(window):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    panel.x_field.setCurrentIndex(panel.x_field.findData("cathode.active_fraction"))
    panel.result.setCurrentIndex(panel.result.findText("Cathode Wh/kg"))
    xs, ys = panel.curve.getData()
    # At a fixed active loading the cathode's energy stays, its mass is loading / a: so its
    # Wh/kg is a * 210 mAh/g * 3.8 V (the default NMC811, both library values).
    assert_allclose(ys, xs * 210 * 3.8, rtol=1e-9)
    shares = [c.mass_fraction for c in window.model.design.cathode.components]
    assert shares[0] == 0.7
    panel.set_point({"cathode.active_fraction": 0.8})
    after = [c.mass_fraction for c in window.model.design.cathode.components]
    assert after[0] == pytest.approx(0.8)
    assert_allclose(after[1:], np.array(shares[1:]) * 0.2 / 0.3)  # the rest keep proportions
    window.undo_stack.undo()
    assert [c.mass_fraction for c in window.model.design.cathode.components] == shares


def test_nice_bounds_round_outwards_to_a_readable_step():
    assert nice_bounds(0.0, 4.23) == pytest.approx((0.0, 4.5))  # span 4.23: step 0.5
    assert nice_bounds(2.87, 4.31) == pytest.approx((2.8, 4.4))  # span 1.44: step 0.2
    assert nice_bounds(0.0, 203.5) == pytest.approx((0.0, 220.0))  # span 203.5: step 20
    assert nice_bounds(15.0, 15.0) == pytest.approx((14.2, 15.8))  # flat: 15 +- 0.75, step 0.2
    assert nice_bounds(0.0, 0.0) == pytest.approx((0.0, 1.0))  # nothing delivered: no -0.5
    assert nice_bounds(-2.0, -2.0) == pytest.approx((-2.1, -1.9))  # flat: -2 +- 0.1, step 0.02


def test_voltage_axes_hold_through_a_small_edit_and_show_all_the_curve(window):
    show_tab(window, "voltage")
    plot = window.plots.voltage
    plot.axis.setCurrentIndex(1)  # mAh/cm2
    before = plot.plot.getViewBox().viewRange()
    window.model.set_field("separator[0].thickness_um", 31.0)  # a hair more ohmic drop
    window.model.flush()
    QApplication.processEvents()
    (x0, x1), (y0, y1) = plot.plot.getViewBox().viewRange()
    assert [[x0, x1], [y0, y1]] == before  # the same axes: nothing to lay out again
    for item in (plot.discharge, plot.charge, plot.ocv):
        xs, ys = item.getData()
        assert x0 <= xs.min()
        assert xs.max() <= x1
        assert y0 <= ys.min()
        assert ys.max() <= y1
    window.model.set_field("cathode.active_loading_mg_cm2", 40.0)  # twice the capacity
    window.model.flush()
    QApplication.processEvents()
    xs, _ys = plot.discharge.getData()  # the range follows the data out of its bounds
    assert plot.plot.getViewBox().viewRange()[0][1] >= xs.max() > before[0][1]


def test_a_users_zoom_holds_until_the_auto_button(window):
    show_tab(window, "voltage")
    plot = window.plots.voltage
    plot.axis.setCurrentIndex(1)  # mAh/cm2, which the edit below doubles
    view = plot.plot.getViewBox()
    view.scaleBy((0.5, 0.5))  # as the mouse wheel does
    view.sigRangeChangedManually.emit([True, True])
    zoomed = view.viewRange()
    window.model.set_field("cathode.active_loading_mg_cm2", 40.0)
    window.model.flush()
    QApplication.processEvents()
    assert view.viewRange() == zoomed
    button = plot.plot.getPlotItem().autoBtn
    button.clicked.emit(button)
    xs, _ys = plot.discharge.getData()
    assert view.viewRange()[0][1] >= xs.max()
    assert view.viewRange() != zoomed


def test_sweep_offers_porosity_or_the_pressure_that_sets_it(window):
    import dataclasses  # noqa: PLC0415

    show_tab(window, "sweep")
    panel = window.plots.sweep
    offered = [panel.x_field.itemData(i) for i in range(panel.x_field.count())]
    assert "cathode.porosity" in offered
    assert "separator[0].porosity" in offered
    assert "anode.porosity" not in offered  # Li foil: no pores
    assert "anode.n_p_ratio" in offered  # the Li excess
    # Separator porosity at a fixed thickness: its mass, so the cell's, falls linearly.
    panel.x_field.setCurrentIndex(panel.x_field.findData("separator[0].porosity"))
    panel.result.setCurrentIndex(panel.result.findText("Cell mass"))
    xs, ys = panel.curve.getData()
    slope = np.diff(ys) / np.diff(xs)
    assert slope[0] < 0
    assert_allclose(slope, slope[0], rtol=1e-6)
    hybrid = preset("li2021_s_mo6s8")  # S8 and Mo6S8 have compaction laws (Li 2021, Fig. 3)
    cathode = dataclasses.replace(hybrid.cathode, porosity=None, pressing_pressure_MPa=360.0)
    window.model.apply(dataclasses.replace(hybrid, cathode=cathode), "pressed hybrid")
    window.model.flush()
    QApplication.processEvents()
    offered = [panel.x_field.itemData(i) for i in range(panel.x_field.count())]
    assert "cathode.pressing_pressure_MPa" in offered  # it sets the porosity now
    assert "cathode.porosity" not in offered


def test_a_design_pinned_right_after_an_edit_is_pinned_with_its_own_results(window):
    """Pin within the recompute's delay after an edit: the pinned results are the edited
    design's (a 60 um separator weighs twice a 30 um one), not the last ones computed."""
    show_tab(window, "compare")
    panel = window.plots.compare
    window.model.flush()
    before = float(window.model.results.layer("separator[0]").mass_mg_cm2)
    window.model.set_field("separator[0].thickness_um", 60.0)
    panel.pin_current()  # no flush in between
    pinned = panel.pinned[0]
    assert pinned.design.separator[0].thickness_um == 60.0
    assert float(pinned.results.layer("separator[0]").mass_mg_cm2) == pytest.approx(2 * before)
