"""Small input widgets shared by the editors: unit-aware spin boxes and material pickers."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QWidget

from engine.materials import Library, Material


class QuantitySpinBox(QDoubleSpinBox):
    """A spin box for one design field: shows its unit, refuses values out of range, and reports
    a finished value (typing is committed on Enter or focus-out, not on every keystroke).

    display_scale converts the stored value to the shown one (100 for a fraction shown in %).
    """

    committed = Signal(float)  # the stored (unscaled) value

    def __init__(
        self,
        unit: str,
        low: float,
        high: float,
        decimals: int = 2,
        display_scale: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.display_scale = display_scale
        self.setDecimals(decimals)
        self.setRange(low * display_scale, high * display_scale)
        self.setSuffix(f" {unit}" if unit else "")
        self.setKeyboardTracking(False)
        self.setAccelerated(True)
        self.setToolTip(f"allowed: {low * display_scale:g} to {high * display_scale:g} {unit}")
        self.valueChanged.connect(lambda shown: self.committed.emit(shown / self.display_scale))

    def show_value(self, stored: float) -> None:
        """Put a model value into the box without emitting committed."""
        blocked = self.blockSignals(True)
        self.setValue(stored * self.display_scale)
        self.blockSignals(blocked)


def value_source(material: Material, key: str, unit: str) -> str:
    """A value with its source, as rich text (a user's source text is escaped)."""
    entry = material.values.get(key)
    if entry is None:
        return ""
    return f"{entry.value:.4g} {unit} [{html.escape(entry.source())}]"


def material_summary(material: Material) -> str:
    """One line about a material with the sources of its main values, as rich text; names and
    sources may come from a user's materials file, so they are escaped."""
    name = html.escape(material.name)
    parts = [f"<b>{name}</b>", value_source(material, "density_g_cm3", "g/cm³")]
    if material.is_active:
        parts.append(value_source(material, "capacity_practical_mAh_g", "mAh/g"))
        parts.append(value_source(material, "voltage_avg_V", "V vs Li"))
    if material.category == "solid_electrolyte":
        parts.append(value_source(material, "ionic_conductivity_S_cm", "S/cm"))
    return "<br>".join(p for p in parts if p)


class MaterialComboBox(QComboBox):
    """Materials of some categories, by id, each with its full name and sources as a tooltip."""

    def __init__(
        self, library: Library, categories: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        for category in categories:
            for material in library.by_category(category):
                self.addItem(material.id, material.id)
                self.setItemData(
                    self.count() - 1, material_summary(material), role=3
                )  # Qt.ToolTipRole

    def show_material(self, material_id: str) -> None:
        blocked = self.blockSignals(True)
        index = self.findData(material_id)
        if index < 0:  # a material missing from this machine's library: shown, not replaced
            self.addItem(f"{material_id} (not in library)", material_id)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self.blockSignals(blocked)
