"""main.py's command line: --version and --help work without opening a window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from engine.version import __version__

ROOT = Path(__file__).resolve().parent.parent


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_version():
    result = run_main("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"Lamina {__version__}"


def test_help_lists_subcommands():
    result = run_main("--help")
    assert result.returncode == 0
    assert "subcommands" in result.stdout
    assert "opens the window" in result.stdout
