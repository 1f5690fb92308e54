"""Edit > Prices: what each material of the cell costs, typed into one table beside the window.

Each row is a material the cell holds (engine/evaluate/cost.py lists them, with their mass in the
cell), then any price the design keeps for a material it no longer holds. The user types US$ per
kg, where the figure comes from and its year; the last column is what the material costs in the
cell. Every change is one undoable edit through the model; a refusal is shown under the table and
the row goes back to what the design holds.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from engine.edits import EditError, parse_price, parse_year
from engine.evaluate.cost import NOT_COUNTED, cell_cost_text, held_materials, usd
from engine.problems import DesignError
from gui.design_model import DesignModel
from gui.files import DESIGN_FILES
from gui.table_dialog import TableDialog

COLUMNS = ("Material", "In the cell", "US$/kg", "Source", "Year", "Cost in the cell")
MATERIAL, MASS, PRICE, SOURCE, YEAR, COST = range(len(COLUMNS))
EDITABLE = (PRICE, SOURCE, YEAR)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PricesDialog(TableDialog):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        about = (
            "What each material costs, in US$ per kg as bought, with where the figure comes from "
            "and its year. Lamina ships no prices: type your own (a quote, a paper's table). "
            f"The cost counts {NOT_COUNTED}; a level that holds a material without a price has "
            "no cost. Tolerances on prices: Edit > Tolerances."
        )
        super().__init__(model, "prices", "Prices", about, COLUMNS, SOURCE, parent)
        self.total = QLabel()
        self.total.setObjectName("prices_total")
        self.total.setWordWrap(True)
        self.body.insertWidget(2, self.total)
        take = QPushButton("Take prices from a design file…")
        take.setToolTip(
            "Set the prices another design file gives (a price list kept as a design), in place "
            "of this design's for the same materials: one undo step"
        )
        take.clicked.connect(self.take_prices_dialog)
        row = QHBoxLayout()
        row.addWidget(take)
        row.addStretch(1)
        self.body.insertLayout(3, row)
        self.materials: list[str] = []
        self.fill()
        self.fit()

    def fill(self) -> None:
        """The rows as the design holds them now."""
        design, results = self.model.design, self.model.results
        held = held_materials(results)
        prices = {p.material: p for p in design.prices}
        self.materials = list(held) + [m for m in prices if m not in held]
        cost = results.cost
        costs = {} if cost is None else cost.by_material()
        self.filling = True
        self.table.setRowCount(len(self.materials))
        for row, material in enumerate(self.materials):
            price = prices.get(material)
            cells = (
                material,
                f"{float(held[material]):.4g} g" if material in held else "not in this cell",
                "" if price is None else f"{float(price.usd_per_kg):g}",
                "" if price is None else price.source,
                "" if price is None or price.year is None else str(price.year),
                "" if costs.get(material) is None else usd(costs[material]),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column not in EDITABLE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column in (MASS, PRICE, YEAR, COST):
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
        self.filling = False
        if cost is None:
            self.total.setText("No prices yet: type one in the US$/kg column.")
        else:
            self.total.setText(f"The cell's materials: {cell_cost_text(results)}.")

    def take_prices_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Take prices from", "", DESIGN_FILES)
        if name:
            self.take_prices(Path(name))

    def take_prices(self, path: Path) -> None:
        """The prices of another design file, as one edit; a refusal, or a file without
        prices, is said under the table."""
        try:
            taken = self.model.take_prices(path)
        except DesignError as error:
            self.refuse(f"{path.name}: {error}")
            return
        # the table shows what was taken; a file without prices took nothing, and says so
        self.message.setText("" if taken else f"{path.name} gives no prices: nothing taken.")

    def go_to(self, material: str) -> None:
        """Put the cursor on material's price, ready to type."""
        if material in self.materials:
            item = self.table.item(self.materials.index(material), PRICE)
            self.table.setCurrentItem(item)
            self.table.setFocus()

    def typed(self, item: QTableWidgetItem) -> None:
        if item.column() not in EDITABLE:
            return
        row = item.row()
        material = self.materials[row]
        texts = [self.table.item(row, column).text() for column in EDITABLE]
        if not texts[0].strip() and (texts[1].strip() or texts[2].strip()):
            self.refuse(
                f"Type {material}'s price (US$/kg) first: a source or a year without a price is "
                "not kept."
            )
            return
        try:
            self.model.set_price(
                material,
                parse_price(material, texts[0]),
                texts[1].strip(),
                parse_year(material, texts[2]),
            )
        except (EditError, DesignError) as error:
            self.refuse(str(error))
            return
        self.message.clear()
