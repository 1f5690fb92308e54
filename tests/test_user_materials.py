"""A user's own materials: read from their folder by the window and by --materials, refused whole
and named when broken, never replacing a shipped material, reloaded without losing the design."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from engine.design import Component
from engine.evaluate import evaluate
from engine.io.design_files import read_design
from engine.materials import LibraryError, load_library, parse_library_file, shipped_library
from engine.paths import resource_path
from engine.studies.curves import open_circuit_curve
from gui.main_window import MainWindow
from gui.user_materials import README_NAME, README_TEXT
from gui.widgets import material_summary
from tests.presets import preset
from tests.test_cli import ROOT, run_main

# A lighter Li6PS5Cl batch: 1.60 g/cm3 against the library's 1.865.
MYLAB = {
    "format": "lamina-materials",
    "version": 1,
    "materials": [
        {
            "id": "LPSCl-mylab",
            "name": "Li6PS5Cl, batch 12",
            "category": "solid_electrolyte",
            "values": {
                "density_g_cm3": {"value": 1.60, "ref": "mylab2026", "where": "pycnometer"},
                "ionic_conductivity_S_cm": {"value": 2.1e-3, "ref": "mylab2026"},
            },
        }
    ],
}


def write_materials(folder: Path, content: dict | str, name: str = "mylab.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def design_with_separator(tmp_path: Path, material: str) -> Path:
    raw = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text())
    raw["separator"][0]["material"] = material
    path = tmp_path / "design.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


# --- the command line ---------------------------------------------------------------------------
def test_evaluate_uses_the_materials_folder(tmp_path):
    folder = write_materials(tmp_path / "materials", MYLAB)
    design = design_with_separator(tmp_path, "LPSCl-mylab")
    result = run_main("evaluate", str(design), "--json", "--materials", str(folder))
    assert result.returncode == 0, result.stderr
    layers = {layer["key"]: layer for layer in json.loads(result.stdout)["layers"]}
    # The default separator: 30 um at 10 % porosity, so 1.60 g/cm3 * 30e-4 cm * 0.9 = 4.32 mg/cm2.
    assert layers["separator[0]"]["mass_mg_cm2"] == pytest.approx(4.32, rel=1e-9)
    assert layers["separator[0]"]["material"] == "LPSCl-mylab"


def test_without_the_folder_the_material_is_unknown(tmp_path):
    design = design_with_separator(tmp_path, "LPSCl-mylab")
    result = run_main("evaluate", str(design))
    assert result.returncode == 2
    assert "separator[0].material: unknown material 'LPSCl-mylab'" in result.stderr


def test_a_broken_materials_file_is_refused_by_name(tmp_path):
    broken = json.loads(json.dumps(MYLAB))
    broken["materials"][0]["values"]["density_g_cm3"] = {"value": -1.6, "ref": "mylab2026"}
    folder = write_materials(tmp_path / "materials", broken)
    design = design_with_separator(tmp_path, "LPSCl-mylab")
    for command in (("evaluate", str(design)), ("report", str(design), "-o", "x.pdf")):
        result = run_main(*command, "--materials", str(folder))
        assert result.returncode == 2
        assert f"{folder} cannot be used for materials" in result.stderr
        assert (
            "mylab.json: materials[0].values.density_g_cm3: -1.6 is outside the allowed range "
            "[0.01, 25]" in result.stderr
        )
    assert not (Path.cwd() / "x.pdf").exists()


def test_a_shipped_id_is_never_replaced(tmp_path):
    taken = json.loads(json.dumps(MYLAB))
    taken["materials"][0]["id"] = "LPSCl"
    folder = write_materials(tmp_path / "materials", taken)
    result = run_main(
        "sweep",
        str(resource_path("presets", "default_nmc811_lpscl_li.json")),
        "--field",
        "separator[0].thickness_um",
        "--from",
        "10",
        "--to",
        "30",
        "--materials",
        str(folder),
    )
    assert result.returncode == 2
    assert "material 'LPSCl' is already in the library" in result.stderr


def test_the_documented_examples_are_valid_files(tmp_path):
    doc = (ROOT / "docs" / "user-materials.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", doc, re.DOTALL).group(1)
    readme = README_TEXT[README_TEXT.index("{") : README_TEXT.rindex("}") + 1]
    for i, text in enumerate((block, readme)):
        path = tmp_path / f"example{i}.json"
        path.write_text(text, encoding="utf-8")
        (material,) = parse_library_file(path)
        assert material.id == "LPSCl-mylab"
        assert material.id not in shipped_library()
    fragment = re.findall(r"```json\n(.*?)```", doc, re.DOTALL)[1]  # an active's "ocv": {...}
    with_curve = json.loads(json.dumps(LINEAR))
    with_curve["materials"][0]["ocv"] = json.loads("{" + fragment + "}")["ocv"]
    (active,) = parse_library_file(write_materials(tmp_path / "curve", with_curve) / "mylab.json")
    assert list(active.ocv.potential_V) == [4.3, 4.0, 3.8, 3.6, 3.0]


def test_a_users_name_and_source_show_as_text(tmp_path):
    marked = json.loads(json.dumps(MYLAB))
    marked["materials"][0]["name"] = "<b>bold</b> & <img src=x>"
    marked["materials"][0]["values"]["density_g_cm3"]["ref"] = "<i>ref</i>"
    folder = write_materials(tmp_path, marked)
    (material,) = parse_library_file(folder / "mylab.json")
    summary = material_summary(material)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img src=x&gt;" in summary
    assert "&lt;i&gt;ref&lt;/i&gt;" in summary
    assert "<img" not in summary


# --- the window ---------------------------------------------------------------------------------
def separator_choices(win: MainWindow) -> list[str]:
    win.model.select("separator[0]")
    win.model.flush()
    QApplication.processEvents()
    combo = win.inspector.fields["separator[0].material"]
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_window_reads_the_users_materials_at_start(make_window, tmp_path):
    write_materials(tmp_path / "data" / "materials", MYLAB)
    win = make_window()
    assert "LPSCl-mylab" in win.model.library.user_ids
    assert "LPSCl-mylab" in separator_choices(win)
    win.model.open(design_with_separator(tmp_path, "LPSCl-mylab"))
    win.model.flush()
    assert float(win.model.results.layer("separator[0]").mass_mg_cm2) == pytest.approx(4.32)
    assert win.library_message is None


def test_a_broken_file_at_start_is_named_and_the_window_carries_on(make_window, tmp_path):
    write_materials(tmp_path / "data" / "materials", '{"format": "lamina-materials", "mat')
    win = make_window()
    QApplication.processEvents()  # the message comes once the window is up
    assert win.library_message is not None
    text = win.library_message.text()
    assert "mylab.json: cannot be read as JSON" in text
    assert str(tmp_path / "data" / "materials") in text
    assert win.model.library is shipped_library()
    assert "LPSCl" in separator_choices(win)


def test_reload_adds_a_material_and_keeps_the_design_and_its_history(make_window, tmp_path):
    win = make_window()
    win.model.set_field("separator[0].thickness_um", 25.0)
    design = win.model.design
    assert "LPSCl-mylab" not in separator_choices(win)
    write_materials(tmp_path / "data" / "materials", MYLAB)
    win.reload_materials()
    assert "LPSCl-mylab" in separator_choices(win)  # the inspector's lists are new
    assert win.model.design == design
    assert win.model.is_modified
    win.undo_stack.undo()
    assert win.model.design.separator[0].thickness_um == 30.0


def test_reload_keeps_the_library_when_a_file_is_broken(make_window, tmp_path):
    folder = write_materials(tmp_path / "data" / "materials", MYLAB)
    win = make_window()
    library = win.model.library
    write_materials(folder, '{"format": "not-lamina"}', name="other.json")
    win.reload_materials()
    assert win.model.library is library
    assert "other.json: is not a lamina-materials file" in win.library_message.text()
    assert "the materials in use are kept" in win.library_message.text()


@pytest.mark.parametrize("where", ["design", "history"])
def test_reload_is_refused_when_a_material_in_use_is_gone(make_window, tmp_path, where):
    folder = write_materials(tmp_path / "data" / "materials", MYLAB)
    win = make_window()
    win.model.set_field("separator[0].material", "LPSCl-mylab")
    if where == "history":  # back to the shipped one: only undo could bring it back
        win.model.set_field("separator[0].material", "LPSCl")
    library = win.model.library
    (folder / "mylab.json").unlink()
    win.reload_materials()
    assert win.model.library is library
    text = win.library_message.text()
    assert "separator[0].material: unknown material 'LPSCl-mylab'" in text
    assert ("undo history" in text) == (where == "history")
    win.undo_stack.undo()  # still works: the material is still there
    win.model.flush()
    assert win.model.results.design == win.model.design


def test_the_materials_folder_is_made_with_its_readme(make_window, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices  # noqa: PLC0415

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or False)
    win = make_window()
    win.open_materials_folder()
    folder = tmp_path / "data" / "materials"
    assert (folder / README_NAME).read_text(encoding="utf-8") == README_TEXT
    assert opened[0].toLocalFile() == str(folder)
    assert str(folder) in win.library_message.text()  # no file manager: the path is shown
    with pytest.raises(LibraryError):  # the README is no materials file, and is not read
        parse_library_file(folder / README_NAME)
    win.reload_materials()
    assert win.model.library.user_ids == frozenset()


# --- a user's active with its own open-circuit curve ------------------------------------------
def _value(number: float) -> dict:
    return {"value": number, "ref": "mylab2026"}


LINEAR = {
    "format": "lamina-materials",
    "version": 1,
    "materials": [
        {
            "id": "LIN-1",
            "name": "a test cathode whose potential falls linearly",
            "category": "cathode_active",
            "as_made": "delithiated",
            "values": {
                "density_g_cm3": _value(4.0),
                "capacity_theoretical_mAh_g": _value(200.0),
                "capacity_practical_mAh_g": _value(200.0),
                "voltage_avg_V": _value(3.5),
                "particle_radius_um": _value(1.0),
                "diffusivity_cm2_s": _value(1e-10),
                "diffusion_activation_energy_eV": _value(0.3),
                "exchange_current_mA_cm2": _value(1.0),
                "exchange_activation_energy_eV": _value(0.3),
            },
            "ocv": {
                "source": {"ref": "mylab2026", "where": "GITT, C/50"},
                "lithiation": [0.0, 1.0],
                "potential_V": [4.0, 3.0],
                "cutoff_low_V": _value(3.0),
                "cutoff_high_V": _value(4.0),
            },
        }
    ],
}


def test_a_users_active_brings_its_own_open_circuit_curve(tmp_path):
    library = load_library(write_materials(tmp_path / "materials", LINEAR))
    design = preset("default_nmc811_lpscl_li")  # 20 mg/cm2 of active, Li foil at N/P 1.5
    components = (Component("LIN-1", 0.7), *design.cathode.components[1:])
    design = replace(design, cathode=replace(design.cathode, components=components))
    curve = open_circuit_curve(design, library, points=401)
    # At rest from 4.0 V (y = 0, as made) to 3.0 V (y = 1) against Li at 0 V: all of the
    # 20 mg/cm2 * 200 mAh/g = 4.0 mAh/cm2, at 3.5 V halfway, and 3.5 V on average.
    assert float(curve.delivered_mAh_cm2) == pytest.approx(4.0, rel=1e-6)
    half = np.interp(2.0, curve.capacity_mAh_cm2, curve.voltage_V)
    assert half == pytest.approx(3.5, abs=1e-6)
    assert float(curve.average_voltage_V) == pytest.approx(3.5, abs=1e-3)
    assert library.open_circuit_curve("LIN-1").ref == "mylab2026"
    assert library.open_circuit_curve("NMC811") is not None  # the shipped ones still found


def test_a_users_curve_is_checked_like_a_shipped_one(tmp_path):
    broken = json.loads(json.dumps(LINEAR))
    broken["materials"][0]["ocv"]["potential_V"] = [3.0, 4.0]  # rises with lithiation
    del broken["materials"][0]["ocv"]["cutoff_low_V"]
    del broken["materials"][0]["ocv"]["cutoff_high_V"]
    folder = write_materials(tmp_path / "materials", broken)
    with pytest.raises(LibraryError) as refused:
        parse_library_file(folder / "mylab.json")
    text = str(refused.value)
    assert "mylab.json: materials[0].ocv: potential_V: must not rise with lithiation" in text
    assert "mylab.json: materials[0].ocv.cutoff_low_V: a cathode active needs its cut-offs" in text


# --- the library to browse ----------------------------------------------------------------------
def test_the_browser_lists_every_material_with_its_sources(make_window, tmp_path):
    shipped_files = sorted(resource_path("materials").glob("*.json"))
    entries = [
        entry
        for path in shipped_files
        if path.name != "references.json"
        for entry in json.loads(path.read_text(encoding="utf-8"))["materials"]
    ]
    write_materials(tmp_path / "data" / "materials", MYLAB)
    win = make_window()
    win.show_materials()
    browser = win.materials_browser
    ids = browser.shown_ids()
    assert sorted(ids) == sorted([e["id"] for e in entries] + ["LPSCl-mylab"])
    assert ids[-1] == "LPSCl-mylab"  # the user's after the shipped ones
    row = ids.index("LPSCl-mylab")
    assert browser.table.item(row, 3).text() == "yours"
    browser.search.setText("lps")
    shown = browser.shown_ids()
    assert "LPSCl" in shown
    assert all("lps" in (i + browser.model.library[i].name).lower() for i in shown)
    browser.search.clear()
    browser.category.setCurrentIndex(browser.category.findData("metal"))
    metals = {e["id"] for e in entries if e["category"] == "metal"}
    assert set(browser.shown_ids()) == metals
    browser.category.setCurrentIndex(0)
    browser.select("NMC811")
    details = browser.details.toPlainText()
    references = json.loads(resource_path("materials", "references.json").read_text())
    nmc = next(e for e in entries if e["id"] == "NMC811")["values"]["density_g_cm3"]
    assert f"{nmc['value']:.6g}" in details
    assert f"{nmc['ref']}, {nmc['where']}" in details
    assert references["references"][nmc["ref"]]["citation"] in details
    assert "Open-circuit curve" in details  # NMC811 has one (resources/ocv)


def test_the_browser_follows_a_reload_and_shows_user_text_as_text(make_window, tmp_path):
    win = make_window()
    win.show_materials()
    marked = json.loads(json.dumps(LINEAR))
    marked["materials"][0]["name"] = "<b>not bold</b>"
    write_materials(tmp_path / "data" / "materials", marked)
    win.reload_materials()
    browser = win.materials_browser
    assert browser.shown_ids()[-1] == "LIN-1"
    browser.select("LIN-1")
    assert "<b>not bold</b>" in browser.details.toPlainText()  # shown, not read as markup
    assert "Open-circuit curve: 2 points, 4 to 3 V" in browser.details.toPlainText()


def test_a_report_cites_the_users_source_as_theirs(tmp_path):
    folder = write_materials(tmp_path / "materials", MYLAB)
    design = design_with_separator(tmp_path, "LPSCl-mylab")
    out = tmp_path / "report.html"
    result = run_main("report", str(design), "-o", str(out), "--materials", str(folder))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "[mylab2026] cited in your materials file; not in Lamina's bibliography" in html
    assert "LPSCl-mylab" in html


# --- a design carries the user's materials it names (format version 4) ------------------------
V4_SAMPLE = ROOT / "tests" / "data" / "design-v4.json"


def test_a_design_file_carries_its_materials_to_another_machine():
    read = read_design(
        V4_SAMPLE, shipped_library()
    )  # the shipped library alone: no materials folder here
    assert read.library.carried_ids == frozenset({"LPSCl-mylab"})
    results = evaluate(read.design, read.library)
    assert float(results.layer("separator[0]").mass_mg_cm2) == pytest.approx(4.32)  # as above
    result = run_main("evaluate", str(V4_SAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    layers = {layer["key"]: layer for layer in json.loads(result.stdout)["layers"]}
    assert layers["separator[0]"]["mass_mg_cm2"] == pytest.approx(4.32)


def test_a_carried_material_must_not_clash(tmp_path):
    other = json.loads(json.dumps(MYLAB))
    other["materials"][0]["values"]["density_g_cm3"]["value"] = 1.62  # another batch, same id
    folder = write_materials(tmp_path / "materials", other)
    result = run_main("evaluate", str(V4_SAMPLE), "--materials", str(folder))
    assert result.returncode == 2
    assert (
        "materials[0].id: 'LPSCl-mylab' has other values in mylab.json: rename one of them"
        in result.stderr
    )
    same = write_materials(tmp_path / "same", MYLAB)  # the very same values: no clash
    assert run_main("evaluate", str(V4_SAMPLE), "--materials", str(same)).returncode == 0
    raw = json.loads(V4_SAMPLE.read_text())
    raw["materials"][0]["id"] = "LPSCl"
    shipped = tmp_path / "shipped.json"
    shipped.write_text(json.dumps(raw))
    result = run_main("evaluate", str(shipped))
    assert result.returncode == 2
    assert "materials[0].id: 'LPSCl' is shipped or given twice" in result.stderr


def test_the_window_saves_what_the_design_needs_and_opens_it_elsewhere(make_window, tmp_path):
    write_materials(tmp_path / "mine" / "materials", MYLAB)
    here = make_window(tmp_path / "mine")
    here.model.set_field("separator[0].material", "LPSCl-mylab")
    here.autosave()  # unsaved edits: the autosave carries the material too
    path = tmp_path / "shared.json"
    here.model.save(path)
    carried = json.loads(path.read_text())["materials"]
    assert [m["id"] for m in carried] == ["LPSCl-mylab"]  # only what the design names
    autosaved = json.loads(here.autosaver.design_path.read_text())
    assert [m["id"] for m in autosaved["materials"]] == ["LPSCl-mylab"]
    here.close()
    there = make_window(tmp_path / "colleague")  # no materials folder
    there.model.open(path)
    there.model.flush()
    assert float(there.model.results.layer("separator[0]").mass_mg_cm2) == pytest.approx(4.32)
    assert "LPSCl-mylab" in separator_choices(there)
    there.reload_materials()  # the colleague's folder is empty: what the design brought stays
    assert "LPSCl-mylab" in there.model.library.carried_ids
    there.show_materials()
    row = there.materials_browser.shown_ids().index("LPSCl-mylab")
    assert there.materials_browser.table.item(row, 3).text() == "design file"


def test_a_design_is_never_saved_without_the_materials_it_needs(tmp_path):
    from engine.io.design_files import save_design  # noqa: PLC0415
    from engine.problems import DesignError  # noqa: PLC0415

    read = read_design(V4_SAMPLE, shipped_library())
    target = tmp_path / "lost.json"
    with pytest.raises(DesignError, match="materials: save with the library holding LPSCl-mylab"):
        save_design(
            read.design, target, shipped_library()
        )  # no library given: nothing to carry them
    assert not target.exists()


def test_a_materials_file_holds_only_what_can_be_computed_and_written_back(tmp_path):
    odd = json.loads(json.dumps(MYLAB))
    values = odd["materials"][0]["values"]
    values["ionic_conductivity_S_cm"]["value"] = float("nan")
    values["density_g_cm3"]["value"] = 10**400  # beyond the float range
    values["ionic_activation_energy_eV"] = {"value": 0.3, "ref": "mylab2026", "note": 5}
    odd["materials"][0]["name"] = "batch \ud800"  # an unpaired surrogate: no UTF-8 for it
    folder = tmp_path / "materials"
    folder.mkdir()
    (folder / "mylab.json").write_text(json.dumps(odd), encoding="utf-8")  # ASCII escapes
    with pytest.raises(LibraryError) as refused:
        parse_library_file(folder / "mylab.json")
    text = str(refused.value)
    where = "mylab.json: materials[0]"
    assert f"{where}.values.ionic_conductivity_S_cm.value: must be a finite number, got nan" in text
    assert f"{where}.values.density_g_cm3.value: must be a finite number, got 1000" in text
    assert f"{where}.values.ionic_activation_energy_eV.note: must be text, got 5" in text
    assert f"{where}.name: must be text" in text


@pytest.mark.parametrize("given", [{}, {"id": ""}, {"id": 7}])
def test_a_material_needs_an_id_of_text(tmp_path, given):
    entry = {k: v for k, v in MYLAB["materials"][0].items() if k != "id"} | given
    folder = write_materials(tmp_path, {**MYLAB, "materials": [entry]})
    with pytest.raises(LibraryError, match=r"mylab.json: materials\[0\]\.id: must be"):
        parse_library_file(folder / "mylab.json")


def test_a_typo_in_a_materials_file_is_named_with_the_field_meant(tmp_path):
    typo = json.loads(json.dumps(MYLAB))
    typo["materials"][0]["catgory"] = typo["materials"][0].pop("category")
    typo["materials"][0]["values"]["density_g_cm3"]["wher"] = "pycnometer"
    typo["materail"] = []
    folder = write_materials(tmp_path, typo)
    with pytest.raises(LibraryError) as refused:
        parse_library_file(folder / "mylab.json")
    text = str(refused.value)
    assert "mylab.json: materail: unknown field; did you mean 'materials'?" in text
    assert "mylab.json: materials[0].catgory: unknown field; did you mean 'category'?" in text
    assert (
        "mylab.json: materials[0].values.density_g_cm3.wher: unknown field; did you mean 'where'?"
        in text
    )


def test_a_report_escapes_a_users_source_once(tmp_path):
    marked = json.loads(json.dumps(MYLAB))
    marked["materials"][0]["values"]["density_g_cm3"]["where"] = "R&D lab <2>"
    folder = write_materials(tmp_path / "materials", marked)
    raw = json.loads(design_with_separator(tmp_path, "LPSCl-mylab").read_text())
    raw["cathode"]["components"][1]["material"] = "LPSCl-mylab"  # in the components table too
    design = tmp_path / "design.json"
    design.write_text(json.dumps(raw), encoding="utf-8")
    out = tmp_path / "report.html"
    result = run_main("report", str(design), "-o", str(out), "--materials", str(folder))
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "[mylab2026, R&amp;D lab &lt;2&gt;]" in html
    assert "&amp;amp;" not in html


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply to read (line 1, column 65"),
        (json.dumps(MYLAB).replace("1.6", "9" * 5000), "density_g_cm3"),
        (json.dumps(MYLAB).replace("1.6", "1" + "0" * 400), "density_g_cm3"),
    ],
    ids=["nesting", "5000 digits", "beyond the float range"],
)
def test_a_materials_file_no_program_could_use_is_refused_by_name(tmp_path, text, said):
    """Was: RecursionError, ValueError (Python's 4300-digit limit) and OverflowError, with a
    traceback naming no file, from every command given --materials and at the window's start."""
    path = write_materials(tmp_path / "materials", text, "odd.json") / "odd.json"
    with pytest.raises(LibraryError) as refused:
        parse_library_file(path)
    message = str(refused.value)
    assert "odd.json" in message
    assert said in message


def test_a_materials_file_with_a_byte_order_mark_reads_like_a_design_file_with_one(tmp_path):
    folder = tmp_path / "materials"
    folder.mkdir()
    (folder / "mylab.json").write_text(json.dumps(MYLAB), encoding="utf-8-sig")
    assert "LPSCl-mylab" in load_library(folder)


ACTIVE = {
    "format": "lamina-materials",
    "version": 1,
    "materials": [
        {
            "id": "MyAct",
            "name": "an active of mine",
            "category": "cathode_active",
            "as_made": "delithiated",
            "values": {
                name: {"value": value, "ref": "mylab2026"}
                for name, value in (
                    ("density_g_cm3", 4.0),
                    ("capacity_theoretical_mAh_g", 200.0),
                    ("capacity_practical_mAh_g", 180.0),
                    ("voltage_avg_V", 3.7),
                    ("molar_mass_g_mol", 100.0),
                    ("molar_mass_lithiated_g_mol", 107.0),
                    ("molar_mass_delithiated_g_mol", 93.0),
                )
            },
        }
    ],
}


def _design_with_my_active(tmp_path: Path) -> Path:
    raw = json.loads(resource_path("presets", "default_nmc811_lpscl_li.json").read_text())
    raw["cathode"]["components"][0]["material"] = "MyAct"
    path = tmp_path / "design.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


@pytest.mark.parametrize("mass", [0.0, 1e-320])
def test_a_cathode_active_whose_host_weighs_nothing_is_refused(tmp_path, mass):
    """Was: ZeroDivisionError from evaluate (0 is inside the documented range; 1e-320 divided
    by the as-made molar mass underflows to 0)."""
    raw = json.loads(json.dumps(ACTIVE))
    raw["materials"][0]["values"]["molar_mass_delithiated_g_mol"]["value"] = mass
    folder = write_materials(tmp_path / "materials", raw)
    done = run_main("evaluate", str(_design_with_my_active(tmp_path)), "--materials", str(folder))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "cathode.components[0].material: MyAct: molar_mass_delithiated_g_mol is" in done.stderr


def test_a_host_that_weighs_nothing_with_its_density_given_is_refused(tmp_path):
    """With the delithiated form's density given too, the bound on the as-made density divided
    by its mass, 0 (ZeroDivisionError before the host was checked)."""
    raw = json.loads(json.dumps(ACTIVE))
    values = raw["materials"][0]["values"]
    values["molar_mass_delithiated_g_mol"]["value"] = 0.0
    values["density_delithiated_g_cm3"] = {"value": 4.5, "ref": "mylab2026"}
    folder = write_materials(tmp_path / "materials", raw)
    done = run_main("evaluate", str(_design_with_my_active(tmp_path)), "--materials", str(folder))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "MyAct: molar_mass_delithiated_g_mol is 0" in done.stderr


def test_an_open_circuit_table_with_a_number_beyond_floats_is_refused_by_name(tmp_path):
    """Was: OverflowError (int too large to convert to float) from the loader."""
    raw = json.loads(json.dumps(ACTIVE))
    raw["materials"][0]["ocv"] = {
        "source": {"ref": "mylab2026"},
        "lithiation": [0.0, 1.0],
        "potential_V": [4.2, 3.0],
        "cutoff_low_V": {"value": 3.0, "ref": "mylab2026"},
        "cutoff_high_V": {"value": 4.2, "ref": "mylab2026"},
    }
    text = json.dumps(raw).replace("[4.2, 3.0]", "[1" + "0" * 400 + ", 3.0]")
    path = write_materials(tmp_path / "materials", text, "odd.json") / "odd.json"
    with pytest.raises(LibraryError, match=r"odd.json: materials\[0\].ocv: potential_V"):
        parse_library_file(path)
