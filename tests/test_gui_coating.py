"""The cathode's Coating choice and Shell thickness in the inspector: coating the default cell's
NMC811 starts the shell at 5 nm (Yang et al. 2022, section 2.3.4, resources/defaults.json), a
typed thickness moves the mass and the resistance, each is one undo step, and the oxidation
warning of the uncoated composite goes."""

from __future__ import annotations

import pytest

from tests.test_gui_fields import _type


def test_coating_the_actives_from_the_inspector(window, qtbot):
    model = window.model
    model.select("cathode")
    assert "cathode.coating_thickness_nm" not in window.inspector.fields
    assert [w.code for w in model.results.warnings] == ["electrolyte_oxidized"]
    combo = window.inspector.fields["cathode.coating_material"]
    combo.setCurrentIndex(combo.findData("Li3InCl6"))
    model.flush()
    assert model.design.cathode.coating_material == "Li3InCl6"
    assert model.design.cathode.coating_thickness_nm == 5.0
    assert [w.code for w in model.results.warnings] == []  # the actives touch only Li3InCl6
    assert "Actives coated with 5 nm of Li3InCl6" in window.diagram.hover_text("cathode")
    from gui.plots.breakdown import breakdown  # noqa: PLC0415

    categories = {m.id: m.category for m in model.library.materials.values()}
    names = [s.name for s in breakdown(model.results, categories) if s.row == 2]
    assert names == ["NMC811 coated", "LPSCl", "VGCF", "PTFE"]  # the bar holds the powder
    # 20 nm typed: NMC811 (4.778 g/cm3, 5.22 um) under Li3InCl6 (2.7 g/cm3): the shells are
    # s = c / (1 + c) of the 20 mg/cm2 of powder, c = ((1 + 0.02 / 5.22)^3 - 1) / 4.778 x 2.7.
    qtbot.waitUntil(lambda: "cathode.coating_thickness_nm" in window.inspector.fields)
    _type(qtbot, window.inspector.fields["cathode.coating_thickness_nm"], "20")
    model.flush()
    assert model.design.cathode.coating_thickness_nm == 20.0
    c = ((1.0 + 0.02 / 5.22) ** 3 - 1.0) / 4.778 * 2.7
    assert float(model.results.coating_mg_cm2) == pytest.approx(20.0 * c / (1.0 + c), rel=1e-9)
    model.undo_stack.undo()
    assert model.design.cathode.coating_thickness_nm == 5.0
    combo = window.inspector.fields["cathode.coating_material"]
    qtbot.waitUntil(lambda: combo.currentData() == "Li3InCl6")
    combo.setCurrentIndex(combo.findData(""))
    model.flush()
    assert model.design.cathode.coating_material is None
    assert model.design.cathode.coating_thickness_nm is None
    qtbot.waitUntil(lambda: "cathode.coating_thickness_nm" not in window.inspector.fields)
    model.undo_stack.undo()
    assert model.design.cathode.coating_material == "Li3InCl6"
