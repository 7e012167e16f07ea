//! Revised estimates (issue 14, part 4; reference §3 `published`, §9
//! `superseded`): an office's estimate ("ước") and the official figure
//! published later are both in the actuals; of one target, entity and span
//! only the rows of the latest `published` date are used.

use super::*;

/// The shipped campaign's revised actuals: Bắc Ninh's 2022 budget revenue,
/// estimated at 30.372 (provincial estimate, 2022-12-20), then 30.908
/// (statistics office, 2023-03-15).
const REVISED: &str = "examples/bac-ninh-2022/revised.csv";

#[test]
fn the_latest_publication_is_the_actual_and_the_estimate_is_superseded() {
    let rows = Run::new().args(["-f", "csv", "-q", REVISED]).csv_rows();
    let budget = row(&rows, "budget_revenue");
    assert_eq!(budget["actual"], "30908");
    assert_eq!(budget["attainment_pct"], "101.12");
    assert_eq!(budget["rows_used"], "1");
    assert_eq!(
        budget["source"],
        "Cục Thống kê tỉnh Bắc Ninh: số chính thức"
    );
    let json = Run::new().args(["-f", "json", REVISED]).json();
    assert_eq!(json["rows"]["read"], 5);
    assert_eq!(json["rows"]["used"], 4);
    assert_eq!(json["rows"]["skipped"]["superseded"], 1);
}

#[test]
fn report_says_a_row_was_superseded_and_check_lists_it() {
    Run::report()
        .args(["-f", "csv", REVISED])
        .succeeds()
        .stderr(predicate::str::contains(
            "attain: ghi chú: bỏ qua 1/5 dòng (1 đã có số công bố sau (superseded)); `attain check` liệt kê từng dòng",
        ));
    Run::check()
        .args(["--lang", "en", REVISED])
        .succeeds()
        .stdout(predicate::str::contains(
            "revised.csv:4: skipped: budget_revenue 2022 — superseded (a later published figure for the same period is used instead)",
        ));
}

#[test]
fn strict_makes_a_superseded_row_an_error() {
    Run::new()
        .args(["--strict", "--lang", "en", REVISED])
        .fails_with(2)
        .stderr(
            predicate::str::contains("revised.csv:4")
                .and(predicate::str::contains("row skipped as superseded")),
        );
    Run::new().args(["--strict", REVISED]).fails_with(2).stderr(
        predicate::str::contains("revised.csv:4")
            .and(predicate::str::contains("đã có số công bố sau (superseded"))
            .and(predicate::str::contains("[strict]")),
    );
}

#[test]
fn standard_input_gives_what_the_file_gives() {
    let bytes = std::fs::read(root().join(REVISED)).unwrap();
    let from_file = Run::new().args(["-f", "csv", "-q", REVISED]).stdout();
    let from_stdin = Run::new()
        .args(["-f", "csv", "-q", "-"])
        .stdin(bytes)
        .stdout();
    assert_eq!(from_stdin, from_file);
    let budget = row(&csv_rows(&from_stdin), "budget_revenue").clone();
    assert_eq!(budget["actual"], "30908");
}

/// Without the column, today's rules hold: the two rows of one span of a
/// `sum` are summed (61.280, 200 %), and check's warning about their
/// different sources suggests the column.
#[test]
fn without_the_column_the_two_estimates_are_summed_and_check_suggests_it() {
    let actuals = "indicator,period,value,unit,source\n\
        budget_revenue,2022,30.372,tỷ đồng,provincial estimate\n\
        budget_revenue,2022,30.908,tỷ đồng,statistics office\n";
    let shipped = std::fs::read_to_string(root().join("targets.toml")).unwrap();
    let rows = Run::new()
        .campaign(&shipped)
        .args(["-f", "csv", "-q"])
        .actuals(actuals)
        .csv_rows();
    let budget = row(&rows, "budget_revenue");
    assert_eq!(budget["actual"], "61280");
    assert_eq!(budget["attainment_pct"], "200.48");
    Run::check()
        .campaign(&shipped)
        .actuals(actuals)
        .succeeds()
        // The shipped campaign says lang = "vi": the listing is in
        // Vietnamese, with the code after the message.
        .stdout(
            predicate::str::is_match(
                r"a\.csv:2: cảnh báo: [^\n]*'budget_revenue'[^\n]*published[^\n]* \[sources_summed\]\n",
            )
            .unwrap(),
        );
}

