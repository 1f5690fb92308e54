"""The compiled voltage passes (engine/voltage/_passes.c) against the numpy passes they stand in
for: the same points, ends and energies on every preset, both directions, rates from rest to far
beyond the cut-off, batches and mixed batches, and random designs. The physics of both is tested
by hand in tests/test_voltage.py, which runs with whichever passes are in use (the compiled ones
where they are built); here the two are held to each other.

Tolerances: one design alone, 1e-12 V (the same sums in the same order; only a compiler that
fuses multiply-adds would differ, in the last bits). A batch of several designs, 1e-9 V: numpy
reads every design's curve in one interpolation over rows lifted by an offset, which rounds the
charge to the offset's magnitude.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.design import Design, replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_cell_inputs, curve_from_results
from engine.materials import shipped_library
from engine.studies.curves import charge_curve, discharge_curve
from engine.studies.ragone import edit_curves
from engine.voltage import solver
from engine.voltage.curve import compiled_disagreement
from tests.presets import preset

PRESETS = (
    "default_nmc811_lpscl_li",
    "chen2020_lgm50_li_ion",  # a graphite counter electrode: its curve, not a flat potential
    "li2021_s_mo6s8",  # two cathode actives in parallel
    "hao2021_pto",
    "pan2023_li2s_lii_mos2",
    "yang2022_fig1a",
)
ONE_DESIGN_V = 1e-12
BATCH_V = 1e-9
POINT_FIELDS = ("capacity_mAh_cm2", "voltage_V", "open_circuit_V", "anode_potential_V")
CURVE_FIELDS = ("delivered_mAh_cm2", "energy_mWh_cm2", "cathode_energy_mWh_cm2")

needs_compiled = pytest.mark.skipif(
    solver.compiled is None, reason="the compiled passes are not built (tools/build_extension.py)"
)


def test_the_compiled_passes_are_built_where_ci_runs():
    """CI builds them (tools/bootstrap.py): a build that silently failed would leave every other
    test on the numpy passes and this file skipped."""
    if os.environ.get("CI") != "true":
        pytest.skip("only CI promises a C compiler")
    assert solver.compiled is not None


def test_a_module_older_than_its_source_is_not_used():
    """In a source tree, a _passes.c changed since the module was built (a pull, an edit) leaves
    the module unused until it is built again: a stale module could compute another model."""
    if solver.compiled is None:
        pytest.skip("the compiled passes are not built")
    source = Path(solver.__file__).with_name("_passes.c")
    built = Path(solver.compiled.__file__)
    times = source.stat()
    try:
        os.utime(source, ns=(times.st_atime_ns, built.stat().st_mtime_ns + 10**9))
        assert solver._compiled() is None
    finally:
        os.utime(source, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert solver._compiled() is solver.compiled


def _both(monkeypatch, make):
    """make() with the numpy passes, then with the compiled ones."""
    with monkeypatch.context() as patch:
        patch.setattr(solver, "compiled", None)
        numpy_result = make()
    return numpy_result, make()


def _assert_same(numpy_curve, compiled_curve, tolerance):
    for name in POINT_FIELDS:
        expected, got = getattr(numpy_curve, name), getattr(compiled_curve, name)
        assert np.shape(got) == np.shape(expected), name
        np.testing.assert_allclose(got, expected, rtol=0, atol=tolerance, err_msg=name)
    for name in CURVE_FIELDS:
        expected, got = getattr(numpy_curve, name), getattr(compiled_curve, name)
        np.testing.assert_allclose(got, expected, rtol=tolerance, atol=tolerance, err_msg=name)
    assert np.array_equal(np.asarray(compiled_curve.limited_by), np.asarray(numpy_curve.limited_by))
    # the losses are read off the same points: the transport limit is what the others leave
    for key, value in numpy_curve.losses.items():
        np.testing.assert_allclose(compiled_curve.losses[key], value, rtol=0, atol=10 * tolerance)


@needs_compiled
@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("direction", ["discharge", "charge"])
@pytest.mark.parametrize("rate", [0.0, 0.05, 1.0, 5.0, 200.0])
def test_one_design_gives_the_numpy_curve(monkeypatch, name, direction, rate):
    """Rate 0: at rest, no losses. 200C: far past what any preset delivers, and past what a
    design or discharge_curve accepts (the solver below them takes it); the voltage is below the
    cut-off at the first point, so the curve ends where it starts."""
    results = evaluate(preset(name), shipped_library())
    numpy_curve, compiled_curve = _both(
        monkeypatch, lambda: curve_from_results(results, direction, rate)
    )
    _assert_same(numpy_curve, compiled_curve, ONE_DESIGN_V)


@needs_compiled
def test_a_curve_that_ends_at_its_first_point(monkeypatch):
    """The crossing at index 0 (the cut-off passed before any charge flows): the curve is empty
    in both, not a crossing read between a point and the one before the first."""
    results = evaluate(preset("default_nmc811_lpscl_li"), shipped_library())
    numpy_curve, compiled_curve = _both(
        monkeypatch, lambda: curve_from_results(results, "discharge", 5000.0)
    )
    assert numpy_curve.delivered_mAh_cm2 == 0.0
    _assert_same(numpy_curve, compiled_curve, ONE_DESIGN_V)


@needs_compiled
@pytest.mark.parametrize("name", PRESETS)
def test_a_batch_and_a_mixed_batch_give_the_numpy_curves(monkeypatch, name):
    """Nine separators 10 to 300 um (a batch), and an edit's discharge, charge and Ragone rates
    in one call (each design its own direction)."""
    design, library = preset(name), shipped_library()
    swept = replace_field(design, "separator[0].thickness_um", np.linspace(10.0, 300.0, 9))
    for direction in (discharge_curve, charge_curve):
        numpy_curve, compiled_curve = _both(monkeypatch, lambda f=direction: f(swept, library, 2.0))
        _assert_same(numpy_curve, compiled_curve, BATCH_V)
    numpy_edit, compiled_edit = _both(monkeypatch, lambda: edit_curves(design, library))
    for numpy_curve, compiled_curve in zip(numpy_edit[:2], compiled_edit[:2], strict=True):
        _assert_same(numpy_curve, compiled_curve, BATCH_V)
    numpy_ragone, compiled_ragone = numpy_edit[2], compiled_edit[2]
    for field in ("wh_per_kg", "w_per_kg", "capacity_mAh_cm2", "average_voltage_V"):
        np.testing.assert_allclose(
            getattr(compiled_ragone, field), getattr(numpy_ragone, field), rtol=BATCH_V
        )


@needs_compiled
def test_a_batch_shared_among_threads_gives_the_numpy_curves(monkeypatch):
    """Thirteen designs over three threads taking parts of three rows in turn (0-3, 3-6, 6-9,
    9-12, 12-13): each part is written by one thread, and only its rows."""
    monkeypatch.setattr(solver, "_cores", lambda: 3)
    monkeypatch.setattr(solver, "ROWS_PER_THREAD", 4)
    monkeypatch.setattr(solver, "ROWS_PER_PART", 3)
    design, library = preset("chen2020_lgm50_li_ion"), shipped_library()
    swept = replace_field(design, "separator[0].thickness_um", np.linspace(10.0, 300.0, 13))
    numpy_curve, compiled_curve = _both(monkeypatch, lambda: discharge_curve(swept, library, 2.0))
    _assert_same(numpy_curve, compiled_curve, BATCH_V)


# Random designs: a preset with its separator, porosity and temperature drawn, and a C-rate.
RANDOM_DESIGNS = {
    "thickness": st.floats(5.0, 500.0),
    "porosity": st.floats(0.0, 0.4),
    "rate": st.one_of(st.just(0.0), st.floats(1e-6, 100.0)),  # at rest, or 1e-6 C to 100C
    "temperature": st.floats(-20.0, 80.0),
    "name": st.sampled_from(PRESETS),
}


def random_design(name: str, thickness: float, porosity: float, temperature: float) -> Design:
    design = preset(name)
    design = replace_field(design, "separator[0].thickness_um", thickness)
    design = replace_field(design, "cathode.porosity", porosity)
    return replace_field(design, "operating.temperature_C", temperature)


@needs_compiled
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(**RANDOM_DESIGNS)
def test_random_designs_give_the_numpy_curve(
    monkeypatch, thickness, porosity, rate, temperature, name
):
    design = random_design(name, thickness, porosity, temperature)
    library = shipped_library()
    numpy_curve, compiled_curve = _both(monkeypatch, lambda: discharge_curve(design, library, rate))
    _assert_same(numpy_curve, compiled_curve, ONE_DESIGN_V)


@needs_compiled
def test_the_self_test_measure_of_disagreement():
    """What main.py --self-test reports: rounding on every preset."""
    for name in PRESETS:
        cell = curve_cell_inputs(evaluate(preset(name), shipped_library()))
        gap = compiled_disagreement(cell)
        assert gap is not None
        assert gap <= BATCH_V, name


@needs_compiled
def test_buffers_of_the_wrong_size_are_refused_not_read_past():
    """The module trusts nothing it is given: sizes that do not agree raise ValueError."""
    assert solver.compiled is not None
    ones = np.ones(10)
    with pytest.raises(ValueError, match="sizes do not agree"):
        solver.compiled.passes(
            ones, ones, ones, ones, ones, ones, True, ones, ones, ones, ones, ones,
            np.empty(3), np.empty(3),
        )  # fmt: skip
    with pytest.raises(ValueError, match="float64"):
        solver.compiled.passes(
            b"abc", ones, ones, ones, ones, ones, True, ones, ones, ones, ones, ones,
            np.empty(3), np.empty(3),
        )  # fmt: skip
    with pytest.raises(TypeError):
        solver.compiled.passes(ones)


@needs_compiled
def test_rows_outside_the_batch_are_refused(monkeypatch):
    """The rows a thread is given must lie in the batch, first before stop."""
    real = solver.compiled
    assert real is not None
    caught: list[tuple] = []

    class Catch:  # the arguments compiled_passes gives the module, on their way
        @staticmethod
        def passes(*arguments):
            caught.append(arguments)
            return real.passes(*arguments)

    monkeypatch.setattr(solver, "compiled", Catch())
    design, library = preset("default_nmc811_lpscl_li"), shipped_library()
    discharge_curve(replace_field(design, "separator[0].thickness_um", np.ones(3) * 30), library)
    batch = caught[0][:14]  # the buffers, without rows
    real.passes(*batch, 0, 99)  # a stop past the end is the end
    for first, stop in ((2, 1), (-1, 3)):
        with pytest.raises(ValueError, match="rows first to stop"):
            real.passes(*batch, first, stop)
