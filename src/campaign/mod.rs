//! The campaign file (reference §2): its model, its validation, and the spans
//! that let every complaint point at a TOML line and column.
//!
//! The file is read into toml's spanned document tree and walked by hand, so
//! that an unknown key gets the closest valid key suggested, a duplicate id
//! points at both places, and numbers keep the exact text they were written
//! with (`1.1` is the decimal 1.1, never the float 1.1000000000000000888).
//! All problems are collected, not only the first. This module reads no
//! actuals and computes no attainment.
//!
//! Here the model; the reading in steps, each file one of them:
//! `pieces.rs` parses the text a top-level table at a time, `table.rs` is
//! the consuming table reader (a key left unread is an unknown key),
//! `read.rs` turns tables into raw typed fields, `validate.rs` applies
//! defaults and the rules between keys (one set for targets and series),
//! `document.rs` reads the file's tables in turn and checks ids and
//! formulas across them.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

mod document;
mod pieces;
mod read;
mod table;
#[cfg(test)]
mod tests;
mod validate;

use crate::calc::{Better, Kind, Measure};
pub use table::closest;

use crate::diagnostic::{Code, Usage};
use crate::error::{Error, Location};
use crate::labels::Lang;
use crate::number::Locale;
use crate::period::Span;
use crate::unit::Unit;

/// How several rows of one target combine into one value (reference §5.2).
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

/// How the expected-to-date value grows through the campaign (reference §6.3).
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
    pub above: Better,
    pub aggregate: Option<Aggregate>,
    pub across: Option<Aggregate>,
    pub phasing: Phasing,
    /// What the kind is compared with: the actual, or its change from a
    /// year earlier (reference §2 `measure`).
    pub measure: Measure,
    /// Seasonal weights, one per month or quarter of the campaign.
    pub profile: Option<Vec<Decimal>>,
    /// Revisions of the target, earliest first.
    pub revisions: Vec<Revision>,
    /// Steps towards the target along the way, in date order (reference §6.3):
    /// before the campaign's end they replace phasing.
    pub milestones: Vec<Milestone>,
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

/// One step of `milestones`: the value due by a date.
#[derive(Debug, Clone)]
pub struct Milestone {
    pub by: NaiveDate,
    pub kind: Kind,
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
    /// How the actuals are separated (`delimiter`); `--delimiter` wins.
    pub delimiter: Option<u8>,
    /// How the actuals are encoded (`encoding`); `--encoding` wins.
    pub encoding: Option<&'static encoding_rs::Encoding>,
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
    pub source: Option<String>,
    pub note: Option<String>,
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

impl Indicator {
    /// The target at `index`, which has no formula.
    fn of_target(t: &Target, index: usize) -> Indicator {
        Indicator {
            id: t.id.clone(),
            unit_text: t.unit_text.clone(),
            unit: t.unit.clone(),
            aggregate: t.aggregate,
            across: t.across,
            location: t.location.clone(),
            target: Some(index),
        }
    }

    fn of_series(s: &Series) -> Indicator {
        Indicator {
            id: s.id.clone(),
            unit_text: s.unit_text.clone(),
            unit: s.unit.clone(),
            aggregate: s.aggregate,
            across: s.across,
            location: s.location.clone(),
            target: None,
        }
    }
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
            Error::Usage(Usage::CampaignNotFound { file: file.clone() })
        } else {
            Error::io(&file, e)
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        Error::at(
            Location::of_offset(&file, &text, offset),
            Code::CampaignNotUtf8,
        )
    })?;
    let base_dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    parse(&file, &text, &base_dir)
}

/// The `lang` a campaign file declares in `[campaign]`, read on its own:
/// when the file does not load, its errors are still worded in the
/// language its readers asked for. `None` when the file cannot be read,
/// is not TOML, or declares none (or one attain does not know).
pub fn declared_lang(path: &Path) -> Option<crate::labels::Lang> {
    let text = std::fs::read_to_string(path).ok()?;
    let doc = pieces::parse(text.strip_prefix('\u{feff}').unwrap_or(&text)).ok()?;
    let campaign = doc.get_ref().get("campaign")?;
    match campaign.get_ref() {
        toml::de::DeValue::Table(t) => match t.get("lang")?.get_ref() {
            toml::de::DeValue::String(s) => s.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Parse and validate campaign text; `base_dir` resolves relative actuals paths.
pub fn parse(file: &str, text: &str, base_dir: &Path) -> Result<Campaign, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = match pieces::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let loc = Location::of_offset(file, text, e.span().map_or(0, |s| s.start));
            let reason = e.message().trim_end().to_string();
            return Err(Error::at(loc, Code::TomlSyntax { reason }));
        }
    };
    let mut r = table::Reader::new(file, text);
    let campaign = r.campaign(doc.into_inner(), base_dir);
    if r.diagnostics.is_empty() {
        if let Some(c) = campaign {
            return Ok(c);
        }
    }
    r.diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    Err(Error::Invalid(r.diagnostics))
}

/// Every (table, key) the reader asks for while reading `text`: the keys
/// attain knows, as the reader itself says (there is no list beside it).
#[cfg(test)]
pub(crate) fn keys_read(text: &str) -> Vec<(&'static str, &'static str)> {
    let doc = pieces::parse(text).expect("valid TOML");
    let mut r = table::Reader::new("t.toml", text);
    r.campaign(doc.into_inner(), Path::new("."));
    r.asked
}

/// An id as the actuals may name it: lower-case letters, digits and `_`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}
