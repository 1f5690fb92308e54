"""A number of the library with where it comes from (materials and open-circuit curves)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Value:
    """One number of the library and where it comes from."""

    value: float
    ref: str
    where: str = ""
    note: str = ""

    def source(self) -> str:
        """Reference key and place, e.g. 'seed004, Fig. 1A (L55)'."""
        return f"{self.ref}, {self.where}" if self.where else self.ref
