"""The fixture that holds the stack pressure: end plates and tie bolts sized from the pressure.

One relation per function; every function broadcasts over numpy arrays. Pressures and stresses in
MPa (= N/mm2), areas in cm2 or mm2 as named, lengths in mm, masses in g, volumes in cm3.

The rule (stated, deliberately simple): the stack pressure p acts on the electrode area A; the
force F = p A is carried by
  - two end plates covering the electrode area, each taken as a simply supported circular plate of
    the same area (radius a = sqrt(A / pi)) under the uniform pressure p; the largest bending
    stress, at the centre, is sigma = 3 (3 + nu) p a^2 / (8 t^2) (Roark's Formulas for Stress and
    Strain, flat circular plate, simply supported edge, uniform load: roark2002), so the plate
    thickness that keeps it at the allowable stress sigma_y / S is t = a sqrt(3 (3 + nu) p S /
    (8 sigma_y));
  - tie bolts of the same material at the allowable stress: cross-section F S / sigma_y, as long
    as the stack and both plates.
sigma_y is the material's yield strength and nu its Poisson's ratio (library, with sources); S the
safety factor (2 unless the design gives one). Nuts, bolt heads, the overhang the bolts need and
any spring are not counted: a lower bound of what holding the pressure costs.
"""

from __future__ import annotations

import math

from engine.design import Num

MM2_PER_CM2 = 100.0
DEFAULT_SAFETY_FACTOR = 2.0


def clamping_force_N(pressure_MPa: Num, area_cm2: Num) -> Num:
    """F = p A: the force that holds a stack pressure over an area (MPa x mm2 = N).

    pressure_MPa: the stack pressure p, MPa.
    area_cm2: the electrode area A it acts on, cm2.
    """
    return pressure_MPa * area_cm2 * MM2_PER_CM2


def end_plate_thickness_mm(
    pressure_MPa: Num,
    area_cm2: Num,
    yield_strength_MPa: Num,
    poisson_ratio: Num,
    safety_factor: Num = DEFAULT_SAFETY_FACTOR,
) -> Num:
    """Thickness of an end plate that carries the stack pressure at its allowable stress.

    t = a sqrt(3 (3 + nu) p S / (8 sigma_y)), a = sqrt(A / pi): a simply supported circular plate
    of the electrode's area under uniform pressure (roark2002; Timoshenko's plate solution).

    pressure_MPa: p, MPa.
    area_cm2: A, cm2.
    yield_strength_MPa: sigma_y of the plate material, MPa.
    poisson_ratio: nu of the plate material.
    safety_factor: S >= 1 (allowable stress sigma_y / S).
    """
    radius_mm = (area_cm2 * MM2_PER_CM2 / math.pi) ** 0.5
    ratio = 3.0 * (3.0 + poisson_ratio) * pressure_MPa * safety_factor / (8.0 * yield_strength_MPa)
    return radius_mm * ratio**0.5


def tie_bolt_area_mm2(force_N: Num, yield_strength_MPa: Num, safety_factor: Num) -> Num:
    """Total cross-section of the tie bolts that carry a force at the allowable stress:
    A_b = F S / sigma_y (uniaxial tension).

    force_N: F, N.
    yield_strength_MPa: sigma_y of the bolt material, MPa (N/mm2).
    safety_factor: S >= 1.
    """
    return force_N * safety_factor / yield_strength_MPa


def fixture_volume_cm3(
    area_cm2: Num, plate_thickness_mm: Num, bolt_area_mm2: Num, bolt_length_mm: Num
) -> Num:
    """Material volume of two end plates of the electrode's area and the tie bolts:
    V = 2 A t + A_b L (cm3; mm3 / 1000).

    area_cm2: plate area A, cm2.
    plate_thickness_mm: t, mm.
    bolt_area_mm2: A_b, the bolts' total cross-section, mm2.
    bolt_length_mm: L, mm.
    """
    return 2.0 * area_cm2 * plate_thickness_mm / 10.0 + bolt_area_mm2 * bolt_length_mm / 1000.0
