"""Random edits of the editor through its real widgets, recorded as commands that replay.

Shared by tests/test_gui_random_edits.py (a few thousand edits) and bench/soak.py (10^4).
Each edit is drawn from what the window shows at that moment: the inspector's spin boxes, combo
boxes and check boxes, the components table (mass fractions, materials, measured values, add and
remove), the layer actions (add, duplicate, remove, move separator layers and collectors), the
anode type, a click or a drag in the stack diagram, presets (model.new), undo and redo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QWidget

from engine.design import Design, get_field
from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.results import Results
from gui.components_table import ComponentsTable
from gui.layers import stack_layers
from gui.main_window import MainWindow
from gui.widgets import QuantitySpinBox

PRESETS = {p.stem: p for p in sorted(resource_path("presets").glob("*.json"))}


@dataclass(frozen=True)
class Command:
    """One user action with everything needed to do it again: action names what is done,
    target where (a field path, a layer key, a table's layer, a check box's text), value with
    what, row which row of a components table."""

    action: str
    target: str = ""
    value: object = None
    row: int = 0


def flush(window: MainWindow) -> None:
    """Let the coalesced recompute run and every view update, as the event loop would."""
    window.model.flush()
    QApplication.processEvents()


# --- what the window offers now ----------------------------------------------------------------


def _tables(window: MainWindow) -> dict[str, ComponentsTable]:
    return {t.prefix: t for t in window.inspector.layer_box.findChildren(ComponentsTable)}


def _spins(window: MainWindow) -> list[str]:
    return sorted(
        path
        for path, widget in window.inspector.fields.items()
        if isinstance(widget, QuantitySpinBox) and widget.isEnabled()
    )


def _combos(window: MainWindow) -> list[str]:
    return sorted(
        path for path, widget in window.inspector.fields.items() if isinstance(widget, QComboBox)
    )


def _checks(window: MainWindow) -> list[str]:
    return sorted(box.text() for box in window.inspector.findChildren(QCheckBox))


class Dice:
    """Seeded random choices as plain Python values (numpy's generator: reproducible on every
    platform, and no cryptographic use is implied)."""

    def __init__(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)

    def random(self) -> float:
        return float(self._rng.random())

    def uniform(self, low: float, high: float) -> float:
        return float(self._rng.uniform(low, high))

    def randrange(self, n: int) -> int:
        return int(self._rng.integers(n))

    def randint(self, low: int, high: int) -> int:
        return int(self._rng.integers(low, high + 1))

    def choice(self, items: list[Any]) -> Any:
        return items[self.randrange(len(items))]


def _spin_value(rng: Dice, spin: QuantitySpinBox) -> float:
    low, high = spin.minimum(), spin.maximum()
    pick = rng.random()
    if pick < 0.1:
        return low
    if pick < 0.2:
        return high
    if pick < 0.6:  # near the current value, as a user nudges it
        return min(high, max(low, spin.value() * rng.uniform(0.5, 1.5)))
    return rng.uniform(low, high)


def _select(window: MainWindow, rng: Dice) -> Command:
    keys = [info.key for info in stack_layers(window.model.design)]
    return Command("click" if rng.random() < 0.5 else "select", rng.choice(keys))


def _spin(window: MainWindow, rng: Dice) -> Command | None:
    spins = _spins(window)
    if not spins:
        return None
    path = rng.choice(spins)
    return Command("spin", path, _spin_value(rng, window.inspector.fields[path]))


def _combo(window: MainWindow, rng: Dice) -> Command | None:
    combos = _combos(window)
    if not combos:
        return None
    path = rng.choice(combos)
    return Command("combo", path, rng.randrange(window.inspector.fields[path].count()))


def _check(window: MainWindow, rng: Dice) -> Command | None:
    checks = _checks(window)
    return Command("check", rng.choice(checks), rng.random() < 0.5) if checks else None


def _table(window: MainWindow, rng: Dice) -> Command:
    """An edit in a components table; if none is shown, the click that shows the cathode's."""
    tables = _tables(window)
    if not tables:
        return Command("click", "cathode")
    return _table_command(rng, rng.choice(sorted(tables.items())))


