"""Design files: round trips, every problem reported with its path, atomic saves, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.io.design_files import (
    VERSION,
    DesignFileError,
    design_from_dict,
    design_to_dict,
    load_design,
    save_design,
)
from engine.materials import shipped_library
from engine.paths import resource_path

PRESETS = sorted(resource_path("presets").glob("*.json"))


@pytest.mark.parametrize("path", PRESETS, ids=[p.stem for p in PRESETS])
def test_presets_round_trip_exactly(path, tmp_path):
    design, _ = load_design(path, shipped_library())
    save_design(design, tmp_path / "copy.json", shipped_library())
    again, _ = load_design(tmp_path / "copy.json", shipped_library())
    assert again == design
    assert design_to_dict(again, shipped_library()) == json.loads(path.read_text())


def test_every_problem_is_reported_with_its_path():
    raw = json.loads(PRESETS[0].read_text())
    raw["cathode"]["porosity"] = "high"
    raw["cathode"]["components"][0]["mass_fracton"] = 0.5
    raw["separator"][0]["thickness_um"] = float("nan")
    raw["cell_format"]["unit_cells"] = 2.5
    with pytest.raises(DesignFileError) as caught:
        design_from_dict(raw, shipped_library())
    messages = [str(p) for p in caught.value.problems]
    assert "cathode.porosity: must be a number, got 'high'" in messages
    assert any(
        m.startswith(
            "cathode.components[0].mass_fracton: unknown field; did you mean 'mass_fraction'"
        )
        for m in messages
    )
    assert "separator[0].thickness_um: must be finite, got nan" in messages
    assert "cell_format.unit_cells: must be a whole number, got 2.5" in messages


def test_range_problems_are_reported_on_load():
    raw = json.loads(PRESETS[0].read_text())
    raw["cathode"]["porosity"] = 0.99
    with pytest.raises(DesignFileError, match=r"cathode.porosity: 0.99 is outside"):
        design_from_dict(raw, shipped_library())


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "a design file holds one JSON object"),
        ({"format": "other"}, "this is not a design file"),
        ({"format": "lamina-design", "version": 99}, "newer than this Lamina reads"),
        ({"format": "lamina-design", "version": "1"}, "must be a whole number"),
    ],
)
def test_not_a_design_or_a_future_version_is_refused(raw, message):
    with pytest.raises(DesignFileError, match=message):
        design_from_dict(raw, shipped_library())


def test_unreadable_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "lamina-design",\n "version": 1,,}')
    with pytest.raises(DesignFileError, match=r"not valid JSON \(line 2, column 15"):
        load_design(path, shipped_library())


def test_a_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    design, _ = load_design(PRESETS[0], shipped_library())
    target = tmp_path / "design.json"
    target.write_text("old contents")

    def broken_fsync(_fd):
        raise OSError("disk full")

    monkeypatch.setattr("engine.io.atomic.os.fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        save_design(design, target, shipped_library())
    assert target.read_text() == "old contents"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("path", sorted(DATA.glob("design-v*.json")), ids=lambda p: p.stem)
def test_files_of_every_earlier_format_version_still_open(path):
    """tests/data keeps one design file per format version ever written; each must still open."""
    design, _ = load_design(path, shipped_library())
    assert design.separator


def test_the_version_2_sample_round_trips_and_uses_the_new_fields():
    """tests/data/design-v2.json: a cathode pressed at 360 MPa (porosity left out), separator layers
    sized by areal mass, a fixture sized from a material, the transport model."""
    path = DATA / "design-v2.json"
    design, _ = load_design(path, shipped_library())
    written = design_to_dict(design, shipped_library())
    assert written["version"] == VERSION  # saved in the current format
    assert written["operating"]["c_rate"] == 0.1  # version 3's defaults: C/10, nominal energy
    assert written["energy_basis"] == "nominal"
    migrated = {
        **json.loads(path.read_text()),
        "version": VERSION,
        "energy_basis": "nominal",
        "electrode_volume_change": True,
    }
    migrated["operating"] = {
        **migrated["operating"],
        "c_rate": 0.1,
        "c_rate_basis": "theoretical",
        "cycles": 100.0,  # version 5's default
    }
    assert written == migrated
    assert design.cathode.porosity is None
    assert design.cathode.pressing_pressure_MPa == 360.0
    assert design.separator[0].thickness_um is None
    assert design.separator[0].loading_mg_cm2 == 127.32
    assert design.fixture.material == "SUS"
    assert design.transport.percolation_threshold == 0.1


def test_the_version_3_sample_round_trips_and_uses_the_new_fields():
    """tests/data/design-v3.json: the voltage curve's C-rate on the practical capacity, its cut-off
    voltages, an active's particle radius, and the ladder on the curve's energy."""
    path = DATA / "design-v3.json"
    design, _ = load_design(path, shipped_library())
    raw = json.loads(path.read_text())
    assert design_to_dict(design, shipped_library()) == {
        **raw,
        "version": VERSION,
        "electrode_volume_change": True,  # version 5's fields, at their defaults
        "operating": {**raw["operating"], "cycles": 100.0},
    }
    assert design.operating.c_rate == 0.5
    assert design.operating.c_rate_basis == "practical"
    assert design.operating.discharge_cutoff_V == 1.5
    assert design.operating.charge_cutoff_V == 3.0
    assert design.cathode.components[0].particle_radius_um == 0.25
    assert design.energy_basis == "curve"


def test_version_3_fields_are_refused_out_of_range_with_their_path():
    raw = json.loads((DATA / "design-v3.json").read_text())
    raw["operating"]["c_rate"] = 0.0
    raw["operating"]["charge_cutoff_V"] = 1.0
    raw["cathode"]["components"][0]["particle_radius_um"] = -1.0
    raw["energy_basis"] = "measured"
    with pytest.raises(DesignFileError) as caught:
        design_from_dict(raw, shipped_library())
    message = str(caught.value)
    assert "energy_basis: 'measured' is not one of nominal, curve" in message
    raw["energy_basis"] = "curve"
    with pytest.raises(DesignFileError) as caught:
        design_from_dict(raw, shipped_library())
    message = str(caught.value)
    assert "operating.c_rate: 0 is outside the allowed range (0, 100]" in message
    assert "operating.charge_cutoff_V: 1 is not above operating.discharge_cutoff_V (1.5)" in message
    assert (
        "cathode.components[0].particle_radius_um: -1 is outside the allowed range (0, 1000]"
        in message
    )


def test_a_version_1_file_migrates_to_the_default_transport_model():
    design, _ = load_design(DATA / "design-v1.json", shipped_library())
    assert design_to_dict(design, shipped_library())["version"] == VERSION
    assert design.transport.bruggeman_exponent == 1.5
    assert design.transport.percolation_threshold == 0.0
    assert design.cathode.pressing_pressure_MPa is None


def test_a_save_through_a_link_writes_its_target_and_keeps_the_link(tmp_path):
    design, _ = load_design(PRESETS[0], shipped_library())
    target = tmp_path / "real.json"
    target.write_text("old contents")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    save_design(design, link, shipped_library())
    assert link.is_symlink()
    assert load_design(target, shipped_library())[0] == design


def test_a_name_at_the_filesystems_limit_saves(tmp_path):
    """255 bytes is the limit of most filesystems; the temporary name used to add 14 to it."""
    design, _ = load_design(PRESETS[0], shipped_library())
    path = tmp_path / ("é" * 123 + "cell.json")  # 246 + 9 = 255 bytes
    assert len(path.name.encode("utf-8")) == 255
    save_design(design, path, shipped_library())
    assert load_design(path, shipped_library())[0] == design
