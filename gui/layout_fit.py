"""How the window's panels share the screen at a text size. The inspector and the numbers sit
side by side where the screen has room for both at their contents' width beside the plots;
where it has not (1024 x 768, or large text on a 1280 x 800 projector) they share one column as
tabs, so that the window still fits the screen and no panel is squeezed below what it shows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QMainWindow,
    QScrollArea,
    QWidget,
)

SIDE_SHARE = 0.45  # of the window's width at most, for the one side column of a narrow window
SHORTEST_PX = 120  # the least height of a panel that scrolls up and down
GAPS_PX = 24  # the separators and frames between three columns
CORNERS = (  # the side panels run the window's full height where it is wide enough
    (Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea),
    (Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea),
)


class UpDownScroller(QScrollArea):
    """A panel that scrolls up and down only, so that a short window (large text on 768 pixels)
    can give the panel less than its least height and the user can move the split: it is as
    narrow as the panel allows, never narrower."""

    def __init__(self, panel: QWidget) -> None:
        super().__init__()
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        panel.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(self.widget().minimumSizeHint().width() + bar, SHORTEST_PX)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LayoutRequest:  # a tab built, text larger: ask again
            self.updateGeometry()
        return super().eventFilter(watched, event)


def content_width(dock: QDockWidget) -> int:
    """The width a side panel (a scroll area) needs to show its contents without scrolling
    sideways, at the text size in use."""
    panel = dock.widget()
    assert isinstance(panel, QScrollArea)
    body = panel.widget()
    bar = panel.verticalScrollBar().sizeHint().width()
    return body.minimumSizeHint().width() + bar + 2 * panel.frameWidth()


def side_by_side(window: QMainWindow, inspector: QDockWidget, numbers: QDockWidget) -> bool:
    return numbers not in window.tabifiedDockWidgets(inspector)


def free_area(window: QMainWindow) -> QRect:
    return (window.screen() or QApplication.primaryScreen()).availableGeometry()


def refit_if_crowded(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Refit if the side panels stand side by side where they no longer fit: a plot tab, built
    once first shown, may need more room than its placeholder did."""
    crowded = not _fits(window, docks, _wants(docks))
    if side_by_side(window, docks["inspector"], docks["numbers"]) and crowded:
        refit(window, docks)


def _room(window: QMainWindow) -> int:
    return min(window.width(), free_area(window).width())


def _wants(docks: dict[str, QDockWidget]) -> list[int]:
    return [content_width(docks["inspector"]), content_width(docks["numbers"])]


def _fits(window: QMainWindow, docks: dict[str, QDockWidget], wants: list[int]) -> bool:
    """Whether the side panels fit side by side at their contents' widths (wants) beside the
    plots."""
    plots = docks["plots"].widget().minimumSizeHint().width()
    return sum(wants) + plots + GAPS_PX <= _room(window)


def refit(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """Lay the side panels out for the window's width (at most the screen's), each as wide as
    its contents where there is room, and keep the window on the screen."""
    inspector, numbers = docks["inspector"], docks["numbers"]
    wants = _wants(docks)
    fits = _fits(window, docks, wants)
    if not fits and side_by_side(window, inspector, numbers):
        window.tabifyDockWidget(inspector, numbers)
        inspector.raise_()
    elif fits and not side_by_side(window, inspector, numbers):
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, numbers)
    # A narrow window gives the plots its whole width, under the side column and the diagram:
    # a voltage tab's fields and two plots need more than what a side column leaves.
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea if not fits else None
    for corner, area in CORNERS:
        window.setCorner(corner, bottom or area)
    if fits:
        window.resizeDocks([inspector, numbers], wants, Qt.Orientation.Horizontal)
    else:
        side = min(max(wants), int(_room(window) * SIDE_SHARE))
        window.resizeDocks([inspector], [side], Qt.Orientation.Horizontal)
    # Once the layout has taken the new sizes (a window grows to its layout's least size on
    # the next turn of the event loop), nothing of it is off the screen.
    QTimer.singleShot(0, window, lambda: keep_on_screen(window))


def keep_on_screen(window: QMainWindow) -> None:
    free = free_area(window)
    if window.width() > free.width() or window.height() > free.height():
        window.resize(min(window.width(), free.width()), min(window.height(), free.height()))
