"""Plot colours that follow the application's palette (light and dark themes), and grids of
major and minor ticks only: the third level of faint lines pyqtgraph draws by default cost a
third of an edit's redraw on the compare tab and blurred the grid."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from gui.theme import BASE_POINT_SIZE

GRID_LEVELS = 1  # tick levels drawn: 0 major, 1 minor (pyqtgraph's default 2 adds a third)
# Axis titles a little smaller than the window's text (9 pt at the normal size, against
# pyqtgraph's 11): at 1366 x 768 a field's name with its unit ("Separator: thickness (µm)") then
# fits beside a map two hundred pixels tall. Ticks and titles follow the text size (View > Zoom).
AXIS_LABEL_SHARE = 0.9


LEAST_TITLE_PT = 7.0  # an axis title is never set smaller to fit its axis
TITLE_PT = 10.0  # a plot's title at the normal text size
LEGEND_PT = 8.0  # a legend line in a plot's title, smaller than a title


def _zoom() -> float:
    return QApplication.font().pointSizeF() / BASE_POINT_SIZE


def set_title(plot: pg.PlotItem | pg.PlotWidget, text: str, points: float = TITLE_PT) -> None:
    """A plot's title (or the legend line above it) at points at the normal text size, growing
    with the text size (View > Zoom) as the axes do."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    item.titleLabel.lamina_points = points  # kept for the next text size
    item.setTitle(text, size=f"{_title_points(item.titleLabel):.1f}pt")


def _title_points(title: pg.LabelItem) -> float:
    """A title's size at the text size in use (set_title's points; TITLE_PT if it set none)."""
    return getattr(title, "lamina_points", TITLE_PT) * _zoom()


def _label_points() -> float:
    return QApplication.font().pointSizeF() * AXIS_LABEL_SHARE


def _label_size() -> str:
    return f"{_label_points():.1f}pt"


def axis_room(axis: pg.AxisItem) -> float:
    """The length of an axis, which its title must not exceed."""
    geometry = axis.geometry()
    return geometry.width() if axis.orientation in ("bottom", "top") else geometry.height()


def _shrunk(full: float, room: float, length_at: Callable[[float], float]) -> float:
    """The size, at most full, at which a text length_at(size) long fits room (not below
    LEAST_TITLE_PT): its length is nearly in proportion to its size."""
    points = full
    for _ in range(4):
        length = length_at(points)
        if length <= room or room <= 0 or points <= LEAST_TITLE_PT:
            break
        points = max(LEAST_TITLE_PT, points * room / length * 0.97)
    return points


def fit_titles(view: pg.GraphicsView) -> None:
    """Set an axis title longer than its axis, or a plot's title (a legend line) wider than the
    plot, at the text size in use smaller, just enough to fit (pyqtgraph would cut it): large
    text on a small screen leaves a plot small."""
    full = _label_points()
    for item in view.scene().items():
        if isinstance(item, pg.PlotItem) and item.titleLabel.isVisible() and item.titleLabel.text:
            _fit_plot_title(item, view)
        if not (isinstance(item, pg.AxisItem) and item.isVisible() and item.labelText):
            continue

        def axis_length(points: float, axis: pg.AxisItem = item) -> float:
            axis.labelStyle["font-size"] = f"{points:.1f}pt"
            axis.label.setHtml(axis.labelString())
            return axis.label.boundingRect().width()

        axis_length(_shrunk(full, axis_room(item), axis_length))
        item._updateLabel()  # noqa: SLF001 (pyqtgraph redraws a title so, as setLabel does)


def _fit_plot_title(plot: pg.PlotItem, view: pg.GraphicsView) -> None:
    """A title is centred over its plot: it fits if it reaches neither edge of what the view
    shows (a plot at its least size can be wider than its view)."""
    title = plot.titleLabel
    full = _title_points(title)
    centre = title.mapToScene(title.boundingRect().center()).x()
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    room = 2.0 * min(centre - seen.left(), seen.right() - centre)

    def title_length(points: float) -> float:
        title.setText(title.text, size=f"{points:.1f}pt")
        return title.item.boundingRect().width()

    title_length(_shrunk(full, room, title_length))


_FITTER: list[_TitleFitter] = []  # one for every view: a filter is installed once per view


def _title_fitter() -> _TitleFitter:
    if not _FITTER:
        _FITTER.append(_TitleFitter(QApplication.instance()))
    return _FITTER[0]


class _TitleFitter(QObject):
    """Fits a plot view's axis and plot titles once its layout has followed a resize."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and isinstance(watched, pg.GraphicsView):
            QTimer.singleShot(0, watched, lambda: fit_titles(watched))
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
            title = plot.titleLabel
            title.setAttr("color", text)
            title.setText(title.text, size=f"{_title_points(title):.1f}pt")
        for item in widget.scene().items():  # a map's colour scale has an axis of its own
            if isinstance(item, pg.ColorBarItem):
                item.axis.labelStyle["font-size"] = _label_size()
                item.axis.setPen(text)
                item.axis.setTextPen(text)
        QTimer.singleShot(0, widget, lambda w=widget: fit_titles(w))
