#!/usr/bin/env bash
# The benchmark: build release, generate 2,000 invented plans (half DOCX with
# tables, half Markdown) in a temporary folder outside the repository, then
# measure the floor, the batch (default jobs and -j1), the batch on 500 plans
# (memory), and single-plan latency. Prints the figures for README.md.
#
#   scripts/bench.sh            # 2,000 plans, 5 runs each
#   COUNT=500 RUNS=3 scripts/bench.sh
#
# Needs only the Rust toolchain and Python 3 (standard library); Linux.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-2000}
RUNS=${RUNS:-5}
cargo build --release --quiet --bin idp-audit --example floor --example stages
corpus=$(mktemp -d "${TMPDIR:-/tmp}/idp-audit-bench.XXXXXX")
trap 'rm -rf "$corpus"' EXIT
python3 scripts/gen_corpus.py --count "$COUNT" --out "$corpus"
python3 scripts/bench.py --corpus "$corpus" --runs "$RUNS"