/// One `last` target, two rows for December: read in one order they
/// give the later row; with dates, the later publication, wherever it is.
const LAST: &str = "[campaign]\nperiod = \"2022\"\n[[target]]\nid = \"rate\"\nunit = \"%\"\nat_least = 50\naggregate = \"last\"\n";

#[test]
fn for_last_the_published_date_decides_not_the_row_order() {
    let dated = "indicator,period,value,published\n\
        rate,2022-12,61,2023-02-01\n\
        rate,2022-12,58,2022-12-28\n";
    let rows = Run::new()
        .campaign(LAST)
        .args(["-f", "csv", "-q"])
        .actuals(dated)
        .csv_rows();
    assert_eq!(row(&rows, "rate")["actual"], "61");
    // The same rows without the dates: the later row.
    let undated = "indicator,period,value\nrate,2022-12,61\nrate,2022-12,58\n";
    let rows = Run::new()
        .campaign(LAST)
        .args(["-f", "csv", "-q"])
        .actuals(undated)
        .csv_rows();
    assert_eq!(row(&rows, "rate")["actual"], "58");
}

/// An empty cell counts as published before any date; rows of one date
/// are summed by today's rules; the year-earlier rows are superseded the
/// same way.
#[test]
fn an_empty_cell_is_the_earliest_and_rows_of_one_date_are_summed() {
    let actuals = "indicator,period,value,published\n\
        x,2022-01,600,2023-01-10\n\
        x,2022-01,900,\n\
        x,2022-01,500,2022-12-20\n\
        x,2022-01,100,2023-01-10\n\
        x,2021-01,300,2022-01-05\n\
        x,2021-01,350,2022-02-01\n";
    let json = Run::new()
        .campaign(FLOW_2022)
        .args(["-f", "json", "--as-of", "2022-01-31"])
        .actuals(actuals)
        .json();
    assert_eq!(json["targets"][0]["actual"], serde_json::json!(700));
    assert_eq!(json["targets"][0]["previous"], serde_json::json!(350));
    assert_eq!(json["rows"]["used"], 2);
    assert_eq!(json["rows"]["comparison"], 1);
    assert_eq!(json["rows"]["skipped"]["superseded"], 3);
}

#[test]
fn a_published_cell_that_is_not_a_date_is_an_error_at_its_cell() {
    Run::new()
        .campaign(FLOW_2022)
        .actuals("indicator,period,value,published\nx,2022,5,2023-03-15\nx,2022,7,15/03/2023\n")
        .fails_with(2)
        .stderr(predicate::str::contains(
            "a.csv:3:4: '15/03/2023' in the published column is not a date; write the day the figure was published as 2023-12-05",
        ));
}

/// A file large enough to be read by several threads gives, on each count
/// of threads and on standard input, what one thread gives: the rows of
/// one key's publications lie far apart, in different blocks.
#[test]
fn threads_and_standard_input_give_what_one_thread_gives() {
    let mut csv = String::from("indicator,period,entity,value,source,published\n");
    for (source, date, value) in [("estimate", "2022-12-20", 7), ("official", "2023-03-15", 8)] {
        for e in 0..40_000 {
            for month in [1, 7] {
                // Only half of the districts have an official July figure.
                if source == "official" && month == 7 && e % 2 == 1 {
                    continue;
                }
                csv.push_str(&format!(
                    "x,2022-{month:02},district {e},{value},{source},{date}\n"
                ));
            }
        }
    }
    assert!(csv.len() > 4 << 20, "{} bytes", csv.len());
    let run = |jobs: &str| {
        Run::new()
            .campaign(FLOW_2022)
            .args(["-f", "json", "--jobs", jobs])
            .actuals(csv.as_bytes())
            .json()
    };
    let one = run("1");
    // January: 40,000 officials of 8; July: 20,000 of 8 and 20,000
    // estimates of 7 where no official figure came.
    assert_eq!(one["targets"][0]["actual"], serde_json::json!(620_000));
    assert_eq!(one["rows"]["skipped"]["superseded"], 60_000);
    for jobs in ["2", "4"] {
        assert_eq!(run(jobs), one, "{jobs} threads");
    }
    let piped = Run::new()
        .campaign(FLOW_2022)
        .args(["-f", "json", "--jobs", "4", "-"])
        .stdin(csv.as_bytes())
        .json();
    // Standard input is named so in the json; the figures and ledger agree.
    assert_eq!(piped["targets"], one["targets"]);
    assert_eq!(piped["rows"], one["rows"]);
}
