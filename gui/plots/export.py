"""Export a plot from its context menu: PNG, SVG (Qt's own generator) and CSV of its data.

pyqtgraph's SVG exporter fails on Qt >= 6.11, so SVG is drawn by rendering the plot's scene into
a QSvgGenerator; CSV writes the numbers the plot shows, with a header naming units.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QAction, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QWidget

Table = tuple[Sequence[str], Sequence[Sequence[object]]]  # header, rows


def save_png(widget: QWidget, path: Path) -> bool:
    return widget.grab().save(str(path))


def save_svg(plot: pg.PlotWidget | pg.GraphicsLayoutWidget, path: Path) -> None:
    scene = plot.scene()
    rect = scene.sceneRect()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(rect.width()), int(rect.height())))
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setTitle("Lamina plot")
    painter = QPainter(generator)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()


def save_csv(table: Table, path: Path) -> None:
    header, rows = table
    with Path(path).open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)


def add_export_menu(
    plot: pg.PlotWidget | pg.GraphicsLayoutWidget, name: str, table: Callable[[], Table]
) -> None:
    """Add Export PNG/SVG/CSV to the right-click menu of every plot in the widget; name is the
    default file stem."""
    if isinstance(plot, pg.PlotWidget):
        menus = [plot.getPlotItem().getViewBox().menu]
    else:
        menus = [item.getViewBox().menu for item in plot.ci.items if isinstance(item, pg.PlotItem)]

    def ask(suffix: str, kind: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            plot, f"Export {kind}", f"{name}.{suffix}", f"{kind} (*.{suffix})"
        )
        return Path(chosen) if chosen else None

    actions = (
        ("Export PNG…", lambda: (p := ask("png", "PNG image")) and save_png(plot, p)),
        ("Export SVG…", lambda: (p := ask("svg", "SVG drawing")) and save_svg(plot, p)),
        ("Export CSV…", lambda: (p := ask("csv", "CSV table")) and save_csv(table(), p)),
    )
    for text, slot in actions:
        action = QAction(text, plot)
        action.triggered.connect(slot)
        for menu in menus:
            menu.addAction(action)
