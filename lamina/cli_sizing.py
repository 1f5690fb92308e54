"""The size subcommand: a design file scaled to a target capacity or energy, written as a new
design file (engine/sizing.py solves the size)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lamina.cli_common import add_materials_option, cannot_write, read_with_materials, refuse


def add_size_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "size",
        help="scale a design to a target capacity (Ah) or energy (Wh)",
        description="Keep every layer of the design and scale its cell until it holds the "
        "target: by its electrode area (a pellet's diameter, a pouch's width and height in "
        "proportion) or by a pouch's number of unit cells (the fewest that hold it). Writes the "
        "sized design to OUT and says on stderr what changed. Exits 2 when it cannot be sized.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--capacity-Ah", type=float, metavar="AH", help="the cell's capacity")
    target.add_argument("--energy-Wh", type=float, metavar="WH", help="the cell's energy")
    parser.add_argument(
        "--by",
        choices=("area", "unit-cells"),
        default="area",
        help="what to change (default: area)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="OUT.lamina.json")
    add_materials_option(parser)
    parser.set_defaults(handler=run_size)


def run_size(args: argparse.Namespace) -> int:
    from engine.edits import EditError  # noqa: PLC0415 (the engine loads in the command)
    from engine.evaluate import evaluate  # noqa: PLC0415
    from engine.io.design_files import save_design  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415
    from engine.sizing import TARGETS, size_cell  # noqa: PLC0415

    read = read_with_materials(args, "sized")
    if read is None:
        return 2
    target, value = (
        ("capacity_Ah", args.capacity_Ah)
        if args.capacity_Ah is not None
        else ("energy_Wh", args.energy_Wh)
    )
    try:
        sized = size_cell(
            evaluate(read.design, read.library), target, value, args.by.replace("-", "_")
        )
    except ProblemsError as error:
        return refuse(args.file, "sized", error)
    except EditError as error:
        print(f"lamina: {args.file} cannot be sized: {error}", file=sys.stderr)
        return 2
    try:
        save_design(sized.design, args.output, read.library)
    except OSError as error:
        return cannot_write(args.output, error)
    what, unit = TARGETS[target]
    print(
        f"lamina size: wrote {args.output}: {sized.change}, for {value:g} {unit} of {what}",
        file=sys.stderr,
    )
    return 0
