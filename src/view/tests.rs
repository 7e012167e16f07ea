//! The view's decisions, on reports built by hand: no campaign file, no
//! ingest, just the rows a renderer would be given.

use super::sample::{d, date, report, row};
use super::*;
use crate::report::RevisionNote;

fn view(report: &Report) -> View<'_> {
    View::new(report, Locale::Vi, Lang::En)
}

#[test]
fn pace_and_change_columns_come_only_with_rows_that_have_them() {
    let plain = report(vec![row("a", None, Some("95"), Status::Near)]);
    assert_eq!(
        view(&plain).columns(),
        [
            Column::Target,
            Column::Unit,
            Column::Plan,
            Column::Actual,
            Column::Attainment,
            Column::Gap,
            Column::Status
        ]
    );
    let mut paced = row("b", None, Some("40"), Status::Met);
    paced.basis = Basis::Pace;
    paced.change_pct = Some(d("3"));
    let mid_year = report(vec![row("a", None, Some("95"), Status::Near), paced]);
    let cols = view(&mid_year).columns();
    assert!(cols.contains(&Column::Pace) && cols.contains(&Column::Change));
    // A workbook keeps every column whatever the rows hold.
    assert_eq!(view(&plain).workbook_columns().len(), 20);
}

#[test]
fn a_row_not_judged_shows_its_actual_and_no_judgement() {
    let mut share = row("a", None, Some("12"), Status::NoData);
    share.entity = Some("d1".to_string());
    share.entity_name = Some("District 1".to_string());
    share.judged = false;
    share.change_pct = Some(d("5"));
    let report = report(vec![share]);
    let v = view(&report);
    let row = &report.rows[0];
    assert_eq!(
        v.cell(row, Column::Target),
        Shown::Entity("District 1".into())
    );
    assert!(matches!(v.cell(row, Column::Actual), Shown::Figure(f) if f.text == "12"));
    for c in [Column::Plan, Column::Attainment, Column::Gap, Column::Bar] {
        assert_eq!(v.cell(row, c), Shown::Dash, "{c:?}");
    }
    for c in [Column::Status, Column::Chart] {
        assert_eq!(v.cell(row, c), Shown::Blank, "{c:?}");
    }
    // Last year's change is about the actual, not the target: it stays.
    assert!(matches!(v.cell(row, Column::Change), Shown::Figure(_)));
}

#[test]
fn sections_follow_the_first_row_of_each_group() {
    let report = report(vec![
        row("a", Some("Economy"), Some("95"), Status::Near),
        row("b", Some("Society"), None, Status::NoData),
        row("c", Some("Economy"), Some("120"), Status::Exceeded),
        row("d", None, Some("100"), Status::Met),
    ]);
    let v = view(&report);
    let sections = v.sections();
    let names: Vec<&str> = sections.iter().map(|s| s.name).collect();
    assert_eq!(names, ["Economy", "Society", "Other"]);
    let ids: Vec<&str> = sections[0].rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    assert!(v.shows_sections());
    let ungrouped = self::report(vec![row("a", None, Some("95"), Status::Near)]);
    assert!(!view(&ungrouped).shows_sections());
}

#[test]
fn status_counts_name_the_basis_they_were_judged_on() {
    let mut ahead = row("b", None, Some("40"), Status::Exceeded);
    ahead.basis = Basis::Pace;
    let report = report(vec![row("a", None, Some("120"), Status::Exceeded), ahead]);
    let counts = view(&report).status_counts();
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (counts[0].words.as_str(), counts[0].count),
        ("exceeded/ahead", 2)
    );
    assert_eq!(
        view(&report).summary(),
        "met or exceeded: 2/2 · exceeded/ahead 2"
    );
}

#[test]
fn figures_carry_the_page_text_and_what_a_workbook_stores() {
    let mut near = row("a", None, Some("99.996"), Status::Near);
    near.gap = Some(d("-0.004"));
    let report = report(vec![near]);
    let v = view(&report);
    let row = &report.rows[0];
    let Shown::Figure(attainment) = v.cell(row, Column::Attainment) else {
        panic!()
    };
    // 99.996 % of a missed target is not shown as 100 %, on either medium.
    assert_eq!(attainment.text, "99,996 %");
    assert_eq!((attainment.value, attainment.decimals), (d("0.99996"), 3));
    assert_eq!(attainment.plain(), "99.996%");
    let Shown::Figure(gap) = v.cell(row, Column::Gap) else {
        panic!()
    };
    assert_eq!(gap.text, "-0,004 pp");
    assert_eq!(gap.shape, Shape::Gap { points: true });
}

#[test]
fn a_revised_target_is_marked_and_explained_once() {
    let mut revised = row("grdp", None, Some("7"), Status::Exceeded);
    revised.kind = Kind::Between(d("6.5"), d("7"));
    revised.original_target = Some(Kind::Between(d("5"), d("6")));
    revised.revision = Some(RevisionNote {
        from: date("2022-07-09"),
        source: Some("NQ 12".to_string()),
    });
    let report = report(vec![revised, row("b", None, None, Status::NoData)]);
    let v = view(&report);
    assert_eq!(
        v.cell(&report.rows[0], Column::Plan),
        Shown::Plan {
            text: "6,5–7".to_string(),
            revised: true
        }
    );
    assert_eq!(
        v.revision_notes(),
        ["* grdp (en): revised on 2022-07-09 from 5–6 (NQ 12)"]
    );
}

#[test]
fn the_chart_marks_what_the_status_was_judged_against() {
    let mut paced = row("a", None, Some("40"), Status::Near);
    paced.basis = Basis::Pace;
    paced.expected = Some(Kind::AtLeast(d("50")));
    let marks = chart::Marks::of(&paced);
    assert_eq!(marks.ticks, [d("100")]);
    assert_eq!(marks.expected, [d("50")]);
    // the amber zone lies below the expected value, not the final target
    assert_eq!(marks.zones, [(d("45"), d("50"))]);
}
