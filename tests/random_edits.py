"""Random edits of the editor through its real widgets, recorded as commands that replay.

Shared by tests/test_gui_random_edits.py (a few thousand edits) and bench/soak.py (10^4).
Each edit is drawn from what the window shows at that moment: the inspector's spin boxes, combo
boxes and check boxes, the components table (mass fractions, materials, measured values, add and
remove), the layer actions (add, duplicate, remove, move separator layers and collectors), the
anode type, a click or a drag in the stack diagram, presets (model.new), undo and redo; values
typed into spin boxes key by key (in range, out of range, with a decimal comma, or not numbers);
the plots dock (its tabs, the sweep's field, range, result, map, a point set, goal seek and its
answer applied, pins); and files: Save As, Open (a file saved before), results and report export,
each through the window's own dialogs answered as a user would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QMessageBox,
    QWidget,
)

from engine.design import Design, get_field
from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.ladder_words import ladder_rows
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.results import Results
from gui.components_table import ComponentsTable
from gui.layers import stack_layers
from gui.main_window import MainWindow
from gui.plots.panel import TABS
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


NOT_NUMBERS = ("", "-", "abc", "1e999", "nan", "..", "1,2,3", "٣")


def _typed(window: MainWindow, rng: Dice) -> Command | None:
    """Keys typed into a spin box and Enter: a value in range (a decimal comma for some), one
    out of range, or text that is no number."""
    spins = _spins(window)
    if not spins:
        return None
    path = rng.choice(spins)
    spin = window.inspector.fields[path]
    pick = rng.random()
    if pick < 0.6:
        text = f"{_spin_value(rng, spin):.{spin.decimals()}f}"
        text = text.replace(".", ",") if rng.random() < 0.3 else text
    elif pick < 0.85:
        outside = spin.maximum() * rng.uniform(1.01, 1000.0) + 1.0
        text = f"{outside:g}" if rng.random() < 0.5 else f"{spin.minimum() - outside:g}"
    else:
        text = rng.choice(list(NOT_NUMBERS))
    return Command("type", path, text)


# What each action in the plots dock is drawn with.
PLOT_VALUES = {
    "tab": lambda window, rng: rng.randrange(window.plots.count()),
    "sweep_field": lambda _window, rng: rng.random(),
    "sweep_result": lambda _window, rng: rng.random(),
    "sweep_range": lambda _window, rng: (rng.random() < 0.5, rng.uniform(-0.5, 1.5)),
    "sweep_map": lambda _window, rng: rng.random() < 0.5,
    "sweep_point": lambda _window, rng: rng.uniform(-0.2, 1.2),
    "goal_seek": lambda _window, rng: (rng.uniform(50.0, 600.0), rng.random() < 0.7),
    "pin": lambda _window, _rng: None,
    "unpin": lambda _window, _rng: None,
}


def _plots(window: MainWindow, rng: Dice) -> Command:
    """An action in the plots dock: a tab, or the sweep's and the compare tab's controls."""
    what = rng.choice([*PLOT_VALUES, "goal_seek"])
    return Command("plots", what, PLOT_VALUES[what](window, rng))


def _files(window: MainWindow, rng: Dice) -> Command:
    """Save As a file of a few names, open one saved before, or export results or the report."""
    saved = sorted(p.name for p in files_folder(window).glob("*.json"))
    what = rng.choice(["save_as", "save_as", "open", "results", "results", "report"])
    if what == "open" and saved:
        return Command("file", "open", rng.choice(saved))
    if what == "results":
        return Command("file", "results", f"results.{rng.choice(['csv', 'json'])}")
    if what == "report":
        return Command("file", "report", "report.html")
    return Command("file", "save_as", f"design-{rng.randrange(3)}.json")


# Cumulative shares of the kinds of edit; a kind the window does not offer now passes to the next.
DRAWS = (
    (0.10, _select),
    (0.30, _spin),
    (0.38, _typed),
    (0.46, _combo),
    (0.49, _check),
    (0.61, _table),
    (0.70, _layers),
    (0.72, _drag),
    (0.73, _preset),
    (0.80, _plots),
    (0.83, _files),
    (0.93, lambda _window, _rng: Command("undo")),
    (1.00, lambda _window, _rng: Command("redo")),
)


def starts_history(command: Command) -> bool:
    """A command after which the undo history starts over: a new design or a file opened."""
    opened = (command.action, command.target) == ("file", "open")
    return command.action == "preset" or (opened and str(command.value).startswith("design-"))


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


def _open_preset(window: MainWindow, name: str) -> None:
    window.model.new(load_design(PRESETS[name], shipped_library())[0])


def _check_box(window: MainWindow, text: str, on: bool) -> None:
    (box,) = [b for b in window.inspector.findChildren(QCheckBox) if b.text() == text]
    box.setChecked(on)


def _history(window: MainWindow, index: int) -> None:
    _undo_all(window)
    _redo_to(window, index)


def _type_into(spin: QuantitySpinBox, text: str) -> None:
    spin.setFocus()
    spin.lineEdit().selectAll()
    for character in text:
        if character.isascii():
            QTest.keyClick(spin, character)
        else:  # QTest knows keys for ASCII only (it aborts on others): a keyboard's text event
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
                QApplication.sendEvent(spin, event)
    QTest.keyClick(spin, Qt.Key.Key_Return)


def _choose(combo: QComboBox, share: float) -> None:
    if combo.count():
        combo.setCurrentIndex(min(combo.count() - 1, int(share * combo.count())))


def _perform_in_plots(window: MainWindow, what: str, value: Any) -> None:
    panel = window.plots
    if what == "tab":
        panel.setCurrentIndex(int(value))
        return
    tabs = [tab.attribute for tab in TABS]
    if what in ("pin", "unpin"):
        panel.setCurrentIndex(tabs.index("compare"))  # a user sees the tab to use it
        compare = panel.compare
        compare.pin_current() if what == "pin" else compare.clear()
        return
    panel.setCurrentIndex(tabs.index("sweep"))
    sweep = panel.sweep
    if what == "sweep_field":
        _choose(sweep.x_field, float(value))
    elif what == "sweep_result":
        _choose(sweep.result, float(value))
    elif what == "sweep_range":
        high, share = value
        low_value, high_value = sweep.x_low.value(), sweep.x_high.value()
        box = sweep.x_high if high else sweep.x_low
        _type_into(box, f"{low_value + share * (high_value - low_value):.3f}")
    elif what == "sweep_map":
        sweep.map_check.setChecked(bool(value))
        sweep.finish_map()
    elif what == "sweep_point":
        field = sweep._field(sweep.x_field)
        low_value, high_value = sweep.x_low.value(), sweep.x_high.value()
        point = low_value + float(value) * (high_value - low_value)
        sweep.set_point({field.path: float(f"{point:.4g}")})
    elif what == "goal_seek":
        target, apply = value
        _type_into(sweep.target, f"{target:.2f}")
        sweep.solve.click()
        if apply and sweep.apply_solution.isEnabled():
            sweep.apply_solution.click()


def files_folder(window: MainWindow) -> Path:
    """Where a window's random file commands read and write: beside its settings."""
    folder = Path(window.settings.fileName()).parent / "files"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def _answered(path: Path) -> Iterator[list[str]]:
    """The window's file dialogs answer path; an unsaved-changes question is answered Discard;
    warnings are collected (returned) instead of shown."""
    warned: list[str] = []
    kept = (
        QFileDialog.getSaveFileName,
        QFileDialog.getOpenFileName,
        QMessageBox.question,
        QMessageBox.warning,
    )
    QFileDialog.getSaveFileName = lambda *_a, **_k: (str(path), "")  # type: ignore[method-assign]
    QFileDialog.getOpenFileName = lambda *_a, **_k: (str(path), "")  # type: ignore[method-assign]
    QMessageBox.question = lambda *_a, **_k: QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    QMessageBox.warning = lambda _parent, title, text, *_a: warned.append(f"{title}: {text}")  # type: ignore[method-assign]
    try:
        yield warned
    finally:
        (
            QFileDialog.getSaveFileName,
            QFileDialog.getOpenFileName,
            QMessageBox.question,
            QMessageBox.warning,
        ) = kept


