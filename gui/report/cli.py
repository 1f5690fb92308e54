"""`main.py report DESIGN -o OUT.pdf|OUT.html`: the report, headless, with progress on stderr."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine.cli import add_materials_option, read_with_materials


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
