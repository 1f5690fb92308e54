"""A discharge or charge curve and what is read off it: capacity, energy, mean voltages, the
loss of each cause, specific energy and power on a rung of the ladder."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from engine.design import SCALAR, Num
from engine.physics.kinetics import c_rate_current_mA_cm2
from engine.voltage import solver
from engine.voltage.inputs import CellInputs
from engine.voltage.single import single_kernel
from engine.voltage.solver import curve_kernel

if TYPE_CHECKING:
    from engine.results import Results

DEFAULT_POINTS = 256
NUMBER_TYPES = {float, int, np.float64}  # what one design's inputs are (else arrays: a batch)
LOSS_KEYS = (
    "separator",
    "interfaces",
    "cathode_ionic",
    "cathode_electronic",
    "charge_transfer",
    "transport_limit",
)


@dataclass(frozen=True)
class VoltageCurve:
    """A discharge or charge curve at a C-rate and temperature, or a batch of them.

    Arrays of points have the batch's shape plus one axis of points (for one design: (points,));
    per-curve numbers have the batch's shape (a float for one design). capacity_mAh_cm2 is the
    charge passed from the start (top of charge for a discharge, end of discharge for a charge),
    per cm2 of one unit cell; the curve ends at the cut-off voltage, or where an electrode is
    exhausted (limited_by says which: "cutoff", "cathode" or "anode").
    """

    direction: str
    c_rate: Num
    c_rate_basis: str
    temperature_C: Num
    current_mA_cm2: Num
    cutoff_V: Num  # the end's cut-off: discharge cut-off on discharge, charge cut-off on charge
    capacity_mAh_cm2: NDArray[np.float64]
    voltage_V: NDArray[np.float64]
    open_circuit_V: NDArray[np.float64]  # the cell's at the same state of charge, at rest
    anode_potential_V: NDArray[np.float64]  # vs Li+/Li
    depth_fraction: NDArray[np.float64]  # s: the share of the cathode's reach passed, 0 to 1
    loss_terms: dict[str, Num] = field(repr=False, compare=False)  # solver.LOSS_TERMS
    delivered_mAh_cm2: Num
    open_circuit_mAh_cm2: Num  # between the same cut-offs at rest
    theoretical_mAh_cm2: Num  # the cathode actives' whole lithiation range
    active_mass_mg_cm2: Num
    energy_mWh_cm2: Num  # integral of V dQ
    cathode_energy_mWh_cm2: Num  # integral of the cathode potential vs Li+/Li dQ
    limited_by: Any  # str, or an array of str for a batch
    results: Results | None = field(repr=False, compare=False)

    @property
    def cathode_potential_V(self) -> NDArray[np.float64]:
        """The cathode vs Li+/Li under current: V + the counter electrode's potential."""
        return self.voltage_V + self.anode_potential_V

    @cached_property
    def losses(self) -> dict[str, NDArray[np.float64]]:
        """The voltage lost to each cause at every point (LOSS_KEYS, V, >= 0): the open-circuit
        voltage less the voltage is their sum (on a charge, the voltage less the open-circuit
        voltage). The transport limit is what the others leave: the actives' surfaces ahead of
        their mean lithiation."""
        terms, depth = self.loss_terms, self.depth_fraction
        shape = self.voltage_V.shape
        separator = np.broadcast_to(terms["separator"], shape)
        interfaces = np.broadcast_to(terms["interfaces"], shape)
        charge_transfer = np.broadcast_to(terms["charge_transfer"], shape)
        ionic = terms["cathode_ionic_start"] + terms["cathode_ionic_growth"] * depth
        electronic = terms["cathode_electronic_start"] + terms["cathode_electronic_growth"] * depth
        gap = self.open_circuit_V - self.voltage_V
        if self.direction == "charge":
            gap = -gap
        return {
            "separator": separator,
            "interfaces": interfaces,
            "cathode_ionic": ionic,
            "cathode_electronic": electronic,
            "charge_transfer": charge_transfer,
            "transport_limit": gap - separator - interfaces - ionic - electronic - charge_transfer,
        }

    @property
    def average_voltage_V(self) -> Num:
        """Energy over capacity (with no capacity, the voltage at the start under current)."""
        return _ratio(self.energy_mWh_cm2, self.delivered_mAh_cm2, self.voltage_V[..., 0])

    @property
    def average_cathode_potential_V(self) -> Num:
        return _ratio(
            self.cathode_energy_mWh_cm2, self.delivered_mAh_cm2, self.cathode_potential_V[..., 0]
        )

    @property
    def duration_h(self) -> Num:
        return _ratio(self.delivered_mAh_cm2, self.current_mA_cm2, math.inf)

    @property
    def power_mW_cm2(self) -> Num:
        """The mean power of the discharge, E / t = I x mean voltage (0 if none is delivered)."""
        power = np.where(
            np.asarray(self.delivered_mAh_cm2) > 0.0,
            self.current_mA_cm2 * self.average_voltage_V,
            0.0,
        )
        return float(power) if power.ndim == 0 else power

    @property
    def utilization(self) -> Num:
        """Delivered over the actives' theoretical capacity (Hao et al. 2021's 'utilization')."""
        return _ratio(self.delivered_mAh_cm2, self.theoretical_mAh_cm2, 0.0)

    @property
    def accessible_fraction(self) -> Num:
        """Delivered over what the same cut-offs give at rest: the share transport leaves."""
        return _ratio(self.delivered_mAh_cm2, self.open_circuit_mAh_cm2, 0.0)

    @property
    def specific_capacity_mAh_g(self) -> Num:
        """Per gram of the cathode's actives as made (Li 2021, Hao 2021, Pan 2023 quote so)."""
        return _ratio(self.delivered_mAh_cm2 * 1000.0, self.active_mass_mg_cm2, 0.0)

    def specific(self, rung: str = "cell") -> dict[str, Num]:
        """Energy and power per mass and volume on a rung of the ladder (rungs 1 and 2 with the
        cathode's potential vs Li+/Li, as the ladder counts them; 3 to 6 the cell voltage):
        wh_per_kg, wh_per_l, w_per_kg, w_per_l, energy_Wh, power_W."""
        if self.results is None:
            raise ValueError("a curve of a cell without its evaluation has no ladder to read")
        step = self.results.rung(rung)
        per_cell = self.results.area_cm2 * self.results.unit_cells / 1000.0
        if step.level <= 2:
            energy, voltage = self.cathode_energy_mWh_cm2, self.average_cathode_potential_V
        else:
            energy, voltage = self.energy_mWh_cm2, self.average_voltage_V
        energy_Wh = energy * per_cell
        delivered = np.asarray(self.delivered_mAh_cm2) > 0.0
        power = np.where(delivered, self.current_mA_cm2 * voltage * per_cell, 0.0)  # E / t
        power_W: Num = float(power) if np.ndim(power) == 0 else power
        return {
            "energy_Wh": energy_Wh,
            "power_W": power_W,
            "wh_per_kg": energy_Wh / step.mass_g * 1000.0,
            "wh_per_l": energy_Wh / step.volume_cm3 * 1000.0,
            "w_per_kg": power_W / step.mass_g * 1000.0,
            "w_per_l": power_W / step.volume_cm3 * 1000.0,
        }

    def losses_at(self, capacity_mAh_cm2: float) -> dict[str, float]:
        """The voltage lost to each cause at a point of the curve (one design's curve)."""
        if self.capacity_mAh_cm2.ndim != 1:
            raise ValueError("losses_at reads one design's curve, not a batch")
        return {
            key: float(np.interp(capacity_mAh_cm2, self.capacity_mAh_cm2, value))
            for key, value in self.losses.items()
        }


