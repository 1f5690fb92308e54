"""A design's cathode, separator and solid electrolyte as a BPX file: the Battery Parameter
eXchange format (BPX 1.0, "Partial" model) that PyBaMM and other modelling tools read.

BPX describes a cell with a liquid electrolyte; a solid-state cell fits it with stated
conventions, which the file's Description repeats:
- Everything at the reference temperature, 25 C (298.15 K), with Arrhenius activation energies
  in J/mol (Lamina's eV x the Faraday constant).
- The electrolyte is the solid electrolyte of the first separator layer (a Li-ion design's
  liquid, when it has one: its conductivity only). BPX's Electrolyte block
  (a binary salt's diffusivity and transference number) does not describe a single-ion
  conductor, so it is left out; the solid electrolyte's bulk conductivity, its activation energy
  and its transference number (1) are in the User-defined block.
- An electrode's or the separator's "Porosity" (BPX: the electrolyte's volume fraction) is the
  volume fraction of the phases that conduct ions, and "Transport efficiency" is their effective
  ionic conductivity over the solid electrolyte's bulk conductivity.
- Each cathode active is a particle: its stoichiometry is Lamina's degree of lithiation y (0
  delithiated, 1 lithiated); its maximum concentration is the Li its whole lithiation range
  holds per volume as made, Q_th rho 3.6 / F (mol/m3); its surface area per volume 3 eps / R; its
  OCP the open-circuit table; its stoichiometry limits where the table reaches the cut-offs.
- BPX's exchange current is F k sqrt((ce/ce0)(c/cmax)(1 - c/cmax)); Lamina's does not vary with
  the state of charge, so k = 2 i0 / F matches it at half lithiation.
The anode (Li metal, an alloy foil, a composite) has no particle model in Lamina and is left
out, as are collectors and packaging; BpxExport.left_out names everything that is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.design import Component, Design, replace_field
from engine.edits import coated
from engine.evaluate import evaluate
from engine.evaluate.coating import particle_radius_um
from engine.evaluate.curve import curve_cell_inputs
from engine.evaluate.parts import Part
from engine.io.atomic import write_text_atomically
from engine.materials import Library, library_stamp
from engine.ocv import OpenCircuitCurve, lithiation_at_potential
from engine.physics.constants import FARADAY_C_MOL, ZERO_CELSIUS_K
from engine.results import ComponentResult, LayerResult, Results, TransportResult
from engine.version import version
from engine.voltage.inputs import CellInputs

BPX_VERSION = "1.0.0"
REFERENCE_C = 25.0
C_PER_MAH = 3.6
M_PER_UM = 1e-6
CM3_PER_M3 = 1e6

DESCRIPTION = (
    "A solid-state cell exported by Lamina {version} ({library}). Conventions: parameters at "
    "25 C; the electrolyte is the solid electrolyte {electrolyte}, whose bulk conductivity, "
    "activation energy and transference number (1) are in User-defined (BPX's Electrolyte block "
    "describes a binary salt and is left out); Porosity is the volume fraction of the phases "
    "that conduct ions and Transport efficiency their effective over the solid electrolyte's "
    "bulk conductivity; stoichiometry is the degree of lithiation; the reaction rate constant "
    "is 2 i0 / F, Lamina's state-independent exchange current matched at half lithiation. Left "
    "out: {left_out}."
)


@dataclass(frozen=True)
class BpxExport:
    data: dict[str, Any]  # the BPX file's JSON
    left_out: list[str] = field(default_factory=list)  # what of the design it does not hold


def design_to_bpx(design: Design, library: Library) -> BpxExport:
    """The design as a BPX Partial parameterisation (DesignError if it has no voltage curve:
    an active without an open-circuit table or kinetic values)."""
    at_reference = replace_field(design, "operating.temperature_C", REFERENCE_C)
    left_out = [f"the anode ({design.anode.kind}: no particle model)", "collectors", "packaging"]
    if design.cathode.coating_material is not None:  # a particle model's particles are bare
        left_out.append(f"the actives' {design.cathode.coating_material} coating")
        at_reference = coated(at_reference, None)
    results = evaluate(at_reference, library)
    liquid = design.liquid_electrolyte
    electrolyte = library[design.separator[0].material if liquid is None else liquid]
    bulk_S_cm = electrolyte.value("ionic_conductivity_S_cm")
    if liquid is not None:
        left_out.append(
            "BPX's Electrolyte block (the library gives the liquid's conductivity, not its "
            "diffusivity or transference number)"
        )
    inputs = curve_cell_inputs(results)  # the curve's cut-offs and actives, resolved once
    parameterisation: dict[str, Any] = {
        "Cell": _cell(results, inputs),
        "Positive electrode": _cathode(results, inputs, bulk_S_cm),
    }
    if len({layer.material for layer in design.separator}) == 1:
        parameterisation["Separator"] = _separator(results, bulk_S_cm)
    else:
        left_out.append("the separator (layers of different electrolytes)")
    kind = "Solid electrolyte" if liquid is None else "Liquid electrolyte"
    parameterisation["User-defined"] = {
        f"{kind} conductivity [S.m-1]": bulk_S_cm * 100.0,
        f"{kind} conductivity activation energy [J.mol-1]": _j_per_mol(
            electrolyte.get("ionic_activation_energy_eV") or 0.0
        ),
    }
    if liquid is None:  # a single-ion conductor
        parameterisation["User-defined"]["Solid electrolyte cation transference number"] = 1.0
    description = DESCRIPTION.format(
        version=version(),
        library=library_stamp(library),
        electrolyte=electrolyte.id,
        left_out="; ".join(left_out),
    )
    header = {
        "BPX": BPX_VERSION,
        "Title": design.name,
        "Description": description,
        "References": _references(results),
        "Model": "Partial",
    }
    return BpxExport({"Header": header, "Parameterisation": parameterisation}, left_out)


def _j_per_mol(energy_eV: float) -> float:
    return energy_eV * FARADAY_C_MOL  # 1 eV per particle is F J per mole


def _cell(results: Results, inputs: CellInputs) -> dict[str, Any]:
    return {
        "Electrode area [m2]": float(results.area_cm2) * 1e-4,
        "Volume [m3]": float(results.cell_volume_cm3) / CM3_PER_M3,
        "Density [kg.m-3]": float(results.cell_mass_g / results.cell_volume_cm3) * 1000.0,
        "Number of electrode pairs connected in parallel to make a cell": int(results.unit_cells),
        "Lower voltage cut-off [V]": float(inputs.cutoff_low_V),
        "Upper voltage cut-off [V]": float(inputs.cutoff_high_V),
        "Nominal cell capacity [A.h]": float(results.capacity_mAh) / 1000.0,
        "Reference temperature [K]": REFERENCE_C + ZERO_CELSIUS_K,
    }


def _transport_of(layer: LayerResult) -> TransportResult:
    assert layer.transport is not None  # the cathode and separator layers conduct ions
    return layer.transport


def _transport(layer: LayerResult, bulk_S_cm: float) -> dict[str, float]:
    transport = _transport_of(layer)
    return {
        "Thickness [m]": float(layer.thickness_um) * M_PER_UM,
        "Porosity": float(transport.ionic_volume_fraction),
        "Transport efficiency": float(transport.ionic_conductivity_S_cm) / bulk_S_cm,
    }


def _separator(results: Results, bulk_S_cm: float) -> dict[str, float]:
    layers = [results.layer(f"separator[{i}]") for i in range(len(results.design.separator))]
    thickness = 0.0
    asr = 0.0  # the layers in series
    fraction = 0.0
    for layer in layers:
        transport = _transport_of(layer)
        thickness += float(layer.thickness_um)
        asr += float(transport.ionic_asr_ohm_cm2)
        fraction += float(transport.ionic_volume_fraction * layer.thickness_um)
    return {
        "Thickness [m]": thickness * M_PER_UM,
        "Porosity": fraction / thickness,
        # the conductivity that gives the layers' ASR over their thickness, over the bulk's
        "Transport efficiency": thickness * 1e-4 / asr / bulk_S_cm,
    }


def _cathode(results: Results, inputs: CellInputs, bulk_S_cm: float) -> dict[str, Any]:
    layer = results.layer("cathode")
    electrode = _transport(layer, bulk_S_cm)
    conductivity = _transport_of(layer).electronic_conductivity_S_cm
    electrode["Conductivity [S.m-1]"] = float(conductivity) * 100.0
    particles = {}
    actives = [
        (component, part, result)
        for component, part, result in zip(
            results.design.cathode.components,
            results.cathode_parts,
            layer.components,
            strict=True,
        )
        if part.active
    ]
    for (component, part, result), active in zip(actives, inputs.actives, strict=True):
        particles[part.material.id] = _particle(
            component, part, result, layer, active.curve, inputs
        )
    if len(particles) == 1:
        return electrode | next(iter(particles.values()))
    return electrode | {"Particle": particles}


def _particle(
    component: Component,
    part: Part,
    result: ComponentResult,
    layer: LayerResult,
    curve: OpenCircuitCurve,
    inputs: CellInputs,
) -> dict[str, Any]:
    material = part.material
    radius_um = particle_radius_um(component, material)
    fraction = float(result.solid_volume_um / layer.thickness_um)
    exchange_si = material.value("exchange_current_mA_cm2") * 10.0  # mA/cm2 to A/m2
    top = float(inputs.cutoff_high_V + inputs.anode_nominal_V)  # vs Li+/Li
    bottom = float(inputs.cutoff_low_V + inputs.anode_nominal_V)
    return {
        "Minimum stoichiometry": float(lithiation_at_potential(curve, top)),
        "Maximum stoichiometry": float(lithiation_at_potential(curve, bottom)),
        "Maximum concentration [mol.m-3]": float(
            part.capacity_theoretical * C_PER_MAH / FARADAY_C_MOL * part.density * CM3_PER_M3
        ),
        "Particle radius [m]": radius_um * M_PER_UM,
        "Surface area per unit volume [m-1]": 3.0 * fraction / (radius_um * M_PER_UM),
        "Diffusivity [m2.s-1]": material.value("diffusivity_cm2_s") * 1e-4,
        "Diffusivity activation energy [J.mol-1]": _j_per_mol(
            material.get("diffusion_activation_energy_eV") or 0.0
        ),
        "OCP [V]": {"x": curve.lithiation.tolist(), "y": curve.potential_V.tolist()},
        "Reaction rate constant [mol.m-2.s-1]": 2.0 * exchange_si / FARADAY_C_MOL,
        "Reaction rate constant activation energy [J.mol-1]": _j_per_mol(
            material.get("exchange_activation_energy_eV") or 0.0
        ),
    }


def _references(results: Results) -> str:
    """The sources of the cathode actives' and the electrolyte's values, as a reader cites them."""
    library, design = results.library, results.design
    ids = [p.material.id for p in results.cathode_parts if p.active]
    ids.append(design.liquid_electrolyte or design.separator[0].material)
    cited = []
    for material_id in ids:
        for value in library[material_id].values.values():
            citation = value.citation()
            if citation not in cited:
                cited.append(citation)
    return "; ".join(cited)


def write_bpx(design: Design, library: Library, path: Path) -> list[str]:
    """Write the design's BPX file (the old file kept if the write fails); return what it leaves
    out. DesignError if the design has no voltage curve."""
    exported = design_to_bpx(design, library)
    write_text_atomically(path, json.dumps(exported.data, indent=2) + "\n")
    return exported.left_out
