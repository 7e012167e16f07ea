//! JSON: the reference §8 shape — campaign, as_of, summary (with groups),
//! targets (the reference §8 columns as keys), the row ledger and the warnings.
//! Numbers are written exactly as decimals, never through `f64`.

use serde::Serialize;
use serde::ser::Error as _;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use super::{Options, Renderer};
use crate::calc::Status;
use crate::error::Error;
use crate::labels::Lang;
use crate::report::Report;
use crate::view::machine::{self, Cell, cells, columns};

/// One JSON document: the campaign, the summary, the targets, the ledger.
pub struct Json;

impl Renderer for Json {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
        render(report, options.lang)
    }
}

/// An exact decimal written as a bare JSON number.
struct Num(rust_decimal::Decimal);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.to_string()).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

#[derive(Serialize)]
#[serde(untagged)]
enum Field<'a> {
    Text(&'a str),
    Num(Num),
    Count(u64),
    Null(Option<()>),
}

/// One step of a target's trend (`--by period|quarter`).
#[derive(Serialize)]
struct TrendStep<'a> {
    period: String,
    end: String,
    actual: Field<'a>,
    attainment_pct: Field<'a>,
    /// M at this step, for a change target only.
    #[serde(skip_serializing_if = "Option::is_none")]
    measured: Option<Field<'a>>,
}

impl<'a> From<&'a Cell> for Field<'a> {
    fn from(cell: &'a Cell) -> Self {
        match cell {
            Cell::Text(s) => Field::Text(s),
            Cell::Number(d) => Field::Num(Num(*d)),
            Cell::Count(n) => Field::Count(*n),
            Cell::Empty => Field::Null(None),
        }
    }
}

#[derive(Serialize)]
struct Group {
    name: Option<String>,
    targets: usize,
    exceeded: usize,
    met: usize,
    near: usize,
    not_met: usize,
    no_data: usize,
    score: Option<Num>,
    light: &'static str,
}

#[derive(Serialize)]
struct Warning {
    file: Option<String>,
    line: Option<u64>,
    column: Option<u64>,
    code: &'static str,
    message: String,
}

#[derive(Serialize)]
struct Document<'a> {
    campaign: Value,
    as_of: String,
    summary: Summary,
    targets: Targets<'a>,
    rows: Value,
    warnings: Vec<Warning>,
}

#[derive(Serialize)]
struct Summary {
    total: usize,
    exceeded: usize,
    met: usize,
    near: usize,
    not_met: usize,
    no_data: usize,
    met_or_exceeded: usize,
    groups: Vec<Group>,
}

/// The targets' rows, each written as the document is: a report by
/// entity has hundreds of thousands of them, and building them all first
/// held every text twice (a 3-million-row communes file by entity peaked at
/// 910 MB).
struct Targets<'a> {
    report: &'a Report,
    lang: Lang,
}

impl Serialize for Targets<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let report = self.report;
        let keys = columns(report);
        let by_entity = keys.contains(&"entity");
        let names = machine::step_names(report);
        let mut seq = serializer.serialize_seq(Some(report.rows.len()))?;
        for row in &report.rows {
            let cells = cells(row, self.lang, by_entity);
            let trend: Vec<[Cell; 3]> = row
                .trend
                .iter()
                .map(|step| machine::step_cells(row, step))
                .collect();
            let change = row.measure.is_change();
            let steps = (!report.steps.is_empty()).then(|| {
                report
                    .steps
                    .iter()
                    .zip(&names)
                    .zip(&trend)
                    .map(|((step, name), [actual, pct, measured])| TrendStep {
                        period: name.clone(),
                        end: step.end.to_string(),
                        actual: Field::from(actual),
                        attainment_pct: Field::from(pct),
                        measured: change.then(|| Field::from(measured)),
                    })
                    .collect::<Vec<_>>()
            });
            seq.serialize_element(&TargetObject {
                keys: &keys,
                cells: &cells,
                steps,
            })?;
        }
        seq.end()
    }
}

/// One target's row: the reference §8 columns as keys, in order, then its trend.
struct TargetObject<'a> {
    keys: &'a [&'static str],
    cells: &'a [Cell],
    steps: Option<Vec<TrendStep<'a>>>,
}

impl Serialize for TargetObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let len = self.keys.len().min(self.cells.len()) + usize::from(self.steps.is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        for (key, cell) in self.keys.iter().zip(self.cells) {
            map.serialize_entry(key, &Field::from(cell))?;
        }
        if let Some(steps) = &self.steps {
            map.serialize_entry("trend", steps)?;
        }
        map.end()
    }
}

/// Render the whole report as one JSON document.
fn render(report: &Report, lang: Lang) -> Result<Vec<u8>, Error> {
    let s = &report.summary;
    let mut skipped = Map::new();
    for (reason, n) in machine::skipped(report) {
        skipped.insert(reason.into(), json!(n));
    }
    let doc = Document {
        campaign: json!({
            "name": report.campaign.name,
            "file": report.campaign.file,
            "period": report.campaign.period,
            "start": report.campaign.start.to_string(),
            "end": report.campaign.end.to_string(),
        }),
        as_of: report.as_of.to_string(),
        summary: Summary {
            total: s.total,
            exceeded: s.count(Status::Exceeded),
            met: s.count(Status::Met),
            near: s.count(Status::Near),
            not_met: s.count(Status::NotMet),
            no_data: s.count(Status::NoData),
            met_or_exceeded: s.met_or_exceeded,
            groups: s
                .groups
                .iter()
                .map(|g| Group {
                    name: g.name.clone(),
                    targets: g.targets,
                    exceeded: g.counts[Status::Exceeded as usize],
                    met: g.counts[Status::Met as usize],
                    near: g.counts[Status::Near as usize],
                    not_met: g.counts[Status::NotMet as usize],
                    no_data: g.counts[Status::NoData as usize],
                    score: machine::score(g).map(Num),
                    light: g.light.name(),
                })
                .collect(),
        },
        targets: Targets { report, lang },
        rows: json!({
            "read": report.ledger.read,
            "used": report.ledger.used,
            "comparison": report.ledger.comparison,
            "skipped": skipped,
        }),
        warnings: report
            .warnings
            .iter()
            .map(|w| Warning {
                file: w.location.as_ref().map(|l| l.file.clone()),
                line: w.location.as_ref().map(|l| l.line),
                column: w.location.as_ref().map(|l| l.col),
                code: w.code,
                message: w.message(),
            })
            .collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("json", e))?;
    out.push(b'\n');
    Ok(out)
}
