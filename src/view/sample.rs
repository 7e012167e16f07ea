//! Reports built by hand for the tests of the view and the renderers: the
//! rows a renderer is given, without a campaign file or an ingest.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calc::{Basis, Better, Kind, Status};
use crate::campaign::Name;
use crate::ingest::Ledger;
use crate::report::{By, CampaignInfo, Report, Row, Summary};

pub(crate) fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A judged target: `at_least 100`, final basis, with its actual.
pub(crate) fn row(id: &str, group: Option<&str>, actual: Option<&str>, status: Status) -> Row {
    let actual = actual.map(d);
    Row {
        id: id.to_string(),
        name: Name {
            en: Some(format!("{id} (en)")),
            vi: None,
        },
        group: group.map(str::to_string),
        unit: "%".to_string(),
        unit_is_percent: true,
        kind: Kind::AtLeast(d("100")),
        strict: false,
        above: Better::More,
        original_target: None,
        revision: None,
        baseline: None,
        actual,
        gap: actual.map(|a| a - d("100")),
        attainment_pct: actual,
        progress_pct: None,
        expected: None,
        expected_from: crate::report::ExpectedFrom::Phasing,
        pace_pct: None,
        projected: None,
        projected_pct: None,
        status,
        basis: Basis::Final,
        entity: None,
        entity_name: None,
        judged: true,
        rows_used: 1,
        source: String::new(),
        previous: None,
        change_pct: None,
        measure: crate::calc::Measure::Level,
        measured: actual,
        measured_from: None,
        near: d("90"),
        trend: Vec::new(),
    }
}

pub(crate) fn report(rows: Vec<Row>) -> Report {
    let mut summary = Summary::default();
    for r in rows.iter().filter(|r| r.entity.is_none()) {
        summary.total += 1;
        summary.counts[r.status as usize] += 1;
        let on = &mut summary.judged_on[r.status as usize];
        on.fin |= r.basis == Basis::Final;
        on.pace |= r.basis == Basis::Pace;
        summary.met_or_exceeded += usize::from(r.status.is_success());
    }
    Report {
        campaign: CampaignInfo {
            name: "Plan <2022>".to_string(),
            file: "targets.toml".to_string(),
            start: date("2022-01-01"),
            end: date("2022-12-31"),
            period: "2022".to_string(),
        },
        as_of: date("2022-12-31"),
        rows,
        summary,
        worst: None,
        ledger: Ledger::default(),
        warnings: Vec::new(),
        steps: Vec::new(),
        grain: None,
        by: By::Target,
        ledger_rows: Vec::new(),
        ledger_rows_not_kept: 0,
    }
}
