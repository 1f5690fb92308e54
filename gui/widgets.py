"""Small input widgets shared by the editors: unit-aware spin boxes and material pickers."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QValidator,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QLabel,
    QScrollArea,
    QWidget,
)

from engine.materials import Library, Material
from gui.step_runs import StepRuns, stepping

# A number as it is being typed ("-", "1.", "2e"), in or out of any range.
_PARTIAL_NUMBER = re.compile(r"[+-]?\d*\.?\d*(?:[eE][+-]?\d*)?")


def _wheel_when_focused(
    widget: QWidget, event: QWheelEvent, handle: Callable[[QWheelEvent], None]
) -> None:
    """The wheel changes a field only when it has keyboard focus; else it goes on to the
    panel, which scrolls."""
    if widget.hasFocus():
        handle(event)
    else:
        event.ignore()


class WrappedLabel(QLabel):
    """A word-wrapped label that keeps room for all its lines at its width. A layout asks a
    wrapped label for the height of its widest form, so at large text its lines overlapped the
    fields above it."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        hint = super().minimumSizeHint()
        if self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # fewer or more lines: the layout asks again


class SteadyLabel(WrappedLabel):
    """A wrapped label that keeps the height of its tallest text at its width and font: a text
    that changes back and forth (the bands' sentence while editing, and once drawn) does not
    move what is below it up and down on every edit."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # room below
        self._tallest: dict[tuple[int, str], int] = {}  # by (width, font)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's name)
        key = (width, self.font().key())
        if len(self._tallest) > 64 and key not in self._tallest:
            self._tallest.clear()  # a window resized by dragging: widths it no longer has
        tallest = max(self._tallest.get(key, 0), super().heightForWidth(width))
        self._tallest[key] = tallest
        return tallest


class CappedText(QScrollArea):
    """A wrapped text shown whole up to a number of lines and scrolling beyond them: on a short
    window at large text, a plot's summary took the room of the plot above it."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.label = WrappedLabel()
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)  # on the background of what holds it
        self.label.setAutoFillBackground(False)  # (setWidget turned it on)

    def setText(self, text: str) -> None:  # noqa: N802 (as a label's)
        self.label.setText(text)
        self.verticalScrollBar().setValue(0)  # a new text reads from its start
        self.updateGeometry()

    def _height(self) -> int:
        cap = self.fontMetrics().lineSpacing() * self.lines + 2  # (and a line's leading)
        return min(self.label.heightForWidth(max(self.viewport().width(), 1)), cap)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(super().minimumSizeHint().width(), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


def refusal_label(name: str) -> QLabel:
    """Where a panel or dialog says why an edit was refused: red, wrapped, plain text (it may
    quote a user's names)."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet("color: #c0392b;")
    return label


class QuantitySpinBox(QDoubleSpinBox):
    """A spin box for one design field: shows its unit and reports a finished value (typing is
    committed on Enter or focus-out, not on every keystroke).

    The arrows and the wheel stay within the allowed range; a typed value outside it is not
    clamped but committed as typed, so the engine refuses it with the field, the value and the
    range, and the box shows the design's value again. The wheel changes the value only when the
    box has keyboard focus: over a panel it scrolls the panel.

    display_scale converts the stored value to the shown one (100 for a fraction shown in %).
    """

    committed = Signal(float)  # the stored (unscaled) value
    tolerance_requested = Signal()  # "Tolerance…" chosen from the box's context menu

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
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(f"allowed: {low * display_scale:g} to {high * display_scale:g} {unit}")
        self.valueChanged.connect(lambda shown: self.committed.emit(shown / self.display_scale))
        self._runs = StepRuns()

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt override)
        """A step of the arrows, the wheel or the keys: steps in quick succession are one run,
        one undo step (gui/step_runs.py)."""
        with stepping(self._runs.key()):
            super().stepBy(steps)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt's name)
        """The text box's own menu, and how sure the value is (Edit > Tolerances, at it)."""
        menu = self.lineEdit().createStandardContextMenu()
        menu.addSeparator()
        menu.addAction("Tolerance…", self.tolerance_requested.emit)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def show_value(self, stored: float) -> None:
        """Put a model value into the box without emitting committed. A box that shows the
        value already is left alone: Qt repaints a spin box on every setValue, and each edit
        shows every field of the inspector again."""
        shown = stored * self.display_scale
        text = self.textFromValue(shown)
        if self.text() == f"{self.prefix()}{text}{self.suffix()}" and self.value() == (
            self.valueFromText(text)
        ):
            return
        blocked = self.blockSignals(True)
        self.setValue(shown)
        self.blockSignals(blocked)

    def typed(self) -> float | None:
        """The number in the edit as shown (None if it is not one)."""
        text = self.lineEdit().text().removeprefix(self.prefix()).removesuffix(self.suffix())
        number, ok = self.locale().toDouble(text.strip())
        return number if ok else None

    def validate(self, text: str, pos: int) -> object:
        """Let any number be typed, in range or not (Qt's own check drops the keystroke). A
        decimal comma is taken as the decimal point it means: the window reads no thousands
        separators, so "61,5" is 61.5, never 615."""
        text = text.replace(",", ".")
        state, text, pos = super().validate(text, pos)
        if state == QValidator.State.Invalid:
            core = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
            if _PARTIAL_NUMBER.fullmatch(core.replace(self.locale().decimalPoint(), ".")):
                state = QValidator.State.Intermediate
        return state, text, pos

    def _commit_out_of_range(self) -> None:
        shown = self.typed()
        if shown is not None and not self.minimum() <= shown <= self.maximum():
            self.committed.emit(shown / self.display_scale)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._commit_out_of_range()
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Ctrl+Z and Ctrl+Shift+Z go to the design's undo and redo while nothing is typed in the
        box: after Enter the edit is the design's, and undoing it is what the key means. While a
        number is being typed they undo the typing, as in any text field."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            edit = self.lineEdit()
            undo = event.matches(QKeySequence.StandardKey.Undo) and not edit.isUndoAvailable()
            redo = event.matches(QKeySequence.StandardKey.Redo) and not edit.isRedoAvailable()
            if undo or redo:
                event.ignore()  # not the box's: the window's shortcut takes it
                return True
        return super().event(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        self._commit_out_of_range()
        super().focusOutEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        _wheel_when_focused(self, event, super().wheelEvent)


class ChoiceBox(QComboBox):
    """A combo box whose choice the wheel changes only when it has keyboard focus."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        _wheel_when_focused(self, event, super().wheelEvent)


def value_source(material: Material, key: str, unit: str) -> str:
    """A value with its source, as rich text (a user's source text is escaped)."""
    entry = material.values.get(key)
    if entry is None:
        return ""
    return f"{entry.value:.4g} {unit} [{html.escape(entry.citation())}]"


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


class MaterialComboBox(ChoiceBox):
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
