"""The study subcommands: sweep (a grid of any size, chunked, on every core) and batch (a table of
designs). The engine loads in each command, so the parser stays quick to build."""

from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from pathlib import Path

from lamina.cli_common import (
    CtrlC,
    add_materials_option,
    cannot_write,
    read_with_materials,
    refuse,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (--version stays quick)
if TYPE_CHECKING:
    from typing import Any

    from engine.io.design_files import DesignFile

SWEEP_POINTS = 21  # a sweep field's points when --points is not given
# Of a field drawn at random (--samples): engine.studies.study.SAMPLE_DISTRIBUTIONS, written
# out here since the parser loads no engine (--help and --version stay quick).
DISTRIBUTIONS = ("uniform", "log-uniform")
MAX_GRID = 10**15  # designs in a sweep's grid: far beyond a day's run, within int64 indices


def add_sweep_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "sweep",
        help="vary design fields over a grid and print results as CSV",
        description="Evaluate a design over a grid of one or more fields (each --field with its "
        "--from, --to and --points, in order; the last field runs fastest), or over --samples "
        "designs drawn at random (each field between its --from and --to), and write CSV: the "
        "fields, then each result. Any number of points: the grid is evaluated in chunks, so "
        "memory stays bounded, with progress on stderr; -o OUT.npy writes a binary table (a "
        "NumPy structured array, one named column each) for large runs. Ctrl+C stops it cleanly. "
        "Result names as in engine/studies/sweep.py, e.g. ladder.cell.wh_per_kg, "
        "layer.cathode.thickness_um, areal_capacity_mAh_cm2.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    parser.add_argument(
        "--field",
        action="append",
        required=True,
        help="a design field path, e.g. cathode.active_loading_mg_cm2, or "
        "cathode.active_fraction (the other components rescaled to keep the sum 1); repeat "
        "for a grid of several fields",
    )
    parser.add_argument("--from", dest="low", type=float, action="append", required=True)
    parser.add_argument("--to", dest="high", type=float, action="append", required=True)
    parser.add_argument(
        "--points", type=int, action="append", help=f"per field; default {SWEEP_POINTS}"
    )
    parser.add_argument(
        "--samples",
        type=int,
        help="draw this many designs at random instead of a grid, each field between its "
        "--from and --to",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="of the random draws (--samples): the same seed gives the same designs (default 0)",
    )
    parser.add_argument(
        "--distribution",
        action="append",
        choices=DISTRIBUTIONS,
        help="per field, with --samples: uniform (the default) or log-uniform (uniform in the "
        "logarithm; --from and --to above 0)",
    )
    parser.add_argument(
        "--result",
        action="append",
        default=None,
        help="a result name (repeatable); default ladder.cell.wh_per_kg",
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="write OUT.csv or OUT.npy, not CSV to stdout"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        help="processes that evaluate a large grid (default: every core this process may use)",
    )
    add_materials_option(parser)
    parser.set_defaults(handler=run_sweep)


def sweep_problem(args: argparse.Namespace, points: list[int]) -> str | None:
    """Why the options describe no grid or sample to sweep, or None."""
    counts = {len(args.field), len(args.low), len(args.high), len(points)}
    suffix = args.output.suffix.lower() if args.output is not None else ".csv"
    samples, ways = args.samples, args.distribution or []
    ends = list(zip(args.field, args.low, args.high, strict=False))  # lengths checked below
    unbounded = [f for f, low, high in ends if not (math.isfinite(low) and math.isfinite(high))]
    logs = [
        f for (f, low, high), way in zip(ends, ways, strict=False) if way == "log-uniform"
        if not min(low, high) > 0
    ]  # fmt: skip
    checks = (
        (
            len(counts) != 1,
            "give each --field its --from and --to (and --points, if any), in order",
        ),
        (len(set(args.field)) != len(args.field), "a field is given twice"),
        (
            bool(unbounded),
            f"--field {''.join(unbounded[:1])}: --from and --to must be finite numbers",
        ),
        (min(points) < 2, f"--points {min(points)} is below 2"),
        (args.jobs is not None and args.jobs < 1, f"--jobs {args.jobs} is below 1"),
        (suffix not in (".csv", ".npy"), f"{args.output}: the sweep is written as .csv or .npy"),
        (
            samples is not None and args.points is not None,
            "--points makes a grid and --samples a random sample: give one of them",
        ),
        (samples is not None and samples < 1, f"--samples {samples} is below 1"),
        (samples is not None and samples > MAX_GRID, f"--samples {samples} is too many"),
        (samples is None and bool(ways), "--distribution goes with --samples"),
        (
            len(ways) not in (0, len(args.field)),
            "give each --field its --distribution, in order, or none",
        ),
        (
            bool(logs),
            f"--field {''.join(logs[:1])}: a log-uniform draw needs --from and --to above 0",
        ),
        (args.seed < 0, f"--seed {args.seed} is below 0"),
        (
            samples is None and math.prod(points) > MAX_GRID,
            f"a grid of {math.prod(points):.3g} designs is too many",
        ),
    )
    return next((message for failed, message in checks if failed), None)


