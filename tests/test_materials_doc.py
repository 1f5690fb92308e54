"""docs/materials.md is generated from the library (tools/materials_doc.py), and the shipped data
cites its sources as a reader would: by paper and its figure, table, equation or section, never
by a private text copy's file or line numbers, and only by keys of the bibliography."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.paths import resource_path
from engine.references import SOURCE_PAPER_KEYS, load_references, source_papers
from tools.materials_doc import DOC, render

# A working copy's names: a seed number, a notes file, a line number of a text copy.
PRIVATE = re.compile(
    r"\b[Ss][Ee][Ee][Dd] ?0\d\d\b|\bnotes0|notes/|\bL\d{2,3}\b|line \d+|\b[Ss]eeds?\b"
)


def _resource_files() -> list[Path]:
    return sorted(resource_path().rglob("*.json"))


def _strings(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def _refs(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    for where, text in _strings(node, path):
        if where.endswith(".ref"):
            yield where, text


def test_materials_doc_is_the_generators_output():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/materials.md is out of date: run .venv/bin/python tools/materials_doc.py"
    )


def test_the_pattern_finds_what_it_is_for():
    for private in ("seed000", "Seed 004 Fig. 1A", "notes003", "notes/004.md", "L96", "line 313"):
        assert PRIVATE.search(private), private
    for fine in ("yang2022_fig1a", "Fig. 1A", "Table 2 (ref. [5])", "section 2.1.3", "LLZO"):
        assert not PRIVATE.search(fine), fine


@pytest.mark.parametrize("path", _resource_files(), ids=lambda p: p.name)
def test_resources_cite_no_private_copy(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    found = [f"{where}: {text!r}" for where, text in _strings(data) if PRIVATE.search(text)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", _resource_files(), ids=lambda p: p.name)
def test_every_ref_in_resources_is_in_the_bibliography(path):
    known = load_references()
    data = json.loads(path.read_text(encoding="utf-8"))
    unknown = [f"{where}: {key!r}" for where, key in _refs(data) if key not in known]
    assert not unknown, "\n".join(unknown)


def test_the_source_papers_are_cited_by_author_and_year():
    papers = source_papers()
    assert [p.key for p in papers] == list(SOURCE_PAPER_KEYS)
    assert all(p.kind == "paper" for p in papers)
    for paper in papers:
        assert not PRIVATE.search(paper.citation), paper.key
        assert re.search(r"\b20(20|21|22|23)\b", paper.citation), paper.key
