"""The anode's Prelithiation box: offered for every anode but Li metal, checked it starts at the
Li that keeps the capacity whole, typed it moves the Li inventory; one undo step each."""

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
