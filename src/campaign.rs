//! The campaign file (SPEC §2): its model, its validation, and the spans
//! that let every complaint point at a TOML line and column.
//!
//! The file is read into toml's spanned document tree and walked by hand, so
//! that an unknown key gets the closest valid key suggested, a duplicate id
//! points at both places, and numbers keep the exact text they were written
//! with (`1.1` is the decimal 1.1, never the float 1.1000000000000000888).
//! All problems are collected, not only the first. This module reads no
//! actuals and computes no attainment.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
mod pieces;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

// Kind and Above are what a target means, calc's words: they live there
// and are re-exported here for the callers that name them through the
// campaign.
pub use crate::calc::{Above, Kind};
use crate::error::{Diagnostic, Error, LineStarts, Location};
use crate::labels::Lang;
use crate::number::Locale;
use crate::period::Span;
use crate::unit::Unit;

/// How several rows of one target combine into one value (SPEC §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Last,
    Mean,
    Min,
    Max,
}

impl Aggregate {
    const NAMES: [(&'static str, Aggregate); 5] = [
        ("sum", Aggregate::Sum),
        ("last", Aggregate::Last),
        ("mean", Aggregate::Mean),
        ("min", Aggregate::Min),
        ("max", Aggregate::Max),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("sum", |(n, _)| n)
    }
}

/// How the expected-to-date value grows through the campaign (SPEC §6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phasing {
    Linear,
    None,
}

/// A target's display name: a plain string, or one per language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    pub en: Option<String>,
    pub vi: Option<String>,
}

impl Name {
    /// The name in `lang`, falling back to the other language, then to `id`.
    pub fn get<'a>(&'a self, lang: Lang, id: &'a str) -> &'a str {
        let (first, second) = match lang {
            Lang::En => (&self.en, &self.vi),
            Lang::Vi => (&self.vi, &self.en),
        };
        first.as_deref().or(second.as_deref()).unwrap_or(id)
    }
}

/// One `[[target]]`.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: String,
    pub name: Name,
    pub group: Option<String>,
    /// The unit as written in the file.
    pub unit_text: String,
    pub unit: Unit,
    pub kind: Kind,
    /// `at_least`: met only when A > T; `at_most`: only when A < T.
    pub strict: bool,
    pub above: Above,
    pub aggregate: Option<Aggregate>,
    pub across: Option<Aggregate>,
    pub phasing: Phasing,
    /// Seasonal weights, one per month or quarter of the campaign.
    pub profile: Option<Vec<Decimal>>,
    /// Revisions of the target, earliest first.
    pub revisions: Vec<Revision>,
    /// A derived indicator: computed from other indicators' aggregates.
    pub formula: Option<crate::formula::Formula>,
    /// Targets of their own for entities (`[target.entities]`), by id.
    pub entity_targets: Vec<(String, Kind)>,
    pub baseline: Option<Decimal>,
    pub weight: Decimal,
    pub near: Option<Decimal>,
    pub source: Option<String>,
    pub note: Option<String>,
    /// Where the target's table starts, for messages.
    pub location: Location,
}

/// A change of a target during the campaign (`revised = [...]`).
#[derive(Debug, Clone)]
pub struct Revision {
    /// The first day the revised target is in force.
    pub from: NaiveDate,
    pub kind: Kind,
    pub source: Option<String>,
    pub note: Option<String>,
    pub location: Location,
}

impl Target {
    /// The target in force on `as_of`, and the revision that set it (none
    /// when the original target is still in force).
    pub fn in_force(&self, as_of: NaiveDate) -> (Kind, Option<&Revision>) {
        match self.revisions.iter().rev().find(|r| r.from <= as_of) {
            Some(r) => (r.kind, Some(r)),
            None => (self.kind, None),
        }
    }
}

/// The whole campaign file, validated.
#[derive(Debug, Clone)]
pub struct Campaign {
    /// The file as the user named it, for messages.
    pub file: String,
    pub name: String,
    pub span: Span,
    pub locale: Locale,
    pub lang: Lang,
    /// Default actuals, resolved relative to the campaign file.
    pub actuals: Vec<PathBuf>,
    /// The campaign-wide amber threshold, % (default 90).
    pub near: Decimal,
    pub targets: Vec<Target>,
    /// Indicators that only feed formulas (`[[series]]`).
    pub series: Vec<Series>,
    /// Display names of entities (`[entities]`), by id.
    pub entity_names: Vec<(String, String)>,
    /// Everything the actuals may name: targets without a formula, then
    /// series. Ingest keeps one accumulator per indicator.
    pub indicators: Vec<Indicator>,
    /// Ids to positions, so that a lookup is a hash, not a scan: a
    /// campaign of 100,000 targets looks up every row's indicator.
    index: Index,
}

/// The positions of targets, indicators and entity names by id.
#[derive(Debug, Clone, Default)]
struct Index {
    targets: FxHashMap<String, usize>,
    indicators: FxHashMap<String, usize>,
    entity_names: FxHashMap<String, usize>,
}

impl Index {
    fn of(targets: &[Target], indicators: &[Indicator], names: &[(String, String)]) -> Index {
        // The first of a repeated id wins, as a scan from the start found it.
        fn first<'a>(ids: impl Iterator<Item = &'a str>) -> FxHashMap<String, usize> {
            let mut map = FxHashMap::default();
            for (i, id) in ids.enumerate() {
                map.entry(id.to_string()).or_insert(i);
            }
            map
        }
        Index {
            targets: first(targets.iter().map(|t| t.id.as_str())),
            indicators: first(indicators.iter().map(|i| i.id.as_str())),
            entity_names: first(names.iter().map(|(k, _)| k.as_str())),
        }
    }
}

/// `[[series]]`: an indicator with rows of its own but no target, used by
/// formulas (the numerator and denominator of a ratio, say).
#[derive(Debug, Clone)]
pub struct Series {
    pub id: String,
    pub name: Name,
    pub unit_text: String,
    pub unit: Unit,
    pub aggregate: Option<Aggregate>,
    pub across: Option<Aggregate>,
    pub location: Location,
}

/// Something rows can be reported for: a target without a formula, or a
/// series. What ingest needs to know to combine its rows.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub unit_text: String,
    pub unit: Unit,
    pub aggregate: Option<Aggregate>,
    pub across: Option<Aggregate>,
    pub location: Location,
    /// The target it is, if it is one.
    pub target: Option<usize>,
}

impl Campaign {
    /// The index of the target with this id.
    pub fn target_index(&self, id: &str) -> Option<usize> {
        self.index.targets.get(id).copied()
    }

    /// The index of the indicator (target or series) with this id.
    pub fn indicator_index(&self, id: &str) -> Option<usize> {
        self.index.indicators.get(id).copied()
    }

