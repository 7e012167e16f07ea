#!/usr/bin/env bash
# CI, after `cargo test`: the Markdown report as a reader sees it, rendered
# by GitHub's own renderer (cmark-gfm, from PyPI's cmarkgfm, in a venv this
# script makes). Every table cell that holds a value and its symbol
# (`≥ 92.070`, `85,4 %`, `-0,05 pp`) must hold them joined by a
# non-breaking space, so that a narrow cell never puts them on two lines;
# and the tables must still be tables. One line per check; exits 1 if any
# fails. Runs from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECK=markdown-check
# shellcheck source=.ci/skip.sh
source .ci/skip.sh

command -v python3 >/dev/null || skip "no python3 to run the renderer"
venv="${CARGO_TARGET_DIR:-target}/markdown-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import cmarkgfm' 2>/dev/null; then
    python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 cannot make a venv (python3-venv missing)"
    "$venv/bin/pip" install -q cmarkgfm >/dev/null 2>&1 || skip "pip could not install cmarkgfm"
fi

cargo build --release --quiet
attain="${CARGO_TARGET_DIR:-target}/release/attain"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$attain" report --quiet -f markdown >"$tmp/vi.md"
"$attain" report --quiet -f markdown --lang en examples/bac-ninh-2022/ytd-2022-11.csv >"$tmp/ytd.md"
"$attain" report --quiet -f markdown -t examples/retail-2024/targets.toml --by entity >"$tmp/retail.md"

if ! "$venv/bin/python" - "$tmp" <<'PY'
import html, re, sys
from pathlib import Path

import cmarkgfm

tmp = Path(sys.argv[1])
failed = False

def check(what, ok):
    global failed
    print(("ok   " if ok else "FAIL ") + what)
    failed |= not ok

NBSP = "\u00a0"
# A value and its symbol with a breakable space between them.
APART = re.compile(r"[0-9] (%|pp\b|điểm)|(≥|≤|>|<) [0-9+-]")

cells = {}
for name in ("vi", "ytd", "retail"):
    page = cmarkgfm.github_flavored_markdown_to_html((tmp / f"{name}.md").read_text())
    found = [html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", page, re.S)]
    cells[name] = found
    check(f"{name}: GitHub's renderer makes tables of it ({page.count('<table>')})",
          page.count("<table>") >= 1)
    apart = [c for c in found if APART.search(c)]
    check(f"{name}: no cell breaks a value from its symbol {apart[:3]}", not apart)

def has(name, text):
    return any(text in c for c in cells[name])

for name, text in [
    ("vi", f"≥{NBSP}92.070"),
    ("vi", f"99,6{NBSP}%"),
    ("vi", f"-0,16{NBSP}pp"),
    ("ytd", f"85,4{NBSP}%"),
]:
    check(f"{name}: a cell reads {text!r}", has(name, text))
sys.exit(1 if failed else 0)
PY
then
    echo "markdown-check: FAILED"
    exit 1
fi
echo "markdown-check: all checks passed"
