#!/usr/bin/env python3
"""Reads an xlsx that attain wrote and checks how its Report sheet shows
numbers (issue 15, items 4 and 5): within each target's row the value
columns — plan value, actual, gap, expected, projected — have number
formats with one number of decimals, and every data row is as tall as the
others. Prints one line per check, exits 1 if any fails.

    python3 .ci/xlsx-formats.py report.xlsx
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
# The value columns, by their header in either language.
VALUES = {
    "Plan value": "plan value", "Giá trị KH": "plan value",
    "Actual": "actual", "Thực hiện": "actual",
    "Gap": "gap", "Chênh lệch": "gap",
    "Expected to date": "expected", "Kế hoạch đến kỳ báo cáo": "expected",
    "Projected": "projected", "Ước cả năm": "projected",
}
HEADER_ROW = 4


def column(ref):
    return re.match(r"[A-Z]+", ref).group(0)


def decimals(code):
    """The places a number format shows: the zeros after its first point."""
    first = code.split(";")[0]
    m = re.search(r"\.(0+)", first)
    return len(m.group(1)) if m else 0


def main(path):
    book = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    styles = ET.fromstring(book.read("xl/styles.xml"))
    codes = {int(f.get("numFmtId")): f.get("formatCode")
             for f in styles.findall("m:numFmts/m:numFmt", NS)}
    xfs = [int(x.get("numFmtId", 0)) for x in styles.findall("m:cellXfs/m:xf", NS)]
    sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = sheet.findall("m:sheetData/m:row", NS)

    names = {}
    for c in next(r for r in rows if r.get("r") == str(HEADER_ROW)).findall("m:c", NS):
        v = c.find("m:v", NS)
        if c.get("t") == "s" and v is not None:
            names[column(c.get("r"))] = strings[int(v.text)]
    wanted = {col: VALUES[n] for col, n in names.items() if n in VALUES}

    failed = 0

    def check(what, ok):
        nonlocal failed
        print(("ok   " if ok else "FAIL ") + what)
        failed |= not ok

    check(f"the Report sheet has the value columns (found {sorted(set(wanted.values()))})",
          {"actual", "gap"} <= set(wanted.values()))
    data = [r for r in rows if int(r.get("r")) > HEADER_ROW and r.find("m:c/m:v", NS) is not None]
    # The table ends at the first row without a number in the actual column's
    # neighbours: notes under it are one text cell in column A.
    data = [r for r in data if len(r.findall("m:c", NS)) > 1]
    uneven = []
    for r in data:
        places = {}
        for c in r.findall("m:c", NS):
            col = column(c.get("r"))
            if col in wanted and c.find("m:v", NS) is not None and c.get("t") is None:
                code = codes.get(xfs[int(c.get("s", 0))], "General")
                places[wanted[col]] = decimals(code)
        if len(set(places.values())) > 1:
            uneven.append(f"row {r.get('r')}: {places}")
    check(f"each target's value cells show one number of decimals ({len(data)} rows)"
          + ("" if not uneven else ": " + "; ".join(uneven)), not uneven)
    heights = {r.get("ht") for r in data}
    check(f"every data row is as tall as the others (heights {sorted(map(str, heights))})",
          len(heights) <= 1)
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
