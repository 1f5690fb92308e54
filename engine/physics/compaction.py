"""Powder compaction: the porosity of a pressed layer under, and after, its pressing pressure.

One relation per function; every function broadcasts over numpy arrays. Pressures in MPa,
porosities as fractions of the layer's volume (0 dense, 1 all pore), relative densities D = 1 - eps.

The chain, for a layer pressed at P_press and held in the cell at the stack pressure P_op:
  1. each powder compacts along its loading curve D_L(P) (Heckel or Kawakita, with the parameters
     of the materials library) up to P_max = max(P_press, P_op): compaction is irreversible, so a
     stack pressure above the pressing pressure compacts the layer further along the same curve;
  2. unloading to P_op recovers elastically a fixed fraction chi (rebound_fraction) of the
     compaction strain the loading curve has between P_op and P_max:
     ln(V_op / V_max) = chi ln(D_L(P_max) / D_L(P_op)), so D = D_L(P_max)^(1 - chi) D_L(P_op)^chi;
     released (P_op = 0) the layer keeps D_L(P_max)^(1 - chi) D_L(0)^chi;
  3. a composite is its components side by side under the same pressure, their bulk volumes
     adding (an iso-stress mixture): 1 / D = sum_i phi_i / D_i, phi_i the solid-volume fractions.
Li et al. 2021 (Adv. Mater., DOI 10.1002/adma.202008723), Fig. 3b, is the check: a Mo6S8
electrode at 11 % porosity under 360 MPa rebounds to 24 % when the pressure is released; their
S-Mo6S8 hybrid is 91.8 % filled at 360 MPa.
The rebound rule keeps every porosity in [0, 1) and falling with either pressure: an unloaded
layer is never looser than the loading curve at the pressure it is held at, and a layer pressed
harder is never looser at the same stack pressure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.design import Num

HECKEL = "heckel"
KAWAKITA = "kawakita"
# The library keys of each law's parameters, and of the elastic rebound shared by both.
LAW_KEYS: dict[str, tuple[str, str]] = {
    HECKEL: ("heckel_k_per_MPa", "heckel_a"),
    KAWAKITA: ("kawakita_a", "kawakita_b_per_MPa"),
}
REBOUND_KEY = "rebound_fraction"
DATA_MAX_KEY = "compaction_data_max_MPa"  # the highest pressure of the data a law was fitted to


def heckel_porosity(pressure_MPa: Num, heckel_k_per_MPa: Num, heckel_a: Num) -> Num:
    """Porosity of a powder compact under pressure by Heckel's law.

    ln(1 / (1 - D)) = K P + A with D = 1 - eps the relative density, so eps = exp(-(K P + A)).

    pressure_MPa: applied (uniaxial) pressure P, MPa, >= 0.
    heckel_k_per_MPa: slope K, 1/MPa (1/K is the mean yield pressure of the powder).
    heckel_a: intercept A, dimensionless (> 0: eps(0) = exp(-A) < 1, the porosity as poured and
        rearranged).
    Source: R. W. Heckel, Trans. Metall. Soc. AIME 1961, 221, 671 (heckel1961). Falls
    monotonically from exp(-A) towards 0 and never reaches it.
    """
    exponent = heckel_k_per_MPa * pressure_MPa + heckel_a
    if isinstance(exponent, float):
        return math.exp(-exponent)
    return np.exp(-exponent)


def kawakita_porosity(pressure_MPa: Num, kawakita_a: Num, kawakita_b_per_MPa: Num) -> Num:
    """Porosity of a powder compact under pressure by the Kawakita-Luedde equation.

    C = (V0 - V) / V0 = a b P / (1 + b P), the engineering volume strain of the powder column.
    With a the initial porosity (the column compacts to its solid volume as P -> infinity), the
    solid volume is (1 - a) V0 and eps = 1 - (1 - a) V0 / V, which simplifies to
        eps = a / (1 + b P (1 - a)).

    pressure_MPa: applied pressure P, MPa, >= 0.
    kawakita_a: a, the porosity of the powder as poured (0 < a < 1).
    kawakita_b_per_MPa: b, 1/MPa (1/b is the pressure that achieves half of the volume strain a).
    Source: K. Kawakita, K.-H. Luedde, Powder Technol. 1971, 4, 61 (kawakita1971). Falls
    monotonically from a towards 0.
    """
    return kawakita_a / (1.0 + kawakita_b_per_MPa * pressure_MPa * (1.0 - kawakita_a))


def rebound_porosity(
    porosity_at_max: Num, porosity_at_operating: Num, rebound_fraction: Num
) -> Num:
    """Porosity of a compact pressed to P_max and unloaded to P_op, after its elastic rebound.

    The rebound recovers the fraction chi of the compaction (log volume) strain that the loading
    curve has between P_op and P_max: ln(V_op / V_max) = chi ln(D_L(P_max) / D_L(P_op)), so
        1 - eps = (1 - eps_L(P_max))^(1 - chi) (1 - eps_L(P_op))^chi.
    Lamina's stated rule (calc_lamina): the unloading line is chi times as steep as the loading
    curve, as the swelling line of a critical-state model is kappa/lambda times as steep as its
    compression line; it lies between the loading curve at P_op and at P_max. Li et al. 2021 give
    the point it is fitted to: Mo6S8 11 % under 360 MPa rebounds to 24 % released, with D_L(0)
    = 0.555: chi = ln(0.76 / 0.89) / ln(0.555 / 0.89) = 0.33436.

    porosity_at_max: eps_L(P_max), the loading curve at the highest pressure the layer has seen.
    porosity_at_operating: eps_L(P_op), the loading curve at the pressure it is held at (at 0 MPa,
        the powder as poured).
    rebound_fraction: chi, 0 (no rebound) <= chi < 1.
    """
    return (
        1.0
        - (1.0 - porosity_at_max) ** (1.0 - rebound_fraction)
        * (1.0 - porosity_at_operating) ** rebound_fraction
    )


def mixture_porosity(solid_volume_fractions: Sequence[Num], porosities: Sequence[Num]) -> Num:
    """Porosity of a pressed composite whose components compact side by side.

    Each component i (solid-volume fraction phi_i of the layer's solids) occupies the bulk volume
    phi_i / (1 - eps_i) it would have alone under the same pressure; bulk volumes add, so
        1 / (1 - eps) = sum_i phi_i / (1 - eps_i).
    An iso-stress (series, Reuss-type) rule: Lamina's stated assumption (calc_lamina), checked
    against Li et al. 2021's S-Mo6S8 hybrid (91.8 % filled at 360 MPa).

    solid_volume_fractions: phi_i, each component's share of the solid volume (they sum to 1).
    porosities: eps_i, each component's own porosity at the pressure.
    """
    bulk: Num = 0.0
    for phi, eps in zip(solid_volume_fractions, porosities, strict=True):
        bulk = bulk + phi / (1.0 - eps)
    return 1.0 - 1.0 / bulk


@dataclass(frozen=True)
class CompactionLaw:
    """A material's compaction parameters: the law, its two parameters, the rebound fraction."""

    law: str
    first: float  # heckel_k_per_MPa or kawakita_a
    second: float  # heckel_a or kawakita_b_per_MPa
    rebound_fraction: float

    def porosity(self, pressure_MPa: Num) -> Num:
        """The powder's porosity on its loading curve under pressure_MPa."""
        if self.law == HECKEL:
            return heckel_porosity(pressure_MPa, self.first, self.second)
        return kawakita_porosity(pressure_MPa, self.first, self.second)

    def unloaded_porosity(self, max_pressure_MPa: Num, pressure_MPa: Num) -> Num:
        """Its porosity held at pressure_MPa after being pressed to max_pressure_MPa."""
        return rebound_porosity(
            self.porosity(max_pressure_MPa), self.porosity(pressure_MPa), self.rebound_fraction
        )


def _larger(a: Num, b: Num) -> Num:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return max(a, b)
    return np.maximum(a, b)


def pressed_layer_porosities(
    laws: Sequence[CompactionLaw],
    solid_volume_fractions: Sequence[Num],
    pressing_pressure_MPa: Num,
    operating_pressure_MPa: Num,
) -> tuple[Num, Num, Num]:
    """A layer's porosity under its pressing pressure, after release, and under the stack pressure.

    Returns (pressed, released, operating). Each component follows its loading curve to
    P_max = max(P_press, P_op) and rebounds to 0 (released) or P_op (operating)
    (rebound_porosity); the components mix by mixture_porosity. With P_op >= P_press the operating
    porosity is the one on the loading curve at P_op.
    """
    p_max = _larger(pressing_pressure_MPa, operating_pressure_MPa)
    pressed = mixture_porosity(
        solid_volume_fractions, [law.porosity(pressing_pressure_MPa) for law in laws]
    )
    released = mixture_porosity(
        solid_volume_fractions, [law.unloaded_porosity(p_max, 0.0) for law in laws]
    )
    operating = mixture_porosity(
        solid_volume_fractions,
        [law.unloaded_porosity(p_max, operating_pressure_MPa) for law in laws],
    )
    return pressed, released, operating


def compaction_law(values: dict[str, float]) -> CompactionLaw | None:
    """The compaction law a material's library values give, or None if they give none."""
    rebound = values.get(REBOUND_KEY)
    if rebound is None:
        return None
    for law, (first, second) in LAW_KEYS.items():
        if first in values and second in values:
            return CompactionLaw(law, values[first], values[second], rebound)
    return None
