"""Which input matters most (engine/studies/sensitivity.py, main.py sensitivity), checked by hand
on Yang et al. 2022's Fig. 1A stack, whose Wh/kg is a formula of the loading and the separator."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.materials import shipped_library
from engine.studies.sensitivity import sensitivity
from tests.presets import preset

ROOT = Path(__file__).resolve().parent.parent
LOADING, SEPARATOR = "cathode.active_loading_mg_cm2", "separator[0].thickness_um"


def stack_wh_per_kg(loading: float, separator_um: float) -> float:
    """Yang et al. 2022 (J. Energy Chem.), Fig. 1A stack (tests/test_goal_seek.py): 0.798 L mWh
    over L / 0.85 + 4.320 (Al) + 7.168 (Cu) + 0.2036 t (LGPS) + 0.142746 L (Li at N/P 2)."""
    mass = loading / 0.85 + 4.320 + 7.168 + 0.2036 * separator_um + 2 * 0.27551 / 3.860 * loading
    return 798 * loading / mass


def test_two_inputs_by_hand_in_the_order_of_their_swing():
    found = sensitivity(preset("yang2022_fig1a"), "ladder.stack.wh_per_kg", shipped_library(),
                        0.1, [SEPARATOR, LOADING])  # fmt: skip
    # By hand at 20 mg/cm2 and 20 um: the loading 18 to 22 moves the stack from 365.4 to 393.8
    # Wh/kg (28.3); the separator 18 to 22 um from 384.2 to 376.8 (7.4): the loading comes first.
    assert [s.field for s in found.swings] == [LOADING, SEPARATOR]
    loading, separator = found.swings
    assert loading.low_result == pytest.approx(stack_wh_per_kg(18, 20), rel=1e-3)
    assert loading.high_result == pytest.approx(stack_wh_per_kg(22, 20), rel=1e-3)
    assert separator.low_result == pytest.approx(stack_wh_per_kg(20, 18), rel=1e-3)
    assert separator.high_result == pytest.approx(stack_wh_per_kg(20, 22), rel=1e-3)
    assert found.base == pytest.approx(stack_wh_per_kg(20, 20), rel=1e-3)
    assert loading.swing > separator.swing


def test_every_input_is_moved_or_said_why_not():
    found = sensitivity(preset("default_nmc811_lpscl_li"), "ladder.cell.wh_per_kg",
                        shipped_library(), tolerances=False)  # fmt: skip
    moved = {s.field for s in found.swings}
    # the library values the design may override are inputs too
    assert {"cathode.components[0].capacity_mAh_g", "cathode.mean_voltage_V"} <= moved
    assert not any(f.endswith(".mass_fraction") for f in moved | set(found.skipped))
    assert found.skipped["cell_format.unit_cells"] == "a whole number"
    assert found.skipped["anode.porosity"] == "0: no relative step"
    swings = [s.swing for s in found.swings]
    assert swings == sorted(swings, reverse=True)
    # Energy over mass: capacity and voltage scale the cell's energy one for one, so +-10 % of
    # either moves the cell's Wh/kg by +-10 % (its mass does not change with them).
    voltage = next(s for s in found.swings if s.field == "cathode.mean_voltage_V")
    assert voltage.high_result == pytest.approx(found.base * 1.1, rel=1e-9)
    assert voltage.low_result == pytest.approx(found.base * 0.9, rel=1e-9)


def test_the_command_prints_the_tornado_as_csv_and_json():
    design = str(ROOT / "resources" / "presets" / "yang2022_fig1a.json")
    common = [
        sys.executable, str(ROOT / "main.py"), "sensitivity", design,
        "--result", "ladder.stack.wh_per_kg", "--field", SEPARATOR, "--field", LOADING,
    ]  # fmt: skip
    table = subprocess.run(common, capture_output=True, text=True, timeout=60, check=True)
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [r["field"] for r in rows] == [LOADING, SEPARATOR]
    assert float(rows[0]["low_value"]) == 18.0
    as_json = json.loads(
        subprocess.run(
            [*common, "--json"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    )
    assert as_json["swings"][0]["swing"] == pytest.approx(float(rows[0]["swing"]))


def test_the_tornado_tab_draws_the_largest_swing_on_top_and_a_click_selects_its_layer(window):
    from PySide6.QtCore import QPointF  # noqa: PLC0415

    from tests.test_gui_plots import show_tab  # noqa: PLC0415

    show_tab(window, "sensitivity")
    plot = window.plots.sensitivity
    window.model.flush()
    assert plot.found is not None
    assert plot.found.result == "ladder.cell.wh_per_kg"
    swings = [s.swing for s in plot.shown]
    assert swings == sorted(swings, reverse=True)
    assert len(plot.shown) == 12
    ticks = plot.plot.getAxis("left")._tickLevels[0]  # (row, label): the top row first
    # The mean voltage carries the library's stated tolerance, 0.05 V: the energy scales with it
    # and the mass does not, so the cell's Wh/kg moves by 0.05 / 3.8 of itself each way.
    voltage = next(s for s in plot.shown if s.field == "cathode.mean_voltage_V")
    assert voltage.by == "±0.05 (normal, 1 s.d.)"
    assert voltage.swing == pytest.approx(plot.found.base * 2 * 0.05 / 3.8, rel=1e-9)
    labels = [label for _, label in sorted(ticks, reverse=True)]
    assert labels.index("Cathode mean voltage (V vs Li+/Li)") == plot.shown.index(voltage)
    # the separator's bar: a click on its row selects the separator layer
    row = next(r for r, label in ticks if label == "Separator layer 1 thickness (µm)")
    assert plot.select_at(QPointF(0.0, row)) == "separator[0].thickness_um"
    assert window.model.selected == "separator[0]"
    assert plot.select_at(QPointF(0.0, row + 0.5)) is None  # between two bars: nothing
    header, rows = plot.table()
    assert header[0] == "input"
    assert len(rows) == len(plot.found.swings)


def test_a_step_the_engine_refuses_is_named_and_the_rest_still_moved():
    """All inputs are moved in one evaluate; a porosity of 0.9 moved by +10 % is 0.99, past the
    0.95 allowed: that input is named with the engine's reason, every other one is moved."""
    from engine.design import replace_field  # noqa: PLC0415

    design = replace_field(preset("default_nmc811_lpscl_li"), "cathode.porosity", 0.9)
    found = sensitivity(design, "ladder.cell.wh_per_kg", shipped_library())
    reason = found.skipped["cathode.porosity"]
    assert reason.startswith("cathode.porosity: ")
    assert reason.endswith("0.99 is outside the allowed range [0, 0.95]")
    moved = {s.field for s in found.swings}
    assert "cathode.active_loading_mg_cm2" in moved
    assert "cathode.porosity" not in moved
