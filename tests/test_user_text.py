"""Names from someone else's file stay text: a spreadsheet does not run "=HYPERLINK(...)" from a
CSV, and a label does not render a name's markup."""

from __future__ import annotations

import dataclasses
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from engine.io.results_table import results_csv, spreadsheet_safe
from engine.paths import resource_path
from gui.plots.export import save_csv
from tests.test_cli import run_main
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
    results = window.model.results
    evil = dataclasses.replace(results.layers[0], material="=cmd|' /C calc'!A0")
    rows = (evil, *results.layers[1:])
    text = results_csv(dataclasses.replace(results, layers_of=lambda: rows))
    assert "'=cmd|' /C calc'!A0" in text
    cells = [cell for line in text.splitlines() for cell in line.split(",")]
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


def _write(tmp_path, raw_text: str):
    path = tmp_path / "design.json"
    path.write_text(raw_text, encoding="utf-8")
    return str(path)


def _preset_text() -> str:
    return resource_path("presets", "yang2022_fig1a.json").read_text(encoding="utf-8")


def test_a_names_escape_codes_are_printed_as_text_not_run_by_the_terminal(tmp_path):
    raw = json.loads(_preset_text())
    raw["name"] = "\x1b[2J\x1b]0;owned\x07 cell"  # clear the screen, retitle the terminal
    done = run_main("evaluate", _write(tmp_path, json.dumps(raw)))
    assert done.returncode == 0
    assert "\x1b" not in done.stdout
    assert "\x07" not in done.stdout
    assert done.stdout.startswith("\\x1b[2J\\x1b]0;owned\\x07 cell\n")


def test_a_key_twice_is_refused_by_name(tmp_path):
    text = _preset_text().replace('"name":', '"name": "first", "name":', 1)
    done = run_main("evaluate", _write(tmp_path, text))
    assert done.returncode == 2
    assert "the key 'name' appears twice in one object" in done.stderr


def test_a_misspelt_format_key_is_named_with_the_key_meant(tmp_path):
    raw = json.loads(_preset_text())
    raw["fromat"] = raw.pop("format")
    done = run_main("evaluate", _write(tmp_path, json.dumps(raw)))
    assert done.returncode == 2
    assert "format: missing; is 'fromat' meant to be it?" in done.stderr
