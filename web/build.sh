#!/usr/bin/env bash
# Builds the page into web/dist/: index.html, app.js, style.css and
# checker.js (the idp-audit library compiled to WebAssembly, gzipped by
# zopfli through web/tools/gzip, in base64, so the page works when opened
# as a file as well as from a web address). Needs cargo and the
# wasm32-unknown-unknown target (`rustup target add wasm32-unknown-unknown`,
# which this script runs when rustup is there), and python3. Nothing else:
# no wasm-bindgen, no npm. (Binaryen's `wasm-opt -Oz` was measured on this
# module: 2% smaller gzipped, 46 s longer, so it is not run.)
#
#   web/build.sh            # release build: what a parent downloads
#   web/build.sh --profile dev     # a debug build (slow to check a plan)
set -euo pipefail
cd "$(dirname "$0")"
profile=release
if [[ "${1:-}" == --profile ]]; then profile="${2:?--profile needs a name}"; fi
target=wasm32-unknown-unknown

if ! rustc --print target-libdir --target "$target" >/dev/null 2>&1 \
   || [[ ! -d "$(rustc --print target-libdir --target "$target")" ]]; then
  if command -v rustup >/dev/null; then
    rustup target add "$target"
  else
    echo "web/build.sh: the $target target is not installed, and there is no rustup to add it" >&2
    exit 1
  fi
fi

cargo build --profile "$profile" --target "$target"
dir=$profile
[[ "$profile" == dev ]] && dir=debug
wasm="target/$target/$dir/idp_audit_web.wasm"

rm -rf dist
mkdir -p dist
cp "$wasm" dist/checker.wasm

# The checker gzipped: by zopfli (web/tools/gzip, built for this machine)
# for a release build, by zlib's level 9 for a debug build, many times the
# size, which zopfli would take minutes over.
if [[ "$profile" == dev ]]; then
  python3 -c 'import gzip, sys; open(sys.argv[2], "wb").write(gzip.compress(open(sys.argv[1], "rb").read(), 9, mtime=0))' \
    dist/checker.wasm dist/checker.wasm.gz
else
  cargo build --release --quiet --manifest-path tools/gzip/Cargo.toml --target-dir target/tools
  target/tools/release/idp-audit-web-gzip dist/checker.wasm dist/checker.wasm.gz
fi

# The module may import nothing but the few functions the linker leaves in
# for randomness (which zip and lopdf ask for only to encrypt); the page
# gives each of those a function that refuses.
python3 tools/wasm_check.py dist/checker.wasm

cp static/index.html static/app.js static/style.css dist/
python3 - <<'EOF'
import base64, gzip, pathlib
wasm = pathlib.Path("dist/checker.wasm").read_bytes()
gz = pathlib.Path("dist/checker.wasm.gz").read_bytes()
assert gzip.decompress(gz) == wasm
pathlib.Path("dist/checker.js").write_text(
    "// idp-audit's checker, compiled to WebAssembly: gzipped, in base64. Built by web/build.sh.\n"
    "window.IDP_CHECKER = \"" + base64.b64encode(gz).decode("ascii") + "\";\n"
)
total = total_gz = 0
for f in sorted(pathlib.Path("dist").iterdir()):
    if f.name.startswith("checker.wasm"):
        continue
    raw = f.read_bytes()
    z = len(gzip.compress(raw, compresslevel=9, mtime=0))
    total += len(raw)
    total_gz += z
    print(f"  {f.name}: {len(raw):>9} bytes, {z:>9} gzipped")
print(f"  checker.wasm: {len(wasm)} bytes, {len(gz)} gzipped (in checker.js: in base64, 4/3 of that)")
# What a parent downloads: the files as they are (a copy to open as a
# file), or each gzipped by a web server that compresses what it sends.
print(f"  the page, its files as they are (opened as a file): {total} bytes")
print(f"  the page over HTTP with gzip: {total_gz} bytes")
EOF
rm dist/checker.wasm dist/checker.wasm.gz
echo "web/dist/ is ready: open web/dist/index.html in a browser."
