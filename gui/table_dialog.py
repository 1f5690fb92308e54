"""A table of the design's values typed into beside the window (Edit > Tolerances, Edit >
Prices): the words above it, the table, a line for a refusal, Close, and undo and redo as in the
window. Each typed cell is one edit through the model; the table is filled again from the design
after every change, on the next turn of the event loop.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.design_model import DesignModel
from gui.widgets import refusal_label


class TableDialog(QDialog):
    """Subclasses fill() the table from the design and take a typed cell in typed()."""

    def __init__(
        self,
        model: DesignModel,
        name: str,
        title: str,
        about: str,
        columns: tuple[str, ...],
        stretch: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle(title)
        self.setObjectName(name)
        words = QLabel(about)
        words.setWordWrap(True)
        self.table = QTableWidget(0, len(columns))
        self.table.setObjectName(f"{name}_table")
        self.table.setAccessibleName(f"{title} of the design")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.message = refusal_label(f"{name}_message")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        stack, keys = model.undo_stack, QKeySequence.StandardKey
        for action, key in ((stack.createUndoAction(self), keys.Undo),
                            (stack.createRedoAction(self), keys.Redo)):  # fmt: skip
            action.setShortcut(key)  # undo here too, as in the window
            self.addAction(action)
        self.body = QVBoxLayout(self)
        self.body.addWidget(words)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.message)
        self.body.addWidget(close)
        self.filling = False
        self.table.itemChanged.connect(self._changed)
        # Filled on the next turn of the event loop: never while Qt is still handling the edit
        # of an item the fill replaces.
        self.refill = QTimer(self)
        self.refill.setSingleShot(True)
        self.refill.setInterval(0)
        self.refill.timeout.connect(self.fill)
        model.design_changed.connect(self.refill.start)

    def fit(self) -> None:
        """Wide enough for every column and tall enough for every row at the text size in use
        (a projector's larger text too), within the screen."""
        table, margins = self.table, self.layout().contentsMargins()
        header = table.horizontalHeader()
        needed = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
                     for c in range(table.columnCount()))  # fmt: skip
        needed += table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth()
        width = needed + margins.left() + margins.right() + 8
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        rows += header.height() + table.horizontalScrollBar().sizeHint().height()
        height = (
            self.sizeHint().height() - table.sizeHint().height() + rows + 2 * table.frameWidth()
        )
        screen = self.screen().availableGeometry() if self.screen() else None
        wide = screen.width() - 40 if screen is not None else width
        tall = screen.height() - 40 if screen is not None else height
        self.resize(min(max(width, 640), wide), min(max(height, 420), tall))

    def fill(self) -> None:
        raise NotImplementedError

    def typed(self, item: QTableWidgetItem) -> None:
        raise NotImplementedError

    def refuse(self, why: str) -> None:
        """Say why an edit was refused; the table goes back to what the design holds."""
        self.message.setText(why)
        self.refill.start()

    def _changed(self, item: QTableWidgetItem) -> None:
        if not self.filling:
            self.typed(item)
