"""The voltage curve of an evaluated design: what keeps a design from having one, the cell's
inputs resolved from the evaluation (the only place the curve's material values are looked up),
and the curve itself (engine/voltage)."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from engine.design import Anode, Component, Design, Num
from engine.evaluate.arrays import positive_part
from engine.evaluate.coating import coating_asr_ohm_cm2, particle_radius_um
from engine.evaluate.memo import per_part
from engine.evaluate.parts import LITHIUM_ID, Part
from engine.materials import Library, Material
from engine.ocv import OpenCircuitCurve
from engine.physics.kinetics import active_surface_area_cm2_cm2, diffusion_time_s
from engine.physics.transport import arrhenius_value, interfaces_in_series
from engine.problems import DesignError, Problem
from engine.results import Results
from engine.values import Value
from engine.voltage import (
    DEFAULT_POINTS,
    ActiveInputs,
    CellInputs,
    VoltageCurve,
    voltage_curve,
    voltage_curves,
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
    the kinetic values of KINETIC_KEYS (each with the field path of the component). Kept per
    cathode composition and per anode (engine/evaluate/memo.py): a drag changes neither."""
    return [
        *per_part(
            library,
            _cathode_curve_problems,
            design.cathode.components,
            lambda components: _cathode_curve_problems(components, library),
        ),
        *per_part(
            library,
            _anode_curve_problems,
            design.anode,
            lambda anode: _anode_curve_problems(anode, library),
        ),
    ]


def _cathode_curve_problems(components: tuple[Component, ...], library: Library) -> list[Problem]:
    problems: list[Problem] = []
    for i, component in enumerate(components):
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
    return problems


def _anode_curve_problems(anode: Anode, library: Library) -> list[Problem]:
    anode_ids = [c.material for c in anode.components]
    if anode.kind in ("li_metal", "anode_free"):
        anode_ids = ["Li"]
    return [
        Problem(f"anode.components[{i}].material", f"{material_id!r} has no open-circuit curve")
        for i, material_id in enumerate(anode_ids)
        if material_id in library
        and library[material_id].is_active
        and library.open_circuit_curve(material_id) is None
    ]


class _Kinetics(NamedTuple):
    """What a cathode active's curve reads from the library at a temperature, whatever its mass."""

    curve: OpenCircuitCurve
    radius_um: Num
    diffusion_time_s: Num  # R^2 / D
    exchange_density_mA_cm2: Num  # per cm2 of the actives' surface


def _kinetics(
    components: tuple[Component, ...], library: Library, temperature: Num
) -> list[_Kinetics | None]:
    """Each cathode active's curve and kinetics at the temperature (Arrhenius from the library's
    25 C values); None for the other components."""
    found: list[_Kinetics | None] = []
    for component in components:
        material = library[component.material]
        if not material.is_active:
            found.append(None)
            continue
        curve = library.open_circuit_curve(material.id)
        assert curve is not None  # curve_problems() refused actives without one
        radius = particle_radius_um(component, material)
        diffusivity = arrhenius_value(
            material.value("diffusivity_cm2_s"),
            material.value("diffusion_activation_energy_eV"),
            temperature,
        )
        exchange = arrhenius_value(
            material.value("exchange_current_mA_cm2"),
            material.value("exchange_activation_energy_eV"),
            temperature,
        )
        found.append(_Kinetics(curve, radius, diffusion_time_s(radius, diffusivity), exchange))
    return found


