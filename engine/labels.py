"""What a person calls each design field and each library value: words and a unit.

The engine names fields by their path in the design file ("separator[1].thickness_um"), which is
right for a file written by hand and for the command line; the window and the report say
"Separator layer 2 thickness (µm)" instead. A path with no words here is shown as it is.
"""

from __future__ import annotations

import re

from engine.design import COMPONENT_FIELD, PRICE_FIELD, Design, get_field
from engine.problems import DesignWarning, Problem

# The last part of a field's path: its words and unit ("" for none).
FIELDS: dict[str, tuple[str, str]] = {
    "thickness_um": ("thickness", "µm"),
    "loading_mg_cm2": ("loading", "mg/cm²"),
    "active_loading_mg_cm2": ("active loading", "mg/cm²"),
    "porosity": ("porosity", "fraction of the volume"),
    "pressing_pressure_MPa": ("pressing pressure", "MPa"),
    "mean_voltage_V": ("mean voltage", "V vs Li+/Li"),
    "n_p_ratio": ("N/P ratio", ""),
    "coulombic_efficiency": ("Coulombic efficiency", "fraction"),
    "prelithiation_mAh_cm2": ("pre-lithiation", "mAh/cm²"),
    "coating_material": ("coating", ""),
    "coating_thickness_nm": ("coating thickness", "nm"),
    "cycles": ("cycles counted", ""),
    "kind": ("type", ""),
    "material": ("material", ""),
    "mass_fraction": ("mass fraction", ""),
    "capacity_mAh_g": ("measured practical capacity", "mAh/g"),
    "density_g_cm3": ("measured density", "g/cm³"),
    "particle_radius_um": ("particle radius", "µm"),
    "diameter_mm": ("cathode diameter", "mm"),
    "width_mm": ("cathode width", "mm"),
    "height_mm": ("cathode height", "mm"),
    "anode_mm": ("anode overhang past the cathode", "mm"),
    "separator_mm": ("separator overhang past the electrodes", "mm"),
    "seal_width_mm": ("seal width", "mm"),
    "headspace_mm": ("headspace", "mm"),
    "foil_thickness_um": ("pouch foil thickness", "µm"),
    "foil_density_g_cm3": ("pouch foil density", "g/cm³"),
    "tab_mass_g": ("tab mass", "g"),
    "unit_cells": ("unit cells", ""),
    "double_sided": ("double-sided electrodes", ""),
    "mass_g": ("mass", "g"),
    "volume_cm3": ("volume", "cm³"),
    "safety_factor": ("safety factor", ""),
    "stack_pressure_MPa": ("stack pressure", "MPa"),
    "temperature_C": ("temperature", "°C"),
    "c_rate": ("C-rate", "C"),
    "c_rate_basis": ("C-rate basis", ""),
    "discharge_cutoff_V": ("discharge cut-off", "V"),
    "charge_cutoff_V": ("charge cut-off", "V"),
    "bruggeman_exponent": ("Bruggeman exponent", ""),
    "percolation_threshold": ("percolation threshold", "fraction of the volume"),
    "energy_basis": ("ladder energy from", ""),
    "capacity_basis": ("capacity basis", ""),
    "electrode_volume_change": ("electrode volume change counted", ""),
    "n_p_basis": ("N/P basis", ""),
    "liquid_electrolyte": ("liquid electrolyte in the pores", ""),
    "cathode_electrolyte_ohm_cm2": ("cathode | electrolyte", "Ω cm²"),
    "electrolyte_electrolyte_ohm_cm2": ("electrolyte | electrolyte, each", "Ω cm²"),
    "electrolyte_anode_ohm_cm2": ("electrolyte | anode", "Ω cm²"),
    "name": ("name", ""),
    "author": ("author", ""),
    "notes": ("notes", ""),
}

# The parts of a design, as the window names them ("" for the design itself).
PARTS = {
    "cathode": "Cathode",
    "anode": "Anode",
    "cathode_collector": "Cathode collector",
    "anode_collector": "Anode collector",
    "cell_format": "Cell",
    "operating": "",
    "fixture": "Fixture",
    "transport": "Transport model",
    "interfaces": "Interphase",
    "overhang": "",
}

# Library values of a material.
VALUES: dict[str, tuple[str, str]] = {
    "density_g_cm3": ("density", "g/cm³"),
    "density_delithiated_g_cm3": ("density, delithiated", "g/cm³"),
    "density_lithiated_g_cm3": ("density, lithiated", "g/cm³"),
    "molar_mass_g_mol": ("molar mass", "g/mol"),
    "molar_mass_delithiated_g_mol": ("molar mass, delithiated", "g/mol"),
    "molar_mass_lithiated_g_mol": ("molar mass, lithiated", "g/mol"),
    "li_per_formula": ("Li per formula unit", ""),
    "capacity_theoretical_mAh_g": ("theoretical capacity", "mAh/g"),
    "capacity_practical_mAh_g": ("practical capacity", "mAh/g"),
    "voltage_avg_V": ("mean voltage", "V vs Li+/Li"),
    "ionic_conductivity_S_cm": ("ionic conductivity at 25 °C", "S/cm"),
    "ionic_activation_energy_eV": ("ionic activation energy", "eV"),
    "electronic_conductivity_S_cm": ("electronic conductivity", "S/cm"),
    "diffusivity_cm2_s": ("Li diffusivity at 25 °C", "cm²/s"),
    "diffusion_activation_energy_eV": ("diffusion activation energy", "eV"),
    "exchange_current_mA_cm2": ("exchange current density at 25 °C", "mA/cm²"),
    "exchange_activation_energy_eV": ("exchange activation energy", "eV"),
    "particle_radius_um": ("particle radius", "µm"),
    "stability_window_low_V": ("stability window, low end", "V vs Li+/Li"),
    "stability_window_high_V": ("stability window, high end", "V vs Li+/Li"),
    "reduction_products_conduct_electrons": (
        "reduction products conduct electrons",
        "1 yes, 0 no",
    ),
    "critical_current_density_mA_cm2": ("critical current density with Li metal", "mA/cm²"),
    "lithium_coulombic_efficiency": ("Coulombic efficiency of Li metal on it", "fraction"),
    "first_cycle_loss_mAh_g": ("first-cycle loss", "mAh/g"),
    "first_cycle_efficiency": ("first-cycle efficiency", "fraction"),
    "heckel_k_per_MPa": ("Heckel constant k", "1/MPa"),
    "heckel_a": ("Heckel constant A", ""),
    "kawakita_a": ("Kawakita constant a", ""),
    "kawakita_b_per_MPa": ("Kawakita constant b", "1/MPa"),
    "rebound_fraction": ("rebound on release", "fraction"),
    "compaction_data_max_MPa": ("highest pressure of the compaction data", "MPa"),
    "yield_strength_MPa": ("yield strength", "MPa"),
    "poisson_ratio": ("Poisson's ratio", ""),
    "thickness_um_typical": ("typical thickness", "µm"),
}

