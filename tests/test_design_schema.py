"""docs/design-schema.json is a contract for people who write or generate design files: every file
Lamina's reader opens, the schema accepts, and a file the schema refuses, the reader refuses too.
Checked with jsonschema (draft 2020-12) on every preset and sample file and on fuzzed files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

from engine.io.design_files import DesignFileError, design_to_dict, read_design
from engine.materials import shipped_library
from tests.fuzz_designs import designs, file_text, json_mutations
from tests.fuzzing import fuzz
from tools.design_schema import SCHEMA, render

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "resources" / "presets").glob("*.json")) + sorted(
    (ROOT / "tests" / "data").glob("design-v*.json")
)
VALIDATOR = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def schema_problems(raw: object) -> list[str]:
    return [
        f"{e.json_path}: {e.message}"
        for e in VALIDATOR.iter_errors(raw)  # every one, not the first
    ]


def test_the_schema_is_the_generators_output_and_a_valid_schema():
    assert SCHEMA.read_text(encoding="utf-8") == render(), (
        "docs/design-schema.json is out of date: run .venv/bin/python tools/design_schema.py"
    )
    Draft202012Validator.check_schema(json.loads(render()))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_shipped_design_and_sample_file_fits_the_schema(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert schema_problems(raw) == []
    # and as Lamina saves it (older versions migrated to the current one)
    read = read_design(path, shipped_library())
    assert schema_problems(design_to_dict(read.design, read.library)) == []


def test_the_schema_refuses_what_a_hand_writer_gets_wrong():
    raw = json.loads((ROOT / "tests" / "data" / "design-v5.json").read_text(encoding="utf-8"))
    raw["separator"][0]["thickness_um"] = "20"  # text, not a number
    raw["cathode"]["porosity"] = 0.99  # above 0.95
    raw["cathode"]["thickness"] = 80.0  # a field that does not exist
    del raw["anode"]["kind"]
    raw["cell_format"]["diameter_mm"] = 0.0  # below 1e-6: no cell
    found = schema_problems(raw)
    assert any(p.startswith("$.separator[0].thickness_um: '20' is not of type") for p in found)
    assert "$.cathode.porosity: 0.99 is greater than the maximum of 0.95" in found
    assert any("'thickness' was unexpected" in p for p in found)
    assert "$.anode: 'kind' is a required property" in found
    assert any(p.startswith("$.cell_format:") for p in found)


@fuzz(150)
@given(designs())
def test_every_valid_design_saved_fits_the_schema(design):
    assert schema_problems(json.loads(file_text(design))) == []


@fuzz(600)
@given(json_mutations())
def test_a_file_the_reader_opens_fits_the_schema(tmp_path_factory, case):
    """Files broken in one field at the JSON level: whichever the reader opens, the schema
    accepts (so a file the schema refuses is one Lamina would refuse)."""
    path = tmp_path_factory.mktemp("schema") / "case.json"
    path.write_bytes(case.data)
    try:
        read_design(path, shipped_library())
    except DesignFileError:
        return
    assert schema_problems(json.loads(case.data)) == [], case.path
