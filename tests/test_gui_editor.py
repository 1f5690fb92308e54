"""The editor driven through its real widgets: select, type, drag, undo, files, recovery."""

from __future__ import annotations

import dataclasses

import pytest
from numpy.testing import assert_allclose
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication

from engine.evaluate import evaluate
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path
from gui.files import Autosaver
from gui.main_window import MainWindow


def flush(win: MainWindow) -> None:
    win.model.flush()
    QApplication.processEvents()


def cell_wh_kg_shown(win: MainWindow) -> float:
    table = win.numbers.ladder
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text().endswith("Cell"))
    return float(table.item(row, 1).text().replace(",", ""))


def click_layer(qtbot, win: MainWindow, key: str, where: str = "centre") -> QPoint:
    rect = win.diagram.layer_rect(key)
    y = rect.center().y() if where == "centre" else rect.bottom()
    point = win.diagram.mapFromScene(QPointF(rect.center().x(), y))
    qtbot.mouseClick(win.diagram.viewport(), Qt.MouseButton.LeftButton, pos=point)
    return point


def test_opens_on_the_default_design_with_live_numbers(window):
    design = window.model.design
    assert "NMC811" in design.name
    expected = float(evaluate(design, shipped_library()).rung("cell").wh_per_kg)
    assert cell_wh_kg_shown(window) == pytest.approx(expected, abs=0.5)
    assert set(window.diagram._rects) == {
        "cathode_collector",
        "cathode",
        "separator[0]",
        "anode",
        "anode_collector",
    }


def test_click_selects_and_typing_a_thickness_updates_every_view(window, qtbot):
    click_layer(qtbot, window, "separator[0]")
    assert window.model.selected == "separator[0]"
    assert window.inspector.layer_box.title().startswith("Separator layer 1")
    spin = window.inspector.fields["separator[0].thickness_um"]
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "60")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    flush(window)
    assert window.model.design.separator[0].thickness_um == 60.0
    fresh = float(evaluate(window.model.design, shipped_library()).rung("cell").wh_per_kg)
    assert cell_wh_kg_shown(window) == pytest.approx(fresh, abs=0.5)
    assert window.isWindowModified()
    window.undo_stack.undo()
    flush(window)
    assert window.model.design.separator[0].thickness_um == 30.0
    assert spin.value() == pytest.approx(30.0)
    window.undo_stack.redo()
    flush(window)
    assert spin.value() == pytest.approx(60.0)


def test_dragging_a_boundary_resizes_the_layer_in_one_undo_step(window, qtbot):
    before = window.model.design
    start = click_layer(qtbot, window, "separator[0]", where="bottom")
    viewport = window.diagram.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for dy in (5, 10, 15, 20):
        qtbot.mouseMove(viewport, start + QPoint(0, dy))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 20))
    flush(window)
    after = window.model.design.separator[0].thickness_um
    assert after > before.separator[0].thickness_um  # readable scale: 20 px down thickens it
    window.undo_stack.undo()
    flush(window)
    assert window.model.design == before


def test_a_refused_edit_says_why_and_changes_nothing(window, qtbot):
    before = window.model.design
    table = window.inspector.fields["cathode.components"]
    combo = table._rows[0][0]
    combo.setCurrentIndex(combo.findData("LPSCl"))  # no active material would be left
    flush(window)
    assert window.model.design == before
    assert "needs at least one active material" in window.inspector.message.text()
    assert combo.currentData() == "NMC811"
    assert window.undo_stack.count() == 0


def test_mass_fractions_stay_at_100_percent_visibly(window):
    table = window.inspector.fields["cathode.components"]
    table._rows[0][1].setValue(80.0)  # NMC811 from 70 % to 80 %
    flush(window)
    fractions = [c.mass_fraction for c in window.model.design.cathode.components]
    assert fractions[0] == pytest.approx(0.80)
    assert sum(fractions) == pytest.approx(1.0, abs=1e-9)
    assert_allclose(fractions[1:], [0.27 * 2 / 3, 0.02 * 2 / 3, 0.01 * 2 / 3], atol=1e-6)
    assert "scaled in proportion" in table.note.text()
    assert table.total.text().startswith("Total 100.0%")


