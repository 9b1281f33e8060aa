#!/usr/bin/env bash
# Peak memory of the release binary on one batch: every hostile file of
# tests/support/hostile.rs plus good plans (the generated ones and the
# fixtures). Prints the JSON summary and "Maximum resident set size".
# Usage: scripts/hostile-batch.sh [DIR]   (DIR defaults to a fresh temp folder)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-$(mktemp -d)}
cargo build --release --quiet --bin idp-audit --example hostile_files
target/release/examples/hostile_files "$dir" > "$dir.list"
cp fixtures/docx/example_idp.docx fixtures/md/table_gfm.md fixtures/txt/pdf_copy.txt "$dir/"
echo "files: $(ls "$dir" | wc -l), bytes: $(du -sb "$dir" | cut -f1)"
/usr/bin/time -v target/release/idp-audit check --format json --exit-zero "$dir"/* \
  > "$dir.json" 2> "$dir.time" || true
python3 - "$dir.json" <<'PY'
import json, sys, collections
r = json.load(open(sys.argv[1]))
print("summary:", r["summary"])
print("statuses:", dict(collections.Counter(d["status"] for d in r["documents"])))
PY
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$dir.time"
