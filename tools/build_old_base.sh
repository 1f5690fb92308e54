#!/bin/bash
# Build Lamina's PyInstaller bundle on an old Linux base (Debian 11 "bullseye", glibc 2.31), so
# that the bundle runs on systems as old as that, and check it there.
#
#     tools/build_old_base.sh REPO [STEP...]
#
# REPO is a git checkout of Lamina (it is cloned, never written to). Run as root on a Debian (or
# Debian-like) machine with network access to deb.debian.org and PyPI. Everything goes under
# $WORK (default /tmp/oldbase):
#     $WORK/root        bullseye build root (chroot): Python 3.11 in /opt/python3.11, the clone
#                       in /src, its venv in /src/.venv, the bundle in /src/dist/lamina
#     $WORK/minbase.tar the pristine bullseye (minbase) as debootstrap left it
#     $WORK/runroot     a second, minimal bullseye, to learn what a bare system needs to run it
#     $WORK/bundle      the bundle, copied out of the build root
#     $WORK/logs        one log per step
#
# Steps (all by default, in this order; name some to run only those):
#   bootstrap  debootstrap bullseye (minbase) into $WORK/root
#   python     build CPython 3.11 from Debian's source package (bookworm's python3.11, the
#              upstream .orig tarball, without Debian's patches) into /opt/python3.11
#   source     clone REPO into $WORK/root/src (or move the clone to REPO's HEAD): the commit at
#              HEAD is built, uncommitted changes in REPO are not
#   venv       /src/.venv with the app's dependencies and PyInstaller, at constraints.txt's pins
#   bundle     the compiled voltage passes (tools/build_extension.py), then pyinstaller
#              build.spec, in the build root
#   check      the newest GLIBC_ version any ELF file of the bundle asks for (objdump -T)
#   test       --self-test and an evaluate in the build root, in the minimal runroot (with only
#              RUNTIME_PACKAGES added) and on this machine
#
# Each step skips what is already done (stamps and existing files), so the script can be re-run.
#
# Qt: PySide6-Essentials 6.10 and newer (the project pins 6.11.x) are published for Linux only as
# manylinux_2_34 wheels, i.e. they need glibc 2.34, which bullseye (2.31) does not have: pip on
# bullseye finds no wheel for them and the venv step stops with a message. Set LAMINA_PYSIDE6 to a
# version with a manylinux_2_28 wheel (6.9.3 is the newest) to build with that one instead; the
# pins of PySide6-Essentials and shiboken6 are then replaced in a copy of constraints.txt (the
# repository is not changed):
#     LAMINA_PYSIDE6=6.9.3 tools/build_old_base.sh /path/to/lamina
#
# numpy: PyPI's wheel carries OpenBLAS, libgfortran and libquadmath (28.5 MB, a sixth of the
# bundle), for linear algebra Lamina does not do (a few small products; no solve or decomposition
# of any size). The venv step therefore builds the pinned numpy from its source without BLAS or
# LAPACK (numpy's own fallback loops and lapack_lite take their place; a few minutes of compiling,
# done once). LAMINA_NUMPY=wheel keeps PyPI's wheel instead.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
REPO=$(realpath "$1"); shift
STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(bootstrap python source venv bundle check test)

WORK=${WORK:-/tmp/oldbase}
ROOT=$WORK/root
RUNROOT=$WORK/runroot
LOGS=$WORK/logs
SUITE=bullseye
MIRROR=${MIRROR:-http://deb.debian.org/debian}
PY_SOURCE_SUITE=bookworm        # the suite whose python3.11 source package is built
PY_PREFIX=/opt/python3.11
JOBS=${JOBS:-2}                 # make -j
LAMINA_PYSIDE6=${LAMINA_PYSIDE6:-}
LAMINA_NUMPY=${LAMINA_NUMPY:-noblas}  # noblas: built from source without BLAS; wheel: PyPI's
case $LAMINA_NUMPY in noblas|wheel) ;; *) echo "LAMINA_NUMPY must be noblas or wheel, not '$LAMINA_NUMPY'" >&2; exit 2 ;; esac
# A CA bundle for pip inside the build root, for networks whose HTTPS goes through an
# intercepting proxy (pip's own PIP_CERT is taken when set): copied into the root.
CA_BUNDLE=${CA_BUNDLE:-${PIP_CERT:-}}
# What a minimal bullseye needs added to run the bundle headless (--self-test, evaluate, report
# with QT_QPA_PLATFORM=offscreen), found by adding packages to a minbase root one missing library
# at a time: libgl1 (libGL.so.1) and libegl1 (libEGL.so.1) are required; libfontconfig1 only
# brings fontconfig's configuration (fontconfig-config) and a font, without which Qt prints
# "Fontconfig error: Cannot load default config file" (the self-test passes either way).
RUNTIME_PACKAGES=${RUNTIME_PACKAGES:-libgl1 libegl1 libfontconfig1}
PRESET=/src/resources/presets/yang2022_fig1a.json

