"""Nothing in a design file is ever run or interpreted: no pickle, eval or exec anywhere near
loaded data; names and notes show as plain text; a material this library lacks is refused by
name, never replaced by another."""

from __future__ import annotations

import ast
import builtins
import codecs
import contextlib
import dataclasses
import json
import marshal
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from engine.io.design_files import (
    DesignFileError,
    design_to_dict,
    load_design,
    read_design,
    save_design,
)
from engine.materials import shipped_library
from engine.paths import resource_path
from gui.files import Autosaver
from tests.presets import preset

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.glob("engine/**/*.py"), *ROOT.glob("gui/**/*.py"), ROOT / "main.py"])

# Modules that turn bytes into live objects or run code, and calls that run text as code.
UNSAFE_MODULES = {
    "pickle",
    "_pickle",
    "cPickle",
    "marshal",
    "shelve",
    "dill",
    "cloudpickle",
    "jsonpickle",
    "yaml",
    "runpy",
    "code",
    "codeop",
}
UNSAFE_CALLS = {"eval", "__import__", "import_module", "read_pickle"}  # also as attributes
UNSAFE_BUILTINS = {*UNSAFE_CALLS, "exec", "execfile", "compile"}  # bare only: app.exec() is Qt's


def unsafe_uses(source: str) -> list[str]:
    """Where source imports an unsafe module, calls eval, exec, compile or __import__ (or an
    attribute so named: builtins.eval, importlib.import_module, pandas.read_pickle), or loads
    with allow_pickle=True."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names]
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            found += [
                f"line {node.lineno}: import {n}"
                for n in names
                if n.split(".")[0] in UNSAFE_MODULES
            ]
        elif isinstance(node, ast.Call):
            func = node.func
            if (isinstance(func, ast.Name) and func.id in UNSAFE_BUILTINS) or (
                isinstance(func, ast.Attribute) and func.attr in UNSAFE_CALLS
            ):
                found.append(f"line {node.lineno}: {ast.unparse(func)}()")
            found += [
                f"line {node.lineno}: allow_pickle=True"
                for k in node.keywords
                if k.arg == "allow_pickle"
                and not (isinstance(k.value, ast.Constant) and k.value.value is False)
            ]
    return found


def test_no_module_of_the_app_can_run_code_from_data():
    assert len(SOURCES) > 20
    offenders = {
        str(path.relative_to(ROOT)): uses
        for path in SOURCES
        if (uses := unsafe_uses(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        "import pickle",
        "from yaml import load",
        "import marshal as m",
        "x = eval(text)",
        "exec(code)",
        "importlib.import_module(name)",
        "numpy.load(path, allow_pickle=True)",
        "builtins.eval(text)",
        "f = compile(src, 'f', 'exec')",
    ],
)
def test_the_scan_finds_each_kind_of_unsafe_use(source):
    assert unsafe_uses(source)


def test_the_scan_leaves_safe_code_alone():
    safe = "import json\nimport re\nre.compile('x')\nnumpy.load(p)\njson.loads(t)"
    assert unsafe_uses(safe) == []


@contextlib.contextmanager
def nothing_may_run() -> Iterator[None]:
    """eval, exec, compile and every unpickler raise inside the block (only there: the test
    runner itself compiles code when it reports). The codec a design is read with is looked up
    first: Python imports its module on first use, and an import runs that module's code."""
    codecs.lookup("utf-8-sig")

    def refuse(*_args, **_kwargs):
        raise AssertionError("code or a pickle was run while reading a design")

    targets = [(builtins, "eval"), (builtins, "exec"), (builtins, "compile")]
    targets += [(pickle, "loads"), (pickle, "load"), (pickle, "Unpickler")]
    targets += [(marshal, "loads"), (marshal, "load")]
    saved = [(module, name, getattr(module, name)) for module, name in targets]
    for module, name, _ in saved:
        setattr(module, name, refuse)
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)


