"""Kills lose nothing saved: a save killed at any point leaves the old or the new complete design,
and a session killed while editing is offered back, with every edit up to its last autosave.

The processes killed are tests/kill_child.py. A save is killed at exact, seeded points (the n-th
call after it creates its temporary file: see kill_child.py), so the test does not depend on
timing; one more test kills a process saving in a loop whenever the test reads that it saved.

A killed save may leave its temporary file behind: hidden (``.<name>.<random>.tmp``), never a
``*.json``, so neither the open dialog's filter, the autosave finder nor a glob for designs ever
takes it for a design. Lamina does not delete such files itself (another process might be in the
middle of its own save to the same folder).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from engine.io.design_files import load_design
from engine.materials import shipped_library
from gui.files import AUTOSAVE_INTERVAL_S, Autosaver
from gui.main_window import MainWindow
from tests.kill_child import design

CHILD = Path(__file__).resolve().parent / "kill_child.py"
SEED = 10


def child(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *map(str, args)],
        stdout=subprocess.PIPE,
        text=True,
    )


def run_child(*args: object) -> tuple[int, str]:
    process = child(*args)
    out, _ = process.communicate(timeout=120)
    return process.returncode, out


def save_calls(folder: Path) -> list[str]:
    """The calls of one save that change what is on disk, in order (kill_child.FILE_CALLS)."""
    code, out = run_child("events", folder / "probe.json")
    assert code == 0
    return json.loads(out)


def rename_call(calls: list[str]) -> int:
    """The 1-based index of the first os.replace, the call that puts the new file in place."""
    return calls.index("replace") + 1


def test_a_save_killed_at_any_point_leaves_the_old_or_the_new_design(tmp_path):
    """Killed just before each call that changes the disk, and after the last: every state a
    save goes through. Before the rename the old design is on disk, complete; after it the new."""
    calls = save_calls(tmp_path)
    assert calls[-1] == "replace"  # written, flushed, synced and closed before the rename
    assert calls.index("fsync") < calls.index("__exit__") < rename_call(calls) - 1
    old, new = design("old"), design("new")
    strays = []
    for kill_at in range(1, len(calls) + 2):
        folder = tmp_path / f"kill-{kill_at}"
        folder.mkdir()
        target = folder / "cell.json"
        code, out = run_child("save", target, kill_at)
        killed = kill_at <= len(calls)
        assert code == (-signal.SIGKILL if killed else 0), (kill_at, code, out)
        on_disk, _ = load_design(target, shipped_library())
        assert on_disk == (old if kill_at <= rename_call(calls) else new), kill_at
        others = [p.name for p in folder.iterdir() if p != target]
        assert all(n.startswith(".cell.json.") and n.endswith(".tmp") for n in others), others
        assert sorted(folder.glob("*.json")) == [target]  # a stray is never taken for a design
        strays += others
    # Killed after creating the temporary file and before the rename, it stays behind.
    assert len(strays) == rename_call(calls) - 1


def test_a_process_killed_while_saving_in_a_loop_leaves_a_complete_design(tmp_path):
    """SIGKILL from outside whenever the child reports save n done, seeded n: the file is then
    step n or step n + 1 (the save under way when the signal arrived), complete."""
    rng = np.random.default_rng(SEED)
    for round_ in range(4):
        target = tmp_path / f"loop-{round_}.json"
        stop_after = int(rng.integers(1, 40))
        last = -1
        with child("loop", target) as process:
            assert process.stdout is not None
            for line in process.stdout:
                last = int(line.split()[1])
                if last == stop_after:
                    process.send_signal(signal.SIGKILL)
                    break
            process.wait(timeout=60)
            for line in process.stdout:  # what it wrote before the signal arrived
                last = int(line.split()[1])
        assert process.returncode == -signal.SIGKILL
        on_disk, _ = load_design(target, shipped_library())
        assert on_disk in (design(f"step {last}"), design(f"step {last + 1}"))


def autosave_calls(folder: Path) -> list[str]:
    """The calls of an autosave that change what is on disk: its design, then its note."""
    code, out = run_child("autosave-events", folder)
    assert code == 0
    return json.loads(out)


# Where the second autosave is killed: (name, the 1-based call it is killed before), from its
# calls; 0 is not at all (killed after it, while editing on).
AUTOSAVE_KILLS = {
    "after-the-autosave": lambda _calls: 0,
    "autosave-creating-its-file": lambda _calls: 1,
    "autosave-before-fsync": lambda calls: calls.index("fsync") + 1,
    "autosave-before-rename": rename_call,
    "autosave-writing-its-note": lambda calls: rename_call(calls) + 1,
    "autosave-renaming-its-note": len,
}


@pytest.mark.parametrize("where", AUTOSAVE_KILLS)
def test_after_a_kill_the_next_start_recovers_every_edit_up_to_the_last_autosave(
    lamina_app, tmp_path, where
):
    """The child edits in the real window, autosaves, edits, autosaves again (killed at the
    point `where` names) and edits once more, then is killed. The next start offers the
    autosave and has every edit up to the last autosave that got renamed in place."""
    calls = autosave_calls(tmp_path)
    kill_at = AUTOSAVE_KILLS[where](calls)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with child("edit", data_dir, kill_at) as process:
        assert process.stdout is not None
        if process.stdout.readline().strip() == "ready":  # not killed by itself: kill it now
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL
    first, _ = load_design(data_dir / "first.json", shipped_library())
    second, _ = load_design(data_dir / "second.json", shipped_library())
    assert first != second
    completed = kill_at == 0 or kill_at > rename_call(calls)  # renamed in place

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_dir=data_dir)
    try:
        questions: list[str] = []
        assert window.offer_recovery(ask=lambda text: questions.append(text) or True)
        assert window.model.design == (second if completed else first)
        assert window.model.design.separator[0].thickness_um == 42.0  # not the edit after it
        assert window.isWindowModified()  # recovered edits are not saved yet
        assert "Recover them?" in questions[0]
        assert Autosaver(data_dir / "autosave", session="none").left_behind() == []  # once
        assert all(p.suffix == ".tmp" for p in (data_dir / "autosave").iterdir())
    finally:
        window.model.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_an_autosave_writes_synced_then_renames_then_notes_the_same_way(tmp_path):
    """The order the kills above rely on: the design written, flushed, synced and closed before
    it is renamed in place; then the note of its original file and time."""
    calls = autosave_calls(tmp_path)
    renamed = rename_call(calls)
    assert calls[:renamed] == ["open", "open", "write", "flush", "fsync", "__exit__", "replace"]
    assert calls[renamed:] == calls[:renamed]  # the note is written the same way


def test_the_autosave_interval_is_stated_and_short():
    """Unsaved edits are on disk within AUTOSAVE_INTERVAL_S (30 s) of being made."""
    assert 0 < AUTOSAVE_INTERVAL_S <= 60


def test_a_stray_temporary_file_is_not_an_autosave(tmp_path):
    folder = tmp_path / "autosave"
    crashed = Autosaver(folder, session="crashed")
    crashed.write(design("autosaved"), None, shipped_library())
    crashed.lock.release()  # as when its process is gone: the lock no longer held
    (folder / ".autosave-crashed.json.k3j2h.tmp").write_text('{"format": "lamina-de')
    (folder / ".autosave-other.json.x9.tmp").write_text("")
    found = Autosaver(folder, session="me").left_behind()
    assert [a.design_path for a in found] == [crashed.design_path]
    assert Autosaver.load(found[0], shipped_library()).design == design("autosaved")
