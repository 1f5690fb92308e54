"""A warning that needs the discharge curve: the ladder counts a capacity the curve at the
design's own rate and temperature does not deliver.

It is not part of evaluate(), which must stay fast enough for a 10^6-point sweep; the window's
numbers panel and the report ask for it for the one design they show.
"""

from __future__ import annotations

from engine.evaluate.arrays import words
from engine.evaluate.curve import curve_from_results
from engine.problems import DesignError, DesignWarning
from engine.results import Results

# Below this share of the counted capacity the curve delivers "far less": the ladder's figures
# then overstate what the cell gives at its operating rate by more than a fifth.
FAR_LESS = 0.8


def delivery_warnings(results: Results) -> list[DesignWarning]:
    """[curve_delivers_less] when the ladder counts the nominal capacity and the discharge at
    the operating C-rate and temperature delivers less than FAR_LESS of it; none when the
    ladder already reads its energy off that curve, or when the design has no curve."""
    if results.design.energy_basis == "curve":
        return []
    try:
        curve = curve_from_results(results, "discharge")
    except DesignError:
        return []
    counted = float(results.areal_capacity_mAh_cm2)
    delivered = float(curve.delivered_mAh_cm2)
    if counted <= 0.0 or delivered >= FAR_LESS * counted:
        return []
    operating = results.design.operating
    return [
        DesignWarning(
            "curve_delivers_less",
            "energy_basis",
            f"the discharge at {words(operating.c_rate, 'C', '')} and "
            f"{words(curve.temperature_C, 'C')} delivers {delivered:.3g} of the "
            f"{counted:.3g} mAh/cm2 the ladder counts ({delivered / counted:.0%}): its Wh/kg "
            "and Wh/L are what the cell stores, not what it gives at this rate (with the curve "
            "as the ladder's energy basis they count what it gives)",
        )
    ]
