"""The stack diagram: one unit cell drawn layer by layer; click to select, drag an edge to resize.

Two scales: true scale (height proportional to thickness) and a readable scale (logarithmic,
h = 22 + 36 log10(1 + t / 5 um)), in which a 10 um foil next to a 200 um cathode stays visible
and clickable. A layer that reaches past the cathode (the design's overhang) is drawn wider: in
proportion on true scale, a step per side on the readable one. The view keeps one rectangle and
one label per layer and moves them on each change.
"""

from __future__ import annotations

import itertools
import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QToolTip,
    QWidget,
)

from engine.evaluate.coating import coating_text
from engine.labels import describe, field_label
from engine.problems import DesignError
from gui.design_model import DesignModel
from gui.layers import KIND_COLOURS, LayerInfo, stack_layers

RECT_WIDTH = 110.0
LABEL_X = RECT_WIDTH + 12.0
EDGE_GRAB_PX = 5.0
# A drag changes the layer's size by this fraction per pixel, compounding, on either scale
# (Shift: a tenth of it), so a slip of the hand is a small change: 47 px is x1.6, not x21.
DRAG_STEP = 0.01
FINE_DRAG_STEP = 0.001
KEY_STEP = 0.05  # + and - on a selected layer: 5 % thicker or thinner per press
FINE_KEY_STEP = 0.01  # with Alt
TRUE_SCALE_HEIGHT = 460.0
MIN_TRUE_PX = 2.0
LABEL_MIN_PX = 12.0
OVERHANG_PX = 8.0  # readable scale: each step of overhang past the layer within, per side


def _area_of(key: str) -> str:
    """Which of the results' areas a layer has: a collector its electrode's."""
    return "separator" if key.startswith("separator[") else key.removesuffix("_collector")


def _short(materials: str) -> str:
    """'NMC811+LPSCl+VGCF+PTFE' -> 'NMC811+LPSCl+…' so labels stay readable."""
    parts = materials.split("+")
    return "+".join(parts[:2]) + ("+…" if len(parts) > 2 else "")


def readable_height(thickness_um: float) -> float:
    return 22.0 + 36.0 * math.log10(1.0 + max(thickness_um, 0.0) / 5.0)


