"""How sure every number is: the design's inputs drawn from their tolerances, all samples in one
evaluate on arrays (a Monte Carlo), and each result's band read off the samples.

The inputs that carry a tolerance: the design's own (Design.tolerances: a measured porosity, a
weighed loading, a density the user measured), and the library values the design uses without
overriding them (each cathode and anode component's density, each active's practical capacity,
each cathode active's particle radius, the cathode's mean voltage), at LIBRARY_TOLERANCES unless
the design gives one for that value. A library value the design overrides is the user's
measurement: only the design's tolerance applies to it.

The discharge curve's band (curve_band) draws the same inputs; the curve depends on some of them
only (a practical capacity or a mean voltage does not move it; a particle radius, a loading, a
porosity or a temperature does).

Normal draws beyond TRUNCATE_SD standard deviations are drawn again: a band holds no value that
no measurement would give, and a tail draw cannot push a porosity below 0. Inputs are drawn
independently. A draw the engine refuses (a porosity with a wide absolute tolerance crossing 0)
fails the whole study with the engine's message, naming the field and its allowed range.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.design import COMPONENT_FIELD, Design, Distribution, Tolerance, get_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_from_results
from engine.labels import input_label
from engine.materials import Library
from engine.problems import Problem, ProblemsError
from engine.results import Results
from engine.studies.sweep import field_value, numeric_fields, numeric_result, set_field
from engine.values import Value
from engine.voltage import VoltageCurve

TRUNCATE_SD = 4.0
SAMPLES = 10_000  # 5 ms for the default cell (bench/bands_speed.py): well inside one frame
CURVE_SAMPLES = 1_000  # with the curve's energy each draw is a discharge: 28 ms for 1,000
PERCENTILES = (5.0, 95.0)  # the band's ends


@dataclass(frozen=True)
class LibraryTolerance:
    """What a library value is taken to be worth where its source gives no spread."""

    amount: float
    relative: bool
    distribution: Distribution
    basis: str  # why: Lamina's stated assumption, shown with the value

    def on(self, path: str) -> Tolerance:
        return Tolerance(path, self.amount, self.relative, self.distribution)


# By the design field that overrides the library value.
LIBRARY_TOLERANCES: dict[str, LibraryTolerance] = {
    "density_g_cm3": LibraryTolerance(
        0.01,
        relative=True,
        distribution="uniform",
        basis="Lamina's assumption: a solid density from crystal data or a maker's sheet, "
        "taken to within 1 % (the half-width)",
    ),
    "capacity_mAh_g": LibraryTolerance(
        0.05,
        relative=True,
        distribution="normal",
        basis="Lamina's assumption: a practical capacity depends on the cell it was measured "
        "in; 5 % (one standard deviation) where the source gives no spread",
    ),
    "particle_radius_um": LibraryTolerance(
        0.2,
        relative=True,
        distribution="normal",
        basis="Lamina's assumption: one radius stands for a spread of particle sizes; 20 % "
        "(one standard deviation) where the source gives a single size",
    ),
    "mean_voltage_V": LibraryTolerance(
        0.05,
        relative=False,
        distribution="normal",
        basis="Lamina's assumption: a mean discharge voltage read from one curve, to 50 mV "
        "(one standard deviation)",
    ),
}


@dataclass(frozen=True)
class UncertainInput:
    """One input drawn: its value as used, its tolerance and where the tolerance comes from."""

    field: str
    value: float
    tolerance: Tolerance
    source: str  # "design", or the basis of a library default

    @property
    def spread(self) -> float:
        return self.tolerance.spread(self.value)


@dataclass(frozen=True)
class Band:
    """A result's samples summed up: its ends at PERCENTILES, median, mean, standard deviation."""

    low: float
    median: float
    high: float
    mean: float
    sd: float


@dataclass(frozen=True)
class Bands:
    samples: int
    seed: int
    inputs: list[UncertainInput]
    skipped: dict[str, str]  # field -> why its tolerance was not drawn
    bands: dict[str, Band]  # result name -> band
    linear: bool = False  # a first-order estimate (linear_bands), not draws


