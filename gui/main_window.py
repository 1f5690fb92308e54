"""The main window: the stack diagram in the middle, docks for the other views, menus, files.

It owns one DesignModel; every view observes it. Files are saved atomically by the engine; a
design with unsaved edits is written to the user's data folder every AUTOSAVE_INTERVAL_S seconds
and offered back at the next start if the app ended without closing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenuBar,
    QMessageBox,
    QProgressDialog,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from engine.design import Design
from engine.edits import EditError
from engine.io.bpx import write_bpx
from engine.io.design_files import DesignFile, DesignFileError
from engine.io.results_file import write_results
from engine.materials import LibraryError
from engine.problems import DesignError, Problem, ProblemsError, bulleted, listed
from engine.studies.study_results import StudyResults, read_study_results
from engine.version import version
from gui.about import show_about
from gui.classroom import Classroom, classroom_in, save_classroom_setting
from gui.design_model import DesignModel
from gui.design_properties import DesignPropertiesDialog
from gui.files import (
    AUTOSAVE_INTERVAL_S,
    DESIGN_FILES,
    DESIGN_SUFFIX,
    Autosaver,
    presets,
    recent_files,
    remember_file,
    remember_folder,
    suggested_path,
)
from gui.files import user_data_dir as default_data_dir
from gui.inspector import InspectorView
from gui.layout_fit import UpDownScroller, refit, refit_if_crowded
from gui.lesson_menu import LessonMenu
from gui.lesson_panel import LessonPanel
from gui.log import logger
from gui.materials_browser import MaterialsBrowser
from gui.numbers_view import NumbersView
from gui.plots.panel import PlotsPanel
from gui.presentation import PresentationView
from gui.prices_dialog import PricesDialog
from gui.sizing_dialog import SizingDialog
from gui.stack_diagram import StackDiagramView
from gui.study_view import StudyResultsWindow
from gui.theme import DEFAULT_ZOOM_STEP, ZOOM_STEPS, apply_theme, apply_zoom
from gui.tolerances_dialog import TolerancesDialog
from gui.user_guide import guide_dialog, shortcuts_dialog
from gui.user_materials import materials_folder, prepare_folder, read_user_library
from gui.window_keys import WindowKeysFirst

SETTINGS_GEOMETRY = "main_window/geometry"
SETTINGS_STATE = "main_window/state"
SETTINGS_DARK = "view/dark"
SETTINGS_ZOOM = "view/zoom_step"


PLOTS_SHARE = 0.5  # of the window's height, for the plots dock on a first run


class MainWindow(QMainWindow):
    """The frame every view lives in. Layout, theme and zoom persist through QSettings."""

    def __init__(
        self,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        data_dir: Path | None = None,
        model: DesignModel | None = None,
        classroom: Classroom | None = None,
    ) -> None:
        """classroom: classroom mode as the command line set it (locked on); None leaves it to
        the settings (gui/classroom.py)."""
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.classroom = classroom if classroom is not None else classroom_in(self.settings)
        self.data_dir = data_dir or default_data_dir()
        library_problems: list[Problem] = []
        if model is None:
            library, library_problems = read_user_library(materials_folder(self.data_dir))
            model = DesignModel(library=library, parent=self)
        self.model = model
        self.undo_stack = self.model.undo_stack
        self.autosaver = Autosaver(self.data_dir / "autosave")
        self.library_message: QMessageBox | None = None  # the last word on the user's materials
        self.materials_browser: MaterialsBrowser | None = None
        self.tolerances: TolerancesDialog | None = None
        self.help_window: QDialog | None = None  # the guide or the shortcuts, while open
        self.presentation: PresentationView | None = None  # View > Presentation, once opened
        self.docks: dict[str, QDockWidget] = {}
        self.setObjectName("main_window")
        self._fit_to_screen()
        self.setAcceptDrops(True)
        # The side docks run the full height; the plots sit under the diagram only, so the
        # window fits a 1366 x 768 screen.
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.diagram = StackDiagramView(self.model)
        self.diagram.edit_refused.connect(self.show_refusal)
        self.inspector = InspectorView(self.model)
        self.inspector.tolerance_requested.connect(self.edit_tolerance_of)
        self.numbers = NumbersView(self.model)
        self.setCentralWidget(self._diagram_area())
        self._add_dock(
            "inspector", "Inspector", Qt.DockWidgetArea.LeftDockWidgetArea, self.inspector
        )
        self._add_dock("numbers", "Numbers", Qt.DockWidgetArea.RightDockWidgetArea, self.numbers)
        self.plots = PlotsPanel(self.model)
        self._add_dock(
            "plots", "Plots", Qt.DockWidgetArea.BottomDockWidgetArea, UpDownScroller(self.plots)
        )
        self._connect_plots()
        self._add_lesson_dock()
        self._default_state = self.saveState()
        self._layout_restored = False
        self._build_menus()
        self.keys_first = WindowKeysFirst(self)  # Ctrl+E exports even from a text field on X11
        self._build_status_bar()
        self.model.file_changed.connect(self._update_title)
        self.model.undo_stack.indexChanged.connect(self._update_title)
        self._update_title()
        if library_problems:
            QTimer.singleShot(0, lambda: self._library_refused(library_problems, "at start"))
        self._restore_layout()
        self._autosave_timer = QTimer(self, interval=AUTOSAVE_INTERVAL_S * 1000)
        self._autosave_timer.timeout.connect(self.autosave)
        self._autosave_timer.start()

    # --- layout ------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        self.statusBar().showMessage(f"Lamina {version()}: ready")
        self.classroom_label = QLabel()  # says where a student's work goes, in classroom mode
        self._show_classroom()
        self.statusBar().addPermanentWidget(self.classroom_label)

    def _diagram_area(self) -> QWidget:
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        self.layer_toolbar = QToolBar("Layers")
        layout.addWidget(self.layer_toolbar)
        layout.addWidget(self.diagram, 1)
        return area

    def _add_dock(self, name: str, title: str, area: Qt.DockWidgetArea, widget: QWidget) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def _add_lesson_dock(self) -> None:
        """The lesson panel shares the inspector's place, hidden until a lesson starts."""
        self.lesson_panel = LessonPanel(self.model)
        self._add_dock("lesson", "Lesson", Qt.DockWidgetArea.LeftDockWidgetArea, self.lesson_panel)
        self.tabifyDockWidget(self.docks["inspector"], self.docks["lesson"])
        self.docks["lesson"].hide()

    def action(self, text: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list | tuple):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_file_menu(self, bar: QMenuBar) -> None:
        std = QKeySequence.StandardKey
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.action("&New", self.new_design, std.New))
        self.presets_menu = file_menu.addMenu("New from &preset")
        for preset in presets():
            self.presets_menu.addAction(preset.name).triggered.connect(
                lambda _c=False, p=preset.path: self.open_preset(p)
            )
        file_menu.addAction(self.action("&Open…", self.open_dialog, std.Open))
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.action("&Save", self.save, std.Save))
        file_menu.addAction(self.action("Save &as…", self.save_as, std.SaveAs))
        file_menu.addSeparator()
        file_menu.addAction(self.action("&Export report…", self.export_report_dialog, "Ctrl+E"))
        file_menu.addAction(
            self.action("Export &results…", self.export_results_dialog, "Ctrl+Shift+E")
        )
        file_menu.addAction(self.action("Export for &modelling (BPX)…", self.export_bpx_dialog))
        file_menu.addAction(self.action("Open st&udy results…", self.open_study_results_dialog))
        file_menu.addSeparator()
        file_menu.addAction(self.action("&Materials folder…", self.open_materials_folder))
        file_menu.addAction(self.action("Re&load materials", self.reload_materials, "F5"))
        file_menu.addSeparator()
        quit_action = self.action("&Quit", self.close, std.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        std = QKeySequence.StandardKey

        self._build_file_menu(bar)

        edit_menu = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(std.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(std.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        layer_actions = (
            self.action(
                "Add separator layer", lambda: self.edit_layers("add", "separator"), "Ctrl+Shift+L"
            ),
            self.action("Duplicate layer", lambda: self.edit_layers("duplicate"), "Ctrl+D"),
            self.action("Remove layer", lambda: self.edit_layers("remove"), std.Delete),
            self.action("Move layer up", lambda: self.edit_layers("move", -1), "Alt+Up"),
            self.action("Move layer down", lambda: self.edit_layers("move", 1), "Alt+Down"),
            self.action(
                "Add cathode collector", lambda: self.edit_layers("add", "cathode_collector")
            ),
            self.action("Add anode collector", lambda: self.edit_layers("add", "anode_collector")),
        )
        for action in layer_actions:
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.action("Design &properties…", self.edit_properties, "Ctrl+I"))
        edit_menu.addAction(self.action("&Tolerances…", self.edit_tolerances, "Ctrl+Shift+U"))
        edit_menu.addAction(self.action("Pri&ces…", self.edit_prices, "Ctrl+Shift+P"))
        edit_menu.addAction(self.action("Si&ze cell…", self.size_cell, "Ctrl+K"))
        for action, short in zip(
            layer_actions[:5], ("Add layer", "Duplicate", "Remove", "Up", "Down"), strict=True
        ):
            action.setIconText(short)
            self.layer_toolbar.addAction(action)

        view_menu = bar.addMenu("&View")
        self.true_scale_action = self.action(
            "&True scale", self.diagram.set_true_scale, "Ctrl+T", checkable=True
        )
        view_menu.addAction(self.true_scale_action)
        self.layer_toolbar.addSeparator()
        self.layer_toolbar.addAction(self.true_scale_action)
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(
            self.action(
                "Zoom &in", lambda: self.zoom(1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="]
            )
        )
        view_menu.addAction(self.action("Zoom &out", lambda: self.zoom(-1), std.ZoomOut))
        view_menu.addAction(self.action("&Normal size", lambda: self.zoom(0), "Ctrl+0"))
        self.dark_action = self.action("&Dark theme", self.set_dark, checkable=True)
        view_menu.addAction(self.dark_action)
        view_menu.addAction(self.action("Reset &layout", self.reset_layout))
        view_menu.addSeparator()
        view_menu.addAction(self.action("&Presentation", self.present, "F11"))

        self.lesson_menu = LessonMenu(self, bar)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(
            self.action(
                "&User guide", lambda: self._show_text(guide_dialog(self)), std.HelpContents
            )
        )
        help_menu.addAction(
            self.action("&Keyboard shortcuts", lambda: self._show_text(shortcuts_dialog(self)))
        )
        help_menu.addAction(self.action("&Materials library…", self.show_materials, "Ctrl+Shift+M"))
        help_menu.addAction(self.action("Open &log folder", self.open_log_folder))
        help_menu.addSeparator()
        about = self.action("&About Lamina", lambda: show_about(self))
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)
        about_qt = self.action("About &Qt", QApplication.aboutQt)
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        help_menu.addAction(about_qt)

    def show_lesson(self) -> None:
        """The lesson panel, shown and in front of the inspector it shares a place with."""
        dock = self.docks["lesson"]
        dock.show()
        dock.raise_()

    def open_log_folder(self) -> None:
        """The folder of lamina.log and crash.log (gui/log.py), in the system's file manager."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    def _show_text(self, dialog: QDialog) -> None:
        """A guide or list beside the window, not blocking it; closed with its window."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.help_window = dialog

    # --- layer structure ---------------------------------------------------------------------
    def edit_layers(self, what: str, argument: object = None) -> None:
        """Add, duplicate, remove or move a layer through the model; a refusal is shown."""
        key, model = self.model.selected, self.model
        try:
            if what == "add":
                model.add_layer(str(argument))
            elif what == "duplicate":
                model.duplicate_layer(key)
            elif what == "remove":
                model.remove_layer(key)
            else:
                model.move_layer(key, int(argument))  # type: ignore[arg-type]
        except (EditError, DesignError) as error:
            self.show_refusal(str(error))

    # --- the user's materials ----------------------------------------------------------------
    def show_materials(self) -> None:
        """The library to browse (one window, kept, following reloads)."""
        if self.materials_browser is None:
            self.materials_browser = MaterialsBrowser(self.model, self)
        self.materials_browser.show()
        self.materials_browser.raise_()
        self.materials_browser.activateWindow()

    def open_materials_folder(self) -> None:
        """Show the folder of the user's materials files (made, with its README, if new)."""
        folder = materials_folder(self.data_dir)
        try:
            prepare_folder(folder)
        except OSError as error:
            self._library_note("Materials folder", f"{folder} could not be made: {error}")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._library_note("Materials folder", f"Your materials files go in {folder}")

    def reload_materials(self) -> None:
        """Read the user's materials files again; on any problem keep the library in use."""
        library, problems = read_user_library(materials_folder(self.data_dir))
        if problems:
            self._library_refused(problems, "on reload; the materials in use are kept")
            return
        old = self.model.library
        try:  # what design files brought stays
            library = library.carrying([(m, old[m]) for m in sorted(old.carried_ids)])
            self.model.set_library(library)
        except LibraryError as error:
            self._library_refused(
                list(error.problems), "on reload: they differ from a design file's materials"
            )
            return
        except DesignError as error:
            self._library_refused(
                list(error.problems), "on reload: the design would be refused with them"
            )
            return
        count = len(library.user_ids)
        self.statusBar().showMessage(f"Materials reloaded: {count} of yours", 8000)

    def _library_refused(self, problems: list[Problem], when: str) -> None:
        shown = listed(tuple(problems))
        self.statusBar().showMessage(f"Your materials were not loaded {when}", 8000)
        self._library_note(
            "Your materials were not loaded",
            f"Your materials files were not used {when}:\n\n{shown}\n\n"
            f"They are in {materials_folder(self.data_dir)}; fix them and use File > Reload "
            "materials (F5).",
        )

    def _library_note(self, title: str, text: str) -> None:
        """A message that does not stop the window (it may come while the window starts)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and ids are the user's text
        box.open()
        self.library_message = box

    def show_refusal(self, reason: str) -> None:
        self.statusBar().showMessage(f"Refused: {reason}", 8000)

    # --- files -------------------------------------------------------------------------------
    def _update_title(self, _index: int = 0) -> None:
        name = self.model.design.name
        if self.model.path is None:  # not saved yet: the design's name is all there is
            self.setWindowTitle(f"{name}[*] — Lamina")
        else:
            self.setWindowTitle(f"{self.model.path.name}[*] — {name} — Lamina")
        self.setWindowModified(self.model.is_modified)

    def maybe_discard(self) -> bool:
        """True if there are no unsaved edits, or the user saved or chose to discard them."""
        if not self.model.is_modified:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"Save the changes to {self.model.display_name()} first?"
            if self.model.path is not None
            else f"Save the changes to “{self.model.design.name}” first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def properties_dialog(self) -> DesignPropertiesDialog:
        return DesignPropertiesDialog(self.model, self)

    def edit_properties(self) -> None:
        """Name the design, credit its author, keep notes (one undo step)."""
        self.properties_dialog().exec()

    def size_cell(self) -> None:
        """Scale the cell to a target capacity or energy (one undo step)."""
        dialog = SizingDialog(self.model, self)
        if dialog.exec():
            self.statusBar().showMessage(f"Sized the cell: {dialog.change}", 8000)

    def edit_tolerances(self) -> None:
        """How sure each input is (one window beside this one, kept)."""
        self.edit_tolerance_of("")

    def edit_tolerance_of(self, field: str) -> None:
        """Edit > Tolerances at one field's row (a field's context menu in the inspector)."""
        if self.tolerances is None:
            self.tolerances = TolerancesDialog(self.model, self)
        self.tolerances.fit()  # the text may have grown since (View > Zoom in)
        self.tolerances.go_to(field)
        self.tolerances.show()
        self.tolerances.raise_()
        self.tolerances.activateWindow()

    def _connect_plots(self) -> None:
        """What the plots ask of the window: a preset sweep's design, a price to type, room."""
        self.plots.preset_requested.connect(self.open_preset)
        self.plots.price_requested.connect(self.edit_prices)
        self.plots.tab_built.connect(lambda _tab: refit_if_crowded(self, self.docks))

    @cached_property
    def prices(self) -> PricesDialog:
        """Edit > Prices, made when first opened and kept."""
        return PricesDialog(self.model, self)

    def edit_prices(self, material: str = "") -> None:
        """What the cell's materials cost (one window beside this one)."""
        self.prices.fit()  # the text may have grown since (View > Zoom in)
        self.prices.go_to(material)
        self.prices.show()
        self.prices.raise_()
        self.prices.activateWindow()

    def new_design(self) -> None:
        if self.maybe_discard():
            self.model.new()
            self.model.select("cathode")

    def open_preset(self, path: Path) -> None:
        if not self.maybe_discard():
            return
        try:
            self.model.open_template(path)
        except DesignFileError as error:
            self._show_open_error(path, error)

    def open_dialog(self) -> None:
        if not self.maybe_discard():
            return
        start = str(self.classroom.folder) if self.classroom is not None else ""
        name, _ = QFileDialog.getOpenFileName(self, "Open design", start, DESIGN_FILES)
        if name:
            self.open_path(Path(name), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        if ask and not self.maybe_discard():
            return False
        as_template = self.classroom is not None and not self.classroom.holds(path)
        try:
            (self.model.open_template if as_template else self.model.open)(path)
        except DesignFileError as error:
            self._show_open_error(path, error)
            return False
        remember_file(self.settings, path)
        logger.info("opened %s%s", path, " as a template" if as_template else "")
        if as_template:
            self.statusBar().showMessage(
                f"Opened {path.name} as a template: Save puts your copy in your folder",
                10000,
            )
        else:
            self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def open_study_results_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open study results", "", "Study results (*.json);;All files (*)"
        )
        if name:
            self.open_study_results(Path(name))

    def open_study_results(self, path: Path) -> StudyResultsWindow | None:
        """A study's front and best designs beside the window (main.py study's results)."""
        try:
            found = read_study_results(path, self.model.library)
        except ProblemsError as error:
            QMessageBox.warning(self, "Cannot open study results",
                                f"{path} cannot be opened:\n{listed(error.problems)}")  # fmt: skip
            return None
        view = StudyResultsWindow(found, path, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.design_chosen.connect(lambda design: self._open_study_design(found, design))
        view.show()
        return view

    def _open_study_design(self, found: StudyResults, design: Design) -> None:
        if self.maybe_discard():
            self.model.take(DesignFile(design, [], found.library), None)

    def _show_open_error(self, path: Path, error: DesignFileError) -> None:
        logger.warning("did not open %s: %s", path, listed(error.problems))
        problems = bulleted(error.problems)
        QMessageBox.warning(
            self,
            "Cannot open design",
            f"{path} was not opened; the current design is unchanged.\n\n{problems}",
        )

    def save(self) -> bool:
        path = self.model.path
        if path is None or (self.classroom is not None and not self.classroom.holds(path)):
            return self.save_as()
        return self._save_to(path)

    def save_as(self) -> bool:
        start = self._suggested(DESIGN_SUFFIX)
        name, _ = QFileDialog.getSaveFileName(self, "Save design", str(start), DESIGN_FILES)
        if not name:
            return False
        path = Path(name) if name.endswith(".json") else Path(name + DESIGN_SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        if not self.may_write(path):
            return False
        try:
            self.model.save(path)
        except (OSError, DesignError) as error:
            logger.warning("did not save %s: %s", path, error)
            QMessageBox.warning(
                self,
                "Save failed",
                f"{path} could not be written: {error}\nAny old file is intact.",
            )
            return False
        remember_file(self.settings, path)
        remember_folder(self.settings, path)
        self.autosaver.clear()
        logger.info("saved %s", path)
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _suggested(self, suffix: str) -> Path:
        return self.suggested(self.model.path, self.model.design.name, suffix)

    def suggested(self, current: Path | None, name: str, suffix: str) -> Path:
        """Where a save dialog starts (gui/files.py suggested_path); in classroom mode, the
        student's folder is made first for the dialog to open in (a failure is said on save)."""
        if self.classroom is not None:
            self.classroom.make_folder()
        return suggested_path(self.settings, current, name, suffix, self.classroom)

    def may_write(self, path: Path) -> bool:
        """False, having said why, if classroom mode keeps a design or lesson from path: a
        student's work goes in their own folder only."""
        if self.classroom is None:
            return True
        problem = self.classroom.refusal(path) or self.classroom.make_folder()
        if problem is not None:
            logger.info("classroom mode: did not save %s", path)
            QMessageBox.warning(self, "Not saved", problem)
            return False
        return True

    def set_classroom(self, on: bool) -> None:
        """Lesson > Classroom mode: kept in this user's settings."""
        save_classroom_setting(self.settings, on)
        self.classroom = classroom_in(self.settings)
        self._show_classroom()

    def _show_classroom(self) -> None:
        room = self.classroom
        self.classroom_label.setVisible(room is not None)
        if room is not None:
            self.classroom_label.setText(f"Classroom mode: saving in {room.shown_folder()}")

    def export_report_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Export report",
            str(self._suggested(".pdf")),
            "PDF report (*.pdf);;HTML report (*.html)",
        )
        if name:
            self.export_report(Path(name))

    def export_report(self, path: Path) -> bool:
        """Write the report with a progress dialog; say why if it fails (nothing half-written)."""
        from gui.report.writer import write_report  # noqa: PLC0415 (loaded when first used)

        steps = QProgressDialog("Writing the report…", "", 0, 4, self)
        steps.setCancelButton(None)
        steps.setWindowModality(Qt.WindowModality.WindowModal)
        steps.setMinimumDuration(0)

        def progress(text: str) -> None:
            steps.setLabelText(text.capitalize())
            steps.setValue(steps.value() + 1)
            QApplication.processEvents()

        try:
            self.model.flush()
            write_report(self.model.design, path, self.model.library, progress, self.model.lesson)
        except (OSError, ValueError) as error:
            logger.warning("report not written to %s: %s", path, error)
            QMessageBox.warning(self, "Export failed", f"{path} was not written: {error}")
            return False
        finally:
            steps.close()
        remember_folder(self.settings, path)
        logger.info("report written to %s", path)
        self.statusBar().showMessage(f"Report written to {path}", 8000)
        return True

    def export_results_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export results", str(self._suggested(".csv")), "CSV table (*.csv);;JSON (*.json)"
        )
        if name:
            self.export_results(Path(name))

    def export_results(self, path: Path) -> bool:
        """The ladder and layers as CSV, or everything as the JSON of `evaluate --json`."""
        return self._export(path, "Results", lambda: write_results(self.model.results, path))

    def _export(self, path: Path, what: str, write: Callable[[], str | None]) -> bool:
        """Run write (it writes path; what it returns the status bar adds) with the design up to
        date; say why if it fails (the old file is kept)."""
        self.model.flush()
        try:
            added = write()
        except (OSError, DesignError) as error:
            logger.warning("%s not written to %s: %s", what, path, error)
            QMessageBox.warning(self, "Export failed", f"{path} was not written: {error}")
            return False
        remember_folder(self.settings, path)
        logger.info("%s written to %s", what, path)
        self.statusBar().showMessage(f"{what} written to {path}{added or ''}", 15000)
        return True

    def export_bpx_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export for modelling (BPX)", str(self._suggested(".bpx.json")), "BPX (*.json)"
        )
        if name:
            self.export_bpx(Path(name))

    def export_bpx(self, path: Path) -> bool:
        """The cathode, separator and electrolyte as a BPX file (engine/io/bpx.py); the status
        bar says what the file leaves out."""

        def write() -> str:
            left_out = write_bpx(self.model.design, self.model.library, path)
            return f"; not in it: {'; '.join(left_out)}"

        return self._export(path, "BPX", write)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = recent_files(self.settings)
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for path in files:
            self.recent_menu.addAction(str(path)).triggered.connect(
                lambda _c=False, p=path: self.open_path(p)
            )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and all(u.isLocalFile() and u.toLocalFile().endswith(".json") for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        urls = event.mimeData().urls()
        if urls and self.open_path(Path(urls[0].toLocalFile())):
            event.acceptProposedAction()

    # --- autosave and recovery ---------------------------------------------------------------
    def autosave(self) -> None:
        if self.model.is_modified:
            try:
                self.autosaver.write(self.model.design, self.model.path, self.model.library)
            except OSError as error:
                self.statusBar().showMessage(f"Autosave failed: {error}", 8000)
        else:
            self.autosaver.clear()

    def offer_recovery(self, ask=None) -> bool:
        """Offer the newest autosave left by a session that did not close; True if recovered.
        ask(text) -> bool replaces the question box (tests)."""
        left = self.autosaver.left_behind()
        unreadable = []  # kept, never discarded: a newer Lamina may read them
        for newest in left:
            try:
                read = self.autosaver.load(newest, self.model.library)
                break
            except DesignFileError as error:
                unreadable.append(newest)
                self._autosave_unreadable(newest.design_path, error)
        else:
            return False
        text = (
            f"Lamina ended without closing while “{read.design.name}” had unsaved changes. "
            "Recover them?"
        )
        if ask is None:
            box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work", text, parent=self)
            box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            box.setTextFormat(Qt.TextFormat.PlainText)  # the design's name as typed, never markup
            recover = box.exec() == QMessageBox.StandardButton.Yes
        else:
            recover = ask(text)
        if recover:
            self.model.take(read, newest.original)
            self.model.undo_stack.resetClean()  # recovered edits are not saved yet
            self._update_title()
        for autosave in left:
            if autosave not in unreadable:
                self.autosaver.discard(autosave)
        return recover

    def _autosave_unreadable(self, path: Path, error: DesignFileError) -> None:
        """Say that unsaved work was found but cannot be opened (a materials file changed since,
        a newer format), and where it is kept."""
        reasons = bulleted(error.problems)
        self._library_note(
            "Unsaved work not recovered",
            f"Lamina ended without closing while a design had unsaved changes, but they cannot "
            f"be opened now:\n\n{reasons}\n\nThey are kept in {path}; open that file once the "
            "reason is fixed (for example, your materials file as it was).",
        )

    # --- view --------------------------------------------------------------------------------
    def zoom(self, direction: int) -> None:
        step = int(self.settings.value(SETTINGS_ZOOM, DEFAULT_ZOOM_STEP))
        step = DEFAULT_ZOOM_STEP if direction == 0 else step + direction
        used = apply_zoom(step)
        self.settings.setValue(SETTINGS_ZOOM, used)
        self._follow_text_size()
        QTimer.singleShot(0, self, lambda: refit(self, self.docks))
        limit = " (the largest)" if used == len(ZOOM_STEPS) - 1 else ""
        self.statusBar().showMessage(f"Text size {ZOOM_STEPS[used]:.0%}{limit}", 5000)

    def set_dark(self, dark: bool) -> None:
        apply_theme(dark)
        self.plots.restyle()
        self.settings.setValue(SETTINGS_DARK, dark)
        self.model.redraw()  # views pick colours from the palette

    def present(self) -> None:
        """The presentation view, full screen (gui/presentation.py); F11 or Esc leaves it."""
        if self.presentation is None:
            self.presentation = PresentationView(self.model, self)
        # The screen's whole area first: without a window manager (a kiosk, a bare X server)
        # full screen is only asked for, and the view kept its least size.
        screen = self.screen() or QApplication.primaryScreen()
        self.presentation.setGeometry(screen.geometry())
        self.presentation.showFullScreen()
        self.presentation.activateWindow()

    def reset_layout(self) -> None:
        """Put every dock back where it starts on a first run."""
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()
        self._lesson_dock_only_with_a_lesson()
        self._give_plots_room()
        refit(self, self.docks)

    def _lesson_dock_only_with_a_lesson(self) -> None:
        """A saved or reset layout shows the lesson panel only while a lesson is open."""
        self.docks["lesson"].setVisible(self.model.lesson is not None)

    def _fit_to_screen(self) -> None:
        """A first window fills the screen's free area up to 1920 x 1200 (a saved size, when
        there is one, replaces it): 1366 x 768 overflowed a 1280 x 800 screen and left most of
        a large one empty."""
        screen = self.screen() or QApplication.primaryScreen()
        size = QSize(1366, 768)
        if screen is not None:
            size = screen.availableGeometry().size().boundedTo(QSize(1920, 1200))
        self.resize(size)

    def _give_plots_room(self) -> None:
        """The plots take PLOTS_SHARE of the window's height: the diagram of a unit cell needs
        about 300 px, and the plots read whole at 1366 x 768 only with the rest."""
        height = int(self.height() * PLOTS_SHARE)
        self.resizeDocks([self.docks["plots"]], [height], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._layout_restored:  # a first run, or the user's layout was not saved
            self._layout_restored = True
            self._give_plots_room()
            refit(self, self.docks)

    def _restore_layout(self) -> None:
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        state = self.settings.value(SETTINGS_STATE)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self._layout_restored = self.restoreState(state)
            self._lesson_dock_only_with_a_lesson()
        dark = self.settings.value(SETTINGS_DARK, False) in (True, "true")
        if dark:
            self.dark_action.setChecked(True)
            apply_theme(True)
            self.plots.restyle()
        zoom = self.settings.value(SETTINGS_ZOOM)
        if zoom is not None:
            apply_zoom(int(zoom))
            self._follow_text_size()

    def _follow_text_size(self) -> None:
        """Once a new text size has reached every widget (on the next turn of the event loop),
        the plots' text and the diagram's labels follow it and the tables fit their rows to it
        (a restored size reached the diagram drawn before it only so)."""
        QTimer.singleShot(0, self, lambda: (self.plots.restyle(), self.model.redraw()))

    def save_layout(self) -> None:
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SETTINGS_STATE, self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self.lesson_menu.writer.keep_draft() or not self.maybe_discard():
            event.ignore()
            return
        self._autosave_timer.stop()  # nothing may write it again once it is cleared
        self.save_layout()
        self.autosaver.close()
        logger.info("closed")  # a log that ends without it: the session did not end cleanly
        super().closeEvent(event)
        QApplication.quit()  # whatever else is open, Quit ends the process
