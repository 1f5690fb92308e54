"""Lamina: open the designer window, or run a headless subcommand.

python main.py                  open the window
python main.py FILE             open the window on a design file (a desktop's double-click)
python main.py --version        print the version
python main.py --self-test      check headless that this installation works, then exit
python main.py evaluate FILE    print a design's energy-density ladder (see --help)
python main.py sweep FILE ...   vary one field, print results as CSV
python main.py batch FILE CSV   evaluate a table of designs (one a row), print results as CSV
python main.py sensitivity FILE --result KEY   which input moves a result most (a tornado)
python main.py report FILE -o OUT.pdf|OUT.html    write the design's report
python main.py bpx FILE -o OUT.json   the cathode, separator and electrolyte as a BPX file
python main.py bpx-import BPX --id ID --density D -o MATERIALS.json   an active of a BPX file

The commands read files and print; what they print is computed by the engine (engine/io for the
text, JSON and CSV). evaluate and sweep never load Qt; --version and --help load neither numpy
nor the engine. With LAMINA_REPORT_FIRST_PAINT=1 the window prints "first-paint SECONDS" after its
first paint, "plot-painted SECONDS" once the plot in view has painted too, and closes
(bench/startup_speed.py).
"""

from __future__ import annotations

import time

START = time.perf_counter()  # the first-paint report counts from here (LAMINA_REPORT_FIRST_PAINT)

import argparse  # noqa: E402 (after START, so the report counts every import)
import contextlib  # noqa: E402
import itertools  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from engine.version import __version__  # noqa: E402 (a constant: imports nothing)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of --version)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from PySide6.QtWidgets import QWidget

    from engine.io.design_files import DesignFile
    from engine.materials import Library
    from engine.problems import ProblemsError
    from gui.main_window import MainWindow

# The engine (and numpy) load in the command that needs them, Qt only for the window and report:
# `--version` and `--help` cost little more than Python itself (bench/startup_speed.py).
REPORT_FIRST_PAINT = "LAMINA_REPORT_FIRST_PAINT"
EXPLAIN_HELP = "also explain a number: "
SWEEP_POINTS = 21  # a sweep field's points when --points is not given
MAX_GRID = 10**15  # designs in a sweep's grid: far beyond a day's run, within int64 indices


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lamina",
        usage="%(prog)s [-h] [--version] [--self-test] [FILE | COMMAND ...]",
        description="Cell-stack designer for all-solid-state lithium batteries. "
        "With no subcommand, opens the window; with a design file (FILE), opens the window on it.",
    )
    parser.add_argument("--version", action="version", version=f"Lamina {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check headless that this installation works (library, presets, a PDF report)",
    )
    subcommands = parser.add_subparsers(dest="command", title="subcommands", metavar="COMMAND")
    add_evaluate_command(subcommands)
    add_sweep_command(subcommands)
    add_batch_command(subcommands)
    add_sensitivity_command(subcommands)
    add_report_command(subcommands)
    add_bpx_command(subcommands)
    add_bpx_import_command(subcommands)
    parser.set_defaults(subcommand_names=tuple(subcommands.choices))
    return parser


def refuse(path: Path, verb: str, error: ProblemsError | KeyError) -> int:
    """Say on stderr why a file cannot be used (every problem, with its path); exit status 2."""
    if isinstance(error, KeyError):
        print(f"lamina: {error.args[0]}", file=sys.stderr)
        return 2
    from engine.problems import listed  # noqa: PLC0415 (loaded with the command)

    print(f"lamina: {path} cannot be {verb}:", file=sys.stderr)
    for line in listed(error.problems).splitlines():
        print(f"  {line}", file=sys.stderr)
    return 2


def add_materials_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--materials",
        metavar="FOLDER",
        type=Path,
        help="also use the materials files in FOLDER (docs/user-materials.md)",
    )


def library_from(args: argparse.Namespace) -> Library:
    """The shipped library, plus the user's materials of --materials; LibraryError names every
    problem of their files."""
    from engine.materials import LibraryError, load_library, shipped_library  # noqa: PLC0415
    from engine.problems import Problem  # noqa: PLC0415 (the engine loads in the commands)

    folder = args.materials
    if folder is None:
        return shipped_library()
    if not folder.is_dir():
        raise LibraryError([Problem(str(folder), "is not a folder")])
    return load_library(folder)


