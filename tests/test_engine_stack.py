"""Bookkeeping of the engine: conservation, hand calculations, broadcasting, errors, warnings."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from numpy.testing import assert_allclose

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.materials import shipped_library
from engine.problems import DesignError
from tests.presets import preset


def test_masses_sum_over_components_and_layers():
    results = evaluate(preset("default_nmc811_lpscl_li"), shipped_library())
    for layer in results.layers:
        if layer.components:
            assert_allclose(sum(c.mass_mg_cm2 for c in layer.components), layer.mass_mg_cm2)
            assert_allclose(sum(c.mass_g for c in layer.components), layer.mass_g)
    assert_allclose(sum(layer.mass_g for layer in results.layers), results.cell_mass_g)
    assert_allclose(sum(layer.mass_share for layer in results.layers), 1.0)


@pytest.mark.parametrize("path", ["cathode_collector", "anode_collector"])
def test_removing_a_collector_changes_the_mass_by_exactly_its_mass(path):
    design = preset("default_nmc811_lpscl_li")
    before = evaluate(design, shipped_library())
    after = evaluate(dataclasses.replace(design, **{path: None}), shipped_library())
    assert_allclose(before.cell_mass_g - after.cell_mass_g, before.layer(path).mass_g)


def test_removing_a_separator_layer_changes_the_mass_by_exactly_its_mass():
    design = preset("li2021_s_mo6s8")
    before = evaluate(design, shipped_library())
    after = evaluate(dataclasses.replace(design, separator=design.separator[:1]), shipped_library())
    assert_allclose(before.cell_mass_g - after.cell_mass_g, before.layer("separator[1]").mass_g)


def test_pellet_cell_by_hand():
    """A 10 mm pellet: 15 mg/cm2 of NMC811 alone (no binder), dense, Li at N/P 1.2 (practical).
    Area pi * 0.5^2 = 0.7854 cm2. Capacity 15 * 0.210 = 3.15 mAh/cm2 -> 2.474 mAh.
    Cathode thickness 15 / 4.778 * 10 = 31.39 um. Li: 1.2 * 3.15 = 3.78 mAh/cm2 -> 0.9793 mg/cm2,
    18.34 um; at top of charge + 3.15 * 4.851 = 15.28 um of plated Li.
    """
    design = preset("yang2022_fig1a")
    design = replace_field(design, "cathode.components", (design.cathode.components[0],))
    design = replace_field(design, "cathode.components[0].mass_fraction", 1.0)
    design = replace_field(design, "cathode.porosity", 0.0)
    design = replace_field(design, "cathode.active_loading_mg_cm2", 15.0)
    design = replace_field(design, "anode.n_p_ratio", 1.2)
    design = dataclasses.replace(design, n_p_basis="practical")
    results = evaluate(design, shipped_library())
    assert_allclose(results.area_cm2, np.pi * 0.25)
    assert_allclose(results.capacity_mAh, 3.15 * np.pi * 0.25)
    assert_allclose(results.layer("cathode").thickness_um, 15 / 4.778 * 10)
    li = results.layer("anode")
    assert_allclose(li.mass_mg_cm2, 3.78 / 3.860)
    assert_allclose(li.thickness_um, 3.78 / 3.860 / 0.534 * 10)
    assert_allclose(li.thickness_charged_um - li.thickness_um, 3.15 / 3.860 / 0.534 * 10)
    assert_allclose(results.n_p_ratio, 1.2)


def test_pouch_packaging_by_hand():
    """Pouch foil mass: 2 faces * (60 + 10) * (50 + 10 + 10) mm2 * 113 um * 1.6 g/cm3
    = 2 * 49.0 cm2 * 0.0113 cm * 1.6 = 1.772 g; tabs 0.6 g."""
    results = evaluate(preset("default_nmc811_lpscl_li"), shipped_library())
    assert_allclose(results.layer("pouch_foil").mass_g, 2 * 49.0 * 0.0113 * 1.6)
    cell, stack = results.rung("cell"), results.rung("stack")
    assert_allclose(cell.mass_g - stack.mass_g, 2 * 49.0 * 0.0113 * 1.6 + 0.6)
    # 20 double-sided unit cells: 10 Al and 11 Cu collectors.
    assert results.layer("cathode_collector").count == 10
    assert results.layer("anode_collector").count == 11
    assert cell.wh_per_kg < stack.wh_per_kg


def test_arrays_broadcast_and_match_scalar_evaluations():
    design = preset("default_nmc811_lpscl_li")
    loadings = np.linspace(5.0, 30.0, 6)
    thickness = np.array([[20.0], [40.0]])
    swept = replace_field(design, "cathode.active_loading_mg_cm2", loadings)
    swept = replace_field(swept, "separator[0].thickness_um", thickness)
    grid = evaluate(swept, shipped_library()).rung("cell").wh_per_kg
    assert grid.shape == (2, 6)
    for i, t in enumerate(thickness[:, 0]):
        for j, loading in enumerate(loadings):
            one = replace_field(design, "cathode.active_loading_mg_cm2", float(loading))
            one = replace_field(one, "separator[0].thickness_um", float(t))
            assert_allclose(grid[i, j], evaluate(one, shipped_library()).rung("cell").wh_per_kg)


def test_invalid_values_are_refused_with_field_value_and_range():
    design = replace_field(preset("default_nmc811_lpscl_li"), "cathode.porosity", 1.5)
    design = replace_field(design, "separator[0].thickness_um", -3.0)
    with pytest.raises(DesignError) as caught:
        evaluate(design, shipped_library())
    messages = [str(p) for p in caught.value.problems]
    assert "cathode.porosity: 1.5 is outside the allowed range [0, 0.95]" in messages
    assert "separator[0].thickness_um: -3 is outside the allowed range (0, 10000]" in messages


def test_fractions_must_sum_to_one_and_materials_must_exist():
    design = replace_field(
        preset("default_nmc811_lpscl_li"), "cathode.components[0].material", "NMC812"
    )
    design = replace_field(design, "cathode.components[1].mass_fraction", 0.5)
    with pytest.raises(DesignError) as caught:
        evaluate(design, shipped_library())
    text = str(caught.value)
    assert "unknown material 'NMC812'" in text
    assert "NMC811" in text  # the closest valid name
    assert "mass fractions sum to 1.23" in text


def test_implausible_values_give_named_warnings():
    design = replace_field(preset("default_nmc811_lpscl_li"), "anode.n_p_ratio", 0.8)
    design = replace_field(design, "separator[0].thickness_um", 1200.0)
    design = replace_field(design, "cathode.porosity", 0.6)
    codes = {w.code for w in evaluate(design, shipped_library()).warnings}
    assert {"n_p_below_1", "thick_separator", "high_porosity"} <= codes


def test_delithiated_cathode_without_lithium_source_delivers_nothing():
    """S8 holds no Li: facing an anode-free collector it cannot discharge."""
    design = preset("li2021_s_mo6s8")
    design = dataclasses.replace(
        design, anode=dataclasses.replace(design.anode, kind="anode_free", n_p_ratio=None)
    )
    results = evaluate(design, shipped_library())
    assert results.areal_capacity_mAh_cm2 == pytest.approx(0.0, abs=1e-12)
    assert "lithium_limited" in {w.code for w in results.warnings}
    assert results.n_p_ratio is None


def test_anode_free_plates_lithium_at_charge():
    """NMC811 at 20 mg/cm2 * 210 mAh/g = 4.2 mAh/cm2 plates 4.2 / 3.860 / 0.534 * 10 = 20.4 um."""
    design = preset("yang2022_fig1a")
    design = dataclasses.replace(
        design, anode=dataclasses.replace(design.anode, kind="anode_free", n_p_ratio=None)
    )
    anode = evaluate(design, shipped_library()).layer("anode")
    assert anode.mass_mg_cm2 == 0.0
    assert_allclose(anode.thickness_charged_um, 4.2 / 3.860 / 0.534 * 10)
