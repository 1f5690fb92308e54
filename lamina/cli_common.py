"""What the command line's subcommands share: reading a design file with the materials it needs,
and saying on stderr why a file cannot be used (main.py builds the parser)."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (--version stays quick)
if TYPE_CHECKING:
    from engine.io.design_files import DesignFile
    from engine.materials import Library
    from engine.problems import ProblemsError


def refuse(path: Path, verb: str, error: ProblemsError | KeyError) -> int:
    """Say on stderr why a file cannot be used (every problem, with its path); exit status 2."""
    if isinstance(error, KeyError):
        print(f"lamina: {error.args[0]}", file=sys.stderr)
        return 2
    from engine.problems import listed  # noqa: PLC0415 (loaded with the command)

    print(f"lamina: {path} cannot be {verb}:", file=sys.stderr)
    for line in listed(error.problems).splitlines():
        print(f"  {line}", file=sys.stderr)
    return 2


def cannot_write(path: Path, error: OSError) -> int:
    """Say on stderr that an output cannot be written, and why; exit status 2."""
    print(f"lamina: cannot write {path}: {error}", file=sys.stderr)
    return 2


def add_materials_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--materials",
        metavar="FOLDER",
        type=Path,
        help="also use the materials files in FOLDER (docs/user-materials.md)",
    )


def library_from(args: argparse.Namespace) -> Library:
    """The shipped library, plus the user's materials of --materials; LibraryError names every
    problem of their files."""
    from engine.materials import LibraryError, load_library, shipped_library  # noqa: PLC0415
    from engine.problems import Problem  # noqa: PLC0415 (the engine loads in the commands)

    folder = args.materials
    if folder is None:
        return shipped_library()
    if not folder.is_dir():
        raise LibraryError([Problem(str(folder), "is not a folder")])
    return load_library(folder)


def read_with_materials(args: argparse.Namespace, verb: str) -> DesignFile | None:
    """The design file of args.file with the library it needs (shipped, --materials, what the
    file carries); None once the reason it cannot be used is printed (exit status 2)."""
    from engine.io.design_files import read_design  # noqa: PLC0415 (loads the engine)
    from engine.materials import LibraryError  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415

    try:
        library = library_from(args)
    except LibraryError as error:
        refuse(args.materials, "used for materials", error)
        return None
    try:
        return read_design(args.file, library)
    except ProblemsError as error:
        refuse(args.file, verb, error)
        return None


class CtrlC:
    """Ctrl+C noted rather than raised while a long command runs: its loop asks `pressed` between
    steps. Raised at an arbitrary moment, KeyboardInterrupt can land in a finalizer, where Python
    prints it and carries on, so the command would run to its end."""

    pressed = False

    def __enter__(self) -> CtrlC:
        self._before = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, _signal: int, _frame: object) -> None:
        self.pressed = True

    def __exit__(self, *_exc: object) -> None:
        signal.signal(signal.SIGINT, self._before)
