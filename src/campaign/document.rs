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
            self.error_at(
                Location::new(self.file, 1, 1),
                "missing_key",
                "the campaign file has no [campaign] table; add one with at least `period = \"2022\"` (or start and end dates)",
            );
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
                        self.error(p.span(), "bad_period", e.to_string());
                        None
                    }
                }
            }
            (None, Some(s), Some(e)) => {
                let (s_date, e_date) = (self.date(s, "start")?, self.date(e, "end")?);
                let span = Span::new(s_date, e_date).ok();
                if span.is_none() {
                    let message =
                        format!("the campaign ends ({e_date}) before it starts ({s_date})");
                    self.error(e.span(), "bad_period", message);
                }
                span
            }
            (Some(p), _, _) => {
                self.error(
                    p.span(),
                    "conflicting_keys",
                    "write either 'period' or 'start' and 'end' in [campaign], not both",
                );
                None
            }
            (None, s, e) => {
                let at = s.as_ref().or(e.as_ref()).map_or(0..0, |v| v.span());
                self.error(
                    at,
                    "missing_key",
                    "[campaign] needs `period = \"2022\"` or both `start` and `end` dates",
                );
                None
            }
        }
    }

    /// Every `[[target]]`, each read, validated and labelled in turn; a
    /// repeated id points at the first.
    fn targets(&mut self, value: Option<Value<'_>>, span: Option<Span>) -> Vec<Target> {
        let Some(items) = self.items(value, "targets are written as [[target]] tables") else {
            self.error_at(
                Location::new(self.file, 1, 1),
                "no_targets",
                "the campaign has no targets; add at least one [[target]] with an id, a unit and one of at_least, at_most or between",
            );
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
                let message = format!(
                    "duplicate target id '{}' (first defined at {}); ids must be unique",
                    t.id, first.location
                );
                self.error_at(t.location.clone(), "duplicate_id", message);
            } else {
                seen.insert(t.id.clone(), targets.len());
                targets.push(t);
            }
        }
        targets
    }

    /// Every `[[series]]`, each read, validated and labelled in turn.
    fn all_series(&mut self, value: Option<Value<'_>>) -> Vec<Series> {
        let wrong = "series are written as [[series]] tables";
        let Some(items) = self.items(value, wrong) else {
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

    /// The items of an array of tables; `None` when absent, or when not
    /// an array (then `wrong` is reported).
    fn items<'i>(&mut self, value: Option<Value<'i>>, wrong: &str) -> Option<Vec<Value<'i>>> {
        let value = value?;
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => Some(items.into_iter().collect()),
            _ => {
                self.error(span, "wrong_type", wrong);
                Some(Vec::new())
            }
        }
    }

    /// Name the target or series that the diagnostics raised since `mark`
    /// are about, so that a message read without its line (a cron mail, a
    /// json consumer) still says which one.
    fn label_since(&mut self, mark: usize, label: &str) {
        for d in &mut self.diagnostics[mark..] {
            if !d.message.starts_with(label) {
                d.message = format!("{label}: {}", d.message);
            }
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
                let why = if id == t.id {
                    "a formula cannot refer to its own target".to_string()
                } else if defined.contains_key(id) {
                    format!("'{id}' is itself a formula; refer to the indicators it is made of")
                } else {
                    let hint = closest(id, &known)
                        .map(|c| format!("did you mean '{c}'? "))
                        .unwrap_or_default();
                    format!(
                        "no target or [[series]] has the id '{id}'; {hint}declare it as a [[series]] with its unit and aggregate"
                    )
                };
                let message = format!("target '{}': formula = \"{}\": {why}", t.id, f.text);
                self.error_at(t.location.clone(), "bad_formula", message);
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
        let message = if other_is_series {
            format!(
                "duplicate series id '{}' (first defined at {first}); ids must be unique",
                s.id
            )
        } else {
            format!(
                "duplicate id '{}' (first defined at {first}); a series and a target cannot share an id",
                s.id
            )
        };
        self.error_at(second, "duplicate_id", message);
    }
}

/// How messages name the `n`th (0-based) `[[target]]` or `[[series]]`: by
/// its id when it has a valid one, else by its place in the file.
fn label(what: &str, item: &Value<'_>, n: usize) -> String {
    let id = match item.get_ref() {
        DeValue::Table(t) => match t.get("id").map(|v| v.get_ref()) {
            Some(DeValue::String(id)) if valid_id(id) => Some(id.to_string()),
            _ => None,
        },
        _ => None,
    };
    match id {
        Some(id) => format!("{what} '{id}'"),
        None => format!("[[{what}]] #{}", n + 1),
    }
}

fn file_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
}
