"""Lamina as installed: the wheel `pip install .` builds, the setup script, and the desktop's
hand-over of a design file (`lamina FILE`, the .desktop entry and the design file's MIME type).

Building and installing the wheel takes about half a minute once pip's cache holds the
dependencies, so the test marked `wheel` runs when CI=true or LAMINA_TEST_WHEEL=1 and is skipped
otherwise.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from engine.voltage import solver

ROOT = Path(__file__).resolve().parent.parent
PRESET = ROOT / "resources" / "presets" / "yang2022_fig1a.json"
MIME_XML = ROOT / "resources" / "lamina-mime.xml"
DESKTOP = ROOT / "resources" / "lamina.desktop"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
WANTED = os.environ.get("CI", "").lower() == "true" or os.environ.get("LAMINA_TEST_WHEEL") == "1"


def user_environment(home: Path) -> dict[str, str]:
    """A user's environment with every user folder under home, headless."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "LAMINA_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
    )
    return env


def test_lamina_file_opens_the_window_on_that_design(tmp_path):
    design = tmp_path / "my cell.lamina.json"
    shutil.copy(PRESET, design)
    env = user_environment(tmp_path)
    env["LAMINA_REPORT_FIRST_PAINT"] = "1"  # closes the window once it has painted
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), str(design)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "first-paint" in result.stdout
    # The window opened the file: it is the first of the recent files it remembers.
    settings = configparser.ConfigParser()
    settings.read(tmp_path / "config" / "Lamina" / "Lamina.conf")
    assert settings["files"]["recent"].split(",")[0].strip('"') == str(design)


def test_lamina_takes_one_design_file_at_a_time(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "a.json", "b.json"],
        env=user_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "one design file at a time, not 2" in result.stderr


def test_the_desktop_entry_opens_design_files():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP)
    section = entry["Desktop Entry"]
    assert section["Exec"] == "lamina %f"
    declared = {t for t in section["MimeType"].split(";") if t}
    root = ET.parse(MIME_XML).getroot()  # noqa: S314 (our own shipped file)
    shipped = {e.get("type") for e in root.iter(f"{MIME_NS}mime-type")}
    assert declared == shipped == {"application/x-lamina-design"}


def test_the_desktop_knows_a_design_by_its_name_or_its_first_bytes(tmp_path):
    """Qt's shared-mime-info reader, given the shipped type as a user's install would give it."""
    packages = tmp_path / "data" / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages)
    shutil.copy(PRESET, tmp_path / "saved.lamina.json")
    shutil.copy(PRESET, tmp_path / "no-suffix")
    (tmp_path / "other.json").write_text('{"format": "something else"}\n')
    code = (
        "import sys; from PySide6.QtCore import QMimeDatabase; db = QMimeDatabase(); "
        "print(' '.join(db.mimeTypeForFile(p).name() for p in sys.argv[1:]))"
    )
    names = ["saved.lamina.json", "no-suffix", "other.json"]
    env = user_environment(tmp_path)
    env["XDG_DATA_DIRS"] = str(tmp_path / "none")  # the system's types aside, Qt's own remain
    result = subprocess.run(
        [sys.executable, "-c", code, *(str(tmp_path / n) for n in names)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "application/x-lamina-design",
        "application/x-lamina-design",
        "application/json",
    ]


def load_bootstrap():
    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "tools" / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_run_installs_what_running_needs_and_test_adds_the_tools():
    bootstrap = load_bootstrap()
    run, test = bootstrap.requirements("run"), bootstrap.requirements("test")
    names = {r.split(">")[0].split("<")[0].split("=")[0] for r in run}
    assert names == {"PySide6-Essentials", "pyqtgraph", "numpy"}
    assert set(run) < set(test)
    assert any(r.startswith("pytest") for r in test)
    assert any(r.startswith("pyinstaller") for r in test)


def test_a_failed_setup_step_shows_the_end_of_its_log_and_names_it(tmp_path, monkeypatch, capsys):
    bootstrap = load_bootstrap()
    log = tmp_path / "setup.log"
    monkeypatch.setattr(bootstrap, "LOG", log)
    failing = [sys.executable, "-c", "print('no matching distribution'); raise SystemExit(1)"]
    with pytest.raises(SystemExit) as exit_:
        bootstrap.step("pip install", failing)
    assert str(exit_.value) == f"[lamina setup] pip install failed; the whole log: {log}"
    assert "no matching distribution" in capsys.readouterr().err
    bootstrap.step("a quiet step", [sys.executable, "-c", "print('detail')"])
    assert capsys.readouterr() == ("", "")  # a step that works prints nothing
    assert "detail" in log.read_text()


@pytest.mark.wheel
@pytest.mark.slow
@pytest.mark.skipif(
    not WANTED, reason="builds and installs the wheel: runs when CI=true or LAMINA_TEST_WHEEL=1"
)
def test_the_wheel_installs_a_working_lamina_in_a_clean_venv(tmp_path):
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = (tmp_path / "dist").glob("lamina-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python, lamina = venv / "bin" / "python", venv / "bin" / "lamina"
    install = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run(
        [*install, "-c", str(ROOT / "constraints.txt"), str(wheel)], check=True, timeout=900
    )
    home = tmp_path / "home"
    elsewhere = tmp_path / "elsewhere"  # not the source folder: only the wheel's files count
    elsewhere.mkdir()

    def run(*args: str | Path) -> str:
        result = subprocess.run(
            [str(a) for a in args],
            cwd=elsewhere,
            env=user_environment(home),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    checked = run(lamina, "--self-test")
    assert "self-test (installed package," in checked
    assert f"data files read in {site}/resources" in checked
    assert "self-test passed" in checked
    # pip compiled the voltage passes into the wheel where this tree has them built
    if solver.compiled is not None:
        assert "ok   voltage curves: compiled passes" in checked, checked
    assert run(python, "-m", "lamina", "--version").strip().startswith("Lamina ")
    # The installed program holds the same code and data as this folder: the same numbers.
    source = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "evaluate", str(PRESET), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert run(lamina, "evaluate", PRESET, "--json") == source


def test_the_changelog_names_the_last_release():
    from engine.version import RELEASED  # noqa: PLC0415

    headings = [
        line.removeprefix("## ").strip()
        for line in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    ]
    assert headings[0] == "Unreleased"
    assert RELEASED in headings
