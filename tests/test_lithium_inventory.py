"""The Li inventory: the excess the anode holds, what each cycle loses at its Coulombic
efficiency, how long the excess lasts and what is left after the design's cycles; and the N/P
ratio on both cathode capacities. Each figure is worked out by hand in the test."""

from __future__ import annotations

import dataclasses
import json

import pytest
from numpy.testing import assert_allclose

from engine.design import Component, replace_field
from engine.evaluate import evaluate
from engine.evaluate.inventory import lithium_inventory
from engine.io.design_files import DesignFileError, design_from_dict, design_to_dict
from engine.io.results_json import results_to_dict
from engine.materials import shipped_library
from tests.presets import preset

LIBRARY = shipped_library()
# 1 um of Li metal per cm2: 1e-4 cm3 x 0.534 g/cm3 (CRC) x 3860 mAh/g = 0.2061 mAh/cm2.
UM_PER_MAH_CM2 = 1.0 / (1e-4 * 0.534 * 3860.0)


def _li3ps4_cell():
    """The default cell (20 mg/cm2 NMC811 at 210 mAh/g practical: 4.2 mAh/cm2; a Li foil at
    N/P 1.5 on the practical capacity: 6.3 mAh/cm2) with a Li3PS4 separator, whose Coulombic
    efficiency with bare Li is 88 % (Wu et al. 2020, Adv. Mater., section 4.2.2)."""
    return replace_field(preset("default_nmc811_lpscl_li"), "separator[0].material", "Li3PS4")


def test_a_li_foil_on_li3ps4_lasts_12_5_cycles_at_full_capacity():
    """By hand: NMC811 is built lithiated, so all 6.3 mAh/cm2 of the foil is excess
    (6.3 x 4.851 = 30.56 um of Li). Each cycle loses 4.2 x (1 - 0.88) = 0.504 mAh/cm2, so the
    excess lasts 6.3 / 0.504 = 12.5 cycles; after 100 cycles 0.88^87.5 = 1.388e-5 of the
    capacity is left; 100 cycles at full capacity need 50.4 mAh/cm2 = 244.5 um of Li."""
    inventory = lithium_inventory(evaluate(_li3ps4_cell(), LIBRARY))
    assert_allclose(inventory.excess_mAh_cm2, 6.3, rtol=1e-9)
    assert_allclose(inventory.excess_um, 6.3 * UM_PER_MAH_CM2, rtol=1e-9)
    assert_allclose(inventory.excess_um, 30.56, rtol=1e-3)
    assert inventory.coulombic_efficiency == 0.88
    assert "Wu et al. 2020, section 4.2.2" in inventory.efficiency_source
    assert_allclose(inventory.lost_per_cycle_mAh_cm2, 0.504, rtol=1e-9)
    assert_allclose(inventory.full_capacity_cycles, 12.5, rtol=1e-9)
    assert_allclose(inventory.retention_after_cycles, 0.88**87.5, rtol=1e-9)
    assert_allclose(inventory.excess_needed_mAh_cm2, 50.4, rtol=1e-9)
    assert_allclose(inventory.excess_needed_um, 244.5, rtol=1e-3)


def test_an_anode_free_cell_keeps_ce_to_the_n_of_its_capacity():
    """No excess: Q_N = Q CE^N. At a measured 99.0 % over 100 cycles 0.99^100 = 36.6 % is
    left, and 50 cycles keep 0.99^50 = 60.5 %."""
    design = _li3ps4_cell()
    design = dataclasses.replace(
        design,
        anode=dataclasses.replace(
            design.anode, kind="anode_free", n_p_ratio=None, coulombic_efficiency=0.99
        ),
    )
    inventory = lithium_inventory(evaluate(design, LIBRARY))
    assert inventory.excess_mAh_cm2 == 0.0
    assert inventory.full_capacity_cycles == 0.0
    assert inventory.efficiency_source == "design: anode.coulombic_efficiency"
    assert_allclose(inventory.retention_after_cycles, 0.366, atol=5e-4)
    fifty = lithium_inventory(evaluate(replace_field(design, "operating.cycles", 50.0), LIBRARY))
    assert_allclose(fifty.retention_after_cycles, 0.605, atol=5e-4)
    assert_allclose(fifty.capacity_after_cycles_mAh_cm2, 4.2 * 0.99**50, rtol=1e-9)


def test_without_an_efficiency_there_is_no_cycle_count():
    """LPSCl has no Coulombic efficiency in the library: the excess is given, no cycle count."""
    results = evaluate(preset("default_nmc811_lpscl_li"), LIBRARY)
    inventory = lithium_inventory(results)
    assert inventory.coulombic_efficiency is None
    assert inventory.retention_after_cycles is None
    out = json.loads(json.dumps(results_to_dict(results)))["lithium_inventory"]
    assert out["coulombic_efficiency"] is None
    assert out["full_capacity_cycles"] is None
    assert_allclose(out["excess_mAh_cm2"], 6.3, rtol=1e-9)


