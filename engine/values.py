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

    def to_dict(self) -> dict[str, float | str]:
        """As a file writes it: value and ref, where and note when given."""
        out: dict[str, float | str] = {"value": self.value, "ref": self.ref}
        if self.where:
            out["where"] = self.where
        if self.note:
            out["note"] = self.note
        return out

    def source(self) -> str:
        """Reference key and place, e.g. 'seed004, Fig. 1A (L55)'."""
        return f"{self.ref}, {self.where}" if self.where else self.ref
