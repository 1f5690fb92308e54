"""Headless commands of main.py: evaluate a design file and print a table or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

from engine.evaluate import evaluate
from engine.evaluate.curve import curve_from_results
from engine.evaluate.trace import EXPLAINABLE, explain
from engine.io.design_files import DesignFile, read_design
from engine.io.results_json import results_to_dict
from engine.io.results_table import results_csv
from engine.materials import Library, LibraryError, load_library, shipped_library
from engine.problems import DesignError, Problem, ProblemsError
from engine.results import Results
from engine.studies.sweep import sweep

NO_PATH = {
    "no_ionic_path": "no ionic path through the cathode",
    "no_electronic_path": "no electronic path through the cathode",
}


def refuse(path: Path, verb: str, error: ProblemsError | KeyError) -> int:
    """Say on stderr why a file cannot be used (every problem, with its path); exit status 2."""
    if isinstance(error, KeyError):
        print(f"lamina: {error.args[0]}", file=sys.stderr)
        return 2
    print(f"lamina: {path} cannot be {verb}:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
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
    folder = args.materials
    if folder is None:
        return shipped_library()
    if not folder.is_dir():
        raise LibraryError([Problem(str(folder), "is not a folder")])
    return load_library(folder)


def read_with_materials(args: argparse.Namespace, verb: str) -> DesignFile | None:
    """The design file of args.file with the library it needs (shipped, --materials, what the
    file carries); None once the reason it cannot be used is printed (exit status 2)."""
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


def add_evaluate_command(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "evaluate",
        help="print a design's energy-density ladder and mass breakdown",
        description="Evaluate a design file: the ladder (Wh/kg, Wh/L with the basis of each rung) "
        "and the mass and thickness of every layer. Exits 2 on a bad file.",
    )
    parser.add_argument("file", type=Path, help="a design file (docs/design-format.md)")
    parser.add_argument("--json", action="store_true", help="print JSON (keys documented)")
    parser.add_argument("--csv", action="store_true", help="print the ladder and layers as CSV")
    parser.add_argument(
        "--explain",
        metavar="KEY",
        action="append",
        default=[],
        help=f"also explain a number: {', '.join(EXPLAINABLE)}",
    )
    add_materials_option(parser)
    parser.set_defaults(handler=run_evaluate)


def format_table(results: Results) -> str:
    design = results.design
    lines = [design.name, ""]
    lines.append(f"{'Level':<36}{'Wh/kg':>9}{'Wh/L':>9}  Basis")
    for rung in results.ladder:
        label = f"{rung.level} {rung.label}"
        lines.append(f"{label:<36}{rung.wh_per_kg:>9.1f}{rung.wh_per_l:>9.1f}  {rung.basis}")
    n_p = "n/a (anode-free)" if results.n_p_ratio is None else f"{results.n_p_ratio:.3g}"
    lines += [
        "",
        (
            f"Areal capacity {results.areal_capacity_mAh_cm2:.4g} mAh/cm2 "
            f"({results.areal_capacity_basis}); cell {results.capacity_mAh:.4g} mAh, "
            f"{results.energy_Wh:.4g} Wh at {results.cell_voltage_V:.4g} V"
        ),
        (
            f"N/P {n_p} ({design.n_p_basis} cathode capacity); cell {results.cell_mass_g:.4g} g, "
            f"{results.cell_volume_cm3:.4g} cm3; stack {results.stack_thickness_um:.4g} um "
            "at top of charge"
        ),
        "",
        f"{'Layer':<30}{'count':>6}{'um':>10}{'mg/cm2':>10}{'g':>10}{'share':>8}",
    ]
    for layer in results.layers:
        lines.append(
            f"{layer.label:<30}{layer.count:>6}{layer.thickness_um:>10.4g}"
            f"{layer.mass_mg_cm2:>10.4g}{layer.mass_g:>10.4g}{layer.mass_share:>8.1%}"
        )
    lines += ["", *_pressure_and_transport_lines(results)]
    if results.warnings:
        lines += ["", "Warnings:"] + [f"  {w}" for w in results.warnings]
    return "\n".join(lines)


def _pressure_and_transport_lines(results: Results) -> list[str]:
    design = results.design
    lines = []
    for layer in results.layers:
        c = layer.compaction
        if c is not None:
            lines.append(
                f"{layer.label}: porosity {c.operating_porosity:.1%} under "
                f"{c.operating_pressure_MPa:g} MPa, from pressing at {c.pressing_pressure_MPa:g} "
                f"MPa ({c.pressed_porosity:.1%}; {c.released_porosity:.1%} released)"
            )
    lines.append(
        f"ASR at {design.operating.temperature_C:g} C: separator "
        f"{results.separator_asr_ohm_cm2:.4g} ohm cm2; cathode ionic "
        f"{results.cathode_ionic_asr_ohm_cm2:.4g}, electronic "
        f"{results.cathode_electronic_asr_ohm_cm2:.4g} ohm cm2"
    )
    lines += _curve_lines(results)
    fixture = results.fixture
    if fixture is not None and fixture.sized:
        lines.append(
            f"Fixture ({fixture.material}): {fixture.mass_g:.4g} g, {fixture.volume_cm3:.4g} cm3; "
            f"plates {fixture.plate_thickness_mm:.3g} mm, bolts {fixture.bolt_area_mm2:.3g} mm2 "
            f"for {fixture.force_N:.4g} N"
        )
    return lines


def _curve_lines(results: Results) -> list[str]:
    """The discharge at the design's C-rate and temperature, and what it loses halfway."""
    try:
        curve = curve_from_results(results, "discharge")
    except DesignError:
        return ["Discharge curve: not available (an active material lacks curve data)"]
    if np.ndim(curve.delivered_mAh_cm2):
        return []  # a sweep: one curve per design, not for a table
    operating = results.design.operating
    conditions = (
        f"Discharge at {operating.c_rate:g}C ({operating.c_rate_basis}) and "
        f"{curve.temperature_C:g} C to {curve.cutoff_V:.3g} V"
    )
    if curve.delivered_mAh_cm2 <= 0.0:
        why = [NO_PATH[w.code] for w in results.warnings if w.code in NO_PATH]
        return [f"{conditions}: delivers nothing" + (f" ({', '.join(why)})" if why else "")]
    middle = curve.losses_at(0.5 * float(curve.delivered_mAh_cm2))
    losses = ", ".join(
        f"{key.replace('_', ' ')} {value * 1000:.0f}" for key, value in middle.items()
    )
    cell = curve.specific("cell")["wh_per_kg"]
    headline = (
        f"{conditions}: {curve.delivered_mAh_cm2:.4g} "
        f"mAh/cm2 ({curve.specific_capacity_mAh_g:.4g} mAh/g of actives, utilization "
        f"{curve.utilization:.1%}, ended by the {curve.limited_by}), mean "
        f"{curve.average_voltage_V:.4g} V, {cell:.4g} Wh/kg of the cell"
    )
    return [
        headline,
        f"  losses halfway (mV): {losses}",
    ]


