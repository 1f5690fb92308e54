"""The Ragone curve of a design: energy against power over a range of discharge rates.

One vectorised call of the discharge curve at every rate (engine/studies/curves.py), read on a
rung of the energy ladder: per kg and per L of the cell by default, or of the cathode composite
with its potential vs Li+/Li (the basis of Pan et al. 2023's Fig. 3c, Batteries & Supercaps, DOI
10.1002/batt.202300427: 1020 Wh/kg at 46 W/kg).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from engine.design import Design, Num
from engine.evaluate.curve import curves_from_results
from engine.materials import Library
from engine.results import Results
from engine.studies.curves import discharge_curve, results_at
from engine.voltage import DEFAULT_POINTS, VoltageCurve

DEFAULT_RATES = np.geomspace(0.05, 5.0, 25)  # C/20 to 5C


@dataclass(frozen=True)
class RagoneCurve:
    """Energy and power at each C-rate on one rung of the ladder (arrays along the rates)."""

    rung: str
    c_rate: NDArray[np.float64]
    wh_per_kg: NDArray[np.float64]
    w_per_kg: NDArray[np.float64]
    wh_per_l: NDArray[np.float64]
    w_per_l: NDArray[np.float64]
    capacity_mAh_cm2: NDArray[np.float64]
    average_voltage_V: NDArray[np.float64]


def ragone(
    design: Design,
    library: Library,
    c_rates: NDArray[np.float64] | None = None,
    temperature_C: Num | None = None,
    rung: str = "cell",
    results: Results | None = None,
) -> RagoneCurve:
    """Energy (Wh/kg, Wh/L) and mean power (W/kg, W/L) of a scalar design's discharge at each
    C-rate, on a rung of the ladder ("cell", "stack", "cathode", ...).

    c_rates: 1/h on the design's operating.c_rate_basis (None: C/20 to 5C, 25 rates).
    temperature_C: None uses the design's.
    Power is the mean of the discharge: energy over duration, E / (Q / I).
    """
    rates = DEFAULT_RATES if c_rates is None else np.asarray(c_rates, dtype=float)
    curve = discharge_curve(
        design,
        library,
        c_rate=rates,
        temperature_C=temperature_C,
        points=DEFAULT_POINTS,
        results=results,
    )
    return _ragone_of(curve, rung)


def edit_curves(
    design: Design, library: Library, results: Results | None = None
) -> tuple[VoltageCurve, VoltageCurve, RagoneCurve]:
    """What the voltage plot draws after an edit, in one call of the solver: the discharge and
    the charge at the design's C-rate and temperature, and its Ragone curve per kg and L of the
    cell (C/20 to 5C), as discharge_curve, charge_curve and ragone give them."""
    evaluated = results_at(design, library, None, results)
    down, up, fan = curves_from_results(
        evaluated, [("discharge", None), ("charge", None), ("discharge", DEFAULT_RATES)]
    )
    return down, up, _ragone_of(fan, "cell")


def _ragone_of(curve: VoltageCurve, rung: str) -> RagoneCurve:
    """The Ragone curve read off a batch of discharges along the C-rates, on a rung."""
    values = curve.specific(rung)
    return RagoneCurve(
        rung=rung,
        c_rate=np.asarray(curve.c_rate, dtype=float),
        wh_per_kg=np.asarray(values["wh_per_kg"], dtype=float),
        w_per_kg=np.asarray(values["w_per_kg"], dtype=float),
        wh_per_l=np.asarray(values["wh_per_l"], dtype=float),
        w_per_l=np.asarray(values["w_per_l"], dtype=float),
        capacity_mAh_cm2=np.asarray(curve.delivered_mAh_cm2, dtype=float),
        average_voltage_V=np.asarray(curve.average_voltage_V, dtype=float),
    )
