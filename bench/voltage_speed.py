"""How fast voltage curves are: one curve, a batch of 1000, and PyBaMM's SPM beside them, all on
the same Li | NMC811 half-cell; and an edit's curves (discharge, charge and Ragone) in one call
against three.

    .venv/bin/python bench/voltage_speed.py [--rounds 5]

Goals (speed issue): one 256-point discharge curve from a design under 100 us; under 5 us per
curve in a batch of 1000; against PyBaMM's SPM re-solving one 1C curve, 10x for one curve and
200x per curve of the batch. Lamina and PyBaMM are timed in alternating rounds (A B A B) and the
ratio is taken per round: its median and range are printed. Each Lamina call is on a design
edited afresh (the edit untimed), and timing starts after calls that settle the allocator: the
first batches of a process touch memory pages for the first time, which on a virtual machine can
cost milliseconds per megabyte. The compiled point passes
(engine/voltage/_passes.c) are timed against the numpy passes they stand in for call by call,
with the median and quartiles of the pairs' ratios.

PyBaMM is a dev-time comparison only, never a dependency of Lamina: when it is importable
(`.venv/bin/pip install pybamm`), its SPM is timed for a comparable Li | NMC811 half-cell
("working electrode": "positive", Chen2020 parameters, the Li-metal parameters of Xu2019) in the
same run, fresh (model built, discretised and solved) and re-solved with the current as an input
parameter; the ratio is taken against the re-solve. The two curves are compared on a common grid
of capacity (RMS difference). Mind the reference's limits: Chen2020's NMC811 open-circuit fit has
no drop at the end of discharge, so both models end when the particles' surfaces fill (PyBaMM:
the exchange current vanishes at c_max; Lamina: the end of the tabulated curve), not on an
open-circuit drop, and the end of the curves is compared with care.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.design import Component, Design, replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_cell_inputs, curve_from_results
from engine.io.design_files import load_design
from engine.materials import Library, shipped_library
from engine.ocv import curve_for, lithiation_at_potential
from engine.paths import resource_path
from engine.studies.curves import charge_curve, discharge_curve
from engine.studies.ragone import edit_curves, ragone
from engine.studies.uncertainty import curve_band, ragone_band
from engine.voltage import solver
from engine.voltage.curve import _per_design

POINTS = 256
BATCH = 1000
LOADING = "cathode.active_loading_mg_cm2"
# Chen2020's positive electrode (LG M50): thickness 75.6 um, active volume fraction 0.665,
# c_max 63104 mol/m3: its full lithiation holds 0.665 * 75.6e-4 cm * 0.063104 mol/cm3
# * 26801.48 mAh/mol = 8.503 mAh/cm2.
CHEN_FULL_MAH_CM2 = 0.665 * 75.6e-4 * 0.063104 * 26801.48
CHEN_AREA_CM2 = 0.065 * 1.58 * 1e4  # electrode height x width


def _median_ms(call, runs: int, warm: int = 20) -> float:
    for _ in range(warm):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def _spread(times: list[float], scale: float, unit: str = "us") -> str:
    """Median and quartiles of times (s), scaled ("median X unit": bench/ab.py reads it)."""
    low, middle, high = statistics.quantiles(times, n=4)
    return f"median {middle * scale:.1f} {unit} (quartiles {low * scale:.1f} to {high * scale:.1f})"


def _edits(design: Design, loading: Any) -> Iterator[Design]:
    """Designs edited afresh, as the window's edits make them: the cathode loading moved by a
    billionth more each time (a curve is never asked again of the same design or results)."""
    for i in itertools.count(1):
        yield replace_field(design, LOADING, loading * (1.0 + i * 1e-9))


def lamina_half_cell():
    """Li | NMC811 with Chen2020's particles and capacity: NMC811 at 8.503 mAh/cm2 (30.86 mg/cm2
    at 275.51 mAh/g), with LGPS and 2 % carbon nanofibre filling the layer so that ions and
    electrons cost next to nothing (an SPM has no electrolyte or electrode resistance), a 12 um
    LGPS separator, 25 C, 1C on the theoretical capacity, 4.2 V to 2.5 V."""
    design, _ = load_design(resource_path("presets", "yang2022_fig1a.json"), shipped_library())
    nmc_mass = CHEN_FULL_MAH_CM2 / 275.51 * 1000.0
    cathode = dataclasses.replace(
        design.cathode,
        components=(
            Component("NMC811", 0.81),
            Component("LGPS", 0.17),
            Component("VGCF", 0.02),
        ),
        active_loading_mg_cm2=nmc_mass,
        porosity=0.0,
    )
    design = dataclasses.replace(design, cathode=cathode, cathode_collector=None)
    design = replace_field(design, "separator[0].thickness_um", 12.0)
    design = replace_field(design, "operating.charge_cutoff_V", 4.2)
    return replace_field(design, "operating.discharge_cutoff_V", 2.5)


def time_lamina(design: Design, library: Library) -> tuple[float, float]:
    """Median ms of one curve from a design (evaluate included) and per curve of a batch, each
    call on a design edited afresh (untimed), after enough calls to settle the allocator."""
    curve = discharge_curve(design, library, 1.0, points=POINTS)
    assert len(curve.capacity_mAh_cm2) == POINTS, len(curve.capacity_mAh_cm2)
    loading = design.cathode.active_loading_mg_cm2
    with_evaluate, from_results = [], []
    for i, fresh in enumerate(itertools.islice(_edits(design, loading), 1300)):
        start = time.perf_counter()
        discharge_curve(fresh, library, 1.0, points=POINTS)
        middle = time.perf_counter()
        results = evaluate(fresh, library)  # new results: its curve is not kept yet
        begin = time.perf_counter()
        curve_from_results(results, "discharge", 1.0, POINTS)
        end = time.perf_counter()
        if i >= 300:
            with_evaluate.append(middle - start)
            from_results.append(end - begin)
    for how, times in (("with evaluate", with_evaluate), ("from its results", from_results)):
        print(
            f"one {POINTS}-point discharge curve at 1C {how} (Li | NMC811 half-cell): "
            f"{_spread(times, 1e6)} (goal with evaluate: under 100 us)"
        )
    loadings = np.linspace(0.5, 1.5, BATCH) * loading
    times = []
    for i, swept in enumerate(itertools.islice(_edits(design, loadings), 50)):
        start = time.perf_counter()
        curves = discharge_curve(swept, library, 1.0, points=POINTS)
        if i >= 10:
            times.append(time.perf_counter() - start)
    print(
        f"batch of {BATCH} curves ({POINTS} points, cathode loading 0.5-1.5x, one vectorised "
        f"call with evaluate), per curve: {_spread(times, 1e6 / BATCH)} (goal: under "
        f"5 us); capacity {curves.delivered_mAh_cm2.min():.2f}-"
        f"{curves.delivered_mAh_cm2.max():.2f} mAh/cm2"
    )
    return statistics.median(with_evaluate) * 1e3, statistics.median(times) * 1e3 / BATCH


def time_edit_curves(library: Library, rounds: int) -> None:
    """What the voltage plot computes after an edit of the default cell, its evaluate included:
    the discharge, the charge and the 25-rate Ragone curve as three calls (A) and as one call of
    the solver (B), alternating A B in each round; the per-round ratio B/A."""
    design, _ = load_design(resource_path("presets", "default_nmc811_lpscl_li.json"), library)
    edits = [replace_field(design, LOADING, 20.0 + i * 1e-3) for i in range(2000)]

    def three(results) -> None:
        discharge_curve(results.design, library, results=results)
        charge_curve(results.design, library, results=results)
        ragone(results.design, library, results=results)

    def one(results) -> None:
        edit_curves(results.design, library, results=results)

    medians: dict[str, list[float]] = {"three": [], "one": []}
    for round_ in range(rounds):
        for name, call in (("three", three), ("one", one)):
            times = []
            for fresh in edits[round_ * 200 : round_ * 200 + 200]:
                start = time.perf_counter()
                call(evaluate(fresh, library))  # results build their ladder when read
                times.append(time.perf_counter() - start)
            medians[name].append(statistics.median(times[20:]) * 1e3)
    ratios = [b / a for a, b in zip(medians["three"], medians["one"], strict=True)]
    print(
        f"an edit's evaluate, discharge, charge and 25-rate Ragone curve (default cell): three "
        f"calls median {statistics.median(medians['three']) * 1e3:.0f} us, one call median "
        f"{statistics.median(medians['one']) * 1e3:.0f} us; one/three paired median "
        f"{statistics.median(ratios):.3f} (range {min(ratios):.3f} to {max(ratios):.3f})"
    )


def time_passes(design: Design, library: Library, rounds: int) -> None:
    """The compiled point passes (engine/voltage/_passes.c, with one design's start in floats,
    engine/voltage/single.py, which runs only with them) against the numpy ones, call by
    call (numpy, compiled, numpy, ...: the two calls of a pair run within milliseconds of each
    other, so a busy machine slows both alike), with the median of the pairs' ratios
    compiled/numpy: one curve from fresh results (a fresh design per call, as an edit makes it);
    a batch of 1000 (its rows shared among threads by the compiled passes); the passes alone on
    that batch, one thread; what the voltage plot computes after an edit of the default cell
    (edit_curves); and the bands it draws when the edits pause (curve_band's 400 discharges,
    ragone_band's 200 x 9)."""
    if solver.compiled is None:
        print("compiled passes: not built (tools/build_extension.py); no comparison")
        return
    compiled = solver.compiled
    loading = design.cathode.active_loading_mg_cm2
    loadings = np.linspace(0.5, 1.5, BATCH) * loading
    swept = replace_field(design, LOADING, loadings)
    batches = _edits(design, loadings)
    cell = curve_cell_inputs(evaluate(swept, library))
    flat = [
        np.broadcast_to(np.asarray(v, dtype=float), (BATCH,))
        for v in _per_design(cell, 1.0, "theoretical")
    ]
    started = solver.start_batch(cell, flat, True)
    default, _ = load_design(resource_path("presets", "default_nmc811_lpscl_li.json"), library)
    singles, defaults = _edits(design, loading), _edits(default, 20.0)  # edited untimed

    def timed(call: Any) -> float:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start

    def one_curve() -> float:
        results = evaluate(next(singles), library)
        return timed(lambda: curve_from_results(results, "discharge", 1.0, POINTS))

    def batch() -> float:
        swept = next(batches)
        return timed(lambda: discharge_curve(swept, library, 1.0, points=POINTS))

    def alone() -> float:
        threads, solver.ROWS_PER_THREAD = solver.ROWS_PER_THREAD, BATCH + 1
        run = solver.numpy_passes if solver.compiled is None else solver.compiled_passes
        try:
            return timed(lambda: run(started, POINTS))
        finally:
            solver.ROWS_PER_THREAD = threads

    def edit() -> float:
        results = evaluate(next(defaults), library)
        return timed(lambda: edit_curves(results.design, library, results=results))

    # (label, unit scale on seconds, one timed call, pairs per round)
    cases: list[tuple[str, float, Any, int]] = [
        ("one curve from its results (us)", 1e6, one_curve, 100),
        (f"per curve in a batch of {BATCH} (us)", 1e6 / BATCH, batch, 5),
        (f"the passes alone, per curve of {BATCH}, one thread (us)", 1e6 / BATCH, alone, 5),
        ("an edit's discharge, charge and Ragone curve, default cell (us)", 1e6, edit, 50),
        (
            "the bands by draws, curve_band + ragone_band, default cell (ms)",
            1e3,
            lambda: timed(lambda: (curve_band(default, library), ragone_band(default, library))),
            2,
        ),
    ]
    for label, scale, call, pairs in cases:
        times: dict[str, list[float]] = {"numpy": [], "compiled": []}
        try:
            for pair in range(pairs * rounds + 2):  # the first two pairs warm the caches
                for name, module in (("numpy", None), ("compiled", compiled)):
                    solver.compiled = module
                    elapsed = call()
                    if pair >= 2:
                        times[name].append(elapsed)
        finally:
            solver.compiled = compiled
        ratios = [c / n for n, c in zip(times["numpy"], times["compiled"], strict=True)]
        quartiles = statistics.quantiles(ratios, n=4)
        print(
            f"{label}: numpy passes median {statistics.median(times['numpy']) * scale:.1f}, "
            f"compiled {statistics.median(times['compiled']) * scale:.1f}; compiled/numpy "
            f"median of {len(ratios)} pairs {statistics.median(ratios):.3f} (quartiles "
            f"{quartiles[0]:.3f} to {quartiles[2]:.3f})"
        )


def pybamm_simulation(pybamm: Any) -> tuple[Any, dict[str, float]]:
    """PyBaMM's SPM of the half-cell, built once, the current an input parameter."""
    start = float(lithiation_at_potential(curve_for("NMC811"), 4.2))
    amperes = CHEN_FULL_MAH_CM2 * CHEN_AREA_CM2 / 1000.0  # 1C on the full lithiation
    model = pybamm.lithium_ion.SPM({"working electrode": "positive"})
    values = pybamm.ParameterValues("Chen2020")
    lithium = pybamm.ParameterValues("Xu2019")
    keys = (
        "Lithium metal partial molar volume [m3.mol-1]",
        "Exchange-current density for lithium metal electrode [A.m-2]",
    )
    values.update({k: lithium[k] for k in keys}, check_already_exists=False)
    values.update(
        {
            "Current function [A]": "[input]",
            "Lower voltage cut-off [V]": 2.5,
            "Upper voltage cut-off [V]": 4.4,
            "Initial concentration in positive electrode [mol.m-3]": start * 63104.0,
            "Ambient temperature [K]": 298.15,
            "Initial temperature [K]": 298.15,
        }
    )
    return pybamm.Simulation(model, parameter_values=values), {"Current function [A]": amperes}


def compare_pybamm(design: Design, library: Library, per_curve_ms: float, rounds: int) -> None:
    os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")
    try:
        import pybamm  # noqa: PLC0415  (a dev-time comparison, imported only here)
    except ImportError:
        print("PyBaMM is not installed: no comparison (pip install pybamm in a dev venv)")
        return
    simulation, inputs = pybamm_simulation(pybamm)
    span = [0.0, 3600.0]
    solution = simulation.solve(span, inputs=inputs)
    end_s = float(solution.t[-1])  # the cut-off ends the discharge before 3600 s
    grid = np.linspace(0.0, end_s, POINTS)
    dense = simulation.solve([0.0, end_s], inputs=inputs, t_interp=grid)
    assert len(dense.t) == POINTS, len(dense.t)
    lamina_runs, pybamm_runs = [], []
    edits = _edits(design, design.cathode.active_loading_mg_cm2)
    for _ in range(rounds):  # A B A B: a busy machine slows both alike
        times = []
        for fresh in itertools.islice(edits, 120):  # the edit untimed, the first 20 warming
            start = time.perf_counter()
            discharge_curve(fresh, library, 1.0, points=POINTS)
            times.append(time.perf_counter() - start)
        lamina_runs.append(statistics.median(times[20:]) * 1e3)
        pybamm_runs.append(
            _median_ms(lambda: simulation.solve([0.0, end_s], inputs=inputs, t_interp=grid), 10)
        )
    ratios = [theirs / ours for ours, theirs in zip(lamina_runs, pybamm_runs, strict=True)]
    theirs = statistics.median(pybamm_runs)
    print(
        f"PyBaMM {pybamm.__version__} SPM, same half-cell (Chen2020), 1C, re-solved to {POINTS} "
        f"times (0 to {end_s:.0f} s): median {theirs:.2f} ms; Lamina one curve median "
        f"{statistics.median(lamina_runs) * 1e3:.0f} us"
    )
    print(
        f"one curve, PyBaMM / Lamina per round ({rounds} rounds): median "
        f"{statistics.median(ratios):.2f}x (range {min(ratios):.2f} to {max(ratios):.2f}; goal "
        f"10x); batch, per curve: {theirs / per_curve_ms:.0f}x (goal 200x)"
    )
    lamina = discharge_curve(design, library, c_rate=1.0, points=POINTS)
    capacity = dense["Discharge capacity [A.h]"].entries * 1000.0 / CHEN_AREA_CM2
    voltage = dense["Voltage [V]"].entries
    end = min(capacity[-1], lamina.delivered_mAh_cm2)
    common = np.linspace(0.0, end, 200)
    difference = np.interp(common, capacity, voltage) - np.interp(
        common, lamina.capacity_mAh_cm2, lamina.voltage_V
    )
    rms = float(np.sqrt(np.mean(difference**2)))
    middle = common <= 0.9 * end
    print(
        f"curves at 1C: capacity to 2.5 V PyBaMM {capacity[-1]:.3f}, Lamina "
        f"{lamina.delivered_mAh_cm2:.3f} mAh/cm2; mean voltage PyBaMM "
        f"{np.trapezoid(voltage, capacity) / capacity[-1]:.3f} V, Lamina "
        f"{lamina.average_voltage_V:.3f} V; RMS difference {rms * 1e3:.1f} mV over the common "
        f"capacity, {float(np.sqrt(np.mean(difference[middle] ** 2))) * 1e3:.1f} mV over its "
        "first 90 %"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    library = shipped_library()
    design = lamina_half_cell()
    _, per_curve_ms = time_lamina(design, library)
    time_edit_curves(library, rounds)
    time_passes(design, library, rounds)
    compare_pybamm(design, library, per_curve_ms, rounds)


if __name__ == "__main__":
    main()
