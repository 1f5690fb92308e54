"""Plot colours that follow the application's palette (light and dark themes), and grids of
major and minor ticks only: the third level of faint lines pyqtgraph draws by default cost a
third of an edit's redraw on the compare tab and blurred the grid."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication, QWidget

GRID_LEVELS = 1  # tick levels drawn: 0 major, 1 minor (pyqtgraph's default 2 adds a third)
# Axis titles a little smaller than the window's text (9 pt at the normal size, against
# pyqtgraph's 11): at 1366 x 768 a field's name with its unit ("Separator: thickness (µm)") then
# fits beside a map two hundred pixels tall. Ticks and titles follow the text size (View > Zoom).
AXIS_LABEL_SHARE = 0.9


def _label_size() -> str:
    return f"{QApplication.font().pointSizeF() * AXIS_LABEL_SHARE:.1f}pt"


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
                axis.labelStyle["font-size"] = _label_size()
                axis.setStyle(tickFont=QApplication.font())
                axis.setTextPen(text)  # redraws the title in the style
                axis.setStyle(maxTickLevel=GRID_LEVELS)
            plot.titleLabel.setAttr("color", text)
            plot.titleLabel.setText(plot.titleLabel.text)
        for item in widget.scene().items():  # a map's colour scale has an axis of its own
            if isinstance(item, pg.ColorBarItem):
                item.axis.labelStyle["font-size"] = _label_size()
                item.axis.setPen(text)
                item.axis.setTextPen(text)
