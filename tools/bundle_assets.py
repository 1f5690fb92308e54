"""What build.spec makes besides the bundle itself: the icons, the third-party licences, sizes.

    python tools/bundle_assets.py icons resources/icons/lamina.svg OUT_DIR

renders the SVG icon (with QtSvg) to lamina.png (256 px), lamina.ico (Windows, 16 to 256 px) and
lamina.icns (macOS, 16 to 1024 px). The ICO and ICNS files hold PNG images, which every Windows
since Vista and every macOS since 10.7 read, so no imaging library is needed. The licence file is
written from the metadata of the installed distributions whose files PyInstaller collected.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import struct
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold a PNG, by pixel size (Apple's "icns" format, 10.7 and later).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)
PNG_SIZE = 256
LICENCE_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "COPYRIGHT")
# Where a Debian-like system keeps the full texts of common licences, by SPDX identifier; used
# for a distribution that ships none of its own (the PySide6 wheels name LGPL-3.0 but hold no text).
COMMON_LICENCES = Path("/usr/share/common-licenses")
SPDX_TEXTS = {"LGPL-3.0": ("LGPL-3", "GPL-3"), "GPL-3.0": ("GPL-3",), "GPL-2.0": ("GPL-2",)}
RULE = "=" * 100


# --- icons --------------------------------------------------------------------------------------
def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent square of size pixels, as PNG bytes (needs a Qt app)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: PLC0415
    from PySide6.QtGui import QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not an SVG image Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"cannot encode the {size} px icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG per size (ICONDIR, ICONDIRENTRYs, then the images)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding PNG elements (type, length including the 8-byte header, data)."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_icons(svg: Path, out_dir: Path) -> list[Path]:
    """Write lamina.png, lamina.ico and lamina.icns rendered from svg into out_dir."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    sizes = sorted({PNG_SIZE, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(svg, size) for size in sizes}
    del app
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = svg.stem
    written = {
        out_dir / f"{stem}.png": pngs[PNG_SIZE],
        out_dir / f"{stem}.ico": ico_bytes({s: pngs[s] for s in ICO_SIZES}),
        out_dir / f"{stem}.icns": icns_bytes(pngs),
    }
    for path, data in written.items():
        path.write_bytes(data)
    return list(written)


def build_icons(svg: Path, out_dir: Path) -> list[Path]:
    """render_icons in a child process, so the building process never starts Qt."""
    command = [sys.executable, str(Path(__file__).resolve()), "icons", str(svg), str(out_dir)]
    subprocess.run(command, check=True)
    return [out_dir / f"{svg.stem}{suffix}" for suffix in (".png", ".ico", ".icns")]


# --- licences -----------------------------------------------------------------------------------
def _owners() -> dict[str, importlib.metadata.Distribution]:
    """Every file of every installed distribution (by its RECORD), to the distribution."""
    owner: dict[str, importlib.metadata.Distribution] = {}
    for dist in importlib.metadata.distributions():
        for file in dist.files or ():
            owner[os.path.normcase(os.path.realpath(dist.locate_file(file)))] = dist
    return owner


def _licence_files(dist: importlib.metadata.Distribution) -> list[Path]:
    """The licence texts a distribution ships in its metadata folder (PEP 639 or older)."""
    files = []
    for file in dist.files or ():
        parts = file.parts
        if not parts[0].endswith((".dist-info", ".egg-info")):
            continue
        name = parts[-1].upper()
        if "licenses" in parts[1:-1] or name.startswith(LICENCE_NAMES):
            files.append(Path(dist.locate_file(file)))
    return sorted(files)


def _common_licence_texts(expression: str) -> list[Path]:
    for spdx, names in SPDX_TEXTS.items():
        if spdx in expression:
            paths = [COMMON_LICENCES / name for name in names]
            if all(p.is_file() for p in paths):
                return paths
    return []


def _section(title: str, lines: list[str], texts: list[Path]) -> str:
    out = [RULE, title, RULE, *lines]
    for path in texts:
        out += ["", f"--- {path.name} ---", path.read_text(encoding="utf-8", errors="replace")]
    return "\n".join(out).rstrip() + "\n\n"


def _python_licence() -> list[Path]:
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = (
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path("/usr/share/doc") / version / "copyright",  # Debian's Python
    )
    return [p for p in candidates if p.is_file()][:1]


def _debian_package(library: str) -> str:
    """The Debian package that installed a library file, or "" (tries both sides of merged /usr)."""
    dpkg = shutil.which("dpkg-query")
    if dpkg is None:
        return ""
    paths = {library, os.path.realpath(library)}
    paths |= {p[4:] if p.startswith("/usr/") else "/usr" + p for p in list(paths)}
    for path in sorted(paths):
        result = subprocess.run([dpkg, "-S", path], capture_output=True, text=True, check=False)
        if result.returncode == 0 and result.stdout:
            return result.stdout.split(":", 1)[0]
    return ""


