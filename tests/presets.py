"""Loading the shipped presets in tests."""

from __future__ import annotations

from engine.design import Design
from engine.io.design_files import load_design
from engine.materials import shipped_library
from engine.paths import resource_path


def preset(name: str) -> Design:
    design, _ = load_design(resource_path("presets", f"{name}.json"), shipped_library())
    return design
