"""The materials library: every value sourced, user materials layered on top, never replacing."""

from __future__ import annotations

import json

import pytest

from engine.materials import LibraryError, library_stamp, load_library, shipped_library
from engine.references import load_references

REQUIRED_IDS = {
    "NMC811",
    "NMC622",
    "NCA",
    "LCO",
    "LFP",
    "S8",
    "Li2S",
    "TiS2",
    "Mo6S8",
    "PTO",
    "FeS2",
    "LTO",
    "Li2S-LiI-MoS2",
    "LGPS",
    "Li3PS4",
    "LPSCl",
    "Li7P3S11",
    "Li3InCl6",
    "LLZO",
    "PEO-LiTFSI",
    "Al",
    "Cu",
    "Ni",
    "SUS",
    "Li",
    "In",
    "LiIn",
    "graphite",
    "Si",
    "AgC",
    "pouch_laminate",
}


def test_the_required_materials_ship():
    assert set(shipped_library().materials) >= REQUIRED_IDS


def test_every_value_cites_a_known_reference():
    references = load_references()
    for material in shipped_library().materials.values():
        for key, value in material.values.items():
            assert value.ref in references, f"{material.id}.{key} cites unknown {value.ref!r}"


def test_specific_capacities_follow_from_the_formula():
    """q = n F / M with F = 26801.48 mAh/mol (CODATA 2018): e.g. PTO, 4 Li per C16H6O4
    (262.22 g/mol): 4 * 26801.48 / 262.22 = 408.84 mAh/g (Hao et al. 2021, ACS Energy Lett.,
    DOI 10.1021/acsenergylett.0c02227, text on Fig. 2a: 409)."""
    library = shipped_library()
    assert library["PTO"].value("capacity_theoretical_mAh_g") == pytest.approx(408.84, abs=0.01)
    for material in library.materials.values():
        n, molar = material.get("li_per_formula"), material.get("molar_mass_g_mol")
        if material.is_active and n and molar and material.id != "Li":
            expected = n * 26801.48 / molar
            assert material.value("capacity_theoretical_mAh_g") == pytest.approx(expected, rel=2e-3)


def _user_file(folder, material_id):
    folder.mkdir(exist_ok=True)
    (folder / "mine.json").write_text(
        json.dumps(
            {
                "format": "lamina-materials",
                "version": 1,
                "materials": [
                    {
                        "id": material_id,
                        "name": "my electrolyte",
                        "category": "solid_electrolyte",
                        "values": {
                            "density_g_cm3": {"value": 1.9, "ref": "my-lab", "where": "pycnometry"}
                        },
                    }
                ],
            }
        )
    )


def test_a_user_library_adds_materials(tmp_path):
    _user_file(tmp_path / "user", "my-LPSCl")
    library = load_library(tmp_path / "user")
    assert library["my-LPSCl"].value("density_g_cm3") == 1.9
    assert "my-LPSCl" in library.user_ids
    assert "my-LPSCl" not in shipped_library()


def test_a_user_library_never_replaces_a_shipped_material(tmp_path):
    _user_file(tmp_path / "user", "LGPS")
    with pytest.raises(LibraryError, match="'LGPS' is already in the library"):
        load_library(tmp_path / "user")
    assert shipped_library()["LGPS"].value("density_g_cm3") == pytest.approx(2.036)


def test_a_bad_library_file_names_the_path_of_each_problem(tmp_path):
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "bad.json").write_text(
        json.dumps(
            {
                "format": "lamina-materials",
                "version": 1,
                "materials": [
                    {"id": "X", "category": "rock", "values": {"density_g_cm3": {"value": 2}}}
                ],
            }
        )
    )
    with pytest.raises(LibraryError) as caught:
        load_library(folder)
    text = str(caught.value)
    assert "bad.json: materials[0].category: 'rock' is not one of" in text
    assert "materials[0].values.density_g_cm3.ref: every value names its source" in text


def test_the_library_fingerprint_names_its_content(tmp_path):
    """A number cited from a report traces to its library: the same materials give the same
    fingerprint whatever loaded them, and one value changed gives another."""
    shipped = shipped_library()
    (tmp_path / "empty").mkdir()
    again = load_library(tmp_path / "empty")  # a library of its own, the same materials
    assert shipped is not again
    assert shipped.fingerprint == again.fingerprint
    assert len(shipped.fingerprint) == 12
    int(shipped.fingerprint, 16)  # hex digits
    _user_file(tmp_path / "a", "my-LPSCl")
    with_mine = load_library(tmp_path / "a")
    assert with_mine.fingerprint != shipped.fingerprint
    assert library_stamp(with_mine) == (
        f"materials library {with_mine.fingerprint} ({len(shipped.materials) + 1} materials, "
        "1 of them from the user's materials folder)"
    )
    text = (tmp_path / "a" / "mine.json").read_text().replace("1.9", "1.91")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "mine.json").write_text(text)
    assert load_library(tmp_path / "b").fingerprint not in {
        with_mine.fingerprint,
        shipped.fingerprint,
    }
