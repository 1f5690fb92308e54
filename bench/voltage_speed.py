"""How fast voltage curves are: one curve, a batch of 1000, and PyBaMM's SPM beside them.

    .venv/bin/python bench/voltage_speed.py

Goals (voltage issue): one full discharge curve of at least 200 points under 1 ms median; a batch
of 1000 curves (one per design of a sweep) vectorised, aiming at 100x PyBaMM's SPM re-solving one
1C curve (about 25 us per curve in the batch).

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

import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.design import Component, replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_from_results
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.ocv import curve_for, lithiation_at_potential
from engine.paths import resource_path
from engine.studies.curves import discharge_curve

POINTS = 256
BATCH = 1000
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


def time_lamina() -> tuple[float, float, float]:
    library = shipped_library()
    design, _ = load_design(
        resource_path("presets", "default_nmc811_lpscl_li.json"), shipped_library()
    )
    results = evaluate(design, library)
    single = _median_ms(lambda: discharge_curve(design, library, 1.0, points=POINTS), 500)
    from_results = _median_ms(lambda: curve_from_results(results, "discharge", 1.0, POINTS), 500)
    print(
        f"one {POINTS}-point discharge curve at 1C (default NMC811 pouch cell): median "
        f"{single * 1e3:.0f} us with evaluate, {from_results * 1e3:.0f} us from its results "
        "(goal < 1000 us)"
    )
    swept = replace_field(design, "cathode.active_loading_mg_cm2", np.linspace(5.0, 40.0, BATCH))
    batch = _median_ms(lambda: discharge_curve(swept, library, 1.0, points=POINTS), 15, warm=3)
    curves = discharge_curve(swept, library, 1.0, points=POINTS)
    print(
        f"batch of {BATCH} curves ({POINTS} points, cathode loading 5-40 mg/cm2, one vectorised "
        f"call with evaluate): median {batch:.1f} ms, {batch * 1e3 / BATCH:.1f} us per curve; "
        f"capacity {curves.delivered_mAh_cm2.min():.2f}-{curves.delivered_mAh_cm2.max():.2f} "
        "mAh/cm2"
    )
    return single, from_results, batch / BATCH


def compare_pybamm(per_curve_ms: float) -> None:
    os.environ.setdefault("PYBAMM_DISABLE_TELEMETRY", "true")
    try:
        import pybamm  # noqa: PLC0415  (a dev-time comparison, imported only here)
    except ImportError:
        print("PyBaMM is not installed: no comparison (pip install pybamm in a dev venv)")
        return
    design = lamina_half_cell()
    lamina = discharge_curve(design, shipped_library(), c_rate=1.0, points=POINTS)
    start = float(lithiation_at_potential(curve_for("NMC811"), 4.2))
    amperes = CHEN_FULL_MAH_CM2 * CHEN_AREA_CM2 / 1000.0  # 1C on the full lithiation

    def build():
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
        return pybamm.Simulation(model, parameter_values=values)

    span = [0.0, 3600.0]
    inputs = {"Current function [A]": amperes}

    def fresh():
        return build().solve(span, inputs=inputs)

    fresh_ms = _median_ms(fresh, 5, warm=1)
    simulation = build()
    simulation.solve(span, inputs=inputs)
    resolve_ms = _median_ms(lambda: simulation.solve(span, inputs=inputs), 50, warm=5)
    grid = np.linspace(0.0, 3600.0, POINTS)
    dense_ms = _median_ms(lambda: simulation.solve(span, inputs=inputs, t_interp=grid), 20, warm=2)
    solution = simulation.solve(span, inputs=inputs)
    capacity = solution["Discharge capacity [A.h]"].entries * 1000.0 / CHEN_AREA_CM2
    voltage = solution["Voltage [V]"].entries
    print(
        f"PyBaMM {pybamm.__version__} SPM, Li | NMC811 half-cell (Chen2020), 1C: fresh build and "
        f"solve {fresh_ms:.0f} ms; re-solve {resolve_ms:.2f} ms (the current an input "
        f"parameter, the solver's own {len(solution.t)} output times), {dense_ms:.2f} ms "
        f"interpolated to {POINTS} times"
    )
    best = min(resolve_ms, dense_ms)
    print(
        f"Lamina's batch against PyBaMM's re-solve (the faster of the two, {best:.2f} ms): "
        f"{best / per_curve_ms:.0f}x per curve ({per_curve_ms * 1e3:.1f} us vs {best * 1e3:.0f} "
        f"us); against a fresh build {fresh_ms / per_curve_ms:.0f}x"
    )
    end = min(capacity[-1], lamina.delivered_mAh_cm2)
    grid = np.linspace(0.0, end, 200)
    theirs = np.interp(grid, capacity, voltage)
    ours = np.interp(grid, lamina.capacity_mAh_cm2, lamina.voltage_V)
    rms = float(np.sqrt(np.mean((theirs - ours) ** 2)))
    middle = grid <= 0.9 * end
    rms_middle = float(np.sqrt(np.mean((theirs[middle] - ours[middle]) ** 2)))
    print(
        f"curves at 1C: capacity to 2.5 V PyBaMM {capacity[-1]:.3f}, Lamina "
        f"{lamina.delivered_mAh_cm2:.3f} mAh/cm2; mean voltage PyBaMM "
        f"{np.trapezoid(voltage, capacity) / capacity[-1]:.3f} V, Lamina "
        f"{lamina.average_voltage_V:.3f} V; RMS difference {rms * 1e3:.1f} mV over the common "
        f"capacity, {rms_middle * 1e3:.1f} mV over its first 90 %"
    )


def main() -> None:
    _, _, per_curve_ms = time_lamina()
    compare_pybamm(per_curve_ms)


if __name__ == "__main__":
    main()
