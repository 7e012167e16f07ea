//! A `rows` column: one row standing for many, as an engine groups them
//! (`attain sql`). The grouped file must give the figures and the ledger of
//! the rows it stands for, on every path.

use super::*;

/// Daily rows of every target of the test campaign for three entities and
/// the whole campaign, the year before and a few outside both, with empty
/// values and an unknown indicator among them; as (indicator, day, entity,
/// value) with `None` for an empty value.
fn source_rows() -> Vec<(&'static str, NaiveDate, String, Option<Decimal>)> {
    let mut rows = Vec::new();
    let ids = ["revenue", "rate", "spend", "score", "low", "unknown"];
    let start = NaiveDate::from_ymd_opt(2020, 11, 20).unwrap();
    for day in 0..(365 * 2 + 60) {
        let date = start + chrono::Days::new(day);
        for (i, id) in ids.iter().enumerate() {
            // `revenue` has rows every day (so that a year is compared
            // with the year before), the others on some days only; `rate`
            // (last) has one row per entity and day, so the latest is
            // never a tie.
            if i > 0 && (day + i as u64) % 3 != 0 {
                continue;
            }
            for e in 0..3u64 {
                let entity = if e == 0 && *id != "rate" {
                    String::new()
                } else {
                    format!("e{e}")
                };
                let value = ((day * 7 + e * 13 + i as u64) % 97) as i64;
                let value = (value % 11 != 0).then(|| Decimal::new(value * 25, 2));
                rows.push((*id, date, entity.clone(), value));
                if *id == "revenue" || *id == "score" {
                    rows.push((
                        *id,
                        date,
                        entity,
                        Some(Decimal::new(value.map_or(3, |_| 7), 1)),
                    ));
                }
            }
        }
    }
    rows
}

/// The rows grouped as `attain sql`'s query groups them: per indicator,
/// entity and month, or day in the months of `split`; a group's period is
/// its first to its last day (the last day for `last`), its value their
/// sum (`sum`, `mean`) or the last or least one; empty values one row per
/// indicator.
fn grouped(rows: &[(&str, NaiveDate, String, Option<Decimal>)], split: &[&str]) -> String {
    use std::collections::BTreeMap;
    let aggregate = |id: &str| match id {
        "rate" => "last",
        "low" => "min",
        _ => "sum",
    };
    type Key = (String, String, String);
    let mut groups: BTreeMap<Key, (Decimal, NaiveDate, NaiveDate, u64)> = BTreeMap::new();
    let mut empty: BTreeMap<String, u64> = BTreeMap::new();
    for (id, day, entity, value) in rows {
        let Some(value) = value else {
            *empty.entry(id.to_string()).or_default() += 1;
            continue;
        };
        let month = day.format("%Y-%m").to_string();
        let bucket = match split.contains(&month.as_str()) {
            true => day.to_string(),
            false => month,
        };
        let key = (id.to_string(), bucket, entity.clone());
        let g = groups.entry(key).or_insert((*value, *day, *day, 0));
        if g.3 > 0 {
            match aggregate(id) {
                "sum" => g.0 += value,
                "min" => g.0 = g.0.min(*value),
                _ if *day >= g.2 => g.0 = *value,
                _ => {}
            }
        }
        (g.1, g.2, g.3) = (g.1.min(*day), g.2.max(*day), g.3 + 1);
    }
    let mut csv = String::from("indicator,period,entity,value,rows\n");
    for ((id, _, entity), (value, first, last, n)) in groups {
        let period = match (aggregate(&id), first == last) {
            ("last", _) | (_, true) => last.to_string(),
            _ => format!("{first}..{last}"),
        };
        csv.push_str(&format!("{id},{period},{entity},{value},{n}\n"));
    }
    for (id, n) in empty {
        csv.push_str(&format!("{id},,,,{n}\n"));
    }
    csv
}

#[test]
fn grouped_rows_give_the_figures_and_ledger_of_their_source_rows_on_every_path() {
    let rows = source_rows();
    let mut raw = String::from("indicator,period,entity,value\n");
    for (id, day, entity, value) in &rows {
        let value = value.map(|v| v.to_string()).unwrap_or_default();
        raw.push_str(&format!("{id},{day},{entity},{value}\n"));
    }
    // The year-end, and a day in June: its month, and June a year
    // earlier (the cutoff of `previous`), are then grouped by day.
    for (as_of, split) in [
        (NaiveDate::from_ymd_opt(2022, 12, 31), &[][..]),
        (
            NaiveDate::from_ymd_opt(2022, 6, 15),
            &["2022-06", "2021-06"][..],
        ),
    ] {
        same_as_source_rows(&rows, &raw, as_of, split);
    }
}

