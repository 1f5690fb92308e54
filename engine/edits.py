"""How a design changes when the user edits its structure: add, remove, duplicate and reorder
layers where the stack allows, switch the anode's kind.

Each function returns the new design (with the layer to select after the edit, for the layer
edits) or raises EditError saying why the edit is not possible. The window calls these through
its document model; no view decides how a design changes.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from engine.design import Anode, Component, CurrentCollector, Design, replace_field

DEFAULT_CATHODE_COLLECTOR = CurrentCollector("Al", 12.0)
DEFAULT_ANODE_COLLECTOR = CurrentCollector("Cu", 8.0)

# What an anode of each kind starts as when the user switches kind (sizes by N/P where possible).
DEFAULT_ANODES = {
    "li_metal": Anode(kind="li_metal", n_p_ratio=1.5),
    "alloy_foil": Anode(kind="alloy_foil", components=(Component("In", 1.0),), n_p_ratio=1.5),
    "composite": Anode(
        kind="composite",
        components=(Component("graphite", 0.7), Component("LPSCl", 0.28), Component("VGCF", 0.02)),
        porosity=0.15,
        n_p_ratio=1.1,
    ),
    "anode_free": Anode(kind="anode_free"),
}


class EditError(ValueError):
    """An edit the stack does not allow, with the reason."""


class Edited(NamedTuple):
    """A layer edit's outcome: the new design and the key of the layer to select."""

    design: Design
    selected: str


def _separator_index(key: str) -> int:
    if not key.startswith("separator["):
        raise EditError("only separator layers can be duplicated, reordered or removed one by one")
    return int(key[len("separator[") : -1])


def add_layer(design: Design, what: str) -> Edited:
    """what: 'separator' (a new layer on the anode side, like the last one), 'cathode_collector'
    or 'anode_collector'."""
    if what == "separator":
        last = design.separator[-1]
        layers = (*design.separator, last)
        return Edited(
            dataclasses.replace(design, separator=layers), f"separator[{len(layers) - 1}]"
        )
    if what in ("cathode_collector", "anode_collector"):
        if getattr(design, what) is not None:
            raise EditError(f"the design already has its {what.replace('_', ' ')}")
        default = (
            DEFAULT_CATHODE_COLLECTOR if what == "cathode_collector" else DEFAULT_ANODE_COLLECTOR
        )
        return Edited(replace_field(design, what, default), what)
    raise EditError(f"cannot add a {what!r} layer")


def remove_layer(design: Design, key: str) -> Edited:
    """Remove a collector or a separator layer (a cell keeps its electrodes and one separator
    layer); the cathode, or the separator layer now in its place, is selected."""
    if key in ("cathode_collector", "anode_collector"):
        return Edited(replace_field(design, key, None), "cathode")
    if key in ("cathode", "anode"):
        raise EditError(f"a cell needs its {key}; change its type or size instead")
    index = _separator_index(key)
    if len(design.separator) == 1:
        raise EditError("a cell needs at least one separator layer")
    layers = design.separator[:index] + design.separator[index + 1 :]
    selected = f"separator[{min(index, len(layers) - 1)}]"
    return Edited(dataclasses.replace(design, separator=layers), selected)


def duplicate_layer(design: Design, key: str) -> Edited:
    """A copy of a separator layer next to it, on the anode side; the copy is selected."""
    index = _separator_index(key)
    layers = list(design.separator)
    layers.insert(index + 1, layers[index])
    return Edited(dataclasses.replace(design, separator=tuple(layers)), f"separator[{index + 1}]")


def move_layer(design: Design, key: str, step: int) -> Edited:
    """Move a separator layer towards the cathode (step -1) or the anode (+1)."""
    index = _separator_index(key)
    target = index + step
    if not 0 <= target < len(design.separator):
        raise EditError("the layer is already at the end of the separator")
    layers = list(design.separator)
    layers[index], layers[target] = layers[target], layers[index]
    return Edited(dataclasses.replace(design, separator=tuple(layers)), f"separator[{target}]")


