"""Pre-lithiation (design format 9, `anode.prelithiation_mAh_cm2`): Li added to the anode before
assembly lithiates a host up to its capacity (the rest stays Li metal), lies on an anode-free
collector, weighs and takes room, and is the first Li the cell draws on. Checked by hand with Li
at 3860 mAh/g and 0.534 g/cm3 (1 mAh/cm2 = 0.2591 mg/cm2 = 4.851 um) and In at 233.4 mAh/g,
7.31 g/cm3 as made and LiIn at 5.17 g/cm3 (molar masses In 114.82, LiIn 121.76)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from engine.design import Anode, Component
from engine.edits import prelithiated
from engine.evaluate import evaluate
from engine.evaluate.inventory import formation, lithium_inventory
from engine.io.design_files import DesignFileError, design_to_dict, read_design, read_design_dict
from engine.io.results_json import results_to_dict
from engine.io.results_text import format_table
from engine.materials import shipped_library
from engine.problems import DesignError
from tests.presets import preset
from tests.test_overhang import DATA

LIBRARY = shipped_library()
LI_MG_PER_MAH = 1000.0 / 3860.0
LI_UM_PER_MAH_CM2 = 1e4 / (0.534 * 3860.0)


def in_foil(prelithiation: float | None) -> Anode:
    return Anode(
        "alloy_foil",
        (Component("In", 1.0),),
        thickness_um=50.0,
        prelithiation_mAh_cm2=prelithiation,
    )


def test_a_prelithiated_in_foil_holds_the_li_in_its_host():
    """A 50 um In foil: 50e-4 cm x 7.31 g/cm3 = 36.55 mg/cm2, 36.55e-3 g x 233.4 mAh/g = 8.531
    mAh/cm2 when full. 2 mAh/cm2 lithiate it to y = 2 / 8.531 = 0.2344; its volume per g of In
    goes from 1/7.31 = 0.13680 to (121.76/114.82)/5.17 = 0.20511 cm3/g when full, so it is
    36.55e-3 x (0.13680 + 0.2344 x 0.06831) x 1e4 = 55.85 um thick, and weighs 36.55 + 2 x
    0.2591 = 37.07 mg/cm2. The anode holds the 2 mAh/cm2 as built."""
    design = replace(preset("yang2022_fig1a"), anode=in_foil(2.0))
    results = evaluate(design, LIBRARY)
    anode = results.layer("anode")
    full = 36.55e-3 * 233.4
    y = 2.0 / full
    v_in, v_liin = 1.0 / 7.31, (121.76 / 114.82) / 5.17
    assert anode.thickness_um == pytest.approx(
        36.55e-3 * (v_in + y * (v_liin - v_in)) * 1e4, rel=1e-3
    )
    assert anode.thickness_um == pytest.approx(55.85, abs=0.05)
    assert anode.mass_mg_cm2 == pytest.approx(36.55 + 2.0 * LI_MG_PER_MAH, rel=1e-4)
    assert results.anode_lithium_mAh_cm2 == pytest.approx(2.0)
    assert "prelithiation_beyond_host" not in [w.code for w in results.warnings]


def test_a_prelithiation_beyond_the_host_stays_li_metal_and_is_warned_of():
    """10 mAh/cm2 on the 8.531 mAh/cm2 foil: it is full (LiIn, 36.55e-3 x 0.20511 x 1e4 = 74.97
    um) and the other 1.469 mAh/cm2 lie on it as 1.469 x 4.851 = 7.12 um of Li: 82.09 um."""
    results = evaluate(replace(preset("yang2022_fig1a"), anode=in_foil(10.0)), LIBRARY)
    full = 36.55e-3 * 233.4
    beyond = 10.0 - full
    liin_um = 36.55e-3 * (121.76 / 114.82) / 5.17 * 1e4
    expected = liin_um + beyond * LI_UM_PER_MAH_CM2
    assert results.layer("anode").thickness_um == pytest.approx(expected, rel=1e-3)
    assert results.layer("anode").thickness_um == pytest.approx(82.09, abs=0.1)
    (warning,) = [w for w in results.warnings if w.code == "prelithiation_beyond_host"]
    assert warning.path == "anode.prelithiation_mAh_cm2"
    assert "1.47 mAh/cm2 of the pre-lithiation" in warning.message


def test_a_li_reservoir_keeps_an_anode_free_cell_whole_for_more_cycles():
    """Yang et al. 2022's cell made anode-free at CE 0.99: each cycle loses 4.2 x 0.01 = 0.042
    mAh/cm2, so with no excess 100 cycles leave 0.99^100 = 36.6 %. A 2 mAh/cm2 reservoir (9.703
    um, 0.5181 mg/cm2) keeps it whole for 2 / 0.042 = 47.6 cycles: 0.99^52.4 = 59.1 % left."""
    bare = replace(preset("yang2022_fig1a"), anode=Anode("anode_free", coulombic_efficiency=0.99))
    given = replace(bare, anode=replace(bare.anode, prelithiation_mAh_cm2=2.0))
    before = lithium_inventory(evaluate(bare, LIBRARY))
    results = evaluate(given, LIBRARY)
    after = lithium_inventory(results)
    assert before.retention_after_cycles == pytest.approx(0.99**100, rel=1e-9)
    assert after.full_capacity_cycles == pytest.approx(2.0 / 0.042, rel=1e-9)
    assert after.retention_after_cycles == pytest.approx(0.99 ** (100 - 2.0 / 0.042), rel=1e-9)
    assert after.retention_after_cycles == pytest.approx(0.591, abs=5e-4)
    anode = results.layer("anode")
    assert anode.thickness_um == pytest.approx(2.0 * LI_UM_PER_MAH_CM2, rel=1e-3)
    assert anode.mass_mg_cm2 == pytest.approx(2.0 * LI_MG_PER_MAH, rel=1e-3)
    payload = results_to_dict(results)["lithium_inventory"]
    assert payload["prelithiation_mAh_cm2"] == 2.0
    assert payload["anode_lithium_mAh_cm2"] == 2.0
    assert "Pre-lithiation: 2 mAh/cm2 of Li (9.7 um as Li metal)" in format_table(results)


def test_a_delithiated_cathode_delivers_what_the_prelithiation_gives_it():
    """Li et al. 2021's S-Mo6S8 cathode is built delithiated: 1.656 mg/cm2 x (0.325 x 1290 +
    0.675 x 90) mAh/g = 0.7949 mAh/cm2 it must be given. On a bare collector it delivers
    nothing; 0.5 mAh/cm2 of Li gives 0.5; the box's starting value is that 0.7949 plus the first
    cycle's 1.656 x 0.675 x 35 mAh/g = 0.0391 from Mo6S8 (Li et al. 2021, section 3): 0.83400,
    rounded up to 0.8341, which keeps the capacity whole after formation."""
    bare = replace(preset("li2021_s_mo6s8"), anode=Anode("anode_free"))
    results = evaluate(bare, LIBRARY)
    assert results.areal_capacity_mAh_cm2 == pytest.approx(0.0, abs=1e-12)
    some = replace(bare, anode=replace(bare.anode, prelithiation_mAh_cm2=0.5))
    assert evaluate(some, LIBRARY).areal_capacity_mAh_cm2 == pytest.approx(0.5)
    started = prelithiated(bare, results, True)
    cathode = 1.656 * (0.325 * 1290 + 0.675 * 90) / 1000.0
    first_cycle = 1.656 * 0.675 * 35 / 1000.0
    assert cathode + first_cycle == pytest.approx(0.83400, abs=1e-5)
    assert started.anode.prelithiation_mAh_cm2 == 0.8341
    results = evaluate(started, LIBRARY)
    assert formation(results).capacity_after_mAh_cm2 == pytest.approx(cathode, rel=1e-9)
    # The Li layer: 0.8341 x 4.851 = 4.046 um as built and at top of charge (the cathode gives
    # none up); the discharge takes 0.7949 of it and leaves 0.0392 mAh/cm2, 0.190 um.
    anode = results.layer("anode")
    assert anode.thickness_um == pytest.approx(0.8341 * LI_UM_PER_MAH_CM2, rel=1e-3)
    assert anode.thickness_charged_um == pytest.approx(anode.thickness_um)
    assert anode.thickness_discharged_um == pytest.approx(
        (0.8341 - cathode) * LI_UM_PER_MAH_CM2, rel=1e-3
    )
    assert prelithiated(started, evaluate(started, LIBRARY), False) == bare


def test_a_prelithiation_is_refused_for_li_metal_and_out_of_range():
    li_metal = preset("li2021_s_mo6s8")
    with pytest.raises(DesignError) as caught:
        evaluate(
            replace(li_metal, anode=replace(li_metal.anode, prelithiation_mAh_cm2=1.0)), LIBRARY
        )
    assert [p.path for p in caught.value.problems] == ["anode.prelithiation_mAh_cm2"]
    assert "a Li metal anode is all Li" in caught.value.problems[0].message
    raw = design_to_dict(replace(preset("yang2022_fig1a"), anode=in_foil(None)), LIBRARY)
    raw["anode"]["prelithiation_mAh_cm2"] = -1
    with pytest.raises(DesignFileError) as caught:
        read_design_dict(raw, LIBRARY)
    assert "-1 is outside the allowed range [0, 1000]" in str(caught.value)


def test_the_version_9_sample_reads_and_older_files_have_none():
    """The sample's In foil gets the 0.8 mAh/cm2 its S-Mo6S8 cathode takes; a version-8 file's
    anode has no pre-lithiation and none is written back."""
    sample = read_design(DATA / "design-v9.json", LIBRARY)
    assert sample.design.anode.prelithiation_mAh_cm2 == 0.8
    assert design_to_dict(sample.design, sample.library)["anode"]["prelithiation_mAh_cm2"] == 0.8
    old = read_design(DATA / "design-v8.json", LIBRARY)
    assert old.design.anode.prelithiation_mAh_cm2 is None
    assert "prelithiation_mAh_cm2" not in design_to_dict(old.design, old.library)["anode"]
