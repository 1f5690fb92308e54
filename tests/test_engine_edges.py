"""Edges a new user reaches first: their own materials in every output, a part-lithiated
cathode, text results in a sweep, a cathode with no ionic path, the curve's capacity label and
sweep numbers that read back exactly. Each number is checked against a hand calculation."""

from __future__ import annotations

import json
from pathlib import Path

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


# --- a cathode built part-lithiated (Pan et al. 2023's Li2S-LiI-MoS2) ---------------------------
# Library values used below: density as made 2.676 g/cm3, fully delithiated 3.287 g/cm3; molar
# masses as made 78.003, delithiated 68.565, lithiated 82.167 g/mol; 673.45 mAh/g theoretical,
# 530 mAh/g practical. The preset: 5.093 mg/cm2 at 36.6 % porosity.
LOADING, POROSITY, RHO_MADE, RHO_DELITHIATED = 5.093, 0.366, 2.676, 3.287
R_D, R_L = 68.565 / 78.003, 82.167 / 78.003
Y_MADE = (1.0 - R_D) / (R_L - R_D)  # the lithiation degree whose mass is the as-made mass: 0.694
Q_THEORETICAL, Q_PRACTICAL = 673.45, 530.0
LI_UM_PER_MAH_CM2 = 1e4 / (3860 * 0.534)  # Li foil: 3860 mAh/g, 0.534 g/cm3 -> 4.85 um


def integrated_cathode(tmp_path: Path, anode: dict | None = None) -> dict:
    raw = json.loads(resource_path("presets", "seed003_li2s_lii_mos2.json").read_text())
    if anode is not None:
        raw["anode"] = anode
    path = tmp_path / "integrated.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    done = run_main("evaluate", "--json", str(path))
    assert done.returncode == 0, done.stderr
    return {layer["key"]: layer for layer in json.loads(done.stdout)["layers"]}


def test_a_part_lithiated_cathode_has_one_volume_for_its_as_made_state(tmp_path):
    cathode = integrated_cathode(tmp_path)["cathode"]
    solid_made_um = LOADING / RHO_MADE * 10.0  # mg/cm2 / (g/cm3) = 10 um
    assert pytest.approx(0.694, abs=1e-3) == Y_MADE
    assert cathode["components"][0]["solid_volume_um"] == pytest.approx(solid_made_um, rel=1e-9)
    assert cathode["thickness_um"] == pytest.approx(solid_made_um / (1 - POROSITY), rel=1e-9)
    # Top of charge: 530 mAh/g used is more than the 0.694 * 673.45 = 467 it holds, so all its
    # Li is out: the delithiated form, r_d grams per gram made at 3.287 g/cm3.
    solid_charged = LOADING * R_D / RHO_DELITHIATED * 10.0
    assert cathode["thickness_charged_um"] == pytest.approx(solid_charged / (1 - POROSITY))
    # End of discharge: 530 mAh/g put back from y = 0, so y = 530 / 673.45 = 0.787; the volume is
    # linear in y through the delithiated form (y = 0) and the as-made one (y = 0.694).
    y_end = Q_PRACTICAL / Q_THEORETICAL
    solid_end = solid_charged + (solid_made_um - solid_charged) * y_end / Y_MADE
    assert cathode["thickness_discharged_um"] == pytest.approx(solid_end / (1 - POROSITY))


def test_a_part_lithiated_cathode_releases_only_the_lithium_it_holds(tmp_path):
    li_foil = {"kind": "li_metal", "thickness_um": 50.0}
    anode = integrated_cathode(tmp_path, li_foil)["anode"]
    held = Y_MADE * Q_THEORETICAL * LOADING / 1000.0  # 467 mAh/g as made -> 2.380 mAh/cm2
    from_foil = (Q_PRACTICAL - Y_MADE * Q_THEORETICAL) * LOADING / 1000.0  # 0.319 mAh/cm2
    assert held == pytest.approx(2.380, abs=1e-3)
    plated = anode["thickness_charged_um"] - anode["thickness_um"]
    assert plated == pytest.approx(held * LI_UM_PER_MAH_CM2, rel=1e-6)
    consumed = anode["thickness_um"] - anode["thickness_discharged_um"]
    assert consumed == pytest.approx(from_foil * LI_UM_PER_MAH_CM2, rel=1e-6)
