"""The layers of a design as the views show them: stack order, names, colours, size fields.

Pure bookkeeping of the design's structure (no physics): which field sets a layer's size, so a
drag that makes a layer k times thicker multiplies that field by k (thickness, loading and N/P
are all proportional to thickness at a fixed porosity and composition).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.design import Design

# Fill colours by kind of layer, chosen to read on light and dark backgrounds.
KIND_COLOURS = {
    "collector_cathode": "#a7adb5",
    "collector_anode": "#c98a5a",
    "cathode": "#3f5d7d",
    "separator": "#e3b448",
    "anode": "#8fb8cf",
}


@dataclass(frozen=True)
class LayerInfo:
    key: str  # the design path of the layer: "cathode", "separator[1]", ...
    kind: str  # a key of KIND_COLOURS
    title: str
    size_path: str | None  # the field a drag scales; None when the layer has no size to drag


def _size_path(prefix: str, obj: object, names: tuple[str, ...]) -> str | None:
    for name in names:
        if getattr(obj, name, None) is not None:
            return f"{prefix}.{name}"
    return None


def stack_layers(design: Design) -> list[LayerInfo]:
    """The layers of one unit cell from the cathode collector to the anode collector."""
    layers = []
    if design.cathode_collector is not None:
        layers.append(
            LayerInfo(
                "cathode_collector",
                "collector_cathode",
                "Cathode collector",
                "cathode_collector.thickness_um",
            )
        )
    layers.append(
        LayerInfo(
            "cathode",
            "cathode",
            "Composite cathode",
            _size_path(
                "cathode",
                design.cathode,
                ("active_loading_mg_cm2", "loading_mg_cm2", "thickness_um"),
            ),
        )
    )
    for i, layer in enumerate(design.separator):
        title = "Separator" if len(design.separator) == 1 else f"Separator {i + 1}"
        size = _size_path(f"separator[{i}]", layer, ("thickness_um", "loading_mg_cm2"))
        layers.append(LayerInfo(f"separator[{i}]", "separator", title, size))
    anode = design.anode
    titles = {
        "li_metal": "Li metal anode",
        "alloy_foil": "Alloy foil anode",
        "composite": "Composite anode",
        "anode_free": "Anode-free (plated Li)",
    }
    size = _size_path("anode", anode, ("thickness_um", "loading_mg_cm2", "n_p_ratio"))
    if anode.kind == "anode_free" and not anode.components:
        size = None
    layers.append(LayerInfo("anode", "anode", titles[anode.kind], size))
    if design.anode_collector is not None:
        layers.append(
            LayerInfo(
                "anode_collector",
                "collector_anode",
                "Anode collector",
                "anode_collector.thickness_um",
            )
        )
    return layers
