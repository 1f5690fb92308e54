"""The ladder's bases a reader compares with a paper: cathode levels on both voltage bases, Wh/L
at top of charge and at end of discharge, and a design that ignores electrode volume change."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from numpy.testing import assert_allclose

from engine.design import Component, PelletFormat, replace_field
from engine.evaluate import evaluate
from engine.io.design_files import VERSION, load_design, save_design
from engine.io.results_json import results_to_dict
from engine.io.results_text import format_table
from engine.materials import shipped_library
from tests.presets import preset

LIBRARY = shipped_library()


def _wu2020_row_1():
    """Wu et al. 2020 (Adv. Mater., DOI 10.1002/adma.202000751), Table 3, row 1 (their ref. 209):
    a sulfur cathode of 18.4 mg holding 4.6 mg S (25 wt%), LGPS, a Li-In counter electrode,
    1012.9 mAh/g S at an average 1.4 V. The table's cathode level is 354.5 Wh/kg, at that cell
    voltage. The Li-In electrode's 0.62 V vs Li+/Li is the table's convention of the
    field; the cathode's 2.02 V vs Li+/Li is 1.4 V + 0.62 V."""
    design = preset("pan2023_li2s_lii_mos2")  # a pellet with a Li-In foil anode
    cathode = dataclasses.replace(
        design.cathode,
        components=(Component("S8", 0.25, capacity_mAh_g=1012.9), Component("LGPS", 0.75)),
        mean_voltage_V=2.02,
    )
    anode = dataclasses.replace(design.anode, mean_voltage_V=0.62, n_p_ratio=2.0)
    return dataclasses.replace(design, cathode=cathode, anode=anode)


def test_cathode_level_at_the_cell_voltage_is_wu2020_table_3():
    """By hand: 1012.9 mAh/g x 4.6 mg x 1.4 V / 18.4 mg = 354.5 Wh/kg (the table's value) at the
    cell voltage, and 1012.9 x 0.25 x 2.02 = 511.5 Wh/kg vs Li+/Li (Lamina's level 2)."""
    cathode = evaluate(_wu2020_row_1(), LIBRARY).rung("cathode")
    at_cell = 1012.9 * 4.6 * 1.4 / 18.4
    vs_li = 1012.9 * 0.25 * 2.02
    print(f"Wu 2020 Table 3 row 1: {cathode.wh_per_kg_at_cell_voltage:.1f} Wh/kg vs 354.5")
    assert_allclose(at_cell, 354.5, atol=0.05)  # the hand calculation is the table's
    assert_allclose(cathode.wh_per_kg_at_cell_voltage, at_cell, rtol=1e-9)
    assert_allclose(cathode.wh_per_kg, vs_li, rtol=1e-9)
    assert cathode.has_cell_voltage_figures
    # Wh/L on both bases in the ratio of the voltages, on the same volume.
    assert_allclose(cathode.wh_per_l_at_cell_voltage / cathode.wh_per_l, 1.4 / 2.02, rtol=1e-9)


def test_both_bases_are_in_the_json_and_the_text_output():
    results = evaluate(_wu2020_row_1(), LIBRARY)
    ladder = {r["key"]: r for r in json.loads(json.dumps(results_to_dict(results)))["ladder"]}
    assert ladder["cathode"]["voltage_basis"] == "cathode_vs_li"
    assert_allclose(ladder["cathode"]["wh_per_kg_at_cell_voltage"], 354.5, atol=0.05)
    assert_allclose(ladder["cathode"]["cell_voltage_V"], 1.4, rtol=1e-12)
    assert ladder["cell"]["voltage_basis"] == "cell"
    assert ladder["cell"]["wh_per_kg_at_cell_voltage"] == ladder["cell"]["wh_per_kg"]
    table = format_table(results)
    assert "  at cell 1.4 V" in table
    assert "354.5" in table.split("2 Cathode composite ")[1].splitlines()[1]
    assert "Levels 1-2: vs Li+/Li, 2.02 V" in table


def test_a_li_metal_cell_has_one_voltage_basis():
    """Li metal is at 0 V vs Li+/Li: the cathode's potential is the cell voltage, and no second
    row is shown."""
    results = evaluate(preset("default_nmc811_lpscl_li"), LIBRARY)
    assert not any(r.has_cell_voltage_figures for r in results.ladder)
    assert "at cell" not in format_table(results)
    assert "also the cell voltage" in format_table(results)


def _pellet(volume_change: bool):
    """A 1 cm2 pellet whose layers are all sized by thickness: Al 12 um, NMC811 cathode 100 um,
    LPSCl 30 um, Li foil 20 um, Cu 8 um: 170 um as built."""
    design = preset("default_nmc811_lpscl_li")
    design = replace_field(design, "cathode.active_loading_mg_cm2", None)
    design = replace_field(design, "cathode.thickness_um", 100.0)
    design = replace_field(design, "separator[0].thickness_um", 30.0)
    design = replace_field(design, "anode.thickness_um", 20.0)
    design = replace_field(design, "anode.n_p_ratio", None)
    design = replace_field(design, "cathode_collector.thickness_um", 12.0)
    design = replace_field(design, "anode_collector.thickness_um", 8.0)
    diameter_mm = 2 * math.sqrt(1.0 / math.pi) * 10  # 1 cm2
    return dataclasses.replace(
        design, cell_format=PelletFormat(diameter_mm), electrode_volume_change=volume_change
    )


def test_ignoring_volume_change_keeps_the_as_built_volume():
    """By hand: 170 um x 1 cm2 = 0.0170 cm3 at both ends of the cycle; counted, the Li foil
    grows by the Li the NMC811 gives up at charge, so the charged cell is larger."""
    ignored = evaluate(_pellet(False), LIBRARY)
    counted = evaluate(_pellet(True), LIBRARY)
    cell = ignored.rung("cell")
    assert_allclose(cell.volume_cm3, 170e-4, rtol=1e-9)
    assert_allclose(cell.volume_discharged_cm3, 170e-4, rtol=1e-9)
    assert_allclose(ignored.rung("cathode_lithiated").volume_cm3, 100e-4, rtol=1e-9)
    assert counted.rung("cell").volume_cm3 > 170e-4
    # Masses and energies do not depend on the option.
    assert_allclose(cell.mass_g, counted.rung("cell").mass_g, rtol=1e-12)
    assert_allclose(cell.energy_Wh, counted.rung("cell").energy_Wh, rtol=1e-12)
    assert "volume change ignored" in cell.basis
    assert "at top of charge" in counted.rung("cell").basis


def test_the_option_is_saved_and_a_version_4_file_counts_volume_change(tmp_path):
    assert VERSION >= 5  # the option came with version 5
    design = _pellet(False)
    save_design(design, tmp_path / "d.json", LIBRARY)
    raw = json.loads((tmp_path / "d.json").read_text())
    assert raw["electrode_volume_change"] is False
    assert load_design(tmp_path / "d.json", LIBRARY)[0] == design
    raw["electrode_volume_change"] = "no"
    (tmp_path / "bad.json").write_text(json.dumps(raw))
    with pytest.raises(Exception, match="electrode_volume_change: must be true or false"):
        load_design(tmp_path / "bad.json", LIBRARY)
    del raw["electrode_volume_change"]
    raw["version"] = 4
    (tmp_path / "old.json").write_text(json.dumps(raw))
    assert load_design(tmp_path / "old.json", LIBRARY)[0].electrode_volume_change is True
