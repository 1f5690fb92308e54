"""How sure every number is (engine/studies/uncertainty.py, main.py bands): bands checked against
closed forms (a product of independent normal inputs, a uniform input), bands that shrink to the
point value when no input is uncertain, tolerances in the design file and refused by name."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.design import Tolerance, get_field, replace_field
from engine.evaluate import evaluate
from engine.io.design_files import DesignFileError, design_from_dict, design_to_dict, load_design
from engine.materials import shipped_library
from engine.problems import ProblemsError
from engine.studies.sensitivity import sensitivity
from engine.studies.uncertainty import bands, bands_text, linear_bands
from tests.presets import preset

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = shipped_library()
ACTIVE = "ladder.active_delithiated.wh_per_kg"  # capacity x voltage per gram of active
CAPACITY, VOLTAGE = "cathode.components[0].capacity_mAh_g", "cathode.mean_voltage_V"


def measured(*tolerances: Tolerance):
    """Yang et al. 2022's Fig. 1A cell (NMC811) with the capacity and mean voltage measured:
    200 mAh/g and 3.8 V, each with the given tolerances."""
    design = replace_field(preset("yang2022_fig1a"), CAPACITY, 200.0)
    design = replace_field(design, VOLTAGE, 3.8)
    return dataclasses.replace(design, tolerances=tolerances)


def test_a_product_of_two_independent_normal_inputs_has_the_closed_form_spread():
    """Level 1's Wh/kg is k Q V: its capacity Q and voltage V drawn from independent normals give
    Var(QV) = mu_V^2 s_Q^2 + mu_Q^2 s_V^2 + s_Q^2 s_V^2 (Goodman 1960, J. Am. Stat. Assoc. 55,
    708), so a relative s.d. of sqrt(0.05^2 + (0.1/3.8)^2 + (0.05 x 0.1/3.8)^2) = 5.652 %, and a
    mean of k mu_Q mu_V, the value itself. Draws past 4 s.d. are drawn again, which narrows each
    input's s.d. by 0.05 %."""
    design = measured(Tolerance(CAPACITY, 0.05), Tolerance(VOLTAGE, 0.1, relative=False))
    found = bands(design, LIBRARY, [ACTIVE], samples=200_000, seed=7)
    point = 200.0 * 3.8  # mAh/g x V = mWh/g = Wh/kg of NMC811 as made (lithiated), ...
    point *= 97.279 / 90.34  # ... per kg of the delithiated form: its molar masses, made/delith.
    band = found.bands[ACTIVE]
    relative_sd = math.sqrt(0.05**2 + (0.1 / 3.8) ** 2 + (0.05 * 0.1 / 3.8) ** 2)
    assert relative_sd == pytest.approx(0.05652, abs=1e-5)
    assert band.mean == pytest.approx(point, rel=2e-3)  # MC: s.e. of the mean 0.013 %
    assert band.sd / band.mean == pytest.approx(relative_sd, rel=0.01)  # s.e. of the s.d. 0.16 %
    # Near-normal: the 5-95 % band is about +-1.645 s.d.
    assert band.low == pytest.approx(point * (1 - 1.645 * relative_sd), rel=0.01)
    assert band.high == pytest.approx(point * (1 + 1.645 * relative_sd), rel=0.01)
    assert [i.field for i in found.inputs if i.source == "design"] == [CAPACITY, VOLTAGE]


