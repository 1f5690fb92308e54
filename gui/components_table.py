"""The components of a composite layer: material, mass fraction, density, capacity.

Mass fractions always sum to 100 %, visibly: when one fraction is changed the others are scaled
in proportion and the note under the table says so; the total is shown under the table.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from engine import edits
from engine.design import Component, Design, get_field
from engine.edits import Components, EditError
from engine.evaluate import validate as limits
from engine.labels import describe, field_label
from engine.problems import DesignError
from gui.design_model import DesignModel
from gui.widgets import MaterialComboBox, QuantitySpinBox, WrappedLabel, material_summary

COLUMNS = ("Material", "Mass %", "ρ g/cm³", "q mAh/g")
MATERIAL_CHARS = 7  # a material column shows a name as long as "NMC811" whole, with its arrow
NUMBER_CHARS = 6  # and a number column "100.00" or "4.778"


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
        self.table.setAccessibleName(f"{prefix.capitalize()} components")
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.total = QLabel()
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a user's names
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
        layout.addWidget(WrappedLabel("Components (by mass of the layer's solids)"))
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
            where = f"{self.prefix}.components[{row}]"
            combo.setAccessibleName(field_label(f"{where}.material"))
            fraction.setAccessibleName(field_label(f"{where}.mass_fraction") + " (%)")
            density.setAccessibleName(field_label(f"{where}.density_g_cm3"))
            capacity.setAccessibleName(field_label(f"{where}.capacity_mAh_g"))
            for box in (fraction, density, capacity):
                box.setButtonSymbols(QuantitySpinBox.ButtonSymbols.NoButtons)
            combo.currentIndexChanged.connect(
                lambda _i, r=row, c=combo: self._set_material(r, c.currentData())
            )
            fraction.committed.connect(lambda v, r=row: self.set_fraction(r, v))
            density.committed.connect(lambda v, r=row: self._set_override(r, "density_g_cm3", v))
            capacity.committed.connect(lambda v, r=row: self._set_override(r, "capacity_mAh_g", v))
            for column, widget in enumerate((combo, fraction, density, capacity)):
                self.table.setCellWidget(row, column, widget)
            self._rows.append((combo, fraction, density, capacity))
        self._fit()

    def _fit(self) -> None:
        """Rows as tall as their fields and columns as wide as a material's name and a number,
        at any text size (fixed pixels clipped the last row and the names at 200 %)."""
        metrics = self.table.fontMetrics()
        row = max([w.sizeHint().height() for w in (self._rows or [()])[0]] or [metrics.height()])
        for r in range(self.table.rowCount()):
            self.table.setRowHeight(r, row)
        self.table.setColumnWidth(0, metrics.horizontalAdvance("M" * MATERIAL_CHARS) + 30)
        number = metrics.horizontalAdvance("0" * NUMBER_CHARS) + 12
        self.table.setMinimumWidth(self.table.columnWidth(0) + 3 * number + 4)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + row * max(len(self._rows), 1) + 4)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View > Zoom
            self._fit()

    # --- widgets -> model --------------------------------------------------------------------
    def _edit(self, edit: Callable[[Components], Components], text: str, note: str = "") -> None:
        """Apply an engine edit of the components; a refusal is shown and the table redrawn."""
        try:
            self.model.edit_components(self.prefix, edit, text)
        except (EditError, DesignError) as error:
            self.refused.emit(
                str(error) if isinstance(error, EditError) else describe(error.problems[0])
            )
            self.show_design(self.model.design)
            return
        if note:
            self.note.setText(note)

    def set_fraction(self, row: int, value: float) -> None:
        self._edit(
            lambda c: edits.set_fraction(c, row, value),
            "Set mass fraction",
            "The other components were scaled in proportion to keep the total at 100 %.",
        )

    def _set_material(self, row: int, material: str) -> None:
        self._edit(
            lambda c: edits.change_material(c, row, material),
            "Change component material",
        )

    def _set_override(self, row: int, field: str, value: float) -> None:
        library = self.model.library
        self._edit(
            lambda c: edits.set_measured(c, row, field, value, library),
            "Set measured value",
        )

    def add_component(self) -> None:
        material = self.model.library.by_category(self.categories[-1])[0].id
        self._edit(
            lambda c: edits.add_component(c, material),
            "Add component",
            "Added at 5 %; the others were scaled to 95 % of what they were.",
        )

    def remove_component(self) -> None:
        row = self.table.currentRow()
        self._edit(
            lambda c: edits.remove_component(c, row),
            "Remove component",
            "Removed; the others were scaled up to keep the total at 100 %.",
        )
