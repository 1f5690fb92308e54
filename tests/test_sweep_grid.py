"""`main.py sweep` over grids of any size: several fields, chunked evaluation with the same numbers
as one evaluate, CSV or .npy output written whole or not at all, progress, and Ctrl+C."""

from __future__ import annotations

import csv
import io
import itertools
import json
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.materials import shipped_library
from engine.paths import resource_path
from engine.studies.grid import Evenly, Grid, evaluate_chunk, grid_chunks
from tests.presets import preset

ROOT = Path(__file__).resolve().parent.parent
FIG1A = str(resource_path("presets", "yang2022_fig1a.json"))
LOADING, SEPARATOR = "cathode.active_loading_mg_cm2", "separator[0].thickness_um"


def lamina(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def stack_wh_per_kg(loading: float, separator_um: float) -> float:
    """Yang et al. 2022 (J. Energy Chem.), Fig. 1A stack by hand (tests/test_goal_seek.py): E =
    0.798 L mWh/cm2 (210 mAh/g x 3.8 V); mass L / 0.85 (85 wt% NMC811) + 4.320 (Al 16 um) + 7.168
    (Cu 8 um) + 0.2036 t (LGPS 2.036 g/cm3) + 0.14275 L (Li at N/P 2 on 275.51 mAh/g)."""
    li = 2 * 0.27551 / 3.860
    mass = loading / 0.85 + 4.320 + 7.168 + 0.2036 * separator_um + li * loading
    return 1000 * 0.798 * loading / mass


def test_a_grid_of_two_fields_runs_the_last_fastest_and_matches_the_hand_numbers():
    done = lamina(
        "sweep", FIG1A, "--field", LOADING, "--from", "5", "--to", "30", "--points", "3",
        "--field", SEPARATOR, "--from", "20", "--to", "40", "--points", "2",
        "--result", "ladder.stack.wh_per_kg",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == [LOADING, SEPARATOR, "ladder.stack.wh_per_kg"]
    grid = [(float(a), float(b)) for a, b, _ in rows[1:]]
    assert grid == [(5, 20), (5, 40), (17.5, 20), (17.5, 40), (30, 20), (30, 40)]
    for (loading, separator), row in zip(grid, rows[1:], strict=True):
        assert float(row[2]) == pytest.approx(stack_wh_per_kg(loading, separator), rel=1e-3)
    assert done.stderr == ""  # one chunk: no progress to show


def test_chunks_give_the_numbers_of_one_evaluate_to_the_last_bit():
    axes = {LOADING: np.linspace(5, 30, 37), SEPARATOR: np.linspace(10, 50, 29)}  # 1073 designs
    outputs = ["ladder.cell.wh_per_kg", "ladder.cell.wh_per_l", "layer.cathode.thickness_um"]

    def table(chunk: int) -> dict[str, np.ndarray]:
        grid = Grid(preset("yang2022_fig1a"), axes, outputs, shipped_library(), chunk)
        parts = list(grid_chunks(grid, workers=1))  # this process: Qt is loaded, no fork
        return {name: np.concatenate([p.outputs[name] for p in parts]) for name in outputs} | {
            path: np.concatenate([p.fields[path] for p in parts]) for path in axes
        }

    whole, chunked = table(10**6), table(100)
    for name, values in whole.items():
        np.testing.assert_array_equal(chunked[name], values)
    assert len(whole[LOADING]) == 37 * 29


def test_an_axis_of_any_length_is_made_chunk_by_chunk_with_linspaces_values():
    """10^12 loadings from 5 to 30 (8 TB as an array): each chunk makes only its own values,
    5 + i x 25 / (10^12 - 1), the last exactly 30, as np.linspace would; a short axis gives
    np.linspace's values to the last bit."""
    step = 25.0 / (10**12 - 1)
    axis = Evenly(5.0, 30.0, 10**12)
    grid = Grid(preset("yang2022_fig1a"), {LOADING: axis}, ["ladder.stack.wh_per_kg"],
                shipped_library(), chunk=4)  # fmt: skip
    assert grid.size == 10**12
    first, last = evaluate_chunk(grid, 0), evaluate_chunk(grid, 10**12 - 4)
    assert list(first.fields[LOADING]) == [5.0, 5.0 + step, 5.0 + 2 * step, 5.0 + 3 * step]
    assert last.fields[LOADING][-1] == 30.0
    assert last.fields[LOADING][0] == pytest.approx(30.0 - 3 * step, abs=1e-12)
    assert first.outputs["ladder.stack.wh_per_kg"][0] == pytest.approx(
        stack_wh_per_kg(5.0, 20.0), rel=1e-3
    )
    for low, high, count in ((5, 30, 100_003), (30, 5, 11), (2, 2, 5), (1.5, 2.5, 2)):
        np.testing.assert_array_equal(
            Evenly(low, high, count).at(np.arange(count)), np.linspace(low, high, count)
        )


def test_a_sweep_larger_than_memory_starts_and_stops_on_ctrl_c(tmp_path):
    """10^10 designs from the command line (about 20 minutes here): it says how far it is
    within 10 s, in bounded memory (a grid held as arrays raised MemoryError before the first
    design); Ctrl+C leaves no file."""
    out = tmp_path / "huge.npy"
    command = [sys.executable, str(ROOT / "main.py"), "sweep", FIG1A, "--field", LOADING,
               "--from", "5", "--to", "30", "--points", "10000000000", "-o", str(out)]  # fmt: skip
    rest = interrupted(command, "lamina sweep: ")  # its first line: within 10 s, not at 10 %
    assert "of 10,000,000,000 designs; " in rest
    assert not out.exists()


def test_npy_output_holds_named_columns_and_progress_is_shown(tmp_path):
    out = tmp_path / "grid.npy"
    done = lamina(
        "sweep", FIG1A, "--field", LOADING, "--from", "5", "--to", "30", "--points", "400",
        "--field", SEPARATOR, "--from", "20", "--to", "40", "--points", "250",
        "--result", "ladder.stack.wh_per_kg", "-o", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    table = np.load(out)
    assert table.shape == (100_000,)
    assert table.dtype.names == (LOADING, SEPARATOR, "ladder.stack.wh_per_kg")
    last = table[-1]
    assert (last[LOADING], last[SEPARATOR]) == (30.0, 40.0)
    assert last["ladder.stack.wh_per_kg"] == pytest.approx(stack_wh_per_kg(30, 40), rel=1e-3)
    # Two chunks of 65,536: a progress line each (stderr is no terminal here), then the total.
    lines = done.stderr.splitlines()
    assert lines[0].startswith("lamina sweep: 65,536 of 100,000 designs (66%")
    assert lines[-1].startswith("lamina sweep: 100,000 designs in ")


def interrupted(command: list[str], label: str) -> str:
    """Ctrl+C to a command once its first progress line (label) says it is under way: it exits
    130 without a traceback; what it wrote to stderr after that line."""
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert first.startswith(label), first
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait(timeout=60) == 130
    assert "Traceback" not in rest
    return rest


def test_ctrl_c_stops_cleanly_and_keeps_the_old_file(tmp_path):
    out = tmp_path / "grid.npy"
    out.write_bytes(b"the old table")
    command = [
        sys.executable, str(ROOT / "main.py"), "sweep", FIG1A,
        "--field", LOADING, "--from", "5", "--to", "30", "--points", "10000",
        "--field", SEPARATOR, "--from", "20", "--to", "40", "--points", "10000",
        "-o", str(out),
    ]  # fmt: skip
    rest = interrupted(command, "lamina sweep: ")
    assert "lamina sweep: interrupted after " in rest
    assert f"of 100,000,000 designs; {out} is left as it was" in rest
    assert out.read_bytes() == b"the old table"
    assert [p.name for p in tmp_path.iterdir()] == ["grid.npy"]  # no temporary file left


def test_a_random_sample_repeats_for_its_seed_from_one_process_or_two(tmp_path):
    """150,000 designs (3 chunks): the loading uniform on [5, 30] mg/cm2, the separator
    log-uniform on [10, 100] um. The same seed gives the same table byte for byte from one
    process and from two; the draws have the distributions' means (uniform: 17.5, s.d.
    25 / sqrt 12 = 7.217; log-uniform: mean ln of (ln 10 + ln 100) / 2 = 3.4539, s.d.
    ln 10 / sqrt 12 = 0.6647; within 4 s.d. / sqrt n); each row's stack Wh/kg is the hand
    formula's."""
    tables = {}
    for name, seed, jobs in (("one", "11", "1"), ("two", "11", "2"), ("other", "12", "2")):
        out = tmp_path / f"{name}.npy"
        done = lamina(
            "sweep", FIG1A, "--field", LOADING, "--from", "5", "--to", "30",
            "--field", SEPARATOR, "--from", "10", "--to", "100", "--samples", "150000",
            "--seed", seed, "--distribution", "uniform", "--distribution", "log-uniform",
            "--result", "ladder.stack.wh_per_kg", "--jobs", jobs, "-o", str(out),
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        tables[name] = out.read_bytes()
    assert tables["one"] == tables["two"]
    assert tables["other"] != tables["one"]
    table = np.load(tmp_path / "one.npy")
    n = len(table)
    assert n == 150_000
    loading, separator = table[LOADING], table[SEPARATOR]
    assert loading.min() >= 5.0
    assert loading.max() <= 30.0
    assert separator.min() >= 10.0
    assert separator.max() <= 100.0
    assert abs(loading.mean() - 17.5) < 4 * 7.217 / np.sqrt(n)
    assert abs(np.log(separator).mean() - 3.4539) < 4 * 0.6647 / np.sqrt(n)
    for row in table[:3]:
        hand = stack_wh_per_kg(float(row[LOADING]), float(row[SEPARATOR]))
        assert row["ladder.stack.wh_per_kg"] == pytest.approx(hand, rel=1e-3)


def test_the_commands_distributions_are_the_studys():
    """The parser names the distributions without loading the engine: the same as a study's."""
    from engine.studies.study import SAMPLE_DISTRIBUTIONS  # noqa: PLC0415
    from lamina.cli_studies import DISTRIBUTIONS  # noqa: PLC0415

    assert DISTRIBUTIONS == SAMPLE_DISTRIBUTIONS


def test_options_that_do_not_make_a_grid_are_refused():
    missing_to = lamina("sweep", FIG1A, "--field", LOADING, "--from", "5", "--to", "30",
                        "--field", SEPARATOR, "--from", "20")  # fmt: skip
    assert missing_to.returncode == 2
    assert "give each --field its --from and --to" in missing_to.stderr
    twice = lamina("sweep", FIG1A, "--field", LOADING, "--from", "5", "--to", "30",
                   "--field", LOADING, "--from", "5", "--to", "30")  # fmt: skip
    assert "a field is given twice" in twice.stderr
    wrong = lamina("sweep", FIG1A, "--field", LOADING, "--from", "5", "--to", "30",
                   "-o", "grid.xlsx")  # fmt: skip
    assert "grid.xlsx: the sweep is written as .csv or .npy" in wrong.stderr
    for options, said in (
        (["--samples", "5", "--points", "3"], "--points makes a grid and --samples a random"),
        (["--samples", "0"], "--samples 0 is below 1"),
        (["--distribution", "log-uniform"], "--distribution goes with --samples"),
        (["--from", "0", "--samples", "5", "--distribution", "log-uniform"],
         f"--field {LOADING}: a log-uniform draw needs --from and --to above 0"),
        (["--from", "nan", "--samples", "5"], f"--field {LOADING}: --from and --to must be finite"),
        (["--samples", "5", "--seed", "-1"], "--seed -1 is below 0"),
    ):  # fmt: skip
        arguments = ["--field", LOADING, "--from", "5", "--to", "30", *options]
        if "--from" in options:  # the option's own --from, first
            arguments = ["--field", LOADING, *options[:2], "--to", "30", *options[2:]]
        done = lamina("sweep", FIG1A, *arguments)
        assert done.returncode == 2, options
        assert said in done.stderr, (options, done.stderr)
        assert done.stdout == ""


def test_a_refused_value_stops_the_sweep_before_any_output(tmp_path):
    out = tmp_path / "grid.csv"
    done = lamina("sweep", FIG1A, "--field", "cathode.porosity", "--from", "0.1", "--to", "0.99",
                  "--points", "3", "-o", str(out))  # fmt: skip
    assert done.returncode == 2
    assert "cathode.porosity: 0.99 is outside the allowed range [0, 0.95]" in (done.stderr)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # nor a temporary file


@pytest.mark.parametrize(
    ("basis", "points"),
    [("curve", 300), ("nominal", 6600)],  # 3 chunks of 4,096 and of 65,536 designs
)
def test_processes_give_the_numbers_of_one_to_the_last_bit(tmp_path, basis, points):
    """A grid of 3 chunks, so that two go to the pool's processes (and back through shared
    memory, their CSV rows as text): the table is the same, byte for byte, as from one
    process, as .npy and as CSV."""
    design = tmp_path / f"{basis}.json"
    raw = json.loads(Path(FIG1A).read_text(encoding="utf-8"))
    raw["energy_basis"] = basis
    design.write_text(json.dumps(raw), encoding="utf-8")
    grid = [
        "--field", LOADING, "--from", "5", "--to", "30", "--points", "30",
        "--field", SEPARATOR, "--from", "20", "--to", "40", "--points", str(points),
    ]  # fmt: skip
    for jobs, suffix in itertools.product(("1", "2"), (".npy", ".csv")):
        done = lamina("sweep", str(design), *grid, "-o", str(tmp_path / f"{jobs}{suffix}"),
                      "--jobs", jobs, "--result", "ladder.cell.wh_per_kg")  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "1.npy").read_bytes() == (tmp_path / "2.npy").read_bytes()
    assert np.load(tmp_path / "2.npy").shape == (30 * points,)
    # CSV: the workers format their chunks' rows themselves, the same text as here
    assert (tmp_path / "1.csv").read_bytes() == (tmp_path / "2.csv").read_bytes()
    assert len((tmp_path / "2.csv").read_bytes().splitlines()) == 30 * points + 1
