"""Every file Lamina writes, as a function of (folder, label) that writes it and returns its path.

Shared by tests/test_writers.py (full disk, read-only file and folder, in this process) and
tests/kill_child.py (killed while writing). A label makes the content ("old", "new"): the design's
name, and for plots its separator thickness, so two labels give two different files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from engine.design import Design
from engine.evaluate import evaluate
from engine.io.design_files import save_design
from engine.io.results_file import write_results
from engine.materials import shipped_library
from tests.presets import preset


def design(label: str) -> Design:
    base = preset("yang2022_fig1a")
    layer = dataclasses.replace(base.separator[0], thickness_um=20.0 + sum(map(ord, label)) % 50)
    return dataclasses.replace(base, name=label, separator=(layer, *base.separator[1:]))


def _design_file(folder: Path, label: str) -> Path:
    path = folder / "cell.json"
    save_design(design(label), path, shipped_library())
    return path


def _autosave(folder: Path, label: str) -> Path:
    from gui.files import Autosaver  # noqa: PLC0415

    autosaver = Autosaver(folder, session="writer")
    try:
        autosaver.write(design(label), None, shipped_library())
    finally:
        autosaver.lock.release()  # as when the session ends
    return autosaver.design_path


def _report(suffix: str) -> Callable[[Path, str], Path]:
    def write(folder: Path, label: str) -> Path:
        from gui.report.writer import write_report  # noqa: PLC0415

        path = folder / f"report{suffix}"
        write_report(design(label), path, shipped_library())
        return path

    return write


def _results(suffix: str) -> Callable[[Path, str], Path]:
    def write(folder: Path, label: str) -> Path:
        path = folder / f"results{suffix}"
        write_results(evaluate(design(label), shipped_library()), path)
        return path

    return write


def _plot(suffix: str) -> Callable[[Path, str], Path]:
    """A plot's export (from its right-click menu): the breakdown plot of the design."""

    def write(folder: Path, label: str) -> Path:
        from gui.design_model import DesignModel  # noqa: PLC0415
        from gui.plots import export  # noqa: PLC0415
        from gui.plots.breakdown import BreakdownPlot  # noqa: PLC0415

        path = folder / f"breakdown{suffix}"
        plot = BreakdownPlot(DesignModel(design(label), shipped_library()))
        plot.resize(640, 400)
        if suffix == ".png":
            export.save_png(plot.plot, path)
        elif suffix == ".svg":
            export.save_svg(plot.plot, path)
        else:
            export.save_csv(plot.table(), path)
        plot.deleteLater()
        return path

    return write


WRITERS: dict[str, Callable[[Path, str], Path]] = {
    "design": _design_file,
    "autosave": _autosave,
    "report-pdf": _report(".pdf"),
    "report-html": _report(".html"),
    "results-json": _results(".json"),
    "results-csv": _results(".csv"),
    "plot-png": _plot(".png"),
    "plot-svg": _plot(".svg"),
    "plot-csv": _plot(".csv"),
}
