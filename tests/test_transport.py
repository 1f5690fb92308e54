"""Transport: effective ionic and electronic conductivities of each layer, and their ASRs.

Numbers are worked by hand here (Bruggeman sigma phi^1.5, the percolation form, Arrhenius with
k_B = 8.617333262e-5 eV/K, ASR = L / sigma), with the library's conductivities typed out again:
LGPS 0.012 S/cm and 0.22 eV (Wu et al. 2020, Adv. Mater., DOI 10.1002/adma.202000751,
section 2.1.2 and Table 1), beta-Li3PS4 1.6e-4 S/cm (Wu 2020, Table 1), Li6PS5Cl 1.33e-3 S/cm
(Wu 2020, section 2.1.3).
"""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from engine.design import TransportModel, replace_field
from engine.evaluate import evaluate
from engine.evaluate.trace import explain
from engine.io.results_json import results_to_dict
from engine.materials import shipped_library
from engine.physics.transport import (
    area_specific_resistance_ohm_cm2,
    arrhenius_value,
    effective_conductivity_S_cm,
)
from engine.studies.sweep import sweep
from tests.presets import preset

K_B = 8.617333262e-5  # eV/K


def test_bruggeman_and_percolation_by_hand():
    """sigma phi^1.5: 1e-3 * 0.4^1.5 = 2.5298e-4. With a threshold of 0.2:
    1e-3 * ((0.4 - 0.2) / 0.8)^1.5 = 1e-3 * 0.125 = 1.25e-4; at 0.15 the phase does not
    percolate (0); a dense phase keeps sigma; exponent 1 gives the parallel-path bound sigma phi."""
    assert_allclose(effective_conductivity_S_cm(1e-3, 0.4), 2.5298e-4, rtol=1e-4)
    assert_allclose(effective_conductivity_S_cm(1e-3, 0.4, 1.5, 0.2), 1.25e-4, rtol=1e-12)
    assert effective_conductivity_S_cm(1e-3, 0.15, 1.5, 0.2) == 0.0
    assert effective_conductivity_S_cm(1e-3, 0.2, 1.5, 0.2) == 0.0
    assert_allclose(effective_conductivity_S_cm(1e-3, 1.0, 2.0, 0.3), 1e-3)
    assert_allclose(effective_conductivity_S_cm(1e-3, 0.4, 1.0), 4e-4)
    phi = np.linspace(0.0, 1.0, 101)
    sigma = effective_conductivity_S_cm(1e-3, phi, 1.5, 0.2)
    assert np.all(sigma[phi <= 0.2] == 0.0)
    assert np.all(np.diff(sigma) >= 0.0)
    assert np.all(sigma <= 1e-3 * phi + 1e-18)  # never above the parallel-path bound


def test_arrhenius_by_hand():
    """LGPS at 70 C: 0.012 exp(0.22 / 8.617333e-5 * (1/298.15 - 1/343.15)) = 0.012 * 3.0738."""
    factor = math.exp(0.22 / K_B * (1 / 298.15 - 1 / 343.15))
    assert_allclose(factor, 3.0738, atol=1e-4)
    assert_allclose(arrhenius_value(0.012, 0.22, 70.0), 0.012 * factor, rtol=1e-12)
    assert arrhenius_value(0.012, 0.22, 25.0) == pytest.approx(0.012)
    cold = arrhenius_value(0.012, 0.22, np.array([-20.0, 0.0, 25.0, 60.0]))
    assert np.all(np.diff(cold) > 0.0)


def test_asr_by_hand_and_zero_conductivity():
    """30 um of dense Li6PS5Cl: 30e-4 cm / 1.33e-3 S/cm = 2.2556 ohm cm2; no path: infinite."""
    assert_allclose(area_specific_resistance_ohm_cm2(30.0, 1.33e-3), 2.2556, atol=1e-4)
    assert area_specific_resistance_ohm_cm2(30.0, 0.0) == math.inf
    both = area_specific_resistance_ohm_cm2(np.array([30.0, 30.0]), np.array([1.33e-3, 0.0]))
    assert_allclose(both[0], 2.2556, atol=1e-4)
    assert both[1] == math.inf


