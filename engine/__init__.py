"""Lamina's calculation core: pure Python and numpy, no Qt."""


def __getattr__(name: str) -> str:
    """`engine.__version__`, found when first asked (engine/version.py asks git)."""
    if name == "__version__":
        from engine.version import version  # noqa: PLC0415

        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
