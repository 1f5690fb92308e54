"""setuptools' build backend, with the version written into the package first: a wheel (or an
sdist) carries engine/_version.py with the version of the commit it was built from (the last
release tag and the commits since, engine/version.py), so that an installed Lamina reports the
same version as its source tree did. The file is removed again once the build is done: the
source tree keeps asking git."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from setuptools import build_meta
from setuptools.build_meta import *  # noqa: F403 (every other hook, as setuptools has it)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextlib.contextmanager
def _version_file() -> Iterator[None]:
    from engine.version import VERSION_FILE, write_version_file  # noqa: PLC0415

    write_version_file()
    try:
        yield
    finally:
        VERSION_FILE.unlink(missing_ok=True)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with _version_file():
        return build_meta.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    with _version_file():
        return build_meta.build_sdist(sdist_directory, config_settings)
