"""An active material's lithiation: how much Li it holds, and the mass and volume that go with it.

An active is tracked by its degree of lithiation y (0 fully delithiated, 1 fully lithiated); its
mass and pore-free volume per gram as made interpolate between the two end forms. Masses in
mg/cm2, volumes per area as thicknesses in um, specific volumes in cm3/g.
"""

from __future__ import annotations

import numpy as np

from engine.design import Num


def lithiation_as_made(
    mass_ratio_delithiated: float, mass_ratio_lithiated: float, made_lithiated: bool
) -> float:
    """The degree of lithiation y at which the active's mass is its mass as made:
    r_d + y (r_l - r_d) = 1, so y = (1 - r_d) / (r_l - r_d).

    mass_ratio_delithiated, mass_ratio_lithiated: r_d, r_l, the end forms' masses per gram as made
        (from their molar masses; 1 when the library gives none).
    made_lithiated: whether the active is built holding its Li (the library's as_made); it
        decides y (1 or 0) when the end forms weigh the same.
    y is 1 for NMC811, 0 for S8, and 0.694 for Pan et al. 2023's Li2S-LiI-MoS2 (Batteries &
    Supercaps, DOI 10.1002/batt.202300427), whose MoS2 takes Li beyond what its Li2S brings.
    """
    if mass_ratio_lithiated == mass_ratio_delithiated:
        return 1.0 if made_lithiated else 0.0
    return (1.0 - mass_ratio_delithiated) / (mass_ratio_lithiated - mass_ratio_delithiated)


def end_volumes_cm3_g(
    density_made_g_cm3: Num,
    density_delithiated_g_cm3: float | None,
    density_lithiated_g_cm3: float | None,
    mass_ratio_delithiated: float,
    mass_ratio_lithiated: float,
    lithiation_made: float,
) -> tuple[Num, Num]:
    """The pore-free volume of an active's fully delithiated and fully lithiated forms, per gram
    as made (cm3/g): v_d, v_l.

    The volume is taken linear in the degree of lithiation y, V(y) = (1 - y) v_d + y v_l, and
    must give the measured as-made density at y_made: V(y_made) = 1 / rho_made. An end form of
    known density fixes its end, v = r / rho_end (r its mass per gram as made); the as-made point
    fixes the other. With neither end known, both forms take the as-made density (V = r(y) /
    rho_made). A material made fully lithiated or delithiated is its end form as made.

    density_made_g_cm3: rho_made, g/cm3 (the library's density_g_cm3, or the design's override).
    density_delithiated_g_cm3, density_lithiated_g_cm3: the end forms' densities, g/cm3, or None.
    mass_ratio_delithiated, mass_ratio_lithiated: r_d, r_l, mass of the end form per gram as made.
    lithiation_made: y_made, 0 to 1.
    """
    made = 1.0 / density_made_g_cm3
    y = lithiation_made
    if y == 0.0:
        rho_l = density_made_g_cm3 if density_lithiated_g_cm3 is None else density_lithiated_g_cm3
        return made, mass_ratio_lithiated / rho_l
    if y == 1.0:
        rho_d = (
            density_made_g_cm3 if density_delithiated_g_cm3 is None else density_delithiated_g_cm3
        )
        return mass_ratio_delithiated / rho_d, made
    if density_delithiated_g_cm3 is not None:
        v_d = mass_ratio_delithiated / density_delithiated_g_cm3
        return v_d, (made - (1.0 - y) * v_d) / y
    if density_lithiated_g_cm3 is not None:
        v_l = mass_ratio_lithiated / density_lithiated_g_cm3
        return (made - y * v_l) / (1.0 - y), v_l
    return mass_ratio_delithiated * made, mass_ratio_lithiated * made


def densest_as_made(
    density_delithiated_g_cm3: float | None,
    density_lithiated_g_cm3: float | None,
    mass_ratio_delithiated: float,
    mass_ratio_lithiated: float,
    lithiation_made: float,
) -> tuple[float, str]:
    """The as-made density above which end_volumes_cm3_g leaves the other end form no volume,
    and which end form's density sets it ("delithiated", "lithiated"; inf and "" when none does).

    With the delithiated form known, v_l = (1/rho_made - (1 - y) v_d) / y is above 0 only while
    rho_made < rho_d / ((1 - y) r_d); with the lithiated form known, v_d > 0 only while
    rho_made < rho_l / (y r_l). An active made as an end form (y 0 or 1) has no such bound.
    """
    y = lithiation_made
    if 0.0 < y < 1.0:
        if density_delithiated_g_cm3 is not None:
            if mass_ratio_delithiated == 0.0:  # all Li: its delithiated form takes no room
                return float("inf"), ""
            return density_delithiated_g_cm3 / ((1.0 - y) * mass_ratio_delithiated), "delithiated"
        if density_lithiated_g_cm3 is not None:
            return density_lithiated_g_cm3 / (y * mass_ratio_lithiated), "lithiated"
    return float("inf"), ""


def lithiation_charged(lithiation_made: Num, used_fraction: Num, made_lithiated: bool) -> Num:
    """An active's lithiation degree at top of charge: a charge takes out the share of its range
    the cell uses, as far as the Li it holds as made goes (y_made - f, not below 0); an active
    built delithiated holds none to give and stays as made.

    lithiation_made: y_made (lithiation_as_made).
    used_fraction: f, the capacity used over the theoretical, 0 to 1.
    made_lithiated: whether it is built holding its Li.
    """
    if not made_lithiated:
        return lithiation_made
    return _clip01(lithiation_made - used_fraction)


def lithiation_discharged(lithiation_at_charge: Num, used_fraction: Num) -> Num:
    """An active's lithiation degree at end of discharge: all the capacity used is put back from
    top of charge, y_charged + f (not above 1); what the charge did not take out of it the
    counter electrode supplies."""
    return _clip01(lithiation_at_charge + used_fraction)


def _clip01(value: Num) -> Num:
    if isinstance(value, float | int):
        return min(1.0, max(0.0, float(value)))
    return np.clip(value, 0.0, 1.0)
