"""A design's results written to a file: the window's File > Export results."""

from __future__ import annotations

import json
from pathlib import Path

from engine.io.atomic import write_text_atomically
from engine.io.results_json import results_to_dict
from engine.io.results_table import results_csv
from engine.results import Results


def write_results(results: Results, path: Path) -> None:
    """Everything as the JSON of `main.py evaluate --json` for a .json path, else the ladder and
    the layers as CSV (`evaluate --csv`); the old file is kept if the write fails."""
    if Path(path).suffix.lower() == ".json":
        text = json.dumps(results_to_dict(results), indent=2) + "\n"
    else:
        text = results_csv(results)
    write_text_atomically(path, text)
