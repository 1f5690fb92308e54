"""Write the regression records: `main.py evaluate --json` of every preset and every sample
design file in tests/data, to tests/data/results/NAME.json.

The records guard refactors of the engine (tests/test_result_records.py compares against them to
1e-12 relative); the papers and hand calculations stay the truth the tests assert against. Run
this only when a change alters a number on purpose, and say which in the commit:

    .venv/bin/python tools/record_results.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "tests" / "data" / "results"


def recorded_designs() -> list[Path]:
    """The design files that have a record: the presets, then the sample files."""
    presets = sorted((ROOT / "resources" / "presets").glob("*.json"))
    return presets + sorted((ROOT / "tests" / "data").glob("design-v*.json"))


def evaluate_json(design: Path) -> dict:
    """What `main.py evaluate --json` prints for the file, read back."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "evaluate", "--json", str(design)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def main() -> None:
    RECORDS.mkdir(exist_ok=True)
    for design in recorded_designs():
        record = evaluate_json(design)
        record.pop("lamina_version")
        record["materials_library"].pop("fingerprint")  # a stamp, like the version
        target = RECORDS / design.name
        target.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(f"{target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
