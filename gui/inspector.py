"""The inspector: the fields of the selected layer and of the cell, with units, ranges, sources.

Edits go to the model; a refused edit shows its reason in place and the field returns to the
design's value. The form is rebuilt only when the selection or the layer's structure changes;
otherwise values are pushed into the existing widgets with their signals blocked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine import edits
from engine.design import Design, PelletFormat, PouchFormat, get_field
from engine.edits import EditError
from engine.evaluate import validate as limits
from engine.labels import describe
from engine.materials import Material
from engine.problems import DesignError
from gui.components_table import ComponentsTable
from gui.design_model import DesignModel
from gui.widgets import (
    ChoiceBox,
    MaterialComboBox,
    QuantitySpinBox,
    material_summary,
    refusal_label,
)

# How each field that can size a layer is shown: label, unit, allowed range.
SIZE_ROWS = {
    "active_loading_mg_cm2": ("Active loading", "mg/cm²", limits.LOADING_MG_CM2),
    "loading_mg_cm2": ("Total loading", "mg/cm²", limits.LOADING_MG_CM2),
    "thickness_um": ("Thickness", "µm", limits.POSITIVE_THICKNESS_UM),
    "n_p_ratio": ("N/P ratio", "", limits.N_P_RATIO),
}
ANODE_KINDS = (
    ("li_metal", "Li metal"),
    ("alloy_foil", "Alloy foil (In, Li-In)"),
    ("composite", "Composite (graphite, Si)"),
    ("anode_free", "Anode-free"),
)


def _spin(
    bounds: tuple[float, float, bool, bool], unit: str, decimals: int = 2, scale: float = 1.0
) -> QuantitySpinBox:
    low, high = bounds[0], bounds[1]
    if not bounds[2]:
        low += 10.0**-decimals / scale
    return QuantitySpinBox(unit, low, high, decimals, scale)


class InspectorView(QScrollArea):
    """Edits the selected layer and the cell through the DesignModel."""

    tolerance_requested = Signal(str)  # a field's path: open Edit > Tolerances at it

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWidgetResizable(True)
        self.setMinimumWidth(340)
        self.setObjectName("inspector")
        body = QWidget()
        self.setWidget(body)
        self._layout = QVBoxLayout(body)
        self.message = refusal_label("inspector_message")
        self.layer_box = QGroupBox()
        self.cell_box = QGroupBox("Cell and conditions")
        self.layer_box.setObjectName("inspector_layer")
        self.cell_box.setObjectName("inspector_cell")
        self._layout.addWidget(self.layer_box)
        self._layout.addWidget(self.message)
        self._layout.addWidget(self.cell_box)
        self._layout.addStretch(1)
        self._updaters: list[Callable[[Design], None]] = []
        self._cell_updaters: list[Callable[[Design], None]] = []
        self._shape: tuple = ()
        self._cell_shape: tuple = ()
        self.fields: dict[str, QWidget] = {}  # field path -> its editor (tests, focus)
        self._refused_on: Design | None = None
        self._old_forms: dict[str, QWidget] = {}
        model.design_changed.connect(self._on_design_changed)
        model.selection_changed.connect(lambda _key: self._on_design_changed())
        model.library_changed.connect(self._on_library_changed)
        self._on_design_changed()

    def _on_library_changed(self) -> None:
        """New material lists and sources: build the forms again."""
        self._shape = ()
        self._cell_shape = ()
        self._on_design_changed()

    # --- editing through the model -----------------------------------------------------------
    def _edit(self, action: Callable[[], None]) -> None:
        try:
            action()
        except (DesignError, EditError) as error:
            problems = getattr(error, "problems", None)
            self._refuse(describe(problems[0]) if problems else str(error))
            self._refresh_values()
            return
        self.message.clear()

    def _refuse(self, reason: str) -> None:
        """Say why an edit was refused, for as long as the design is the one it was refused on."""
        self.message.setText("Refused: " + reason)
        self._refused_on = self.model.design

    def _set(self, path: str, value: Any, text: str) -> None:
        self._edit(lambda: self.model.set_field(path, value, text))

    # --- building forms ----------------------------------------------------------------------
    def _shape_of(self, design: Design, key: str) -> tuple:
        if key == "cathode":
            c = design.cathode
            sizes = tuple(getattr(c, name) is None for name in edits.CATHODE_SIZE_FIELDS)
            measured = (c.mean_voltage_V is None, c.first_cycle_efficiency is None)
            coated = c.coating_material is not None
            return (key, sizes, measured, len(c.components), c.porosity is None, coated)
        if key.startswith("separator["):
            return (key, _get(design, key).porosity is None)
        if key == "anode":
            a = design.anode
            sizes = tuple(
                getattr(a, n) is None for n in ("thickness_um", "loading_mg_cm2", "n_p_ratio")
            )
            return (
                key,
                a.kind,
                sizes,
                len(a.components),
                a.coulombic_efficiency is None,
                a.prelithiation_mAh_cm2 is None,
            )
        return (key,)

    def _on_design_changed(self) -> None:
        design, key = self.model.design, self.model.selected
        if self._refused_on is not None and self._refused_on is not design:
            self._refused_on = None
            self.message.clear()
        shape = self._shape_of(design, key)
        if shape != self._shape:
            self._shape = shape
            self._rebuild_layer(design, key)
        cell_shape = (type(design.cell_format),)
        if cell_shape != self._cell_shape:
            self._cell_shape = cell_shape
            self._rebuild_cell(design)
        self._refresh_values()

    def _refresh_values(self) -> None:
        for update in (*self._updaters, *self._cell_updaters):
            update(self.model.design)

    def _new_form(self, box: QGroupBox) -> QFormLayout:
        old = box.layout()
        if old is not None:
            # The old form's widgets move to a hidden holder kept until the next rebuild: the
            # form may be rebuilt from a slot of one of them, which must outlive the slot.
            holder = QWidget()
            holder.setLayout(old)
            self._old_forms[box.objectName()] = holder
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _add_number(
        self,
        form: QFormLayout,
        updaters: list,
        label: str,
        path: str,
        unit: str,
        bounds: tuple,
        decimals: int = 2,
        scale: float = 1.0,
    ) -> QuantitySpinBox:
        spin = _spin(bounds, unit, decimals, scale)
        spin.committed.connect(lambda v, p=path, lb=label: self._set(p, v, f"Set {lb.lower()}"))
        spin.tolerance_requested.connect(lambda p=path: self.tolerance_requested.emit(p))
        updaters.append(lambda d, s=spin, p=path: _show_number(s, _get(d, p), self._derived(p)))
        form.addRow(label, spin)
        self.fields[path] = spin
        return spin

    def _derived(self, path: str) -> object:
        """What the engine made of a field the design leaves to it (a layer's porosity from
        its pressing pressure), else None."""
        layer, _, name = path.rpartition(".")
        results = self.model.results
        if name != "porosity" or results.design is not self.model.design:
            return None  # shown when the results of this design arrive
        return results.layer(layer).porosity

    def _add_material(
        self, form: QFormLayout, updaters: list, path: str, categories: tuple[str, ...]
    ) -> None:
        combo = MaterialComboBox(self.model.library, categories)
        info = QLabel()
        info.setWordWrap(True)
        info.setTextFormat(Qt.TextFormat.RichText)

        def update(design: Design) -> None:
            material_id = _get(design, path)
            combo.show_material(material_id)
            if material_id in self.model.library:
                info.setText(material_summary(self.model.library[material_id]))

        combo.currentIndexChanged.connect(
            lambda _i: self._set(path, combo.currentData(), "Change material")
        )
        updaters.append(update)
        form.addRow("Material", combo)
        form.addRow("", info)
        self.fields[path] = combo

    def _rebuild_layer(self, design: Design, key: str) -> None:
        self._updaters = []
        self.fields = {k: w for k, w in self.fields.items() if _is_cell_path(k)}
        form = self._new_form(self.layer_box)
        u = self._updaters
        if key in ("cathode_collector", "anode_collector"):
            self.layer_box.setTitle(
                "Cathode collector" if key.startswith("cathode") else "Anode collector"
            )
            self._add_material(form, u, f"{key}.material", ("metal",))
            self._add_number(
                form, u, "Thickness", f"{key}.thickness_um", "µm", limits.POSITIVE_THICKNESS_UM, 1
            )
        elif key.startswith("separator["):
            self.layer_box.setTitle(
                f"Separator layer {int(key[10:-1]) + 1} (from the cathode side)"
            )
            self._add_material(
                form, u, f"{key}.material", ("solid_electrolyte", "separator_membrane")
            )
            self._add_number(
                form, u, "Thickness", f"{key}.thickness_um", "µm", limits.POSITIVE_THICKNESS_UM, 1
            )
            self._porosity_rows(form, key, design)
        elif key == "cathode":
            self.layer_box.setTitle("Composite cathode")
            self._cathode_form(form, design)
        elif key == "anode":
            self.layer_box.setTitle("Anode")
            self._anode_form(form, design)
        else:
            self.layer_box.setTitle("Select a layer in the stack diagram")

    def _size_row(self, form: QFormLayout, key: str, design: Design) -> None:
        """A 'size by' chooser and the spin box of the field that sets the layer's size."""
        fields = edits.size_fields(design, key)
        current = _size_by(design, key)
        chooser = ChoiceBox()
        for name in fields:
            label, unit, _bounds = SIZE_ROWS[name]
            chooser.addItem(f"{label} ({unit})" if unit else label, name)
        chooser.setCurrentIndex(chooser.findData(current))
        chooser.currentIndexChanged.connect(
            lambda _i: self._edit(lambda: self.model.set_size_by(key, chooser.currentData()))
        )
        form.addRow("Size by", chooser)
        self._updaters.append(lambda d: _show_combo(chooser, _size_by(d, key)))
        self.fields[f"{key}.size_by"] = chooser
        label, unit, bounds = SIZE_ROWS[current]
        self._add_number(form, self._updaters, label, f"{key}.{current}", unit, bounds, 2)

    def _porosity_rows(self, form: QFormLayout, prefix: str, design: Design) -> None:
        """Porosity given directly, or derived from a pressing pressure by the engine."""
        layer = _get(design, prefix)
        pressed = layer.porosity is None
        chooser = ChoiceBox()
        chooser.addItem("given", "given")
        chooser.addItem("from a pressing pressure", "pressure")
        chooser.setCurrentIndex(chooser.findData(_porosity_from(design, prefix)))
        chooser.currentIndexChanged.connect(
            lambda _i: self._edit(
                lambda: self.model.set_porosity_from(prefix, chooser.currentData() == "pressure")
            )
        )
        form.addRow("Porosity from", chooser)
        self._updaters.append(
            lambda d: _show_combo(
                chooser, "pressure" if _get(d, prefix).porosity is None else "given"
            )
        )
        self.fields[f"{prefix}.porosity_from"] = chooser
        if pressed:
            self._add_number(
                form,
                self._updaters,
                "Pressed at",
                f"{prefix}.pressing_pressure_MPa",
                "MPa",
                limits.PRESSURE_MPA,
                1,
            )
        self._add_number(
            form, self._updaters, "Porosity", f"{prefix}.porosity", "%", limits.POROSITY, 1, 100.0
        )

    def _cathode_form(self, form: QFormLayout, design: Design) -> None:
        self._size_row(form, "cathode", design)
        self._porosity_rows(form, "cathode", design)
        self._measured_rows(
            form,
            ("Voltage", "measured mean voltage", "Mean voltage"),
            "Unchecked: the capacity-weighted mean of the actives' library voltages vs Li+/Li",
            "cathode.mean_voltage_V",
            ("V vs Li", limits.VOLTAGE_V, 3, 1.0),
        )
        self._measured_rows(
            form,
            ("Formation", "measured efficiency", "First-cycle eff."),
            "Unchecked: the first-cycle losses of the actives in the library, where it has them "
            "(the Li inventory in the numbers panel)",
            "cathode.first_cycle_efficiency",
            ("%", limits.COULOMBIC_EFFICIENCY, 2, 100.0),
        )
        self._coating_rows(form, design)
        table = ComponentsTable(
            self.model, "cathode", ("cathode_active", "solid_electrolyte", "carbon", "binder")
        )
        table.refused.connect(self._refuse)
        self._updaters.append(table.show_design)
        form.addRow(table)
        self.fields["cathode.components"] = table

    def _coating_rows(self, form: QFormLayout, design: Design) -> None:
        """Whether the actives are coated, with which ion conductor of the library, and the
        shell's thickness (engine/evaluate/coating.py)."""
        conductors = self.model.library.by_category("solid_electrolyte")
        coating = _material_choice(
            "none", [m for m in conductors if m.get("ionic_conductivity_S_cm")]
        )
        coating.setToolTip(
            "An ion conductor coating every active's particles (LiNbO3 is added as one of your "
            "materials): its shell weighs and takes room in the composite, adds its resistance "
            "to the interphases, and is all the actives touch"
        )
        coating.currentIndexChanged.connect(
            lambda _i: self._edit(lambda: self.model.set_coating(coating.currentData() or None))
        )
        self._updaters.append(lambda d: _show_combo(coating, d.cathode.coating_material or ""))
        form.addRow("Coating", coating)
        self.fields["cathode.coating_material"] = coating
        if design.cathode.coating_material is not None:
            self._add_number(
                form,
                self._updaters,
                "Shell",
                "cathode.coating_thickness_nm",
                "nm",
                limits.COATING_NM,
                1,
            ).setToolTip("The coating's thickness on every particle")

    def _anode_form(self, form: QFormLayout, design: Design) -> None:
        anode = design.anode
        kind = ChoiceBox()
        for value, label in ANODE_KINDS:
            kind.addItem(label, value)
        kind.setCurrentIndex(kind.findData(anode.kind))
        kind.currentIndexChanged.connect(
            lambda _i: self._edit(lambda: self.model.set_anode_kind(kind.currentData()))
        )
        form.addRow("Type", kind)
        self._updaters.append(lambda d: _show_combo(kind, d.anode.kind))
        self.fields["anode.kind"] = kind
        if anode.kind in edits.ANODE_SIZE_FIELDS:
            self._size_row(form, "anode", design)
        if anode.kind == "alloy_foil":
            self._add_material(
                form, self._updaters, "anode.components[0].material", ("anode_active",)
            )
        elif anode.kind == "composite":
            self._add_number(
                form, self._updaters, "Porosity", "anode.porosity", "%", limits.POROSITY, 1, 100.0
            )
            table = ComponentsTable(
                self.model, "anode", ("anode_active", "solid_electrolyte", "carbon", "binder")
            )
            table.refused.connect(self._refuse)
            self._updaters.append(table.show_design)
            form.addRow(table)
        elif anode.kind == "anode_free":
            note = QLabel(
                "Li plates on the collector at charge"
                + (" through an interlayer." if anode.components else ".")
            )
            note.setWordWrap(True)
            form.addRow(note)
            if anode.components:
                self._add_material(
                    form, self._updaters, "anode.components[0].material", ("anode_active", "carbon")
                )
                self._add_number(
                    form,
                    self._updaters,
                    "Interlayer",
                    "anode.thickness_um",
                    "µm",
                    limits.THICKNESS_UM,
                    1,
                )
        else:
            note = QLabel(material_summary(self.model.library["Li"]))
            note.setWordWrap(True)
            form.addRow("Li foil", note)
        if anode.kind != "li_metal":
            self._measured_rows(
                form,
                ("Prelithiation", "Li added before assembly", "Li added"),
                "Li added to the anode before the cell is assembled (a Li foil pressed on, Li "
                "powder, a Li layer on the collector): it lithiates a host and adds to the Li "
                "inventory. Checked, it starts at the Li that keeps the capacity whole",
                "anode.prelithiation_mAh_cm2",
                ("mAh/cm²", limits.PRELITHIATION_MAH_CM2, 3, 1.0),
            )
        self._measured_rows(
            form,
            ("Cycling", "measured efficiency", "Coulombic eff."),
            "Unchecked: the library's for the electrolyte facing a Li metal or anode-free anode, "
            "if it has one (the Li inventory's cycle count needs one)",
            "anode.coulombic_efficiency",
            ("%", limits.COULOMBIC_EFFICIENCY, 2, 100.0),
        )

    def _measured_rows(
        self,
        form: QFormLayout,
        labels: tuple[str, str, str],
        tooltip: str,
        path: str,
        number: tuple[str, tuple, int, float],
    ) -> None:
        """A check box that gives a field as measured (the design model's set_measured) and,
        while it is, the field itself. labels: the row's, the box's and the field's."""
        row, box_text, field = labels
        measured = QCheckBox(box_text)
        measured.setChecked(_get(self.model.design, path) is not None)
        measured.setToolTip(tooltip)
        measured.toggled.connect(lambda on: self._edit(lambda: self.model.set_measured(path, on)))
        form.addRow(row, measured)
        if _get(self.model.design, path) is not None:
            unit, bounds, decimals, scale = number
            self._add_number(form, self._updaters, field, path, unit, bounds, decimals, scale)

    def _rebuild_cell(self, design: Design) -> None:
        self._cell_updaters = []
        self.fields = {k: w for k, w in self.fields.items() if not _is_cell_path(k)}
        form = self._new_form(self.cell_box)
        u = self._cell_updaters
        fmt = ChoiceBox()
        fmt.addItem("Pellet cell (die)", "pellet")
        fmt.addItem("Stacked pouch cell", "pouch")
        fmt.setCurrentIndex(fmt.findData(_format_kind(design)))
        fmt.currentIndexChanged.connect(
            lambda _i: self._edit(lambda: self.model.set_cell_format(fmt.currentData()))
        )
        form.addRow("Format", fmt)
        u.append(lambda d: _show_combo(fmt, _format_kind(d)))
        self.fields["cell_format.kind"] = fmt
        if isinstance(design.cell_format, PelletFormat):
            self._add_number(
                form, u, "Diameter", "cell_format.diameter_mm", "mm", limits.LENGTH_MM, 1
            ).setToolTip("The cathode's diameter: the die's where no layer overhangs it")
        else:
            for label, name in (("Width", "width_mm"), ("Height", "height_mm")):
                self._add_number(
                    form, u, label, f"cell_format.{name}", "mm", limits.LENGTH_MM, 1
                ).setToolTip(
                    f"The cathode's {label.lower()}; the anode and separator add their overhang"
                )
        self._overhang_rows(form, u)
        if isinstance(design.cell_format, PouchFormat):
            cells = QuantitySpinBox("", 1, 1000, 0)
            cells.committed.connect(
                lambda v: self._set("cell_format.unit_cells", int(v), "Set unit cells")
            )
            u.append(lambda d, s=cells: s.show_value(d.cell_format.unit_cells))
            form.addRow("Unit cells", cells)
            self.fields["cell_format.unit_cells"] = cells
            sides = QCheckBox("double-sided electrodes")
            sides.toggled.connect(
                lambda on: self._set("cell_format.double_sided", on, "Toggle double-sided")
            )
            u.append(lambda d, b=sides: _show_check(b, d.cell_format.double_sided))
            form.addRow("", sides)
            self._add_number(form, u, "Tabs", "cell_format.tab_mass_g", "g", limits.MASS_G, 2)
            self._add_number(
                form, u, "Pouch foil", "cell_format.foil_thickness_um", "µm", limits.THICKNESS_UM, 0
            )
            self._add_number(
                form,
                u,
                "Foil density",
                "cell_format.foil_density_g_cm3",
                "g/cm³",
                limits.DENSITY_G_CM3,
                2,
            )
            self._add_number(
                form, u, "Seal width", "cell_format.seal_width_mm", "mm", limits.EDGE_MM, 1
            )
            self._add_number(
                form, u, "Headspace", "cell_format.headspace_mm", "mm", limits.EDGE_MM, 1
            )
        self._add_number(
            form, u, "Stack pressure", "operating.stack_pressure_MPa", "MPa", limits.PRESSURE_MPA, 1
        )
        self._add_number(
            form, u, "Temperature", "operating.temperature_C", "°C", limits.TEMPERATURE_C, 1
        )
        self._add_number(form, u, "Cycles counted", "operating.cycles", "", limits.CYCLES, 0)
        for path, label in (("n_p_basis", "N/P on"), ("capacity_basis", "Energy from")):
            basis = ChoiceBox()
            basis.addItem("practical capacity", "practical")
            basis.addItem("theoretical capacity", "theoretical")
            basis.currentIndexChanged.connect(
                lambda _i, b=basis, p=path: self._set(p, b.currentData(), f"Set {p}")
            )
            u.append(lambda d, b=basis, p=path: _show_combo(b, getattr(d, p)))
            form.addRow(label, basis)
            self.fields[path] = basis
        self._liquid_row(form, u)
        swelling = QCheckBox("electrodes swell and shrink")
        swelling.setToolTip(
            "On: electrodes swell and shrink with their lithiation (and Li plates), so Wh/L is "
            "at top of charge. Off: every electrode keeps its as-built thickness, as papers that "
            "ignore volume change count it."
        )
        swelling.toggled.connect(
            lambda on: self._set("electrode_volume_change", on, "Toggle electrode volume change")
        )
        u.append(lambda d, b=swelling: _show_check(b, d.electrode_volume_change))
        form.addRow("Volumes", swelling)
        self.fields["electrode_volume_change"] = swelling
        self._interface_rows(form, u)

    def _liquid_row(self, form: QFormLayout, updaters: list) -> None:
        """What fills the porous layers' pores: nothing (all-solid-state) or a liquid electrolyte
        of the library (a Li-ion cell)."""
        liquid = _material_choice(
            "nothing (solid-state)", self.model.library.by_category("liquid_electrolyte")
        )
        liquid.setToolTip(
            "A liquid electrolyte fills the pores of the cathode, the separator layers and a "
            "composite anode, as in a Li-ion cell: it adds its mass and conducts ions there"
        )
        liquid.currentIndexChanged.connect(
            lambda _i: self._set(
                "liquid_electrolyte", liquid.currentData() or None, "Set pore liquid"
            )
        )
        updaters.append(lambda d: _show_combo(liquid, d.liquid_electrolyte or ""))
        form.addRow("Pores hold", liquid)
        self.fields["liquid_electrolyte"] = liquid

    def _overhang_rows(self, form: QFormLayout, updaters: list) -> None:
        """How far the anode and the separator reach past the cathode (docs/design-format.md,
        Overhang)."""
        for label, name, bounds, tip in OVERHANG_ROWS:
            spin = self._add_number(form, updaters, label, f"overhang.{name}", "mm", bounds, 2)
            spin.setToolTip(tip)

    def _interface_rows(self, form: QFormLayout, updaters: list) -> None:
        """The interphase resistances as measured (docs/design-format.md, Interfaces)."""
        for label, name, tip in INTERFACE_ROWS:
            path = f"interfaces.{name}"
            spin = self._add_number(
                form, updaters, label, path, "Ω cm²", limits.INTERFACE_ASR_OHM_CM2, 1
            )
            spin.setToolTip(f"{tip}; as measured at the operating temperature, 0 for none")


