#!/bin/sh
# Installs the Debian packages deskpilot needs; quiet and fast when all are present.
# (galera-4 and rsync: the local Galera cluster of DESKPILOT_DB_CLUSTER and the failover
# test; rsync copies a node's data to a joining one.)
# Usage: tools/install-deps.sh [--test | --deb]   (--test adds what make test needs: Chromium
# for the browser tests, clang-format for the formatting check, Apache for the shared-hosting
# tests, aiosmtpd for the SMTP server the mail tests send to; --deb what make deb needs:
# debhelper, lintian, systemd-analyze to verify the units)
set -eu
PKGS="build-essential libfcgi-dev spawn-fcgi multiwatch default-libmysqlclient-dev
mariadb-server mariadb-client libjson-c-dev libssl-dev libjwt-dev libcmocka-dev
libcrypt-dev libstemmer-dev libutf8proc-dev libgmime-3.0-dev libcurl4-openssl-dev libmagic-dev nginx pkg-config
curl iproute2 openssl procps wrk tzdata galera-4 rsync"
case ${1:-} in
--test) PKGS="$PKGS chromium clang-format apache2-bin libapache2-mod-fcgid python3-aiosmtpd" ;;
--deb) PKGS="$PKGS debhelper dpkg-dev fakeroot lintian systemd" ;;
esac
# Node serves the docs page's swagger-ui and runs the integration tests; any
# node >= 18 does (this machine may already have one that is not Debian's).
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
echo "installing:$missing"
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# npm packages (swagger-ui-dist; playwright-core for the browser tests), pinned by package-lock.json.
cd "$(dirname "$0")/.."
if [ ! -d node_modules/swagger-ui-dist ] || { [ "${1:-}" = "--test" ] && { [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; }; }; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
