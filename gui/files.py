"""Where the app keeps things of the user's: recent files, autosaves (QStandardPaths), presets."""

from __future__ import annotations

import json
import math
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from engine.design import Design
from engine.io.atomic import write_text_atomically
from engine.io.design_files import DesignFile, DesignFileError, read_design, save_design
from engine.materials import Library
from engine.paths import resource_path
from gui.classroom import Classroom
from gui.session_lock import SessionLock, held_by_a_running_process

DESIGN_FILES = "Lamina designs (*.json);;All files (*)"  # the file dialogs' filter
AUTOSAVE_INTERVAL_S = 30  # unsaved edits are never more than this old on disk
RECENT_KEY = "files/recent"
RECENT_LIMIT = 8


def user_data_dir() -> Path:
    """The platform's per-user data folder (never next to the executable)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def recent_files(settings: QSettings) -> list[Path]:
    raw = settings.value(RECENT_KEY, [])
    entries = [raw] if isinstance(raw, str) else list(raw or [])
    return [Path(p) for p in entries if p]


def remember_file(settings: QSettings, path: Path) -> None:
    entries = [p for p in recent_files(settings) if p != path]
    entries.insert(0, path)
    settings.setValue(RECENT_KEY, [str(p) for p in entries[:RECENT_LIMIT]])


LAST_FOLDER_KEY = "files/last_folder"
DESIGN_SUFFIX = ".lamina.json"  # how a desktop knows a design (resources/lamina-mime.xml)
UNSAFE_IN_NAMES = '/\\:*?"<>|'  # characters no file name may hold on some system
NAME_LIMIT = 100  # characters of a suggested file name


def file_name_for(design_name: str, suffix: str) -> str:
    """A file name from a design's name: characters a system refuses become '-'."""
    stem = "".join("-" if c in UNSAFE_IN_NAMES or ord(c) < 32 else c for c in design_name)
    stem = " ".join(stem.split())[:NAME_LIMIT].strip(" .") or "design"
    return f"{stem}{suffix}"


def file_stem(path: Path) -> str:
    """A design file's name without its suffix: "cell" for cell.lamina.json and cell.json."""
    name = path.name
    return name.removesuffix(DESIGN_SUFFIX) if name.endswith(DESIGN_SUFFIX) else path.stem


def suggested_path(
    settings: QSettings,
    current: Path | None,
    design_name: str,
    suffix: str,
    classroom: Classroom | None = None,
) -> Path:
    """Where a save or export dialog starts: beside the current file with its name, else in the
    folder last written to (else Documents) named after the design; in classroom mode, in the
    student's folder unless the current file is in it."""
    if current is not None and (classroom is None or classroom.holds(current)):
        return current.with_name(file_stem(current) + suffix)
    if classroom is not None:
        return classroom.folder / file_name_for(design_name, suffix)
    folder = settings.value(LAST_FOLDER_KEY) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )
    return Path(str(folder)) / file_name_for(design_name, suffix)


def remember_folder(settings: QSettings, path: Path) -> None:
    settings.setValue(LAST_FOLDER_KEY, str(path.parent))


@dataclass(frozen=True)
class ShippedFile:
    path: Path
    name: str


def presets() -> list[ShippedFile]:
    """The shipped designs: the papers' cells and the default, by their names."""
    return _shipped("presets", "name")


def lessons() -> list[ShippedFile]:
    """The shipped lessons (resources/lessons), by their titles, in teaching order."""
    return _shipped("lessons", "title")


def _shipped(folder: str, key: str) -> list[ShippedFile]:
    found = []
    for path in sorted(resource_path(folder).glob("*.json")):
        name = json.loads(path.read_text(encoding="utf-8")).get(key, path.stem)
        found.append(ShippedFile(path, name))
    return found


@dataclass(frozen=True)
class Autosave:
    design_path: Path
    meta_path: Path
    original: Path | None  # the file the design was opened from, if any
    saved_at: float


class Autosaver:
    """Writes the design of this session to <dir>/autosave-<pid>.json (atomically) and finds
    those left behind by sessions that ended without closing properly.

    Each session holds a lock beside its autosave while it runs (gui/session_lock.py: released
    by the operating system when the process ends, however it ends). Another session, or a
    second Lamina, offers an autosave only when its lock is free: a live session's work is never
    offered to, or deleted by, anyone else. A session's name is its process id and a random
    part, since in a container every start may get the same id."""

    def __init__(self, folder: Path, session: str | None = None) -> None:
        self.folder = folder
        session = session or f"{os.getpid()}-{secrets.token_hex(4)}"
        self.design_path = folder / f"autosave-{session}.json"
        self.meta_path = folder / f"autosave-{session}.meta.json"
        self.lock = SessionLock(_lock_path(self.design_path))

    def write(self, design: Design, original: Path | None, library: Library) -> None:
        """Save the design (with the materials of the library's it needs that are not
        shipped) and the file it came from."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        save_design(design, self.design_path, library)
        meta = {"original": str(original) if original else None, "saved_at": time.time()}
        write_text_atomically(self.meta_path, json.dumps(meta))

    def clear(self) -> None:
        for path in (self.design_path, self.meta_path):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """The session ends cleanly: its autosave and its lock go."""
        self.clear()
        self.lock.release()

    def left_behind(self) -> list[Autosave]:
        """Autosaves of sessions that are no longer running (a crash or a kill), newest first."""
        found = []
        for design_path in self.folder.glob("autosave-*.json"):
            if design_path.name.endswith(".meta.json") or design_path == self.design_path:
                continue
            if held_by_a_running_process(_lock_path(design_path)):
                continue
            meta_path = design_path.with_name(design_path.stem + ".meta.json")
            original, saved_at = _read_meta(meta_path)
            found.append(
                Autosave(
                    design_path,
                    meta_path,
                    original,
                    design_path.stat().st_mtime if saved_at is None else saved_at,
                )
            )
        return sorted(found, key=lambda a: a.saved_at, reverse=True)

    @staticmethod
    def load(autosave: Autosave, library: Library) -> DesignFile:
        return read_design(autosave.design_path, library)

    @staticmethod
    def discard(autosave: Autosave) -> None:
        for path in (autosave.design_path, autosave.meta_path):
            path.unlink(missing_ok=True)


def _lock_path(design_path: Path) -> Path:
    return design_path.with_suffix(".lock")


def _read_meta(meta_path: Path) -> tuple[Path | None, float | None]:
    """The file an autosave came from and when it was written, from its note; a note that is
    missing or damaged (not an object, a time that is no number) gives None for either."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    if not isinstance(meta, dict):
        return None, None
    original = meta.get("original")
    saved_at = meta.get("saved_at")
    valid_time = isinstance(saved_at, int | float) and not isinstance(saved_at, bool)
    return (
        Path(original) if isinstance(original, str) and original else None,
        float(saved_at) if valid_time and math.isfinite(saved_at) else None,
    )


__all__ = ["AUTOSAVE_INTERVAL_S", "Autosave", "Autosaver", "DesignFileError", "ShippedFile"]
