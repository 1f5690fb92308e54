"""Layers that reach past the cathode (design format 8, `overhang`): the anode, its collector and
the separator are counted on their own, larger areas; an anode short of the cathode carries
capacity only where it faces the cathode; the pouch is cut around the largest layer; the fixture
presses the stack's footprint. Checked by hand on Yang et al. 2022's pellet (J. Energy Chem., Fig.
1A: NMC811 at 20 mg/cm2 and 210 mAh/g, 3.8 V, Al 16 um, LGPS 20 um, Li, Cu 8 um, a 10 mm die)
and the shipped pouch (60 x 50 mm electrodes)."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from engine.design import NO_OVERHANG, Fixture, Overhang
from engine.evaluate import evaluate
from engine.io.design_files import (
    VERSION,
    DesignFileError,
    design_to_dict,
    read_design,
    read_design_dict,
)
from engine.io.results_json import results_to_dict
from engine.io.results_text import format_table
from engine.materials import shipped_library
from engine.problems import DesignError
from tests.presets import preset

LIBRARY = shipped_library()
DATA = Path(__file__).resolve().parent / "data"


def circle_cm2(diameter_mm: float) -> float:
    return math.pi * (diameter_mm / 20.0) ** 2


def rows(results) -> dict:
    return {layer.key: layer for layer in results.layers}


def test_an_overhanging_anode_and_separator_weigh_on_their_own_areas():
    """Anode 1 mm and separator 0.5 mm past a 10 mm cathode: the Li and its Cu foil on a 12 mm
    disc (1.44 x the area), the LGPS on a 13 mm one (1.69 x); the cathode and its Al as before,
    and so the capacity: 4.2 mAh/cm2 (20 mg/cm2 x 210 mAh/g) x 0.7854 cm2 = 3.299 mAh. The Cu
    foil: 8 um x 8.96 g/cm3 = 7.168 mg/cm2 over pi (0.6 cm)^2 = 1.1310 cm2 is 8.107 mg."""
    bare = preset("yang2022_fig1a")
    wide = replace(bare, overhang=Overhang(anode_mm=1.0, separator_mm=0.5))
    before, after = evaluate(bare, LIBRARY), evaluate(wide, LIBRARY)
    old, new = rows(before), rows(after)
    assert new["anode_collector"].mass_g == pytest.approx(7.168e-3 * 1.130973, rel=1e-4)
    for key, ratio in (
        ("anode", 1.44),
        ("anode_collector", 1.44),
        ("separator[0]", 1.69),
        ("cathode", 1.0),
        ("cathode_collector", 1.0),
    ):
        assert new[key].mass_g == pytest.approx(old[key].mass_g * ratio, rel=1e-12), key
        assert new[key].volume_cm3 == pytest.approx(old[key].volume_cm3 * ratio, rel=1e-12), key
    assert after.capacity_mAh == pytest.approx(4.2 * circle_cm2(10.0), rel=1e-9)
    assert after.capacity_mAh == pytest.approx(3.299, abs=5e-4)
    assert after.cell_mass_g == pytest.approx(sum(layer.mass_g for layer in after.layers))
    assert after.areas.anode == pytest.approx(circle_cm2(12.0))
    assert after.areas.separator == pytest.approx(circle_cm2(13.0))
    # The stack is as thick as before, over the separator's 13 mm footprint.
    stack = {r.key: r for r in after.ladder}["stack"]
    assert stack.volume_cm3 == pytest.approx(
        after.stack_thickness_um * 1e-4 * circle_cm2(13.0), rel=1e-12
    )
    assert "past the cathode's edge" in stack.basis


def test_an_anode_short_of_the_cathode_delivers_only_where_it_faces_it():
    """A Li disc of 8 mm under the 10 mm cathode: the cathode weighs as before, but only the
    8 mm it faces delivers, 4.2 mAh/cm2 x pi (0.4 cm)^2 = 2.111 mAh (0.64 of before), at the
    same 3.8 V; a warning says why."""
    bare = preset("yang2022_fig1a")
    short = replace(bare, overhang=Overhang(anode_mm=-1.0))
    before, after = evaluate(bare, LIBRARY), evaluate(short, LIBRARY)
    assert after.capacity_mAh == pytest.approx(4.2 * circle_cm2(8.0), rel=1e-9)
    assert after.capacity_mAh == pytest.approx(2.111, abs=5e-4)
    assert after.energy_Wh == pytest.approx(before.energy_Wh * 0.64, rel=1e-12)
    assert rows(after)["cathode"].mass_g == pytest.approx(rows(before)["cathode"].mass_g)
    assert rows(after)["anode"].mass_g == pytest.approx(rows(before)["anode"].mass_g * 0.64)
    # The separator covers the cathode, the larger electrode.
    assert rows(after)["separator[0]"].mass_g == pytest.approx(rows(before)["separator[0]"].mass_g)
    assert "anode_short_of_cathode" in [w.code for w in after.warnings]
    cathode = {r.key: r for r in after.ladder}["cathode"]
    assert cathode.wh_per_kg == pytest.approx(
        {r.key: r for r in before.ladder}["cathode"].wh_per_kg * 0.64
    )


def test_the_pouch_is_cut_around_its_largest_layer():
    """The version-8 sample: 60 x 50 mm cathodes, anodes 1 mm and separators 1.5 mm past them.
    Anode (62 x 52) 32.24 cm2, separator (65 x 55) 35.75 cm2; the outline adds 5 mm seals and
    10 mm headspace around the separator: 75 x 75 mm = 56.25 cm2, whose two foils of 113 um at
    1.6 g/cm3 weigh 2 x 56.25 x 0.0113 x 1.6 = 2.034 g (1.772 g around the bare 60 x 50)."""
    read = read_design(DATA / "design-v8.json", LIBRARY)
    assert read.design.overhang == Overhang(1.0, 1.5)
    results = evaluate(read.design, read.library)
    areas = results_to_dict(results)["areas_cm2"]
    assert areas == pytest.approx(
        {"cathode": 30.0, "anode": 32.24, "separator": 35.75, "facing": 30.0, "outline": 56.25}
    )
    assert rows(results)["pouch_foil"].mass_g == pytest.approx(2.034, abs=5e-4)
    bare = evaluate(replace(read.design, overhang=NO_OVERHANG), read.library)
    assert rows(bare)["pouch_foil"].mass_g == pytest.approx(1.772, abs=5e-4)
    assert results.capacity_mAh == pytest.approx(bare.capacity_mAh)
    assert "Areas: cathode 30 cm2, anode 32.24 cm2, separator 35.75 cm2" in format_table(results)
    assert "Areas:" not in format_table(bare)


def test_a_sized_fixture_presses_the_stack_footprint():
    """A steel fixture holding 10 MPa on the 13 mm separator disc: F = 10 N/mm2 x pi (6.5 mm)^2
    = 1327.3 N (785.4 N on the bare 10 mm cell)."""
    design = replace(
        preset("yang2022_fig1a"),
        fixture=Fixture(material="SUS"),
        overhang=Overhang(1.0, 0.5),
    )
    design = replace(design, operating=replace(design.operating, stack_pressure_MPa=10.0))
    fixture = evaluate(design, LIBRARY).fixture
    assert fixture is not None
    assert fixture.force_N == pytest.approx(1327.3, abs=0.05)
    bare = evaluate(replace(design, overhang=NO_OVERHANG), LIBRARY).fixture
    assert bare is not None
    assert bare.force_N == pytest.approx(785.4, abs=0.05)


def test_an_overhang_that_leaves_no_anode_is_refused_by_name():
    bare = preset("yang2022_fig1a")
    with pytest.raises(DesignError) as caught:
        evaluate(replace(bare, overhang=Overhang(anode_mm=-5.0)), LIBRARY)
    (problem,) = caught.value.problems
    assert problem.path == "overhang.anode_mm"
    assert "-5 mm leaves the anode no area" in problem.message
    assert "diameter 10 mm" in problem.message
    raw = design_to_dict(bare, LIBRARY)
    raw["overhang"] = {"separator_mm": -1.0}
    with pytest.raises(DesignFileError) as caught:
        read_design_dict(raw, LIBRARY)
    (problem,) = caught.value.problems
    assert problem.path == "overhang.separator_mm"
    assert "-1 is outside the allowed range [0, 200]" in problem.message


def test_files_before_version_8_have_no_overhang_and_none_is_written():
    """A version-7 file reads with every layer the cathode's size and writes back without the
    key; a version-8 file keeps its overhang through a save."""
    old = read_design(DATA / "design-v7.json", LIBRARY)
    assert old.design.overhang is NO_OVERHANG
    assert "overhang" not in design_to_dict(old.design, old.library)
    new = read_design(DATA / "design-v8.json", LIBRARY)
    written = design_to_dict(new.design, new.library)
    assert written["version"] == VERSION
    assert written["overhang"] == {"anode_mm": 1.0, "separator_mm": 1.5}
    again = read_design_dict(json.loads(json.dumps(written)), LIBRARY).design
    assert again == new.design


def test_an_overhang_set_back_to_zero_is_none_and_a_sweep_takes_it():
    """Typing 0 back gives the bare cell's numbers and words; a sweep of the anode's overhang
    over 0, 1 and 2 mm weighs its anode on (10 + 2m)^2 / 100 of the cathode's area: 1, 1.44,
    1.96."""
    bare = preset("yang2022_fig1a")
    zero = evaluate(replace(bare, overhang=Overhang(0.0, 0.0)), LIBRARY)
    assert [r.basis for r in zero.ladder] == [r.basis for r in evaluate(bare, LIBRARY).ladder]
    swept = evaluate(replace(bare, overhang=Overhang(np.array([0.0, 1.0, 2.0]), 0.0)), LIBRARY)
    anode = rows(swept)["anode"].mass_g
    assert anode / anode[0] == pytest.approx([1.0, 1.44, 1.96], rel=1e-12)
    assert "0 to 2 mm" in {r.key: r for r in swept.ladder}["stack"].basis
