"""The report's figures: the app's own views of a design, rendered as vector graphics.

Each figure is a live view (stack diagram, breakdown, pressure curves) built on a private model of
the design, sized for print and drawn in print colours; it renders into any QPainter (a PDF page)
or into SVG text (the HTML report).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtSvg import QSvgGenerator, QSvgRenderer
from PySide6.QtWidgets import QApplication, QGraphicsScene, QWidget

from gui.design_model import DesignModel
from gui.in_memory import drawn_bytes
from gui.plots.breakdown import BreakdownPlot
from gui.plots.pressure import PressurePlot
from gui.plots.voltage import VoltagePlot
from gui.stack_diagram import StackDiagramView

Panel = TypeVar("Panel", bound=QWidget)

PRINT_WIDTH = 900  # logical pixels of a figure's scene; scaled to the page when drawn


@dataclass
class Figure:
    title: str
    caption: str
    scene: QGraphicsScene
    source: QRectF
    widget: QWidget  # kept alive while the figure is used

    def render(self, painter: QPainter, target: QRectF) -> None:
        """Draw the figure into target as vectors. It goes through SVG, drawn at screen
        resolution, so the plots' text keeps its size on a 300 dpi page."""
        renderer = QSvgRenderer(QByteArray(self.svg().encode("utf-8")))
        renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        renderer.render(painter, target)

    def _paint(self, painter: QPainter, target: QRectF) -> None:
        self.scene.render(painter, target, self.source, Qt.AspectRatioMode.KeepAspectRatio)

    def svg(self) -> str:
        size = self.source.size().toSize()

        def draw(device: QIODevice) -> None:
            generator = QSvgGenerator()
            generator.setOutputDevice(device)
            generator.setSize(QSize(size.width(), size.height()))
            generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
            generator.setTitle(self.title)
            generator.setResolution(96)
            painter = QPainter(generator)
            self._paint(painter, QRectF(0, 0, size.width(), size.height()))
            painter.end()

        text = drawn_bytes(draw).decode("utf-8")
        return text[text.index("<svg") :]  # drop the XML prolog: the SVG sits inside HTML

    @property
    def aspect(self) -> float:
        return self.source.height() / self.source.width()


def _print_colours(widget: QWidget) -> None:
    """White paper, black ink, whatever the app's theme."""
    for view in widget.findChildren(pg.GraphicsView) + (
        [widget] if isinstance(widget, pg.GraphicsView) else []
    ):
        view.setBackground("w")
        items = (
            [view.getPlotItem()]
            if isinstance(view, pg.PlotWidget)
            else [
                i
                for i in getattr(getattr(view, "ci", None), "items", {})
                if isinstance(i, pg.PlotItem)
            ]
        )
        for plot in items:
            for name in ("left", "bottom"):
                plot.getAxis(name).setPen("k")
                plot.getAxis(name).setTextPen("k")
            plot.titleLabel.setAttr("color", "k")
            plot.titleLabel.setText(plot.titleLabel.text)


def _settle(widget: QWidget, width: int, height: int) -> None:
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    widget.resize(width, height)
    widget.show()
    QApplication.processEvents()


def _printed(plot: Panel, width: int, height: int) -> Panel:
    """A plot panel in print colours, laid out at the given size."""
    _print_colours(plot)
    _settle(plot, width, height)
    return plot


def _figure(title: str, caption: str, view: pg.GraphicsView, owner: QWidget) -> Figure:
    """A figure of one plot view (owner keeps the panel alive while the report draws it)."""
    return Figure(title, caption, view.scene(), QRectF(view.rect()), owner)


def build_figures(model: DesignModel) -> list[Figure]:
    figures = []
    diagram = StackDiagramView(model)
    diagram.scale_note.setVisible(False)
    _settle(diagram, PRINT_WIDTH, 420)
    scene = diagram.scene()
    for item in scene.items():  # ink on white, whatever the theme
        if hasattr(item, "setBrush") and item.type() == 9:  # QGraphicsSimpleTextItem
            item.setBrush(QColor("black"))
    figures.append(
        Figure(
            "Stack",
            "One unit cell, readable scale (log of thickness).",
            scene,
            scene.sceneRect(),
            diagram,
        )
    )

    voltage = _printed(VoltagePlot(model), PRINT_WIDTH + 500, 320)
    voltage.draw_bands()  # printed now, not after the pause a window waits for
    breakdown = _printed(BreakdownPlot(model), PRINT_WIDTH, 300)
    pressure = _printed(PressurePlot(model), PRINT_WIDTH, 460)  # two rows of two plots
    ragone = (
        "Energy and mean power of the cell's discharge from C/20 to 5C; the dot is the design's "
        "C-rate; shaded, the energy's 5-95 % band from the tolerances."
    )
    figures += [
        _figure("Voltage curves", voltage.summary.text(), voltage.plot, voltage),
        _figure("Ragone plot", ragone, voltage.ragone_plot, voltage),
        _figure("Mass and volume breakdown", breakdown.summary.text(), breakdown.plot, breakdown),
        _figure("Pressure and porosity", pressure.caption, pressure.layout_widget, pressure),
    ]
    return figures