def library_values(results: Results) -> dict[str, float]:
    """The library values the design may override, by field path, with the values in use."""
    design, values = results.design, {}
    layers = [("cathode", results.cathode_parts)]
    if len(results.anode_parts) == len(design.anode.components):  # a Li foil holds none
        layers.append(("anode", results.anode_parts))
    for layer, parts in layers:
        for i, part in enumerate(p.uncoated for p in parts):  # the values a component overrides
            values[f"{layer}.components[{i}].density_g_cm3"] = float(part.density)
            if part.active:
                values[f"{layer}.components[{i}].capacity_mAh_g"] = float(part.capacity_practical)
            radius = part.material.get("particle_radius_um")
            if part.active and layer == "cathode" and radius is not None:
                values[f"cathode.components[{i}].particle_radius_um"] = float(radius)
    if design.cathode.mean_voltage_V is None:
        values["cathode.mean_voltage_V"] = float(results.cathode_voltage_V)
    return values


FROM_SOURCE = "the spread its source gives"  # a library value's own spread, as its basis begins

# The library value behind each design field that may override one.
_LIBRARY_KEYS = {
    "density_g_cm3": "density_g_cm3",
    "capacity_mAh_g": "capacity_practical_mAh_g",
    "particle_radius_um": "particle_radius_um",
}


def library_source(results: Results, path: str) -> Value | None:
    """The library value (with its source) a design field stands in for, if one does: a
    component's density, capacity or radius, or the cathode's one active's mean voltage."""
    found = COMPONENT_FIELD.match(path)
    if found is not None:
        parts = results.cathode_parts if found[1] == "cathode" else results.anode_parts
        key = _LIBRARY_KEYS.get(found[3])
        return None if key is None else parts[int(found[2])].material.values.get(key)
    actives = [part for part in results.cathode_parts if part.active]
    if path == "cathode.mean_voltage_V" and len(actives) == 1:
        return actives[0].material.values.get("voltage_avg_V")
    return None


def stated_tolerance(results: Results, path: str) -> tuple[Tolerance, str]:
    """A library value's tolerance and its basis: the spread its source gives, or else
    LIBRARY_TOLERANCES' stated assumption."""
    source = library_source(results, path)
    if source is not None and source.spread is not None:
        spread = source.spread
        tolerance = Tolerance(path, spread.amount, spread.relative, spread.distribution)  # type: ignore[arg-type]
        return tolerance, f"{FROM_SOURCE} ({source.citation()})"
    default = LIBRARY_TOLERANCES[path.rpartition(".")[2]]
    return default.on(path), default.basis


def input_values(design: Design, results: Results, library: Library) -> dict[str, float]:
    """Every input that can carry a tolerance, with its value in use: the library values the
    design may override, then its numeric fields (but a component's mass fraction: the active
    fraction moves them together) and the electrodes' active fractions."""
    values = library_values(results)
    for path in numeric_fields(design, library):
        if not path.endswith(".mass_fraction"):
            values.setdefault(path, float(np.asarray(field_value(design, path, library))))
    return values


@dataclass(frozen=True)
class InputTolerance:
    """An input as the tolerances table lists it: its tolerance, if any, and whose it is."""

    field: str
    value: float
    tolerance: Tolerance | None
    source: str  # "design", the basis of a library value's stated tolerance, or ""


def tolerance_rows(design: Design, results: Results, library: Library) -> list[InputTolerance]:
    """Every input that can carry a tolerance, with the one in use."""
    given = {t.field: t for t in design.tolerances}
    in_library = library_values(results)
    rows = []
    for path, value in input_values(design, results, library).items():
        if path in given:
            rows.append(InputTolerance(path, value, given[path], "design"))
        elif path in in_library and get_field(design, path) is None:
            rows.append(InputTolerance(path, value, *stated_tolerance(results, path)))
        else:
            rows.append(InputTolerance(path, value, None, ""))
    return rows


def uncertain_inputs(
    design: Design, results: Results, library: Library
) -> tuple[list[UncertainInput], dict[str, str]]:
    """The inputs to draw (see the module docstring), and the design's tolerances not drawn,
    each with why (a field not in use: a layer sized by its loading has no thickness to vary)."""
    given = {t.field: t for t in design.tolerances}
    inputs: list[UncertainInput] = []
    skipped: dict[str, str] = {}
    in_library = library_values(results)
    for path, value in in_library.items():
        if path in given or get_field(design, path) is not None:
            continue  # the design's own tolerance, or its own measurement: drawn below
        inputs.append(UncertainInput(path, value, *stated_tolerance(results, path)))
    for path, tolerance in given.items():
        own = field_value(design, path, library)  # the design's own value, if it gives one
        used = in_library.get(path) if own is None else own  # else a library value in use
        if used is None:
            skipped[path] = "not in use: the design sets this value another way"
        elif tolerance.spread(float(used)) == 0.0:
            skipped[path] = "a tolerance of 0"
        else:
            inputs.append(UncertainInput(path, float(used), tolerance, "design"))
    return inputs, skipped


