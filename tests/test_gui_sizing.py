"""The window's geometry edits: an overhang typed in the inspector's Cell section and Edit > Size
cell, each one undo step through the model, a refusal shown with its reason and nothing lost.
The new design's cell is the shipped pouch: 20 unit cells of 60 x 50 mm at 4.2 mAh/cm2 (20 mg/cm2
NMC811 x 210 mAh/g), 2.52 Ah."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from gui.sizing_dialog import SizingDialog
from tests.test_gui_fields import _type


def test_an_anode_overhang_typed_in_the_inspector_widens_the_anode(window, qtbot):
    """1 mm past a 60 x 50 mm cathode: an anode of 62 x 52 mm = 32.24 cm2; -30 mm would leave a
    50 mm side nothing, and is refused by name."""
    window.model.select("cell")
    before = window.model.design
    spin = window.inspector.fields["overhang.anode_mm"]
    assert spin.suffix() == " mm"
    _type(qtbot, spin, "1")
    window.model.flush()
    assert window.model.design.overhang.anode_mm == 1.0
    assert float(window.model.results.areas.anode) == pytest.approx(32.24)
    _type(qtbot, spin, "-30")
    assert "leaves the anode no area" in window.inspector.message.text()
    assert window.model.design.overhang.anode_mm == 1.0
    window.model.undo_stack.undo()
    assert window.model.design == before


def test_size_cell_scales_the_pouch_to_five_amp_hours_and_undoes(window, qtbot):
    """5 Ah by area: each side sqrt(5 / 2.52) = 1.4086 x, 84.52 x 70.43 mm; by unit cells, 500
    Ah would need 3969 and is refused in the dialog, whose Size button is then off."""
    action = next(a for a in window.findChildren(QAction) if a.text() == "Si&ze cell…")
    assert action.shortcut() == QKeySequence("Ctrl+K")
    before = window.model.design
    dialog = SizingDialog(window.model, window)
    dialog.by.setCurrentIndex(dialog.by.findData("unit_cells"))
    dialog.value.setValue(500.0)
    assert "3969 unit cells" in dialog.refusal.text()
    assert not dialog.ok.isEnabled()
    dialog.by.setCurrentIndex(dialog.by.findData("area"))
    dialog.value.setValue(5.0)
    assert dialog.preview.text() == "Would change the electrodes 60 x 50 → 84.52 x 70.43 mm."
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    cell = window.model.design.cell_format
    assert (cell.width_mm, cell.height_mm) == pytest.approx((84.5154, 70.4295), abs=1e-4)
    window.model.flush()
    assert float(window.model.results.capacity_mAh) == pytest.approx(5000.0, rel=1e-9)
    window.model.undo_stack.undo()
    assert window.model.design == before


def test_the_diagram_draws_and_names_an_overhanging_layer_wider(window):
    """The separator 1.5 mm past a 60 x 50 mm cathode: 63 x 53 mm = 33.39 cm2, said on hover,
    and its rectangle drawn wider than the cathode's on either side."""
    window.model.set_field("overhang.separator_mm", 1.5)
    window.model.flush()
    diagram = window.diagram
    assert "over 33.39 cm²" in diagram.hover_text("separator[0]")
    assert "over 30 cm²" in diagram.hover_text("cathode")
    cathode, separator = diagram.layer_rect("cathode"), diagram.layer_rect("separator[0]")
    assert separator.left() < cathode.left()
    assert separator.right() > cathode.right()