def _ratio(numerator: Num, denominator: Num, fallback: Num) -> Num:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(
            np.asarray(denominator) > 0.0, numerator / np.maximum(denominator, 1e-300), fallback
        )
    return float(out) if np.ndim(out) == 0 else out


def voltage_curve(
    cell: CellInputs,
    direction: str,
    c_rate: Num,
    c_rate_basis: str,
    points: int = DEFAULT_POINTS,
    results: Results | None = None,
) -> VoltageCurve:
    """The discharge (or charge) curve of a cell at a C-rate (0: at rest). Broadcasts over the
    cell's arrays and an array of C-rates.

    cell: the cell's inputs (engine/evaluate/curve.py builds them from an evaluation).
    direction: "discharge" (from top of charge) or "charge" (from the end of discharge).
    c_rate: 1/h of the capacity c_rate_basis names ("theoretical": the actives' whole range;
        "practical": the cathode's practical capacity).
    points: points per curve (>= 2), evenly spaced in charge.
    results: the evaluation the cell came from, if any (VoltageCurve.specific reads its ladder).
    """
    _check(direction, points)
    per_design = _per_design(cell, c_rate, c_rate_basis)
    discharging = direction == "discharge"
    if set(map(type, per_design)) <= NUMBER_TYPES:  # one design
        shape: tuple[int, ...] = ()
        if solver.compiled is not None:
            core = single_kernel(cell, list(map(float, per_design)), discharging, points)
        else:  # rows of one
            flat = list(np.array(per_design, dtype=float).reshape(-1, 1))
            core = curve_kernel(cell, flat, discharging, points)
    else:
        shape = np.broadcast_shapes(*(np.shape(v) for v in per_design))
        flat = [np.broadcast_to(np.asarray(v, dtype=float), shape).reshape(-1) for v in per_design]
        core = curve_kernel(cell, flat, discharging, points)
    return _assemble(core, shape, points, direction, c_rate, c_rate_basis, results)


