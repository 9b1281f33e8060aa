#!/usr/bin/env bash
# CI's stage for the page (web/), run by .ci/run after `cargo test`:
# installs what it needs (the wasm32 target, Chromium and chromedriver),
# builds web/dist/ and runs the browser tests. Where those cannot be
# installed it prints one SKIPPED line saying why, and succeeds; once they
# are there, a failing build or test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
target=wasm32-unknown-unknown

skip() {
  echo "SKIPPED web (page) tests: $*"
  exit 0
}

if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  command -v rustup >/dev/null || skip "no rustup to add the $target target"
  rustup target add "$target" >/dev/null 2>&1 || skip "rustup could not add the $target target (offline?)"
fi

(cd web && cargo fetch --target "$target" >/dev/null 2>&1 && cargo fetch --manifest-path tools/gzip/Cargo.toml >/dev/null 2>&1) \
  || skip "cargo could not fetch the page's crates (offline?)"

# The page is built even where no browser can be had: the library must
# keep compiling to WebAssembly.
(cd web && cargo fmt --check)
web/build.sh

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  command -v apt-get >/dev/null || skip "Chromium is not installed, and there is no apt-get to install it"
  [[ $(id -u) == 0 ]] || skip "Chromium is not installed, and installing it needs root"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; } \
    || skip "apt-get could not install chromium and chromium-driver (offline?)"
fi

python3 web/tests/browser_test.py
