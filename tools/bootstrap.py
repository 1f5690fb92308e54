"""Set up Lamina on a fresh machine, then open the app or run the tests.

    python3 tools/bootstrap.py run     # install what is needed, open the window
    python3 tools/bootstrap.py test    # install what is needed, run the whole test suite

Uses only the standard library, so it works before anything is installed. It
1. checks the Python version,
2. on Linux, checks the system libraries Qt needs and installs the missing ones with apt-get when
   run as root (otherwise prints the one apt-get line to run),
3. creates the virtual environment .venv in the project folder and installs what the command
   needs, at the pinned versions of constraints.txt: `run` the app's dependencies only, `test`
   also the test and build tools (skipped when nothing changed since the last install),
4. builds the compiled voltage passes in place (tools/build_extension.py; without a C compiler
   it says so and goes on: numpy computes the same curves, more slowly),
5. runs the app or pytest inside that environment. Extra arguments go to main.py or pytest.

It prints one short line per step; what apt-get and pip say goes to .venv/lamina-setup.log, whose
last lines are shown if a step fails. The project itself is not installed: main.py and the tests
run from this folder (`pip install .` builds the `lamina` command, README "Install with pip").
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOG = VENV / "lamina-setup.log"
MIN_PYTHON = (3, 11)
LOG_TAIL = 25  # lines of the log shown when a step fails

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
# The test suite reads the PDF reports back with poppler's pdftotext, pdffonts and pdfinfo, and
# runs the window on a virtual X server (Xvfb) where the X11 platform's behaviour is tested.
TEST_PACKAGES = ["poppler-utils", "xvfb"]


def say(message: str) -> None:
    print(f"[lamina setup] {message}", flush=True)


def step(what: str, command: list[str], env: dict[str, str] | None = None) -> None:
    """Run one setup command with its output appended to the log; on failure show the log's
    last lines, name the log, and exit."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(command)}\n")
        log.flush()
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env, check=False)
    if result.returncode != 0:
        lines = LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_TAIL:]
        print("\n".join(f"    {line}" for line in lines), file=sys.stderr)
        sys.exit(f"[lamina setup] {what} failed; the whole log: {LOG}")


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
    say(f"installing {len(missing)} system libraries for Qt with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    step("apt-get update", ["apt-get", "update", "-q"], env)
    names = [_apt_name(p) for p in missing]
    step(
        "apt-get install",
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *names],
        env,
    )


def venv_python() -> Path:
    if platform.system() == "Windows":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def requirements(command: str) -> list[str]:
    """The packages a command needs, as pyproject.toml lists them: the app's dependencies, and
    for `test` also the test extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = list(project["dependencies"])
    if command == "test":
        needed += project["optional-dependencies"]["test"]
    return needed


def ensure_venv(command: str) -> Path:
    python = venv_python()
    if not python.exists():
        say(f"creating the virtual environment {VENV}")
        step("creating the virtual environment", [sys.executable, "-m", "venv", str(VENV)])
    inputs = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        inputs.update((ROOT / name).read_bytes())
    stamp = VENV / ".lamina-installed"
    done = json.loads(stamp.read_text()) if stamp.exists() and stamp.read_text()[:1] == "{" else {}
    # `test` installs a superset of `run`: after it, `run` has nothing to add.
    if inputs.hexdigest() in (done.get(command), done.get("test")):
        return python
    needed = requirements(command)
    say(f"installing {len(needed)} Python packages and their dependencies with pip (a few minutes")
    say(f"the first time; details in {LOG})")
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "install", "--progress-bar=off"]
    step("upgrading pip", [*pip, "--upgrade", "pip"])
    # setuptools: tools/build_extension.py compiles with it (a venv of Python 3.12+ has none)
    step("pip install", [*pip, "-c", str(ROOT / "constraints.txt"), *needed, "setuptools"])
    done[command] = inputs.hexdigest()
    stamp.write_text(json.dumps(done))
    say("installed")
    return python


def ensure_compiled(python: Path) -> None:
    """The compiled voltage passes, built in place when missing or older than their source."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("a", encoding="utf-8") as log:
        log.write("\n$ tools/build_extension.py\n")
        log.flush()
        result = subprocess.run(
            [str(python), str(ROOT / "tools" / "build_extension.py")],
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode != 0:
        say("the compiled voltage passes could not be built (is a C compiler installed?): Lamina")
        say(f"computes the same curves with numpy, more slowly; details in {LOG}")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    check_python()
    ensure_system_libraries(TEST_PACKAGES if command == "test" else [])
    python = ensure_venv(command)
    ensure_compiled(python)
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
