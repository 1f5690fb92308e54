"""The layers keep to their contracts (import-linter, pyproject.toml): the engine never imports Qt,
pyqtgraph or the GUI; physics takes numbers; the voltage curve reads only its inputs; views do
not import the main window, nor the model a view. And engine/ type-checks (mypy)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contract_holds():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 kept, 0 broken" in result.stdout


def test_engine_imports_without_qt():
    code = (
        "import sys, engine, engine.paths, engine.references; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'gui')]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_the_engine_type_checks():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


MODEL_SIGNALS = {"design_changed", "selection_changed", "file_changed", "library_changed"}
DESIGN_CHANGERS = {"replace", "replace_field", "set_field", "swept"}


def _view_breaches(tree: ast.AST) -> list[str]:
    """Where a view changes a design itself, emits the model's signals or sets its state."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("dataclasses", "engine.design"):
            found += [f"imports {a.name}" for a in node.names if a.name in DESIGN_CHANGERS]
        elif isinstance(node, ast.Attribute) and ast.unparse(node) == "dataclasses.replace":
            found.append("calls dataclasses.replace")
        elif isinstance(node, ast.Attribute) and node.attr in MODEL_SIGNALS:
            found.append(f"touches the model's {node.attr} other than to connect")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and ast.unparse(target.value).endswith(
                    "model"
                ):
                    found.append(f"sets {ast.unparse(target)}")
    return found


def test_views_change_the_design_only_through_the_models_named_edits():
    breaches = {}
    for path in sorted((ROOT / "gui").rglob("*.py")):
        if path.name == "design_model.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # connecting to a model signal is what views do: drop those attribute reads first
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "connect":
                node.value = ast.Name("connected")
        found = _view_breaches(tree)
        if found:
            breaches[str(path.relative_to(ROOT))] = found
    assert breaches == {}
