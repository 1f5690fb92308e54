"""Structural edits are engine functions: each gives the new design and the layer to select, or
refuses with the reason; the window's model applies them as one undo step each."""

from __future__ import annotations

import dataclasses

import pytest

from engine.defaults import load_defaults
from engine.design import SeparatorLayer
from engine.edits import (
    EditError,
    add_component,
    add_layer,
    automatic_cutoffs,
    change_anode_kind,
    change_cell_format,
    change_material,
    duplicate_layer,
    fix_cutoffs,
    measured_voltage,
    move_layer,
    porosity_from,
    remove_component,
    remove_layer,
    set_fraction,
    set_measured,
    size_by,
    size_fields,
)
from engine.evaluate import evaluate
from engine.materials import shipped_library
from engine.references import load_references
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
    # NMC811's crystal density in the library: 4.778 g/cm3
    measured = set_measured(cathode_components(), 0, "density_g_cm3", 4.6, shipped_library())
    assert measured[0].density_g_cm3 == 4.6
    cleared = set_measured(measured, 0, "density_g_cm3", 4.778, shipped_library())
    assert cleared[0].density_g_cm3 is None
    other = change_material(measured, 0, "NMC622")
    assert (other[0].material, other[0].density_g_cm3) == ("NMC622", None)


# --- choices a layer's form offers: how it is sized, how its porosity is set ------------------
# The default preset: 20 mg/cm2 of NMC811 (210 mAh/g practical) at 70 wt %, 15 % porosity, a Li
# foil at N/P 1.5 on the practical capacity.
LIBRARY = shipped_library()


def test_a_cathode_sized_by_its_total_loading_keeps_its_mass():
    design = preset("default_nmc811_lpscl_li")
    sized = size_by(design, evaluate(design, LIBRARY), LIBRARY, "cathode", "loading_mg_cm2")
    # 20 mg/cm2 of active at 70 wt %: 20 / 0.7 = 28.5714 mg/cm2 in all; the other sizes cleared
    assert sized.cathode.loading_mg_cm2 == pytest.approx(28.5714, abs=1e-4)
    assert sized.cathode.active_loading_mg_cm2 is None
    assert sized.cathode.thickness_um is None
    back = size_by(sized, evaluate(sized, LIBRARY), LIBRARY, "cathode", "active_loading_mg_cm2")
    assert back.cathode.active_loading_mg_cm2 == pytest.approx(20.0, abs=1e-4)


def test_a_li_foil_sized_by_thickness_keeps_its_n_p_ratio():
    design = preset("default_nmc811_lpscl_li")
    sized = size_by(design, evaluate(design, LIBRARY), LIBRARY, "anode", "thickness_um")
    # 1.5 x 4.2 mAh/cm2 = 6.3 mAh/cm2 of Li at 3860 mAh/g x 0.534 g/cm3 = 2061.24 mAh/cm3:
    # 6.3 / 2061.24 cm = 30.564 um
    assert sized.anode.thickness_um == pytest.approx(30.564, abs=1e-3)
    assert sized.anode.n_p_ratio is None
    assert evaluate(sized, LIBRARY).n_p_ratio == pytest.approx(1.5, abs=1e-4)


def test_a_layer_cannot_be_sized_by_a_field_it_does_not_have():
    design = preset("default_nmc811_lpscl_li")
    with pytest.raises(EditError, match="n_p_ratio"):
        size_by(design, evaluate(design, LIBRARY), LIBRARY, "cathode", "n_p_ratio")
    with pytest.raises(EditError, match="no choice"):
        size_fields(design, "separator[0]")


def test_porosity_from_pressure_starts_at_the_papers_pressure_and_back_keeps_the_porosity():
    design = preset("li2021_s_mo6s8")  # S8 + Mo6S8: the library holds their compaction laws
    design = dataclasses.replace(design, cathode=dataclasses.replace(design.cathode, porosity=0.2))
    pressed = porosity_from(design, evaluate(design, LIBRARY), "cathode", pressed=True)
    # Li et al. 2021 (Adv. Mater., DOI 10.1002/adma.202008723) press at 360 MPa
    assert pressed.cathode.porosity is None
    assert pressed.cathode.pressing_pressure_MPa == 360.0
    results = evaluate(pressed, LIBRARY)
    given = porosity_from(pressed, results, "cathode", pressed=False)
    assert given.cathode.pressing_pressure_MPa is None
    assert given.cathode.porosity == round(float(results.layer("cathode").porosity), 4)
    assert 0.0 < given.cathode.porosity < 0.2  # pressed at 360 MPa: denser than poured


def test_new_parts_start_from_the_cited_defaults():
    design = preset("default_nmc811_lpscl_li")
    bare = dataclasses.replace(design, cathode_collector=None, anode_collector=None)
    # Yang et al. 2022 (J. Energy Chem.), Fig. 1A: Al 16 um, Cu 8 um, N/P 2 for a Li anode
    assert add_layer(bare, "cathode_collector").design.cathode_collector.thickness_um == 16.0
    assert add_layer(bare, "anode_collector").design.anode_collector.material == "Cu"
    assert add_layer(bare, "anode_collector").design.anode_collector.thickness_um == 8.0
    alloy = change_anode_kind(design, "alloy_foil").anode
    assert alloy.n_p_ratio == 2.0
    assert alloy.components[0].material == "In"
    # Pan et al. 2023 (Batteries & Supercaps): pressed in a die 10 mm across
    pellet = change_cell_format(design, "pellet").cell_format
    assert pellet.diameter_mm == 10.0
    # Yang et al. 2022, section 2.4: an 80 x 60 mm2 pouch cell
    pouch = change_cell_format(change_cell_format(design, "pellet"), "pouch").cell_format
    assert (pouch.width_mm, pouch.height_mm) == (80.0, 60.0)
    with pytest.raises(EditError, match="pellet, pouch"):
        change_cell_format(design, "coin")
    with pytest.raises(EditError, match="li_metal"):
        change_anode_kind(design, "sodium")


def test_every_default_names_a_reference_of_the_bibliography():
    references = load_references()
    for name, entry in load_defaults().items():
        assert entry.ref in references, name
        assert entry.where, name


def test_cut_offs_fixed_to_the_millivolt_and_given_back_to_the_actives():
    design = preset("default_nmc811_lpscl_li")
    fixed = fix_cutoffs(design, 2.49996, 4.30012)
    assert (fixed.operating.discharge_cutoff_V, fixed.operating.charge_cutoff_V) == (2.5, 4.3)
    freed = automatic_cutoffs(fixed)
    assert freed.operating.discharge_cutoff_V is None
    assert freed.operating.charge_cutoff_V is None


def test_a_measured_voltage_starts_at_the_librarys_mean():
    design = preset("default_nmc811_lpscl_li")
    measured = measured_voltage(design, evaluate(design, LIBRARY), measured=True)
    assert measured.cathode.mean_voltage_V == 3.8  # NMC811's 3.8 V, Yang et al. 2022, Fig. 1A
    library_again = measured_voltage(measured, evaluate(measured, LIBRARY), measured=False)
    assert library_again.cathode.mean_voltage_V is None