def draws(inputs: list[UncertainInput], samples: int, seed: int) -> dict[str, NDArray[np.float64]]:
    """samples values of each input, from one seeded generator in input order (the same seed
    gives the same draws)."""
    rng = np.random.default_rng(seed)
    drawn = {}
    for entry in inputs:
        if entry.tolerance.distribution == "uniform":
            unit = rng.uniform(-1.0, 1.0, samples)
        else:
            unit = rng.standard_normal(samples)
            wide = np.abs(unit) > TRUNCATE_SD
            while wide.any():
                unit[wide] = rng.standard_normal(int(wide.sum()))
                wide = np.abs(unit) > TRUNCATE_SD
        drawn[entry.field] = entry.value + entry.spread * unit
    return drawn


def default_outputs(results: Results) -> list[str]:
    """Every ladder level's Wh/kg and Wh/L, and the cost per kWh of every level with a price for
    each of its materials."""
    found = [f"ladder.{r.key}.{u}" for r in results.ladder for u in ("wh_per_kg", "wh_per_l")]
    if results.cost is not None:
        found += [f"cost.{r.key}.usd_per_kwh" for r in results.cost.rungs if r.usd is not None]
    return found


def _summed(values: NDArray[np.float64]) -> Band:
    low, median, high = np.percentile(values, (PERCENTILES[0], 50.0, PERCENTILES[1]))
    return Band(float(low), float(median), float(high), float(values.mean()), float(values.std()))


def evaluate_draws(
    design: Design, library: Library, samples: int, seed: int, column: bool = False
) -> tuple[Results, list[UncertainInput], dict[str, str]]:
    """Every uncertain input drawn samples times, all draws evaluated in one call; with the
    inputs drawn and those not drawn. column: the draws along the first of two axes, to
    broadcast against a second (the Ragone band's rates). ProblemsError when the engine
    refuses a draw."""
    if samples < 2:
        raise ValueError(f"samples must be at least 2, got {samples}")
    results = evaluate(design, library)
    inputs, skipped = uncertain_inputs(design, results, library)
    if not inputs:
        return results, inputs, skipped
    varied = design
    for path, values in draws(inputs, samples, seed).items():
        varied = set_field(varied, path, values[:, None] if column else values, library)
    try:
        return evaluate(varied, library), inputs, skipped
    except ProblemsError as error:
        raise ProblemsError(
            [Problem(p.path, f"{p.message} (drawn from its tolerance)") for p in error.problems]
        ) from None


def bands(
    design: Design,
    library: Library,
    outputs: list[str] | None = None,
    samples: int = SAMPLES,
    seed: int = 0,
) -> Bands:
    """Each output's band (every ladder level's Wh/kg and Wh/L if None) over samples draws;
    KeyError for an unknown output, ProblemsError when the engine refuses a draw."""
    found, inputs, skipped = evaluate_draws(design, library, samples, seed)
    outputs = default_outputs(found) if outputs is None else outputs
    summed = {}
    for name in outputs:
        values = np.asarray(numeric_result(found, name), dtype=float)
        summed[name] = _summed(np.broadcast_to(values, (samples,)))
    return Bands(samples, seed, inputs, skipped, summed)


# The 95th percentile of a standard normal: a first-order band's 5-95 % is the value -+ this s.d.
NORMAL_95 = 1.6448536269514722


Moved = tuple[Results | None, list["UncertainInput"], dict[str, str]]
# The last designs moved (as a row and as a column), with the design, library and results they
# were moved from: during a drag, linear_bands and linear_curve_band move the same design.
_LAST_MOVED: dict[bool, tuple[Design, Library, Results, Moved]] = {}
_MOVED_LOCK = threading.Lock()


