"""Reports: every preset becomes a PDF with its numbers, units and bases, fonts embedded, and an
HTML file that escapes user text; the command line writes them and fails cleanly."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path
from gui.report.writer import write_report

ROOT = Path(__file__).resolve().parent.parent
PRESETS = sorted(resource_path("presets").glob("*.json"))
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False, timeout=120)


@needs_poppler
@pytest.mark.parametrize("path", PRESETS, ids=[p.stem for p in PRESETS])
def test_every_preset_becomes_a_pdf_with_its_numbers(lamina_app, path, tmp_path):
    design, _ = load_design(path, shipped_library())
    out = tmp_path / "report.pdf"
    write_report(design, out, shipped_library())
    text = run("pdftotext", "-layout", str(out), "-").stdout
    results = evaluate(design, shipped_library())
    cell = results.rung("cell")
    assert design.name.split(":")[0] in text
    assert f"{float(cell.wh_per_kg):.1f}" in text  # the headline number, as the ladder prints it
    assert f"{float(results.rung('cathode').wh_per_kg):.1f}" in text
    for word in ("Wh/kg", "Wh/L", "mAh/cm²", "µm", "vs Li+/Li", "References"):
        assert word in text
    assert "no packaging" in text or "Packaged pouch cell" in text  # a basis statement
    fonts = run("pdffonts", str(out)).stdout.splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    assert all(line.split()[-5] == "yes" for line in fonts), "every font is embedded"
    assert all(line.startswith("DejaVuSans") for line in fonts), "only the bundled fonts"
    pages = int(
        next(
            line
            for line in run("pdfinfo", str(out)).stdout.splitlines()
            if line.startswith("Pages:")
        ).split()[1]
    )
    assert 2 <= pages <= 8


def test_html_report_is_self_contained_and_escapes_user_text(lamina_app, tmp_path):
    design, _ = load_design(resource_path("presets", "yang2022_fig1a.json"), shipped_library())
    design = dataclasses.replace(
        design,
        name="<script>alert(1)</script> & Co",
        author="A <b>bold</b> author",
        notes="x < y & z > w",
    )
    out = tmp_path / "report.html"
    write_report(design, out, shipped_library())
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "A &lt;b&gt;bold&lt;/b&gt; author" in html
    assert html.count("<svg") == 5  # stack, voltage, Ragone, breakdown, pressure: inline vector
    assert "http://" not in html.replace("http://www.w3.org", "")  # nothing fetched


def test_cli_report_writes_pdf_and_refuses_bad_input(tmp_path):
    preset = str(resource_path("presets", "hao2021_pto.json"))
    out = tmp_path / "pto.pdf"
    done = run(sys.executable, str(ROOT / "main.py"), "report", preset, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "lamina report: drawing the figures" in done.stderr

    missing = run(
        sys.executable,
        str(ROOT / "main.py"),
        "report",
        preset,
        "-o",
        str(tmp_path / "no" / "such" / "dir" / "x.pdf"),
    )
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    assert not (tmp_path / "no").exists()

    bad = tmp_path / "bad.json"
    raw = json.loads(Path(preset).read_text())
    raw["cathode"]["porosity"] = 2.0
    bad.write_text(json.dumps(raw))
    refused = run(sys.executable, str(ROOT / "main.py"), "report", str(bad), "-o", str(out))
    assert refused.returncode == 2
    assert "cathode.porosity: 2 is outside the allowed range" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "pto.pdf"]  # no temp files


def test_cli_csv_and_sweep(tmp_path):
    preset = str(resource_path("presets", "yang2022_fig1a.json"))
    table = run(sys.executable, str(ROOT / "main.py"), "evaluate", "--csv", preset)
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].startswith("key,level,label,wh_per_kg")
    swept = run(
        sys.executable,
        str(ROOT / "main.py"),
        "sweep",
        preset,
        "--field",
        "cathode.active_loading_mg_cm2",
        "--from",
        "5",
        "--to",
        "20",
        "--points",
        "4",
        "--result",
        "ladder.stack.wh_per_kg",
    )
    assert swept.returncode == 0, swept.stderr
    rows = [line.split(",") for line in swept.stdout.splitlines()]
    assert rows[0] == ["cathode.active_loading_mg_cm2", "ladder.stack.wh_per_kg"]
    # 5 and 20 mg/cm2: 180.1 and 380.5 Wh/kg (hand calculation in tests/test_papers.py)
    assert float(rows[1][1]) == pytest.approx(180.1, abs=0.1)
    assert float(rows[4][1]) == pytest.approx(380.5, abs=0.1)


def test_app_exports_report_and_results(lamina_app, settings, tmp_path, qtbot):
    from gui.main_window import MainWindow  # noqa: PLC0415

    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    assert window.export_report(tmp_path / "cell.html")
    assert "<svg" in (tmp_path / "cell.html").read_text(encoding="utf-8")
    assert window.export_results(tmp_path / "cell.json")
    payload = json.loads((tmp_path / "cell.json").read_text())
    assert payload["format"] == "lamina-results"
    assert window.export_results(tmp_path / "cell.csv")
    assert (tmp_path / "cell.csv").read_text().startswith("key,level,label")


def test_a_report_speaks_to_its_reader_not_to_the_window(lamina_app, tmp_path):
    """No instructions for the window (the report is read away from it) and no engine words:
    fields by label, explained numbers by name."""
    out = tmp_path / "report.html"
    write_report(
        load_design(resource_path("presets", "li2021_s_mo6s8.json"), shipped_library())[0],
        out,
        shipped_library(),
    )
    html = out.read_text(encoding="utf-8")
    for words in ("inspector", "choose", "[explain", "design: cathode."):
        assert words not in html, words
    assert "design: Cathode component 1 mass fraction" in html


def test_a_priced_design_reports_its_materials_cost_and_its_band(lamina_app, tmp_path):
    """The version-12 sample: NMC811 at 20 $/kg over 210 mAh/g x 3.8 V is 25.1 $/kWh of active
    material; the cell's cost is 127.5 $/kWh (tests/test_cost.py works both by hand)."""
    path = Path(__file__).parent / "data" / "design-v12.json"
    design, _ = load_design(path, shipped_library())
    out = tmp_path / "report.html"
    write_report(design, out, shipped_library())
    html = out.read_text(encoding="utf-8")
    assert "<h2>Materials cost</h2>" in html
    assert "<td>$0.240</td><td>25.1</td>" in html
    assert "Materials cost, US$/kWh (5 % to 95 %): 1 Active material (delithiated) 25.1 (" in html
    assert "NMC811 20 $/kg (a round example figure, 2026)" in html


def test_a_discharge_that_delivers_nothing_leaves_no_empty_shape_in_the_report(
    lamina_app, tmp_path
):
    """Yang et al. 2022's cell at 5C delivers nothing (tests/test_gui_plots.py): its band has
    no point to shade. The voltage figure holds no empty path, which Qt's SVG reader refuses
    ("Invalid path data") when the PDF draws the figure."""
    from engine.design import replace_field  # noqa: PLC0415

    design, _ = load_design(resource_path("presets", "yang2022_fig1a.json"), shipped_library())
    out = tmp_path / "report.html"
    write_report(replace_field(design, "operating.c_rate", 5.0), out, shipped_library())
    html = out.read_text(encoding="utf-8")
    assert "nothing delivered" in html
    assert 'd=""' not in html
