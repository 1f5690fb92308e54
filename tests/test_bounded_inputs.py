"""Any input takes bounded time and memory and gets a message of bounded length: a file is read
only if it is a regular file of at most 10 MB, repeated problems are counted, not listed, and a
quoted value is shortened."""

from __future__ import annotations

import json
import os

import pytest

from engine.io.design_files import DesignFileError, read_design
from engine.materials import shipped_library
from engine.paths import resource_path
from engine.problems import PROBLEMS_SHOWN, Problem, ProblemsError
from engine.values import FILE_LIMIT_BYTES
from tests.test_cli import run_main


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
