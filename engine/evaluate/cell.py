"""The cell format around the unit cells: electrode area, unit cells, collectors and packaging."""

from __future__ import annotations

from typing import NamedTuple

from engine.design import Design, Num, PelletFormat, PouchFormat
from engine.materials import Library
from engine.physics.packaging import collector_counts, pellet_area_cm2, pouch_outline_area_cm2
from engine.physics.stack import layer_loading_mg_cm2


class Geometry(NamedTuple):
    """The cell's format in numbers (a pellet: one unit cell, one collector each, no packaging)."""

    area: Num  # electrode area, cm2
    n: int  # unit cells
    n_cathode_cc: int
    n_anode_cc: int
    outline_area: Num  # cm2 (a pouch's outline with seals and headspace; a pellet's area)
    foil_um: Num  # pouch foil thickness
    foil_density: Num  # g/cm3
    tabs_g: Num


def geometry(cell: PelletFormat | PouchFormat) -> Geometry:
    """Electrode area, unit cells, collector counts and packaging of the cell format."""
    if isinstance(cell, PelletFormat):
        area = pellet_area_cm2(cell.diameter_mm)
        return Geometry(area, 1, 1, 1, area, 0.0, 0.0, 0.0)
    assert isinstance(cell, PouchFormat)
    n_cathode_cc, n_anode_cc = collector_counts(cell.unit_cells, cell.double_sided)
    return Geometry(  # positional, in field order: a keyword call costs a third more
        cell.width_mm * cell.height_mm / 100.0,
        cell.unit_cells,
        n_cathode_cc,
        n_anode_cc,
        pouch_outline_area_cm2(
            cell.width_mm, cell.height_mm, cell.seal_width_mm, cell.headspace_mm
        ),
        cell.foil_thickness_um,
        cell.foil_density_g_cm3,
        cell.tab_mass_g,
    )


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
