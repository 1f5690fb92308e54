"""The main window opens offscreen, draws real text, and remembers its layout."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QMenu

from gui.fonts import UI_FAMILY
from gui.main_window import MainWindow
from tests.presets import preset


def test_bundled_font_is_registered(lamina_app):
    assert UI_FAMILY in QFontDatabase.families()
    assert lamina_app.font().family() == UI_FAMILY


def test_window_has_menus_docks_and_status(lamina_app, settings, qtbot):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "Le&sson", "&Help"]
    assert set(window.docks) == {"inspector", "numbers", "plots", "lesson"}
    assert not window.docks["lesson"].isVisible()  # until a lesson starts
    assert window.docks["inspector"].isVisible()
    assert window.docks["numbers"].isVisible()
    assert window.docks["plots"].isVisible()
    assert window.centralWidget().isAncestorOf(window.diagram)
    assert "ready" in window.statusBar().currentMessage()


def test_window_grabs_a_non_blank_png(lamina_app, settings, qtbot, tmp_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    path = tmp_path / "main-window.png"
    assert window.grab().save(str(path))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (window.width(), window.height())
    # Text and frames give many distinct colours; a blank or all-box window gives few.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    }
    assert len(colours) > 20


def test_layout_persists_between_sessions(lamina_app, settings, qtbot):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.docks["plots"].hide()  # so the window fits the small offscreen screen (800 x 600)
    first.docks["numbers"].hide()
    qtbot.wait(10)  # let the layout shrink its minimum size
    first.resize(760, 560)
    size = (first.width(), first.height())
    first.close()

    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == size
    assert not second.docks["numbers"].isVisible()
    assert not second.docks["plots"].isVisible()
    second.reset_layout()
    assert second.docks["numbers"].isVisible()
    assert second.docks["plots"].isVisible()


def test_undo_redo_actions_follow_the_stack(lamina_app, settings, qtbot):
    from PySide6.QtGui import QUndoCommand  # noqa: PLC0415

    window = MainWindow(settings)
    qtbot.addWidget(window)
    (edit_menu,) = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Edit"]
    undo, redo = edit_menu.actions()[:2]
    assert not undo.isEnabled()
    window.undo_stack.push(QUndoCommand("rename"))
    assert undo.isEnabled()
    assert "rename" in undo.text()
    undo.trigger()
    assert redo.isEnabled()


def test_about_names_the_version_and_the_papers(lamina_app):
    from engine.version import version  # noqa: PLC0415
    from gui.about import about_html  # noqa: PLC0415

    html = about_html()
    assert version() in html
    assert "Dense All-Electrochem-Active Electrodes" in html
    assert "MIT" in html


def test_views_redrawn_before_a_new_design_is_evaluated_read_its_results(window):
    """A text size restored at start (or a change of theme) redraws the views on the next turn of
    the event loop. A file opened in the same turn (Li 2021's two separator layers, where the
    default cell has one and a pouch) had the views drawn from the default cell's results: the
    diagram asked them for 'separator[1]', a KeyError in a dialog on opening."""
    window.model.new(preset("li2021_s_mo6s8"))
    window.model.redraw()
    separators = [row.key for row in window.model.results.layers if row.key.startswith("sep")]
    assert separators == ["separator[0]", "separator[1]"]
    assert window.model.results.design is window.model.design
