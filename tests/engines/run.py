"""Pushed-down queries on real engines give the report of the rows themselves.

    python run.py --attain BIN --data DIR [--engines duckdb,postgres,spark]
                  [--pg-host SOCKETDIR --pg-user USER --pg-db DB] [--spark-sql]

DIR holds what gen.py wrote (raw.csv, lake/*.parquet, csv-lake/*.csv);
PostgreSQL has the same rows as the table `receipts`, and as
`receipts_ts` with the day a timestamp (.ci/engines-check.sh starts the
server and loads them). For every as-of case and engine:

    attain sql --engine E -t campaign.toml --from SRC [--as-of D]
      -> the engine runs the query and writes its rows as CSV
      -> attain report --locale en -t campaign.toml -f json|csv [--as-of D] -

must print what `attain report` prints for DIR/raw.csv: every target,
every column, the summary and the `rows` ledger (read, used, comparison,
every skip count). Only where a warning points differs (raw.csv:123 or
standard input), and is left out of the comparison.

DuckDB runs in this process (the duckdb module), as does Spark (pyspark,
one local session for every query); PostgreSQL through `psql -X --csv -f -`
as the README pipes it. One case (MORE) also reads the rows with the day a
TIMESTAMP (a table in DuckDB and PostgreSQL, a view in Spark) and as a
CSV lake (the day ISO text to Spark) in DuckDB and Spark, under other
column names (--indicator, --date, --entity, --value) in all three, and goes through the engines' own
commands as the README pipes them: `duckdb -csv` (when on PATH) and, with
--spark-sql, `spark-sql` (tab-separated; a JVM of its own, ~30 s). One line
per check; exits 1 if any fails.
"""

import argparse
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAMPAIGN = HERE / "campaign.toml"

# (what, --as-of, campaign): the data ends on Saturday 19 October 2024.
# "mid-month start" is campaign.toml from 16 January 2024 to 15 January
# 2025: the query must cut January at the campaign's start (and a year
# earlier) as attain does.
CASES = [
    ("as of the rows' latest day", None, "calendar"),
    ("as of mid-month", "2024-06-14", "calendar"),
    ("as of the leap day", "2024-02-29", "calendar"),
    ("as of the campaign's end", "2024-12-31", "calendar"),
    ("mid-month start, as of the rows' latest day", None, "mid-month start"),
    ("mid-month start, as of mid-month", "2024-05-20", "mid-month start"),
]
# The case that also runs the other sources (a table, a CSV lake) and the
# engines' own commands as the README pipes them.
MORE = "2024-06-14"


def campaigns(tmp):
    """Campaign name -> file."""
    text = CAMPAIGN.read_text()
    shifted = text.replace('period = "2024"', "start = 2024-01-16\nend = 2025-01-15")
    assert shifted != text
    path = tmp / "mid-month-start.toml"
    path.write_text(shifted)
    return {"calendar": CAMPAIGN, "mid-month start": path}


