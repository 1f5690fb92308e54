"""The design: an all-solid-state cell stack as frozen dataclasses, units in the field names.

Every numeric field may be a float or a numpy array; evaluate broadcasts arrays, so a sweep is the
same call with an array in place of a float. Fields are addressed by dotted paths that match the
design file (``cathode.active_loading_mg_cm2``, ``separator[0].thickness_um``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

Num = float | NDArray[np.float64]
# What one design's number is, for isinstance (a tuple: about 3x faster than float | int there).
SCALAR = (float, int)

AnodeKind = Literal["li_metal", "alloy_foil", "composite", "anode_free"]
CapacityBasis = Literal["practical", "theoretical"]
EnergyBasis = Literal["nominal", "curve"]

ANODE_KINDS: tuple[str, ...] = ("li_metal", "alloy_foil", "composite", "anode_free")
CAPACITY_BASES: tuple[str, ...] = ("practical", "theoretical")
ENERGY_BASES: tuple[str, ...] = ("nominal", "curve")
Distribution = Literal["normal", "uniform"]
DISTRIBUTIONS: tuple[str, ...] = ("normal", "uniform")


@dataclass(frozen=True)
class Component:
    """One material of a composite layer, by mass fraction of the layer's solids.

    capacity_mAh_g and density_g_cm3 override the library for this design (a measured specific
    capacity per gram of the material as made; a measured solid density); particle_radius_um, the
    radius of an active's particles (or domains) for the voltage curve (engine/voltage); None
    uses the library.
    """

    material: str
    mass_fraction: Num
    capacity_mAh_g: Num | None = None
    density_g_cm3: Num | None = None
    particle_radius_um: Num | None = None


@dataclass(frozen=True)
class CurrentCollector:
    material: str
    thickness_um: Num


@dataclass(frozen=True)
class Cathode:
    """Composite cathode. Exactly one of active_loading_mg_cm2 (active materials only),
    loading_mg_cm2 (all solids) or thickness_um sets its size; porosity is the pore volume fraction.
    mean_voltage_V: a measured mean discharge potential vs Li+/Li; None uses the library's.
    pressing_pressure_MPa: give it (with porosity None) to derive the porosity from the pressure
    the layer was pressed at and the operating stack pressure (engine/physics/compaction.py); a
    thickness_um given is then the thickness under the stack pressure.
    first_cycle_efficiency: the measured share of the first cycle's capacity that comes back in
    the next (formation); None uses the actives' first-cycle losses in the library.
    coating_material, coating_thickness_nm: a shell of this ion conductor (a library material,
    e.g. LiNbO3 added as a user material) this thick on every active's particles; both or
    neither. Each active component is then its coated powder: its mass fraction, the active
    loading and the active material's rung include the shell, whose mass and volume come from its
    density, and whose resistance adds to the interphases' (engine/evaluate/coating.py).
    """

    components: tuple[Component, ...]
    porosity: Num | None = 0.0
    active_loading_mg_cm2: Num | None = None
    loading_mg_cm2: Num | None = None
    thickness_um: Num | None = None
    mean_voltage_V: Num | None = None
    pressing_pressure_MPa: Num | None = None
    first_cycle_efficiency: Num | None = None
    coating_material: str | None = None
    coating_thickness_nm: Num | None = None


@dataclass(frozen=True)
class SeparatorLayer:
    """One solid-electrolyte layer, sized by exactly one of thickness_um or loading_mg_cm2 (its
    areal mass: the thickness then follows the porosity). porosity, or pressing_pressure_MPa with
    porosity None, as for the cathode."""

    material: str
    thickness_um: Num | None = None
    porosity: Num | None = 0.0
    pressing_pressure_MPa: Num | None = None
    loading_mg_cm2: Num | None = None


@dataclass(frozen=True)
class Anode:
    """The negative electrode.

    kind li_metal: Li foil, sized by thickness_um or n_p_ratio; components stay empty.
    kind alloy_foil: one component (In, LiIn), sized by thickness_um or n_p_ratio.
    kind composite: graphite or Si with electrolyte, carbon, binder; thickness_um, loading_mg_cm2
        or n_p_ratio; porosity as for the cathode.
    kind anode_free: Li plates on the collector at charge; an optional interlayer (one component,
        e.g. AgC) of thickness_um.
    mean_voltage_V: mean potential vs Li+/Li; None uses the library's (Li and plated Li: 0 V).
    pressing_pressure_MPa: composite anodes and interlayers only, as for the cathode.
    coulombic_efficiency: the share of the Li cycled that comes back each cycle (measured); None
        uses the library's for the electrolyte facing a Li metal or anode-free anode, if any.
    prelithiation_mAh_cm2: Li added to the anode before assembly (a Li foil pressed on, Li
        powder, a Li layer on an anode-free collector), mAh/cm2; it lithiates a host up to its
        capacity (the rest stays Li metal) and adds to the cell's Li inventory. None: none; not
        for a Li metal anode, which is all Li.
    """

    kind: AnodeKind
    components: tuple[Component, ...] = ()
    porosity: Num | None = 0.0
    thickness_um: Num | None = None
    loading_mg_cm2: Num | None = None
    n_p_ratio: Num | None = None
    mean_voltage_V: Num | None = None
    pressing_pressure_MPa: Num | None = None
    coulombic_efficiency: Num | None = None
    prelithiation_mAh_cm2: Num | None = None


@dataclass(frozen=True)
class PelletFormat:
    """A lab pellet cell pressed in a die: one unit cell, no packaging; diameter_mm is the
    cathode's (the die's where no layer overhangs it)."""

    diameter_mm: Num


@dataclass(frozen=True)
class PouchFormat:
    """A stacked pouch cell. width_mm x height_mm is the cathode's area; unit_cells counts
    cathode/separator/anode units; with double_sided coating each collector carries two electrodes.
    The pouch outline adds seal_width_mm on every side of the largest layer and headspace_mm at
    the tab end.
    """

    width_mm: Num
    height_mm: Num
    unit_cells: int = 1
    double_sided: bool = False
    tab_mass_g: Num = 0.0
    foil_thickness_um: Num = 113.0
    foil_density_g_cm3: Num = 1.6
    seal_width_mm: Num = 5.0
    headspace_mm: Num = 10.0


@dataclass(frozen=True)
class Fixture:
    """What holds the stack pressure (end plates, bolts): counted only at the fixture level.

    Either its mass_g and volume_cm3 as weighed and measured, or a material (a metal of the
    library with yield_strength_MPa and poisson_ratio) to size two end plates and tie bolts from
    the operating stack pressure and the electrode area (engine/physics/fixture.py states the rule);
    safety_factor: the yield strength over the allowable stress of the sized parts (None: 2).
    cells: how many such cells the fixture holds, stacked (a module); each carries its share. A
    weighed fixture's mass and volume are the whole fixture's; a sized one's tie bolts span the
    stack of all of them.
    """

    mass_g: Num | None = None
    volume_cm3: Num | None = None
    material: str | None = None
    safety_factor: Num | None = None
    cells: int = 1


@dataclass(frozen=True)
class Operating:
    """How the cell is used. c_rate (1/h) is the current of the voltage curve as a multiple of the
    cathode's capacity on c_rate_basis (its actives' theoretical capacity, or its practical one);
    discharge_cutoff_V and charge_cutoff_V are cell voltages that end a discharge and a charge
    (None: the window of the cathode actives' open-circuit data less the anode's potential);
    cycles: how many cycles the Li inventory is counted over (a round 100 that no paper fixes)."""

    stack_pressure_MPa: Num = 10.0
    temperature_C: Num = 25.0
    c_rate: Num = 0.1
    c_rate_basis: CapacityBasis = "theoretical"
    discharge_cutoff_V: Num | None = None
    charge_cutoff_V: Num | None = None
    cycles: Num = 100.0


@dataclass(frozen=True)
class Interfaces:
    """The interphase resistances between the layers, as measured (an impedance spectrum's
    interfacial arc) at the operating temperature, per cm2 of the cell's area (ohm cm2); 0 counts
    none. electrolyte_electrolyte is each junction between separator layers (a bilayer has
    one). They add to the ohmic loss of the voltage curve, each its own term."""

    cathode_electrolyte_ohm_cm2: Num = 0.0
    electrolyte_electrolyte_ohm_cm2: Num = 0.0
    electrolyte_anode_ohm_cm2: Num = 0.0


NO_INTERFACES = Interfaces()


@dataclass(frozen=True)
class Overhang:
    """How far the layers reach past the cathode, as real stacks are cut: anode_mm, the anode
    and its collector beyond the cathode's edge on every side (negative: the anode stops short
    of it, so the cathode's rim faces no anode); separator_mm, the separator beyond the larger
    electrode on every side. The cell format's size is the cathode's."""

    anode_mm: Num = 0.0
    separator_mm: Num = 0.0

    def any(self) -> bool:
        """Whether a layer reaches past (or short of) the cathode, in any design of a sweep."""
        return bool(
            np.any(np.asarray(self.anode_mm) != 0) or np.any(np.asarray(self.separator_mm) != 0)
        )


NO_OVERHANG = Overhang()


@dataclass(frozen=True)
class TransportModel:
    """How a phase's volume fraction phi sets its effective conductivity
    (engine/physics/transport.py): sigma ((phi - percolation_threshold) / (1 -
    percolation_threshold))^bruggeman_exponent, zero at or below the threshold; the defaults are
    Bruggeman's sigma phi^1.5."""

    bruggeman_exponent: Num = 1.5
    percolation_threshold: Num = 0.0


