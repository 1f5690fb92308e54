"""Masses, thicknesses and capacities of stack layers, per cm2 of stack: one relation per function.

Units: mass per area mg/cm2, thickness um, density g/cm3, specific capacity mAh/g, areal capacity
mAh/cm2, energy per area mWh/cm2. Every function broadcasts over numpy arrays.
Unit bridge used throughout: (mg/cm2) / (g/cm3) = 1e-3 cm = 10 um.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.design import Num

UM_PER_MG_CM2_PER_G_CM3 = 10.0


def composite_solid_density_g_cm3(fractions: Sequence[Num], densities: Sequence[Num]) -> Num:
    """Pore-free density of a mixture: the mass-fraction-weighted harmonic mean,
    rho = 1 / sum(w_i / rho_i) (volumes add; DESIGN.md 'The science')."""
    specific_volume: Num = 0.0
    for w, rho in zip(fractions, densities, strict=True):
        specific_volume = specific_volume + w / rho
    return 1.0 / specific_volume


def layer_thickness_um(loading_mg_cm2: Num, solid_density_g_cm3: Num, porosity: Num) -> Num:
    """t = m / (rho_solid (1 - porosity)): a porous layer's thickness from its areal mass."""
    return loading_mg_cm2 * UM_PER_MG_CM2_PER_G_CM3 / (solid_density_g_cm3 * (1.0 - porosity))


def layer_loading_mg_cm2(thickness_um: Num, solid_density_g_cm3: Num, porosity: Num) -> Num:
    """m = t rho_solid (1 - porosity): a porous layer's areal mass from its thickness."""
    return thickness_um * solid_density_g_cm3 * (1.0 - porosity) / UM_PER_MG_CM2_PER_G_CM3


def pore_liquid_mg_cm2(thickness_um: Num, porosity: Num, liquid_density_g_cm3: Num) -> Num:
    """m = t porosity rho_liquid: the liquid that fills a porous layer's pores (a Li-ion cell's
    electrolyte)."""
    return thickness_um * porosity * liquid_density_g_cm3 / UM_PER_MG_CM2_PER_G_CM3


def areal_capacity_mAh_cm2(mass_mg_cm2: Num, capacity_mAh_g: Num) -> Num:
    """Q = m q (mass of active material per area times its specific capacity)."""
    return mass_mg_cm2 * capacity_mAh_g / 1000.0


def mass_for_capacity_mg_cm2(capacity_mAh_cm2: Num, capacity_mAh_g: Num) -> Num:
    """m = Q / q: the mass of a material that stores an areal capacity."""
    return capacity_mAh_cm2 * 1000.0 / capacity_mAh_g


def lithium_thickness_um(capacity_mAh_cm2: Num, capacity_mAh_g: Num, density_g_cm3: Num) -> Num:
    """Thickness of dense Li metal holding an areal capacity: t = Q / (q rho).
    With q = 3860 mAh/g (Li et al. 2021, Adv. Mater., DOI 10.1002/adma.202008723, section 1) and
    rho = 0.534 g/cm3 (CRC Handbook): 4.85 um per mAh/cm2."""
    mass = mass_for_capacity_mg_cm2(capacity_mAh_cm2, capacity_mAh_g)
    return mass * UM_PER_MG_CM2_PER_G_CM3 / density_g_cm3
