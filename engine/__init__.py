"""Lamina's calculation core: pure Python and numpy, no Qt."""

from engine.version import __version__

__all__ = ["__version__"]
