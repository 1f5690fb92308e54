"""The bibliography behind the shipped data: papers and handbooks that values cite by key."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from engine.paths import resource_path

SOURCE_PAPER_KEYS = ("li2021", "hao2021", "wu2020", "pan2023", "yang2022")
# How a reference key of a user's materials file is cited: the shipped bibliography lacks it.
OWN_SOURCE = "cited in your materials file; not in Lamina's bibliography"


@dataclass(frozen=True)
class Reference:
    key: str
    citation: str
    kind: str  # "paper", "handbook" or "calculation"


@cache
def load_references() -> dict[str, Reference]:
    """All references of resources/materials/references.json, by key."""
    raw = json.loads(resource_path("materials", "references.json").read_text(encoding="utf-8"))
    return {
        key: Reference(key=key, citation=entry["citation"], kind=entry["kind"])
        for key, entry in raw["references"].items()
    }


def source_papers() -> list[Reference]:
    """The five papers the product reproduces, in order."""
    references = load_references()
    return [references[key] for key in SOURCE_PAPER_KEYS if key in references]


@cache
def short_citation(key: str) -> str:
    """A reference as a sentence cites it: "Zhu et al. 2015" (first author and year, where the
    citation starts with its authors), "Lamina calculation", else the citation up to its first
    comma ("IUPAC Commission on Isotopic Abundances and Atomic Weights (CIAAW)"); the key itself
    when the bibliography lacks it (a user's materials file)."""
    reference = load_references().get(key)
    if reference is None:
        return key
    if reference.kind == "calculation":
        return "Lamina calculation"
    authors = reference.citation.split(", ")
    first, editor, _ = authors[0].partition(" (ed")
    if not _is_author(first):
        return authors[0]
    surname = first.split(" ")[-1] + (" (ed.)" if editor else "")
    year = re.search(r"\b(19|20)\d\d\b", reference.citation)
    more = " et al." if len(authors) > 1 and _is_author(authors[1]) else ""
    return f"{surname}{more} {year.group(0) if year else ''}".strip()


def _is_author(text: str) -> bool:
    """An author of a citation's list: initials and a name ("X. He"), not a title."""
    return re.fullmatch(r"(?:[A-Z][a-z]?\.[ -]?)+ ?[\w'-]+(?: [\w'-]+)?", text) is not None


def cite(ref: str, where: str = "") -> str:
    """A library value's source as a reader cites it: "Li et al. 2021, section 3"."""
    return ", ".join(part for part in (short_citation(ref), where) if part)
