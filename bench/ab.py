"""Compare a benchmark between another revision (A) and the work tree (B), alternating A B A B.

    .venv/bin/python bench/ab.py REVISION bench/evaluate_speed.py [--rounds 5] [--script-from-tree]
        [--python-b PYTHON]

Each round runs the script once in a checkout of REVISION and once in this tree, in turn, so
that a busy machine slows both alike. Every "median X unit" a line prints is collected under the
line's text with its numbers masked; for each, the median over the rounds of A and of B is
printed, and the paired ratio B/A of each round: its median and its range. With
--script-from-tree, A runs this tree's copy of the script, so both time the same measurement (the
script must then import what it needs from either revision). With --python-b, B runs under
another Python (another environment: a numpy built otherwise, say); with REVISION HEAD and a clean
tree that compares the two environments on the same code.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDIAN = re.compile(r"median ([0-9.]+) (\w+)")
NUMBER = re.compile(r"[0-9][0-9.,]*")


def build(tree: Path) -> None:
    """The revision's compiled modules built in its checkout, as in this tree: else A would run
    the numpy passes where B runs the compiled ones."""
    builder = tree / "tools" / "build_extension.py"
    if builder.exists():
        subprocess.run([sys.executable, str(builder)], cwd=tree, check=True, capture_output=True)


def run(tree: Path, script: str, python: str = sys.executable) -> dict[str, float]:
    """The medians the script prints, by the text of their line (numbers masked)."""
    done = subprocess.run(
        [python, str(tree / script)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    found = {}
    for line in done.stdout.splitlines():
        match = MEDIAN.search(line)
        if match:
            label = NUMBER.sub("#", line.split(":")[0]).strip() + f" ({match.group(2)})"
            found[label] = float(match.group(1))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revision")
    parser.add_argument("script", help="a bench script, relative to the project root")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--script-from-tree",
        action="store_true",
        help="run the work tree's script in REVISION too (the same measurement on both)",
    )
    parser.add_argument("--python-b", default=sys.executable, help="the Python that runs B")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "a"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(base), args.revision],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        if args.script_from_tree:
            shutil.copyfile(ROOT / args.script, base / args.script)
        build(base)
        try:
            a: dict[str, list[float]] = defaultdict(list)
            b: dict[str, list[float]] = defaultdict(list)
            for round_ in range(args.rounds):
                for label, value in run(base, args.script).items():
                    a[label].append(value)
                for label, value in run(ROOT, args.script, args.python_b).items():
                    b[label].append(value)
                print(f"round {round_ + 1} of {args.rounds} done", file=sys.stderr)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False
            )
    under = "" if args.python_b == sys.executable else f" under {args.python_b}"
    print(f"A = {args.revision}, B = the work tree{under}; {args.rounds} rounds, A B alternating")
    for label, values in b.items():
        if label not in a:
            continue
        ratios = [y / x for x, y in zip(a[label], values, strict=False)]
        print(
            f"{label}: A median {statistics.median(a[label]):.4g}, "
            f"B median {statistics.median(values):.4g}; B/A paired median "
            f"{statistics.median(ratios):.3f} (range {min(ratios):.3f} to {max(ratios):.3f})"
        )


if __name__ == "__main__":
    main()
