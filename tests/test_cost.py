"""What the cell's materials cost (design format 12: prices), checked by hand on the default pouch
cell: 20 unit cells of 60 x 50 mm (30 cm2), double-sided; 20 mg/cm2 of NMC811 at 70 % of the
composite (with 27 % Li6PS5Cl, 2 % carbon fibre, 1 % PTFE); a 30 um Li6PS5Cl separator at 10 %
porosity (1.865 g/cm3); Li foil at N/P 1.5 on the practical 210 mAh/g (Li: 3860 mAh/g); 12 um
Al (2.70 g/cm3) and 8 um Cu (8.96 g/cm3) collectors; a 70 x 70 mm pouch outline of two
113 um foils at 1.6 g/cm3 and 0.6 g of tabs. The cell stores 20 x 30 cm2 x 4.2 mAh/cm2 x
3.8 V = 9.576 Wh. The prices are round test figures, not market prices.
"""

from __future__ import annotations

import json
import math

import pytest

from engine.design import Price, Tolerance, replace_field
from engine.edits import EditError, parse_price, set_price, set_tolerance
from engine.evaluate import evaluate
from engine.io.design_files import load_design, read_design_dict, save_design
from engine.io.results_json import results_to_dict
from engine.io.results_text import format_table
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.problems import DesignError
from engine.studies.sensitivity import sensitivity
from engine.studies.sweep import result_value, sweep

LIBRARY = shipped_library()
DEFAULT, _ = load_design(resource_path("presets", "default_nmc811_lpscl_li.json"), LIBRARY)
PRICES = {
    "NMC811": 20.0,
    "LPSCl": 100.0,
    "VGCF": 50.0,
    "PTFE": 10.0,
    "Al": 5.0,
    "Cu": 10.0,
    "Li": 150.0,
    "pouch laminate": 8.0,
    "tab metal": 12.0,
}

# Masses in the cell, g, by hand.
AREA = 30.0 * 20  # cm2 of all unit cells
NMC = 20.0 * AREA / 1000.0  # 12.0 g
COMPOSITE = NMC / 0.7
SEPARATOR = 30e-4 * (1 - 0.1) * 1.865 * AREA
LI = 1.5 * 20.0 * 210.0 / 1000.0 / 3860.0 * AREA  # N/P x cathode mAh/cm2 / (mAh/mg) -> mg/cm2
AL = 10 * 30.0 * 12e-4 * 2.70  # 10 double-sided cathodes share 10 Al foils
CU = 11 * 30.0 * 8e-4 * 8.96  # and sit between 11 Cu foils (the outer two single-sided)
FOIL = 2 * 49.0 * 113e-4 * 1.6  # two foils over the 7.0 x 7.0 cm outline
TABS = 0.6
ENERGY_WH = AREA * 4.2 * 3.8 / 1000.0


def priced(prices: dict[str, float] = PRICES):
    return replace_field(
        DEFAULT,
        "prices",
        tuple(Price(m, p, "a test figure", 2026) for m, p in prices.items()),
    )


def hand_costs(p: dict[str, float]) -> dict[str, float]:
    """Each rung's materials cost, US$, by hand from the masses above."""
    active = NMC * p["NMC811"] / 1000.0
    cathode = (
        COMPOSITE
        * (0.7 * p["NMC811"] + 0.27 * p["LPSCl"] + 0.02 * p["VGCF"] + 0.01 * p["PTFE"])
        / 1000.0
    )
    pair = cathode + LI * p["Li"] / 1000.0
    stack = pair + (SEPARATOR * p["LPSCl"] + AL * p["Al"] + CU * p["Cu"]) / 1000.0
    cell = stack + (FOIL * p["pouch laminate"] + TABS * p["tab metal"]) / 1000.0
    return {
        "active_delithiated": active,
        "cathode": cathode,
        "electrode_pair": pair,
        "stack": stack,
        "cell": cell,
    }


