"""Lamina: open the designer window, or run a headless subcommand.

python main.py                  open the window
python main.py --version        print the version
python main.py --self-test      check headless that this installation works, then exit
python main.py evaluate FILE    print a design's energy-density ladder (see --help)
python main.py sweep FILE ...   vary one field, print results as CSV
python main.py report FILE -o OUT.pdf|OUT.html    write the design's report
"""

from __future__ import annotations

import argparse
import sys

from engine.cli import add_evaluate_command, add_sweep_command
from engine.version import __version__
from gui.report.cli import add_report_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lamina",
        description="Cell-stack designer for all-solid-state lithium batteries. "
        "With no subcommand, opens the window.",
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
    add_report_command(subcommands)
    return parser


def open_window(argv: list[str]) -> int:
    """Start the Qt application and show the main window."""
    from gui.app import create_application  # noqa: PLC0415 (headless commands never load Qt)
    from gui.main_window import MainWindow  # noqa: PLC0415

    app = create_application([sys.argv[0], *argv])
    window = MainWindow()
    window.show()
    window.offer_recovery()
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.self_test:
        from gui.self_test import run_self_test  # noqa: PLC0415 (loads Qt)

        return run_self_test()
    if args.command is None:
        return open_window([])
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
