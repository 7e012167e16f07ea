//! `attain sql`: the query that groups a warehouse's or a lake's rows in
//! the engine, written from the campaign so that its rules cannot be got
//! wrong (docs/reference.md §3, "Grouped rows from an engine").
//!
//! One grouped row stands for the source rows of one indicator, entity and
//! month, and says how many they were (`rows`): their sum for `sum` and
//! `mean`, their last value for `last`, their least or greatest for `min`
//! and `max`. Its period is their first to their last day (the last day
//! alone for `last`), so that the as-of date, the span a figure covers and
//! the year-earlier comparison come out as from the source rows. A month
//! that a cut falls inside — the campaign's start or end, the as-of date,
//! those dates a year earlier — is grouped by day, so that no group holds
//! rows from both sides of it; so is every month of a campaign that does
//! not start on the 1st, whose steps (`--by period`) are not calendar
//! months. Rows attain would skip are grouped too, one
//! row per indicator, so that the ledger still counts every source row:
//! rows of indicators the campaign does not know, rows without a value,
//! rows outside the campaign and the year before it.

use std::fmt::Write as _;

use chrono::{Datelike, Months, NaiveDate};

use crate::campaign::{Aggregate, Campaign};
use crate::diagnostic::Said;
use crate::period::{Span, year_before};

/// The SQL dialects attain writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    DuckDb,
    Postgres,
    Spark,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::DuckDb => "duckdb",
            Engine::Postgres => "postgres",
            Engine::Spark => "spark",
        }
    }

    /// How a CTE read twice (the as-of date, then the rows) is kept from
    /// being stored whole: DuckDB would hold 100 million rows in memory
    /// (5.7 GB) rather than read the files twice. Spark inlines by itself.
    fn inlined(self) -> &'static str {
        match self {
            Engine::DuckDb | Engine::Postgres => "not materialized ",
            Engine::Spark => "",
        }
    }

    /// `text` without the white space at its ends, all of what attain
    /// trims (Unicode's White_Space: tabs, line ends, the no-break space
    /// pasted from a web page …), not only the spaces SQL's `trim` takes.
    fn trim(self, text: &str) -> String {
        let pattern = match self {
            // RE2: `\s` is ASCII without the vertical tab; `\pZ` the
            // Unicode spaces and separators.
            Engine::DuckDb => r"^[\s\x0B\x{85}\pZ]+|[\s\x0B\x{85}\pZ]+$",
            // PostgreSQL's `\s` follows the locale: name the rest.
            Engine::Postgres => {
                r"^[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$"
            }
            // Java's regular expressions, in a Spark string literal (whose
            // backslashes are escapes themselves).
            Engine::Spark => r"^[\\s\\x{85}\\p{Z}]+|[\\s\\x{85}\\p{Z}]+$",
        };
        match self {
            Engine::Spark => format!("regexp_replace({text}, '{pattern}', '')"),
            Engine::DuckDb | Engine::Postgres => {
                format!("regexp_replace({text}, '{pattern}', '', 'g')")
            }
        }
    }

    /// A column name, quoted.
    fn ident(self, name: &str) -> String {
        match self {
            Engine::Spark => format!("`{}`", name.replace('`', "``")),
            Engine::DuckDb | Engine::Postgres => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    fn text(self) -> &'static str {
        match self {
            Engine::DuckDb => "varchar",
            Engine::Postgres => "text",
            Engine::Spark => "string",
        }
    }

    fn decimal(self, scale: u32) -> String {
        match self {
            // `numeric` without a scale is exact whatever the data holds.
            Engine::Postgres => "numeric".into(),
            Engine::DuckDb | Engine::Spark => format!("decimal(38, {scale})"),
        }
    }

    /// `date` as `2022-03` (month) or `2022-03-05` (day).
    fn format(self, date: &str, day: bool) -> String {
        match (self, day) {
            (Engine::DuckDb, false) => format!("strftime({date}, '%Y-%m')"),
            (Engine::DuckDb, true) => format!("strftime({date}, '%Y-%m-%d')"),
            (Engine::Postgres, false) => format!("to_char({date}, 'YYYY-MM')"),
            (Engine::Postgres, true) => format!("to_char({date}, 'YYYY-MM-DD')"),
            (Engine::Spark, false) => format!("date_format({date}, 'yyyy-MM')"),
            (Engine::Spark, true) => format!("date_format({date}, 'yyyy-MM-dd')"),
        }
    }

    /// The month of `date` one year earlier, as `2021-03`.
    fn month_a_year_earlier(self, date: &str) -> String {
        match self {
            Engine::DuckDb => format!("strftime({date} - interval 1 year, '%Y-%m')"),
            Engine::Postgres => format!("to_char({date} - interval '1 year', 'YYYY-MM')"),
            Engine::Spark => format!("date_format(add_months({date}, -12), 'yyyy-MM')"),
        }
    }

    /// Whether `date` one year earlier is not the last day of its month:
    /// then the comparison's end falls inside that month.
    fn year_earlier_inside_month(self, date: &str) -> String {
        match self {
            Engine::DuckDb => format!(
                "cast({date} - interval 1 year as date) <> last_day({date} - interval 1 year)"
            ),
            Engine::Postgres => format!(
                "cast({date} - interval '1 year' as date) <> cast(date_trunc('month', {date} - interval '1 year') + interval '1 month - 1 day' as date)"
            ),
            Engine::Spark => {
                format!("add_months({date}, -12) <> last_day(add_months({date}, -12))")
            }
        }
    }

    /// The value on the latest day of the group, of the rows `filter`
    /// lets in.
    /// A row without a day is the whole campaign's (its `end`), as an
    /// empty period is: it still has a latest value.
    fn last(self, filter: &str, end: NaiveDate) -> String {
        let d = format!("coalesce(d, {})", date(end));
        match self {
            Engine::DuckDb => format!("arg_max(v, {d}) {filter}"),
            Engine::Spark => format!("max_by(v, {d}) {filter}"),
            // No arg_max: the greatest [day, value] pair, whose second
            // element is the value of the latest day.
            Engine::Postgres => {
                format!("(max(array[({d} - date '1970-01-01')::numeric, v]) {filter})[2]")
            }
        }
    }
}

