#!/bin/bash
# make-deb.sh (make deb): the Debian package of this tree, ./deskpilot_VERSION_ARCH.deb.
# dpkg-buildpackage writes beside the source folder, so it runs on a copy in
# $BUILD/deb/src (uncommitted changes included; build/, state/ and node_modules/ left
# out but for swagger-ui's two files), and lintian must find nothing to say.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
OUT=$BUILD/deb
say() { printf 'make deb: %s\n' "$*"; }

rm -rf "$OUT"
mkdir -p "$OUT/src"
tar -C "$ROOT" --exclude=./.git --exclude=./build --exclude=./build-asan --exclude=./build-deb \
    --exclude=./state --exclude=./node_modules --exclude='./deskpilot_*.deb' -cf - . |
    tar -C "$OUT/src" -xf -
if [ -d "$ROOT/node_modules/swagger-ui-dist" ]; then
    mkdir -p "$OUT/src/node_modules/swagger-ui-dist"
    cp "$ROOT"/node_modules/swagger-ui-dist/{swagger-ui.css,swagger-ui-bundle.js,LICENSE,NOTICE} \
        "$OUT/src/node_modules/swagger-ui-dist/"
fi
(cd "$OUT/src" && dpkg-buildpackage -b -us -uc -j2) >"$OUT/build.log" 2>&1 || {
    tail -n 40 "$OUT/build.log"
    say "dpkg-buildpackage failed; the whole log: $OUT/build.log"
    exit 1
}
deb=$(ls "$OUT"/deskpilot_*.deb)
# --fail-on makes warnings count, not only errors (its note about root is dropped).
rc=0
lintian --fail-on error,warning "$deb" >"$OUT/lintian.log" 2>&1 || rc=$?
grep -v '^running with root privileges' "$OUT/lintian.log" || true
[ "$rc" = 0 ] || { say "lintian found problems (above)"; exit 1; }
rm -f "$ROOT"/deskpilot_*.deb
cp "$deb" "$ROOT/"
say "$(basename "$deb") ($(du -k "$deb" | cut -f1) KiB), lintian clean"
