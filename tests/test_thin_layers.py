"""Thin layers: coated actives (design format 11: cathode.coating_material,
cathode.coating_thickness_nm), checked by hand on the default pouch cell: NMC811 (4.778 g/cm3 as
made, 5.22 um particles, 275.51 mAh/g) at 20 mg/cm2 of active, 70 % of a composite at 15 %
porosity, under a test shell of 4.0 g/cm3 that conducts 1e-6 S/cm; and an anode interlayer, a
thin last separator layer."""

from __future__ import annotations

import json
import math

import pytest

from engine.design import replace_field
from engine.evaluate import evaluate
from engine.evaluate.curve import curve_from_results
from engine.io.design_files import VERSION, load_design, read_design, save_design
from engine.io.results_json import results_to_dict
from engine.materials import material_to_dict, shipped_library, with_carried
from engine.paths import resource_path
from engine.problems import DesignError

SHIPPED = shipped_library()
SHELL = {
    "id": "shell-test",
    "name": "a test coating",
    "category": "solid_electrolyte",
    "as_made": "neither",
    "values": {
        "density_g_cm3": {"value": 4.0, "ref": "calc_lamina", "where": "", "note": "test"},
        "ionic_conductivity_S_cm": {"value": 1e-6, "ref": "calc_lamina", "where": "", "note": "t"},
    },
}
LIBRARY = with_carried(SHIPPED, [SHELL], "a test")
DEFAULT, _ = load_design(resource_path("presets", "default_nmc811_lpscl_li.json"), SHIPPED)

# By hand: the shell per volume of core, k = (1 + t/R)^3 - 1; per gram of NMC811 it weighs
# c = k / 4.778 x 4.0 g; its share of the coated powder's mass s = c / (1 + c).
K = (1.0 + 0.010 / 5.22) ** 3 - 1.0
C = K / 4.778 * 4.0
S = C / (1.0 + C)


def coated(material: str = "shell-test", nm: float = 10.0):
    design = replace_field(DEFAULT, "cathode.coating_material", material)
    return replace_field(design, "cathode.coating_thickness_nm", nm)


def test_the_shell_weighs_and_dilutes_the_active_as_worked_by_hand() -> None:
    bare, shelled = evaluate(DEFAULT, LIBRARY), evaluate(coated(), LIBRARY)
    assert pytest.approx(0.0047974, rel=1e-4) == S  # 0.48 % of the powder
    assert shelled.coating_mg_cm2 == pytest.approx(20.0 * S, rel=1e-12)
    # 20 mg/cm2 of coated powder holds 20 (1 - s) mg of NMC811 at 275.51 mAh/g.
    assert bare.cathode_capacity_theoretical_mAh_cm2 == pytest.approx(5.5102, rel=1e-12)
    assert shelled.cathode_capacity_theoretical_mAh_cm2 == pytest.approx(
        20.0 * (1.0 - S) * 275.51 / 1000.0, rel=1e-12
    )
    # The composite weighs the same (its fractions are of the coated powder): of its 20 mg/cm2
    # of powder, 20 s are shell at 4.0 g/cm3 instead of NMC811 at 4.778, which makes it thicker
    # as built by 20 s (1/4.0 - 1/4.778) x 10 um, over 1 - 0.15 of porosity.
    cathode = {r.key: r for r in bare.layers}["cathode"]
    cathode_coated = {r.key: r for r in shelled.layers}["cathode"]
    assert cathode_coated.mass_mg_cm2 == pytest.approx(cathode.mass_mg_cm2, rel=1e-12)
    shell_um = 20.0 * S * (1.0 / 4.0 - 1.0 / 4.778) * 10.0
    assert cathode_coated.thickness_um - cathode.thickness_um == pytest.approx(
        shell_um / 0.85, rel=1e-9
    )
    # The same shells per core volume: k = shell volume / core volume, by hand.
    core_um, shells_um = 20.0 * (1.0 - S) / 4.778 * 10.0, 20.0 * S / 4.0 * 10.0
    assert shells_um / core_um == pytest.approx(K, rel=1e-12)


