#!/usr/bin/env bash
# CI, after `cargo test`: does a real spreadsheet program open attain's xlsx
# and see what the unit tests promise? Writes the shipped campaign's report
# with the illustrative actuals, has LibreOffice print it to PDF and export it
# to CSV, and checks what comes out. Then the csv for a spreadsheet set to
# Vietnamese (`--out-delimiter ';' --locale vi`): LibreOffice imports it as
# vi-VN would, and its numbers must come back as numbers, not text. One line
# per check; exits 1 if any fails. Runs from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."

campaign_name='Bắc Ninh — chỉ tiêu phát triển kinh tế - xã hội năm 2022'
actuals='examples/bac-ninh-2022/illustrative.csv'

CHECK=xlsx-check
# shellcheck source=.ci/skip.sh
source .ci/skip.sh

# ── Tools: LibreOffice Calc and poppler's pdftotext ──────────────────────
if ! command -v libreoffice >/dev/null || ! command -v pdftotext >/dev/null; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            skip "libreoffice-calc and poppler-utils are missing and this user cannot install them (not root, no sudo)"
        fi
    fi
    if ! command -v apt-get >/dev/null; then
        skip "libreoffice-calc and poppler-utils are missing and there is no apt-get to install them"
    fi
    echo "xlsx-check: installing libreoffice-calc and poppler-utils"
    if ! { "${sudo[@]}" apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
            libreoffice-calc poppler-utils; } >/dev/null; then
        skip "apt-get could not install libreoffice-calc and poppler-utils"
    fi
fi

# ── The workbook ──────────────────────────────────────────────────────────
cargo build --release --quiet
attain="${CARGO_TARGET_DIR:-target}/release/attain"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$attain" report --quiet "$actuals" -o "$tmp/report.xlsx"

failed=0
check() { # check DESCRIPTION COMMAND...
    local what="$1"
    shift
    if "$@"; then
        echo "ok   $what"
    else
        echo "FAIL $what"
        failed=1
    fi
}

# A private LibreOffice profile: no clash with a desktop session or another job.
office() {
    (cd "$tmp" && timeout 180 libreoffice -env:UserInstallation="file://$tmp/profile" \
        --headless "$@" >/dev/null 2>&1)
}

# ── Printed: the PDF holds both sheets ───────────────────────────────────
office --convert-to pdf --outdir "$tmp" report.xlsx || true
check "LibreOffice prints report.xlsx to PDF" test -s "$tmp/report.pdf"
text=""
if [ -s "$tmp/report.pdf" ]; then
    text="$(pdftotext -layout "$tmp/report.pdf" - 2>/dev/null || true)"
fi
check "the PDF shows the campaign's name" grep -qF "$campaign_name" <<<"$text"
check "the PDF shows the Report sheet's export-import actual (91,700 or 91.700)" \
    grep -qE '91[.,]700' <<<"$text"
check "the PDF shows the Rows sheet's buckets (used, empty_value)" \
    bash -c 'grep -qw used <<<"$1" && grep -qw empty_value <<<"$1"' _ "$text"

# ── Read back: the cells hold numbers ────────────────────────────────────
# Tab-separated, UTF-8, text cells quoted and numbers not, raw values rather
# than as shown, every sheet to its own file: an unquoted 91700 is a number
# cell, and a raw 99.6% is the fraction 0.996 in a percent format.
office --convert-to 'csv:Text - txt - csv (StarCalc):9,34,76,1,,0,true,true,false,false,false,-1' \
    --outdir "$tmp" report.xlsx || true
sheet="$tmp/report-Report.csv"
[ -s "$sheet" ] || sheet="$tmp/report.csv"
check "LibreOffice exports the Report sheet to CSV" test -s "$sheet"
export_import=""
if [ -s "$sheet" ]; then
    # Column H is the actual; the row is export-import's (its Vietnamese name).
    export_import="$(awk -F'\t' '$1 ~ /Tổng kim ngạch xuất nhập khẩu/ { print $8; exit }' "$sheet")"
