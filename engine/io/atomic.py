"""Writing a file so that a crash or a full disk never leaves half of it: the new content goes to
a temporary file beside the target, is synced, and then renamed over it in one step.

The temporary file is made private (mkstemp makes it 0600); before the rename it gets the mode the
user expects: an existing file keeps its own, a new one follows the umask like any other program's
files, so a classmate or lab member keeps read access to a shared folder. A path that is a
symbolic link writes the file it points to, and the link stays. A file no one may write to is
read-only: it is refused, not renamed over (which its folder's permissions would allow).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMPORARY_NAME_BYTES = 64  # of the target's name, in the temporary file's


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """The permission bits the written file should have."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


@contextmanager
def _replacing(path: Path) -> Iterator[tuple[int, Path]]:
    """A temporary file beside path (its open descriptor and its name) that takes path's place
    when the block ends, or is removed if the block raises."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # the file the link names is the one to replace
    if not path.parent.is_dir():
        raise OSError(f"the folder {path.parent} does not exist")
    mode = _mode_for(path)
    # A name near the filesystem's 255-byte limit leaves no room to add to it: the temporary
    # file takes only the name's start (mkstemp's random part keeps it unique).
    prefix = f".{path.name.encode('utf-8')[:TEMPORARY_NAME_BYTES].decode('utf-8', 'ignore')}."
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        yield handle, temporary
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_stream(path: Path) -> Iterator[BinaryIO]:
    """A binary stream whose content takes path's place, whole, when the block ends; if the
    block raises (a full disk, Ctrl+C), path keeps its old content. For output too large to hold
    in memory (a sweep's table); write_bytes_atomically is the one-call form."""
    path = Path(path)
    if path.exists() and not stat.S_IMODE(path.stat().st_mode) & 0o222:
        raise PermissionError(f"{path} is read-only; it was left as it is")
    with _replacing(path) as (handle, _temporary), os.fdopen(handle, "wb") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write data to path: afterwards the file holds the old or the new content, whole. Every
    file Lamina writes comes here or through atomic_stream (a report or an image is drawn into
    memory first), so a failed write raises OSError, whatever drew it."""
    with atomic_stream(path) as stream:
        stream.write(data)


def write_text_atomically(path: Path, text: str) -> None:
    """Write text (UTF-8) to path, as write_bytes_atomically."""
    write_bytes_atomically(path, text.encode("utf-8"))
