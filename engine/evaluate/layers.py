"""The rows of the layer table: each kind of layer of the cell with its mass, thicknesses,
volume, share of the cell's mass, components, transport and compaction."""

from __future__ import annotations

from engine.design import Design, Num, PouchFormat
from engine.evaluate.electrodes import Electrode
from engine.evaluate.ladder import LadderInputs
from engine.evaluate.separators import Separator
from engine.physics.packaging import pouch_foil_mass_g
from engine.physics.stack import UM_PER_MG_CM2_PER_G_CM3
from engine.results import ComponentResult, LayerResult, TransportResult


def _components(electrode: Electrode, per_cell: Num) -> tuple[ComponentResult, ...]:
    """Each component's material, fraction, mass per cm2, solid volume and mass in the cell
    (positional, in ComponentResult's field order: the keyword call cost a third)."""
    return tuple(
        ComponentResult(p.material.id, p.fraction, m, p.volume_um_at(m, p.y_made), m * per_cell)
        for p, m in zip(electrode.parts, electrode.masses, strict=True)
    )


def layer_results(
    design: Design,
    cathode: Electrode,
    anode: Electrode,
    separators: list[Separator],
    inputs: LadderInputs,
    cell_mass_g: Num,
    transports: tuple[TransportResult, TransportResult | None],
) -> tuple[LayerResult, ...]:
    g = inputs.geometry
    area, n = g.area, g.n
    to_g = area / 1000.0  # mg/cm2 -> g per layer of the cell's area
    to_cm3 = area * 1e-4  # um -> cm3 per layer
    rows: list[LayerResult] = []

    def add(
        key,
        label,
        material,
        count,
        mass,
        t,
        t_ch,
        t_dis,
        components=(),
        transport=None,
        compaction=None,
    ):
        rows.append(
            LayerResult(
                key,
                label,
                material,
                count,
                mass,
                t,
                t_ch,
                t_dis,
                mass * to_g * count,
                t_ch * to_cm3 * count,
                mass * to_g * count / cell_mass_g,
                components,
                transport,
                compaction,
            )
        )

    if design.cathode_collector is not None:
        t = design.cathode_collector.thickness_um
        add(
            "cathode_collector",
            "Cathode current collector",
            design.cathode_collector.material,
            g.n_cathode_cc,
            inputs.collector_masses[0],
            t,
            t,
            t,
        )
    add(
        "cathode",
        "Composite cathode",
        "+".join(p.material.id for p in cathode.parts),
        n,
        cathode.mass_mg_cm2,
        cathode.thickness_um,
        cathode.thickness_charged_um,
        cathode.thickness_discharged_um,
        _components(cathode, to_g * n),
        transports[0],
        cathode.compaction,
    )
    for i, sep in enumerate(separators):
        t = sep.thickness_um
        add(
            f"separator[{i}]",
            f"Separator layer {i + 1}",
            sep.material.id,
            n,
            sep.mass_mg_cm2,
            t,
            t,
            t,
            (),
            sep.transport,
            sep.compaction,
        )
    anode_label = {
        "li_metal": "Li metal anode",
        "alloy_foil": "Alloy foil anode",
        "composite": "Composite anode",
        "anode_free": "Anode-free (plated Li)",
    }[design.anode.kind]
    anode_material = "+".join(p.material.id for p in anode.parts) or "plated Li"
    add(
        "anode",
        anode_label,
        anode_material,
        n,
        anode.mass_mg_cm2,
        anode.thickness_um,
        anode.thickness_charged_um,
        anode.thickness_discharged_um,
        _components(anode, to_g * n),
        transports[1],
        anode.compaction,
    )
    if design.anode_collector is not None:
        t = design.anode_collector.thickness_um
        add(
            "anode_collector",
            "Anode current collector",
            design.anode_collector.material,
            g.n_anode_cc,
            inputs.collector_masses[1],
            t,
            t,
            t,
        )
    if isinstance(design.cell_format, PouchFormat):
        foil_mass_g = pouch_foil_mass_g(g.outline_area, g.foil_um, g.foil_density)
        rows.append(
            LayerResult(
                key="pouch_foil",
                label="Pouch foil",
                material="pouch laminate",
                count=2,
                mass_mg_cm2=g.foil_um * g.foil_density / UM_PER_MG_CM2_PER_G_CM3,
                thickness_um=g.foil_um,
                thickness_charged_um=g.foil_um,
                thickness_discharged_um=g.foil_um,
                mass_g=foil_mass_g,
                volume_cm3=2 * g.outline_area * g.foil_um * 1e-4,
                mass_share=foil_mass_g / cell_mass_g,
            )
        )
        rows.append(
            LayerResult(
                key="tabs",
                label="Tabs",
                material="tab metal",
                count=2,
                mass_mg_cm2=0.0,
                thickness_um=0.0,
                thickness_charged_um=0.0,
                thickness_discharged_um=0.0,
                mass_g=g.tabs_g,
                volume_cm3=0.0,
                mass_share=g.tabs_g / cell_mass_g,
            )
        )
    return tuple(rows)