# Build tools and the libraries CPython's optional modules are built against (bullseye's).
PYTHON_BUILD_PACKAGES=(
    build-essential pkg-config dpkg-dev xz-utils ca-certificates
    libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev libsqlite3-dev libreadline-dev
    uuid-dev libgdbm-dev libncurses-dev
)
# git: engine/version.py asks git for the version; binutils: strip and objdump (the build).
BUILD_PACKAGES=(git binutils)

say() { printf '[old-base] %s\n' "$*"; }
die() { printf '[old-base] error: %s\n' "$*" >&2; exit 1; }
wants() { local s; for s in "${STEPS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }
timed() {  # timed NAME COMMAND...: run, log to $LOGS/NAME.log, print the time taken
    local name=$1 start rc; shift
    start=$(date +%s)
    set +e
    "$@" 2>&1 | tee "$LOGS/$name.log"
    rc=${PIPESTATUS[0]}
    set -e
    say "$name: $(( $(date +%s) - start )) s (exit $rc; log $LOGS/$name.log)"
    return $rc
}

# --- chroot plumbing -----------------------------------------------------------------------------
MOUNTED=()
mount_root() {  # /proc, /sys, /dev and /dev/pts of the host inside the root $1, and its DNS
    local root=$1 target
    for target in proc sys dev dev/pts; do
        mountpoint -q "$root/$target" && continue
        case $target in
            proc) mount -t proc proc "$root/proc" ;;
            sys) mount -t sysfs sysfs "$root/sys" ;;
            *) mount --bind "/$target" "$root/$target" ;;
        esac
        MOUNTED=("$root/$target" "${MOUNTED[@]}")
    done
    cp -L /etc/resolv.conf "$root/etc/resolv.conf"
}
unmount_all() {
    local target
    for target in "${MOUNTED[@]}"; do umount "$target" || umount -l "$target" || true; done
    MOUNTED=()
}
trap unmount_all EXIT
in_root() {  # in_root ROOT COMMAND...: run a command in the root with a clean environment
    local root=$1; shift
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        DEBIAN_FRONTEND=noninteractive "$@"
}
apt_in() {  # apt_in ROOT PACKAGE...: install the packages not yet installed
    local root=$1 missing=() p; shift
    for p in "$@"; do
        in_root "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "apt-get install in $(basename "$root"): ${missing[*]}"
    compgen -G "$root/var/lib/apt/lists/*_Packages" >/dev/null || in_root "$root" apt-get update -q
    in_root "$root" apt-get install -y -q --no-install-recommends "${missing[@]}" \
        || { in_root "$root" apt-get update -q \
             && in_root "$root" apt-get install -y -q --no-install-recommends "${missing[@]}"; }
}

# --- checks --------------------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, chroot and mount need it)"
git() { command git -c safe.directory="$REPO" "$@"; }  # REPO may belong to another user
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || die "$REPO is not a git checkout"
[ -f "$REPO/build.spec" ] || die "$REPO has no build.spec: not Lamina?"
mkdir -p "$WORK" "$LOGS"

# --- 1. bootstrap: a bullseye root ----------------------------------------------------------------
step_bootstrap() {
    if [ -f "$WORK/.bootstrap-done" ] && [ -f "$ROOT/etc/debian_version" ]; then
        say "bootstrap: $ROOT exists (Debian $(cat "$ROOT/etc/debian_version")), skipped"
        return
    fi
    [ -e "$ROOT" ] && die "$ROOT holds an unfinished debootstrap: remove it and run again"
    if ! command -v debootstrap >/dev/null; then
        apt-get update -q && apt-get install -y -q debootstrap
    fi
    timed bootstrap debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR"
    # The pristine root, kept for the minimal runroot of the test step.
    tar -C "$ROOT" -cf "$WORK/minbase.tar.part" . && mv "$WORK/minbase.tar.part" "$WORK/minbase.tar"
    touch "$WORK/.bootstrap-done"
}