@dataclass(frozen=True)
class Tolerance:
    """How sure one numeric input is (engine/studies/uncertainty.py draws from it).

    field: the input's path, as a sweep names it (``cathode.porosity``,
    ``cathode.active_fraction``, ``cathode.components[0].density_g_cm3`` for a library value the
    design may override). amount: a fraction of the value when relative, else in the field's
    unit. distribution normal: the amount is one standard deviation; uniform: the half-width.
    """

    field: str
    amount: float
    relative: bool = True
    distribution: Distribution = "normal"

    def spread(self, value: float) -> float:
        """One standard deviation (normal) or the half-width (uniform), in the field's unit."""
        return abs(value) * self.amount if self.relative else self.amount

    def text(self) -> str:
        """As a reader writes it: "±5 % (normal, 1 s.d.)", "±0.02 (uniform)"."""
        amount = f"{self.amount * 100:g} %" if self.relative else f"{self.amount:g}"
        kind = "normal, 1 s.d." if self.distribution == "normal" else "uniform"
        return f"±{amount} ({kind})"


@dataclass(frozen=True)
class Price:
    """What one material costs, as the user found it: usd_per_kg (US$ per kg), where the figure
    comes from (a supplier's quote, a paper and its table) and the year it is for. material: a
    material the design names, or a pouch's "pouch laminate" or "tab metal"
    (engine/evaluate/cost.py counts the cell's materials with it)."""

    material: str
    usd_per_kg: Num
    source: str = ""
    year: int | None = None


