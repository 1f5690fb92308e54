"""What evaluate returns: immutable results, per layer, per component and per ladder rung.

Every numeric field is a float for a scalar design, or a numpy array of the broadcast shape for a
vectorised one. Per-area values are per cm2 of one unit cell (one cathode / separator / anode
repeat); per-cell values are for the whole cell of the design's format. Each porous layer also
carries its porosity (given, or derived from pressure with its CompactionResult) and a
TransportResult (effective conductivities, ASRs); the cell its FixtureResult, if it has a fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast, overload

import numpy as np

from engine.design import Design, Num, TransportModel
from engine.physics.transport import (
    Conduction,
    area_specific_resistance_ohm_cm2,
    interfaces_in_series,
    layer_conductivities,
)
from engine.problems import DesignWarning

if TYPE_CHECKING:
    from engine.evaluate.cost import CostResult
    from engine.evaluate.parts import Part
    from engine.materials import Library


@dataclass(frozen=True)
class ComponentResult:
    material: str
    mass_fraction: Num
    mass_mg_cm2: Num
    solid_volume_um: Num  # pore-free volume per area, as a thickness (um = 1e-4 cm3/cm2)
    mass_g: Num  # in the whole cell


@dataclass(frozen=True)
class CompactionResult:
    """A layer's porosity derived from pressure (engine/physics/compaction.py): under the pressing
    pressure, after the pressure is released, and under the operating stack pressure (the one the
    layer's thickness, mass and transport use)."""

    pressing_pressure_MPa: Num
    operating_pressure_MPa: Num
    pressed_porosity: Num
    released_porosity: Num
    operating_porosity: Num


T = TypeVar("T")


class read_once(Generic[T]):  # noqa: N801  (a decorator, named like functools.cached_property)
    """functools.cached_property without its lock, which Python 3.11 takes on every first read:
    0.4 us more per value, paid for each layer of each evaluation. Two threads that read at once
    may both compute the value, to the same value."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self._compute = compute
        self._name = compute.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> read_once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | read_once[T]:
        if instance is None:
            return self
        value = self._compute(instance)
        instance.__dict__[self._name] = value  # found there from now on, before this descriptor
        return value


@dataclass(frozen=True)
class TransportResult:
    """A layer's effective conductivities at the operating temperature and the area-specific
    resistances of its ionic and electronic paths through its thickness
    (engine/physics/transport.py).

    Holds what they follow from (the layer's porosity and thickness, each phase's conduction data
    and volume fraction of the layer, the temperature and the tortuosity model); the values are
    computed when first read, so an evaluation or a sweep pays only for those it uses. Volume
    fractions are of the layer (pores included), summed over the phases that conduct.
    """

    temperature_C: Num
    porosity: Num  # the layer's, as used (given, or under the operating stack pressure)
    thickness_um: Num
    phases: tuple[tuple[Conduction, Num], ...]
    model: TransportModel

    @read_once
    def _values(self) -> tuple[Num, Num, Num, Num]:
        return layer_conductivities(
            self.phases,
            self.temperature_C,
            self.model.bruggeman_exponent,
            self.model.percolation_threshold,
        )

    @property
    def ionic_volume_fraction(self) -> Num:
        return self._values[0]

    @property
    def electronic_volume_fraction(self) -> Num:
        return self._values[1]

    @property
    def ionic_conductivity_S_cm(self) -> Num:
        return self._values[2]

    @property
    def electronic_conductivity_S_cm(self) -> Num:
        return self._values[3]

    @property
    def ionic_asr_ohm_cm2(self) -> Num:
        return area_specific_resistance_ohm_cm2(self.thickness_um, self._values[2])

    @property
    def electronic_asr_ohm_cm2(self) -> Num:
        return area_specific_resistance_ohm_cm2(self.thickness_um, self._values[3])


def ionic_asr_in_series(transports: Iterable[TransportResult]) -> Num:
    """Layers crossed one after the other: their ionic ASRs add (ohm cm2)."""
    total: Num = 0.0
    for transport in transports:
        total = total + transport.ionic_asr_ohm_cm2
    return total


class Areas(NamedTuple):
    """Each layer's area in the cell, cm2 (one unit cell's): the cathode's is the format's, the
    anode and separator reach past it by the design's overhang."""

    cathode: Num  # and its collector
    anode: Num  # and its collector
    separator: Num
    facing: Num  # where cathode and anode face each other: what carries the capacity
    outline: Num  # a pouch's outline with seals and headspace; a pellet's largest layer

    def text(self) -> str:
        """As the text output and the report print them."""
        return (
            f"Areas: cathode {_cm2(self.cathode)}, anode {_cm2(self.anode)}, separator "
            f"{_cm2(self.separator)}, facing {_cm2(self.facing)}, outline {_cm2(self.outline)}"
        )


