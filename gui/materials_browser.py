"""The materials library to browse: every material, shipped and the user's, with each value, its
source and the full citation, so a value can be checked before it is used (Help > Materials)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.labels import value_label
from engine.materials import CATEGORIES, Library, Material
from engine.references import OWN_SOURCE, load_references
from gui.design_model import DesignModel
from gui.widgets import ChoiceBox

COLUMNS = ("id", "name", "category", "from")


ORIGINS = {
    "shipped": "shipped",
    "yours": "your materials file",
    "design file": "brought by a design file",
}


def origin_of(material_id: str, library: Library) -> str:
    """Where a material comes from: a key of ORIGINS."""
    if material_id in library.user_ids:
        return "yours"
    return "design file" if material_id in library.carried_ids else "shipped"


def material_html(material: Material, library: Library) -> str:
    """One material's values with their sources, and the citations of those sources."""
    head = (
        f"<h3>{escape(material.name)}</h3><p><b>{escape(material.id)}</b>, "
        f"{escape(material.category.replace('_', ' '))}; as made: {escape(material.as_made)}; "
        f"{ORIGINS[origin_of(material.id, library)]}: {escape(material.origin)}</p>"
    )
    rows = "".join(
        f"<tr><td style='white-space:nowrap' title='{escape(key)}'>{escape(value_label(key))}</td>"
        f"<td align='right'>{value.value:.6g}</td>"
        f"<td>{escape(value.source())}</td><td>{escape(value.note)}</td></tr>"
        for key, value in material.values.items()
    )
    table = (
        "<table cellspacing='0' cellpadding='3' border='1'>"
        "<tr><th>value</th><th>number</th><th>source</th><th>note</th></tr>"
        f"{rows}</table>"
    )
    curve = library.open_circuit_curve(material.id) if material.is_active else None
    keys = {v.ref for v in material.values.values()}
    if curve is None:
        curve_text = "<p>No open-circuit curve: no voltage curve.</p>" if material.is_active else ""
    else:
        keys.add(curve.ref)
        curve_text = (
            f"<p>Open-circuit curve: {len(curve.lithiation)} points, "
            f"{curve.potential_V.max():.3g} to {curve.potential_V.min():.3g} V vs Li+/Li "
            f"[{escape(curve.ref)}{', ' + escape(curve.where) if curve.where else ''}].</p>"
        )
    known = load_references()
    cited = "".join(
        f"<li>[{escape(k)}] {escape(known[k].citation) if k in known else OWN_SOURCE}</li>"
        for k in sorted(keys)
    )
    return f"{head}{table}{curve_text}<p><b>Sources</b></p><ul>{cited}</ul>"


class MaterialsBrowser(QDialog):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Materials library")
        self.resize(1150, 640)
        self.model = model
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by id or name")
        self.search.setClearButtonEnabled(True)
        self.category = ChoiceBox()
        self.category.addItem("All categories", None)
        for category in CATEGORIES:
            self.category.addItem(category.replace("_", " "), category)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.details = QTextBrowser()
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.category)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([420, 730])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        self.search.textChanged.connect(lambda _t: self.fill())
        self.category.currentIndexChanged.connect(lambda _i: self.fill())
        self.table.itemSelectionChanged.connect(self._show_selected)
        model.library_changed.connect(self.fill)
        self.fill()

    def shown_ids(self) -> list[str]:
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]

    def fill(self) -> None:
        """The materials that pass the filters, shipped first then the user's, by category."""
        library = self.model.library
        text = self.search.text().strip().lower()
        category = self.category.currentData()
        chosen = [
            m
            for m in library.materials.values()
            if (category is None or m.category == category)
            and (not text or text in m.id.lower() or text in m.name.lower())
        ]
        chosen.sort(
            key=lambda m: (origin_of(m.id, library) != "shipped", CATEGORIES.index(m.category))
        )
        selected = self._selected_id()
        self.table.setRowCount(len(chosen))
        for row, material in enumerate(chosen):
            origin = origin_of(material.id, library)
            cells = (material.id, material.name, material.category.replace("_", " "), origin)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        ids = self.shown_ids()
        if ids:
            self.select(selected if selected in ids else ids[0])
        else:
            self.details.setPlainText("No material matches.")

    def select(self, material_id: str) -> None:
        row = self.shown_ids().index(material_id)
        self.table.selectRow(row)
        self._show_selected()

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).text() if rows else None

    def _show_selected(self) -> None:
        material_id = self._selected_id()
        if material_id is None or material_id not in self.model.library:
            return
        library = self.model.library
        self.details.setHtml(material_html(library[material_id], library))
