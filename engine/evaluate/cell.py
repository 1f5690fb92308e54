"""The cell format around the unit cells: each layer's area, unit cells, collectors and
packaging."""

from __future__ import annotations

from typing import NamedTuple

from engine.design import NO_OVERHANG, Design, Num, Overhang, PelletFormat, PouchFormat
from engine.evaluate.arrays import positive_part
from engine.materials import Library
from engine.physics.packaging import (
    collector_counts,
    pellet_area_cm2,
    pouch_outline_area_cm2,
    rectangle_area_cm2,
)
from engine.physics.stack import layer_loading_mg_cm2
from engine.results import Areas


class Geometry(NamedTuple):
    """The cell's format in numbers (a pellet: one unit cell, one collector each, no packaging).
    Areas in cm2; with no overhang all four electrode areas are the format's."""

    area: Num  # where cathode and anode face each other: the area that carries the capacity
    n: int  # unit cells
    n_cathode_cc: int
    n_anode_cc: int
    outline_area: Num  # a pouch's outline with seals and headspace; a pellet's footprint
    foil_um: Num  # pouch foil thickness
    foil_density: Num  # g/cm3
    tabs_g: Num
    cathode_area: Num  # the cathode and its collector
    anode_area: Num  # the anode and its collector
    separator_area: Num

    @property
    def footprint(self) -> Num:
        """The largest layer's area: the stack's cross-section and what a fixture presses. The
        separator reaches past the larger electrode, so it is the separator's."""
        return self.separator_area


def geometry(cell: PelletFormat | PouchFormat, overhang: Overhang = NO_OVERHANG) -> Geometry:
    """Each layer's area, unit cells, collector counts and packaging of the cell format, the
    anode and separator widened on every side by their overhang."""
    anode_mm = overhang.anode_mm
    outer_mm = positive_part(anode_mm) + overhang.separator_mm  # the separator past the cathode
    facing_mm = anode_mm - positive_part(anode_mm)  # min(anode, 0): the anode's shortfall
    if isinstance(cell, PelletFormat):
        d = cell.diameter_mm
        separator = pellet_area_cm2(d + 2 * outer_mm)
        return Geometry(
            pellet_area_cm2(d + 2 * facing_mm),
            1,
            1,
            1,
            separator,
            0.0,
            0.0,
            0.0,
            pellet_area_cm2(d),
            pellet_area_cm2(d + 2 * anode_mm),
            separator,
        )
    assert isinstance(cell, PouchFormat)
    w, h = cell.width_mm, cell.height_mm
    n_cathode_cc, n_anode_cc = collector_counts(cell.unit_cells, cell.double_sided)
    return Geometry(  # positional, in field order: a keyword call costs a third more
        rectangle_area_cm2(w, h, facing_mm),
        cell.unit_cells,
        n_cathode_cc,
        n_anode_cc,
        pouch_outline_area_cm2(
            w + 2 * outer_mm, h + 2 * outer_mm, cell.seal_width_mm, cell.headspace_mm
        ),
        cell.foil_thickness_um,
        cell.foil_density_g_cm3,
        cell.tab_mass_g,
        w * h / 100.0,
        rectangle_area_cm2(w, h, anode_mm),
        rectangle_area_cm2(w, h, outer_mm),
    )


def areas(g: Geometry) -> Areas:
    """The layers' areas as the results report them."""
    return Areas(g.cathode_area, g.anode_area, g.separator_area, g.area, g.outline_area)


def collector_masses(design: Design, library: Library) -> tuple[Num, Num]:
    """The cathode and anode collectors' areal masses, mg/cm2 (0 where there is none)."""
    out: list[Num] = []
    for collector in (design.cathode_collector, design.anode_collector):
        if collector is None:
            out.append(0.0)
        else:
            rho = library[collector.material].value("density_g_cm3")
            out.append(layer_loading_mg_cm2(collector.thickness_um, rho, 0.0))
    return out[0], out[1]


def collector_thicknesses(design: Design) -> tuple[Num, Num]:
    """The cathode and anode collectors' thicknesses, um (0 where there is none)."""
    cathode, anode = design.cathode_collector, design.anode_collector
    return (
        0.0 if cathode is None else cathode.thickness_um,
        0.0 if anode is None else anode.thickness_um,
    )
