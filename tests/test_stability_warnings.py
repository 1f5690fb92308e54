"""Interfaces and currents outside what the electrolytes withstand are named warnings that cite
their source: the electrolyte's stability window (Zhu et al. 2015, ACS Appl. Mater. Interfaces,
DOI 10.1021/acsami.5b07517), what its reduction forms and the critical current density of
Li3PS4 with Li metal (Wu et al. 2020, Adv. Mater., DOI 10.1002/adma.202000751)."""

from __future__ import annotations

import dataclasses

from engine.design import Component, SeparatorLayer, replace_field
from engine.evaluate import evaluate
from engine.materials import shipped_library
from tests.presets import preset

LIBRARY = shipped_library()


def _codes(design) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for warning in evaluate(design, LIBRARY).warnings:
        found.setdefault(warning.code, []).append(warning.path)
    return found


def _warning(design, code: str):
    return next(w for w in evaluate(design, LIBRARY).warnings if w.code == code)


def test_lgps_on_li_metal_is_reduced_and_a_li3ps4_layer_facing_the_li_passivates():
    """Yang et al. 2022's Fig. 1A cell: 20 um of LGPS on Li metal. LGPS's window starts at
    1.71 V (Zhu et al. 2015), above Li's 0 V, and it is reduced to Li2S, Li3P and a Li-Ge
    alloy that conducts electrons (Wu et al. 2020, section 4.1.1). A bilayer with Li3PS4 facing
    the Li (Wu et al. 2020, section 5.1.1) ends the warning: Li3PS4's products passivate."""
    design = preset("yang2022_fig1a")
    assert _codes(design)["electrolyte_reduced"] == ["separator[0].material"]
    message = _warning(design, "electrolyte_reduced").message
    assert "below 1.71 V vs Li+/Li (Zhu et al. 2015)" in message
    assert "at 0 V" in message
    assert "Wu et al. 2020, section 4.1.1" in message
    bilayer = dataclasses.replace(
        design,
        separator=(design.separator[0], SeparatorLayer("Li3PS4", thickness_um=10.0)),
    )
    assert "electrolyte_reduced" not in _codes(bilayer)


def test_the_li_in_electrode_at_0_62_v_still_reduces_lgps():
    """Li-In sits at 0.62 V vs Li+/Li (Wu et al. 2020, section 4.2.3), still below LGPS's
    1.71 V: the Li 2021 cell puts Li3PS4 between them, and LGPS facing Li-In is warned of."""
    design = preset("li2021_s_mo6s8")
    assert [s.material for s in design.separator] == ["LGPS", "Li3PS4"]
    assert "electrolyte_reduced" not in _codes(design)
    flipped = dataclasses.replace(design, separator=design.separator[::-1])
    assert _codes(flipped)["electrolyte_reduced"] == ["separator[1].material"]


def test_a_sulfide_at_an_oxide_cathode_is_oxidized_but_not_at_a_sulfur_cathode():
    """LPSCl's window ends at 2.01 V (Zhu et al. 2015): NMC811 works at 3.8 V on average, so
    uncoated it oxidizes the LPSCl in the composite; Li3PS4 (to 2.31 V) at Pan et al. 2023's
    Li2S-LiI-MoS2 cathode (1.93 V vs Li+/Li) is inside its window."""
    design = preset("default_nmc811_lpscl_li")
    assert _codes(design)["electrolyte_oxidized"] == ["cathode.components[1].material"]
    message = _warning(design, "electrolyte_oxidized").message
    assert "above 2.01 V vs Li+/Li (Zhu et al. 2015)" in message
    assert "3.8 V" in message
    pan = preset("pan2023_li2s_lii_mos2")
    assert "electrolyte_oxidized" not in _codes(pan)
    # The same cathode on a hand-given mean of 2.4 V is above Li3PS4's 2.31 V.
    higher = replace_field(pan, "cathode.mean_voltage_V", 2.4)
    assert _codes(higher)["electrolyte_oxidized"] == ["separator[0].material"]
    # Li3InCl6's window reaches 4.2 V (Yang et al. 2022): the same cathode on it oxidizes nothing.
    chloride = replace_field(higher, "separator[0].material", "Li3InCl6")
    assert "electrolyte_oxidized" not in _codes(chloride)


def test_the_current_above_li3ps4s_critical_current_density_is_warned_of():
    """Li3PS4 with bare Li metal: critical current density 0.7 mA/cm2 (Wu et al. 2020, section
    4.2.2, their ref. 187). The default cell (20 mg/cm2 NMC811, 275.5 mAh/g theoretical) with a
    Li3PS4 separator: by hand, at C/10 on the theoretical capacity 0.1 x 20 x 0.2755 = 0.551
    mA/cm2, below; at C/5, 1.102 mA/cm2, above."""
    design = replace_field(preset("default_nmc811_lpscl_li"), "separator[0].material", "Li3PS4")
    assert design.operating.c_rate_basis == "theoretical"
    assert "above_critical_current" not in _codes(replace_field(design, "operating.c_rate", 0.1))
    fast = replace_field(design, "operating.c_rate", 0.2)
    message = _warning(fast, "above_critical_current").message
    assert message.startswith("1.1 mA/cm2 at the design's C-rate is above the 0.7 mA/cm2")
    assert "Wu et al. 2020, section 4.2.2" in message
    # A host anode holds the Li: no plating, no critical current.
    graphite = dataclasses.replace(
        fast,
        anode=dataclasses.replace(
            fast.anode,
            kind="composite",
            components=(Component("graphite", 0.9), Component("Li3PS4", 0.1)),
            thickness_um=None,
            n_p_ratio=1.1,
        ),
    )
    assert "above_critical_current" not in _codes(graphite)