def _layers(_window: MainWindow, rng: Dice) -> Command:
    what = rng.choice(
        ["add", "add", "duplicate", "remove", "remove", "move", "add_cathode", "add_anode"]
    )
    if what == "move":
        return Command("layers", "move", rng.choice([-1, 1]))
    if what.startswith("add_"):
        return Command("layers", "add", f"{what[4:]}_collector")
    return Command("layers", what, "separator" if what == "add" else None)


def _drag(window: MainWindow, rng: Dice) -> Command:
    keys = [info.key for info in stack_layers(window.model.design)]
    return Command("drag", rng.choice(keys), rng.randint(-40, 40))


def _preset(_window: MainWindow, rng: Dice) -> Command:
    return Command("preset", rng.choice(sorted(PRESETS)))


# Cumulative shares of the kinds of edit; a kind the window does not offer now passes to the next.
DRAWS = (
    (0.12, _select),
    (0.40, _spin),
    (0.50, _combo),
    (0.53, _check),
    (0.68, _table),
    (0.78, _layers),
    (0.80, _drag),
    (0.81, _preset),
    (0.93, lambda _window, _rng: Command("undo")),
    (1.00, lambda _window, _rng: Command("redo")),
)


def draw_command(window: MainWindow, rng: Dice) -> Command:
    """A random action among those the window offers now."""
    pick = rng.random()
    for upto, draw in DRAWS:
        if pick < upto and (command := draw(window, rng)) is not None:
            return command
    return Command("redo")


def _table_command(rng: Dice, item: tuple[str, ComponentsTable]) -> Command:
    prefix, table = item
    rows = len(table._rows)
    row = rng.randrange(rows) if rows else 0
    what = rng.choice(["fraction", "fraction", "fraction", "material", "density", "capacity"])
    if rng.random() < 0.15:
        what = rng.choice(["add_component", "remove_component"])
    if what in ("add_component", "remove_component") or not rows:
        return Command(what if rows else "add_component", prefix, None, row)
    combo, fraction, density, capacity = table._rows[row]
    if what == "material":
        return Command("component_material", prefix, rng.randrange(combo.count()), row)
    spin = {"fraction": fraction, "density": density, "capacity": capacity}[what]
    return Command(f"component_{what}", prefix, _spin_value(rng, spin), row)


# --- doing it ------------------------------------------------------------------------------------


