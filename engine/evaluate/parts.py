"""The components of a design resolved against the library: each one's numbers (the library's,
or the design's overrides), memoised per library so that an edit re-resolves only what changed.

An active material is tracked by its degree of lithiation y (engine/physics/lithiation.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine.design import Component, Num
from engine.evaluate.memo import MEMO_LIMIT
from engine.materials import Library, Material
from engine.physics.lithiation import (
    densest_as_made,
    end_volumes_cm3_g,
    lithiation_as_made,
)
from engine.physics.stack import UM_PER_MG_CM2_PER_G_CM3

LITHIUM_ID = "Li"


@dataclass(frozen=True)
class Part:
    """One component of a composite layer, resolved against the library.

    An active material is tracked by its degree of lithiation y: its mass is mass_made * (r_d +
    y (r_l - r_d)) and its solid volume interpolates likewise between the two end forms, with
    r_d, r_l the masses of the fully delithiated / lithiated forms per unit mass as made.
    """

    material: Material
    fraction: Num
    density: Num  # as made
    capacity_theoretical: Num
    capacity_used: Num  # practical (or override) or theoretical, per the design's basis
    capacity_practical: Num
    voltage: Num
    active: bool
    lithiated: bool  # built holding its Li
    r_d: Num
    r_l: Num
    v_d: Num  # cm3 per g as made, fully delithiated
    v_l: Num  # cm3 per g as made, fully lithiated
    y_made: float  # degree of lithiation as made
    shell_volume_ratio: Num = 0.0  # a coated active's shell, per volume of its core
    shell_mass_share: Num = 0.0  # and its share of the coated powder's mass
    core: Part | None = None  # a coated active's own numbers, uncoated

    @property
    def uncoated(self) -> Part:
        """The component's own numbers: its core's, if it is coated."""
        return self if self.core is None else self.core

    def mass_at(self, mass_made: Num, y: Num) -> Num:
        """Mass at lithiation degree y of what was mass_made as made."""
        if not self.active:
            return mass_made
        return mass_made * (self.r_d + y * (self.r_l - self.r_d))

    def volume_um_at(self, mass_made: Num, y: Num) -> Num:
        """Pore-free volume per area (as a thickness in um) at lithiation degree y."""
        if not self.active:
            return mass_made * UM_PER_MG_CM2_PER_G_CM3 / self.density
        return mass_made * UM_PER_MG_CM2_PER_G_CM3 * ((1.0 - y) * self.v_d + y * self.v_l)


def resolve(component: Component, library: Library, basis: str) -> Part:
    """The component's numbers from the library and the design's overrides (memoised for
    scalar components: an edit re-resolves only what it changed)."""
    try:
        return library.memo[component, basis]  # type: ignore[return-value]
    except TypeError:  # array fields (a sweep) are not hashable
        return _resolve_part(component, library, basis)
    except KeyError:
        if len(library.memo) > MEMO_LIMIT:
            library.memo.clear()
        part = library.memo[component, basis] = _resolve_part(component, library, basis)
        return part


def _resolve_part(component: Component, library: Library, basis: str) -> Part:
    material = library[component.material]
    density = (
        material.value("density_g_cm3")
        if component.density_g_cm3 is None
        else component.density_g_cm3
    )

    theoretical = material.get("capacity_theoretical_mAh_g") or 0.0
    practical = (
        material.get("capacity_practical_mAh_g") or 0.0
        if component.capacity_mAh_g is None
        else component.capacity_mAh_g
    )
    lithiated = material.as_made == "lithiated"
    r_d = material.mass_ratio("delithiated")
    r_l = material.mass_ratio("lithiated")
    y_made = lithiation_as_made(r_d, r_l, lithiated)
    v_d, v_l = end_volumes_cm3_g(
        density,
        material.get("density_delithiated_g_cm3"),
        material.get("density_lithiated_g_cm3"),
        r_d,
        r_l,
        y_made,
    )
    return Part(
        material=material,
        fraction=component.mass_fraction,
        density=density,
        capacity_theoretical=theoretical,
        capacity_used=theoretical if basis == "theoretical" else practical,
        capacity_practical=practical,
        voltage=material.get("voltage_avg_V") or 0.0,
        active=material.is_active,
        lithiated=lithiated,
        r_d=r_d,
        r_l=r_l,
        v_d=v_d,
        v_l=v_l,
        y_made=y_made,
    )


def densest_as_made_of(material: Material) -> tuple[float, str]:
    """The as-made density above which an active's other end form would take no volume, and
    the end form whose library density sets it (densest_as_made; inf and "" for no bound)."""
    r_d, r_l = material.mass_ratio("delithiated"), material.mass_ratio("lithiated")
    return densest_as_made(
        material.get("density_delithiated_g_cm3"),
        material.get("density_lithiated_g_cm3"),
        r_d,
        r_l,
        lithiation_as_made(r_d, r_l, material.as_made == "lithiated"),
    )


def solid_volume_um(parts: Sequence[Part], masses: Sequence[Num], ys: Sequence[Num]) -> Num:
    total: Num = 0.0
    for part, mass, y in zip(parts, masses, ys, strict=True):
        total = total + part.volume_um_at(mass, y)
    return total
