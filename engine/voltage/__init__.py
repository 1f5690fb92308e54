"""The cell voltage under current (docs/voltage-model.md): the cell's inputs, the parallel
open-circuit curve of its cathode, the batch solver and the curve with what is read off it."""

from engine.voltage.curve import (
    DEFAULT_POINTS,
    LOSS_KEYS,
    VoltageCurve,
    voltage_curve,
    voltage_curves,
)
from engine.voltage.inputs import ActiveInputs, CellInputs

__all__ = [
    "DEFAULT_POINTS",
    "LOSS_KEYS",
    "ActiveInputs",
    "CellInputs",
    "VoltageCurve",
    "voltage_curve",
    "voltage_curves",
]
