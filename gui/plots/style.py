"""Plot colours that follow the application's palette (light and dark themes), and grids of
major and minor ticks only: the third level of faint lines pyqtgraph draws by default cost a
third of an edit's redraw on the compare tab and blurred the grid."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

GRID_LEVELS = 1  # tick levels drawn: 0 major, 1 minor (pyqtgraph's default 2 adds a third)
# Axis titles a little smaller than the window's text (9 pt at the normal size, against
# pyqtgraph's 11): at 1366 x 768 a field's name with its unit ("Separator: thickness (µm)") then
# fits beside a map two hundred pixels tall. Ticks and titles follow the text size (View > Zoom).
AXIS_LABEL_SHARE = 0.9


LEAST_TITLE_PT = 7.0  # an axis title is never set smaller to fit its axis


def _label_points() -> float:
    return QApplication.font().pointSizeF() * AXIS_LABEL_SHARE


def _label_size() -> str:
    return f"{_label_points():.1f}pt"


def axis_room(axis: pg.AxisItem) -> float:
    """The length of an axis, which its title must not exceed."""
    geometry = axis.geometry()
    return geometry.width() if axis.orientation in ("bottom", "top") else geometry.height()


def fit_axis_titles(view: pg.GraphicsView) -> None:
    """Set an axis title that is longer than its axis at the text size in use smaller, just
    enough to fit (pyqtgraph would cut it): large text on a small screen leaves a plot short."""
    full = _label_points()
    for item in view.scene().items():
        if not (isinstance(item, pg.AxisItem) and item.isVisible() and item.labelText):
            continue
        room = axis_room(item)
        points = full
        for _ in range(4):  # a title's length is nearly in proportion to its size
            item.labelStyle["font-size"] = f"{points:.1f}pt"
            item.label.setHtml(item.labelString())
            length = item.label.boundingRect().width()
            if length <= room or room <= 0 or points <= LEAST_TITLE_PT:
                break
            points = max(LEAST_TITLE_PT, points * room / length * 0.97)
        item._updateLabel()  # noqa: SLF001 (pyqtgraph redraws a title so, as setLabel does)


_FITTER: list[_TitleFitter] = []  # one for every view: a filter is installed once per view


def _title_fitter() -> _TitleFitter:
    if not _FITTER:
        _FITTER.append(_TitleFitter(QApplication.instance()))
    return _FITTER[0]


class _TitleFitter(QObject):
    """Fits a plot view's axis titles once its layout has followed a resize."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and isinstance(watched, pg.GraphicsView):
            QTimer.singleShot(0, watched, lambda: fit_axis_titles(watched))
        return False


def style_plots(root: QWidget) -> None:
    """Give every pyqtgraph widget under root the palette's background and text colours."""
    palette = QApplication.palette()
    background = palette.base().color()
    text = palette.text().color()
    fitter = _title_fitter()
    for widget in root.findChildren(pg.GraphicsView):
        widget.setBackground(background)
        widget.removeEventFilter(fitter)  # once per view, however often the style changes
        widget.installEventFilter(fitter)
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
        QTimer.singleShot(0, widget, lambda w=widget: fit_axis_titles(w))
