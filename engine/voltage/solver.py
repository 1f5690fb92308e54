"""The curves of a batch of d designs at once: where each ends (the cut-off, or an electrode
exhausted) and its points, vectorised over the batch (per-design arrays (d,) in, (d, points) out).
A batch discharges or charges, or each design goes its own way (an edit's discharge, charge and
Ragone rates in one call). The relations are engine/physics/kinetics.py's;
docs/voltage-model.md states the model."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.ocv import OpenCircuitCurve
from engine.physics.constants import SECONDS_PER_HOUR
from engine.physics.kinetics import (
    charge_transfer_overpotential_V,
    electrode_path_fractions,
    ohmic_drop_V,
    reaction_front_weight,
    sphere_lag_on_table,
    sphere_lag_segments,
    sphere_lag_steps,
)
from engine.voltage.inputs import CellInputs
from engine.voltage.parallel import ParallelCurve, knots


def _compiled() -> ModuleType | None:
    """The passes compiled (engine/voltage/_passes.c), if built; None (numpy_passes) without
    them, or in a source tree whose _passes.c is newer than the module built from it."""
    try:
        from engine.voltage import _passes  # noqa: PLC0415
    except ImportError:  # a source tree not yet built, or no C compiler
        return None
    source = Path(__file__).with_name("_passes.c")
    built = Path(_passes.__file__ or source)
    if source.exists() and built.exists() and source.stat().st_mtime > built.stat().st_mtime:
        return None  # stale: tools/build_extension.py (or the bootstrap) builds it again
    return _passes


compiled = _compiled()

Discharging = bool | NDArray[np.bool_]  # the whole batch, or each design (d,): True discharges

FIRST_PASS_POINTS = 64  # the pass that finds where a curve ends (crossings linear between)
REFINE_GRID = np.linspace(0.0, 1.0, 33)[None, :]  # then between the two points around the end


def _either(discharging: Discharging, down: Any, up: Any) -> Any:
    """down for a design that discharges, up for one that charges: per-design values (d,) or
    (d, p); a batch of one direction takes its own without a pass."""
    if isinstance(discharging, bool):
        return down if discharging else up
    column = discharging[:, None] if max(np.ndim(down), np.ndim(up)) == 2 else discharging
    return np.where(column, down, up)


def _sign(discharging: Discharging) -> float | NDArray[np.float64]:
    """+1 discharging, -1 charging: a number, or a column (d, 1) for a mixed batch."""
    if isinstance(discharging, bool):
        return 1.0 if discharging else -1.0
    return np.where(discharging, 1.0, -1.0)[:, None]


@dataclass(frozen=True)
class _Batch:
    """d designs' curves under way: per-design arrays (d,), the parallel curve, the start."""

    cell: CellInputs
    discharging: Discharging
    current: NDArray[np.float64]
    separator_asr: NDArray[np.float64]
    interface_asr: NDArray[np.float64]
    ionic_asr: NDArray[np.float64]
    electronic_asr: NDArray[np.float64]
    temperature: NDArray[np.float64]
    anode_full: NDArray[np.float64]
    low_V: NDArray[np.float64]
    high_V: NDArray[np.float64]
    active_mass: NDArray[np.float64]
    capacities: tuple[NDArray[np.float64], ...]
    diffusion_times: tuple[NDArray[np.float64], ...]
    parallel: ParallelCurve
    start: NDArray[np.float64]  # Li held by the cathode at the start, mAh/cm2
    top: NDArray[np.float64]
    bottom: NDArray[np.float64]
    anode_li_top: NDArray[np.float64]
    reach: NDArray[np.float64]  # the charge the cathode (and, discharging, the anode) allow
    cathode_reach: NDArray[np.float64]
    charge_transfer_V: NDArray[np.float64]
    front_weight: NDArray[np.float64]
    particle_rate: NDArray[np.float64]

    @cached_property
    def sign(self) -> float | NDArray[np.float64]:
        return _sign(self.discharging)

    @property
    def theoretical(self) -> NDArray[np.float64]:
        return self.parallel.capacity.sum(axis=1)

    def anode_potential(self, charge: NDArray[np.float64]) -> NDArray[np.float64]:
        """The counter electrode vs Li+/Li along the curve: flat (Li, Li-In), or its curve at the
        lithiation its Li gives (graphite, Si)."""
        if self.flat_anode is not None:
            return self.flat_anode
        curve = self.cell.anode_curve
        start = _either(
            self.discharging, self.anode_li_top, self.anode_li_top - (self.bottom - self.top)
        )
        held = start[:, None] - self.sign * charge
        return np.interp(
            held / np.maximum(self.anode_full, 1e-300)[:, None], curve.lithiation, curve.potential_V
        )

    @cached_property
    def flat_anode(self) -> NDArray[np.float64] | None:
        """A flat counter electrode's potential as one column (None: the anode has a curve)."""
        potential = self.cell.anode_curve.potential_V
        if np.ptp(potential) != 0.0:
            return None
        flat = np.full((len(self.current), 1), potential[0])
        flat.setflags(write=False)
        return flat

    @cached_property
    def lag_terms(self) -> tuple[tuple[NDArray[np.float64], NDArray[np.float64]], ...]:
        """Per active, columns (d, 1): the steps of g's table that one unit of sqrt(q) spans, and
        the weight Q_i c tau_i / (3 h) of its lag."""
        flowing = np.where(self.current > 0.0, self.current, 1.0)
        terms = []
        for capacity, tau in zip(self.capacities, self.diffusion_times, strict=True):
            scale = np.sqrt(SECONDS_PER_HOUR / (flowing * tau))[:, None]
            weight = (capacity * self.particle_rate * tau / 10800.0)[:, None]
            terms.append((np.asarray(sphere_lag_steps(scale)), weight))
        return tuple(terms)

    def lag(self, charge: NDArray[np.float64]) -> NDArray[np.float64]:
        """How far, as charge, the actives' surfaces run ahead of their mean: sum over the actives
        of Q_i sphere_surface_lag(c, tau_i, t), with t = 3600 q / I (arranged to share one square
        root over the points: sqrt(t / tau_i) = sqrt(q) sqrt(3600 / (I tau_i)))."""
        root_charge = np.sqrt(charge)
        lag: NDArray[np.float64] | None = None
        for steps, weight in self.lag_terms:
            shape = sphere_lag_on_table(root_charge * steps)
            shape *= weight
            if lag is None:
                lag = shape
            else:
                lag += shape
        assert lag is not None  # a cathode has at least one active
        return lag

    def at(self, charge: NDArray[np.float64], full: bool = True) -> dict[str, Any]:
        """The voltage at charges (d, p); full: also the open-circuit voltage, the counter
        electrode and each loss (the first pass, which only finds the end, skips them)."""
        start, inverse_reach, slope, constant = self._columns
        surface_held = self.lag(charge)
        if self.discharging is True:
            held = start + charge
            surface_held += held
        elif self.discharging is False:
            held = start - charge
            np.subtract(held, surface_held, out=surface_held)
        else:  # each design its own way: the same sums, signed (exact: a sign is +-1)
            held = start + self.sign * charge
            surface_held = held + self.sign * surface_held
        surface = self.parallel.potential_at(surface_held)
        anode = self.anode_potential(charge)
        depth = charge * inverse_reach
        np.minimum(depth, 1.0, out=depth)
        ohmic = depth * slope
        ohmic += constant
        voltage = surface - anode
        if self.discharging is True:
            voltage -= ohmic
        elif self.discharging is False:
            voltage += ohmic
        else:
            voltage -= self.sign * ohmic
        out: dict[str, Any] = {
            "charge": charge,
            "voltage": voltage,
            "surface_held": surface_held,
        }
        if full:
            out["open_circuit"] = self.parallel.potential_at(held, within=True) - anode
            out["anode"] = anode
            out["depth"] = depth
        return out

    @cached_property
    def _columns(self) -> tuple[NDArray[np.float64], ...]:
        """What every point of a pass reads, as columns (d, 1): the Li held at the start, one
        over the reach, the cathode's path losses' growth and the losses at the start."""
        values = (self.start, self.inverse_reach, self.ohmic_slope_V, self.constant_V)
        return tuple(value[:, None] for value in values)

    @cached_property
    def inverse_reach(self) -> NDArray[np.float64]:
        return 1.0 / np.maximum(self.reach, 1e-300)

    @cached_property
    def separator_V(self) -> NDArray[np.float64]:
        return np.asarray(ohmic_drop_V(self.current, self.separator_asr))

    @cached_property
    def interface_V(self) -> NDArray[np.float64]:
        return np.asarray(ohmic_drop_V(self.current, self.interface_asr))

    @cached_property
    def ionic_V(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The cathode's ionic loss as a + b s along the depth s (electrode_path_fractions)."""
        return self._path_losses[0]

    @cached_property
    def electronic_V(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return self._path_losses[1]

    @cached_property
    def _path_losses(self) -> tuple[tuple[NDArray[np.float64], NDArray[np.float64]], ...]:
        """The ionic and the electronic loss, each as (a, b) of a + b s."""
        shares = electrode_path_fractions(
            self.front_weight[:, None], _ENDS, (self.ionic_asr >= self.electronic_asr)[:, None]
        )
        losses = []
        for asr, share_of in zip((self.ionic_asr, self.electronic_asr), shares, strict=True):
            share = np.asarray(share_of)
            drop = ohmic_drop_V(self.current, asr)
            losses.append((drop * share[:, 0], drop * (share[:, 1] - share[:, 0])))
        return tuple(losses)

    @cached_property
    def constant_V(self) -> NDArray[np.float64]:
        """The losses at the start of the curve (separator, interphases, cathode paths, charge
        transfer)."""
        ohmic = self.separator_V + self.interface_V
        return ohmic + self.ionic_V[0] + self.electronic_V[0] + self.charge_transfer_V

    @cached_property
    def ohmic_slope_V(self) -> NDArray[np.float64]:
        """How much the cathode's path losses grow from depth 0 to 1 (a reaction front)."""
        return self.ionic_V[1] + self.electronic_V[1]


def start_batch(
    cell: CellInputs, flat: Sequence[NDArray[np.float64]], discharging: Discharging
) -> _Batch:
    """The start of d designs' curves: at rest at the charge cut-off (a discharge) or at the
    discharge cut-off (a charge), the counter electrode at its nominal potential."""
    current, sep_asr, ion_asr, el_asr, temperature = flat[:5]
    anode_full, anode_made, anode_nominal, low_V, high_V, active_mass = flat[5:11]
    interface_asr = flat[11]
    caps, taus, exchanges = tuple(flat[12::3]), tuple(flat[13::3]), flat[14::3]
    curves = tuple(a.curve for a in cell.actives)
    potentials, knot_lithiation = knots(curves)
    capacity = np.stack(caps, axis=1)  # (d, m)
    parallel = ParallelCurve(curves, potentials, capacity @ knot_lithiation, capacity)
    ends = parallel.held_at(np.stack((high_V, low_V), axis=1) + anode_nominal[:, None])
    top, bottom = ends[:, 0], ends[:, 1]
    made = caps[0] * cell.actives[0].lithiation_made
    for active, cap in zip(cell.actives[1:], caps[1:], strict=True):
        made = made + cap * active.lithiation_made
    # The Li the counter electrode holds at top of charge: as built, plus what the cathode gave
    # up between as made and the top of charge.
    anode_li_top = np.maximum(anode_made + made - top, 0.0)
    start = _either(discharging, top, bottom)
    down_reach = np.maximum(parallel.held[:, -1] - top, 0.0) if discharging is not False else None
    up_reach = np.maximum(bottom - parallel.held[:, 0], 0.0) if discharging is not True else None
    cathode_reach = _either(discharging, down_reach, up_reach)
    reach = _either(
        discharging,
        None if down_reach is None else np.minimum(down_reach, anode_li_top),
        up_reach,
    )
    exchange = exchanges[0]
    for value in exchanges[1:]:
        exchange = exchange + value
    flowing = current > 0.0
    safe = np.where(flowing, current, 1.0)
    eta = np.where(
        flowing,
        charge_transfer_overpotential_V(safe, np.maximum(exchange, 1e-300), temperature),
        0.0,
    )
    # What spreads the reaction: the charge-transfer resistance and the open-circuit slope over
    # the middle 80 % of the discharge, as resistances at this current.
    sign = _sign(discharging)
    span = np.maximum(bottom - top, 0.0)
    probe = parallel.potential_at(start[:, None] + sign * span[:, None] * _PROBES)
    slope_V = np.abs(probe[:, 1] - probe[:, 0])
    leveling = (eta + slope_V) / (safe * 1e-3) + 1e-9
    theoretical = capacity.sum(axis=1)
    return _Batch(
        cell=cell,
        discharging=discharging,
        current=current,
        separator_asr=sep_asr,
        interface_asr=interface_asr,
        ionic_asr=ion_asr,
        electronic_asr=el_asr,
        temperature=temperature,
        anode_full=anode_full,
        low_V=low_V,
        high_V=high_V,
        active_mass=active_mass,
        capacities=caps,
        diffusion_times=taus,
        parallel=parallel,
        start=start,
        top=top,
        bottom=bottom,
        anode_li_top=anode_li_top,
        reach=reach,
        cathode_reach=cathode_reach,
        charge_transfer_V=eta,
        front_weight=np.where(flowing, reaction_front_weight(ion_asr + el_asr, leveling), 0.0),
        particle_rate=np.where(flowing, current / np.maximum(theoretical, 1e-300), 0.0),
    )


_PROBES = np.array([[0.1, 0.9]])  # where the open-circuit slope of a discharge is read
_ENDS = np.array([[0.0, 1.0]])  # the start and the end of a cathode's depth
POINT_ROWS = ("charge", "voltage", "open_circuit", "anode", "depth")  # _passes.c's points_out
# The losses of a curve as numbers per design (each cathode path's as a + b s along the depth s).
LOSS_TERMS = (
    "separator",
    "interfaces",
    "cathode_ionic_start",
    "cathode_ionic_growth",
    "cathode_electronic_start",
    "cathode_electronic_growth",
    "charge_transfer",
)
_LIMITS = np.array(["cutoff", "cathode", "anode"])  # what ends a curve


@cache
def point_fractions(points: int) -> NDArray[np.float64]:
    """Evenly spaced fractions 0 to 1, as a row."""
    grid = np.linspace(0.0, 1.0, points)[None, :]
    grid.setflags(write=False)
    return grid


@lru_cache(maxsize=16)
def _rows(count: int) -> NDArray[np.intp]:
    """Row indices 0 to count - 1 as a column, to pick one or two points of each row."""
    rows = np.arange(count)[:, None]
    rows.setflags(write=False)
    return rows


_AROUND = np.array([[-1, 0]])  # the point before an index and the point at it


def _first_crossing(
    margin: NDArray[np.float64], charge: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.intp]]:
    """Where margin (d, p), falling along each row, first reaches zero: the charge (the row's last
    if it never does), whether it does, and the index of the point after the crossing (1 at
    least). Between the two points the margin is taken linear in the square root of the charge:
    early in a curve the actives' surface lag, and with it the voltage, goes as sqrt(t)."""
    below = margin <= 0.0
    index = below.argmax(axis=1)
    rows = _rows(margin.shape[0])
    reached = below[rows[:, 0], index]
    after = np.where(reached, np.maximum(index, 1), margin.shape[1] - 1)
    pair = after[:, None] + _AROUND
    ends, roots = margin[rows, pair], np.sqrt(charge[rows, pair])
    drop = ends[:, 0] - ends[:, 1]
    part = np.divide(ends[:, 0], drop, out=np.zeros_like(drop), where=drop > 0.0)
    np.clip(part, 0.0, 1.0, out=part)
    crossing = (roots[:, 0] + part * (roots[:, 1] - roots[:, 0])) ** 2
    crossing = np.where(reached & (index == 0), charge[:, 0], crossing)
    return np.where(reached, crossing, charge[:, -1]), reached, after


def _margins(
    batch: _Batch, points: dict[str, Any]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """How far each point is from the end of the curve, falling to 0 there, stacked: the voltage
    above the discharge cut-off (below the charge cut-off) in the first d rows, the Li the
    actives' surfaces can still take (give up) in the next d; and the points' charges, twice."""
    if batch.discharging is True:
        voltage = points["voltage"] - batch.low_V[:, None]
        cathode = batch.parallel.held[:, -1:] - points["surface_held"]
    elif batch.discharging is False:
        voltage = batch.high_V[:, None] - points["voltage"]
        cathode = points["surface_held"] - batch.parallel.held[:, :1]
    else:  # each design its own way: the same differences, signed (exact: a sign is +-1)
        cutoff = _either(batch.discharging, batch.low_V, batch.high_V)[:, None]
        limit = _either(batch.discharging, batch.parallel.held[:, -1], batch.parallel.held[:, 0])
        voltage = batch.sign * (points["voltage"] - cutoff)
        cathode = batch.sign * (limit[:, None] - points["surface_held"])
    charge = points["charge"]
    return np.concatenate((voltage, cathode)), np.concatenate((charge, charge))


def curve_kernel(
    cell: CellInputs, flat: Sequence[NDArray[np.float64]], discharging: Discharging, points: int
) -> dict[str, Any]:
    """The curves of d designs at once: per-design arrays (d,) in, (d, points) out. A first pass
    over all the charge the electrodes allow finds where the curve ends (the cut-off, or the
    cathode's surface or the anode's Li exhausted), a second refines it between the two points
    around it, the last lays the points up to there (compiled when engine/voltage/_passes.c is
    built, else with numpy: the same arithmetic)."""
    batch = start_batch(cell, flat, discharging)
    passes = numpy_passes if compiled is None else compiled_passes
    final, ends = passes(batch, points)
    by_cutoff, by_cathode, cut, emptied, delivered, energy, anode_energy = ends
    anode_first = _either(discharging, batch.anode_li_top < batch.cathode_reach, ~cut)
    limited = _LIMITS[
        np.where(cut & (by_cutoff <= by_cathode), 0, np.where(emptied | ~anode_first, 1, 2))
    ]
    ionic, electronic = batch.ionic_V, batch.electronic_V
    return {
        **final,
        "current": batch.current,
        "temperature": batch.temperature,
        "cutoff": _either(discharging, batch.low_V, batch.high_V),
        "delivered": delivered,
        "open_circuit_capacity": np.maximum(batch.bottom - batch.top, 0.0),
        "theoretical": batch.theoretical,
        "active_mass": batch.active_mass,
        "energy": energy,
        "cathode_energy": energy + anode_energy,
        "limited": limited,
        "loss_terms": dict(
            zip(
                LOSS_TERMS,
                (
                    batch.separator_V,
                    batch.interface_V,
                    *ionic,
                    *electronic,
                    batch.charge_transfer_V,
                ),
                strict=True,
            )
        ),
    }


Ends = tuple[NDArray[Any], ...]  # by_cutoff, by_cathode, cut, emptied, delivered, energy, anode


def numpy_passes(batch: _Batch, points: int) -> tuple[dict[str, Any], Ends]:
    """The three passes over the batch as a whole, with numpy: the final pass's points and where
    each curve ends (the charges where the cut-off and the cathode's surface are reached, whether
    they are, the charge delivered, the energy of the curve and of the counter electrode)."""
    grid = point_fractions(points)
    coarse = point_fractions(coarse_points(points))
    first = batch.at(batch.reach[:, None] * coarse, full=False)
    rows = len(batch.current)
    crossing, reached, after = _first_crossing(*_margins(batch, first))
    by_cutoff, by_cathode = crossing[:rows], crossing[rows:]
    cut, emptied = reached[:rows], reached[rows:]
    # Refine between the two points around the earlier end (the voltage can fall steeply there).
    after = np.where(by_cutoff <= by_cathode, after[:rows], after[rows:])
    roots = np.sqrt(first["charge"][_rows(rows), after[:, None] + _AROUND])
    root_low, root_high = roots[:, :1], roots[:, 1:]
    fine = batch.at((root_low + (root_high - root_low) * REFINE_GRID) ** 2, full=False)
    crossing, reached, _ = _first_crossing(*_margins(batch, fine))
    by_cutoff = np.where(reached[:rows], crossing[:rows], by_cutoff)
    by_cathode = np.where(reached[rows:], crossing[rows:], by_cathode)
    cut, emptied = cut | reached[:rows], emptied | reached[rows:]
    delivered = np.minimum(by_cutoff, by_cathode)
    final = batch.at(delivered[:, None] * grid)
    voltage, anode = final["voltage"], final["anode"]
    step = delivered / (points - 1)
    energy = step * (voltage.sum(axis=1) - 0.5 * (voltage[:, 0] + voltage[:, -1]))
    anode_energy = step * (anode.sum(axis=1) - 0.5 * (anode[:, 0] + anode[:, -1]))
    if anode.shape[1] == 1:  # a flat counter electrode
        anode_energy = anode[:, 0] * delivered
    return final, (by_cutoff, by_cathode, cut, emptied, delivered, energy, anode_energy)


def compiled_passes(batch: _Batch, points: int) -> tuple[dict[str, Any], Ends]:
    """numpy_passes, compiled (engine/voltage/_passes.c): one design at a time, the first two
    passes stopping at the end they find; the same curves to rounding
    (tests/test_compiled_passes.py)."""
    assert compiled is not None
    rows = len(batch.current)
    columns = np.empty((10, rows))  # in the order of the module's COLUMNS
    columns[0] = batch.start
    columns[1] = batch.inverse_reach
    columns[2] = batch.ohmic_slope_V
    columns[3] = batch.constant_V
    columns[4] = batch.reach
    columns[5] = batch.sign if isinstance(batch.sign, float) else batch.sign[:, 0]
    columns[6] = _either(batch.discharging, batch.low_V, batch.high_V)
    columns[7] = _either(batch.discharging, batch.parallel.held[:, -1], batch.parallel.held[:, 0])
    columns[8] = _either(
        batch.discharging, batch.anode_li_top, batch.anode_li_top - (batch.bottom - batch.top)
    )
    columns[9] = np.maximum(batch.anode_full, 1e-300)
    terms = batch.lag_terms
    lag = np.empty((2 * len(terms), rows))
    for i, (steps, weight) in enumerate(terms):
        lag[i], lag[len(terms) + i] = steps[:, 0], weight[:, 0]
    out = np.empty((5, rows, points))
    ends = np.empty((7, rows))
    held = np.ascontiguousarray(batch.parallel.held, dtype=float)
    potentials = np.ascontiguousarray(batch.parallel.potentials, dtype=float)
    arguments = pass_arguments(
        columns, lag, (held, potentials), batch.cell.anode_curve, points, (out, ends)
    )
    _by_rows(arguments, rows)
    final = dict(zip(POINT_ROWS, out, strict=True))
    by_cutoff, by_cathode, cut, emptied, delivered, energy, anode_energy = ends
    return final, (by_cutoff, by_cathode, cut != 0, emptied != 0, delivered, energy, anode_energy)


@cache
def anode_table(curve: OpenCircuitCurve) -> tuple[NDArray[np.float64], NDArray[np.float64], bool]:
    """The counter electrode's curve as the compiled passes read it (lithiation, potential),
    and whether it is flat."""
    lithiation = np.ascontiguousarray(curve.lithiation, dtype=float)
    potential = np.ascontiguousarray(curve.potential_V, dtype=float)
    return lithiation, potential, bool(np.ptp(potential) == 0.0)


def pass_arguments(
    columns: NDArray[np.float64],
    lag: NDArray[np.float64],
    cathode: tuple[NDArray[np.float64], NDArray[np.float64]],
    anode_curve: OpenCircuitCurve,
    points: int,
    outputs: tuple[NDArray[np.float64], NDArray[np.float64]],
) -> tuple[Any, ...]:
    """compiled.passes's arguments in its order: the designs' columns and lag terms, the
    cathode's knots (held, potentials), the counter electrode, the tables and the three passes'
    fractions, and the outputs (points, ends) it writes."""
    _, table_start, table_rise = sphere_lag_segments()
    return (
        columns,
        lag,
        *cathode,
        *anode_table(anode_curve),
        table_start,
        table_rise,
        point_fractions(coarse_points(points)),
        REFINE_GRID,
        point_fractions(points),
        *outputs,
    )


ROWS_PER_THREAD = 256  # a thread of its own for each 256 designs (about 1 ms), up to the cores
ROWS_PER_PART = 64  # rows a thread takes at a time: one held up leaves the rest to the others


def _by_rows(arguments: tuple[Any, ...], rows: int) -> None:
    """compiled.passes over the batch, its rows shared among threads where the batch is large
    enough to pay for them (the module releases the GIL; each call writes only its rows). The
    threads take parts of ROWS_PER_PART rows in turn until none is left, so a thread whose core
    is busy elsewhere (a shared machine) holds up no more than the part it has."""
    assert compiled is not None
    threads = min(_cores(), rows // ROWS_PER_THREAD)
    if threads < 2:
        compiled.passes(*arguments)
        return
    parts = itertools.pairwise([*range(0, rows, ROWS_PER_PART), rows])
    taking = threading.Lock()
    failures: list[Exception] = []
    passes: Callable[..., None] = compiled.passes

    def work() -> None:
        try:
            while True:
                with taking:
                    part = next(parts, None)
                if part is None:
                    return
                passes(*arguments, *part)
        except Exception as error:  # noqa: BLE001 (raised again in the calling thread)
            failures.append(error)

    helpers = [threading.Thread(target=work, daemon=True) for _ in range(threads - 1)]
    for helper in helpers:
        helper.start()
    work()
    for helper in helpers:
        helper.join()
    if failures:
        raise failures[0]


@cache
def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def coarse_points(points: int) -> int:
    """The first pass's points: enough to find the end between two of them."""
    return max(FIRST_PASS_POINTS, points // 4)