# The default model, shared: validate() skips checking it (design_io reads defaults as this one).
DEFAULT_TRANSPORT = TransportModel()


@dataclass(frozen=True)
class Design:
    """A whole cell. n_p_basis: which cathode capacity the N/P ratio divides by;
    capacity_basis: which capacities the energy uses (practical or theoretical); energy_basis:
    the ladder's energy as capacity x mean voltage ("nominal") or as the energy of the discharge
    curve at the operating C-rate and temperature ("curve"); electrode_volume_change: False keeps
    every electrode at its as-built thickness through the cycle (no swelling or shrinking of the
    actives, no plated Li), the convention of papers that ignore it, for comparing with them;
    tolerances: how sure the numeric inputs are, one per field (Tolerance); interfaces: the
    interphase resistances between the layers (Interfaces); overhang: how far the anode and the
    separator reach past the cathode (Overhang); liquid_electrolyte: the library's liquid
    electrolyte that fills the pores of every porous layer, as in a Li-ion cell (None: the pores
    are empty, as in an all-solid-state cell); prices: what its materials cost (Price), one per
    material, for the cost of the cell (none: no cost)."""

    name: str
    cathode: Cathode
    separator: tuple[SeparatorLayer, ...]
    anode: Anode
    cathode_collector: CurrentCollector | None = None
    anode_collector: CurrentCollector | None = None
    cell_format: PelletFormat | PouchFormat = field(default_factory=lambda: PelletFormat(10.0))
    operating: Operating = field(default_factory=Operating)
    fixture: Fixture | None = None
    n_p_basis: CapacityBasis = "practical"
    capacity_basis: CapacityBasis = "practical"
    author: str = ""
    notes: str = ""
    transport: TransportModel = DEFAULT_TRANSPORT
    energy_basis: EnergyBasis = "nominal"
    electrode_volume_change: bool = True
    tolerances: tuple[Tolerance, ...] = ()
    interfaces: Interfaces = NO_INTERFACES
    overhang: Overhang = NO_OVERHANG
    liquid_electrolyte: str | None = None
    prices: tuple[Price, ...] = ()


