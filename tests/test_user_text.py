"""Names from someone else's file stay text: a spreadsheet does not run "=HYPERLINK(...)" from a
CSV, and a label does not render a name's markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from engine.io.results_table import results_csv, spreadsheet_safe
from gui.plots.export import save_csv
from tests.test_gui_plots import show_tab


def test_text_cells_that_a_spreadsheet_would_run_are_marked_as_text():
    row = ['=HYPERLINK("http://x")', -0.5, "+1", "@SUM(A1)", "fine", "-x"]
    assert spreadsheet_safe(row) == [
        '\'=HYPERLINK("http://x")',
        -0.5,
        "'+1",
        "'@SUM(A1)",
        "fine",
        "'-x",
    ]


def test_exports_write_no_formula(window, tmp_path):
    window.model.set_properties("=cmd|' /C calc'!A0", "", "")
    window.model.set_field("separator[0].material", "Li3PS4")
    cells = [
        cell for line in results_csv(window.model.results).splitlines() for cell in line.split(",")
    ]
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    save_csv((["=a", "b"], [[1.0, "@c"], [-2.0, "d"]]), tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines() == [
        "'=a,b",
        "1.0,'@c",
        "-2.0,d",
    ]


def test_labels_that_quote_names_show_them_as_text(window):
    for tab in ("voltage", "breakdown", "sweep", "pressure"):
        show_tab(window, tab)
    quoting = (
        window.plots.voltage.summary,
        window.plots.breakdown.summary,
        window.plots.sweep.answer,
        window.plots.pressure.note,
        window.inspector.message,
    )
    assert all(isinstance(label, QLabel) for label in quoting)
    assert [label.textFormat() for label in quoting] == [Qt.TextFormat.PlainText] * len(quoting)