class Attain:
    def __init__(self, binary):
        self.binary = binary

    def run(self, args, stdin=None):
        done = subprocess.run(
            [self.binary, *args], input=stdin, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise Failure(
                f"attain {' '.join(args)} exited {done.returncode}:\n"
                + done.stderr.decode(errors="replace")
            )
        return done.stdout

    def sql(self, campaign, engine, source, as_of):
        """The query; `source` is --from's value, or a list of options."""
        source = ["--from", source] if isinstance(source, str) else source
        args = ["sql", "--engine", engine, "-t", str(campaign), *source]
        return self.run(args + as_of_args(as_of)).decode()

    def view(self, campaign, view, as_of, path, stdin=None, extra=()):
        """One of VIEWS of the rows in `path` (`-`: stdin)."""
        command, fmt, options, _ = VIEWS[view]
        if command == "report" and fmt == "csv" and "--delimiter" in extra:
            # Tab-separated in, but `-f csv` out comma-separated, as the
            # raw rows' report is (README).
            extra = (*extra, "--out-delimiter", ",")
        args = [command, "--locale", "en", "-t", str(campaign), "-f", fmt, *options, *extra]
        return self.run(args + as_of_args(as_of) + [path], stdin=stdin)

    def views(self, campaign, as_of, path, stdin=None, extra=()):
        return {
            view: flatten(self.view(campaign, view, as_of, path, stdin, extra))
            for view, (_, _, _, flatten) in VIEWS.items()
        }


class Failure(Exception):
    pass


def as_of_args(as_of):
    return ["--as-of", as_of] if as_of else []


def statements(query):
    """The query's statements: separated by `;` and a line break."""
    return [s.strip() for s in re.split(r";[ \t]*\r?\n", query) if s.strip().rstrip(";")]


def no_nulls(engine, header, rows):
    """The contract: no NULL in the output (a NULL entity is '')."""
    for row in rows:
        if any(v is None for v in row):
            raise Failure(f"{engine} printed a NULL: {dict(zip(header, row))}")


# ── The engines: each runs the query and returns its rows as CSV bytes ──


class DuckDB:
    """The duckdb module, in this process; `receipts` is the lake as a
    table whose day is a TIMESTAMP (13:30 that day)."""

    def __init__(self, data):
        import duckdb

        self.con = duckdb.connect()
        self.con.execute("set threads = 2")
        lake = data / "lake" / "*.parquet"
        self.con.execute(RENAMED.format(lake=f"read_parquet('{lake}')", q='"'))
        self.con.execute(
            "create table receipts as select indicator,"
            " cast(day as timestamp) + interval 13 hours + interval 30 minutes as day,"
            f" entity, value from read_parquet('{lake}')"
        )

    def run(self, query, tmp):
        rel = self.con.sql(query)
        no_nulls("duckdb", rel.columns, rel.fetchall())
        out = tmp / "duckdb.csv"
        rel.write_csv(str(out), header=True)
        return out.read_bytes()


# The rows under other column names, one with a space and capitals (a
# quoted identifier in every engine): --indicator KPI --date 'Posted On'
# --entity branch --value amount. .ci/engines-check.sh makes the same
# view in PostgreSQL.
RENAMED = (
    "create or replace temporary view renamed as select indicator as {q}KPI{q},"
    " day as {q}Posted On{q}, entity as branch, value as amount from {lake}"
)
RENAMED_OPTIONS = ["--from", "renamed", "--indicator", "KPI", "--date", "Posted On"]
RENAMED_OPTIONS += ["--entity", "branch", "--value", "amount"]


def duckdb_cli(query, tmp):
    """The README's pipe: the query on standard input of `duckdb -csv`."""
    return command(["duckdb", "-csv"], query, "duckdb -csv")


class Postgres:
    """The README's pipe: the query on standard input of `psql -X --csv -f -`."""

    def __init__(self, host, user, db):
        self.connect = ["-h", host, "-U", user, "-d", db]

    def run(self, query, tmp):
        # A NULL shown as a word no value holds, to see one.
        argv = ["psql", "-X", "--csv", "-v", "ON_ERROR_STOP=1", "-P", "null=<NULL>"]
        out = command(argv + self.connect + ["-f", "-"], query, "psql")
        if b"<NULL>" in out:
            lines = [line for line in out.decode().splitlines() if "<NULL>" in line]
            raise Failure("postgres printed a NULL:\n" + "\n".join(lines[:20]))
        return out


def command(argv, stdin, name, cwd=None):
    done = subprocess.run(argv, input=stdin.encode(), capture_output=True, cwd=cwd, check=False)
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace")[-3000:]
        raise Failure(f"{name} exited {done.returncode}:\n{error}")
    return done.stdout


SPARK_CONF = {
    "spark.master": "local[2]",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.catalogImplementation": "in-memory",
}


class Spark:
    """pyspark, one local session for every query: each `;`-separated
    statement run in turn, the last one's rows written as CSV. `receipts`
    is the lake as a temporary view whose day is a TIMESTAMP (13:30)."""

    def __init__(self, data, tmp):
        self.data = data
        self.tmp = tmp
        self.session = None

    def start(self):
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("attain-engines-check")
        for key, value in SPARK_CONF.items():
            builder = builder.config(key, value)
        builder = builder.config("spark.sql.shuffle.partitions", "4")
        builder = builder.config("spark.sql.warehouse.dir", str(self.tmp / "spark-warehouse"))
        self.session = builder.getOrCreate()
        self.session.sparkContext.setLogLevel("ERROR")
        lake = str(self.data / "lake" / "*.parquet")
        self.session.sql(RENAMED.format(lake=f"parquet.`{lake}`", q="`")).collect()
        self.session.read.parquet(lake).selectExpr(
            "indicator",
            "cast(day as timestamp) + interval 13 hours 30 minutes as day",
            "entity",
            "value",
        ).createOrReplaceTempView("receipts")

    def run(self, query, tmp):
        if self.session is None:
            self.start()
        parts = statements(query)
        for statement in parts[:-1]:
            self.session.sql(statement).collect()
        df = self.session.sql(parts[-1])
        # Each column as Spark writes it as text (a DECIMAL(38,6) keeps its
        # six places), as spark-sql would print it.
        text = df.selectExpr(*[f"cast(`{c}` as string) as `{c}`" for c in df.columns])
        rows = [tuple(r) for r in text.collect()]
        no_nulls("spark", df.columns, rows)
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(df.columns)
        w.writerows(rows)
        return out.getvalue().encode()

    def stop(self):
        if self.session is not None:
            self.session.stop()


def quiet_spark(tmp):
    """Spark logs errors only (its start-up chatter would bury the checks)."""
    conf = tmp / "spark-conf"
    conf.mkdir()
    (conf / "log4j2.properties").write_text(
        "rootLogger.level = error\n"
        "rootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\n"
        "appender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\n"
        "appender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n"
    )
    os.environ["SPARK_CONF_DIR"] = str(conf)


def spark_sql_cli(query, tmp):
    """The README's pipe: `spark-sql --hiveconf hive.cli.print.header=true
    -f q.sql`, tab-separated with a header (a JVM of its own)."""
    path = tmp / "q.sql"
    path.write_text(query)
    work = tmp / "spark-sql"
    work.mkdir(exist_ok=True)
    argv = ["spark-sql"]
    for key, value in SPARK_CONF.items():
        argv += ["--conf", f"{key}={value}"]
    argv += ["--conf", f"spark.sql.warehouse.dir={work / 'warehouse'}"]
    argv += ["--hiveconf", "hive.cli.print.header=true", "-f", str(path)]
    return command(argv, "", "spark-sql", cwd=work)


# ── Comparing two reports ────────────────────────────────────────────────


def flatten_json(data):
    """Path -> value text, numbers as written; a target by its id (and entity)."""
    doc = json.loads(data, parse_float=str, parse_int=str)
    # `check` lists each skipped row at its file:line: the grouped rows are
    # other lines; their counts (rows.skipped) are compared.
    if isinstance(doc.get("rows"), dict):
        doc["rows"].pop("listed", None)
        doc["rows"].pop("not_listed", None)
    out = {}

    def walk(path, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{path}.{k}" if path else k, v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                key = str(i)
                if isinstance(v, dict) and "id" in v:
                    key = v["id"] + (f"/{v['entity']}" if v.get("entity") else "")
                elif isinstance(v, dict) and "period" in v:
                    key = v["period"]
                walk(f"{path}[{key}]", v)
        else:
            out[path] = value

    # A warning's place is the file it was read from: raw.csv:123 or
    # standard input; what it says must agree.
    for w in doc.get("warnings", []) + doc.get("errors", []):
        for k in ("file", "line", "column"):
            w.pop(k, None)
    walk("", doc)
    return out


def flatten_csv(data):
    rows = list(csv.reader(io.StringIO(data.decode())))
    out = {"header": ",".join(rows[0]) if rows else ""}
    for row in rows[1:]:
        record = dict(zip(rows[0], row))
        key = record.get("id", "?") + (f"/{record['entity']}" if record.get("entity") else "")
        for col, value in record.items():
            out[f"{key}.{col}"] = value
    return out


def diff(expected, got, engine):
    lines = []
    for key in sorted(set(expected) | set(got), key=str):
        a, b = expected.get(key, "(absent)"), got.get(key, "(absent)")
        if a != b:
            lines.append(f"    {key}: raw rows {a!r}, {engine} {b!r}")
    return lines


# What is compared: the report as json and csv, by entity and by period,
# and what `check` finds. name -> (command, -f, options, flatten).
VIEWS = {
    "-f json": ("report", "json", (), flatten_json),
    "-f csv": ("report", "csv", (), flatten_csv),
    "--by entity -f json": ("report", "json", ("--by", "entity"), flatten_json),
    "--by period -f json": ("report", "json", ("--by", "period"), flatten_json),
    "check -f json": ("check", "json", (), flatten_json),
}


# ── The run ──────────────────────────────────────────────────────────────


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--attain", required=True)
    p.add_argument("--data", required=True, type=Path)
    p.add_argument("--engines", default="duckdb,postgres,spark")
    p.add_argument("--pg-host")
    p.add_argument("--pg-user", default="postgres")
    p.add_argument("--pg-db", default="postgres")
    p.add_argument("--spark-sql", action="store_true", help="also pipe one case through spark-sql")
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="attain-engines-"))
    try:
        passed, failed = check(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"engines: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def check(args, tmp):
    """Every case on every engine; the numbers of checks passed and failed."""
    attain = Attain(args.attain)
    data = args.data.resolve()
    raw = str(data / "raw.csv")
    quiet_spark(tmp)

    names = args.engines.split(",")
    duck = DuckDB(data) if "duckdb" in names else None
    pg = Postgres(args.pg_host, args.pg_user, args.pg_db) if "postgres" in names else None
    spark = Spark(data, tmp) if "spark" in names else None
    parquet = str(data / "lake" / "*.parquet")
    csv_lake = str(data / "csv-lake" / "*.csv")

    def runs(as_of):
        """(what, engine, --from, runner, report options) for one case: every
        engine on every case; the other sources and the commands once."""
        out = []
        if duck:
            out.append(("duckdb", "duckdb", parquet, duck.run, ()))
        if pg:
            out.append(("postgres", "postgres", "receipts", pg.run, ()))
        if spark:
            out.append(("spark", "spark", parquet, spark.run, ()))
        if as_of != MORE:
            return out
        if pg:
            out.append(("postgres, timestamps", "postgres", "receipts_ts", pg.run, ()))
            out.append(("postgres, columns named", "postgres", RENAMED_OPTIONS, pg.run, ()))
        if duck:
            out.append(("duckdb, a table of timestamps", "duckdb", "receipts", duck.run, ()))
            out.append(("duckdb, a CSV lake", "duckdb", csv_lake, duck.run, ()))
            out.append(("duckdb, columns named", "duckdb", RENAMED_OPTIONS, duck.run, ()))
            if shutil.which("duckdb"):
                out.append(("duckdb -csv", "duckdb", parquet, duckdb_cli, ()))
        if spark:
            out.append(("spark, a view of timestamps", "spark", "receipts", spark.run, ()))
            out.append(("spark, a CSV lake", "spark", csv_lake, spark.run, ()))
            out.append(("spark, columns named", "spark", RENAMED_OPTIONS, spark.run, ()))
            if args.spark_sql:
                tab = ("--delimiter", "tab")
                out.append(("spark-sql", "spark", parquet, spark_sql_cli, tab))
        return out

    passed = failed = 0

    def result(ok, what, details=()):
        nonlocal passed, failed
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        for line in details:
            print(line)
        passed += ok
        failed += not ok

    files = campaigns(tmp)
    for what, as_of, campaign in CASES:
        label = f"{what}" + (f" (--as-of {as_of})" if as_of else "")
        campaign = files[campaign]
        expected = attain.views(campaign, as_of, raw)
        for name, engine, source, run, extra in runs(as_of):
            start = time.monotonic()
            try:
                query = attain.sql(campaign, engine, source, as_of)
                rows = run(query, tmp)
                took = time.monotonic() - start
                got = attain.views(campaign, as_of, "-", rows, extra)
            except Failure as e:
                result(False, f"{name}, {label}: {e}")
                continue
            except Exception as e:  # an engine's own error: the query did not run
                result(False, f"{name}, {label}: {type(e).__name__}: {str(e)[:3000]}")
                continue
            grouped = rows.count(b"\n") - 1
            details = []
            for view in VIEWS:
                lines = diff(expected[view], got[view], name)
                if lines:
                    details.append(f"  {view}: {len(lines)} differences")
                    details.extend(lines[:15])
                    if len(lines) > 15:
                        details.append(f"    … and {len(lines) - 15} more")
            source_rows = expected["-f json"].get("rows.read")
            result(
                not details,
                f"{name}, {label}: the reports as from the raw rows "
                f"({grouped} grouped rows for {source_rows}; {took:.1f} s)",
                details,
            )

    if spark:
        spark.stop()
    return passed, failed


if __name__ == "__main__":
    main()
