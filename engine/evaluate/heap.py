"""Freed memory kept for the next chunk of a sweep, where the C library allows it to be set.

A sweep evaluates its designs in chunks of arrays of about 0.5 MB each. glibc's malloc gives
each such array its own memory map and hands it back to the system when it is freed, or trims
its heap when the top of it is free; the next chunk then has every page faulted in again, and
zeroed, by the kernel. Which of the two happens depends on the order of the allocations, so an
unrelated change to evaluate could double a sweep's time. Fixing glibc's thresholds (mallopt)
keeps the freed arrays for the next chunk: a 10^6-design grid of one result on one process
faulted in 1,486 pages where it faulted 8,604, and took 0.6 to 0.8 of the time.
"""

from __future__ import annotations

import ctypes
import sys

# mallopt's parameters (glibc's malloc.h) and the values set: arrays under 32 MB come from the
# heap, and up to 128 MB of freed heap is kept. A sweep's working set is far below either.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 32 << 20
TRIM_THRESHOLD_BYTES = 128 << 20

_done: list[bool] = []


def keep_freed_memory() -> bool:
    """Set glibc's thresholds once per process (a forked worker inherits them); whether they are
    set. Elsewhere nothing changes: macOS and Windows have no mallopt, and musl's does nothing
    (returns 0)."""
    if not _done:
        _done.append(sys.platform.startswith("linux") and _mallopt())
    return _done[0]


def _mallopt() -> bool:
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, the C library's among them
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
            libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
        )
    except (OSError, AttributeError):
        return False
