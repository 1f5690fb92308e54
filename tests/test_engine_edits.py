"""Structural edits are engine functions: each gives the new design and the layer to select, or
refuses with the reason; the window's model applies them as one undo step each."""

from __future__ import annotations

import dataclasses

import pytest

from engine.design import SeparatorLayer
from engine.edits import EditError, add_layer, duplicate_layer, move_layer, remove_layer
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
