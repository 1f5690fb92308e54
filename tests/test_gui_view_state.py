"""A view shows the design the model holds, always: an answer, a refusal or a choice made for
one design does not outlive it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from engine.paths import resource_path
from tests.test_gui_fields import _type
from tests.test_gui_plots import show_tab


def _flush(window) -> None:
    window.model.flush()
    QApplication.processEvents()


def test_a_goal_seek_answer_goes_with_its_design(window):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    panel.target.setValue(380.0)
    panel.solve.click()
    assert panel.apply_solution.isEnabled()
    assert "380" in panel.answer.text()
    window.open_preset(resource_path("presets", "hao2021_pto.json"))
    _flush(window)
    assert not panel.apply_solution.isEnabled()
    assert panel.answer.text() == ""


def test_an_applied_answer_stays_until_the_next_edit(window):
    show_tab(window, "sweep")
    panel = window.plots.sweep
    panel.target.setValue(380.0)
    panel.solve.click()
    panel.apply_solution.click()
    _flush(window)
    assert "380" in panel.answer.text()
    assert not panel.apply_solution.isEnabled()  # applied: nothing more to apply
    window.model.set_field("cathode.porosity", 0.2)
    _flush(window)
    assert panel.answer.text() == ""


def test_a_refusal_goes_with_its_design(window, qtbot):
    window.model.select("separator[0]")
    _type(qtbot, window.inspector.fields["separator[0].thickness_um"], "20000")
    assert window.inspector.message.text().startswith("Refused:")
    window.open_preset(resource_path("presets", "yang2022_fig1a.json"))
    _flush(window)
    assert window.inspector.message.text() == ""


def test_a_refused_switch_shows_the_designs_choice(window):
    """The default cathode's materials have no compaction law in the library, so its porosity
    cannot come from a pressing pressure: the chooser goes back to 'given'."""
    window.model.select("cathode")
    chooser = window.inspector.fields["cathode.porosity_from"]
    chooser.setCurrentIndex(chooser.findData("pressure"))
    _flush(window)
    assert "compaction" in window.inspector.message.text()
    assert window.inspector.fields["cathode.porosity_from"].currentData() == "given"
    assert window.model.design.cathode.porosity == 0.15


def test_a_porosity_derived_from_pressure_shows_its_value(window):
    """Li et al. 2021 (Adv. Mater., DOI 10.1002/adma.202008723, text on Fig. 4d): the S-Mo6S8
    hybrid is 91.8 % filled at 360 MPa, 8.2 % porosity; the greyed field shows that, not 0."""
    window.open_preset(resource_path("presets", "li2021_s_mo6s8.json"))
    window.model.select("cathode")
    window.inspector.fields["cathode.porosity_from"].setCurrentIndex(1)
    _flush(window)
    assert window.model.design.cathode.porosity is None
    spin = window.inspector.fields["cathode.porosity"]
    assert not spin.isEnabled()
    assert abs(spin.value() - 8.2) <= 0.2  # shown in %, one decimal


def test_goal_seek_over_values_the_field_refuses_says_so(window):
    """The bounds' boxes accept -50 um; a separator does not. Was: DesignError into Qt."""
    show_tab(window, "sweep")
    sweep = window.plots.sweep
    sweep.x_field.setCurrentIndex(sweep.x_field.findData("separator[0].thickness_um"))
    sweep.x_low.setValue(-50.0)
    sweep.x_high.setValue(10.0)
    sweep.solve.click()
    assert sweep.answer.text().startswith("Refused: Separator layer 1 thickness (µm)")
    assert not sweep.apply_solution.isEnabled()


def test_a_map_whose_layer_is_removed_stops_and_says_why(window):
    """Was: KeyError at each step of the map, into Qt."""
    show_tab(window, "sweep")
    window.model.select("separator[0]")
    window.model.add_layer("separator")
    _flush(window)
    sweep = window.plots.sweep
    sweep.y_field.setCurrentIndex(sweep.y_field.findData("separator[1].thickness_um"))
    sweep.map_check.setChecked(True)
    assert sweep._job is not None  # the map is under way
    window.model.remove_layer("separator[1]")  # its view catches up on the next turn
    sweep._map_step()
    assert sweep._job is None
    assert sweep.answer.text() == "Map stopped: the design no longer has the fields it varies."
