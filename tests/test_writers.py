"""Every file Lamina writes keeps the old file whole when the write fails or is killed.

The writers are listed in tests/writers.py: a design, an autosave, the report (PDF, HTML), the
results (JSON, CSV) and a plot's exports (PNG, SVG, CSV). Each is tried against:

- a full disk: the kernel refuses writes past a size (RLIMIT_FSIZE, EFBIG), the failure a full
  disk gives at the same calls (write, flush, fsync); Qt's PDF and SVG writers ignored it;
- a read-only file (no write permission for anyone): refused, not renamed over;
- a read-only folder (as an unprivileged user: root may write anywhere);
- SIGKILL (tests/kill_child.py), as its temporary file is made and just before the rename.

After each the old file has the same bytes and no file but a hidden temporary one is left.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.writers import WRITERS

CHILD = Path(__file__).resolve().parent / "kill_child.py"
NOBODY = 65534


@contextmanager
def disk_full_after(size: int) -> Iterator[None]:
    """Writes that would take any file past size bytes fail with EFBIG (signal ignored)."""
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run as a user without root's right to write anywhere (as root: effective uid nobody)."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder an unprivileged user can reach (pytest's own are private to their owner)."""
    path = Path(tempfile.mkdtemp(prefix="lamina-writers-"))
    path.chmod(0o755)
    yield path
    path.chmod(0o755)
    shutil.rmtree(path)


def files(folder: Path) -> dict[str, bytes]:
    """The folder's files but the hidden temporary ones a killed write may leave."""
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if not (p.name.startswith(".") and p.name.endswith(".tmp"))
    }


def written_old(folder: Path, writer: str) -> tuple[Path, dict[str, bytes]]:
    path = WRITERS[writer](folder, "old")
    return path, files(folder)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk_keeps_the_old_file(lamina_app, folder, writer):
    path, old = written_old(folder, writer)
    with disk_full_after(len(old) // 2), pytest.raises(OSError, match="File too large"):
        WRITERS[writer](folder, "new")
    assert files(folder) == old
    assert WRITERS[writer](folder, "new").read_bytes() != old[path.name]  # room again


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_file_is_left_as_it_is(lamina_app, folder, writer):
    path, old = written_old(folder, writer)
    path.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only"):
        WRITERS[writer](folder, "new")
    assert files(folder) == old
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_folder_keeps_the_old_file(lamina_app, folder, writer):
    _path, old = written_old(folder, writer)
    folder.chmod(0o555)
    with unprivileged(), pytest.raises(PermissionError):
        WRITERS[writer](folder, "new")
    assert files(folder) == old


@pytest.fixture(scope="module")
def killed(tmp_path_factory) -> dict[tuple[str, str], tuple[int, str, Path]]:
    """Every writer killed at both points, the children run side by side: (writer, where) ->
    exit status, what the child printed, its folder."""
    runs = {}
    for writer in WRITERS:
        for where in ("first", "rename"):
            folder = tmp_path_factory.mktemp(f"kill-{writer}-{where}")
            command = [sys.executable, str(CHILD), "write", writer, str(folder), where]
            process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            runs[writer, where] = (process, folder)
    finished = {}
    for key, (process, folder) in runs.items():
        out, _ = process.communicate(timeout=300)
        finished[key] = (process.returncode, out, folder)
    return finished


@pytest.mark.parametrize("where", ["first", "rename"])
@pytest.mark.parametrize("writer", WRITERS)
def test_a_writer_killed_before_its_rename_leaves_the_old_file(killed, writer, where):
    """Killed at the first call that changes the disk after its temporary file is made, or just
    before the rename: the old file's bytes, as the child read them before. A writer that wrote
    the file in place would not be killed at all (no temporary file, no rename)."""
    code, out, _folder = killed[writer, where]
    assert code == -signal.SIGKILL, out
    name, digest = out.splitlines()[0].split()
    path = Path(name)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
