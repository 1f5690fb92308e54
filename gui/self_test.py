"""`main.py --self-test`: check, without a display, that this installation of Lamina works.

It loads the materials library and every preset, evaluates them, checks that the compiled voltage
passes (when this installation has them) give numpy's curves, renders one report (PDF) into a
temporary folder, and checks that the user's files (settings, autosaves) go to the platform's
user folders and never into the installation folder, which may be read-only. Each check prints
one line; the exit status is 0 when all pass, 1 when any fails (the failures are named). It runs
from the sources and in a built bundle alike (tests/test_bundle.py runs it on a fresh build).
"""

from __future__ import annotations

import json
import math
import os
import sys
import sysconfig
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from engine.design import Design
from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.materials import Library, shipped_library
from engine.paths import resource_path, resources_dir
from engine.version import version

AUTOSAVE_SESSION = "self-test"
ICON = ("icons", "lamina.svg")
COMPILED_TOLERANCE_V = 1e-9  # rounding: the same sums in another order (engine/voltage/_passes.c)


def installation_dir() -> Path:
    """The folder Lamina runs from: the bundle's folder when frozen, else the source tree."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return resources_dir().resolve().parent


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class SelfTest:
    """The checks, in order; each returns a one-line description of what it found."""

    def __init__(self) -> None:
        self.library: Library | None = None
        self.designs: list[tuple[str, Design]] = []

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("resources", self.resources),
            ("materials library", self.materials),
            ("presets", self.presets),
            ("voltage curves", self.curves),
            ("Qt", self.qt),
            ("application icon", self.icon),
            ("PDF report", self.report),
            ("user folders", self.user_folders),
        ]

    def resources(self) -> str:
        folder = resources_dir()
        files = sorted(folder.rglob("*.json"))
        if not files:
            raise FileNotFoundError(f"no data files in {folder}")
        for path in files:
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise ValueError(f"{path}: {error}") from error
        return f"{len(files)} data files read in {folder}"

    def materials(self) -> str:
        self.library = shipped_library()
        return f"{len(self.library.materials)} materials, fingerprint {self.library.fingerprint}"

    def presets(self) -> str:
        files = sorted(resource_path("presets").glob("*.json"))
        if not files:
            raise FileNotFoundError(f"no presets in {resource_path('presets')}")
        lines, problems = [], []
        for path in files:
            try:
                lines.append(f"  {path.name}: {self._evaluate_preset(path)}")
            except Exception as error:  # noqa: BLE001 (name every preset that fails)
                message = str(error).replace("\n", "\n    ")
                problems.append(f"  {path.name}: {type(error).__name__}: {message}")
        if problems:
            raise RuntimeError(
                f"{len(problems)} of {len(files)} presets fail:\n" + "\n".join(problems)
            )
        from gui.files import presets  # noqa: PLC0415 (imports Qt)

        listed = len(presets())  # what File > New from preset offers
        if listed != len(files):
            raise RuntimeError(f"the preset menu lists {listed} of {len(files)} presets")
        return f"{len(files)} loaded and evaluated\n" + "\n".join(lines)

    def _evaluate_preset(self, path: Path) -> str:
        design, _ = load_design(path, self.library)
        results = evaluate(design, self.library)
        cell = results.rung("cell")
        figures = (results.energy_Wh, results.cell_mass_g, cell.wh_per_kg, cell.wh_per_l)
        if not all(math.isfinite(float(x)) and float(x) > 0 for x in figures):
            raise ValueError(f"evaluates to energy, mass, Wh/kg, Wh/L = {figures}")
        self.designs.append((path.name, design))
        return f"cell {float(cell.wh_per_kg):.1f} Wh/kg, {float(cell.wh_per_l):.1f} Wh/L"

    def curves(self) -> str:
        """The compiled passes against numpy's on every preset with a curve."""
        from engine.evaluate.curve import curve_cell_inputs  # noqa: PLC0415
        from engine.problems import DesignError  # noqa: PLC0415
        from engine.voltage.curve import compiled_disagreement  # noqa: PLC0415

        worst, compared = 0.0, 0
        for name, design in self.designs:
            try:
                cell = curve_cell_inputs(evaluate(design, self.library))
            except DesignError:
                continue  # a design without a curve
            gap = compiled_disagreement(cell)
            if gap is None:
                return (
                    "numpy passes: the compiled module is not built in this installation, or "
                    "is older than its source (tools/build_extension.py builds it); the same "
                    "curves, more slowly"
                )
            if not gap <= COMPILED_TOLERANCE_V:
                raise RuntimeError(f"{name}: the compiled passes are {gap:.3g} V from numpy's")
            worst, compared = max(worst, gap), compared + 1
        if not compared:
            raise RuntimeError("no preset has a voltage curve (see the presets check)")
        return (
            f"compiled passes: {compared} presets' 1C discharge and charge within "
            f"{worst:.1g} V of numpy's"
        )

    def qt(self) -> str:
        from PySide6.QtCore import qVersion  # noqa: PLC0415
        from PySide6.QtGui import QFontInfo, QGuiApplication  # noqa: PLC0415

        from gui.app import create_application  # noqa: PLC0415
        from gui.fonts import UI_FAMILY  # noqa: PLC0415

        app = create_application()  # registers the bundled fonts, or raises
        family = QFontInfo(app.font()).family()
        if family != UI_FAMILY:
            raise RuntimeError(f"the interface font is {family!r}, not the bundled {UI_FAMILY!r}")
        return f"Qt {qVersion()}, platform {QGuiApplication.platformName()}, font {family}"

    def icon(self) -> str:
        from PySide6.QtGui import QIcon  # noqa: PLC0415

        path = resource_path(*ICON)
        pixmap = QIcon(str(path)).pixmap(64, 64)
        if pixmap.isNull():
            raise RuntimeError(f"{path} cannot be drawn (is the SVG icon engine missing?)")
        return f"{path.name} drawn at {pixmap.width()} px"

    def first_design(self) -> tuple[str, Design]:
        if not self.designs:
            raise RuntimeError("no preset was evaluated (see the presets check)")
        return self.designs[0]

    def report(self) -> str:
        from gui.report.writer import write_report  # noqa: PLC0415

        name, design = self.first_design()
        with tempfile.TemporaryDirectory(prefix="lamina-self-test-") as folder:
            path = Path(folder) / "report.pdf"
            write_report(design, path, self.library)
            data = path.read_bytes()
            if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
                raise ValueError(f"{path} is not a complete PDF")
            return f"{len(data) / 1024:.0f} kB PDF of {name} written in {folder}"

    def user_folders(self) -> str:
        from PySide6.QtCore import QSettings  # noqa: PLC0415

        from gui.files import Autosaver, user_data_dir  # noqa: PLC0415

        install = installation_dir()
        data = user_data_dir()
        settings = Path(QSettings().fileName())
        for what, path in (("user data", data), ("settings", settings)):
            if not path.is_absolute() or _inside(path, install):
                raise RuntimeError(f"the {what} path {path} is inside the installation {install}")
        design = self.first_design()[1]
        autosaver = Autosaver(data / "autosave", session=AUTOSAVE_SESSION)
        try:
            autosaver.write(design, None, self.library)
            if load_design(autosaver.design_path, self.library)[0] != design:
                raise RuntimeError(f"the autosave {autosaver.design_path} reads back different")
        finally:
            autosaver.close()
        return (
            f"user data {data} (autosave written, read back, removed); settings {settings}; "
            f"installation {install}"
        )