    /// The display name of an entity: from `[entities]`, else its id.
    pub fn entity_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.index
            .entity_names
            .get(id)
            .and_then(|&i| self.entity_names.get(i))
            .map_or(id, |(_, v)| v.as_str())
    }

    /// The amber threshold in force for one target.
    pub fn near_for(&self, target: &Target) -> Decimal {
        target.near.unwrap_or(self.near)
    }
}

/// Read and validate a campaign file.
pub fn load(path: &Path) -> Result<Campaign, Error> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Usage(format!(
                "campaign file '{file}' not found; pass one with -t FILE, set ATTAIN_TARGETS, or create one with `attain init`"
            ))
        } else {
            Error::io(&file, e)
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        Error::at(
            Location::of_offset(&file, &text, offset),
            "not_utf8",
            "the campaign file is not UTF-8; save it as UTF-8 (TOML files must be UTF-8)",
        )
    })?;
    let base_dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    parse(&file, &text, &base_dir)
}

/// Parse and validate campaign text; `base_dir` resolves relative actuals paths.
pub fn parse(file: &str, text: &str, base_dir: &Path) -> Result<Campaign, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = match pieces::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let loc = Location::of_offset(file, text, e.span().map_or(0, |s| s.start));
            return Err(Error::at(
                loc,
                "toml_syntax",
                format!("not valid TOML: {}", e.message().trim_end()),
            ));
        }
    };
    let mut r = Reader {
        file,
        text,
        lines: LineStarts::new(text),
        diagnostics: Vec::new(),
    };
    let campaign = r.campaign(doc.get_ref(), base_dir);
    if r.diagnostics.is_empty() {
        if let Some(c) = campaign {
            return Ok(c);
        }
    }
    r.diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    Err(Error::Invalid(r.diagnostics))
}

type Value<'i> = Spanned<DeValue<'i>>;

