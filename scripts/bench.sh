#!/usr/bin/env bash
# The benchmark: build release, write a corpus of 2,000 plans in a temporary
# folder outside the repository, then measure the floor, the batch (default
# jobs and -j1), the batch on 500 plans (memory), per-plan percentiles, a cold
# start against the floor's, and single-plan latency. Prints the figures for
# README.md.
#
#   scripts/bench.sh                   # the world-like corpus: every plan the
#                                      # project holds and fixtures/docx-wild
#   CORPUS=generated scripts/bench.sh  # invented plans from scripts/gen_corpus.py
#   COUNT=500 RUNS=3 scripts/bench.sh
#   YARDSTICK=1 scripts/bench.sh       # also python-docx + regex on 100 plans
#                                      # (installs python-docx in a virtual
#                                      # environment under target/, once)
#
# Needs only the Rust toolchain and Python 3 (standard library); Linux.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-2000}
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-world}
cargo build --release --quiet --bin idp-audit --example floor --example stages
corpus=$(mktemp -d "${TMPDIR:-/tmp}/idp-audit-bench.XXXXXX")
trap 'rm -rf "$corpus"' EXIT
case "$CORPUS" in
  world) python3 scripts/world_corpus.py --count "$COUNT" --out "$corpus" ;;
  generated) python3 scripts/gen_corpus.py --count "$COUNT" --out "$corpus" ;;
  *) echo "CORPUS is world or generated, not '$CORPUS'" >&2; exit 2 ;;
esac
extra=()
if [ "${YARDSTICK:-0}" = 1 ]; then
  venv=target/bench-venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import docx" 2>/dev/null; then
    python3 -m venv "$venv" && "$venv/bin/pip" install --quiet python-docx
  fi
  extra=(--yardstick "$venv/bin/python")
fi
python3 scripts/bench.py --corpus "$corpus" --runs "$RUNS" "${extra[@]}"
