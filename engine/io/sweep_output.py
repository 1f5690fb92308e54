"""A sweep's table, written as its chunks arrive (engine.studies.sweep.grid_chunks): CSV to
standard output or a file, or a NumPy .npy file for large runs. A file is written beside its
target and takes its place only when the whole table is written (engine/io/atomic.py), so an
interrupted or failed sweep leaves any old file as it was.

CSV numbers are Python's repr of each float: the shortest text that reads back as the same number;
lines end in CRLF, as RFC 4180 and every other CSV Lamina writes (the csv module's default).
The .npy file holds a structured array of float64 with one field per column, named as the CSV's
header (numpy.load(path)["ladder.cell.wh_per_kg"]); its header is written first, since the
number of rows is known, and the rows follow chunk by chunk.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import numpy as np
from numpy.lib import format as npy
from numpy.typing import NDArray

from engine.io.atomic import atomic_stream

CRLF = "\r\n"


def csv_rows(columns: Sequence[NDArray[np.float64]]) -> str:
    """The rows of equally long columns as CSV lines, each ending in CRLF: what csv.writer writes
    for numbers, built at the speed of str.join (a third of the time)."""
    texts = [map(repr, np.asarray(c, dtype=float).tolist()) for c in columns]
    return "".join(f"{line}{CRLF}" for line in map(",".join, zip(*texts, strict=True)))


def is_npy(path: Path | None) -> bool:
    """Whether a sweep written to path is a .npy table (else CSV, to stdout when None)."""
    return path is not None and path.suffix.lower() == ".npy"


class SweepWriter:
    """with SweepWriter(path or None, names, rows) as out: out.write(columns) per chunk."""

    def __init__(self, path: Path | None, names: Sequence[str], rows: int) -> None:
        self.path, self.names, self.rows = path, list(names), rows
        self.binary = is_npy(path)
        self.dtype = np.dtype([(name, "<f8") for name in self.names])
        self._stack = ExitStack()
        self._stream: BinaryIO | None = None

    def __enter__(self) -> SweepWriter:
        if self.path is not None:
            self._stream = self._stack.enter_context(atomic_stream(self.path))
        if self._stream is not None and self.binary:
            header = {"descr": npy.dtype_to_descr(self.dtype), "fortran_order": False,
                      "shape": (self.rows,)}  # fmt: skip
            npy.write_array_header_2_0(self._stream, header)
        else:
            self._text(",".join(self.names) + CRLF)
        return self

    def write(self, columns: Sequence[NDArray[np.float64]], text: str | None = None) -> None:
        """A chunk's rows; text: its CSV rows as csv_rows gave them already (a worker's)."""
        if not self.binary:
            self._text(csv_rows(columns) if text is None else text)
            return
        table = np.empty(len(columns[0]), dtype=self.dtype)
        for name, column in zip(self.names, columns, strict=True):
            table[name] = column
        assert self._stream is not None
        self._stream.write(table.tobytes())

    def _text(self, text: str) -> None:
        if self._stream is None:
            sys.stdout.write(text)
        else:
            self._stream.write(text.encode("utf-8"))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        return self._stack.__exit__(kind, error, traceback)
