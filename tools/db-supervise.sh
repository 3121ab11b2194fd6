#!/bin/bash
# db-supervise.sh: keep MariaDB running. Runs the given command (mariadbd ...) and,
# whenever it ends other than by a clean shutdown — killed (kill -9, the OOM killer),
# crashed, or failing to start again while the disk is still full — runs it again after
# a pause that doubles up to 10 s while it keeps failing. A clean exit of the server
# (its shutdown after SIGTERM) ends this script; so does SIGTERM to it, passed on to
# the server first. tools/stack.sh starts it as the database's user.
# Not mysqld_safe: that gives up as soon as a restart fails before the server wrote its
# pid file (a disk that is still full), and opens its log as the database user.
#   db-supervise.sh COMMAND [ARGS...]   (its lines and the server's go to stderr)
set -u
child=0 nap=0 stopping=0
trap 'stopping=1; [ "$child" = 0 ] || kill -TERM "$child" 2>/dev/null
      [ "$nap" = 0 ] || kill "$nap" 2>/dev/null' TERM INT HUP
say() { printf '%s db-supervise: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

pause=1
while :; do
    started=$SECONDS
    "$@" &
    child=$!
    [ "$stopping" = 1 ] && kill -TERM "$child" 2>/dev/null # asked to stop right then
    rc=0
    wait "$child" || rc=$?
    # A trapped signal ends the wait early: the server may still be shutting down.
    while kill -0 "$child" 2>/dev/null; do
        rc=0
        wait "$child" || rc=$?
    done
    child=0
    [ "$stopping" = 1 ] && exit 0
    if [ "$rc" = 0 ]; then
        say "the server shut down cleanly: not restarting"
        exit 0
    fi
    [ $((SECONDS - started)) -ge 60 ] && pause=1 # it ran a while: this is a new failure
    say "the server ended with status $rc: restarting in $pause s"
    sleep "$pause" &
    nap=$!
    wait "$nap" 2>/dev/null
    nap=0
    [ "$stopping" = 1 ] && exit 0
    pause=$((pause * 2 > 10 ? 10 : pause * 2))
done
