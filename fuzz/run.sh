#!/usr/bin/env bash
# Run one fuzz target for a while: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags].
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain
# RUSTC_BOOTSTRAP=1 lets it use the unstable flags it wants. No sanitizer by
# default (idp-audit is safe Rust: ASan found nothing here, and halved the
# markdown target's runs, 12/s against 25-38/s);
# SANITIZER=address fuzz/run.sh ... turns it on.
set -euo pipefail
cd "$(dirname "$0")"
target=$1
secs=${2:-900}
shift $(( $# >= 2 ? 2 : 1 ))
[ -d "corpus/$target" ] || python3 seed.py
dict=()
max_len=1048576
case $target in
  docx_*) dict=(-dict=dict/docx.dict) ;;
  markdown) dict=(-dict=dict/markdown.dict) ;;
  pdf_*) dict=(-dict=dict/pdf.dict) ;;
  # One provision: real ones are under 1 KB, and the checker's time grows
  # with the square of the length.
  check_text) dict=(-dict=dict/markdown.dict); max_len=4096 ;;
esac
mkdir -p "artifacts/$target"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run -O -s "${SANITIZER:-none}" "$target" "corpus/$target" -- \
  -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "${dict[@]}" "$@"
