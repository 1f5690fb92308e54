"""Sizing a cell to a target capacity (Ah) or energy (Wh), as a cell engineer fixes the layers
and then the size: by scaling the cathode's area (a pellet's diameter; a pouch's width and
height in proportion), or by the number of unit cells of a pouch.

A cell's capacity and energy are its areal figures times the area where cathode and anode face
each other times the unit cells (engine/evaluate/chain.py), and the areal figures do not depend
on the size, so the new size is solved in closed form: no search.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Literal, NamedTuple

from engine.design import Design, Num, PelletFormat, PouchFormat
from engine.edits import EditError
from engine.evaluate.validate import LENGTH_MM, UNIT_CELLS
from engine.results import Results

Target = Literal["capacity_Ah", "energy_Wh"]
SizeBy = Literal["area", "unit_cells"]
TARGETS: dict[str, tuple[str, str]] = {  # what, in words, and its unit
    "capacity_Ah": ("capacity", "Ah"),
    "energy_Wh": ("energy", "Wh"),
}
SIZE_BY: dict[str, str] = {
    "area": "the electrode area (shape kept)",
    "unit_cells": "the number of unit cells (pouch)",
}


class Sized(NamedTuple):
    """A sizing's outcome: the new design and what changed, in words."""

    design: Design
    change: str


def current(results: Results, target: str) -> float:
    """The cell's capacity (Ah) or energy (Wh) now."""
    if target == "capacity_Ah":
        return float(results.capacity_mAh) / 1000.0
    if target == "energy_Wh":
        return float(results.energy_Wh)
    raise EditError(f"{target!r} is not one of {tuple(TARGETS)}")


def size_cell(results: Results, target: str, value: float, by: str) -> Sized:
    """The design of results resized so that its capacity or energy is value; EditError if it
    cannot be (no capacity to scale, a size out of range, a pellet by unit cells)."""
    design = results.design
    what, unit = TARGETS.get(target, (target, ""))
    now = current(results, target)
    if not (math.isfinite(value) and value > 0.0):
        raise EditError(f"target {what} {value:g} {unit}: give a positive number")
    if not now > 0.0:
        raise EditError(f"this cell delivers no {what}, so no size gives it {value:g} {unit}")
    if by == "unit_cells":
        return _by_unit_cells(design, now / results.unit_cells, value, what, unit)
    if by != "area":
        raise EditError(f"{by!r} is not one of {tuple(SIZE_BY)}")
    facing = float(results.area_cm2) * value / now  # cm2 per unit cell that gives the target
    shortfall = min(0.0, _scalar(design.overhang.anode_mm))  # an anode short of the cathode
    cell = design.cell_format
    if isinstance(cell, PelletFormat):
        diameter = 20.0 * math.sqrt(facing / math.pi) - 2.0 * shortfall
        new: PelletFormat | PouchFormat = dataclasses.replace(cell, diameter_mm=diameter)
        change = f"diameter {_scalar(cell.diameter_mm):.4g} → {diameter:.4g} mm"
    else:
        k = _pouch_scale(_scalar(cell.width_mm), _scalar(cell.height_mm), shortfall, facing)
        width, height = k * _scalar(cell.width_mm), k * _scalar(cell.height_mm)
        new = dataclasses.replace(cell, width_mm=width, height_mm=height)
        change = (
            f"electrodes {_scalar(cell.width_mm):.4g} x {_scalar(cell.height_mm):.4g} → "
            f"{width:.4g} x {height:.4g} mm"
        )
    for name in ("diameter_mm", "width_mm", "height_mm"):
        size = getattr(new, name, None)
        if size is not None and not LENGTH_MM[0] < size <= LENGTH_MM[1]:
            raise EditError(
                f"{value:g} {unit} needs cell_format.{name} = {size:.4g} mm, outside the allowed "
                f"range ({LENGTH_MM[0]:g}, {LENGTH_MM[1]:g}] mm"
            )
    return Sized(dataclasses.replace(design, cell_format=new), change)


def _pouch_scale(width: float, height: float, shortfall: float, facing_cm2: float) -> float:
    """The factor k on width and height for which the facing rectangle, each side less twice
    the anode's shortfall f (<= 0), has the area F: (k w + 2 f)(k h + 2 f) = 100 F, the positive
    root of w h k^2 + 2 f (w + h) k + 4 f^2 - 100 F = 0."""
    a = width * height
    b = 2.0 * shortfall * (width + height)
    c = 4.0 * shortfall**2 - 100.0 * facing_cm2
    return (-b + math.sqrt(b * b - 4.0 * a * c)) / (2.0 * a)


def _by_unit_cells(design: Design, per_cell: float, value: float, what: str, unit: str) -> Sized:
    """The fewest unit cells that give at least value."""
    cell = design.cell_format
    if not isinstance(cell, PouchFormat):
        raise EditError("a pellet cell has one unit cell: size it by its electrode area")
    n = max(1, math.ceil(value / per_cell * (1.0 - 1e-12)))
    low, high = UNIT_CELLS
    if n > high:
        raise EditError(
            f"{value:g} {unit} needs {n} unit cells of {per_cell:.4g} {unit} each; a pouch holds "
            f"{low} to {high}: size it by its electrode area"
        )
    change = (
        f"unit cells {cell.unit_cells} → {n} ({n * per_cell:.4g} {unit} of {what}, "
        f"{per_cell:.4g} each)"
    )
    return Sized(
        dataclasses.replace(design, cell_format=dataclasses.replace(cell, unit_cells=n)), change
    )


def _scalar(value: Num) -> float:
    """A field of a design being sized: one design, not a sweep."""
    return float(value)
