"""How sure the numbers are: sensitivity (which input moves a result most) and bands (each
result's 5-95 % band from the inputs' tolerances, by Monte Carlo). The engine loads in each
command, so the parser stays quick to build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lamina.cli_common import add_materials_option, read_with_materials, refuse


def add_sensitivity_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "sensitivity",
        help="which input moves a result most: each moved down and up by its tolerance",
        description="Move each numeric input of the design (its fields, and the library values "
        "it may override: densities, capacities, the cathode's mean voltage) down and up by "
        "its tolerance (the design's, or the library's stated one) or, without one, by --step "
        "of its value, the others held, and print the result at both ends, largest swing "
        "first: a tornado chart's bars (engine/studies/sensitivity.py). CSV, or --json. Inputs "
        "not moved (a mass fraction, a whole number, a 0, a step the engine refuses) are named "
        "on stderr.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    parser.add_argument("--result", default="ladder.cell.wh_per_kg", help="as for sweep")
    parser.add_argument(
        "--step", type=float, default=0.1, help="for inputs without a tolerance: a fraction, "
        "default 0.1"
    )  # fmt: skip
    parser.add_argument(
        "--no-tolerances", action="store_true", help="move every input by --step, ignoring "
        "tolerances"
    )  # fmt: skip
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
        found = sensitivity(read.design, args.result, read.library, args.step, args.field,
                            tolerances=not args.no_tolerances)  # fmt: skip
    except (ProblemsError, KeyError) as error:
        return refuse(args.file, "analysed", error)
    rows = [
        {"field": s.field, "value": s.value, "low_value": s.low_value, "high_value": s.high_value,
         "result_at_low": s.low_result, "result_at_high": s.high_result, "swing": s.swing,
         "moved_by": s.by}
        for s in found.swings
    ]  # fmt: skip
    if args.json:
        payload = {"result": found.result, "base": found.base, "step": found.step,
                   "swings": rows, "not_moved": found.skipped}  # fmt: skip
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        writer = csv.writer(sys.stdout)
        writer.writerow(["field", "value", "low_value", "high_value", f"{args.result} at low",
                         f"{args.result} at high", "swing", "moved by"])  # fmt: skip
        for row in rows:
            numbers = [repr(float(v)) for k, v in row.items() if k not in ("field", "moved_by")]
            writer.writerow([row["field"], *numbers, row["moved_by"]])
    for field, why in found.skipped.items():
        print(f"lamina sensitivity: {field} not moved: {why}", file=sys.stderr)
    return 0


def add_bands_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "bands",
        help="how sure each result is: its 5-95 %% band from the inputs' tolerances",
        description="Draw every input that carries a tolerance (the design's own, and the "
        "library values it uses at their stated tolerances) --samples times, evaluate all draws "
        "at once, and print each result's 5th percentile, median and 95th percentile "
        "(engine/studies/uncertainty.py). Every ladder level's Wh/kg and Wh/L by default, or "
        "each --result. The same --seed gives the same numbers.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    parser.add_argument("--result", action="append", help="a result name as for sweep (repeatable)")
    parser.add_argument("--samples", type=int, default=10_000, help="default 10000")
    parser.add_argument("--seed", type=int, default=0, help="default 0")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_materials_option(parser)
    parser.set_defaults(handler=run_bands)


MAX_SAMPLES = 10_000_000  # 10^7 draws of the default cell: about 8 GB of arrays at the peak


def run_bands(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415 (the engine loads in the command)
    import textwrap  # noqa: PLC0415

    from engine.evaluate import evaluate  # noqa: PLC0415
    from engine.problems import ProblemsError  # noqa: PLC0415
    from engine.studies.sweep import numeric_result  # noqa: PLC0415
    from engine.studies.uncertainty import PERCENTILES, bands, inputs_text  # noqa: PLC0415

    if not 2 <= args.samples <= MAX_SAMPLES:
        print(f"lamina: --samples {args.samples} is outside 2 to {MAX_SAMPLES:,}", file=sys.stderr)
        return 2
    read = read_with_materials(args, "analysed")
    if read is None:
        return 2
    try:
        found = bands(read.design, read.library, args.result, args.samples, args.seed)
        point = evaluate(read.design, read.library)
        values = {name: float(numeric_result(point, name)) for name in found.bands}
    except (ProblemsError, KeyError) as error:
        return refuse(args.file, "analysed", error)
    low, high = (f"p{p:g}" for p in PERCENTILES)
    results = {
        name: {"value": values[name], low: b.low, "median": b.median, high: b.high,
               "mean": b.mean, "sd": b.sd}
        for name, b in found.bands.items()
    }  # fmt: skip
    inputs = [
        {"field": i.field, "value": i.value, "tolerance": i.tolerance.text(), "source": i.source}
        for i in found.inputs
    ]
    if args.json:
        payload = {"samples": found.samples, "seed": found.seed, "results": results,
                   "inputs": inputs, "not_drawn": found.skipped}  # fmt: skip
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    width = max(len(name) for name in results)
    print(f"{'result':<{width}}  {'value':>10}  {low:>10}  {'median':>10}  {high:>10}")
    for name, row in results.items():
        print(f"{name:<{width}}  " + "  ".join(
            f"{row[k]:>10.4g}" for k in ("value", low, "median", high)))  # fmt: skip
    print(f"\n{found.samples:,} draws, seed {found.seed}, of these inputs:")
    print(textwrap.indent(inputs_text(found), "  "))
    return 0
