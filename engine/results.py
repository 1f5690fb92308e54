"""What evaluate returns: immutable results, per layer, per component and per ladder rung.

Every numeric field is a float for a scalar design, or a numpy array of the broadcast shape for a
vectorised one. Per-area values are per cm2 of one unit cell (one cathode / separator / anode
repeat); per-cell values are for the whole cell of the design's format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.design import Design, Num
from engine.problems import DesignWarning


@dataclass(frozen=True)
class ComponentResult:
    material: str
    mass_fraction: Num
    mass_mg_cm2: Num
    solid_volume_um: Num  # pore-free volume per area, as a thickness (um = 1e-4 cm3/cm2)
    mass_g: Num  # in the whole cell


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


@dataclass(frozen=True)
class Results:
    design: Design
    area_cm2: Num
    unit_cells: int
    layers: tuple[LayerResult, ...]
    cathode_capacity_theoretical_mAh_cm2: Num
    cathode_capacity_practical_mAh_cm2: Num
    anode_capacity_mAh_cm2: Num
    areal_capacity_mAh_cm2: Num  # what the cell delivers, on the design's capacity basis
    capacity_mAh: Num
    n_p_ratio: Num | None  # None for an anode-free cell
    cathode_voltage_V: Num  # mean discharge potential vs Li+/Li
    anode_voltage_V: Num  # mean potential vs Li+/Li
    cell_voltage_V: Num
    energy_Wh: Num
    cell_mass_g: Num
    cell_volume_cm3: Num
    stack_thickness_um: Num  # at top of charge
    ladder: tuple[Rung, ...]
    warnings: tuple[DesignWarning, ...]
    intermediates: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

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
