"""What evaluate derives from one part of a design alone, kept per library for that very part.

An edit replaces only the parts of a design it changes (frozen dataclasses and tuples): the others
stay the same objects. Keeping what was derived from each part, found by identity (no hashing,
no comparing of numbers), lets a drag in the window re-derive only what depends on the value it
drags. The library never changes once built, so what is kept in its memo stays true.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from engine.materials import Library

MEMO_LIMIT = 4096  # entries kept per library; a long editing session stays small

P = TypeVar("P")
T = TypeVar("T")


def per_part(library: Library, key: object, part: P, derive: Callable[[P], T]) -> T:
    """derive(part), kept for this very part under key (what else the value depends on, e.g.
    the capacity basis). Parts or keys that hold arrays (a sweep) are not kept: an array can
    change in place, and a hashable part or key holds none."""
    memo = library.memo
    slot = (key, id(part))
    try:
        kept: tuple[P, T] | None = memo.get(slot)  # type: ignore[assignment]  # what this stored
    except TypeError:  # the key holds arrays
        return derive(part)
    if kept is not None and kept[0] is part:
        return kept[1]
    value = derive(part)
    try:
        hash(part)
    except TypeError:
        return value
    if len(memo) > MEMO_LIMIT:
        memo.clear()
    memo[slot] = (part, value)  # the part kept alive with it: its id is not reused meanwhile
    return value
