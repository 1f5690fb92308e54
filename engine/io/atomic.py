"""Writing a file so that a crash or a full disk never leaves half of it: the new content goes to
a temporary file beside the target, is synced, and then renamed over it in one step.

The temporary file is made private (mkstemp makes it 0600); before the rename it gets the mode the
user expects: an existing file keeps its own, a new one follows the umask like any other program's
files, so a classmate or lab member keeps read access to a shared folder.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


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
    if not path.parent.is_dir():
        raise OSError(f"the folder {path.parent} does not exist")
    mode = _mode_for(path)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        yield handle, temporary
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """Write text (UTF-8) to path: afterwards the file holds the old or the new text, whole."""
    with (
        _replacing(Path(path)) as (handle, _temporary),
        os.fdopen(handle, "w", encoding="utf-8") as stream,
    ):
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Let write() fill a temporary file by its name (a PDF or an image writer), then put it in
    place of path."""
    with _replacing(Path(path)) as (handle, temporary):
        os.close(handle)
        write(temporary)
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
