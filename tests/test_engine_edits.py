"""Structural edits are engine functions: each gives the new design and the layer to select, or
refuses with the reason; the window's model applies them as one undo step each."""

from __future__ import annotations

import dataclasses

import pytest

from engine.design import SeparatorLayer
from engine.edits import (
    EditError,
    add_component,
    add_layer,
    change_material,
    duplicate_layer,
    move_layer,
    remove_component,
    remove_layer,
    set_fraction,
    set_measured,
)
from tests.presets import preset


def bilayer():
    """The default cell with a 30 um LGPS layer on the cathode side of its Li6PS5Cl layer."""
    design = preset("default_nmc811_lpscl_li")
    lgps = SeparatorLayer("LGPS", thickness_um=30.0, porosity=0.05)
    return dataclasses.replace(design, separator=(lgps, *design.separator))


def test_a_separator_layer_is_added_on_the_anode_side_and_selected():
    design = bilayer()
    edited = add_layer(design, "separator")
    assert [s.material for s in edited.design.separator] == ["LGPS", "LPSCl", "LPSCl"]
    assert edited.selected == "separator[2]"


def test_a_duplicate_sits_next_to_its_layer_and_is_selected():
    edited = duplicate_layer(bilayer(), "separator[0]")
    assert [s.material for s in edited.design.separator] == ["LGPS", "LGPS", "LPSCl"]
    assert edited.selected == "separator[1]"


def test_a_move_selects_the_layer_where_it_went():
    edited = move_layer(bilayer(), "separator[0]", +1)
    assert [s.material for s in edited.design.separator] == ["LPSCl", "LGPS"]
    assert edited.selected == "separator[1]"
    with pytest.raises(EditError, match="already at the end"):
        move_layer(edited.design, "separator[1]", +1)


def test_removing_a_layer_selects_its_neighbour_and_the_last_one_stays():
    edited = remove_layer(bilayer(), "separator[1]")
    assert [s.material for s in edited.design.separator] == ["LGPS"]
    assert edited.selected == "separator[0]"
    with pytest.raises(EditError, match="at least one separator layer"):
        remove_layer(edited.design, "separator[0]")
    with pytest.raises(EditError, match="needs its cathode"):
        remove_layer(edited.design, "cathode")


def test_a_collector_is_removed_and_added_back_once():
    edited = remove_layer(bilayer(), "anode_collector")
    assert edited.design.anode_collector is None
    back = add_layer(edited.design, "anode_collector")
    assert back.design.anode_collector is not None
    assert back.selected == "anode_collector"
    with pytest.raises(EditError, match="already has its anode collector"):
        add_layer(back.design, "anode_collector")


# --- a composite's components: the fractions always sum to 1 -----------------------------------
def cathode_components():
    """The default cathode: NMC811 70, LPSCl 27, VGCF 2, PTFE 1 wt%."""
    return preset("default_nmc811_lpscl_li").cathode.components


def fractions(components):
    return [float(c.mass_fraction) for c in components]


def test_setting_a_fraction_scales_the_others_in_proportion():
    changed = set_fraction(cathode_components(), 0, 0.8)
    # the other 30 % (27 + 2 + 1) become 20 %: each times 20/30
    assert fractions(changed) == pytest.approx([0.8, 0.18, 2 / 150, 1 / 150], abs=1e-6)
    assert sum(fractions(changed)) == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(EditError, match="one component"):
        set_fraction(cathode_components()[:1], 0, 0.5)


def test_a_component_is_added_at_five_percent_and_one_removed_scales_the_rest_up():
    added = add_component(cathode_components(), "PVDF")
    assert fractions(added) == pytest.approx([0.665, 0.2565, 0.019, 0.0095, 0.05], abs=1e-6)
    assert sum(fractions(added)) == pytest.approx(1.0, abs=1e-12)
    removed = remove_component(cathode_components(), 1)  # LPSCl out: 70, 2, 1 over 73
    assert fractions(removed) == pytest.approx([70 / 73, 2 / 73, 1 / 73], abs=1e-6)
    assert sum(fractions(removed)) == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(EditError, match="keeps at least one"):
        remove_component(cathode_components()[:1], 0)


def test_a_measured_value_equal_to_the_librarys_clears_the_override():
    measured = set_measured(cathode_components(), 0, "density_g_cm3", 4.6, 4.778)
    assert measured[0].density_g_cm3 == 4.6
    cleared = set_measured(measured, 0, "density_g_cm3", 4.778, 4.778)
    assert cleared[0].density_g_cm3 is None
    other = change_material(measured, 0, "NMC622")
    assert (other[0].material, other[0].density_g_cm3) == ("NMC622", None)
