"""A lock the operating system lets go of when its process ends, however it ends.

Autosaves belong to the session that writes them while it runs. A lock file holding a process id
cannot say so reliably: in a Flatpak or a container every start gets the same id, so a dead
session's lock looks alive. A lock on an open file (flock on Linux and macOS, a locked byte on
Windows) is held by the kernel for the process and released when it exits or is killed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


class SessionLock:
    """An exclusive lock on one file, held from acquire() until release() or the process's end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if no running process holds it; True if this process now holds it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go (closing the file releases the lock) and remove the lock file."""
        if self._fd is None:
            return
        os.close(self._fd)  # first: Windows removes no file that is open
        self._fd = None
        with contextlib.suppress(OSError):  # another process may have taken it meanwhile
            self.path.unlink(missing_ok=True)


def held_by_a_running_process(path: Path) -> bool:
    """Whether another running process holds the lock on path (no file: nobody does)."""
    if not path.exists():
        return False
    probe = SessionLock(path)
    try:
        if not probe.acquire():
            return True
    except OSError:
        return False  # unreadable: treated as left behind, and reported when loaded
    probe.release()
    return False
