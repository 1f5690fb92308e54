"""One design's curve started in floats (engine/voltage/single.py) against the start of a batch
of one (solver.start_batch) that it stands in for. Both run the same compiled passes, so what
is compared is the start: every point, end, energy, loss term and what ended the curve, on every
preset, both directions, rates from rest to far past the cut-off, a discharge the anode ends,
and random designs. The physics of the curve is tested by hand in tests/test_voltage.py, which
runs through this path for one design wherever the passes are compiled.

Tolerance 1e-12 (V; relative for capacities and energies): the same sums in the same order and
the same functions, so the two agree to the bit on x86-64; the tolerance leaves room for a BLAS
that orders the knots' dot product otherwise.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.design import Design, replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_cell_inputs
from engine.materials import shipped_library
from engine.studies.curves import discharge_curve
from engine.voltage import curve, single, solver
from tests.presets import preset
from tests.test_compiled_passes import PRESETS, RANDOM_DESIGNS, random_design

TOLERANCE = 1e-12
POINT_KEYS = ("charge", "voltage", "open_circuit", "anode", "depth")
CURVE_KEYS = (
    "current",
    "temperature",
    "cutoff",
    "delivered",
    "open_circuit_capacity",
    "theoretical",
    "active_mass",
    "energy",
    "cathode_energy",
)

needs_compiled = pytest.mark.skipif(
    solver.compiled is None, reason="the compiled passes are not built (tools/build_extension.py)"
)


def _anode_of_one_micron() -> Design:
    """Li 2021's S and Mo6S8 cathode (both made without Li) on 1 um of Li: the anode holds less
    Li than the cathode can take, so it ends the discharge."""
    design = replace_field(preset("li2021_s_mo6s8"), "anode.n_p_ratio", None)
    return replace_field(design, "anode.thickness_um", 1.0)


def _assert_single_is_the_batch(design: Design, direction: str, rate: float) -> None:
    cell = curve_cell_inputs(evaluate(design, shipped_library()))
    values = [float(v) for v in curve._per_design(cell, rate, design.operating.c_rate_basis)]
    discharging = direction == "discharge"
    rows_of_one = list(np.array(values).reshape(-1, 1))
    batch = solver.curve_kernel(cell, rows_of_one, discharging, 256)
    alone = single.single_kernel(cell, values, discharging, 256)
    for key in POINT_KEYS:
        row = np.broadcast_to(batch[key][0], (256,))  # a flat anode's: one column
        assert alone[key].shape == row.shape, key
        np.testing.assert_allclose(alone[key], row, rtol=0, atol=TOLERANCE, err_msg=key)
    for key in CURVE_KEYS:
        assert isinstance(alone[key], float), key
        np.testing.assert_allclose(alone[key], batch[key][0], rtol=TOLERANCE, err_msg=key)
    for key, value in batch["loss_terms"].items():
        got = alone["loss_terms"][key]  # volts: a growth is a difference, compared absolutely
        np.testing.assert_allclose(got, value, rtol=0, atol=TOLERANCE, err_msg=key)
    assert alone["limited"] == batch["limited"][0]


@needs_compiled
@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("direction", ["discharge", "charge"])
@pytest.mark.parametrize("rate", [0.0, 0.05, 1.0, 5.0, 200.0])
def test_one_design_starts_as_a_batch_of_one(name, direction, rate):
    _assert_single_is_the_batch(preset(name), direction, rate)


@needs_compiled
def test_a_discharge_the_anode_ends():
    """The Li of 1 um of Li foil, by hand: 1e-4 cm x 0.534 g/cm3 (Li's density, CRC Handbook)
    = 0.0534 mg/cm2, times F / (3.6 M_Li) = 96485.33 / (3.6 x 6.941) = 3861.5 mAh/g: 0.2062
    mAh/cm2 is all the discharge can move."""
    design = _anode_of_one_micron()
    _assert_single_is_the_batch(design, "discharge", 1.0)
    got = discharge_curve(design, shipped_library(), 1.0)
    assert got.limited_by == "anode"
    np.testing.assert_allclose(got.delivered_mAh_cm2, 1e-4 * 534.0 * 3861.5 / 1000.0, rtol=1e-3)


@needs_compiled
def test_one_design_takes_the_single_path(monkeypatch):
    """voltage_curve gives one design to single_kernel, a batch to the batch's solver."""
    calls: list[int] = []
    real = single.single_kernel

    def counted(*arguments):
        calls.append(1)
        return real(*arguments)

    monkeypatch.setattr(curve, "single_kernel", counted)
    design, library = preset("default_nmc811_lpscl_li"), shipped_library()
    discharge_curve(design, library, 1.0)
    assert calls == [1]
    discharge_curve(replace_field(design, "separator[0].thickness_um", np.ones(2) * 30), library)
    assert calls == [1]


@needs_compiled
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(**RANDOM_DESIGNS, direction=st.sampled_from(["discharge", "charge"]))
def test_random_designs_start_as_a_batch_of_one(
    thickness, porosity, rate, temperature, name, direction
):
    design = random_design(name, thickness, porosity, temperature)
    _assert_single_is_the_batch(design, direction, rate)
