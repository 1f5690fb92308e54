"""Export a plot from its context menu: PNG, SVG (Qt's own generator) and CSV of its data.

pyqtgraph's SVG exporter fails on Qt >= 6.11, so SVG is drawn by rendering the plot's scene into
a QSvgGenerator; CSV writes the numbers the plot shows, with a header naming units.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QIODevice, QRectF, QSize
from PySide6.QtGui import QAction, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from engine.io.atomic import write_bytes_atomically, write_text_atomically
from engine.io.results_table import spreadsheet_safe
from gui.in_memory import drawn_bytes

Table = tuple[Sequence[str], Sequence[Sequence[object]]]  # header, rows


def save_png(widget: QWidget, path: Path) -> None:
    def draw(device: QIODevice) -> None:
        if not widget.grab().save(device, "PNG"):
            raise OSError(f"{path}: the image could not be drawn")

    write_bytes_atomically(path, drawn_bytes(draw))


def save_svg(plot: pg.PlotWidget | pg.GraphicsLayoutWidget, path: Path) -> None:
    scene = plot.scene()
    rect = scene.sceneRect()

    def draw(device: QIODevice) -> None:
        generator = QSvgGenerator()
        generator.setOutputDevice(device)
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle("Lamina plot")
        painter = QPainter(generator)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()

    write_bytes_atomically(path, drawn_bytes(draw))


def save_csv(table: Table, path: Path) -> None:
    header, rows = table
    stream = io.StringIO(newline="")
    writer = csv.writer(stream)
    writer.writerow(spreadsheet_safe(header))
    writer.writerows(spreadsheet_safe(row) for row in rows)
    write_text_atomically(path, stream.getvalue())


def add_export_menu(
    plot: pg.PlotWidget | pg.GraphicsLayoutWidget, name: str, table: Callable[[], Table]
) -> None:
    """Add Export PNG/SVG/CSV to the right-click menu of every plot in the widget; name is the
    default file stem."""
    if isinstance(plot, pg.PlotWidget):
        menus = [plot.getPlotItem().getViewBox().menu]
    else:
        menus = [item.getViewBox().menu for item in plot.ci.items if isinstance(item, pg.PlotItem)]

    def export(suffix: str, kind: str, save: Callable[[Path], object]) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            plot, f"Export {kind}", f"{name}.{suffix}", f"{kind} (*.{suffix})"
        )
        if not chosen:
            return
        try:
            save(Path(chosen))
        except OSError as error:
            QMessageBox.warning(plot, "Export failed", f"{chosen} was not written: {error}")

    actions = (
        ("Export PNG…", lambda: export("png", "PNG image", lambda p: save_png(plot, p))),
        ("Export SVG…", lambda: export("svg", "SVG drawing", lambda p: save_svg(plot, p))),
        ("Export CSV…", lambda: export("csv", "CSV table", lambda p: save_csv(table(), p))),
    )
    for text, slot in actions:
        action = QAction(text, plot)
        action.triggered.connect(slot)
        for menu in menus:
            menu.addAction(action)
