#!/usr/bin/env bash
# CI, after `cargo test`: does the HTML report render in a real browser?
#
# Builds attain, renders the shipped campaign (with its published actuals
# and with the illustrative file that shows every status), opens both in
# headless Chromium and checks that
#   - every target of the campaign has its bullet chart in the rendered DOM
#     (<svg class="bullet" data-id="ID">), and
#   - a screenshot is not blank: many colours, and the lights' colours of
#     the charts are painted.
# Prints one line per check and exits non-zero when one fails. Chromium is
# installed with apt-get when missing; the check is skipped (exit 0) only
# when apt-get is not there or has no chromium package to give, and in CI
# (CI=true, as .ci/run sets it) even that fails the run: a fresh CI machine
# must not pass by checking nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0

pass() { printf 'ok    %s\n' "$*"; }
fail() {
    printf 'FAIL  %s\n' "$*"
    failures=$((failures + 1))
}

skip() {
    if [ "${CI:-}" = true ]; then
        printf 'FAIL  %s (CI=true: the check may not be skipped)\n' "$*"
        exit 1
    fi
    printf 'skip  %s\n' "$*"
    exit 0
}

# ── the browser ──────────────────────────────────────────────────────────
if ! command -v chromium >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        skip "browser check: chromium is not installed and apt-get is not available"
    fi
    sudo=()
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
        sudo=(sudo -n)
    fi
    echo "info  installing chromium with apt-get"
    if ! "${sudo[@]}" apt-get update -qq >"$tmp/apt.log" 2>&1 ||
        ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >>"$tmp/apt.log" 2>&1; then
        if grep -qE "Unable to locate package|has no installation candidate|is not available" "$tmp/apt.log"; then
            skip "browser check: apt-get has no chromium package here"
        fi
        tail -n 20 "$tmp/apt.log"
        echo "FAIL  installing chromium with apt-get (see above)"
        exit 1
    fi
fi

# Headless, offline, no profile left behind: the report must need nothing
# from the network.
browse() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-quic \
        --user-data-dir="$(mktemp -d -p "$tmp")" "$@" 2>>"$tmp/chromium.log"
}

# ── the reports ──────────────────────────────────────────────────────────
cargo build --release -q
attain="${CARGO_TARGET_DIR:-target}/release/attain"

"$attain" report -q -f html -o "$tmp/report.html"
"$attain" report -q -f html -o "$tmp/illustrative.html" examples/bac-ninh-2022/illustrative.csv
# The ids of the campaign: the first column of the csv output, header dropped.
mapfile -t ids < <("$attain" report -f csv -q | tail -n +2 | cut -d, -f1)
if [ "${#ids[@]}" -eq 0 ]; then
    fail "no target ids read from \`attain report -f csv\`"
fi

# ── 1. every chart is in the DOM the browser built ──────────────────────
for name in report illustrative; do
    dom="$tmp/$name.dom.html"
    if ! browse --dump-dom "file://$tmp/$name.html" >"$dom"; then
        fail "$name.html: chromium --dump-dom failed (see below)"
        tail -n 5 "$tmp/chromium.log"
        continue
    fi
    missing=()
    for id in "${ids[@]}"; do
        grep -qF "<svg class=\"bullet\" data-id=\"$id\"" "$dom" || missing+=("$id")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        pass "$name.html: all ${#ids[@]} targets have their chart in the rendered DOM"
    else
        fail "$name.html: no chart in the rendered DOM for: ${missing[*]}"
    fi
done

# ── 2. the screenshot is not blank ───────────────────────────────────────
# Decodes the PNG with the standard library only (zlib), counts distinct
# colours and looks for the fills of the bars: green everywhere, and amber
# and red too in the illustrative file.
png_check() {
    python3 - "$@" <<'PY'
import struct, sys, zlib

path, *wanted = sys.argv[1:]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"{path}: not a PNG")
pos, idat = 8, bytearray()
while pos < len(data):
    (length,) = struct.unpack(">I", data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    pos += 12 + length
    if kind == b"IHDR":
        width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
if depth != 8 or channels is None or interlace:
    sys.exit(f"{path}: unsupported PNG (depth {depth}, colour type {ctype})")
raw = zlib.decompress(bytes(idat))
stride, bpp = width * channels, channels
prev, rows, at = bytearray(stride), [], 0
for _ in range(height):
    kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
    at += 1 + stride
    if kind == 1:
        for i in range(bpp, stride):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif kind == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif kind == 3:
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
    elif kind == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line)
    prev = line
colours = set()
for line in rows:
    for i in range(0, stride, bpp):
        colours.add(bytes(line[i:i + min(3, bpp)]))
white = {b"\xff\xff\xff", b"\xff"}
inked = len(colours - white)


def near(hex_colour):
    want = bytes.fromhex(hex_colour)
    return any(len(c) == 3 and all(abs(x - y) <= 8 for x, y in zip(c, want)) for c in colours)


absent = [w for w in wanted if not near(w.split("=")[1])]
summary = f"{width}x{height}, {len(colours)} colours"
if inked < 16 or absent:
    print(f"{summary}; missing: {', '.join(w.split('=')[0] for w in absent) or 'ink'}")
    sys.exit(1)
print(summary)
PY
}

for name in report illustrative; do
    shot="$tmp/$name.png"
    if ! browse --screenshot="$shot" --window-size=1200,1600 "file://$tmp/$name.html" >/dev/null ||
        [ ! -s "$shot" ]; then
        fail "$name.html: chromium --screenshot failed"
        tail -n 5 "$tmp/chromium.log"
        continue
    fi
    colours=(green=2f8a4a)
    if [ "$name" = illustrative ]; then
        colours+=(amber=e39a0b red=cf3a2e)
    fi
    if result="$(png_check "$shot" "${colours[@]}")"; then
        pass "$name.html: screenshot is not blank ($result, $(wc -c <"$shot") bytes; bars: ${colours[*]%%=*})"
    else
        fail "$name.html: screenshot looks blank ($result)"
    fi
done

if [ "$failures" -gt 0 ]; then
    echo "browser check: $failures failed"
    exit 1
fi
echo "browser check: all passed"
