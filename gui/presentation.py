"""The presentation view (View > Presentation, F11): the stack and the cell's two headline
numbers, Wh/kg and Wh/L with their basis in words, filling the screen so that the back of a
classroom can read them. It is a second view of the same model: edits made in it (a drag, the
keys of the diagram) or in the main window show in both. F11 or Esc leaves it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.design_model import DesignModel
from gui.stack_diagram import StackDiagramView

# Text heights as shares of the view's height: the numbers about a tenth of the screen (about
# 100 px on a 1080-line projector), the basis in words as large as a slide's small print.
NUMBER_SHARE = 1 / 11
TITLE_SHARE = 1 / 28
BASIS_SHARE = 1 / 45


class PresentationView(QWidget):
    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.model = model
        self.setObjectName("presentation")
        self.setWindowTitle("Lamina: presentation")
        self.diagram = StackDiagramView(model)
        self.diagram.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.diagram.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.wh_per_kg = QLabel()
        self.wh_per_l = QLabel()
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        for label in (self.title, self.basis):
            label.setTextFormat(Qt.TextFormat.PlainText)  # a design's name is the user's text
        numbers = QVBoxLayout()
        numbers.addWidget(self.title)
        numbers.addStretch(1)
        numbers.addWidget(self.wh_per_kg)
        numbers.addWidget(self.wh_per_l)
        numbers.addWidget(self.basis)
        numbers.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.diagram, 3)  # its labels set its width: more room, a larger stack
        layout.addLayout(numbers, 2)
        for key in (Qt.Key.Key_F11, Qt.Key.Key_Escape):
            QShortcut(QKeySequence(key), self, self.close)
        self.diagram.viewport().installEventFilter(self)  # fitted to the drawing area's size
        model.design_changed.connect(self._on_design_changed)
        self._on_design_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.diagram.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_diagram()
        return False

    def _on_design_changed(self) -> None:
        cell = self.model.results.rung("cell")
        self.title.setText(self.model.design.name)
        self.wh_per_kg.setText(f"{float(cell.wh_per_kg):.0f} Wh/kg")
        self.wh_per_l.setText(f"{float(cell.wh_per_l):.0f} Wh/L")
        self.basis.setText(f"{cell.label}: {cell.basis}")
        self._fit_diagram()

    def _fit_diagram(self) -> None:
        self.diagram.fitInView(self.diagram.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        height = max(event.size().height(), 300)
        for label, share, bold in (
            (self.title, TITLE_SHARE, True),
            (self.wh_per_kg, NUMBER_SHARE, True),
            (self.wh_per_l, NUMBER_SHARE, True),
            (self.basis, BASIS_SHARE, False),
        ):
            font = QFont(label.font())
            font.setPixelSize(max(12, round(height * share)))
            font.setBold(bold)
            label.setFont(font)
        self._fit_diagram()
