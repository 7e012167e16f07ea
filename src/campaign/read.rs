//! The read step: each table of the campaign file into raw, typed fields.
//! A value of the wrong shape (a string for a number, `"summ"` for an
//! aggregate) is reported here; defaults and the rules that weigh one key
//! against another are the validate step's (`validate.rs`).
//!
//! Every table is read through a [`Table`], which takes each key it reads,
//! and finished, which reports the keys nobody took. A target's keys are
//! taken in the order the messages have always listed them.

use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::table::{Field, Reader, Table, Value};
use super::{Aggregate, Name, Phasing};
use crate::calc::{Better, Measure};
use crate::diagnostic::Code;
use crate::error::Location;
use crate::labels::Lang;
use crate::number::Locale;

/// `at_least`, `at_most` and `between` as written, those present in that
/// order. Which of them is read depends on how many there are, so their
/// values wait for the validate step.
pub(super) struct RawKind<'i> {
    pub present: Vec<(&'static str, Value<'i>)>,
}

/// What a target and a series have in common, as read: both go through
/// one set of rules (`Reader::indicator`).
pub(super) struct RawIndicator {
    /// Where the table starts, and its span.
    pub location: Location,
    pub span: Range<usize>,
    /// `None` when absent; `Some` with no value when not a string.
    pub id: Option<Field<Option<String>>>,
    pub name: Name,
    pub unit: Option<Field<Option<String>>>,
    pub aggregate: Option<Aggregate>,
    pub across: Option<Field<Aggregate>>,
    pub source: Option<String>,
    pub note: Option<String>,
}

/// One `[[target]]` as read.
pub(super) struct RawTarget<'i> {
    pub indicator: RawIndicator,
    pub formula: Option<Field<String>>,
    /// `[target.entities]`: its values take the target's kind, so they are
    /// read with it in the validate step.
    pub entities: Option<Value<'i>>,
    pub group: Option<String>,
    pub kind: RawKind<'i>,
    pub strict: Option<Field<bool>>,
    pub above: Option<Field<Better>>,
    /// `below = "exceeded"` (true) or `"bad"` (false).
    pub below: Option<Field<bool>>,
    /// `Some` with no value when present but not valid.
    pub phasing: Option<Field<Option<Phasing>>>,
    /// `Some` with no value when present but not valid.
    pub measure: Option<Field<Option<Measure>>>,
    pub profile: Option<Field<Vec<Decimal>>>,
    pub baseline: Option<Decimal>,
    pub revised: Vec<RawRevision<'i>>,
    pub milestones: Vec<RawMilestone<'i>>,
    pub weight: Option<Field<Decimal>>,
    pub near: Option<Field<Decimal>>,
}

/// One item of a list of dated steps as read (`revised`, `milestones`):
/// its date, its kind, and what else an item of that list carries.
pub(super) struct RawDated<'i, R> {
    pub location: Location,
    /// `None` when absent; `Some` with no value when not a date.
    pub date: Option<Field<Option<NaiveDate>>>,
    pub kind: RawKind<'i>,
    pub rest: R,
}

/// What a revision says besides its date and kind.
pub(super) struct RevisionWords {
    pub source: Option<String>,
    pub note: Option<String>,
}

/// One item of `revised = [...]`: `from`, a kind, a source and a note.
pub(super) type RawRevision<'i> = RawDated<'i, RevisionWords>;

/// One item of `milestones = [...]`: `by` and a kind.
pub(super) type RawMilestone<'i> = RawDated<'i, ()>;