def read_with_materials(args: argparse.Namespace, verb: str) -> DesignFile | None:
    """The design file of args.file with the library it needs (shipped, --materials, what the
    file carries); None once the reason it cannot be used is printed (exit status 2)."""
    from engine.io.design_files import read_design  # noqa: PLC0415 (loads the engine)
    from engine.materials import LibraryError  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415

    try:
        library = library_from(args)
    except LibraryError as error:
        refuse(args.materials, "used for materials", error)
        return None
    try:
        return read_design(args.file, library)
    except ProblemsError as error:
        refuse(args.file, verb, error)
        return None


class EvaluateHelp(argparse.HelpFormatter):
    """evaluate's help, which names the numbers --explain takes: the list is the engine's, loaded
    when that help is shown, not each time the command line is read."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.dest != "explain":
            return super()._get_help_string(action)
        from engine.evaluate.trace import EXPLAINABLE  # noqa: PLC0415 (only for this help)

        return EXPLAIN_HELP + ", ".join(EXPLAINABLE)


def add_evaluate_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "evaluate",
        help="print a design's energy-density ladder and mass breakdown",
        description="Evaluate a design file: the ladder (Wh/kg, Wh/L with the basis of each rung) "
        "and the mass and thickness of every layer. Exits 2 on a bad file.",
        formatter_class=EvaluateHelp,
    )
    parser.add_argument("file", type=Path, help="a design file (docs/design-format.md)")
    parser.add_argument("--json", action="store_true", help="print JSON (keys documented)")
    parser.add_argument("--csv", action="store_true", help="print the ladder and layers as CSV")
    parser.add_argument(
        "--explain",
        metavar="KEY",
        action="append",
        default=[],
        help=EXPLAIN_HELP,  # completed by EvaluateHelp with the engine's list
    )
    add_materials_option(parser)
    parser.set_defaults(handler=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415 (the engine and what prints its results load in the command)

    from engine.evaluate import evaluate  # noqa: PLC0415
    from engine.evaluate.trace import explain  # noqa: PLC0415
    from engine.io.results_json import results_to_dict  # noqa: PLC0415
    from engine.io.results_table import results_csv  # noqa: PLC0415
    from engine.io.results_text import format_table  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415

    read = read_with_materials(args, "evaluated")
    if read is None:
        return 2
    try:
        results = evaluate(read.design, read.library)
        explanations = [explain(results, key) for key in args.explain]
    except (ProblemsError, KeyError) as error:
        return refuse(args.file, "evaluated", error)
    if args.csv:
        print(results_csv(results), end="")
    elif args.json:
        payload = results_to_dict(results)
        if explanations:
            payload["explained"] = {e.key: e.text() for e in explanations}
        print(json.dumps(payload, indent=2))
    else:
        print(format_table(results))
        for explanation in explanations:
            print("\n" + explanation.text())
    return 0


def add_sweep_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "sweep",
        help="vary design fields over a grid and print results as CSV",
        description="Evaluate a design over a grid of one or more fields (each --field with its "
        "--from, --to and --points, in order; the last field runs fastest) and write CSV: the "
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
        default=len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        help="processes that evaluate a large grid (default: the cores this process may use)",
    )
    add_materials_option(parser)
    parser.set_defaults(handler=run_sweep)


def sweep_problem(args: argparse.Namespace, points: list[int]) -> str | None:
    """Why the options describe no grid to sweep, or None."""
    counts = {len(args.field), len(args.low), len(args.high), len(points)}
    suffix = args.output.suffix.lower() if args.output is not None else ".csv"
    checks = (
        (
            len(counts) != 1,
            "give each --field its --from and --to (and --points, if any), in order",
        ),
        (len(set(args.field)) != len(args.field), "a field is given twice"),
        (min(points) < 2, f"--points {min(points)} is below 2"),
        (args.jobs is not None and args.jobs < 1, f"--jobs {args.jobs} is below 1"),
        (suffix not in (".csv", ".npy"), f"{args.output}: the sweep is written as .csv or .npy"),
        (math.prod(points) > MAX_GRID, f"a grid of {math.prod(points):.3g} designs is too many"),
    )
    return next((message for failed, message in checks if failed), None)


def sweep_axes(args: argparse.Namespace) -> dict[str, Any] | str:
    """Each field's values, or why the options do not describe a grid."""
    import numpy as np  # noqa: PLC0415 (numpy loads in the command)

    points = args.points or [SWEEP_POINTS] * len(args.field)
    problem = sweep_problem(args, points)
    if problem is not None:
        return problem
    return {
        field: np.linspace(low, high, n)
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
    from engine.io.sweep_output import SweepWriter  # noqa: PLC0415 (the engine loads here)
    from engine.problems import ProblemsError  # noqa: PLC0415
    from engine.studies.grid import Grid, grid_chunks  # noqa: PLC0415

    grid = Grid(read.design, axes, outputs, read.library)
    total = grid.size
    progress = Progress("lamina sweep", total)
    try:
        chunks = grid_chunks(grid, args.jobs)
        first = next(chunks)  # a refused field or result stops the sweep before any output
        with SweepWriter(args.output, [*axes, *outputs], total) as writer:
            for chunk in itertools.chain([first], chunks):
                columns = [*chunk.fields.values(), *chunk.outputs.values()]
                writer.write(columns)
                progress.update(chunk.start + len(columns[0]))
    except (ProblemsError, KeyError) as error:
        progress.clear()
        return refuse(args.file, "swept", error)
    except BrokenPipeError:
        raise  # the reader stopped reading: main() ends quietly
    except OSError as error:
        progress.clear()
        print(f"lamina: cannot write {args.output}: {error}", file=sys.stderr)
        return 2
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


class Progress:
    """Designs done of the total on stderr: one line rewritten on a terminal, a line every 10 %
    otherwise; silent for a sweep of one chunk."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.terminal = sys.stderr.isatty()
        self.shown_tenth = 0
        self.started = time.perf_counter()

    def update(self, done: int) -> None:
        self.done = done
        if done >= self.total and self.shown_tenth == 0:
            return  # one chunk: done before anyone waits
        text = f"{self.label}: {done:,} of {self.total:,} designs ({done / self.total:.0%})"
        if self.terminal:
            print(f"\r{text}", end="", file=sys.stderr, flush=True)
        elif (tenth := 10 * done // self.total) > self.shown_tenth:
            self.shown_tenth = tenth
            print(text, file=sys.stderr, flush=True)

    def clear(self) -> None:
        if self.terminal and self.done:
            print(file=sys.stderr)

    def finish(self) -> None:
        self.clear()
        if self.done > 0 and (self.shown_tenth or self.terminal):
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
            print(f"lamina: cannot write {args.output}: {error}", file=sys.stderr)
            return 2
    total = len(rows) - 1
    print(f"lamina batch: {total - refused} of {total} rows evaluated", file=sys.stderr)
    return 1 if refused else 0


def add_sensitivity_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "sensitivity",
        help="which input moves a result most: each moved down and up by a step",
        description="Move each numeric input of the design (its fields, and the library values "
        "it may override: densities, capacities, the cathode's mean voltage) down and up by "
        "--step of its value, the others held, and print the result at both ends, largest "
        "swing first: a tornado chart's bars (engine/studies/sensitivity.py). CSV, or --json. "
        "Inputs not moved (a mass fraction, a whole number, a 0, a step the engine refuses) are "
        "named on stderr.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    parser.add_argument("--result", default="ladder.cell.wh_per_kg", help="as for sweep")
    parser.add_argument("--step", type=float, default=0.1, help="a fraction, default 0.1")
    parser.add_argument("--field", action="append", help="only these inputs (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of CSV")
    add_materials_option(parser)
    parser.set_defaults(handler=run_sensitivity)


def run_sensitivity(args: argparse.Namespace) -> int:
    import csv  # noqa: PLC0415 (the engine loads in the command)
    import json  # noqa: PLC0415

    from engine.problems import ProblemsError  # noqa: PLC0415
    from engine.studies.sensitivity import sensitivity  # noqa: PLC0415

    if not 0.0 < args.step < 1.0:
        print(f"lamina: --step {args.step} is outside (0, 1)", file=sys.stderr)
        return 2
    read = read_with_materials(args, "analysed")
    if read is None:
        return 2
    try:
        found = sensitivity(read.design, args.result, read.library, args.step, args.field)
    except (ProblemsError, KeyError) as error:
        return refuse(args.file, "analysed", error)
    rows = [
        {"field": s.field, "value": s.value, "low_value": s.value * (1 - args.step),
         "high_value": s.value * (1 + args.step), "result_at_low": s.low_result,
         "result_at_high": s.high_result, "swing": s.swing}
        for s in found.swings
    ]  # fmt: skip
    if args.json:
        payload = {"result": found.result, "base": found.base, "step": found.step,
                   "swings": rows, "not_moved": found.skipped}  # fmt: skip
        print(json.dumps(payload, indent=2))
    else:
        writer = csv.writer(sys.stdout)
        writer.writerow(["field", "value", "low_value", "high_value", f"{args.result} at low",
                         f"{args.result} at high", "swing"])  # fmt: skip
        for row in rows:
            writer.writerow([row["field"], *(repr(float(v)) for k, v in row.items()
                                              if k != "field")])  # fmt: skip
    for field, why in found.skipped.items():
        print(f"lamina sensitivity: {field} not moved: {why}", file=sys.stderr)
    return 0


def add_report_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "report",
        help="write a design's report as PDF or HTML",
        description="Write the report of a design file: PDF (vector figures, fonts embedded) or "
        "one self-contained HTML file, by the output's extension. Nothing is left half-written; "
        "exits 2 on a bad design file or an unwritable path.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="OUT.pdf or OUT.html")
    add_materials_option(parser)
    parser.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Qt is loaded only for this command: evaluate and sweep stay free of it.
    from gui.app import create_application  # noqa: PLC0415
    from gui.report.writer import write_report  # noqa: PLC0415

    def progress(text: str) -> None:
        print(f"lamina report: {text}", file=sys.stderr, flush=True)

    suffix = args.output.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        print(f"lamina: {args.output}: the report is written as .pdf or .html", file=sys.stderr)
        return 2
    read = read_with_materials(args, "reported")
    if read is None:
        return 2
    create_application()
    try:
        write_report(read.design, args.output, read.library, progress)
    except OSError as error:
        print(f"lamina: cannot write {args.output}: {error}", file=sys.stderr)
        return 2
    progress(f"done: {args.output}")
    return 0


def add_bpx_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "bpx",
        help="export a design's cathode, separator and electrolyte as a BPX file",
        description="Write the design's cathode actives (particles, open-circuit tables, "
        "kinetics), composite cathode, separator and solid electrolyte as a BPX file (Battery "
        "Parameter eXchange, the 'Partial' model PyBaMM reads), with the conventions a "
        "solid-state cell needs stated in its Description (engine/io/bpx.py). Says on stderr "
        "what of the design the file does not hold. Exits 2 on a design with no voltage curve.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="OUT.json")
    add_materials_option(parser)
    parser.set_defaults(handler=run_bpx)


def run_bpx(args: argparse.Namespace) -> int:
    from engine.io.bpx import write_bpx  # noqa: PLC0415 (the engine loads in the command)
    from engine.problems import ProblemsError  # noqa: PLC0415

    read = read_with_materials(args, "exported")
    if read is None:
        return 2
    try:
        left_out = write_bpx(read.design, read.library, args.output)
    except (ProblemsError, KeyError) as error:
        return refuse(args.file, "exported as BPX", error)
    except OSError as error:
        print(f"lamina: cannot write {args.output}: {error}", file=sys.stderr)
        return 2
    print(f"lamina bpx: wrote {args.output}; not in it: {'; '.join(left_out)}", file=sys.stderr)
    return 0


def add_bpx_import_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "bpx-import",
        help="an active material of a BPX file as a materials file of your own",
        description="Read one electrode's active material of a BPX file (its open-circuit "
        "potential, particle radius, diffusivity, reaction rate and maximum concentration) into "
        "a materials file for your materials folder (docs/user-materials.md). BPX gives no "
        "particle density: give it with --density. Function strings are read by a small "
        "evaluator (numbers, x, + - * / **, exp, log, sqrt, tanh, cosh, sinh), never run. Says "
        "on stderr what of the file was not used.",
    )
    parser.add_argument("file", type=Path, help="a BPX file (JSON)")
    parser.add_argument("--electrode", choices=("positive", "negative"), default="positive")
    parser.add_argument("--particle", help="the particle of a blended electrode")
    parser.add_argument("--id", dest="material_id", required=True, help="the new material's id")
    parser.add_argument(
        "--density", type=float, required=True, help="the active's solid density, g/cm3"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="MATERIALS.json")
    parser.set_defaults(handler=run_bpx_import)


def run_bpx_import(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415 (the engine loads in the command)
    import tempfile  # noqa: PLC0415

    from engine.io.atomic import write_text_atomically  # noqa: PLC0415
    from engine.io.bpx_import import bpx_material  # noqa: PLC0415
    from engine.materials import LibraryError, load_library  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415
    from engine.values import read_json_file  # noqa: PLC0415

    try:
        data = read_json_file(args.file)
    except (OSError, ValueError) as error:
        print(f"lamina: {args.file} cannot be read: {error}", file=sys.stderr)
        return 2
    try:
        imported = bpx_material(data, args.electrode, args.material_id, args.density, args.particle)
    except ProblemsError as error:
        return refuse(args.file, "imported", error)
    text = json.dumps(
        {"format": "lamina-materials", "version": 1, "materials": [imported.entry]}, indent=2
    )
    with tempfile.TemporaryDirectory() as folder:  # read back as Lamina will, before writing
        (Path(folder) / "imported.json").write_text(text, encoding="utf-8")
        try:
            load_library(Path(folder))
        except LibraryError as error:
            return refuse(args.file, "imported", error)
    try:
        write_text_atomically(args.output, text + "\n")
    except OSError as error:
        print(f"lamina: cannot write {args.output}: {error}", file=sys.stderr)
        return 2
    print(f"lamina bpx-import: wrote {args.output}; not used: {', '.join(imported.unused)}",
          file=sys.stderr)  # fmt: skip
    return 0


def open_window(argv: list[str], design: Path | None = None) -> int:
    """Start the Qt application and show the main window, on the design file if one is given
    (a file that cannot be opened is named in a message box, and the window stays open)."""
    from gui import errors  # noqa: PLC0415
    from gui.app import create_application  # noqa: PLC0415 (headless commands never load Qt)
    from gui.log import log_session_start, record_crashes  # noqa: PLC0415
    from gui.main_window import MainWindow  # noqa: PLC0415

    app = create_application([sys.argv[0], *argv])
    window = MainWindow()
    errors.install(window, window.data_dir)
    with contextlib.suppress(OSError):  # a read-only home: no crash record, the window opens
        record_crashes(window.data_dir)
    log_session_start()
    if os.environ.get(REPORT_FIRST_PAINT) == "1":
        report_first_paint(window)
    window.show()
    window.offer_recovery()
    if design is not None:
        window.open_path(design.absolute())
    return app.exec()


def report_first_paint(window: MainWindow) -> None:
    """Print "first-paint SECONDS" (from main.py's first line) once the window's first paint has
    finished, then "plot-painted SECONDS" once the plot in view has painted too, and close the
    window: bench/startup_speed.py times the start with this."""
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: PLC0415 (the window's Qt)
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from gui.plots.panel import TABS  # noqa: PLC0415

    def after_paint(widget: QWidget, then: Callable[[], None]) -> None:
        class Painted(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
                if event.type() == QEvent.Type.Paint:
                    widget.removeEventFilter(self)
                    QTimer.singleShot(0, then)  # queued: once this paint, and its children's, end
                return False

        widget.installEventFilter(Painted(widget))

    def say(what: str) -> None:
        print(f"{what} {time.perf_counter() - START:.6f}", flush=True)

    def plot_painted() -> None:
        say("plot-painted")
        window.close()
        QApplication.quit()

    def first_paint() -> None:
        say("first-paint")
        plots = window.plots
        shown = TABS[plots.currentIndex()].attribute
        if plots.is_built(shown):  # painted with the window
            plot_painted()
        else:
            plots.tab_built.connect(lambda built: after_paint(plots.plot(built), plot_painted))

    after_paint(window, first_paint)


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    commands = parser.get_default("subcommand_names")
    # Any other first word than a subcommand or an option is a design file to open.
    if args_list and not args_list[0].startswith("-") and args_list[0] not in commands:
        if len(args_list) > 1:
            print(f"lamina: one design file at a time, not {len(args_list)}", file=sys.stderr)
            return 2
        return open_window([], Path(args_list[0]))
    args = parser.parse_args(args_list)
    if args.self_test:
        from gui.self_test import run_self_test  # noqa: PLC0415 (loads Qt)

        return run_self_test()
    if args.command is None:
        return open_window([])
    try:
        return args.handler(args)
    except BrokenPipeError:
        # The reader stopped reading (`evaluate --json | head`): it has what it wanted. Point
        # stdout at nothing, so that Python's final flush finds no pipe to fail on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        import multiprocessing  # only a bundle needs it

        # A bundle's sweep workers are this executable started again (Windows, macOS): they
        # must run the worker, not the app.
        multiprocessing.freeze_support()
    sys.exit(main())