# --- 2. python: CPython 3.11 from Debian's source package ------------------------------------------
step_python() {
    if [ -x "$ROOT$PY_PREFIX/bin/python3.11" ] && [ -f "$ROOT$PY_PREFIX/.old-base-ok" ]; then
        say "python: $PY_PREFIX exists ($(in_root "$ROOT" $PY_PREFIX/bin/python3.11 -V)), skipped"
        return
    fi
    mount_root "$ROOT"
    apt_in "$ROOT" "${PYTHON_BUILD_PACKAGES[@]}"
    # deb-src of the suite that has python3.11, for apt-get source (checked against its signed
    # Sources index).
    local list=$ROOT/etc/apt/sources.list.d/$PY_SOURCE_SUITE-src.list
    if [ ! -f "$list" ]; then
        echo "deb-src $MIRROR $PY_SOURCE_SUITE main" > "$list"
        in_root "$ROOT" apt-get update -q
    fi
    in_root "$ROOT" mkdir -p /build/python
    if ! ls "$ROOT"/build/python/python3.11_*.orig.tar.* >/dev/null 2>&1; then
        in_root "$ROOT" sh -c "cd /build/python && apt-get source --download-only python3.11/$PY_SOURCE_SUITE"
    fi
    # Upstream's tarball as it is: plain ./configure, no Debian patches (they change the install
    # layout for Debian's own /usr Python).
    local orig version
    orig=$(cd "$ROOT/build/python" && ls python3.11_*.orig.tar.* | head -1)
    version=${orig#python3.11_}; version=${version%.orig.tar.*}
    say "python: building CPython $version from $orig (make -j$JOBS)"
    in_root "$ROOT" sh -c "cd /build/python && rm -rf Python-$version && tar xf $orig"
    timed python-build in_root "$ROOT" sh -c "
        set -e
        cd /build/python/Python-$version
        ./configure --enable-shared --prefix=$PY_PREFIX LDFLAGS=-Wl,-rpath,$PY_PREFIX/lib
        make -j$JOBS
        make install"
    # The modules the app, pip and PyInstaller use must have been built.
    in_root "$ROOT" $PY_PREFIX/bin/python3.11 -c \
        "import ssl, ctypes, sqlite3, lzma, bz2, zlib, readline, uuid, dbm.gnu, curses, hashlib, tomllib, venv, ensurepip; print('python: modules ok', __import__('sys').version)"
    touch "$ROOT$PY_PREFIX/.old-base-ok"
}

# --- 3. source: the clone -------------------------------------------------------------------------
step_source() {
    local head
    head=$(git -C "$REPO" rev-parse HEAD)
    if [ ! -d "$ROOT/src/.git" ]; then
        git clone --no-hardlinks "$REPO" "$ROOT/src"
    elif [ "$(git -C "$ROOT/src" rev-parse HEAD)" != "$head" ]; then
        git -C "$ROOT/src" fetch --tags "$REPO" HEAD
        git -C "$ROOT/src" checkout --detach "$head"
    fi
    say "source: $ROOT/src at $(git -C "$ROOT/src" log -1 --format='%h %cs')"
}

# --- 4. venv: what the app and the build need -------------------------------------------------------
step_venv() {
    mount_root "$ROOT"
    apt_in "$ROOT" "${BUILD_PACKAGES[@]}"
    # Qt's system libraries, as tools/bootstrap.py installs them: the build copies them into the
    # bundle, so they must be on the build root (and Qt renders the icons during the build).
    local qt_packages
    qt_packages=$(in_root "$ROOT" $PY_PREFIX/bin/python3.11 -c \
        "import sys; sys.path.insert(0, '/src/tools'); import bootstrap as b; print(' '.join(b.QT_CORE_PACKAGES + b.QT_XCB_PACKAGES))")
    # shellcheck disable=SC2086
    apt_in "$ROOT" $qt_packages
    # The requirements: the app's dependencies and PyInstaller (from the test extra), at the pins
    # of constraints.txt; with LAMINA_PYSIDE6, that PySide6 instead (in a copy of the files).
    in_root "$ROOT" $PY_PREFIX/bin/python3.11 - "$LAMINA_PYSIDE6" <<'EOF'
import re, sys, tomllib
from pathlib import Path
pyside = sys.argv[1]
project = tomllib.loads(Path("/src/pyproject.toml").read_text())["project"]
needed = list(project["dependencies"])
needed += [r for r in project["optional-dependencies"]["test"] if r.lower().startswith("pyinstaller")]
needed.append("setuptools")  # tools/build_extension.py compiles the voltage passes with it
constraints = Path("/src/constraints.txt").read_text()
if pyside:
    needed = [f"PySide6-Essentials=={pyside}" if r.lower().startswith("pyside6") else r for r in needed]
    constraints = re.sub(r"(?mi)^(pyside6[-_]essentials|shiboken6)==.*$", rf"\1=={pyside}", constraints)
Path("/build/requirements.txt").write_text("\n".join(needed) + "\n")
Path("/build/constraints.txt").write_text(constraints)
EOF
    local stamp want
    want=$( (cat "$ROOT/build/requirements.txt" "$ROOT/build/constraints.txt"; echo "numpy $LAMINA_NUMPY") \
        | sha256sum | cut -c1-16)
    stamp=$ROOT/src/.venv/.old-base-installed
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        say "venv: /src/.venv up to date, skipped"
        return
    fi
    [ -x "$ROOT/src/.venv/bin/python" ] || in_root "$ROOT" $PY_PREFIX/bin/python3.11 -m venv /src/.venv
    local cert=""
    if [ -n "$CA_BUNDLE" ]; then
        cp -L "$CA_BUNDLE" "$ROOT/build/ca-bundle.crt"
        cert="export PIP_CERT=/build/ca-bundle.crt"
    fi
    timed venv in_root "$ROOT" sh -c "
        set -e
        $cert
        /src/.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
        /src/.venv/bin/python -m pip install --disable-pip-version-check --progress-bar=off \
            -c /build/constraints.txt -r /build/requirements.txt" || {
        if [ -z "$LAMINA_PYSIDE6" ] && grep -qiE "no matching distribution(s available| found for pyside6)" "$LOGS/venv.log"; then
            die "pip found no PySide6-Essentials wheel for glibc $(in_root "$ROOT" ldd --version | sed -n 1p | awk '{print $NF}'): the pinned version is built for a newer glibc (manylinux_2_34). Run again with LAMINA_PYSIDE6=6.9.3 (the newest manylinux_2_28 release) to build with it."
        fi
        die "pip install failed (log $LOGS/venv.log)"
    }
    if [ "$LAMINA_NUMPY" = noblas ]; then
        # The pinned numpy again, compiled here without BLAS and LAPACK (meson's blas=none and
        # lapack=none find no library, and numpy's allow-noblas default takes its own fallbacks).
        local numpy
        numpy=$(grep -iE '^numpy==' "$ROOT/build/constraints.txt") || die "constraints.txt pins no numpy"
        say "venv: building $numpy from its source without BLAS (a few minutes)"
        timed numpy-noblas in_root "$ROOT" sh -c "
            set -e
            $cert
            /src/.venv/bin/python -m pip install --disable-pip-version-check --progress-bar=off \
                --force-reinstall --no-deps --no-binary numpy '$numpy' \
                -Csetup-args=-Dblas=none -Csetup-args=-Dlapack=none" \
            || die "building numpy without BLAS failed (log $LOGS/numpy-noblas.log); LAMINA_NUMPY=wheel keeps PyPI's wheel"
    fi
    # What numpy was built with, for the log and the check that no BLAS came along.
    in_root "$ROOT" /src/.venv/bin/python -c "
import numpy
deps = numpy.show_config(mode='dicts')['Build Dependencies']
blas = deps['blas'].get('name') if deps['blas'].get('found') else 'none'
print(f'[old-base] venv: numpy {numpy.__version__}, BLAS {blas}')
if '$LAMINA_NUMPY' == 'noblas' and blas != 'none':
    raise SystemExit('numpy was meant to be built without BLAS')"
    in_root "$ROOT" /src/.venv/bin/python -m pip freeze > "$LOGS/venv-freeze.txt"
    echo "$want" > "$stamp"
}

