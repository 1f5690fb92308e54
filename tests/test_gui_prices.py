"""Prices in the window: typed in Edit > Prices, undone, refused by name, and the cost in the
numbers panel following them, checked by hand on the default pouch cell (12.0 g of NMC811 among
17.14 g of composite, 9.576 Wh: 20 unit cells x 30 cm2 x 4.2 mAh/cm2 x 3.8 V)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.numbers_view import FIGURES
from gui.prices_dialog import PRICE, SOURCE, YEAR, PricesDialog

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def _type(qtbot, dialog: PricesDialog, material: str, column: int, text: str) -> None:
    dialog.table.item(dialog.materials.index(material), column).setText(text)
    qtbot.wait(10)  # the table refills on the next turn of the event loop


def _cost_figure(window) -> str:
    row = [key for key, _label in FIGURES].index("cost")
    return window.numbers.figures.item(row, 1).text()


def test_a_typed_price_is_an_undoable_edit_and_the_panel_shows_the_cost(window, qtbot):
    assert _cost_figure(window) == "no prices"
    window.edit_prices("NMC811")
    dialog = window.prices
    assert dialog.isVisible()
    # every material the cell holds is listed with its mass in the cell, Li foil and pouch too
    assert dialog.materials[:4] == ["Al", "NMC811", "LPSCl", "VGCF"]
    assert {"Li", "pouch laminate", "tab metal"} <= set(dialog.materials)
    assert dialog.table.item(dialog.materials.index("NMC811"), 1).text() == "12 g"
    _type(qtbot, dialog, "NMC811", PRICE, "20")
    (price,) = window.model.design.prices
    assert (price.material, price.usd_per_kg, price.source, price.year) == (
        "NMC811",
        20.0,
        "",
        None,
    )
    _type(qtbot, dialog, "NMC811", SOURCE, "supplier quote")
    _type(qtbot, dialog, "NMC811", YEAR, "2026")
    (price,) = window.model.design.prices
    assert (price.source, price.year) == ("supplier quote", 2026)
    # 12.0 g x 20 $/kg = $0.240 in the cell; the rest unpriced, so the cell has no cost
    assert dialog.table.item(dialog.materials.index("NMC811"), 5).text() == "$0.240"
    assert _cost_figure(window).startswith("no price: Al, LPSCl")
    window.numbers._on_figure_clicked([key for key, _ in FIGURES].index("cost"), 1)
    shown = window.numbers.explanation.toPlainText()
    assert "1 Active material (delithiated): $0.240, 25.1 $/kWh vs Li+/Li" in shown  # 20 / 0.798
    for _ in range(3):
        window.model.undo_stack.undo()
    qtbot.wait(10)
    assert window.model.design.prices == ()
    assert _cost_figure(window) == "no prices"
    assert dialog.table.item(dialog.materials.index("NMC811"), PRICE).text() == ""


def test_every_material_priced_gives_the_cell_its_cost_per_kwh(window, qtbot):
    window.edit_prices()
    dialog = window.prices
    for material in list(dialog.materials):
        _type(qtbot, dialog, material, PRICE, "10")
    # 10 $/kg of the whole cell (26.85 g: the default cell's mass) over 9.576 Wh
    mass_g = float(window.model.results.cell_mass_g)
    assert mass_g == pytest.approx(26.85, abs=0.01)
    per_kwh = 10.0 * mass_g / 1000.0 / 9.576 * 1000.0
    # (with the band of the library values' stated tolerances, once drawn)
    assert _cost_figure(window).startswith(f"${10.0 * mass_g / 1000.0:.3f}, {per_kwh:.3g} $/kWh")
    total = f"The cell's materials: ${10.0 * mass_g / 1000:.3f}"
    qtbot.waitUntil(lambda: dialog.total.text().startswith(total), timeout=2000)


def test_a_bad_price_is_refused_by_name_and_the_design_kept(window, qtbot):
    window.edit_prices()
    dialog = window.prices
    _type(qtbot, dialog, "Cu", PRICE, "cheap")
    assert "Price of Cu: 'cheap' is not a number" in dialog.message.text()
    _type(qtbot, dialog, "Cu", PRICE, "-4")
    assert "prices[0].usd_per_kg: -4 is outside the allowed range" in dialog.message.text()
    _type(qtbot, dialog, "Cu", SOURCE, "a quote")
    assert "Type Cu's price (US$/kg) first" in dialog.message.text()
    assert window.model.design.prices == ()
    assert dialog.table.item(dialog.materials.index("Cu"), PRICE).text() == ""
    assert dialog.table.item(dialog.materials.index("Cu"), SOURCE).text() == ""


def test_the_tornado_ranks_the_prices_of_the_cell_cost(window, qtbot):
    from tests.test_gui_plots import show_tab  # noqa: PLC0415

    show_tab(window, "sensitivity")
    plot = window.plots.sensitivity
    plot.result.setCurrentIndex(plot.result.findData("cost.cell.usd_per_kwh"))
    assert plot.found is None
    assert "gives no prices" in plot.summary.text()
    window.edit_prices()
    for material in list(window.prices.materials):
        _type(qtbot, window.prices, material, PRICE, "10")
    window.model.flush()
    qtbot.wait(10)
    assert plot.found is not None
    # Every price moved by 10 %: a price's bar is 20 % of what its material costs in the cell,
    # so at one price for all the heaviest material comes first: 12.0 g of NMC811 beats the
    # 0.27 x 17.14 + 3.02 = 7.65 g of Li6PS5Cl in the composite and the separator.
    prices = [s for s in plot.shown if s.field.startswith("prices[")]
    materials = [p.material for p in window.model.design.prices]
    assert prices[0].field == f"prices[{materials.index('NMC811')}].usd_per_kg"
    assert prices[1].field == f"prices[{materials.index('LPSCl')}].usd_per_kg"
    assert prices[0].swing == pytest.approx(0.2 * 12.0 * 10.0 / 1000 / 9.576 * 1000, rel=1e-6)
    ticks = dict(plot.plot.getAxis("left")._tickLevels[0])
    assert "NMC811 price (US$/kg)" in ticks.values()


def test_goal_seek_finds_the_price_that_gives_a_cost_per_kwh(window, qtbot):
    """The v12 sample's prices; the cell's cost is linear in NMC811's price, 12.0 g of it: the
    price that gives 150 US$/kWh of 9.576 Wh is worked out from the hand sums of test_cost."""
    from tests.test_cost import ENERGY_WH, PRICES, hand_costs  # noqa: PLC0415
    from tests.test_gui_plots import show_tab  # noqa: PLC0415

    show_tab(window, "sweep")
    panel = window.plots.sweep
    paths = [panel.result.itemData(i)[0] for i in range(panel.result.count())]
    panel.result.setCurrentIndex(paths.index("cost.cell.usd_per_kwh"))
    panel.redraw()
    assert "gives no prices. Edit > Prices" in panel.answer.text()
    window.model.open(DATA / "design-v12.json")
    window.model.flush()
    show_tab(window, "sweep")
    panel.x_field.setCurrentIndex(panel.x_field.findData("prices[0].usd_per_kg"))
    panel.target.setValue(150.0)
    panel.goal_seek()
    others = hand_costs(PRICES | {"NMC811": 0.0})["cell"]
    price = (150.0 * ENERGY_WH / 1000.0 - others) / (12.0 / 1000.0)
    assert panel.answer.text().startswith(f"Price of NMC811 = {price:.4g} US$/kg gives")
    panel.apply_solution.click()
    window.model.flush()
    assert float(window.model.design.prices[0].usd_per_kg) == pytest.approx(price, rel=1e-4)


def test_a_price_known_to_20_percent_bands_the_cost_per_kwh(window, qtbot):
    """NMC811 at 20 $/kg +- 20 % (1 s.d.), every other input held exact: the cell's cost moves
    by 12.0 g x 4 $/kg = $0.048 per s.d., 5.01 $/kWh of 9.576 Wh, so its 5-95 % band is the
    median -+ 1.645 x 5.01 = 8.25 $/kWh."""
    import dataclasses  # noqa: PLC0415

    from engine.design import Tolerance  # noqa: PLC0415
    from engine.io.design_files import load_design  # noqa: PLC0415
    from engine.materials import shipped_library  # noqa: PLC0415
    from engine.studies.uncertainty import bands  # noqa: PLC0415

    design, _ = load_design(DATA / "design-v12.json", shipped_library())
    drawn = bands(design, shipped_library(), samples=10).inputs
    exact = [Tolerance(i.field, 0.0) for i in drawn if i.field != "prices[0].usd_per_kg"]
    window.model.new(dataclasses.replace(design, tolerances=(*design.tolerances, *exact)))
    window.model.flush()
    qtbot.wait(10)
    row = [key for key, _label in FIGURES].index("cost")
    item = window.numbers.figures.item(row, 1)
    assert item.text().startswith("$1.22, 127 $/kWh ±")
    band = window.model.bands.bands["cost.cell.usd_per_kwh"]
    assert (band.high - band.low) / 2 == pytest.approx(1.6449 * 0.048 / 9.576 * 1000, rel=0.03)
    assert item.toolTip().startswith(f"5–95 %: {band.low:.0f}–{band.high:.0f} $/kWh")


def test_a_price_bar_of_the_tornado_opens_edit_prices_at_its_material(window, qtbot):
    from PySide6.QtCore import QPointF  # noqa: PLC0415

    from tests.test_gui_plots import show_tab  # noqa: PLC0415

    window.model.open(DATA / "design-v12.json")
    window.model.flush()
    show_tab(window, "sensitivity")
    plot = window.plots.sensitivity
    plot.result.setCurrentIndex(plot.result.findData("cost.cell.usd_per_kwh"))
    row = next(
        r
        for r, label in plot.plot.getAxis("left")._tickLevels[0]
        if label.startswith("LPSCl price")
    )
    assert plot.select_at(QPointF(0.0, row)) == "prices[1].usd_per_kg"
    assert window.prices.isVisible()
    current = window.prices.table.currentItem()
    assert window.prices.materials[current.row()] == "LPSCl"


def test_prices_are_taken_from_another_design_file_in_one_undo_step(window, qtbot, tmp_path):
    """A lab's price list kept as a design: the v12 sample's nine prices, taken into the
    default design (which priced Cu at 99 $/kg: replaced) in one step, undone in one."""
    window.edit_prices()
    dialog = window.prices
    _type(qtbot, dialog, "Cu", PRICE, "99")
    dialog.take_prices(DATA / "design-v12.json")
    qtbot.wait(10)
    prices = {p.material: float(p.usd_per_kg) for p in window.model.design.prices}
    assert prices == {
        "Cu": 10.0, "NMC811": 20.0, "LPSCl": 100.0, "VGCF": 50.0, "PTFE": 10.0, "Al": 5.0,
        "Li": 150.0, "pouch laminate": 8.0, "tab metal": 12.0,
    }  # fmt: skip
    assert dialog.message.text() == ""
    window.model.undo_stack.undo()
    qtbot.wait(10)
    assert [(p.material, p.usd_per_kg) for p in window.model.design.prices] == [("Cu", 99.0)]
    unpriced = tmp_path / "unpriced.json"
    unpriced.write_text((ROOT / "resources/presets/yang2022_fig1a.json").read_text("utf-8"))
    dialog.take_prices(unpriced)
    assert dialog.message.text() == "unpriced.json gives no prices: nothing taken."
    broken = tmp_path / "broken.json"
    raw = json.loads((DATA / "design-v12.json").read_text("utf-8"))
    raw["prices"][0]["usd_per_kg"] = -1
    broken.write_text(json.dumps(raw))
    dialog.take_prices(broken)
    assert (
        "prices[0].usd_per_kg: -1 is outside the allowed range [0, 1e+07]" in dialog.message.text()
    )
    assert [(p.material, p.usd_per_kg) for p in window.model.design.prices] == [("Cu", 99.0)]
