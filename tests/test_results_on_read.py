"""The ladder (with the cell's totals), the layer rows and the warnings are built when first read,
once: a study that reads one result does not pay for the rest, and the figures do not depend on
the order they are read in."""

from __future__ import annotations

import dataclasses
import weakref

import pytest
from numpy.testing import assert_allclose

from engine.design import replace_field
from engine.evaluate import chain, evaluate
from engine.evaluate.curve import curve_problems
from engine.materials import shipped_library
from engine.results import Later
from tests.presets import preset


@pytest.fixture
def builds(monkeypatch):
    """How many times evaluate's results built their ladder and their layer rows."""
    counts = {"ladder": 0, "layers": 0}

    def counted(name, build):
        def wrapper(*args):
            counts[name] += 1
            return build(*args)

        return wrapper

    monkeypatch.setattr(chain, "build_ladder", counted("ladder", chain.build_ladder))
    monkeypatch.setattr(chain, "layer_results", counted("layers", chain.layer_results))
    return counts


def test_nothing_is_built_until_read_and_each_is_built_once(builds):
    results = evaluate(preset("default_nmc811_lpscl_li"), shipped_library())
    assert builds == {"ladder": 0, "layers": 0}
    results.rung("cell").wh_per_kg  # noqa: B018  what a goal seek or a sweep reads
    assert builds == {"ladder": 1, "layers": 0}
    results.cell_mass_g, results.energy_Wh, results.ladder  # noqa: B018
    assert builds == {"ladder": 1, "layers": 0}
    results.layers, results.layer("cathode")
    assert builds == {"ladder": 1, "layers": 1}
    # A copy of the results (as evaluate makes one with a design's cost) shares what was built.
    copy = dataclasses.replace(results, cost=None)
    copy.ladder, copy.layers  # noqa: B018
    assert builds == {"ladder": 1, "layers": 1}


def test_the_warnings_are_found_when_read_once_in_the_order_they_arise(monkeypatch):
    """Yang et al. 2022's LGPS on Li metal, given an anode potential (unused on Li: validate's
    warning) and an N/P of 0.5 (a capacity warning): validate's come first, then the
    capacities', then the interfaces' (LGPS oxidized at the cathode, reduced at the Li)."""
    calls = []
    real = chain.capacity_warnings
    monkeypatch.setattr(chain, "capacity_warnings", lambda *a: calls.append(1) or real(*a))
    design = replace_field(preset("yang2022_fig1a"), "anode.mean_voltage_V", 0.1)
    design = replace_field(design, "anode.n_p_ratio", 0.5)
    results = evaluate(design, shipped_library())
    assert calls == []
    expected = [
        ("anode_voltage_unused", "anode.mean_voltage_V"),
        ("n_p_below_1", "anode"),
        ("electrolyte_oxidized", "cathode.components[1].material"),
        ("electrolyte_reduced", "separator[0].material"),
    ]
    assert [(w.code, w.path) for w in results.warnings] == expected
    assert results.warnings is results.warnings
    assert calls == [1]


def test_rows_read_first_give_the_same_cell_as_the_ladder_read_first():
    design = preset("li2021_s_mo6s8")
    library = shipped_library()
    rows_first, ladder_first = evaluate(design, library), evaluate(design, library)
    rows = rows_first.layers
    rungs = ladder_first.ladder
    assert_allclose(sum(layer.mass_g for layer in rows), ladder_first.cell_mass_g)
    assert_allclose(sum(layer.mass_share for layer in ladder_first.layers), 1.0)
    assert [r.wh_per_kg for r in rungs] == [r.wh_per_kg for r in rows_first.ladder]


def test_the_cell_energy_is_its_capacity_times_its_voltage():
    """By hand: the default cell's energy is the capacity it delivers times its mean voltage
    (capacity x mean voltage, the design's energy basis), whichever result is read first."""
    results = evaluate(preset("default_nmc811_lpscl_li"), shipped_library())
    expected_Wh = results.capacity_mAh * results.cell_voltage_V / 1000.0
    assert_allclose(results.energy_Wh, expected_Wh, rtol=1e-12)
    assert_allclose(results.rung("cell").energy_Wh, expected_Wh, rtol=1e-12)


def test_later_computes_once_and_lets_go_of_what_it_computed_from():
    class Source:
        calls = 0

        def __call__(self) -> int:
            Source.calls += 1
            return 5

    source = Source()
    gone = weakref.ref(source)
    later = Later(source)
    del source
    assert gone() is not None
    assert (later(), later(), Source.calls) == (5, 5, 1)
    assert gone() is None


def test_curve_problems_follow_an_edit_of_the_composition():
    """The curve's problems are kept per composition: an edit that swaps the cathode's active for
    graphite (no kinetic values in the library: five problems) finds them, and the design before
    the edit still has none."""
    library = shipped_library()
    design = preset("default_nmc811_lpscl_li")
    assert curve_problems(design, library) == []
    swapped = replace_field(design, "cathode.components[0].material", "graphite")
    found = curve_problems(swapped, library)
    assert {p.path for p in found} == {"cathode.components[0].material"}
    assert sum("a voltage curve needs it" in p.message for p in found) == 5
    assert curve_problems(design, library) == []