def test_the_first_order_band_of_a_product_is_the_closed_form_without_its_cross_term():
    """While editing, the bands are first order: Var(QV) ~ mu_V^2 s_Q^2 + mu_Q^2 s_V^2 (Goodman's
    form less s_Q^2 s_V^2), so a relative s.d. of sqrt(0.05^2 + (0.1/3.8)^2) = 5.650 %, exactly:
    Wh/kg is bilinear in Q and V, and a central difference of a linear function is its slope.
    The band is the value -+ 1.6449 s.d. (a normal's 5th and 95th percentiles)."""
    design = measured(Tolerance(CAPACITY, 0.05), Tolerance(VOLTAGE, 0.1, relative=False))
    found = linear_bands(design, LIBRARY, [ACTIVE])
    point = 200.0 * 3.8 * 97.279 / 90.34  # as in the Monte Carlo test above
    relative_sd = math.sqrt(0.05**2 + (0.1 / 3.8) ** 2)
    assert relative_sd == pytest.approx(0.05650, abs=1e-5)
    band = found.bands[ACTIVE]
    assert band.median == pytest.approx(point, rel=1e-6)
    assert band.sd == pytest.approx(band.median * relative_sd, rel=1e-9)
    assert band.low == pytest.approx(band.median * (1 - 1.6448536 * relative_sd), rel=1e-7)
    assert band.high == pytest.approx(band.median * (1 + 1.6448536 * relative_sd), rel=1e-7)
    assert found.linear
    assert "to first order" in bands_text(found)
    # A uniform input counts at its s.d., half-width / sqrt 3 (V uniform on 3.8 -+ 0.2 V).
    uniform = measured(Tolerance(VOLTAGE, 0.2, relative=False, distribution="uniform"))
    sd = linear_bands(uniform, LIBRARY, [ACTIVE]).bands[ACTIVE].sd
    assert sd == pytest.approx(band.median * 0.2 / math.sqrt(3) / 3.8, rel=1e-9)
    # Neither measured value uncertain (the library values drawn do not move this level): the
    # band is the value.
    still = linear_bands(measured(Tolerance(CAPACITY, 0.0)), LIBRARY, [ACTIVE]).bands[ACTIVE]
    assert (still.low, still.high, still.sd) == (still.median, still.median, 0.0)


def test_a_uniform_input_puts_the_band_ends_at_nine_tenths_of_its_half_width():
    """Energy per gram scales with the voltage alone: V uniform on 3.8 +- 0.2 V puts the 5th and
    95th percentiles at 3.8 -+ 0.9 x 0.2 V, so the Wh/kg at the point value x (1 -+ 0.18/3.8)."""
    design = measured(Tolerance(VOLTAGE, 0.2, relative=False, distribution="uniform"),
                      Tolerance(CAPACITY, 0.0))  # fmt: skip
    found = bands(design, LIBRARY, [ACTIVE], samples=100_000, seed=3)
    band = found.bands[ACTIVE]
    point = evaluate(design, LIBRARY).rung("active_delithiated").wh_per_kg
    assert band.low == pytest.approx(point * (1 - 0.18 / 3.8), rel=1e-3)
    assert band.high == pytest.approx(point * (1 + 0.18 / 3.8), rel=1e-3)
    # uniform on +-a has s.d. a / sqrt(3)
    assert band.sd == pytest.approx(point * 0.2 / math.sqrt(3) / 3.8, rel=0.01)


def test_with_every_tolerance_zero_the_band_is_the_point_value():
    """The design gives 0 for every library value it uses, overriding the stated defaults: no
    input is drawn, and every band is the number itself."""
    design = preset("default_nmc811_lpscl_li")
    used = bands(design, LIBRARY, samples=10).inputs
    assert used  # the library's stated tolerances are drawn by default
    exact = dataclasses.replace(design, tolerances=tuple(Tolerance(i.field, 0.0) for i in used))
    found = bands(exact, LIBRARY, samples=10)
    assert found.inputs == []
    assert set(found.skipped.values()) == {"a tolerance of 0"}
    results = evaluate(design, LIBRARY)
    for rung in results.ladder:
        band = found.bands[f"ladder.{rung.key}.wh_per_kg"]
        assert band.low == band.median == band.high == pytest.approx(float(rung.wh_per_kg))
        assert band.sd == pytest.approx(0.0, abs=1e-9)


def test_the_same_seed_gives_the_same_band_and_another_seed_another():
    design = preset("default_nmc811_lpscl_li")
    one, again = (bands(design, LIBRARY, samples=1000, seed=5) for _ in range(2))
    other = bands(design, LIBRARY, samples=1000, seed=6)
    assert one.bands == again.bands
    assert one.bands != other.bands