def test_the_shell_resistance_is_its_thickness_over_the_actives_surface() -> None:
    results = evaluate(coated(), LIBRARY)
    # a = 3 V / R with V the cores' volume as a thickness: 20 (1 - s) / 4.778 x 10 um.
    surface = 3.0 * (20.0 * (1.0 - S) / 4.778 * 10.0) / 5.22
    asr = 10e-7 / 1e-6 / surface  # t / sigma in ohm cm2 of particle surface, over a
    assert asr == pytest.approx(0.04177, rel=1e-3)
    assert results.coating_asr_ohm_cm2 == pytest.approx(asr, rel=1e-12)
    # The curve loses I x ASR to it, in series with the interphases (none here), at C/10 of the
    # theoretical capacity.
    curve = curve_from_results(results)
    current = 0.1 * results.cathode_capacity_theoretical_mAh_cm2
    assert curve.losses_at(1.0)["interfaces"] == pytest.approx(current * asr * 1e-3, rel=1e-12)
    bare = curve_from_results(evaluate(DEFAULT, LIBRARY))
    assert bare.losses_at(1.0)["interfaces"] == 0.0


def test_a_thicker_shell_conducting_less_costs_voltage() -> None:
    thick = evaluate(replace_field(coated(nm=500.0), "operating.c_rate", 1.0), LIBRARY)
    curve = curve_from_results(thick)
    # 500 nm: k = (1 + 0.5 / 5.22)^3 - 1 = 0.3158, s = 0.2091, a = 19.03, ASR = 2.628 ohm cm2;
    # at 1C (4.358 mA/cm2) the shell alone drops I x ASR.
    k = (1.0 + 0.5 / 5.22) ** 3 - 1.0
    s = k / 4.778 * 4.0 / (1.0 + k / 4.778 * 4.0)
    surface = 3.0 * (20.0 * (1.0 - s) / 4.778 * 10.0) / 5.22
    drop = 20.0 * (1.0 - s) * 275.51 / 1000.0 * (5e-5 / 1e-6 / surface) * 1e-3
    assert drop == pytest.approx(0.011453, rel=1e-3)
    assert curve.losses_at(0.5)["interfaces"] == pytest.approx(drop, rel=1e-9)


def test_coated_actives_touch_only_their_coating() -> None:
    assert [w.code for w in evaluate(DEFAULT, LIBRARY).warnings] == ["electrolyte_oxidized"]
    assert [w.code for w in evaluate(coated(), LIBRARY).warnings] == []
    # A coating that is itself oxidized at the cathode's 3.8 V is warned of, by its field.
    (warning,) = evaluate(coated("LPSCl"), LIBRARY).warnings
    assert (warning.code, warning.path) == ("electrolyte_oxidized", "cathode.coating_material")
    assert "the coating decomposes" in warning.message


def _problems(design, library=LIBRARY) -> dict[str, str]:
    with pytest.raises(DesignError) as raised:
        evaluate(design, library)
    return {p.path: p.message for p in raised.value.problems}


def test_refusals_name_the_field_and_the_range() -> None:
    half = replace_field(DEFAULT, "cathode.coating_material", "shell-test")
    assert _problems(half) == {
        "cathode.coating_thickness_nm": "a coating needs both its material and its thickness"
    }
    assert _problems(coated(nm=0.0)) == {
        "cathode.coating_thickness_nm": "0 is outside the allowed range (0, 1000]"
    }
    assert "carbon material" in _problems(coated("VGCF"))["cathode.coating_material"]
    density = SHELL["values"]["density_g_cm3"]
    insulator = {**SHELL, "id": "shell-insulating", "values": {"density_g_cm3": density}}
    library = with_carried(LIBRARY, [insulator], "a test")
    assert _problems(coated("shell-insulating"), library) == {
        "cathode.coating_material": "'shell-insulating' has no ionic_conductivity_S_cm in the "
        "library: a coating's resistance needs it"
    }
    # An active without a particle radius cannot be coated: the shell's volume needs it.
    entry = material_to_dict(SHIPPED["NMC811"])
    entry["id"] = "NMC811-no-radius"
    del entry["values"]["particle_radius_um"]
    library = with_carried(LIBRARY, [entry], "a test")
    design = replace_field(coated(), "cathode.components[0].material", "NMC811-no-radius")
    problems = _problems(design, library)
    assert "needs one" in problems["cathode.components[0].particle_radius_um"]
    # The component's own radius is enough.
    evaluate(replace_field(design, "cathode.components[0].particle_radius_um", 5.22), library)


