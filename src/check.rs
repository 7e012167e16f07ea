//! `attain check`: every problem found in the campaign and the actuals,
//! not only the first — errors, warnings, the advisories that only `check`
//! raises (a target with no rows, a group of one, stale data), every skipped
//! row and every ignored column — printed grouped by file for a clerk, or
//! as JSON for a script.
//!
//! It reports; it never changes what `report` computes.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::calc::Kind;
use crate::campaign::Campaign;
use crate::diagnostic::{Code, MoreRows, Vi, kind_word, spoken};
use crate::error::{Diagnostic, Error, Location, Severity};
use crate::ingest::{Figure, Ingest, Ledger, Skip, SkippedRow};
use crate::labels::Lang;
use crate::text::printable;
use crate::view::words::skip_words_vi;
use rust_decimal::Decimal;

/// Everything `check` found.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub ledger: Ledger,
    pub ignored_columns: Vec<(String, Vec<String>)>,
    /// Sheets with rows above their header (a title), not read.
    pub above_header: Vec<crate::ingest::AboveHeader>,
    pub as_of: Option<NaiveDate>,
    pub targets: usize,
    /// The files in the order they were named: the campaign, then actuals.
    pub files: Vec<String>,
    /// The ids rows may name, to suggest one for an unknown indicator.
    pub ids: Vec<String>,
    /// Skipped rows beyond those listed one by one (the ledger keeps at
    /// most `MAX_LISTED_SKIPS`); counted at construction, since `--strict`
    /// moves the listed ones to the errors.
    pub not_listed: u64,
}

impl Findings {
    /// Findings when the campaign file itself is invalid.
    pub fn campaign_failed(file: &str, diagnostics: Vec<Diagnostic>) -> Findings {
        let (errors, warnings) = diagnostics
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        Findings {
            errors,
            warnings,
            files: vec![file.to_string()],
            ..Findings::default()
        }
    }

    /// Findings of a loaded campaign and its ingested actuals; `warnings`
    /// are the report's warnings (ingest's and the report model's).
    pub fn new(
        campaign: &Campaign,
        ingest: &Ingest,
        warnings: Vec<Diagnostic>,
        files: Vec<String>,
    ) -> Findings {
        let errors = ingest
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let mut warnings = warnings;
        warnings.extend(advisories(campaign, ingest));
        Findings {
            errors,
            warnings,
            ledger: ingest.ledger.clone(),
            ignored_columns: ingest.ignored_columns.clone(),
            above_header: ingest.above_header.clone(),
            as_of: Some(ingest.as_of),
            targets: campaign.targets.len(),
            files,
            ids: campaign.indicators.iter().map(|i| i.id.clone()).collect(),
            not_listed: not_listed(&ingest.ledger),
        }
    }

    /// `--strict`: every warning and every skipped row becomes an error.
    pub fn make_strict(&mut self) {
        for w in self.warnings.drain(..) {
            self.errors.push(strict_warning(w));
        }
        for row in self.ledger.listed.drain(..) {
            self.errors.push(strict_skip(&row));
        }
    }
}

/// Skipped rows the ledger counted but did not list one by one.
pub fn not_listed(ledger: &Ledger) -> u64 {
    let listed: u64 = ledger.listed.iter().map(|r| 1 + r.more).sum();
    ledger.total_skipped().saturating_sub(listed)
}

/// A warning as an error, for `--strict`.
pub fn strict_warning(warning: Diagnostic) -> Diagnostic {
    warning.under_strict()
}

/// A skipped row as an error, for `--strict`.
pub fn strict_skip(row: &SkippedRow) -> Diagnostic {
    let code = Code::StrictSkip {
        skip: row.reason.name(),
        explanation: skip_explanation(row.reason),
        more: row.more,
    };
    Diagnostic::error(Some(row.location.clone()), code)
}

/// What a skip reason means, in words a clerk can act on.
pub fn skip_explanation(reason: Skip) -> &'static str {
    match reason {
        Skip::UnknownIndicator => "no target has this id",
        Skip::EmptyValue => "the value is empty",
        Skip::OutsideCampaign => "the period is not inside the campaign",
        Skip::AfterAsOf => "the period ends after the as-of date",
        Skip::Overlap => "a later or longer figure for an overlapping period is used instead",
        Skip::Superseded => "a later published figure for the same period is used instead",
    }
}