def _cm2(value: Num) -> str:
    if np.ndim(value) == 0:
        return f"{float(value):.4g} cm2"
    return f"{np.min(value):.4g} to {np.max(value):.4g} cm2"


@dataclass(frozen=True)
class FixtureResult:
    """The fixture that holds the stack pressure: weighed (sized False: only mass and volume) or
    sized from the pressure by engine/physics/fixture.py's rule (plates, bolts, force)."""

    sized: bool
    mass_g: Num
    volume_cm3: Num
    material: str | None = None
    safety_factor: Num | None = None
    force_N: Num | None = None
    plate_thickness_mm: Num | None = None  # each of the two end plates
    bolt_area_mm2: Num | None = None  # all tie bolts together
    bolt_length_mm: Num | None = None
    cells: int = 1  # the cells it holds: each carries mass_g / cells and volume_cm3 / cells

    @property
    def mass_per_cell_g(self) -> Num:
        return self.mass_g / self.cells

    @property
    def volume_per_cell_cm3(self) -> Num:
        return self.volume_cm3 / self.cells


@dataclass(frozen=True)
class LayerResult:
    """One kind of layer. count: how many such layers the cell holds (collectors of a
    double-sided stack serve two unit cells). Thicknesses are of one layer."""

    key: str
    label: str
    material: str
    count: Num
    mass_mg_cm2: Num
    thickness_um: Num  # as built
    thickness_charged_um: Num  # at top of charge
    thickness_discharged_um: Num  # at end of discharge
    mass_g: Num  # all layers of this kind in the cell
    volume_cm3: Num  # all layers of this kind in the cell, at top of charge
    mass_share: Num  # of the packaged cell's mass
    components: tuple[ComponentResult, ...] = ()
    transport: TransportResult | None = None  # cathode, separator layers, composite anodes
    compaction: CompactionResult | None = None  # when the porosity is derived from pressure

    @property
    def porosity(self) -> Num:
        """The layer's porosity as used: given, or under the operating stack pressure (0 for
        foils, collectors and packaging)."""
        return 0.0 if self.transport is None else self.transport.porosity

    @property
    def porosity_source(self) -> str:
        """Where the porosity comes from: "given" in the design, derived from "pressure", or
        "dense" (foils, collectors, packaging: no pores, no transport result)."""
        if self.compaction is not None:
            return "pressure"
        return "dense" if self.transport is None else "given"


