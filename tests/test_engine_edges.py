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

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_from_results
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.problems import DesignError
from tests.presets import preset
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
    raw = json.loads(resource_path("presets", "pan2023_li2s_lii_mos2.json").read_text())
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


@pytest.mark.parametrize("density", [12.0, 12.3])
def test_an_as_made_density_that_leaves_an_end_form_no_volume_is_refused(density):
    """The volume is linear in lithiation through the delithiated form (1/3.287 cm3/g of it) and
    the as-made point; denser as made than rho_d / ((1 - y) r_d), the lithiated form's volume
    (1/rho - (1 - y) r_d / rho_d) / y is below 0 (it was a negative thickness in the JSON)."""
    densest = RHO_DELITHIATED / ((1.0 - Y_MADE) * R_D)
    assert densest == pytest.approx(12.215, abs=1e-3)
    design = replace_field(
        preset("pan2023_li2s_lii_mos2"), "cathode.components[0].density_g_cm3", density
    )
    if density < densest:
        ladder = evaluate(design, shipped_library()).ladder
        assert all(level.wh_per_l > 0 for level in ladder)
        return
    with pytest.raises(DesignError) as refused:
        evaluate(design, shipped_library())
    (problem,) = refused.value.problems
    assert problem.path == "cathode.components[0].density_g_cm3"
    assert "(0, 12.22)" in problem.message
    assert "lithiated form would take no volume" in problem.message


# --- sweeps: text results refused by name, numbers that read back exactly ----------------------
FIG1A = str(resource_path("presets", "yang2022_fig1a.json"))


def test_a_text_result_is_refused_with_the_numeric_ones_listed():
    done = run_main(
        "sweep", FIG1A, "--field", "cathode.porosity", "--from", "0.1", "--to", "0.2",
        "--result", "ladder.stack.basis",
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "'ladder.stack.basis' is not a numeric result" in done.stderr
    assert "ladder.<" in done.stderr
    assert "wh_per_kg" in done.stderr
    assert "areal_capacity_mAh_cm2" in done.stderr


def test_sweep_numbers_read_back_as_the_values_swept():
    # 100,001 points over [5, 30]: steps of 0.00025, which six significant digits cannot tell
    # apart beyond 10 (10.0002 and 10.00025 print alike).
    points = 100_001
    done = run_main(
        "sweep", FIG1A, "--field", "cathode.active_loading_mg_cm2", "--from", "5", "--to", "30",
        "--points", str(points), "--result", "layer.cathode.mass_mg_cm2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))[1:]
    xs = np.array([float(row[0]) for row in rows])
    assert len(np.unique(xs)) == points
    np.testing.assert_array_equal(xs, np.linspace(5.0, 30.0, points))
    # The preset's cathode: 85 wt% of NMC811 in the composite, so the layer's loading is the
    # active loading / 0.85, to the last digit a float holds.
    loading = np.array([float(row[1]) for row in rows])
    np.testing.assert_allclose(loading, xs / 0.85, rtol=1e-15)


# --- a cathode with no ionic path ----------------------------------------------------------------
def no_ionic_path(tmp_path: Path, energy_basis: str = "nominal") -> Path:
    """The default cell with a cathode of NMC811 and carbon only: NMC811 conducts electrons but
    (in the library) no ions, so no ion reaches the particles beyond the separator's face."""
    raw = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text())
    raw["cathode"]["components"] = [
        {"material": "NMC811", "mass_fraction": 0.98},
        {"material": "VGCF", "mass_fraction": 0.02},
    ]
    raw["energy_basis"] = energy_basis
    path = tmp_path / f"no-ions-{energy_basis}.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_a_cathode_without_an_ionic_path_is_warned_of_and_delivers_nothing(tmp_path):
    text = run_main("evaluate", str(no_ionic_path(tmp_path)))
    assert text.returncode == 0, text.stderr
    assert "delivers nothing (no ionic path through the cathode)" in text.stdout
    assert "mean -" not in text.stdout
    payload = json.loads(run_main("evaluate", "--json", str(no_ionic_path(tmp_path))).stdout)
    codes = [w["code"] for w in payload["warnings"]]
    assert codes.count("no_ionic_path") == 1
    assert "no_electronic_path" not in codes  # NMC811 and the carbon conduct electrons
    assert payload["discharge"]["capacity_mAh_cm2"] == 0.0


def test_a_curve_energy_that_is_nothing_is_named(tmp_path):
    payload = json.loads(
        run_main("evaluate", "--json", str(no_ionic_path(tmp_path, "curve"))).stdout
    )
    codes = [w["code"] for w in payload["warnings"]]
    assert "curve_delivers_nothing" in codes
    assert {r["key"]: r["wh_per_kg"] for r in payload["ladder"]}["cell"] == 0.0


# --- the areal capacity says what it is ----------------------------------------------------------
def test_the_areal_capacity_is_labelled_as_the_curve_delivered(tmp_path):
    raw = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text())
    raw["energy_basis"] = "curve"
    path = tmp_path / "curve.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    done = run_main("evaluate", str(path))
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("Areal capacity"))
    assert "(capacity the discharge curve delivers)" in line
    assert "(practical)" not in line
    nominal = run_main("evaluate", str(resource_path("presets", "default_nmc811_lpscl_li.json")))
    # 20 mg/cm2 of NMC811 at its practical 210 mAh/g (library): 4.2 mAh/cm2
    assert "Areal capacity 4.2 mAh/cm2 (practical capacity)" in nominal.stdout


