"""main.py's command line: --version, --help and evaluate, run as a user would."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.paths import resource_path
from engine.version import version

ROOT = Path(__file__).resolve().parent.parent
PRESETS = resource_path("presets")


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_version():
    result = run_main("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Lamina {version()}"


def test_help_lists_subcommands():
    result = run_main("--help")
    assert result.returncode == 0
    assert "subcommands" in result.stdout
    assert "opens the window" in result.stdout


def test_cli_evaluate_prints_the_ladder():
    result = run_main("evaluate", str(resource_path("presets", "yang2022_fig1a.json")))
    assert result.returncode == 0, result.stderr
    stack = next(line for line in result.stdout.splitlines() if line.startswith("4 Stack"))
    assert "380.5" in stack  # 20 mg/cm2: see tests/test_papers.py for the hand calculation
    assert "no packaging" in stack


def test_cli_evaluate_json_has_the_documented_keys():
    result = run_main("evaluate", "--json", str(resource_path("presets", "yang2022_fig1a.json")))
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["format"] == "lamina-results"
    stack = next(r for r in payload["ladder"] if r["key"] == "stack")
    assert stack["wh_per_kg"] == pytest.approx(380.5, abs=0.1)
    assert {"key", "level", "label", "wh_per_kg", "wh_per_l", "basis"} <= set(stack)
    assert payload["capacity"]["n_p_basis"] == "theoretical"
    assert payload["trace"]["wh_per_kg:cell"]["unit"] == "Wh/kg"


def test_cli_bad_file_exits_2_with_the_reason(tmp_path):
    bad = tmp_path / "bad.json"
    raw = json.loads(resource_path("presets", "yang2022_fig1a.json").read_text())
    raw["anode"]["n_p_ratio"] = -1
    bad.write_text(json.dumps(raw))
    result = run_main("evaluate", str(bad))
    assert result.returncode == 2
    assert "anode.n_p_ratio: -1 is outside the allowed range (0, 100]" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "field",
    [
        "cathode",  # a layer, not a number
        "anode.kind",  # text
        "separator[0].material",
        "separator[9].thickness_um",  # no such layer
        "separator[99999999999999999999].thickness_um",
        "__class__",
        "cathode.__class__",
        "name",
    ],
)
def test_a_field_that_is_no_number_is_refused_with_the_ones_that_are(field):
    preset = str(resource_path("presets", "yang2022_fig1a.json"))
    done = run_main("sweep", preset, "--field", field, "--from", "1", "--to", "2")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{field!r} is not a numeric field of this design" in done.stderr
    assert "cathode.active_loading_mg_cm2" in done.stderr  # the choices are listed


def test_a_reader_that_stops_early_ends_the_output_quietly():
    """`sweep ... | head -1`: the pipe closes under the writer (10^5 rows, far more than a pipe
    holds, so the writer is still writing)."""
    preset = str(resource_path("presets", "yang2022_fig1a.json"))
    command = ["sweep", preset, "--field", "cathode.porosity", "--from", "0.1", "--to", "0.2"]
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *command, "--points", "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith("cathode.porosity,")
        process.stdout.close()
        error = process.stderr.read()
        process.wait(timeout=60)
    assert "Traceback" not in error
    assert "BrokenPipeError" not in error
    assert process.returncode == 0


def test_batch_evaluates_each_row_of_a_table_and_names_what_a_row_gets_wrong(tmp_path):
    """Yang et al. 2022 (J. Energy Chem.), Fig. 1A: the stack's 178 / 275 / 378 Wh/kg at 5 / 10 /
    20 mg/cm2 of NMC811 (its other numbers are the preset's; the hand calculation at 10 mg/cm2 is
    in tests/test_papers.py), given as rows of a spreadsheet; a bad cell loses only its row."""
    table = tmp_path / "designs.csv"
    table.write_text(
        "cathode.active_loading_mg_cm2,separator[0].thickness_um\n5,\n10,\n20,\n-5,\n20,thin\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    result = run_main(
        "batch", str(PRESETS / "yang2022_fig1a.json"), str(table),
        "--result", "ladder.stack.wh_per_kg", "-o", str(out),
    )  # fmt: skip
    assert result.returncode == 1  # some rows refused
    assert result.stderr.strip() == "lamina batch: 3 of 5 rows evaluated"
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["row"] for r in rows] == ["1", "2", "3", "4", "5"]
    wh_per_kg = [float(r["ladder.stack.wh_per_kg"]) for r in rows[:3]]
    assert wh_per_kg == pytest.approx([178.0, 275.0, 378.0], rel=0.02)
    assert [r["problems"] for r in rows[:3]] == ["", "", ""]
    assert rows[3]["problems"] == (
        "cathode.active_loading_mg_cm2: -5 is outside the allowed range (0, 1000]"
    )
    assert rows[4]["problems"] == "separator[0].thickness_um: 'thin' is not a number"
    assert rows[4]["ladder.stack.wh_per_kg"] == ""


def test_batch_refuses_a_column_that_is_no_field(tmp_path):
    table = tmp_path / "designs.csv"
    table.write_text("cathode.loading\n10\n", encoding="utf-8")
    result = run_main("batch", str(PRESETS / "yang2022_fig1a.json"), str(table))
    assert result.returncode == 2
    assert "column 'cathode.loading' is no field of the base design" in result.stderr
    assert result.stdout == ""
