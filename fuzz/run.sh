#!/usr/bin/env bash
# Fuzz the model loader for SECONDS (default 600), seeded with the example and malformed models.
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain provide them.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p corpus/load_model
cp ../examples/*.toml ../tests/malformed/*.toml corpus/load_model/
RUSTC_BOOTSTRAP=1 cargo fuzz run load_model corpus/load_model -- \
    -max_total_time="$seconds" -max_len=8192 -dict=toml.dict