def test_each_rung_costs_its_materials_as_worked_by_hand() -> None:
    cost = evaluate(priced(), LIBRARY).cost
    assert cost is not None
    for key, expected in hand_costs(PRICES).items():
        assert cost.rung(key).usd == pytest.approx(expected, rel=1e-9), key
        assert cost.rung(key).usd_per_kwh == pytest.approx(expected / ENERGY_WH * 1000, rel=1e-9)
    # NMC811 alone: 20 $/kg over 210 mAh/g x 3.8 V = 0.798 kWh/kg.
    assert cost.rung("active_delithiated").usd_per_kwh == pytest.approx(20.0 / 0.798, rel=1e-9)
    assert cost.layer("separator[0]").usd == pytest.approx(SEPARATOR * 0.1, rel=1e-9)
    assert cost.unpriced == ()
    assert cost.unused == ()


def test_a_material_without_a_price_leaves_the_rungs_that_hold_it_without_cost() -> None:
    prices = {m: p for m, p in PRICES.items() if m != "Li"}
    results = evaluate(priced(prices | {"LiNbO3": 1.0}), LIBRARY)
    cost = results.cost
    assert cost is not None
    assert cost.rung("cathode").usd is not None  # no Li in the cathode
    assert cost.rung("electrode_pair").usd is None
    assert cost.rung("cell").usd_per_kwh is None
    assert cost.unpriced == ("Li",)
    assert cost.unused == ("LiNbO3",)
    with pytest.raises(KeyError, match="no price for Li"):
        result_value(results, "cost.cell.usd_per_kwh")
    text = format_table(results)
    assert "3 Electrode pair: no price for Li" in text
    assert "Priced but not in this cell: LiNbO3" in text


def test_a_design_without_prices_has_no_cost_and_says_so_when_asked() -> None:
    results = evaluate(DEFAULT, LIBRARY)
    assert results.cost is None
    assert results_to_dict(results)["cost"] is None
    with pytest.raises(KeyError, match="gives no prices"):
        result_value(results, "cost.cell.usd")


def test_the_liquid_in_the_pores_is_priced_as_itself() -> None:
    """Chen et al. 2020's LG M50: the separator's 12 um at 47 % porosity holds its liquid
    (1.28 g/cm3, O'Regan et al. 2022, Electrochim. Acta 425, 140700), priced apart from the
    membrane."""
    li_ion, _ = load_design(resource_path("presets", "chen2020_lgm50_li_ion.json"), LIBRARY)
    results = evaluate(
        replace_field(li_ion, "prices", (Price("LiPF6-EC:EMC", 10.0), Price("graphite", 1.0))),
        LIBRARY,
    )
    layer = results.layer("separator[0]")
    liquid_mg_cm2 = layer.thickness_um * layer.porosity * 1.28 / 10.0  # um x g/cm3 -> mg/cm2
    cost = results.cost
    assert cost is not None
    lines = {x.material: x for x in cost.layer("separator[0]").lines}
    share = liquid_mg_cm2 / layer.mass_mg_cm2
    assert lines["LiPF6-EC:EMC"].mass_g == pytest.approx(layer.mass_g * share, rel=1e-9)
    assert lines["LGM50-separator"].mass_g == pytest.approx(layer.mass_g * (1 - share), rel=1e-9)
    assert lines["LGM50-separator"].usd is None


def test_a_price_is_a_sweep_field_and_cost_a_sweep_result() -> None:
    found = sweep(
        priced(),
        {"prices[0].usd_per_kg": [10.0, 20.0, 40.0]},  # NMC811
        ["cost.active_delithiated.usd_per_kwh"],
        LIBRARY,
    )
    per_kwh = found.outputs["cost.active_delithiated.usd_per_kwh"]
    assert per_kwh == pytest.approx([10 / 0.798, 20 / 0.798, 40 / 0.798], rel=1e-9)