def installation_kind() -> str:
    """A PyInstaller bundle, a package pip installed (the wheel), or a source folder."""
    if getattr(sys, "frozen", False):
        return "bundle"
    purelib = Path(sysconfig.get_paths()["purelib"]).resolve()
    return "installed package" if installation_dir() == purelib else "sources"


def run_self_test() -> int:
    """Run every check, print one line each, return the exit status."""
    # It needs no display, so it never tries one: a DISPLAY whose server has gone (a stale
    # ssh -X session) would make Qt abort before any check could say what failed. A platform
    # the user chose explicitly is kept.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(
        f"Lamina {version()} self-test ({installation_kind()}, Python {sys.version.split()[0]})",
        flush=True,
    )
    test = SelfTest()
    failed = []
    for name, check in test.checks():
        try:
            detail = check()
        except Exception as error:  # noqa: BLE001 (every failure is reported, then the next check)
            failed.append(name)
            where = traceback.extract_tb(error.__traceback__)[-1]
            print(
                f"FAIL {name}: {type(error).__name__}: {error} "
                f"(at {Path(where.filename).name}:{where.lineno})",
                flush=True,
            )
        else:
            print(f"ok   {name}: {detail}", flush=True)
    total = len(test.checks())
    if failed:
        print(f"self-test FAILED: {len(failed)} of {total} checks ({', '.join(failed)})")
        return 1
    print(f"self-test passed: {total} checks")
    return 0
