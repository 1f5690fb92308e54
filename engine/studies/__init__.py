"""Many evaluations of one design: sweeps and maps, goal seek, voltage curves at other rates and
temperatures, the Ragone plot."""
