"""Interphase resistances between the layers (design format 7, `interfaces`): each adds I x ASR
to the voltage curve as a loss of its own, a bilayer's junction counts once per junction, a file
of version 6 counts none, and a bad value is refused by name and range."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from engine.design import Interfaces
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_from_results
from engine.io.design_files import DesignFileError, design_to_dict, load_design, read_design_dict
from engine.io.results_json import results_to_dict
from engine.materials import shipped_library
from engine.paths import resource_path

LIBRARY = shipped_library()
DATA = Path(__file__).resolve().parent / "data"


def preset(name: str):
    return load_design(resource_path("presets", f"{name}.json"), LIBRARY)[0]


def test_an_interphase_costs_its_current_times_its_resistance():
    """Yang et al. 2022's cell (one separator layer, so no junction) at C/10 on the theoretical
    capacity: I = 0.1/h x 20 mg/cm2 NMC811 x 275.5 mAh/g (LiNi0.8Mn0.1Co0.1O2, 26801.48 / 97.28)
    = 0.5510 mA/cm2. With 100 ohm cm2 at the cathode and 50 at the Li, the interphases cost
    0.5510 mA/cm2 x 150 ohm cm2 = 82.65 mV at every point, and the mean voltage falls by as
    much: nothing else changes at C/10 (the capacity is the cathode's either way)."""
    bare = preset("yang2022_fig1a")
    given = replace(bare, interfaces=Interfaces(100.0, 0.0, 50.0))
    before = curve_from_results(evaluate(bare, LIBRARY))
    after = curve_from_results(evaluate(given, LIBRARY))
    current = 0.1 * 20.0 * (26801.48 / 97.28) / 1000.0  # mA/cm2
    assert current == pytest.approx(0.5510, abs=1e-4)
    loss = current * 150.0 / 1000.0  # V
    assert after.losses["interfaces"] == pytest.approx(loss, rel=1e-3)
    assert before.losses["interfaces"] == pytest.approx(0.0, abs=1e-15)
    assert before.average_voltage_V - after.average_voltage_V == pytest.approx(loss, rel=1e-3)
    for key in ("separator", "cathode_ionic", "cathode_electronic", "charge_transfer"):
        assert after.losses[key][0] == pytest.approx(before.losses[key][0], rel=1e-9)
    assert after.delivered_mAh_cm2 == pytest.approx(before.delivered_mAh_cm2, rel=1e-6)


def test_a_bilayer_counts_its_one_junction():
    """Li et al. 2021's LGPS | Li3PS4 bilayer has one junction: 20 + 1 x 5 + 10 = 35 ohm cm2;
    three layers would have two: 20 + 2 x 5 + 10 = 40."""
    design = replace(preset("li2021_s_mo6s8"), interfaces=Interfaces(20.0, 5.0, 10.0))
    assert len(design.separator) == 2
    results = evaluate(design, LIBRARY)
    assert results_to_dict(results)["transport"]["interface_asr_ohm_cm2"] == pytest.approx(35.0)
    three = replace(design, separator=(*design.separator, design.separator[-1]))
    assert evaluate(three, LIBRARY).interface_asr_ohm_cm2 == pytest.approx(40.0)


def test_the_version_7_sample_round_trips_and_older_files_count_none():
    raw = json.loads((DATA / "design-v7.json").read_text(encoding="utf-8"))
    design = read_design_dict(raw, LIBRARY).design
    assert design.interfaces == Interfaces(20.0, 5.0, 10.0)
    assert design_to_dict(design, LIBRARY)["interfaces"] == raw["interfaces"]
    old = load_design(DATA / "design-v6.json", LIBRARY)[0]
    assert old.interfaces == Interfaces()
    assert "interfaces" not in design_to_dict(old, LIBRARY)  # none: written as before


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (
            {"cathode_electrolyte_ohm_cm2": -5},
            "interfaces.cathode_electrolyte_ohm_cm2: -5 is outside the allowed range [0, 1e+06]",
        ),
        (
            {"electrolyte_anode_ohm_cm2": "10"},
            "interfaces.electrolyte_anode_ohm_cm2: must be a number, got '10'",
        ),
        ({"anode_ohm_cm2": 1}, "interfaces.anode_ohm_cm2: unknown field"),
    ],
)
def test_a_bad_interphase_is_refused_by_name_and_range(given, problem):
    raw = json.loads((DATA / "design-v7.json").read_text(encoding="utf-8"))
    raw["interfaces"] = given
    with pytest.raises(DesignFileError) as refused:
        read_design_dict(raw, LIBRARY)
    assert any(str(p).startswith(problem) for p in refused.value.problems), refused.value.problems