def _perform_with_files(window: MainWindow, what: str, name: str) -> None:
    """Through the menus' own actions; checks what each wrote or opened."""
    path, before = files_folder(window) / name, window.model.design
    with _answered(path) as warned:
        if what == "save_as":
            assert window.save_as()
        elif what == "open":
            window.open_dialog()
        elif what == "results":
            window.export_results_dialog()
        else:
            window.export_report_dialog()
    flush(window)
    if what == "open" and not name.startswith("design-"):  # results.json: refused, nothing lost
        assert window.model.design == before
        assert len(warned) == 1
        assert warned[0].startswith("Cannot open design")
        return
    assert not warned, warned
    if what in ("save_as", "open"):
        assert load_design(path, window.model.library)[0] == window.model.design
        assert not window.model.is_modified
    else:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            assert json.loads(text)["ladder"]
        else:
            assert text.startswith({".csv": "key,level,", ".html": "<!DOCTYPE html>"}[path.suffix])


# How each action is done: (window, target, value).
ACTIONS: dict[str, Any] = {
    "select": lambda w, t, _v: w.model.select(t),
    "click": lambda w, t, _v: _mouse_on_layer(w, t, None),
    "drag": lambda w, t, v: _mouse_on_layer(w, t, int(v)),
    "spin": lambda w, t, v: w.inspector.fields[t].setValue(v),
    "type": lambda w, t, v: _type_into(w.inspector.fields[t], str(v)),
    "combo": lambda w, t, v: w.inspector.fields[t].setCurrentIndex(v),
    "check": lambda w, t, v: _check_box(w, t, bool(v)),
    "layers": lambda w, t, v: w.edit_layers(t, v),
    "plots": _perform_in_plots,
    "file": lambda w, t, v: _perform_with_files(w, t, str(v)),
    "preset": lambda w, t, _v: _open_preset(w, t),
    "undo": lambda w, _t, _v: w.undo_stack.undo(),
    "redo": lambda w, _t, _v: w.undo_stack.redo(),
    "history": lambda w, _t, v: _history(w, int(v)),
}


def perform(window: MainWindow, command: Command) -> None:
    """Do a command through the widgets (or the model where the user has no widget for it)."""
    act = ACTIONS.get(command.action)
    if act is not None:
        act(window, command.target, command.value)
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
    assert shown == [
        f"{float(rung.wh_per_kg_at_cell_voltage if at_cell else rung.wh_per_kg):.0f}"
        for rung, at_cell in ladder_rows(fresh.ladder)
    ]
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
        stack = window.undo_stack
        assert stack.canRedo(), f"history at {stack.index()} of {stack.count()}, not {index}"
        stack.redo()
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
        if starts_history(command):
            log.append(undo_all_and_back(window, first))
        perform(window, command)
        log.append(command)
        if after_each is not None:
            after_each(i, command)
        check_window(window)
        if starts_history(command):
            first = window.model.design
    log.append(undo_all_and_back(window, first))
    return log