def change_anode_kind(design: Design, kind: str) -> Design:
    """The design with an anode of another kind, as DEFAULT_ANODES starts it."""
    if kind not in DEFAULT_ANODES:
        raise EditError(f"unknown anode kind {kind!r}")
    if kind == design.anode.kind:
        return design
    return dataclasses.replace(design, anode=DEFAULT_ANODES[kind])


# --- a composite layer's components ------------------------------------------------------------
Components = tuple[Component, ...]
ADDED_FRACTION = 0.05  # a new component's share of the layer; the others keep 95 % of theirs


def _rescaled(fractions: list[float], index: int, value: float) -> list[float]:
    """fractions[index] set to value and the others scaled so that all sum to 1 (shared evenly
    when the others are all 0)."""
    others = sum(f for i, f in enumerate(fractions) if i != index)
    rest = 1.0 - value
    if others <= 0.0:
        share = rest / (len(fractions) - 1) if len(fractions) > 1 else 0.0
        return [value if i == index else share for i in range(len(fractions))]
    return [value if i == index else f * rest / others for i, f in enumerate(fractions)]


def _with_fractions(components: Components, fractions: list[float], keep: int) -> Components:
    """The components with new mass fractions, rounded to 1e-6 and the rounding absorbed by a
    component other than keep, so that they sum to 1 exactly."""
    rounded = [round(f, 6) for f in fractions]
    target = next((i for i in range(len(rounded)) if i != keep), keep)
    rounded[target] = round(rounded[target] + 1.0 - sum(rounded), 9)
    return tuple(
        dataclasses.replace(c, mass_fraction=f) for c, f in zip(components, rounded, strict=True)
    )


def set_fraction(components: Components, index: int, value: float) -> Components:
    """One component's mass fraction set, the others scaled in proportion to keep the sum 1.
    EditError for a layer of one component (its fraction is 1)."""
    if len(components) < 2:
        raise EditError("a layer of one component holds all of its mass")
    fractions = _rescaled([float(c.mass_fraction) for c in components], index, value)
    return _with_fractions(components, fractions, index)


def add_component(components: Components, material: str) -> Components:
    """A component added at ADDED_FRACTION, the others scaled to keep the sum 1."""
    fractions = [float(c.mass_fraction) * (1.0 - ADDED_FRACTION) for c in components]
    added = (*components, Component(material, ADDED_FRACTION))
    return _with_fractions(added, [*fractions, ADDED_FRACTION], len(components))


def remove_component(components: Components, index: int) -> Components:
    """A component taken out, the others scaled up to keep the sum 1; a layer keeps one."""
    if not 0 <= index < len(components) or len(components) <= 1:
        raise EditError("select a component to remove; a layer keeps at least one")
    rest = components[:index] + components[index + 1 :]
    total = sum(float(c.mass_fraction) for c in rest) or 1.0
    return _with_fractions(rest, [float(c.mass_fraction) / total for c in rest], 0)


def change_material(components: Components, index: int, material: str) -> Components:
    """A component of another material; its measured overrides go (they were the old one's)."""
    changed = list(components)
    changed[index] = dataclasses.replace(
        changed[index], material=material, capacity_mAh_g=None, density_g_cm3=None
    )
    return tuple(changed)


def set_measured(
    components: Components, index: int, field: str, value: float, library_value: float | None
) -> Components:
    """A measured density_g_cm3 or capacity_mAh_g of a component; the library's own value
    clears the override (the design then follows the library)."""
    if field not in ("density_g_cm3", "capacity_mAh_g"):
        raise EditError(f"{field!r} is not a measured value of a component")
    changed = list(components)
    override = None if library_value == value else value
    changed[index] = replace_field(changed[index], field, override)
    return tuple(changed)
