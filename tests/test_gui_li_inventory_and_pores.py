"""The anode's Prelithiation box (offered for every anode but Li metal, checked it starts at the
Li that keeps the capacity whole, typed it moves the Li inventory) and the cell's Pores hold
choice (a liquid electrolyte or nothing); one undo step each, a refusal changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox


def _box(window) -> QCheckBox | None:
    found = [
        b
        for b in window.inspector.findChildren(QCheckBox)
        if b.text() == "Li added before assembly"
    ]
    visible = [b for b in found if b.isVisibleTo(window.inspector)]
    return visible[0] if visible else None


def test_prelithiation_is_offered_checked_and_typed(window, qtbot):
    """The new design's Li foil takes none; made anode-free it does. Its NMC811 cathode is built
    lithiated and no first-cycle loss is known, so nothing is lacking and the box starts at 0;
    3 mAh/cm2 typed is 3 x 4.851 = 14.55 um of Li on the collector."""
    model = window.model
    model.select("anode")
    assert _box(window) is None  # a Li metal anode is all Li
    model.set_anode_kind("anode_free")
    before = model.design
    qtbot.waitUntil(lambda: _box(window) is not None)
    box = _box(window)
    assert box is not None
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    model.flush()
    assert model.design.anode.prelithiation_mAh_cm2 == 0.0
    qtbot.waitUntil(lambda: "anode.prelithiation_mAh_cm2" in window.inspector.fields)
    spin = window.inspector.fields["anode.prelithiation_mAh_cm2"]
    assert spin.suffix() == " mAh/cm²"
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "3")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    model.flush()
    assert model.design.anode.prelithiation_mAh_cm2 == 3.0
    assert float(model.results.layer("anode").thickness_um) == pytest.approx(
        3.0 * 1e4 / (0.534 * 3860.0), rel=1e-3
    )
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert model.design == before


def test_pores_hold_a_liquid_or_nothing(window, qtbot):
    """The Li-ion reference's membrane needs its liquid: choosing nothing is refused by name and
    the design stays; on the solid-state default cell the liquid fills the cathode's 15 % pores:
    15 % of its thickness x 1.28 g/cm3 more per cm2."""
    from engine.paths import resource_path  # noqa: PLC0415

    model = window.model
    model.select("cell")
    before = float(model.results.layer("cathode").mass_mg_cm2)
    thickness = float(model.results.layer("cathode").thickness_um)
    combo = window.inspector.fields["liquid_electrolyte"]
    combo.setCurrentIndex(combo.findData("LiPF6-EC:EMC"))
    model.flush()
    after = float(model.results.layer("cathode").mass_mg_cm2)
    assert after - before == pytest.approx(0.15 * thickness * 0.1 * 1.28, rel=1e-9)
    model.undo_stack.undo()
    assert model.design.liquid_electrolyte is None
    window.open_preset(resource_path("presets", "chen2020_lgm50_li_ion.json"))
    model.select("cell")
    qtbot.waitUntil(lambda: "liquid_electrolyte" in window.inspector.fields)
    combo = window.inspector.fields["liquid_electrolyte"]
    reference = model.design
    combo.setCurrentIndex(combo.findData(""))
    assert model.design == reference
    assert "conducts ions only through a liquid" in window.inspector.message.text()
    assert combo.currentData() == "LiPF6-EC:EMC"
