#!/usr/bin/env bash
# Run one fuzz target for a while: ./run.sh TARGET [SECONDS] [extra libFuzzer flags...]
# The corpus grows in fuzz/corpus/TARGET (seeded read-only from fuzz/seeds/TARGET),
# crashes land in fuzz/artifacts/TARGET, and libFuzzer's log (it writes
# fuzz-0.log in its working directory under -jobs) in fuzz/logs/TARGET/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$1"
seconds="${2:-600}"
shift $(( $# >= 2 ? 2 : 1 ))
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/fuzz-target}"
export RUSTC_BOOTSTRAP=1
mkdir -p "$here/corpus/$target" "$here/logs/$target"
cd "$here/logs/$target"
rm -f fuzz-0.log
cargo fuzz run --fuzz-dir "$here" -O -a "$target" \
    "$here/corpus/$target" "$here/seeds/$target" -- \
    -dict="$here/dicts/$target.dict" \
    -max_total_time="$seconds" -jobs=1 -workers=1 -print_final_stats=1 "$@"
