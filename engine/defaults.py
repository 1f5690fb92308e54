"""What a new part starts as: the numbers of resources/defaults.json, each with its source.

An edit that adds a part or switches a part's kind (engine/edits.py) takes its numbers from here,
so that every default a user meets names the paper (or says it is only a starting value).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from engine.paths import resource_path


@dataclass(frozen=True)
class Default:
    value: float
    ref: str  # a key of resources/materials/references.json
    where: str  # the figure, table or section of the reference


@cache
def load_defaults() -> dict[str, Default]:
    """Every default of resources/defaults.json, by name."""
    raw = json.loads(resource_path("defaults.json").read_text(encoding="utf-8"))
    return {
        name: Default(value=entry["value"], ref=entry["ref"], where=entry["where"])
        for name, entry in raw["values"].items()
    }


def default(name: str) -> float:
    """The value of one default, e.g. default("pellet.diameter_mm")."""
    return load_defaults()[name].value
