"""Soak: 10^5 design-file and materials-file cases and 10^4 random edits, counting crashes.

    .venv/bin/python bench/soak.py files [--cases 100000] [--seed N] [--jobs 2]
    .venv/bin/python bench/soak.py materials [--cases 100000] [--seed N] [--jobs 2]
    .venv/bin/python bench/soak.py gui [--edits 10000] [--seed N]
    .venv/bin/python bench/soak.py all

Without --seed each run draws a fresh seed and prints it first: a failure is rerun exactly with
--seed and that number.

files: hypothesis draws valid designs and files broken in one field or as bytes
(tests/fuzz_designs.py) and opens each as the app does; a crash is any exception other than a
refusal (DesignFileError) escaping the loader, or an opened design that then fails to evaluate
or to save (a numpy RuntimeWarning, NaN or overflow, counts: the tests make it an error); a
broken promise is a refusal that does not name where the file was broken, or a
round trip that is not exact. materials: the same for user materials files
(tests/fuzz_materials.py), each loaded as the window and the command line do and each of its
materials then used in designs. gui: random edits through the real widgets of a main window
offscreen (tests/random_edits.py); a crash is an exception escaping into Qt or out of an edit, a
broken promise results that are not a fresh evaluate of the design, views that do not show
them, or an undo history that does not give back its first design. Goal for both: 0.

The test suite runs a few thousand of each (tests/test_fuzz_design_files.py,
tests/test_fuzz_materials_files.py, tests/test_gui_random_edits.py), derandomized; the soak draws
from a seed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.fuzz_designs import file_cases, open_case
from tests.fuzz_materials import materials_cases, open_materials_case

SHOWN = 5  # failures printed in full
# Each kind of file: the cases hypothesis draws, and how one is opened and checked.
FILE_PARTS = {"files": (file_cases, open_case), "materials": (materials_cases, open_materials_case)}


def _files_worker(job: tuple[str, int, int]) -> tuple[Counter, list[str], float]:
    """Run `cases` cases of a kind of file drawn from `seed_`; outcomes counted by (kind,
    outcome)."""
    part, cases, seed_ = job
    strategy, open_one = FILE_PARTS[part]
    warnings.simplefilter("error", RuntimeWarning)  # NaN or overflow in numpy: as in the tests
    outcomes: Counter = Counter()
    failures: list[str] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:

        @seed(seed_)
        @settings(
            max_examples=cases,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy())
        def run(case) -> None:
            try:
                outcome = open_one(case, Path(folder))
            except AssertionError as error:
                outcome = "broken promise"
                failures.append(_describe(case, error))
            except Exception as error:  # noqa: BLE001 (counting every crash is the point)
                outcome = "crash"
                failures.append(_describe(case, error))
            outcomes[case.kind, outcome] += 1

        run()
    return outcomes, failures, time.perf_counter() - start


def _describe(case, error: BaseException) -> str:
    data = case.data if len(case.data) < 600 else case.data[:300] + b" ... " + case.data[-200:]
    trace = "".join(traceback.format_exception(error)[-6:])
    return f"kind {case.kind}, path {case.path}, data {data!r}\n{trace}"


def soak_files(part: str, cases: int, seed_: int, jobs: int) -> int:
    start = time.perf_counter()
    shares = [cases // jobs + (1 if i < cases % jobs else 0) for i in range(jobs)]
    work = [(part, n, seed_ * 1000 + i) for i, n in enumerate(shares)]
    if jobs == 1:
        results = [_files_worker(work[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            results = pool.map(_files_worker, work)
    outcomes: Counter = Counter()
    failures: list[str] = []
    for counted, failed, _ in results:
        outcomes += counted
        failures += failed
    elapsed = time.perf_counter() - start
    total = sum(outcomes.values())
    crashes = sum(n for (_, outcome), n in outcomes.items() if outcome == "crash")
    broken = sum(n for (_, outcome), n in outcomes.items() if outcome == "broken promise")
    print(f"{part}: {total} cases, seed {seed_}, {jobs} job(s)")
    for kind in sorted({k for k, _ in outcomes}):
        parts = ", ".join(f"{o} {n}" for (k, o), n in sorted(outcomes.items()) if k == kind)
        print(f"  {kind:16s} {sum(n for (k, _), n in outcomes.items() if k == kind):6d}: {parts}")
    print(f"  crashes {crashes}, broken promises {broken}, time {elapsed:.0f} s")
    for text in failures[:SHOWN]:
        print("\n" + text)
    return crashes + broken


class _GuiSoak:
    """Random edits on one window, counting crashes and broken promises as they happen."""

    def __init__(self, folder: Path, seed_: int) -> None:
        from tests import random_edits  # noqa: PLC0415

        self.edits = random_edits
        self.folder = folder
        self.window = random_edits.new_window(folder / "soak")
        self.first = self.window.model.design
        self.rng = random_edits.Dice(seed_)
        self.log: list = []
        self.kinds: Counter = Counter()
        self.failures: list[str] = []
        self.crashes = self.broken = 0
        self.escaped: list[str] = []
        sys.excepthook = self._hook

    def _hook(self, kind, value, tb) -> None:  # exceptions raised in slots, timers, overrides
        self.escaped.append("".join(traceback.format_exception(kind, value, tb)[-6:]))

    def step(self, i: int) -> None:
        command = None
        try:
            command = self.edits.draw_command(self.window, self.rng)
            self.kinds[command.action] += 1
            if self.edits.starts_history(command):
                self.log.append(self.edits.undo_all_and_back(self.window, self.first))
            self.edits.perform(self.window, command)
            self.log.append(command)
            self.edits.check_window(self.window)
        except AssertionError:
            self.broken += 1
            self.failures.append(f"edit {i} {command}\n{traceback.format_exc(limit=-4)}")
        except Exception:  # noqa: BLE001 (counting every crash is the point)
            self.crashes += 1
            self.failures.append(f"edit {i} {command}\n{traceback.format_exc(limit=-4)}")
        if self.escaped:
            self.crashes += len(self.escaped)
            self.failures += [f"edit {i} {command}: escaped into Qt\n{t}" for t in self.escaped]
            self.escaped.clear()
        if command is not None and self.edits.starts_history(command):
            self.first = self.window.model.design

    def finish(self) -> str:
        """Undo all and back once more, then replay every command on a new window."""
        try:
            self.log.append(self.edits.undo_all_and_back(self.window, self.first))
        except AssertionError:
            self.broken += 1
            self.failures.append(f"undo all and back\n{traceback.format_exc(limit=-4)}")
        if self.failures:
            self.edits.close_window(self.window)
            return "not tried (a failure above)"
        again = self.edits.new_window(self.folder / "replay")
        for command in self.log:
            self.edits.perform(again, command)
        same = again.model.design == self.window.model.design
        self.broken += 0 if same else 1
        self.edits.close_window(again)
        self.edits.close_window(self.window)
        return "same final design" if same else "DIFFERENT final design"


def soak_gui(edits: int, seed_: int) -> int:
    from gui.app import create_application  # noqa: PLC0415

    app = create_application()
    warnings.simplefilter("error", RuntimeWarning)  # NaN or overflow in numpy: as in the tests
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        soak = _GuiSoak(Path(folder), seed_)
        try:
            for i in range(edits):
                soak.step(i)
                if (i + 1) % 1000 == 0:
                    print(f"  {i + 1} edits, {time.perf_counter() - start:.0f} s", flush=True)
            replayed = soak.finish()
            app.processEvents()
        finally:  # an error of the soak's own is printed as Python does, not counted
            sys.excepthook = sys.__excepthook__
    elapsed = time.perf_counter() - start
    print(f"gui: {sum(soak.kinds.values())} random edits, seed {seed_}")
    print("  " + ", ".join(f"{k} {n}" for k, n in sorted(soak.kinds.items())))
    print(f"  replay of {len(soak.log)} commands: {replayed}")
    print(f"  crashes {soak.crashes}, broken promises {soak.broken}, time {elapsed:.0f} s")
    for text in soak.failures[:SHOWN]:
        print("\n" + text)
    return soak.crashes + soak.broken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("part", choices=(*FILE_PARTS, "gui", "all"))
    parser.add_argument("--cases", type=int, default=100_000, help="file cases of each kind")
    parser.add_argument("--edits", type=int, default=10_000, help="random GUI edits")
    parser.add_argument("--seed", type=int, default=None, help="default: a fresh one, printed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="file processes")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = secrets.randbelow(10**6)
    print(f"seed {args.seed} (rerun with --seed {args.seed})", flush=True)
    failed = 0
    for part in FILE_PARTS:
        if args.part in (part, "all"):
            failed += soak_files(part, args.cases, args.seed, max(1, args.jobs))
    if args.part in ("gui", "all"):
        failed += soak_gui(args.edits, args.seed)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