def test_tornado_moves_each_input_by_its_tolerance_in_the_order_worked_by_hand():
    """Yang et al. 2022, Fig. 1A stack: Wh/kg = 798 L / (L / 0.85 + 11.488 + 0.2036 t + 0.14275 L)
    (tests/test_sensitivity.py). The loading weighed to +-1 mg/cm2 (19..21): 373.2..387.3, a
    swing of 14.1; the separator to +-50 % (10..30 um): 399.9..362.9, a swing of 37.0. The
    separator's bar comes first, though at +-10 % each the loading's did."""
    loading, separator = "cathode.active_loading_mg_cm2", "separator[0].thickness_um"
    design = dataclasses.replace(
        preset("yang2022_fig1a"),
        tolerances=(Tolerance(loading, 1.0, relative=False), Tolerance(separator, 0.5)),
    )
    found = sensitivity(design, "ladder.stack.wh_per_kg", LIBRARY, fields=[loading, separator])
    assert [s.field for s in found.swings] == [separator, loading]
    by_field = {s.field: s for s in found.swings}
    assert (by_field[loading].low_value, by_field[loading].high_value) == (19.0, 21.0)
    assert (by_field[separator].low_value, by_field[separator].high_value) == (10.0, 30.0)
    assert by_field[loading].low_result == pytest.approx(373.2, abs=0.1)
    assert by_field[loading].high_result == pytest.approx(387.3, abs=0.1)
    assert by_field[separator].low_result == pytest.approx(399.9, abs=0.1)
    assert by_field[separator].high_result == pytest.approx(362.9, abs=0.1)
    assert by_field[separator].by == "±50 % (normal, 1 s.d.)"


def test_tolerances_round_trip_through_the_file_and_a_version_5_file_has_none():
    design = dataclasses.replace(
        preset("default_nmc811_lpscl_li"),
        tolerances=(
            Tolerance("cathode.porosity", 0.02, relative=False, distribution="uniform"),
            Tolerance("cathode.active_fraction", 0.01),
        ),
    )
    raw = design_to_dict(design, LIBRARY)
    assert raw["tolerances"] == {
        "cathode.porosity": {"absolute": 0.02, "distribution": "uniform"},
        "cathode.active_fraction": {"relative": 0.01},
    }
    assert design_from_dict(raw, LIBRARY)[0] == design
    old, _ = load_design(ROOT / "tests" / "data" / "design-v5.json", LIBRARY)
    assert old.tolerances == ()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"cathode.porosity": {"relative": 1.5}},
         'tolerances["cathode.porosity"].relative: 1.5 is outside the allowed range 0 to 1'),
        ({"cathode.porosity": {"absolute": -0.1}},
         'tolerances["cathode.porosity"].absolute: -0.1 is outside the allowed range at least 0'),
        ({"cathode.porosity": {"relative": 0.1, "absolute": 0.01}},
         'tolerances["cathode.porosity"]: give exactly one of relative'),
        ({"cathode.porosity": {"relative": 0.1, "distribution": "gauss"}},
         "tolerances[\"cathode.porosity\"].distribution: 'gauss' is not one of normal, uniform"),
        ({"separator[4].thickness_um": {"relative": 0.1}},
         'tolerances["separator[4].thickness_um"]: names no field of this design'),
        ({"anode.kind": {"relative": 0.1}},
         'tolerances["anode.kind"]: names no numeric field of this design'),
        ({"cathode.components[0].mass_fraction": {"relative": 0.1}},
         "give a tolerance to cathode.active_fraction"),
    ],
)  # fmt: skip
def test_a_bad_tolerance_is_refused_naming_it_the_value_and_the_range(entry, message):
    raw = design_to_dict(preset("default_nmc811_lpscl_li"), LIBRARY)
    raw["tolerances"] = entry
    with pytest.raises(DesignFileError) as refused:
        design_from_dict(raw, LIBRARY)
    assert message in str(refused.value)


