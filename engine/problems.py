"""What goes wrong with a design: errors that refuse it, warnings that flag it.

Both name the field by its path in the design (as in the design file: ``cathode.porosity``,
``separator[1].thickness_um``), the offending value and, for errors, the allowed range.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a message may quote of a file: a field's path or a value of a million characters (or a
# million problems) would make a message no one can read, and a window no screen can show.
QUOTE_LIMIT = 300  # characters of a path or a message, the rest elided
PROBLEMS_SHOWN = 50  # problems listed, then how many more there are


def shortened(text: str, limit: int = QUOTE_LIMIT) -> str:
    """text, or its start and end with the number of characters left out between them."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}… ({len(text) - 2 * half:,} characters) …{text[-half:]}"


@dataclass(frozen=True)
class Problem:
    """One reason a design or a design file is refused."""

    path: str
    message: str

    def __str__(self) -> str:
        path, message = shortened(self.path), shortened(self.message)
        return f"{path}: {message}" if path else message


def listed(problems: tuple[Problem, ...]) -> str:
    """The problems one a line, PROBLEMS_SHOWN at most, then how many more."""
    lines = [str(p) for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"... and {len(problems) - PROBLEMS_SHOWN:,} more")
    return "\n".join(lines)


def bulleted(problems: tuple[Problem, ...]) -> str:
    """listed, each line a bullet: for a message box."""
    return "\n".join(f"• {line}" for line in listed(problems).splitlines())


class ProblemsError(ValueError):
    """Refused input; lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(listed(self.problems))


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
