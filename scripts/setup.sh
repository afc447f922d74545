#!/bin/sh
# Install the Debian packages reliefstat builds, tests and renders with.
# Runs apt-get only when something is missing, so repeated runs are fast.
# Usage: scripts/setup.sh [build|test|bench]   (default: test)
# PostgreSQL: libpq-dev builds the store's client side; postgresql-15 (the
# server, initdb, pg_ctl, psql) runs the PostgreSQL tests and benches
# through scripts/pg-cluster.sh.  Debian 12 has no separate contrib package
# for 15: postgresql-15 ships postgres_fdw and dblink (and "Provides:
# postgresql-contrib-15").  No service is used: installing the package may
# start Debian's own cluster, which reliefstat never touches.
set -eu
want=${1:-test}
pkgs="make gcc pkg-config libsqlite3-dev sqlite3 libxlsxwriter-dev libcairo2-dev
      libpango1.0-dev libglib2.0-dev libcsv-dev libyaml-dev libcmocka-dev
      gnuplot-nox fonts-noto-cjk fontconfig libpq-dev"
case "$want" in
  test|bench) pkgs="$pkgs python3 python3-openpyxl poppler-utils valgrind clang clang-format libclang-rt-14-dev gdb unzip
                    libreoffice-calc-nogui postgresql-15" ;;
esac
case "$want" in
  bench) pkgs="$pkgs python3-pandas python3-xlsxwriter time nodejs" ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: installing:$missing" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
# Installing postgresql-15 creates Debian's own cluster 15/main and may
# start it; reliefstat's tests run their own clusters (pg-cluster.sh), so
# one that this install started is stopped again: nothing is left running.
case " $missing " in
  *" postgresql-15 "*)
    pg_lsclusters -h 2>/dev/null | awk '$4 == "online" { print $1, $2 }' |
      while read -r version cluster; do $SUDO pg_ctlcluster "$version" "$cluster" stop || true; done ;;
esac
