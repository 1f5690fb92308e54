"""Any input takes bounded time and memory and gets a message of bounded length: a file is read
only if it is a regular file of at most 10 MB, repeated problems are counted, not listed, and a
quoted value is shortened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from engine.io.design_files import DesignFileError, read_design
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.problems import PROBLEMS_SHOWN, Problem, ProblemsError
from engine.values import FILE_LIMIT_BYTES
from tests.test_cli import ROOT, run_main


def _preset() -> dict:
    return json.loads(resource_path("presets", "yang2022_fig1a.json").read_text(encoding="utf-8"))


def test_a_fifo_or_a_device_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "design.json"
    os.mkfifo(fifo)
    for path in (fifo, "/dev/zero"):
        done = run_main("evaluate", str(path))
        assert done.returncode == 2
        assert "is not a regular file" in done.stderr


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as stream:
        stream.truncate(FILE_LIMIT_BYTES + 1)  # sparse: no time or disk spent writing it
    with pytest.raises(DesignFileError, match="a design or materials file is at most 10 MB"):
        read_design(path, shipped_library())


def test_a_hundred_thousand_unknown_keys_are_counted_not_listed(tmp_path):
    raw = _preset()
    raw.update({f"k{i}": 1 for i in range(100_000)})
    path = tmp_path / "many.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    done = run_main("evaluate", str(path))
    assert done.returncode == 2
    assert "and 99,990 more unknown fields" in done.stderr
    assert len(done.stderr.splitlines()) < 20


def test_messages_are_bounded():
    long = "x" * 1_000_000
    assert len(str(Problem(long, long))) < 700
    error = ProblemsError([Problem(f"f{i}", "bad") for i in range(1000)])
    lines = str(error).splitlines()
    assert len(lines) == PROBLEMS_SHOWN + 1
    assert lines[-1] == f"... and {1000 - PROBLEMS_SHOWN} more"


# --- time and memory: generous bounds, far from what a fixed input costs (well under a second
# and 170 MB here) and far below what the same inputs cost before they were bounded (35 to over
# 120 s; 2.3 to 5.7 GB). A bench measures speed; these catch a return to unbounded work.
SECONDS = 30.0
PEAK_MB = 400.0
NEAR_LIMIT = FILE_LIMIT_BYTES - 100_000  # a file just under the size read at all


def measured_main(*args: str) -> tuple[int, str, float, float]:
    """Run main.py; its exit status, stderr, wall seconds and peak resident memory (MB), as
    the kernel counted it for that process alone (wait4)."""
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    timer = threading.Timer(3 * SECONDS, child.kill)  # a hang fails below, not forever
    timer.start()
    start = time.monotonic()
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - start
    timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    return child.returncode, stderr, seconds, usage.ru_maxrss / 1024  # Linux: kB


def _many_unknown_keys(raw: dict) -> None:
    raw.update({f"k{i}": 1 for i in range(NEAR_LIMIT // 16)})  # ~620,000 keys


def _long_material_id(raw: dict) -> None:
    raw["cathode"]["components"][0]["material"] = "x" * NEAR_LIMIT


def _long_numeric_array(raw: dict) -> None:
    raw["cathode"]["porosity"] = [0.3] * (NEAR_LIMIT // 5)  # "0.3, ": ~2,000,000 numbers


def _many_separator_layers(raw: dict) -> None:
    raw["separator"] = raw["separator"] * 20_000


def _deep_nesting(raw: dict) -> None:
    raw["notes"] = json.loads("[" * 100 + "]" * 100)
    raw["name"] = "[" * 10**6  # text: a deep structure's characters, harmless as a string


LARGE_INPUTS: dict[str, Callable[[dict], None]] = {
    "unknown keys": _many_unknown_keys,
    "material id": _long_material_id,
    "numeric array": _long_numeric_array,
    "separator layers": _many_separator_layers,
    "deep nesting": _deep_nesting,
}


@pytest.mark.skipif(sys.platform != "linux", reason="wait4's memory figure is Linux's")
@pytest.mark.parametrize("case", LARGE_INPUTS)
def test_a_large_input_is_refused_in_bounded_time_memory_and_words(tmp_path: Path, case: str):
    raw = _preset()
    LARGE_INPUTS[case](raw)
    path = tmp_path / "large.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert path.stat().st_size <= FILE_LIMIT_BYTES
    status, stderr, seconds, peak_mb = measured_main("evaluate", str(path))
    assert status == 2, stderr[-500:]
    assert len(stderr) < 4000, stderr[:500]
    assert seconds < SECONDS, f"{case}: {seconds:.1f} s"
    assert peak_mb < PEAK_MB, f"{case}: {peak_mb:.0f} MB"


@pytest.mark.skipif(sys.platform != "linux", reason="wait4's memory figure is Linux's")
def test_a_large_materials_file_is_refused_in_bounded_time_memory_and_words(tmp_path: Path):
    folder = tmp_path / "materials"
    folder.mkdir()
    entry = {"id": "y" * NEAR_LIMIT, "category": "binder", "values": {}}
    raw = {"format": "lamina-materials", "version": 1, "materials": [entry]}
    (folder / "mine.json").write_text(json.dumps(raw), encoding="utf-8")
    preset = str(resource_path("presets", "yang2022_fig1a.json"))
    status, stderr, seconds, peak_mb = measured_main("evaluate", preset, "--materials", str(folder))
    assert status == 2, stderr[-500:]
    assert "mine.json" in stderr
    assert len(stderr) < 4000, stderr[:500]
    assert seconds < SECONDS
    assert peak_mb < PEAK_MB
