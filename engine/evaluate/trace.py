"""Why a number is what it is: the formula, the inputs with units and sources, the steps.

explain(results, key) builds the explanation on demand from the results (nothing is traced during
evaluate, which keeps it fast). Keys: ``areal_capacity``, ``cell_voltage``, ``n_p_ratio``,
``cycle_life`` (the capacity left after the design's cycles, from the Li inventory),
``first_cycle`` (the first cycle's efficiency and what it takes),
``wh_per_kg:<rung>`` / ``wh_per_l:<rung>`` / ``wh_per_l_discharged:<rung>`` for any rung of the
ladder (``wh_per_kg:cell``), each also at the cell voltage (``wh_per_kg_at_cell_voltage:cathode``),
``porosity:<layer>`` (given in the design or derived from pressure, and how) and
``ionic_asr:<layer>`` / ``electronic_asr:<layer>`` for the cathode, separator layers and composite
anodes (``ionic_asr:separator[0]``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.design import Component, Design, get_field
from engine.evaluate.inventory import formation, lithium_inventory
from engine.labels import ANODE_KINDS, field_label, quantity_label
from engine.materials import Library
from engine.physics.compaction import LAW_KEYS, REBOUND_KEY
from engine.physics.transport import REFERENCE_TEMPERATURE_C
from engine.references import cite, load_references
from engine.results import LayerResult, Results


@dataclass(frozen=True)
class TraceInput:
    name: str
    value: float
    unit: str
    source: str  # a library reference ("yang2022, Fig. 1A") or "design: <field path>"


@dataclass(frozen=True)
class Explanation:
    key: str
    value: float
    unit: str
    formula: str
    inputs: tuple[TraceInput, ...]
    steps: tuple[str, ...]

    def text(self, labels: bool = False) -> str:
        """The value, the formula, the inputs and the steps, in lines. Numbers and design
        fields are named by their keys and file paths (for the command line, where they are
        typed), or with labels in words and units (for the window and the report)."""
        title = quantity_label(self.key) if labels else self.key
        lines = [f"{title} = {self.value:.4g} {self.unit}", f"  formula: {self.formula}"]
        for i in self.inputs:
            source = _source_words(i.source) if labels else i.source
            lines.append(f"  {i.name} = {i.value:.4g} {i.unit}  [{source}]")
        lines += [f"  {step}" for step in self.steps]
        return "\n".join(lines)


def _source_words(source: str) -> str:
    """A source in words: a design field by its label ("design: Cathode porosity (...)"),
    another explained number by its name ("see Areal capacity"); a library value's reference as
    a reader cites it ("Li et al. 2021, section 3"); anything else as it is."""
    if source.startswith("design: "):
        path, space, rest = source.removeprefix("design: ").partition(" ")
        label = field_label(path)
        if rest == "(measured)" and "measured" in label:
            space = rest = ""  # said once
        return f"design: {label}{space}{rest}"
    if source.startswith("explain "):
        return f"see {quantity_label(source.removeprefix('explain '))}"
    if source.startswith("anode kind "):
        kind = source.removeprefix("anode kind ")
        return f"a {ANODE_KINDS.get(kind, kind)} anode"
    key, _comma, where = source.partition(", ")
    if key in load_references():  # a library value's "ref, where": the paper as a reader cites it
        return cite(key, where)
    return source


def _scalar(value: object) -> float:
    array = np.asarray(value, dtype=float)
    if array.ndim:
        raise ValueError("explanations are for single designs, not sweeps")
    return float(array)


def _component_inputs(
    component: Component, path: str, library: Library, basis: str
) -> list[TraceInput]:
    material = library[component.material]
    inputs = [
        TraceInput(
            f"w({material.id})",
            _scalar(component.mass_fraction),
            "",
            f"design: {path}.mass_fraction",
        )
    ]
    if component.capacity_mAh_g is not None and basis == "practical":
        inputs.append(
            TraceInput(
                f"q({material.id})",
                _scalar(component.capacity_mAh_g),
                "mAh/g",
                f"design: {path}.capacity_mAh_g (measured)",
            )
        )
    else:
        key = f"capacity_{basis}_mAh_g"
        inputs.append(
            TraceInput(
                f"q({material.id})", material.value(key), "mAh/g", material.values[key].source()
            )
        )
    return inputs


def _capacity(results: Results, library: Library) -> Explanation:
    design: Design = results.design
    inputs: list[TraceInput] = []
    coating = design.cathode.coating_material
    share = "" if coating is None else " * (1 - s_i)"
    for i, component in enumerate(design.cathode.components):
        if library[component.material].is_active:
            inputs += _component_inputs(
                component, f"cathode.components[{i}]", library, design.capacity_basis
            )
            if coating is not None:
                inputs.append(
                    TraceInput(
                        f"s({component.material})",
                        _scalar(results.cathode_parts[i].shell_mass_share),
                        "",
                        f"the {coating} coating's share of the coated powder's mass "
                        f"({_scalar(design.cathode.coating_thickness_nm):g} nm on the particles)",
                    )
                )
    cathode = results.layer("cathode")
    inputs.append(
        TraceInput(
            "m(cathode)",
            _scalar(cathode.mass_mg_cm2),
            "mg/cm2",
            "from the cathode's loading or thickness",
        )
    )
    shortfall = _scalar(results.lithium_shortfall_mAh_cm2)
    steps = [f"{design.capacity_basis} capacity of the actives: sum(w * q{share}) * m / 1000"]
    if shortfall > 0:
        steps.append(f"minus {shortfall:.4g} mAh/cm2 the anode cannot supply as Li")
    return Explanation(
        "areal_capacity",
        _scalar(results.areal_capacity_mAh_cm2),
        "mAh/cm2",
        f"Q = m(cathode) * sum over actives of w_i * q_i{share} / 1000",
        tuple(inputs),
        tuple(steps),
    )


def _voltage(results: Results, library: Library) -> Explanation:
    design = results.design
    inputs = []
    if design.cathode.mean_voltage_V is not None:
        inputs.append(
            TraceInput(
                "V(cathode)",
                _scalar(design.cathode.mean_voltage_V),
                "V",
                "design: cathode.mean_voltage_V (measured)",
            )
        )
    else:
        for component in design.cathode.components:
            material = library[component.material]
            if material.is_active:
                inputs.append(
                    TraceInput(
                        f"V({material.id})",
                        material.value("voltage_avg_V"),
                        "V vs Li+/Li",
                        material.values["voltage_avg_V"].source(),
                    )
                )
    inputs.append(
        TraceInput(
            "V(anode)",
            _scalar(results.anode_voltage_V),
            "V vs Li+/Li",
            f"anode kind {design.anode.kind}",
        )
    )
    return Explanation(
        "cell_voltage",
        _scalar(results.cell_voltage_V),
        "V",
        "V = V(cathode) - V(anode); V(cathode) is the capacity-weighted mean of its actives",
        tuple(inputs),
        (f"V(cathode) = {_scalar(results.cathode_voltage_V):.4g} V vs Li+/Li",),
    )


def _n_p(results: Results) -> Explanation:
    if results.n_p_ratio is None:
        raise KeyError("an anode-free cell has no N/P ratio")
    basis = results.design.n_p_basis
    return Explanation(
        "n_p_ratio",
        _scalar(results.n_p_ratio),
        "",
        f"N/P = Q(anode) / Q(cathode, {basis})",
        (
            TraceInput(
                "Q(anode)",
                _scalar(results.anode_capacity_mAh_cm2),
                "mAh/cm2",
                "anode mass * its specific capacity",
            ),
            TraceInput(
                f"Q(cathode, {basis})",
                _scalar(results.n_p_reference_mAh_cm2),
                "mAh/cm2",
                f"design: n_p_basis = {basis}",
            ),
        ),
        tuple(
            f"on the {other} cathode capacity: N/P = {_scalar(results.n_p_ratio_on(other)):.3g}"
            for other in ("practical", "theoretical")
            if other != basis
        ),
    )


def _first_cycle(results: Results) -> Explanation:
    """The first cycle's efficiency and what it takes (engine/evaluate/inventory.py)."""
    first = formation(results)
    return Explanation(
        "first_cycle",
        _scalar(first.efficiency) * 100.0,
        "%",
        "FCE = Q / (Q + loss); capacity after = Q - max(0, drawn - excess)",
        (
            TraceInput(
                "Q", _scalar(results.areal_capacity_mAh_cm2), "mAh/cm2", "explain areal_capacity"
            ),
            TraceInput(
                "loss",
                _scalar(first.loss_mAh_cm2),
                "mAh/cm2",
                first.source or "no first-cycle loss known for these actives",
            ),
            TraceInput(
                "drawn",
                _scalar(first.drawn_from_anode_mAh_cm2),
                "mAh/cm2",
                "the loss of actives built delithiated, paid from the anode's Li",
            ),
            TraceInput(
                "excess",
                _scalar(first.excess_before_mAh_cm2),
                "mAh/cm2",
                "the anode's Li beyond what the cathode takes from it, as built",
            ),
        ),
        (
            (
                f"capacity after formation {_scalar(first.capacity_after_mAh_cm2):.4g} mAh/cm2: "
                f"every level keeps {_scalar(first.share_kept):.1%} of its energy"
            ),
        ),
    )