def _mouse(widget: QWidget, kind: QEvent.Type, point: QPointF, buttons: Qt.MouseButton) -> None:
    event = QMouseEvent(
        kind,
        point,
        widget.mapToGlobal(point),
        Qt.MouseButton.LeftButton,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def _mouse_on_layer(window: MainWindow, key: str, dy: int | None) -> None:
    """A click in the layer's middle (dy None), or a drag of its bottom edge by dy pixels."""
    view = window.diagram
    rect = view.layer_rect(key)
    y = rect.center().y() if dy is None else rect.bottom()
    start = QPointF(view.mapFromScene(QPointF(rect.center().x(), y)))
    viewport = view.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _mouse(viewport, QEvent.Type.MouseButtonPress, start, left)
    end = start + QPointF(0.0, float(dy or 0))
    if dy is not None:
        _mouse(viewport, QEvent.Type.MouseMove, start + QPointF(0.0, dy / 2), left)
        _mouse(viewport, QEvent.Type.MouseMove, end, left)
    _mouse(viewport, QEvent.Type.MouseButtonRelease, end, none)


def perform(window: MainWindow, command: Command) -> None:
    """Do a command through the widgets (or the model where the user has no widget for it)."""
    model, fields, action = window.model, window.inspector.fields, command.action
    if action == "select":
        model.select(command.target)
    elif action == "click":
        _mouse_on_layer(window, command.target, None)
    elif action == "drag":
        _mouse_on_layer(window, command.target, int(command.value))  # type: ignore[call-overload]
    elif action == "spin":
        fields[command.target].setValue(command.value)
    elif action == "combo":
        fields[command.target].setCurrentIndex(command.value)
    elif action == "check":
        (box,) = [b for b in window.inspector.findChildren(QCheckBox) if b.text() == command.target]
        box.setChecked(bool(command.value))
    elif action == "layers":
        window.edit_layers(command.target, command.value)
    elif action == "preset":
        design, _ = load_design(PRESETS[command.target], shipped_library())
        model.new(design)
    elif action == "undo":
        window.undo_stack.undo()
    elif action == "redo":
        window.undo_stack.redo()
    elif action == "history":
        _undo_all(window)
        _redo_to(window, int(command.value))  # type: ignore[call-overload]
    else:
        _perform_in_table(_tables(window)[command.target], command)
    flush(window)


def _perform_in_table(table: ComponentsTable, command: Command) -> None:
    action, row = command.action, command.row
    if action == "add_component":
        table.add_component()
        return
    if action == "remove_component":
        table.table.setCurrentCell(row, 0)
        table.remove_component()
        return
    combo, fraction, density, capacity = table._rows[row]
    if action == "component_material":
        combo.setCurrentIndex(command.value)
        return
    spin = {
        "component_fraction": fraction,
        "component_density": density,
        "component_capacity": capacity,
    }[action]
    spin.setValue(command.value)


# --- checking ----------------------------------------------------------------------------------


def ladder_numbers(results: Results) -> list[tuple[object, ...]]:
    return [
        (
            rung.key,
            float(rung.energy_Wh),
            float(rung.mass_g),
            float(rung.volume_cm3),
            float(rung.volume_discharged_cm3),
            float(rung.voltage_V),
        )
        for rung in results.ladder
    ]


def check_window(window: MainWindow) -> None:
    """The model's results are a fresh evaluate of its design, and the views show them."""
    model = window.model
    design, results = model.design, model.results
    assert results.design == design, "the results are of another design"
    fresh = evaluate(design, model.library)
    assert ladder_numbers(results) == ladder_numbers(fresh)
    table = window.numbers.ladder
    shown = [table.item(row, 1).text() for row in range(table.rowCount())]
    assert shown == [f"{float(rung.wh_per_kg):.0f}" for rung in fresh.ladder]
    assert design.name in window.windowTitle()
    for path, widget in window.inspector.fields.items():
        if isinstance(widget, QuantitySpinBox) and widget.isEnabled():
            value = float(get_field(design, path)) * widget.display_scale
            expected = min(widget.maximum(), max(widget.minimum(), value))
            assert abs(widget.value() - expected) <= 0.51 * 10.0 ** -widget.decimals(), path


def _undo_all(window: MainWindow) -> None:
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    flush(window)


def _redo_to(window: MainWindow, index: int) -> None:
    while window.undo_stack.index() < index:
        window.undo_stack.redo()
    flush(window)


def undo_all_and_back(window: MainWindow, first: Design) -> Command:
    """Undoing everything gives the exact design the history started from; redoing as far as
    it was gives back the design it was at. Returns the command that does it again."""
    last, index = window.model.design, window.undo_stack.index()
    _undo_all(window)
    assert window.model.design == first
    check_window(window)
    _redo_to(window, index)
    assert window.model.design == last
    check_window(window)
    return Command("history", value=index)


def new_window(folder: Path) -> MainWindow:
    """A main window with settings and a data folder of its own, shown."""
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_dir=folder / "data")
    window.show()
    flush(window)
    return window


def close_window(window: MainWindow) -> None:
    window.model.undo_stack.setClean()  # closing asks about unsaved edits; nobody answers here
    window.close()
    window.deleteLater()


def run_edits(window: MainWindow, rng: Dice, edits: int, after_each=None) -> list[Command]:
    """Do `edits` random commands; check the window after each (after_each(i, command) runs
    first) and undo all and back whenever the history starts over and at the end. Returns the
    commands done, the undo-all-and-back ones included, to replay."""
    first = window.model.design
    log = []
    for i in range(edits):
        command = draw_command(window, rng)
        if command.action == "preset":
            log.append(undo_all_and_back(window, first))
        perform(window, command)
        log.append(command)
        if after_each is not None:
            after_each(i, command)
        check_window(window)
        if command.action == "preset":
            first = window.model.design
    log.append(undo_all_and_back(window, first))
    return log
