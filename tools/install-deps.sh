#!/bin/sh
# Installs the Debian packages deskpilot needs; quiet and fast when all are present.
# Usage: tools/install-deps.sh [--browser]   (--browser adds Chromium for browser tests)
set -eu
PKGS="build-essential libfcgi-dev spawn-fcgi multiwatch default-libmysqlclient-dev
mariadb-server mariadb-client libjson-c-dev libssl-dev libjwt-dev libcmocka-dev
libcrypt-dev libstemmer-dev libutf8proc-dev nginx pkg-config curl iproute2"
if [ "${1:-}" = "--browser" ]; then PKGS="$PKGS chromium"
    command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"; fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
