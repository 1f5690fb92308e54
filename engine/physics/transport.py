"""Ionic and electronic transport through a layer: effective conductivities, area-specific
resistances.

One relation per function; every function broadcasts over numpy arrays. Conductivities in S/cm,
thicknesses in um, area-specific resistances in ohm cm2, temperatures in degrees Celsius.

A layer's conducting phases (the solid electrolyte, a mixed-conducting active, a carbon) are taken
as parallel paths: the layer's effective conductivity for ions (or electrons) is the sum over its
components of each component's conductivity at the operating temperature (Arrhenius) times the
Bruggeman factor of its volume fraction in the layer (pores count as volume, conduct nothing). A
component whose volume fraction is at or below the percolation threshold forms no connected path
and carries no current.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from engine.design import Interfaces, Num
from engine.physics.constants import (
    CM_PER_UM,
    REFERENCE_TEMPERATURE_C,
    ZERO_CELSIUS_K,
    BOLTZMANN_eV_K,
)

# A material's conduction data as the library gives it (engine.materials.Material.conduction):
# (ionic S/cm, ionic activation energy eV or None, electronic S/cm, electronic activation eV).
Conduction = tuple[float, float | None, float, float]


def arrhenius_value(
    value_at_reference: Num,
    activation_energy_eV: Num,
    temperature_C: Num,
    reference_temperature_C: Num = REFERENCE_TEMPERATURE_C,
) -> Num:
    """A thermally activated quantity (a conductivity, a diffusivity, an exchange current) at
    another temperature by the Arrhenius law.

    x(T) = x(T_ref) exp(-(E_a / k_B) (1/T - 1/T_ref)), temperatures in kelvin.

    value_at_reference: x(T_ref), in its own unit (S/cm, cm2/s, mA/cm2): the library's value.
    activation_energy_eV: E_a, eV (>= 0: x never falls with temperature).
    temperature_C: T, degrees Celsius.
    reference_temperature_C: T_ref, degrees Celsius (25, the library's room temperature).
    Source: the Arrhenius form in which Wu et al. 2020 (Adv. Mater., DOI 10.1002/adma.202000751,
    Fig. 2a) quote activation energies (LGPS 0.22 eV); k_B = 8.617333262e-5 eV/K (CODATA 2018).
    The sigma T prefactor form is not used.
    """
    exponent = (activation_energy_eV / BOLTZMANN_eV_K) * (
        1.0 / (reference_temperature_C + ZERO_CELSIUS_K) - 1.0 / (temperature_C + ZERO_CELSIUS_K)
    )
    if isinstance(exponent, float):
        return value_at_reference * math.exp(exponent)
    return value_at_reference * np.exp(exponent)


def effective_conductivity_S_cm(
    conductivity_S_cm: Num,
    volume_fraction: Num,
    bruggeman_exponent: Num = 1.5,
    percolation_threshold: Num = 0.0,
) -> Num:
    """Effective conductivity of one phase spread through a layer.

    sigma_eff = sigma ((phi - phi_c) / (1 - phi_c))^alpha for phi > phi_c, and 0 otherwise.
    With phi_c = 0 this is Bruggeman's sigma phi^alpha (tortuosity tau = phi^(1 - alpha), alpha
    = 1.5 for spheres: D. A. G. Bruggeman, Ann. Phys. 1935, 416, 636, bruggeman1935). With
    phi_c > 0 it is the percolation power law sigma ~ (phi - phi_c)^t (S. Kirkpatrick, Rev. Mod.
    Phys. 1973, 45, 574, kirkpatrick1973) with t = alpha, scaled so that a dense phase (phi = 1)
    keeps sigma. It never exceeds the parallel-path (Wiener) bound sigma phi for alpha >= 1.

    conductivity_S_cm: sigma of the dense phase, S/cm.
    volume_fraction: phi, the phase's share of the layer's volume (pores included), 0 to 1.
    bruggeman_exponent: alpha >= 1.
    percolation_threshold: phi_c, 0 <= phi_c < 1.
    """
    connected = (volume_fraction - percolation_threshold) / (1.0 - percolation_threshold)
    if isinstance(connected, float):
        if connected <= 0.0:
            return 0.0 * conductivity_S_cm
        return conductivity_S_cm * connected**bruggeman_exponent
    return conductivity_S_cm * np.maximum(connected, 0.0) ** bruggeman_exponent


def area_specific_resistance_ohm_cm2(thickness_um: Num, conductivity_S_cm: Num) -> Num:
    """Area-specific resistance of a path through a layer's thickness: ASR = L / sigma.

    thickness_um: L, um (1e-4 cm).
    conductivity_S_cm: the layer's effective conductivity along the path, S/cm; 0 gives an
        infinite resistance (no connected path).
    Ohm's law for a slab; the whole thickness is counted (in a reacting electrode the current
    enters along the depth, so its ohmic drop is a fraction of this; a voltage model applies it).
    """
    length_cm = thickness_um * CM_PER_UM
    if isinstance(conductivity_S_cm, float) and isinstance(length_cm, float):
        return length_cm / conductivity_S_cm if conductivity_S_cm > 0.0 else math.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        resistance = np.asarray(length_cm, dtype=float) / np.asarray(conductivity_S_cm, dtype=float)
    return np.where(np.asarray(conductivity_S_cm) > 0.0, resistance, np.inf)


def layer_conductivities(
    phases: Sequence[tuple[Conduction, Num]],
    temperature_C: Num,
    bruggeman_exponent: Num = 1.5,
    percolation_threshold: Num = 0.0,
) -> tuple[Num, Num, Num, Num]:
    """A layer's effective ionic and electronic conductivity: its conducting phases as parallel
    paths, sigma_eff = sum_i effective_conductivity(sigma_i(T), phi_i).

    phases: (conduction data, phi) of each component: phi its volume fraction of the layer.
    temperature_C: the operating temperature; each conductivity follows Arrhenius from 25 C with
        its activation energy (none given: taken at 25 C).
    bruggeman_exponent, percolation_threshold: the tortuosity model (effective_conductivity_S_cm).
    Returns (ionic volume fraction, electronic volume fraction, ionic S/cm, electronic S/cm), the
    volume fractions summed over the phases that conduct. Parallel paths: an upper bound for
    phases that interpenetrate (Lamina's stated assumption, calc_lamina).
    """
    at_reference = type(temperature_C) is float and temperature_C == REFERENCE_TEMPERATURE_C
    ionic: Num = 0.0
    electronic: Num = 0.0
    phi_ionic: Num = 0.0
    phi_electronic: Num = 0.0
    for (sigma_i_ref, ea_i, sigma_e_ref, ea_e), phi in phases:
        if sigma_i_ref:
            sigma_i: Num = sigma_i_ref
            if ea_i and not at_reference:
                sigma_i = arrhenius_value(sigma_i_ref, ea_i, temperature_C)
            ionic = ionic + effective_conductivity_S_cm(
                sigma_i, phi, bruggeman_exponent, percolation_threshold
            )
            phi_ionic = phi_ionic + phi
        if sigma_e_ref:
            sigma_e: Num = sigma_e_ref
            if ea_e and not at_reference:
                sigma_e = arrhenius_value(sigma_e_ref, ea_e, temperature_C)
            electronic = electronic + effective_conductivity_S_cm(
                sigma_e, phi, bruggeman_exponent, percolation_threshold
            )
            phi_electronic = phi_electronic + phi
    return phi_ionic, phi_electronic, ionic, electronic


def interfaces_in_series(interfaces: Interfaces, separator_layers: int) -> Num:
    """The interphases' area-specific resistances in series, ohm cm2: cathode|electrolyte, each
    junction between the separator layers, electrolyte|anode."""
    return (
        interfaces.cathode_electrolyte_ohm_cm2
        + (separator_layers - 1) * interfaces.electrolyte_electrolyte_ohm_cm2
        + interfaces.electrolyte_anode_ohm_cm2
    )
