"""Write docs/materials.md from the library: the shipped materials (resources/materials/*.json),
the open-circuit curves (resources/ocv/*.json) and the bibliography (references.json).

    .venv/bin/python tools/materials_doc.py            # rewrite docs/materials.md
    .venv/bin/python tools/materials_doc.py --check    # exit 1 if it is out of date

tests/test_materials_doc.py holds docs/materials.md to this output, so the table cannot drift
from the data.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.materials import Material, shipped_library  # noqa: E402
from engine.ocv import OpenCircuitCurve, shipped_curves  # noqa: E402
from engine.references import load_references  # noqa: E402

DOC = ROOT / "docs" / "materials.md"

# The library's files in the order the document shows them, each with its heading.
SECTIONS = (
    ("cathode_actives.json", "Cathode actives"),
    ("anode_materials.json", "Anode materials"),
    ("solid_electrolytes.json", "Solid electrolytes"),
    ("liquid_cells.json", "Li-ion reference: liquid electrolyte and separator membrane"),
    ("additives.json", "Additives (carbons, binders)"),
    ("metals_and_packaging.json", "Metals and packaging"),
)

# A note with one of these words marks its value as an estimate (* in the table).
ESTIMATE = re.compile(r"estimate|recalled|representative", re.IGNORECASE)

INTRO = """\
# Materials library

Generated from `resources/materials/*.json` by `tools/materials_doc.py`; every value names its
reference key (listed at the end) and where in the source it is: the paper's section, figure or
table. Values marked * are estimates, representative choices within a range, or literature values
recalled but not re-checked against their paper (the note in the JSON says which). Units are in
the quantity names; notes and derivations (n*F/M, crystal data) are in the JSON files. Materials
of your own are added from files of the same format: [user-materials.md](user-materials.md).
"""

VOLTAGE_MODEL = """\
## Voltage model: kinetic values and open-circuit curves

The voltage curve (`engine/voltage/`, `docs/voltage-model.md`) reads five values of every cathode
active, listed with its other values above: `particle_radius_um` (a particle's or domain's radius),
`diffusivity_cm2_s` (Li in the active at 25 C) and `diffusion_activation_energy_eV`,
`exchange_current_mA_cm2` (per cm2 of the active's surface at 25 C) and
`exchange_activation_energy_eV`. Two materials carry values fitted by Lamina to the source
papers' rate data (the note says to which points): PTO's diffusivity (Hao et al. 2021,
hand-milled, C/10 to 1C at 60 C) and the Li2S-LiI-MoS2 composite's diffusivity and exchange
current (Pan et al. 2023, 25 to 200 mA/g at 25 C); the others come from the literature parameter
sets cited (measured in liquid electrolytes, for the layered oxides and LiFePO4) or are
estimates. TiS2 also gains an ionic conductivity, estimated from the diffusivity Li et al. 2021
give, as Mo6S8's was.

Each active material's open-circuit potential against its degree of lithiation (0 delithiated, 1
fully lithiated, on the library's formula) is a table in `resources/ocv/`, with its source and how
it was made (a published fit tabulated, or a curve digitised from a paper's description) in the
file's `source.note`, and for cathode actives the cycling window that designs without cut-off
voltages use:
"""


def number(value: float) -> str:
    """A library value as the table shows it: up to six significant digits, in exponent form
    below 1e-4 and from 1e5 on (1e-05, 0.00040729, 157.755, 13900, 3.77e+05)."""
    if value != 0.0 and not 1e-4 <= abs(value) < 1e5:
        mantissa, exponent = f"{value:.5e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{exponent}"
    return f"{value:.6g}"


def material_rows(material: Material) -> list[str]:
    rows = []
    for i, (key, value) in enumerate(material.values.items()):
        name = f"**{material.id}**" if i == 0 else ""
        mark = "*" if ESTIMATE.search(value.note) else ""
        rows.append(
            f"| {name} | {key} | {number(value.value)}{mark} | {value.ref} | {value.where} |"
        )
    return rows


def material_section(heading: str, materials: list[Material]) -> list[str]:
    lines = [
        f"## {heading}",
        "",
        "| id | quantity | value | ref | where |",
        "|---|---|---|---|---|",
    ]
    for material in materials:
        lines += material_rows(material)
    names = "; ".join(f"{m.id} = {m.name} ({m.category}, as made {m.as_made})" for m in materials)
    return [*lines, "", f"Names: {names}", ""]


def curve_row(curve: OpenCircuitCurve) -> str:
    lithiation = f"{curve.first_lithiation:.3g}-{curve.last_lithiation:.3g}"
    potential = f"{curve.potential_V[0]:.3g} to {curve.potential_V[-1]:.3g} V"
    if curve.cutoff_low_V is not None and curve.cutoff_high_V is not None:
        window = f"{curve.cutoff_low_V.value:g}-{curve.cutoff_high_V.value:g} V"
    else:
        window = "(counter electrode)"
    return (
        f"| {curve.material} | `ocv/{curve.origin}` | {len(curve.lithiation)} | {lithiation} "
        f"| {potential} | {window} | {curve.source()} |"
    )


def render() -> str:
    """docs/materials.md as the library gives it."""
    library = shipped_library()
    lines = [*INTRO.splitlines(), ""]
    for origin, heading in SECTIONS:
        materials = [m for m in library.materials.values() if m.origin == origin]
        lines += material_section(heading, materials)
    shown = {origin for origin, _ in SECTIONS}
    left = sorted({m.origin for m in library.materials.values()} - shown)
    if left:
        raise ValueError(f"materials files without a section in the document: {left}")
    lines += [*VOLTAGE_MODEL.splitlines(), ""]
    lines += [
        "| material | file | points | lithiation | potential vs Li+/Li | window | source |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [curve_row(curve) for curve in shipped_curves().values()]
    lines += ["", "## References", ""]
    lines += [f"- **{ref.key}** ({ref.kind}): {ref.citation}" for ref in load_references().values()]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args()
    text = render()
    if args.check:
        same = DOC.read_text(encoding="utf-8") == text
        print(f"{DOC.relative_to(ROOT)} is {'up to date' if same else 'out of date'}")
        return 0 if same else 1
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