def test_a_draw_the_engine_refuses_names_the_field_and_its_range():
    """A porosity of 0.1 +- 0.1 (normal) draws values below 0 in 10^4 samples."""
    design = dataclasses.replace(
        replace_field(preset("default_nmc811_lpscl_li"), "cathode.porosity", 0.1),
        tolerances=(Tolerance("cathode.porosity", 0.1, relative=False),),
    )
    with pytest.raises(ProblemsError) as refused:
        bands(design, LIBRARY)
    assert str(refused.value).startswith("cathode.porosity: ")
    assert "outside the allowed range [0, 0.95] (drawn from its tolerance)" in str(refused.value)


def test_the_command_prints_bands_as_text_and_json():
    sample = str(ROOT / "tests" / "data" / "design-v6.json")
    command = [sys.executable, str(ROOT / "main.py"), "bands", sample, "--samples", "2000",
               "--result", "ladder.cathode.wh_per_kg"]  # fmt: skip

    def printed(*extra: str) -> str:
        run = subprocess.run([*command, *extra], capture_output=True, text=True, timeout=60,
                             check=True)  # fmt: skip
        return run.stdout

    text = printed()
    assert "ladder.cathode.wh_per_kg" in text
    assert "cathode.porosity = 0.366, ±0.03 (uniform): design" in text
    payload = json.loads(printed("--json"))
    row = payload["results"]["ladder.cathode.wh_per_kg"]
    # Pan et al. 2023 (Batteries & Supercaps), Fig. 3c: 1020 Wh/kg at the cathode level
    assert row["value"] == pytest.approx(1020, rel=0.01)
    assert row["p5"] < row["median"] < row["p95"]
    assert payload["samples"] == 2000


def test_tolerances_follow_separator_layers_and_go_with_what_they_named():
    from engine import edits  # noqa: PLC0415

    design = dataclasses.replace(
        edits.duplicate_layer(preset("default_nmc811_lpscl_li"), "separator[0]").design,
        tolerances=(
            Tolerance("separator[0].thickness_um", 0.1),
            Tolerance("separator[1].porosity", 0.01, relative=False),
            Tolerance("anode_collector.thickness_um", 0.05),
        ),
    )
    moved = edits.move_layer(design, "separator[1]", -1).design
    assert [t.field for t in moved.tolerances] == [
        "separator[1].thickness_um", "separator[0].porosity", "anode_collector.thickness_um",
    ]  # fmt: skip
    removed = edits.remove_layer(design, "separator[0]").design
    assert [t.field for t in removed.tolerances] == [
        "separator[0].porosity", "anode_collector.thickness_um",
    ]  # fmt: skip
    # a collector taken away takes its tolerance with it
    bare = edits.remove_layer(design, "anode_collector").design
    kept = edits.kept_tolerances(design, bare, LIBRARY)
    assert "anode_collector.thickness_um" not in [t.field for t in kept.tolerances]
    evaluate(kept, LIBRARY)  # and the design stays valid


def test_a_component_changed_takes_its_tolerance_with_it():
    from engine import edits  # noqa: PLC0415

    density = "cathode.components[1].density_g_cm3"
    design = dataclasses.replace(
        preset("default_nmc811_lpscl_li"), tolerances=(Tolerance(density, 0.02),)
    )
    components = edits.change_material(design.cathode.components, 1, "LGPS")
    changed = replace_field(design, "cathode.components", components)
    assert edits.kept_tolerances(design, changed, LIBRARY).tolerances == ()
    same = replace_field(design, "cathode.porosity", 0.2)
    assert edits.kept_tolerances(design, same, LIBRARY).tolerances == design.tolerances


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5 %", (0.05, True)), ("±5%", (0.05, True)), ("0.02", (0.02, False)), ("", None)],
)
def test_a_typed_tolerance_reads_as_a_share_or_an_amount(text, expected):
    from engine.edits import parse_tolerance  # noqa: PLC0415

    found = parse_tolerance("cathode.porosity", text)
    assert (None if found is None else (found.amount, found.relative)) == expected


