"""The window on a screen of a given size at a given text size, in a process of its own (the
screen is fixed when Qt starts), for tests/test_gui_fit.py: run as a script, never imported by
the app.

    python tests/fit_probe.py WIDTH HEIGHT ZOOM_STEP OUT_DIR [PNG]

prints, as JSON, what a reader would find cut at that size: the window against the screen, the
side panels' contents against their width (and whether they scroll), table columns narrower
than their contents, a wrapped label shorter than its lines, and axis titles longer than their
axes on every plot tab; with PNG, also saves the window there.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    width, height, step = (int(v) for v in sys.argv[1:4])
    out = Path(sys.argv[4])
    screen = {"name": "probe", "x": 0, "y": 0, "width": width, "height": height}
    config = out / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from PySide6.QtCore import QSettings  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: PLC0415

    from gui.app import create_application  # noqa: PLC0415
    from gui.main_window import MainWindow  # noqa: PLC0415
    from gui.plots.panel import TABS  # noqa: PLC0415
    from gui.theme import DEFAULT_ZOOM_STEP  # noqa: PLC0415
    from tests.test_gui_layout import cut_titles  # noqa: PLC0415

    app = create_application()
    (out / "probe.ini").unlink(missing_ok=True)  # a first start: no saved size or text size
    settings = QSettings(str(out / "probe.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_dir=out)
    window.show()

    def settle() -> None:
        for _ in range(8):
            app.processEvents()

    settle()
    for _ in range(step - DEFAULT_ZOOM_STEP):
        window.zoom(1)
        settle()
    window.model.flush()
    settle()
    found: dict = {"window": [window.width(), window.height()], "screen": [width, height]}
    found["unreachable"] = [
        name
        for name in ("inspector", "numbers")
        if _clipped(window.docks[name].widget(), QScrollArea)
    ]
    plots = window.docks["plots"].widget()  # scrolls up and down only: never cut at the side
    if plots.widget().width() > plots.viewport().width() + 1:
        found["unreachable"].append("plots")
    numbers = window.numbers
    found["squeezed_columns"] = [
        f"{table.objectName()}[{column}]"
        for table in (numbers.ladder, numbers.figures)
        for column in range(table.columnCount())
        if table.columnWidth(column) < table.sizeHintForColumn(column) - 1
    ]
    summary = window.plots.voltage.summary
    found["summary_short_by"] = max(0, summary.heightForWidth(summary.width()) - summary.height())
    cut = {}
    for tab in TABS:
        window.plots.setCurrentWidget(window.plots.plot(tab.attribute))
        window.model.flush()
        settle()
        cut[tab.attribute] = cut_titles(window.plots.currentWidget())
        cut[tab.attribute] += _cut_plot_titles(window.plots.currentWidget())
    found["cut_axis_titles"] = {tab: titles for tab, titles in cut.items() if titles}
    window.plots.setCurrentIndex(0)
    settle()
    if len(sys.argv) > 5:
        window.grab().save(sys.argv[5])
    print(json.dumps(found))
    window.model.undo_stack.setClean()
    window.close()
    QApplication.quit()
    return 0


def _cut_plot_titles(panel) -> list[str]:
    """Plot titles (a legend line) that run past what their view shows."""
    import pyqtgraph as pg  # noqa: PLC0415

    cut = []
    for view in panel.findChildren(pg.GraphicsView):
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        for item in view.scene().items():
            if isinstance(item, pg.PlotItem) and item.titleLabel.isVisible():
                text = item.titleLabel.item
                shown = text.mapToScene(text.boundingRect()).boundingRect()
                if shown.left() < seen.left() - 1 or shown.right() > seen.right() + 1:
                    cut.append(f"title: {item.titleLabel.text[:40]}")
    return cut


def _clipped(panel, scroll_area_type) -> bool:
    """A scroll area whose contents are wider than its view and that cannot scroll to them."""
    assert isinstance(panel, scroll_area_type)
    body = panel.widget()
    wider = body.width() > panel.viewport().width() + 1
    return wider and not panel.horizontalScrollBar().isVisible()


if __name__ == "__main__":
    sys.exit(main())