_INDEXED = re.compile(r"(\w+)\[(\d+)\]$")


def _with_unit(words: str, unit: str) -> str:
    return f"{words} ({unit})" if unit else words


def _part(segment: str) -> str | None:
    """Words for one part of a path ("separator[1]" -> "Separator layer 2")."""
    indexed = _INDEXED.fullmatch(segment)
    if indexed:
        name, number = indexed.group(1), int(indexed.group(2)) + 1
        if name == "separator":
            return f"Separator layer {number}"
        if name == "components":
            return f"component {number}"
        return None
    return PARTS.get(segment)


def field_label(path: str) -> str:
    """A field's path in words with its unit, e.g. "separator[0].thickness_um" -> "Separator
    layer 1 thickness (µm)"; the path itself when it is not one of the design's fields."""
    *parts, last = path.split(".")
    field = FIELDS.get(last)
    if field is None:
        part = _part(last)  # a whole layer or part: "separator[1]", "cathode_collector"
        return part if part and not parts else path
    words = []
    for segment in parts:
        part = _part(segment)
        if part is None:
            return path
        words.append(part)
    text = " ".join(w for w in (*words, field[0]) if w)
    return _with_unit(text[0].upper() + text[1:], field[1])


def value_label(key: str) -> str:
    """A library value's key in words with its unit ("density_g_cm3" -> "density (g/cm³)")."""
    words, unit = VALUES.get(key, (key, ""))
    return _with_unit(words, unit)


ANODE_KINDS = {
    "li_metal": "Li metal",
    "alloy_foil": "alloy foil",
    "composite": "composite",
    "anode_free": "anode-free (Li plated on the collector)",
}

RUNGS = {
    "active_delithiated": "active material, delithiated",
    "active_lithiated": "active material, lithiated",
    "cathode": "cathode composite",
    "cathode_lithiated": "cathode composite, fully lithiated",
    "electrode_pair": "electrode pair",
    "stack": "stack",
    "cell": "cell",
    "cell_fixture": "cell + fixture",
}
QUANTITIES = {
    "areal_capacity": "Areal capacity",
    "cell_voltage": "Cell voltage",
    "n_p_ratio": "N/P ratio",
    "cycle_life": "Capacity left after the cycles counted",
    "first_cycle": "First-cycle efficiency",
    "wh_per_kg": "Specific energy, {}",
    "wh_per_l": "Energy density, {}",
    "wh_per_l_discharged": "Energy density at end of discharge, {}",
    "wh_per_kg_at_cell_voltage": "Specific energy at the cell voltage, {}",
    "wh_per_l_at_cell_voltage": "Energy density at the cell voltage, {}",
    "wh_per_l_discharged_at_cell_voltage": "Energy density at end of discharge and the cell "
    "voltage, {}",
    "porosity": "{} porosity",
    "ionic_asr": "{} ionic resistance (area-specific)",
    "electronic_asr": "{} electronic resistance (area-specific)",
}


def quantity_label(key: str) -> str:
    """An explained number's key in words ("wh_per_kg:cell" -> "Specific energy, cell")."""
    quantity, _, where = key.partition(":")
    words = QUANTITIES.get(quantity)
    if words is None:
        return key
    if quantity.startswith("wh_per"):
        return words.format(RUNGS.get(where, where))
    return words.format(_part(where) or where) if where else words


def describe(problem: Problem | DesignWarning) -> str:
    """A problem or a warning for a person: the field in words, then what it says."""
    if not problem.path:
        return problem.message
    return f"{field_label(problem.path)}: {problem.message}"


def input_label(design: Design, path: str) -> str:
    """An input in words, its component named by its material: "NMC811 practical capacity
    (mAh/g)" rather than "Cathode component 1 measured practical capacity (mAh/g)"."""
    layer, _, name = path.partition(".")
    if name == "active_fraction":
        return f"{layer.capitalize()} actives' share of the solid mass"
    price = PRICE_FIELD.match(path)
    if price is not None and price[2] == "usd_per_kg" and int(price[1]) < len(design.prices):
        return f"{design.prices[int(price[1])].material} price (US$/kg)"
    label = field_label(path).replace("measured ", "")
    found = COMPONENT_FIELD.match(path)
    if found is None:
        return label
    material = get_field(design, f"{found[1]}.components[{found[2]}].material")
    return re.sub(r"^\w+ component \d+", material, label)