def voltage_curves(
    cell: CellInputs,
    wanted: list[tuple[str, Num]],
    c_rate_basis: str,
    points: int = DEFAULT_POINTS,
    results: Results | None = None,
) -> list[VoltageCurve]:
    """Several curves of one design in one call of the solver (each design of the batch its own
    direction): for each (direction, C-rate) wanted, the curve voltage_curve gives, a C-rate
    array giving a batch of curves along it. The cell's values must be numbers (one design)."""
    for direction, _rate in wanted:
        _check(direction, points)
    rates = [np.atleast_1d(np.asarray(rate, dtype=float)) for _direction, rate in wanted]
    if any(rate.ndim != 1 for rate in rates):
        raise ValueError("each C-rate is a number or a 1-D array")
    all_rates = np.concatenate(rates)
    per_design = _per_design(cell, all_rates, c_rate_basis)
    if not all(isinstance(v, SCALAR) for v in per_design[1:]):
        raise ValueError("voltage_curves takes one design; voltage_curve takes a batch")
    flat = list(np.empty((len(per_design), all_rates.size)))  # a row per input (few rates)
    for row, value in zip(flat, per_design, strict=True):
        row[...] = value
    discharging = np.concatenate(
        [
            np.full(rate.size, direction == "discharge")
            for (direction, _), rate in zip(wanted, rates, strict=True)
        ]
    )
    core = curve_kernel(cell, flat, discharging, points)
    curves, start = [], 0
    for (direction, rate), its in zip(wanted, rates, strict=True):
        rows = slice(start, start + its.size)
        start += its.size
        shape = () if np.ndim(rate) == 0 else (its.size,)
        curves.append(
            _assemble(_rows(core, rows), shape, points, direction, rate, c_rate_basis, results)
        )
    return curves


def compiled_disagreement(cell: CellInputs, points: int = DEFAULT_POINTS) -> float | None:
    """How far, in volts, the compiled passes' discharge and charge of one design at 1C (on the
    theoretical capacity) are from numpy's: rounding at most, else the compiled module is broken
    (main.py --self-test asks). None when the passes are not compiled here."""
    if solver.compiled is None:
        return None
    per_design = _per_design(cell, np.ones(2), "theoretical")
    flat = [np.broadcast_to(np.asarray(v, dtype=float), (2,)) for v in per_design]
    batch = solver.start_batch(cell, flat, np.array([True, False]))
    numpy_points, numpy_ends = solver.numpy_passes(batch, points)
    compiled_points, compiled_ends = solver.compiled_passes(batch, points)
    gaps = [
        np.abs(numpy_points[key] - compiled_points[key]).max()
        for key in ("voltage", "open_circuit", "anode")
    ]
    delivered = np.maximum(numpy_ends[4], 1e-300)
    for numpy_energy, compiled_energy in zip(numpy_ends[-2:], compiled_ends[-2:], strict=True):
        gaps.append((np.abs(numpy_energy - compiled_energy) / delivered).max())  # mWh/mAh: V
    return float(max(gaps))


def _check(direction: str, points: int) -> None:
    if direction not in ("discharge", "charge"):
        raise ValueError(f"direction must be 'discharge' or 'charge', not {direction!r}")
    if points < 2:
        raise ValueError("a curve needs at least two points")


