"""A cathode's coating: a shell of an ion conductor on every active's particles (the design's
cathode.coating_material and cathode.coating_thickness_nm).

A particle of radius R under a shell of thickness t carries k = (1 + t/R)^3 - 1 of the shell's
volume per volume of its core. The coated powder then weighs 1 + c per gram of the active, with
c = k v rho_c (v the active's volume per gram as made, rho_c the shell's density), so a gram of it
holds 1 - s of the active, s = c / (1 + c): its capacity per gram falls by that share, and its
mass and volume at every lithiation are the core's share plus the shell's, which takes up no Li.

The shell's resistance is its thickness crossed over the actives' whole surface, a = sum_i
3 V_i / R_i per cm2 of electrode (V_i the cores' volume): ASR = t / (sigma a), in series with the
interphases (Ohm's law for a thin layer; the surface as engine/physics/kinetics.py counts it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from engine.design import Cathode, Component, Design, Num
from engine.evaluate.arrays import words
from engine.evaluate.parts import Part
from engine.materials import Library, Material
from engine.physics.kinetics import active_surface_area_cm2_cm2
from engine.physics.transport import area_specific_resistance_ohm_cm2, arrhenius_value
from engine.results import Results

NM_PER_UM = 1000.0


def coating_of(cathode: Cathode) -> tuple[str, Num] | None:
    """The cathode's coating material and thickness (nm), or None uncoated."""
    if cathode.coating_material is None or cathode.coating_thickness_nm is None:
        return None
    return cathode.coating_material, cathode.coating_thickness_nm


def particle_radius_um(component: Component, material: Material) -> Num:
    """The radius of an active's particles: the design's, or the library's."""
    if component.particle_radius_um is not None:
        return component.particle_radius_um
    return material.value("particle_radius_um")


def coated(part: Part, shell_density: Num, thickness_nm: Num, radius_um: Num) -> Part:
    """An active as its coated powder (the module's docstring gives the relations)."""
    shell = (1.0 + thickness_nm / NM_PER_UM / radius_um) ** 3 - 1.0
    volume_made = (1.0 - part.y_made) * part.v_d + part.y_made * part.v_l  # cm3/g of the active
    per_gram = shell * volume_made * shell_density  # g of shell per g of the active
    share = per_gram / (1.0 + per_gram)
    keep = 1.0 - share
    return dataclasses.replace(
        part,
        density=(1.0 + per_gram) / (volume_made * (1.0 + shell)),
        capacity_theoretical=part.capacity_theoretical * keep,
        capacity_used=part.capacity_used * keep,
        capacity_practical=part.capacity_practical * keep,
        r_d=keep * part.r_d + share,
        r_l=keep * part.r_l + share,
        v_d=keep * part.v_d + share / shell_density,
        v_l=keep * part.v_l + share / shell_density,
        shell_volume_ratio=shell,
        shell_mass_share=share,
        core=part,
    )


def coat(design: Design, library: Library, parts: Sequence[Part]) -> tuple[Part, ...]:
    """The cathode's parts with every active coated, if the design coats them."""
    layer = design.cathode
    coating = coating_of(layer)
    if coating is None:
        return tuple(parts)
    material, thickness = coating
    density = library[material].value("density_g_cm3")
    return tuple(
        coated(p, density, thickness, particle_radius_um(c, p.material)) if p.active else p
        for c, p in zip(layer.components, parts, strict=True)
    )


def coating_mass_mg_cm2(design: Design, parts: Sequence[Part], masses: Sequence[Num]) -> Num:
    """The shells' mass in the cathode, mg/cm2 (0 uncoated)."""
    total: Num = 0.0
    if coating_of(design.cathode) is None:
        return total
    for part, mass in zip(parts, masses, strict=True):
        total = total + mass * part.shell_mass_share
    return total


def coating_asr_ohm_cm2(
    design: Design, library: Library, parts: Sequence[Part], masses: Sequence[Num]
) -> Num:
    """The coating's area-specific resistance per cm2 of the cell, at the operating temperature
    (its ionic conductivity by Arrhenius from 25 C, if the library gives an activation energy);
    0 uncoated."""
    layer = design.cathode
    coating = coating_of(layer)
    if coating is None:
        return 0.0
    material, thickness = coating
    surface: Num = 0.0
    for component, part, mass in zip(layer.components, parts, masses, strict=True):
        if part.active:
            core_um = part.volume_um_at(mass, part.y_made) / (1.0 + part.shell_volume_ratio)
            radius = particle_radius_um(component, part.material)
            surface = surface + active_surface_area_cm2_cm2(core_um, radius)
    at_reference, activation, _, _ = library[material].conduction
    sigma: Num = at_reference
    if activation:
        sigma = arrhenius_value(at_reference, activation, design.operating.temperature_C)
    return area_specific_resistance_ohm_cm2(thickness / NM_PER_UM, sigma) / surface


def coating_text(results: Results) -> str:
    """The coating in one sentence ("" uncoated): the text output and the report."""
    coating = coating_of(results.design.cathode)
    if coating is None:
        return ""
    material, thickness = coating
    return (
        f"Actives coated with {words(thickness, 'nm')} of "
        f"{material}: {words(results.coating_mg_cm2, 'mg/cm2')} of shells, "
        f"{words(results.coating_asr_ohm_cm2, 'ohm cm2')} in series with the interphases"
    )
