"""The energy-density ladder reproduces the source papers' numbers on the papers' own basis.

Tolerance: 2 % (relative), as the engine issue states. Where a paper leaves an input out, the
preset's notes and the comment here say which value was assumed and why.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from numpy.testing import assert_allclose

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.materials import shipped_library
from tests.presets import preset

TOLERANCE = 0.02


def test_yang2022_fig1a_cell_energy_and_cathode_share():
    """Yang et al. 2022 (J. Energy Chem.), Fig. 1A and its text (Introduction): 178 / 275 /
    378 Wh/kg and 26 / 41 / 56 wt% cathode at 5 / 10 / 20 mg/cm2 of NMC811 (210 mAh/g, 3.8 V,
    85 wt%, N/P 2, Al 16 um, Cu 8 um, LGPS 20 um).

    By hand, at 10 mg/cm2 (densities: Al 2.70, Cu 8.96 CRC; LGPS 2.036 crystal data):
      cathode 10 / 0.85 = 11.765 mg; Al 16e-4 * 2700 = 4.320 mg; Cu 8e-4 * 8960 = 7.168 mg;
      LGPS 20e-4 * 2036 = 4.072 mg; Li at N/P 2 on 275.5 mAh/g: 2 * 10 * 0.2755 / 3.860 = 1.427 mg
      energy 10 * 0.210 * 3.8 = 7.98 mWh; total 28.75 mg -> 277.5 Wh/kg (paper 275, +0.9 %).
    Assumed: N/P on the theoretical NMC811 capacity (our calculation: the published values fit a
    stack mass of 15.81 + 1.3205 L mg/cm2, whose Li term 0.144 L is N/P 2 on 275.5 mAh/g, not on
    210); the other 15 wt% of the cathode is LGPS.
    """
    design = replace_field(
        preset("yang2022_fig1a"), "cathode.active_loading_mg_cm2", np.array([5.0, 10.0, 20.0])
    )
    results = evaluate(design, shipped_library())
    stack = results.rung("stack")
    print("yang2022 Fig. 1A Wh/kg:", stack.wh_per_kg, "vs 178 / 275 / 378")
    assert_allclose(stack.wh_per_kg, [178.0, 275.0, 378.0], rtol=TOLERANCE)
    share = results.layer("cathode").mass_share
    print("yang2022 Fig. 1A cathode share:", share, "vs 0.26 / 0.41 / 0.56")
    assert_allclose(share, [0.26, 0.41, 0.56], rtol=TOLERANCE + 0.01)  # the paper rounds to 1 %
    hand = 10 * 0.210 * 3.8 / (10 / 0.85 + 4.320 + 7.168 + 4.072 + 2 * 10 * 0.27551 / 3.860)
    assert_allclose(stack.wh_per_kg[1], hand * 1000, rtol=1e-3)


def test_li2021_s_mo6s8_electrode_level():
    """Li et al. 2021 (Adv. Mater., DOI 10.1002/adma.202008723), S-Mo6S8 hybrid AEA cathode:
    905.5 Wh/kg and 2778 Wh/L on the cathode (section 3, text on Fig. 5a); 777 Wh/kg and
    1945 Wh/L 'in terms of the discharge products' (same paragraph).

    The preset uses the paper's own capacities: S 1290 mAh/g S (section 3, text on Fig. 4f) and
    Mo6S8 90 mAh/g (section 3, the LMS-AEA cathode's ESC), so 0.325 * 1290 + 0.675 * 90 =
    480 mAh/g (the paper measures 483). Assumed: mean voltage 905.5 / 483 = 1.8747 V; Mo6S8
    density 4.746 g/cm3 back-solved from 2778 Wh/L (our calculation: 2778 / 905.5 = 3.068 g/cm3
    = 0.918 / (0.325/2.07 + 0.675/4.746)), so 2778 is the fit target and 1945 (the lithiated
    volume) is the independent check.
    Lithiated mass per g of cathode, by hand: Li2S 0.325 / 32.06 * 45.94 = 0.4657 g,
    Li4Mo6S8 0.675 / 832.18 * 859.94 = 0.6975 g: 1.1632 g -> 480 * 1.8747 / 1.1632 = 773.6 Wh/kg.
    """
    results = evaluate(preset("li2021_s_mo6s8"), shipped_library())
    cathode = results.rung("cathode")
    lithiated = results.rung("cathode_lithiated")
    print("li2021 cathode:", cathode.wh_per_kg, cathode.wh_per_l, "vs 905.5, 2778")
    print("li2021 lithiated:", lithiated.wh_per_kg, lithiated.wh_per_l, "vs 777, 1945")
    assert_allclose(cathode.wh_per_kg, 905.5, rtol=TOLERANCE)
    assert_allclose(cathode.wh_per_l, 2778.0, rtol=TOLERANCE)
    assert_allclose(lithiated.wh_per_kg, 777.0, rtol=TOLERANCE)
    assert_allclose(lithiated.wh_per_l, 1945.0, rtol=TOLERANCE)
    assert_allclose(lithiated.wh_per_kg, 480 * 1.8747 / (0.4657 + 0.6975), rtol=1e-3)
    # Cathode + stoichiometric Li (N/P 1 on the theoretical capacity): the same mass as the
    # discharge products, so the electrode pair gives the paper's 777 Wh/kg too.
    assert_allclose(results.rung("electrode_pair").wh_per_kg, 777.0, rtol=TOLERANCE)


def test_li2021_theoretical_energy():
    """Li 2021: theoretical 1260 Wh/kg and 3865 Wh/L at a flat 2.0 V (section 3, text on Fig. 5a):
    0.325 * 1672 + 0.675 * 128.83 = 630.4 mAh/g; 630.4 * 2.0 = 1260.8 Wh/kg."""
    design = dataclasses.replace(preset("li2021_s_mo6s8"), capacity_basis="theoretical")
    design = replace_field(design, "cathode.mean_voltage_V", 2.0)
    cathode = evaluate(design, shipped_library()).rung("cathode")
    print("li2021 theoretical:", cathode.wh_per_kg, cathode.wh_per_l, "vs 1260, 3865")
    assert_allclose(cathode.wh_per_kg, 1260.0, rtol=TOLERANCE)
    assert_allclose(cathode.wh_per_l, 3865.0, rtol=TOLERANCE)


def test_hao2021_pto_on_the_li4pto_basis():
    """Hao et al. 2021 (ACS Energy Lett., DOI 10.1021/acsenergylett.0c02227): 828 Wh/kg on the
    lithiated Li4PTO mass (text on Fig. 5a).
    By hand: 407 mAh/g PTO * 262.22 / 289.98 = 368.0 mAh/g Li4PTO; * 2.25 V = 828.1 Wh/kg.
    Assumed: 2.25 V mean (the paper gives only a 2.2 V plateau, text on Fig. 2a; our
    calculation: 828 / 368.0 = 2.25 V)."""
    active = evaluate(preset("hao2021_pto"), shipped_library()).rung("active_lithiated")
    print("hao2021 Li4PTO:", active.wh_per_kg, "vs 828")
    assert_allclose(active.wh_per_kg, 828.0, rtol=TOLERANCE)
    assert_allclose(active.wh_per_kg, 407 * 262.22 / 289.98 * 2.25, rtol=1e-3)


def test_pan2023_integrated_cathode_level():
    """Pan et al. 2023 (Batteries & Supercaps, DOI 10.1002/batt.202300427): 1020 Wh/kg at the
    cathode level vs Li metal (text on Fig. 3c), 530 mAh/g at 25 mA/g (Fig. 3b).
    Assumed: 1.925 V mean vs Li (the paper states none; our calculation: 1020 / 530), so this
    checks the basis (whole composite, potential vs Li although the cell has a Li-In anode), not
    the voltage. The electrode pair uses the Li-In cell voltage 1.925 - 0.62 = 1.305 V instead."""
    results = evaluate(preset("pan2023_li2s_lii_mos2"), shipped_library())
    cathode = results.rung("cathode")
    print("pan2023 cathode:", cathode.wh_per_kg, "vs 1020")
    assert_allclose(cathode.wh_per_kg, 1020.0, rtol=TOLERANCE)
    assert_allclose(results.cell_voltage_V, 1.925 - 0.62, rtol=1e-9)
    assert results.rung("electrode_pair").voltage_V == pytest.approx(1.305)
