"""The physical relations, one per function, each with its units and its source: what the
evaluation, the voltage curve and the studies compute with. They take numbers (or numpy arrays
that broadcast) and never read the materials library, the results or a design's structure."""
