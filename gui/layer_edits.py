"""Structural edits of a design: add, remove, duplicate and reorder layers where physics allows.

Each function returns a new Design or raises LayerEditError saying why the edit is not possible.
"""

from __future__ import annotations

import dataclasses

from engine.design import Anode, Component, CurrentCollector, Design

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


class LayerEditError(ValueError):
    """An edit the stack does not allow, with the reason."""


def _separator_index(key: str) -> int:
    if not key.startswith("separator["):
        raise LayerEditError(
            "only separator layers can be duplicated, reordered or removed one by one"
        )
    return int(key[len("separator[") : -1])


def add_layer(design: Design, what: str) -> Design:
    """what: 'separator' (a new layer on the anode side), 'cathode_collector' or
    'anode_collector'."""
    if what == "separator":
        last = design.separator[-1]
        return dataclasses.replace(design, separator=(*design.separator, last))
    if what in ("cathode_collector", "anode_collector"):
        if getattr(design, what) is not None:
            raise LayerEditError(f"the design already has a {what.replace('_', ' ')}")
        default = (
            DEFAULT_CATHODE_COLLECTOR if what == "cathode_collector" else DEFAULT_ANODE_COLLECTOR
        )
        return dataclasses.replace(design, **{what: default})
    raise LayerEditError(f"cannot add a {what!r} layer")


def remove_layer(design: Design, key: str) -> Design:
    if key in ("cathode_collector", "anode_collector"):
        return dataclasses.replace(design, **{key: None})
    if key in ("cathode", "anode"):
        raise LayerEditError(f"a cell needs its {key}; change its type or size instead")
    index = _separator_index(key)
    if len(design.separator) == 1:
        raise LayerEditError("a cell needs at least one separator layer")
    layers = design.separator[:index] + design.separator[index + 1 :]
    return dataclasses.replace(design, separator=layers)


def duplicate_layer(design: Design, key: str) -> Design:
    index = _separator_index(key)
    layers = list(design.separator)
    layers.insert(index + 1, layers[index])
    return dataclasses.replace(design, separator=tuple(layers))


def move_layer(design: Design, key: str, step: int) -> Design:
    """Move a separator layer towards the cathode (step -1) or the anode (+1)."""
    index = _separator_index(key)
    target = index + step
    if not 0 <= target < len(design.separator):
        raise LayerEditError("the layer is already at the end of the separator")
    layers = list(design.separator)
    layers[index], layers[target] = layers[target], layers[index]
    return dataclasses.replace(design, separator=tuple(layers))


def change_anode_kind(design: Design, kind: str) -> Design:
    if kind not in DEFAULT_ANODES:
        raise LayerEditError(f"unknown anode kind {kind!r}")
    if kind == design.anode.kind:
        return design
    return dataclasses.replace(design, anode=DEFAULT_ANODES[kind])
