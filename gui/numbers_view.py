"""The numbers panel: the energy-density ladder, the key figures, the warnings, and why.

Every number comes from the engine's Results; clicking one shows the engine's explanation of it
(formula, inputs with units and sources). Rows are created once and their texts updated.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.evaluate.cost import cell_cost_text, cost_lines
from engine.evaluate.delivery import delivery_warnings
from engine.evaluate.inventory import LithiumInventory, inventory_text, lithium_inventory
from engine.evaluate.trace import AT_CELL_VOLTAGE, explain
from engine.labels import describe
from engine.ladder_words import ladder_bases_text, ladder_rows
from engine.problems import DesignWarning
from engine.studies.uncertainty import band_range, band_width, bands_text, inputs_text
from gui.design_model import DesignModel
from gui.widgets import SteadyLabel

# Short names for the ladder's rows; the full basis is the row's tooltip and explanation.
RUNG_NAMES = {
    "active_delithiated": "Active, delith.",
    "active_lithiated": "Active, lith.",
    "cathode": "Cathode",
    "cathode_lithiated": "Cathode, lith.",
    "electrode_pair": "Electrodes",
    "stack": "Stack",
    "cell": "Cell",
    "cell_fixture": "Cell + fixture",
}

# The ladder's number columns: the Rung property, the header and the header's tooltip.
LADDER_COLUMNS = (
    ("wh_per_kg", "Wh/kg", "Energy per kg of the mass each level counts"),
    (
        "wh_per_l",
        "Wh/L",
        (
            "Energy per litre of the volume each level names (from level 3: at top of charge, "
            "or as built when the design ignores electrode volume change)"
        ),
    ),
    (
        "wh_per_l_discharged",
        "Wh/L\ndis.",
        "Energy per litre of the same layers at end of discharge (as built, discharged)",
    ),
)

# The last column: each level's Wh/kg band from the inputs' tolerances (engine/studies/uncertainty).
BAND_HEADER = "±%"
BAND_TIP = (
    "The 5th to 95th percentile of the level's Wh/kg, as ± half its width over its median, when "
    "every input with a tolerance (the design's, Edit > Tolerances, and the library's stated "
    "ones) is drawn at random"
)

ROW_PADDING_PX = 6  # above and below a table row's text

FIGURES = (
    ("areal_capacity", "Areal capacity"),
    ("capacity", "Cell capacity"),
    ("cell_voltage", "Cell voltage"),
    ("n_p_ratio", "N/P ratio"),
    ("energy", "Cell energy"),
    ("mass", "Cell mass"),
    ("volume", "Cell volume"),
    ("thickness", "Stack thickness"),
    ("first_cycle", "First-cycle eff."),
    ("lithium_excess", "Li excess"),
    ("full_cycles", "Excess lasts"),
    ("cycle_life", "After N cycles"),
    ("cost", "Materials cost"),
)
LITHIUM_FIGURES = ("first_cycle", "lithium_excess", "full_cycles", "cycle_life")


def _item(text: str = "", align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


NO_PRICES = (
    "No prices: Edit > Prices (Ctrl+Shift+P) takes what each material costs, for the cell's "
    "materials cost per cell and per kWh."
)


def _lithium_values(inventory: LithiumInventory) -> dict[str, str]:
    """The Li inventory's figures as the panel shows them (short: the click explains)."""
    first = inventory.formation
    shown = {
        "first_cycle": f"{float(first.efficiency):.1%}" if first.source else "not known",
        "lithium_excess": f"{float(inventory.excess_mAh_cm2):.3g} mAh/cm²",
    }
    ce = inventory.coulombic_efficiency
    if ce is None:
        return {**shown, "full_cycles": "no CE given", "cycle_life": "no CE given"}
    full = float(inventory.full_capacity_cycles)  # type: ignore[arg-type]
    retention = float(inventory.retention_after_cycles)  # type: ignore[arg-type]
    lasts = "∞" if full == float("inf") else f"{full:.0f}" if full >= 100 else f"{full:.3g}"
    return {
        **shown,
        "full_cycles": f"{lasts} cycles",  # at the efficiency its tooltip and explanation give
        "cycle_life": f"{retention * 100:.3g} % left",
    }