def _per_design(cell: CellInputs, c_rate: Num, c_rate_basis: str) -> list[Num]:
    """The solver's per-design inputs in its order: the current at the C-rate, the resistances,
    the temperature, the anode's capacities and potential, the cut-offs, the active mass, the
    interphases, and each active's capacity, diffusion time and exchange current."""
    theoretical: Num = 0.0
    for active in cell.actives:
        theoretical = theoretical + active.capacity_mAh_cm2
    reference = theoretical if c_rate_basis == "theoretical" else cell.practical_mAh_cm2
    per_design: list[Num] = [
        c_rate_current_mA_cm2(c_rate, reference),
        cell.separator_asr,
        cell.ionic_asr,
        cell.electronic_asr,
        cell.temperature_C,
        cell.anode_full_mAh_cm2,
        cell.anode_li_made_mAh_cm2,
        cell.anode_nominal_V,
        cell.cutoff_low_V,
        cell.cutoff_high_V,
        cell.active_mass_mg_cm2,
        cell.interface_asr,
    ]
    for active in cell.actives:
        per_design += [active.capacity_mAh_cm2, active.diffusion_time_s, active.exchange_mA_cm2]
    return per_design


def _rows(core: dict[str, Any], rows: slice) -> dict[str, Any]:
    """The solver's output for some designs of its batch (a slice of rows)."""
    return {
        key: {k: v[rows] for k, v in value.items()} if isinstance(value, dict) else value[rows]
        for key, value in core.items()
    }


# VoltageCurve's fields as the solver's output names them: one number per curve, and a row of
# points per curve (_passes.c's rows).
PER_CURVE = {
    "temperature_C": "temperature",
    "current_mA_cm2": "current",
    "cutoff_V": "cutoff",
    "delivered_mAh_cm2": "delivered",
    "open_circuit_mAh_cm2": "open_circuit_capacity",
    "theoretical_mAh_cm2": "theoretical",
    "active_mass_mg_cm2": "active_mass",
    "energy_mWh_cm2": "energy",
    "cathode_energy_mWh_cm2": "cathode_energy",
}
PER_POINT = {
    "capacity_mAh_cm2": "charge",
    "voltage_V": "voltage",
    "open_circuit_V": "open_circuit",
    "depth_fraction": "depth",
}


def _assemble(
    core: dict[str, Any],
    shape: tuple[int, ...],
    points: int,
    direction: str,
    rate: Num,
    basis: str,
    results: Results | None,
) -> VoltageCurve:
    """The curve of the solver's output: for one design (shape ()) single_kernel's numbers and
    rows of points, or a batch's row of one; else the batch's rows, in the batch's shape."""
    if not shape:
        if not isinstance(core["limited"], str):
            core = _one_of_batch(core)
        fields = {name: core[key] for name, key in PER_CURVE.items()}
        fields.update((name, core[key]) for name, key in PER_POINT.items())
        anode, loss_terms, limited = core["anode"], core["loss_terms"], core["limited"]
    else:
        fields = {name: np.asarray(core[key]).reshape(shape) for name, key in PER_CURVE.items()}
        fields.update(
            (name, np.ascontiguousarray(core[key]).reshape((*shape, points)))
            for name, key in PER_POINT.items()
        )
        anode = core["anode"].reshape((*shape, core["anode"].shape[1]))
        loss_terms = {k: v.reshape((*shape, 1)) for k, v in core["loss_terms"].items()}
        limited = np.asarray(core["limited"]).reshape(shape)
    point_shape = (*shape, points)
    return VoltageCurve(
        direction=direction,
        c_rate=rate,
        c_rate_basis=basis,
        anode_potential_V=anode
        if anode.shape == point_shape
        else np.broadcast_to(anode, point_shape),
        loss_terms=loss_terms,
        limited_by=limited,
        results=results,
        **fields,
    )


def _one_of_batch(core: dict[str, Any]) -> dict[str, Any]:
    """A batch's row of one in single_kernel's format: numbers, and a row of each kind of
    point."""
    return {
        **{key: float(core[key][0]) for key in PER_CURVE.values()},
        **{key: np.ascontiguousarray(core[key][0]) for key in solver.POINT_ROWS},
        "limited": str(np.asarray(core["limited"]).reshape(-1)[0]),
        "loss_terms": {key: float(value[0]) for key, value in core["loss_terms"].items()},
    }
