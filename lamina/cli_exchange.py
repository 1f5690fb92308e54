"""The exchange subcommands: a design's cathode, separator and electrolyte out as a BPX file, and
an active of a BPX file in as a materials file of the user's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lamina.cli_common import (
    add_materials_option,
    cannot_write,
    read_with_materials,
    refuse,
)


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
        return cannot_write(args.output, error)
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
        return cannot_write(args.output, error)
    print(f"lamina bpx-import: wrote {args.output}; not used: {', '.join(imported.unused)}",
          file=sys.stderr)  # fmt: skip
    return 0
