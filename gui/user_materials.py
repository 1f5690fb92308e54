"""The user's own materials: lamina-materials JSON files in a folder of theirs, layered on the
shipped library (docs/user-materials.md). Read at start and again on File > Reload materials; a
file with a problem is refused whole, with every problem named, and the shipped library is used.
"""

from __future__ import annotations

from pathlib import Path

from engine.io.atomic import write_text_atomically
from engine.materials import Library, LibraryError, load_library, shipped_library
from engine.problems import Problem

FOLDER_NAME = "materials"
README_NAME = "README.txt"
README_TEXT = """\
Your own materials for Lamina
=============================

Every *.json file in this folder is read at start and on File > Reload materials. A material
here is added to the shipped library; it can never replace or change a shipped one (use your
own id, e.g. "NMC811-mylab"). Each value names its source, as in the shipped library.

An example file (save it as mylab.json):

{
  "format": "lamina-materials",
  "version": 1,
  "materials": [
    {
      "id": "LPSCl-mylab",
      "name": "Li6PS5Cl, our batch 12",
      "category": "solid_electrolyte",
      "values": {
        "density_g_cm3": {"value": 1.86, "ref": "mylab2026", "where": "pycnometer, 3 runs"},
        "ionic_conductivity_S_cm": {"value": 2.1e-3, "ref": "mylab2026", "where": "EIS, 25 C"}
      }
    }
  ]
}

Categories: cathode_active, anode_active, solid_electrolyte, liquid_electrolyte,
separator_membrane, carbon, binder, metal, packaging. Actives also need
capacity_theoretical_mAh_g, capacity_practical_mAh_g and voltage_avg_V; for voltage curves, an
"ocv" table of potential against lithiation and the kinetic values. The full list of fields is
in docs/user-materials.md.
"""


def materials_folder(data_dir: Path) -> Path:
    return data_dir / FOLDER_NAME


def read_user_library(folder: Path) -> tuple[Library, list[Problem]]:
    """The shipped library plus the folder's materials; if a file is refused, the shipped
    library alone and the problems found."""
    try:
        return load_library(folder), []
    except LibraryError as error:
        return shipped_library(), list(error.problems)


def prepare_folder(folder: Path) -> None:
    """Create the folder with its README (kept if the user changed it)."""
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / README_NAME
    if not readme.exists():
        write_text_atomically(readme, README_TEXT)
