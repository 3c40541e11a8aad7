#!/usr/bin/env bash
# Fuzz one reader: fuzz/run.sh TARGET [SECONDS] (default: load_model for 600 s), seeded with its
# valid and malformed examples. libFuzzer runs in this process, on one core (no -jobs: with it,
# the output goes to fuzz-N.log, which two runs side by side would share). Findings are saved in
# artifacts/TARGET/.
# Targets: load_model cib_csv scw fcm_csv bdm_csv ktab_csv deu_csv ktab_xml xlsx.
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain provide them.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-load_model}"
seconds="${2:-600}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
data=../tests/data
corpus="corpus/$target"
mkdir -p "$corpus"
extra=()
case "$target" in
    load_model) cp ../examples/*.toml ../tests/malformed/*.toml "$corpus/"; extra=(-dict=toml.dict) ;;
    cib_csv) cp "$data"/cib-cases/*.matrix.csv "$corpus/" ;;
    scw) cp "$data"/cib-cases/scenariowizard/*.scw "$corpus/" ;;
    fcm_csv) cp ../crates/realpolitik/src/fcm/testdata/*.csv "$corpus/" 2>/dev/null || true
             printf 'from,a,b\na,0,0.5\nb,-0.3,0\n' > "$corpus/small.csv" ;;
    bdm_csv) cp "$data"/bargaining-cases/bdm1994/bdm1994_emission_standards.csv "$corpus/" ;;
    ktab_csv) cp "$data"/bargaining-cases/ktab-smp/dummyData_3Dim.csv "$data"/bargaining-cases/ktab-smp/SOE-Pol-Comp.csv "$corpus/" ;;
    deu_csv) head -c 8000 "$data"/bargaining-cases/deu3/deu3_positions_long.csv > "$corpus/deu.csv" ;;
    ktab_xml) cp "$data"/bargaining-cases/ktab-smp/smpExample.xml "$corpus/" ;;
    xlsx) cp ../crates/realpolitik/src/fcm/testdata/*.xlsx ../tests/hostile/*.xlsx "$corpus/" ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
esac
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "$corpus" -- \
    -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=2048 "${extra[@]}"
