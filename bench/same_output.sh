#!/usr/bin/env bash
# Do two builds of attain write the same bytes? For refactors that must not
# change what users see: every format in both languages over the shipped
# examples and the fixtures (mid-year, trends, groups, entities, rows not
# judged), stdout, stderr, exit code and the file written, xlsx included.
#
#   bash bench/same_output.sh OLD_BINARY NEW_BINARY
#
# Build the old one from another checkout (git worktree add ../old REV &&
# cargo build --manifest-path ../old/Cargo.toml). Prints each run that
# differs and a count; exits 1 if any did.
set -uo pipefail
old=$(realpath "$1"); new=$(realpath "$2")
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
runs=0; differ=0
run() {
  for fmt in table markdown html xlsx csv json; do
    for lang in en vi; do
      "$old" report -f "$fmt" --lang "$lang" "$@" -o "$tmp/old.$fmt" >"$tmp/o1" 2>"$tmp/e1"; r1=$?
      "$new" report -f "$fmt" --lang "$lang" "$@" -o "$tmp/new.$fmt" >"$tmp/o2" 2>"$tmp/e2"; r2=$?
      runs=$((runs + 1))
      # A run that fails writes no file: then neither may.
      same_file() { [ ! -e "$1" ] && [ ! -e "$2" ] || cmp -s "$1" "$2"; }
      if [ "$r1" != "$r2" ] || ! same_file "$tmp/old.$fmt" "$tmp/new.$fmt" \
        || ! cmp -s "$tmp/o1" "$tmp/o2" || ! cmp -s "$tmp/e1" "$tmp/e2"; then
        differ=$((differ + 1))
        echo "differs: -f $fmt --lang $lang $* (exit $r1 vs $r2)"
      fi
      rm -f "$tmp/old.$fmt" "$tmp/new.$fmt"
    done
  done
}
bn=examples/bac-ninh-2022
run
run --locale en
run "$bn/illustrative.csv"
run "$bn/ytd-2022-11.csv"
run "$bn/ytd-2022-11.csv" --by period
run "$bn/ytd-2022-11.csv" --by quarter
run "$bn/illustrative.csv" --by group
run "$bn/ytd-2022-11.csv" --by group
run "$bn/illustrative.csv" --by entity
run "$bn/ytd-2022-11.csv" --as-of 2022-06-30
run -t tests/fixtures/flows.toml tests/fixtures/entities.csv --by entity
run -t tests/fixtures/flows.toml tests/fixtures/entities.csv
run -t tests/fixtures/flows.toml tests/fixtures/monthly.csv --by period
run -t tests/fixtures/flows.toml tests/fixtures/rate_by_entity.csv --by entity
run -t tests/fixtures/flows.toml tests/fixtures/skips.csv
run -t examples/retail-2024/targets.toml
run -t examples/retail-2024/targets.toml --by entity
run -t examples/retail-2024/targets.toml --by group
echo "$runs runs, $differ differ"
[ "$differ" = 0 ]
