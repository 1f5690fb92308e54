"""The JSON of `main.py evaluate --json` is a public interface: every preset and sample design
file gives the JSON recorded in tests/data/results/ (tools/record_results.py), to 1e-12 relative.

These records guard restructuring; they are not the truth of the numbers (the papers and the hand
calculations of the other tests are). A change that alters a number on purpose rewrites the
records with tools/record_results.py and says which numbers in its commit.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from tools.record_results import RECORDS, evaluate_json, recorded_designs

RELATIVE = 1e-12


def differences(recorded: Any, now: Any, path: str = "") -> list[str]:
    """Where now differs from recorded: a key, a type, a text, or a number beyond RELATIVE."""
    if isinstance(recorded, dict) and isinstance(now, dict):
        found = [f"{path}.{k}: missing" for k in recorded.keys() - now.keys()]
        found += [f"{path}.{k}: new" for k in now.keys() - recorded.keys()]
        for key in recorded.keys() & now.keys():
            found += differences(recorded[key], now[key], f"{path}.{key}")
        return found
    if isinstance(recorded, list) and isinstance(now, list):
        if len(recorded) != len(now):
            return [f"{path}: {len(recorded)} items recorded, {len(now)} now"]
        found = []
        for i, (a, b) in enumerate(zip(recorded, now, strict=True)):
            found += differences(a, b, f"{path}[{i}]")
        return found
    numbers = (int, float)
    close = (
        isinstance(recorded, numbers)
        and isinstance(now, numbers)
        and not isinstance(recorded, bool)
        and not isinstance(now, bool)
        and math.isclose(recorded, now, rel_tol=RELATIVE, abs_tol=1e-300)
    )
    same = close or (type(recorded) is type(now) and recorded == now)
    return [] if same else [f"{path}: {recorded!r} recorded, {now!r} now"]


def test_the_comparison_sees_a_change():
    assert differences({"a": [1.0, "x"]}, {"a": [1.0 + 1e-9, "x"]}) == [
        ".a[0]: 1.0 recorded, 1.000000001 now"
    ]
    assert differences({"a": 1.0}, {"a": 1.0 + 1e-13, "b": None}) == [".b: new"]


@pytest.mark.parametrize("design", recorded_designs(), ids=lambda p: p.name)
def test_evaluate_json_matches_its_record(design):
    recorded = json.loads((RECORDS / design.name).read_text(encoding="utf-8"))
    now = evaluate_json(design)
    now.pop("lamina_version")
    now["materials_library"].pop("fingerprint")  # a stamp, like the version
    found = differences(recorded, now)
    assert not found, "\n".join(found[:20])