def test_zero_porosity_separator_keeps_the_bulk_conductivity():
    design = replace_field(preset("default_nmc811_lpscl_li"), "separator[0].porosity", 0.0)
    separator = evaluate(design, shipped_library()).layer("separator[0]")
    assert_allclose(separator.transport.ionic_conductivity_S_cm, 1.33e-3, rtol=1e-12)
    assert_allclose(separator.transport.ionic_asr_ohm_cm2, 30e-4 / 1.33e-3, rtol=1e-12)


def test_default_cell_by_hand():
    """The default pouch cell at 25 C. Separator: 30 um Li6PS5Cl at 10 % porosity,
    1.33e-3 * 0.9^1.5 = 1.1356e-3 S/cm, 30e-4 / 1.1356e-3 = 2.6418 ohm cm2.
    Cathode 70:27:2:1 NMC811 (4.778) / LPSCl (1.865) / VGCF (2.0) / PTFE (2.2) at 15 % porosity:
    specific solid volume 0.14651 + 0.14477 + 0.01 + 0.004545 = 0.30582 cm3/g; LPSCl takes
    0.14477 / 0.30582 * 0.85 = 0.40238 of the layer: 1.33e-3 * 0.40238^1.5 = 3.3947e-4 S/cm.
    Thickness 20 / 0.7 mg/cm2 * 0.30582 / 0.85 * 10 = 102.80 um: ionic ASR 30.28 ohm cm2.
    Electronic: VGCF 0.01 / 0.30582 * 0.85 = 0.027794 -> 100 * 0.027794^1.5 = 0.46337 S/cm,
    plus NMC811 1e-5 * 0.40720^1.5 and LPSCl 4e-9 * 0.40238^1.5 (parallel paths)."""
    results = evaluate(preset("default_nmc811_lpscl_li"), shipped_library())
    separator = results.layer("separator[0]").transport
    assert_allclose(separator.ionic_conductivity_S_cm, 1.33e-3 * 0.9**1.5, rtol=1e-12)
    assert_allclose(results.separator_asr_ohm_cm2, 2.6418, atol=1e-4)
    volume = 0.7 / 4.778 + 0.27 / 1.865 + 0.02 / 2.0 + 0.01 / 2.2
    phi_se = 0.27 / 1.865 / volume * 0.85
    phi_vgcf = 0.02 / 2.0 / volume * 0.85
    phi_nmc = 0.7 / 4.778 / volume * 0.85
    thickness = 20 / 0.7 * volume / 0.85 * 10
    cathode = results.layer("cathode").transport
    assert_allclose(phi_se, 0.40238, atol=1e-5)
    assert_allclose(results.layer("cathode").thickness_um, thickness, rtol=1e-12)
    assert_allclose(cathode.ionic_volume_fraction, phi_se, rtol=1e-12)
    assert_allclose(cathode.ionic_conductivity_S_cm, 1.33e-3 * phi_se**1.5, rtol=1e-12)
    assert_allclose(results.cathode_ionic_asr_ohm_cm2, 30.28, atol=0.01)
    electronic = 100 * phi_vgcf**1.5 + 1e-5 * phi_nmc**1.5 + 4e-9 * phi_se**1.5
    assert_allclose(cathode.electronic_conductivity_S_cm, electronic, rtol=1e-12)
    assert_allclose(
        results.cathode_electronic_asr_ohm_cm2, thickness * 1e-4 / electronic, rtol=1e-12
    )
    assert results.layer("anode").transport is None  # a Li foil
    assert results.layer("cathode_collector").porosity_source == "dense"


