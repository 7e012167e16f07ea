#!/usr/bin/env python3
"""A workbook of a million rows: attain against Polars' read_excel (calamine engine), in one run.

Usage:
  xlsx.py [--rows N] [--runs K] [--attain PATH] [--cases a,b,...] [--timeout S]
          [--ods-timeout S] [--no-ods]

The data, made once and kept in $ATTAIN_BENCH_DIR/xlsx (default
~/.cache/attain-bench/xlsx), is N rows (default 1,000,000) of actuals in the
long layout, `indicator,period,entity,value,unit`, for bench/campaign.toml:

  actuals-N.csv   gen_actuals.py N (the plain shape), as matrix.py's plain case;
  actuals-N.xlsx  the same rows, one sheet, written by xlsxwriter with
                  constant_memory (strings inline, as that mode writes them):
                  indicator, entity and unit text cells; value a number cell
                  (46.43, and whole values as integers: 512); period the text
                  `2022-03`, except one row of a rate in 5,000 where it is a
                  real date cell (2022-03-01, shown as yyyy-mm), as a sheet
                  someone typed into has (attain reads a date cell as its day;
                  on a flow, a day's row and its month's rows overlap and attain
                  keeps one of them, so the dates are on rate rows, where every
                  row counts, and the report is the CSV's);
  actuals-N.ods   the workbook converted by `libreoffice --headless
                  --convert-to ods`, when LibreOffice is there and the
                  conversion ends within --ods-timeout (default 600 s);
                  otherwise the ods cases are skipped, with a message.

Cases (--cases, default all that have a file), run interleaved K times
(default 3) after one untimed warm-up run each, each process under
/usr/bin/time -v (wall, user + system time, peak memory):

  attain-xlsx   attain report -t bench/campaign.toml -f json -q actuals-N.xlsx
  polars-xlsx   pl.read_excel(actuals-N.xlsx, engine="calamine"), then the group-by
                the campaign implies: per (indicator, entity) the sum, the mean
                and the count of value (as matrix.py)
  attain-ods    attain report … actuals-N.ods
  polars-ods    pl.read_excel(actuals-N.ods, engine="calamine"), the same group-by
  attain-csv    attain report … actuals-N.csv (the same rows, for reference)
  polars-csv    pl.scan_csv(actuals-N.csv), the same group-by (for reference)

Numbers are cross-checked from the warm-up runs: every attain actual against
Polars' (flows are sums, rates the mean over entities of each entity's mean;
social_investment's trillions are the rows' billions / 1000), every target's
rows_used against Polars' counts, and each attain report's targets against
the CSV's report, field by field. Any disagreement exits 1, before any timing.

The venv ($ATTAIN_BENCH_DIR/venv-xlsx) is made once, with pinned versions
(PINS below). Prints the median and the best wall time, the median processor
time and the peak memory of each case, the files' sizes and the 1-minute load
average before each round.
"""
import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAMPAIGN = HERE / "campaign.toml"
CACHE = Path(os.environ.get("ATTAIN_BENCH_DIR", Path.home() / ".cache" / "attain-bench"))
DATA = CACHE / "xlsx"
PINS = ["polars==2.1.0", "fastexcel==0.21.0", "pyarrow==26.0.1", "xlsxwriter==3.3.1"]
DATE_EVERY = 5_000  # one rate row in DATE_EVERY has its period as a date cell

# Writes the workbook from the CSV, row for row.
WRITE_XLSX = r"""
import csv, datetime, sys, xlsxwriter
src, dst, date_every, flows = sys.argv[1], sys.argv[2], int(sys.argv[3]), set(sys.argv[4].split(","))
wb = xlsxwriter.Workbook(dst, {"constant_memory": True})
ws = wb.add_worksheet("actuals")
month = wb.add_format({"num_format": "yyyy-mm"})
with open(src, newline="", encoding="utf-8") as f:
    r = csv.reader(f)
    header = next(r)
    ws.write_row(0, 0, header)
    dates = rates = 0
    for n, (ind, period, ent, val, unit) in enumerate(r, start=1):
        ws.write_string(n, 0, ind)
        rates += ind not in flows
        if ind not in flows and rates % date_every == 0:
            y, m = period.split("-")
            ws.write_datetime(n, 1, datetime.datetime(int(y), int(m), 1), month)
            dates += 1
        else:
            ws.write_string(n, 1, period)
        ws.write_string(n, 2, ent)
        v = float(val)
        ws.write_number(n, 3, int(v) if v.is_integer() else v)
        ws.write_string(n, 4, unit)
wb.close()
print(f"{n} rows, {dates} periods as date cells", file=sys.stderr)
"""

