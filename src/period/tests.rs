//! Periods by behaviour: every form a period is written in, spans and
//! as-of dates, elapsed shares, calendar parts and profiles, with property
//! tests for the span arithmetic.

use super::*;
use proptest::prelude::*;

fn date(text: &str) -> NaiveDate {
    let mut parts = text.split('-').map(|p| p.parse::<u32>().unwrap());
    let (y, m, d) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    NaiveDate::from_ymd_opt(i32::try_from(y).unwrap(), m, d).unwrap()
}

fn span(start: &str, end: &str) -> Span {
    Span::new(date(start), date(end)).unwrap()
}

fn parsed(text: &str) -> Span {
    Span::parse(text).unwrap()
}

fn parse_error(text: &str) -> String {
    Span::parse(text).unwrap_err().message
}

#[test]
fn steps_run_from_the_start_to_the_as_of_date() {
    let steps = steps_until(&parsed("2022"), date("2022-11-16"), 1);
    assert_eq!(steps.len(), 11);
    assert_eq!(steps[0], parsed("2022-01"));
    assert_eq!(steps[10], span("2022-11-01", "2022-11-16"));
    let quarters = steps_until(&parsed("2022"), date("2023-03-01"), 3);
    assert_eq!(
        quarters,
        vec![
            parsed("2022-Q1"),
            parsed("2022-Q2"),
            parsed("2022-Q3"),
            parsed("2022-Q4")
        ]
    );
    assert!(steps_until(&parsed("2022"), date("2021-12-31"), 1).is_empty());
}

#[test]
fn calendar_parts_cut_a_campaign_into_months_or_quarters() {
    let year = parsed("2022");
    let months = calendar_parts(&year, 12).unwrap();
    assert_eq!(months[1], parsed("2022-02"));
    assert_eq!(months[11], parsed("2022-12"));
    let quarters = calendar_parts(&year, 4).unwrap();
    assert_eq!(quarters[2], parsed("2022-Q3"));
    // A fiscal year from July: its first quarter is July–September.
    let fiscal = span("2022-07-01", "2023-06-30");
    assert_eq!(calendar_parts(&fiscal, 4).unwrap()[0], parsed("2022-Q3"));
    assert_eq!(calendar_parts(&fiscal, 12).unwrap()[11], parsed("2023-06"));
    assert!(calendar_parts(&year, 5).is_none());
    assert!(calendar_parts(&span("2022-01-15", "2022-12-31"), 12).is_none());
}

#[test]
fn profile_share_counts_the_current_part_by_its_days() {
    let d = |n: i64| Decimal::from(n);
    let year = parsed("2022");
    let weights: Vec<Decimal> = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 10, 40].map(d).to_vec();
    let parts = calendar_parts(&year, 12).unwrap();
    // 30 November: the first eleven months are over, 60 of 100.
    assert_eq!(
        profile_share(&parts, &weights, date("2022-11-30")),
        (d(60), d(100))
    );
    // 16 December: (60 × 31 + 40 × 16) / (100 × 31)
    assert_eq!(
        profile_share(&parts, &weights, date("2022-12-16")),
        (d(60 * 31 + 40 * 16), d(3100))
    );
    // before the start and after the end
    assert_eq!(
        profile_share(&parts, &weights, date("2021-12-31")),
        (d(0), d(100))
    );
    assert_eq!(
        profile_share(&parts, &weights, date("2023-01-05")),
        (d(100), d(100))
    );
    // quarterly: mid-February is 31 + 15 = 46 of Q1's 90 days
    let q = calendar_parts(&year, 4).unwrap();
    let qw: Vec<Decimal> = [1, 1, 1, 1].map(d).to_vec();
    assert_eq!(
        profile_share(&q, &qw, date("2022-02-15")),
        (d(46), d(4 * 90))
    );
}