def test_the_discharge_band_follows_a_uniform_loading_and_is_a_line_without_tolerances():
    """At C/10 the default cell's NMC811 delivers nearly the same mAh/g whatever its loading
    (the current follows the loading), so its mAh/cm2 scales with the loading: a loading uniform
    on 20 +- 2 mg/cm2 puts the 5th and 95th percentiles of the delivered mAh/cm2 at the point
    value x (1 -+ 0.9 x 0.1). With every tolerance 0 the band is the curve itself."""
    from engine.studies.curves import discharge_curve  # noqa: PLC0415
    from engine.studies.uncertainty import curve_band  # noqa: PLC0415

    design = preset("default_nmc811_lpscl_li")
    exact = tuple(Tolerance(i.field, 0.0) for i in bands(design, LIBRARY, samples=10).inputs)
    flat = curve_band(dataclasses.replace(design, tolerances=exact), LIBRARY, samples=50)
    point = discharge_curve(design, LIBRARY)
    grid = flat.capacity["mAh/cm²"]
    on_curve = np.interp(grid, point.capacity_mAh_cm2, point.voltage_V)
    assert flat.low_V["mAh/cm²"] == pytest.approx(on_curve, abs=2e-3)
    assert flat.high_V["mAh/cm²"] == pytest.approx(flat.low_V["mAh/cm²"])
    loading = Tolerance("cathode.active_loading_mg_cm2", 2.0, relative=False,
                        distribution="uniform")  # fmt: skip
    found = curve_band(dataclasses.replace(design, tolerances=(*exact, loading)), LIBRARY,
                       samples=2000)  # fmt: skip
    delivered, per_g = found.delivered["mAh/cm²"], found.delivered["mAh/g"]
    assert per_g.high - per_g.low < 0.005 * per_g.median  # mAh/g hardly moves
    assert delivered.low == pytest.approx(float(point.delivered_mAh_cm2) * 0.91, rel=0.005)
    assert delivered.high == pytest.approx(float(point.delivered_mAh_cm2) * 1.09, rel=0.005)


def test_the_ragone_band_is_the_curve_without_tolerances_and_widens_with_the_rate():
    """With every tolerance 0 the band is the Ragone curve itself at the band's rates. The
    particle radius (20 %) sets the solid diffusion time, which matters at high rate only: the
    band at 5C is far wider than at C/20."""
    from engine.studies.ragone import ragone  # noqa: PLC0415
    from engine.studies.uncertainty import RAGONE_BAND_RATES, ragone_band  # noqa: PLC0415

    design = preset("default_nmc811_lpscl_li")
    used = bands(design, LIBRARY, samples=10).inputs
    exact = dataclasses.replace(design, tolerances=tuple(Tolerance(i.field, 0.0) for i in used))
    flat = ragone_band(exact, LIBRARY, samples=20)
    point = ragone(design, LIBRARY, c_rates=RAGONE_BAND_RATES)
    assert flat.low_wh_per_kg == pytest.approx(point.wh_per_kg, rel=1e-3)
    assert flat.high_wh_per_kg == pytest.approx(flat.low_wh_per_kg)
    radius = "cathode.components[0].particle_radius_um"
    radius_drawn = tuple(t for t in exact.tolerances if t.field != radius)  # its stated 20 %
    found = ragone_band(dataclasses.replace(design, tolerances=radius_drawn), LIBRARY)
    width = found.high_wh_per_kg - found.low_wh_per_kg
    assert width[-1] > 10 * width[0]


