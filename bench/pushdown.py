#!/usr/bin/env python3
"""Pushdown at scale: a Parquet lake grouped by DuckDB into attain, against attain
reading the same rows as one CSV file.

Usage:
  pushdown.py [--rows N] [--files F] [--runs K] [--attain PATH] [--python PY]
              [--runner cli|python] [--only direct|pushdown] [--keep]

The data (made once, with DuckDB from range(), and kept in
$ATTAIN_BENCH_DIR/pushdown, default ~/.cache/attain-bench/pushdown) is N source
rows (default 100 million) of (indicator, day DATE, entity, value DECIMAL(18,3))
for the campaign bench/pushdown.toml: 30 targets (14 `sum`, 8 `mean`, 8 `last`)
and a few rows of an indicator it does not know, 1,000 entities (a few rows
of two targets without one), days from 2024-06-01 to 2025-11-20 (the
campaign is 2025), a few NULL values. It is written twice, as the same rows:
a lake of F Parquet files, and one CSV with the header
`indicator,period,entity,value` (period = the day).

Two paths, run in turn K times (default 3), the fastest of each kept:
  direct:   attain report --locale en -t bench/pushdown.toml -f json actuals.csv
  pushdown: attain sql --engine duckdb -t bench/pushdown.toml --from 'lake/*.parquet' \\
              | duckdb -csv | attain report --locale en -t bench/pushdown.toml -f json -
Every process runs under /usr/bin/time -v: its wall time, peak memory and
processor time are its own. `duckdb` is the CLI beside the Python that has the
module (pip's duckdb-cli), or, with --runner python or without that CLI, the
module reading the query from standard input and writing CSV.

Before timing, one untimed run of each path checks that the two JSON reports
are the same (and prints where they differ if not), and counts the grouped
rows attain reads from DuckDB. Exits 1 when they differ.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAMPAIGN = HERE / "pushdown.toml"
CACHE = Path(os.environ.get("ATTAIN_BENCH_DIR", Path.home() / ".cache" / "attain-bench"))
DATA = CACHE / "pushdown"

INDICATORS = ([f"flow_{n:02}" for n in range(1, 15)] + [f"rate_{n:02}" for n in range(1, 9)]
              + [f"level_{n:02}" for n in range(1, 9)])

# One source row per i: the hash's bits pick the indicator (30 alike), the entity
# (1,000), the day (538 from 2024-06-01) and the value; a second hash picks the
# rare rows (1 in 100,000: an unknown indicator; 1 in 100,000: a NULL value; 1 in
# 10,000 of flow_14's and rate_08's rows: a NULL entity). A `last` target's
# value is a function of (indicator, entity, day), so that rows of one day agree.
SOURCE = """
select case when r = 7 then 'unknown_kpi' else {indicators}[k + 1] end as indicator,
       (date '2024-06-01' + d) as day,
       case when k in (13, 21) and r % 10000 = 3 then null
            else 'E' || lpad(e::varchar, 4, '0') end as entity,
       case when r = 11 then null
            when k >= 22 then ((hash(k, e, d) % 1000000)::bigint / 1000.0)::decimal(18, 3)
            else (v / 1000.0)::decimal(18, 3) end as value
from (select i, (h % 30)::int as k, ((h >> 8) % 1000)::int as e, ((h >> 20) % 538)::int as d,
             ((h >> 32) % 1000000)::bigint as v, hash(i, 7) % 100000 as r
      from (select i, hash(i) as h from range({start}, {stop}) t(i)))
