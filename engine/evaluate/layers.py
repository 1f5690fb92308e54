"""The rows of the layer table: each kind of layer of the cell with its mass, thicknesses,
volume, share of the cell's mass, components, transport and compaction."""

from __future__ import annotations

from engine.design import CurrentCollector, Design, Num, PouchFormat
from engine.evaluate.cell import Geometry
from engine.evaluate.electrodes import Electrode
from engine.evaluate.ladder import LadderInputs
from engine.evaluate.separators import Separator
from engine.physics.packaging import pouch_foil_mass_g
from engine.physics.stack import UM_PER_MG_CM2_PER_G_CM3
from engine.results import CompactionResult, ComponentResult, LayerResult, TransportResult


def _components(electrode: Electrode, per_cell: Num) -> tuple[ComponentResult, ...]:
    """Each component's material, fraction, mass per cm2, solid volume and mass in the cell
    (positional, in ComponentResult's field order: the keyword call cost a third)."""
    return tuple(
        ComponentResult(p.material.id, p.fraction, m, p.volume_um_at(m, p.y_made), m * per_cell)
        for p, m in zip(electrode.parts, electrode.masses, strict=True)
    )


_ANODE_LABELS = {
    "li_metal": "Li metal anode",
    "alloy_foil": "Alloy foil anode",
    "composite": "Composite anode",
    "anode_free": "Anode-free (plated Li)",
}


class _Rows:
    """The rows being built: per cm2 of one layer to the whole cell, each kind of layer on its
    own area (cm2)."""

    def __init__(self, cell_mass_g: Num) -> None:
        self.cell_mass_g = cell_mass_g
        self.rows: list[LayerResult] = []

    def add(
        self,
        key: str,
        label: str,
        material: str,
        count: Num,
        area: Num,
        mass: Num,
        thicknesses: tuple[Num, Num, Num],  # as made, at top of charge, at end of discharge
        components: tuple[ComponentResult, ...] = (),
        transport: TransportResult | None = None,
        compaction: CompactionResult | None = None,
    ) -> None:
        t, t_ch, t_dis = thicknesses
        mass_g = mass * area / 1000.0 * count
        # Positional, in LayerResult's field order, like the ladder's rungs.
        self.rows.append(
            LayerResult(
                key,
                label,
                material,
                count,
                mass,
                t,
                t_ch,
                t_dis,
                mass_g,
                t_ch * area * 1e-4 * count,
                mass_g / self.cell_mass_g,
                components,
                transport,
                compaction,
            )
        )

    def collector(
        self,
        key: str,
        label: str,
        collector: CurrentCollector | None,
        count: Num,
        area: Num,
        mass: Num,
    ) -> None:
        if collector is not None:
            t = collector.thickness_um
            self.add(key, label, collector.material, count, area, mass, (t, t, t))

    def electrode(
        self,
        key: str,
        label: str,
        material: str,
        electrode: Electrode,
        n: Num,
        area: Num,
        transport: TransportResult | None,
    ) -> None:
        self.add(
            key,
            label,
            material,
            n,
            area,
            electrode.mass_mg_cm2,
            (
                electrode.thickness_um,
                electrode.thickness_charged_um,
                electrode.thickness_discharged_um,
            ),
            _components(electrode, area / 1000.0 * n),
            transport,
            electrode.compaction,
        )


def layer_results(
    design: Design,
    cathode: Electrode,
    anode: Electrode,
    separators: tuple[Separator, ...],
    inputs: LadderInputs,
    cell_mass_g: Num,
    transports: tuple[TransportResult, TransportResult | None],
) -> tuple[LayerResult, ...]:
    """One row per kind of layer, collector to collector, then the pouch's foil and tabs."""
    g = inputs.geometry
    n = g.n
    rows = _Rows(cell_mass_g)
    rows.collector(
        "cathode_collector",
        "Cathode current collector",
        design.cathode_collector,
        g.n_cathode_cc,
        g.cathode_area,
        inputs.collector_masses[0],
    )
    cathode_material = "+".join(p.material.id for p in cathode.parts)
    rows.electrode(
        "cathode", "Composite cathode", cathode_material, cathode, n, g.cathode_area, transports[0]
    )
    for i, sep in enumerate(separators):
        t = sep.thickness_um
        rows.add(
            f"separator[{i}]",
            f"Separator layer {i + 1}",
            sep.material.id,
            n,
            g.separator_area,
            sep.mass_mg_cm2,
            (t, t, t),
            (),
            sep.transport,
            sep.compaction,
        )
    anode_material = "+".join(p.material.id for p in anode.parts) or "plated Li"
    rows.electrode(
        "anode",
        _ANODE_LABELS[design.anode.kind],
        anode_material,
        anode,
        n,
        g.anode_area,
        transports[1],
    )
    rows.collector(
        "anode_collector",
        "Anode current collector",
        design.anode_collector,
        g.n_anode_cc,
        g.anode_area,
        inputs.collector_masses[1],
    )
    if isinstance(design.cell_format, PouchFormat):
        rows.rows += _packaging_rows(g, cell_mass_g)
    return tuple(rows.rows)


def _packaging_rows(g: Geometry, cell_mass_g: Num) -> list[LayerResult]:
    """A pouch's two foils and its tabs."""
    foil_mass_g = pouch_foil_mass_g(g.outline_area, g.foil_um, g.foil_density)
    return [
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
        ),
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
        ),
    ]
