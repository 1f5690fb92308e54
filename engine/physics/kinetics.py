"""Rates and losses inside a cell under current: one relation per function, each broadcasting
over numpy arrays (docs/voltage-model.md states the model they make together).

Currents in mA per cm2 of electrode, charges in mAh/cm2, times in s, potentials in V, resistances
in ohm cm2, lengths in um, temperatures in degrees Celsius.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from numpy.typing import NDArray

from engine.design import Num
from engine.physics.constants import (
    CM_PER_UM,
    FARADAY_C_MOL,
    GAS_CONSTANT_J_MOL_K,
    ZERO_CELSIUS_K,
)


def c_rate_current_mA_cm2(c_rate_per_h: Num, capacity_mAh_cm2: Num) -> Num:
    """The current density of a C-rate: I = c Q.

    c_rate_per_h: c, 1/h (1C empties the capacity in an hour).
    capacity_mAh_cm2: Q, the capacity the C-rate refers to, mAh/cm2 (theoretical or practical:
        the design's operating.c_rate_basis; Hao et al. 2021, ACS Energy Lett., DOI
        10.1021/acsenerylett.0c02227, define 1C = 409 mA/g, the theoretical).
    """
    return c_rate_per_h * capacity_mAh_cm2


def diffusion_time_s(particle_radius_um: Num, diffusivity_cm2_s: Num) -> Num:
    """The time Li takes to cross an active particle: tau = R^2 / D.

    particle_radius_um: R, um (a particle's, or an active domain's in a composite).
    diffusivity_cm2_s: D of Li in the active (a chemical diffusion coefficient), cm2/s.
    """
    return (particle_radius_um * CM_PER_UM) ** 2 / diffusivity_cm2_s


def _tan_roots(count: int) -> NDArray[np.float64]:
    """The positive roots of tan(a) = a (Newton from (n + 1/2) pi - 1 / ((n + 1/2) pi))."""
    n = np.arange(1, count + 1, dtype=float)
    a = (n + 0.5) * np.pi - 1.0 / ((n + 0.5) * np.pi)
    for _ in range(6):
        a = a - (np.tan(a) - a) / (1.0 / np.cos(a) ** 2 - 1.0)
    return a


EXP_UNDERFLOW = 745.0  # exp(-x) is 0.0 in float64 for x beyond this
ROOT_BLOCK = 64  # roots of tan(a) = a summed together


@cache
def _sphere_lag_table() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """g(theta) = 1/5 - 2 sum_n exp(-a_n^2 theta) / a_n^2 on a grid of sqrt(theta), 0 to 2.

    The series (3000 terms) for sqrt(theta) >= 1e-3; below, its early-time limit 2 sqrt(theta /
    pi) (the plane sheet: a thin shell under the surface fills first). Above sqrt(theta) = 2 the
    exponentials are below 1e-34 and g is 1/5. A term is summed only where it is not 0.0 in
    float64 (a_n^2 theta below 745): 6 ms and 2 MiB, where all 3000 x 2001 took 67 ms and 92 MiB,
    with the same values within 3e-14.
    """
    roots = _tan_roots(3000)
    root = np.linspace(0.0, 2.0, 2001)
    theta = root**2
    series = np.full_like(theta, 0.2)
    for first in range(0, len(roots), ROOT_BLOCK):
        squares = roots[first : first + ROOT_BLOCK] ** 2
        rows = int(np.searchsorted(theta, EXP_UNDERFLOW / squares[0], side="right"))
        if rows == 0:
            break  # later roots are larger: every term is 0.0
        series[:rows] -= 2.0 * np.sum(np.exp(-np.outer(theta[:rows], squares)) / squares, axis=1)
    early = 2.0 * root / math.sqrt(math.pi)
    return root, np.where(root < 1e-3, early, series)


def sphere_surface_lag(c_rate_per_h: Num, diffusion_time_s: Num, time_s: Num) -> Num:
    """How far the surface of a spherical particle runs ahead of its mean lithiation, fed at a
    constant rate from a uniform start: Delta y = y_surface - y_mean.

    Delta y = (c tau / 10800) [1/5 - 2 sum_n exp(-a_n^2 t / tau) / a_n^2], tan(a_n) = a_n.
    (The surface concentration of a sphere under a constant surface flux, Carslaw and Jaeger
    section 9.3 (carslaw1959), with the flux written as the C-rate: the mean rises as c t / 3600;
    late in the discharge the lag is c tau / 54000, the parabolic-profile result of
    Subramanian et al. (subramanian2005).)

    c_rate_per_h: c, the particle's rate of lithiation, 1/h of its full (theoretical) capacity.
    diffusion_time_s: tau = R^2 / D, s.
    time_s: t since the current started, s.
    """
    theta = np.asarray(time_s, dtype=float) / diffusion_time_s
    return (c_rate_per_h * diffusion_time_s / 10800.0) * sphere_lag_shape(np.sqrt(theta))


@cache
def sphere_lag_segments() -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    """The table of _sphere_lag_table as its even spacing, each segment's start and its rise
    over one segment."""
    table_root, table_lag = _sphere_lag_table()
    return float(table_root[1] - table_root[0]), table_lag[:-1].copy(), np.diff(table_lag)


def sphere_lag_shape(root_theta: NDArray[np.float64], scale: Num = 1.0) -> NDArray[np.float64]:
    """g(theta) of sphere_surface_lag at sqrt(theta) = root_theta * scale: linear between the
    points of its evenly spaced table (indexed directly, faster than a search), 1/5 beyond."""
    position = np.atleast_1d(np.multiply(root_theta, sphere_lag_steps(scale)))
    value = sphere_lag_on_table(position)
    return value if np.ndim(root_theta) or np.ndim(scale) else value[0]


def sphere_lag_steps(scale: Num) -> Num:
    """How many steps of the table of g one unit of root_theta * scale spans."""
    return np.divide(scale, sphere_lag_segments()[0])


def sphere_lag_on_table(position: NDArray[np.float64]) -> NDArray[np.float64]:
    """g at positions counted in steps of its table (sphere_lag_steps); position is overwritten."""
    _, start, rise = sphere_lag_segments()
    np.minimum(position, len(start) - 1e-9, out=position)
    index = position.astype(np.intp)
    position -= index
    value = rise[index]
    value *= position
    value += start[index]
    return value


def active_surface_area_cm2_cm2(solid_volume_um: Num, particle_radius_um: Num) -> Num:
    """The surface of an active's particles per cm2 of electrode: a = 3 V / R (spheres).

    solid_volume_um: V, the active's pore-free volume per cm2 of electrode, as a thickness (um).
    particle_radius_um: R, um.
    """
    return 3.0 * solid_volume_um / particle_radius_um


def charge_transfer_overpotential_V(
    current_mA_cm2: Num, exchange_current_mA_cm2: Num, temperature_C: Num
) -> Num:
    """The overpotential that drives a current across the active/electrolyte interface.

    eta = (2 R T / F) asinh(I / (2 I_0)): the Butler-Volmer equation with symmetric transfer
    coefficients (alpha = 1/2), solved for eta (Bard and Faulkner, Electrochemical Methods, eq.
    3.4.11 (bard2001)); linear (R T I / (F I_0)) at small currents, Tafel at large ones.

    current_mA_cm2: I, mA per cm2 of electrode.
    exchange_current_mA_cm2: I_0, the exchange current per cm2 of electrode (the active's
        exchange current density times its surface area per cm2 of electrode), mA/cm2.
    temperature_C: T, degrees Celsius.
    """
    thermal_V = GAS_CONSTANT_J_MOL_K * (temperature_C + ZERO_CELSIUS_K) / FARADAY_C_MOL
    return 2.0 * thermal_V * np.arcsinh(current_mA_cm2 / (2.0 * exchange_current_mA_cm2))


def ohmic_drop_V(current_mA_cm2: Num, asr_ohm_cm2: Num) -> Num:
    """Ohm's law over an area-specific resistance: Delta V = I ASR (I in mA/cm2: / 1000).

    current_mA_cm2: I, mA/cm2.
    asr_ohm_cm2: ASR, ohm cm2 (engine/physics/transport.py).
    """
    return current_mA_cm2 * asr_ohm_cm2 * 1e-3


def reaction_front_weight(transport_asr_ohm_cm2: Num, leveling_asr_ohm_cm2: Num) -> Num:
    """How far the reaction in a porous electrode runs as a front rather than uniformly.

    w = 1 - tanh(nu) / nu with nu^2 = A / R_l: tanh(nu) / nu is the effectiveness factor of a
    slab (Thiele, thiele1939), the share of the layer that works when a transport resistance A
    competes with a resistance R_l that spreads the reaction out; the same group sets the
    reaction distribution of a porous electrode (Newman and Tobias, newman1962). w = 0: uniform;
    w -> 1: a front. Lamina's stated model (docs/voltage-model.md): A is the layer's ionic plus
    electronic ASR, R_l the charge-transfer resistance plus the open-circuit slope over the
    discharge (a part that has reacted more sits at a lower potential and takes less current).

    transport_asr_ohm_cm2: A, ohm cm2.
    leveling_asr_ohm_cm2: R_l, ohm cm2 (> 0).
    """
    ratio = transport_asr_ohm_cm2 / leveling_asr_ohm_cm2
    if isinstance(ratio, float):  # one design: the same (numpy's tanh, to the bit) at less cost
        root = math.sqrt(ratio)
        return root**2 / 3.0 if root < 1e-4 else 1.0 - float(np.tanh(root)) / root
    nu = np.sqrt(np.asarray(ratio, dtype=float))
    small = nu < 1e-4
    nu_safe = np.where(small, 1.0, nu)
    return np.where(small, nu**2 / 3.0, 1.0 - np.tanh(nu_safe) / nu_safe)


def electrode_path_fractions(
    front_weight: Num, depth_fraction: Num, ionic_ahead: bool | NDArray[np.bool_]
) -> tuple[Num, Num]:
    """The shares of a layer's ionic and electronic ASR that the current crosses, at a depth of
    discharge.

    Uniform reaction: 1/3 of each (the ionic current falls linearly across the layer, the
    electronic rises: the mean path is a third; newman1962). A front: the reacted part s of the
    layer carries the current on the side of the poorer conductor, the unreacted part 1 - s on
    the other (the front starts at the face where the poorer conductor's path is short). Blended:
        r = (1 - w) / 3 + w s (the poorer path), r = (1 - w) / 3 + w (1 - s) (the other).

    front_weight: w, from reaction_front_weight.
    depth_fraction: s, the share of the cathode's available capacity passed, 0 to 1.
    ionic_ahead: True where the ionic ASR is the larger (the front starts at the separator).
    Returns (ionic share, electronic share).
    """
    uniform = (1.0 - front_weight) / 3.0
    poorer = uniform + front_weight * depth_fraction
    better = uniform + front_weight * (1.0 - depth_fraction)
    if isinstance(ionic_ahead, bool):
        return (poorer, better) if ionic_ahead else (better, poorer)
    return np.where(ionic_ahead, poorer, better), np.where(ionic_ahead, better, poorer)