class StackDiagramView(QGraphicsView):
    """Draws the design of a DesignModel and edits it through the model only."""

    edit_refused = Signal(str)  # the reason, for the status bar

    def __init__(self, model: DesignModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.true_scale = False
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMouseTracking(True)
        self.setMinimumWidth(240)
        self.setObjectName("stack_diagram")
        self.setAccessibleName("Cell stack diagram")
        self.setAccessibleDescription(
            "Up and Down select a layer; plus and minus make it thicker or thinner (Alt: fine)"
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab or a click gives it the keys
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._rects: dict[str, QGraphicsRectItem] = {}
        self._labels: dict[str, QGraphicsSimpleTextItem] = {}
        self._spans: list[tuple[LayerInfo, float, float, float]] = []  # info, top, bottom, um
        self._drag: dict | None = None
        self._drags = itertools.count()
        self.drag_text = ""  # what a drag shows beside the pointer: the field and its value
        self.scale_note = self.scene().addSimpleText("")
        model.design_changed.connect(self._on_design_changed)
        model.selection_changed.connect(self._on_selection_changed)
        self._on_design_changed()

    # --- drawing -----------------------------------------------------------------------------
    def set_true_scale(self, on: bool) -> None:
        self.true_scale = on
        self._on_design_changed()

    def _heights(self, thicknesses: list[float]) -> list[float]:
        if not self.true_scale:
            return [readable_height(t) for t in thicknesses]
        total = sum(thicknesses) or 1.0
        return [max(MIN_TRUE_PX, t * TRUE_SCALE_HEIGHT / total) for t in thicknesses]

    def _overhangs(self) -> dict[str, float]:
        """How far each area's layers reach past the cathode's sides, px: on true scale in
        proportion to their width (sqrt of the area), on the readable one a step per layer
        they reach past (an anode short of the cathode a step inside it)."""
        areas = self.model.results.areas
        cathode = float(areas.cathode)
        if self.true_scale:
            return {
                name: RECT_WIDTH / 2 * (math.sqrt(float(getattr(areas, name)) / cathode) - 1.0)
                for name in ("cathode", "anode", "separator")
            }
        anode = float(areas.anode)
        step = 0.0 if math.isclose(anode, cathode) else math.copysign(OVERHANG_PX, anode - cathode)
        separator = max(0.0, step)
        if float(areas.separator) > max(anode, cathode) * (1 + 1e-12):
            separator += OVERHANG_PX
        return {"cathode": 0.0, "anode": step, "separator": separator}

    def _on_design_changed(self) -> None:
        results = self.model.results
        layers = stack_layers(self.model.design)
        thicknesses = [float(results.layer(info.key).thickness_um) for info in layers]
        heights = self._heights(thicknesses)
        overhangs = self._overhangs()
        label_x = LABEL_X + max(0.0, *overhangs.values())
        scene = self.scene()
        for key in set(self._rects) - {info.key for info in layers}:
            scene.removeItem(self._rects.pop(key))
            scene.removeItem(self._labels.pop(key))
        self._spans = []
        y = 0.0
        text_font = QFont(QApplication.font())  # the window's text size (View > Zoom)
        self.scale_note.setFont(text_font)
        for info, t, h in zip(layers, thicknesses, heights, strict=True):
            rect = self._rects.get(info.key)
            if rect is None:
                rect = self._rects[info.key] = scene.addRect(QRectF())
                label = self._labels[info.key] = scene.addSimpleText("")
            label = self._labels[info.key]
            font = QFont(text_font)
            font.setBold(info.key == self.model.selected)
            label.setFont(font)
            out = overhangs[_area_of(info.key)]
            rect.setRect(QRectF(-out, y, RECT_WIDTH + 2 * out, h))
            rect.setBrush(QBrush(QColor(KIND_COLOURS[info.kind])))
            label.setText(f"{info.title} · {_short(results.layer(info.key).material)} · {t:.4g} µm")
            label.setPos(label_x, y + h / 2 - label.boundingRect().height() / 2)
            label.setVisible(h >= LABEL_MIN_PX or not self.true_scale)
            self._spans.append((info, y, y + h, t))
            y += h
        self.scale_note.setText(
            "True scale: height proportional to thickness (Ctrl+T: readable)"
            if self.true_scale
            else "Readable scale: thin foils stay visible (Ctrl+T: true scale)"
        )
        self.scale_note.setPos(0.0, y + 10.0)
        self.scale_note.setBrush(QBrush(QApplication.palette().placeholderText().color()))
        y += 10.0 + self.scale_note.boundingRect().height()
        self._on_selection_changed(self.model.selected)
        # Wide enough for every label in bold (the selected one is): the drawing does not shift
        # sideways when the selection moves.
        bold = QFont(self.scale_note.font())
        bold.setBold(True)
        metrics = QFontMetricsF(bold)
        width = label_x + max(
            (metrics.horizontalAdvance(lb.text()) for lb in self._labels.values()), default=0.0
        )
        left = max(0.0, *overhangs.values())
        scene.setSceneRect(QRectF(-4.0 - left, -4.0, width + left + 8.0, y + 8.0))

    def _on_selection_changed(self, key: str) -> None:
        palette = QApplication.palette()  # follows the theme as soon as it changes
        for layer_key, rect in self._rects.items():
            selected = layer_key == key
            pen = QPen(palette.highlight().color() if selected else palette.mid().color())
            pen.setWidthF(3.0 if selected else 1.0)
            rect.setPen(pen)
            rect.setZValue(1.0 if selected else 0.0)
        for layer_key, label in self._labels.items():
            font = QFont(QApplication.font())  # the window's text size (View > Zoom)
            font.setBold(layer_key == key)
            label.setFont(font)
            label.setBrush(QBrush(palette.text().color()))

    # --- finding layers under the pointer ----------------------------------------------------
    def layer_at(self, y: float) -> tuple[LayerInfo, float, float, float] | None:
        for span in self._spans:
            if span[1] <= y < span[2]:
                return span
        return None

    def edge_at(self, y: float) -> tuple[LayerInfo, float, float, float] | None:
        """The layer whose bottom edge (its boundary with the next layer) is under y."""
        for span in self._spans:
            if span[0].size_path is not None and abs(span[2] - y) <= EDGE_GRAB_PX:
                return span
        return None

    def layer_rect(self, key: str) -> QRectF:
        """The layer's rectangle in scene coordinates (tests, tooltips)."""
        return self._rects[key].rect()

    # --- keyboard ----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Up/Down, Home/End: select a layer; + (or =) and -: resize it by KEY_STEP, with Alt
        by FINE_KEY_STEP, one undo step per press. Shift is not the fine key here: on many
        keyboards + is itself a shifted key."""
        keys = [span[0].key for span in self._spans]
        key = event.key()
        fine = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        here = keys.index(self.model.selected) if self.model.selected in keys else -1
        moves = {Qt.Key.Key_Up: here - 1, Qt.Key.Key_Down: here + 1}
        moves |= {Qt.Key.Key_Home: 0, Qt.Key.Key_End: len(keys) - 1}
        if key in moves and keys:
            self.model.select(keys[min(max(moves[key], 0), len(keys) - 1)])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus) and here >= 0:
            step = FINE_KEY_STEP if fine else KEY_STEP
            self._resize(self._spans[here][0], step if key != Qt.Key.Key_Minus else -step)
        else:
            super().keyPressEvent(event)

    def _resize(self, info: LayerInfo, step: float) -> None:
        if info.size_path is None:
            self.edit_refused.emit(f"{info.title} has no size of its own to change")
            return
        value = float(self.model.value(info.size_path))
        factor = 1.0 + step if step > 0 else 1.0 / (1.0 - step)
        self._set_size(info, float(f"{value * factor:.4g}"))

    def _set_size(self, info: LayerInfo, value: float, merge_key: str | None = None) -> None:
        """Set the field that sizes the layer (one undo step, or one per drag); a refusal is
        said in the status bar."""
        assert info.size_path is not None
        try:
            self.model.set_field(
                info.size_path, value, f"Resize {info.title.lower()}", merge_key=merge_key
            )
        except DesignError as error:
            self.edit_refused.emit(describe(error.problems[0]))

    # --- mouse -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        point = self.mapToScene(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton or not (0 <= point.x() <= RECT_WIDTH):
            super().mousePressEvent(event)
            return
        edge = self.edge_at(point.y())
        if edge is not None:
            info = edge[0]
            value = float(self.model.value(info.size_path))
            self._drag = {
                "info": info,
                "fine": False,
                "anchor_y": point.y(),
                "anchor_value": value,
                "last_y": point.y(),
                "last_value": value,
                "key": f"drag-{next(self._drags)}",
            }
            self.model.select(info.key)
            return
        span = self.layer_at(point.y())
        if span is not None:
            self.model.select(span[0].key)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        point = self.mapToScene(event.position().toPoint())
        if self._drag is not None:
            self._drag_to(point, bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        on_edge = 0 <= point.x() <= RECT_WIDTH and self.edge_at(point.y()) is not None
        self.viewport().setCursor(
            Qt.CursorShape.SizeVerCursor if on_edge else Qt.CursorShape.ArrowCursor
        )
        span = self.layer_at(point.y()) if 0 <= point.x() <= RECT_WIDTH else None
        if span is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.hover_text(span[0].key), self)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._drag is not None:
            self._drag = None
            return
        super().mouseReleaseEvent(event)

    def _drag_to(self, point: QPointF, fine: bool) -> None:
        """Size the dragged layer: DRAG_STEP per pixel down (thicker) or up (thinner),
        FINE_DRAG_STEP with Shift; the value is shown beside the pointer."""
        drag = self._drag
        assert drag is not None
        if fine != drag["fine"]:  # Shift pressed or let go: go on from here, at the new step
            drag.update(fine=fine, anchor_y=drag["last_y"], anchor_value=drag["last_value"])
        step = FINE_DRAG_STEP if fine else DRAG_STEP
        value = float(
            f"{drag['anchor_value'] * (1.0 + step) ** (point.y() - drag['anchor_y']):.4g}"
        )
        drag.update(last_y=point.y(), last_value=value)
        info: LayerInfo = drag["info"]
        self.drag_text = f"{field_label(info.size_path)}: {value:g}" + (
            "" if fine else "  (Shift: fine steps)"
        )
        QToolTip.showText(self.mapToGlobal(self.mapFromScene(point)), self.drag_text, self)
        self._set_size(info, value, merge_key=drag["key"])

    def hover_text(self, key: str) -> str:
        results = self.model.results
        layer = results.layer(key)
        area = float(getattr(results.areas, _area_of(key)))
        coating = coating_text(results) if key == "cathode" else ""
        return (
            f"<b>{layer.label}</b> ({layer.material})<br>"
            f"{float(layer.thickness_um):.4g} µm as built, "
            f"{float(layer.thickness_charged_um):.4g} µm at top of charge, over "
            f"{area:.4g} cm²<br>"
            f"{float(layer.mass_mg_cm2):.4g} mg/cm² per layer; {layer.count} in the cell: "
            f"{float(layer.mass_g):.4g} g, {float(layer.volume_cm3):.4g} cm³<br>"
            f"{float(layer.mass_share):.1%} of the cell's mass"
            + (f"<br>{coating}" if coating else "")
        )
