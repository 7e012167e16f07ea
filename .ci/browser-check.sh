#!/usr/bin/env bash
# CI, after `cargo test`: does the HTML report render in a real browser?
#
# Builds attain, renders the shipped campaign (with its published actuals
# and with the illustrative file that shows every status), opens both in
# headless Chromium and checks that
#   - every target of the campaign has its bullet chart in the rendered DOM
#     (<svg class="bullet" data-id="ID">), and
#   - a screenshot is not blank: many colours, and the lights' colours of
#     the charts are painted;
#   - at 390 px (a phone) no page is wider than the screen and every row's
#     name and status are on the first screen width; at 1280 px nothing
#     overflows the table's container, no status chip is clipped and every
#     column has a header (measured by a script of the check's own, in a
#     harness page around the report, which itself has no script);
#   - a 200 x 50 `--by entity` page folds its entity rows (height), and a
#     printed page never ends on a group's header nor leaves the sources
#     alone on a page (pdftotext of --print-to-pdf).
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

# ── 3. the layout at a phone's and a laptop's width ─────────────────────
# A copy of the check's own page holds the report in an <iframe> of the
# width wanted (a headless window is never narrower than 500 px) and
# measures it with a script of the check's: the report itself has none.
# It writes its figures into the DOM that --dump-dom gives back.
cat >"$tmp/measure.js" <<'JS'
function measure(win, doc) {
  var W = win.innerWidth, root = doc.documentElement;
  var out = {width: root.scrollWidth, height: root.scrollHeight, rows: 0, nameOut: 0,
    statusOut: 0, overflow: 0, clipped: 0, emptyTh: 0};
  var hidden = function (e) {
    var h = e.closest('thead');
    return (h && h.getBoundingClientRect().width <= 1) || e.closest('details:not([open]) > table');
  };
  var main = doc.querySelector('main').getBoundingClientRect();
  doc.querySelectorAll('tr.target, tr.entity, tr.group-summary').forEach(function (tr) {
    var n = tr.querySelector('td.name'), s = tr.querySelector('td:last-child');
    if (hidden(tr)) return;
    out.rows++;
    var nr = n.getBoundingClientRect(), sr = s.getBoundingClientRect();
    if (nr.left < 0 || nr.left >= W) out.nameOut++;
    if (sr.left < 0 || sr.right > W + 0.5) out.statusOut++;
  });
  doc.querySelectorAll('table *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.width === 0 || hidden(e)) return;
    if (r.right > main.right + 0.5 || r.left < main.left - 0.5) out.overflow++;
  });
  doc.querySelectorAll('.chip').forEach(function (c) {
    if (hidden(c)) return;
    var r = c.getBoundingClientRect(), td = c.closest('td');
    if (c.scrollWidth > c.clientWidth + 1) out.clipped++;
    else if (td) {
      var t = td.getBoundingClientRect();
      if (r.right > t.right + 0.5 || r.left < t.left - 0.5) out.clipped++;
    }
  });
  doc.querySelectorAll('thead th').forEach(function (th) { if (!th.textContent.trim()) out.emptyTh++; });
  return out;
}
JS
# measure PAGE WIDTH: one line of key=value figures.
measure() {
    local page="$1" width="$2" harness
    harness="$(mktemp -p "$tmp" --suffix=.html)"
    {
        printf '<!DOCTYPE html><html><body style="margin:0"><iframe id="f" style="border:0;width:%spx;height:900px" src="file://%s"></iframe><script>' "$width" "$page"
        cat "$tmp/measure.js"
        printf '%s' "document.getElementById('f').addEventListener('load', function () { var w = this.contentWindow, o = measure(w, w.document), p = document.createElement('pre'); p.id = 'measure'; p.textContent = Object.keys(o).map(function (k) { return k + '=' + o[k]; }).join(' '); document.body.appendChild(p); });"
        printf '</script></body></html>\n'
    } >"$harness"
    browse --allow-file-access-from-files --window-size=1400,900 --virtual-time-budget=10000 \
        --dump-dom "file://$harness" | grep -o '<pre id="measure">[^<]*' | sed 's/.*>//'
}
figure() { sed -n "s/.*\b$1=\([0-9]*\).*/\1/p" <<<"$2"; }