def test_the_first_order_discharge_band_follows_a_loading_and_is_the_curve_without_tolerances():
    """To first order a uniform loading on 20 +- 2 mg/cm2 has the s.d. 2 / sqrt 3 = 1.155
    mg/cm2, 5.77 % of it: the delivered mAh/cm2, which scales with the loading at C/10 (the
    test above), ends at the point value x (1 -+ 1.645 x 0.0577) = x (1 -+ 0.0950), where the
    draws put the uniform's own 5th and 95th percentiles at x (1 -+ 0.09). With every tolerance
    0 the band is the curve itself, point for point."""
    from engine.studies.curves import discharge_curve  # noqa: PLC0415
    from engine.studies.uncertainty import linear_curve_band  # noqa: PLC0415

    design = preset("default_nmc811_lpscl_li")
    exact = tuple(Tolerance(i.field, 0.0) for i in bands(design, LIBRARY, samples=10).inputs)
    flat = linear_curve_band(dataclasses.replace(design, tolerances=exact), LIBRARY)
    point = discharge_curve(design, LIBRARY, points=flat.capacity["mAh/cm²"].size)
    assert flat.capacity["mAh/cm²"] == pytest.approx(point.capacity_mAh_cm2, rel=1e-12)
    assert flat.low_V["mAh/cm²"] == pytest.approx(point.voltage_V, rel=1e-12)
    assert flat.high_V["mAh/cm²"] == pytest.approx(point.voltage_V, rel=1e-12)

    loading = Tolerance("cathode.active_loading_mg_cm2", 2.0, relative=False,
                        distribution="uniform")  # fmt: skip
    found = linear_curve_band(dataclasses.replace(design, tolerances=(*exact, loading)), LIBRARY)
    delivered = found.delivered["mAh/cm²"]
    share = 1.6448536 * 2.0 / math.sqrt(3.0) / 20.0
    assert delivered.low == pytest.approx(float(point.delivered_mAh_cm2) * (1 - share), rel=0.005)
    assert delivered.high == pytest.approx(float(point.delivered_mAh_cm2) * (1 + share), rel=0.005)
    assert found.linear


def test_the_bands_of_one_edit_move_its_design_once(monkeypatch):
    """During a drag the numbers' bands and the discharge's band are asked of the same results
    one after the other: the 2 n moved designs are evaluated once for both (and again for
    another edit's results), and the second gets the same bands as alone."""
    from engine.studies import uncertainty  # noqa: PLC0415

    design = preset("default_nmc811_lpscl_li")
    results = evaluate(design, LIBRARY)
    alone = uncertainty.linear_curve_band(design, LIBRARY, results=evaluate(design, LIBRARY))
    moved: list[int] = []
    real = uncertainty.evaluate

    def counted(varied, library):
        moved.append(1)
        return real(varied, library)

    monkeypatch.setattr(uncertainty, "evaluate", counted)
    uncertainty.linear_bands(design, LIBRARY, results=results)
    shared = uncertainty.linear_curve_band(design, LIBRARY, results=results)
    assert len(moved) == 1
    for unit, low in alone.low_V.items():
        np.testing.assert_array_equal(shared.low_V[unit], low)
        np.testing.assert_array_equal(shared.high_V[unit], alone.high_V[unit])
    uncertainty.linear_bands(design, LIBRARY, results=evaluate(design, LIBRARY))
    assert len(moved) == 2  # another edit's results: moved afresh


