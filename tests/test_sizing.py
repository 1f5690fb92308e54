"""Sizing a cell to a target capacity or energy (engine/sizing.py), checked by hand: every layer
is kept and the size solved so that the cell holds the target, by its electrode area or by its
number of unit cells; what cannot be done is refused with the field and its range."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from engine.design import Overhang
from engine.edits import EditError
from engine.evaluate import evaluate
from engine.io.design_files import read_design
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.sizing import size_cell
from tests.presets import preset
from tests.test_cli import run_main

LIBRARY = shipped_library()


def test_a_pouch_is_scaled_to_a_capacity_keeping_its_shape():
    """The shipped pouch: 20 unit cells of 60 x 50 mm at 4.2 mAh/cm2 (20 mg/cm2 NMC811 x 210
    mAh/g), 4.2 x 30 cm2 x 20 = 2.52 Ah. For 5 Ah the area grows 5 / 2.52 = 1.984 x, each side
    sqrt(1.984) = 1.4086 x: 84.52 x 70.43 mm."""
    results = evaluate(preset("default_nmc811_lpscl_li"), LIBRARY)
    sized = size_cell(results, "capacity_Ah", 5.0, "area")
    k = math.sqrt(5.0 / (4.2e-3 * 30.0 * 20))
    cell = sized.design.cell_format
    assert (cell.width_mm, cell.height_mm) == pytest.approx((60.0 * k, 50.0 * k), rel=1e-12)
    assert (cell.width_mm, cell.height_mm) == pytest.approx((84.52, 70.43), abs=0.005)
    assert cell.unit_cells == 20
    assert evaluate(sized.design, LIBRARY).capacity_mAh == pytest.approx(5000.0, rel=1e-12)
    assert sized.change == "electrodes 60 x 50 → 84.52 x 70.43 mm"


def test_a_pouch_is_given_the_fewest_unit_cells_that_hold_the_target():
    """0.126 Ah per unit cell (4.2 mAh/cm2 x 30 cm2): 5 Ah needs 5 / 0.126 = 39.7, so 40 unit
    cells, 5.04 Ah; exactly 2.52 Ah stays at 20."""
    results = evaluate(preset("default_nmc811_lpscl_li"), LIBRARY)
    sized = size_cell(results, "capacity_Ah", 5.0, "unit_cells")
    assert sized.design.cell_format.unit_cells == 40
    assert evaluate(sized.design, LIBRARY).capacity_mAh == pytest.approx(5040.0, rel=1e-12)
    assert size_cell(results, "capacity_Ah", 2.52, "unit_cells").design.cell_format.unit_cells == 20


def test_a_pellet_is_scaled_to_an_energy():
    """Yang et al. 2022's cell stores 4.2 mAh/cm2 x 3.8 V = 15.96 mWh/cm2; 1 Wh takes 62.66 cm2,
    a disc of 20 sqrt(62.66 / pi) = 89.32 mm."""
    results = evaluate(preset("yang2022_fig1a"), LIBRARY)
    sized = size_cell(results, "energy_Wh", 1.0, "area")
    area = 1.0 / (4.2e-3 * 3.8)
    assert sized.design.cell_format.diameter_mm == pytest.approx(
        20.0 * math.sqrt(area / math.pi), rel=1e-9
    )
    assert sized.design.cell_format.diameter_mm == pytest.approx(89.32, abs=0.005)
    assert evaluate(sized.design, LIBRARY).energy_Wh == pytest.approx(1.0, rel=1e-12)


def test_an_anode_short_of_the_cathode_is_sized_on_the_area_it_faces():
    """With the anode 1 mm short of every edge, the facing area of a k-scaled 60 x 50 pouch is
    (60 k - 2)(50 k - 2) mm2; 5 Ah over 20 unit cells at 4.2 mAh/cm2 needs 59.52 cm2 of it:
    3000 k^2 - 220 k + 4 - 5952.4 = 0, k = 1.4453 (86.72 x 72.26 mm)."""
    design = replace(preset("default_nmc811_lpscl_li"), overhang=Overhang(anode_mm=-1.0))
    sized = size_cell(evaluate(design, LIBRARY), "capacity_Ah", 5.0, "area")
    facing_mm2 = 5000.0 / (4.2 * 20) * 100.0
    k = (220.0 + math.sqrt(220.0**2 - 4 * 3000.0 * (4.0 - facing_mm2))) / (2 * 3000.0)
    assert sized.design.cell_format.width_mm == pytest.approx(60.0 * k, rel=1e-12)
    assert sized.design.cell_format.width_mm == pytest.approx(86.72, abs=0.005)
    assert evaluate(sized.design, LIBRARY).capacity_mAh == pytest.approx(5000.0, rel=1e-12)


def test_what_cannot_be_sized_is_refused_with_the_reason():
    pellet = evaluate(preset("yang2022_fig1a"), LIBRARY)
    with pytest.raises(EditError, match="a pellet cell has one unit cell"):
        size_cell(pellet, "capacity_Ah", 1.0, "unit_cells")
    with pytest.raises(EditError) as caught:
        size_cell(pellet, "energy_Wh", 1e4, "area")
    assert "cell_format.diameter_mm" in str(caught.value)
    assert "outside the allowed range (0, 2000] mm" in str(caught.value)
    pouch = evaluate(preset("default_nmc811_lpscl_li"), LIBRARY)
    with pytest.raises(EditError, match=r"needs 3969 unit cells of 0\.126 Ah each; a pouch holds"):
        size_cell(pouch, "capacity_Ah", 500.0, "unit_cells")
    with pytest.raises(EditError, match="give a positive number"):
        size_cell(pouch, "energy_Wh", -1.0, "area")


def test_the_command_line_writes_the_sized_design_and_refuses_by_name(tmp_path):
    """`main.py size` on the shipped pouch: 10 Wh at 4.2 mAh/cm2 x 3.8 V x 30 cm2 x 20 = 9.576
    Wh; 10 Wh needs 20 x 10 / 9.576 = 20.9 unit cells, so 21 (10.05 Wh); a pellet by unit cells
    exits 2 with the reason and writes nothing."""
    preset_file = resource_path("presets", "default_nmc811_lpscl_li.json")
    out = tmp_path / "sized.lamina.json"
    done = run_main(
        "size", str(preset_file), "--energy-Wh", "10", "--by", "unit-cells", "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "unit cells 20 → 21" in done.stderr
    sized = read_design(out, LIBRARY).design
    assert sized.cell_format.unit_cells == 21
    assert evaluate(sized, LIBRARY).energy_Wh == pytest.approx(4.2e-3 * 3.8 * 30 * 21, rel=1e-12)
    pellet = resource_path("presets", "yang2022_fig1a.json")
    refused = tmp_path / "refused.json"
    done = run_main(
        "size", str(pellet), "--capacity-Ah", "1", "--by", "unit-cells", "-o", str(refused)
    )
    assert done.returncode == 2
    assert "cannot be sized: a pellet cell has one unit cell" in done.stderr
    assert not refused.exists()
