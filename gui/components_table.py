"""The components of a composite layer: material, mass fraction, density, capacity.

Mass fractions always sum to 100 %, visibly: when one fraction is changed the others are scaled
in proportion and the note under the table says so; the total is shown under the table.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from engine.design import Component, Design, get_field
from engine.evaluate import validate as limits
from engine.problems import DesignError
from gui.design_model import DesignModel
from gui.widgets import MaterialComboBox, QuantitySpinBox, material_summary

COLUMNS = ("Material", "Mass %", "ρ g/cm³", "q mAh/g")


def rescale_fractions(fractions: list[float], index: int, value: float) -> list[float]:
    """Set fractions[index] to value and scale the others so that all sum to 1."""
    others = sum(f for i, f in enumerate(fractions) if i != index)
    rest = 1.0 - value
    if others <= 0.0:
        share = rest / (len(fractions) - 1) if len(fractions) > 1 else 0.0
        return [value if i == index else share for i in range(len(fractions))]
    return [value if i == index else f * rest / others for i, f in enumerate(fractions)]


class ComponentsTable(QWidget):
    refused = Signal(str)

    def __init__(
        self,
        model: DesignModel,
        prefix: str,
        categories: tuple[str, ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.prefix = prefix
        self.categories = categories
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, 104)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.total = QLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        add = QPushButton("Add component")
        add.clicked.connect(self.add_component)
        remove = QPushButton("Remove selected")
        remove.clicked.connect(self.remove_component)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Components (by mass of the layer's solids)"))
        layout.addWidget(self.table)
        layout.addWidget(self.total)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self._rows: list[
            tuple[MaterialComboBox, QuantitySpinBox, QuantitySpinBox, QuantitySpinBox]
        ] = []
        self.show_design(model.design)

    def components(self, design: Design | None = None) -> tuple[Component, ...]:
        return get_field(design or self.model.design, f"{self.prefix}.components")

    # --- model -> widgets --------------------------------------------------------------------
    def show_design(self, design: Design) -> None:
        components = self.components(design)
        if len(components) != len(self._rows):
            self._build_rows(len(components))
        library = self.model.library
        for (combo, fraction, density, capacity), component in zip(
            self._rows, components, strict=True
        ):
            combo.show_material(component.material)
            fraction.show_value(float(component.mass_fraction))
            material = library.materials.get(component.material)
            rho = (
                component.density_g_cm3
                if component.density_g_cm3 is not None
                else (material.value("density_g_cm3") if material else 0.0)
            )
            density.show_value(float(rho))
            density.setToolTip(
                "measured value of this design"
                if component.density_g_cm3 is not None
                else (material_summary(material) if material else "")
            )
            active = material is not None and material.is_active
            capacity.setEnabled(active)
            q = (
                component.capacity_mAh_g
                if component.capacity_mAh_g is not None
                else (material.get("capacity_practical_mAh_g") if active else 0.0)
            )
            capacity.show_value(float(q or 0.0))
        total = sum(float(c.mass_fraction) for c in components)
        self.total.setText(f"Total {total:.1%} of the layer's solid mass")

    def _build_rows(self, count: int) -> None:
        self.table.setRowCount(count)
        self._rows = []
        for row in range(count):
            combo = MaterialComboBox(self.model.library, self.categories)
            fraction = QuantitySpinBox("", 0.0, 1.0, 2, 100.0)
            density = QuantitySpinBox("", 0.01, limits.DENSITY_G_CM3[1], 3)
            capacity = QuantitySpinBox("", 0.0, limits.CAPACITY_MAH_G[1], 1)
            fraction.setToolTip("mass fraction of the layer's solids, % (0 to 100)")
            for box in (fraction, density, capacity):
                box.setButtonSymbols(QuantitySpinBox.ButtonSymbols.NoButtons)
            combo.currentIndexChanged.connect(
                lambda _i, r=row, c=combo: self._set_component(r, material=c.currentData())
            )
            fraction.committed.connect(lambda v, r=row: self.set_fraction(r, v))
            density.committed.connect(lambda v, r=row: self._set_override(r, "density_g_cm3", v))
            capacity.committed.connect(lambda v, r=row: self._set_override(r, "capacity_mAh_g", v))
            for column, widget in enumerate((combo, fraction, density, capacity)):
                self.table.setCellWidget(row, column, widget)
            self._rows.append((combo, fraction, density, capacity))
        self.table.setMinimumHeight(
            int(self.table.horizontalHeader().height() + 32 * max(count, 1) + 4)
        )

    # --- widgets -> model --------------------------------------------------------------------
    def _apply(self, components: tuple[Component, ...], text: str) -> bool:
        path = f"{self.prefix}.components"
        try:
            self.model.set_field(path, components, text)
        except DesignError as error:
            self.refused.emit(str(error.problems[0]))
            self.show_design(self.model.design)
            return False
        return True

    def set_fraction(self, row: int, value: float) -> None:
        components = self.components()
        fractions = rescale_fractions([float(c.mass_fraction) for c in components], row, value)
        new = tuple(
            dataclasses.replace(c, mass_fraction=round(f, 6))
            for c, f in zip(components, fractions, strict=True)
        )
        if len(new) > 1 and self._apply(_fix_sum(new, row), "Set mass fraction"):
            self.note.setText(
                "The other components were scaled in proportion to keep the total at 100 %."
            )
        elif len(new) == 1:
            self.show_design(self.model.design)

    def _set_component(self, row: int, **changes: object) -> None:
        components = list(self.components())
        components[row] = dataclasses.replace(
            components[row], capacity_mAh_g=None, density_g_cm3=None, **changes
        )
        self._apply(tuple(components), "Change component material")

    def _set_override(self, row: int, field: str, value: float) -> None:
        components = list(self.components())
        material = self.model.library[components[row].material]
        library_key = "density_g_cm3" if field == "density_g_cm3" else "capacity_practical_mAh_g"
        override = None if material.get(library_key) == value else value
        components[row] = dataclasses.replace(components[row], **{field: override})
        self._apply(tuple(components), "Set measured value")

    def add_component(self) -> None:
        components = self.components()
        material = self.model.library.by_category(self.categories[-1])[0].id
        scaled = tuple(
            dataclasses.replace(c, mass_fraction=round(float(c.mass_fraction) * 0.95, 6))
            for c in components
        )
        new = _fix_sum((*scaled, Component(material, 0.05)), len(scaled))
        if self._apply(new, "Add component"):
            self.note.setText("Added at 5 %; the others were scaled to 95 % of what they were.")

    def remove_component(self) -> None:
        components = self.components()
        row = self.table.currentRow()
        if row < 0 or len(components) <= 1:
            self.refused.emit("select a component to remove; a layer keeps at least one")
            return
        rest = [c for i, c in enumerate(components) if i != row]
        total = sum(float(c.mass_fraction) for c in rest) or 1.0
        new = tuple(
            dataclasses.replace(c, mass_fraction=round(float(c.mass_fraction) / total, 6))
            for c in rest
        )
        if self._apply(_fix_sum(new, 0), "Remove component"):
            self.note.setText("Removed; the others were scaled up to keep the total at 100 %.")


def _fix_sum(components: tuple[Component, ...], keep: int) -> tuple[Component, ...]:
    """Absorb rounding so fractions sum to 1 exactly, in a component other than `keep`."""
    total = sum(float(c.mass_fraction) for c in components)
    target = next((i for i in range(len(components)) if i != keep), keep)
    fixed = list(components)
    fixed[target] = dataclasses.replace(
        fixed[target], mass_fraction=round(float(fixed[target].mass_fraction) + 1.0 - total, 9)
    )
    return tuple(fixed)
