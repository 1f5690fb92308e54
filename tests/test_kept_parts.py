"""What evaluate and the curve keep between edits (engine/evaluate/memo.py) is found again only
with everything it was computed from. Each design here is evaluated once, then edited in a field
the kept value depends on while the part it is kept for stays the same object; the edited
design's numbers are checked against a hand calculation.

Arrhenius by hand: x(T) = x(25 C) exp(Ea / k_B (1 / 298.15 K - 1 / T)), k_B = 8.617333262e-5
eV/K (CODATA 2018). Bruggeman: sigma_eff = sigma (1 - porosity)^alpha (Bruggeman 1935).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
from numpy.testing import assert_allclose

from engine.design import TransportModel, replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_cell_inputs
from engine.materials import shipped_library
from engine.studies.curves import discharge_curve
from tests.presets import preset

LIBRARY = shipped_library()
K_B = 8.617333262e-5


def _arrhenius(value: float, ea_eV: float, temperature_C: float) -> float:
    return value * math.exp(ea_eV / K_B * (1.0 / 298.15 - 1.0 / (temperature_C + 273.15)))


def test_a_separator_kept_follows_the_temperature_the_model_and_a_liquid():
    """The default cell's 30 um LPSCl layer at porosity 0.1: 1.33e-3 S/cm at 25 C with 0.35 eV
    (the library's values). Each edit leaves the separator tuple the same object."""
    design = preset("default_nmc811_lpscl_li")
    layers = design.separator
    sigma = 1.33e-3 * 0.9**1.5
    got = evaluate(design, LIBRARY).separator_transports[0]
    assert_allclose(got.ionic_conductivity_S_cm, sigma, rtol=1e-12)

    warm = replace_field(design, "operating.temperature_C", 60.0)
    assert warm.separator is layers
    got = evaluate(warm, LIBRARY).separator_transports[0]
    assert_allclose(got.ionic_conductivity_S_cm, _arrhenius(sigma, 0.35, 60.0), rtol=1e-12)
    assert_allclose(got.ionic_asr_ohm_cm2, 30e-4 / _arrhenius(sigma, 0.35, 60.0), rtol=1e-12)

    squarer = dataclasses.replace(design, transport=TransportModel(bruggeman_exponent=2.0))
    got = evaluate(squarer, LIBRARY).separator_transports[0]
    assert_allclose(got.ionic_conductivity_S_cm, 1.33e-3 * 0.9**2, rtol=1e-12)

    # LiPF6 in EC:EMC, 9.13e-3 S/cm, fills the 10 % of pores: a parallel path of 0.1^1.5 of it.
    wet = dataclasses.replace(design, liquid_electrolyte="LiPF6-EC:EMC")
    got = evaluate(wet, LIBRARY).separator_transports[0]
    assert_allclose(got.ionic_conductivity_S_cm, sigma + 9.13e-3 * 0.1**1.5, rtol=1e-12)


def test_a_curves_kinetics_kept_follow_the_temperature():
    """NMC811 in the default cell: radius 5.22 um, D = 4e-11 cm2/s with 0.2073 eV, exchange
    current 0.341 mA/cm2 with 0.1845 eV (the library's values). tau = R^2 / D; at one mass the
    exchange current per cm2 of electrode scales as the exchange current density."""
    design = preset("default_nmc811_lpscl_li")
    cool = curve_cell_inputs(evaluate(design, LIBRARY)).actives[0]
    assert_allclose(cool.diffusion_time_s, (5.22e-4) ** 2 / 4e-11, rtol=1e-12)

    warm = replace_field(design, "operating.temperature_C", 60.0)
    assert warm.cathode.components is design.cathode.components
    hot = curve_cell_inputs(evaluate(warm, LIBRARY)).actives[0]
    tau = (5.22e-4) ** 2 / _arrhenius(4e-11, 0.2073, 60.0)
    assert_allclose(hot.diffusion_time_s, tau, rtol=1e-12)
    ratio = hot.exchange_mA_cm2 / cool.exchange_mA_cm2
    assert_allclose(ratio, _arrhenius(1.0, 0.1845, 60.0), rtol=1e-12)


def test_the_lithiation_at_the_cut_offs_follows_the_cut_offs():
    """At rest between the cut-offs, a Li | NMC811 cell passes Q (y(low) - y(high)), y read off
    NMC811's open-circuit table at each cut-off (Li at 0 V). Q: 275.51 mAh/g of the actives'
    loading. The second curve's cut-off is edited after the first curve was computed."""
    design = preset("default_nmc811_lpscl_li")
    table = LIBRARY.open_circuit_curve("NMC811")
    assert table is not None
    loading = design.cathode.active_loading_mg_cm2
    for high in (4.3, 4.1):
        edited = replace_field(design, "operating.charge_cutoff_V", high)
        edited = replace_field(edited, "operating.discharge_cutoff_V", 3.0)
        y = np.interp([-high, -3.0], -table.potential_V, table.lithiation)
        expected = loading * 275.51 / 1000.0 * (y[1] - y[0])
        got = discharge_curve(edited, LIBRARY, 0.0).open_circuit_mAh_cm2
        assert_allclose(got, expected, rtol=1e-12)