def run_evaluate(args: argparse.Namespace) -> int:
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
        help="vary one design field and print results as CSV",
        description="Evaluate a design over a range of one field (one vectorised call) and print "
        "CSV: the field, then each result. Result names as in engine/studies/sweep.py, e.g. "
        "ladder.cell.wh_per_kg, layer.cathode.thickness_um, areal_capacity_mAh_cm2.",
    )
    parser.add_argument("file", type=Path, help="a design file")
    parser.add_argument(
        "--field",
        required=True,
        help="a design field path, e.g. cathode.active_loading_mg_cm2, or "
        "cathode.active_fraction (the other components rescaled to keep the sum 1)",
    )
    parser.add_argument("--from", dest="low", type=float, required=True)
    parser.add_argument("--to", dest="high", type=float, required=True)
    parser.add_argument("--points", type=int, default=21)
    parser.add_argument(
        "--result",
        action="append",
        default=None,
        help="a result name (repeatable); default ladder.cell.wh_per_kg",
    )
    add_materials_option(parser)
    parser.set_defaults(handler=run_sweep)


def run_sweep(args: argparse.Namespace) -> int:
    outputs = args.result or ["ladder.cell.wh_per_kg"]
    if not 2 <= args.points <= 1_000_000:
        print(f"lamina: --points {args.points} is outside [2, 1000000]", file=sys.stderr)
        return 2
    read = read_with_materials(args, "swept")
    if read is None:
        return 2
    try:
        values = np.linspace(args.low, args.high, args.points)
        result = sweep(read.design, {args.field: values}, outputs, read.library)
    except (ProblemsError, KeyError) as error:
        return refuse(args.file, "swept", error)
    writer = csv.writer(sys.stdout)
    writer.writerow([args.field, *outputs])
    for i, x in enumerate(values):
        # repr: the shortest text that reads back as the same float
        writer.writerow([repr(float(x)), *(repr(float(result.outputs[o][i])) for o in outputs)])
    return 0