# --- 5. bundle: pyinstaller build.spec -------------------------------------------------------------
step_bundle() {
    local want stamp=$ROOT/src/dist/.old-base-built
    want="$(git -C "$ROOT/src" rev-parse HEAD) $(cat "$ROOT/src/.venv/.old-base-installed")"
    if [ -x "$ROOT/src/dist/lamina/lamina" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        say "bundle: $ROOT/src/dist/lamina built from this commit and venv, skipped"
        return
    fi
    mount_root "$ROOT"
    rm -f "$stamp"
    # The compiled voltage passes, built here against the root's glibc (never the host's).
    timed extension in_root "$ROOT" sh -c "cd /src && .venv/bin/python tools/build_extension.py --force" \
        || die "the compiled voltage passes did not build (log $LOGS/extension.log)"
    timed bundle in_root "$ROOT" sh -c "cd /src && QT_QPA_PLATFORM=offscreen .venv/bin/pyinstaller --noconfirm build.spec"
    echo "$want" > "$stamp"
    grep '^Lamina bundle:' "$LOGS/bundle.log" | tail -5 | sed 's/^/[old-base] bundle summary: /'
    say "bundle: du -sh: $(du -sh "$ROOT/src/dist/lamina" | cut -f1)"
}

# --- 6. check: the glibc floor by objdump ---------------------------------------------------------
step_check() {
    local bundle=$ROOT/src/dist/lamina f v newest="" out=$LOGS/glibc-by-file.txt
    [ -x "$bundle/lamina" ] || die "no bundle in $bundle: run the bundle step"
    : > "$out"
    while IFS= read -r -d '' f; do
        [ "$(head -c4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
        v=$(objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1 || true)
        [ -n "$v" ] && echo "$v ${f#"$bundle"/}" >> "$out"
    done < <(find "$bundle" -type f -print0)
    newest=$(cut -d' ' -f1 "$out" | sort -V | tail -1)
    say "check: $(wc -l < "$out") ELF files ask for glibc symbols; newest GLIBC_$newest, asked for by:"
    awk -v n="$newest" '$1 == n {print "    " $2}' "$out"
    say "check: host glibc of the build root: $(in_root "$ROOT" ldd --version | sed -n 1p)"
}

# --- 7. test: run it on bullseye (build root and a bare one) and on this machine -----------------
run_bundle() {  # run_bundle NAME ROOT-OR-EMPTY BUNDLE-DIR: self-test, and an evaluate's first lines
    local name=$1 root=$2 dir=$3 prefix=()
    [ -n "$root" ] && prefix=(in_root "$root")
    "${prefix[@]}" env QT_QPA_PLATFORM=offscreen "$dir/lamina" --self-test || return
    "${prefix[@]}" env QT_QPA_PLATFORM=offscreen "$dir/lamina" evaluate "$PRESET" \
        > "$LOGS/evaluate-$name.txt" || return
    sed -n 1,20p "$LOGS/evaluate-$name.txt"
}
step_test() {
    [ -x "$ROOT/src/dist/lamina/lamina" ] || die "no bundle: run the bundle step"
    # The bundle, copied out of the build root.
    rm -rf "$WORK/bundle.part" && cp -a "$ROOT/src/dist/lamina" "$WORK/bundle.part"
    rm -rf "$WORK/bundle" && mv "$WORK/bundle.part" "$WORK/bundle"

    say "test: in the build root (bullseye, glibc $(in_root "$ROOT" ldd --version | sed -n 1p | awk '{print $NF}'))"
    mount_root "$ROOT"
    timed test-buildroot run_bundle buildroot "$ROOT" /src/dist/lamina

    say "test: in a minimal bullseye with only: $RUNTIME_PACKAGES"
    if [ ! -f "$RUNROOT/etc/debian_version" ]; then
        if [ -f "$WORK/minbase.tar" ]; then
            mkdir -p "$RUNROOT" && tar -C "$RUNROOT" -xf "$WORK/minbase.tar"
        else
            timed bootstrap-runroot debootstrap --variant=minbase "$SUITE" "$RUNROOT" "$MIRROR"
        fi
    fi
    mount_root "$RUNROOT"
    # shellcheck disable=SC2086
    apt_in "$RUNROOT" $RUNTIME_PACKAGES
    rm -rf "$RUNROOT/opt/lamina" && cp -a "$WORK/bundle" "$RUNROOT/opt/lamina"
    mkdir -p "$RUNROOT/src/resources/presets" && cp "$ROOT$PRESET" "$RUNROOT$PRESET"
    timed test-runroot run_bundle runroot "$RUNROOT" /opt/lamina

    say "test: on this machine ($(. /etc/os-release; echo "$PRETTY_NAME"), $(ldd --version | sed -n 1p))"
    PRESET=$ROOT$PRESET timed test-host run_bundle host "" "$WORK/bundle"
}

for step in bootstrap python source venv bundle check test; do
    wants "$step" && "step_$step"
done
unmount_all
[ -x "$ROOT/src/dist/lamina/lamina" ] && say "done: $(du -sh "$ROOT/src/dist/lamina" | cut -f1) in $ROOT/src/dist/lamina; copy in $WORK/bundle"
exit 0