def test_the_n_p_ratio_is_given_on_both_cathode_capacities():
    """6.3 mAh/cm2 of Li over 4.2 (210 mAh/g practical) is 1.5; over 20 x 0.2755 = 5.51
    (NMC811's theoretical 275.5 mAh/g, the library's calculation) it is 1.143."""
    results = evaluate(preset("default_nmc811_lpscl_li"), LIBRARY)
    capacity = json.loads(json.dumps(results_to_dict(results)))["capacity"]
    assert_allclose(capacity["n_p_ratio_practical"], 1.5, rtol=1e-9)
    assert_allclose(capacity["n_p_ratio_theoretical"], 6.3 / 5.51, rtol=2e-3)


def test_the_fields_round_trip_and_are_refused_out_of_range():
    design = replace_field(_li3ps4_cell(), "anode.coulombic_efficiency", 0.995)
    design = replace_field(design, "operating.cycles", 500.0)
    raw = design_to_dict(design, LIBRARY)
    assert raw["anode"]["coulombic_efficiency"] == 0.995
    assert raw["operating"]["cycles"] == 500.0
    assert design_from_dict(raw, LIBRARY)[0] == design
    raw["anode"]["coulombic_efficiency"] = 1.2
    raw["operating"]["cycles"] = 0
    with pytest.raises(DesignFileError) as error:
        design_from_dict(raw, LIBRARY)
    text = str(error.value)
    assert "anode.coulombic_efficiency: 1.2 is outside the allowed range (0, 1]" in text
    assert "operating.cycles: 0 is outside the allowed range [1, 100000]" in text


def _tis2_cell(foil_um: float):
    """A 100 % TiS2 cathode (Li et al. 2021's AEA electrode) of 10 mg/cm2, built delithiated, on
    a Li foil of the given thickness."""
    design = preset("li2021_s_mo6s8")
    cathode = dataclasses.replace(
        design.cathode,
        components=(Component("TiS2", 1.0),),
        loading_mg_cm2=10.0,
        mean_voltage_V=None,
    )
    anode = dataclasses.replace(design.anode, thickness_um=foil_um, n_p_ratio=None)
    return dataclasses.replace(design, cathode=cathode, anode=anode)


def test_tis2s_first_cycle_takes_its_pre_lithiation_from_the_anode():
    """Li et al. 2021 (section 3, text on Fig. 2c,d): TiS2's first discharge 213 mAh/g, of
    which 25 pre-lithiate it to Li0.1TiS2 and stay: reversible 188 ('more than 180').
    By hand at 10 mg/cm2: Q = 1.88 mAh/cm2, loss 0.25, efficiency 1.88 / 2.13 = 88.26 %.
    A 20 um Li foil holds 20 x 0.2061 = 4.122 mAh/cm2; the discharge takes 1.88 + 0.25 of it,
    so 4.122 - 1.88 = 2.242 is excess as built and 1.992 after formation; all capacity is kept.
    A 10 um foil (2.061) cannot pay the whole first cycle: the excess 0.181 covers 0.181 of the
    0.25, and the capacity after formation is 1.88 - 0.069 = 1.811 mAh/cm2 (96.3 %)."""
    inventory = lithium_inventory(evaluate(_tis2_cell(20.0), LIBRARY))
    first = inventory.formation
    assert_allclose(inventory.cycled_mAh_cm2, 1.88, rtol=1e-9)
    assert_allclose(first.loss_mAh_cm2, 0.25, rtol=1e-9)
    assert_allclose(first.efficiency, 1.88 / 2.13, rtol=1e-9)
    assert_allclose(first.drawn_from_anode_mAh_cm2, 0.25, rtol=1e-9)
    li_per_um = 1e-4 * 0.534 * 3860.0
    assert_allclose(first.excess_before_mAh_cm2, 20 * li_per_um - 1.88, rtol=1e-9)
    assert_allclose(inventory.excess_mAh_cm2, 20 * li_per_um - 2.13, rtol=1e-9)
    assert first.share_kept == 1.0
    assert "TiS2 25 mAh/g, Li et al. 2021" in first.source
    short = lithium_inventory(evaluate(_tis2_cell(10.0), LIBRARY)).formation
    assert_allclose(short.excess_before_mAh_cm2, 10 * li_per_um - 1.88, rtol=1e-9)
    assert_allclose(short.capacity_after_mAh_cm2, 10 * li_per_um - 0.25, rtol=1e-9)
    assert_allclose(short.share_kept, 0.963, atol=1e-3)


def test_a_measured_first_cycle_efficiency_replaces_the_library():
    """A lithiated NMC811 cathode at a measured 85 %: the first cycle takes 4.2 x (1/0.85 - 1)
    = 0.741 mAh/cm2 beyond the reversible 4.2, from its own Li: the foil's excess is untouched."""
    design = replace_field(_li3ps4_cell(), "cathode.first_cycle_efficiency", 0.85)
    inventory = lithium_inventory(evaluate(design, LIBRARY))
    assert_allclose(inventory.formation.loss_mAh_cm2, 4.2 * (1 / 0.85 - 1), rtol=1e-9)
    assert inventory.formation.drawn_from_anode_mAh_cm2 == 0.0
    assert_allclose(inventory.excess_mAh_cm2, 6.3, rtol=1e-9)
    assert inventory.formation.source == "design: cathode.first_cycle_efficiency"