def _cycle_life(results: Results) -> Explanation:
    """The capacity left after the design's cycles, from the Li inventory
    (engine/evaluate/inventory.py)."""
    inventory = lithium_inventory(results)
    ce = inventory.coulombic_efficiency
    if ce is None:
        raise KeyError(
            "no Coulombic efficiency: give anode.coulombic_efficiency (the library has one only "
            "for some electrolytes facing Li metal)"
        )
    n = _scalar(inventory.cycles)
    return Explanation(
        "cycle_life",
        _scalar(inventory.retention_after_cycles) * 100.0,
        "% of the capacity",
        "Q_N / Q = CE^max(0, N - n_full), n_full = excess / (Q (1 - CE))",
        (
            TraceInput("Q", _scalar(inventory.cycled_mAh_cm2), "mAh/cm2", "explain areal_capacity"),
            TraceInput("CE", _scalar(ce), "", inventory.efficiency_source),
            TraceInput(
                "excess",
                _scalar(inventory.excess_mAh_cm2),
                "mAh/cm2",
                "the anode's Li beyond what the cathode takes from it",
            ),
            TraceInput("N", n, "cycles", "design: operating.cycles"),
        ),
        (
            f"lost per cycle Q (1 - CE) = {_scalar(inventory.lost_per_cycle_mAh_cm2):.4g} mAh/cm2",
            f"n_full = {_scalar(inventory.full_capacity_cycles):.4g} cycles at full capacity",
            (
                f"{n:g} cycles at full capacity need "
                f"{_scalar(inventory.excess_needed_mAh_cm2):.4g} mAh/cm2 of excess Li "
                f"({_scalar(inventory.excess_needed_um):.4g} um of Li metal)"
            ),
        ),
    )


