"""Edges a new user reaches first: their own materials in every output, a part-lithiated
cathode, text results in a sweep, a cathode with no ionic path, the curve's capacity label and
sweep numbers that read back exactly. Each number is checked against a hand calculation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

from engine.paths import resource_path
from tests.test_cli import run_main
from tests.test_user_materials import LINEAR, write_materials

LINEAR_ACTIVE = 0.7  # LIN-1 in place of NMC811 in the default preset: 20 mg/cm2 of active


def linear_design(tmp_path: Path, carried: bool = False) -> Path:
    """The default NMC811 pouch cell with the user's linear test active LIN-1 (200 mAh/g, 4.0 to
    3.0 V) as its cathode active; carried: the design file carries the material itself."""
    raw = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text())
    raw["cathode"]["components"][0]["material"] = "LIN-1"
    if carried:
        raw["materials"] = LINEAR["materials"]
    path = tmp_path / ("carried.json" if carried else "design.json")
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def check_linear_json(payload: dict) -> None:
    # 20 mg/cm2 of LIN-1 at 200 mAh/g: 20 * 200 / 1000 = 4.0 mAh/cm2 theoretical, and at rest
    # between its cut-offs (4.0 and 3.0 V, its whole curve) all 4.0 of it.
    assert payload["capacity"]["cathode_theoretical_mAh_cm2"] == pytest.approx(4.0)
    discharge = payload["discharge"]
    assert discharge is not None
    assert discharge["open_circuit_capacity_mAh_cm2"] == pytest.approx(4.0, rel=1e-6)
    assert 0.0 < discharge["capacity_mAh_cm2"] <= 4.0
    assert payload["charge"] is not None
    inputs = payload["trace"]["areal_capacity"]["inputs"]
    assert any(i["name"] == "q(LIN-1)" and "mylab2026" in i["source"] for i in inputs)


@pytest.mark.parametrize("carried", [False, True], ids=["materials-folder", "carried-in-file"])
def test_a_users_cathode_active_reaches_json_explain_and_curves(tmp_path, carried):
    design = linear_design(tmp_path, carried)
    extra = [] if carried else ["--materials", str(write_materials(tmp_path / "m", LINEAR))]
    done = run_main("evaluate", str(design), "--json", "--explain", "wh_per_kg:cell", *extra)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    check_linear_json(payload)
    assert payload["explained"]["wh_per_kg:cell"].startswith("wh_per_kg:cell = ")
    explained = run_main("evaluate", str(design), "--explain", "areal_capacity", *extra)
    assert explained.returncode == 0, explained.stderr
    assert "q(LIN-1) = 200 mAh/g  [mylab2026" in explained.stdout


def test_the_window_exports_the_json_of_a_users_active(make_window, tmp_path):
    write_materials(tmp_path / "data" / "materials", LINEAR)
    win = make_window()
    win.model.open(linear_design(tmp_path))
    out = tmp_path / "results.json"
    assert win.export_results(out)
    check_linear_json(json.loads(out.read_text(encoding="utf-8")))
