"""The design's name, author and notes are the user's: edited in the window as one undo step,
and a preset once edited is the user's untitled design, not the preset's."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from engine.materials import shipped_library
from engine.paths import resource_path
from gui.report.sections import header


def test_an_edited_preset_is_untitled_and_undo_gives_the_preset_back(window):
    window.open_preset(resource_path("presets", "yang2022_fig1a.json"))
    preset = window.model.design
    assert preset.name.startswith("Yang 2022")
    assert preset.author  # the shipped presets are credited to their makers
    window.model.set_field("cathode.porosity", 0.2)
    edited = window.model.design
    assert edited.name == "Untitled"
    assert edited.author == ""
    assert edited.notes.startswith(f'Started from the preset "{preset.name}".')
    assert "Lamina presets" not in header(edited, window.model.library)
    window.model.undo_stack.undo()
    assert window.model.design == preset
    window.model.set_field("cathode.porosity", 0.25)  # a second start from the preset
    assert window.model.design.name == "Untitled"


def test_the_properties_dialog_names_the_design_in_one_undo_step(window):
    window.model.set_field("cathode.porosity", 0.2)
    steps = window.model.undo_stack.count()
    dialog = window.properties_dialog()
    dialog.name.setText("  Thick NMC811   pouch ")
    dialog.author.setText("A. Student")
    dialog.notes.setPlainText("Loading study for the lab course.")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    design = window.model.design
    assert (design.name, design.author, design.notes) == (
        "Thick NMC811 pouch",
        "A. Student",
        "Loading study for the lab course.",
    )
    assert window.model.undo_stack.count() == steps + 1
    assert "Thick NMC811 pouch" in window.windowTitle()
    assert "<h1>Thick NMC811 pouch</h1>" in header(design, shipped_library())
    window.model.set_field("cathode.porosity", 0.3)  # named now: an edit keeps the name
    assert window.model.design.name == "Thick NMC811 pouch"
    window.model.undo_stack.undo()
    window.model.undo_stack.undo()
    assert window.model.design.name == "Untitled"


def test_an_empty_name_is_refused_in_the_dialog(window):
    before = window.model.design
    dialog = window.properties_dialog()
    dialog.name.setText("   ")
    dialog.author.setText("someone")
    dialog.accept()
    assert "name" in dialog.message.text()
    assert window.model.design == before
    assert dialog.author.text() == "someone"  # what was typed stays


def test_the_title_and_the_quit_question_name_the_design_until_it_has_a_file(
    window, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    window.model.set_field("cathode.porosity", 0.2)
    window.model.set_properties("Review cell A", "", "")
    assert window.windowTitle() == "Review cell A[*] — Lamina"
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _parent, _title, text, *_a: asked.append(text) or QMessageBox.StandardButton.Cancel,
    )
    assert not window.maybe_discard()
    assert asked == ["Save the changes to “Review cell A” first?"]
    window.model.save(tmp_path / "cell-a.json")
    window._update_title()
    assert window.windowTitle() == "cell-a.json[*] — Review cell A — Lamina"


def test_dialogs_suggest_a_file_named_after_the_design(window, tmp_path):
    from gui.files import file_name_for, remember_folder  # noqa: PLC0415

    assert file_name_for('NMC811 | LPSCl: "thick" / 2', ".pdf") == "NMC811 - LPSCl- -thick- - 2.pdf"
    assert file_name_for("  ", ".json") == "design.json"
    window.model.set_properties("Cell A", "", "")
    remember_folder(window.settings, tmp_path / "report.pdf")
    assert window._suggested(".pdf") == tmp_path / "Cell A.pdf"
    # A design is saved as NAME.lamina.json (the desktop's MIME glob); exports drop both suffixes.
    assert window._suggested(".lamina.json") == tmp_path / "Cell A.lamina.json"
    window.model.save(tmp_path / "cell.lamina.json")
    assert window._suggested(".pdf") == tmp_path / "cell.pdf"
