#!/bin/bash
# fresh-test.sh (make fresh-test): the README's commands on a bare Debian 12 machine.
#
# A new user has a newly installed server with nothing but a clone of the project.
# This builds such a root once (debootstrap minbase + ca-certificates, git, make),
# caches it as a tarball, and for every run unpacks a pristine copy, puts a clean
# export of HEAD (git archive: commit first) under /root — a 0700 home — with
# nothing beside it, and runs tests/fresh/inside.sh there as root: make run, HTTP
# checks, make stop, make test. Everything runs in its own mount and PID namespace,
# so whatever the run leaves (processes, mounts) ends with it; the copy is removed.
#
# Environment:
#   DESKPILOT_FRESH_CACHE    folder of the cached root [/var/cache/deskpilot]
#   DESKPILOT_FRESH_REBUILD=1  build the cached root anew
#   DESKPILOT_FRESH_TIMEOUT  seconds for the commands inside [1500]
#   DESKPILOT_DEBIAN_MIRROR  Debian archive for debootstrap [the one this machine's apt uses]
#   KEEP_FRESH=1             keep the unpacked root (for a look after a failure)
#   DESKPILOT_FRESH_PHASES   some of "run test package" [all] (tests/fresh/inside.sh)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/fresh/totals.sh"
CACHE=${DESKPILOT_FRESH_CACHE:-/var/cache/deskpilot}
TARBALL=$CACHE/fresh-bookworm.tar
SUITE=bookworm
PASSED=0 FAILED=0 WORK="" RUNNER=""

say() { printf 'fresh-test: %s\n' "$*"; }
fail() { # fail MESSAGE: count it, clean up, and end with the totals
    say "FAILED $*"
    FAILED=$((FAILED + 1))
    exit 1
}

cleanup() {
    # RUNNER is timeout(1): it passes the signal on to unshare, whose death kills the
    # namespace's first process (--kill-child), and with it every process inside.
    if [ -n "$RUNNER" ] && kill -0 "$RUNNER" 2>/dev/null; then
        kill -TERM "$RUNNER" 2>/dev/null
        wait "$RUNNER" 2>/dev/null
    fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if grep -q " $WORK/" /proc/mounts; then
            say "mounts remain under $WORK; not removing it"
        elif [ "${KEEP_FRESH:-0}" = 1 ]; then
            say "kept $WORK/root"
        else
            rm -rf --one-file-system "$WORK"
        fi
    fi
    echo "$PASSED passed, $FAILED failed"
}
trap cleanup EXIT
trap 'FAILED=$((FAILED + 1)); say "FAILED: interrupted"; exit 130' INT TERM

[ "$(id -u)" = 0 ] || { say "needs root (debootstrap, chroot, namespaces)"; FAILED=1; exit 1; }
git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null || fail "$ROOT is not a git checkout"
if ! git -C "$ROOT" diff --quiet HEAD 2>/dev/null; then
    say "note: uncommitted changes are not tested (the root gets HEAD)"
fi

# The Debian archive this machine's apt already uses for $SUITE main.
debian_mirror() {
    if [ -n "${DESKPILOT_DEBIAN_MIRROR:-}" ]; then echo "$DESKPILOT_DEBIAN_MIRROR"; return; fi
    apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages' \
        2>/dev/null | awk -v s="$SUITE" '$2 == s && $3 == "main" { print $1; exit }'
}

# sources.list for the root: the same Debian suites ($SUITE, -updates, -security) as here.
debian_sources() {
    apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 'Created-By: Packages' \
        2>/dev/null | awk -v s="$SUITE" '$3 == "main" && ($2 == s || $2 == s "-updates" || $2 == s "-security") \
            { print "deb " $1 " " $2 " main" }' | sort -u
}