fi
check "export-import's actual reads back as the number 91700 (got '$export_import')" \
    test "$export_import" = "91700"
attainment=""
if [ -s "$sheet" ]; then
    attainment="$(awk -F'\t' '$1 ~ /Tổng kim ngạch xuất nhập khẩu/ { print $10; exit }' "$sheet")"
fi
check "export-import's attainment reads back as the percentage 0.996 (got '$attainment')" \
    test "$attainment" = "99.6%"

# The Rows sheet: the value as written, and beside it the number read
# (GRDP growth's '7,39' is the number 7.39, which SUM and pivots can use);
# the status in the report's language with its machine name.
rows="$tmp/report-Rows.csv"
check "LibreOffice exports the Rows sheet to CSV" test -s "$rows"
grdp_read=""
grdp_status=""
basis=""
if [ -s "$rows" ]; then
    grdp_read="$(awk -F'\t' '$3 ~ /grdp_growth/ { print $7; exit }' "$rows")"
    grdp_status="$(awk -F'\t' '$3 ~ /grdp_growth/ { print $9; exit }' "$rows")"
fi
if [ -s "$sheet" ]; then
    basis="$(awk -F'\t' '$1 ~ /Tổng kim ngạch xuất nhập khẩu/ { print $18; exit }' "$sheet")"
fi
check "the Rows sheet's value read for GRDP growth is the number 7.39 (got '$grdp_read')" \
    test "$grdp_read" = "7.39"
check "the Rows sheet's status is Vietnamese with its code (got '$grdp_status')" \
    test "$grdp_status" = '"sử dụng (used)"'
check "the Report sheet's basis is Vietnamese (got '$basis')" \
    test "$basis" = '"kế hoạch cả kỳ"'

# ── Decimals and row heights (issue 15, items 4 and 5) ───────────────────
# Each target's value cells (plan value, actual, gap, expected, projected)
# have number formats with one number of decimals, and the table's rows are
# all one height: in the year-end report and the mid-year one, which has
# expected values and projections. .ci/xlsx-formats.py reads the workbook's
# XML, one line per check.
"$attain" report --quiet examples/bac-ninh-2022/ytd-2022-11.csv -o "$tmp/ytd.xlsx"
for book in report ytd; do
    if command -v python3 >/dev/null; then
        check "$book.xlsx: decimals even within each target, rows even" \
            python3 .ci/xlsx-formats.py "$tmp/$book.xlsx"
    elif [ "${CI:-}" = true ]; then
        check "$book.xlsx: python3 is there to read the number formats" false
    else
        echo "skip $book.xlsx: no python3 to read the number formats"
    fi
done

# ── CSV for a spreadsheet set to Vietnamese ──────────────────────────────
# `--out-delimiter ';' --locale vi` writes decimal commas (99,60); imported
# as vi-VN does (separator `;`, language 1066 = vi-VN), then saved and read
# back as above, a number cell comes out unquoted (99.6) and a text cell
# quoted ("99,60"). The plain comma csv (99.60) is the control: vi-VN
# reads its decimals as text, the defect the option is for.
"$attain" report --quiet -f csv --out-delimiter ';' --locale vi "$actuals" >"$tmp/vi.csv"
"$attain" report --quiet -f csv --locale vi "$actuals" >"$tmp/dot.csv"
check "attain writes 99,60 with a decimal comma in the ';' csv" grep -q ';99,60;' "$tmp/vi.csv"
mkdir -p "$tmp/vi-vn" "$tmp/back"
office --infilter='CSV:59,34,76,1,,1066' --convert-to xlsx --outdir "$tmp/vi-vn" vi.csv || true
office --infilter='CSV:44,34,76,1,,1066' --convert-to xlsx --outdir "$tmp/vi-vn" dot.csv || true
for name in vi dot; do
    office --convert-to 'csv:Text - txt - csv (StarCalc):9,34,76,1,,0,true,true,false,false,false,-1' \
        --outdir "$tmp/back" "vi-vn/$name.xlsx" || true
