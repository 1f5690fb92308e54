"""How a design changes when the user edits it beyond one field: add, remove, duplicate and
reorder layers where the stack allows; switch the anode's kind or the cell's format; choose how a
layer is sized or its porosity set, whether the voltage is measured, whether cut-offs are fixed;
change a composite layer's components. New parts start from resources/defaults.json.

Each function returns the new design (with the layer to select after the edit, for the layer
edits) or raises EditError saying why the edit is not possible. The window calls these through
its document model; no view decides how a design changes.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from typing import NamedTuple

from engine.defaults import default
from engine.design import (
    COMPONENT_FIELD,
    PRICE_FIELD,
    Anode,
    Component,
    CurrentCollector,
    Design,
    Num,
    PelletFormat,
    PouchFormat,
    Price,
    SeparatorLayer,
    Tolerance,
    get_field,
    replace_field,
)
from engine.evaluate.inventory import coulombic_efficiency, formation
from engine.evaluate.tolerances import field_problem
from engine.materials import Library
from engine.results import Results

# The fields that can set each layer's size, one of them given at a time.
CATHODE_SIZE_FIELDS = ("active_loading_mg_cm2", "loading_mg_cm2", "thickness_um")
ANODE_SIZE_FIELDS = {
    "li_metal": ("thickness_um", "n_p_ratio"),
    "alloy_foil": ("thickness_um", "n_p_ratio"),
    "composite": ("thickness_um", "loading_mg_cm2", "n_p_ratio"),
}
ANODE_KINDS = ("li_metal", "alloy_foil", "composite", "anode_free")
MV = 3  # decimals of a voltage fixed from a curve (1 mV)


def new_collector(side: str) -> CurrentCollector:
    """A collector added on the cathode (Al) or the anode (Cu) side, at resources/defaults.json's
    thickness."""
    material = "Al" if side == "cathode_collector" else "Cu"
    return CurrentCollector(material, default(f"{side}.thickness_um"))


def new_anode(kind: str) -> Anode:
    """What an anode of each kind starts as when the user switches kind (resources/defaults.json);
    sized by N/P where the kind allows."""
    if kind == "li_metal":
        return Anode(kind="li_metal", n_p_ratio=default("anode.metal.n_p_ratio"))
    if kind == "alloy_foil":
        return Anode(
            kind="alloy_foil",
            components=(Component("In", 1.0),),
            n_p_ratio=default("anode.metal.n_p_ratio"),
        )
    if kind == "composite":
        return Anode(
            kind="composite",
            components=(
                Component("graphite", default("anode.composite.graphite")),
                Component("LPSCl", default("anode.composite.electrolyte")),
                Component("VGCF", default("anode.composite.carbon")),
            ),
            porosity=default("anode.composite.porosity"),
            n_p_ratio=default("anode.composite.n_p_ratio"),
        )
    if kind == "anode_free":
        return Anode(kind="anode_free")
    raise EditError(
        f"unknown anode kind {kind!r}; kinds: li_metal, alloy_foil, composite, anode_free"
    )


def new_cell_format(kind: str) -> PelletFormat | PouchFormat:
    """A pellet die or a stacked pouch cell as resources/defaults.json starts it."""
    if kind == "pellet":
        return PelletFormat(default("pellet.diameter_mm"))
    if kind == "pouch":
        return PouchFormat(
            width_mm=default("pouch.width_mm"),
            height_mm=default("pouch.height_mm"),
            unit_cells=int(default("pouch.unit_cells")),
            double_sided=True,
            tab_mass_g=default("pouch.tab_mass_g"),
        )
    raise EditError(f"unknown cell format {kind!r}; formats: pellet, pouch")


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
        return Edited(replace_field(design, what, new_collector(what)), what)
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
    places = [i - (i > index) if i != index else None for i in range(len(design.separator))]
    return Edited(_separators(design, layers, places), selected)


def duplicate_layer(design: Design, key: str) -> Edited:
    """A copy of a separator layer next to it, on the anode side; the copy is selected."""
    index = _separator_index(key)
    layers = list(design.separator)
    layers.insert(index + 1, layers[index])
    places = [i + (i > index) for i in range(len(design.separator))]
    return Edited(_separators(design, tuple(layers), places), f"separator[{index + 1}]")


def move_layer(design: Design, key: str, step: int) -> Edited:
    """Move a separator layer towards the cathode (step -1) or the anode (+1)."""
    index = _separator_index(key)
    target = index + step
    if not 0 <= target < len(design.separator):
        raise EditError("the layer is already at the end of the separator")
    layers = list(design.separator)
    layers[index], layers[target] = layers[target], layers[index]
    places = list(range(len(layers)))
    places[index], places[target] = target, index
    return Edited(_separators(design, tuple(layers), places), f"separator[{target}]")


def _separators(
    design: Design, layers: tuple[SeparatorLayer, ...], places: Sequence[int | None]
) -> Design:
    """The design with new separator layers, its tolerances following each layer to its place:
    places[i] is where layer i went (None: removed, and its tolerances with it)."""
    tolerances = []
    for tolerance in design.tolerances:
        found = _SEPARATOR.match(tolerance.field)
        if found is None:
            tolerances.append(tolerance)
            continue
        place = places[int(found[1])]
        if place is not None:
            field = f"separator[{place}]{tolerance.field[found.end() :]}"
            tolerances.append(dataclasses.replace(tolerance, field=field))
    return dataclasses.replace(design, separator=layers, tolerances=tuple(tolerances))


_SEPARATOR = re.compile(r"^separator\[(\d+)\]")


def set_tolerance(design: Design, field: str, tolerance: Tolerance | None) -> Design:
    """The design with field's tolerance set (None: removed); the engine checks it on apply."""
    kept = tuple(t for t in design.tolerances if t.field != field)
    if tolerance is not None:
        kept = (*kept, dataclasses.replace(tolerance, field=field))
    return dataclasses.replace(design, tolerances=kept)


