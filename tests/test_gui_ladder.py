"""The numbers panel shows each ladder figure's basis in words: both voltage bases for the
cathode levels, Wh/L at top of charge beside Wh/L at end of discharge, and the volume-change
option of the inspector as one undoable edit."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from engine.paths import resource_path


def _rows(window) -> list[str]:
    window.model.flush()
    table = window.numbers.ladder
    return [table.item(row, 0).text().strip() for row in range(table.rowCount())]


def _click(qtbot, table, row: int, column: int) -> None:
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.center()))


def test_a_li_in_cell_shows_the_cathode_levels_at_the_cell_voltage_too(window, qtbot):
    window.open_preset(resource_path("presets", "pan2023_li2s_lii_mos2.json"))
    rows = _rows(window)
    # Levels 1 and 2 (four rungs) each followed by their figures at the cell's 1.31 V.
    assert rows.count("at cell 1.31 V") == 4
    assert rows[rows.index("2  Cathode") + 1] == "at cell 1.31 V"
    bases = window.numbers.bases.text()
    assert "vs Li+/Li, 1.93 V" in bases
    assert "at top of charge" in bases
    table = window.numbers.ladder
    row = rows.index("2  Cathode")
    # Pan et al. 2023 (Batteries & Supercaps, DOI 10.1002/batt.202300427): 1020 Wh/kg at the
    # cathode level vs Li+/Li; at the cell voltage it is 1020 x 1.305 / 1.925 = 692.
    assert table.item(row, 1).text() == "1020"
    assert table.item(row + 1, 1).text() == "692"
    _click(qtbot, table, row + 1, 1)
    text = window.numbers.explanation.toPlainText()
    assert text.startswith("Specific energy at the cell voltage, cathode composite = 691")
    _click(qtbot, table, row, 3)
    assert window.numbers.explanation.toPlainText().startswith(
        "Energy density at end of discharge, cathode composite = 1667"
    )


def test_the_volume_change_option_is_one_undoable_edit(window, qtbot):
    table = window.numbers.ladder
    cell = _rows(window).index("5  Cell")
    assert table.item(cell, 2).text() != table.item(cell, 3).text()  # Li plates at charge
    box = window.inspector.fields["electrode_volume_change"]
    assert box.isChecked()
    box.click()
    window.model.flush()
    assert window.model.design.electrode_volume_change is False
    assert table.item(cell, 2).text() == table.item(cell, 3).text()
    assert "as built (volume change ignored)" in window.numbers.bases.text()
    window.model.undo_stack.undo()
    window.model.flush()
    assert window.model.design.electrode_volume_change is True
    assert box.isChecked()
    assert table.item(cell, 2).text() != table.item(cell, 3).text()
