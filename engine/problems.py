"""What goes wrong with a design: errors that refuse it, warnings that flag it.

Both name the field by its path in the design (as in the design file: ``cathode.porosity``,
``separator[1].thickness_um``), the offending value and, for errors, the allowed range.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a design or a design file is refused."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProblemsError(ValueError):
    """Refused input; lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DesignError(ProblemsError):
    """A design that cannot be evaluated."""


@dataclass(frozen=True)
class DesignWarning:
    """Implausible but possible: the design is evaluated, and the warning is shown with it.

    code: a stable identifier (``n_p_below_1``, ``thick_separator``, ``high_porosity``, ...) that
    views and tests match on; message: one sentence for a person, with the value.
    """

    code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message