def parse_tolerance(field: str, text: str, distribution: str = "normal") -> Tolerance | None:
    """A tolerance as typed: "5 %" (or "5%") a share of the value, "0.02" an amount in the
    field's unit, "" none (a library value then takes its stated one). EditError names the text
    and what is allowed."""
    typed = text.strip().removeprefix("±").strip()
    if not typed:
        return None
    relative = typed.endswith("%")
    try:
        amount = float(typed.removesuffix("%").strip())
    except ValueError:
        raise EditError(
            f"{field}: tolerance {text!r} is not a number: type e.g. '5 %' (of the value) or "
            "'0.02' (in the field's unit), or nothing for none"
        ) from None
    if relative:
        amount /= 100.0
    return Tolerance(field, amount, relative, distribution)  # type: ignore[arg-type]


def set_price(
    design: Design,
    material: str,
    usd_per_kg: Num | None,
    source: str = "",
    year: int | None = None,
) -> Design:
    """The design with material's price set in place (None: removed, the tolerances of the
    prices after it following their price); the engine checks it on apply."""
    prices = list(design.prices)
    at = next((i for i, p in enumerate(prices) if p.material == material), None)
    if usd_per_kg is not None:
        price = Price(material, usd_per_kg, source, year)
        if at is None:
            prices.append(price)
        else:
            prices[at] = price
        return dataclasses.replace(design, prices=tuple(prices))
    if at is None:
        return design
    del prices[at]
    tolerances = []
    for tolerance in design.tolerances:
        found = PRICE_FIELD.match(tolerance.field)
        if found is None or int(found[1]) < at:
            tolerances.append(tolerance)
        elif int(found[1]) > at:
            field = f"prices[{int(found[1]) - 1}].{found[2]}"
            tolerances.append(dataclasses.replace(tolerance, field=field))
    return dataclasses.replace(design, prices=tuple(prices), tolerances=tuple(tolerances))


def with_prices(design: Design, prices: tuple[Price, ...]) -> Design:
    """The design with each of these prices set, in place of its own for that material (its
    other prices kept): a price list taken from another design."""
    for price in prices:
        design = set_price(design, price.material, price.usd_per_kg, price.source, price.year)
    return design


def parse_price(material: str, text: str) -> float | None:
    """A price as typed: "20", "$20" or "20 $/kg" (US$ per kg); "" none. EditError names the
    text and what is allowed."""
    typed = text.strip().removeprefix("$").removesuffix("$/kg").replace(",", "").strip()
    if not typed:
        return None
    try:
        return float(typed)
    except ValueError:
        raise EditError(
            f"Price of {material}: {text!r} is not a number: type US$ per kg (e.g. 20), or "
            "nothing for no price"
        ) from None


def parse_year(material: str, text: str) -> int | None:
    """A year as typed ("2026"); "" none. EditError names the text."""
    typed = text.strip()
    if not typed:
        return None
    try:
        return int(typed)
    except ValueError:
        raise EditError(
            f"Year of {material}'s price: {text!r} is not a year: type e.g. 2026, or nothing"
        ) from None


