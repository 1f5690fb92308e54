"""What a voltage curve is computed from: a cell's numbers per cm2 of one unit cell, resolved by
the evaluation (engine/evaluate/curve.py). The voltage code reads nothing else: no library, no
design, no lookups. Numbers are floats for one design or arrays that broadcast for a batch.
Named tuples, not dataclasses: one design's curve builds them afresh on each edit, and a tuple is
built in a fraction of a frozen dataclass's time."""

from __future__ import annotations

from typing import NamedTuple

from engine.design import Num
from engine.ocv import OpenCircuitCurve


class ActiveInputs(NamedTuple):
    """One active material of the cathode."""

    curve: OpenCircuitCurve  # its open-circuit potential vs Li+/Li over its lithiation
    capacity_mAh_cm2: Num  # theoretical: the whole lithiation range of its mass in the cathode
    lithiation_made: float  # y as built (0 delithiated, 1 lithiated)
    diffusion_time_s: Num  # R^2 / D at the operating temperature
    exchange_mA_cm2: Num  # exchange current per cm2 of electrode at the operating temperature


class CellInputs(NamedTuple):
    """Everything a curve needs, per cm2 of one unit cell."""

    actives: tuple[ActiveInputs, ...]
    separator_asr: Num  # ohm cm2, ionic, all separator layers in series (finite)
    ionic_asr: Num  # the cathode's ionic path through its thickness, ohm cm2 (finite)
    electronic_asr: Num  # the cathode's electronic path, ohm cm2 (finite)
    temperature_C: Num
    anode_curve: OpenCircuitCurve  # the counter electrode's potential vs Li+/Li
    anode_full_mAh_cm2: Num  # the anode actives' theoretical capacity (curve anodes)
    anode_li_made_mAh_cm2: Num  # the Li the anode holds as built
    anode_nominal_V: Num  # its mean potential vs Li+/Li
    cutoff_low_V: Num  # cell voltage that ends a discharge
    cutoff_high_V: Num  # cell voltage that ends a charge
    practical_mAh_cm2: Num  # the cathode's practical capacity (a C-rate's practical basis)
    active_mass_mg_cm2: Num  # the cathode actives' mass as made
    interface_asr: Num = 0.0  # ohm cm2, the interphases between the layers in series
