"""Regression guard: PySide6 6.12.0 on Python 3.11 aborted after a few hundred emits or paints.

The pin in pyproject.toml (PySide6-Essentials 6.11.x) avoids it; this test drives thousands of
signal emits carrying True/None and repaints of a pyqtgraph curve, and must simply survive.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flagged = Signal(object)


def test_thousands_of_emits_and_repaints_do_not_crash(qapp, qtbot):
    received: list[object] = []
    emitter = _Emitter()
    emitter.flagged.connect(received.append)

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.show()
    curve = plot.plot()
    x = np.linspace(0.0, 1.0, 200)
    rounds = 3000
    for i in range(rounds):
        emitter.flagged.emit(True if i % 2 else None)
        curve.setData(x, np.sin(x * 6.0 + i * 0.01))
        if i % 10 == 0:
            plot.repaint()
            qapp.processEvents()
    assert len(received) == rounds
    assert received[:2] == [None, True]
