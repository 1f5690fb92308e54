"""One design's curve, its start worked out in floats: solver.start_batch's arithmetic and the
columns the compiled passes read, for a batch of one. On rows of one, the batch's 60-odd numpy
calls took ten times as long as the passes themselves; plain floats take a fraction of that.

The relations are engine/physics/kinetics.py's, called with floats; the order of every sum is
the batch's, so the curve is the batch's to the bit (tests/test_single_curve.py holds the two
together). Used only where the passes are compiled (engine/voltage/_passes.c): without them a
design of one runs solver.numpy_passes on a batch of one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from engine.design import Num
from engine.ocv import OpenCircuitCurve, lithiation_at_potential
from engine.physics.constants import SECONDS_PER_HOUR
from engine.physics.kinetics import (
    charge_transfer_overpotential_V,
    electrode_path_fractions,
    ohmic_drop_V,
    reaction_front_weight,
    sphere_lag_segments,
)
from engine.voltage import solver
from engine.voltage.inputs import CellInputs
from engine.voltage.parallel import knots


class _Rest(NamedTuple):
    """The cathode at rest: the Li it holds at its knots (rising) and at the charge and the
    discharge cut-off, what its actives held as made, their theoretical capacity."""

    held: NDArray[np.float64]
    potentials: NDArray[np.float64]
    top: float
    bottom: float
    made: float
    theoretical: float


@lru_cache(maxsize=64)
def _at_cutoffs(curve: OpenCircuitCurve, top_V: float, bottom_V: float) -> tuple[float, float]:
    """An active's lithiation at rest at the cathode potentials of the two cut-offs: kept, as a
    drag of a loading or a thickness moves neither the cut-offs nor the anode's potential."""
    y_top, y_bottom = np.asarray(lithiation_at_potential(curve, np.array([top_V, bottom_V])))
    return float(y_top), float(y_bottom)


def _at_rest(cell: CellInputs, values: Sequence[float]) -> _Rest:
    """solver.start_batch's ParallelCurve and its ends, for one design."""
    anode_nominal, low_V, high_V = values[7:10]
    capacities = values[12::3]
    potentials, knot_lithiation = knots(tuple(a.curve for a in cell.actives))
    top_V, bottom_V = high_V + anode_nominal, low_V + anode_nominal
    top = bottom = made = 0.0  # 0 + x is x: the batch's sums, term by term
    for active, capacity in zip(cell.actives, capacities, strict=True):
        y_top, y_bottom = _at_cutoffs(active.curve, top_V, bottom_V)
        top, bottom = top + capacity * y_top, bottom + capacity * y_bottom
        made = made + capacity * active.lithiation_made
    held = np.dot(capacities, knot_lithiation)
    return _Rest(held, potentials, top, bottom, made, sum(capacities))


def _losses(values: Sequence[float], charge_transfer: float, front: Num) -> list[Num]:
    """The loss terms of solver.LOSS_TERMS, for one design (solver._Batch's)."""
    current, separator_asr, ionic_asr, electronic_asr = values[:4]
    ahead = bool(ionic_asr >= electronic_asr)
    at_start = electrode_path_fractions(front, 0.0, ahead)  # (ionic, electronic) shares
    at_end = electrode_path_fractions(front, 1.0, ahead)
    paths: list[Num] = []
    for asr, start, end in zip((ionic_asr, electronic_asr), at_start, at_end, strict=True):
        drop = ohmic_drop_V(current, asr)
        paths += [drop * start, drop * (end - start)]
    separator, interfaces = ohmic_drop_V(current, separator_asr), ohmic_drop_V(current, values[11])
    return [separator, interfaces, *paths, charge_transfer]


def single_kernel(
    cell: CellInputs, values: Sequence[float], discharging: bool, points: int
) -> dict[str, Any]:
    """solver.curve_kernel for one design (values: curve._per_design's numbers, floats), in its
    format but for one design: a row of each kind of point, floats for the rest (the loss terms
    too)."""
    current, _, ionic_asr, electronic_asr, temperature = values[:5]
    anode_full, anode_made = values[5:7]
    capacities, times = values[12::3], values[13::3]
    rest = _at_rest(cell, values)
    top, bottom, first, last = rest.top, rest.bottom, float(rest.held[0]), float(rest.held[-1])
    anode_li_top = max(anode_made + rest.made - top, 0.0)
    if discharging:
        start, sign, cutoff, limit = top, 1.0, values[8], last
        cathode_reach = max(last - top, 0.0)
        reach = min(cathode_reach, anode_li_top)
        anode_start = anode_li_top
    else:
        start, sign, cutoff, limit = bottom, -1.0, values[9], first
        cathode_reach = reach = max(bottom - first, 0.0)
        anode_start = anode_li_top - (bottom - top)

    flowing = current > 0.0
    safe = current if flowing else 1.0
    exchange = max(sum(values[14::3]), 1e-300)
    charge_transfer = (
        float(charge_transfer_overpotential_V(safe, exchange, temperature)) if flowing else 0.0
    )
    span = max(bottom - top, 0.0)
    probe = np.interp(
        [min(max(start + sign * span * share, first), last) for share in (0.1, 0.9)],
        rest.held,
        rest.potentials,
    )  # ParallelCurve.potential_at
    leveling = (charge_transfer + abs(float(probe[1] - probe[0]))) / (safe * 1e-3) + 1e-9
    front = reaction_front_weight(ionic_asr + electronic_asr, leveling) if flowing else 0.0
    particle_rate = current / max(rest.theoretical, 1e-300) if flowing else 0.0
    losses = _losses(values, charge_transfer, front)

    step = sphere_lag_segments()[0]
    steps = [math.sqrt(SECONDS_PER_HOUR / (safe * tau)) / step for tau in times]
    weights = [q * particle_rate * tau / 10800.0 for q, tau in zip(capacities, times, strict=True)]
    constant = losses[0] + losses[1] + losses[2] + losses[4] + charge_transfer
    columns = [start, 1.0 / max(reach, 1e-300), losses[3] + losses[5], constant, reach, sign]
    columns += [cutoff, limit, anode_start, max(anode_full, 1e-300)]
    out, ends = np.empty((5, 1, points)), np.empty(7)
    assert solver.compiled is not None
    solver.compiled.passes(
        *solver.pass_arguments(
            np.array(columns),
            np.array(steps + weights),
            (rest.held, rest.potentials),
            cell.anode_curve,
            points,
            (out, ends),
        )
    )
    by_cutoff, by_cathode, cut, emptied, delivered, energy, anode_energy = ends.tolist()
    anode_first = anode_li_top < cathode_reach if discharging else not cut
    if cut and by_cutoff <= by_cathode:
        limited = "cutoff"
    else:
        limited = "cathode" if emptied or not anode_first else "anode"
    charge, voltage, open_circuit, anode, depth = out[:, 0]  # solver.POINT_ROWS
    return {
        "charge": charge,
        "voltage": voltage,
        "open_circuit": open_circuit,
        "anode": anode,
        "depth": depth,
        "current": current,
        "temperature": temperature,
        "cutoff": cutoff,
        "delivered": delivered,
        "open_circuit_capacity": span,
        "theoretical": rest.theoretical,
        "active_mass": values[10],
        "energy": energy,
        "cathode_energy": energy + anode_energy,
        "limited": limited,
        "loss_terms": dict(zip(solver.LOSS_TERMS, losses, strict=True)),
    }
