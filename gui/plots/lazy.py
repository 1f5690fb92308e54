"""A plot that redraws only while it is shown: a hidden tab catches up when it is shown again."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from gui.design_model import DesignModel


class LazyPlot(QWidget):
    """Subclasses draw in _on_design_changed and call watch(model) once their items exist."""

    _stale = False

    def watch(self, model: DesignModel) -> None:
        model.design_changed.connect(self._on_model_changed)
        self._on_design_changed()

    def _on_design_changed(self) -> None:
        raise NotImplementedError

    def _on_model_changed(self) -> None:
        if self.isVisible():
            self._on_design_changed()
        else:
            self._stale = True

    def catch_up(self) -> bool:
        """Draw the design the model holds now if it changed while this was hidden (an action
        of this plot's own may come first, by keyboard or from code); whether it did."""
        if not self._stale:
            return False
        self._stale = False
        self._on_design_changed()
        return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.catch_up()