RUNG_QUANTITIES = ("wh_per_kg", "wh_per_l", "wh_per_l_discharged")
AT_CELL_VOLTAGE = "_at_cell_voltage"


def _rung(results: Results, quantity: str, rung_key: str) -> Explanation:
    """A rung's Wh/kg, Wh/L or Wh/L at end of discharge, on its own voltage basis or (with the
    suffix _at_cell_voltage) at the cell voltage."""
    rung = results.rung(rung_key)
    at_cell = quantity.endswith(AT_CELL_VOLTAGE)
    if at_cell:
        energy, voltage = rung.energy_at_cell_voltage_Wh, rung.cell_voltage_V
        voltage_words = "the cell voltage (cathode minus anode)"
    else:
        energy, voltage = rung.energy_Wh, rung.voltage_V
        voltage_words = (
            "the cathode's mean potential vs Li+/Li" if rung.vs_lithium else "the cell voltage"
        )
    inputs = (
        TraceInput("E", _scalar(energy), "Wh", "Q * V"),
        TraceInput("Q", _scalar(results.capacity_mAh), "mAh", "explain areal_capacity"),
        TraceInput("V", _scalar(voltage), "V", f"{voltage_words}; explain cell_voltage"),
    )
    key = f"{quantity}:{rung_key}"
    basis = f"basis: {rung.basis}" + (" (here at the cell voltage)" if at_cell else "")
    base = quantity.removesuffix(AT_CELL_VOLTAGE)
    if base == "wh_per_kg":
        layers = [f"{layer.label}: {_scalar(layer.mass_g):.4g} g" for layer in results.layers]
        return Explanation(
            key,
            _scalar(getattr(rung, quantity)),
            "Wh/kg",
            "E / m * 1000",
            (*inputs, TraceInput("m", _scalar(rung.mass_g), "g", rung.basis)),
            (basis, "cell masses by layer: " + "; ".join(layers)),
        )
    discharged = base == "wh_per_l_discharged"
    volume = rung.volume_discharged_cm3 if discharged else rung.volume_cm3
    state = "at end of discharge" if discharged else "as the basis names"
    suffix = AT_CELL_VOLTAGE if at_cell else ""
    other = getattr(rung, ("wh_per_l" if discharged else "wh_per_l_discharged") + suffix)
    other_state = "as the basis names" if discharged else "at end of discharge"
    return Explanation(
        key,
        _scalar(getattr(rung, quantity)),
        "Wh/L",
        "E / volume * 1000",
        (*inputs, TraceInput("volume", _scalar(volume), "cm3", f"{state}; {rung.basis}")),
        (basis, f"{other_state}: {_scalar(other):.4g} Wh/L"),
    )


