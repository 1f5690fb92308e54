"""tools/build_old_base.sh, the release build on Debian 11, needs root, debootstrap and a few
minutes, so CI does not run it (README, Building the bundle, gives its measured results); what
CI checks is that the script parses and says how to use it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "build_old_base.sh"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_release_build_script_parses_and_explains_itself():
    assert subprocess.run(["bash", "-n", str(SCRIPT)], check=False).returncode == 0
    done = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "tools/build_old_base.sh REPO [STEP...]" in done.stderr
    assert "LAMINA_PYSIDE6=6.9.3" in done.stderr
    assert "LAMINA_NUMPY=wheel" in done.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_numpy_choice_it_does_not_know_is_refused_by_name(tmp_path):
    """LAMINA_NUMPY is noblas (numpy built without BLAS, the release) or wheel (PyPI's). Asked
    for a step that does not exist, in an empty work folder, so that nothing is built if the
    choice were let through."""
    done = subprocess.run(
        ["bash", str(SCRIPT), str(SCRIPT.parent.parent), "no-such-step"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "LAMINA_NUMPY": "mkl", "WORK": str(tmp_path)},
    )
    assert done.returncode == 2
    assert "LAMINA_NUMPY must be noblas or wheel, not 'mkl'" in done.stderr
