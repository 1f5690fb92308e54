"""Render the main window offscreen and save it as a PNG.

.venv/bin/python tools/screenshot.py                        # refresh docs/main-window.png
.venv/bin/python tools/screenshot.py OUT.png --preset li2021_s_mo6s8 --size 1366x768 --dark
.venv/bin/python tools/screenshot.py OUT.png --tab Sweep          # with a plot tab shown
.venv/bin/python tools/screenshot.py OUT.png --tolerances TOL.png  # and Edit > Tolerances
.venv/bin/python tools/screenshot.py OUT.png --lesson 1_thick_electrodes --predict 250  # step 1
QT_SCALE_FACTOR=2 .venv/bin/python tools/screenshot.py OUT.png --size 1280x720   # 2560x1440
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402

from engine.io.design_files import load_design  # noqa: E402
from engine.materials import shipped_library  # noqa: E402
from engine.paths import resource_path  # noqa: E402
from gui.app import create_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.plots.panel import TABS  # noqa: E402
from gui.theme import apply_theme  # noqa: E402


def _open_lesson(window: MainWindow, stem: str, predict: str | None) -> None:
    window.lesson_menu.open(resource_path("lessons", f"{stem}.json"))
    window.model.set_student("Ada Lovelace")
    if predict:
        window.lesson_panel.prediction.setText(predict)
        window.lesson_panel.make_step()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "main-window.png")
    parser.add_argument("--preset", help="a preset name in resources/presets (default design)")
    parser.add_argument("--design", type=Path, help="a design file (instead of --preset)")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--dark", action="store_true", help="dark theme")
    parser.add_argument("--select", default="cathode", help="the layer to select")
    parser.add_argument("--tab", help="the plot tab to show: the start of its title, e.g. Sweep")
    parser.add_argument("--tolerances", type=Path, help="also save Edit > Tolerances here")
    parser.add_argument("--lesson", help="a lesson in resources/lessons to open, by file stem")
    parser.add_argument("--predict", help="with --lesson: predict this and reveal step 1")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    app = create_application()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, data_dir=Path(folder))
        if args.preset:
            design, _ = load_design(
                resource_path("presets", f"{args.preset}.json"), shipped_library()
            )
            window.model.new(design)
        if args.design:
            window.model.open(args.design)
        if args.dark:
            window.set_dark(True)
        window.model.select(args.select)
        window.resize(width, height)
        window.show()
        if args.lesson:  # opened on a shown window, as a user does: its panel in front
            app.processEvents()
            _open_lesson(window, args.lesson, args.predict)
        plots = window.plots
        if args.tab:
            (index,) = [i for i in range(plots.count()) if plots.tabText(i).startswith(args.tab)]
            plots.setCurrentIndex(index)
        plots.plot(TABS[plots.currentIndex()].attribute)  # built now, not after a first paint
        window.model.flush()
        app.processEvents()
        ok = window.grab().save(str(args.out))
        if args.tolerances:
            window.edit_tolerances()
            app.processEvents()
            ok = ok and window.tolerances.grab().save(str(args.tolerances))
        if args.dark:
            apply_theme(False)
        window.model.undo_stack.setClean()  # a lesson's step is an edit: closing would ask
        window.close()
    print(f"{'saved' if ok else 'FAILED to save'} {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
