"""The main window: menus, the central area, docks for the views, and remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QWidget

from engine.version import __version__
from gui.about import show_about

# Each dock: object name (the key QSettings stores its state under), title, area, and what it
# will show, said in place until the view that fills it exists.
DOCKS = (
    (
        "diagram",
        "Stack diagram",
        Qt.DockWidgetArea.LeftDockWidgetArea,
        "The layers of the design, drawn to scale: select, drag, add and remove them here.",
    ),
    (
        "inspector",
        "Inspector",
        Qt.DockWidgetArea.RightDockWidgetArea,
        "The fields of the selected layer, with units, ranges and sources.",
    ),
    (
        "numbers",
        "Numbers",
        Qt.DockWidgetArea.RightDockWidgetArea,
        "The energy-density ladder (Wh/kg, Wh/L) with the basis of every rung.",
    ),
    (
        "plots",
        "Plots",
        Qt.DockWidgetArea.BottomDockWidgetArea,
        "Voltage curves, breakdowns, pressure and porosity, sweeps.",
    ),
)

SETTINGS_GEOMETRY = "main_window/geometry"
SETTINGS_STATE = "main_window/state"


def _empty_state(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMargin(16)
    label.setEnabled(False)
    return label


class MainWindow(QMainWindow):
    """The frame every view lives in. Layout and geometry persist through QSettings."""

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.undo_stack = QUndoStack(self)
        self.docks: dict[str, QDockWidget] = {}
        self.setWindowTitle("Lamina")
        self.setObjectName("main_window")
        self.resize(1280, 800)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.setCentralWidget(
            _empty_state("Lamina: open a design, or start from the default cell.")
        )
        self._build_docks()
        self._default_state = self.saveState()
        self._build_menus()
        self.statusBar().showMessage(f"Lamina {__version__}: ready")
        self._restore_layout()

    def _build_docks(self) -> None:
        for name, title, area, purpose in DOCKS:
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(_empty_state(purpose))
            self.addDockWidget(area, dock)
            self.docks[name] = dock

    def _build_menus(self) -> None:
        bar = self.menuBar()

        file_menu = bar.addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)

        view_menu = bar.addMenu("&View")
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        reset = QAction("Reset &layout", self)
        reset.triggered.connect(self.reset_layout)
        view_menu.addAction(reset)

        help_menu = bar.addMenu("&Help")
        about = QAction("&About Lamina", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(lambda: show_about(self))
        help_menu.addAction(about)
        about_qt = QAction("About &Qt", self)
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        about_qt.triggered.connect(QApplication.aboutQt)
        help_menu.addAction(about_qt)

    def reset_layout(self) -> None:
        """Put every dock back where it starts on a first run."""
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()

    def _restore_layout(self) -> None:
        geometry = self.settings.value(SETTINGS_GEOMETRY)
        state = self.settings.value(SETTINGS_STATE)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue(SETTINGS_GEOMETRY, self.saveGeometry())
        self.settings.setValue(SETTINGS_STATE, self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_layout()
        super().closeEvent(event)