def test_a_phase_below_percolation_carries_no_current():
    """With a percolation threshold of 0.45 the cathode's Li6PS5Cl (0.402 of the layer) forms no
    path: no ionic conduction, infinite ionic ASR. The separator (0.9) still conducts:
    1.33e-3 * ((0.9 - 0.45) / 0.55)^1.5 = 9.8437e-4 S/cm."""
    design = dataclasses.replace(
        preset("default_nmc811_lpscl_li"), transport=TransportModel(percolation_threshold=0.45)
    )
    results = evaluate(design, shipped_library())
    assert results.layer("cathode").transport.ionic_conductivity_S_cm == 0.0
    assert results.cathode_ionic_asr_ohm_cm2 == math.inf
    assert_allclose(
        results.layer("separator[0]").transport.ionic_conductivity_S_cm,
        1.33e-3 * (0.45 / 0.55) ** 1.5,
        rtol=1e-12,
    )
    payload = json.loads(json.dumps(results_to_dict(results), allow_nan=False))
    assert payload["transport"]["cathode_ionic_asr_ohm_cm2"] is None  # infinite: no path
    assert payload["transport"]["percolation_threshold"] == 0.45
    # Energy is untouched: transport is a result beside the ladder.
    plain = evaluate(preset("default_nmc811_lpscl_li"), shipped_library())
    assert results.rung("cell").wh_per_kg == plain.rung("cell").wh_per_kg


def test_li2021_bilayer_separator_at_70_celsius_by_hand():
    """The bilayer of Li et al. 2021 (Adv. Mater., DOI 10.1002/adma.202008723) at 70 C
    (Experimental Section): LGPS 646 um, 0.012 * 3.0738 = 0.036886 S/cm:
    646e-4 / 0.036886 = 1.7514 ohm cm2; Li3PS4 340 um with 0.356 eV (liu2013):
    1.6e-4 * exp(0.356 / k_B * (1/298.15 - 1/343.15)) = 9.846e-4 S/cm: 34.53 ohm cm2."""
    results = evaluate(preset("li2021_s_mo6s8"), shipped_library())
    lgps = 0.012 * math.exp(0.22 / K_B * (1 / 298.15 - 1 / 343.15))
    lps = 1.6e-4 * math.exp(0.356 / K_B * (1 / 298.15 - 1 / 343.15))
    print("li2021 separator ASR at 70 C:", results.separator_asr_ohm_cm2, "ohm cm2")
    assert_allclose(results.layer("separator[0]").transport.ionic_asr_ohm_cm2, 646e-4 / lgps)
    assert_allclose(results.layer("separator[1]").transport.ionic_asr_ohm_cm2, 340e-4 / lps)
    assert_allclose(results.separator_asr_ohm_cm2, 1.7514 + 34.53, atol=0.01)
    # Mo6S8 has no activation energy in the library: say so at 70 C, not at 25 C.
    assert "no_activation_energy" in {w.code for w in results.warnings}
    room = evaluate(
        replace_field(preset("li2021_s_mo6s8"), "operating.temperature_C", 25.0), shipped_library()
    )
    assert "no_activation_energy" not in {w.code for w in room.warnings}


def test_temperature_and_exponent_sweeps_are_vectorised():
    design = preset("default_nmc811_lpscl_li")
    temperatures = np.linspace(-20.0, 80.0, 11)
    result = sweep(
        design,
        {"operating.temperature_C": temperatures},
        ["separator_asr_ohm_cm2", "layer.separator[0].transport.ionic_conductivity_S_cm"],
        shipped_library(),
    )
    asr = result.outputs["separator_asr_ohm_cm2"]
    sigma = 1.33e-3 * 0.9**1.5 * np.exp(0.35 / K_B * (1 / 298.15 - 1 / (temperatures + 273.15)))
    assert_allclose(result.outputs["layer.separator[0].transport.ionic_conductivity_S_cm"], sigma)
    assert np.all(np.diff(asr) < 0.0)
    grid = sweep(
        design,
        {
            "transport.bruggeman_exponent": [1.0, 1.5, 2.0, 3.0],
            "separator[0].porosity": [0.0, 0.1, 0.3],
        },
        ["separator_asr_ohm_cm2"],
        shipped_library(),
    ).outputs["separator_asr_ohm_cm2"]
    assert grid.shape == (4, 3)
    assert_allclose(grid[:, 0], 30e-4 / 1.33e-3)  # dense: the exponent does not matter
    assert np.all(np.diff(grid[:, 1:], axis=0) > 0.0)
    assert np.all(np.diff(grid, axis=1) > 0.0)