FILES = [
    *sorted(resource_path("presets").glob("*.json")),
    *sorted((ROOT / "tests" / "data").glob("design-v*.json")),
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_loading_runs_nothing(path, tmp_path):
    with nothing_may_run():
        read = read_design(path, shipped_library())  # with the materials a version-4 file carries
        save_design(read.design, tmp_path / "again.json", read.library)
        again, _ = load_design(tmp_path / "again.json", shipped_library())
    assert again == read.design


def test_the_guard_catches_code_being_run():
    with pytest.raises(AssertionError, match="code or a pickle was run"), nothing_may_run():
        eval("1 + 1")  # noqa: S307


def test_a_file_that_looks_like_code_is_only_text(tmp_path):
    raw = design_to_dict(preset("default_nmc811_lpscl_li"), shipped_library())
    raw["name"] = "__import__('os').system('echo pwned')"
    raw["notes"] = "!!python/object/apply:os.system ['echo pwned']"
    raw["cathode"]["porosity"] = "0.1 + 0.05"  # an expression is not a number
    path = tmp_path / "code.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with nothing_may_run(), pytest.raises(DesignFileError) as caught:
        load_design(path, shipped_library())
    assert "cathode.porosity: must be a number, got '0.1 + 0.05'" in str(caught.value)
    raw["cathode"]["porosity"] = 0.15
    path.write_text(json.dumps(raw), encoding="utf-8")
    with nothing_may_run():
        design, _ = load_design(path, shipped_library())
    assert design.name == "__import__('os').system('echo pwned')"


# --- user text in the GUI ------------------------------------------------------------------------

MARKUP = '<b>bold</b> <img src="x.png"> <script>alert("x")</script> &amp; <a href="y">link</a>'


def test_names_and_notes_with_markup_show_as_plain_text(window, tmp_path):
    design = dataclasses.replace(
        preset("yang2022_fig1a"), name=MARKUP, notes=f"notes {MARKUP}", author=MARKUP
    )
    path = tmp_path / "markup.json"
    save_design(design, path, shipped_library())
    assert window.open_path(path, ask=False)
    window.model.flush()
    assert window.model.design.name == MARKUP  # kept exactly, not escaped or stripped
    assert window.windowTitle() == f"markup.json[*] — {MARKUP} — Lamina"  # always plain text
    for label in window.findChildren(QLabel):
        if MARKUP in label.text() or "bold</b>" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


def test_the_recovery_question_shows_the_name_as_plain_text(window, tmp_path, monkeypatch):
    """Was: QMessageBox.question, which takes a name starting with a tag for rich text."""
    crashed = Autosaver(tmp_path / "data" / "autosave", session="crashed")
    crashed.write(dataclasses.replace(preset("hao2021_pto"), name=MARKUP), None, shipped_library())
    crashed.lock.release()  # as when its process is gone: the lock no longer held
    shown = []

    def answer(box: QMessageBox) -> int:
        shown.append((box.textFormat(), box.text()))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: pytest.fail("a static box may show rich text")
    )
    assert window.offer_recovery()
    assert shown == [(Qt.TextFormat.PlainText, shown[0][1])]
    assert MARKUP in shown[0][1]
    assert window.model.design.name == MARKUP


def test_an_autosave_this_version_cannot_read_is_kept_and_an_older_one_offered(window, tmp_path):
    """Was: an autosave of a newer format version made the app delete every autosave."""
    folder = tmp_path / "data" / "autosave"
    older = Autosaver(folder, session="older")
    older.write(preset("hao2021_pto"), None, shipped_library())
    newer = Autosaver(folder, session="newer")
    newer.write(preset("yang2022_fig1a"), None, shipped_library())
    for gone in (older, newer):
        gone.lock.release()  # as when their processes are gone: the locks no longer held
    raw = json.loads(newer.design_path.read_text(encoding="utf-8"))
    raw["version"] = 99
    newer.design_path.write_text(json.dumps(raw), encoding="utf-8")
    meta = json.loads(newer.meta_path.read_text(encoding="utf-8"))
    meta["saved_at"] += 60.0  # the newest
    newer.meta_path.write_text(json.dumps(meta), encoding="utf-8")

    assert window.offer_recovery(ask=lambda _text: True)
    assert window.model.design == preset("hao2021_pto")
    assert newer.design_path.exists()  # for the Lamina that wrote it
    assert not older.design_path.exists()


def test_a_material_missing_from_the_library_is_refused_by_name(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "gui.main_window.QMessageBox.warning", lambda _parent, _title, text: shown.append(text)
    )
    raw = design_to_dict(preset("default_nmc811_lpscl_li"), shipped_library())
    raw["cathode"]["components"][0]["material"] = "NMC955"  # no such material here
    path = tmp_path / "missing.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    before = window.model.design
    assert not window.open_path(path, ask=False)
    assert window.model.design == before  # nothing substituted, nothing opened
    assert "cathode.components[0].material: unknown material 'NMC955'" in shown[0]
