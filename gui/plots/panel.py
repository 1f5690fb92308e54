"""The plots dock: one tab per plot. A hidden tab skips redraws and catches up when shown."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from gui.design_model import DesignModel
from gui.plots.breakdown import BreakdownPlot
from gui.plots.compare import ComparePanel
from gui.plots.pressure import PressurePlot
from gui.plots.style import style_plots
from gui.plots.sweep import SweepPanel
from gui.plots.voltage import VoltagePlot


class PlotsPanel(QTabWidget):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.voltage = VoltagePlot(model)
        self.addTab(self.voltage, "Voltage and Ragone")
        self.breakdown = BreakdownPlot(model)
        self.sweep = SweepPanel(model)
        self.pressure = PressurePlot(model)
        self.addTab(self.breakdown, "Breakdown")
        self.addTab(self.sweep, "Sweep and goal seek")
        self.addTab(self.pressure, "Pressure and porosity")
        self.compare = ComparePanel(model)
        self.addTab(self.compare, "Compare")
        self.setObjectName("plots")
        for widget, name in (
            (self.voltage, "voltage_plot"),
            (self.breakdown, "breakdown_plot"),
            (self.sweep, "sweep_panel"),
            (self.pressure, "pressure_plot"),
            (self.compare, "compare_panel"),
        ):
            widget.setObjectName(name)
        self.restyle()

    def restyle(self) -> None:
        """Follow the light or dark palette (called when the theme changes)."""
        style_plots(self)
