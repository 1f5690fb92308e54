"""Why a number is what it is: the formula, the inputs with units and sources, the steps.

explain(results, key) builds the explanation on demand from the results (nothing is traced during
evaluate, which keeps it fast). Keys: ``areal_capacity``, ``cell_voltage``, ``n_p_ratio``, and
``wh_per_kg:<rung>`` / ``wh_per_l:<rung>`` for any rung of the ladder (``wh_per_kg:cell``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.design import Component, Design
from engine.materials import Library, shipped_library
from engine.results import Results


@dataclass(frozen=True)
class TraceInput:
    name: str
    value: float
    unit: str
    source: str  # a library reference ("seed004, Fig. 1A (L55)") or "design: <field path>"


@dataclass(frozen=True)
class Explanation:
    key: str
    value: float
    unit: str
    formula: str
    inputs: tuple[TraceInput, ...]
    steps: tuple[str, ...]

    def text(self) -> str:
        """Plain words for a person: the value, the formula, the inputs and the steps."""
        lines = [f"{self.key} = {self.value:.4g} {self.unit}", f"  formula: {self.formula}"]
        lines += [f"  {i.name} = {i.value:.4g} {i.unit}  [{i.source}]" for i in self.inputs]
        lines += [f"  {step}" for step in self.steps]
        return "\n".join(lines)


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
    for i, component in enumerate(design.cathode.components):
        if library[component.material].is_active:
            inputs += _component_inputs(
                component, f"cathode.components[{i}]", library, design.capacity_basis
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
    shortfall = _scalar(results.intermediates["lithium_shortfall"])
    steps = [f"{design.capacity_basis} capacity of the actives: sum(w * q) * m / 1000"]
    if shortfall > 0:
        steps.append(f"minus {shortfall:.4g} mAh/cm2 the anode cannot supply as Li")
    return Explanation(
        "areal_capacity",
        _scalar(results.areal_capacity_mAh_cm2),
        "mAh/cm2",
        "Q = m(cathode) * sum over actives of w_i * q_i / 1000",
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
                _scalar(results.intermediates["q_np"]),
                "mAh/cm2",
                f"design: n_p_basis = {basis}",
            ),
        ),
        (),
    )


def _rung(results: Results, quantity: str, rung_key: str) -> Explanation:
    rung = results.rung(rung_key)
    inputs = (
        TraceInput("E", _scalar(rung.energy_Wh), "Wh", "capacity * voltage * electrode area"),
        TraceInput("Q", _scalar(results.capacity_mAh), "mAh", "explain areal_capacity"),
        TraceInput("V", _scalar(rung.voltage_V), "V", "explain cell_voltage"),
    )
    if quantity == "wh_per_kg":
        layers = [f"{layer.label}: {_scalar(layer.mass_g):.4g} g" for layer in results.layers]
        return Explanation(
            f"wh_per_kg:{rung_key}",
            _scalar(rung.wh_per_kg),
            "Wh/kg",
            "E / m * 1000",
            (*inputs, TraceInput("m", _scalar(rung.mass_g), "g", rung.basis)),
            (f"basis: {rung.basis}", "cell masses by layer: " + "; ".join(layers)),
        )
    return Explanation(
        f"wh_per_l:{rung_key}",
        _scalar(rung.wh_per_l),
        "Wh/L",
        "E / V * 1000",
        (*inputs, TraceInput("volume", _scalar(rung.volume_cm3), "cm3", rung.basis)),
        (
            f"basis: {rung.basis}",
            f"at end of discharge: {_scalar(rung.wh_per_l_discharged):.4g} Wh/L",
        ),
    )


EXPLAINABLE = ("areal_capacity", "cell_voltage", "n_p_ratio", "wh_per_kg:<rung>", "wh_per_l:<rung>")


def explain(results: Results, key: str, library: Library | None = None) -> Explanation:
    """The explanation of one headline number of a single (scalar) design."""
    library = shipped_library() if library is None else library
    if key == "areal_capacity":
        return _capacity(results, library)
    if key == "cell_voltage":
        return _voltage(results, library)
    if key == "n_p_ratio":
        return _n_p(results)
    quantity, _, rung = key.partition(":")
    if quantity in {"wh_per_kg", "wh_per_l"} and rung:
        return _rung(results, quantity, rung)
    raise KeyError(f"cannot explain {key!r}; try one of {', '.join(EXPLAINABLE)}")