/// Whether the sum of `id`'s rows was too large to hold: the error says so
/// at the row, and "no usable rows" would contradict it.
fn overflowed(ingest: &Ingest, id: &str) -> bool {
    let id = id.to_string();
    let said = Diagnostic::error(None, Code::SumOverflow { id });
    ingest.diagnostics.iter().any(|d| d.what() == said.what())
}

/// The warnings only `check` raises: nothing is wrong with a single number,
/// but a clerk should look.
pub fn advisories(campaign: &Campaign, ingest: &Ingest) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (target, figure) in campaign.targets.iter().zip(&ingest.figures) {
        out.extend(without_value(target, figure, ingest));
        out.extend(entities_without_rows(target, figure));
        out.extend(stale(target, figure, ingest.as_of));
        out.extend(without_previous(campaign, target, figure, ingest.as_of));
    }
    out.extend(campaign.targets.iter().filter_map(entity_targets_sum));
    out.extend(groups_of_one(campaign));
    out
}

/// A target that shows as no_data: its formula has no value, or it has no
/// usable rows (unless its sum overflowed, which the error already says).
fn without_value(
    target: &crate::campaign::Target,
    figure: &Figure,
    ingest: &Ingest,
) -> Option<Diagnostic> {
    if let Some(reason) = &figure.reason {
        Some(Diagnostic::warning(
            Some(target.location.clone()),
            Code::FormulaWithoutValue {
                id: target.id.clone(),
                reason: reason.clone(),
            },
        ))
    } else if figure.rows_used == 0 && !overflowed(ingest, &target.id) {
        Some(Diagnostic::warning(
            Some(target.location.clone()),
            Code::TargetWithoutRows {
                id: target.id.clone(),
            },
        ))
    } else {
        None
    }
}

/// An entity with a target of its own and no rows is as missing as a
/// target without rows; `--by entity` shows it as no_data.
fn entities_without_rows(target: &crate::campaign::Target, figure: &Figure) -> Vec<Diagnostic> {
    if target.entity_targets.is_empty() {
        return Vec::new();
    }
    let with_rows: std::collections::HashSet<&str> = figure
        .entities
        .iter()
        .filter(|e| e.rows_used > 0)
        .map(|e| e.entity.as_str())
        .collect();
    target
        .entity_targets
        .iter()
        .filter(|(entity, _)| !with_rows.contains(entity.as_str()))
        .map(|(entity, _)| {
            Diagnostic::warning(
                Some(target.location.clone()),
                Code::EntityWithoutRows {
                    id: target.id.clone(),
                    entity: entity.clone(),
                },
            )
        })
        .collect()
}

/// A change target (reference §2 `measure`) whose actual has no value a year
/// earlier to be measured from — for the whole campaign, or for some of
/// its entities — or a relative change from zero: it shows as no_data, and
/// the clerk needs to know which rows to add.
fn without_previous(
    campaign: &Campaign,
    target: &crate::campaign::Target,
    figure: &Figure,
    as_of: NaiveDate,
) -> Option<Diagnostic> {
    let measure = target.measure;
    if !measure.is_change() || figure.actual.is_none() {
        return None;
    }
    let complete = as_of >= campaign.span.end;
    let wanted = |span: Option<crate::period::Span>| {
        span.map_or_else(String::new, |s| s.year_earlier().to_string())
    };
    let code = match crate::report::measured_from(target, figure.previous, true, complete) {
        Some((p, _)) if p.is_zero() && measure.is_relative() => Code::PreviousZero {
            id: target.id.clone(),
            measure: measure.name(),
        },
        Some(_) => {
            let missing: Vec<&crate::ingest::EntityFigure> = figure
                .entities
                .iter()
                .filter(|e| !e.entity.is_empty() && e.previous.is_none())
                .collect();
            let first = missing.first()?;
            Code::NoPrevious {
                id: target.id.clone(),
                measure: measure.name(),
                wanted: wanted(first.coverage),
                entities: missing.iter().take(3).map(|e| e.entity.clone()).collect(),
                more: missing.len().saturating_sub(3),
                baseline_waits: false,
            }
        }
        None => Code::NoPrevious {
            id: target.id.clone(),
            measure: measure.name(),
            wanted: wanted(figure.coverage),
            entities: Vec::new(),
            more: 0,
            baseline_waits: target.baseline.is_some(),
        },
    };
    Some(Diagnostic::warning(Some(target.location.clone()), code))
}