def test_the_tornado_of_the_cell_cost_puts_the_dearest_material_first() -> None:
    """+-10 % on each price moves the cell's cost by 20 % of what each material costs in it: by
    hand, LPSCl (composite and separator) 0.27 x 17.14 + 3.02 = 7.65 g x 100 $/kg = $0.765 beats
    NMC811's 12 g x 20 $/kg = $0.24, then Li's."""
    prices = [f"prices[{i}].usd_per_kg" for i in range(len(PRICES))]
    found = sensitivity(priced(), "cost.cell.usd", LIBRARY, fields=prices)
    top = found.swings[0]
    lpscl = (0.27 * COMPOSITE + SEPARATOR) * PRICES["LPSCl"] / 1000.0
    assert top.field == "prices[1].usd_per_kg"
    assert top.swing == pytest.approx(0.2 * lpscl, rel=1e-6)
    assert found.swings[1].field == "prices[0].usd_per_kg"  # NMC811: $0.24
    assert found.swings[1].swing == pytest.approx(0.2 * 0.24, rel=1e-6)
    assert found.swings[2].field == "prices[6].usd_per_kg"  # Li: 0.979 g x 150 $/kg = $0.147


def test_prices_survive_a_save_and_bad_ones_are_named(tmp_path) -> None:
    path = tmp_path / "priced.json"
    save_design(priced(), path, LIBRARY)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["version"] == 12
    assert raw["prices"][0] == {
        "material": "NMC811",
        "usd_per_kg": 20.0,
        "source": "a test figure",
        "year": 2026,
    }
    again, _ = load_design(path, LIBRARY)
    assert again.prices == priced().prices

    raw["prices"][1]["usd_per_kg"] = -3.0
    raw["prices"][2]["material"] = "NMC811"
    raw["prices"][3]["year"] = 1492
    with pytest.raises(DesignError) as error:
        read_design_dict(raw, LIBRARY)
    said = str(error.value)
    assert "prices[1].usd_per_kg: -3 is outside the allowed range" in said
    assert "prices[2].material: 'NMC811' is priced twice" in said
    assert "prices[3].year: 1492 is not a year from 1900 to 2100" in said


def test_a_version_11_file_opens_without_cost() -> None:
    raw = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text("utf-8"))
    raw["version"] = 11
    design = read_design_dict(raw, LIBRARY).design
    assert design.prices == ()


def test_the_json_output_gives_the_cost_by_rung_layer_and_material() -> None:
    out = results_to_dict(evaluate(priced(), LIBRARY))["cost"]
    rungs = {r["key"]: r for r in out["ladder"]}
    assert rungs["active_delithiated"]["usd_per_kwh"] == pytest.approx(20 / 0.798, rel=1e-9)
    assert "cell_fixture" not in rungs  # a fixture is a tool: never priced
    tabs = {layer["key"]: layer for layer in out["layers"]}["tabs"]
    assert [x["material"] for x in tabs["materials"]] == ["tab metal"]
    assert tabs["materials"][0]["usd"] == pytest.approx(0.6 * 12.0 / 1000.0, rel=1e-12)
    assert out["prices"][0]["source"] == "a test figure"
    assert math.isclose(sum(layer["usd"] for layer in out["layers"]), rungs["cell"]["usd"])


def test_a_removed_price_takes_its_tolerance_and_the_others_follow_their_prices() -> None:
    design = priced({"NMC811": 20.0, "LPSCl": 100.0, "Li": 150.0})
    for field in ("prices[0].usd_per_kg", "prices[1].usd_per_kg", "prices[2].usd_per_kg"):
        design = set_tolerance(design, field, Tolerance(field, 0.1))
    design = set_price(design, "LPSCl", None)
    assert [p.material for p in design.prices] == ["NMC811", "Li"]
    # NMC811's stays at [0]; LPSCl's is gone; Li's moves from [2] to [1] with its price
    assert [t.field for t in design.tolerances] == ["prices[0].usd_per_kg", "prices[1].usd_per_kg"]
    design = set_price(design, "Li", 120.0, "a quote", 2025)
    assert design.prices[1] == Price("Li", 120.0, "a quote", 2025)  # changed in place
    with pytest.raises(EditError, match="'cheap' is not a number"):
        parse_price("Li", "cheap")
    assert parse_price("Li", "$1,250 $/kg") == 1250.0
    assert parse_price("Li", " ") is None


