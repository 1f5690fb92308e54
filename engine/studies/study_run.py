"""Running a study: its chunks evaluated and reduced in this process, in a pool of processes on
this machine, or on a dask.distributed cluster (an optional extra: `pip install .[cluster]`),
merged in the chunks' order so that each way gives the same reductions to the last bit.

A run with a checkpoint file writes it (atomically) after each chunk merged: the study's
fingerprint, the next chunk and the reductions so far. Started again with the same study and
checkpoint, it continues from there; a checkpoint of another study is refused.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from engine.io.atomic import write_text_atomically
from engine.io.design_files import design_to_dict
from engine.studies.grid import usable_cores
from engine.studies.reductions import Partial, Rows, merge
from engine.studies.study import Study, chunk_partial

RESULT_FORMAT = "lamina-study-result"
RESULT_VERSION = 1
CLUSTER_RETRIES = 3  # a chunk whose worker died is computed again, this many times at most

Progress = Callable[[int, int], None]  # (chunks done, chunks in all)


class CheckpointError(ValueError):
    """A checkpoint that belongs to another study, or cannot be read."""


def run_study(
    study: Study,
    workers: int | None = None,
    progress: Progress | None = None,
    checkpoint: Path | None = None,
    scheduler: str | None = None,
) -> Partial:
    """Every chunk of the study, reduced and merged in order: here (workers 1), in workers
    processes (None: every usable core), or on the dask scheduler at that address."""
    done, total = 0, None
    if checkpoint is not None and checkpoint.exists():
        done, total = _resume(study, checkpoint)
    indices = range(done, study.chunks)
    if scheduler is not None:
        partials = _on_cluster(study, indices, scheduler)
    elif (workers or usable_cores()) <= 1 or len(indices) <= 1:
        partials = (chunk_partial(study, i) for i in indices)
    else:
        partials = _in_processes(study, indices, workers or usable_cores())
    for index, partial in zip(indices, partials, strict=False):
        total = partial if total is None else merge(total, partial, list(study.pareto),
                                                    list(study.best))  # fmt: skip
        if checkpoint is not None:
            _save(study, checkpoint, index + 1, total)
        if progress is not None:
            progress(index + 1, study.chunks)
    assert total is not None  # a study has at least one design
    return total


# --- where the chunks run ---------------------------------------------------------------------

_worker_study: list[Study] = []


def _start_worker(study: Study) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the parent stops the pool
    _worker_study[:] = [study]


def _worker_partial(index: int) -> Partial:
    return chunk_partial(_worker_study[0], index)


def _in_processes(study: Study, indices: range, workers: int):
    with multiprocessing.Pool(workers, initializer=_start_worker, initargs=(study,)) as pool:
        yield from pool.imap(_worker_partial, indices)


def _on_cluster(study: Study, indices: range, address: str):
    """The chunks on a dask.distributed cluster, a few ahead of the merge per worker, each
    retried when its worker dies; they come back in order."""
    try:
        from dask.distributed import Client  # noqa: PLC0415 (the optional cluster extra)
    except ImportError:
        raise RuntimeError(
            "running on a cluster needs dask.distributed: pip install 'dask[distributed]'"
        ) from None
    with Client(address) as client:
        ahead = 4 * max(1, len(client.scheduler_info().get("workers", {})))
        remote = client.scatter(study, broadcast=True)
        pending: list[Any] = []
        waiting = iter(indices)
        for index in waiting:
            pending.append(client.submit(chunk_partial, remote, index, pure=False,
                                         retries=CLUSTER_RETRIES))  # fmt: skip
            if len(pending) >= ahead:
                break
        while pending:
            future = pending.pop(0)
            following = next(waiting, None)
            if following is not None:
                pending.append(client.submit(chunk_partial, remote, following, pure=False,
                                             retries=CLUSTER_RETRIES))  # fmt: skip
            yield future.result()


# --- checkpoints and results files ------------------------------------------------------------


def _rows_to_dict(rows: Rows) -> dict[str, Any]:
    columns = {k: v.tolist() for k, v in rows.columns.items()}
    return {"index": rows.index.tolist(), "columns": columns}


def _rows_from_dict(raw: dict[str, Any]) -> Rows:
    return Rows(
        np.asarray(raw["index"], dtype=np.int64),
        {k: np.asarray(v, dtype=float) for k, v in raw["columns"].items()},
    )


def partial_to_dict(partial: Partial) -> dict[str, Any]:
    return {
        "designs": partial.designs,
        "kept": partial.kept,
        "fronts": [_rows_to_dict(r) for r in partial.fronts],
        "best": [_rows_to_dict(r) for r in partial.best],
        "histograms": [h.tolist() for h in partial.histograms],
    }


def partial_from_dict(raw: dict[str, Any]) -> Partial:
    return Partial(
        int(raw["designs"]),
        int(raw["kept"]),
        [_rows_from_dict(r) for r in raw["fronts"]],
        [_rows_from_dict(r) for r in raw["best"]],
        [np.asarray(h, dtype=np.int64) for h in raw["histograms"]],
    )


def _save(study: Study, path: Path, next_chunk: int, partial: Partial) -> None:
    state = {"study": study.fingerprint, "next_chunk": next_chunk, "chunk": study.chunk,
             "partial": partial_to_dict(partial)}  # fmt: skip
    write_text_atomically(path, json.dumps(state))


def _resume(study: Study, path: Path) -> tuple[int, Partial | None]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        same = state["study"] == study.fingerprint and state["chunk"] == study.chunk
        resumed = int(state["next_chunk"]), partial_from_dict(state["partial"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{path} cannot be read as a checkpoint: {error}") from None
    if not same:
        raise CheckpointError(
            f"{path} is the checkpoint of another study (or another chunk size): remove it to "
            "start again"
        )
    return resumed


def result_dict(study: Study, partial: Partial) -> dict[str, Any]:
    """The study's results file: what was run, how many designs, and each reduction's rows."""
    return {
        "format": RESULT_FORMAT,
        "version": RESULT_VERSION,
        "study": study.fingerprint,
        "design": design_to_dict(study.design, study.library),
        "designs": partial.designs,
        "kept": partial.kept,
        "fields": study.fields,
        "results": list(study.results),
        "pareto": [
            {
                "x": p.x,
                "y": p.y,
                "maximize_x": p.maximize_x,
                "maximize_y": p.maximize_y,
                "designs": rows.records(),
            }
            for p, rows in zip(study.pareto, partial.fronts, strict=True)
        ],
        "best": [
            {"by": b.by, "count": b.count, "maximize": b.maximize, "designs": rows.records()}
            for b, rows in zip(study.best, partial.best, strict=True)
        ],
        "histograms": [
            {
                "result": h.result,
                "edges": h.edges().tolist(),
                "counts": c[:-2].tolist(),
                "below": int(c[-2]),
                "above": int(c[-1]),
            }
            for h, c in zip(study.histograms, partial.histograms, strict=True)
        ],
    }
