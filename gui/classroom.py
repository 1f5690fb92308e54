"""Classroom mode: on a shared workstation a student's work is saved only in their own folder,
and every file from elsewhere (the shipped presets and lessons, a teacher's shared folder) opens
as a template, so nothing the class shares can be written over. A teacher turns it on in the
window (Lesson > Classroom mode, kept in that user's settings) or a managed install starts
Lamina with --classroom, which the window cannot turn off."""

from __future__ import annotations

import getpass
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ENABLED_KEY = "classroom/enabled"
FOLDER_KEY = "classroom/folder"
VARIABLE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
FOLDER_NAME = "Lamina"  # inside the user's Documents, unless a folder is given


@dataclass(frozen=True)
class Classroom:
    folder: Path  # the student's own folder: designs and lessons are saved only in it
    locked: bool = False  # turned on from the command line: the window cannot turn it off

    def holds(self, path: Path) -> bool:
        """True if path is inside the student's folder (links followed, as the system would)."""
        return path.resolve().is_relative_to(self.folder.resolve())

    def refusal(self, path: Path) -> str | None:
        """Why path may not be written in classroom mode, or None if it may."""
        if self.holds(path):
            return None
        return (
            f"In classroom mode your work is saved in your own folder, {self.folder}; "
            f"{path} is outside it. Save again and choose a name in that folder."
        )

    def shown_folder(self) -> str:
        """The folder as a status bar shows it: ~ for the user's home."""
        home = Path.home()
        if self.folder.is_relative_to(home):
            return str(Path("~") / self.folder.relative_to(home))
        return str(self.folder)

    def make_folder(self) -> str | None:
        """Create the folder if it is missing; why it cannot be, or None."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return f"Your folder {self.folder} cannot be created: {error.strerror or error}"
        return None


def expanded(text: str) -> Path:
    """A folder as written on a command line or in the settings: ~ and $VARIABLES (${NAME}
    too) expand, so that one line serves every student of a room; $USER is the user's login
    name even where the environment does not set it (a launcher, a service)."""
    names = {"USER": getpass.getuser(), "USERNAME": getpass.getuser(), **os.environ}
    text = VARIABLE.sub(lambda m: names.get(m[1] or m[2], m[0]), text)
    return Path(text).expanduser().absolute()


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / FOLDER_NAME


def classroom_in(settings: QSettings) -> Classroom | None:
    """Classroom mode as the settings have it (the user's, else the machine's: a system-wide
    Lamina.conf with classroom/enabled=true turns it on for every user), or None when it is off."""
    if settings.value(ENABLED_KEY, False) not in (True, "true"):
        return None
    folder = settings.value(FOLDER_KEY)
    return Classroom(expanded(str(folder)) if folder else default_folder())


def save_classroom_setting(settings: QSettings, on: bool) -> None:
    settings.setValue(ENABLED_KEY, on)