def _get(design: Design, path: str) -> Any:
    return get_field(design, path)


def _size_by(design: Design, key: str) -> str | None:
    """The field that sets the layer's size: the one of its size fields the design gives."""
    layer = _get(design, key)
    fields = edits.size_fields(design, key)
    return next((name for name in fields if getattr(layer, name) is not None), None)


def _porosity_from(design: Design, prefix: str) -> str:
    return "pressure" if _get(design, prefix).porosity is None else "given"


def _format_kind(design: Design) -> str:
    return "pellet" if isinstance(design.cell_format, PelletFormat) else "pouch"


OVERHANG_ROWS = (  # label, field, allowed range, what it is
    (
        "Anode margin",
        "anode_mm",
        limits.ANODE_OVERHANG_MM,
        (
            "Overhang: how far the anode and its collector reach past the cathode's edge on "
            "every side; negative: the anode stops short of it"
        ),
    ),
    (
        "SE margin",
        "separator_mm",
        limits.SEPARATOR_OVERHANG_MM,
        "Overhang: how far the separator reaches past the larger electrode on every side",
    ),
)

INTERFACE_ROWS = (  # label, field, what it is
    ("Cathode | SE", "cathode_electrolyte_ohm_cm2", "The cathode actives' interphase"),
    ("SE | SE, each", "electrolyte_electrolyte_ohm_cm2", "Each junction of separator layers"),
    ("SE | anode", "electrolyte_anode_ohm_cm2", "The separator's interphase with the anode"),
)