const TOP_KEYS: &[&str] = &["campaign", "status", "target", "series", "entities"];
const SERIES_KEYS: &[&str] = &[
    "id",
    "name",
    "unit",
    "aggregate",
    "across",
    "source",
    "note",
];
const CAMPAIGN_KEYS: &[&str] = &[
    "name", "period", "start", "end", "locale", "lang", "actuals",
];
const STATUS_KEYS: &[&str] = &["near"];
const REVISION_KEYS: &[&str] = &["from", "at_least", "at_most", "between", "source", "note"];
const TARGET_KEYS: &[&str] = &[
    "id",
    "formula",
    "entities",
    "name",
    "group",
    "unit",
    "at_least",
    "at_most",
    "between",
    "strict",
    "above",
    "aggregate",
    "phasing",
    "profile",
    "across",
    "baseline",
    "revised",
    "weight",
    "near",
    "source",
    "note",
];
struct Reader<'a> {
    file: &'a str,
    text: &'a str,
    lines: LineStarts,
    diagnostics: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn loc(&self, span: std::ops::Range<usize>) -> Location {
        self.lines.location(self.file, self.text, span.start)
    }

    fn error(&mut self, span: std::ops::Range<usize>, code: &'static str, message: String) {
        let loc = self.loc(span);
        self.diagnostics
            .push(Diagnostic::error(Some(loc), code, message));
    }

    /// Every key of `table` must be in `allowed`; otherwise an error that
    /// suggests the closest valid key.
    fn known_keys(&mut self, table: &DeTable<'_>, allowed: &[&str], what: &str) {
        for key in table.keys() {
            let name = key.get_ref().as_ref();
            if !allowed.contains(&name) {
                let message = match closest(name, allowed) {
                    Some(best) => format!("unknown key '{name}' in {what}; did you mean '{best}'?"),
                    None => format!(
                        "unknown key '{name}' in {what}; valid keys are: {}",
                        allowed.join(", ")
                    ),
                };
                self.error(key.span(), "unknown_key", message);
            }
        }
    }

    /// A string, in Unicode NFC so that names and groups compare equal
    /// however they were typed.
    fn string(&mut self, value: &Value<'_>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(crate::text::nfc(s).into_owned()),
            other => {
                let message = format!("'{key}' must be a string, not {}", other.type_str());
                self.error(value.span(), "wrong_type", message);
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value<'_>, key: &str) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                let message = format!("'{key}' must be true or false, not {}", other.type_str());
                self.error(value.span(), "wrong_type", message);
                None
            }
        }
    }

    /// A number, exactly as written (integer or float text).
    fn number(&mut self, value: &Value<'_>, key: &str) -> Option<Decimal> {
        let raw = match value.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
            DeValue::Float(f) => f.as_str(),
            DeValue::Integer(_) => {
                let message = format!("'{key}' must be a decimal number, not hex, octal or binary");
                self.error(value.span(), "wrong_type", message);
                return None;
            }
            other => {
                let message = format!("'{key}' must be a number, not {}", other.type_str());
                self.error(value.span(), "wrong_type", message);
                return None;
            }
        };
        match decimal_from_toml(raw) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(
                    value.span(),
                    "bad_number",
                    format!("'{key}' = {raw}: {why}"),
                );
                None
            }
        }
    }

    fn date(&mut self, value: &Value<'_>, key: &str) -> Option<NaiveDate> {
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                }
                _ => None,
            },
            DeValue::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        match parsed {
            None => {
                let message = format!("'{key}' must be a date such as 2022-01-01");
                self.error(value.span(), "bad_date", message);
                None
            }
            // The same years as a period in the actuals (`Span::parse`).
            Some(d) if !(1000..=9999).contains(&d.year()) => {
                let message = format!(
                    "'{key}' = {d}: the year must lie in 1000–9999; write a date such as 2022-01-01"
                );
                self.error(value.span(), "bad_date", message);
                None
            }
            Some(d) => Some(d),
        }
    }

    fn table<'v, 'i>(&mut self, value: &'v Value<'i>, what: &str) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let message = format!("{what} must be a table, not {}", other.type_str());
                self.error(value.span(), "wrong_type", message);
                None
            }
        }
    }

    fn campaign(&mut self, doc: &DeTable<'_>, base_dir: &Path) -> Option<Campaign> {
        self.known_keys(doc, TOP_KEYS, "the campaign file");
        let mut name = None;
        let mut span = None;
        let mut locale = Locale::En;
        let mut lang = Lang::En;
        let mut actuals = Vec::new();
        let mut near = Decimal::from(90);

        let head = get(doc, "campaign").and_then(|v| self.table(v, "[campaign]"));
        match head {
            None => self.diagnostics.push(Diagnostic::error(
                Some(Location::new(self.file, 1, 1)),
                "missing_key",
                "the campaign file has no [campaign] table; add one with at least `period = \"2022\"` (or start and end dates)",
            )),
            Some(head) => {
                self.known_keys(head, CAMPAIGN_KEYS, "[campaign]");
                name = get(head, "name").and_then(|v| self.string(v, "name"));
                span = self.campaign_span(head);
                if let Some(v) = get(head, "locale") {
                    if let Some(s) = self.string(v, "locale") {
                        match s.parse() {
                            Ok(l) => locale = l,
                            Err(e) => self.error(v.span(), "bad_value", e),
                        }
                    }
                }
                if let Some(v) = get(head, "lang") {
                    if let Some(s) = self.string(v, "lang") {
                        match s.parse() {
                            Ok(l) => lang = l,
                            Err(e) => self.error(v.span(), "bad_value", e),
                        }
                    }
                }
                if let Some(v) = get(head, "actuals") {
                    actuals = self.actuals_paths(v, base_dir);
                }
            }
        }

        if let Some(status) = get(doc, "status").and_then(|v| self.table(v, "[status]")) {
            self.known_keys(status, STATUS_KEYS, "[status]");
            if let Some(v) = get(status, "near") {
                if let Some(n) = self.percent_threshold(v, "near") {
                    near = n;
                }
            }
        }

        let mut targets: Vec<Target> = Vec::new();
        // Ids seen, to find a repeated one without scanning every target.
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        match get(doc, "target") {
            None => self.diagnostics.push(Diagnostic::error(
                Some(Location::new(self.file, 1, 1)),
                "no_targets",
                "the campaign has no targets; add at least one [[target]] with an id, a unit and one of at_least, at_most or between",
            )),
            Some(v) => match v.get_ref() {
                DeValue::Array(items) => {
                    // At full size at once: a campaign of 40,000 targets
                    // regrew this list (480 bytes a target) 16 times.
                    targets.reserve_exact(items.len());
                    seen.reserve(items.len());
                    for (n, item) in items.iter().enumerate() {
                        let mark = self.diagnostics.len();
                        let t = self.target(item, span);
                        self.label_since(mark, &label("target", item, n));
                        if let Some(t) = t {
                            if let Some(first) = seen.get(&t.id).map(|&i| &targets[i]) {
                                let message = format!(
                                    "duplicate target id '{}' (first defined at {}); ids must be unique",
                                    t.id, first.location
                                );
                                self.diagnostics.push(Diagnostic::error(
                                    Some(t.location.clone()),
                                    "duplicate_id",
                                    message,
                                ));
                            } else {
                                seen.insert(t.id.clone(), targets.len());
                                targets.push(t);
                            }
                        }
                    }
                }
                _ => self.error(
                    v.span(),
                    "wrong_type",
                    "targets are written as [[target]] tables".to_string(),
                ),
            },
        }

        let mut series: Vec<Series> = Vec::new();
        if let Some(v) = get(doc, "series") {
            match v.get_ref() {
                DeValue::Array(items) => {
                    for (n, item) in items.iter().enumerate() {
                        let mark = self.diagnostics.len();
                        let one = self.series(item);
                        self.label_since(mark, &label("series", item, n));
                        series.extend(one);
                    }
                }
                _ => self.error(
                    v.span(),
                    "wrong_type",
                    "series are written as [[series]] tables".to_string(),
                ),
            }
        }
        let mut entity_names = Vec::new();
        if let Some(table) = get(doc, "entities").and_then(|v| self.table(v, "[entities]")) {
            for (key, value) in table.iter() {
                if let Some(name) = self.string(value, key.get_ref()) {
                    entity_names.push((crate::text::nfc(key.get_ref()).into_owned(), name));
                }
            }
        }
        let indicators = self.indicators(&targets, &series);

        let span = span?;
        let index = Index::of(&targets, &indicators, &entity_names);
        Some(Campaign {
            index,
            file: self.file.to_string(),
            name: name.unwrap_or_else(|| file_stem(self.file)),
            span,
            locale,
            lang,
            actuals,
            near,
            targets,
            series,
            entity_names,
            indicators,
        })
    }

    fn campaign_span(&mut self, head: &DeTable<'_>) -> Option<Span> {
        let period = get(head, "period");
        let start = get(head, "start");
        let end = get(head, "end");
        match (period, start, end) {
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
                match Span::new(s_date, e_date) {
                    Ok(span) => Some(span),
                    Err(_) => {
                        let message =
                            format!("the campaign ends ({e_date}) before it starts ({s_date})");
                        self.error(e.span(), "bad_period", message);
                        None
                    }
                }
            }
            (Some(p), _, _) => {
                self.error(
                    p.span(),
                    "conflicting_keys",
                    "write either 'period' or 'start' and 'end' in [campaign], not both".into(),
                );
                None
            }
            (None, s, e) => {
                let at = s.or(e).map_or(0..0, |v| v.span());
                self.error(
                    at,
                    "missing_key",
                    "[campaign] needs `period = \"2022\"` or both `start` and `end` dates".into(),
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

    fn percent_threshold(&mut self, value: &Value<'_>, key: &str) -> Option<Decimal> {
        let n = self.number(value, key)?;
        if n < Decimal::ZERO || n > Decimal::ONE_HUNDRED {
            let message = format!(
                "'{key}' is a percentage of attainment and must lie between 0 and 100, not {n}"
            );
            self.error(value.span(), "out_of_range", message);
            return None;
        }
        Some(n)
    }

    fn target(&mut self, item: &Value<'_>, span: Option<Span>) -> Option<Target> {
        let table = self.table(item, "a [[target]]")?;
        let location = self.loc(item.span());
        self.known_keys(table, TARGET_KEYS, "[[target]]");
        let id = self.id(table, &location, "target");
        let name = self.name(table);
        let group = get(table, "group").and_then(|v| self.string(v, "group"));
        let source = get(table, "source").and_then(|v| self.string(v, "source"));
        let note = get(table, "note").and_then(|v| self.string(v, "note"));

        let (unit_text, unit) = self.unit(table, item);

        let kind = self.kind(table, &location);
        let strict = match get(table, "strict") {
            None => false,
            Some(v) => {
                let s = self.boolean(v, "strict").unwrap_or(false);
                if s && matches!(kind, Some(Kind::Between(..))) {
                    self.error(
                        v.span(),
                        "bad_value",
                        "'strict' applies to at_least and at_most; a between band already includes its bounds".into(),
                    );
                }
                s
            }
        };
        let above = match get(table, "above") {
            None => Above::Exceeded,
            Some(v) => {
                let parsed = match self.string(v, "above").as_deref() {
                    Some("exceeded") => Some(Above::Exceeded),
                    Some("bad") => Some(Above::Bad),
                    Some(other) => {
                        let message = format!(
                            "above = '{other}' is not valid; use \"exceeded\" (more is better) or \"bad\" (a band)"
                        );
                        self.error(v.span(), "bad_value", message);
                        None
                    }
                    None => None,
                };
                if parsed.is_some() && !matches!(kind, Some(Kind::Between(..)) | None) {
                    self.error(
                        v.span(),
                        "bad_value",
                        "'above' applies only to a between target".into(),
                    );
                }
                parsed.unwrap_or_default()
            }
        };

        let aggregate = get(table, "aggregate").and_then(|v| self.aggregate(v, "aggregate"));
        let across = self.across(table);
        let baseline = get(table, "baseline").and_then(|v| self.number(v, "baseline"));
        let weight = match get(table, "weight") {
            None => Decimal::ONE,
            Some(v) => match self.number(v, "weight") {
                Some(w) if w >= Decimal::ZERO => w,
                Some(w) => {
                    let message = format!("'weight' must be zero or more, not {w}");
                    self.error(v.span(), "out_of_range", message);
                    Decimal::ONE
                }
                None => Decimal::ONE,
            },
        };
        let near = get(table, "near").and_then(|v| self.percent_threshold(v, "near"));

        let is_flow = aggregate == Some(Aggregate::Sum);
        let profile = get(table, "profile").and_then(|v| self.profile(v, span));
        if let (Some(_), false, None) = (&profile, is_flow, baseline) {
            let at = get(table, "profile").map_or(item.span(), |v| v.span());
            self.error(
                at,
                "phasing_without_baseline",
                "a profile on a level (aggregate other than sum) needs a baseline to grow from; add `baseline = ...` or remove profile".into(),
            );
        }
        if let (Some(_), Some(v)) = (&profile, get(table, "phasing")) {
            if matches!(v.get_ref(), DeValue::String(p) if p.as_ref() == "none") {
                self.error(
                    v.span(),
                    "conflicting_keys",
                    "phasing = \"none\" contradicts the profile; remove one of them".into(),
                );
            }
        }
        let formula = get(table, "formula").and_then(|v| self.formula(v));
        let entity_targets = match (get(table, "entities"), kind) {
            (Some(v), Some(kind)) => self.entity_targets(v, kind),
            _ => Vec::new(),
        };
        let revisions = match get(table, "revised") {
            None => Vec::new(),
            Some(v) => self.revisions(v, span),
        };
        let phasing = match get(table, "phasing") {
            None if is_flow => Phasing::Linear,
            None => Phasing::None,
            Some(v) => match self.string(v, "phasing").as_deref() {
                Some("linear") => {
                    if !is_flow && baseline.is_none() {
                        self.error(
                            v.span(),
                            "phasing_without_baseline",
                            "phasing = \"linear\" on a level (aggregate other than sum) needs a baseline to grow from; add `baseline = ...` or remove phasing".into(),
                        );
                    }
                    Phasing::Linear
                }
                Some("none") => Phasing::None,
                Some(other) => {
                    let message =
                        format!("phasing = '{other}' is not valid; use \"linear\" or \"none\"");
                    self.error(v.span(), "bad_value", message);
                    Phasing::None
                }
                None => Phasing::None,
            },
        };

        Some(Target {
            id: id?,
            name,
            group,
            unit_text,
            unit: unit?,
            kind: kind?,
            strict,
            above,
            aggregate,
            across,
            phasing,
            profile,
            revisions,
            formula,
            entity_targets,
            baseline,
            weight,
            near,
            source,
            note,
            location,
        })
    }

    /// `profile = [w1, w2, ...]`: one weight per month or per quarter of the
    /// campaign, none negative, not all zero.
    fn profile(&mut self, value: &Value<'_>, span: Option<Span>) -> Option<Vec<Decimal>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                "wrong_type",
                "'profile' must be a list of weights, 12 monthly or 4 quarterly, e.g. profile = [6, 7, 8, 8, 8, 8, 8, 8, 8, 9, 10, 12]".into(),
            );
            return None;
        };
        let weights: Vec<Decimal> = items
            .iter()
            .map(|w| self.number(w, "profile"))
            .collect::<Option<Vec<_>>>()?;
        if weights.iter().any(|w| w.is_sign_negative() && !w.is_zero())
            || weights.iter().all(|w| w.is_zero())
        {
            self.error(
                value.span(),
                "bad_profile",
                "the weights of a profile must be zero or more, and not all zero".into(),
            );
            return None;
        }
        let span = span?;
        if crate::period::calendar_parts(&span, weights.len()).is_none() {
            let message = format!(
                "the profile has {} weights, but the campaign ({} to {}) does not split into {} whole months or quarters; give one weight per month or per quarter",
                weights.len(),
                span.start,
                span.end,
                weights.len()
            );
            self.error(value.span(), "bad_profile", message);
            return None;
        }
        Some(weights)
    }

    /// `revised = [{ from = DATE, at_least|at_most|between = ..., source = ... }]`.
    fn revisions(&mut self, value: &Value<'_>, span: Option<Span>) -> Vec<Revision> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                "wrong_type",
                "'revised' must be a list such as revised = [{ from = 2022-07-09, between = [8, 10], source = \"...\" }]".into(),
            );
            return Vec::new();
        };
        let mut out: Vec<Revision> = Vec::new();
        for item in items.iter() {
            let Some(table) = self.table(item, "a revision") else {
                continue;
            };
            let location = self.loc(item.span());
            self.known_keys(table, REVISION_KEYS, "a revision");
            let from = match get(table, "from") {
                Some(v) => self.date(v, "from").map(|d| (d, v.span())),
                None => {
                    self.diagnostics.push(Diagnostic::error(
                        Some(location.clone()),
                        "missing_key",
                        "a revision needs `from = DATE`, the day the revised target takes effect",
                    ));
                    None
                }
            };
            let kind = self.kind(table, &location);
            let source = get(table, "source").and_then(|v| self.string(v, "source"));
            let note = get(table, "note").and_then(|v| self.string(v, "note"));
            let (Some((from, from_span)), Some(kind)) = (from, kind) else {
                continue;
            };
            if let Some(span) = span {
                if !span.contains_date(from) {
                    let message = format!(
                        "the revision takes effect on {from}, outside the campaign ({} to {})",
                        span.start, span.end
                    );
                    self.error(from_span, "bad_date", message);
                    continue;
                }
            }
            if out.iter().any(|r| r.from == from) {
                let message = format!("two revisions take effect on {from}; keep one");
                self.error(from_span, "duplicate_revision", message);
                continue;
            }
            out.push(Revision {
                from,
                kind,
                source,
                note,
                location,
            });
        }
        out.sort_by_key(|r| r.from);
        out
    }

    /// `formula = "..."`, parsed; an error points at the character.
    fn formula(&mut self, value: &Value<'_>) -> Option<crate::formula::Formula> {
        let text = self.string(value, "formula")?;
        match crate::formula::Formula::parse(&text) {
            Ok(f) => Some(f),
            Err(e) => {
                let at = self.inside_string(value, &text, e.offset);
                let message = format!("formula = \"{text}\": {}", e.message);
                self.diagnostics
                    .push(Diagnostic::error(Some(at), "bad_formula", message));
                None
            }
        }
    }

    /// The location of character `offset` inside the string `value`.
    fn inside_string(&self, value: &Value<'_>, text: &str, offset: usize) -> Location {
        let start = value.span().start;
        let raw = self.text.get(start..).unwrap_or_default();
        let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            1
        };
        let bytes = text
            .char_indices()
            .nth(offset)
            .map_or(text.len(), |(b, _)| b);
        self.lines
            .location(self.file, self.text, start + quote + bytes)
    }

    /// `[target.entities]`: `tu_son = 12000` (the target's own kind with
    /// this value; `[L, H]` for a between target) or `tu_son = { at_most = 1 }`.
    fn entity_targets(&mut self, value: &Value<'_>, kind: Kind) -> Vec<(String, Kind)> {
        let Some(table) = self.table(value, "[target.entities]") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, v) in table.iter() {
            let entity = crate::text::nfc(key.get_ref()).into_owned();
            let parsed = match (v.get_ref(), kind) {
                (DeValue::Table(t), _) => {
                    let loc = self.loc(v.span());
                    self.known_keys(t, &["at_least", "at_most", "between"], "an entity's target");
                    self.kind(t, &loc)
                }
                (DeValue::Array(_), Kind::Between(..)) => {
                    let mut wrapper = DeTable::new();
                    wrapper.insert(Spanned::new(key.span(), "between".into()), v.clone());
                    let loc = self.loc(v.span());
                    self.kind(&wrapper, &loc)
                }
                (_, Kind::AtLeast(_)) => self.number(v, &entity).map(Kind::AtLeast),
                (_, Kind::AtMost(_)) => self.number(v, &entity).map(Kind::AtMost),
                (_, Kind::Between(..)) => {
                    self.error(
                        v.span(),
                        "wrong_type",
                        format!("the target of entity '{entity}' must be a pair [L, H] like the campaign's between"),
                    );
                    None
                }
            };
            if let Some(k) = parsed {
                out.push((entity, k));
            }
        }
        out
    }

    /// One `[[series]]`: its id, name, unit, aggregate and across follow
    /// the same rules as a target's, read by the same functions.
    fn series(&mut self, item: &Value<'_>) -> Option<Series> {
        let table = self.table(item, "a [[series]]")?;
        let location = self.loc(item.span());
        self.known_keys(table, SERIES_KEYS, "[[series]]");
        let id = self.id(table, &location, "series");
        let name = self.name(table);
        let (unit_text, unit) = self.unit(table, item);
        let aggregate = get(table, "aggregate").and_then(|v| self.aggregate(v, "aggregate"));
        let across = self.across(table);
        Some(Series {
            id: id?,
            name,
            unit_text,
            unit: unit?,
            aggregate,
            across,
            location,
        })
    }

    /// `id = "..."`: lower-case letters, digits and `_`, as the actuals
    /// refer to it.
    fn id(&mut self, table: &DeTable<'_>, location: &Location, what: &str) -> Option<String> {
        let Some(v) = get(table, "id") else {
            let message = format!(
                "a [[{what}]] has no id; add `id = \"...\"` (lower-case letters, digits and _)"
            );
            self.diagnostics.push(Diagnostic::error(
                Some(location.clone()),
                "missing_key",
                message,
            ));
            return None;
        };
        let id = self.string(v, "id")?;
        if valid_id(&id) {
            return Some(id);
        }
        let message = format!(
            "{what} id '{id}' may contain only lower-case letters a–z, digits and _ (for example '{}')",
            suggest_id(&id)
        );
        self.error(v.span(), "bad_id", message);
        None
    }

    /// `name = "..."` or `name = { vi = "...", en = "..." }`.
    fn name(&mut self, table: &DeTable<'_>) -> Name {
        let Some(v) = get(table, "name") else {
            return Name::default();
        };
        match v.get_ref() {
            DeValue::Table(t) => {
                self.known_keys(t, &["en", "vi"], "a name");
                Name {
                    en: get(t, "en").and_then(|v| self.string(v, "name.en")),
                    vi: get(t, "vi").and_then(|v| self.string(v, "name.vi")),
                }
            }
            _ => {
                let plain = self.string(v, "name");
                Name {
                    en: plain.clone(),
                    vi: plain,
                }
            }
        }
    }

    /// `unit = "..."` as written, and parsed (`None` when it does not parse).
    fn unit(&mut self, table: &DeTable<'_>, item: &Value<'_>) -> (String, Option<Unit>) {
        let unit_text = get(table, "unit")
            .and_then(|v| self.string(v, "unit"))
            .unwrap_or_default();
        match Unit::parse(&unit_text) {
            Ok(u) => (unit_text, Some(u)),
            Err(e) => {
                let span = get(table, "unit").map_or(item.span(), |v| v.span());
                self.error(span, "bad_unit", e.to_string());
                (unit_text, None)
            }
        }
    }

    /// `across = "sum" | "mean" | "min" | "max"`.
    fn across(&mut self, table: &DeTable<'_>) -> Option<Aggregate> {
        let v = get(table, "across")?;
        let a = self.aggregate(v, "across")?;
        if a == Aggregate::Last {
            self.error(
                v.span(),
                "bad_value",
                "across = \"last\" has no meaning: entities have no order; use sum, mean, min or max".into(),
            );
            return None;
        }
        Some(a)
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
                out.push(Indicator {
                    id: t.id.clone(),
                    unit_text: t.unit_text.clone(),
                    unit: t.unit.clone(),
                    aggregate: t.aggregate,
                    across: t.across,
                    location: t.location.clone(),
                    target: Some(i),
                });
            }
        }
        // Where each id was first defined: targets, then series as they come.
        let mut defined: FxHashMap<&str, &Location> = FxHashMap::default();
        for t in targets {
            defined.entry(t.id.as_str()).or_insert(&t.location);
        }
        for s in series {
            if let Some(other) = defined.get(s.id.as_str()).map(|&loc| loc.clone()) {
                // Targets are read before series, but the file may define
                // the series first: the error goes to the later of the two
                // and names the earlier one.
                let (first, second) = if other < s.location {
                    (other, s.location.clone())
                } else {
                    (s.location.clone(), other)
                };
                let message = format!(
                    "duplicate id '{}' (first defined at {first}); a series and a target cannot share an id",
                    s.id
                );
                self.diagnostics
                    .push(Diagnostic::error(Some(second), "duplicate_id", message));
                continue;
            }
            defined.insert(s.id.as_str(), &s.location);
            out.push(Indicator {
                id: s.id.clone(),
                unit_text: s.unit_text.clone(),
                unit: s.unit.clone(),
                aggregate: s.aggregate,
                across: s.across,
                location: s.location.clone(),
                target: None,
            });
        }
        let known: Vec<&str> = out.iter().map(|i| i.id.as_str()).collect();
        let known_set: rustc_hash::FxHashSet<&str> = known.iter().copied().collect();
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
                self.diagnostics.push(Diagnostic::error(
                    Some(t.location.clone()),
                    "bad_formula",
                    format!("target '{}': formula = \"{}\": {why}", t.id, f.text),
                ));
            }
        }
        out
    }

    /// Exactly one of at_least, at_most, between.
    fn kind(&mut self, table: &DeTable<'_>, location: &Location) -> Option<Kind> {
        let present: Vec<(&str, &Value<'_>)> = ["at_least", "at_most", "between"]
            .into_iter()
            .filter_map(|k| get(table, k).map(|v| (k, v)))
            .collect();
        match present.as_slice() {
            [] => {
                self.diagnostics.push(Diagnostic::error(
                    Some(location.clone()),
                    "no_kind",
                    "the target has no kind; add exactly one of at_least = T (higher is better), at_most = T (lower is better) or between = [L, H]",
                ));
                None
            }
            [("at_least", v)] => self.number(v, "at_least").map(Kind::AtLeast),
            [("at_most", v)] => self.number(v, "at_most").map(Kind::AtMost),
            [(_, v)] => {
                let DeValue::Array(items) = v.get_ref() else {
                    self.error(
                        v.span(),
                        "wrong_type",
                        "'between' must be a pair [L, H], for example between = [5, 6]".into(),
                    );
                    return None;
                };
                let [low, high] = items.as_ref() else {
                    self.error(
                        v.span(),
                        "wrong_type",
                        format!(
                            "'between' must be a pair [L, H] of two numbers, not {} values",
                            items.len()
                        ),
                    );
                    return None;
                };
                let (l, h) = (self.number(low, "between")?, self.number(high, "between")?);
                if l > h {
                    let message = format!(
                        "between = [{l}, {h}] has its low end above its high end; write [{h}, {l}]"
                    );
                    self.error(v.span(), "bad_range", message);
                    return None;
                }
                Some(Kind::Between(l, h))
            }
            [_, (second, v), ..] => {
                let names: Vec<&str> = present.iter().map(|(k, _)| *k).collect();
                let message = format!(
                    "the target has two kinds ({}); keep exactly one ('{second}' is the extra one here)",
                    names.join(" and ")
                );
                self.error(v.span(), "two_kinds", message);
                None
            }
        }
    }

    fn aggregate(&mut self, value: &Value<'_>, key: &str) -> Option<Aggregate> {
        let s = self.string(value, key)?;
        match Aggregate::NAMES.iter().find(|(n, _)| *n == s) {
            Some((_, a)) => Some(*a),
            None => {
                let names: Vec<&str> = Aggregate::NAMES.iter().map(|(n, _)| *n).collect();
                let hint = closest(&s, &names)
                    .map(|b| format!("did you mean '{b}'? "))
                    .unwrap_or_default();
                let message = format!(
                    "{key} = '{s}' is not valid; {hint}use sum (flows: revenue, turnover), last (levels and rates), mean, min or max"
                );
                self.error(value.span(), "bad_value", message);
                None
            }
        }
    }
}