/// Where the rows are and which of their columns attain needs.
#[derive(Debug, Clone)]
pub struct Source {
    /// A table (or view) name, used as written, or for DuckDB and Spark a
    /// path or glob of Parquet or CSV files.
    pub from: String,
    pub indicator: String,
    pub date: String,
    /// None: the rows have no entity (each is a whole-campaign figure).
    pub entity: Option<String>,
    pub value: String,
}

/// Why no query can be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlError {
    /// A file glob for PostgreSQL, which reads tables.
    FilesForPostgres(String),
    /// A campaign no row can name (all its targets are formulas of nothing).
    NoIndicators,
    /// A scale beyond what DECIMAL(38, s) holds with room for sums.
    Scale(u32),
}

impl SqlError {
    /// Why, in both languages.
    pub fn said(&self) -> Said {
        match self {
            SqlError::FilesForPostgres(from) => Said::new(
                format!(
                    "--from '{from}' names files, and PostgreSQL reads tables: load them into a table (COPY) and name it, or use --engine duckdb"
                ),
                format!(
                    "--from '{from}' là tệp, mà PostgreSQL đọc bảng: hãy nạp chúng vào một bảng (COPY) rồi ghi tên bảng, hoặc dùng --engine duckdb"
                ),
            ),
            SqlError::NoIndicators => Said::new(
                "the campaign has no indicator that rows can name: nothing to query",
                "kế hoạch không có chỉ tiêu nào mà dòng số liệu có thể ghi: không có gì để truy vấn",
            ),
            SqlError::Scale(s) => Said::new(
                format!("--scale {s} leaves too few digits for sums; use 0 to 18 decimals"),
                format!(
                    "--scale {s} để lại quá ít chữ số cho phép cộng; hãy dùng từ 0 đến 18 chữ số thập phân"
                ),
            ),
        }
    }
}