def test_asr_explanations_cite_the_library():
    results = evaluate(preset("li2021_s_mo6s8"), shipped_library())
    text = explain(results, "ionic_asr:separator[0]").text()
    assert (
        "ionic_conductivity_S_cm(LGPS) = 0.012 S/cm  [wu2020, section 2.1.2, Table 1 (ref. [5])]"
        in text
    )
    assert "ionic_activation_energy_eV(LGPS) = 0.22 eV  [wu2020, section 2.1.2]" in text
    electronic = explain(results, "electronic_asr:cathode")
    assert electronic.value == pytest.approx(results.cathode_electronic_asr_ohm_cm2)
    with pytest.raises(KeyError, match="no transport result"):
        explain(results, "ionic_asr:anode")


WU2020_SULFIDES = {
    # id: (room-temperature ionic conductivity S/cm as Wu 2020 gives it, where)
    "LPS75-glass": (2e-4, "Table 1"),
    "LPS75-gc": (2.8e-4, "section 2.1.1"),
    "gamma-Li3PS4": (3e-7, "Table 1"),
    "LPS80-gc": (7.2e-4, "section 2.1.1"),
    "LPS77.5": (1e-3, "section 2.2.1"),
    "Li7P2.9Mn0.1S10.7I0.3": (5.6e-3, "section 2.1.1"),
    "Li2S-SiS2": (1.4e-4, "Table 2"),
    "Li3.25Ge0.25P0.75S4": (2.2e-3, "section 2.1.1"),
    "LSnPS": (4e-3, "Table 1"),
    "LSiPS": (2e-2, "section 2.1.2"),
    "LSiPSCl": (2.5e-2, "Table 1"),
    "LSiPSI": (1.35e-3, "section 2.1.2"),
    "LSiPSO": (3.2e-4, "section 2.1.2"),
    "Li7GePS8": (7e-3, "Table 1"),
    "LPSBr": (6.2e-4, "Table 1"),
    "LPSI": (1.9e-4, "Table 1"),
    "Li5.5PS4.5Cl1.5": (9.4e-3, "section 2.1.3"),
    "LPSClBr": (3.9e-3, "Table 2"),
    "Ge-argyrodite": (5.4e-3, "section 2.1.3"),
    "LGPS": (1.2e-2, "Table 1"),
    "Li3PS4": (1.6e-4, "Table 1"),
    "LPSCl": (1.33e-3, "section 2.1.3"),
    "Li7P3S11": (3.2e-3, "Table 1"),
}


@pytest.mark.parametrize("material_id", sorted(WU2020_SULFIDES))
def test_wu2020_sulfides_ship_with_the_review_conductivity(material_id):
    material = shipped_library()[material_id]
    sigma, where = WU2020_SULFIDES[material_id]
    value = material.values["ionic_conductivity_S_cm"]
    assert material.category == "solid_electrolyte"
    assert value.value == sigma
    assert value.ref == "wu2020"
    assert where in value.where
    if "ionic_activation_energy_eV" not in material.values:
        assert "gives no activation energy" in value.note


def test_oxide_halide_and_polymer_electrolytes_ship():
    library = shipped_library()
    for material_id in ("LLZO", "Li3InCl6", "PEO-LiTFSI"):
        assert library[material_id].get("ionic_conductivity_S_cm") > 0.0
        assert library[material_id].get("ionic_activation_energy_eV") is not None
