"""What evaluate warns of (validate() warns of what the design file gives; these follow from the
evaluation): each a DesignWarning with a stable code (docs/design-format.md lists them)."""

from __future__ import annotations

from collections.abc import Iterator

from engine.design import Design, Num
from engine.evaluate.arrays import any_of, words
from engine.evaluate.electrodes import Electrode
from engine.evaluate.separators import Separator
from engine.evaluate.validate import POROSITY_WARN
from engine.materials import Material
from engine.physics.compaction import DATA_MAX_KEY
from engine.physics.constants import REFERENCE_TEMPERATURE_C
from engine.problems import DesignWarning
from engine.results import CompactionResult, TransportResult


def capacity_warnings(
    n_p: Num | None, lithium_shortfall: Num, q_cell: Num, beyond_host: Num = 0.0
) -> list[DesignWarning]:
    """An anode smaller than the cathode, a cell short of lithium, and a pre-lithiation more
    than the anode's host can take."""
    found = []
    if any_of(beyond_host > 0.0):
        found.append(
            DesignWarning(
                "prelithiation_beyond_host",
                "anode.prelithiation_mAh_cm2",
                f"{words(beyond_host, 'mAh/cm2')} of the pre-lithiation is more than the anode's "
                "host can take (its theoretical capacity less the Li it holds as made): it is "
                "counted as Li metal on the host",
            )
        )
    if n_p is not None and any_of(n_p < 1.0):
        found.append(
            DesignWarning(
                "n_p_below_1",
                "anode",
                "N/P ratio below 1: the anode holds less than the cathode delivers "
                "(Li plating on a host anode, or a lithium-limited capacity)",
            )
        )
    if any_of(lithium_shortfall > 0.0):
        what = "no lithium source" if any_of(q_cell <= 0.0) else "too little lithium"
        found.append(
            DesignWarning(
                "lithium_limited",
                "anode",
                f"{what}: the cathode is built delithiated and the anode cannot supply all the "
                "Li it takes; the capacity is limited to the Li available",
            )
        )
    return found


def voltage_warnings(cathode_V: Num, anode_V: Num) -> list[DesignWarning]:
    """A cell whose anode sits at or above its cathode (a low-voltage cathode on a high-voltage
    anode, or a mean voltage given by hand): it has no positive voltage to deliver energy at."""
    if not any_of(cathode_V - anode_V <= 0.0):
        return []
    return [
        DesignWarning(
            "no_cell_voltage",
            "anode",
            f"the anode's mean potential ({words(anode_V, 'V')} vs Li+/Li) is not below the "
            f"cathode's ({words(cathode_V, 'V')}): the cell has no positive voltage, so "
            "the levels from the electrode pair up count no energy",
        )
    ]


def path_warnings(cathode: TransportResult) -> list[DesignWarning]:
    """A cathode whose ion (or electron) conductors do not fill more than the percolation
    threshold of it has no connected path: no current flows, so its curve delivers nothing."""
    found = []
    threshold = cathode.model.percolation_threshold
    for index, word in ((0, "ionic"), (2, "electronic")):
        fraction: Num = 0.0
        for conduction, volume_fraction in cathode.phases:
            if (conduction[0] if index == 0 else conduction[2]) > 0.0:
                fraction = fraction + volume_fraction
        if any_of(fraction <= threshold):
            conductor = "ion" if index == 0 else "electron"
            found.append(
                DesignWarning(
                    f"no_{word}_path",
                    "cathode.components",
                    f"the cathode has no {word} path (no {conductor} conductor fills more than "
                    f"the percolation threshold of it): no current flows, so its voltage curve "
                    "delivers nothing, while the ladder's nominal energy counts it as delivered",
                )
            )
    return found


def temperature_warnings(
    cathode: Electrode, anode: Electrode, separators: tuple[Separator, ...]
) -> list[DesignWarning]:
    """Ion conductors without an activation energy keep their 25 C conductivity: say which."""
    materials = [p.material for p in (*cathode.parts, *anode.parts)]
    materials += [s.material for s in separators]
    lacking = sorted({m.id for m in materials if m.conduction[0] > 0.0 and m.conduction[1] is None})
    if not lacking:
        return []
    return [
        DesignWarning(
            "no_activation_energy",
            "operating.temperature_C",
            f"{', '.join(lacking)}: no ionic activation energy in the library, so the ionic "
            f"conductivity at {REFERENCE_TEMPERATURE_C:g} C is used at every temperature",
        )
    ]


def _pressed_layers(
    cathode: Electrode, anode: Electrode, separators: tuple[Separator, ...]
) -> Iterator[tuple[str, CompactionResult, list[Material]]]:
    """Each layer whose porosity is derived from pressure: its path, the compaction and its
    materials."""
    layers = [("cathode", cathode.compaction, [p.material for p in cathode.parts])]
    layers += [("anode", anode.compaction, [p.material for p in anode.parts])]
    layers += [(f"separator[{i}]", s.compaction, [s.material]) for i, s in enumerate(separators)]
    for path, compaction, materials in layers:
        if compaction is not None:
            yield path, compaction, materials


def porosity_warnings(
    cathode: Electrode, anode: Electrode, separators: tuple[Separator, ...]
) -> list[DesignWarning]:
    """Porosities derived from pressure above the plausible limit (given ones are warned of by
    validate())."""
    found = []
    for path, compaction, _materials in _pressed_layers(cathode, anode, separators):
        if any_of(compaction.operating_porosity > POROSITY_WARN):
            found.append(
                DesignWarning(
                    "high_porosity",
                    f"{path}.pressing_pressure_MPa",
                    f"{path} porosity derived from pressure is above {POROSITY_WARN:g}",
                )
            )
    return found


def beyond_data_warnings(
    cathode: Electrode, anode: Electrode, separators: tuple[Separator, ...]
) -> list[DesignWarning]:
    """Layers pressed, or held in use, above the highest pressure of the data their materials'
    compaction laws were fitted to: their porosity is extrapolated."""
    found = []
    for path, compaction, materials in _pressed_layers(cathode, anode, separators):
        for material in materials:
            data = material.values.get(DATA_MAX_KEY)
            if data is None:
                continue
            for field, pressure in (
                (f"{path}.pressing_pressure_MPa", compaction.pressing_pressure_MPa),
                ("operating.stack_pressure_MPa", compaction.operating_pressure_MPa),
            ):
                if any_of(pressure > data.value):
                    found.append(
                        DesignWarning(
                            "beyond_pressure_data",
                            field,
                            f"{path} at {words(pressure, 'MPa')}: {material.id}'s compaction "
                            f"law rests on data up to {data.value:g} MPa ({data.citation()}), "
                            "so its porosity there is extrapolated",
                        )
                    )
    return found


def layer_warnings(
    design: Design,
    cathode: Electrode,
    anode: Electrode,
    separators: tuple[Separator, ...],
    cathode_transport: TransportResult,
) -> list[DesignWarning]:
    """What the layers raise: no conducting path in the cathode, conductors without an
    activation energy away from 25 C, porosities derived from pressure above the limit or
    beyond the pressures of their compaction data."""
    found = path_warnings(cathode_transport)
    temperature = design.operating.temperature_C
    if type(temperature) is not float or temperature != REFERENCE_TEMPERATURE_C:
        found += temperature_warnings(cathode, anode, separators)
    derived = cathode.compaction is not None or anode.compaction is not None
    for separator in separators:
        derived = derived or separator.compaction is not None
    if derived:
        found += porosity_warnings(cathode, anode, separators)
        found += beyond_data_warnings(cathode, anode, separators)
    return found