@dataclass(frozen=True)
class Rung:
    """One level of the energy-density ladder, with the one-line basis it is computed on."""

    key: str
    level: int
    label: str
    energy_Wh: Num
    voltage_V: Num
    mass_g: Num
    volume_cm3: Num  # at the state the basis names (top of charge unless it says otherwise)
    volume_discharged_cm3: Num
    basis: str
    # The same rung's energy at the cell voltage: levels 1 and 2 are counted vs Li+/Li, and many
    # papers quote them at the cell voltage instead; for levels 3 and up it is energy_Wh.
    energy_at_cell_voltage_Wh: Num
    cell_voltage_V: Num

    # Ratios are computed when read: a sweep pays only for the ones it uses.
    @property
    def wh_per_kg(self) -> Num:
        return self.energy_Wh / self.mass_g * 1000.0

    @property
    def wh_per_l(self) -> Num:
        return self.energy_Wh / self.volume_cm3 * 1000.0

    @property
    def wh_per_l_discharged(self) -> Num:
        return self.energy_Wh / self.volume_discharged_cm3 * 1000.0

    @property
    def vs_lithium(self) -> bool:
        """Whether the rung's own energy is counted at the cathode's potential vs Li+/Li."""
        return self.level <= 2

    @property
    def has_cell_voltage_figures(self) -> bool:
        """Whether the rung's figures at the cell voltage differ from its own (levels 1 and 2
        against an anode that is not at 0 V vs Li+/Li): then both are shown."""
        return self.vs_lithium and bool(np.any(self.voltage_V != self.cell_voltage_V))

    @property
    def wh_per_kg_at_cell_voltage(self) -> Num:
        return self.energy_at_cell_voltage_Wh / self.mass_g * 1000.0

    @property
    def wh_per_l_at_cell_voltage(self) -> Num:
        return self.energy_at_cell_voltage_Wh / self.volume_cm3 * 1000.0

    @property
    def wh_per_l_discharged_at_cell_voltage(self) -> Num:
        return self.energy_at_cell_voltage_Wh / self.volume_discharged_cm3 * 1000.0


class Later(Generic[T]):
    """A value computed when first asked for, then kept, and what it was computed from let go:
    for results that cost more to build than most readers need. Copies of the results
    (dataclasses.replace) share it. Two threads that ask at once may both compute it, to the
    same value."""

    __slots__ = ("_compute", "_value")

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute: Callable[[], T] | None = compute
        self._value: T | None = None

    def __call__(self) -> T:
        compute = self._compute
        if compute is not None:
            self._value = compute()
            self._compute = None
        return cast(T, self._value)


class CellTotals(NamedTuple):
    """The whole cell's figures, found while its ladder is built (engine/evaluate/ladder.py)."""

    energy_Wh: Num
    mass_g: Num
    volume_cm3: Num
    stack_thickness_um: Num  # at top of charge
    fixture: FixtureResult | None  # only when the design has one


