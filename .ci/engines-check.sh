#!/usr/bin/env bash
# CI, after `cargo test`: does a query from `attain sql`, run by a real
# engine, give the report of the rows themselves? tests/engines/gen.py
# writes a seeded year and a half of source rows for the synthetic campaign
# tests/engines/campaign.toml (one target of each aggregate), as a csv, a
# Parquet lake and a PostgreSQL table; tests/engines/run.py has DuckDB,
# PostgreSQL and Spark (local, one session) run `attain sql`'s query for
# four as-of dates, and compares `attain report -f json` and `-f csv` of
# their grouped rows with the report of the raw csv: every target, every
# column and the `rows` ledger. One case also reads a table and a CSV
# lake, and pipes through `duckdb -csv`, `psql` and `spark-sql` the
# README's way.
# One line per check; exits 1 if any fails. Runs from any directory.
#
# Installs what it lacks: a Python venv with duckdb (the module and the
# command), pyspark and pyarrow (~/.cache/attain-venv-engines), and from Debian the PostgreSQL server
# and a Java runtime for Spark. The server is its own: initdb in a temp
# folder, a unix socket there and no TCP, stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECK=engines-check
# shellcheck source=.ci/skip.sh
source .ci/skip.sh

# ── Python: duckdb (and its command), pyspark (spark-sql too), pyarrow ──
command -v python3 >/dev/null || skip "no python3 to run the engines"
venv="$HOME/.cache/attain-venv-engines"
# Pinned: an engine's next release must not change what CI checks unseen.
wheels=(duckdb==2.0.1 duckdb-cli==1.5.6 pyspark==4.3.0 pyarrow==26.0.1)
if [ ! -x "$venv/bin/python" ] || [ ! -x "$venv/bin/duckdb" ] ||
    ! "$venv/bin/python" -c 'import duckdb, pyspark, pyarrow' 2>/dev/null; then
    echo "engines-check: installing ${wheels[*]} into $venv"
    python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 cannot make a venv (python3-venv missing)"
    "$venv/bin/pip" install -q "${wheels[@]}" >/dev/null 2>&1 ||
        skip "pip could not install ${wheels[*]}"
fi

# ── Debian: the PostgreSQL server and a Java runtime ─────────────────────
# initdb, pg_ctl and postgres are not on PATH in Debian's package: they are
# in /usr/lib/postgresql/VERSION/bin (the newest is taken).
pg_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"
            return
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null && command -v postgres >/dev/null; then
        dirname "$(command -v initdb)"
    fi
}
# Spark 4 runs on Java 17 or later.
java_ok() {
    command -v java >/dev/null || return 1
    local version
    version="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)"
    [ -n "$version" ] && [ "$version" -ge 17 ]
}
packages=()
[ -n "$(pg_bin)" ] && command -v psql >/dev/null || packages+=(postgresql postgresql-client)
java_ok || packages+=(default-jre-headless)
if [ "${#packages[@]}" -gt 0 ]; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            skip "${packages[*]} missing and this user cannot install them (not root, no sudo)"
        fi
    fi
    command -v apt-get >/dev/null || skip "${packages[*]} missing and there is no apt-get to install them"
    echo "engines-check: installing ${packages[*]}"
    if ! { "${sudo[@]}" apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
            "${packages[@]}"; } >/dev/null; then
        skip "apt-get could not install ${packages[*]}"
    fi
fi
pgbin="$(pg_bin)"
[ -n "$pgbin" ] || skip "no initdb, pg_ctl and postgres even after installing postgresql"
java_ok || skip "no Java 17 or later for Spark (java -version: $(java -version 2>&1 | head -n 1))"

# ── attain and the rows ──────────────────────────────────────────────────
# The debug build `cargo test` just made (brought up to date, never stale):
# the data is small, and a release build would add minutes to CI.
cargo build --quiet
attain="${CARGO_TARGET_DIR:-target}/debug/attain"
attain="$(cd "$(dirname "$attain")" && pwd)/attain"
tmp="$(mktemp -d)"
# The server's folder belongs to the user it runs as (postgres refuses
# root), so it is a folder of its own beside $tmp.
pgdir="$(mktemp -d)"
pg_as=()
pguser="$(id -un)"
cleanup() {
    if [ -f "$pgdir/data/postmaster.pid" ]; then
        "${pg_as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp" "$pgdir"
}
trap cleanup EXIT
"$venv/bin/python" tests/engines/gen.py "$tmp/data"

# ── PostgreSQL: a private server on a unix socket ────────────────────────
if [ "$(id -u)" -eq 0 ]; then
    pguser=postgres
    if ! id -u "$pguser" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$pguser"
    fi
    chown "$pguser" "$pgdir"
    pg_as=(runuser -u "$pguser" --)
fi
"${pg_as[@]}" "$pgbin/initdb" -D "$pgdir/data" -U "$pguser" -A trust -E UTF8 --locale=C \
    --no-sync >"$pgdir/initdb.log" 2>&1 || {
    cat "$pgdir/initdb.log"
    echo "engines-check: FAIL: initdb"
    exit 1
}
if ! "${pg_as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $pgdir -c fsync=off" start >/dev/null; then
    cat "$pgdir/server.log"
    echo "engines-check: FAIL: the PostgreSQL server did not start"
    exit 1
fi
psql=(psql -X -q -v ON_ERROR_STOP=1 -h "$pgdir" -U "$pguser" -d postgres)
"${psql[@]}" -c 'create table receipts (indicator text, day date, entity text, value numeric(12, 3))'
# The raw csv is the table: an empty unquoted cell is NULL.
"${psql[@]}" -c "\\copy receipts from '$tmp/data/raw.csv' with (format csv, header true)"
# The same rows with the day a timestamp, at 13:30 that day.
"${psql[@]}" -c "create table receipts_ts as
    select indicator, day + time '13:30' as day, entity, value from receipts"
# Under other names, as tests/engines/run.py's RENAMED.
"${psql[@]}" -c 'create view renamed as select indicator as "KPI",
    day as "Posted On", entity as branch, value as amount from receipts'

# ── The engines ──────────────────────────────────────────────────────────
start=$SECONDS
status=0
PATH="$venv/bin:$PATH" SPARK_LOCAL_IP=127.0.0.1 "$venv/bin/python" tests/engines/run.py \
    --attain "$attain" --data "$tmp/data" --pg-host "$pgdir" --pg-user "$pguser" \
    --spark-sql || status=$?
echo "engines-check: $((SECONDS - start)) s for the engines"
if [ "$status" -ne 0 ]; then
    echo "engines-check: FAILED"
    exit 1
fi
echo "engines-check: all checks passed"