build_root() {
    local mirror tmp
    command -v debootstrap >/dev/null || {
        say "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                --no-install-recommends debootstrap >/dev/null; }
    } || return 1
    [ -n "$(debian_mirror)" ] || apt-get update -qq
    mirror=$(debian_mirror)
    [ -n "$mirror" ] || { say "no Debian $SUITE archive in apt's sources (set DESKPILOT_DEBIAN_MIRROR)"; return 1; }
    mkdir -p "$CACHE"
    tmp=$(mktemp -d "$CACHE/build.XXXXXX")
    say "building a bare Debian 12 root from $mirror (once; cached in $TARBALL)"
    # In its own mount namespace: debootstrap's /proc and /sys mounts end with it.
    if ! unshare --mount --propagation private -- debootstrap --variant=minbase \
            --include=ca-certificates,git,make "$SUITE" "$tmp" "$mirror" >"$CACHE/debootstrap.log" 2>&1; then
        tail -n 20 "$CACHE/debootstrap.log"
        rm -rf --one-file-system "$tmp"
        return 1
    fi
    chmod 755 "$tmp" # mktemp made it 0700; a machine's / is 0755
    rm -f "$tmp"/var/cache/apt/archives/*.deb
    rm -rf "$tmp"/var/lib/apt/lists/*
    tar -C "$tmp" -cf "$TARBALL.tmp" . && mv "$TARBALL.tmp" "$TARBALL"
    local rc=$?
    rm -rf --one-file-system "$tmp"
    return $rc
}

# What a newly installed server has and debootstrap leaves out, and what this
# machine needs to reach the package registries (a proxy's CA, npm's settings).
furnish_root() {
    local r=$1 f
    printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
        "$(hostname)" >"$r/etc/hosts"
    hostname >"$r/etc/hostname"
    cp /etc/resolv.conf "$r/etc/resolv.conf"
    debian_sources >"$r/etc/apt/sources.list"
    # Like this kind of machine: packages install without starting their services.
    printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"
    chmod 755 "$r/usr/sbin/policy-rc.d"
    # apt settings that make the archive reachable here (proxies, date checks).
    for f in /etc/apt/apt.conf.d/*; do
        [ -f "$f" ] && grep -qE '^[^/#]*Acquire::' "$f" && cp "$f" "$r/etc/apt/apt.conf.d/"
    done
    mkdir -p "$r/usr/local/share/ca-certificates"
    for f in /usr/local/share/ca-certificates/*.crt; do
        [ -f "$f" ] && cp "$f" "$r/usr/local/share/ca-certificates/"
    done
    [ -f /root/.npmrc ] && cp /root/.npmrc "$r/root/.npmrc"
    [ -f /etc/npmrc ] && cp /etc/npmrc "$r/etc/npmrc"
    return 0
}

# run_inside ROOT LOG: prepare the mounts in a new mount + PID namespace, then run
# tests/fresh/inside.sh in the root with a login's environment, nothing of ours;
# its output goes to LOG and is shown as it comes. Runs in this shell (not in a
# pipe), so the cleanup knows RUNNER.
run_inside() {
    local r=$1 log=$2 port_env=""
    # Only when this machine already uses the stack's default ports (a developer's
    # own make run): the root shares this machine's network.
    ss -Hltn 'sport = :8080' | grep -q . && port_env="DESKPILOT_PORT=18080"
    ss -Hltn 'sport = :33306' | grep -q . && port_env="$port_env DESKPILOT_DB_LOCAL_PORT=43306"
    [ -n "${DESKPILOT_FRESH_PHASES:-}" ] && port_env="$port_env DESKPILOT_FRESH_PHASES=${DESKPILOT_FRESH_PHASES// /,}"
    # shellcheck disable=SC2016
    timeout --kill-after=10 "${DESKPILOT_FRESH_TIMEOUT:-1500}" \
    unshare --kill-child --mount --pid --fork --propagation private -- bash -c '
        set -e
        r=$1 port_env=$2
        mount -t proc proc "$r/proc"
        mount --rbind /sys "$r/sys"
        mount --bind /dev "$r/dev"
        mount --bind /dev/pts "$r/dev/pts"
        mount --bind /dev/shm "$r/dev/shm"
        chroot "$r" /usr/sbin/update-ca-certificates >/dev/null 2>&1
        # shellcheck disable=SC2086
        exec chroot "$r" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
            NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt $port_env \
            /bin/bash -c "cd /root/deskpilot && exec bash tests/fresh/inside.sh"
    ' _ "$r" "$port_env" </dev/null >"$log" 2>&1 &
    RUNNER=$!
    # Shown as it comes; waited for with `wait`, which a signal interrupts (a signal
    # reaching the shell in a foreground command would wait for that command first).
    tail -n +1 -f --pid="$RUNNER" "$log" 2>/dev/null &
    local tailer=$!
    wait "$RUNNER"
    local rc=$?
    wait "$tailer" 2>/dev/null
    RUNNER=""
    return $rc
}

start=$(date +%s)
if [ ! -s "$TARBALL" ] || [ "${DESKPILOT_FRESH_REBUILD:-0}" = 1 ]; then
    build_root || fail "could not build the bare Debian root (see $CACHE/debootstrap.log)"
fi
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/deskpilot-fresh.XXXXXX")
mkdir -p "$WORK/root"
tar -C "$WORK/root" -xf "$TARBALL" || fail "could not unpack $TARBALL"
chmod 755 "$WORK/root"
furnish_root "$WORK/root" || fail "could not prepare the root"
mkdir -p "$WORK/root/root/deskpilot"
chmod 700 "$WORK/root/root"
git -C "$ROOT" archive --format=tar HEAD | tar -C "$WORK/root/root/deskpilot" -xf - \
    || fail "could not export HEAD"
PASSED=$((PASSED + 1))
say "bare root ready in $(($(date +%s) - start)) s; running the README's commands inside"

run_inside "$WORK/root" "$WORK/inside.log"
rc=$?
# Only inside.sh's own last line counts: it is missing when the run was cut short.
add_totals "$WORK/inside.log" 'fresh: '
totalled=$?
[ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && say "FAILED: the commands inside ran out of time"
[ "$totalled" -eq 0 ] && [ "$rc" -eq 0 ] || FAILED=$((FAILED + (FAILED == 0 ? 1 : 0)))
say "done in $(($(date +%s) - start)) s"
[ "$FAILED" -eq 0 ]
