"""A porosity derived from pressure is only as good as the pressures its compaction law was
fitted to: Li et al. 2021 (Adv. Mater., section 3, Figs. 3b and 4d) press S and Mo6S8 at 360 MPa,
"the applied pressure of ASSLBs in real operating conditions", and give no point above it. A layer
pressed or held above that is warned of (beyond_pressure_data), naming the data's source."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.materials import LibraryError, shipped_library, with_carried

LIBRARY = shipped_library()
# The version-2 sample: Li et al. 2021's S-Mo6S8 cathode pressed at 360 MPa, its porosity derived.
SAMPLE = Path(__file__).resolve().parent / "data" / "design-v2.json"


def beyond(design) -> list[tuple[str, str]]:
    found = evaluate(design, LIBRARY).warnings
    return [(w.path, w.message) for w in found if w.code == "beyond_pressure_data"]


def test_pressing_at_the_papers_pressure_is_within_its_data():
    design, _ = load_design(SAMPLE, LIBRARY)
    assert design.cathode.pressing_pressure_MPa == 360.0
    assert design.operating.stack_pressure_MPa == 360.0
    assert beyond(design) == []


def test_pressing_above_it_is_extrapolated_and_said_so_with_the_source():
    design, _ = load_design(SAMPLE, LIBRARY)
    found = beyond(replace_field(design, "cathode.pressing_pressure_MPa", 500.0))
    said = "cathode at 500 MPa: {}'s compaction law rests on data up to 360 MPa ({}), so its "
    said += "porosity there is extrapolated"
    where = "cathode.pressing_pressure_MPa"
    assert found == [
        (where, said.format("S8", "Li et al. 2021, section 3, Fig. 4d")),
        (where, said.format("Mo6S8", "Li et al. 2021, section 3, Fig. 3b")),
    ]


def test_a_stack_pressure_above_it_is_warned_of_at_the_stack_pressure():
    design, _ = load_design(SAMPLE, LIBRARY)
    found = beyond(replace_field(design, "operating.stack_pressure_MPa", 400.0))
    assert {path for path, _ in found} == {"operating.stack_pressure_MPa"}
    assert len(found) == 2  # S8 and Mo6S8


def test_a_user_material_may_not_give_the_range_without_a_law():
    entry = {
        "id": "MY-POWDER",
        "category": "additive",
        "values": {
            "density_g_cm3": {"value": 2.0, "ref": "mine"},
            "compaction_data_max_MPa": {"value": 300.0, "ref": "mine"},
        },
    }
    with pytest.raises(LibraryError) as refused:
        with_carried(LIBRARY, [entry], "a test")
    assert any(
        "compaction_data_max_MPa" in str(p) and "without a compaction law" in str(p)
        for p in refused.value.problems
    )
