"""Voltage curves of a design: discharge, charge and at rest, at any C-rate and temperature.

Computed apart from evaluate (which stays as fast as it was): the GUI calls these when it draws a
curve, with the Results it already has. Each broadcasts: a design with array fields (a sweep)
and an array of C-rates or temperatures give a batch of curves in one vectorised call. The
physics is in engine/voltage and engine/physics/kinetics.py; docs/voltage-model.md states it.

    discharge_curve(design, library, c_rate=None, temperature_C=None, points=256,
                    results=None) -> VoltageCurve
    charge_curve(...)      the same, from the end of discharge up to the charge cut-off
    open_circuit_curve(design, library, points=256, results=None): at rest (no losses)
"""

from __future__ import annotations

from engine.design import Design, Num, replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_from_results
from engine.evaluate.validate import check_curve_rate
from engine.materials import Library
from engine.results import Results
from engine.voltage import DEFAULT_POINTS, VoltageCurve


def results_at(
    design: Design, library: Library, temperature_C: Num | None, results: Results | None
) -> Results:
    """The design evaluated at the temperature asked for (its own if None); results reused
    when they are of that design at that temperature."""
    if temperature_C is not None:
        design = replace_field(design, "operating.temperature_C", temperature_C)
        results = None
    if results is not None and results.design is design:
        return results
    return evaluate(design, library)


def discharge_curve(
    design: Design,
    library: Library,
    c_rate: Num | None = None,
    temperature_C: Num | None = None,
    points: int = DEFAULT_POINTS,
    results: Results | None = None,
) -> VoltageCurve:
    """The discharge from top of charge (at rest at the charge cut-off) down to the discharge
    cut-off, or until an electrode is exhausted.

    design: the design (array fields give a batch).
    library: the materials library.
    c_rate: 1/h on the design's operating.c_rate_basis (None: operating.c_rate), 0 (at rest) or
        within operating.c_rate's range (DesignError otherwise); an array gives one curve per
        rate.
    temperature_C: degrees Celsius (None: operating.temperature_C); an array gives one per
        temperature.
    points: points per curve (>= 2), evenly spaced in charge from 0 to the capacity delivered.
    results: evaluate(design, library) if already computed (reused when temperature_C is None).
    """
    if c_rate is not None:
        check_curve_rate(c_rate, library)
    evaluated = results_at(design, library, temperature_C, results)
    return curve_from_results(evaluated, "discharge", c_rate, points)


def charge_curve(
    design: Design,
    library: Library,
    c_rate: Num | None = None,
    temperature_C: Num | None = None,
    points: int = DEFAULT_POINTS,
    results: Results | None = None,
) -> VoltageCurve:
    """The charge from the end of discharge (at rest at the discharge cut-off) up to the charge
    cut-off, or until the cathode is empty; arguments as for discharge_curve."""
    if c_rate is not None:
        check_curve_rate(c_rate, library)
    evaluated = results_at(design, library, temperature_C, results)
    return curve_from_results(evaluated, "charge", c_rate, points)


def open_circuit_curve(
    design: Design,
    library: Library,
    points: int = DEFAULT_POINTS,
    results: Results | None = None,
) -> VoltageCurve:
    """The cell's open-circuit voltage over the discharge between its cut-offs (no current, no
    losses): the parallel curve of the cathode's actives less the counter electrode's."""
    evaluated = results_at(design, library, None, results)
    return curve_from_results(evaluated, "discharge", 0.0, points)
