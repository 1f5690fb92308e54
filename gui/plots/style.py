"""Plot colours that follow the application's palette (light and dark themes)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication, QWidget


def style_plots(root: QWidget) -> None:
    """Give every pyqtgraph widget under root the palette's background and text colours."""
    palette = QApplication.palette()
    background = palette.base().color()
    text = palette.text().color()
    for widget in root.findChildren(pg.GraphicsView):
        widget.setBackground(background)
        items = widget.getPlotItem() if isinstance(widget, pg.PlotWidget) else None
        plot_items = (
            [items]
            if items is not None
            else [
                i
                for i in getattr(getattr(widget, "ci", None), "items", {})
                if isinstance(i, pg.PlotItem)
            ]
        )
        for plot in plot_items:
            for name in ("left", "bottom", "right", "top"):
                axis = plot.getAxis(name)
                axis.setPen(text)
                axis.setTextPen(text)
            plot.titleLabel.setAttr("color", text)
            plot.titleLabel.setText(plot.titleLabel.text)
