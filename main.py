"""Lamina: open the designer window, or run a headless subcommand.

python main.py                  open the window
python main.py FILE             open the window on a design file (a desktop's double-click)
python main.py --version        print the version
python main.py --self-test      check headless that this installation works, then exit
python main.py evaluate FILE    print a design's energy-density ladder (see --help)
python main.py sweep FILE ...   vary fields over a grid of any size, print results as CSV
python main.py batch FILE CSV   evaluate a table of designs (one a row), print results as CSV
python main.py sensitivity FILE --result KEY   which input moves a result most (a tornado)
python main.py bands FILE             each result's 5-95 % band from the inputs' tolerances
python main.py study STUDY -o OUT.json   a design space's Pareto fronts, best designs, histograms
python main.py report FILE -o OUT.pdf|OUT.html    write the design's report
python main.py size FILE --capacity-Ah AH -o OUT   the design scaled to a capacity (or --energy-Wh)
python main.py bpx FILE -o OUT.json   the cathode, separator and electrolyte as a BPX file
python main.py bpx-import BPX --id ID --density D -o MATERIALS.json   an active of a BPX file

The commands read files and print; what they print is computed by the engine (engine/io for the
text, JSON and CSV). sweep and batch live in lamina/cli_studies.py, sensitivity and bands in
lamina/cli_uncertainty.py, study in lamina/cli_study.py, size in lamina/cli_sizing.py, bpx and
bpx-import in lamina/cli_exchange.py. evaluate and sweep never load Qt; --version and --help load
neither numpy nor the engine. With LAMINA_REPORT_FIRST_PAINT=1 the window prints "first-paint
SECONDS" after its first paint, "plot-painted SECONDS" once the plot in view has painted too, and
closes (bench/startup_speed.py).
"""

from __future__ import annotations

import time

START = time.perf_counter()  # the first-paint report counts from here (LAMINA_REPORT_FIRST_PAINT)

import argparse  # noqa: E402 (after START, so the report counts every import)
import contextlib  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from engine.version import version  # noqa: E402 (imports nothing; asks git only for --version)
from lamina.cli_common import (  # noqa: E402
    add_materials_option,
    cannot_write,
    read_with_materials,
    refuse,
)
from lamina.cli_exchange import add_bpx_command, add_bpx_import_command  # noqa: E402
from lamina.cli_sizing import add_size_command  # noqa: E402
from lamina.cli_studies import add_batch_command, add_sweep_command  # noqa: E402
from lamina.cli_study import add_study_command  # noqa: E402
from lamina.cli_uncertainty import add_bands_command, add_sensitivity_command  # noqa: E402

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms of --version)
if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from gui.main_window import MainWindow

# The engine (and numpy) load in the command that needs them, Qt only for the window and report:
# `--version` and `--help` cost little more than Python itself (bench/startup_speed.py).
REPORT_FIRST_PAINT = "LAMINA_REPORT_FIRST_PAINT"
STUDENT_FOLDER = "--student-folder"
EXPLAIN_HELP = "also explain a number: "


class VersionAction(argparse.Action):
    """--version: the version is found only when asked for, not for every command."""

    def __call__(self, parser, *_args) -> None:
        print(f"Lamina {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lamina",
        usage="%(prog)s [-h] [--version] [--self-test] [--classroom [--student-folder DIR]] "
        "[FILE | COMMAND ...]",
        description="Cell-stack designer for all-solid-state lithium batteries. "
        "With no subcommand, opens the window; with a design file (FILE), opens the window on it.",
    )
    parser.add_argument(
        "--version", action=VersionAction, nargs=0, help="show the version and exit"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check headless that this installation works (library, presets, a PDF report)",
    )
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="open the window in classroom mode, which the window cannot turn off: designs and "
        "lessons are saved only in the student's folder, presets and shared files open as "
        "templates (README, Teaching with Lamina)",
    )
    parser.add_argument(
        STUDENT_FOLDER,
        metavar="DIR",
        help="with --classroom: the student's folder (default: Documents/Lamina); ~ and "
        "$VARIABLES expand, e.g. '/srv/class/$USER'",
    )
    subcommands = parser.add_subparsers(dest="command", title="subcommands", metavar="COMMAND")
    add_evaluate_command(subcommands)
    add_sweep_command(subcommands)
    add_batch_command(subcommands)
    add_sensitivity_command(subcommands)
    add_bands_command(subcommands)
    add_study_command(subcommands)
    add_report_command(subcommands)
    add_size_command(subcommands)
    add_bpx_command(subcommands)
    add_bpx_import_command(subcommands)
    parser.set_defaults(subcommand_names=tuple(subcommands.choices))
    return parser


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
        return cannot_write(args.output, error)
    progress(f"done: {args.output}")
    return 0


def open_window(
    argv: list[str], design: Path | None = None, classroom: tuple[bool, str | None] = (False, None)
) -> int:
    """Start the Qt application and show the main window, on the design file if one is given
    (a file that cannot be opened is named in a message box, and the window stays open), in
    classroom mode if the command line asked for it (--classroom, its --student-folder)."""
    from gui import errors  # noqa: PLC0415
    from gui.app import create_application  # noqa: PLC0415 (headless commands never load Qt)
    from gui.classroom import Classroom, default_folder, expanded  # noqa: PLC0415
    from gui.log import log_session_start, record_crashes  # noqa: PLC0415
    from gui.main_window import MainWindow  # noqa: PLC0415

    app = create_application([sys.argv[0], *argv])
    locked, folder = classroom
    room = None
    if locked:
        room = Classroom(expanded(folder) if folder else default_folder(), locked=True)
    window = MainWindow(classroom=room)
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


def window_options(words: list[str]) -> tuple[list[str], list[str]]:
    """The window's options (--classroom, --student-folder DIR) at the start of the words, and
    the words after them."""
    options = []
    while words and (words[0] == "--classroom" or words[0].startswith(STUDENT_FOLDER)):
        takes_value = words[0] == STUDENT_FOLDER
        options += words[: 2 if takes_value else 1]
        words = words[2 if takes_value else 1 :]
    return options, words


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    commands = parser.get_default("subcommand_names")
    options, words = window_options(args_list)
    # Any other first word than a subcommand (after the window's options) is a design file.
    design = words and not words[0].startswith("-") and words[0] not in commands
    if design and len(words) > 1:
        print(f"lamina: one design file at a time, not {len(words)}", file=sys.stderr)
        return 2
    args = parser.parse_args(options if design else args_list)
    if args.student_folder is not None and not args.classroom:
        parser.error("--student-folder needs --classroom")
    if design:
        return open_window([], Path(words[0]), (args.classroom, args.student_folder))
    if args.self_test:
        from gui.self_test import run_self_test  # noqa: PLC0415 (loads Qt)

        return run_self_test()
    if args.command is None:
        return open_window([], None, (args.classroom, args.student_folder))
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