def _moved(design: Design, library: Library, results: Results, column: bool = False) -> Moved:
    """Every uncertain input moved by one standard deviation down and up (a uniform's
    half-width / sqrt 3), the others held: 2 n designs (down, up for each input in turn) in one
    evaluate, None without inputs. column: the 2 n designs along the first of two axes, to
    broadcast against rates along the second. The same design, library and results moved
    again give the same answer, not another evaluate."""
    with _MOVED_LOCK:
        kept = _LAST_MOVED.get(column)
    if kept is not None and kept[0] is design and kept[1] is library and kept[2] is results:
        evaluated, inputs, skipped = kept[3]
        return evaluated, list(inputs), dict(skipped)
    found = _moved_afresh(design, library, results, column)
    with _MOVED_LOCK:
        _LAST_MOVED[column] = (design, library, results, found)
    return found


def _moved_afresh(design: Design, library: Library, results: Results, column: bool) -> Moved:
    inputs, skipped = uncertain_inputs(design, results, library)
    if not inputs:
        return None, inputs, skipped
    varied = design
    for i, entry in enumerate(inputs):
        sd = entry.spread / (np.sqrt(3.0) if entry.tolerance.distribution == "uniform" else 1.0)
        values = np.full(2 * len(inputs), entry.value)
        values[2 * i] -= sd
        values[2 * i + 1] += sd
        varied = set_field(varied, entry.field, values[:, None] if column else values, library)
    return evaluate(varied, library), inputs, skipped


def _first_order(value: Any, ends: Any) -> tuple[Any, Any]:
    """The 5-95 % ends, to first order, of values whose 2 n moved values are ends (down, up
    along axis 0): the value -+ NORMAL_95 times the root sum of squares of half each move."""
    moves = np.asarray(ends, dtype=float)
    sd = np.sqrt(np.sum(((moves[1::2] - moves[0::2]) / 2.0) ** 2, axis=0))
    return value - NORMAL_95 * sd, value + NORMAL_95 * sd


def linear_bands(
    design: Design,
    library: Library,
    outputs: list[str] | None = None,
    results: Results | None = None,
) -> Bands:
    """Each output's band to first order, from the engine's own derivatives (_moved): the
    output's s.d. is the root sum of squares of half each move (independent inputs), its 5-95 %
    band the value -+ NORMAL_95 s.d. Two evaluates' worth, so the bands can follow a drag;
    bands() draws them when the edits pause. results: the design's, if already evaluated."""
    if results is None or results.design is not design:
        results = evaluate(design, library)
    moved, inputs, skipped = _moved(design, library, results)
    outputs = default_outputs(results) if outputs is None else outputs
    summed = {}
    for name in outputs:
        value = float(np.asarray(numeric_result(results, name)))
        ends = (
            np.broadcast_to(np.asarray(numeric_result(moved, name), dtype=float), 2 * len(inputs))
            if moved is not None
            else np.zeros(0)
        )
        low, high = _first_order(value, ends)
        sd = (high - value) / NORMAL_95
        summed[name] = Band(float(low), value, float(high), value, float(sd))
    return Bands(0, 0, inputs, skipped, summed, linear=True)


@dataclass(frozen=True)
class CurveBand:
    """The discharge curve's band on a grid of capacity, in each unit the voltage plot offers:
    the 5th and 95th percentile of the voltage among the draws still delivering at each point
    (NaN past the capacity that half the draws deliver), and the band of the capacity
    delivered."""

    samples: int
    capacity: dict[str, NDArray[np.float64]]  # unit -> the grid
    low_V: dict[str, NDArray[np.float64]]
    high_V: dict[str, NDArray[np.float64]]
    delivered: dict[str, Band]
    linear: bool = False  # to first order (linear_curve_band), not drawn


CURVE_BAND_SAMPLES = 400  # 400 discharges: about 10 ms for the default cell
CURVE_BAND_POINTS = 48
RAGONE_BAND_SAMPLES = 200  # x 9 rates: 1,800 discharges, about 18 ms for the default cell
RAGONE_BAND_RATES = np.geomspace(0.05, 5.0, 9)  # the Ragone plot's C/20 to 5C, fewer rates
RAGONE_BAND_POINTS = 64  # points of each discharge whose energy the band takes


