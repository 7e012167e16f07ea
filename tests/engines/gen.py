"""Source rows for .ci/engines-check.sh, the same every run (seeded).

    python3 gen.py OUT

writes, from one list of rows (indicator, day, entity, value; entity and
value may be NULL):

- OUT/raw.csv: the rows as attain reads them directly (header
  indicator,period,entity,value; the period is the day; NULL is an empty
  cell). PostgreSQL loads the same file with COPY ... csv header, where an
  empty unquoted cell is NULL.
- OUT/lake/part-N.parquet (with pyarrow, when it is installed): the rows
  in several files, day a DATE, value a DECIMAL(12, 3), for DuckDB and Spark.
- OUT/csv-lake/part-N.csv: the same files as CSV (header
  indicator,day,entity,value; NULL an empty cell), a lake of text.

The rows fit tests/engines/campaign.toml (the 2024 campaign): 2023 for
last year's figures, 2024 up to 19 October, a few rows in 2022 and 2025
(outside both), an indicator the campaign does not know, NULL values and
NULL entities here and there, a few NULL indicators and days where attain
skips the row anyway, several rows a day for the flows. A `last`
indicator never has two different values for one entity on one day: which
one an engine would take is undefined.
"""

import csv
import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

SEED = 20241019
FIRST = dt.date(2023, 1, 1)  # the year before the campaign
LAST = dt.date(2024, 10, 19)  # the latest day of data in the campaign
ENTITIES = ["north", "south", "east", "west"]


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def amount(rng, low, high):
    """A value with up to three decimals, between low and high."""
    return Decimal(rng.randint(int(low * 1000), int(high * 1000))).scaleb(-3)


def rows(rng):
    """Every source row, as (indicator, day, entity or None, value or None)."""
    out = []

    def add(indicator, day, entity, value):
        # About one value in 150 is missing (an empty cell, counted as
        # empty_value).
        if rng.random() < 1 / 150:
            value = None
        # Now and then an entity typed with white space around it — a
        # space, a tab, the no-break space a web page pastes: the same
        # entity, to attain and to the query.
        if entity and rng.random() < 1 / 100:
            around = [" ", "", "  ", "\t", "\u00a0", "\u3000"]
            entity = rng.choice(around) + entity + rng.choice(around)
        # And an indicator with a tab or a no-break space after it.
        if rng.random() < 1 / 500:
            indicator = indicator + rng.choice(["\t", "\u00a0", " "])
        out.append((indicator, day, entity, value))

    for day in days(FIRST, LAST):
        # The year grows: 2024 a little above 2023.
        growth = 1.04 if day.year == 2024 else 1.0
        weekday = day.weekday() < 5
        # sales: several rows a day per entity, and a few for Hà Nội,
        # which has no target of its own.
        for entity in ENTITIES:
            for _ in range(rng.randint(0, 9)):
                add("sales", day, entity, amount(rng, 50, 500 * growth))
        for _ in range(rng.randint(0, 2)):
            add("sales", day, "Hà Nội", amount(rng, 10, 100))
        # visits: no entity.
        for _ in range(rng.randint(10, 35)):
            add("visits", day, None, Decimal(rng.randint(1, 40)))
        # exports: weekdays only, no entity.
        if weekday:
            for _ in range(rng.randint(3, 12)):
                add("exports", day, None, amount(rng, 1000, 5000 * growth))
        # satisfaction: a score of 1 to 5, its mean the figure.
        for _ in range(rng.randint(5, 25)):
            add("satisfaction", day, None, amount(rng, 1, 5))
        # headcount: one figure a weekday, now and then written twice.
        if weekday:
            value = Decimal(rng.randint(1100, 1300))
            add("headcount", day, None, value)
            if rng.random() < 0.1:
                out.append(("headcount", day, None, value))
        # stock_days: a figure per entity on most days.
        for entity in ENTITIES:
            if rng.random() < 0.6:
                add("stock_days", day, entity, amount(rng, 20, 55))
        # min_reserve: several readings a day, per entity.
        for entity in ["north", "south", "Hà Nội"]:
            for _ in range(rng.randint(0, 4)):
                add("min_reserve", day, entity, amount(rng, 95, 1000))
        # peak_load: per entity, and from September on also whole-campaign
        # readings (NULL entity), which then stand for the target.
        for entity in ENTITIES:
            for _ in range(rng.randint(0, 3)):
                add("peak_load", day, entity, amount(rng, 200, 900))
        if day.month >= 9:
            for _ in range(rng.randint(1, 3)):
                add("peak_load", day, None, amount(rng, 600, 960))
        # legacy_metric: an indicator this campaign does not know.
        for _ in range(rng.randint(0, 3)):
            entity = rng.choice([None, "north", "south"])
            add("legacy_metric", day, entity, amount(rng, -50, 50))
        # Now and then a row without an indicator (unknown_indicator too),
        # one of legacy_metric without a day, and one of a known indicator
        # without a day or a value (empty_value: a row without a value is
        # that whatever its day). A known indicator's row with a value and
        # no day would be a whole-campaign figure: not made here.
        if rng.random() < 0.05:
            out.append((None, day, rng.choice([None, "north"]), amount(rng, 1, 9)))
        if rng.random() < 0.05:
            out.append(("legacy_metric", None, None, amount(rng, 1, 9)))
        if rng.random() < 0.05:
            out.append((rng.choice(["sales", "headcount", "min_reserve"]), None, None, None))

    # Outside the campaign and the year before it.
    for day in list(days(dt.date(2022, 10, 1), dt.date(2022, 12, 31))) + list(
        days(dt.date(2025, 1, 1), dt.date(2025, 2, 15))
    ):
        for indicator in ["sales", "visits", "headcount", "peak_load", "legacy_metric"]:
            if rng.random() < 0.5:
                entity = rng.choice(ENTITIES) if indicator in ("sales", "peak_load") else None
                add(indicator, day, entity, amount(rng, 1, 999))
    rng.shuffle(out)
    return out


def text(value):
    """A decimal as a person writes it: 12.5, 7, -3.125."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def iso(day):
    return day.isoformat() if day else ""


def write_csv(path, source):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indicator", "period", "entity", "value"])
        for indicator, day, entity, value in source:
            w.writerow([indicator or "", iso(day), entity or "", text(value)])


def parts(source, files):
    size = -(-len(source) // files)
    return [source[n * size : (n + 1) * size] for n in range(files)]


def write_csv_lake(path, source, files=3):
    path.mkdir(parents=True, exist_ok=True)
    for n, part in enumerate(parts(source, files)):
        with open(path / f"part-{n}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["indicator", "day", "entity", "value"])
            for indicator, day, entity, value in part:
                w.writerow([indicator or "", iso(day), entity or "", text(value)])


def write_lake(path, source, files=4):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.mkdir(parents=True, exist_ok=True)
    schema = pa.schema(
        [
            ("indicator", pa.string()),
            ("day", pa.date32()),
            ("entity", pa.string()),
            ("value", pa.decimal128(12, 3)),
        ]
    )
    for n, part in enumerate(parts(source, files)):
        columns = list(zip(*part))
        table = pa.Table.from_arrays(
            [pa.array(list(c), type=f.type) for c, f in zip(columns, schema)], schema=schema
        )
        pq.write_table(table, path / f"part-{n}.parquet")


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    source = rows(random.Random(SEED))
    write_csv(out / "raw.csv", source)
    write_csv_lake(out / "csv-lake", source)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print("gen.py: no pyarrow: no Parquet lake written", file=sys.stderr)
    else:
        write_lake(out / "lake", source)
    print(f"gen.py: {len(source)} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