def test_settings_that_mean_little_are_warned_of():
    """A discharge cut-off below 0 V takes the cell into reversal; a mean voltage given for a
    Li metal anode is not used (Li is at 0 V). Both were accepted without a word."""
    design = preset("yang2022_fig1a")
    reversed_cell = replace_field(design, "operating.discharge_cutoff_V", -1.0)
    codes = [w.code for w in evaluate(reversed_cell, shipped_library()).warnings]
    assert "cutoff_below_zero" in codes
    ignored = replace_field(design, "anode.mean_voltage_V", 1.0)
    warnings = evaluate(ignored, shipped_library()).warnings
    (unused,) = [w for w in warnings if w.code == "anode_voltage_unused"]
    assert unused.path == "anode.mean_voltage_V"
    assert "anode_voltage_unused" not in [
        w.code for w in evaluate(design, shipped_library()).warnings
    ]


def test_an_anode_above_the_cathode_gives_no_energy_and_no_curve_below_0_v():
    """Pan et al. 2023's cell with its anode given a mean potential of 4.0 V vs Li, above its
    cathode's 1.925 V mean and its 0.62 V cut-off (library values): cell voltage 1.925 - 4.0 < 0, so
    levels 3 and up hold no energy (they held a negative one), and the cut-off left to the
    actives, 0.62 - 4.0 = -3.38 V, is taken at 0 V (the discharge ran to -3 V, its mean voltage
    below -1 V)."""
    design = replace_field(preset("pan2023_li2s_lii_mos2"), "anode.mean_voltage_V", 4.0)
    design = replace_field(design, "operating.discharge_cutoff_V", None)
    results = evaluate(design, shipped_library())
    (warning,) = [w for w in results.warnings if w.code == "no_cell_voltage"]
    assert warning.path == "anode"
    assert [r.energy_Wh for r in results.ladder if r.level >= 3] == [0.0, 0.0, 0.0]
    assert all(r.energy_Wh > 0 for r in results.ladder if r.level <= 2)
    discharge = curve_from_results(results, "discharge")
    assert float(discharge.cutoff_V) == 0.0
    assert float(np.min(discharge.voltage_V)) >= 0.0


def test_a_foil_used_to_the_end_is_0_um_thick_not_a_rounding_below_it():
    """Li 2021's cell with its Li foil sized by thickness, from 1 % to 150 % of the preset's:
    a foil the discharge uses to the end is 0 um thick after it (277 of these 20,001 printed
    -7e-18 um and the like)."""
    design = preset("li2021_s_mo6s8")
    t0 = float(evaluate(design, shipped_library()).layer("anode").thickness_um)
    by_thickness = replace_field(
        replace_field(design, "anode.n_p_ratio", None), "anode.thickness_um", t0
    )
    thicknesses = np.linspace(0.01 * t0, 1.5 * t0, 20_001)
    swept = replace_field(by_thickness, "anode.thickness_um", thicknesses)
    after = np.asarray(evaluate(swept, shipped_library()).layer("anode").thickness_discharged_um)
    assert after.min() >= 0.0


def test_a_separator_of_more_layers_than_any_stack_is_refused():
    """20,000 layers took the window seconds per edit."""
    design = preset("li2021_s_mo6s8")
    many = replace_field(design, "separator", design.separator * 101)
    with pytest.raises(DesignError, match="202 layers; at most 100"):
        evaluate(many, shipped_library())
