"""The cell around the stack: electrode area, collectors per stack, pouch outline and foil.

Lengths in mm (cell outline) or um (foils), areas in cm2, masses in g, volumes in cm3.
"""

from __future__ import annotations

import math

import numpy as np

from engine.design import Num

CM2_PER_MM2 = 0.01


def pellet_area_cm2(diameter_mm: Num) -> Num:
    """The electrode area of a pellet cell pressed in a round die: A = pi (d / 2)^2."""
    if isinstance(diameter_mm, float | int):
        return math.pi * (diameter_mm / 20.0) ** 2
    return np.pi * (diameter_mm / 20.0) ** 2


def rectangle_area_cm2(width_mm: Num, height_mm: Num, margin_mm: Num) -> Num:
    """A w x h rectangle widened by a margin on every side (narrowed where it is negative):
    A = (w + 2 m)(h + 2 m)."""
    return (width_mm + 2 * margin_mm) * (height_mm + 2 * margin_mm) / 100.0


def collector_counts(unit_cells: int, double_sided: bool) -> tuple[int, int]:
    """How many cathode and anode current collectors a stack of n unit cells holds: n each
    single-sided; double-sided, each collector serves the two electrodes on its faces, with an
    anode collector on both outer faces: (n + 1) // 2 cathode and n // 2 + 1 anode collectors."""
    if double_sided:
        return (unit_cells + 1) // 2, unit_cells // 2 + 1
    return unit_cells, unit_cells


def pouch_outline_area_cm2(
    width_mm: Num, height_mm: Num, seal_width_mm: Num, headspace_mm: Num
) -> Num:
    """The pouch's outline: the electrode area widened by a seal on each side and lengthened by
    the seals and the headspace that holds the tabs, (w + 2 s)(h + 2 s + h_s)."""
    return (width_mm + 2 * seal_width_mm) * (height_mm + 2 * seal_width_mm + headspace_mm) / 100.0


def pouch_foil_mass_g(
    outline_area_cm2: Num, foil_thickness_um: Num, foil_density_g_cm3: Num
) -> Num:
    """The two pouch foils over the outline: m = 2 A t rho."""
    return 2 * outline_area_cm2 * foil_thickness_um * 1e-4 * foil_density_g_cm3


def pouch_volume_cm3(outline_area_cm2: Num, stack_thickness_um: Num, foil_thickness_um: Num) -> Num:
    """The packaged cell's volume: its outline times the stack and both foils, A (t + 2 t_f)."""
    return outline_area_cm2 * (stack_thickness_um + 2 * foil_thickness_um) * 1e-4
