"""Sweeps return arrays of any result; explanations cite their inputs' sources."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from engine.evaluate import evaluate
from engine.sweep import sweep
from engine.trace import explain
from tests.presets import preset


def test_one_field_sweep_reproduces_fig1a():
    result = sweep(
        preset("seed004_fig1a"),
        {"cathode.active_loading_mg_cm2": [5, 10, 20]},
        ["ladder.stack.wh_per_kg", "layer.cathode.mass_share"],
    )
    assert_allclose(result.outputs["ladder.stack.wh_per_kg"], [178, 275, 378], rtol=0.02)


def test_two_field_sweep_is_a_grid():
    result = sweep(
        preset("default_nmc811_lpscl_li"),
        {
            "cathode.active_loading_mg_cm2": np.linspace(5, 30, 4),
            "separator[0].thickness_um": np.linspace(10, 100, 3),
        },
        ["ladder.cell.wh_per_kg", "areal_capacity_mAh_cm2"],
    )
    energy = result.outputs["ladder.cell.wh_per_kg"]
    assert energy.shape == (4, 3)
    assert np.all(np.diff(energy, axis=0) > 0)  # more loading, more Wh/kg
    assert np.all(np.diff(energy, axis=1) < 0)  # thicker separator, fewer Wh/kg
    assert_allclose(result.outputs["areal_capacity_mAh_cm2"][:, 0], np.linspace(5, 30, 4) * 0.21)


def test_unknown_fields_and_results_are_refused():
    with pytest.raises(KeyError):
        sweep(preset("seed004_fig1a"), {"cathode.loading_ug": [1.0]}, ["energy_Wh"])
    with pytest.raises(KeyError, match="unknown result"):
        sweep(preset("seed004_fig1a"), {"cathode.porosity": [0.1]}, ["nothing"])


def test_explanations_name_their_sources():
    results = evaluate(preset("seed004_fig1a"))
    capacity = explain(results, "areal_capacity")
    q = next(i for i in capacity.inputs if i.name == "q(NMC811)")
    assert q.value == 210.0
    assert "seed004" in q.source
    assert capacity.value == pytest.approx(20 * 0.210)
    energy = explain(results, "wh_per_kg:stack")
    assert energy.value == pytest.approx(results.rung("stack").wh_per_kg)
    assert "no packaging" in energy.text()
    with pytest.raises(KeyError, match="cannot explain"):
        explain(results, "color")
