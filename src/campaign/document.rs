//! The file as a whole: its top-level tables read and validated in turn,
//! then the rules that span targets and series — ids unique across both,
//! formulas naming only indicators.

use std::path::Path;

use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use toml::de::{DeTable, DeValue};

use super::read::RawHead;
use super::table::{Reader, Table, Value};
use super::{Campaign, Index, Indicator, Series, Target, closest, valid_id};
use crate::diagnostic::{Code, Subject};
use crate::error::Location;
use crate::labels::Lang;
use crate::number::Locale;
use crate::period::Span;

impl Reader<'_> {
    /// The whole campaign; `None` when something is missing that the rest
    /// cannot do without (the errors say what).
    pub(super) fn campaign(&mut self, doc: DeTable<'_>, base_dir: &Path) -> Option<Campaign> {
        // The top-level keys are taken and the rest reported first, as
        // their errors may share the file's first line with those below.
        let mut top = Table::new(doc, "the campaign file");
        let (head, status) = (top.take("campaign"), top.take("status"));
        let (targets, series) = (top.take("target"), top.take("series"));
        let entities = top.take("entities");
        self.finish(top);
        let head = self.read_head(head, base_dir);
        if head.is_none() {
            self.error_at(Location::new(self.file, 1, 1), Code::NoCampaignTable);
        }
        let span = head.as_ref().and_then(|h| self.span(h));
        let status = self.read_status(status);
        let near = status.and_then(|n| self.percent_threshold(n, "near"));
        let targets = self.targets(targets, span);
        let series = self.all_series(series);
        let entity_names = self.read_entity_names(entities);
        let indicators = self.indicators(&targets, &series);

        let span = span?;
        let head = head?;
        let index = Index::of(&targets, &indicators, &entity_names);
        Some(Campaign {
            index,
            file: self.file.to_string(),
            name: head.name.unwrap_or_else(|| file_stem(self.file)),
            span,
            locale: head.locale.unwrap_or(Locale::En),
            lang: head.lang.unwrap_or(Lang::En),
            actuals: head.actuals,
            delimiter: head.delimiter,
            encoding: head.encoding,
            near: near.unwrap_or(Decimal::from(90)),
            targets,
            series,
            entity_names,
            indicators,
        })
    }

    /// The campaign's span: `period`, or `start` and `end`, not both.
    fn span(&mut self, head: &RawHead<'_>) -> Option<Span> {
        match (&head.period, &head.start, &head.end) {
            (Some(p), None, None) => {
                let text = match p.get_ref() {
                    DeValue::Integer(i) => i.as_str().to_string(),
                    _ => self.string(p, "period")?,
                };
                match Span::parse(&text) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        let reason = e.said();
                        self.error(p.span(), Code::BadPeriod { reason });
                        None
                    }
                }
            }
            (None, Some(s), Some(e)) => {
                let (s_date, e_date) = (self.date(s, "start")?, self.date(e, "end")?);
                let span = Span::new(s_date, e_date).ok();
                if span.is_none() {
                    let (start, end) = (s_date, e_date);
                    self.error(e.span(), Code::CampaignEndsBeforeStart { start, end });
                }
                span
            }
            (Some(p), _, _) => {
                self.error(p.span(), Code::PeriodAndDates);
                None
            }
            (None, s, e) => {
                let at = s.as_ref().or(e.as_ref()).map_or(0..0, |v| v.span());
                self.error(at, Code::NoPeriod);
                None
            }
        }
    }

    /// Every `[[target]]`, each read, validated and labelled in turn; a
    /// repeated id points at the first.
    fn targets(&mut self, value: Option<Value<'_>>, span: Option<Span>) -> Vec<Target> {
        let Some(items) = self.items(value, "targets", "target") else {
            self.error_at(Location::new(self.file, 1, 1), Code::NoTargets);
            return Vec::new();
        };
        // At full size at once: a campaign of 40,000 targets regrew this
        // list (480 bytes a target) 16 times.
        let mut targets: Vec<Target> = Vec::with_capacity(items.len());
        // Ids seen, to find a repeated one without scanning every target.
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        seen.reserve(items.len());
        for (n, item) in items.into_iter().enumerate() {
            let (mark, label) = (self.diagnostics.len(), label("target", &item, n));
            let target = self
                .read_target(item)
                .and_then(|raw| self.target(raw, span));
            self.label_since(mark, &label);
            let Some(t) = target else { continue };
            if let Some(first) = seen.get(&t.id).map(|&i| &targets[i]) {
                let (id, first) = (t.id.clone(), first.location.clone());
                self.error_at(t.location.clone(), Code::DuplicateTarget { id, first });
            } else {
                seen.insert(t.id.clone(), targets.len());
                targets.push(t);
            }
        }
        targets
    }

    /// Every `[[series]]`, each read, validated and labelled in turn.
    fn all_series(&mut self, value: Option<Value<'_>>) -> Vec<Series> {
        let Some(items) = self.items(value, "series", "series") else {
            return Vec::new();
        };
        let mut series = Vec::new();
        for (n, item) in items.into_iter().enumerate() {
            let (mark, label) = (self.diagnostics.len(), label("series", &item, n));
            let one = self.read_series(item).and_then(|raw| self.series(raw));
            self.label_since(mark, &label);
            series.extend(one);
        }
        series
    }

    /// The items of an array of `[[table]]`s; `None` when absent, or when
    /// not an array (then the `plural` are said to be written as tables).
    fn items<'i>(
        &mut self,
        value: Option<Value<'i>>,
        plural: &'static str,
        table: &'static str,
    ) -> Option<Vec<Value<'i>>> {
        let value = value?;
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => Some(items.into_iter().collect()),
            _ => {
                self.error(span, Code::NotArrayOfTables { plural, table });
                Some(Vec::new())
            }
        }
    }

    /// Name the target or series that the diagnostics raised since `mark`
    /// are about, so that a message read without its line (a cron mail, a
    /// json consumer) still says which one.
    fn label_since(&mut self, mark: usize, label: &Subject) {
        for d in &mut self.diagnostics[mark..] {
            d.about(label.clone());
        }
    }

    /// The indicators rows may name, after checking that ids are unique
    /// across targets and series and that formulas name only indicators.
    fn indicators(&mut self, targets: &[Target], series: &[Series]) -> Vec<Indicator> {
        let mut out: Vec<Indicator> = Vec::with_capacity(targets.len() + series.len());
        for (i, t) in targets.iter().enumerate() {
            if t.formula.is_none() {
                out.push(Indicator::of_target(t, i));
            }
        }
        // Where each id was first defined: targets, then series as they
        // come, and whether it was a series.
        let mut defined: FxHashMap<&str, (&Location, bool)> = FxHashMap::default();
        for t in targets {
            defined.entry(t.id.as_str()).or_insert((&t.location, false));
        }
        for s in series {
            if let Some(&(other, other_is_series)) = defined.get(s.id.as_str()) {
                self.duplicate_series(s, other.clone(), other_is_series);
                continue;
            }
            defined.insert(s.id.as_str(), (&s.location, true));
            out.push(Indicator::of_series(s));
        }
        let known: Vec<&str> = out.iter().map(|i| i.id.as_str()).collect();
        let known_set: FxHashSet<&str> = known.iter().copied().collect();
        for t in targets {
            let Some(f) = &t.formula else { continue };
            for id in f.references() {
                if known_set.contains(id) {
                    continue;
                }
                let (target, text) = (t.id.clone(), f.text.clone());
                let code = if id == t.id {
                    Code::FormulaSelfReference { target, text }
                } else if defined.contains_key(id) {
                    let id = id.to_string();
                    Code::FormulaOfFormula { target, text, id }
                } else {
                    Code::FormulaUnknownId {
                        target,
                        text,
                        id: id.to_string(),
                        suggestion: closest(id, &known).map(str::to_string),
                    }
                };
                self.error_at(t.location.clone(), code);
            }
        }
        out
    }

    /// A series whose id is taken. Targets are read before series, but the
    /// file may define the series first: the error goes to the later of the
    /// two and names the earlier one. Two series say so as two targets do.
    fn duplicate_series(&mut self, s: &Series, other: Location, other_is_series: bool) {
        let (first, second) = if other < s.location {
            (other, s.location.clone())
        } else {
            (s.location.clone(), other)
        };
        let id = s.id.clone();
        let code = if other_is_series {
            Code::DuplicateSeries { id, first }
        } else {
            Code::SeriesTargetShareId { id, first }
        };
        self.error_at(second, code);
    }
}

/// How messages name the `n`th (0-based) `[[target]]` or `[[series]]`: by
/// its id when it has a valid one, else by its place in the file.
fn label(what: &'static str, item: &Value<'_>, n: usize) -> Subject {
    let id = match item.get_ref() {
        DeValue::Table(t) => match t.get("id").map(|v| v.get_ref()) {
            Some(DeValue::String(id)) if valid_id(id) => Some(id.to_string()),
            _ => None,
        },
        _ => None,
    };
    match id {
        Some(id) => Subject::Id { what, id },
        None => Subject::Nth { what, n: n + 1 },
    }
}

fn file_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
}