def test_files_keep_the_coating_and_carry_its_material(tmp_path) -> None:
    path = tmp_path / "coated.json"
    save_design(coated(), path, LIBRARY)
    raw = json.loads(path.read_text())
    assert raw["version"] == VERSION
    assert raw["cathode"]["coating_material"] == "shell-test"
    assert raw["cathode"]["coating_thickness_nm"] == 10.0
    assert [m["id"] for m in raw["materials"]] == ["shell-test"]  # opens on any machine
    read = read_design(path, SHIPPED)
    assert read.design == coated()
    results = results_to_dict(evaluate(read.design, read.library))
    assert results["coating"] == {
        "material": "shell-test",
        "thickness_nm": 10.0,
        "mass_mg_cm2": pytest.approx(20.0 * S, rel=1e-12),
        "asr_ohm_cm2": pytest.approx(results["transport"]["coating_asr_ohm_cm2"], rel=0),
    }
    uncoated = results_to_dict(evaluate(DEFAULT, SHIPPED))
    assert uncoated["coating"] is None
    assert uncoated["transport"]["coating_asr_ohm_cm2"] == 0.0
    # A version-10 file reads uncoated.
    old = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text())
    old["version"] = 10
    (tmp_path / "v10.json").write_text(json.dumps(old))
    design, _ = load_design(tmp_path / "v10.json", SHIPPED)
    assert design.cathode.coating_material is None
    assert math.isclose(evaluate(design, SHIPPED).coating_mg_cm2, 0.0)


def test_a_user_liquid_electrolyte_is_carried_too(tmp_path) -> None:
    entry = material_to_dict(SHIPPED["LiPF6-EC:EMC"])
    entry["id"] = "my-electrolyte"
    library = with_carried(SHIPPED, [entry], "a test")
    design = replace_field(DEFAULT, "liquid_electrolyte", "my-electrolyte")
    path = tmp_path / "liquid.json"
    save_design(design, path, library)
    assert [m["id"] for m in json.loads(path.read_text())["materials"]] == ["my-electrolyte"]
    assert read_design(path, SHIPPED).design.liquid_electrolyte == "my-electrolyte"


def test_the_text_output_and_the_report_say_it() -> None:
    from engine.io.results_text import format_table  # noqa: PLC0415
    from gui.report.sections import inputs, ladder  # noqa: PLC0415

    results = evaluate(coated(), LIBRARY)
    sentence = (
        f"Actives coated with 10 nm of shell-test: {20.0 * S:.3g} mg/cm2 of shells, "
        f"{results.coating_asr_ohm_cm2:.3g} ohm cm2 in series with the interphases"
    )
    assert sentence in format_table(results)
    assert sentence in ladder(results)
    assert "; every active coated with 10 nm of shell-test." in inputs(
        results.design, results, LIBRARY
    )
    assert results.rung("active_delithiated").basis.startswith(
        "Active material only (NMC811, coated with shell-test), delithiated mass"
    )
    assert "Actives coated" not in format_table(evaluate(DEFAULT, LIBRARY))


def test_bpx_exports_the_bare_particles() -> None:
    """BPX's particle model has no shells: the export is of the uncoated cathode, and says so."""
    from engine.io.bpx import design_to_bpx  # noqa: PLC0415

    bare, shelled = design_to_bpx(DEFAULT, LIBRARY), design_to_bpx(coated(), LIBRARY)
    assert shelled.left_out == [*bare.left_out, "the actives' shell-test coating"]
    assert shelled.data["Parameterisation"] == bare.data["Parameterisation"]


def test_the_values_a_component_overrides_stay_the_actives_own() -> None:
    """The uncertainty bands and the tornado move a component's density and capacity around the
    values in use: a coated active's are still its own (4.778 g/cm3, 210 mAh/g practical), not
    its coated powder's."""
    from engine.studies.uncertainty import library_values  # noqa: PLC0415

    values = library_values(evaluate(coated(), LIBRARY))
    assert values["cathode.components[0].density_g_cm3"] == 4.778
    assert values["cathode.components[0].capacity_mAh_g"] == 210.0