def _active_inputs(
    design: Design, library: Library, parts: Sequence[Part], masses: Sequence[Num]
) -> list[ActiveInputs]:
    """The cathode's actives: their curves, capacities and kinetics at the operating
    temperature. The kinetics are kept per composition and temperature (engine/evaluate/memo.py):
    a drag of a loading changes only the masses."""
    temperature = design.operating.temperature_C
    components = design.cathode.components
    kinetics = per_part(
        library, (_kinetics, temperature), components, lambda c: _kinetics(c, library, temperature)
    )
    actives = []
    for found, part, mass in zip(kinetics, parts, masses, strict=True):
        if found is None:
            continue
        surface = active_surface_area_cm2_cm2(
            part.volume_um_at(mass, part.y_made) / (1.0 + part.shell_volume_ratio),
            found.radius_um,
        )
        actives.append(
            ActiveInputs(
                curve=found.curve,
                capacity_mAh_cm2=mass * part.capacity_theoretical / 1000.0,
                lithiation_made=part.y_made,
                diffusion_time_s=found.diffusion_time_s,
                exchange_mA_cm2=found.exchange_density_mA_cm2 * surface,
            )
        )
    return actives


def _finite_asr(asr_ohm_cm2: Num) -> Num:
    """An ASR with no connected path (infinite) taken as NO_PATH_ASR_OHM_CM2."""
    if isinstance(asr_ohm_cm2, float):
        return min(asr_ohm_cm2, NO_PATH_ASR_OHM_CM2)
    return np.minimum(asr_ohm_cm2, NO_PATH_ASR_OHM_CM2)


def _cutoff(value: Value | None) -> float:
    assert value is not None  # a cathode active's curve names its cut-offs (engine/ocv.py)
    return value.value


def cell_inputs(
    design: Design,
    library: Library,
    cathode: tuple[Sequence[Part], Sequence[Num]],
    anode: tuple[Sequence[Part], Sequence[Num]],
    asr_ohm_cm2: tuple[Num, Num, Num],
    anode_voltage_V: Num,
    anode_lithium_mAh_cm2: Num,
    practical_mAh_cm2: Num,
) -> CellInputs:
    """The inputs of the design's curves from its evaluation: the cathode's and the anode's
    resolved components with their masses as made (mg/cm2), the separator's and the cathode's
    ionic and electronic ASRs, the anode's mean potential and the Li it holds as built, and the
    cathode's practical capacity. DesignError names what keeps the design from having a curve."""
    problems = curve_problems(design, library)
    if problems:
        raise DesignError(problems)
    actives = _active_inputs(design, library, *cathode)
    cutoffs = [a.curve for a in actives]
    anode_full: Num = 0.0
    if design.anode.kind in ("li_metal", "anode_free"):
        anode_curve = library.open_circuit_curve(LITHIUM_ID)
    else:
        anode_curve = None  # several actives in one anode: the first one's curve is read
        for part, mass in zip(*anode, strict=True):
            if part.active:
                anode_curve = anode_curve or library.open_circuit_curve(part.material.id)
                anode_full = anode_full + mass * part.capacity_theoretical
        anode_full = anode_full / 1000.0
    assert anode_curve is not None
    operating = design.operating
    low = operating.discharge_cutoff_V
    if low is None:  # the widest window the actives' curves allow, less the anode's potential;
        # not below 0 V, where a discharge would be the cell driven, not delivering (an anode
        # given a mean voltage above the cathode's put it at -3 V, its mean voltage at -1.3 V)
        low = positive_part(min(_cutoff(c.cutoff_low_V) for c in cutoffs) - anode_voltage_V)
    high = operating.charge_cutoff_V
    if high is None:
        high = max(_cutoff(c.cutoff_high_V) for c in cutoffs) - anode_voltage_V
    active_mass: Num = 0.0
    for part, mass in zip(*cathode, strict=True):
        if part.active:
            active_mass = active_mass + mass
    separator, ionic, electronic = map(_finite_asr, asr_ohm_cm2)
    return CellInputs(
        actives=tuple(actives),
        separator_asr=separator,
        ionic_asr=ionic,
        electronic_asr=electronic,
        temperature_C=operating.temperature_C,
        anode_curve=anode_curve,
        anode_full_mAh_cm2=anode_full,
        anode_li_made_mAh_cm2=anode_lithium_mAh_cm2,
        anode_nominal_V=anode_voltage_V,
        cutoff_low_V=low,
        cutoff_high_V=high,
        practical_mAh_cm2=practical_mAh_cm2,
        active_mass_mg_cm2=active_mass,
        interface_asr=interfaces_in_series(design.interfaces, len(design.separator))
        + coating_asr_ohm_cm2(design, library, *cathode),
    )


