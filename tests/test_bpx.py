"""BPX export (engine/io/bpx.py): every preset gives a file the bpx package (the format's own
validator, test-only) accepts, and the default cell's numbers are checked by hand."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from engine.io.bpx import design_to_bpx
from engine.materials import shipped_library
from tests.presets import preset

ROOT = Path(__file__).resolve().parent.parent
PRESETS = sorted(p.stem for p in (ROOT / "resources" / "presets").glob("*.json"))
FARADAY = 96485.33212  # C/mol (CODATA 2018)


@pytest.fixture(scope="module")
def bpx():
    # bpx 1.1.1 builds its expression parser with pyparsing's deprecated delimitedList on
    # import; the suite turns warnings into errors, so the import is let through here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import bpx  # noqa: PLC0415 (test-only, imported under the filter)
    return bpx


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_exports_a_file_bpx_accepts(bpx, name):
    exported = design_to_bpx(preset(name), shipped_library())
    parsed = bpx.parse_bpx_obj(json.loads(json.dumps(exported.data)))  # as a file holds it
    assert parsed.header.model == "Partial"
    assert parsed.parameterisation.positive_electrode is not None
    assert exported.left_out[0].startswith("the anode")


def test_the_default_cells_cathode_by_hand():
    """The default cell (resources/presets/default_nmc811_lpscl_li.json): NMC811 / Li6PS5Cl /
    carbon nanofibre / PTFE 70:27:2:1 at 20 mg/cm2 of NMC811, 15 % porosity; Li6PS5Cl separator
    30 um at 10 %. Library values (docs/materials.md): NMC811 4.778 g/cm3 and 275.51 mAh/g; radius
    5.22 um, diffusivity 4e-11 cm2/s, exchange current 0.341 mA/cm2 (Chen et al. 2020); LPSCl
    1.865 g/cm3, 1.33 mS/cm (Wu et al. 2020); VGCF 2.0, PTFE 2.2 g/cm3."""
    data = design_to_bpx(preset("default_nmc811_lpscl_li"), shipped_library()).data
    cathode = data["Parameterisation"]["Positive electrode"]
    solids = 20 / 0.7  # mg/cm2
    volumes_um = {  # mg/cm2 over g/cm3 is 10 um
        "NMC811": 20 / 4.778 * 10,
        "LPSCl": solids * 0.27 / 1.865 * 10,
        "VGCF": solids * 0.02 / 2.0 * 10,
        "PTFE": solids * 0.01 / 2.2 * 10,
    }
    thickness_um = sum(volumes_um.values()) / 0.85  # 102.80 um
    assert cathode["Thickness [m]"] == pytest.approx(thickness_um * 1e-6, rel=1e-4)
    lpscl = volumes_um["LPSCl"] / thickness_um  # 0.4024: the ion-conducting phase
    assert cathode["Porosity"] == pytest.approx(lpscl, rel=1e-4)
    assert cathode["Transport efficiency"] == pytest.approx(lpscl**1.5, rel=1e-4)  # Bruggeman
    nmc = volumes_um["NMC811"] / thickness_um  # 0.4072
    assert cathode["Surface area per unit volume [m-1]"] == pytest.approx(
        3 * nmc / 5.22e-6, rel=1e-4
    )
    # Li sites per m3 of NMC811: 275.51 mAh/g x 3.6 C/mAh / F x 4.778e6 g/m3 = 49,116 mol/m3
    assert cathode["Maximum concentration [mol.m-3]"] == pytest.approx(
        275.51 * 3.6 / FARADAY * 4.778e6, rel=1e-6
    )
    assert cathode["Particle radius [m]"] == pytest.approx(5.22e-6)
    assert cathode["Diffusivity [m2.s-1]"] == pytest.approx(4e-15)
    # k = 2 i0 / F with i0 = 0.341 mA/cm2 = 3.41 A/m2 of particle surface
    assert cathode["Reaction rate constant [mol.m-2.s-1]"] == pytest.approx(2 * 3.41 / FARADAY)
    # The stoichiometry limits are where the exported table reaches the cut-offs vs Li (0 V).
    cell = data["Parameterisation"]["Cell"]
    assert (cell["Lower voltage cut-off [V]"], cell["Upper voltage cut-off [V]"]) == (2.5, 4.3)
    table = cathode["OCP [V]"]
    x, y = np.array(table["x"]), np.array(table["y"])
    top = np.interp(cathode["Minimum stoichiometry"], x, y)
    assert top == pytest.approx(4.3, abs=1e-9)
    separator = data["Parameterisation"]["Separator"]
    assert separator["Thickness [m]"] == pytest.approx(30e-6)
    assert separator["Porosity"] == pytest.approx(0.9)
    assert separator["Transport efficiency"] == pytest.approx(0.9**1.5)
    user = data["Parameterisation"]["User-defined"]
    assert user["Solid electrolyte conductivity [S.m-1]"] == pytest.approx(0.133)
    assert user["Solid electrolyte cation transference number"] == 1.0


def test_a_bilayer_of_two_electrolytes_leaves_the_separator_out_and_says_so(tmp_path):
    """Li et al. 2021's LGPS | Li3PS4 bilayer: BPX has one separator material; the command
    writes the rest and names what it left out."""
    out = tmp_path / "li2021.bpx.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "bpx",
         str(ROOT / "resources" / "presets" / "li2021_s_mo6s8.json"), "-o", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "the separator (layers of different electrolytes)" in done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "Separator" not in data["Parameterisation"]
    particles = data["Parameterisation"]["Positive electrode"]["Particle"]
    assert set(particles) == {"S8", "Mo6S8"}  # a hybrid cathode: a blended electrode


def test_an_exported_active_imports_back_as_the_librarys(tmp_path):
    """Export the default cell, import its positive electrode with NMC811's density: the entry
    holds the library's NMC811 values again (Chen et al. 2020's radius, diffusivity, exchange
    current; 275.51 mAh/g), and Lamina reads the file."""
    from engine.io.bpx_import import bpx_material  # noqa: PLC0415
    from engine.materials import load_library  # noqa: PLC0415

    data = json.loads(json.dumps(design_to_bpx(preset("default_nmc811_lpscl_li"),
                                               shipped_library()).data))  # fmt: skip
    imported = bpx_material(data, "positive", "my-NMC", 4.778)
    values = {k: v["value"] for k, v in imported.entry["values"].items()}
    assert values["capacity_theoretical_mAh_g"] == pytest.approx(275.51, rel=1e-9)
    assert values["particle_radius_um"] == pytest.approx(5.22, rel=1e-9)
    assert values["diffusivity_cm2_s"] == pytest.approx(4e-11, rel=1e-9)
    assert values["exchange_current_mA_cm2"] == pytest.approx(0.341, rel=1e-9)
    assert values["diffusion_activation_energy_eV"] == pytest.approx(0.2073, rel=1e-9)
    library_curve = shipped_library().open_circuit_curve("NMC811")
    assert imported.entry["ocv"]["lithiation"] == library_curve.lithiation.tolist()
    assert imported.entry["ocv"]["potential_V"] == library_curve.potential_V.tolist()
    assert "Parameterisation.Separator" in imported.unused
    assert "Parameterisation.Positive electrode.Porosity" in imported.unused
    folder = tmp_path / "materials"
    folder.mkdir()
    (folder / "mine.json").write_text(json.dumps(
        {"format": "lamina-materials", "version": 1, "materials": [imported.entry]}))  # fmt: skip
    assert load_library(folder)["my-NMC"].value("voltage_avg_V") == pytest.approx(
        values["voltage_avg_V"]
    )


def hand_made_bpx(ocp: object) -> dict:
    """A one-particle positive electrode with its numbers written out (SI units, as BPX)."""
    return {
        "Header": {"BPX": "1.0.0", "Title": "hand-made", "Model": "Partial"},
        "Parameterisation": {
            "Positive electrode": {
                "Thickness [m]": 5e-5,
                "Minimum stoichiometry": 0.2,
                "Maximum stoichiometry": 0.9,
                "Maximum concentration [mol.m-3]": 50000.0,
                "Particle radius [m]": 2e-6,
                "Surface area per unit volume [m-1]": 1e6,
                "Diffusivity [m2.s-1]": "1e-14 * (1 + x)",
                "OCP [V]": ocp,
                "Reaction rate constant [mol.m-2.s-1]": 1e-5,
            }
        },
    }


def test_function_strings_are_read_not_run():
    from engine.io.bpx_import import bpx_material  # noqa: PLC0415

    ocp = "4.3 - 1.2 * x + 0.05 * exp(-10 * x) - 0.1 * tanh(20 * (x - 0.95))"
    imported = bpx_material(hand_made_bpx(ocp), "positive", "hand", 4.0)
    x = np.array(imported.entry["ocv"]["lithiation"])
    assert len(x) == 101  # tabulated over the stoichiometry window
    assert (x[0], x[-1]) == pytest.approx((0.2, 0.9))
    by_hand = 4.3 - 1.2 * 0.5 + 0.05 * math.exp(-5) - 0.1 * math.tanh(20 * (0.5 - 0.95))
    assert np.interp(0.5, x, imported.entry["ocv"]["potential_V"]) == pytest.approx(by_hand)
    values = imported.entry["values"]
    # c_max F / 3.6 / density: 50000 x 96485.33212 / 3.6 / 4e6 = 335.0 mAh/g
    assert values["capacity_theoretical_mAh_g"]["value"] == pytest.approx(
        50000 * FARADAY / 3.6 / 4e6
    )
    # the diffusivity varies: taken at the window's middle, 0.55: 1e-14 x 1.55 m2/s, in cm2/s
    assert values["diffusivity_cm2_s"]["value"] == pytest.approx(1.55e-10)
    assert "taken at 0.55" in values["diffusivity_cm2_s"]["note"]
    # F k / 2 = 96485.33212 x 1e-5 / 2 = 0.4824 A/m2 = 0.04824 mA/cm2
    assert values["exchange_current_mA_cm2"]["value"] == pytest.approx(FARADAY * 1e-5 / 2 / 10)


@pytest.mark.parametrize(
    "ocp",
    [
        "__import__('os').system('echo no')",
        "x.__class__",
        "open('/etc/passwd')",
        "[x for x in ()]",
        "lambda: 1",
        "True + x",
    ],
)
def test_anything_but_arithmetic_of_x_is_refused_by_name(ocp):
    from engine.io.bpx_import import bpx_material  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415

    with pytest.raises(ProblemsError) as refused:
        bpx_material(hand_made_bpx(ocp), "positive", "hand", 4.0)
    (problem,) = refused.value.problems
    assert problem.path == "Parameterisation.Positive electrode.OCP [V]"
    assert "is not allowed: only numbers, x, + - * / ** and exp" in problem.message


def test_the_window_exports_bpx_and_says_what_is_left_out(window, tmp_path, monkeypatch):
    window.model.save(tmp_path / "cell.lamina.json")
    assert window._suggested(".bpx.json") == tmp_path / "cell.bpx.json"
    assert window.export_bpx(tmp_path / "cell.bpx.json")
    data = json.loads((tmp_path / "cell.bpx.json").read_text(encoding="utf-8"))
    assert data["Header"]["Model"] == "Partial"
    assert data["Header"]["Title"] == window.model.design.name
    assert "not in it: the anode (li_metal: no particle model)" in (
        window.statusBar().currentMessage()
    )
    # A folder that does not exist: refused with the reason, nothing written.
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    assert not window.export_bpx(tmp_path / "gone" / "cell.bpx.json")
    (message,) = shown
    assert message == (
        f"{tmp_path / 'gone' / 'cell.bpx.json'} was not written: the folder "
        f"{tmp_path / 'gone'} does not exist"
    )
