"""The processes tests/test_crash_safety.py kills: run as a script, never imported by the app.

    python tests/kill_child.py events FILE          print the calls a save makes, as JSON
    python tests/kill_child.py autosave-events DIR  the same for an autosave
    python tests/kill_child.py save FILE K          save design "old", then "new" killed at call K
    python tests/kill_child.py loop FILE            save "step 0", "step 1", ... until killed
    python tests/kill_child.py write WRITER DIR W   write with a writer of tests/writers.py,
                                                    then again killed at W (first, rename)
    python tests/kill_child.py edit DATA_DIR K      edit in the real window, autosave, edit,
                                                    autosave again killed at call K (0: not),
                                                    edit, then wait to be killed

Call K counts the calls that change what is on disk (FILE_CALLS: opening, writing, flushing,
syncing, closing, renaming) from the moment save_design() creates its temporary file, 1 the
first; just before call K runs the process sends itself SIGKILL. So each K is one exact point of
the save, the same on every run (no timing), and K = 1 .. n + 1 visits every state the files go
through.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.design import Design  # noqa: E402
from engine.io.design_files import save_design  # noqa: E402
from engine.materials import shipped_library  # noqa: E402
from tests.presets import preset  # noqa: E402


def design(name: str) -> Design:
    """The designs the children write, the same in the test that checks them."""
    return dataclasses.replace(preset("yang2022_fig1a"), name=name)


# The calls that change what is on disk (os.open, io.open, write, flush, fsync, close, rename):
# between two of them the files are the same whichever Python call a kill lands on.
FILE_CALLS = frozenset({"open", "write", "flush", "fsync", "close", "__exit__", "replace"})


def watch_save(kill_at: int, names: list[str] | None = None, kill_before: str = "") -> None:
    """From the next mkstemp on, count the FILE_CALLS made; SIGKILL this process just before
    call kill_at runs (if > 0), or before the first call named kill_before; append each call's
    name to names (if given)."""
    count, armed = 0, False

    def profile(frame, event, arg) -> None:
        nonlocal count, armed
        if event == "call" and frame.f_code.co_name == "mkstemp":
            armed = True
        if not (armed and event == "c_call" and arg.__name__ in FILE_CALLS):
            return
        count += 1
        if names is not None:
            names.append(arg.__name__)
        if count == kill_at or arg.__name__ == kill_before:
            os.kill(os.getpid(), signal.SIGKILL)

    sys.setprofile(profile)


def events(target: Path) -> None:
    """The calls of a save as the `save` command makes it: the second in the process."""
    save_design(design("old"), target, shipped_library())
    names: list[str] = []
    watch_save(0, names)
    save_design(design("new"), target, shipped_library())
    sys.setprofile(None)
    print(json.dumps(names), flush=True)


def autosave_events(folder: Path) -> None:
    from gui.files import Autosaver  # noqa: PLC0415

    autosaver = Autosaver(folder / "autosave")
    autosaver.write(
        design("old"), None, shipped_library()
    )  # as in `edit`, the second autosave is the one killed
    names: list[str] = []
    watch_save(0, names)
    autosaver.write(design("new"), None, shipped_library())
    sys.setprofile(None)
    print(json.dumps(names), flush=True)


def save(target: Path, kill_at: int) -> None:
    save_design(design("old"), target, shipped_library())
    watch_save(kill_at)
    save_design(design("new"), target, shipped_library())
    sys.setprofile(None)
    print("saved", flush=True)


def loop(target: Path) -> None:
    step = 0
    while True:
        save_design(design(f"step {step}"), target, shipped_library())
        print(f"saved {step}", flush=True)
        step += 1


def write(writer: str, folder: Path, where: str) -> None:
    """Write with one of tests/writers.py's writers, label "old", print the file's SHA-256; then
    write "new" killed at the first call that changes the disk after the temporary file is made
    (where "first") or just before the rename (where "rename")."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from gui.app import create_application  # noqa: PLC0415
    from tests.writers import WRITERS  # noqa: PLC0415

    _app = create_application()
    path = WRITERS[writer](folder, "old")
    print(path, hashlib.sha256(path.read_bytes()).hexdigest(), flush=True)
    if where == "first":
        watch_save(1)
    else:
        watch_save(0, kill_before="replace")
    WRITERS[writer](folder, "new")
    sys.setprofile(None)
    print("written: not killed", flush=True)


def edit(data_dir: Path, kill_at: int) -> None:
    """Edits in the real main window, offscreen; what each autosave holds is written beside it
    (first.json, second.json) for the test to compare with what is recovered."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings  # noqa: PLC0415

    from gui.app import create_application  # noqa: PLC0415
    from gui.main_window import MainWindow  # noqa: PLC0415

    app = create_application()
    settings = QSettings(str(data_dir / "child.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_dir=data_dir)
    window.show()
    model = window.model
    model.set_field("separator[0].thickness_um", 42.0)
    model.select("separator[0]")
    window.edit_layers("add", "separator")
    model.set_field("separator[1].material", "Li3PS4")
    model.set_field("cathode.porosity", 0.2)
    app.processEvents()
    window.autosave()
    save_design(model.design, data_dir / "first.json", shipped_library())
    model.set_field("operating.temperature_C", 60.0)
    model.set_field("cell_format.unit_cells", 12)
    app.processEvents()
    save_design(model.design, data_dir / "second.json", shipped_library())
    watch_save(kill_at)
    window.autosave()
    sys.setprofile(None)
    model.set_field("separator[0].thickness_um", 99.0)  # after the last autosave: lost
    app.processEvents()
    print("ready", flush=True)
    while True:  # the test kills us here
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    command, target = sys.argv[1], Path(sys.argv[2])
    if command == "write":
        write(sys.argv[2], Path(sys.argv[3]), sys.argv[4])
        return
    kill_at = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    {
        "events": lambda: events(target),
        "autosave-events": lambda: autosave_events(target),
        "save": lambda: save(target, kill_at),
        "loop": lambda: loop(target),
        "edit": lambda: edit(target, kill_at),
    }[command]()


if __name__ == "__main__":
    main()