def sweep_axes(args: argparse.Namespace) -> dict[str, Any] | str:
    """Each field's values (evenly spaced, made chunk by chunk; or drawn at random), or why the
    options describe no grid or sample."""
    from engine.studies.grid import Drawn, Evenly  # noqa: PLC0415 (the engine loads in the command)

    points = args.points or [SWEEP_POINTS] * len(args.field)
    problem = sweep_problem(args, points)
    if problem is not None:
        return problem
    if args.samples is not None:
        ways = args.distribution or ["uniform"] * len(args.field)
        return {
            field: Drawn(low, high, way)
            for field, low, high, way in zip(args.field, args.low, args.high, ways, strict=True)
        }
    return {
        field: Evenly(low, high, n)
        for field, low, high, n in zip(args.field, args.low, args.high, points, strict=True)
    }


def run_sweep(args: argparse.Namespace) -> int:
    outputs = args.result or ["ladder.cell.wh_per_kg"]
    axes = sweep_axes(args)
    if isinstance(axes, str):
        print(f"lamina: {axes}", file=sys.stderr)
        return 2
    read = read_with_materials(args, "swept")
    if read is None:
        return 2
    return write_sweep(args, read, axes, outputs)


def write_sweep(
    args: argparse.Namespace, read: DesignFile, axes: dict[str, Any], outputs: list[str]
) -> int:
    """Evaluate the grid chunk by chunk, each written as it comes; the exit status."""
    from engine.io.sweep_output import SweepWriter, csv_rows, is_npy  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415
    from engine.studies.grid import Grid, grid_chunks  # noqa: PLC0415

    grid = Grid(read.design, axes, outputs, read.library, samples=args.samples or 0, seed=args.seed)
    total = grid.size
    progress = Progress("lamina sweep", total)
    try:
        with CtrlC() as ctrl_c:
            chunks = grid_chunks(grid, args.jobs, None if is_npy(args.output) else csv_rows)
            first = next(chunks)  # a refused field or result stops the sweep before any output
            with SweepWriter(args.output, [*axes, *outputs], total) as writer:
                for chunk in itertools.chain([first], chunks):
                    columns = chunk.columns
                    writer.write(columns, chunk.text)
                    progress.update(chunk.start + len(columns[0]))
                    if ctrl_c.pressed:
                        raise KeyboardInterrupt
    except (ProblemsError, KeyError) as error:
        progress.clear()
        return refuse(args.file, "swept", error)
    except BrokenPipeError:
        raise  # the reader stopped reading: main() ends quietly
    except OSError as error:
        progress.clear()
        return cannot_write(args.output, error)
    except KeyboardInterrupt:
        progress.clear()
        kept = f"; {args.output} is left as it was" if args.output is not None else ""
        print(
            f"lamina sweep: interrupted after {progress.done:,} of {total:,} designs{kept}",
            file=sys.stderr,
        )
        return 130
    progress.finish()
    return 0


PROGRESS_EVERY_S = 10.0  # off a terminal: a progress line at least this often