# The last curves asked of each Results, found by identity (the Results kept alive with its
# curve, so its id is not reused): the window's voltage plot and its numbers panel ask for the
# same discharge after each edit.
_RECENT: OrderedDict[tuple[int, str, float | None, int], tuple[Results, VoltageCurve]] = (
    OrderedDict()
)
RECENT_LIMIT = 8
_RECENT_LOCK = threading.Lock()


def curve_from_results(
    results: Results,
    direction: str = "discharge",
    c_rate: Num | None = None,
    points: int = DEFAULT_POINTS,
) -> VoltageCurve:
    """The discharge (or charge) curve of an evaluated design at a C-rate (None: the design's
    operating.c_rate, on its c_rate_basis; 0: at rest) and at the temperature the design was
    evaluated at, with the library it was evaluated with. Broadcasts over the design's arrays
    and an array of C-rates. The same curve asked again of the same Results is not recomputed."""
    if c_rate is not None and not isinstance(c_rate, float | int):
        return _curve(results, direction, c_rate, points)  # a batch of rates: not kept
    key = (id(results), direction, c_rate, points)
    with _RECENT_LOCK:
        kept = _RECENT.get(key)
    if kept is not None and kept[0] is results:
        return kept[1]
    curve = _curve(results, direction, c_rate, points)
    with _RECENT_LOCK:
        _RECENT[key] = (results, curve)
        while len(_RECENT) > RECENT_LIMIT:
            _RECENT.popitem(last=False)
    return curve


def curves_from_results(
    results: Results, wanted: list[tuple[str, Num | None]], points: int = DEFAULT_POINTS
) -> list[VoltageCurve]:
    """Several curves of an evaluated design (one design, not a batch) in one call of the
    solver: for each (direction, C-rate) wanted (None: the design's own), what
    curve_from_results gives. Those at one C-rate are kept for curve_from_results to find."""
    operating = results.design.operating
    asked = [(way, operating.c_rate if rate is None else rate) for way, rate in wanted]
    cell = curve_cell_inputs(results)
    curves = voltage_curves(cell, asked, operating.c_rate_basis, points, results)
    with _RECENT_LOCK:
        for (way, rate), curve in zip(wanted, curves, strict=True):
            if rate is None or isinstance(rate, float | int):
                _RECENT[(id(results), way, rate, points)] = (results, curve)
        while len(_RECENT) > RECENT_LIMIT:
            _RECENT.popitem(last=False)
    return curves


def curve_cell_inputs(results: Results) -> CellInputs:
    """What the curves of an evaluated design are computed from (its cut-offs resolved, its
    actives' open-circuit tables); DesignError if the design can have no curve."""
    return cell_inputs(
        results.design,
        results.library,
        (results.cathode_parts, results.cathode_masses_mg_cm2),
        (results.anode_parts, results.anode_masses_mg_cm2),
        (
            results.separator_asr_ohm_cm2,
            results.cathode_ionic_asr_ohm_cm2,
            results.cathode_electronic_asr_ohm_cm2,
        ),
        results.anode_voltage_V,
        results.anode_lithium_mAh_cm2,
        results.cathode_capacity_practical_mAh_cm2,
    )


def _curve(results: Results, direction: str, c_rate: Num | None, points: int) -> VoltageCurve:
    cell = curve_cell_inputs(results)
    operating = results.design.operating
    rate = operating.c_rate if c_rate is None else c_rate
    return voltage_curve(cell, direction, rate, operating.c_rate_basis, points, results)
