"""The version follows the release tags: a tag vX.Y.Z is version X.Y.Z, and between releases the
version names the commits since the last one and the commit (setuptools-scm's scheme), so that a
number cited from Lamina can be traced to the code that produced it. A build carries it in
engine/_version.py; a source tree asks git."""

from __future__ import annotations

import datetime as dt
import subprocess
import types

import pytest

from engine import version

DAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("described", "expected"),
    [
        ("v0.2.0-0-g1a2b3c4", "0.2.0"),  # the release itself
        ("v0.2.0-3-g1a2b3c4", "0.2.1.dev3+g1a2b3c4"),  # three commits on: the next patch's dev
        ("v0.2.0-0-g1a2b3c4-dirty", "0.2.1.dev0+g1a2b3c4.d20261206"),  # uncommitted changes
        ("v1.10-12-gabcdef0", "1.11.dev12+gabcdef0"),
        ("1a2b3c4", None),  # no tag: not a description
        ("v0.2.0", None),
    ],
)
def test_a_git_description_gives_the_version(described, expected):
    assert version.version_from(described, DAY) == expected


def git(folder, *args: str) -> str:
    names = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid"]
    done = subprocess.run(
        ["git", *names, *args], cwd=folder, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_a_checkout_is_versioned_by_its_tags(tmp_path, monkeypatch):
    monkeypatch.setattr(version, "ROOT", tmp_path)
    git(tmp_path, "init", "-q")
    (tmp_path / "a.txt").write_text("1")
    git(tmp_path, "add", "a.txt")
    git(tmp_path, "commit", "-q", "-m", "one")
    first = git(tmp_path, "rev-parse", "--short", "HEAD")
    # No release tag yet: counted from the release named in engine/version.py.
    released = [int(p) for p in version.RELEASED.split(".")]
    next_patch = ".".join(map(str, [*released[:-1], released[-1] + 1]))
    assert version.from_git() == f"{next_patch}.dev1+g{first}"
    git(tmp_path, "tag", "v2.3.4")
    assert version.from_git() == "2.3.4"
    (tmp_path / "a.txt").write_text("2")
    git(tmp_path, "commit", "-q", "-am", "two")
    second = git(tmp_path, "rev-parse", "--short", "HEAD")
    assert version.from_git() == f"2.3.5.dev1+g{second}"
    (tmp_path / "a.txt").write_text("3")  # not committed
    today = dt.datetime.now(dt.UTC).date()
    assert version.from_git() == f"2.3.5.dev1+g{second}.d{today:%Y%m%d}"


def test_outside_a_checkout_there_is_no_git_version(tmp_path, monkeypatch):
    monkeypatch.setattr(version, "ROOT", tmp_path)
    assert version.from_git() is None


def test_a_builds_version_file_wins(monkeypatch):
    monkeypatch.setitem(
        __import__("sys").modules, "engine._version", types.SimpleNamespace(version="9.8.7")
    )
    assert version._version() == "9.8.7"
