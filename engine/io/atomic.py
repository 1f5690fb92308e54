"""Writing a file so that a crash or a full disk never leaves half of it: the new content goes to
a temporary file beside the target, is synced, and then renamed over it in one step.

The temporary file is made private (mkstemp makes it 0600); before the rename it gets the mode the
user expects: an existing file keeps its own, a new one follows the umask like any other program's
files, so a classmate or lab member keeps read access to a shared folder. A path that is a
symbolic link writes the file it points to, and the link stays.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

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