/// What kind of files `from` names, if it names files.
fn files(from: &str) -> Option<&'static str> {
    let lower = from.to_ascii_lowercase();
    let lower = lower.trim_end_matches(".gz").trim_end_matches(".zst");
    if lower.ends_with(".parquet") {
        Some("parquet")
    } else if lower.ends_with(".csv") || lower.ends_with(".tsv") {
        Some("csv")
    } else {
        None
    }
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn date(d: NaiveDate) -> String {
    format!("date '{d}'")
}

/// A day's month as `2022-03`.
fn month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The months a cut falls inside: each cut is the first day on its side,
/// and a cut on the 1st falls between months.
fn cut_months(cuts: &[NaiveDate]) -> Vec<String> {
    let mut months: Vec<String> = cuts
        .iter()
        .filter(|d| d.day() != 1)
        .map(|d| month(*d))
        .collect();
    months.sort();
    months.dedup();
    months
}

/// The day after `d` (the cut after a last day).
fn after(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// The name attain's query gives an aggregate (none set: like `last`,
/// which is what one row gives; several make attain ask for one).
fn how(aggregate: Option<Aggregate>) -> &'static str {
    match aggregate {
        Some(Aggregate::Sum | Aggregate::Mean) => "sum",
        Some(Aggregate::Min) => "min",
        Some(Aggregate::Max) => "max",
        Some(Aggregate::Last) | None => "last",
    }
}