def curve_band(
    design: Design,
    library: Library,
    samples: int = CURVE_BAND_SAMPLES,
    seed: int = 0,
    points: int = CURVE_BAND_POINTS,
) -> CurveBand:
    """The band of the discharge curve at the design's rate and temperature; DesignError if the
    design has no curve, ProblemsError when the engine refuses a draw."""
    found, _inputs, _skipped = evaluate_draws(design, library, samples, seed)
    curve = curve_from_results(found, "discharge", points=points)
    capacity = np.broadcast_to(curve.capacity_mAh_cm2, (samples, points))
    voltage = np.broadcast_to(curve.voltage_V, (samples, points))
    scales = _unit_scales(curve, found, samples)
    grids, lows, highs, delivered = {}, {}, {}, {}
    for unit, scale in scales.items():
        scaled = capacity * scale[:, None]
        ends = scaled[:, -1]
        grid = np.linspace(0.0, float(np.percentile(ends, PERCENTILES[1])), points)
        at = np.full((samples, points), np.nan)
        for i in range(samples):  # each draw's voltage on the grid, none past its end
            at[i] = np.interp(grid, scaled[i], voltage[i], right=np.nan)
        reached = np.sum(~np.isnan(at), axis=0) >= samples / 2
        with np.errstate(all="ignore"):
            low, high = np.nanpercentile(at, PERCENTILES, axis=0)
        grids[unit] = grid
        lows[unit], highs[unit] = np.where(reached, low, np.nan), np.where(reached, high, np.nan)
        delivered[unit] = _summed(ends)
    return CurveBand(samples, grids, lows, highs, delivered)


def _unit_scales(curve: VoltageCurve, results: Results, n: int) -> dict[str, NDArray[np.float64]]:
    """Each capacity unit the voltage plot offers as a factor on mAh/cm2, for n curves."""
    per_g = 1000.0 / np.broadcast_to(np.asarray(curve.active_mass_mg_cm2, dtype=float), n)
    per_cell = np.broadcast_to(np.asarray(results.area_cm2, dtype=float) * results.unit_cells, n)
    return {"mAh/cm²": np.ones(n), "mAh/g": per_g, "mAh": per_cell}


def linear_curve_band(
    design: Design,
    library: Library,
    points: int = CURVE_BAND_POINTS,
    results: Results | None = None,
    units: tuple[str, ...] | None = None,
) -> CurveBand:
    """The discharge curve's band to first order (_moved), cheap enough to follow a drag: at
    each capacity of the design's own curve, its voltage -+ NORMAL_95 times the root sum of
    squares of half each move; a moved curve past its end holds its last voltage (the cut-off
    that ended it). curve_band draws the band when the edits pause. units: those of the
    capacity to give (None: every one). DesignError if the design has no curve."""
    if results is None or results.design is not design:
        results = evaluate(design, library)
    nominal = curve_from_results(results, "discharge", points=points)
    moved, inputs, _skipped = _moved(design, library, results)
    n = 2 * len(inputs)
    curves = nominal if moved is None else curve_from_results(moved, "discharge", points=points)
    capacity = np.broadcast_to(curves.capacity_mAh_cm2, (n, points))
    voltage = np.broadcast_to(curves.voltage_V, (n, points))
    scales = _unit_scales(curves, moved or results, n)
    own = _unit_scales(nominal, results, 1)
    grids, lows, highs, delivered = {}, {}, {}, {}
    for unit, scale in scales.items():
        if units is not None and unit not in units:
            continue
        grid = np.asarray(nominal.capacity_mAh_cm2, dtype=float) * own[unit][0]
        scaled = capacity * scale[:, None]
        at = np.array([np.interp(grid, scaled[i], voltage[i]) for i in range(n)])
        lows[unit], highs[unit] = _first_order(np.asarray(nominal.voltage_V), at.reshape(n, points))
        grids[unit] = grid
        end = float(grid[-1])
        low, high = _first_order(end, scaled[:, -1])
        sd = (high - end) / NORMAL_95
        delivered[unit] = Band(float(low), end, float(high), end, float(sd))
    return CurveBand(0, grids, lows, highs, delivered, linear=True)


@dataclass(frozen=True)
class RagoneBand:
    """The Ragone curve's band: at each C-rate the median power and the 5th and 95th percentile
    of the energy, per kg of a rung of the ladder."""

    rung: str
    c_rate: NDArray[np.float64]
    w_per_kg: NDArray[np.float64]
    low_wh_per_kg: NDArray[np.float64]
    high_wh_per_kg: NDArray[np.float64]