@dataclass(frozen=True)
class Results:
    """A design's results. The ladder with the cell's totals, the layer rows and the warnings are
    built when first read, each once: a study or a curve that reads a few results does not pay
    for the rest, and a window that shows them all pays the same."""

    design: Design
    library: Library = field(compare=False, repr=False)  # the one it was computed with
    # How the ladder and the totals are built, and the layer rows: each built on its first call.
    ladder_of: Later[tuple[tuple[Rung, ...], CellTotals]] = field(compare=False, repr=False)
    layers_of: Later[tuple[LayerResult, ...]] = field(compare=False, repr=False)
    # What the design's numbers warn of, in the order they are found: validate's, then those of
    # the capacities, the layers, the voltages and the interfaces (built on the first call).
    warnings_of: Later[tuple[DesignWarning, ...]] = field(compare=False, repr=False)
    area_cm2: Num  # where cathode and anode face each other (Areas.facing)
    unit_cells: int
    areas: Areas
    cathode_capacity_theoretical_mAh_cm2: Num
    cathode_capacity_practical_mAh_cm2: Num
    anode_capacity_mAh_cm2: Num
    areal_capacity_mAh_cm2: Num  # what the cell delivers, on the design's capacity basis
    capacity_mAh: Num
    n_p_ratio: Num | None  # None for an anode-free cell
    cathode_voltage_V: Num  # mean discharge potential vs Li+/Li
    anode_voltage_V: Num  # mean potential vs Li+/Li
    cell_voltage_V: Num
    n_p_reference_mAh_cm2: Num  # the cathode capacity N/P is taken on (its n_p_basis)
    anode_lithium_mAh_cm2: Num  # the Li the anode holds as built (a Li foil, a lithiated host)
    lithium_shortfall_mAh_cm2: Num  # Li the cathode would take that no electrode can give
    lithium_excess_mAh_cm2: Num  # Li the anode holds beyond what the cathode takes from it
    # The components resolved against the library and their masses as made (mg/cm2): the
    # curve's inputs are built from them.
    cathode_parts: tuple[Part, ...] = field(compare=False, repr=False)
    anode_parts: tuple[Part, ...] = field(compare=False, repr=False)
    cathode_masses_mg_cm2: tuple[Num, ...] = field(compare=False, repr=False)
    anode_masses_mg_cm2: tuple[Num, ...] = field(compare=False, repr=False)
    # The transport through the composite cathode and through each separator layer.
    cathode_transport: TransportResult = field(compare=False, repr=False)
    separator_transports: tuple[TransportResult, ...] = field(compare=False, repr=False)
    # A coated cathode's shells (engine/evaluate/coating.py): their mass, and their resistance at
    # the operating temperature, in series with the interphases; 0 uncoated.
    coating_mg_cm2: Num = 0.0
    coating_asr_ohm_cm2: Num = 0.0
    # What the cell's materials cost at the design's prices (engine/evaluate/cost.py); None
    # when the design gives none.
    cost: CostResult | None = None

    @property
    def ladder(self) -> tuple[Rung, ...]:
        return self.ladder_of()[0]

    @property
    def layers(self) -> tuple[LayerResult, ...]:
        return self.layers_of()

    @property
    def warnings(self) -> tuple[DesignWarning, ...]:
        return self.warnings_of()

    @property
    def energy_Wh(self) -> Num:
        return self.ladder_of()[1].energy_Wh

    @property
    def cell_mass_g(self) -> Num:
        return self.ladder_of()[1].mass_g

    @property
    def cell_volume_cm3(self) -> Num:
        return self.ladder_of()[1].volume_cm3

    @property
    def stack_thickness_um(self) -> Num:
        """At top of charge."""
        return self.ladder_of()[1].stack_thickness_um

    @property
    def fixture(self) -> FixtureResult | None:
        """Only when the design has one."""
        return self.ladder_of()[1].fixture

    # Area-specific resistances at the operating temperature (ohm cm2, one unit cell), computed
    # when read from the transport results.
    @property
    def separator_asr_ohm_cm2(self) -> Num:
        """The ionic path through all separator layers (their ASRs in series)."""
        return ionic_asr_in_series(self.separator_transports)

    @property
    def interface_asr_ohm_cm2(self) -> Num:
        """The interphases between the layers in series (the design's interfaces)."""
        return interfaces_in_series(self.design.interfaces, len(self.design.separator))

    @property
    def cathode_ionic_asr_ohm_cm2(self) -> Num:
        """The composite cathode's ionic path through its whole thickness."""
        return self.cathode_transport.ionic_asr_ohm_cm2

    @property
    def cathode_electronic_asr_ohm_cm2(self) -> Num:
        """The composite cathode's electronic path through its whole thickness."""
        return self.cathode_transport.electronic_asr_ohm_cm2

    @property
    def areal_capacity_basis(self) -> str:
        """What areal_capacity_mAh_cm2 is, in words: the capacity on the design's basis, or what
        the discharge curve delivers when the ladder's energy is read off it."""
        if self.design.energy_basis == "curve":
            return "capacity the discharge curve delivers"
        return f"{self.design.capacity_basis} capacity"

    def n_p_ratio_on(self, basis: str) -> Num | None:
        """The anode's capacity over the cathode's on either basis ("practical" or
        "theoretical"); None for an anode-free cell."""
        if self.n_p_ratio is None:
            return None
        cathode = (
            self.cathode_capacity_theoretical_mAh_cm2
            if basis == "theoretical"
            else self.cathode_capacity_practical_mAh_cm2
        )
        return self.anode_capacity_mAh_cm2 / cathode

    def rung(self, key: str) -> Rung:
        for rung in self.ladder:
            if rung.key == key:
                return rung
        raise KeyError(f"no rung {key!r}; rungs: {[r.key for r in self.ladder]}")

    def layer(self, key: str) -> LayerResult:
        for layer in self.layers:
            if layer.key == key:
                return layer
        raise KeyError(f"no layer {key!r}; layers: {[layer.key for layer in self.layers]}")