/// Stale: the target's latest figure ends more than a quarter before the
/// report date.
fn stale(
    target: &crate::campaign::Target,
    figure: &Figure,
    as_of: NaiveDate,
) -> Option<Diagnostic> {
    let end = figure.latest_end?;
    let stale = end
        .checked_add_months(Months::new(3))
        .is_some_and(|limit| limit < as_of);
    stale.then(|| {
        Diagnostic::warning(
            Some(target.location.clone()),
            Code::StaleData {
                id: target.id.clone(),
                end,
                as_of,
            },
        )
    })
}

/// A flow's per-entity targets should add up to the campaign's.
fn entity_targets_sum(target: &crate::campaign::Target) -> Option<Diagnostic> {
    if target.aggregate != Some(crate::campaign::Aggregate::Sum) || target.entity_targets.is_empty()
    {
        return None;
    }
    let (Kind::AtLeast(total) | Kind::AtMost(total)) = target.kind else {
        return None;
    };
    let parts: Option<Decimal> =
        target
            .entity_targets
            .iter()
            .try_fold(Decimal::ZERO, |sum, (_, k)| match k {
                Kind::AtLeast(v) | Kind::AtMost(v) => sum.checked_add(*v),
                Kind::Between(..) => None,
            });
    let parts = parts.filter(|p| *p != total)?;
    Some(Diagnostic::warning(
        Some(target.location.clone()),
        Code::EntityTargetsSum {
            id: target.id.clone(),
            parts: parts.normalize(),
            total: total.normalize(),
        },
    ))
}

/// A group of one target is most often a typo of another group's name.
fn groups_of_one(campaign: &Campaign) -> Vec<Diagnostic> {
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, t) in campaign.targets.iter().enumerate() {
        if let Some(g) = &t.group {
            members.entry(g.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (group, indexes) in members {
        if let [only] = indexes.as_slice() {
            let target = &campaign.targets[*only];
            out.push(Diagnostic::warning(
                Some(target.location.clone()),
                Code::GroupOfOne {
                    group: group.to_string(),
                    id: target.id.clone(),
                },
            ));
        }
    }
    out
}

/// An item of the human listing: a diagnostic or a skipped row.
struct Item<'a> {
    location: Option<&'a Location>,
    kind: &'static str,
    text: String,
    /// A diagnostic's code, shown after its message in Vietnamese so that
    /// it stays searchable; none for a skipped row (its text names the
    /// reason).
    code: Option<&'static str>,
}

/// The human listing, grouped by file in the order the files were named,
/// in the language this thread speaks.
pub fn render_human(f: &Findings) -> String {
    render_human_in(f, spoken())
}

/// The human listing in `lang`.
pub fn render_human_in(f: &Findings, lang: Lang) -> String {
    let mut out = listing(&items(f, lang), lang);
    out.push_str(&notes(f, lang));
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(f, lang));
    out
}

/// The errors, warnings and listed skipped rows, in file order, then by
/// line and column; those without a place last.
fn items(f: &Findings, lang: Lang) -> Vec<Item<'_>> {
    let mut items: Vec<Item<'_>> = Vec::new();
    for d in &f.errors {
        items.push(Item {
            location: d.location.as_ref(),
            kind: "error",
            text: d.message_in(lang),
            code: Some(d.code),
        });
    }
    for d in &f.warnings {
        items.push(Item {
            location: d.location.as_ref(),
            kind: "warning",
            text: d.message_in(lang),
            code: Some(d.code),
        });
    }
    let ids: Vec<&str> = f.ids.iter().map(String::as_str).collect();
    for row in &f.ledger.listed {
        items.push(Item {
            location: Some(&row.location),
            kind: "skipped",
            text: skipped_text(row, &ids, lang),
            code: None,
        });
    }
    let file_rank = |file: &str| f.files.iter().position(|x| x == file).unwrap_or(usize::MAX);
    items.sort_by_key(|i| {
        (
            i.location.map_or(usize::MAX, |l| file_rank(&l.file)),
            i.location.map(|l| l.file.clone()),
            i.location.map_or(0, |l| l.line),
            i.location.map_or(0, |l| l.col),
        )
    });
    items
}

