"""The cell voltage under current: one relation per function, and the discharge and charge curves
they make, vectorised over a batch of designs (docs/voltage-model.md states the whole model).

    V(q) = E_c,surface(q) - E_a(q) - I A_sep - I A_ion r_ion(s) - I A_el r_el(s) - eta_ct(I)

on discharge (on charge the losses add). q is the charge passed (mAh/cm2 of one unit cell),
s = q / Q_avail the depth reached in the cathode, I the current density (mA/cm2).

- Open circuit (engine/ocv.py): the actives of a cathode discharge in parallel, each in
  equilibrium with the one electrode potential E: the Li the cathode holds is
  N(E) = sum_i Q_i y_i(E), read backwards for E at a given charge. The counter electrode's
  potential E_a (Li 0 V, Li-In 0.62 V, graphite and Si curves) is subtracted.
- Transport limit: each active is a sphere of radius R fed at the surface; its surface runs
  ahead of its mean lithiation by the lag of sphere_surface_lag (diffusion time R^2 / D), and
  the electrode potential is that of the surface: the host fills (and the discharge ends)
  before the mean does. The lag of every active, as charge, shifts the parallel curve.
- Ohmic: the separator's ASR (engine/transport.py, at the operating temperature), and the
  cathode's ionic and electronic ASRs weighted by where the reaction runs: uniformly (1/3 of
  each) when the layer conducts well against what levels the reaction (charge transfer, and the
  open-circuit slope), as a front from one face when it does not (reaction_front_weight).
- Charge transfer: Butler-Volmer, symmetric, on the actives' surface area.
- Temperature acts through Arrhenius on the conductivities, the diffusivities and the exchange
  currents, each with its activation energy from the library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.design import Design, Num
from engine.materials import Library, Material
from engine.ocv import OpenCircuitCurve, lithiation_at_potential
from engine.problems import DesignError, Problem
from engine.results import Results
from engine.transport import REFERENCE_TEMPERATURE_C, ZERO_CELSIUS_K, BOLTZMANN_eV_K

# CODATA 2018 (codata2018), exact in the 2019 SI.
FARADAY_C_MOL = 96485.33212
GAS_CONSTANT_J_MOL_K = 8.314462618
SECONDS_PER_HOUR = 3600.0
CM_PER_UM = 1e-4
DEFAULT_POINTS = 256
FIRST_PASS_POINTS = 64  # the pass that finds where a curve ends (crossings linear between)
REFINE_GRID = np.linspace(0.0, 1.0, 33)[None, :]  # then between the two points around the end
LOSS_KEYS = (
    "separator",
    "cathode_ionic",
    "cathode_electronic",
    "charge_transfer",
    "transport_limit",
)
# The library values the curve of a cathode active needs (docs/materials.md).
KINETIC_KEYS = (
    "particle_radius_um",
    "diffusivity_cm2_s",
    "diffusion_activation_energy_eV",
    "exchange_current_mA_cm2",
    "exchange_activation_energy_eV",
)
# A layer with no connected path: its resistance is taken as this (finite, so curves stay finite).
NO_PATH_ASR_OHM_CM2 = 1e12


# --- one relation per function ----------------------------------------------------------------


def arrhenius_value(
    value_at_reference: Num,
    activation_energy_eV: Num,
    temperature_C: Num,
    reference_temperature_C: Num = REFERENCE_TEMPERATURE_C,
) -> Num:
    """A thermally activated quantity at another temperature (a diffusivity, an exchange current).

    x(T) = x(T_ref) exp(-(E_a / k_B) (1/T - 1/T_ref)), temperatures in kelvin.

    value_at_reference: x(T_ref), in its own unit (cm2/s, mA/cm2).
    activation_energy_eV: E_a, eV (>= 0: x never falls with temperature).
    temperature_C: T, degrees Celsius.
    reference_temperature_C: T_ref, degrees Celsius (25, the library's).
    Source: the Arrhenius law as engine/transport.py applies it to conductivities (seed 002 L98
    quotes E_a in this form); k_B = 8.617333262e-5 eV/K (CODATA 2018).
    """
    exponent = (activation_energy_eV / BOLTZMANN_eV_K) * (
        1.0 / (reference_temperature_C + ZERO_CELSIUS_K) - 1.0 / (temperature_C + ZERO_CELSIUS_K)
    )
    return value_at_reference * np.exp(exponent)


def c_rate_current_mA_cm2(c_rate_per_h: Num, capacity_mAh_cm2: Num) -> Num:
    """The current density of a C-rate: I = c Q.

    c_rate_per_h: c, 1/h (1C empties the capacity in an hour).
    capacity_mAh_cm2: Q, the capacity the C-rate refers to, mAh/cm2 (theoretical or practical:
        the design's operating.c_rate_basis; seed 001 defines 1C = 409 mA/g, the theoretical).
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


@cache
def _sphere_lag_table() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """g(theta) = 1/5 - 2 sum_n exp(-a_n^2 theta) / a_n^2 on a grid of sqrt(theta), 0 to 2.

    The series (3000 terms) for sqrt(theta) >= 1e-3; below, its early-time limit 2 sqrt(theta /
    pi) (the plane sheet: a thin shell under the surface fills first). Above sqrt(theta) = 2 the
    exponentials are below 1e-34 and g is 1/5.
    """
    roots = _tan_roots(3000)
    root = np.linspace(0.0, 2.0, 2001)
    theta = root**2
    series = 0.2 - 2.0 * np.sum(np.exp(-np.outer(theta, roots**2)) / roots**2, axis=1)
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
    return (c_rate_per_h * diffusion_time_s / 10800.0) * _sphere_lag_shape(np.sqrt(theta))


@cache
def _sphere_lag_segments() -> tuple[float, NDArray[np.float64], NDArray[np.float64]]:
    """The table of _sphere_lag_table as its even spacing, each segment's start and its rise
    over one segment."""
    table_root, table_lag = _sphere_lag_table()
    return float(table_root[1] - table_root[0]), table_lag[:-1].copy(), np.diff(table_lag)


def _sphere_lag_shape(root_theta: NDArray[np.float64], scale: Num = 1.0) -> NDArray[np.float64]:
    """g(theta) of sphere_surface_lag at sqrt(theta) = root_theta * scale: linear between the
    points of its evenly spaced table (indexed directly, faster than a search), 1/5 beyond."""
    spacing, start, rise = _sphere_lag_segments()
    position = np.atleast_1d(np.multiply(root_theta, np.divide(scale, spacing)))
    np.minimum(position, len(start) - 1e-9, out=position)
    index = position.astype(np.intp)
    position -= index
    value = rise[index]
    value *= position
    value += start[index]
    return value if np.ndim(root_theta) or np.ndim(scale) else value[0]


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
    asr_ohm_cm2: ASR, ohm cm2 (engine/transport.py).
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
    nu = np.sqrt(np.asarray(transport_asr_ohm_cm2 / leveling_asr_ohm_cm2, dtype=float))
    small = nu < 1e-4
    nu_safe = np.where(small, 1.0, nu)
    return np.where(small, nu**2 / 3.0, 1.0 - np.tanh(nu_safe) / nu_safe)


def electrode_path_fractions(
    front_weight: Num, depth_fraction: Num, ionic_ahead: Num
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
    return np.where(ionic_ahead, poorer, better), np.where(ionic_ahead, better, poorer)


# --- the cell's inputs, resolved from a design's results ------------------------------------


@dataclass(frozen=True)
class _Active:
    curve: OpenCircuitCurve
    capacity_mAh_cm2: Num  # theoretical: the whole lithiation range
    lithiation_made: float
    diffusion_time_s: Num
    exchange_mA_cm2: Num  # per cm2 of electrode


@dataclass(frozen=True)
class _Cell:
    """Everything a curve needs, per cm2 of one unit cell, arrays broadcast to one shape."""

    actives: tuple[_Active, ...]
    separator_asr: Num
    ionic_asr: Num
    electronic_asr: Num
    temperature_C: Num
    anode_curve: OpenCircuitCurve
    anode_full_mAh_cm2: Num  # the anode actives' theoretical capacity (curve anodes)
    anode_li_made_mAh_cm2: Num  # the Li the anode holds as built
    anode_nominal_V: Num
    cutoff_low_V: Num
    cutoff_high_V: Num
    practical_mAh_cm2: Num
    active_mass_mg_cm2: Num


def _material_value(material: Material, key: str, path: str, problems: list[Problem]) -> float:
    value = material.get(key)
    if value is None:
        problems.append(
            Problem(path, f"{material.id!r} has no {key} in the library; a voltage curve needs it")
        )
        return math.nan
    return value


def curve_problems(design: Design, library: Library) -> list[Problem]:
    """What keeps a design from having a voltage curve: actives without an open-circuit curve or
    the kinetic values of KINETIC_KEYS (each with the field path of the component)."""
    problems: list[Problem] = []
    for i, component in enumerate(design.cathode.components):
        if component.material not in library:
            continue
        material = library[component.material]
        if not material.is_active:
            continue
        path = f"cathode.components[{i}].material"
        curve = library.open_circuit_curve(material.id)
        if curve is None:
            problems.append(Problem(path, f"{material.id!r} has no open-circuit curve"))
        elif not curve.strictly_falling:
            problems.append(Problem(path, f"{material.id!r}: its curve is flat"))
        for key in KINETIC_KEYS:
            _material_value(material, key, path, problems)
    anode_ids = [c.material for c in design.anode.components]
    if design.anode.kind in ("li_metal", "anode_free"):
        anode_ids = ["Li"]
    for i, material_id in enumerate(anode_ids):
        active = material_id in library and library[material_id].is_active
        if active and library.open_circuit_curve(material_id) is None:
            problems.append(
                Problem(
                    f"anode.components[{i}].material",
                    f"{material_id!r} has no open-circuit curve",
                )
            )
    return problems


def _cell(results: Results) -> _Cell:
    design, library = results.design, results.library
    problems = curve_problems(design, library)
    if problems:
        raise DesignError(problems)
    temperature = design.operating.temperature_C
    cathode = results.layer("cathode")
    actives = []
    active_mass: Num = 0.0
    cutoffs_low, cutoffs_high = [], []
    for component, part in zip(design.cathode.components, cathode.components, strict=True):
        material = library[component.material]
        if not material.is_active:
            continue
        curve = library.open_circuit_curve(material.id)
        assert curve is not None
        assert curve.cutoff_low_V is not None
        assert curve.cutoff_high_V is not None
        radius = (
            material.value("particle_radius_um")
            if component.particle_radius_um is None
            else component.particle_radius_um
        )
        diffusivity = arrhenius_value(
            material.value("diffusivity_cm2_s"),
            material.value("diffusion_activation_energy_eV"),
            temperature,
        )
        exchange = arrhenius_value(
            material.value("exchange_current_mA_cm2"),
            material.value("exchange_activation_energy_eV"),
            temperature,
        ) * active_surface_area_cm2_cm2(part.solid_volume_um, radius)
        r_d = material.mass_ratio("delithiated")
        r_l = material.mass_ratio("lithiated")
        made = (
            (1.0 if material.as_made == "lithiated" else 0.0)
            if r_l == r_d
            else (1.0 - r_d) / (r_l - r_d)
        )
        actives.append(
            _Active(
                curve=curve,
                capacity_mAh_cm2=part.mass_mg_cm2
                * material.value("capacity_theoretical_mAh_g")
                / 1000.0,
                lithiation_made=made,
                diffusion_time_s=diffusion_time_s(radius, diffusivity),
                exchange_mA_cm2=exchange,
            )
        )
        active_mass = active_mass + part.mass_mg_cm2
        cutoffs_low.append(curve.cutoff_low_V.value)
        cutoffs_high.append(curve.cutoff_high_V.value)

    anode = design.anode
    anode_layer = results.layer("anode")
    anode_full: Num = 0.0
    if anode.kind in ("li_metal", "anode_free"):
        anode_curve = library.open_circuit_curve("Li")
    else:
        anode_curve = None  # several actives in one anode: the first one's curve is read
        for component, part in zip(anode.components, anode_layer.components, strict=True):
            material = library[component.material]
            if material.is_active:
                anode_curve = anode_curve or library.open_circuit_curve(material.id)
                anode_full = anode_full + part.mass_mg_cm2 * (
                    material.get("capacity_theoretical_mAh_g") or 0.0
                )
        anode_full = anode_full / 1000.0
    assert anode_curve is not None
    nominal = results.anode_voltage_V
    operating = design.operating
    low = (
        min(cutoffs_low) - nominal
        if operating.discharge_cutoff_V is None
        else operating.discharge_cutoff_V
    )
    high = (
        max(cutoffs_high) - nominal
        if operating.charge_cutoff_V is None
        else operating.charge_cutoff_V
    )

    def finite(asr: Num) -> Num:
        return np.minimum(asr, NO_PATH_ASR_OHM_CM2)

    return _Cell(
        actives=tuple(actives),
        separator_asr=finite(results.separator_asr_ohm_cm2),
        ionic_asr=finite(results.cathode_ionic_asr_ohm_cm2),
        electronic_asr=finite(results.cathode_electronic_asr_ohm_cm2),
        temperature_C=temperature,
        anode_curve=anode_curve,
        anode_full_mAh_cm2=anode_full,
        anode_li_made_mAh_cm2=results.intermediates["anode_li_source"],
        anode_nominal_V=nominal,
        cutoff_low_V=low,
        cutoff_high_V=high,
        practical_mAh_cm2=results.cathode_capacity_practical_mAh_cm2,
        active_mass_mg_cm2=active_mass,
    )


# --- the parallel open-circuit curve of a cathode ---------------------------------------------


@cache
def _knots(curves: tuple[OpenCircuitCurve, ...]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The union of the actives' tabulated potentials (falling) and each active's lithiation at
    each of them: between these knots every y_i(E), and so N(E), is linear in E."""
    potentials = np.unique(np.concatenate([c.potential_V for c in curves]))[::-1]
    lithiation = np.stack([np.interp(-potentials, -c.potential_V, c.lithiation) for c in curves])
    return potentials, lithiation


@dataclass(frozen=True)
class _Parallel:
    """N(E) = sum_i Q_i y_i(E) at the knots, per design (d, g), and the knots' potentials."""

    curves: tuple[OpenCircuitCurve, ...]
    potentials: NDArray[np.float64]  # (g,), falling
    held: NDArray[np.float64]  # (d, g), rising: Li held by the cathode, mAh/cm2
    capacity: NDArray[np.float64]  # (d, m): each active's theoretical capacity, mAh/cm2

    @cached_property
    def _lifted(self) -> tuple[NDArray[np.float64], ...]:
        """The rows of N(E) lifted each by its own offset, so that one np.interp reads them all
        (row-wise interpolation): the offsets, the lifted knots, their potentials."""
        rows = self.held.shape[0]
        span = float(np.max(self.held[:, -1] - self.held[:, 0])) if rows else 0.0
        offset = (np.arange(rows, dtype=float) * (2.0 * span + 1.0))[:, None]
        knots = (self.held + offset).ravel()
        values = np.broadcast_to(self.potentials, self.held.shape).ravel()
        return offset, knots, values

    def potential_at(
        self, held_mAh_cm2: NDArray[np.float64], within: bool = False
    ) -> NDArray[np.float64]:
        """E (vs Li+/Li) at which the cathode holds the given Li: rows (d, p); beyond a row's
        range the end potential holds (within: the caller knows the Li is in range)."""
        offset, knots, values = self._lifted
        if within:
            queries = held_mAh_cm2 + offset
        else:
            queries = np.maximum(held_mAh_cm2, self.held[:, :1])
            np.minimum(queries, self.held[:, -1:], out=queries)
            queries += offset
        return np.interp(queries.ravel(), knots, values).reshape(held_mAh_cm2.shape)

    def held_at(self, potential_V: NDArray[np.float64]) -> NDArray[np.float64]:
        """N, the Li the cathode holds at rest at a potential (d,) vs Li+/Li, one per design."""
        held = np.zeros_like(potential_V)
        for i, curve in enumerate(self.curves):
            held = held + self.capacity[:, i] * lithiation_at_potential(curve, potential_V)
        return held


# --- the curve ---------------------------------------------------------------------------------


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
    loss_terms: dict[str, NDArray[np.float64]] = field(repr=False, compare=False)
    delivered_mAh_cm2: Num
    open_circuit_mAh_cm2: Num  # between the same cut-offs at rest
    theoretical_mAh_cm2: Num  # the cathode actives' whole lithiation range
    active_mass_mg_cm2: Num
    energy_mWh_cm2: Num  # integral of V dQ
    cathode_energy_mWh_cm2: Num  # integral of the cathode potential vs Li+/Li dQ
    limited_by: Any  # str, or an array of str for a batch
    results: Results = field(repr=False, compare=False)

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
        charge_transfer = np.broadcast_to(terms["charge_transfer"], shape)
        ionic = terms["cathode_ionic_start"] + terms["cathode_ionic_growth"] * depth
        electronic = terms["cathode_electronic_start"] + terms["cathode_electronic_growth"] * depth
        gap = self.open_circuit_V - self.voltage_V
        if self.direction == "charge":
            gap = -gap
        return {
            "separator": separator,
            "cathode_ionic": ionic,
            "cathode_electronic": electronic,
            "charge_transfer": charge_transfer,
            "transport_limit": gap - separator - ionic - electronic - charge_transfer,
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
        """Delivered over the actives' theoretical capacity (seed 001's 'utilization')."""
        return _ratio(self.delivered_mAh_cm2, self.theoretical_mAh_cm2, 0.0)

    @property
    def accessible_fraction(self) -> Num:
        """Delivered over what the same cut-offs give at rest: the share transport leaves."""
        return _ratio(self.delivered_mAh_cm2, self.open_circuit_mAh_cm2, 0.0)

    @property
    def specific_capacity_mAh_g(self) -> Num:
        """Per gram of the cathode's actives as made (seeds 000, 001, 003 quote it so)."""
        return _ratio(self.delivered_mAh_cm2 * 1000.0, self.active_mass_mg_cm2, 0.0)

    def specific(self, rung: str = "cell") -> dict[str, Num]:
        """Energy and power per mass and volume on a rung of the ladder (rungs 1 and 2 with the
        cathode's potential vs Li+/Li, as the ladder counts them; 3 to 6 the cell voltage):
        wh_per_kg, wh_per_l, w_per_kg, w_per_l, energy_Wh, power_W."""
        step = self.results.rung(rung)
        per_cell = self.results.area_cm2 * self.results.unit_cells / 1000.0
        if step.level <= 2:
            energy, voltage = self.cathode_energy_mWh_cm2, self.average_cathode_potential_V
        else:
            energy, voltage = self.energy_mWh_cm2, self.average_voltage_V
        energy_Wh = energy * per_cell
        delivered = np.asarray(self.delivered_mAh_cm2) > 0.0
        power_W = np.where(delivered, self.current_mA_cm2 * voltage * per_cell, 0.0)  # E / t
        if np.ndim(power_W) == 0:
            power_W = float(power_W)
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


def _first_crossing(
    margin: NDArray[np.float64], charge: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.intp]]:
    """Where margin (d, p), falling along each row, first reaches zero: the charge (the row's last
    if it never does), whether it does, and the index of the point after the crossing (1 at
    least). Between the two points the margin is taken linear in the square root of the charge:
    early in a curve the actives' surface lag, and with it the voltage, goes as sqrt(t)."""
    below = margin <= 0.0
    index = np.argmax(below, axis=1)
    reached = below.any(axis=1)
    rows = np.arange(margin.shape[0])
    after = np.where(reached, np.maximum(index, 1), margin.shape[1] - 1)
    m0, m1 = margin[rows, after - 1], margin[rows, after]
    r0, r1 = np.sqrt(charge[rows, after - 1]), np.sqrt(charge[rows, after])
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(m0 - m1 > 0.0, m0 / (m0 - m1), 0.0)
    crossing = (r0 + np.clip(part, 0.0, 1.0) * (r1 - r0)) ** 2
    crossing = np.where(reached & (index == 0), charge[:, 0], crossing)
    return np.where(reached, crossing, charge[:, -1]), reached, after


def curve_from_results(
    results: Results,
    direction: str = "discharge",
    c_rate: Num | None = None,
    points: int = DEFAULT_POINTS,
) -> VoltageCurve:
    """The discharge (or charge) curve of an evaluated design at a C-rate (None: the design's
    operating.c_rate, on its c_rate_basis; 0: at rest) and at the temperature the design was
    evaluated at, with the library it was evaluated with. Broadcasts over the design's arrays
    and an array of C-rates."""
    if direction not in ("discharge", "charge"):
        raise ValueError(f"direction must be 'discharge' or 'charge', not {direction!r}")
    if points < 2:
        raise ValueError("a curve needs at least two points")
    design = results.design
    cell = _cell(results)
    rate = design.operating.c_rate if c_rate is None else c_rate
    basis = design.operating.c_rate_basis
    theoretical: Num = 0.0
    for active in cell.actives:
        theoretical = theoretical + active.capacity_mAh_cm2
    reference = theoretical if basis == "theoretical" else cell.practical_mAh_cm2
    current = c_rate_current_mA_cm2(rate, reference)
    per_design: list[Num] = [
        current,
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
    ]
    for active in cell.actives:
        per_design += [active.capacity_mAh_cm2, active.diffusion_time_s, active.exchange_mA_cm2]
    shape = np.broadcast_shapes(*(np.shape(v) for v in per_design))
    if shape:
        flat = [np.broadcast_to(np.asarray(v, dtype=float), shape).reshape(-1) for v in per_design]
    else:  # one design: rows of one
        flat = list(np.array(per_design, dtype=float).reshape(-1, 1))
    core = _curve_kernel(cell, flat, direction == "discharge", points)
    return _assemble(core, shape, points, direction, rate, basis, results)


@dataclass(frozen=True)
class _Batch:
    """d designs' curves under way: per-design arrays (d,), the parallel curve, the start."""

    cell: _Cell
    discharging: bool
    current: NDArray[np.float64]
    separator_asr: NDArray[np.float64]
    ionic_asr: NDArray[np.float64]
    electronic_asr: NDArray[np.float64]
    temperature: NDArray[np.float64]
    anode_full: NDArray[np.float64]
    low_V: NDArray[np.float64]
    high_V: NDArray[np.float64]
    active_mass: NDArray[np.float64]
    capacities: tuple[NDArray[np.float64], ...]
    diffusion_times: tuple[NDArray[np.float64], ...]
    parallel: _Parallel
    start: NDArray[np.float64]  # Li held by the cathode at the start, mAh/cm2
    top: NDArray[np.float64]
    bottom: NDArray[np.float64]
    anode_li_top: NDArray[np.float64]
    reach: NDArray[np.float64]  # the charge the cathode (and, discharging, the anode) allow
    cathode_reach: NDArray[np.float64]
    charge_transfer_V: NDArray[np.float64]
    front_weight: NDArray[np.float64]
    particle_rate: NDArray[np.float64]

    @property
    def sign(self) -> float:
        return 1.0 if self.discharging else -1.0

    @property
    def theoretical(self) -> NDArray[np.float64]:
        return self.parallel.capacity.sum(axis=1)

    def anode_potential(self, charge: NDArray[np.float64]) -> NDArray[np.float64]:
        """The counter electrode vs Li+/Li along the curve: flat (Li, Li-In), or its curve at the
        lithiation its Li gives (graphite, Si)."""
        curve = self.cell.anode_curve
        if np.ptp(curve.potential_V) == 0.0:
            return np.full((charge.shape[0], 1), curve.potential_V[0])
        start = (
            self.anode_li_top if self.discharging else self.anode_li_top - (self.bottom - self.top)
        )
        held = start[:, None] - self.sign * charge
        return np.interp(
            held / np.maximum(self.anode_full, 1e-300)[:, None], curve.lithiation, curve.potential_V
        )

    def lag(self, charge: NDArray[np.float64]) -> NDArray[np.float64]:
        """How far, as charge, the actives' surfaces run ahead of their mean: sum over the actives
        of Q_i sphere_surface_lag(c, tau_i, t), with t = 3600 q / I (arranged to share one square
        root over the points: sqrt(t / tau_i) = sqrt(q) sqrt(3600 / (I tau_i)))."""
        root_charge = np.sqrt(charge)
        lag: NDArray[np.float64] | None = None
        flowing = np.where(self.current > 0.0, self.current, 1.0)
        for capacity, tau in zip(self.capacities, self.diffusion_times, strict=True):
            scale = np.sqrt(SECONDS_PER_HOUR / (flowing * tau))[:, None]
            weight = (capacity * self.particle_rate * tau / 10800.0)[:, None]
            shape = _sphere_lag_shape(root_charge, scale)
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
        start = self.start[:, None]
        held = start + charge if self.discharging else start - charge
        surface_held = self.lag(charge)
        if self.discharging:
            surface_held += held
        else:
            np.subtract(held, surface_held, out=surface_held)
        surface = self.parallel.potential_at(surface_held)
        anode = self.anode_potential(charge)
        depth = charge * self.inverse_reach[:, None]
        np.minimum(depth, 1.0, out=depth)
        ohmic = depth * self.ohmic_slope_V[:, None]
        ohmic += self.constant_V[:, None]
        voltage = surface - anode
        if self.discharging:
            voltage -= ohmic
        else:
            voltage += ohmic
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
    def inverse_reach(self) -> NDArray[np.float64]:
        return 1.0 / np.maximum(self.reach, 1e-300)

    @cached_property
    def separator_V(self) -> NDArray[np.float64]:
        return ohmic_drop_V(self.current, self.separator_asr)

    @cached_property
    def ionic_V(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The cathode's ionic loss as a + b s along the depth s (electrode_path_fractions)."""
        return self._path_loss(self.ionic_asr, self.ionic_asr >= self.electronic_asr)

    @cached_property
    def electronic_V(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return self._path_loss(self.electronic_asr, self.ionic_asr < self.electronic_asr)

    def _path_loss(
        self, asr: NDArray[np.float64], poorer: NDArray[np.bool_]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        share, _ = electrode_path_fractions(self.front_weight[:, None], _ENDS, poorer[:, None])
        drop = ohmic_drop_V(self.current, asr)
        return drop * share[:, 0], drop * (share[:, 1] - share[:, 0])

    @cached_property
    def constant_V(self) -> NDArray[np.float64]:
        """The losses at the start of the curve (separator, cathode paths, charge transfer)."""
        return self.separator_V + self.ionic_V[0] + self.electronic_V[0] + self.charge_transfer_V

    @cached_property
    def ohmic_slope_V(self) -> NDArray[np.float64]:
        """How much the cathode's path losses grow from depth 0 to 1 (a reaction front)."""
        return self.ionic_V[1] + self.electronic_V[1]


def _batch(cell: _Cell, flat: Sequence[NDArray[np.float64]], discharging: bool) -> _Batch:
    """The start of d designs' curves: at rest at the charge cut-off (a discharge) or at the
    discharge cut-off (a charge), the counter electrode at its nominal potential."""
    current, sep_asr, ion_asr, el_asr, temperature = flat[:5]
    anode_full, anode_made, anode_nominal, low_V, high_V, active_mass = flat[5:11]
    caps, taus, exchanges = tuple(flat[11::3]), tuple(flat[12::3]), flat[13::3]
    curves = tuple(a.curve for a in cell.actives)
    potentials, knot_lithiation = _knots(curves)
    capacity = np.stack(caps, axis=1)  # (d, m)
    parallel = _Parallel(curves, potentials, capacity @ knot_lithiation, capacity)
    top = parallel.held_at(high_V + anode_nominal)
    bottom = parallel.held_at(low_V + anode_nominal)
    made = np.zeros_like(current)
    for active, cap in zip(cell.actives, caps, strict=True):
        made = made + cap * active.lithiation_made
    # The Li the counter electrode holds at top of charge: as built, plus what the cathode gave
    # up between as made and the top of charge.
    anode_li_top = np.maximum(anode_made + made - top, 0.0)
    if discharging:
        start = top
        cathode_reach = np.maximum(parallel.held[:, -1] - start, 0.0)
        reach = np.minimum(cathode_reach, anode_li_top)
    else:
        start = bottom
        cathode_reach = np.maximum(start - parallel.held[:, 0], 0.0)
        reach = cathode_reach
    exchange = np.zeros_like(current)
    for value in exchanges:
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
    sign = 1.0 if discharging else -1.0
    span = np.maximum(bottom - top, 0.0)
    probe = start[:, None] + sign * span[:, None] * np.array([[0.1, 0.9]])
    slope_V = np.abs(np.diff(parallel.potential_at(probe), axis=1))[:, 0]
    leveling = (eta + slope_V) / (safe * 1e-3) + 1e-9
    theoretical = capacity.sum(axis=1)
    return _Batch(
        cell=cell,
        discharging=discharging,
        current=current,
        separator_asr=sep_asr,
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


_ENDS = np.array([[0.0, 1.0]])  # the start and the end of a cathode's depth


@cache
def _grid(points: int) -> NDArray[np.float64]:
    """Evenly spaced fractions 0 to 1, as a row."""
    grid = np.linspace(0.0, 1.0, points)[None, :]
    grid.setflags(write=False)
    return grid


def _margins(
    batch: _Batch, points: dict[str, Any]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """How far each point is from the end of the curve, falling to 0 there, stacked: the voltage
    above the discharge cut-off (below the charge cut-off) in the first d rows, the Li the
    actives' surfaces can still take (give up) in the next d; and the points' charges, twice."""
    if batch.discharging:
        voltage = points["voltage"] - batch.low_V[:, None]
        cathode = batch.parallel.held[:, -1:] - points["surface_held"]
    else:
        voltage = batch.high_V[:, None] - points["voltage"]
        cathode = points["surface_held"] - batch.parallel.held[:, :1]
    charge = points["charge"]
    return np.concatenate((voltage, cathode)), np.concatenate((charge, charge))


def _curve_kernel(
    cell: _Cell, flat: Sequence[NDArray[np.float64]], discharging: bool, points: int
) -> dict[str, Any]:
    """The curves of d designs at once: per-design arrays (d,) in, (d, points) out. A first pass
    over all the charge the electrodes allow finds where the curve ends (the cut-off, or the
    cathode's surface or the anode's Li exhausted), a second refines it between the two points
    around it, the last lays the points up to there."""
    batch = _batch(cell, flat, discharging)
    grid = _grid(points)
    coarse = _grid(max(FIRST_PASS_POINTS, points // 4))
    first = batch.at(batch.reach[:, None] * coarse, full=False)
    rows = len(batch.current)
    crossing, reached, after = _first_crossing(*_margins(batch, first))
    by_cutoff, by_cathode = crossing[:rows], crossing[rows:]
    cut, emptied = reached[:rows], reached[rows:]
    # Refine between the two points around the earlier end (the voltage can fall steeply there).
    after = np.where(by_cutoff <= by_cathode, after[:rows], after[rows:])
    index = np.arange(rows)
    root_low = np.sqrt(first["charge"][index, after - 1])[:, None]
    root_high = np.sqrt(first["charge"][index, after])[:, None]
    fine = batch.at((root_low + (root_high - root_low) * REFINE_GRID) ** 2, full=False)
    crossing, reached, _ = _first_crossing(*_margins(batch, fine))
    by_cutoff = np.where(reached[:rows], crossing[:rows], by_cutoff)
    by_cathode = np.where(reached[rows:], crossing[rows:], by_cathode)
    cut, emptied = cut | reached[:rows], emptied | reached[rows:]
    delivered = np.minimum(by_cutoff, by_cathode)
    anode_first = batch.anode_li_top < batch.cathode_reach if discharging else ~cut
    limited = np.where(
        cut & (by_cutoff <= by_cathode),
        "cutoff",
        np.where(emptied | ~anode_first, "cathode", "anode"),
    )
    final = batch.at(delivered[:, None] * grid)
    voltage, anode = final["voltage"], final["anode"]
    step = delivered / (points - 1)
    energy = step * (voltage.sum(axis=1) - 0.5 * (voltage[:, 0] + voltage[:, -1]))
    anode_energy = step * (anode.sum(axis=1) - 0.5 * (anode[:, 0] + anode[:, -1]))
    if anode.shape[1] == 1:  # a flat counter electrode
        anode_energy = anode[:, 0] * delivered
    ionic, electronic = batch.ionic_V, batch.electronic_V
    return {
        **final,
        "current": batch.current,
        "temperature": batch.temperature,
        "cutoff": batch.low_V if discharging else batch.high_V,
        "delivered": delivered,
        "open_circuit_capacity": np.maximum(batch.bottom - batch.top, 0.0),
        "theoretical": batch.theoretical,
        "active_mass": batch.active_mass,
        "energy": energy,
        "cathode_energy": energy + anode_energy,
        "limited": limited,
        "loss_terms": {
            "separator": batch.separator_V,
            "cathode_ionic_start": ionic[0],
            "cathode_ionic_growth": ionic[1],
            "cathode_electronic_start": electronic[0],
            "cathode_electronic_growth": electronic[1],
            "charge_transfer": batch.charge_transfer_V,
        },
    }


def _assemble(
    core: dict[str, Any],
    shape: tuple[int, ...],
    points: int,
    direction: str,
    rate: Num,
    basis: str,
    results: Results,
) -> VoltageCurve:
    def per_curve(key: str) -> Num:
        value = np.asarray(core[key]).reshape(shape)
        return float(value) if value.ndim == 0 else value

    def per_point(value: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.ascontiguousarray(value).reshape((*shape, points))

    limited = np.asarray(core["limited"]).reshape(shape)
    point_shape = (*shape, points)
    return VoltageCurve(
        direction=direction,
        c_rate=rate,
        c_rate_basis=basis,
        temperature_C=per_curve("temperature"),
        current_mA_cm2=per_curve("current"),
        cutoff_V=per_curve("cutoff"),
        capacity_mAh_cm2=per_point(core["charge"]),
        voltage_V=per_point(core["voltage"]),
        open_circuit_V=per_point(core["open_circuit"]),
        anode_potential_V=np.broadcast_to(
            core["anode"].reshape((*shape, core["anode"].shape[1])), point_shape
        ),
        depth_fraction=per_point(core["depth"]),
        loss_terms={k: v.reshape((*shape, 1)) for k, v in core["loss_terms"].items()},
        delivered_mAh_cm2=per_curve("delivered"),
        open_circuit_mAh_cm2=per_curve("open_circuit_capacity"),
        theoretical_mAh_cm2=per_curve("theoretical"),
        active_mass_mg_cm2=per_curve("active_mass"),
        energy_mWh_cm2=per_curve("energy"),
        cathode_energy_mWh_cm2=per_curve("cathode_energy"),
        limited_by=str(limited) if limited.ndim == 0 else limited,
        results=results,
    )
