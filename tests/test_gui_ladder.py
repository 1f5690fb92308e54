"""The numbers panel shows each ladder figure's basis in words: both voltage bases for the
cathode levels, Wh/L at top of charge beside Wh/L at end of discharge, and the volume-change
option of the inspector as one undoable edit."""

from __future__ import annotations

import re

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox

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


def _figure(window, label: str) -> str:
    table = window.numbers.figures
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == label)
    return table.item(row, 1).text()


def test_the_li_inventory_follows_a_measured_coulombic_efficiency(window, qtbot):
    """The default cell's Li foil holds 6.3 mAh/cm2 of excess; LPSCl has no efficiency in the
    library. Ticking a measured one starts it at the starting value 0.99 (resources/defaults.json):
    each cycle loses 4.2 x 0.01 = 0.042 mAh/cm2, so the excess lasts 6.3 / 0.042 = 150 cycles
    and after 100 cycles all of the capacity is left; at 200 cycles 0.99^50 = 60.5 %."""
    window.model.flush()
    assert _figure(window, "Li excess") == "6.3 mAh/cm²"
    assert _figure(window, "After 100 cycles") == "no CE given"
    assert _figure(window, "N/P ratio") == "1.5 prac. / 1.14 theor."
    window.model.select("anode")
    box = next(
        b for b in window.inspector.findChildren(QCheckBox) if b.text() == "measured efficiency"
    )
    box.click()
    window.model.flush()
    assert window.model.design.anode.coulombic_efficiency == 0.99
    assert _figure(window, "Excess lasts") == "150 cycles"
    assert _figure(window, "After 100 cycles") == "100 % left"
    window.model.set_field("operating.cycles", 200.0)
    window.model.flush()
    assert _figure(window, "After 200 cycles") == "60.5 % left"
    row = [window.numbers.figures.item(r, 0).text() for r in range(11)].index("Excess lasts")
    _click(qtbot, window.numbers.figures, row, 1)
    assert window.numbers.explanation.toPlainText().startswith(
        "Capacity left after the cycles counted = 60.5"
    )


def test_the_key_figures_show_their_names_whole_at_1366_by_768(make_window):
    """Hao et al. 2021's pellet cell gives long values (an N/P of 127 on two bases, a Li excess
    lasting a thousand cycles): the names stay whole and the values take the rest."""
    window = make_window(size=(1366, 768))
    window.open_preset(resource_path("presets", "hao2021_pto.json"))
    window.model.flush()
    table = window.numbers.figures
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        name = table.item(row, 0).text()
        assert metrics.horizontalAdvance(name) < table.columnWidth(0), name
    # about 20.4 mAh/cm2 of excess over 0.163 x (1 - 0.88) a cycle: a whole number, not 1.05e+03
    assert re.fullmatch(r"10\d\d cycles", _figure(window, "Excess lasts"))
