"""The application version, read by main.py, the About box, the reports and pyproject.toml.

A release is a git tag ``vX.Y.Z``. Between releases the version says how far past the last one
and which commit, as setuptools-scm writes it: ``0.1.1.dev3+g1a2b3c4`` is three commits after
0.1.0 (``.d20261206`` added for uncommitted changes). A wheel or a bundle carries it in
engine/_version.py, written when it is built (setuptools-scm, build.spec); a source tree without
that file asks git, and without git falls back to the last release named here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import subprocess
from pathlib import Path

RELEASED = "0.1.0"  # the last release; a tag v0.1.0 marks it in git
ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = Path(__file__).with_name("_version.py")
# What `git describe --long` says of a commit: the tag, commits since it, the commit.
DESCRIBED = re.compile(r"^v(\d+(?:\.\d+)*)-(\d+)-g([0-9a-f]+)(-dirty)?$")


def version_from(described: str, today: dt.date) -> str | None:
    """The version `git describe --tags --long --dirty` describes, in setuptools-scm's scheme
    (the next patch's .devN past a tag, the commit and, for uncommitted changes, the day);
    None for text that is no such description."""
    found = DESCRIBED.match(described.strip())
    if found is None:
        return None
    tag, distance, commit, dirty = found.groups()
    if distance == "0" and not dirty:
        return tag
    parts = [int(p) for p in tag.split(".")]
    parts[-1] += 1
    date = f".d{today:%Y%m%d}" if dirty else ""
    return f"{'.'.join(map(str, parts))}.dev{distance}+g{commit}{date}"


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def from_git() -> str | None:
    """The version of the source tree's commit, from its last release tag; None outside a git
    checkout. A checkout with no tag counts from RELEASED."""
    if not (ROOT / ".git").exists():
        return None
    today = dt.datetime.now(dt.UTC).date()
    described = _git("describe", "--tags", "--long", "--dirty", "--always", "--match", "v[0-9]*")
    if described is None:
        return None
    if DESCRIBED.match(described) is None:  # no release tag: the commit alone, counted
        count = _git("rev-list", "--count", "HEAD")
        if count is None:
            return None
        described = f"v{RELEASED}-{count}-g{described}"
    return version_from(described, today)


def _version() -> str:
    try:  # written by a build, if any
        from engine._version import version  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return from_git() or RELEASED
    return str(version)


@functools.cache
def version() -> str:
    """The version, found once when first asked: every import of the engine (a sweep's worker
    process too) would otherwise ask git."""
    return _version()


def write_version_file() -> str:
    """Write engine/_version.py for a build (build.spec), as setuptools-scm does for a wheel."""
    version = from_git() or RELEASED
    VERSION_FILE.write_text(f'version = "{version}"\n', encoding="utf-8")
    return version
