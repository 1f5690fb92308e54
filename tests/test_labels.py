"""Fields and values are shown in words with units, never as file paths or keys."""

from __future__ import annotations

import re

import pytest

from engine.evaluate import evaluate
from engine.evaluate.trace import explain
from engine.io.design_files import design_to_dict
from engine.labels import describe, field_label, quantity_label, value_label
from engine.materials import shipped_library
from engine.problems import Problem
from gui.materials_browser import material_html
from gui.plots.compare import flatten
from tests.presets import preset

PRESETS = ("default_nmc811_lpscl_li", "hao2021_pto", "li2021_s_mo6s8", "yang2022_fig1a")


def test_paths_in_words():
    assert field_label("separator[1].thickness_um") == "Separator layer 2 thickness (µm)"
    assert field_label("operating.temperature_C") == "Temperature (°C)"
    assert field_label("cathode.components[0].mass_fraction") == "Cathode component 1 mass fraction"
    assert field_label("cell_format.tab_mass_g") == "Cell tab mass (g)"
    assert field_label("no.such_field") == "no.such_field"  # shown as it is, not guessed
    assert describe(Problem("anode.n_p_ratio", "must be more than 0")) == (
        "Anode N/P ratio: must be more than 0"
    )
    assert quantity_label("wh_per_l:cell_fixture") == "Energy density, cell + fixture"
    assert quantity_label("porosity:separator[0]") == "Separator layer 1 porosity"


@pytest.mark.parametrize("name", PRESETS)
def test_every_field_of_a_preset_has_words(name):
    library = shipped_library()
    paths = flatten(design_to_dict(preset(name), library))
    unnamed = [p for p in paths if p not in ("format", "version") and field_label(p) == p]
    # A whole optional part written as null ("fixture": null) has no field of its own.
    assert [p for p in unnamed if paths[p] is not None] == []


def test_every_library_value_has_words():
    keys = {k for m in shipped_library().materials.values() for k in m.values}
    assert sorted(k for k in keys if value_label(k) == k) == []


def test_the_materials_browser_shows_words_not_keys():
    library = shipped_library()
    html = material_html(library["NMC811"], library)
    assert "density (g/cm³)" in html
    assert not re.search(r">density_g_cm3<", html)


def test_the_window_explains_in_words_the_command_line_by_path():
    results = evaluate(preset("yang2022_fig1a"), shipped_library())
    explained = explain(results, "areal_capacity")
    # Yang 2022 Fig. 1A: 23.53 mg/cm2 of cathode, 85 % NMC811 at 210 mAh/g: 4.2 mAh/cm2.
    assert explained.text(labels=True).startswith("Areal capacity = 4.2 mAh/cm2")
    assert "[design: Cathode component 1 mass fraction]" in explained.text(labels=True)
    assert explained.text().startswith("areal_capacity = ")
    assert "[design: cathode.components[0].mass_fraction]" in explained.text()
