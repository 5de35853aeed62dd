#!/usr/bin/env bash
# Load test of GET /api/v1/lookup on loopback with wrk: requests per second and latency
# percentiles. Starts its own server on 127.0.0.1, aims only at it, and stops it at the end.
#
#   bench/http-lookup.sh [DATA_DIR] [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:-geodata/henan}
seconds=${2:-20}
connections=${3:-64}
port=${GRIDBEAT_BENCH_PORT:-18181}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/gridbeat"
RUST_LOG=warn "$bin" serve --data "$data" --listen "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
up=""
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && { up=1; break; }
  sleep 0.1
done
[ -n "$up" ] || { echo "gridbeat did not start on 127.0.0.1:$port" >&2; exit 1; }
# Tile geometry is generalised on both cores in the background after start; let it finish.
sleep "${GRIDBEAT_BENCH_SETTLE:-10}"

# Each request asks for a different seeded-random point in the data set's bounding box.
bbox=$(curl -sf "http://127.0.0.1:$port/api/v1/dataset" | python3 -c \
  'import json,sys; print(" ".join(map(str, json.load(sys.stdin)["bbox"])))')
script=$(mktemp --suffix=.lua)
trap 'kill $server 2>/dev/null; rm -f "$script"' EXIT
read -r x0 y0 x1 y1 <<<"$bbox"
cat >"$script" <<LUA
math.randomseed(42)
request = function()
  local lon = $x0 + math.random() * ($x1 - $x0)
  local lat = $y0 + math.random() * ($y1 - $y0)
  return wrk.format("GET", string.format("/api/v1/lookup?lon=%.6f&lat=%.6f", lon, lat))
end
LUA
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port"
