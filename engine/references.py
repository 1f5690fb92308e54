"""The bibliography behind the shipped data: papers and handbooks that values cite by key."""

from __future__ import annotations

import json
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