def kept_tolerances(old: Design, new: Design, library: Library) -> Design:
    """new with only those of its tolerances that still name the same input after an edit from
    old: the field exists and holds a number, and a component's is still the same material (a
    tolerance on a removed layer, a switched anode or a changed component goes with it)."""
    kept = []
    for tolerance in new.tolerances:
        if field_problem(new, tolerance.field, library) is not None:
            continue
        found = COMPONENT_FIELD.match(tolerance.field)
        if found is not None:
            component = f"{found[1]}.components[{found[2]}]"
            try:
                same = get_field(old, component).material == get_field(new, component).material
            except (KeyError, IndexError):
                same = False
            if not same:
                continue
        kept.append(tolerance)
    if len(kept) == len(new.tolerances):
        return new
    return dataclasses.replace(new, tolerances=tuple(kept))


def change_anode_kind(design: Design, kind: str) -> Design:
    """The design with an anode of another kind, as new_anode starts it."""
    if kind == design.anode.kind:
        return design
    return dataclasses.replace(design, anode=new_anode(kind))


def change_cell_format(design: Design, kind: str) -> Design:
    """The design in a pellet die or a pouch cell, as new_cell_format starts it."""
    if kind == ("pellet" if isinstance(design.cell_format, PelletFormat) else "pouch"):
        return design
    return dataclasses.replace(design, cell_format=new_cell_format(kind))


def size_fields(design: Design, key: str) -> tuple[str, ...]:
    """The fields that can set the size of the layer key ("cathode" or "anode")."""
    if key == "cathode":
        return CATHODE_SIZE_FIELDS
    if key == "anode" and design.anode.kind in ANODE_SIZE_FIELDS:
        return ANODE_SIZE_FIELDS[design.anode.kind]
    raise EditError(f"the {key} layer has no choice of how it is sized")


def size_by(design: Design, results: Results, library: Library, key: str, field: str) -> Design:
    """The layer sized by another field, at the value that keeps it as it is now (from the
    design's results): its thickness, its total or active loading, or the N/P ratio."""
    fields = size_fields(design, key)
    if field not in fields:
        raise EditError(f"the {key} layer is sized by one of {', '.join(fields)}, not {field!r}")
    layer = get_field(design, key)
    if getattr(layer, field) is not None:
        return design
    layer_result = results.layer(key)
    if field == "thickness_um":
        value = float(layer_result.thickness_um)
    elif field == "loading_mg_cm2":
        value = float(layer_result.mass_mg_cm2)
    elif field == "active_loading_mg_cm2":
        value = sum(
            float(c.mass_mg_cm2) for c in layer_result.components if library[c.material].is_active
        )
    else:  # n_p_ratio
        if results.n_p_ratio is None:
            raise EditError("this design has no N/P ratio to size the anode by")
        value = float(results.n_p_ratio)
    sizes: dict[str, float | None] = dict.fromkeys(fields)
    sizes[field] = round(value, 4)
    return replace_field(design, key, dataclasses.replace(layer, **sizes))


def porosity_from(design: Design, results: Results, key: str, pressed: bool) -> Design:
    """The layer's porosity derived from a pressing pressure (resources/defaults.json's) or given,
    at the porosity it has now."""
    layer = get_field(design, key)
    if pressed == (layer.porosity is None):
        return design
    if pressed:
        new = dataclasses.replace(
            layer, porosity=None, pressing_pressure_MPa=default("pressing_pressure_MPa")
        )
    else:
        porosity = round(float(results.layer(key).porosity), 4)
        new = dataclasses.replace(layer, porosity=porosity, pressing_pressure_MPa=None)
    return replace_field(design, key, new)


def measured_voltage(design: Design, results: Results, measured: bool) -> Design:
    """The cathode's mean voltage given as measured (starting at the library's mean, as now) or
    taken from the library again."""
    value = round(float(results.cathode_voltage_V), MV) if measured else None
    return replace_field(design, "cathode.mean_voltage_V", value)


def measured_efficiency(design: Design, results: Results, measured: bool) -> Design:
    """The anode's Coulombic efficiency given as measured (starting at the one in use, or the
    starting value of resources/defaults.json where there is none) or taken from the library
    again."""
    if not measured:
        return replace_field(design, "anode.coulombic_efficiency", None)
    current, _source = coulombic_efficiency(results)
    start = default("anode.coulombic_efficiency") if current is None else float(current)
    return replace_field(design, "anode.coulombic_efficiency", round(start, 4))


