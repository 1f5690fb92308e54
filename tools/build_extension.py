"""Build Lamina's optional compiled module in the source tree: the voltage curves' point passes
(engine/voltage/_passes.c), as pyproject.toml's [tool.setuptools] ext-modules declares it.

    .venv/bin/python tools/build_extension.py [--force]

tools/bootstrap.py runs it after installing the packages, and the wheel (`pip install .`) builds
the same module. Without a C compiler nothing is built and Lamina computes the same curves with
numpy, more slowly (engine/voltage/solver.py). Exits 1, saying why, when the module could not be
built; skips the build when the module is newer than its source.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def declared() -> list[dict[str, object]]:
    """The ext-modules table of pyproject.toml: name, sources and Extension's other keys."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(project["tool"]["setuptools"]["ext-modules"])


def built_path(name: str) -> Path:
    """Where the module named `name` (engine.voltage._passes) lands, with this Python's suffix."""
    return ROOT.joinpath(*name.split(".")).with_suffix(sysconfig.get_config_var("EXT_SUFFIX"))


def up_to_date(module: dict[str, object]) -> bool:
    target = built_path(str(module["name"]))
    sources = [ROOT / str(source) for source in module["sources"]]  # type: ignore[attr-defined]
    return target.exists() and all(
        target.stat().st_mtime >= source.stat().st_mtime for source in sources
    )


def build(force: bool = False) -> list[str]:
    """Build what is out of date in place; the names of the modules that could not be built."""
    modules = [m for m in declared() if force or not up_to_date(m)]
    if not modules:
        return []
    try:
        from setuptools import Distribution, Extension  # noqa: PLC0415
        from setuptools.command.build_ext import build_ext  # noqa: PLC0415
    except ImportError:
        print("build_extension: setuptools is not installed in this environment", file=sys.stderr)
        return [str(m["name"]) for m in modules]
    os.chdir(ROOT)  # build_ext --inplace places the modules by their package, from here
    extensions = [Extension(**m) for m in modules]  # type: ignore[arg-type]
    command = build_ext(Distribution({"ext_modules": extensions}))
    command.inplace = True
    command.build_temp = str(ROOT / "build" / "extension")
    command.force = True
    command.ensure_finalized()
    command.run()  # an optional module that fails to compile is warned of, not raised
    return [str(m["name"]) for m in modules if not built_path(str(m["name"])).exists()]


def main(argv: list[str]) -> int:
    failed = build(force="--force" in argv)
    for name in failed:
        print(
            f"build_extension: {name} was not built (is a C compiler installed?)", file=sys.stderr
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