class Progress:
    """Designs done of the total on stderr, with the time left once a second has passed: one
    line rewritten on a terminal; otherwise a line every 10 % or every PROGRESS_EVERY_S,
    whichever comes first. Silent for a sweep of one chunk."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.terminal = sys.stderr.isatty()
        self.shown_tenth = 0
        self.shown = False  # a line was written (off a terminal)
        self.started = self.shown_at = time.perf_counter()

    def update(self, done: int) -> None:
        self.done = done
        if done >= self.total and not self.shown:
            return  # one chunk: done before anyone waits
        now = time.perf_counter()
        text = (
            f"{self.label}: {done:,} of {self.total:,} designs "
            f"({done / self.total:.0%}{self._left(now)})"
        )
        if self.terminal:
            print(f"\r{text}", end="", file=sys.stderr, flush=True)
            return
        tenth = 10 * done // self.total
        if tenth > self.shown_tenth or now - self.shown_at >= PROGRESS_EVERY_S:
            self.shown_tenth, self.shown_at, self.shown = max(tenth, self.shown_tenth), now, True
            print(text, file=sys.stderr, flush=True)

    def _left(self, now: float) -> str:
        """The time left at the pace so far, in words ("" in the first second and the last)."""
        elapsed = now - self.started
        if elapsed < 1.0 or not 0 < self.done < self.total:
            return ""
        left = elapsed * (self.total - self.done) / self.done
        if left < 1.0:
            return ""
        return f", about {left / 60:.0f} min left" if left >= 90 else f", about {left:.0f} s left"

    def clear(self) -> None:
        if self.terminal and self.done:
            print(file=sys.stderr)

    def finish(self) -> None:
        self.clear()
        if self.done > 0 and (self.shown or self.terminal):
            seconds = time.perf_counter() - self.started
            print(f"{self.label}: {self.total:,} designs in {seconds:.1f} s", file=sys.stderr)


BATCH_RESULTS = (
    "ladder.cell.wh_per_kg",
    "ladder.cell.wh_per_l",
    "areal_capacity_mAh_cm2",
    "cell_voltage_V",
)


def add_batch_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "batch",
        help="evaluate a CSV table of designs, one a row, and print results as CSV",
        description="Evaluate many designs given as rows of a CSV file whose header names "
        "design-file paths (e.g. cathode.active_loading_mg_cm2, separator[0].thickness_um, "
        "cathode.components[0].material); each row sets those fields on the base design FILE, "
        "and an empty cell keeps its value. Prints CSV: the row number, the row's cells, each "
        "result, and the row's problems (empty when it was evaluated). Exits 0 when every row "
        "was evaluated, 1 when some were refused (named in their problems column), 2 on an "
        "unusable file or column.",
    )
    parser.add_argument("file", type=Path, help="the base design file")
    parser.add_argument("table", type=Path, help="a CSV file of designs, one a row")
    parser.add_argument(
        "--result",
        action="append",
        default=None,
        help="a result name as for sweep (repeatable); default " + ", ".join(BATCH_RESULTS),
    )
    parser.add_argument("-o", "--output", type=Path, help="write the CSV here, not to stdout")
    add_materials_option(parser)
    parser.set_defaults(handler=run_batch)


def run_batch(args: argparse.Namespace) -> int:
    import csv  # noqa: PLC0415 (the engine loads in the command)
    import io  # noqa: PLC0415

    from engine.io.atomic import write_text_atomically  # noqa: PLC0415
    from engine.studies.batch import batch  # noqa: PLC0415

    outputs = args.result or list(BATCH_RESULTS)
    read = read_with_materials(args, "used as the base design")
    if read is None:
        return 2
    try:
        with args.table.open(newline="", encoding="utf-8-sig") as table:
            rows = list(csv.reader(table))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        print(f"lamina: {args.table} cannot be read: {error}", file=sys.stderr)
        return 2
    if not rows:
        print(f"lamina: {args.table} is empty: its first row names the fields", file=sys.stderr)
        return 2
    columns = [c.strip() for c in rows[0]]
    text = io.StringIO() if args.output is not None else sys.stdout
    writer = csv.writer(text)
    refused = 0
    try:
        for number, done in enumerate(batch(read.design, columns, rows[1:], outputs, read.library)):
            if number == 0:
                writer.writerow(["row", *columns, *outputs, "problems"])
            refused += bool(done.problems)
            values = [repr(done.outputs[o]) if o in done.outputs else "" for o in outputs]
            cells = [*done.inputs, *[""] * len(columns)][: len(columns)]  # a short row padded
            writer.writerow([done.number, *cells, *values, done.problems])
    except KeyError as error:
        return refuse(args.table, "evaluated", error)
    if args.output is not None:
        try:
            write_text_atomically(args.output, text.getvalue())
        except OSError as error:
            return cannot_write(args.output, error)
    total = len(rows) - 1
    print(f"lamina batch: {total - refused} of {total} rows evaluated", file=sys.stderr)
    return 1 if refused else 0
