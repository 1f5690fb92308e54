"""The plots dock: one tab per plot. A hidden tab skips redraws and catches up when shown.

Each tab is a placeholder, of the plot's object name, until it is first shown or its plot is
asked for (panel.sweep etc.): then the plot is built, styled in the theme of the time and put in
the placeholder's place. The tab in view at start is built as soon as the window has first
painted: the window shows without waiting for pyqtgraph and the plot (about 0.2 s of a 0.65 s
start), which follow at once; the hidden tabs cost nothing until shown (bench/startup_speed.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from gui.design_model import DesignModel

if TYPE_CHECKING:
    from gui.plots.breakdown import BreakdownPlot
    from gui.plots.compare import ComparePanel
    from gui.plots.pressure import PressurePlot
    from gui.plots.sensitivity import SensitivityPlot
    from gui.plots.sweep import SweepPanel
    from gui.plots.voltage import VoltagePlot


class Tab(NamedTuple):
    attribute: str  # PlotsPanel's attribute: panel.voltage
    title: str  # one word: six tabs read whole at 1280 x 800
    object_name: str  # the plot's, and its placeholder's until it is built
    tip: str  # what the tab holds, on hovering its title


TABS = (
    Tab("voltage", "Voltage", "voltage_plot", "Voltage curves under current, and the Ragone plot"),
    Tab("breakdown", "Breakdown", "breakdown_plot", "Where the cell's mass and volume go"),
    Tab("sweep", "Sweep", "sweep_panel", "Any result against one or two fields; goal seek"),
    Tab("pressure", "Pressure", "pressure_plot", "What pressure does to porosity and transport"),
    Tab("compare", "Compare", "compare_panel", "A pinned design beside the one being edited"),
    Tab("sensitivity", "Sensitivity", "sensitivity_plot", "Which input moves a result most"),
)


def build_plot(attribute: str, model: DesignModel) -> QWidget:
    """The plot of a tab, drawing the model's design."""
    # The modules load with the first plot built: a window starts without the hidden tabs'.
    if attribute == "voltage":
        from gui.plots.voltage import VoltagePlot  # noqa: PLC0415 (loaded when built)

        return VoltagePlot(model)
    if attribute == "breakdown":
        from gui.plots.breakdown import BreakdownPlot  # noqa: PLC0415

        return BreakdownPlot(model)
    if attribute == "sweep":
        from gui.plots.sweep import SweepPanel  # noqa: PLC0415

        return SweepPanel(model)
    if attribute == "pressure":
        from gui.plots.pressure import PressurePlot  # noqa: PLC0415

        return PressurePlot(model)
    if attribute == "compare":
        from gui.plots.compare import ComparePanel  # noqa: PLC0415

        return ComparePanel(model)
    if attribute == "sensitivity":
        from gui.plots.sensitivity import SensitivityPlot  # noqa: PLC0415

        return SensitivityPlot(model)
    raise KeyError(attribute)


class PlotsPanel(QTabWidget):
    # The sweep tab's ready-made studies ask for a preset (forwarded once the tab is built, so
    # the window connects to this without building the tab).
    preset_requested = Signal(object)
    price_requested = Signal(str)  # the tornado's price bar: Edit > Prices at that material
    tab_built = Signal(str)  # a tab's attribute, once its plot is in place

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("plots")
        # Titles whole, at any text size: where the tabs are wider than the panel, arrows
        # scroll them (a title cut to "V…" named nothing).
        self.setUsesScrollButtons(True)
        self.setElideMode(Qt.TextElideMode.ElideNone)
        self._built: dict[str, QWidget] = {}
        for tab in TABS:
            placeholder = QWidget()
            placeholder.setObjectName(tab.object_name)
            self.setTabToolTip(self.addTab(placeholder, tab.title), tab.tip)
        self.currentChanged.connect(self._on_current_changed)
        self.widget(self.currentIndex()).installEventFilter(self)  # built once painted

    @property
    def voltage(self) -> VoltagePlot:
        return cast("VoltagePlot", self.plot("voltage"))

    @property
    def breakdown(self) -> BreakdownPlot:
        return cast("BreakdownPlot", self.plot("breakdown"))

    @property
    def sweep(self) -> SweepPanel:
        return cast("SweepPanel", self.plot("sweep"))

    @property
    def pressure(self) -> PressurePlot:
        return cast("PressurePlot", self.plot("pressure"))

    @property
    def compare(self) -> ComparePanel:
        return cast("ComparePanel", self.plot("compare"))

    @property
    def sensitivity(self) -> SensitivityPlot:
        return cast("SensitivityPlot", self.plot("sensitivity"))

    def is_built(self, attribute: str) -> bool:
        return attribute in self._built

    def plot(self, attribute: str) -> QWidget:
        """The plot of a tab (voltage, breakdown, sweep, pressure, compare, sensitivity), built
        if need be."""
        widget = self._built.get(attribute)
        return widget if widget is not None else self._build(attribute)

    def _on_current_changed(self, index: int) -> None:
        if index >= 0:
            self.plot(TABS[index].attribute)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """The placeholder in view at start has painted: build its plot once that paint (the
        window's first) is done."""
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, lambda: self._on_current_changed(self.currentIndex()))
        return super().eventFilter(watched, event)

    def _build(self, attribute: str) -> QWidget:
        index = next(i for i, tab in enumerate(TABS) if tab.attribute == attribute)
        tab = TABS[index]
        widget = build_plot(attribute, self.model)
        widget.setObjectName(tab.object_name)
        self._built[attribute] = widget
        from gui.plots.style import style_plots  # noqa: PLC0415 (pyqtgraph: with the first plot)

        style_plots(widget)  # in the theme of now: restyle() reaches only the plots built
        if attribute == "sweep":
            widget.preset_requested.connect(self.preset_requested)
        if attribute == "sensitivity":
            widget.price_requested.connect(self.price_requested)
        placeholder = self.widget(index)
        showing = self.currentIndex() == index
        blocked = self.blockSignals(True)  # the tab in view stays the same: nothing to tell
        try:
            self.insertTab(index, widget, tab.title)  # the placeholder moves to index + 1
            if showing:
                self.setCurrentIndex(index)
            self.removeTab(index + 1)  # no longer the current tab: the view does not flicker
        finally:
            self.blockSignals(blocked)
        placeholder.setParent(None)  # gone at once: findChild(name) finds the plot
        placeholder.deleteLater()
        self.tab_built.emit(attribute)
        return widget

    def restyle(self) -> None:
        """Follow the light or dark palette (called when the theme changes); a tab built later
        takes the palette of its time."""
        if self._built:
            from gui.plots.style import style_plots  # noqa: PLC0415

            style_plots(self)