order by i
"""

GENERATE = r"""
import duckdb, sys
lake, csv_path, rows, files, source = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
con = duckdb.connect()
con.execute("set enable_progress_bar = false")
step = -(-rows // files)
for f in range(files):
    start, stop = f * step, min(rows, (f + 1) * step)
    q = source.replace("{start}", str(start)).replace("{stop}", str(stop))
    con.sql(f"copy ({q}) to '{lake}/part-{f:02}.parquet' (format parquet, compression zstd)")
    print(f"  {lake}/part-{f:02}.parquet: rows {start:,} to {stop:,}", file=sys.stderr)
con.sql(f"copy (select indicator, day as period, entity, value from read_parquet('{lake}/part-*.parquet')) "
        f"to '{csv_path}' (header, delimiter ',')")
"""

# The Python module as a runner, when the CLI is not there: the query on standard
# input, CSV with a header on standard output. The last statement's result is written.
RUNNER = r"""
import csv, duckdb, sys
con = duckdb.connect()
con.execute("set enable_progress_bar = false")
stmts = [s for s in sys.stdin.read().split(";\n") if s.strip()]
for s in stmts[:-1]:
    con.execute(s)
cur = con.execute(stmts[-1])
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow([d[0] for d in cur.description])
while True:
    rows = cur.fetchmany(100000)
    if not rows:
        break
    w.writerows(["" if v is None else v for v in r] for r in rows)
"""


def python_with_duckdb(given):
    if given:
        return Path(given)
    venv = CACHE / "venv-pushdown"
    py = venv / "bin" / "python"
    if not py.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "duckdb", "duckdb-cli"], check=True)
    return py


def data_paths(rows: int, files: int):
    stem = f"{rows}-f{files}"
    return DATA / f"lake-{stem}", DATA / f"actuals-{stem}.csv"


def make_data(py: Path, rows: int, files: int):
    lake, csv_path = data_paths(rows, files)
    if lake.is_dir() and csv_path.exists():
        return lake, csv_path
    DATA.mkdir(parents=True, exist_ok=True)
    tmp_lake, tmp_csv = lake.with_name(lake.name + ".tmp"), csv_path.with_suffix(".tmp")
    shutil.rmtree(tmp_lake, ignore_errors=True)
    tmp_lake.mkdir()
    print(f"making {rows:,} rows in {DATA} ...", file=sys.stderr)
    t = time.perf_counter()
    source = SOURCE.replace("{indicators}", "[" + ", ".join(f"'{x}'" for x in INDICATORS) + "]")
    subprocess.run([str(py), "-c", GENERATE, str(tmp_lake), str(tmp_csv), str(rows), str(files), source],
                   check=True)
    # The lake's glob names the final folder, so rename the files' folder last.
    tmp_csv.rename(csv_path)
    tmp_lake.rename(lake)
    print(f"  made in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return lake, csv_path


def size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.iterdir()) if p.is_dir() else p.stat().st_size


def timed(cmd: str, stats: str) -> str:
    """cmd under GNU time, its report in the file stats."""
    return f"/usr/bin/time -v -o {shlex.quote(stats)} {cmd}"


def parse_time(path: str) -> dict:
    text = open(path).read()

    def field(name):
        m = re.search(rf"^\s*{re.escape(name)}: (.*)$", text, re.M)
        return m.group(1).strip() if m else ""

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    return {"exit": int(field("Exit status") or 0), "wall": secs, "user": float(field("User time (seconds)")), "sys": float(field("System time (seconds)")),
            "peak_mib": int(field("Maximum resident set size (kbytes)")) / 1024}


def run_path(stages, out_path: str, tmp: str):
    """Run a pipeline of shell commands, each under GNU time; the last one's
    standard output to out_path. Returns (wall, [stats per stage])."""
    stats = [os.path.join(tmp, f"stage{i}.time") for i in range(len(stages))]
    line = " | ".join(timed(s, st) for s, st in zip(stages, stats))
    script = f"set -o pipefail; {line} > {shlex.quote(out_path)} 2> {shlex.quote(out_path + '.err')}"
    t = time.perf_counter()
    r = subprocess.run(["bash", "-c", script])
    wall = time.perf_counter() - t
    parsed = [parse_time(s) if os.path.getsize(s) else {"exit": -1} for s in stats]
    if r.returncode != 0 or any(p["exit"] != 0 for p in parsed):
        err = open(out_path + ".err", errors="replace").read()[-3000:]
        sys.exit(f"failed (exit {r.returncode}): {line}\n{err}")
    return wall, parsed


def diff(a, b, path="", out=None):
    out = [] if out is None else out
    if type(a) is not type(b):
        out.append(f"{path or '/'}: {json.dumps(a)[:80]} != {json.dumps(b)[:80]}")
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'direct' if k in a else 'pushdown'}")
            else:
                diff(a[k], b[k], f"{path}/{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}/{i}", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a)[:80]} != {json.dumps(b)[:80]}")
    return out


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000_000)
    ap.add_argument("--files", type=int, default=8, help="Parquet files in the lake")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--attain", default=str(HERE.parent / "target" / "release" / "attain"))
    ap.add_argument("--python", help="a Python with the duckdb module (default: a venv of its own)")
    ap.add_argument("--runner", choices=["cli", "python"], default="cli")
    ap.add_argument("--only", choices=["direct", "pushdown"])
    ap.add_argument("--no-check", action="store_true", help="time only (no untimed run to compare the reports)")
    ap.add_argument("--keep", action="store_true", help="keep the outputs (printed folder)")
    args = ap.parse_args()

    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time at /usr/bin/time (apt-get install time)")
    attain = Path(args.attain).resolve()
    if not attain.exists():
        sys.exit(f"{attain}: build it first (cargo build --release)")
    py = python_with_duckdb(args.python)
    lake, csv_path = make_data(py, args.rows, args.files)

    cli = py.parent / "duckdb"
    if args.runner == "cli" and not cli.exists():
        cli = shutil.which("duckdb")
    if args.runner == "cli" and cli:
        runner, runner_name = f"{shlex.quote(str(cli))} -csv", "duckdb -csv"
    else:
        runner, runner_name = f"{shlex.quote(str(py))} -c {shlex.quote(RUNNER)}", "python duckdb module"

    a, camp = shlex.quote(str(attain)), shlex.quote(str(CAMPAIGN))
    glob = shlex.quote(f"{lake}/*.parquet")
    paths = {
        "direct": [f"{a} report --locale en -t {camp} -f json {shlex.quote(str(csv_path))}"],
        "pushdown": [f"{a} sql --engine duckdb -t {camp} --from {glob}", runner,
                     f"{a} report --locale en -t {camp} -f json -"],
    }
    names = {"direct": ["attain report"], "pushdown": ["attain sql", runner_name.split()[0], "attain report"]}
    chosen = [args.only] if args.only else ["direct", "pushdown"]

    tmp = tempfile.mkdtemp(prefix="attain-pushdown-")
    print(f"{args.rows:,} source rows: lake {args.files} Parquet files, {size(lake) / 1e9:.2f} GB; "
          f"CSV {size(csv_path) / 1e9:.2f} GB; runner: {runner_name}")
    for name in chosen:
        print(f"  {name}: " + " | ".join(c.replace(str(attain), "attain").replace(str(CAMPAIGN), "bench/pushdown.toml")
                                         .replace(str(DATA), "$DATA").replace(str(cli), "duckdb")
                                         if len(c) < 300 else "python -c RUNNER" for c in paths[name]))

    # The check: one untimed run of each, the grouped rows kept (tee).
    outs, grouped_rows = {}, None
    for name in [] if args.no_check else chosen:
        stages = list(paths[name])
        if name == "pushdown":
            grouped = os.path.join(tmp, "grouped.csv")
            stages.insert(2, f"tee {shlex.quote(grouped)}")
        out = os.path.join(tmp, f"{name}.check.json")
        run_path(stages, out, tmp)
        outs[name] = json.load(open(out))
        if name == "pushdown":
            with open(grouped, "rb") as f:
                grouped_rows = sum(1 for _ in f) - 1
            grouped_bytes = os.path.getsize(grouped)
    same = None
    if len(outs) == 2:
        d = diff(outs["direct"], outs["pushdown"])
        same = not d
        print("JSON: the same" if same else f"JSON: {len(d)} differences (direct != pushdown):")
        for line in d[:40]:
            print("  " + line)
    if grouped_rows is not None:
        print(f"grouped rows attain reads: {grouped_rows:,} ({grouped_bytes / 1e6:.1f} MB of CSV)")

    # The timing: the paths in turn, runs times; the fastest run of each kept.
    best = {}
    for run in range(args.runs):
        for name in chosen:
            load = os.getloadavg()[0]
            wall, stats = run_path(paths[name], os.path.join(tmp, f"{name}.json"), tmp)
            print(f"  run {run + 1} {name}: {wall:.2f} s (load {load:.2f})", file=sys.stderr)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, stats, load)

    if not best:
        return 1 if same is False else 0
    print(f"fastest of {args.runs} runs each:")
    print(f"{'path':<9} {'wall s':>8}  {'load':>5}  {'process':<14} {'wall s':>8} {'user s':>7} {'sys s':>6} {'peak MiB':>9}")
    for name in chosen:
        wall, stats, load = best[name]
        for i, (proc, st) in enumerate(zip(names[name], stats)):
            head = f"{name:<9} {wall:>8.2f}  {load:>5.2f}" if i == 0 else f"{'':<9} {'':>8}  {'':>5}"
            print(f"{head}  {proc:<14} {st['wall']:>8.2f} {st['user']:>7.2f} {st['sys']:>6.2f} {st['peak_mib']:>9.1f}")
    if args.keep:
        print(f"outputs kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if same is False else 0


if __name__ == "__main__":
    sys.exit(main())
