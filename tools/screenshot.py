"""Render the main window offscreen and save it as a PNG.

.venv/bin/python tools/screenshot.py                        # refresh docs/main-window.png
.venv/bin/python tools/screenshot.py OUT.png --preset li2021_s_mo6s8 --size 1366x768 --dark
.venv/bin/python tools/screenshot.py OUT.png --tab Sweep          # with a plot tab shown
.venv/bin/python tools/screenshot.py docs/li-ion-reference.png --pin chen2020_lgm50_li_ion \
    --tab Compare                                               # a preset pinned beside it
.venv/bin/python tools/screenshot.py OUT.png --tolerances TOL.png  # and Edit > Tolerances
.venv/bin/python tools/screenshot.py OUT.png --design tests/data/design-v12.json --explain cost \
    --prices docs/prices.png                                    # and Edit > Prices
.venv/bin/python tools/screenshot.py OUT.png --lesson 1_thick_electrodes --predict 250  # step 1
QT_SCALE_FACTOR=2 .venv/bin/python tools/screenshot.py OUT.png --size 1280x720   # 2560x1440
.venv/bin/python tools/screenshot.py docs/classroom-200.png --size 1280x800 --zoom 200
.venv/bin/python tools/screenshot.py docs/presentation.png --size 1280x800 --present

The window is shown on a screen of --size (times QT_SCALE_FACTOR), so that it lays out as on
that screen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from engine.io.design_files import load_design  # noqa: E402
from engine.materials import shipped_library  # noqa: E402
from engine.paths import resource_path  # noqa: E402
from gui.app import create_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.plots.panel import TABS  # noqa: E402
from gui.theme import DEFAULT_ZOOM_STEP, ZOOM_STEPS, apply_theme  # noqa: E402


def _open_lesson(window: MainWindow, stem: str, predict: str | None) -> None:
    window.lesson_menu.open(resource_path("lessons", f"{stem}.json"))
    window.model.set_student("Ada Lovelace")
    if predict:
        window.lesson_panel.prediction.setText(predict)
        window.lesson_panel.make_step()


def _screen_of(width: int, height: int, folder: Path) -> None:
    """An offscreen screen of width x height (in the pixels of QT_SCALE_FACTOR)."""
    if "QT_QPA_PLATFORM" in os.environ:
        return
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    size = {"width": round(width * scale), "height": round(height * scale)}
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "shot", "x": 0, "y": 0, **size}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def _settle(app: QApplication) -> None:
    for _ in range(8):  # the layout refits on later turns of the event loop
        app.processEvents()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "main-window.png")
    parser.add_argument("--preset", help="a preset name in resources/presets (default design)")
    parser.add_argument("--design", type=Path, help="a design file (instead of --preset)")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--dark", action="store_true", help="dark theme")
    parser.add_argument("--select", default="cathode", help="the layer to select")
    parser.add_argument("--tab", help="the plot tab to show: the start of its title, e.g. Sweep")
    parser.add_argument("--tolerances", type=Path, help="also save Edit > Tolerances here")
    parser.add_argument("--prices", type=Path, help="also save Edit > Prices here")
    parser.add_argument("--explain", help="click this key figure first (e.g. cost)")
    parser.add_argument("--lesson", help="a lesson in resources/lessons to open, by file stem")
    parser.add_argument("--predict", help="with --lesson: predict this and reveal step 1")
    parser.add_argument("--zoom", type=int, default=100, help="text size in %% (View > Zoom)")
    parser.add_argument("--present", action="store_true", help="save View > Presentation")
    parser.add_argument(
        "--pin",
        action="append",
        default=[],
        help="a preset pinned in the Compare tab before the design is loaded (repeatable)",
    )
    return parser.parse_args()


def _window(app: QApplication, args: argparse.Namespace, folder: Path) -> MainWindow:
    """The window as the arguments ask, shown at its size and text size."""
    settings = QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_dir=folder)
    for name in args.pin:
        pinned, _ = load_design(resource_path("presets", f"{name}.json"), shipped_library())
        window.model.new(pinned)
        window.plots.plot("compare").pin_current()
    if args.preset:
        design, _ = load_design(resource_path("presets", f"{args.preset}.json"), shipped_library())
        window.model.new(design)
    if args.design:
        window.model.open(args.design)
    if args.dark:
        window.set_dark(True)
    window.model.select(args.select)
    window.resize(*(int(v) for v in args.size.split("x")))
    window.show()
    for _ in range(ZOOM_STEPS.index(args.zoom / 100) - DEFAULT_ZOOM_STEP):
        window.zoom(1)
        _settle(app)
    if args.lesson:  # opened on a shown window, as a user does: its panel in front
        app.processEvents()
        _open_lesson(window, args.lesson, args.predict)
    plots = window.plots
    if args.tab:
        (index,) = [i for i in range(plots.count()) if plots.tabText(i).startswith(args.tab)]
        plots.setCurrentIndex(index)
    plots.plot(TABS[plots.currentIndex()].attribute)  # built now, not after a first paint
    window.model.flush()
    if args.explain:
        window.numbers.show_explanation(args.explain)
    _settle(app)
    return window


def main() -> int:
    args = _arguments()
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _screen_of(width, height, folder)
        app = create_application()
        window = _window(app, args, folder)
        if args.present:
            window.present()
            _settle(app)
            assert window.presentation is not None
            ok = window.presentation.grab().save(str(args.out))
        else:
            ok = window.grab().save(str(args.out))
        if args.tolerances:
            window.edit_tolerances()
            app.processEvents()
            ok = ok and window.tolerances.grab().save(str(args.tolerances))
        if args.prices:
            window.edit_prices()
            app.processEvents()
            ok = ok and window.prices.grab().save(str(args.prices))
        if args.dark:
            apply_theme(False)
        window.model.undo_stack.setClean()  # a lesson's step is an edit: closing would ask
        window.close()
    print(f"{'saved' if ok else 'FAILED to save'} {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