def _system_library_lines(libraries: list[str]) -> tuple[list[str], list[Path]]:
    """Bundled libraries that come from the build machine, with their Debian package if known."""
    lines, texts = [], []
    for library in sorted(libraries, key=lambda p: Path(p).name):
        package = _debian_package(library)
        origin = f" (Debian package {package})" if package else ""
        lines.append(f"- {Path(library).name}{origin}")
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if package and copyright_file.is_file() and copyright_file not in texts:
            texts.append(copyright_file)
    return lines, texts


def write_licences(
    target: Path, bundled: list[tuple[str, str, str]], project_root: Path, project: str
) -> list[str]:
    """Write the third-party licence file of a bundle; return the distributions it names.

    bundled: PyInstaller's (name, source path, kind) entries of everything the bundle holds.
    project: the name of the bundled project's own distribution, which is left out.
    Sources owned by an installed distribution name it; shared libraries owned by none are the
    build machine's and are listed with their Debian package where there is one.
    """
    owner = _owners()
    found: dict[str, importlib.metadata.Distribution] = {}
    system_libraries = []
    for _, source, kind in bundled:
        if not source:
            continue
        dist = owner.get(os.path.normcase(os.path.realpath(source)))
        if dist is not None and dist.metadata["Name"].lower() != project.lower():
            found[dist.metadata["Name"].lower()] = dist
        elif dist is None and kind == "BINARY":
            system_libraries.append(source)
    dists = [found[name] for name in sorted(found)]
    preface = (
        "Lamina bundles the following third-party software. Each part keeps its own licence;\n"
        "Lamina itself is under the MIT licence (LICENSE).\n\n"
    )
    parts = [preface]
    py = ".".join(map(str, sys.version_info[:3]))
    parts.append(
        _section(
            f"Python {py}",
            ["Licence: PSF-2.0 (Python Software Foundation License)", "https://www.python.org/"],
            _python_licence(),
        )
    )
    for dist in dists:
        meta = dist.metadata
        expression = meta.get("License-Expression") or meta.get("License") or ""
        urls = [meta.get("Home-page") or ""] + [
            u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or [] if "," in u
        ]
        texts = _licence_files(dist) or _common_licence_texts(expression)
        lines = [f"Licence: {expression or 'see the texts below'}"]
        lines += [u for u in dict.fromkeys(urls) if u][:2]
        if meta["Name"].lower().startswith("pyside6"):
            lines.append(
                "Includes the Qt libraries (LGPL-3.0) and ICU (Unicode-3.0); the licences of Qt's "
                "parts are listed at https://doc.qt.io/qt-6/licenses-used-in-qt.html"
            )
        parts.append(_section(f"{meta['Name']} {dist.version}", lines, texts))
    fonts = project_root / "resources" / "fonts"
    parts.append(
        _section(
            "DejaVu fonts (resources/fonts)",
            ["Licence: Bitstream Vera Fonts Copyright, with DejaVu changes in the public domain"],
            sorted(fonts.glob("LICENSE*")),
        )
    )
    if system_libraries:
        lines, texts = _system_library_lines(system_libraries)
        parts.append(
            _section("Libraries copied from the build machine's operating system", lines, texts)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(parts), encoding="utf-8")
    return [f"{d.metadata['Name']} {d.version}" for d in dists]


# --- sizes --------------------------------------------------------------------------------------
def folder_size(folder: Path) -> int:
    """Bytes in all files under folder (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def describe_size(size: int) -> str:
    return f"{size / 1e6:.0f} MB ({size} bytes)"


# --- Python's own libraries without their debug symbols, and the glibc the bundle needs ----------
ELF_MAGIC = b"\x7fELF"
GLIBC_VERSION = re.compile(rb"GLIBC_(\d+)\.(\d+)")


def strip_python(bundle: Path) -> int:
    """Strip the debug symbols (strip --strip-debug) from libpython and Python's extension modules
    (a Python built from source, like pyenv's, carries 17 MB of them); return the bytes saved.
    Only Python's own: stripping numpy's OpenBLAS breaks it. Nothing is done without `strip`."""
    strip = shutil.which("strip")
    if strip is None or sys.platform != "linux":
        return 0
    internal = bundle / "_internal"
    targets = [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    before = sum(t.stat().st_size for t in targets)
    for target in targets:
        subprocess.run([strip, "--strip-debug", str(target)], check=True)
    return before - sum(t.stat().st_size for t in targets)


def glibc_floor(bundle: Path) -> tuple[tuple[int, int], list[str]]:
    """The newest glibc symbol version any file of the bundle asks for (GLIBC_x.y in its dynamic
    string table; glibc itself is never bundled), and the files that ask for it."""
    floor, files = (0, 0), []
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as stream:
            if stream.read(4) != ELF_MAGIC:
                continue
        versions = {(int(a), int(b)) for a, b in GLIBC_VERSION.findall(path.read_bytes())}
        newest = max(versions, default=(0, 0))
        if newest > floor:
            floor, files = newest, [path.name]
        elif newest == floor and newest != (0, 0):
            files.append(path.name)
    return floor, sorted(files)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "icons":
        print(textwrap.dedent(__doc__ or "").strip(), file=sys.stderr)
        return 2
    for path in render_icons(Path(argv[1]), Path(argv[2])):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