def ragone_band(
    design: Design,
    library: Library,
    samples: int = RAGONE_BAND_SAMPLES,
    seed: int = 0,
    rates: NDArray[np.float64] = RAGONE_BAND_RATES,
    rung: str = "cell",
) -> RagoneBand:
    """Every draw discharged at every rate in one call (draws along one axis, rates along the
    other); DesignError if the design has no curve, ProblemsError when a draw is refused."""
    found, inputs, _skipped = evaluate_draws(design, library, samples, seed, column=True)
    curve = curve_from_results(
        found, "discharge", np.asarray(rates, dtype=float), points=RAGONE_BAND_POINTS
    )
    values = curve.specific(rung)
    shape = (samples if inputs else 1, len(rates))
    energy = np.broadcast_to(np.asarray(values["wh_per_kg"], dtype=float), shape)
    power = np.broadcast_to(np.asarray(values["w_per_kg"], dtype=float), shape)
    low, high = np.percentile(energy, PERCENTILES, axis=0)
    return RagoneBand(rung, np.asarray(rates, dtype=float), np.median(power, axis=0), low, high)


def linear_ragone_band(
    design: Design,
    library: Library,
    rates: NDArray[np.float64] = RAGONE_BAND_RATES,
    rung: str = "cell",
    results: Results | None = None,
) -> RagoneBand:
    """The Ragone curve's band to first order (_moved, the 2 n moved designs along one axis and
    the rates along the other, in one call), cheap enough to follow a drag: at each rate the
    design's own power, and its energy -+ NORMAL_95 times the root sum of squares of half each
    move. ragone_band draws the band when the edits pause. DesignError if the design has no
    curve."""
    if results is None or results.design is not design:
        results = evaluate(design, library)
    rates = np.asarray(rates, dtype=float)
    own = curve_from_results(results, "discharge", rates, points=RAGONE_BAND_POINTS).specific(rung)
    energy = np.asarray(own["wh_per_kg"], dtype=float)
    low, high = energy, energy
    moved, inputs, _skipped = _moved(design, library, results, column=True)
    if moved is not None:
        values = curve_from_results(moved, "discharge", rates, points=RAGONE_BAND_POINTS)
        ends = np.broadcast_to(values.specific(rung)["wh_per_kg"], (2 * len(inputs), len(rates)))
        low, high = _first_order(energy, ends)
    return RagoneBand(rung, rates, np.asarray(own["w_per_kg"], dtype=float), low, high)


def samples_for(design: Design) -> int:
    """The draws a live band takes: fewer when each draw is a discharge curve."""
    return CURVE_SAMPLES if design.energy_basis == "curve" else SAMPLES


def band_range(band: Band) -> str:
    """A band's ends as the panel shows them: "328–385"."""
    return f"{band.low:.0f}–{band.high:.0f}"


def band_width(band: Band) -> str:
    """Half a band's width over its median in percent, for a narrow column headed ±%: "8"."""
    percent = (band.high - band.low) / 2 / abs(band.median) * 100 if band.median else 0.0
    return f"{percent:.0f}" if percent >= 1 else f"{percent:.1f}"


def bands_text(found: Bands) -> str:
    """One sentence: what the bands are drawn from."""
    own = sum(1 for i in found.inputs if i.source == "design")
    stated = len(found.inputs) - own
    low, high = PERCENTILES
    inputs = (
        f"{len(found.inputs)} uncertain inputs ({own} with the design's tolerances, {stated} "
        "library values at their stated ones)"
    )
    if found.linear:
        return (
            f"Bands while editing: {low:g}–{high:g} % to first order, each of {inputs} moved by "
            "one standard deviation; drawn when the edits pause."
        )
    return f"Bands: {low:g}–{high:g} % of {found.samples:,} draws of {inputs}."


def inputs_text(found: Bands, design: Design | None = None) -> str:
    """Every input drawn, its value, tolerance and where the tolerance comes from, one a line;
    each input in words when the design is given, else by its path."""

    def name(field: str) -> str:
        return field if design is None else input_label(design, field)

    lines = [f"{name(i.field)} = {i.value:.4g}, {i.tolerance.text()}: {i.source}"
             for i in found.inputs]  # fmt: skip
    lines += [f"{name(field)}: not drawn, {why}" for field, why in found.skipped.items()]
    return "\n".join(lines)
