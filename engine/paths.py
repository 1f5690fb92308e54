"""Where Lamina's shipped data lives, from source and from a frozen (PyInstaller) bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources/ folder: next to the sources, or inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A path inside resources/, e.g. resource_path("materials", "metals.json")."""
    return resources_dir().joinpath(*parts)
