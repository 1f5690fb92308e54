"""Sweeps return arrays of any result; explanations cite their inputs' sources."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from numpy.testing import assert_allclose

from engine.design import Component
from engine.evaluate import evaluate
from engine.evaluate.trace import explain
from engine.materials import shipped_library
from engine.studies.goal_seek import goal_seek
from engine.studies.sweep import field_value, set_field, sweep
from tests.presets import preset


def test_one_field_sweep_reproduces_fig1a():
    result = sweep(
        preset("yang2022_fig1a"),
        {"cathode.active_loading_mg_cm2": [5, 10, 20]},
        ["ladder.stack.wh_per_kg", "layer.cathode.mass_share"],
        shipped_library(),
    )
    assert_allclose(result.outputs["ladder.stack.wh_per_kg"], [178, 275, 378], rtol=0.02)


def test_active_fraction_sweep_matches_the_hand_calculation_of_fig1a_at_20_mg():
    """Our calculation on the Fig. 1A stack of Yang et al. 2022 (J. Energy Chem.; the paper
    gives no such sweep): 20 mg/cm2 NMC811 with N/P 2 on the practical 210 mAh/g, active
    fraction 60 / 70 / 80 / 85 / 90 / 95 wt% -> 312.5 / 344.7 / 373.5 / 386.8 / 399.4 / 411.5 Wh/kg.
    By hand, per cm2:
    E = 20 mg * 0.210 Ah/g * 3.8 V = 15.96 mWh; M = 20 / a (cathode) + 2 * 20 * 0.210 / 3.860 (Li)
    + 4.320 (Al 16 um) + 7.168 (Cu 8 um) + 4.071 (LGPS 20 um at 2.036 g/cm3) mg."""
    base = preset("yang2022_fig1a")
    design = replace(
        base, cathode=replace(base.cathode, active_loading_mg_cm2=20.0), n_p_basis="practical"
    )
    fractions = np.array([0.60, 0.70, 0.80, 0.85, 0.90, 0.95])
    result = sweep(
        design,
        {"cathode.active_fraction": fractions},
        ["ladder.stack.wh_per_kg"],
        shipped_library(),
    )
    by_hand = 15.96 / (20 / fractions + 2 * 20 * 0.210 / 3.860 + 4.320 + 7.168 + 4.071) * 1000
    assert_allclose(by_hand, [312.5, 344.7, 373.5, 386.8, 399.4, 411.5], atol=0.1)
    assert_allclose(result.outputs["ladder.stack.wh_per_kg"], by_hand, rtol=0.005)


def test_active_fraction_rescales_the_other_components_in_proportion():
    base = preset("li2021_s_mo6s8")
    shares = {"S8": 0.26, "Mo6S8": 0.54, "Li3PS4": 0.15, "C65": 0.05}  # two actives, two not
    components = tuple(Component(m, f) for m, f in shares.items())
    design = replace(base, cathode=replace(base.cathode, components=components))
    before = field_value(design, "cathode.active_fraction", shipped_library())
    changed = set_field(design, "cathode.active_fraction", 0.6, shipped_library())
    after = {c.material: c.mass_fraction for c in changed.cathode.components}
    assert sum(after.values()) == pytest.approx(1.0, abs=1e-12)
    assert field_value(changed, "cathode.active_fraction", shipped_library()) == pytest.approx(0.6)
    assert before == pytest.approx(0.80)
    actives = [m for m in after if m in ("S8", "Mo6S8")]
    others = [m for m in after if m not in actives]
    for group, total in ((actives, 0.6), (others, 0.4)):
        for material in group:
            was = shares[material] / sum(shares[m] for m in group)
            assert after[material] / total == pytest.approx(was)
    with pytest.raises(KeyError, match=r"anode\.active_fraction"):
        field_value(
            design, "anode.active_fraction", shipped_library()
        )  # the hybrid's anode is Li metal


def test_goal_seek_solves_the_active_fraction_for_400_wh_kg():
    """Same stack as above (20 mg/cm2, N/P 2 on 210 mAh/g): 400 Wh/kg needs 15.96 / 0.400 =
    39.9 mg/cm2, so 20 / a = 39.9 - 2.176 - 4.320 - 7.168 - 4.071 = 22.165 and a = 0.9023."""
    base = preset("yang2022_fig1a")
    design = replace(
        base, cathode=replace(base.cathode, active_loading_mg_cm2=20.0), n_p_basis="practical"
    )
    found = goal_seek(
        design,
        "cathode.active_fraction",
        "ladder.stack.wh_per_kg",
        400,
        0.5,
        0.99,
        shipped_library(),
    )
    assert found.value == pytest.approx(0.9023, abs=0.003)


def test_two_field_sweep_is_a_grid():
    result = sweep(
        preset("default_nmc811_lpscl_li"),
        {
            "cathode.active_loading_mg_cm2": np.linspace(5, 30, 4),
            "separator[0].thickness_um": np.linspace(10, 100, 3),
        },
        ["ladder.cell.wh_per_kg", "areal_capacity_mAh_cm2"],
        shipped_library(),
    )
    energy = result.outputs["ladder.cell.wh_per_kg"]
    assert energy.shape == (4, 3)
    assert np.all(np.diff(energy, axis=0) > 0)  # more loading, more Wh/kg
    assert np.all(np.diff(energy, axis=1) < 0)  # thicker separator, fewer Wh/kg
    assert_allclose(result.outputs["areal_capacity_mAh_cm2"][:, 0], np.linspace(5, 30, 4) * 0.21)


def test_unknown_fields_and_results_are_refused():
    with pytest.raises(KeyError):
        sweep(
            preset("yang2022_fig1a"),
            {"cathode.loading_ug": [1.0]},
            ["energy_Wh"],
            shipped_library(),
        )
    with pytest.raises(KeyError, match="unknown result"):
        sweep(preset("yang2022_fig1a"), {"cathode.porosity": [0.1]}, ["nothing"], shipped_library())


def test_explanations_name_their_sources():
    results = evaluate(preset("yang2022_fig1a"), shipped_library())
    capacity = explain(results, "areal_capacity")
    q = next(i for i in capacity.inputs if i.name == "q(NMC811)")
    assert q.value == 210.0
    assert "yang2022" in q.source
    assert capacity.value == pytest.approx(20 * 0.210)
    energy = explain(results, "wh_per_kg:stack")
    assert energy.value == pytest.approx(results.rung("stack").wh_per_kg)
    assert "no packaging" in energy.text()
    with pytest.raises(KeyError, match="cannot explain"):
        explain(results, "color")