# A component's field: its layer, its index and the field ("cathode.components[0].density_g_cm3").
COMPONENT_FIELD = re.compile(r"^(cathode|anode)\.components\[(\d+)\]\.(\w+)$")
# A price's field: its index and the field ("prices[0].usd_per_kg").
PRICE_FIELD = re.compile(r"^prices\[(\d+)\]\.(\w+)$")
_PATH_PART = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$")


# The fields that name a material of the library.
MATERIAL_FIELDS = ("material", "coating_material", "liquid_electrolyte")


def material_ids(obj: Any) -> list[str]:
    """Every material a design names (components, layers, collectors, fixture, the cathode's
    coating, the liquid electrolyte), once each, in file order; not its prices'."""
    found: list[str] = []
    if isinstance(obj, tuple):
        for item in obj:
            found += [m for m in material_ids(item) if m not in found]
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name == "prices":  # a price list may name what the design does not use
                continue
            if f.name in MATERIAL_FIELDS and isinstance(value, str):
                if value not in found:
                    found.append(value)
            else:
                found += [m for m in material_ids(value) if m not in found]
    return found


def get_field(obj: Any, path: str) -> Any:
    """The value at a dotted path such as ``separator[1].thickness_um``."""
    for part in path.split("."):
        match = _PATH_PART.match(part)
        if match is None:
            raise KeyError(f"not a field path: {path!r}")
        name, index = match.groups()
        if not hasattr(obj, name):
            raise KeyError(f"no field {part!r} in {path!r}")
        obj = getattr(obj, name)
        if index is not None:
            obj = obj[int(index)]
    return obj


def replace_field(obj: Any, path: str, value: Any) -> Any:
    """A copy of obj with the field at path set to value (frozen dataclasses and tuples)."""
    head, _, rest = path.partition(".")
    match = _PATH_PART.match(head)
    if match is None or not dataclasses.is_dataclass(obj) or not hasattr(obj, match.group(1)):
        raise KeyError(f"no field {path!r} in {type(obj).__name__}")
    name, index = match.groups()
    current = getattr(obj, name)
    if index is None:
        new = replace_field(current, rest, value) if rest else value
    else:
        items = list(current)
        i = int(index)
        if not 0 <= i < len(items):
            raise KeyError(f"{name}[{i}] does not exist: {name} has {len(items)} entries")
        items[i] = replace_field(items[i], rest, value) if rest else value
        new = tuple(items)
    assert not isinstance(obj, type)  # an instance: is_dataclass() above is true of classes too
    return dataclasses.replace(obj, **{name: new})