def test_a_coated_active_is_priced_as_its_core_and_its_shell() -> None:
    """10 nm of Li3InCl6 (2.70 g/cm3 in the library) on NMC811 of 5.22 um radius (4.778 g/cm3):
    by hand, the shell per volume of core k = (1 + t/R)^3 - 1, per gram of core it weighs
    c = k / 4.778 x 2.70 g, and its share of the 12.0 g of coated powder s = c / (1 + c)."""
    k = (1.0 + 0.010 / 5.22) ** 3 - 1.0
    c = k / 4.778 * 2.70
    s = c / (1.0 + c)
    design = replace_field(priced(), "cathode.coating_material", "Li3InCl6")
    design = replace_field(design, "cathode.coating_thickness_nm", 10.0)
    design = set_price(design, "Li3InCl6", 1000.0)
    cost = evaluate(design, LIBRARY).cost
    assert cost is not None
    active = NMC * (1 - s) * 20.0 / 1000.0 + NMC * s * 1000.0 / 1000.0
    assert cost.rung("active_delithiated").usd == pytest.approx(active, rel=1e-9)
    lines = {x.material: x for x in cost.layer("cathode").lines}
    assert lines["Li3InCl6"].mass_g == pytest.approx(NMC * s, rel=1e-9)


def test_the_results_csv_gives_each_levels_cost_and_each_layers_materials() -> None:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    from engine.io.results_table import results_csv  # noqa: PLC0415

    prices = {m: p for m, p in PRICES.items() if m != "Li"}
    rows = list(csv.reader(io.StringIO(results_csv(evaluate(priced(prices), LIBRARY)))))
    cathode = next(r for r in rows if r[:2] == ["cathode", "2"] and len(r) == 5)
    assert float(cathode[3]) == pytest.approx(hand_costs(PRICES)["cathode"], rel=1e-9)
    cell = next(r for r in rows if r[:2] == ["cell", "5"] and len(r) == 5)
    assert cell[3:] == ["", ""]  # no price for Li: the cell has no cost
    li = next(r for r in rows if r[:2] == ["anode", "Li"])
    assert float(li[2]) == pytest.approx(LI, rel=1e-9)
    assert li[3] == ""


def test_li_added_before_assembly_is_priced_as_li() -> None:
    """Chen et al. 2020's graphite negative pre-lithiated by 0.5 mAh/cm2: 0.5 / 3860 mAh/g =
    0.1295 mg/cm2 of Li on each of its 20 x 65 x 79 mm faces."""
    li_ion, _ = load_design(resource_path("presets", "chen2020_lgm50_li_ion.json"), LIBRARY)
    design = replace_field(li_ion, "anode.prelithiation_mAh_cm2", 0.5)
    design = set_price(design, "Li", 100.0)
    cost = evaluate(design, LIBRARY).cost
    assert cost is not None
    (li,) = [x for x in cost.layer("anode").lines if x.material == "Li"]
    assert li.mass_g == pytest.approx(0.5 / 3860.0 * 20 * 6.5 * 7.9, rel=1e-6)
    assert li.usd == pytest.approx(li.mass_g * 0.1, rel=1e-12)


def test_a_files_prices_are_read_without_its_design(tmp_path) -> None:
    """Another lab's design, naming a material this library does not hold: its prices are
    still read (and checked), the rest of it is not."""
    from engine.io.design_files import DesignFileError, read_prices  # noqa: PLC0415

    raw = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text("utf-8"))
    raw["cathode"]["components"][0]["material"] = "NMC811-otherlab"
    raw["prices"] = [{"material": "NMC811-otherlab", "usd_per_kg": 18.5, "year": 2026}]
    path = tmp_path / "other.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DesignFileError, match="NMC811-otherlab"):
        load_design(path, LIBRARY)
    assert read_prices(path) == (Price("NMC811-otherlab", 18.5, "", 2026),)
    raw["prices"].append({"material": "NMC811-otherlab", "usd_per_kg": 1e8})
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DesignFileError) as error:
        read_prices(path)
    assert "prices[1].material: 'NMC811-otherlab' is priced twice" in str(error.value)
    assert "prices[1].usd_per_kg: 1e+08 is outside the allowed range [0, 1e+07]" in str(error.value)
