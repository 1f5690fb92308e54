"""Design studies (engine/studies/study.py, main.py study): the same reductions however the
chunks are cut or run (one chunk, many, processes, a dask cluster), checked by hand on Yang et
al. 2022's Fig. 1A stack, resumed after a stop, and bounded in memory at 10^7 designs."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from engine.materials import shipped_library
from engine.studies.reductions import Best, Pareto, Rows
from engine.studies.study import StudyError, chunk_rows, study_from_dict
from engine.studies.study_run import CheckpointError, result_dict, run_study
from tests.test_sweep_grid import interrupted

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ROOT / "resources" / "presets"
LIBRARY = shipped_library()
LOADING, SEPARATOR = "cathode.active_loading_mg_cm2", "separator[0].thickness_um"
STACK = "ladder.stack.wh_per_kg"


def stack_wh_per_kg(loading: float, separator_um: float) -> float:
    """Yang et al. 2022 (J. Energy Chem.), Fig. 1A stack (tests/test_sensitivity.py)."""
    mass = loading / 0.85 + 4.320 + 7.168 + 0.2036 * separator_um + 2 * 0.27551 / 3.860 * loading
    return 798 * loading / mass


def yang_study(**changes: object) -> dict:
    """Loading 5-40 mg/cm2 by 0.1 and separator 5-100 um by 1, kept where the separator is at
    least 20 um and the areal capacity (0.210 mAh/mg x loading) at most 6 mAh/cm2."""
    raw = {
        "format": "lamina-study",
        "version": 1,
        "design": "yang2022_fig1a.json",
        "grid": [
            {"field": LOADING, "from": 5, "to": 40, "points": 351},
            {"field": SEPARATOR, "from": 5, "to": 100, "points": 96},
        ],
        "results": [STACK, "areal_capacity_mAh_cm2"],
        "constraints": [{"on": SEPARATOR, "min": 20}, {"on": "areal_capacity_mAh_cm2", "max": 6}],
        "pareto": [{"x": STACK, "y": "areal_capacity_mAh_cm2", "maximize_y": False}],
        "best": [{"by": STACK, "count": 3}],
        "histograms": [{"result": STACK, "from": 0, "to": 500, "bins": 50}],
        "chunk": 4096,
    }
    raw.update(changes)
    return raw


def run(raw: dict, **options: object) -> dict:
    study = study_from_dict(raw, LIBRARY, PRESETS)
    return result_dict(study, run_study(study, **options))


def test_the_best_design_is_the_one_worked_by_hand():
    """Wh/kg grows with the loading and falls with the separator: the best design within the
    constraints has the thinnest separator allowed (20 um) and the most loading whose areal
    capacity is at most 6 mAh/cm2: 6 / 0.210 = 28.57, so 28.5 mg/cm2 on the 0.1 grid."""
    found = run(yang_study(), workers=1)
    first, second, _ = found["best"][0]["designs"]
    assert first[LOADING] == pytest.approx(28.5)
    assert first[SEPARATOR] == 20.0
    assert first[STACK] == pytest.approx(stack_wh_per_kg(28.5, 20), rel=1e-3)
    assert second[LOADING] == pytest.approx(28.4)
    # 351 x 96 designs; the separator from 20 um (81 values) and the loading to 28.5 (236)
    assert found["designs"] == 351 * 96
    assert found["kept"] == 81 * 236
    histogram = found["histograms"][0]
    assert sum(histogram["counts"]) + histogram["below"] + histogram["above"] == found["kept"]
    # The front of Wh/kg (up) against areal capacity (down): at each loading only the 20 um
    # separator is on it, one design per loading.
    front = found["pareto"][0]["designs"]
    assert len(front) == 236
    assert {d[SEPARATOR] for d in front} == {20.0}


def test_one_chunk_many_chunks_and_processes_give_the_same_results():
    one = run(yang_study(chunk=351 * 96), workers=1)
    many = run(yang_study(chunk=1000), workers=1)
    processes = run(yang_study(chunk=1000), workers=2)
    for found in (many, processes):
        assert {k: v for k, v in found.items() if k != "study"} == {
            k: v for k, v in one.items() if k != "study"
        }


def test_a_chunk_of_a_grid_larger_than_memory_makes_only_its_own_values():
    """One field over 10^12 points (8 TB as an array, which each chunk used to make whole):
    the last chunk of 4,096 holds 5 + i x 35 / (10^12 - 1) and ends exactly at 40."""
    raw = yang_study(grid=[{"field": LOADING, "from": 5, "to": 40, "points": 10**12}])
    raw.update(constraints=[], pareto=[], histograms=[])
    study = study_from_dict(raw, LIBRARY, PRESETS)
    rows = chunk_rows(study, 10**12 // 4096 - 1)  # 10^12 = 4096 x 244140625
    first = 10**12 - 4096
    assert rows.index[0] == first
    step = 35.0 / (10**12 - 1)
    assert rows.columns[LOADING][0] == pytest.approx(5.0 + first * step, rel=1e-15)
    assert rows.columns[LOADING][-1] == 40.0
    assert rows.columns[STACK][-1] == pytest.approx(stack_wh_per_kg(40.0, 20.0), rel=1e-3)


def test_a_sampled_study_is_the_same_for_the_same_seed():
    sampled = yang_study(
        sample={"count": 20_000, "seed": 7, "fields": [
            {"field": LOADING, "from": 5, "to": 40},
            {"field": SEPARATOR, "from": 5, "to": 100, "distribution": "log-uniform"},
        ]},
    )  # fmt: skip
    del sampled["grid"]
    one, again = run(sampled, workers=1), run(copy.deepcopy(sampled), workers=2)
    assert one == again
    other = copy.deepcopy(sampled)
    other["sample"]["seed"] = 8
    assert run(other, workers=1)["best"] != one["best"]
    best = one["best"][0]["designs"][0]
    assert 20.0 <= best[SEPARATOR] <= 100.0
    assert best["areal_capacity_mAh_cm2"] <= 6.0


def test_a_stopped_study_continues_from_its_checkpoint(tmp_path):
    raw = yang_study(chunk=2000)
    study = study_from_dict(raw, LIBRARY, PRESETS)
    checkpoint = tmp_path / "out.json.checkpoint"

    def stop_at_third(done: int, _total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_study(study, workers=1, progress=stop_at_third, checkpoint=checkpoint)
    assert json.loads(checkpoint.read_text())["next_chunk"] == 3
    seen = []
    resumed = run_study(study, workers=1, checkpoint=checkpoint,
                        progress=lambda done, _total: seen.append(done))  # fmt: skip
    assert seen[0] == 4  # chunks 1-3 were not computed again
    assert result_dict(study, resumed) == run(raw, workers=1)
    other = study_from_dict(yang_study(chunk=1000), LIBRARY, PRESETS)
    with pytest.raises(CheckpointError, match="checkpoint of another study"):
        run_study(other, workers=1, checkpoint=checkpoint)


def test_reductions_by_hand_on_five_points():
    rows = Rows(
        np.arange(5, dtype=np.int64),
        {"a": np.array([1.0, 2.0, 3.0, 2.0, 3.0]), "b": np.array([5.0, 4.0, 1.0, 4.0, 0.5])},
    )
    # maximizing both: (1,5), (2,4) (index 1 before its twin 3) and (3,1) beat (3,0.5)
    assert Pareto("a", "b").reduce(rows).index.tolist() == [2, 1, 0]
    # a up, b down: (3,0.5) beats everything
    assert Pareto("a", "b", maximize_y=False).reduce(rows).index.tolist() == [4]
    assert Best("a", 2).reduce(rows).index.tolist() == [2, 4]  # a tie: the lower index first
    assert Best("b", 2, maximize=False).reduce(rows).index.tolist() == [4, 2]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"grid": [{"field": "cathode.colour", "from": 1, "to": 2, "points": 3}]},
         "grid[0].field: 'cathode.colour' is not a numeric field"),
        ({"results": ["ladder.cell.wh_per_kgg"]}, "unknown result"),
        ({"best": [{"by": STACK, "count": 0}]}, "best[0].count: must be a whole number"),
        ({"sample": {"count": 10}}, "give exactly one of grid"),
        ({"chunk": 0}, "chunk: must be a whole number from 1"),
        ({"histograms": [{"result": STACK, "from": 5, "to": 1}]}, "from 5 must be below to 1"),
    ],
)  # fmt: skip
def test_a_bad_study_is_refused_naming_the_place(change, message):
    with pytest.raises(StudyError) as refused:
        study_from_dict(yang_study(**change), LIBRARY, PRESETS)
    assert message in str(refused.value)


def test_the_command_writes_the_results_and_ten_million_designs_stay_under_1_gb(tmp_path):
    """10^7 designs (the loading by 1000 points, the separator by 100, the active fraction by
    100), in chunks of 65,536 on two processes: the command and its workers together stay under
    1 GB."""
    raw = yang_study(
        design=str(PRESETS / "yang2022_fig1a.json"),
        grid=[
            {"field": LOADING, "from": 5, "to": 40, "points": 1000},
            {"field": SEPARATOR, "from": 5, "to": 100, "points": 100},
            {"field": "cathode.active_fraction", "from": 0.6, "to": 0.9, "points": 100},
        ],
        chunk=65_536,
    )
    study = tmp_path / "big.json"
    study.write_text(json.dumps(raw))
    out = tmp_path / "out.json"
    # Sampled from outside: a child's own peak (getrusage) starts at its parent's, this test
    # process's, on Linux, so only the processes' memory while the study runs says what it takes.
    psutil = pytest.importorskip("psutil")  # comes with the cluster extra, a test dependency
    command = [sys.executable, str(ROOT / "main.py"), "study", str(study), "-o", str(out),
               "--jobs", "2"]  # fmt: skip
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as running:
        process, peak = psutil.Process(running.pid), 0
        while running.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:  # a process ended between the listing and the reading
                pass
            time.sleep(0.02)
        stderr = running.stderr.read() if running.stderr else ""
    assert running.returncode == 0, stderr
    print(f"10^7 designs: peak memory of the study's processes {peak / 1e6:.0f} MB")
    assert peak < 1e9
    found = json.loads(out.read_text())
    assert found["designs"] == 10**7
    assert "10,000,000 designs" in stderr


def test_ctrl_c_stops_the_command_and_keeps_its_checkpoint(tmp_path):
    """Interrupted between chunks, a study says how far it got, exits 130 and keeps the
    checkpoint a second run continues from."""
    raw = yang_study(
        design=str(PRESETS / "yang2022_fig1a.json"),
        grid=[
            {"field": LOADING, "from": 5, "to": 40, "points": 10_000},
            {"field": SEPARATOR, "from": 5, "to": 100, "points": 10_000},
        ],
        chunk=65_536,
    )
    study = tmp_path / "big.json"
    study.write_text(json.dumps(raw))
    out = tmp_path / "out.json"
    command = [sys.executable, str(ROOT / "main.py"), "study", str(study), "-o", str(out),
               "--jobs", "2"]  # fmt: skip
    rest = interrupted(command, "lamina study: ")
    assert "lamina study: interrupted after " in rest
    assert "run the same command again to continue" in rest
    assert not out.exists()
    assert (tmp_path / "out.json.checkpoint").exists()


def test_a_local_dask_cluster_gives_the_same_results_and_survives_a_lost_worker():
    distributed = pytest.importorskip("dask.distributed")  # the cluster extra, a test dependency
    LocalCluster = distributed.LocalCluster  # noqa: N806 (dask's class)

    raw = yang_study(chunk=2000)
    here = run(raw, workers=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:  # fmt: skip
        study = study_from_dict(raw, LIBRARY, PRESETS)
        killed = []

        def kill_a_worker(done: int, _total: int) -> None:
            if done == 2 and not killed:  # a worker lost mid-study: its chunks are retried
                worker = next(iter(cluster.workers.values()))
                os.kill(worker.process.process.pid, 9)
                killed.append(True)

        found = result_dict(
            study, run_study(study, scheduler=cluster.scheduler_address, progress=kill_a_worker)
        )
    assert killed
    assert found == here


def test_the_window_shows_a_study_and_opens_a_design_of_its_front(window, tmp_path):
    study = tmp_path / "study.json"
    study.write_text(json.dumps(yang_study(design=str(PRESETS / "yang2022_fig1a.json"))))
    out = tmp_path / "results.json"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "study", str(study), "-o", str(out),
                    "--jobs", "1"], capture_output=True, timeout=120, check=True)  # fmt: skip
    view = window.open_study_results(out)
    assert view is not None
    assert len(view.front_rows) == 236  # as worked by hand above
    assert view.points.data.size == 236
    best = view.best_rows[0]
    view.table.cellClicked.emit(0, 0)
    window.model.flush()
    design = window.model.design
    assert design.cathode.active_loading_mg_cm2 == pytest.approx(28.5)
    assert design.separator[0].thickness_um == 20.0
    assert window.model.results.rung("stack").wh_per_kg == pytest.approx(best[STACK])
    assert window.model.path is None  # a new design, saved only when asked


def test_a_constraint_on_a_field_not_varied_keeps_all_designs_or_none():
    """Yang's preset holds its stack at 10 MPa (operating.stack_pressure_MPa): at most 10 keeps
    every design the other constraints keep; at most 5 keeps none."""
    constraints = yang_study()["constraints"]
    loose = run(yang_study(constraints=[*constraints, {"on": "operating.stack_pressure_MPa",
                                                       "max": 10}]), workers=1)  # fmt: skip
    assert loose["kept"] == 81 * 236
    assert loose["best"][0]["designs"][0]["operating.stack_pressure_MPa"] == 10.0
    tight = run(yang_study(constraints=[*constraints, {"on": "operating.stack_pressure_MPa",
                                                       "max": 5}]), workers=1)  # fmt: skip
    assert tight["kept"] == 0
    assert tight["best"][0]["designs"] == []
