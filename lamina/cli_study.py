"""main.py study: a design study (docs/study-format.md) run here on every core, or on a
dask.distributed cluster, resumable from its last finished chunk. The engine loads in the
command, so the parser stays quick to build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lamina.cli_common import CtrlC, add_materials_option, cannot_write, library_from
from lamina.cli_studies import Progress


def add_study_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "study",
        help="explore a design space (a grid or random samples) and keep only its reductions",
        description="Run a study file (docs/study-format.md): every design of its grid or "
        "samples evaluated in chunks, each chunk reduced to the study's Pareto fronts, best "
        "designs and histograms where it is evaluated, and the reductions written to -o as "
        "JSON. Resumable: a checkpoint (OUT.checkpoint) is kept after each chunk, and the same "
        "command started again continues from it. --scheduler runs the chunks on a "
        "dask.distributed cluster (pip install 'dask[distributed]'), with the same results.",
    )
    parser.add_argument("file", type=Path, help="a study file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the results (JSON)")
    parser.add_argument("--jobs", type=int, help="processes here (default: every usable core)")
    parser.add_argument("--scheduler", help="a dask.distributed scheduler's address, e.g. "
                        "tcp://10.0.0.5:8786")  # fmt: skip
    add_materials_option(parser)
    parser.set_defaults(handler=run_study_command)


def run_study_command(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415 (the engine loads in the command)

    from engine.io.atomic import write_text_atomically  # noqa: PLC0415
    from engine.problems import ProblemsError, listed  # noqa: PLC0415
    from engine.studies.study import read_study  # noqa: PLC0415
    from engine.studies.study_run import CheckpointError, result_dict, run_study  # noqa: PLC0415

    if args.jobs is not None and args.jobs < 1:
        print(f"lamina: --jobs {args.jobs} must be at least 1", file=sys.stderr)
        return 2
    try:
        study = read_study(args.file, library_from(args))
    except ProblemsError as error:  # a LibraryError or a StudyError: every problem named
        print(f"lamina: {args.file} cannot be run:\n{listed(error.problems)}", file=sys.stderr)
        return 2
    checkpoint = args.output.with_name(args.output.name + ".checkpoint")
    progress = Progress("lamina study", study.size)
    ctrl_c = CtrlC()

    def on_chunk(done: int, _total: int) -> None:
        progress.update(min(done * study.chunk, study.size))
        if ctrl_c.pressed:
            raise KeyboardInterrupt

    try:
        with ctrl_c:
            partial = run_study(study, args.jobs, on_chunk, checkpoint, args.scheduler)
        progress.finish()
        write_text_atomically(args.output, json.dumps(result_dict(study, partial), indent=1))
    except (CheckpointError, RuntimeError, ProblemsError) as error:
        progress.clear()
        print(f"lamina study: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        progress.clear()
        return cannot_write(args.output, error)
    except KeyboardInterrupt:
        progress.clear()
        print(f"lamina study: interrupted after {progress.done:,} of {study.size:,} designs; "
              "run the same command again to continue", file=sys.stderr)  # fmt: skip
        return 130
    checkpoint.unlink(missing_ok=True)
    print(f"lamina study: {partial.designs:,} designs, {partial.kept:,} within the constraints; "
          f"results in {args.output}", file=sys.stderr)  # fmt: skip
    return 0