"$attain" report -q -f html -o "$tmp/ytd.html" examples/bac-ninh-2022/ytd-2022-11.csv
"$attain" report -q -f html -o "$tmp/retail.html" -t examples/retail-2024/targets.toml --by entity
"$attain" report -q -f html -o "$tmp/vietnam.html" -t examples/vietnam-2023/targets.toml
for name in report ytd retail vietnam; do
    m="$(measure "$tmp/$name.html" 390)"
    if [ -z "$m" ]; then
        fail "$name.html at 390 px: no measurement"
    elif [ "$(figure width "$m")" -le 390 ] && [ "$(figure nameOut "$m")" = 0 ] &&
        [ "$(figure statusOut "$m")" = 0 ] && [ "$(figure overflow "$m")" = 0 ] &&
        [ "$(figure rows "$m")" -gt 0 ]; then
        pass "$name.html at 390 px: no horizontal overflow, every row's name and status on the first screen width ($m)"
    else
        fail "$name.html at 390 px: $m"
    fi
    m="$(measure "$tmp/$name.html" 1280)"
    if [ -n "$m" ] && [ "$(figure overflow "$m")" = 0 ] && [ "$(figure clipped "$m")" = 0 ] &&
        [ "$(figure emptyTh "$m")" = 0 ]; then
        pass "$name.html at 1280 px: nothing overflows the table's container, no chip clipped, every column headed ($m)"
    else
        fail "$name.html at 1280 px: ${m:-no measurement}"
    fi
done

# ── 4. a big --by entity run, and print ──────────────────────────────────
# 200 targets × 50 entities with large numbers: the entity rows fold under
# their targets, so the page is about as tall as its targets; and 22
# groups of three targets printed to A4: no page ends on a group's header,
# and the sources are not pushed off a page that had room for them.
python3 - "$tmp" <<'PY'
import random, sys
out = sys.argv[1]
random.seed(15)
def campaign(path, targets, group_of, entities):
    with open(f"{out}/{path}.toml", "w") as f:
        f.write(f'[campaign]\nname = "{path}"\nperiod = "2024"\nlocale = "vi"\nlang = "vi"\nactuals = ["{path}.csv"]\n')
        if entities:
            f.write("\n[entities]\n" + "".join(f'e{e:02d} = "Đơn vị hành chính số {e}"\n' for e in range(entities)))
        for t in range(targets):
            f.write(f'\n[[target]]\nid = "t{t:03d}"\nname = "Chỉ tiêu số {t} về tổng mức bán lẻ hàng hóa và doanh thu dịch vụ"\n'
                    f'group = "Lĩnh vực {group_of(t)}"\nunit = "triệu đồng"\nat_least = {random.randint(10**5, 9 * 10**8)}\n'
                    f'aggregate = "sum"\nsource = "Nghị quyết số {t % 4}/NQ-HĐND"\n')
    with open(f"{out}/{path}.csv", "w") as f:
        f.write("indicator,period,value,entity\n")
        for t in range(targets):
            for e in range(max(entities, 1)):
                f.write(f"t{t:03d},2024,{random.randint(1000, 3 * 10**7)},{f'e{e:02d}' if entities else ''}\n")
campaign("big", 200, lambda t: t % 5, 50)
campaign("groups", 66, lambda t: t // 3, 0)
PY
"$attain" report -q -f html -o "$tmp/big.html" -t "$tmp/big.toml" --by entity
m="$(measure "$tmp/big.html" 1280)"
if [ -n "$m" ] && [ "$(figure height "$m")" -lt 40000 ] && [ "$(figure overflow "$m")" = 0 ]; then
    pass "200 × 50 --by entity: $(wc -c <"$tmp/big.html") bytes, entity rows folded ($m)"
else
    fail "200 × 50 --by entity: ${m:-no measurement}"
fi
"$attain" report -q -f html -o "$tmp/groups.html" -t "$tmp/groups.toml"
if browse --no-pdf-header-footer --print-to-pdf="$tmp/groups.pdf" "file://$tmp/groups.html" >/dev/null 2>&1 &&
    result="$(pdftotext -layout "$tmp/groups.pdf" - | python3 -c '
import re, sys
pages = [[l.strip() for l in p.splitlines() if l.strip()] for p in sys.stdin.read().split("\f")]
pages = [p for p in pages if p]
bad = [i + 1 for i, p in enumerate(pages) if re.match(r"Lĩnh vực \d+", p[-1])]
heading = [i for i, p in enumerate(pages) if "Nguồn số liệu" in p]
# Alone: the sources open a page while the page before had room left for
# their heading and two lines (what a notes block that may not break does:
# with 22 groups, the old rule left 8 lines empty on page 4).
full = max(len(p) for p in pages)
h = heading[0] if heading else 0
alone = bool(heading) and h > 0 and pages[h].index("Nguồn số liệu") == 0 and len(pages[h - 1]) + 3 <= full
print(f"{len(pages)} pages; group header at a page foot: {bad or None}; sources pushed onto a page of their own: {alone}")
sys.exit(1 if bad or alone or not heading else 0)
')"; then
    pass "print: $result"
else
    fail "print: ${result:-chromium --print-to-pdf or pdftotext failed}"
fi

if [ "$failures" -gt 0 ]; then
    echo "browser check: $failures failed"
    exit 1
fi
echo "browser check: all passed"
