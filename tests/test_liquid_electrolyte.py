"""A Li-ion reference (design format 10, `liquid_electrolyte`): a liquid fills the pores of every
porous layer, weighs ε t ρ and conducts ions there, and a porous membrane separates the
electrodes. Checked by hand on the shipped LG M50 preset (Chen et al. 2020, J. Electrochem. Soc.
167, 080534: NMC811 75.6 um at 33.5 %, graphite 85.2 um at 25 %, separator 12 um at 47 %;
O'Regan et al. 2022, Electrochim. Acta 425, 140700: electrolyte 1.28 g/cm3, dry electrodes 3270
and 1740 kg/m3, dry separator 946 kg/m3; Landesfeind and Gasteiger 2019, J. Electrochem. Soc.
166, A3079: 1 M LiPF6 in EC:EMC 3:7 conducts 9.13 mS/cm at 25 C and 11.36 at 40 C)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from engine.evaluate import evaluate
from engine.io.design_files import (
    DesignFileError,
    design_to_dict,
    read_design,
    read_design_dict,
)
from engine.io.results_json import results_to_dict
from engine.materials import shipped_library
from engine.problems import DesignError
from tests.presets import preset
from tests.test_overhang import DATA

LIBRARY = shipped_library()
LIQUID_G_CM3 = 1.28
KAPPA_25C = 9.13e-3  # S/cm


def test_the_liquid_weighs_in_every_porous_layer():
    """Per cm2 of a layer, m = t (1 - ε) ρ_solid + t ε ρ_liquid (t in cm, masses in g):
    separator 12 um: 0.53 x 1.785 + 0.47 x 1.28 = 1.1353 + 0.7219 = 1.8572 mg/cm2 (its solid is
    O'Regan's dry 946 kg/m3 x 12 um = 1.1352); graphite 85.2 um: 0.75 x 2.267 + 0.25 x 1.28 =
    14.486 + 2.726 = 17.212 mg/cm2; the 98:1:1 NMC811:C65:PVDF positive, solid density
    1 / (0.98/4.778 + 0.01/1.86 + 0.01/1.78) = 4.6275 g/cm3: 0.665 x 4.6275 x 75.6e-4 + 0.335
    x 1.28 x 75.6e-4 = 23.264 + 3.242 = 26.506 mg/cm2."""
    results = evaluate(preset("chen2020_lgm50_li_ion"), LIBRARY)
    rows = {layer.key: layer for layer in results.layers}
    assert rows["separator[0]"].mass_mg_cm2 == pytest.approx(12e-1 * (0.53 * 1.785 + 0.47 * 1.28))
    assert rows["separator[0]"].mass_mg_cm2 == pytest.approx(1.8572, abs=1e-4)
    assert rows["anode"].mass_mg_cm2 == pytest.approx(85.2e-1 * (0.75 * 2.267 + 0.25 * 1.28))
    solid = 1.0 / (0.98 / 4.778 + 0.01 / 1.86 + 0.01 / 1.78)
    expected = 75.6e-1 * (0.665 * solid + 0.335 * LIQUID_G_CM3)
    assert rows["cathode"].mass_mg_cm2 == pytest.approx(expected, rel=1e-9)
    assert rows["cathode"].mass_mg_cm2 == pytest.approx(26.506, abs=1e-3)
    assert results.cell_mass_g == pytest.approx(sum(layer.mass_g for layer in results.layers))
    assert "filled with LiPF6-EC:EMC" in {r.key: r for r in results.ladder}["cathode"].basis


def test_the_liquid_conducts_the_ions():
    """Bruggeman, κ ε^1.5: through the separator 12e-4 cm / (9.13e-3 x 0.47^1.5) = 0.4079 ohm cm2;
    through the whole positive 75.6e-4 / (9.13e-3 x 0.335^1.5) = 4.271 ohm cm2. At 40 C the
    library's Arrhenius from 25 C (0.125 eV, through Landesfeind's 10 and 40 C) gives 9.13 x
    exp(0.125 / 8.617e-5 x (1/298.15 - 1/313.15)) = 11.53 mS/cm, 1.5 % above their 11.36."""
    design = preset("chen2020_lgm50_li_ion")
    results = evaluate(design, LIBRARY)
    assert float(results.separator_asr_ohm_cm2) == pytest.approx(
        12e-4 / (KAPPA_25C * 0.47**1.5), rel=1e-3
    )
    assert float(results.separator_asr_ohm_cm2) == pytest.approx(0.4079, abs=1e-3)
    transport = results_to_dict(results)["transport"]
    assert transport["cathode_ionic_asr_ohm_cm2"] == pytest.approx(
        75.6e-4 / (KAPPA_25C * 0.335**1.5), rel=1e-3
    )
    warm = replace(design, operating=replace(design.operating, temperature_C=40.0))
    hot = evaluate(warm, LIBRARY)
    kappa_40 = 12e-4 / float(hot.separator_asr_ohm_cm2) / 0.47**1.5
    assert kappa_40 == pytest.approx(11.53e-3, rel=1e-3)
    assert kappa_40 == pytest.approx(11.36e-3, rel=0.02)


def test_the_reference_cell_agrees_with_its_sources():
    """The LG M50's 5 Ah nominal capacity (Chen et al. 2020) from 0.1027 m2 of electrode: 4.79
    mAh/cm2 (22.80 mg/cm2 of NMC811 at 210 mAh/g) x 1027 cm2 = 4.92 Ah, within 2 %. The dry
    layers against O'Regan et al. 2022's: positive 0.665 x 4.6275 = 3.077 g/cm3 against 3.270
    (-5.9 %: this library's NMC811 is its crystal density); negative 0.75 x 2.267 = 1.700 against
    1.740 (-2.3 %)."""
    results = evaluate(preset("chen2020_lgm50_li_ion"), LIBRARY)
    assert float(results.capacity_mAh) / 1000.0 == pytest.approx(5.0, rel=0.02)
    rows = {layer.key: layer for layer in results.layers}
    liquid = {"cathode": 0.335 * 75.6e-1, "anode": 0.25 * 85.2e-1}
    for key, thickness, oregan, within in (
        ("cathode", 75.6, 3.270, 0.07),
        ("anode", 85.2, 1.740, 0.03),
    ):
        dry = (rows[key].mass_mg_cm2 - liquid[key] * LIQUID_G_CM3) / (thickness * 0.1)
        assert dry == pytest.approx(oregan, rel=within), key


def test_a_membrane_needs_a_liquid_and_a_liquid_must_be_one():
    design = preset("chen2020_lgm50_li_ion")
    with pytest.raises(DesignError) as caught:
        evaluate(replace(design, liquid_electrolyte=None), LIBRARY)
    (problem,) = caught.value.problems
    assert problem.path == "separator[0].material"
    assert "conducts ions only through a liquid in its pores" in problem.message
    raw = design_to_dict(design, LIBRARY)
    raw["liquid_electrolyte"] = "LPSCl"
    with pytest.raises(DesignFileError) as caught:
        read_design_dict(raw, LIBRARY)
    assert "liquid_electrolyte: 'LPSCl' is a solid_electrolyte material" in str(caught.value)


def test_a_solid_state_cell_with_its_pores_flooded():
    """Yang et al. 2022's cell (10 % porous cathode, 65.77 um thick as made; dense LGPS) with the
    liquid added: its cathode gains 0.10 x 65.77e-4 x 1.28 = 0.8419 mg/cm2 and nothing else does;
    a design of format 9 has no liquid, and the preset's liquid survives a save."""
    bare = preset("yang2022_fig1a")
    wet = evaluate(replace(bare, liquid_electrolyte="LiPF6-EC:EMC"), LIBRARY)
    dry = evaluate(bare, LIBRARY)
    gained = wet.layer("cathode").mass_mg_cm2 - dry.layer("cathode").mass_mg_cm2
    thickness = float(dry.layer("cathode").thickness_um)
    assert thickness == pytest.approx(65.77, abs=0.01)
    assert gained == pytest.approx(0.10 * thickness * 1e-1 * LIQUID_G_CM3, rel=1e-9)
    assert wet.layer("separator[0]").mass_mg_cm2 == dry.layer("separator[0]").mass_mg_cm2
    assert read_design(DATA / "design-v9.json", LIBRARY).design.liquid_electrolyte is None
    written = design_to_dict(preset("chen2020_lgm50_li_ion"), LIBRARY)
    assert written["liquid_electrolyte"] == "LiPF6-EC:EMC"
    assert not math.isnan(read_design_dict(written, LIBRARY).design.cathode.porosity)
