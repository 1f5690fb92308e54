"""Set up Lamina on a fresh machine, then open the app or run the tests.

    python3 tools/bootstrap.py run     # install what is needed, open the window
    python3 tools/bootstrap.py test    # install what is needed, run the whole test suite

Uses only the standard library, so it works before anything is installed. It
1. checks the Python version,
2. on Linux, checks the system libraries Qt needs and installs the missing ones with apt-get when
   run as root (otherwise prints the one apt-get line to run),
3. creates the virtual environment .venv in the project folder and installs the project with the
   pinned versions of constraints.txt (skipped when nothing changed since the last install),
4. runs the app or pytest inside that environment. Extra arguments go to main.py or pytest.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)

# Debian/Ubuntu packages that Qt 6 loads on Linux. The first group is enough for the offscreen
# platform (tests, headless reports); the xcb group is needed for a real window on X11.
QT_CORE_PACKAGES = [
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libfontconfig1",
    "libglib2.0-0",
    "libdbus-1-3",
]
QT_XCB_PACKAGES = [
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libx11-xcb1",
]
# The test suite reads the PDF reports back with poppler's pdftotext, pdffonts and pdfinfo.
TEST_PACKAGES = ["poppler-utils"]


def say(message: str) -> None:
    print(f"[lamina setup] {message}", flush=True)


def check_python() -> None:
    if sys.version_info < MIN_PYTHON:
        found = ".".join(map(str, sys.version_info[:3]))
        sys.exit(f"Lamina needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; this is {found}.")


def _dpkg_installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and "install ok installed" in result.stdout


def _apt_name(package: str) -> str:
    """Debian 13 renamed some libraries with a t64 suffix; pick the name the archive knows."""
    for candidate in (package, f"{package}t64"):
        shown = subprocess.run(
            ["apt-cache", "show", candidate], capture_output=True, text=True, check=False
        )
        if shown.returncode == 0 and shown.stdout.strip():
            return candidate
    return package


def ensure_system_libraries(extra: list[str]) -> None:
    if platform.system() != "Linux" or shutil.which("dpkg-query") is None:
        return  # macOS, Windows and non-Debian Linux: the Qt wheels bring what they need
    wanted = QT_CORE_PACKAGES + QT_XCB_PACKAGES + extra
    missing = [p for p in wanted if not (_dpkg_installed(p) or _dpkg_installed(f"{p}t64"))]
    if not missing:
        return
    if os.geteuid() != 0:
        line = "sudo apt-get update && sudo apt-get install -y " + " ".join(missing)
        sys.exit(
            "Qt needs system libraries that are not installed. Run this once, then try again:\n"
            f"    {line}"
        )
    say(f"installing system libraries for Qt: {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    names = [_apt_name(p) for p in missing]
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *names],
        check=True,
        env=env,
    )


def venv_python() -> Path:
    if platform.system() == "Windows":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    python = venv_python()
    if not python.exists():
        say(f"creating the virtual environment {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    inputs = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        inputs.update((ROOT / name).read_bytes())
    stamp = VENV / ".lamina-installed"
    if stamp.exists() and stamp.read_text() == inputs.hexdigest():
        return python
    say("installing Python packages (pinned by constraints.txt)")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run(
        [*pip, "install", "-q", "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[test]"],
        check=True,
    )
    stamp.write_text(inputs.hexdigest())
    return python


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    check_python()
    ensure_system_libraries(TEST_PACKAGES if command == "test" else [])
    python = ensure_venv()
    env = dict(os.environ)
    if command == "run":
        return subprocess.run(
            [str(python), str(ROOT / "main.py"), *rest], env=env, check=False
        ).returncode
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.run(
        [str(python), "-m", "pytest", *rest], cwd=ROOT, env=env, check=False
    ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