fn get<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Value<'i>> {
    table.get(key)
}

/// The valid key closest to `name`, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, valid: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(&lower, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// A valid id close to an invalid one, for the error message.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// How messages name the `n`th (0-based) `[[target]]` or `[[series]]`: by
/// its id when it has a valid one, else by its place in the file.
fn label(what: &str, item: &Value<'_>, n: usize) -> String {
    let id = match item.get_ref() {
        DeValue::Table(t) => match get(t, "id").map(|v| v.get_ref()) {
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

fn suggest_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() {
        "my_target".into()
    } else {
        out
    }
}

fn file_stem(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
}

/// A TOML number's text as an exact decimal: `92_070`, `1.1`, `1e3`.
fn decimal_from_toml(raw: &str) -> Result<Decimal, String> {
    let clean: String = raw.chars().filter(|c| *c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    if lower.contains("inf") || lower.contains("nan") {
        return Err("not a finite number; write an ordinary number".into());
    }
    let parsed = if lower.contains('e') {
        Decimal::from_scientific(&lower)
    } else {
        clean.parse::<Decimal>()
    };
    parsed.map_err(|_| "too large or too precise to be held exactly".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Campaign, Error> {
        parse("t.toml", text, Path::new("/base"))
    }

    fn messages(text: &str) -> Vec<String> {
        match load_str(text) {
            Ok(_) => panic!("expected an error"),
            Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    const HEAD: &str = "[campaign]\nperiod = \"2022\"\n";

    #[test]
    fn a_minimal_campaign_loads_with_defaults() {
        let c = load_str(&format!(
            "{HEAD}actuals = \"a.csv\"\n[[target]]\nid = \"x\"\nunit = \"%\"\nat_least = 1.1\n"
        ))
        .unwrap();
        assert_eq!(c.name, "t");
        assert_eq!(c.near, Decimal::from(90));
        assert_eq!(c.actuals, vec![PathBuf::from("/base/a.csv")]);
        let t = &c.targets[0];
        assert_eq!(t.kind, Kind::AtLeast(Decimal::new(11, 1)));
        assert_eq!(t.phasing, Phasing::None);
        assert_eq!(t.weight, Decimal::ONE);
        assert_eq!(t.name.get(Lang::Vi, &t.id), "x");
    }

    #[test]
    fn numbers_keep_their_exact_decimal_text() {
        let c = load_str(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_most = 0.1\nbaseline = 92_070\n"
        ))
        .unwrap();
        assert_eq!(c.targets[0].kind, Kind::AtMost(Decimal::new(1, 1)));
        assert_eq!(c.targets[0].baseline, Some(Decimal::from(92070)));
    }

    #[test]
    fn a_sum_target_is_phased_linearly_by_default() {
        let c = load_str(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 5\naggregate = \"sum\"\n"
        ))
        .unwrap();
        assert_eq!(c.targets[0].phasing, Phasing::Linear);
    }

    #[test]
    fn misspelt_keys_get_the_closest_valid_key() {
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_leest = 5\nagregate = \"sum\"\n"
        ));
        assert!(
            m.iter().any(|m| m.starts_with(
                "t.toml:5:1: target 'x': unknown key 'at_leest' in [[target]]; did you mean 'at_least'?"
            )),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.contains("'agregate'") && m.contains("did you mean 'aggregate'?")),
            "{m:?}"
        );
    }

    #[test]
    fn duplicate_ids_point_at_both_places() {
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[target]]\nid = \"x\"\nat_least = 2\n"
        ));
        assert_eq!(m.len(), 1);
        assert!(
            m[0].starts_with("t.toml:6:1: duplicate target id 'x' (first defined at t.toml:3:1)"),
            "{m:?}"
        );
    }

    #[test]
    fn kind_errors() {
        let none = messages(&format!("{HEAD}[[target]]\nid = \"x\"\n"));
        assert!(none[0].contains("has no kind"), "{none:?}");
        let two = messages(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\nat_most = 2\n"
        ));
        assert!(
            two[0].starts_with(
                "t.toml:6:11: target 'x': the target has two kinds (at_least and at_most)"
            ),
            "{two:?}"
        );
        let bad_range = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nbetween = [6, 5]\n"));
        assert!(bad_range[0].contains("write [5, 6]"), "{bad_range:?}");
        let not_pair = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nbetween = [6]\n"));
        assert!(not_pair[0].contains("pair"), "{not_pair:?}");
    }

    #[test]
    fn every_campaign_error_names_its_target_or_series() {
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"growth\"\nbetween = [6, 5]\n[[target]]\nid = \"poverty\"\nat_most = nan\n[[series]]\nid = \"rev\"\nunit = \"furlongs per\"\naggregate = \"summ\"\n[[target]]\nname = \"no id\"\nat_least = 1\n"
        ));
        assert_eq!(m.len(), 4, "{m:?}");
        assert!(
            m[0].contains(": target 'growth': between = [6, 5]"),
            "{m:?}"
        );
        assert!(m[1].contains(": target 'poverty': 'at_most'"), "{m:?}");
        assert!(m[2].contains(": series 'rev': aggregate = 'summ'"), "{m:?}");
        // Without an id, the place in the file: the third [[target]].
        assert!(
            m[3].contains(": [[target]] #3: a [[target]] has no id"),
            "{m:?}"
        );
    }

    #[test]
    fn series_are_validated_with_the_rules_of_targets() {
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[series]]\nid = \"rev\"\naggregate = \"last\"\nacross = \"last\"\n[[series]]\nid = \"Bad Id\"\n"
        ));
        assert_eq!(m.len(), 2, "{m:?}");
        assert!(
            m[0].contains("series 'rev': across = \"last\" has no meaning"),
            "{m:?}"
        );
        assert!(
            m[1].contains("[[series]] #2: series id 'Bad Id' may contain only lower-case letters"),
            "{m:?}"
        );
    }

    #[test]
    fn a_series_defined_before_a_target_of_the_same_id_is_named_first() {
        let m = messages(&format!(
            "{HEAD}[[series]]\nid = \"x\"\n[[target]]\nid = \"x\"\nat_least = 1\n"
        ));
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("t.toml:5:1: duplicate id 'x' (first defined at t.toml:3:1)"),
            "{m:?}"
        );
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[series]]\nid = \"x\"\n"
        ));
        assert!(
            m[0].starts_with("t.toml:6:1: duplicate id 'x' (first defined at t.toml:3:1)"),
            "{m:?}"
        );
    }

    #[test]
    fn campaign_dates_outside_years_1000_to_9999_are_refused() {
        for (start, end) in [("0001-01-01", "0001-12-31"), ("0999-01-01", "2022-12-31")] {
            let m = messages(&format!(
                "[campaign]\nstart = {start}\nend = {end}\n[[target]]\nid = \"x\"\nat_least = 1\n"
            ));
            assert!(
                m.iter().any(|m| m.contains(&format!(
                    "'start' = {start}: the year must lie in 1000–9999"
                ))),
                "{m:?}"
            );
        }
    }

    #[test]
    fn non_finite_and_out_of_range_numbers_are_refused() {
        let m = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nat_least = inf\n"));
        assert!(m[0].contains("not a finite number"), "{m:?}");
        let m = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nat_least = nan\n"));
        assert!(m[0].contains("not a finite number"), "{m:?}");
        let m = messages(&format!(
            "{HEAD}[status]\nnear = 120\n[[target]]\nid = \"x\"\nat_least = 1\n"
        ));
        assert!(m[0].contains("between 0 and 100"), "{m:?}");
    }

    #[test]
    fn ids_must_be_lowercase_words() {
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"GRDP Growth\"\nat_least = 1\n"
        ));
        assert!(m[0].contains("'grdp_growth'"), "{m:?}");
    }

    #[test]
    fn empty_campaign_and_missing_period_are_errors() {
        let m = messages(HEAD);
        assert!(m[0].contains("no targets"), "{m:?}");
        let m = messages("[campaign]\nname = \"x\"\n[[target]]\nid = \"x\"\nat_least = 1\n");
        assert!(m.iter().any(|m| m.contains("needs `period")), "{m:?}");
    }

    #[test]
    fn revisions_are_read_sorted_and_checked() {
        let c = load_str(&format!(
            "{HEAD}[[target]]\nid = \"g\"\nunit = \"%\"\nbetween = [5, 6]\nrevised = [\n  {{ from = 2022-10-01, at_least = 9 }},\n  {{ from = 2022-07-09, between = [8, 10], source = \"NQ\" }},\n]\n"
        ))
        .unwrap();
        let t = &c.targets[0];
        assert_eq!(t.revisions.len(), 2);
        let date = |m, d| NaiveDate::from_ymd_opt(2022, m, d).unwrap();
        assert_eq!(
            t.in_force(date(7, 8)).0,
            Kind::Between(Decimal::from(5), Decimal::from(6))
        );
        assert!(t.in_force(date(7, 8)).1.is_none());
        assert_eq!(
            t.in_force(date(7, 9)).0,
            Kind::Between(Decimal::from(8), Decimal::from(10))
        );
        assert_eq!(t.in_force(date(12, 31)).0, Kind::AtLeast(Decimal::from(9)));
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"g\"\nat_least = 1\nrevised = [{{ from = 2023-01-01, at_least = 2 }}, {{ at_least = 3 }}, {{ from = 2022-02-01, at_leest = 3 }}]\n"
        ));
        assert!(
            m.iter().any(|m| m.contains("outside the campaign")),
            "{m:?}"
        );
        assert!(m.iter().any(|m| m.contains("needs `from = DATE`")), "{m:?}");
        assert!(
            m.iter().any(|m| m.contains("did you mean 'at_least'")),
            "{m:?}"
        );
    }

    #[test]
    fn series_entities_and_formulas_are_read() {
        let c = load_str(&format!(
            "{HEAD}[entities]\ntu_son = \"Thị xã Từ Sơn\"\n[[series]]\nid = \"good_n\"\nunit = \"organisations\"\naggregate = \"sum\"\n[[series]]\nid = \"all_n\"\naggregate = \"sum\"\n[[target]]\nid = \"good\"\nunit = \"%\"\nat_least = 80\nformula = \"good_n / all_n * 100\"\n[[target]]\nid = \"households\"\nat_least = 100\naggregate = \"last\"\n[target.entities]\ntu_son = 40\nyen_phong = {{ at_most = 5 }}\n"
        ))
        .unwrap();
        // indicators: targets without a formula, then series
        let ids: Vec<&str> = c.indicators.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["households", "good_n", "all_n"]);
        assert_eq!(
            c.targets[0].formula.as_ref().unwrap().references(),
            ["good_n", "all_n"]
        );
        assert_eq!(
            c.targets[1].entity_targets,
            vec![
                ("tu_son".to_string(), Kind::AtLeast(Decimal::from(40))),
                ("yen_phong".to_string(), Kind::AtMost(Decimal::from(5)))
            ]
        );
        assert_eq!(c.entity_name("tu_son"), "Thị xã Từ Sơn");
        assert_eq!(c.entity_name("bac_ninh"), "bac_ninh");
    }

    #[test]
    fn formulas_may_name_only_indicators() {
        let with = |f: &str| {
            messages(&format!(
                "{HEAD}[[series]]\nid = \"a\"\n[[target]]\nid = \"r\"\nat_least = 1\nformula = \"{f}\"\n[[target]]\nid = \"q\"\nat_least = 1\nformula = \"a * 2\"\n"
            ))
        };
        assert!(
            with("a / b")[0].contains("no target or [[series]] has the id 'b'"),
            "{:?}",
            with("a / b")
        );
        assert!(with("r + a")[0].contains("cannot refer to its own target"));
        assert!(with("q + a")[0].contains("'q' is itself a formula"));
        assert!(with("a + ")[0].contains("ends too early"));
        let dup = messages(&format!(
            "{HEAD}[[series]]\nid = \"x\"\n[[target]]\nid = \"x\"\nat_least = 1\n"
        ));
        assert!(dup[0].contains("duplicate id 'x'"), "{dup:?}");
    }

    #[test]
    fn profiles_need_one_weight_per_month_or_quarter() {
        let ok = |p: &str| {
            load_str(&format!(
                "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"sum\"\nprofile = {p}\n"
            ))
        };
        assert_eq!(
            ok("[1, 1, 1, 1]").unwrap().targets[0]
                .profile
                .as_ref()
                .map(Vec::len),
            Some(4)
        );
        assert!(ok("[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4]").is_ok());
        for bad in ["[1, 1, 1]", "[0, 0, 0, 0]", "[1, -1, 1, 1]", "\"flat\""] {
            assert!(ok(bad).is_err(), "{bad}");
        }
        let six_months = "[campaign]\nstart = 2022-07-01\nend = 2022-12-31\n[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"sum\"\nprofile = [1, 1, 1, 1, 1, 5]\n";
        assert!(load_str(six_months).is_ok());
        let level = messages(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"last\"\nprofile = [1, 1, 1, 1]\n"
        ));
        assert!(level[0].contains("needs a baseline"), "{level:?}");
    }

    #[test]
    fn phasing_a_level_needs_a_baseline() {
        let m = messages(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"last\"\nphasing = \"linear\"\n"
        ));
        assert!(m[0].contains("needs a baseline"), "{m:?}");
    }

    #[test]
    fn start_and_end_dates_make_the_span() {
        let c = load_str(
            "[campaign]\nstart = 2022-07-01\nend = 2023-06-30\n[[target]]\nid = \"x\"\nat_least = 1\n",
        )
        .unwrap();
        assert_eq!(c.span.days(), 365);
    }

    #[test]
    fn toml_syntax_errors_carry_a_location() {
        let m = messages("[campaign\nperiod = 1");
        assert!(m[0].starts_with("t.toml:1:"), "{m:?}");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Every error of an invalid campaign points at a line of the file.
        fn assert_located(result: Result<Campaign, Error>) -> Result<(), TestCaseError> {
            if let Err(e) = result {
                match e {
                    Error::Invalid(diagnostics) => {
                        prop_assert!(!diagnostics.is_empty());
                        for d in diagnostics {
                            let loc = d.location.as_ref();
                            prop_assert!(
                                loc.is_some_and(|l| l.file == "t.toml" && l.line >= 1),
                                "{d:?}"
                            );
                        }
                    }
                    other => prop_assert!(false, "unexpected error kind: {other}"),
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1000))]

            #[test]
            fn arbitrary_text_never_panics_and_errors_are_located(text in any::<String>()) {
                assert_located(load_str(&text))?;
            }

            /// Campaign-shaped text: real keys with odd values, so that the
            /// walk goes deep rather than stopping at a syntax error.
            #[test]
            fn campaign_shaped_text_never_panics(
                lines in proptest::collection::vec(
                    prop_oneof![
                        Just("[campaign]".to_string()),
                        Just("[[target]]".to_string()),
                        Just("[status]".to_string()),
                        (
                            prop::sample::select(vec![
                                "id", "name", "group", "unit", "at_least", "at_most", "between",
                                "strict", "above", "aggregate", "across", "baseline", "weight",
                                "near", "phasing", "period", "start", "end", "locale", "lang",
                                "actuals", "source", "note", "revised", "profile", "bogus",
                            ]),
                            prop::sample::select(vec![
                                "\"x\"", "\"2022\"", "1", "-1", "0", "1.5e3", "inf", "nan",
                                "[1, 2]", "[2, 1]", "[1]", "[]", "true", "2022-01-01",
                                "{ vi = \"a\", en = \"b\" }", "{ fr = 1 }", "\"sum\"",
                                "\"last\"", "\"linear\"", "\"bad\"", "\"%\"",
                                "\"million USD\"", "99999999999999999999999999999999",
                            ]),
                        )
                            .prop_map(|(k, v)| format!("{k} = {v}")),
                    ],
                    0..25,
                )
            ) {
                assert_located(load_str(&lines.join("\n")))?;
            }
        }
    }
}