def test_the_first_order_ragone_band_is_the_root_sum_of_squares_of_each_inputs_move():
    """To first order each input moved by one s.d. down and up, the others held: at each rate
    the cell's Wh/kg -+ 1.645 x sqrt(sum over inputs of ((up - down) / 2)^2). Worked here with
    the Ragone curves of the designs moved by hand, for the particle radius (20 % normal of
    5.22 um, the NMC811 of Chen et al. 2020's LG M50: s.d. 1.044 um) and the loading (uniform on
    20 +- 2 mg/cm2: s.d. 2 / sqrt 3); with every tolerance 0 the band is the Ragone curve itself.
    Where the band is wide (5C) the draws give its width within 10 %."""
    from engine.studies.ragone import ragone  # noqa: PLC0415
    from engine.studies.uncertainty import (  # noqa: PLC0415
        RAGONE_BAND_RATES,
        linear_ragone_band,
        ragone_band,
    )

    design = preset("default_nmc811_lpscl_li")
    exact = tuple(Tolerance(i.field, 0.0) for i in bands(design, LIBRARY, samples=10).inputs)
    rates = RAGONE_BAND_RATES
    point = ragone(design, LIBRARY, c_rates=rates)
    flat = linear_ragone_band(dataclasses.replace(design, tolerances=exact), LIBRARY)
    assert flat.low_wh_per_kg == pytest.approx(point.wh_per_kg, rel=1e-3)
    assert flat.high_wh_per_kg == pytest.approx(flat.low_wh_per_kg, rel=1e-12)
    assert flat.w_per_kg == pytest.approx(point.w_per_kg, rel=1e-3)

    radius, loading = "cathode.components[0].particle_radius_um", "cathode.active_loading_mg_cm2"
    design = replace_field(design, radius, 5.22)  # the library's, set in the design
    assert get_field(design, loading) == 20.0
    moves = {radius: 1.044, loading: 2.0 / math.sqrt(3.0)}  # one s.d. of each
    kept = tuple(t for t in exact if t.field not in moves)
    spread = Tolerance(loading, 2.0, relative=False, distribution="uniform")
    varied = dataclasses.replace(design, tolerances=(*kept, Tolerance(radius, 0.2), spread))
    found = linear_ragone_band(varied, LIBRARY)
    squares = np.zeros(rates.size)
    for field, sd in moves.items():
        value = get_field(design, field)
        down = ragone(replace_field(design, field, value - sd), LIBRARY, c_rates=rates).wh_per_kg
        up = ragone(replace_field(design, field, value + sd), LIBRARY, c_rates=rates).wh_per_kg
        squares += ((up - down) / 2.0) ** 2
    half = 1.6448536 * np.sqrt(squares)
    assert found.high_wh_per_kg - found.low_wh_per_kg == pytest.approx(2 * half, rel=2e-3)
    middle = (found.low_wh_per_kg + found.high_wh_per_kg) / 2
    assert middle == pytest.approx(point.wh_per_kg, rel=1e-3)
    drawn = ragone_band(varied, LIBRARY, samples=2000)
    assert found.high_wh_per_kg[-1] - found.low_wh_per_kg[-1] == pytest.approx(
        drawn.high_wh_per_kg[-1] - drawn.low_wh_per_kg[-1], rel=0.1
    )


def test_a_library_value_with_its_sources_spread_is_drawn_at_that_spread():
    """A user's NMC811 whose practical capacity carries the spread its source gives (here 3 %,
    uniform) is drawn at that spread, and said so, instead of the stated 5 %."""
    from engine.materials import material_to_dict, with_carried  # noqa: PLC0415

    entry = material_to_dict(LIBRARY["NMC811"])
    entry["id"] = "NMC811-mine"
    entry["values"]["capacity_practical_mAh_g"]["spread"] = {
        "relative": 0.03, "distribution": "uniform",
    }  # fmt: skip
    library = with_carried(LIBRARY, [entry], "a test")
    assert library["NMC811-mine"].values["capacity_practical_mAh_g"].spread is not None
    assert material_to_dict(library["NMC811-mine"]) == entry  # written back as read
    design = replace_field(preset("default_nmc811_lpscl_li"), "cathode.components[0].material",
                           "NMC811-mine")  # fmt: skip
    found = bands(design, library, samples=100)
    capacity = next(i for i in found.inputs if i.field == CAPACITY)
    assert capacity.tolerance.text() == "±3 % (uniform)"
    assert capacity.source.startswith("the spread its source gives (Yang et al. 2022")
    entry["values"]["capacity_practical_mAh_g"]["spread"] = {"relative": 3}
    with pytest.raises(ProblemsError, match=r"spread.relative: 3 is outside the allowed range"):
        with_carried(LIBRARY, [entry], "a test")