# The group-by of matrix.py's Polars case: per (indicator, entity) the sum, the
# mean and the count of value, printed one line per group.
POLARS_BOOK = """
import polars as pl, sys
df = (pl.read_excel(sys.argv[1], engine="calamine")
        .group_by(["indicator", "entity"])
        .agg(pl.col("value").sum().alias("s"), pl.col("value").mean().alias("m"), pl.len()))
for r in df.iter_rows(named=True):
    print(r["indicator"], repr(r["s"]), repr(r["m"]), r["len"], sep="\\t")
"""
POLARS_CSV = """
import polars as pl, sys
df = (pl.scan_csv(sys.argv[1])
        .group_by(["indicator", "entity"])
        .agg(pl.col("value").sum().alias("s"), pl.col("value").mean().alias("m"), pl.len())
        .collect())
for r in df.iter_rows(named=True):
    print(r["indicator"], repr(r["s"]), repr(r["m"]), r["len"], sep="\\t")
"""


def venv_python() -> Path:
    venv = CACHE / "venv-xlsx"
    py = venv / "bin" / "python"
    stamp = venv / "pins.txt"
    if not py.exists() or not stamp.exists() or stamp.read_text().split() != PINS:
        CACHE.mkdir(parents=True, exist_ok=True)
        if not py.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *PINS], check=True)
        stamp.write_text("\n".join(PINS) + "\n")
    return py