def test_save_and_reopen(window, tmp_path):
    window.model.set_field("separator[0].thickness_um", 45.0)
    path = tmp_path / "cell.json"
    assert window._save_to(path)
    assert not window.isWindowModified()
    assert "cell.json" in window.windowTitle()
    window.model.new()
    assert window.open_path(path, ask=False)
    assert window.model.design.separator[0].thickness_um == 45.0
    assert window.model.path == path


def test_a_bad_file_is_refused_and_the_design_kept(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "gui.main_window.QMessageBox.warning", lambda _parent, _title, text: shown.append(text)
    )
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "lamina-design", "version": 1, "name": 3}')
    before = window.model.design
    assert not window.open_path(bad, ask=False)
    assert window.model.design == before
    assert "name: must be text" in shown[0]


def test_dropping_a_design_file_opens_it(window):
    path = resource_path("presets", "yang2022_fig1a.json")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.model.design.name.startswith("Yang 2022")


def test_autosave_is_offered_back_after_a_crash(window, tmp_path):
    crashed = Autosaver(tmp_path / "data" / "autosave", session="crashed")
    design, _ = load_design(resource_path("presets", "hao2021_pto.json"), shipped_library())
    edited = dataclasses.replace(design, name="PTO cell, unsaved edits")
    crashed.write(edited, None, shipped_library())
    crashed.lock.release()  # as when its process is gone: the lock no longer held
    questions = []
    assert window.offer_recovery(ask=lambda text: questions.append(text) or True)
    assert window.model.design == edited
    assert window.isWindowModified()
    assert "PTO cell, unsaved edits" in questions[0]
    assert not crashed.design_path.exists()  # offered once


def test_autosave_writes_the_unsaved_design(window):
    window.model.set_field("cathode.porosity", 0.2)
    window.autosave()
    saved, _ = load_design(window.autosaver.design_path, shipped_library())
    assert saved == window.model.design


def test_separator_bilayer_and_anode_type(window):
    window.model.select("separator[0]")
    window.edit_layers("add", "separator")
    assert len(window.model.design.separator) == 2
    assert window.model.selected == "separator[1]"
    window.model.set_field("separator[1].material", "Li3PS4")
    window.edit_layers("move", -1)
    assert [s.material for s in window.model.design.separator] == ["Li3PS4", "LPSCl"]
    window.model.select("anode")
    flush(window)
    kind = window.inspector.fields["anode.kind"]
    kind.setCurrentIndex(kind.findData("anode_free"))
    flush(window)
    assert window.model.design.anode.kind == "anode_free"
    assert window.model.results.n_p_ratio is None


def test_removing_the_last_separator_layer_is_refused(window):
    window.model.select("separator[0]")
    window.edit_layers("remove")
    assert len(window.model.design.separator) == 1
    assert "at least one separator layer" in window.statusBar().currentMessage()


def test_explanations_and_zoom(window, qtbot):
    row = next(
        r
        for r in range(window.numbers.ladder.rowCount())
        if window.numbers.ladder.item(r, 0).text().endswith("Stack")
    )
    window.numbers._on_ladder_clicked(row, 1)
    assert "Wh/kg" in window.numbers.explanation.toPlainText()
    size = QApplication.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() > size
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(size)


def test_true_scale_keeps_thin_layers_clickable(window):
    window.true_scale_action.trigger()
    assert window.diagram.true_scale
    assert window.diagram.layer_rect("anode_collector").height() >= 2.0


def test_a_porosity_derived_from_pressure_shows_as_derived(window):
    """Li 2021's hybrid pressed at 360 MPa (Methods): the porosity is the engine's, not input."""
    design, _ = load_design(resource_path("presets", "li2021_s_mo6s8.json"), shipped_library())
    pressed = dataclasses.replace(
        design,
        cathode=dataclasses.replace(design.cathode, porosity=None, pressing_pressure_MPa=360.0),
    )
    window.model.new(pressed)
    window.model.select("cathode")
    flush(window)
    porosity = window.inspector.fields["cathode.porosity"]
    assert not porosity.isEnabled()
    assert 0.0 < float(window.model.results.layer("cathode").porosity) < 0.2
