"""The separator layers per cm2 of one unit cell: porosity (given or from pressure), mass and
thickness (one sets the other), and the transport through the electrolyte."""

from __future__ import annotations

from typing import NamedTuple

from engine.design import Design, Num, SeparatorLayer, TransportModel
from engine.evaluate.arrays import given
from engine.evaluate.electrodes import pressed
from engine.evaluate.memo import per_part
from engine.materials import Library, Material
from engine.physics.stack import layer_loading_mg_cm2, layer_thickness_um, pore_liquid_mg_cm2
from engine.physics.transport import Conduction
from engine.results import CompactionResult, TransportResult


class Separator(NamedTuple):
    """One separator layer per cm2: its material, porosity, mass, thickness and transport."""

    material: Material
    porosity: Num
    mass_mg_cm2: Num
    thickness_um: Num
    transport: TransportResult
    compaction: CompactionResult | None


def separator(
    layer: SeparatorLayer,
    material: Material,
    operating_MPa: Num,
    temperature_C: Num,
    model: TransportModel,
    liquid: Material | None = None,
) -> Separator:
    """A separator layer: porosity (given or from pressure), then mass or thickness from the other
    (stack.py), then its transport through its solid (1 - porosity of it: a solid electrolyte, or
    a membrane that conducts nothing) and a liquid electrolyte in its pores (porosity of it), which
    it weighs too."""
    rho = material.value("density_g_cm3")
    compaction = None
    if layer.pressing_pressure_MPa is None:
        porosity: Num = layer.porosity  # type: ignore[assignment]  # validate() requires it
    else:
        porosity, compaction = pressed(
            [material.compaction], [1.0], layer.pressing_pressure_MPa, operating_MPa
        )
    if layer.loading_mg_cm2 is None:
        thickness = given(layer.thickness_um)
        mass = layer_loading_mg_cm2(thickness, rho, porosity)
    else:
        mass = layer.loading_mg_cm2
        thickness = layer_thickness_um(mass, rho, porosity)
    phases: tuple[tuple[Conduction, Num], ...] = ((material.conduction, 1.0 - porosity),)
    if liquid is not None:
        phases += ((liquid.conduction, porosity),)
        mass = mass + pore_liquid_mg_cm2(thickness, porosity, liquid.value("density_g_cm3"))
    transport = TransportResult(temperature_C, porosity, thickness, phases, model)
    return Separator(material, porosity, mass, thickness, transport, compaction)


def separators(design: Design, library: Library, liquid: Material | None) -> tuple[Separator, ...]:
    """Every separator layer of the design, in order from the cathode, with the design's liquid
    electrolyte (the library's material) in their pores, if it has one. For one design, kept per
    separator with the operating pressure and temperature, the transport model and the liquid
    (engine/evaluate/memo.py): an edit of an electrode finds them again, their transport read."""
    operating = design.operating
    pressure, temperature = operating.stack_pressure_MPa, operating.temperature_C

    def derive(layers: tuple[SeparatorLayer, ...]) -> tuple[Separator, ...]:
        return tuple(
            separator(
                layer,
                library[layer.material],
                pressure,
                temperature,
                design.transport,
                liquid,
            )
            for layer in layers
        )

    liquid_id = None if liquid is None else liquid.id  # the library's: its memo is the library's
    key = (separators, pressure, temperature, design.transport, liquid_id)
    return per_part(library, key, design.separator, derive)