/// The query for `campaign`'s rows in `source`, for `engine`. `as_of`:
/// the report's date when it is given (`--as-of`); without it the query
/// finds it as attain does, the latest day with a value inside the
/// campaign. `scale`: the decimals each value is cast to (PostgreSQL's
/// `numeric` needs none).
pub fn query(
    campaign: &Campaign,
    engine: Engine,
    source: &Source,
    as_of: Option<NaiveDate>,
    scale: u32,
) -> Result<String, SqlError> {
    if scale > 18 {
        return Err(SqlError::Scale(scale));
    }
    let kind = files(&source.from);
    if engine == Engine::Postgres && kind.is_some() {
        return Err(SqlError::FilesForPostgres(source.from.clone()));
    }
    if campaign.indicators.is_empty() {
        return Err(SqlError::NoIndicators);
    }
    let e = engine;
    let window = campaign.span;
    let prior = window.year_earlier();
    let mut cuts = vec![
        window.start,
        after(window.end),
        prior.start,
        after(prior.end),
    ];
    if let Some(as_of) = as_of {
        cuts.extend([after(as_of), after(year_before(as_of))]);
    }
    // The steps of `--by period` end a month apart from the start; one
    // year before each, the comparison stops: a day that can end inside a
    // month (28 February of a leap year).
    let mut k = 1;
    while let Some(next) = window.start.checked_add_months(Months::new(k)) {
        if next > window.end || k > 1200 {
            break;
        }
        let step_end = next.pred_opt().unwrap_or(next);
        cuts.push(after(year_before(step_end)));
        k += 1;
    }
    let split = cut_months(&cuts);

    let mut q = String::new();
    let _ = writeln!(
        q,
        "-- attain sql --engine {}: the campaign's rows grouped for `attain report`.",
        e.name()
    );
    q.push_str(
        "-- Columns indicator, period, entity, value, rows; values print as 1234.5,\n\
         -- so read the output with `attain report --locale en -`.\n",
    );
    let from = match (e, kind) {
        (Engine::DuckDb, Some("parquet")) => format!("read_parquet({})", literal(&source.from)),
        // Every column as text, cast by the query: a guessed type would
        // read `007` as 7 and a long value as a double.
        (Engine::DuckDb, Some(_)) => {
            format!("read_csv({}, all_varchar = true)", literal(&source.from))
        }
        // One statement: spark-sql prints a header for each, and a view's
        // would come first. CSV files need their header read, which only
        // a view's options can ask for.
        (Engine::Spark, Some("parquet")) => format!("parquet.`{}`", source.from.replace('`', "``")),
        (Engine::Spark, Some(kind)) => {
            let options = match kind {
                "csv" => ", header 'true', inferSchema 'false'",
                _ => "",
            };
            let _ = writeln!(
                q,
                "create or replace temporary view attain_source using {kind} options (path {}{options});",
                literal(&source.from)
            );
            "attain_source".into()
        }
        _ => source.from.clone(),
    };
    let text = e.text();
    let trimmed = |column: &str| e.trim(&format!("cast({} as {text})", e.ident(column)));
    // attain reads a name in its composed form (NFC), so that "Từ Sơn"
    // typed on two keyboards is one entity; so does the query, where the
    // engine can (Spark SQL has no such function).
    let entity = match (&source.entity, e) {
        (Some(column), Engine::DuckDb) => {
            format!("coalesce(nfc_normalize({}), '')", trimmed(column))
        }
        (Some(column), Engine::Postgres) => {
            format!("coalesce(normalize({}, NFC), '')", trimmed(column))
        }
        (Some(column), Engine::Spark) => format!("coalesce({}, '')", trimmed(column)),
        (None, _) => "''".into(),
    };
    let values: Vec<String> = campaign
        .indicators
        .iter()
        .map(|i| format!("({}, '{}')", literal(&i.id), how(i.aggregate)))
        .collect();
    let indicator = format!("coalesce({}, '')", trimmed(&source.indicator));
    let _ = write!(
        q,
        "with source as {inlined}(\n  select {indicator} as ind,\n         cast({date} as date) as d,\n         {entity} as ent,\n         cast({value} as {decimal}) as v\n  from {from}\n),\n",
        date = e.ident(&source.date),
        value = e.ident(&source.value),
        decimal = e.decimal(scale),
        inlined = e.inlined(),
    );
    let known = values.join(",\n    ");
    match e {
        Engine::Spark => {
            let _ = write!(
                q,
                "known as (\n  select * from values\n    {known}\n    as k(ind, how)\n),\n"
            );
        }
        Engine::DuckDb | Engine::Postgres => {
            let _ = write!(
                q,
                "known as (\n  select * from (values\n    {known}) as k(ind, how)\n),\n"
            );
        }
    }
    let inside =
        |d: &str, span: Span| format!("{d} between {} and {}", date(span.start), date(span.end));
    // Without --as-of, the as-of date is the latest day with a value of a
    // known indicator inside the campaign; a year before it, a month is
    // cut by the comparison's end.
    let mut split_test = Vec::new();
    if !split.is_empty() {
        let months: Vec<String> = split.iter().map(|m| literal(m)).collect();
        split_test.push(format!(
            "{} in ({})",
            e.format("s.d", false),
            months.join(", ")
        ));
    }
    let (as_of_join, as_of_cte) = match as_of {
        Some(_) => ("", String::new()),
        None => {
            split_test.push(format!(
                "{} = {} and {}",
                e.format("s.d", false),
                e.month_a_year_earlier("a.d"),
                e.year_earlier_inside_month("a.d")
            ));
            (
                "\n  cross join as_of a",
                format!(
                    "as_of as (\n  select max(s.d) as d\n  from source s join known k on s.ind = k.ind\n  where s.v is not null and {}\n),\n",
                    inside("s.d", window)
                ),
            )
        }
    };
    q.push_str(&as_of_cte);
    // A campaign that starts on another day than the 1st has its steps
    // (`--by period`) from that day to the same day of the next month: a
    // calendar month would straddle one, so every row is grouped by day.
    let split_test = match (window.start.day() != 1, split_test.is_empty()) {
        (true, _) => "true".to_string(),
        (false, true) => "false".to_string(),
        (false, false) => split_test.join(" or "),
    };
    let _ = write!(
        q,
        "placed as (\n  select s.ind, k.how, s.d, s.v,\n    case\n      when k.how is null then 'unknown'\n      when s.v is null then 'empty'\n      when {outside} then 'outside'\n      when {split_test} then {}\n      else {}\n    end as bucket,\n    case when k.how is null or s.v is null\n      or {outside}\n      then '' else s.ent end as ent\n  from source s left join known k on s.ind = k.ind{as_of_join}\n),\n",
        e.format("s.d", true),
        e.format("s.d", false),
        outside = format!(
            "not ({}) and not ({})",
            inside("s.d", window),
            inside("s.d", prior)
        ),
    );
    // Only the aggregates the campaign uses are computed, and each only
    // over the rows of its targets.
    let mut arms = Vec::new();
    let mut used: Vec<&str> = campaign
        .indicators
        .iter()
        .map(|i| how(i.aggregate))
        .collect();
    used.sort_unstable();
    used.dedup();
    for h in used {
        let filter = format!("filter (where how = '{h}')");
        let aggregate = match h {
            "sum" | "min" | "max" => format!("{h}(v) {filter}"),
            _ => e.last(&filter, window.end),
        };
        arms.push(format!("when '{h}' then cast({aggregate} as {text})"));
    }
    let _ = write!(
        q,
        "grouped as (\n  select ind, how, bucket, ent,\n    min(d) as first_day, max(d) as last_day,\n    case how {} end as value,\n    count(*) as n\n  from placed\n  group by ind, how, bucket, ent\n)\n",
        arms.join(" ")
    );
    // A row without a day has an empty period, as its cell would in a CSV
    // (the whole campaign); no cell is ever NULL, which Spark prints as a
    // word.
    let (first, last) = (e.format("first_day", true), e.format("last_day", true));
    let _ = write!(
        q,
        "select ind as {indicator},\n  coalesce(case\n    when bucket in ('unknown', 'empty') then ''\n    when how = 'last' or first_day = last_day then {last}\n    else {first} || '..' || {last}\n  end, '') as {period},\n  ent as {entity},\n  coalesce(case when bucket in ('unknown', 'empty') then '' else value end, '') as {value},\n  n as {rows}\nfrom grouped\norder by 1, 3, 2;\n",
        indicator = e.ident("indicator"),
        period = e.ident("period"),
        entity = e.ident("entity"),
        value = e.ident("value"),
        rows = e.ident("rows"),
    );
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn campaign(toml: &str) -> Campaign {
        crate::campaign::parse("t.toml", toml, Path::new(".")).unwrap()
    }

    const CAMPAIGN: &str = r#"
[campaign]
start = 2022-07-01
end = 2023-06-20
[[target]]
id = "revenue"
unit = "USD"
at_least = 10
aggregate = "sum"
[[target]]
id = "rate"
unit = "%"
at_most = 2
aggregate = "last"
"#;

    fn source(from: &str) -> Source {
        Source {
            from: from.into(),
            indicator: "indicator".into(),
            date: "day".into(),
            entity: Some("entity".into()),
            value: "value".into(),
        }
    }

    #[test]
    fn months_cut_by_the_campaign_and_the_as_of_date_are_grouped_by_day() {
        let c = campaign(CAMPAIGN);
        let as_of = NaiveDate::from_ymd_opt(2023, 3, 15);
        let q = query(&c, Engine::DuckDb, &source("lake/*.parquet"), as_of, 6).unwrap();
        // The end (20 June, and a year earlier), the as-of date and its
        // year-earlier cutoff; not the start, 1 July, which starts its
        // month.
        assert!(
            q.contains("strftime(s.d, '%Y-%m') in ('2022-03', '2022-06', '2023-03', '2023-06')"),
            "{q}"
        );
        assert!(!q.contains("as_of as"), "{q}");
        assert!(q.contains("read_parquet('lake/*.parquet')"), "{q}");
        // Without --as-of, the query finds it, and cuts a year before it.
        let q = query(&c, Engine::DuckDb, &source("t"), None, 6).unwrap();
        assert!(q.contains("as_of as ("), "{q}");
        assert!(
            q.contains("strftime(a.d - interval 1 year, '%Y-%m')"),
            "{q}"
        );
        assert!(q.contains("from t\n"), "{q}");
    }

    #[test]
    fn february_a_year_before_a_leap_year_step_is_grouped_by_day() {
        // The 2025 campaign's February step ends on the 28th; a year
        // before, the comparison stops on 28 February 2024, inside its
        // month.
        let c = campaign(
            &CAMPAIGN
                .replace("2022-07-01", "2025-01-01")
                .replace("2023-06-20", "2025-12-31"),
        );
        let q = query(&c, Engine::DuckDb, &source("t"), None, 6).unwrap();
        assert!(q.contains("in ('2024-02')"), "{q}");
    }

    #[test]
    fn a_campaign_that_starts_mid_month_is_grouped_by_day() {
        // Its steps run from the 16th to the 15th: no calendar month fits.
        let c = campaign(&CAMPAIGN.replace("2022-07-01", "2022-07-16"));
        let q = query(&c, Engine::Postgres, &source("t"), None, 6).unwrap();
        assert!(
            q.contains("when true then to_char(s.d, 'YYYY-MM-DD')"),
            "{q}"
        );
    }

    #[test]
    fn each_aggregate_is_computed_only_where_the_campaign_uses_it() {
        let c = campaign(CAMPAIGN);
        for (engine, last) in [
            (
                Engine::DuckDb,
                "arg_max(v, coalesce(d, date '2023-06-20')) filter (where how = 'last')",
            ),
            (
                Engine::Spark,
                "max_by(v, coalesce(d, date '2023-06-20')) filter (where how = 'last')",
            ),
            (
                Engine::Postgres,
                "(max(array[(coalesce(d, date '2023-06-20') - date '1970-01-01')::numeric, v]) filter (where how = 'last'))[2]",
            ),
        ] {
            let q = query(&c, engine, &source("receipts"), None, 6).unwrap();
            assert!(q.contains(last), "{q}");
            assert!(
                q.contains("'sum' then cast(sum(v) filter (where how = 'sum')"),
                "{q}"
            );
            assert!(!q.contains("min(v) as"), "{q}");
            assert!(!q.contains("'min'"), "{q}");
        }
    }

    #[test]
    fn names_and_files_are_quoted_for_each_engine() {
        let c = campaign(CAMPAIGN);
        let mut s = source("data/it's here/*.csv");
        s.entity = Some("Tỉnh \"x\"".into());
        let q = query(&c, Engine::DuckDb, &s, None, 3).unwrap();
        assert!(
            q.contains("read_csv('data/it''s here/*.csv', all_varchar = true)"),
            "{q}"
        );
        assert!(q.contains("\"Tỉnh \"\"x\"\"\""), "{q}");
        assert!(q.contains("decimal(38, 3)"), "{q}");
        let q = query(&c, Engine::Spark, &source("lake/*.parquet"), None, 6).unwrap();
        assert!(q.contains("from parquet.`lake/*.parquet`\n"), "{q}");
        assert!(!q.contains("create"), "{q}");
        let q = query(&c, Engine::Spark, &s, None, 6).unwrap();
        assert!(q.starts_with("-- "), "{q}");
        assert!(
            q.contains("create or replace temporary view attain_source using csv options (path 'data/it''s here/*.csv', header 'true', inferSchema 'false');"),
            "{q}"
        );
        assert!(q.contains("`Tỉnh \"x\"`"), "{q}");
        s.entity = None;
        let q = query(&c, Engine::Postgres, &source("public.receipts"), None, 6).unwrap();
        assert!(q.contains("from public.receipts\n"), "{q}");
        assert!(q.contains("cast(\"value\" as numeric)"), "{q}");
        assert_eq!(
            query(&c, Engine::Postgres, &source("lake/*.parquet"), None, 6),
            Err(SqlError::FilesForPostgres("lake/*.parquet".into()))
        );
        assert_eq!(
            query(&c, Engine::DuckDb, &source("t"), None, 19),
            Err(SqlError::Scale(19))
        );
    }
}