def _layer_materials(results: Results, layer: LayerResult) -> list[str]:
    """The material ids of a layer's components, in the design's order."""
    if layer.key.startswith("separator["):
        return [get_field(results.design, layer.key).material]
    return [c.material for c in get_field(results.design, layer.key).components]


def _value_input(library: Library, material_id: str, key: str, unit: str) -> TraceInput:
    material = library[material_id]
    return TraceInput(
        f"{key}({material_id})", material.value(key), unit, material.values[key].source()
    )


def _porosity(results: Results, layer_key: str, library: Library) -> Explanation:
    layer = results.layer(layer_key)
    key = f"porosity:{layer_key}"
    value = _scalar(layer.porosity)
    if layer.porosity_source == "dense":
        return Explanation(key, value, "", "a dense layer (foil, collector, packaging)", (), ())
    if layer.compaction is None:
        return Explanation(
            key,
            value,
            "",
            "eps as given in the design (not derived from pressure)",
            (TraceInput("eps", value, "", f"design: {layer_key}.porosity"),),
            ("given directly: it does not change with the stack pressure",),
        )
    c = layer.compaction
    inputs = [
        TraceInput(
            "P_press",
            _scalar(c.pressing_pressure_MPa),
            "MPa",
            f"design: {layer_key}.pressing_pressure_MPa",
        ),
        TraceInput(
            "P_op", _scalar(c.operating_pressure_MPa), "MPa", "design: operating.stack_pressure_MPa"
        ),
    ]
    for material_id in _layer_materials(results, layer):
        law = library[material_id].compaction
        assert law is not None  # validate() refused a layer pressed without one
        for name in LAW_KEYS[law.law]:
            unit = "1/MPa" if name.endswith("per_MPa") else ""
            inputs.append(_value_input(library, material_id, name, unit))
        inputs.append(_value_input(library, material_id, REBOUND_KEY, ""))
    return Explanation(
        key,
        value,
        "",
        "each powder follows its loading curve to P_max = max(P_press, P_op) (Heckel: eps = "
        "exp(-(K P + A)); Kawakita: eps = a / (1 + b P (1 - a))) and rebounds to P_op: "
        "1 - eps_i = (1 - eps_L(P_max))^(1 - chi) (1 - eps_L(P_op))^chi; bulk volumes add: "
        "1/(1 - eps) = sum phi_i / (1 - eps_i)",
        tuple(inputs),
        (
            "derived from pressure (engine/physics/compaction.py)",
            f"under the pressing pressure: {_scalar(c.pressed_porosity):.4g}",
            f"after the pressure is released: {_scalar(c.released_porosity):.4g}",
            f"under the stack pressure (used): {_scalar(c.operating_porosity):.4g}",
        ),
    )