done
# cell FILE ID COLUMN: the raw cell of target ID under the header COLUMN.
cell() {
    local file=""
    for file in "$tmp/back/$1"*.csv; do break; done
    [ -s "$file" ] || return 0
    awk -F'\t' -v id="\"$2\"" -v col="\"$3\"" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        $1 == id { print $c; exit }' "$file"
}
check "vi-VN LibreOffice imports the ';' csv" test -s "$tmp/vi-vn/vi.xlsx"
got="$(cell vi export_import attainment_pct)"
check "export-import's attainment 99,60 comes back as the number 99.6 (got '$got')" \
    test "$got" = "99.6"
got="$(cell vi grdp_growth actual)"
check "GRDP growth's actual 7,39 comes back as the number 7.39 (got '$got')" \
    test "$got" = "7.39"
got="$(cell vi export_import gap)"
check "export-import's gap -370 comes back as the number -370 (got '$got')" \
    test "$got" = "-370"
got="$(cell vi export_import name)"
check "the name stays text (got '$got')" test "$got" = '"Tổng kim ngạch xuất nhập khẩu"'
got="$(cell dot export_import attainment_pct)"
check "control: the comma csv's 99.60 is text to vi-VN (got '$got')" test "$got" = '"99.60"'

# ── Workbooks as actuals (issue 17) ──────────────────────────────────────
# The shipped actuals saved by LibreOffice, as a Vietnamese office's Calc
# would (vi-VN import: 30.372 and 7,39 become the numbers 30372 and 7.39),
# as xlsx, ods and xls: each gives the very report the csv gives, in every
# format. Then the same sheet's title above the header, and the wide
# template filled in and saved by LibreOffice.
mkdir -p "$tmp/books"
for example in actuals ytd-2022-11 illustrative; do
    cp "examples/bac-ninh-2022/$example.csv" "$tmp/books/$example.csv"
    for kind in xlsx ods xls; do
        (cd "$tmp/books" && timeout 180 libreoffice -env:UserInstallation="file://$tmp/profile" \
            --headless --infilter='CSV:44,34,76,1,,1066' --convert-to "$kind" "$example.csv" \
            >/dev/null 2>&1) || true
        check "LibreOffice saves $example as $kind" test -s "$tmp/books/$example.$kind"
        for format in table csv json md html; do
            "$attain" report --quiet -f "$format" "examples/bac-ninh-2022/$example.csv" \
                >"$tmp/books/want" 2>&1 || true
            "$attain" report --quiet -f "$format" "$tmp/books/$example.$kind" \
                >"$tmp/books/got" 2>&1 || true
            check "$example.$kind gives the csv's report, -f $format" \
                cmp -s "$tmp/books/want" "$tmp/books/got"
        done
    done
done
# The wide template, filled in (two months of export-import) and saved by
# LibreOffice as xlsx: the report of the same two figures written long.
"$attain" template --wide >"$tmp/books/wide.csv"
python3 - "$tmp/books/wide.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head = rows[0]
for row in rows[1:]:
    if row[0] == "export_import":
        row[head.index("2022-01")] = "7.500,5"
        row[head.index("2022-03")] = "8.000"
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
(cd "$tmp/books" && timeout 180 libreoffice -env:UserInstallation="file://$tmp/profile" \
    --headless --infilter='CSV:44,34,76,1,,1066' --convert-to xlsx wide.csv >/dev/null 2>&1) || true
printf 'indicator,period,value\nexport_import,2022-01,"7.500,5"\nexport_import,2022-03,8.000\n' \
    >"$tmp/books/long.csv"
"$attain" report --quiet -f json "$tmp/books/long.csv" >"$tmp/books/want" 2>&1 || true
"$attain" report --quiet -f json "$tmp/books/wide.xlsx" >"$tmp/books/got" 2>&1 || true
check "the wide template, filled in and saved by LibreOffice, reads as the long rows" \
    cmp -s "$tmp/books/want" "$tmp/books/got"

if [ "$failed" -ne 0 ]; then
    echo "xlsx-check: FAILED"
    exit 1
fi
echo "xlsx-check: all checks passed"