fn same_as_source_rows(
    rows: &[(&str, NaiveDate, String, Option<Decimal>)],
    raw: &str,
    as_of: Option<NaiveDate>,
    split: &[&str],
) {
    let grouped = grouped(rows, split);
    let read = |bytes: &[u8]| {
        let options = ReadOptions {
            as_of,
            ..ReadOptions::new(Locale::En)
        };
        let input = Input::Memory {
            name: "a.csv".into(),
            bytes: bytes.to_vec(),
        };
        super::super::read(&campaign(), &[input], &options)
    };
    let (direct, pushed) = (read(raw.as_bytes()), read(grouped.as_bytes()));
    assert!(!direct.has_errors(), "{:?}", direct.diagnostics);
    assert!(grouped.lines().count() * 10 < raw.lines().count());
    assert_eq!(direct.ledger.read, rows.len() as u64);
    let counts = |l: &Ledger| (l.read, l.used, l.comparison, l.skipped);
    assert_eq!(counts(&pushed.ledger), counts(&direct.ledger), "{as_of:?}");
    assert!(direct.ledger.skipped(Skip::OutsideCampaign) > 0);
    assert!(direct.ledger.skipped(Skip::EmptyValue) > 0);
    assert!(direct.ledger.skipped(Skip::UnknownIndicator) > 0);
    assert!(direct.ledger.comparison > 0);
    for (d, p) in direct.figures.iter().zip(&pushed.figures) {
        let figure = |f: &Figure| (f.actual, f.rows_used, f.previous, f.coverage, f.latest_end);
        assert_eq!(figure(d), figure(p), "{as_of:?}");
        let entities = |f: &Figure| {
            f.entities
                .iter()
                .map(|e| (e.entity.clone(), e.actual, e.rows_used))
                .collect::<Vec<_>>()
        };
        assert_eq!(entities(d), entities(p));
    }
    assert_eq!(direct.as_of, pushed.as_of);
    assert_same(&every_path(grouped.as_bytes(), Locale::En));
}

#[test]
fn a_rows_cell_is_a_whole_number_of_at_least_one_or_empty() {
    for (cell, ok) in [
        ("", Some(1)),
        ("12", Some(12)),
        ("0", None),
        ("-3", None),
        ("1.5", None),
        ("1,200", None),
        ("+4", None),
        (" 4", None),
        ("x", None),
        ("4294967295", Some(4_294_967_295)),
        ("4294967296", None),
    ] {
        assert_eq!(rows::weight(cell).ok(), ok, "{cell:?}");
    }
    let csv = "indicator,period,value,rows\nrevenue,2022-01,5,two\n";
    let ingest = read(csv.as_bytes(), Locale::En, None);
    assert_eq!(ingest.diagnostics[0].code, "bad_number");
    assert!(
        errors(&ingest)[0].contains("'two' in the rows column"),
        "{:?}",
        errors(&ingest)
    );
}

#[test]
fn repeated_grouped_lines_count_every_row_they_stand_for_on_every_path() {
    // The same line again and again is folded by its key on the fast
    // path (a tally of lines), and each line still counts its rows.
    let mut csv = String::from("indicator,period,entity,value,rows\n");
    for i in 0..300 {
        csv.push_str(&format!(
            "revenue,2022-{:02},e{},2.5,3\n",
            i % 12 + 1,
            i % 5
        ));
        csv.push_str(&format!("score,2022-{:02},,{},4\n", i % 12 + 1, i % 7));
        csv.push_str(&format!("rate,2022-{:02},e{},1,2\n", i % 12 + 1, i % 3));
    }
    csv.push_str("revenue,2022-01,,x,5\nspend,2022-01,,,6\nnope,2022-01,,1,7\n");
    let results = every_path(csv.as_bytes(), Locale::En);
    let first = &results[0].1;
    let l = &first.ledger;
    assert_eq!(l.read, 300 * (3 + 4 + 2) + 5 + 6 + 7);
    assert_eq!(l.skipped(Skip::EmptyValue), 6);
    assert_eq!(l.skipped(Skip::UnknownIndicator), 7);
    assert_eq!(first.figures[0].rows_used, 900);
    assert_eq!(first.figures[0].actual, Some(Decimal::new(750, 0)));
    // score: 300 lines, each the sum of 4 rows; the mean divides by 1,200.
    assert_eq!(first.figures[3].rows_used, 1200);
    let sum: i64 = (0..300).map(|i| i % 7).sum();
    assert_eq!(
        first.figures[3].actual,
        Decimal::from(sum).checked_div(Decimal::from(1200))
    );
    assert_eq!(first.figures[1].rows_used, 600);
    // The malformed value is an error on every path; all else agrees.
    assert_eq!(errors(first).len(), 1);
    assert_same(&results);
}