#[test]
fn parses_every_form() {
    let cases = [
        ("2022", "2022-01-01", "2022-12-31"),
        ("2022-H1", "2022-01-01", "2022-06-30"),
        ("2022-H2", "2022-07-01", "2022-12-31"),
        ("2022-h2", "2022-07-01", "2022-12-31"),
        ("2022-Q1", "2022-01-01", "2022-03-31"),
        ("2022-Q2", "2022-04-01", "2022-06-30"),
        ("2022-Q3", "2022-07-01", "2022-09-30"),
        ("2022-q4", "2022-10-01", "2022-12-31"),
        ("2022-06", "2022-06-01", "2022-06-30"),
        ("2022-6", "2022-06-01", "2022-06-30"),
        ("2022-12", "2022-12-01", "2022-12-31"),
        ("2022-02", "2022-02-01", "2022-02-28"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2022-06-30", "2022-06-30", "2022-06-30"),
        ("2024-02-29", "2024-02-29", "2024-02-29"),
        ("  2022-06-30 ", "2022-06-30", "2022-06-30"),
        ("1000", "1000-01-01", "1000-12-31"),
        ("9999-12", "9999-12-01", "9999-12-31"),
        ("2022-01..2022-11", "2022-01-01", "2022-11-30"),
        ("2022-01 .. 2022-11", "2022-01-01", "2022-11-30"),
        ("2022-Q1..2022-06-15", "2022-01-01", "2022-06-15"),
        ("2022-H2..2023-Q1", "2022-07-01", "2023-03-31"),
        ("2022-07-01..2023-06-30", "2022-07-01", "2023-06-30"),
        ("2022..2023", "2022-01-01", "2023-12-31"),
        ("2022-06..2022", "2022-06-01", "2022-12-31"),
        ("2022-06-30..2022-06-30", "2022-06-30", "2022-06-30"),
    ];
    for (text, start, end) in cases {
        assert_eq!(Span::parse(text), Ok(span(start, end)), "parsing {text:?}");
    }
}

#[test]
fn counts_days_inclusively() {
    let cases = [
        ("2022", 365),
        ("2024", 366),
        ("2022-01..2022-11", 334),
        ("2022-H2", 184),
        ("2024-02", 29),
        ("2022-06-30", 1),
        ("2022-07-01..2023-06-30", 365),
    ];
    for (text, days) in cases {
        assert_eq!(parsed(text).days(), days, "days of {text:?}");
    }
}

#[test]
fn rejects_bad_periods() {
    let generic = |text: &str| {
        format!(
            "'{text}' is not a period; write 2022, 2022-H1, 2022-Q3, 2022-06, 2022-06-30 or 2022-01..2022-11"
        )
    };
    let cases = [
        (
            "2022-13",
            "'2022-13' is not a period: month 13 does not exist (use 01–12)".to_string(),
        ),
        (
            "2022-00",
            "'2022-00' is not a period: month 0 does not exist (use 01–12)".to_string(),
        ),
        (
            "2022-13-01",
            "'2022-13-01' is not a period: month 13 does not exist (use 01–12)".to_string(),
        ),
        (
            "2022-Q5",
            "'2022-Q5' is not a period: a quarter is Q1–Q4".to_string(),
        ),
        (
            "2022-q0",
            "'2022-q0' is not a period: a quarter is Q1–Q4".to_string(),
        ),
        (
            "2022-H3",
            "'2022-H3' is not a period: a half is H1 or H2".to_string(),
        ),
        (
            "2022-02-30",
            "'2022-02-30' is not a period: 2022-02 has no day 30 (it has 28 days)".to_string(),
        ),
        (
            "2023-02-29",
            "'2023-02-29' is not a period: 2023-02 has no day 29 (it has 28 days)".to_string(),
        ),
        (
            "2022-04-00",
            "'2022-04-00' is not a period: 2022-04 has no day 0 (it has 30 days)".to_string(),
        ),
        (
            "2022-12..2022-01",
            "'2022-12..2022-01' ends before it starts".to_string(),
        ),
        (
            "0999",
            "'0999' is not a period: a year is 1000–9999".to_string(),
        ),
        (
            "2022-01..2022-13",
            "'2022-01..2022-13' is not a period: month 13 does not exist (use 01–12)".to_string(),
        ),
        ("abc", generic("abc")),
        ("", generic("")),
        ("22", generic("22")),
        ("20222", generic("20222")),
        ("2022-", generic("2022-")),
        ("2022-Q", generic("2022-Q")),
        ("2022-Hx", generic("2022-Hx")),
        ("2022-123", generic("2022-123")),
        ("2022-06-300", generic("2022-06-300")),
        ("2022-06-30-1", generic("2022-06-30-1")),
        ("2022/06/30", generic("2022/06/30")),
        ("+2022", generic("+2022")),
        ("2022..", generic("2022..")),
        ("..2022", generic("..2022")),
        ("2022..2023..2024", generic("2022..2023..2024")),
        ("2022-01..abc", generic("2022-01..abc")),
        ("２０２２", generic("２０２２")),
    ];
    for (text, message) in cases {
        assert_eq!(parse_error(text), message, "parsing {text:?}");
    }
}

#[test]
fn new_refuses_a_backward_span() {
    assert_eq!(
        Span::new(date("2022-12-31"), date("2022-01-01"))
            .unwrap_err()
            .message,
        "the span 2022-12-31..2022-01-01 ends before it starts"
    );
    assert_eq!(
        Span::new(date("2022-06-30"), date("2022-06-30")),
        Ok(span("2022-06-30", "2022-06-30"))
    );
}

#[test]
fn relates_spans() {
    let year = parsed("2022");
    assert!(year.contains(&parsed("2022-Q3")));
    assert!(year.contains(&year));
    assert!(!year.contains(&parsed("2022-12..2023-01")));
    assert!(!parsed("2022-Q3").contains(&year));

    assert!(year.overlaps(&parsed("2022-12..2023-01")));
    assert!(parsed("2022-H1").overlaps(&parsed("2022-06-30..2022-07-05")));
    assert!(!parsed("2022-H1").overlaps(&parsed("2022-H2")));
    assert!(!parsed("2023").overlaps(&year));

    assert!(year.contains_date(date("2022-01-01")));
    assert!(year.contains_date(date("2022-12-31")));
    assert!(!year.contains_date(date("2023-01-01")));
    assert!(!year.contains_date(date("2021-12-31")));
}

#[test]
fn as_of_means_the_last_day() {
    let cases = [
        ("2022-11-30", "2022-11-30"),
        ("2022-11", "2022-11-30"),
        ("2022-Q3", "2022-09-30"),
        ("2022-H1", "2022-06-30"),
        ("2022", "2022-12-31"),
        ("2024-02", "2024-02-29"),
        (" 2022-12-31 ", "2022-12-31"),
    ];
    for (text, expected) in cases {
        assert_eq!(parse_as_of(text), Ok(date(expected)), "as of {text:?}");
    }
    assert_eq!(
        parse_as_of("2022-01..2022-11").unwrap_err().message,
        "'2022-01..2022-11' is a range; an as-of date is one date or one period such as 2022-11-30, 2022-11, 2022-Q3 or 2022 (a period means its last day)"
    );
    assert_eq!(
        parse_as_of("2022-13").unwrap_err().message,
        "'2022-13' is not a period: month 13 does not exist (use 01–12)"
    );
}

#[test]
fn measures_elapsed_days() {
    let year = parsed("2022");
    let fiscal = parsed("2022-07-01..2023-06-30");
    let cases = [
        (year, "2022-11-30", (334, 365)),
        (year, "2022-01-01", (1, 365)),
        (year, "2021-12-31", (0, 365)),
        (year, "2022-12-31", (365, 365)),
        (year, "2023-03-01", (365, 365)),
        (parsed("2024"), "2024-02-29", (60, 366)),
        (fiscal, "2022-12-31", (184, 365)),
        (fiscal, "2022-06-30", (0, 365)),
        (fiscal, "2023-06-30", (365, 365)),
    ];
    for (campaign, as_of, expected) in cases {
        assert_eq!(
            elapsed_days(&campaign, date(as_of)),
            expected,
            "{campaign} at {as_of}"
        );
    }
}

#[test]
fn shifts_back_one_year() {
    let cases = [
        ("2022", "2021-01-01", "2021-12-31"),
        ("2022-01..2022-11", "2021-01-01", "2021-11-30"),
        ("2024-02", "2023-02-01", "2023-02-28"),
        ("2025-02", "2024-02-01", "2024-02-29"),
        ("2024-02-29", "2023-02-28", "2023-02-28"),
        ("2024-02-29..2024-03-10", "2023-02-28", "2023-03-10"),
        ("2024-01-15..2024-02-28", "2023-01-15", "2023-02-28"),
        ("2022-07-01..2023-06-30", "2021-07-01", "2022-06-30"),
        ("2022-06-15", "2021-06-15", "2021-06-15"),
        ("2025-02-28", "2024-02-28", "2024-02-28"),
        ("2022-06-30", "2021-06-30", "2021-06-30"),
        ("2025-01-01..2025-02-28", "2024-01-01", "2024-02-29"),
    ];
    for (text, start, end) in cases {
        assert_eq!(
            parsed(text).year_earlier(),
            span(start, end),
            "a year before {text:?}"
        );
    }
}

#[test]
fn year_earlier_survives_the_calendar_edge() {
    let edge = Span {
        start: NaiveDate::MIN,
        end: NaiveDate::MIN,
    };
    let shifted = edge.year_earlier();
    assert!(shifted.start <= shifted.end);
}

#[test]
fn displays_the_shortest_form() {
    let cases = [
        ("2022", "2022"),
        ("2022-01..2022-12", "2022"),
        ("2022-H1", "2022-H1"),
        ("2022-01..2022-06", "2022-H1"),
        ("2022-H2", "2022-H2"),
        ("2022-Q1", "2022-Q1"),
        ("2022-Q2", "2022-Q2"),
        ("2022-Q3", "2022-Q3"),
        ("2022-q4", "2022-Q4"),
        ("2022-06", "2022-06"),
        ("2022-6", "2022-06"),
        ("2022-06-30", "2022-06-30"),
        ("2022-06-30..2022-06-30", "2022-06-30"),
        ("2022-01..2022-11", "2022-01..2022-11"),
        ("2022-02..2022-04", "2022-02..2022-04"),
        ("2022-H2..2023-Q1", "2022-07..2023-03"),
        ("2022..2023", "2022-01..2023-12"),
        ("2022-01-05..2022-02-10", "2022-01-05..2022-02-10"),
        ("2022-01-01..2022-02-10", "2022-01-01..2022-02-10"),
        ("2022-07-01..2023-06-30", "2022-07..2023-06"),
    ];
    for (text, shown) in cases {
        let span = parsed(text);
        assert_eq!(span.to_string(), shown, "showing {text:?}");
        assert_eq!(Span::parse(shown), Ok(span), "reading back {shown:?}");
    }
}

#[test]
fn error_is_a_std_error() {
    let err: Box<dyn std::error::Error> = Box::new(Span::parse("abc").unwrap_err());
    assert!(err.to_string().starts_with("'abc' is not a period"));
}

/// Any valid span with both ends in years 1000–9999.
fn any_span() -> impl Strategy<Value = Span> {
    let day = (1000i32..=9999, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
    (day.clone(), day).prop_map(|(a, b)| Span {
        start: a.min(b),
        end: a.max(b),
    })
}

/// Spans made of whole months, so that the short forms come up often.
fn month_span() -> impl Strategy<Value = Span> {
    (2000i32..=2030, 1u32..=12, 0u32..=24).prop_filter_map("a real span", |(y, m, len)| {
        let start = NaiveDate::from_ymd_opt(y, m, 1)?;
        let last = start.checked_add_months(Months::new(len))?;
        let end = month_end(last.year(), last.month())?;
        Some(Span { start, end })
    })
}

proptest! {
    #[test]
    fn parse_never_panics(text in "\\PC*") {
        let _ = Span::parse(&text);
        let _ = parse_as_of(&text);
    }

    #[test]
    fn parse_never_panics_on_near_misses(
        text in "[0-9]{0,5}(-[HhQq]?[0-9]{0,3}){0,3}( ?\\.\\.? ?[0-9]{0,5}(-[HhQq]?[0-9]{0,3}){0,3})?"
    ) {
        let _ = Span::parse(&text);
        let _ = parse_as_of(&text);
    }

    #[test]
    fn display_reads_back(span in any_span()) {
        prop_assert_eq!(Span::parse(&span.to_string()), Ok(span));
    }

    #[test]
    fn display_of_whole_months_reads_back(span in month_span()) {
        prop_assert_eq!(Span::parse(&span.to_string()), Ok(span));
    }

    #[test]
    fn elapsed_stays_within_the_campaign(span in any_span(), offset in -400i64..400) {
        let as_of = span.start + chrono::Duration::days(offset);
        let (elapsed, total) = elapsed_days(&span, as_of);
        prop_assert_eq!(total, span.days());
        prop_assert!((0..=total).contains(&elapsed));
    }

    #[test]
    fn year_earlier_keeps_whole_months_whole(span in month_span()) {
        let earlier = span.year_earlier();
        prop_assert_eq!(earlier.start.day(), 1);
        prop_assert!(is_month_end(earlier.end));
        prop_assert_eq!(earlier.start.year() + 1, span.start.year());
    }
}

#[test]
fn says_why_a_period_does_not_read_in_vietnamese() {
    let vi = |text: &str| {
        let said = Span::parse(text).unwrap_err().said();
        assert_eq!(said.en, parse_error(text), "the English stays as it was");
        said.vi
    };
    assert_eq!(
        vi("Q3/2022"),
        "'Q3/2022' không phải là kỳ; hãy viết 2022, 2022-H1, 2022-Q3, 2022-06, 2022-06-30 hoặc 2022-01..2022-11"
    );
    assert_eq!(
        vi("2022-13"),
        "'2022-13' không phải là kỳ: không có tháng 13 (hãy dùng 01–12)"
    );
    assert_eq!(
        vi("2023-02-29"),
        "'2023-02-29' không phải là kỳ: tháng 2023-02 không có ngày 29 (tháng này có 28 ngày)"
    );
    assert_eq!(
        vi("2022-Q5"),
        "'2022-Q5' không phải là kỳ: quý chỉ từ Q1 đến Q4"
    );
    assert_eq!(
        vi("2022-H3"),
        "'2022-H3' không phải là kỳ: nửa năm chỉ có H1 hoặc H2"
    );
    assert_eq!(
        vi("0999"),
        "'0999' không phải là kỳ: năm phải từ 1000 đến 9999"
    );
    assert_eq!(
        vi("2022-06..2022-01"),
        "'2022-06..2022-01' kết thúc trước khi bắt đầu"
    );
    assert_eq!(
        parse_as_of("2022-01..2022-11").unwrap_err().said().vi,
        "'2022-01..2022-11' là một khoảng; ngày báo cáo là một ngày hoặc một kỳ, ví dụ 2022-11-30, 2022-11, 2022-Q3 hoặc 2022 (một kỳ được hiểu là ngày cuối của kỳ)"
    );
    assert_eq!(
        Span::new(date("2022-06-30"), date("2022-01-01"))
            .unwrap_err()
            .said()
            .vi,
        "khoảng 2022-06-30..2022-01-01 kết thúc trước khi bắt đầu"
    );
}