def measured_first_cycle(design: Design, results: Results, measured: bool) -> Design:
    """The cathode's first-cycle efficiency given as measured (starting at the one the
    library's first-cycle losses give, 1 where there are none) or taken from the library
    again."""
    value = round(float(formation(results).efficiency), 4) if measured else None
    return replace_field(design, "cathode.first_cycle_efficiency", value)


def prelithiated(design: Design, results: Results, on: bool) -> Design:
    """The anode pre-lithiated, starting at the Li that keeps the cell's capacity whole (what a
    cathode built delithiated needs that the anode lacks, and what the first cycle takes from the
    anode beyond its excess; 0 where nothing is lacking), or not pre-lithiated."""
    if not on:
        return replace_field(design, "anode.prelithiation_mAh_cm2", None)
    first = formation(results)
    lacking = float(results.lithium_shortfall_mAh_cm2) + max(
        0.0, float(first.drawn_from_anode_mAh_cm2) - float(first.excess_before_mAh_cm2)
    )
    # Rounded up to 0.1 uAh/cm2, so that the capacity stays whole.
    return replace_field(design, "anode.prelithiation_mAh_cm2", math.ceil(lacking * 1e4) / 1e4)


def coated(design: Design, material: str | None) -> Design:
    """Every active of the cathode coated with a material of the library (keeping the coating's
    thickness, or starting at resources/defaults.json's), or left uncoated (None)."""
    thickness = design.cathode.coating_thickness_nm
    if material is None:
        thickness = None
    elif thickness is None:
        thickness = default("cathode.coating_thickness_nm")
    cathode = dataclasses.replace(
        design.cathode, coating_material=material, coating_thickness_nm=thickness
    )
    return dataclasses.replace(design, cathode=cathode)


def fix_cutoffs(design: Design, discharge_V: float, charge_V: float) -> Design:
    """The cut-offs fixed at the given voltages (to 1 mV), e.g. the automatic ones of the
    current curve, so that they no longer follow the actives."""
    operating = dataclasses.replace(
        design.operating,
        discharge_cutoff_V=round(discharge_V, MV),
        charge_cutoff_V=round(charge_V, MV),
    )
    return dataclasses.replace(design, operating=operating)


def automatic_cutoffs(design: Design) -> Design:
    """The cut-offs left to the actives' curves (the widest window they allow)."""
    operating = dataclasses.replace(design.operating, discharge_cutoff_V=None, charge_cutoff_V=None)
    return dataclasses.replace(design, operating=operating)


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


# A component's measured values and the library values they override.
MEASURED = {"density_g_cm3": "density_g_cm3", "capacity_mAh_g": "capacity_practical_mAh_g"}


def set_measured(
    components: Components, index: int, field: str, value: float, library: Library
) -> Components:
    """A measured density_g_cm3 or capacity_mAh_g (practical) of a component; the library's own
    value clears the override (the design then follows the library)."""
    if field not in MEASURED:
        raise EditError(f"{field!r} is not a measured value of a component")
    library_value = library[components[index].material].get(MEASURED[field])
    changed = list(components)
    override = None if library_value == value else value
    changed[index] = replace_field(changed[index], field, override)
    return tuple(changed)


# --- the design's own properties ----------------------------------------------------------------
UNTITLED = "Untitled"
NAME_LIMIT = 200  # characters: a title for a window, a report and a file


def set_properties(design: Design, name: str, author: str, notes: str) -> Design:
    """The design's name, author and notes as the user gives them (name and author on one
    line, surrounding spaces dropped). EditError for an empty or overlong name."""
    name, author = " ".join(name.split()), " ".join(author.split())
    if not name:
        raise EditError("name: a design needs a name (1 to 200 characters)")
    if len(name) > NAME_LIMIT:
        raise EditError(f"name: {len(name)} characters is more than the allowed {NAME_LIMIT}")
    return dataclasses.replace(design, name=name, author=author, notes=notes.strip())


def from_template(design: Design, template_name: str) -> Design:
    """A preset, once edited, is the user's own untitled design: not the preset's name and
    author (a report would credit them with the user's cell), with where it started in its
    notes."""
    started = f'Started from the preset "{template_name}".'
    notes = f"{started}\n{design.notes}".strip() if design.notes else started
    return dataclasses.replace(design, name=UNTITLED, author="", notes=notes)