def make_data(py: Path, rows: int, ods_timeout: float, want_ods: bool):
    DATA.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx, ods = (DATA / f"actuals-{rows}.{ext}" for ext in ("csv", "xlsx", "ods"))
    if not csv_path.exists():
        tmp = csv_path.with_suffix(".csv.tmp")
        t = time.perf_counter()
        subprocess.run([sys.executable, str(HERE / "gen_actuals.py"), str(rows), str(tmp)], check=True)
        tmp.rename(csv_path)
        print(f"made {csv_path} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    if not xlsx.exists():
        tmp = xlsx.with_name(xlsx.stem + ".tmp.xlsx")
        t = time.perf_counter()
        flows = ",".join(sorted(flow_ids(CAMPAIGN)[0]))
        subprocess.run([str(py), "-c", WRITE_XLSX, str(csv_path), str(tmp), str(DATE_EVERY), flows], check=True)
        tmp.rename(xlsx)
        print(f"made {xlsx} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    failed = DATA / f"actuals-{rows}.ods.failed"
    if want_ods and not ods.exists():
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if not office:
            print("no ods: LibreOffice is not installed (apt-get install libreoffice-calc-nogui); "
                  "the ods cases are skipped", file=sys.stderr)
        elif failed.exists() and float(failed.read_text() or 0) >= ods_timeout:
            print(f"no ods: the conversion took over {float(failed.read_text()):.0f} s before "
                  f"(remove {failed} to try again); the ods cases are skipped", file=sys.stderr)
        else:
            out = Path(tempfile.mkdtemp(dir=DATA))
            print(f"converting {xlsx.name} to ods with LibreOffice (at most {ods_timeout:.0f} s) ...",
                  file=sys.stderr)
            t = time.perf_counter()
            # A profile of its own, so that a LibreOffice already running elsewhere is not used.
            cmd = [office, f"-env:UserInstallation=file://{out}/profile", "--headless",
                   "--convert-to", "ods", "--outdir", str(out), str(xlsx)]
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
            try:
                _, err = p.communicate(timeout=ods_timeout)
                made = out / f"{xlsx.stem}.ods"
                if made.exists():
                    made.rename(ods)
                    print(f"made {ods} in {time.perf_counter() - t:.0f} s", file=sys.stderr)
                else:
                    print(f"no ods: LibreOffice wrote none ({err.decode(errors='replace').strip()[:200]}); "
                          "the ods cases are skipped", file=sys.stderr)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, 9)
                p.communicate()
                failed.write_text(f"{ods_timeout}")
                print(f"no ods: converting {rows:,} rows took over {ods_timeout:.0f} s; "
                      "the ods cases are skipped", file=sys.stderr)
            shutil.rmtree(out, ignore_errors=True)
    return csv_path, xlsx, (ods if ods.exists() else None)


def run_timed(cmd, timeout):
    """cmd under /usr/bin/time -v: (wall s, user + system s, peak MiB, stdout) or an error text."""
    fd, tfile = tempfile.mkstemp()
    os.close(fd)
    t = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-v", "-o", tfile, *map(str, cmd)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        p.communicate()
        os.unlink(tfile)
        return f"exceeded {timeout:.0f} s"
    wall = time.perf_counter() - t
    stats = {}
    for line in open(tfile):
        k, _, v = line.strip().rpartition(": ")
        stats[k] = v
    os.unlink(tfile)
    if p.returncode not in (0, 1):  # attain exits 1 when a target is not met
        return f"exit {p.returncode}: {err.decode(errors='replace').strip()[-400:]}"
    cpu = float(stats["User time (seconds)"]) + float(stats["System time (seconds)"])
    peak = int(stats["Maximum resident set size (kbytes)"]) / 1024
    return wall, cpu, peak, out.decode()


def flow_ids(campaign: Path):
    flows, factor, cur = set(), {}, None
    for line in campaign.read_text(encoding="utf-8").splitlines():
        if line.startswith("id = "):
            cur = line.split('"')[1]
        if line.startswith('aggregate = "sum"'):
            flows.add(cur)
        if line.startswith('unit = "trillion VND"'):
            factor[cur] = 1e-3
    return flows, factor


def want_from(out: str):
    """Polars' lines -> {indicator: (actual, rows)}, as the campaign combines them."""
    flows, factor = flow_ids(CAMPAIGN)
    sums, means, counts = {}, {}, {}
    for line in out.splitlines():
        ind, s, m, n = line.split("\t")
        sums[ind] = sums.get(ind, 0.0) + float(s)
        means.setdefault(ind, []).append(float(m))
        counts[ind] = counts.get(ind, 0) + int(n)
    return {i: (sums[i] * factor.get(i, 1.0) if i in flows else statistics.fmean(means[i]), counts[i])
            for i in sums}


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def cross_check(outs: dict, rows: int) -> list:
    """Every disagreement between the warm-up runs' numbers, as lines."""
    bad = []
    want = want_from(outs["polars-xlsx"]) if "polars-xlsx" in outs else want_from(outs["polars-csv"])
    for name, out in outs.items():
        if name.startswith("polars"):
            other = want_from(out)
            for i, (v, n) in want.items():
                if i not in other or not close(other[i][0], v) or other[i][1] != n:
                    bad.append(f"{name}: {i} = {other.get(i)}, polars-xlsx {(v, n)}")
            continue
        doc = json.loads(out)
        if doc["rows"]["read"] != rows:
            bad.append(f"{name}: read {doc['rows']['read']:,} rows, not {rows:,}")
        got = {t["id"]: t for t in doc["targets"]}
        for i, (v, n) in want.items():
            t = got.get(i)
            if t is None or t["actual"] is None:
                bad.append(f"{name}: no actual for {i}")
            elif not close(float(t["actual"]), v):
                bad.append(f"{name}: {i} actual {t['actual']}, polars {v!r}")
            elif t["rows_used"] != n:
                bad.append(f"{name}: {i} rows_used {t['rows_used']:,}, polars counts {n:,}")
    if "attain-csv" in outs:
        ref = json.loads(outs["attain-csv"])["targets"]
        for name, out in outs.items():
            if name.startswith("attain") and name != "attain-csv":
                for a, b in zip(json.loads(out)["targets"], ref):
                    diff = [k for k in b if a.get(k) != b[k]]
                    if diff:
                        bad.append(f"{name}: {b['id']} differs from the csv's report in "
                                   + ", ".join(f"{k} ({a.get(k)!r} vs {b[k]!r})" for k in diff))
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--attain", default="target/release/attain")
    ap.add_argument("--cases", default="attain-xlsx,polars-xlsx,attain-ods,polars-ods,attain-csv,polars-csv")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--ods-timeout", type=float, default=600)
    ap.add_argument("--no-ods", action="store_true", help="neither make nor time the ods")
    a = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        sys.exit("needs GNU time as /usr/bin/time (apt-get install time)")
    attain = os.path.abspath(a.attain)
    if not os.path.exists(attain):
        sys.exit(f"no {attain}: cargo build --release")
    py = venv_python()
    names = a.cases.split(",")
    csv_path, xlsx, ods = make_data(py, a.rows, a.ods_timeout,
                                    not a.no_ods and any(n.endswith("-ods") for n in names))
    files = {"xlsx": xlsx, "ods": ods, "csv": csv_path}
    cmds = {}
    for name in names:
        tool, kind = name.split("-")
        if files[kind] is None:
            continue
        if tool == "attain":
            cmds[name] = [attain, "report", "-t", CAMPAIGN, "-f", "json", "-q", files[kind]]
        else:
            cmds[name] = [py, "-c", POLARS_CSV if kind == "csv" else POLARS_BOOK, files[kind]]
    for kind, f in files.items():
        if f is not None:
            print(f"{kind:5} {f}: {f.stat().st_size / 1e6:,.1f} MB")
    outs = {}
    for name, cmd in cmds.items():  # warm-up: page cache, imports; its output is cross-checked
        r = run_timed(cmd, a.timeout)
        if isinstance(r, str):
            sys.exit(f"{name} failed: {r}\n  {' '.join(map(str, cmd))}")
        outs[name] = r[3]
    bad = cross_check(outs, a.rows)
    if bad:
        print("NUMBERS DISAGREE:", *bad, sep="\n  ", file=sys.stderr)
        return 1
    print(f"numbers agree: {', '.join(outs)} (actuals, rows used, and attain's reports field by field)")
    res = {k: [] for k in cmds}
    loads = []
    for _ in range(a.runs):
        loads.append(os.getloadavg()[0])
        for name, cmd in cmds.items():
            r = run_timed(cmd, a.timeout)
            if isinstance(r, str):
                sys.exit(f"{name} failed: {r}")
            res[name].append(r[:3])
    print(f"{a.rows:,} rows, {a.runs} runs each, interleaved; {os.cpu_count()} cores; "
          f"1-minute load before each round: {', '.join(f'{x:.2f}' for x in loads)}; "
          f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"{'case':12} {'median s':>9} {'best s':>8} {'cpu s':>7} {'peak MiB':>9} {'rows/s':>11}")
    for name, v in res.items():
        med = statistics.median(w for w, _, _ in v)
        print(f"{name:12} {med:9.3f} {min(w for w, _, _ in v):8.3f} "
              f"{statistics.median(c for _, c, _ in v):7.2f} {max(p for _, _, p in v):9.1f} "
              f"{a.rows / med:11,.0f}")
    r = {k: statistics.median(w for w, _, _ in v) for k, v in res.items()}
    for kind in ("xlsx", "ods"):
        if f"attain-{kind}" in r and f"polars-{kind}" in r:
            print(f"attain/polars on the {kind}: {r[f'attain-{kind}'] / r[f'polars-{kind}']:.3f} (medians)")
        if f"attain-{kind}" in r and "attain-csv" in r:
            print(f"attain {kind}/csv: x{r[f'attain-{kind}'] / r['attain-csv']:.1f} (medians)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