def _is_cell_path(path: str) -> bool:
    return path.startswith(
        (
            "cell_format",
            "operating",
            "n_p_basis",
            "capacity_basis",
            "electrode_volume_change",
            "interfaces",
            "overhang",
            "liquid_electrolyte",
        )
    )


def _show_number(spin: QuantitySpinBox, value: object, derived: object = None) -> None:
    """A field left unset (a porosity derived from the pressing pressure) shows, greyed, the
    value the engine derived for it."""
    spin.setEnabled(value is not None)
    if value is None:
        spin.setToolTip("derived by the engine (see the layer's trace in the numbers panel)")
        value = derived
    if value is not None:
        spin.show_value(float(value))  # type: ignore[arg-type]


def _show_check(box: QCheckBox, on: bool) -> None:
    blocked = box.blockSignals(True)
    box.setChecked(on)
    box.blockSignals(blocked)


def _material_choice(none: str, materials: list[Material]) -> ChoiceBox:
    """A choice of none or one of the materials, each with its summary as a tooltip."""
    box = ChoiceBox()
    box.addItem(none, "")
    for material in materials:
        box.addItem(material.id, material.id)
        box.setItemData(box.count() - 1, material_summary(material), Qt.ItemDataRole.ToolTipRole)
    return box


def _show_combo(combo: QComboBox, data: str) -> None:
    blocked = combo.blockSignals(True)
    combo.setCurrentIndex(combo.findData(data))
    combo.blockSignals(blocked)