/// `[campaign]` as read. The span's keys (`period`, or `start` and `end`)
/// are one choice, weighed in the validate step.
pub(super) struct RawHead<'i> {
    pub name: Option<String>,
    pub period: Option<Value<'i>>,
    pub start: Option<Value<'i>>,
    pub end: Option<Value<'i>>,
    pub locale: Option<Locale>,
    pub lang: Option<Lang>,
    pub actuals: Vec<PathBuf>,
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl<'a> Reader<'a> {
    /// `key` if present, with its value read by `read` (`None` inside when
    /// the value has the wrong shape, already reported).
    fn present<'i, T>(
        &mut self,
        table: &mut Table<'i>,
        key: &'static str,
        read: impl FnOnce(&mut Self, &Value<'i>, &'static str) -> Option<T>,
    ) -> Option<Field<Option<T>>> {
        let value = table.take(key)?;
        Some(Field {
            value: read(self, &value, key),
            span: value.span(),
        })
    }

    /// `[campaign]`, or `None` when it is missing or not a table.
    pub(super) fn read_head<'i>(
        &mut self,
        value: Option<Value<'i>>,
        base_dir: &Path,
    ) -> Option<RawHead<'i>> {
        let entries = self.table(value?, "[campaign]")?;
        let mut t = Table::new(entries, "[campaign]");
        let name = self.take_string(&mut t, "name");
        let (period, start, end) = (t.take("period"), t.take("start"), t.take("end"));
        let locale = self.choice(&mut t, "locale");
        let lang = self.choice(&mut t, "lang");
        let actuals = t
            .take("actuals")
            .map(|v| self.actuals_paths(&v, base_dir))
            .unwrap_or_default();
        let delimiter = self.actuals_delimiter(&mut t);
        let encoding = self.actuals_encoding(&mut t);
        self.finish(t);
        Some(RawHead {
            name,
            period,
            start,
            end,
            locale,
            lang,
            actuals,
            delimiter,
            encoding,
        })
    }

    /// `delimiter`: how the actuals are separated, as `--delimiter` takes it.
    fn actuals_delimiter(&mut self, t: &mut Table<'_>) -> Option<u8> {
        let v = t.take("delimiter")?;
        let text = self.string(&v, "delimiter")?;
        let byte = crate::text::delimiter(&text);
        if byte.is_none() {
            self.error(v.span(), Code::DelimiterInvalid { value: text });
        }
        byte
    }

    /// `encoding`: how the actuals are encoded, any label `--encoding` takes.
    fn actuals_encoding(&mut self, t: &mut Table<'_>) -> Option<&'static encoding_rs::Encoding> {
        let v = t.take("encoding")?;
        let text = self.string(&v, "encoding")?;
        let encoding = encoding_rs::Encoding::for_label(text.trim().as_bytes());
        if encoding.is_none() {
            self.error(v.span(), Code::EncodingInvalid { value: text });
        }
        encoding
    }

    /// A string naming one of a set of values (`locale`, `lang`), parsed
    /// by the value's own `FromStr`.
    fn choice<T: std::str::FromStr<Err = String>>(
        &mut self,
        t: &mut Table<'_>,
        key: &'static str,
    ) -> Option<T> {
        let v = t.take(key)?;
        match self.string(&v, key)?.parse() {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                self.error(
                    v.span(),
                    Code::BadChoice {
                        reason: crate::diagnostic::Said::english(e),
                    },
                );
                None
            }
        }
    }

    fn actuals_paths(&mut self, value: &Value<'_>, base_dir: &Path) -> Vec<PathBuf> {
        let items: Vec<&Value<'_>> = match value.get_ref() {
            DeValue::Array(a) => a.iter().collect(),
            _ => vec![value],
        };
        items
            .into_iter()
            .filter_map(|v| self.string(v, "actuals"))
            .map(|s| base_dir.join(s))
            .collect()
    }

    /// `[status]`: the campaign-wide `near`.
    pub(super) fn read_status(&mut self, value: Option<Value<'_>>) -> Option<Field<Decimal>> {
        let entries = self.table(value?, "[status]")?;
        let mut t = Table::new(entries, "[status]");
        let near = self.field(&mut t, "near", Self::number);
        self.finish(t);
        near
    }

    /// `[entities]`: display names by entity id (every key is an id).
    pub(super) fn read_entity_names(&mut self, value: Option<Value<'_>>) -> Vec<(String, String)> {
        let Some(table) = value.and_then(|v| self.table(v, "[entities]")) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in table.iter() {
            if let Some(name) = self.string(value, key.get_ref()) {
                out.push((crate::text::nfc(key.get_ref()).into_owned(), name));
            }
        }
        out
    }

    /// One `[[target]]`, its keys taken in the order messages list them.
    pub(super) fn read_target<'i>(&mut self, item: Value<'i>) -> Option<RawTarget<'i>> {
        let span = item.span();
        let entries = self.table(item, "a [[target]]")?;
        let location = self.loc(span.clone());
        let mut t = Table::new(entries, "[[target]]");
        let id = self.present(&mut t, "id", Self::string);
        let formula = self.field(&mut t, "formula", Self::string);
        let entities = t.take("entities");
        let name = self.read_name(&mut t);
        let group = self.take_string(&mut t, "group");
        let unit = self.present(&mut t, "unit", Self::string);
        let kind = read_kind(&mut t);
        let strict = self.field(&mut t, "strict", Self::boolean);
        let above = self.field(&mut t, "above", Self::above_value);
        let below = self.field(&mut t, "below", Self::below_value);
        let aggregate = self.field(&mut t, "aggregate", Self::aggregate);
        let phasing = self.present(&mut t, "phasing", Self::phasing_value);
        let measure = self.present(&mut t, "measure", Self::measure_value);
        let profile = self.field(&mut t, "profile", Self::profile_weights);
        let across = self.field(&mut t, "across", Self::aggregate);
        let baseline = self.field(&mut t, "baseline", Self::number);
        let revised = t.take("revised").map(|v| self.read_revisions(v));
        let milestones = t.take("milestones").map(|v| self.read_milestones(v));
        let weight = self.field(&mut t, "weight", Self::number);
        let near = self.field(&mut t, "near", Self::number);
        let source = self.take_string(&mut t, "source");
        let note = self.take_string(&mut t, "note");
        self.finish(t);
        let indicator = RawIndicator {
            location,
            span,
            id,
            name,
            unit,
            aggregate: aggregate.map(|a| a.value),
            across,
            source,
            note,
        };
        Some(RawTarget {
            indicator,
            formula,
            entities,
            group,
            kind,
            strict,
            above,
            below,
            phasing,
            measure,
            profile,
            baseline: baseline.map(|b| b.value),
            revised: revised.unwrap_or_default(),
            milestones: milestones.unwrap_or_default(),
            weight,
            near,
        })
    }

    /// One `[[series]]`: the keys it shares with a target, read alike.
    pub(super) fn read_series(&mut self, item: Value<'_>) -> Option<RawIndicator> {
        let span = item.span();
        let entries = self.table(item, "a [[series]]")?;
        let location = self.loc(span.clone());
        let mut t = Table::new(entries, "[[series]]");
        let id = self.present(&mut t, "id", Self::string);
        let name = self.read_name(&mut t);
        let unit = self.present(&mut t, "unit", Self::string);
        let aggregate = self.field(&mut t, "aggregate", Self::aggregate);
        let across = self.field(&mut t, "across", Self::aggregate);
        let source = self.take_string(&mut t, "source");
        let note = self.take_string(&mut t, "note");
        self.finish(t);
        Some(RawIndicator {
            location,
            span,
            id,
            name,
            unit,
            aggregate: aggregate.map(|a| a.value),
            across,
            source,
            note,
        })
    }

    /// `name = "..."` or `name = { vi = "...", en = "..." }`.
    fn read_name(&mut self, table: &mut Table<'_>) -> Name {
        let Some(v) = table.take("name") else {
            return Name::default();
        };
        let span = v.span();
        match v.into_inner() {
            DeValue::Table(entries) => {
                let mut t = Table::new(entries, "a name");
                let en = t.take("en").and_then(|v| self.string(&v, "name.en"));
                let vi = t.take("vi").and_then(|v| self.string(&v, "name.vi"));
                self.finish(t);
                Name { en, vi }
            }
            other => {
                let plain = self.string(&Spanned::new(span, other), "name");
                Name {
                    en: plain.clone(),
                    vi: plain,
                }
            }
        }
    }

    /// `revised = [{ from = DATE, at_least|at_most|between = ..., source = ... }]`.
    fn read_revisions<'i>(&mut self, value: Value<'i>) -> Vec<RawRevision<'i>> {
        let list = (Code::RevisedNotAList, "a revision", "from");
        self.read_dated(value, list, |r, t| RevisionWords {
            source: r.take_string(t, "source"),
            note: r.take_string(t, "note"),
        })
    }

    /// `milestones = [{ by = DATE, at_least|at_most|between = ... }]`.
    fn read_milestones<'i>(&mut self, value: Value<'i>) -> Vec<RawMilestone<'i>> {
        let list = (Code::MilestonesNotAList, "a milestone", "by");
        self.read_dated(value, list, |_, _| ())
    }

    /// A list of tables, each a date under `date_key`, a kind, and what
    /// `rest` takes; `not_a_list` when it is no list.
    fn read_dated<'i, R>(
        &mut self,
        value: Value<'i>,
        (not_a_list, what, date_key): (Code, &'static str, &'static str),
        mut rest: impl FnMut(&mut Self, &mut Table<'i>) -> R,
    ) -> Vec<RawDated<'i, R>> {
        let span = value.span();
        let DeValue::Array(items) = value.into_inner() else {
            self.error(span, not_a_list);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let span = item.span();
            let Some(entries) = self.table(item, what) else {
                continue;
            };
            let mut t = Table::new(entries, what);
            let date = self.present(&mut t, date_key, Self::date);
            let kind = read_kind(&mut t);
            let rest = rest(self, &mut t);
            self.finish(t);
            out.push(RawDated {
                location: self.loc(span),
                date,
                kind,
                rest,
            });
        }
        out
    }

    /// `profile = [w1, w2, ...]`: the weights as numbers (the first that is
    /// not one is reported, and the profile dropped).
    fn profile_weights(&mut self, value: &Value<'_>, _key: &str) -> Option<Vec<Decimal>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(value.span(), Code::ProfileNotAList);
            return None;
        };
        items.iter().map(|w| self.number(w, "profile")).collect()
    }

    fn above_value(&mut self, value: &Value<'_>, key: &str) -> Option<Better> {
        match self.string(value, key)?.as_str() {
            "exceeded" => Some(Better::More),
            "bad" => Some(Better::Band),
            other => {
                let value_text = other.to_string();
                let code = Code::AboveInvalid { value: value_text };
                self.error(value.span(), code);
                None
            }
        }
    }

    fn below_value(&mut self, value: &Value<'_>, key: &str) -> Option<bool> {
        match self.string(value, key)?.as_str() {
            "exceeded" => Some(true),
            "bad" => Some(false),
            other => {
                let code = Code::BelowInvalid {
                    value: other.to_string(),
                };
                self.error(value.span(), code);
                None
            }
        }
    }

    fn phasing_value(&mut self, value: &Value<'_>, key: &str) -> Option<Phasing> {
        match self.string(value, key)?.as_str() {
            "linear" => Some(Phasing::Linear),
            "none" => Some(Phasing::None),
            other => {
                let value_text = other.to_string();
                let code = Code::PhasingInvalid { value: value_text };
                self.error(value.span(), code);
                None
            }
        }
    }

    fn measure_value(&mut self, value: &Value<'_>, key: &str) -> Option<Measure> {
        let s = self.string(value, key)?;
        Measure::from_name(&s).or_else(|| {
            let names = Measure::ALL.map(Measure::name);
            let code = Code::MeasureInvalid {
                suggestion: super::closest(&s, &names),
                value: s,
            };
            self.error(value.span(), code);
            None
        })
    }

    pub(super) fn aggregate(&mut self, value: &Value<'_>, key: &str) -> Option<Aggregate> {
        let s = self.string(value, key)?;
        match Aggregate::NAMES.iter().find(|(n, _)| *n == s) {
            Some((_, a)) => Some(*a),
            None => {
                let names: Vec<&str> = Aggregate::NAMES.iter().map(|(n, _)| *n).collect();
                let code = Code::AggregateInvalid {
                    key: key.to_string(),
                    suggestion: super::closest(&s, &names),
                    value: s,
                };
                self.error(value.span(), code);
                None
            }
        }
    }
}

/// The kind keys of a target, a revision or an entity's target.
pub(super) fn read_kind<'i>(table: &mut Table<'i>) -> RawKind<'i> {
    let present = ["at_least", "at_most", "between"]
        .into_iter()
        .filter_map(|k| table.take(k).map(|v| (k, v)))
        .collect();
    RawKind { present }
}

/// An entity's target written as a table, `{ at_most = 1 }`.
pub(super) fn entity_kind_table(entries: DeTable<'_>) -> Table<'_> {
    Table::new(entries, "an entity's target")
}
