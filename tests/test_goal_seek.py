"""Goal seek against a hand calculation, and a clear refusal when the target is out of reach."""

from __future__ import annotations

import pytest

from engine.materials import shipped_library
from engine.studies.goal_seek import NoSolutionError, goal_seek
from tests.presets import preset


def test_loading_for_a_stack_energy_by_hand():
    """The Fig. 1A stack of Yang et al. 2022 (J. Energy Chem.), Wh/kg as a function of the NMC811
    loading L (mg/cm2): E = 0.798 L mWh; m = L / 0.85 + 4.320 (Al) + 7.168 (Cu) + 4.072 (LGPS)
    + 0.14275 L (Li at N/P 2 on 275.51 mAh/g: 2 * 0.27551 / 3.860). Wh/kg = 1000 E / m = 400 gives
    798 L = 400 (1.31922 L + 15.560) -> L = 6224 / (798 - 527.69) = 23.03 mg/cm2.
    """
    found = goal_seek(
        preset("yang2022_fig1a"),
        "cathode.active_loading_mg_cm2",
        "ladder.stack.wh_per_kg",
        400.0,
        1.0,
        60.0,
        shipped_library(),
    )
    li = 2 * 0.27551 / 3.860
    hand = 400 * (4.320 + 7.168 + 4.072) / (798 - 400 * (1 / 0.85 + li))
    assert found.value == pytest.approx(hand, rel=1e-3)
    assert found.achieved == pytest.approx(400.0, rel=1e-6)
    # Brent's method after the scan: bisection took 24 evaluations for the same tolerance
    # (log2 of the scan's step 59/400 over 1e-9 x 23).
    assert found.evaluations <= 8


def test_unreachable_target_says_what_the_range_reaches():
    with pytest.raises(
        NoSolutionError, match=r"no value of cathode.active_loading_mg_cm2 in \[1, 60\]"
    ):
        goal_seek(
            preset("yang2022_fig1a"),
            "cathode.active_loading_mg_cm2",
            "ladder.stack.wh_per_kg",
            900.0,
            1.0,
            60.0,
            shipped_library(),
        )