def test_the_first_cycle_loss_is_per_gram_of_the_active_itself() -> None:
    """Mo6S8 loses 35 mAh/g on its first cycle (the library, Li et al. 2021): a coated Mo6S8
    powder loses 35 mAh/g x its mass x (1 - s), s the shells' share (here on the preset's Mo6S8
    of 4.746 g/cm3, the library's 0.5 um particles, under 10 nm of the 4.0 g/cm3 test shell)."""
    from engine.evaluate.inventory import formation  # noqa: PLC0415

    design, _ = load_design(resource_path("presets", "li2021_s_mo6s8.json"), SHIPPED)
    design = replace_field(design, "cathode.coating_material", "shell-test")
    design = replace_field(design, "cathode.coating_thickness_nm", 10.0)
    results = evaluate(design, LIBRARY)
    mo6s8 = next(c for c in results.layer("cathode").components if c.material == "Mo6S8")
    k = (1.0 + 0.010 / 0.5) ** 3 - 1.0
    c = k / 4.746 * 4.0
    share = c / (1.0 + c)
    expected = 35.0 * float(mo6s8.mass_mg_cm2) / 1000.0 * (1.0 - share)
    assert float(formation(results).loss_mAh_cm2) == pytest.approx(expected, rel=1e-12)


def test_the_capacity_explanation_counts_the_shells() -> None:
    """Click the areal capacity: Q = m(cathode) x w q (1 - s) / 1000 with the inputs it lists."""
    from engine.evaluate.trace import explain  # noqa: PLC0415

    results = evaluate(coated(), LIBRARY)
    explained = explain(results, "areal_capacity")
    inputs = {i.name: i.value for i in explained.inputs}
    assert inputs["s(NMC811)"] == pytest.approx(S, rel=1e-12)
    assert "(1 - s_i)" in explained.formula
    by_hand = inputs["m(cathode)"] * inputs["w(NMC811)"] * inputs["q(NMC811)"] * (1.0 - S) / 1000
    assert explained.value == pytest.approx(by_hand, rel=1e-12)


def test_an_anode_interlayer_is_a_thin_last_separator_layer() -> None:
    """Yang et al. 2022 Fig. 1A's LGPS (20 um) faces Li metal, which reduces it into products
    that conduct electrons; 50 nm of Li3PS4 (1.85 g/cm3, 1.6e-4 S/cm in the library) between them
    weighs 0.05e-4 cm x 1.85 g/cm3 = 9.25 ug/cm2, adds 5e-6 cm / 1.6e-4 S/cm = 0.03125 ohm cm2,
    and is all the Li touches."""
    import dataclasses  # noqa: PLC0415

    from engine.design import SeparatorLayer  # noqa: PLC0415

    design, _ = load_design(resource_path("presets", "yang2022_fig1a.json"), SHIPPED)
    bare = evaluate(design, SHIPPED)
    assert "electrolyte_reduced" in [w.code for w in bare.warnings]
    interlayer = SeparatorLayer("Li3PS4", thickness_um=0.05)
    results = evaluate(
        dataclasses.replace(design, separator=(*design.separator, interlayer)), SHIPPED
    )
    layer = results.layer("separator[1]")
    assert float(layer.mass_mg_cm2) == pytest.approx(0.05e-4 * 1.85 * 1000.0, rel=1e-12)
    assert float(results.separator_asr_ohm_cm2 - bare.separator_asr_ohm_cm2) == pytest.approx(
        0.05e-4 / 1.6e-4, rel=1e-12
    )
    assert "electrolyte_reduced" not in [w.code for w in results.warnings]


def test_a_coating_given_in_wt_percent_converts_to_the_thickness_the_docs_give() -> None:
    """docs/design-format.md: 1 wt% of a 4.6 g/cm3 shell on NMC811 (5.22 um, 4.778 g/cm3) is
    t = R ((1 + c / (v rho))^(1/3) - 1), c = 0.01 / 0.99: 18.19 nm; coated so, the shells weigh
    1 % of the active loading's powder."""
    c = 0.01 / 0.99
    t_nm = 5.22 * ((1.0 + c / (1.0 / 4.778 * 4.6)) ** (1.0 / 3.0) - 1.0) * 1000.0
    assert t_nm == pytest.approx(18.19, abs=0.005)
    heavy = {**SHELL, "id": "shell-4.6", "values": {**SHELL["values"]}}
    heavy["values"]["density_g_cm3"] = {"value": 4.6, "ref": "calc_lamina", "where": "", "note": ""}
    library = with_carried(LIBRARY, [heavy], "a test")
    results = evaluate(coated("shell-4.6", t_nm), library)
    assert float(results.coating_mg_cm2) == pytest.approx(0.01 * 20.0, rel=1e-12)
