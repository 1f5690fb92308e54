"""engine/voltage/_passes.c: the voltage curves' point passes, compiled (optional)."""

import numpy as np
from numpy.typing import NDArray

Buffer = NDArray[np.float64]

def passes(
    columns: Buffer,
    lag: Buffer,
    held: Buffer,
    potentials: Buffer,
    anode_x: Buffer,
    anode_y: Buffer,
    flat_anode: bool,
    table_start: Buffer,
    table_rise: Buffer,
    coarse: Buffer,
    refine: Buffer,
    grid: Buffer,
    points_out: Buffer,
    ends_out: Buffer,
    first: int = ...,
    stop: int = ...,
    /,
) -> None: ...