def _table(name: str, accessible: str, headers: list[str], stretch: int = 0) -> QTableWidget:
    """A read-only table whose column stretch takes the width left over, the others what their
    contents need."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


class NumbersView(QScrollArea):
    """The numbers panel; it scrolls when the window is too short for all of it (a small screen,
    large text)."""

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._delivery: list[DesignWarning] = []  # the last delivery check's warnings
        self._delivery_check = QTimer(self)
        self._delivery_check.setSingleShot(True)
        self._delivery_check.setInterval(0)
        self._delivery_check.timeout.connect(self._check_delivery)
        self.setObjectName("numbers")
        self.ladder = _table(
            "ladder",
            "Energy-density ladder: Wh/kg and Wh/L at each level",
            ["Level", *[c[1] for c in LADDER_COLUMNS], BAND_HEADER],
        )
        for column, (_key, _title, tip) in enumerate(LADDER_COLUMNS, start=1):
            self.ladder.horizontalHeaderItem(column).setToolTip(tip)
        self.band_column = len(LADDER_COLUMNS) + 1
        self.ladder.horizontalHeaderItem(self.band_column).setToolTip(BAND_TIP)
        # The names whole, the values in the rest: a long value (a ratio on two bases) must not
        # squeeze "Cell capacity" and "Cell mass" both to "Cell ...".
        self.figures = _table(
            "key_figures", "Key figures of the cell", ["Figure", "Value"], stretch=1
        )
        self.figures.setRowCount(len(FIGURES))
        for row, (_key, label) in enumerate(FIGURES):
            self.figures.setItem(row, 0, _item(label))
            self.figures.setItem(row, 1, _item("", align_right=True))
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = QTextBrowser()
        self.explanation.setPlaceholderText("Click a number: how it was obtained.")
        self.explanation.setMinimumHeight(90)
        self.setMinimumWidth(320)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        title = QLabel("<b>Energy density</b> (click a number: how it is counted)")
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.ladder)
        self.bases = SteadyLabel()  # its bands' sentence changes as edits start and pause
        self.bases.setObjectName("ladder_bases")
        self.bases.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.bases)
        layout.addWidget(self.figures)
        layout.addWidget(self.warnings)
        layout.addWidget(self.explanation, 1)
        self.ladder.cellClicked.connect(self._on_ladder_clicked)
        self.figures.cellClicked.connect(self._on_figure_clicked)
        self._explained: str | None = None
        model.design_changed.connect(self._on_design_changed)
        model.bands_changed.connect(self._show_bands)
        self._on_design_changed()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """As wide as the panel's least width: the plots beside it keep the room they had
        before the panel could scroll (its scroll bar is not asked for)."""
        hint = super().sizeHint()
        return QSize(self.minimumWidth(), hint.height())

    def _on_design_changed(self) -> None:
        results = self.model.results
        rows = ladder_rows(results.ladder)
        if self.ladder.rowCount() != len(rows):
            self.ladder.setRowCount(len(rows))
            for row in range(len(rows)):
                self.ladder.setItem(row, 0, _item())
                for column in range(1, self.band_column + 1):
                    self.ladder.setItem(row, column, _item(align_right=True))
        for row, (rung, at_cell) in enumerate(rows):
            label = self.ladder.item(row, 0)
            name = RUNG_NAMES.get(rung.key, rung.label)
            if at_cell:
                label.setText(f"     at cell {float(rung.cell_voltage_V):.3g} V")
                tip = f"{rung.basis} Here at the cell voltage (cathode minus anode) instead."
            else:
                label.setText(f"{rung.level}  {name}")
                tip = rung.basis
            if label.data(Qt.ItemDataRole.UserRole) != (rung.key, at_cell):
                # Only when it changes: Qt does not see an equal Python value as unchanged, so
                # setting it again signals a change and the table is laid out again (0.6 ms).
                label.setData(Qt.ItemDataRole.UserRole, (rung.key, at_cell))
            label.setToolTip(tip)
            suffix = AT_CELL_VOLTAGE if at_cell else ""
            for column, (key, _title, _tip) in enumerate(LADDER_COLUMNS, start=1):
                item = self.ladder.item(row, column)
                item.setText(f"{float(getattr(rung, key + suffix)):.0f}")
                item.setToolTip(tip)
        self._show_bands()
        self._fit_height(self.ladder)
        design = self.model.design
        n_p = (
            "n/a (anode-free)"
            if results.n_p_ratio is None
            else f"{float(results.n_p_ratio_on('practical')):.3g} prac. / "
            f"{float(results.n_p_ratio_on('theoretical')):.3g} theor."
        )
        state = "charged" if design.electrode_volume_change else "as built"
        inventory = lithium_inventory(results)
        values = {
            "areal_capacity": f"{float(results.areal_capacity_mAh_cm2):.3g} mAh/cm²",
            "capacity": f"{float(results.capacity_mAh):.4g} mAh",
            "cell_voltage": f"{float(results.cell_voltage_V):.3g} V",
            "n_p_ratio": n_p,
            "energy": f"{float(results.energy_Wh):.4g} Wh",
            "mass": f"{float(results.cell_mass_g):.4g} g",
            "volume": f"{float(results.cell_volume_cm3):.4g} cm³",
            "thickness": f"{float(results.stack_thickness_um) / 1000:.4g} mm ({state})",
            **_lithium_values(inventory),
            "cost": "",  # _show_cost, with its band
        }
        for row, (key, _label) in enumerate(FIGURES):
            self.figures.item(row, 1).setText(values[key])
        cycles = f"{float(design.operating.cycles):g}"
        self.figures.item([k for k, _label in FIGURES].index("cycle_life"), 0).setText(
            f"After {cycles} cycles"
        )
        self.figures.item(0, 1).setToolTip(f"Areal capacity: {results.areal_capacity_basis}")
        for key in LITHIUM_FIGURES:
            row = [k for k, _label in FIGURES].index(key)
            self.figures.item(row, 1).setToolTip(inventory_text(inventory))
        self._show_cost()
        self._fit_height(self.figures)
        self._show_warnings()
        self._delivery_check.start()  # the curve's warning, after the numbers are shown
        if self._explained is not None:
            self.show_explanation(self._explained)

    def _show_bands(self) -> None:
        """Each level's band and what they are drawn from; until the model has drawn the bands
        of an edited design (once edits pause), those of the design before it."""
        rows = ladder_rows(self.model.results.ladder)
        if self.ladder.rowCount() != len(rows):
            return  # the ladder is laid out first (_on_design_changed)
        for row, (rung, at_cell) in enumerate(rows):
            self._show_band(row, rung.key, at_cell)
        bands = self.model.bands
        about = bands_text(bands) if bands is not None else f"No bands: {self.model.bands_problem}"
        self.bases.setText(f"{ladder_bases_text(self.model.results)} {about}")
        self._show_cost()

    def _show_cost(self) -> None:
        """The cell's materials cost, with its band where the bands have one (prices, or
        anything else the cost per kWh depends on, with a tolerance)."""
        results, bands = self.model.results, self.model.bands
        item = self.figures.item([k for k, _label in FIGURES].index("cost"), 1)
        text, tip = cell_cost_text(results), "\n".join(cost_lines(results)) or NO_PRICES
        band = None if bands is None else bands.bands.get("cost.cell.usd_per_kwh")
        if (
            band is not None
            and results.cost is not None
            and results.cost.rung("cell").usd is not None
        ):
            text += f" ±{band_width(band)} %"
            tip = f"5–95 %: {band_range(band)} $/kWh (median {band.median:.0f}).\n{tip}"
        item.setText(text)
        item.setToolTip(tip)

    def _show_band(self, row: int, key: str, at_cell: bool) -> None:
        """The level's Wh/kg band; none on an 'at cell' row (its band is the level's own, on
        another voltage)."""
        item = self.ladder.item(row, self.band_column)
        bands = self.model.bands
        if at_cell or bands is None or f"ladder.{key}.wh_per_kg" not in bands.bands:
            item.setText("")  # (a level the design had not before an edit: drawn in a moment)
            missing = f"No bands: {self.model.bands_problem}"
            item.setToolTip(BAND_TIP if at_cell or bands else missing)
            return
        per_kg, per_l = (bands.bands[f"ladder.{key}.{unit}"] for unit in ("wh_per_kg", "wh_per_l"))
        item.setText(band_width(per_kg))
        item.setToolTip(
            f"{BAND_TIP}: {band_range(per_kg)} Wh/kg (median {per_kg.median:.0f}), "
            f"{band_range(per_l)} Wh/L (median {per_l.median:.0f}). Click for the inputs drawn."
        )

    @staticmethod
    def _fit_height(table: QTableWidget) -> None:
        row = table.fontMetrics().height() + ROW_PADDING_PX  # follows the text size (zoom)
        for r in range(table.rowCount()):
            table.setRowHeight(r, row)
        height = table.horizontalHeader().sizeHint().height() + 4
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height)
        # As wide as its contents: in a narrow panel the panel scrolls; a squeezed column
        # would show "1 …" for a level's name.
        header = table.horizontalHeader()
        columns = range(table.columnCount())
        width = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in columns)
        table.setMinimumWidth(width + 2 * table.frameWidth())

    def _on_ladder_clicked(self, row: int, column: int) -> None:
        if column == self.band_column:
            self.show_bands()
            return
        key, at_cell = self.ladder.item(row, 0).data(Qt.ItemDataRole.UserRole)
        quantity = LADDER_COLUMNS[max(column, 1) - 1][0] + (AT_CELL_VOLTAGE if at_cell else "")
        self.show_explanation(f"{quantity}:{key}")

    def _on_figure_clicked(self, row: int, _column: int) -> None:
        key = FIGURES[row][0]
        if key in ("areal_capacity", "cell_voltage", "n_p_ratio"):
            self.show_explanation(key)
        elif key in LITHIUM_FIGURES:
            self.show_explanation("first_cycle" if key == "first_cycle" else "cycle_life")
        elif key == "cost":
            self.show_explanation("cost")
        else:
            self.show_explanation("wh_per_kg:cell")

    def _check_delivery(self) -> None:
        """The warning that needs the discharge curve (engine/evaluate/delivery.py), computed on
        the next turn of the event loop: the window's first numbers do not wait for a curve."""
        self._delivery = delivery_warnings(self.model.results)
        self._show_warnings()

    def _show_warnings(self) -> None:
        warnings = [*self.model.results.warnings, *self._delivery]
        if warnings:
            items = "".join(f"<li>{escape(describe(w))}</li>" for w in warnings)
            self.warnings.setText(f"<b>Warnings</b><ul>{items}</ul>")
        else:
            self.warnings.setText("No warnings.")

    def show_bands(self) -> None:
        """What the bands are drawn from: every uncertain input, its tolerance and its source."""
        self._explained = None
        bands = self.model.bands
        if bands is None:
            self.explanation.setPlainText(f"No bands: {self.model.bands_problem}")
            return
        drawn = inputs_text(bands, self.model.design)
        self.explanation.setPlainText(f"{bands_text(bands)}\n\n{drawn}")

    def show_explanation(self, key: str) -> None:
        """Show the engine's explanation of one number, in plain words with units."""
        if key == "cost":  # the cost's lines: per level, per layer and material, the prices
            self._explained = key
            self.explanation.setPlainText("\n".join(cost_lines(self.model.results)) or NO_PRICES)
            return
        try:
            explanation = explain(self.model.results, key)
        except KeyError as error:
            self.explanation.setPlainText(str(error.args[0]))
            return
        self._explained = key
        self.explanation.setPlainText(explanation.text(labels=True))
