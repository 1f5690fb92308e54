"""Write docs/design-schema.json: the JSON Schema (draft 2020-12) of a design file, current format
version, for people who write designs by hand or generate them.

    .venv/bin/python tools/design_schema.py            # rewrite docs/design-schema.json
    .venv/bin/python tools/design_schema.py --check    # exit 1 if it is out of date

The ranges are the engine's own (engine/evaluate/validate.py), so the two cannot drift; the
structure (fields, types, which are required) is written out here, and tests/test_design_schema.py
holds it to the real reader: every file the reader opens, the schema accepts. The schema states
what a file's shape must be; the reader checks more than a schema can say (material ids against
the library, exactly one sizing field, fractions summing to 1), listed in the schema's
description.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.design import DISTRIBUTIONS  # noqa: E402
from engine.evaluate import validate as limits  # noqa: E402
from engine.evaluate.cost import USD_PER_KG, YEARS  # noqa: E402
from engine.io.design_files import VERSION  # noqa: E402
from engine.materials import AS_MADE, CATEGORIES  # noqa: E402

SCHEMA = ROOT / "docs" / "design-schema.json"
SMALLEST = 1e-6  # a range open at 0 takes numbers from 1e-6 up (docs/design-format.md)

Range = tuple[float, float, bool, bool]


def number(bounds: Range, optional: bool = False, about: str = "") -> dict[str, Any]:
    """A number in an engine range; optional numbers may be null (the same as left out)."""
    low, high, low_in, high_in = bounds
    spec: dict[str, Any] = {"type": ["number", "null"] if optional else "number"}
    if low_in:
        spec["minimum"] = low
    elif low == 0.0:
        spec["minimum"] = SMALLEST
    else:
        spec["exclusiveMinimum"] = low
    spec["maximum" if high_in else "exclusiveMaximum"] = high
    if about:
        spec["description"] = about
    return spec


def text(about: str = "") -> dict[str, Any]:
    return {"type": "string", "description": about} if about else {"type": "string"}


def choice(*options: str, about: str = "") -> dict[str, Any]:
    spec: dict[str, Any] = {"enum": list(options)}
    if about:
        spec["description"] = about
    return spec


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), about: str = "") -> dict:
    spec: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        spec["required"] = list(required)
    if about:
        spec["description"] = about
    return spec


def nullable(reference: str) -> dict[str, Any]:
    return {"oneOf": [{"$ref": reference}, {"type": "null"}]}


def definitions() -> dict[str, Any]:
    porous = {
        "porosity": number(limits.POROSITY, optional=True, about="pore volume fraction"),
        "pressing_pressure_MPa": number(limits.PRESSURE_MPA, optional=True),
    }
    return {
        "collector": obj(
            {
                "material": text("a metal of the materials library (Al, Cu, Ni, SUS, C-Al)"),
                "thickness_um": number(limits.POSITIVE_THICKNESS_UM),
            },
            required=("material", "thickness_um"),
        ),
        "component": obj(
            {
                "material": text("a materials library id, or a material the file carries"),
                "mass_fraction": number(limits.FRACTION, about="0, or from 1e-6 to 1"),
                "capacity_mAh_g": number(limits.CAPACITY_MAH_G, optional=True),
                "density_g_cm3": number(limits.DENSITY_G_CM3, optional=True),
                "particle_radius_um": number(limits.PARTICLE_RADIUS_UM, optional=True),
            },
            required=("material", "mass_fraction"),
        ),
        "cathode": obj(
            {
                "components": {"type": "array", "items": {"$ref": "#/$defs/component"}},
                **porous,
                "active_loading_mg_cm2": number(limits.LOADING_MG_CM2, optional=True),
                "loading_mg_cm2": number(limits.LOADING_MG_CM2, optional=True),
                "thickness_um": number(limits.POSITIVE_THICKNESS_UM, optional=True),
                "mean_voltage_V": number(limits.VOLTAGE_V, optional=True),
                "first_cycle_efficiency": number(limits.COULOMBIC_EFFICIENCY, optional=True),
                "coating_material": {
                    "type": ["string", "null"],
                    "description": "a solid_electrolyte of the library that coats every active "
                    "(version 11), with coating_thickness_nm",
                },
                "coating_thickness_nm": number(limits.COATING_NM, optional=True),
            },
            required=("components",),
            about="exactly one of active_loading_mg_cm2, loading_mg_cm2, thickness_um; "
            "coating_material and coating_thickness_nm both or neither",
        ),
        "separator_layer": obj(
            {
                "material": text("a solid_electrolyte material"),
                "thickness_um": number(limits.POSITIVE_THICKNESS_UM, optional=True),
                "loading_mg_cm2": number(limits.LOADING_MG_CM2, optional=True),
                **porous,
            },
            required=("material",),
            about="exactly one of thickness_um, loading_mg_cm2",
        ),
        "anode": obj(
            {
                "kind": choice("li_metal", "alloy_foil", "composite", "anode_free"),
                "components": {"type": "array", "items": {"$ref": "#/$defs/component"}},
                **porous,
                "thickness_um": number(limits.THICKNESS_UM, optional=True),
                "loading_mg_cm2": number(limits.LOADING_MG_CM2, optional=True),
                "n_p_ratio": number(limits.N_P_RATIO, optional=True),
                "mean_voltage_V": number(limits.VOLTAGE_V, optional=True),
                "coulombic_efficiency": number(limits.COULOMBIC_EFFICIENCY, optional=True),
                "prelithiation_mAh_cm2": number(limits.PRELITHIATION_MAH_CM2, optional=True),
            },
            required=("kind",),
        ),
        "pellet": obj(
            {"kind": {"const": "pellet"}, "diameter_mm": number(limits.LENGTH_MM)},
            required=("kind", "diameter_mm"),
        ),
        "pouch": obj(
            {
                "kind": {"const": "pouch"},
                "width_mm": number(limits.LENGTH_MM),
                "height_mm": number(limits.LENGTH_MM),
                "unit_cells": {
                    "type": "integer",
                    "minimum": limits.UNIT_CELLS[0],
                    "maximum": limits.UNIT_CELLS[1],
                },
                "double_sided": {"type": "boolean"},
                "tab_mass_g": number(limits.MASS_G, optional=True),
                "foil_thickness_um": number(limits.THICKNESS_UM, optional=True),
                "foil_density_g_cm3": number(limits.DENSITY_G_CM3, optional=True),
                "seal_width_mm": number(limits.EDGE_MM, optional=True),
                "headspace_mm": number(limits.EDGE_MM, optional=True),
            },
            required=("kind", "width_mm", "height_mm"),
        ),
        "operating": obj(
            {
                "stack_pressure_MPa": number(limits.PRESSURE_MPA, optional=True),
                "temperature_C": number(limits.TEMPERATURE_C, optional=True),
                "c_rate": number(limits.C_RATE_PER_H, optional=True),
                "c_rate_basis": choice("theoretical", "practical"),
                "discharge_cutoff_V": number(limits.CELL_VOLTAGE_V, optional=True),
                "charge_cutoff_V": number(limits.CELL_VOLTAGE_V, optional=True),
                "cycles": number(limits.CYCLES, optional=True),
            }
        ),
        "fixture": obj(
            {
                "mass_g": number(limits.MASS_G, optional=True),
                "volume_cm3": number(limits.VOLUME_CM3, optional=True),
                "material": {"type": ["string", "null"]},
                "safety_factor": number(limits.SAFETY_FACTOR, optional=True),
                "cells": {
                    "type": "integer",
                    "minimum": limits.FIXTURE_CELLS[0],
                    "maximum": limits.FIXTURE_CELLS[1],
                },
            },
            about="weighed (mass_g and volume_cm3) or sized from the stack pressure (material)",
        ),
        "transport": obj(
            {
                "bruggeman_exponent": number(limits.BRUGGEMAN_EXPONENT, optional=True),
                "percolation_threshold": number(limits.PERCOLATION_THRESHOLD, optional=True),
            }
        ),
        "interfaces": obj(
            {
                name: number(limits.INTERFACE_ASR_OHM_CM2, optional=True)
                for name in limits.INTERFACE_FIELDS
            },
            about="interphase resistances as measured, ohm cm2 of the cell's area (version 7)",
        ),
        "overhang": obj(
            {
                "anode_mm": number(limits.ANODE_OVERHANG_MM, optional=True),
                "separator_mm": number(limits.SEPARATOR_OVERHANG_MM, optional=True),
            },
            about="how far the anode and the separator reach past the cathode's edge on every "
            "side, mm (version 8); the anode's above minus half the cathode's smaller size",
        ),
        "price": obj(
            {
                "material": text(
                    'a material the design holds ("Li" for a Li foil), or a pouch\'s '
                    '"pouch laminate" or "tab metal"'
                ),
                "usd_per_kg": number(USD_PER_KG, about="US$ per kg"),
                "source": text("where the figure comes from"),
                "year": {"type": ["integer", "null"], "minimum": YEARS[0], "maximum": YEARS[1]},
            },
            required=("material", "usd_per_kg"),
            about="what one material costs (version 12); one price per material",
        ),
        "tolerance": {
            "oneOf": [
                obj({key: amount, "distribution": choice(*DISTRIBUTIONS)}, required=(key,))
                for key, amount in (
                    ("relative", {"type": "number", "minimum": 0, "maximum": 1}),
                    ("absolute", {"type": "number", "minimum": 0}),
                )
            ],
            "description": "relative (a fraction of the value) or absolute (in the field's "
            "unit); normal (the amount is one standard deviation, the default) or uniform (the "
            "half-width)",
        },
        "value": obj(
            {
                "value": {"type": "number"},
                "ref": {"type": "string"},
                "where": {"type": "string"},
                "note": {"type": "string"},
                "spread": {"$ref": "#/$defs/tolerance"},
            },
            required=("value", "ref"),
            about="a library value and its source; its range by name in docs/user-materials.md",
        ),
        "ocv": obj(
            {
                "source": obj(
                    {"ref": {"type": "string"}, "where": text(), "note": text()},
                    required=("ref",),
                ),
                "lithiation": {
                    "type": "array",
                    "items": {"type": "number", "minimum": 0, "maximum": 1},
                    "minItems": 2,
                },
                "potential_V": {
                    "type": "array",
                    "items": {"type": "number", "minimum": -1, "maximum": 6},
                    "minItems": 2,
                },
                "cutoff_low_V": {"$ref": "#/$defs/value"},
                "cutoff_high_V": {"$ref": "#/$defs/value"},
            },
            required=("source", "lithiation", "potential_V"),
        ),
        "material": obj(
            {
                "id": {"type": "string", "minLength": 1},
                "name": text(),
                "category": choice(*CATEGORIES),
                "as_made": choice(*AS_MADE),
                "values": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/$defs/value"},
                    "required": ["density_g_cm3"],
                },
                "ocv": {"$ref": "#/$defs/ocv"},
            },
            required=("id", "category", "values"),
            about="a material the design carries, as an entry of a materials file "
            "(docs/user-materials.md)",
        ),
    }


def schema() -> dict[str, Any]:
    basis = ("practical", "theoretical")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lamina.invalid/design-schema.json",
        "title": f"Lamina design file, format version {VERSION}",
        "description": (
            "The shape of a design file (docs/design-format.md, field by field). Lamina's reader "
            "also checks what a schema cannot: material ids against the library and their "
            "categories, exactly one sizing field per layer, mass fractions summing to 1, an "
            "anode's fields by its kind, a key given twice, cut-offs in order, the field a "
            "tolerance names. Older versions (1 to "
            f"{VERSION - 1}) are read and migrated; this schema describes the current one."
        ),
        "type": "object",
        # A collector left out is none, as null is (a pellet's).
        "required": ["format", "version", "name", "cathode", "separator", "anode", "cell_format"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": "lamina-design"},
            "version": {
                "type": "integer",
                "minimum": 1,
                "maximum": VERSION,
                "description": f"{VERSION}; older versions are read and migrated",
            },
            "name": text(),
            "author": text(),
            "notes": text(),
            "cathode_collector": nullable("#/$defs/collector"),
            "cathode": {"$ref": "#/$defs/cathode"},
            "separator": {
                "type": "array",
                "items": {"$ref": "#/$defs/separator_layer"},
                "minItems": 1,
                "maxItems": 100,
            },
            "anode": {"$ref": "#/$defs/anode"},
            "anode_collector": nullable("#/$defs/collector"),
            "cell_format": {"oneOf": [{"$ref": "#/$defs/pellet"}, {"$ref": "#/$defs/pouch"}]},
            "operating": {"oneOf": [{"$ref": "#/$defs/operating"}, {"type": "null"}]},
            "fixture": nullable("#/$defs/fixture"),
            "transport": {"oneOf": [{"$ref": "#/$defs/transport"}, {"type": "null"}]},
            "interfaces": {"oneOf": [{"$ref": "#/$defs/interfaces"}, {"type": "null"}]},
            "overhang": {"oneOf": [{"$ref": "#/$defs/overhang"}, {"type": "null"}]},
            "liquid_electrolyte": {
                "type": ["string", "null"],
                "description": "a liquid_electrolyte material of the library that fills the "
                "pores of every porous layer (version 10); null or left out: empty pores",
            },
            "n_p_basis": choice(*basis),
            "capacity_basis": choice(*basis),
            "energy_basis": choice("nominal", "curve"),
            "electrode_volume_change": {"type": "boolean"},
            "materials": {"type": "array", "items": {"$ref": "#/$defs/material"}},
            "prices": {
                "type": ["array", "null"],
                "items": {"$ref": "#/$defs/price"},
                "description": "what the materials cost, for the cell's materials cost "
                "(version 12); left out: no cost",
            },
            "tolerances": {
                "type": "object",
                "additionalProperties": {"$ref": "#/$defs/tolerance"},
                "description": "how sure each numeric input is, by its field path (version 6)",
            },
        },
        "$defs": definitions(),
    }


def render() -> str:
    return json.dumps(schema(), indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    if args.check:
        return 0 if SCHEMA.read_text(encoding="utf-8") == render() else 1
    SCHEMA.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