def _asr(results: Results, path: str, layer_key: str, library: Library) -> Explanation:
    layer = results.layer(layer_key)
    transport = layer.transport
    if transport is None:
        raise KeyError(f"layer {layer_key!r} has no transport result")
    ionic = path == "ionic"
    conductivity_key = f"{path}_conductivity_S_cm"
    energy_key = f"{path}_activation_energy_eV"
    temperature = _scalar(transport.temperature_C)
    inputs = [
        TraceInput("L", _scalar(layer.thickness_um), "um", "the layer's thickness"),
        TraceInput("T", temperature, "C", "design: operating.temperature_C"),
        TraceInput(
            "alpha",
            _scalar(transport.model.bruggeman_exponent),
            "",
            "design: transport.bruggeman_exponent",
        ),
        TraceInput(
            "phi_c",
            _scalar(transport.model.percolation_threshold),
            "",
            "design: transport.percolation_threshold",
        ),
    ]
    steps = []
    for material_id, (conduction, phi) in zip(
        _layer_materials(results, layer), transport.phases, strict=True
    ):
        sigma = conduction[0] if ionic else conduction[2]
        if not sigma:
            continue
        inputs.append(_value_input(library, material_id, conductivity_key, "S/cm"))
        if energy_key in library[material_id].values:
            inputs.append(_value_input(library, material_id, energy_key, "eV"))
        elif ionic and temperature != REFERENCE_TEMPERATURE_C:
            steps.append(f"{material_id}: no activation energy, taken at 25 C")
        steps.append(f"phi({material_id}) = {_scalar(phi):.4g} of the layer's volume")
    sigma_eff = (
        transport.ionic_conductivity_S_cm if ionic else transport.electronic_conductivity_S_cm
    )
    steps.append(f"sigma_eff = {_scalar(sigma_eff):.4g} S/cm (parallel paths)")
    value = transport.ionic_asr_ohm_cm2 if ionic else transport.electronic_asr_ohm_cm2
    return Explanation(
        f"{path}_asr:{layer_key}",
        _scalar(value),
        "ohm cm2",
        "ASR = L / sigma_eff; sigma_eff = sum_i sigma_i(T) ((phi_i - phi_c) / (1 - phi_c))^alpha "
        "over the conducting phases (0 at or below phi_c); sigma_i(T) = sigma_i exp(-(E_a/k_B) "
        "(1/T - 1/298.15 K))",
        tuple(inputs),
        tuple(steps),
    )


EXPLAINABLE = (
    "areal_capacity",
    "cell_voltage",
    "n_p_ratio",
    "cycle_life",
    "first_cycle",
    "wh_per_kg:<rung>",
    "wh_per_l:<rung>",
    "wh_per_l_discharged:<rung>",
    "wh_per_kg_at_cell_voltage:<rung>",
    "porosity:<layer>",
    "ionic_asr:<layer>",
    "electronic_asr:<layer>",
)


def explain(results: Results, key: str) -> Explanation:
    """The explanation of one headline number of a single (scalar) design, its inputs' sources
    read from the library the results were computed with."""
    library = results.library
    whole = {
        "areal_capacity": lambda: _capacity(results, library),
        "cell_voltage": lambda: _voltage(results, library),
        "n_p_ratio": lambda: _n_p(results),
        "cycle_life": lambda: _cycle_life(results),
        "first_cycle": lambda: _first_cycle(results),
    }
    if key in whole:
        return whole[key]()
    quantity, _, rung = key.partition(":")
    if quantity.removesuffix(AT_CELL_VOLTAGE) in RUNG_QUANTITIES and rung:
        return _rung(results, quantity, rung)
    if quantity == "porosity" and rung:
        return _porosity(results, rung, library)
    if quantity in {"ionic_asr", "electronic_asr"} and rung:
        return _asr(results, quantity.removesuffix("_asr"), rung, library)
    raise KeyError(f"cannot explain {key!r}; try one of {', '.join(EXPLAINABLE)}")