/// "indicator period — reason (what it means; did you mean …?)": an
/// unknown indicator gets the closest id as a hint.
fn skipped_text(row: &SkippedRow, ids: &[&str], lang: Lang) -> String {
    let hint = match row.reason {
        Skip::UnknownIndicator => crate::campaign::closest(&row.indicator, ids)
            .map(|id| match lang {
                Lang::En => format!("; did you mean '{id}'?"),
                Lang::Vi => format!("; có phải ý bạn là '{id}'?"),
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    let no_indicator = match lang {
        Lang::En => "(no indicator)",
        Lang::Vi => "(không có mã chỉ tiêu)",
    };
    let (explanation, more) = match lang {
        Lang::En => (skip_explanation(row.reason), MoreRows(row.more).to_string()),
        Lang::Vi => (
            skip_words_vi(row.reason),
            Vi(MoreRows(row.more)).to_string(),
        ),
    };
    format!(
        "{} — {} ({explanation}{hint}){more}",
        format!(
            "{} {}",
            if row.indicator.is_empty() {
                Cow::Borrowed(no_indicator)
            } else {
                crate::text::clip(&row.indicator)
            },
            crate::text::clip(&row.period)
        )
        .trim_end(),
        row.reason.name(),
    )
}

/// The items under a heading per file, a blank line between files.
fn listing(items: &[Item<'_>], lang: Lang) -> String {
    let command_line = match lang {
        Lang::En => "(command line)",
        Lang::Vi => "(dòng lệnh)",
    };
    let mut out = String::new();
    let mut current: Option<Option<&str>> = None;
    for item in items {
        let file = item.location.map(|l| l.file.as_str());
        if current != Some(file) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&file.map_or(Cow::Borrowed(command_line), printable));
            out.push('\n');
            current = Some(file);
        }
        // The text quotes the data (ids, periods, values): shown escaped.
        let text = printable(&item.text);
        let kind = kind_word(item.kind, lang);
        let code = match (lang, item.code) {
            (Lang::Vi, Some(code)) => format!(" [{code}]"),
            _ => String::new(),
        };
        match item.location {
            Some(loc) => out.push_str(&format!("  {loc}: {kind}: {text}{code}\n")),
            None => out.push_str(&format!("  {kind}: {text}{code}\n")),
        }
    }
    out
}

/// The notes after the listing: skipped rows not listed, ignored columns.
fn notes(f: &Findings, lang: Lang) -> String {
    let mut out = String::new();
    let note = kind_word("note", lang);
    if f.not_listed > 0 {
        let (n, most) = (f.not_listed, crate::ingest::MAX_LISTED_SKIPS);
        out.push_str(&match lang {
            Lang::En => format!(
                "{note}: … and {n} more skipped rows, not listed one by one (at most {most} are); the counts below include them\n"
            ),
            Lang::Vi => format!(
                "{note}: … và {n} dòng bị bỏ qua nữa, không liệt kê từng dòng (chỉ liệt kê tối đa {most} dòng); các số đếm dưới đây đã tính cả những dòng này\n"
            ),
        });
    }
    for (file, columns) in &f.ignored_columns {
        let ignored = match lang {
            Lang::En => "ignored columns",
            Lang::Vi => "các cột bị bỏ qua",
        };
        out.push_str(&format!(
            "{note}: {}: {ignored}: {}\n",
            printable(file),
            printable(&columns.join(", "))
        ));
    }
    for above in &f.above_header {
        let (file, rows, header) = (printable(&above.file), above.rows, above.header);
        out.push_str(&match lang {
            Lang::En => format!(
                "{note}: {file}: the header is row {header}; {rows} row(s) above it (a title) not read\n"
            ),
            Lang::Vi => format!(
                "{note}: {file}: dòng tiêu đề là dòng {header}; {rows} dòng phía trên (tiêu đề bảng) không được đọc\n"
            ),
        });
    }
    out
}

/// The closing counts: targets, rows and problems, or only the problems
/// when the campaign file itself failed.
fn summary(f: &Findings, lang: Lang) -> String {
    if lang == Lang::Vi {
        return summary_vi(f);
    }
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let problems = format!(
        "{}, {}",
        count(f.errors.len(), "error", "errors"),
        count(f.warnings.len(), "warning", "warnings")
    );
    let mut out = String::new();
    if f.files.len() == 1 && f.as_of.is_some() {
        out.push_str("note: no actuals were named, so only the campaign file was checked\n");
    }
    match f.as_of {
        // The campaign file itself failed: the actuals were not read.
        None => out.push_str(&format!(
            "{problems} in the campaign file; the actuals are checked once it loads\n"
        )),
        Some(as_of) => {
            let l = &f.ledger;
            out.push_str(&format!(
                "{}; {} read, {} used, {}{} skipped; as of {as_of}; {problems}\n",
                count(f.targets, "target", "targets"),
                count(l.read as usize, "row", "rows"),
                l.used,
                if l.comparison > 0 {
                    format!("{} for comparison with the year before, ", l.comparison)
                } else {
                    String::new()
                },
                l.total_skipped(),
            ));
        }
    }
    out
}

/// The closing counts in Vietnamese (Vietnamese nouns have no plural).
fn summary_vi(f: &Findings) -> String {
    let problems = format!("{} lỗi, {} cảnh báo", f.errors.len(), f.warnings.len());
    let mut out = String::new();
    if f.files.len() == 1 && f.as_of.is_some() {
        out.push_str(
            "ghi chú: không có tệp số liệu nào được chỉ ra, nên chỉ kiểm tra tệp kế hoạch\n",
        );
    }
    match f.as_of {
        None => out.push_str(&format!(
            "{problems} trong tệp kế hoạch; số liệu thực hiện sẽ được kiểm tra khi tệp kế hoạch đọc được\n"
        )),
        Some(as_of) => {
            let l = &f.ledger;
            out.push_str(&format!(
                "{} chỉ tiêu; đọc {} dòng, dùng {}, {}bỏ qua {}; ngày báo cáo {as_of}; {problems}\n",
                f.targets,
                l.read,
                l.used,
                if l.comparison > 0 {
                    format!("{} dòng để so sánh cùng kỳ năm trước, ", l.comparison)
                } else {
                    String::new()
                },
                l.total_skipped(),
            ));
        }
    }
    out
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: Option<&'a str>,
    line: Option<u64>,
    column: Option<u64>,
    code: &'a str,
    message: String,
}

fn json_diagnostic(d: &Diagnostic) -> JsonDiagnostic<'_> {
    JsonDiagnostic {
        file: d.location.as_ref().map(|l| l.file.as_str()),
        line: d.location.as_ref().map(|l| l.line),
        column: d.location.as_ref().map(|l| l.col),
        code: d.code,
        message: d.message(),
    }
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    file: &'a str,
    line: u64,
    indicator: &'a str,
    period: &'a str,
    reason: &'static str,
    rows: u64,
}

/// `check -f json`: `{"errors": [...], "warnings": [...], "rows": {...}, ...}`.
pub fn render_json(f: &Findings) -> Result<Vec<u8>, Error> {
    let mut skipped = serde_json::Map::new();
    for reason in Skip::ALL {
        skipped.insert(reason.name().into(), f.ledger.skipped(reason).into());
    }
    let listed: Vec<JsonSkipped<'_>> = f
        .ledger
        .listed
        .iter()
        .map(|r| JsonSkipped {
            file: &r.location.file,
            line: r.location.line,
            indicator: &r.indicator,
            period: &r.period,
            reason: r.reason.name(),
            rows: 1 + r.more,
        })
        .collect();
    let ignored: Vec<serde_json::Value> = f
        .ignored_columns
        .iter()
        .map(|(file, cols)| serde_json::json!({"file": file, "columns": cols}))
        .collect();
    let doc = serde_json::json!({
        "errors": f.errors.iter().map(json_diagnostic).collect::<Vec<_>>(),
        "warnings": f.warnings.iter().map(json_diagnostic).collect::<Vec<_>>(),
        "rows": {
            "read": f.ledger.read,
            "used": f.ledger.used,
            "comparison": f.ledger.comparison,
            "skipped": skipped,
            "listed": listed,
            "not_listed": f.not_listed,
        },
        "ignored_columns": ignored,
        "above_header": f.above_header.iter().map(|a| serde_json::json!({"file": a.file, "rows": a.rows, "header_row": a.header})).collect::<Vec<_>>(),
        "as_of": f.as_of.map(|d| d.to_string()),
        "targets": f.targets,
    });
    let mut out = serde_json::to_vec_pretty(&doc).map_err(|e| Error::encode("json", e))?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Bucket;

    fn findings() -> Findings {
        let warning = Diagnostic::warning(
            Some(Location::new("targets.toml", 4, 1)),
            Code::TargetWithoutRows {
                id: "gdp".to_string(),
            },
        );
        let mut ledger = Ledger {
            read: 12,
            used: 8,
            comparison: 1,
            ..Ledger::default()
        };
        ledger.skipped[Skip::UnknownIndicator as usize] = 3;
        ledger.listed.push(SkippedRow {
            location: Location::new("actuals.csv", 7, 1),
            reason: Skip::UnknownIndicator,
            indicator: "gpd".to_string(),
            period: "2022-06".to_string(),
            more: 2,
        });
        Findings {
            warnings: vec![warning],
            ledger,
            ignored_columns: vec![("actuals.csv".to_string(), vec!["note".to_string()])],
            as_of: NaiveDate::from_ymd_opt(2022, 11, 30),
            targets: 2,
            files: vec!["targets.toml".to_string(), "actuals.csv".to_string()],
            ids: vec!["gdp".to_string(), "exports".to_string()],
            not_listed: 0,
            ..Findings::default()
        }
    }

    #[test]
    fn the_english_listing_keeps_its_words() {
        let f = findings();
        let warning = f.warnings[0].message_in(Lang::En);
        assert_eq!(
            render_human_in(&f, Lang::En),
            format!(
                "targets.toml\n  targets.toml:4:1: warning: {warning}\n\n\
                 actuals.csv\n  actuals.csv:7:1: skipped: gpd 2022-06 — unknown_indicator \
                 (no target has this id; did you mean 'gdp'?) (and 2 more rows of that period)\n\
                 note: actuals.csv: ignored columns: note\n\n\
                 2 targets; 12 rows read, 8 used, 1 for comparison with the year before, 3 skipped; \
                 as of 2022-11-30; 0 errors, 1 warning\n"
            )
        );
    }

    #[test]
    fn the_vietnamese_listing_says_every_word_in_vietnamese_and_keeps_the_codes() {
        let f = findings();
        let warning = f.warnings[0].message_in(Lang::Vi);
        assert_eq!(
            render_human_in(&f, Lang::Vi),
            format!(
                "targets.toml\n  targets.toml:4:1: cảnh báo: {warning} [target_without_rows]\n\n\
                 actuals.csv\n  actuals.csv:7:1: bỏ qua: gpd 2022-06 — unknown_indicator \
                 (chỉ tiêu không có trong kế hoạch; có phải ý bạn là 'gdp'?) (và 2 dòng nữa của kỳ đó)\n\
                 ghi chú: actuals.csv: các cột bị bỏ qua: note\n\n\
                 2 chỉ tiêu; đọc 12 dòng, dùng 8, 1 dòng để so sánh cùng kỳ năm trước, bỏ qua 3; \
                 ngày báo cáo 2022-11-30; 0 lỗi, 1 cảnh báo\n"
            )
        );
    }

    #[test]
    fn the_vietnamese_notes_and_summaries() {
        let mut f = findings();
        f.not_listed = 5;
        f.files.truncate(1);
        f.ledger.listed.clear();
        f.ledger.listed.push(SkippedRow {
            location: Location::new("targets.toml", 9, 1),
            reason: Skip::EmptyValue,
            indicator: String::new(),
            period: "2022".to_string(),
            more: 0,
        });
        let text = render_human_in(&f, Lang::Vi);
        assert!(
            text.contains("bỏ qua: (không có mã chỉ tiêu) 2022 — empty_value (không có giá trị)\n"),
            "{text}"
        );
        assert!(text.contains(
            "ghi chú: … và 5 dòng bị bỏ qua nữa, không liệt kê từng dòng (chỉ liệt kê tối đa 10000 dòng); các số đếm dưới đây đã tính cả những dòng này\n"
        ));
        assert!(text.contains(
            "ghi chú: không có tệp số liệu nào được chỉ ra, nên chỉ kiểm tra tệp kế hoạch\n"
        ));
        let failed = Findings::campaign_failed(
            "targets.toml",
            vec![Diagnostic::error(
                None,
                Code::TargetWithoutRows {
                    id: "gdp".to_string(),
                },
            )],
        );
        let text = render_human_in(&failed, Lang::Vi);
        assert!(text.starts_with("(dòng lệnh)\n  lỗi: "), "{text}");
        assert!(text.ends_with(
            " [target_without_rows]\n\n1 lỗi, 0 cảnh báo trong tệp kế hoạch; số liệu thực hiện sẽ được kiểm tra khi tệp kế hoạch đọc được\n"
        ));
        let english = render_human_in(&failed, Lang::En);
        assert!(
            english.starts_with("(command line)\n  error: "),
            "{english}"
        );
        assert!(!english.contains("[target_without_rows]"));
    }

    #[test]
    fn skip_words_are_those_of_the_report() {
        for reason in Skip::ALL {
            let label = crate::view::words::bucket_label(Bucket::Skipped(reason), Lang::Vi);
            assert_eq!(
                label,
                format!("{} ({})", skip_words_vi(reason), reason.name())
            );
        }
    }
}
