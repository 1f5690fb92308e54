"""The one document model: the current design, its undo stack, its file and its results.

Every edit from any view goes through a method here and becomes an undo command. An edit is checked
by the engine before it is applied: a refused edit raises DesignError and leaves the design as it
was. Recompute is coalesced: edits mark the results stale and one zero-delay timer evaluates once
per event-loop turn, then ``design_changed`` is emitted once.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from engine import edits, sizing
from engine.design import Design, Tolerance, get_field, replace_field
from engine.edits import Edited
from engine.evaluate import evaluate
from engine.evaluate.validate import validate
from engine.io.design_files import DesignFile, load_design, read_design, read_prices, save_design
from engine.lesson_drafts import LessonDraft, add_step, save_draft, start_draft, without_last_step
from engine.lessons import Lesson, LessonRun, Step, apply_step, restarted, reveal
from engine.materials import Library, shipped_library
from engine.paths import resource_path
from engine.problems import DesignError, Problem, ProblemsError, listed
from engine.results import Results
from engine.studies.sweep import swept
from engine.studies.uncertainty import Bands, bands, linear_bands, samples_for
from gui import step_runs

DEFAULT_PRESET = "default_nmc811_lpscl_li"
_MERGE_ID = 0x4C414D  # all design edits share one id; mergeWith compares their merge keys


class SetDesignCommand(QUndoCommand):
    """Replace the design with another; remembers the old one. Edits that carry the same
    merge_key (one drag, one spin-box run) merge into one undo step."""

    def __init__(self, model: DesignModel, new: Design, text: str, merge_key: str | None) -> None:
        super().__init__(text)
        self.model = model
        self.old = model.design
        self.new = new
        self.merge_key = merge_key

    def id(self) -> int:
        return _MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, SetDesignCommand) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.model._replace(self.new)

    def undo(self) -> None:
        self.model._replace(self.old)


def default_design() -> Design:
    design, _ = load_design(resource_path("presets", f"{DEFAULT_PRESET}.json"), shipped_library())
    return design


# The fields a design may give as measured instead of taking them from the library: the edit
# that switches one, and its name in the undo history.
MEASURED = {
    "cathode.mean_voltage_V": (edits.measured_voltage, "voltage"),
    "cathode.first_cycle_efficiency": (edits.measured_first_cycle, "first-cycle efficiency"),
    "anode.coulombic_efficiency": (edits.measured_efficiency, "Coulombic efficiency"),
    "anode.prelithiation_mAh_cm2": (edits.prelithiated, "pre-lithiation"),
}


BANDS_AFTER_MS = 100  # the bands are drawn once edits pause this long
FIRST_ORDER_EVERY_MS = 100  # meanwhile they follow to first order at most this often


class DesignModel(QObject):
    """Owns the Design, the QUndoStack and the latest Results; views observe design_changed."""

    design_changed = Signal()  # design, results or warnings changed (once per event-loop turn)
    selection_changed = Signal(str)  # the key of the selected layer ("" for none)
    file_changed = Signal()  # file path or saved state changed
    library_changed = Signal()  # another materials library (the user's materials reloaded)
    bands_changed = Signal()  # the bands were drawn (after edits pause) or followed to first order
    lesson_changed = Signal()  # a lesson started or ended, a step shown or revealed, a name typed
    draft_changed = Signal()  # a lesson being written started, gained or lost a step, was saved

    def __init__(
        self,
        design: Design | None = None,
        library: Library | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = shipped_library() if library is None else library
        self.undo_stack = QUndoStack(self)
        # Signal to signal: the connection ends with the model (a lambda would outlive it and
        # emit from a deleted model when the stack is cleared on quit).
        self.undo_stack.cleanChanged.connect(self.file_changed)
        self.design = default_design() if design is None else design
        self.results: Results = evaluate(self.design, self.library)
        self.bands: Bands | None = None  # how sure the numbers are (engine/studies/uncertainty)
        self.bands_problem = ""  # why there are no bands, when a draw is refused
        # The bands follow the numbers once edits pause: their draws (6 ms for the default cell)
        # would double what an edit costs to paint, at each step of a drag.
        self._bands_later = QTimer(self)
        self._bands_later.setSingleShot(True)
        self._bands_later.setInterval(BANDS_AFTER_MS)
        self._bands_later.timeout.connect(self.draw_bands)
        # While edits go on, the bands follow to first order (engine's linear_bands, about 1 ms
        # and the band column painted again): on the first edit, then at most every
        # FIRST_ORDER_EVERY_MS, so that most steps of a drag do not pay for them.
        self._first_order_later = QTimer(self)
        self._first_order_later.setSingleShot(True)
        self._first_order_later.setInterval(FIRST_ORDER_EVERY_MS)
        self._first_order_later.timeout.connect(self._follow_bands_if_editing)
        self._first_order_pending = False
        self.draw_bands()
        self.path: Path | None = None
        # The name of the preset the design was started from while it is unedited (None once
        # the user has named it, or for a design from a file).
        self.template_name: str | None = self.design.name if design is None else None
        self.selected = "cathode"
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self.recompute)
        self._batch_depth = 0
        self.lesson: LessonRun | None = None  # the lesson being worked through, if any
        self.draft: LessonDraft | None = None  # the lesson being written, if any
        self.draft_saved = True  # the draft's steps are all in a file

    # --- reading -----------------------------------------------------------------------------
    def value(self, path: str) -> Any:
        return get_field(self.design, path)

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        return self.path.name if self.path is not None else "untitled"

    # --- editing -----------------------------------------------------------------------------
    def check(self, design: Design) -> None:
        """Raise DesignError if the engine refuses design."""
        validate(design, self.library)

    def set_field(
        self, path: str, value: Any, text: str | None = None, merge_key: str | None = None
    ) -> None:
        """Set one field (an undo step); raise DesignError, changing nothing, if refused."""
        if self.value(path) == value:
            return
        self.apply(replace_field(self.design, path, value), text or f"Set {path}", merge_key)

    def apply(self, design: Design, text: str, merge_key: str | None = None) -> None:
        """Replace the whole design (an undo step) after the engine accepts it. Made for a
        spin box's step, it merges with the run's steps before it (gui/step_runs.py)."""
        if design == self.design:
            return
        if merge_key is None:
            merge_key = step_runs.current()
        if self.template_name is not None and self.design.name == self.template_name:
            design = edits.from_template(design, self.template_name)
        design = edits.kept_tolerances(self.design, design, self.library)
        self.check(design)
        self.undo_stack.push(SetDesignCommand(self, design, text, merge_key))

    def set_properties(self, name: str, author: str, notes: str) -> None:
        """Name the design, credit its author, keep notes (one undo step); raise EditError,
        changing nothing, for a name the engine refuses."""
        named = edits.set_properties(self.design, name, author, notes)
        template, self.template_name = self.template_name, None  # the user's now, not a preset
        try:
            self.apply(named, "Edit design properties")
        except DesignError:
            self.template_name = template
            raise

    def _apply_edit(self, edited: Edited, text: str) -> None:
        self.apply(edited.design, text)
        self.select(edited.selected)

    def add_layer(self, what: str) -> None:
        """Add a separator layer or a collector (engine.edits); raise EditError or DesignError,
        changing nothing, if refused."""
        self._apply_edit(edits.add_layer(self.design, what), "Add layer")

    def remove_layer(self, key: str) -> None:
        self._apply_edit(edits.remove_layer(self.design, key), "Remove layer")

    def duplicate_layer(self, key: str) -> None:
        self._apply_edit(edits.duplicate_layer(self.design, key), "Duplicate layer")

    def move_layer(self, key: str, step: int) -> None:
        self._apply_edit(edits.move_layer(self.design, key, step), "Move layer")

    def set_anode_kind(self, kind: str) -> None:
        self.apply(edits.change_anode_kind(self.design, kind), "Change anode type")

    def set_cell_format(self, kind: str) -> None:
        self.apply(edits.change_cell_format(self.design, kind), "Change cell format")

    def set_size_by(self, key: str, field: str) -> None:
        """Size the layer by another field, keeping it as it is now."""
        self.flush()  # the value kept is read from results of the current design
        new = edits.size_by(self.design, self.results, self.library, key, field)
        self.apply(new, "Change how the layer is sized")

    def size_cell(self, target: str, value: float, by: str) -> str:
        """Resize the cell to a capacity or energy (engine/sizing.py; one undo step) and say
        what changed; raise EditError or DesignError, changing nothing, if refused."""
        self.flush()  # sized from the results of the current design
        sized = sizing.size_cell(self.results, target, value, by)
        self.apply(sized.design, "Size cell")
        return sized.change

    def set_porosity_from(self, key: str, pressed: bool) -> None:
        """Derive the layer's porosity from a pressing pressure, or give it (as it is now)."""
        self.flush()
        self.apply(
            edits.porosity_from(self.design, self.results, key, pressed),
            "Change how the porosity is set",
        )

    def set_measured(self, path: str, measured: bool) -> None:
        """Give a field as measured (starting at the value in use) or take it from the library
        again: the cathode's mean voltage and first-cycle efficiency, the anode's Coulombic
        efficiency; or pre-lithiate the anode (starting at the Li it lacks) or not."""
        self.flush()
        edit, text = MEASURED[path]
        self.apply(edit(self.design, self.results, measured), f"Toggle measured {text}")

    def set_coating(self, material: str | None) -> None:
        """Coat the cathode's actives with a material (None: uncoated), an undo step; raise
        DesignError, changing nothing, if the engine refuses it."""
        self.flush()
        text = "Remove the coating" if material is None else f"Coat the actives with {material}"
        self.apply(edits.coated(self.design, material), text)

    def edit_components(
        self, key: str, edit: Callable[[edits.Components], edits.Components], text: str
    ) -> None:
        """Apply an engine edit of a layer's components (engine.edits.set_fraction and the
        like); raise EditError or DesignError, changing nothing, if refused."""
        path = f"{key}.components"
        self.set_field(path, edit(self.value(path)), text)

    def set_tolerance(self, field: str, tolerance: Tolerance | None) -> None:
        """Give an input a tolerance, or take it away (an undo step); raise DesignError,
        changing nothing, if the engine refuses it."""
        self.apply(edits.set_tolerance(self.design, field, tolerance), f"Tolerance of {field}")

    def set_price(
        self, material: str, usd_per_kg: float | None, source: str = "", year: int | None = None
    ) -> None:
        """Price a material, or take its price away (an undo step); raise DesignError,
        changing nothing, if the engine refuses it."""
        edited = edits.set_price(self.design, material, usd_per_kg, source, year)
        self.apply(edited, f"Price of {material}")

    def take_prices(self, path: Path) -> int:
        """Set the prices another design file gives, in place of this one's for the same
        materials (one undo step); how many. DesignFileError, changing nothing, if the file's
        prices cannot be read; DesignError if the engine refuses them here."""
        prices = read_prices(path)
        self.apply(edits.with_prices(self.design, prices), f"Prices from {Path(path).name}")
        return len(prices)

    def set_sweep_point(self, values: dict[str, float]) -> None:
        """Set sweep fields (engine.studies.sweep's paths, e.g. 'cathode.active_fraction') at
        once: one undo step."""
        self.apply(swept(self.design, values, self.library), "Set design from sweep")

    def fix_cutoffs(self, discharge_V: float, charge_V: float) -> None:
        self.apply(edits.fix_cutoffs(self.design, discharge_V, charge_V), "Set cut-offs")

    def set_automatic_cutoffs(self) -> None:
        self.apply(edits.automatic_cutoffs(self.design), "Automatic cut-offs")

    def set_library(self, library: Library) -> None:
        """Use another materials library; raise DesignError, keeping the current one, if it
        refuses the design or one the undo history can go back to (a material taken away)."""
        validate(self.design, library)
        for design in self._history():
            try:
                validate(design, library)
            except DesignError as error:
                where = Problem("", "in an earlier state of the design (undo history)")
                raise DesignError([*error.problems, where]) from error
        self.library = library
        self.library_changed.emit()
        self.recompute()

    def _history(self) -> Iterator[Design]:
        """Every design the undo stack holds (macros included)."""
        stack: list[QUndoCommand] = [
            self.undo_stack.command(i) for i in range(self.undo_stack.count())
        ]
        while stack:
            command = stack.pop()
            if isinstance(command, SetDesignCommand):
                yield command.old
                yield command.new
            stack.extend(command.child(i) for i in range(command.childCount()))

    def select(self, key: str) -> None:
        if key != self.selected:
            self.selected = key
            self.selection_changed.emit(key)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group edits into one undo step (a macro) that emits once."""
        self._batch_depth += 1
        self.undo_stack.beginMacro("Edit")
        try:
            yield
        finally:
            self.undo_stack.endMacro()
            self._batch_depth -= 1

    # --- lessons (engine/lessons.py) ----------------------------------------------------------
    def start_lesson(self, lesson: Lesson) -> None:
        """Start a lesson from its first step on its starting design, as a new untitled design
        (so a shipped lesson is never written over); the student's name is kept."""
        student = self.lesson.student if self.lesson is not None else ""
        self.take(DesignFile(lesson.design, [], lesson.library), None)
        self.lesson = LessonRun(lesson, student)
        self.lesson_changed.emit()

    def make_lesson_step(self, predicted: float | None) -> None:
        """Make the shown step's edit on the design as it is now (one undo step) and reveal its
        answer beside the prediction; raise ValueError or DesignError, changing nothing, if the
        design refuses the edit (a field the student has taken away)."""
        assert self.lesson is not None
        step = self.lesson.lesson.steps[self.lesson.step]
        if step.edit:
            number = self.lesson.step + 1
            self.apply(apply_step(self.design, step, self.library), f"Lesson step {number}")
        self.flush(bands=False)
        self.lesson = reveal(self.lesson, predicted, self.results)
        self.lesson_changed.emit()

    def show_lesson_step(self, index: int) -> None:
        if self.lesson is not None:
            self.lesson = self.lesson.at(index)
            self.lesson_changed.emit()

    def restart_lesson(self) -> None:
        """Back to the lesson's starting design and first step, every answer cleared."""
        if self.lesson is not None:
            run = restarted(self.lesson)
            self.take(DesignFile(run.lesson.design, [], run.lesson.library), None)
            self.lesson = run
            self.lesson_changed.emit()

    def set_student(self, name: str) -> None:
        if self.lesson is not None and name != self.lesson.student:
            self.lesson = dataclasses.replace(self.lesson, student=name)
            self.lesson_changed.emit()

    def end_lesson(self) -> None:
        self.lesson = None
        self.lesson_changed.emit()

    # --- writing a lesson (engine/lesson_drafts.py) ------------------------------------------
    def start_draft(self, title: str, summary: str, source: str) -> None:
        """Start writing a lesson from the design as it is now; ValueError if refused."""
        self.draft = start_draft(title, summary, source, self.design, self.library)
        self.draft_saved = True
        self.draft_changed.emit()

    def add_draft_step(self, step: Step) -> None:
        """Add a step whose edit is what changed since the last one; ValueError naming the
        field if refused, the draft unchanged."""
        assert self.draft is not None
        self.draft = add_step(self.draft, step, self.design)
        self.draft_saved = False
        self.draft_changed.emit()

    def take_back_draft_step(self) -> None:
        if self.draft is not None and self.draft.steps:
            self.draft = without_last_step(self.draft)
            self.draft_saved = False
            self.draft_changed.emit()

    def save_draft(self, path: Path) -> None:
        """Write the lesson (OSError or ValueError if not written; the old file then stays)."""
        assert self.draft is not None
        save_draft(self.draft, path)
        self.draft_saved = True
        self.draft_changed.emit()

    def end_draft(self) -> None:
        self.draft = None
        self.draft_saved = True
        self.draft_changed.emit()

    # --- files -------------------------------------------------------------------------------
    def new(self, design: Design | None = None, path: Path | None = None) -> None:
        """Start over from a design (the default one, as a template, if None): a fresh
        history."""
        self.undo_stack.clear()
        self.path = path
        start = default_design() if design is None else design
        self._replace(start)
        self.template_name = start.name if design is None else None
        self.undo_stack.setClean()
        self.file_changed.emit()

    def open(self, path: Path) -> None:
        """Load a design file; raise DesignFileError (naming every problem) and keep the
        current design if it cannot be used."""
        self.take(read_design(path, self.library), Path(path))

    def open_template(self, path: Path) -> None:
        """Start from a design file as a template (a preset): Save asks for a new file, and
        the first edit makes it the user's own untitled design (engine.edits.from_template)."""
        self.take(read_design(path, self.library), None)
        self.template_name = self.design.name

    def take(self, read: DesignFile, path: Path | None) -> None:
        """Start over from a design read from a file, with the materials it carries."""
        if read.library is not self.library:
            self.set_library(read.library)  # the current library and more: nothing refused
        self.new(read.design, path)

    def save(self, path: Path | None = None) -> None:
        """Save atomically to path (or the current file); raise OSError if it fails, with the
        old file left intact."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("no file to save to: choose a name first")
        save_design(self.design, target, self.library)
        self.path = target
        self.undo_stack.setClean()
        self.file_changed.emit()

    # --- recompute ---------------------------------------------------------------------------
    def _replace(self, design: Design) -> None:
        self.design = design
        if self.selected and not self._layer_exists(self.selected):  # removed, or undone
            self.select("separator[0]" if self.selected.startswith("separator[") else "cathode")
        self._refresh.start()

    def _layer_exists(self, key: str) -> bool:
        try:
            return get_field(self.design, key) is not None  # a collector left out is None
        except (KeyError, IndexError):
            return False

    def recompute(self) -> None:
        """Evaluate the current design now and tell the views (normally run by the timer)."""
        self._refresh.stop()
        try:
            self.results = evaluate(self.design, self.library)
        except DesignError:  # every applied design was checked; keep the last good results
            return
        if self._first_order_later.isActive():
            self._first_order_pending = True
        else:
            self._follow_bands()
        self._bands_later.start()
        self.design_changed.emit()

    def _follow_bands(self) -> None:
        """The bands of the current design to first order (engine's linear_bands); draw_bands
        draws them when edits pause."""
        self._first_order_pending = False
        self._first_order_later.start()
        try:
            self.bands = linear_bands(self.design, self.library, results=self.results)
            self.bands_problem = ""
        except ProblemsError as error:  # a tolerance moves a value where the engine refuses it
            self.bands, self.bands_problem = None, listed(error.problems).splitlines()[0]

    def _follow_bands_if_editing(self) -> None:
        """The first-order bands brought up to date, if edits came since and go on."""
        if self._first_order_pending and self._bands_later.isActive():
            self._follow_bands()
            self.bands_changed.emit()

    def draw_bands(self) -> None:
        """The current design's bands, now; bands_changed tells the views."""
        self._bands_later.stop()
        try:
            self.bands = bands(self.design, self.library, samples=samples_for(self.design))
            self.bands_problem = ""
        except ProblemsError as error:  # a tolerance draws values the engine refuses
            self.bands, self.bands_problem = None, listed(error.problems).splitlines()[0]
        self.bands_changed.emit()

    def redraw(self) -> None:
        """Tell the views to draw the design again as it is (the palette or the text size
        changed), evaluated first if a recompute is pending: a design opened in the same turn
        of the event loop would otherwise be drawn from the results of the one before it."""
        if self._refresh.isActive():
            self.recompute()  # emits design_changed
        else:
            self.design_changed.emit()

    def flush(self, bands: bool = True) -> None:
        """Run a pending recompute at once (tests, saving, exporting), and the bands' draws
        unless bands is False."""
        if self._refresh.isActive():
            self.recompute()
        if bands and self._bands_later.isActive():
            self.draw_bands()
