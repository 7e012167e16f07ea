//! The catalogue of diagnostics: every problem attain can find in its
//! inputs, as one [`Code`] each carrying the values its message needs, with
//! its stable machine name ([`Code::name`], what `check -f json` prints)
//! and its wording (one [`fmt::Display`]). A message is found, tested and,
//! one day, translated here and nowhere else.
//!
//! A name may cover several messages (`wrong_type` is said of a string, a
//! table, a list…): the name is what scripts match on, the variant is the
//! sentence. Severity is decided where the problem is raised, not here:
//! every warning becomes an error under `--strict` (with [`UNDER_STRICT`]
//! added), so a code alone does not say whether the run goes on. Text that other
//! modules word themselves (a period, unit, number or formula that does not
//! parse; the CSV reader's own errors) arrives as a `reason` and is quoted.
//!
//! The command line's own errors ([`Usage`]: an option's value, a file
//! named twice) are worded here too, though they are not diagnostics of
//! the inputs: they have no location and no machine name.
//!
//! This module decides nothing and finds nothing: it only names and words.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::Location;

/// One problem found in the inputs, with what its message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    // ---- The campaign file --------------------------------------------
    /// The campaign file is not UTF-8.
    CampaignNotUtf8,
    /// The TOML parser refused the file.
    TomlSyntax { reason: String },
    /// A key no table of that kind has.
    UnknownKey {
        key: String,
        table: &'static str,
        suggestion: Option<&'static str>,
        valid: Vec<&'static str>,
    },
    /// A value that should be a table.
    NotATable { what: String, found: &'static str },
    /// A value that should be a string.
    NotAString { key: String, found: &'static str },
    /// A value that should be a boolean.
    NotABoolean { key: String, found: &'static str },
    /// A number written in hex, octal or binary.
    NotDecimalRadix { key: String },
    /// A value that should be a number.
    NotANumber { key: String, found: &'static str },
    /// `target = 1` where `[[target]]` tables belong.
    NotArrayOfTables {
        plural: &'static str,
        table: &'static str,
    },
    /// `revised` that is not a list.
    RevisedNotAList,
    /// `profile` that is not a list.
    ProfileNotAList,
    /// An entity's target of a between target that is not a pair.
    EntityTargetNotAPair { entity: String },
    /// `between` that is not a list.
    BetweenNotAPair,
    /// `between` with other than two values.
    BetweenNotTwo { count: usize },
    /// `inf` or `nan`.
    NotFinite { key: String, raw: String },
    /// A number rust_decimal cannot hold exactly.
    NotExact { key: String, raw: String },
    /// A date key that is not a date.
    NotADate { key: String },
    /// A date outside the years a period may have.
    YearOutOfRange { key: String, date: NaiveDate },
    /// A revision dated outside the campaign.
    RevisionOutsideCampaign {
        from: NaiveDate,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// `period` that does not parse; the period reader words why.
    BadPeriod { reason: String },
    /// `end` before `start`.
    CampaignEndsBeforeStart { start: NaiveDate, end: NaiveDate },
    /// `period` and `start`/`end` both.
    PeriodAndDates,
    /// `phasing = "none"` beside a profile.
    PhasingNoneWithProfile,
    /// No `[campaign]` table.
    NoCampaignTable,
    /// Neither `period` nor `start` and `end`.
    NoPeriod,
    /// A `[[target]]` or `[[series]]` without an id.
    NoId { what: String },
    /// A revision without `from`.
    RevisionWithoutFrom,
    /// No `[[target]]` at all.
    NoTargets,
    /// Two targets with one id.
    DuplicateTarget { id: String, first: Location },
    /// Two series with one id.
    DuplicateSeries { id: String, first: Location },
    /// A series and a target with one id.
    SeriesTargetShareId { id: String, first: Location },
    /// A formula that does not parse; the formula reader words why.
    FormulaSyntax { text: String, reason: String },
    /// A formula naming its own target.
    FormulaSelfReference { target: String, text: String },
    /// A formula naming another formula target.
    FormulaOfFormula {
        target: String,
        text: String,
        id: String,
    },
    /// A formula naming no indicator.
    FormulaUnknownId {
        target: String,
        text: String,
        id: String,
        suggestion: Option<String>,
    },
    /// A value a `FromStr` refused (`locale`, `lang`); it words why.
    BadChoice { reason: String },
    /// `above` other than exceeded or bad.
    AboveInvalid { value: String },
    /// `phasing` other than linear or none.
    PhasingInvalid { value: String },
    /// An aggregate that is none of sum, last, mean, min, max.
    AggregateInvalid {
        key: String,
        value: String,
        suggestion: Option<&'static str>,
    },
    /// `across = "last"`.
    AcrossLast,
    /// `strict = true` on a between target.
    StrictOnBetween,
    /// `above` on other than a between target.
    AboveNotBetween,
    /// A unit that does not parse; the unit reader words why.
    BadUnit { reason: String },
    /// An id with other than a–z, 0–9 and _.
    BadId {
        what: String,
        id: String,
        suggested: String,
    },
    /// A negative `weight`.
    NegativeWeight { weight: Decimal },
    /// A percentage threshold outside 0–100.
    PercentOutOfRange { key: String, value: Decimal },
    /// Profile weights negative or all zero.
    ProfileWeights,
    /// A profile whose weights do not split the campaign.
    ProfileDoesNotSplit {
        count: usize,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// A profile on a level without a baseline.
    ProfileOnLevelWithoutBaseline,
    /// `phasing = "linear"` on a level without a baseline.
    LinearLevelWithoutBaseline,
    /// Two revisions on one day.
    DuplicateRevision { from: NaiveDate },
    /// Two or more of at_least, at_most, between.
    TwoKinds {
        kinds: Vec<&'static str>,
        extra: &'static str,
    },
    /// None of at_least, at_most, between.
    NoKind,
    /// `between = [H, L]`.
    BetweenReversed { low: Decimal, high: Decimal },

    // ---- The actuals ---------------------------------------------------
    /// More actuals files than a run reads.
    TooManyFiles { count: usize, max: usize },
    /// `-` named twice.
    StdinTwice,
    /// An actuals file that is not there.
    ActualsNotFound { path: String },
    /// An actuals file that could not be opened.
    CannotOpen { path: String, reason: String },
    /// A stream that stopped before its end.
    ReadingStopped { line: u64 },
    /// `--encoding` names a single-byte encoding, and the file is UTF-8.
    Utf8NotLegacy { word: String, encoding: String },
    /// `--encoding` names UTF-16, and the file is UTF-8.
    Utf8NotUtf16 { encoding: String },
    /// Half a UTF-16 surrogate pair.
    UnpairedSurrogate { unit: u16, encoding: String },
    /// A file with nothing in it.
    EmptyFile,
    /// A header and no rows.
    NoRows,
    /// The csv reader could not read on.
    CsvUnreadable { reason: String },
    /// The csv reader found broken CSV.
    CsvMalformed { reason: String },
    /// A line longer than a CSV line can be.
    LineTooLong { mib: usize },
    /// A quoted value longer than a CSV line can be.
    QuotedValueTooLong { mib: usize },
    /// A quoted value over several lines; it closes on line `closes`.
    MultilineValue { closes: u64, spanned: u64 },
    /// A row with more or fewer fields than the header.
    FieldCount { fields: usize, width: usize },
    /// A quote never closed.
    UnterminatedQuote,
    /// A file that starts with a UTF-16 byte-order mark.
    Utf16WithBom { label: &'static str },
    /// A header with NUL bytes between its letters.
    Utf16WithoutBom,
    /// A field that is not UTF-8, shown as the likely encoding reads it.
    NotUtf8 {
        shown: String,
        label: &'static str,
        description: &'static str,
    },
    /// A column attain reads, twice.
    DuplicateColumn {
        column: String,
        first: usize,
        second: usize,
    },
    /// No `indicator` or no `value` column.
    MissingColumn {
        missing: Vec<&'static str>,
        found: HeaderSeen,
        renames: Vec<(String, &'static str)>,
        delimiter: Option<String>,
    },
    /// A byte-order mark inside the file.
    BomInside,
    /// A value the number reader refused; it words why.
    BadNumberCell { reason: String },
    /// A unit that cannot be converted to the target's; the unit reader
    /// words why.
    UnitMismatch {
        unit: String,
        id: String,
        target_unit: String,
        reason: String,
    },
    /// A sum past what a decimal holds.
    SumOverflow { id: String },
    /// A value that overflows when converted to the target's unit.
    ConvertOverflow { value: String },
    /// Entities' values too large to combine.
    AcrossOverflow { id: String },
    /// Several rows and no aggregate to combine them.
    MissingAggregate {
        id: String,
        rows: u64,
        first: String,
    },
    /// Rows per entity and no way to combine them.
    MissingAcross {
        id: String,
        entities: Vec<String>,
        more: bool,
        aggregate: &'static str,
    },
    /// Two entities that differ only in case.
    EntityCase {
        id: String,
        first: String,
        second: String,
    },
    /// A whole-campaign row beside rows per entity.
    TotalAndEntities { id: String, entities: usize },
    /// Rows of one span and entity from different sources, summed.
    SourcesSummed {
        id: String,
        span: String,
        entity: String,
        sources: Vec<String>,
    },
    /// Two `last` values ending on one day. (The locations are boxed to
    /// keep every `Code` small: results carry one as their error.)
    LastTie {
        id: String,
        entity: String,
        end: NaiveDate,
        first_value: Decimal,
        first_at: Box<Location>,
        later_value: Decimal,
        later_at: Box<Location>,
    },

    // ---- The report and `check` ---------------------------------------
    /// An actual more than 100 times off its target (to date, when
    /// `to_date`); `signed` when a sign is involved, so sizes are compared.
    Scale {
        id: String,
        actual: Decimal,
        too_big: bool,
        signed: bool,
        to_date: bool,
        bound: Decimal,
    },
    /// A formula target without a value; `reason` says why.
    FormulaWithoutValue { id: String, reason: String },
    /// A target no row counts for.
    TargetWithoutRows { id: String },
    /// An entity's own target with no rows.
    EntityWithoutRows { id: String, entity: String },
    /// A latest row over a quarter old.
    StaleData {
        id: String,
        end: NaiveDate,
        as_of: NaiveDate,
    },
    /// Entities' targets that do not add up.
    EntityTargetsSum {
        id: String,
        parts: Decimal,
        total: Decimal,
    },
    /// A group with one target.
    GroupOfOne { group: String, id: String },
    /// A skipped row, an error under `--strict`.
    StrictSkip {
        skip: &'static str,
        explanation: &'static str,
        more: u64,
    },
}

impl Code {
    /// Every machine name, once: what scripts reading `check -f json`
    /// may meet.
    pub const NAMES: &[&str] = &[
        "not_utf8",
        "toml_syntax",
        "unknown_key",
        "wrong_type",
        "bad_number",
        "bad_date",
        "bad_period",
        "conflicting_keys",
        "missing_key",
        "no_targets",
        "duplicate_id",
        "bad_formula",
        "bad_value",
        "bad_unit",
        "bad_id",
        "out_of_range",
        "bad_profile",
        "phasing_without_baseline",
        "duplicate_revision",
        "two_kinds",
        "no_kind",
        "bad_range",
        "too_many_files",
        "stdin_twice",
        "unreadable",
        "wrong_encoding",
        "bad_utf16",
        "empty_file",
        "no_rows",
        "csv_syntax",
        "line_too_long",
        "multiline_value",
        "field_count",
        "unterminated_quote",
        "duplicate_column",
        "missing_column",
        "bom_inside",
        "overflow",
        "missing_aggregate",
        "missing_across",
        "entity_case",
        "total_and_entities",
        "sources_summed",
        "last_tie",
        "scale",
        "formula_without_value",
        "target_without_rows",
        "entity_without_rows",
        "stale_data",
        "entity_targets_sum",
        "group_of_one",
        "strict",
    ];

    /// The stable machine name: `check -f json` prints it and scripts
    /// match on it, so a name never changes once released.
    pub fn name(&self) -> &'static str {
        use Code::*;
        match self {
            CampaignNotUtf8 => "not_utf8",
            TomlSyntax { .. } => "toml_syntax",
            UnknownKey { .. } => "unknown_key",
            NotATable { .. }
            | NotAString { .. }
            | NotABoolean { .. }
            | NotDecimalRadix { .. }
            | NotANumber { .. }
            | NotArrayOfTables { .. }
            | RevisedNotAList
            | ProfileNotAList
            | EntityTargetNotAPair { .. }
            | BetweenNotAPair
            | BetweenNotTwo { .. } => "wrong_type",
            NotFinite { .. } | NotExact { .. } => "bad_number",
            NotADate { .. } | YearOutOfRange { .. } | RevisionOutsideCampaign { .. } => "bad_date",
            BadPeriod { .. } | CampaignEndsBeforeStart { .. } => "bad_period",
            PeriodAndDates | PhasingNoneWithProfile => "conflicting_keys",
            NoCampaignTable | NoPeriod | NoId { .. } | RevisionWithoutFrom => "missing_key",
            NoTargets => "no_targets",
            DuplicateTarget { .. } | DuplicateSeries { .. } | SeriesTargetShareId { .. } => {
                "duplicate_id"
            }
            FormulaSyntax { .. }
            | FormulaSelfReference { .. }
            | FormulaOfFormula { .. }
            | FormulaUnknownId { .. } => "bad_formula",
            BadChoice { .. }
            | AboveInvalid { .. }
            | PhasingInvalid { .. }
            | AggregateInvalid { .. }
            | AcrossLast
            | StrictOnBetween
            | AboveNotBetween => "bad_value",
            BadUnit { .. } => "bad_unit",
            BadId { .. } => "bad_id",
            NegativeWeight { .. } | PercentOutOfRange { .. } => "out_of_range",
            ProfileWeights | ProfileDoesNotSplit { .. } => "bad_profile",
            ProfileOnLevelWithoutBaseline | LinearLevelWithoutBaseline => {
                "phasing_without_baseline"
            }
            DuplicateRevision { .. } => "duplicate_revision",
            TwoKinds { .. } => "two_kinds",
            NoKind => "no_kind",
            BetweenReversed { .. } => "bad_range",
            TooManyFiles { .. } => "too_many_files",
            StdinTwice => "stdin_twice",
            ActualsNotFound { .. } | CannotOpen { .. } | ReadingStopped { .. } => "unreadable",
            Utf8NotLegacy { .. } | Utf8NotUtf16 { .. } => "wrong_encoding",
            UnpairedSurrogate { .. } => "bad_utf16",
            EmptyFile => "empty_file",
            NoRows => "no_rows",
            CsvUnreadable { .. } | CsvMalformed { .. } => "csv_syntax",
            LineTooLong { .. } | QuotedValueTooLong { .. } => "line_too_long",
            MultilineValue { .. } => "multiline_value",
            FieldCount { .. } => "field_count",
            UnterminatedQuote => "unterminated_quote",
            Utf16WithBom { .. } | Utf16WithoutBom | NotUtf8 { .. } => "not_utf8",
            DuplicateColumn { .. } => "duplicate_column",
            MissingColumn { .. } => "missing_column",
            BomInside => "bom_inside",
            BadNumberCell { .. } => "bad_number",
            UnitMismatch { .. } => "bad_unit",
            SumOverflow { .. } | ConvertOverflow { .. } | AcrossOverflow { .. } => "overflow",
            MissingAggregate { .. } => "missing_aggregate",
            MissingAcross { .. } => "missing_across",
            EntityCase { .. } => "entity_case",
            TotalAndEntities { .. } => "total_and_entities",
            SourcesSummed { .. } => "sources_summed",
            LastTie { .. } => "last_tie",
            Scale { .. } => "scale",
            FormulaWithoutValue { .. } => "formula_without_value",
            TargetWithoutRows { .. } => "target_without_rows",
            EntityWithoutRows { .. } => "entity_without_rows",
            StaleData { .. } => "stale_data",
            EntityTargetsSum { .. } => "entity_targets_sum",
            GroupOfOne { .. } => "group_of_one",
            StrictSkip { .. } => "strict",
        }
    }
}

/// The message, as printed after `file:line:col: `.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Code::*;
        match self {
            CampaignNotUtf8 => f.write_str(
                "the campaign file is not UTF-8; save it as UTF-8 (TOML files must be UTF-8)",
            ),
            TomlSyntax { reason } => write!(f, "not valid TOML: {reason}"),
            UnknownKey {
                key,
                table,
                suggestion: Some(best),
                ..
            } => write!(f, "unknown key '{key}' in {table}; did you mean '{best}'?"),
            UnknownKey {
                key,
                table,
                suggestion: None,
                valid,
            } => write!(
                f,
                "unknown key '{key}' in {table}; valid keys are: {}",
                valid.join(", ")
            ),
            NotATable { what, found } => write!(f, "{what} must be a table, not {found}"),
            NotAString { key, found } => write!(f, "'{key}' must be a string, not {found}"),
            NotABoolean { key, found } => write!(f, "'{key}' must be true or false, not {found}"),
            NotDecimalRadix { key } => write!(
                f,
                "'{key}' must be a decimal number, not hex, octal or binary"
            ),
            NotANumber { key, found } => write!(f, "'{key}' must be a number, not {found}"),
            NotArrayOfTables { plural, table } => {
                write!(f, "{plural} are written as [[{table}]] tables")
            }
            RevisedNotAList => f.write_str(
                "'revised' must be a list such as revised = [{ from = 2022-07-09, between = [8, 10], source = \"...\" }]",
            ),
            ProfileNotAList => f.write_str(
                "'profile' must be a list of weights, 12 monthly or 4 quarterly, e.g. profile = [6, 7, 8, 8, 8, 8, 8, 8, 8, 9, 10, 12]",
            ),
            EntityTargetNotAPair { entity } => write!(
                f,
                "the target of entity '{entity}' must be a pair [L, H] like the campaign's between"
            ),
            BetweenNotAPair => {
                f.write_str("'between' must be a pair [L, H], for example between = [5, 6]")
            }
            BetweenNotTwo { count } => write!(
                f,
                "'between' must be a pair [L, H] of two numbers, not {count} values"
            ),
            NotFinite { key, raw } => write!(
                f,
                "'{key}' = {raw}: not a finite number; write an ordinary number"
            ),
            NotExact { key, raw } => write!(
                f,
                "'{key}' = {raw}: too large or too precise to be held exactly"
            ),
            NotADate { key } => write!(f, "'{key}' must be a date such as 2022-01-01"),
            YearOutOfRange { key, date } => write!(
                f,
                "'{key}' = {date}: the year must lie in 1000–9999; write a date such as 2022-01-01"
            ),
            RevisionOutsideCampaign { from, start, end } => write!(
                f,
                "the revision takes effect on {from}, outside the campaign ({start} to {end})"
            ),
            BadPeriod { reason } => f.write_str(reason),
            CampaignEndsBeforeStart { start, end } => {
                write!(f, "the campaign ends ({end}) before it starts ({start})")
            }
            PeriodAndDates => f.write_str(
                "write either 'period' or 'start' and 'end' in [campaign], not both",
            ),
            PhasingNoneWithProfile => {
                f.write_str("phasing = \"none\" contradicts the profile; remove one of them")
            }
            NoCampaignTable => f.write_str(
                "the campaign file has no [campaign] table; add one with at least `period = \"2022\"` (or start and end dates)",
            ),
            NoPeriod => f.write_str(
                "[campaign] needs `period = \"2022\"` or both `start` and `end` dates",
            ),
            NoId { what } => write!(
                f,
                "a [[{what}]] has no id; add `id = \"...\"` (lower-case letters, digits and _)"
            ),
            RevisionWithoutFrom => f.write_str(
                "a revision needs `from = DATE`, the day the revised target takes effect",
            ),
            NoTargets => f.write_str(
                "the campaign has no targets; add at least one [[target]] with an id, a unit and one of at_least, at_most or between",
            ),
            DuplicateTarget { id, first } => write!(
                f,
                "duplicate target id '{id}' (first defined at {first}); ids must be unique"
            ),
            DuplicateSeries { id, first } => write!(
                f,
                "duplicate series id '{id}' (first defined at {first}); ids must be unique"
            ),
            SeriesTargetShareId { id, first } => write!(
                f,
                "duplicate id '{id}' (first defined at {first}); a series and a target cannot share an id"
            ),
            FormulaSyntax { text, reason } => write!(f, "formula = \"{text}\": {reason}"),
            FormulaSelfReference { target, text } => write!(
                f,
                "target '{target}': formula = \"{text}\": a formula cannot refer to its own target"
            ),
            FormulaOfFormula { target, text, id } => write!(
                f,
                "target '{target}': formula = \"{text}\": '{id}' is itself a formula; refer to the indicators it is made of"
            ),
            FormulaUnknownId {
                target,
                text,
                id,
                suggestion,
            } => {
                write!(
                    f,
                    "target '{target}': formula = \"{text}\": no target or [[series]] has the id '{id}'; "
                )?;
                if let Some(c) = suggestion {
                    write!(f, "did you mean '{c}'? ")?;
                }
                f.write_str("declare it as a [[series]] with its unit and aggregate")
            }
            BadChoice { reason } => f.write_str(reason),
            AboveInvalid { value } => write!(
                f,
                "above = '{value}' is not valid; use \"exceeded\" (more is better) or \"bad\" (a band)"
            ),
            PhasingInvalid { value } => write!(
                f,
                "phasing = '{value}' is not valid; use \"linear\" or \"none\""
            ),
            AggregateInvalid {
                key,
                value,
                suggestion,
            } => {
                write!(f, "{key} = '{value}' is not valid; ")?;
                if let Some(b) = suggestion {
                    write!(f, "did you mean '{b}'? ")?;
                }
                f.write_str(
                    "use sum (flows: revenue, turnover), last (levels and rates), mean, min or max",
                )
            }
            AcrossLast => f.write_str(
                "across = \"last\" has no meaning: entities have no order; use sum, mean, min or max",
            ),
            StrictOnBetween => f.write_str(
                "'strict' applies to at_least and at_most; a between band already includes its bounds",
            ),
            AboveNotBetween => f.write_str("'above' applies only to a between target"),
            BadUnit { reason } => f.write_str(reason),
            BadId {
                what,
                id,
                suggested,
            } => write!(
                f,
                "{what} id '{id}' may contain only lower-case letters a–z, digits and _ (for example '{suggested}')"
            ),
            NegativeWeight { weight } => {
                write!(f, "'weight' must be zero or more, not {weight}")
            }
            PercentOutOfRange { key, value } => write!(
                f,
                "'{key}' is a percentage of attainment and must lie between 0 and 100, not {value}"
            ),
            ProfileWeights => {
                f.write_str("the weights of a profile must be zero or more, and not all zero")
            }
            ProfileDoesNotSplit { count, start, end } => write!(
                f,
                "the profile has {count} weights, but the campaign ({start} to {end}) does not split into {count} whole months or quarters; give one weight per month or per quarter"
            ),
            ProfileOnLevelWithoutBaseline => f.write_str(
                "a profile on a level (aggregate other than sum) needs a baseline to grow from; add `baseline = ...` or remove profile",
            ),
            LinearLevelWithoutBaseline => f.write_str(
                "phasing = \"linear\" on a level (aggregate other than sum) needs a baseline to grow from; add `baseline = ...` or remove phasing",
            ),
            DuplicateRevision { from } => {
                write!(f, "two revisions take effect on {from}; keep one")
            }
            TwoKinds { kinds, extra } => write!(
                f,
                "the target has two kinds ({}); keep exactly one ('{extra}' is the extra one here)",
                kinds.join(" and ")
            ),
            NoKind => f.write_str(
                "the target has no kind; add exactly one of at_least = T (higher is better), at_most = T (lower is better) or between = [L, H]",
            ),
            BetweenReversed { low, high } => write!(
                f,
                "between = [{low}, {high}] has its low end above its high end; write [{high}, {low}]"
            ),
            TooManyFiles { count, max } => write!(
                f,
                "{count} actuals files are named, and attain reads at most {max} in one run: join them first (cat, or a query that groups them)"
            ),
            StdinTwice => {
                f.write_str("'-' (standard input) is named twice; it can be read only once")
            }
            ActualsNotFound { path } => write!(
                f,
                "actuals file '{path}' not found; check the path (paths in the campaign file are relative to it)"
            ),
            CannotOpen { path, reason } => write!(f, "could not open '{path}': {reason}"),
            ReadingStopped { line } => write!(
                f,
                "reading stopped after line {line}: the input could not be read further"
            ),
            Utf8NotLegacy { word, encoding } => write!(
                f,
                "the file is UTF-8 ('{word}' is UTF-8 text), not {encoding}: drop --encoding, since attain reads UTF-8 as it is"
            ),
            Utf8NotUtf16 { encoding } => write!(
                f,
                "the file is UTF-8 (no byte-order mark, no NUL bytes between its letters), not {encoding}: drop --encoding, since attain reads UTF-8 as it is"
            ),
            UnpairedSurrogate { unit, encoding } => write!(
                f,
                "a UTF-16 surrogate (0x{unit:04X}) without its other half is on this line: the file is damaged or not {encoding}; attain does not turn it into U+FFFD silently"
            ),
            EmptyFile => f.write_str("the file is empty (no header line, no rows)"),
            NoRows => f.write_str("the file has a header but no data rows"),
            CsvUnreadable { reason } => write!(f, "could not read: {reason}"),
            CsvMalformed { reason } => write!(f, "malformed CSV: {reason}"),
            LineTooLong { mib } => write!(
                f,
                "this line is longer than {mib} MiB without a line break: the file is not a CSV of actuals (or its line breaks were lost); the rest of it was not read"
            ),
            QuotedValueTooLong { mib } => write!(
                f,
                "a quoted value opened on this line runs on over the next lines for more than {mib} MiB without a closing quote: a stray quote (\") in a field? the rest of the file was not read"
            ),
            MultilineValue { closes, spanned } => {
                write!(
                    f,
                    "a quoted value opens on this line and closes on line {closes}, so the next "
                )?;
                if *spanned == 1 {
                    f.write_str("line is")?;
                } else {
                    write!(f, "{spanned} lines are")?;
                }
                f.write_str(
                    " part of this row's value; if a stray quote (\") opened it, the rows on those lines were not read as rows",
                )
            }
            FieldCount { fields, width } => write!(
                f,
                "this row has {fields} fields but the header has {width}; check for a missing or extra delimiter, or quote a value that contains one"
            ),
            UnterminatedQuote => f.write_str(
                "a quote (\") opened in this field is never closed, so the rest of the file was read as one value; close the quote or remove it",
            ),
            Utf16WithBom { label } => write!(
                f,
                "the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8; pass --encoding {label}, or save it as UTF-8 (in Excel: CSV UTF-8)"
            ),
            Utf16WithoutBom => f.write_str(
                "the header has NUL bytes between its letters: the file looks like UTF-16 without a byte-order mark; pass --encoding utf-16le (or utf-16be), or save it as UTF-8 (in Excel: CSV UTF-8)",
            ),
            NotUtf8 {
                shown,
                label,
                description,
            } => write!(
                f,
                "'{shown}' (as {label} would read it) is not UTF-8 text: the file looks like {description}; pass --encoding {label}, or save the file as UTF-8 (in Excel: CSV UTF-8)"
            ),
            DuplicateColumn {
                column,
                first,
                second,
            } => write!(
                f,
                "the column '{column}' appears twice (columns {first} and {second}); rename or remove one"
            ),
            MissingColumn {
                missing,
                found,
                renames,
                delimiter,
            } => {
                write!(f, "the header has no '{}' column ({found})", missing.join("' or '"))?;
                if let Some(shown) = delimiter {
                    write!(
                        f,
                        "; the header is one column, and the file seems to be separated by '{shown}': pass --delimiter '{shown}' (it sets the separator of the actuals and of csv output)"
                    )?;
                } else if !renames.is_empty() {
                    let renames: Vec<String> = renames
                        .iter()
                        .map(|(from, to)| format!("rename '{from}' to '{to}'"))
                        .collect();
                    write!(f, "; {}", renames.join(", "))?;
                }
                f.write_str("; the required columns are indicator (or id) and value")
            }
            BomInside => f.write_str(
                "this field starts with a byte-order mark (U+FEFF, invisible) in the middle of the file: were two files joined into one? remove it, and any second header line; the field is read with it, so it matches no id",
            ),
            BadNumberCell { reason } => f.write_str(reason),
            UnitMismatch {
                unit,
                id,
                target_unit,
                reason,
            } => write!(
                f,
                "unit '{unit}' cannot be used for '{id}' (its unit is '{target_unit}'): {reason}"
            ),
            SumOverflow { id } => write!(
                f,
                "the sum of '{id}' is too large to hold exactly (more than 28 digits)"
            ),
            ConvertOverflow { value } => write!(
                f,
                "'{value}' is too large to convert to the target's unit"
            ),
            AcrossOverflow { id } => write!(
                f,
                "the values of '{id}' across entities are too large to combine exactly"
            ),
            MissingAggregate { id, rows, first } => write!(
                f,
                "target '{id}' has {rows} rows in the window (the first at {first}) but no aggregate; set aggregate = \"sum\" for a flow such as revenue or turnover, or aggregate = \"last\" for a level or rate"
            ),
            MissingAcross {
                id,
                entities,
                more,
                aggregate,
            } => write!(
                f,
                "target '{id}' has rows per entity ({}{}) but no whole-campaign row, and aggregate = \"{aggregate}\" does not say how to combine entities; set across = \"sum\" (counts, amounts) or across = \"mean\" (rates), or add a row with an empty entity",
                entities.join(", "),
                if *more { ", …" } else { "" },
            ),
            EntityCase { id, first, second } => write!(
                f,
                "'{id}' has entities '{first}' and '{second}' that differ only in case; they are counted as two entities — write them the same way if they are one"
            ),
            TotalAndEntities { id, entities } => write!(
                f,
                "target '{id}' has a whole-campaign figure and rows for {entities} entities; the whole-campaign figure is used and the entity rows are a breakdown (see --by entity)"
            ),
            SourcesSummed {
                id,
                span,
                entity,
                sources,
            } => write!(
                f,
                "rows of '{id}' for {span}{} with different sources ({}) are summed; if they are alternative estimates of one figure, keep only one",
                EntitySuffix(entity),
                sources.join("; ")
            ),
            LastTie {
                id,
                entity,
                end,
                first_value,
                first_at,
                later_value,
                later_at,
            } => write!(
                f,
                "'{id}'{} has two different values ending on {end}: {first_value} at {first_at} and {later_value} at {later_at}; the later row ({later_value}) is used",
                EntitySuffix(entity)
            ),
            Scale {
                id,
                actual,
                too_big,
                signed,
                to_date,
                bound,
            } => {
                // "larger" of a negative number would read as its opposite
                // (-5,000 is not larger than 10): with a sign, "in size".
                let relation = match (too_big, signed) {
                    (true, false) => "more than 100 times larger than",
                    (false, false) => "more than 100 times smaller than",
                    (true, true) => "in size more than 100 times",
                    (false, true) => "in size less than a hundredth of",
                };
                let against = if *to_date {
                    "its target to date"
                } else {
                    "its target"
                };
                write!(
                    f,
                    "the actual of '{id}' ({actual}) is {relation} {against} ({bound}); check the unit or the number style (--locale)"
                )
            }
            FormulaWithoutValue { id, reason } => {
                write!(f, "target '{id}': {reason}; it shows as no_data")
            }
            TargetWithoutRows { id } => write!(
                f,
                "target '{id}' has no usable rows in the actuals; it shows as no_data"
            ),
            EntityWithoutRows { id, entity } => write!(
                f,
                "target '{id}': entity '{entity}' has a target of its own in [target.entities] but no usable rows; it shows as no_data under --by entity"
            ),
            StaleData { id, end, as_of } => write!(
                f,
                "the latest row of '{id}' ends {end}, more than a quarter before the as-of date {as_of}; is a newer figure missing?"
            ),
            EntityTargetsSum { id, parts, total } => write!(
                f,
                "the entities' targets of '{id}' add up to {parts}, not to the campaign's {total}; check [target.entities]"
            ),
            GroupOfOne { group, id } => write!(
                f,
                "group '{group}' has only one target ('{id}'); if the name is a typo of another group's, correct it"
            ),
            StrictSkip {
                skip,
                explanation,
                more,
            } => write!(
                f,
                "row skipped as {skip} ({explanation}){}; --strict makes every skipped row an error",
                MoreRows(*more)
            ),
        }
    }
}

/// A command line attain cannot run: an option's value, or files named
/// that cannot be read or written as asked. Not a problem in the inputs,
/// so it has no location and no machine name; worded here all the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// No campaign file where `-t` or the default points.
    CampaignNotFound { file: String },
    /// `explain` of an id no target has.
    NoSuchTarget {
        id: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    /// `init` onto a file that exists.
    InitWouldOverwrite { name: String },
    /// `--as-of` that does not parse; the period reader words why.
    BadAsOf { reason: String },
    /// A subcommand written after the options.
    SubcommandAfterOptions { first: String },
    /// xlsx to a terminal.
    XlsxToTerminal,
    /// `--jobs 0`.
    NoJobs,
    /// `-f` and `-o`'s extension disagree.
    FormatContradictsOutput {
        format: String,
        name: String,
        named: String,
    },
    /// `explain -o` naming a format other than text.
    ExplainWritesText { name: String, other: String },
    /// `-o` whose extension names no format the job writes.
    UnknownOutputExtension {
        name: String,
        extension: Option<String>,
        choices: &'static str,
    },
    /// `--delimiter` that is not one usable character.
    BadDelimiter { text: String },
    /// `--group` that names no group.
    NoSuchGroup {
        wanted: String,
        suggestion: Option<String>,
        groups: Vec<String>,
    },
    /// No actuals named anywhere.
    NoActuals { campaign: String },
    /// `--as-of` before the campaign.
    AsOfBeforeStart { as_of: NaiveDate, start: NaiveDate },
    /// `-` twice.
    StdinNamedTwice,
    /// One file named twice.
    SameFileTwice { name: String, first: String },
    /// `-o` onto one of the inputs.
    WouldOverwriteInput { out: String, what: String },
    /// `template -f` other than csv, tsv, xlsx.
    TemplateFormat { other: String },
    /// `check -f` other than a listing or json.
    CheckFormat { other: String },
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Usage::*;
        match self {
            CampaignNotFound { file } => write!(
                f,
                "campaign file '{file}' not found; pass one with -t FILE, set ATTAIN_TARGETS, or create one with `attain init`"
            ),
            NoSuchTarget {
                id,
                suggestion,
                known,
            } => {
                write!(f, "no target has the id '{id}'; ")?;
                if let Some(c) = suggestion {
                    write!(f, "did you mean '{c}'? ")?;
                }
                write!(f, "the targets are: {}", known.join(", "))
            }
            InitWouldOverwrite { name } => write!(
                f,
                "'{name}' already exists; attain init never writes over a file — name another path (attain init new.toml)"
            ),
            BadAsOf { reason } => write!(f, "--as-of: {reason}"),
            SubcommandAfterOptions { first } => write!(
                f,
                "'{first}' is a subcommand: write it first, before the options (attain {first} -t FILE ...)"
            ),
            XlsxToTerminal => f.write_str(
                "xlsx is a binary workbook and standard output is a terminal; write it to a file (-o report.xlsx) or redirect standard output",
            ),
            NoJobs => f.write_str("--jobs must be 1 or more"),
            FormatContradictsOutput {
                format,
                name,
                named,
            } => write!(
                f,
                "-f {format} contradicts -o {name}, which names a {named} file; drop -f, or give the file the extension of {format}"
            ),
            ExplainWritesText { name, other } => write!(
                f,
                "-o {name}: `attain explain` writes plain text, not {other}; name the file .txt"
            ),
            UnknownOutputExtension {
                name,
                extension,
                choices,
            } => {
                write!(f, "-o {name}: ")?;
                match extension {
                    Some(e) => write!(f, "attain does not write '.{e}' files")?,
                    None => f.write_str("the name has no extension to tell the format by")?,
                }
                write!(f, "; name the file {choices}, or give -f")
            }
            BadDelimiter { text } => write!(
                f,
                "--delimiter '{text}' must be one ASCII character other than a quote or a line break, such as ';' or '\\t'"
            ),
            NoSuchGroup {
                wanted,
                suggestion,
                groups,
            } => {
                write!(f, "--group: the campaign has no group '{wanted}'; ")?;
                if let Some(g) = suggestion {
                    write!(f, "did you mean '{g}'? ")?;
                }
                if groups.is_empty() {
                    f.write_str("its groups are: (none)")
                } else {
                    write!(f, "its groups are: {}", groups.join(", "))
                }
            }
            NoActuals { campaign } => write!(
                f,
                "no actuals: name CSV files on the command line (or - for standard input), or set `actuals = [\"...\"]` in [campaign] of {campaign}"
            ),
            AsOfBeforeStart { as_of, start } => {
                write!(f, "--as-of {as_of} is before the campaign starts ({start})")
            }
            StdinNamedTwice => {
                f.write_str("standard input (-) is named twice; it can be read only once")
            }
            SameFileTwice { name, first } => write!(
                f,
                "'{name}' is the same file as '{first}': read twice, each of its values would count double; name it once"
            ),
            WouldOverwriteInput { out, what } => write!(
                f,
                "-o {out} is {what}, one of this run's inputs; attain never writes over its inputs: write elsewhere"
            ),
            TemplateFormat { other } => {
                write!(f, "`attain template` writes csv, tsv or xlsx, not {other}")
            }
            CheckFormat { other } => write!(
                f,
                "`attain check` prints a listing or json, not {other}; use -f json or leave out -f"
            ),
        }
    }
}

/// What a header without a required column held, as the message says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderSeen {
    /// Only blank names.
    Blank,
    /// Names worth showing (one attain knows or would suggest is among
    /// them): the first few, and how many more.
    Columns { shown: Vec<String>, more: usize },
    /// Nothing like a column attain reads: not a CSV of actuals?
    NotColumns { fields: usize },
}

impl fmt::Display for HeaderSeen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderSeen::Blank => f.write_str("found: none"),
            HeaderSeen::Columns { shown, more } => {
                write!(f, "found: {}", shown.join(", "))?;
                if *more > 0 {
                    write!(f, ", … and {more} more")?;
                }
                Ok(())
            }
            HeaderSeen::NotColumns { fields } => {
                f.write_str("its first line ")?;
                if *fields == 1 {
                    f.write_str("is one field, not a column")?;
                } else {
                    write!(f, "has {fields} fields, none of them a column")?;
                }
                f.write_str(" attain reads: is this a CSV of actuals?")
            }
        }
    }
}

/// " (entity X)" after an indicator, or nothing for the whole campaign.
struct EntitySuffix<'a>(&'a str);

impl fmt::Display for EntitySuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, " (entity {})", self.0)
        }
    }
}

/// " (and N more rows of that period)" after a skipped row that stands
/// for others, or nothing.
pub struct MoreRows(pub u64);

impl fmt::Display for MoreRows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => Ok(()),
            n => write!(f, " (and {n} more rows of that period)"),
        }
    }
}

/// Which `[[target]]` or `[[series]]` a campaign message is about: by its
/// id when it has a valid one, else by its place (1-based) in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Id { what: &'static str, id: String },
    Nth { what: &'static str, n: usize },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Id { what, id } => write!(f, "{what} '{id}'"),
            Subject::Nth { what, n } => write!(f, "[[{what}]] #{n}"),
        }
    }
}

/// A message with the [`Subject`] it is about in front, so that it still
/// says which target when read without its line (a cron mail, json).
pub fn about(subject: &str, message: &str) -> String {
    format!("{subject}: {message}")
}

/// What `--strict` adds to a warning it makes an error.
pub const UNDER_STRICT: &str = " (an error under --strict)";

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, 7, 9).unwrap()
    }

    fn loc() -> Location {
        Location::new("targets.toml", 3, 1)
    }

    /// One of every variant; [`ordinal`] fails to compile when a variant
    /// is added and not listed, and the test below when it is not here.
    fn every_code() -> Vec<Code> {
        use Code::*;
        vec![
            CampaignNotUtf8,
            TomlSyntax { reason: "x".into() },
            UnknownKey {
                key: "x".into(),
                table: "x",
                suggestion: None,
                valid: Vec::new(),
            },
            NotATable {
                what: "x".into(),
                found: "x",
            },
            NotAString {
                key: "x".into(),
                found: "x",
            },
            NotABoolean {
                key: "x".into(),
                found: "x",
            },
            NotDecimalRadix { key: "x".into() },
            NotANumber {
                key: "x".into(),
                found: "x",
            },
            NotArrayOfTables {
                plural: "x",
                table: "x",
            },
            RevisedNotAList,
            ProfileNotAList,
            EntityTargetNotAPair { entity: "x".into() },
            BetweenNotAPair,
            BetweenNotTwo { count: 2 },
            NotFinite {
                key: "x".into(),
                raw: "x".into(),
            },
            NotExact {
                key: "x".into(),
                raw: "x".into(),
            },
            NotADate { key: "x".into() },
            YearOutOfRange {
                key: "x".into(),
                date: date(),
            },
            RevisionOutsideCampaign {
                from: date(),
                start: date(),
                end: date(),
            },
            BadPeriod { reason: "x".into() },
            CampaignEndsBeforeStart {
                start: date(),
                end: date(),
            },
            PeriodAndDates,
            PhasingNoneWithProfile,
            NoCampaignTable,
            NoPeriod,
            NoId { what: "x".into() },
            RevisionWithoutFrom,
            NoTargets,
            DuplicateTarget {
                id: "x".into(),
                first: loc(),
            },
            DuplicateSeries {
                id: "x".into(),
                first: loc(),
            },
            SeriesTargetShareId {
                id: "x".into(),
                first: loc(),
            },
            FormulaSyntax {
                text: "x".into(),
                reason: "x".into(),
            },
            FormulaSelfReference {
                target: "x".into(),
                text: "x".into(),
            },
            FormulaOfFormula {
                target: "x".into(),
                text: "x".into(),
                id: "x".into(),
            },
            FormulaUnknownId {
                target: "x".into(),
                text: "x".into(),
                id: "x".into(),
                suggestion: None,
            },
            BadChoice { reason: "x".into() },
            AboveInvalid { value: "x".into() },
            PhasingInvalid { value: "x".into() },
            AggregateInvalid {
                key: "x".into(),
                value: "x".into(),
                suggestion: None,
            },
            AcrossLast,
            StrictOnBetween,
            AboveNotBetween,
            BadUnit { reason: "x".into() },
            BadId {
                what: "x".into(),
                id: "x".into(),
                suggested: "x".into(),
            },
            NegativeWeight {
                weight: Decimal::ONE,
            },
            PercentOutOfRange {
                key: "x".into(),
                value: Decimal::ONE,
            },
            ProfileWeights,
            ProfileDoesNotSplit {
                count: 2,
                start: date(),
                end: date(),
            },
            ProfileOnLevelWithoutBaseline,
            LinearLevelWithoutBaseline,
            DuplicateRevision { from: date() },
            TwoKinds {
                kinds: Vec::new(),
                extra: "x",
            },
            NoKind,
            BetweenReversed {
                low: Decimal::ONE,
                high: Decimal::ONE,
            },
            TooManyFiles { count: 2, max: 2 },
            StdinTwice,
            ActualsNotFound { path: "x".into() },
            CannotOpen {
                path: "x".into(),
                reason: "x".into(),
            },
            ReadingStopped { line: 2 },
            Utf8NotLegacy {
                word: "x".into(),
                encoding: "x".into(),
            },
            Utf8NotUtf16 {
                encoding: "x".into(),
            },
            UnpairedSurrogate {
                unit: 0xD800,
                encoding: "x".into(),
            },
            EmptyFile,
            NoRows,
            CsvUnreadable { reason: "x".into() },
            CsvMalformed { reason: "x".into() },
            LineTooLong { mib: 2 },
            QuotedValueTooLong { mib: 2 },
            MultilineValue {
                closes: 2,
                spanned: 2,
            },
            FieldCount {
                fields: 2,
                width: 2,
            },
            UnterminatedQuote,
            Utf16WithBom { label: "x" },
            Utf16WithoutBom,
            NotUtf8 {
                shown: "x".into(),
                label: "x",
                description: "x",
            },
            DuplicateColumn {
                column: "x".into(),
                first: 2,
                second: 2,
            },
            MissingColumn {
                missing: Vec::new(),
                found: HeaderSeen::Blank,
                renames: Vec::new(),
                delimiter: None,
            },
            BomInside,
            BadNumberCell { reason: "x".into() },
            UnitMismatch {
                unit: "x".into(),
                id: "x".into(),
                target_unit: "x".into(),
                reason: "x".into(),
            },
            SumOverflow { id: "x".into() },
            ConvertOverflow { value: "x".into() },
            AcrossOverflow { id: "x".into() },
            MissingAggregate {
                id: "x".into(),
                rows: 2,
                first: "x".into(),
            },
            MissingAcross {
                id: "x".into(),
                entities: Vec::new(),
                more: false,
                aggregate: "x",
            },
            EntityCase {
                id: "x".into(),
                first: "x".into(),
                second: "x".into(),
            },
            TotalAndEntities {
                id: "x".into(),
                entities: 2,
            },
            SourcesSummed {
                id: "x".into(),
                span: "x".into(),
                entity: "x".into(),
                sources: Vec::new(),
            },
            LastTie {
                id: "x".into(),
                entity: "x".into(),
                end: date(),
                first_value: Decimal::ONE,
                first_at: Box::new(loc()),
                later_value: Decimal::ONE,
                later_at: Box::new(loc()),
            },
            Scale {
                id: "x".into(),
                actual: Decimal::ONE,
                too_big: false,
                signed: false,
                to_date: false,
                bound: Decimal::ONE,
            },
            FormulaWithoutValue {
                id: "x".into(),
                reason: "x".into(),
            },
            TargetWithoutRows { id: "x".into() },
            EntityWithoutRows {
                id: "x".into(),
                entity: "x".into(),
            },
            StaleData {
                id: "x".into(),
                end: date(),
                as_of: date(),
            },
            EntityTargetsSum {
                id: "x".into(),
                parts: Decimal::ONE,
                total: Decimal::ONE,
            },
            GroupOfOne {
                group: "x".into(),
                id: "x".into(),
            },
            StrictSkip {
                skip: "x",
                explanation: "x",
                more: 2,
            },
        ]
    }

    fn ordinal(code: &Code) -> usize {
        use Code::*;
        match code {
            CampaignNotUtf8 => 0,
            TomlSyntax { .. } => 1,
            UnknownKey { .. } => 2,
            NotATable { .. } => 3,
            NotAString { .. } => 4,
            NotABoolean { .. } => 5,
            NotDecimalRadix { .. } => 6,
            NotANumber { .. } => 7,
            NotArrayOfTables { .. } => 8,
            RevisedNotAList => 9,
            ProfileNotAList => 10,
            EntityTargetNotAPair { .. } => 11,
            BetweenNotAPair => 12,
            BetweenNotTwo { .. } => 13,
            NotFinite { .. } => 14,
            NotExact { .. } => 15,
            NotADate { .. } => 16,
            YearOutOfRange { .. } => 17,
            RevisionOutsideCampaign { .. } => 18,
            BadPeriod { .. } => 19,
            CampaignEndsBeforeStart { .. } => 20,
            PeriodAndDates => 21,
            PhasingNoneWithProfile => 22,
            NoCampaignTable => 23,
            NoPeriod => 24,
            NoId { .. } => 25,
            RevisionWithoutFrom => 26,
            NoTargets => 27,
            DuplicateTarget { .. } => 28,
            DuplicateSeries { .. } => 29,
            SeriesTargetShareId { .. } => 30,
            FormulaSyntax { .. } => 31,
            FormulaSelfReference { .. } => 32,
            FormulaOfFormula { .. } => 33,
            FormulaUnknownId { .. } => 34,
            BadChoice { .. } => 35,
            AboveInvalid { .. } => 36,
            PhasingInvalid { .. } => 37,
            AggregateInvalid { .. } => 38,
            AcrossLast => 39,
            StrictOnBetween => 40,
            AboveNotBetween => 41,
            BadUnit { .. } => 42,
            BadId { .. } => 43,
            NegativeWeight { .. } => 44,
            PercentOutOfRange { .. } => 45,
            ProfileWeights => 46,
            ProfileDoesNotSplit { .. } => 47,
            ProfileOnLevelWithoutBaseline => 48,
            LinearLevelWithoutBaseline => 49,
            DuplicateRevision { .. } => 50,
            TwoKinds { .. } => 51,
            NoKind => 52,
            BetweenReversed { .. } => 53,
            TooManyFiles { .. } => 54,
            StdinTwice => 55,
            ActualsNotFound { .. } => 56,
            CannotOpen { .. } => 57,
            ReadingStopped { .. } => 58,
            Utf8NotLegacy { .. } => 59,
            Utf8NotUtf16 { .. } => 60,
            UnpairedSurrogate { .. } => 61,
            EmptyFile => 62,
            NoRows => 63,
            CsvUnreadable { .. } => 64,
            CsvMalformed { .. } => 65,
            LineTooLong { .. } => 66,
            QuotedValueTooLong { .. } => 67,
            MultilineValue { .. } => 68,
            FieldCount { .. } => 69,
            UnterminatedQuote => 70,
            Utf16WithBom { .. } => 71,
            Utf16WithoutBom => 72,
            NotUtf8 { .. } => 73,
            DuplicateColumn { .. } => 74,
            MissingColumn { .. } => 75,
            BomInside => 76,
            BadNumberCell { .. } => 77,
            UnitMismatch { .. } => 78,
            SumOverflow { .. } => 79,
            ConvertOverflow { .. } => 80,
            AcrossOverflow { .. } => 81,
            MissingAggregate { .. } => 82,
            MissingAcross { .. } => 83,
            EntityCase { .. } => 84,
            TotalAndEntities { .. } => 85,
            SourcesSummed { .. } => 86,
            LastTie { .. } => 87,
            Scale { .. } => 88,
            FormulaWithoutValue { .. } => 89,
            TargetWithoutRows { .. } => 90,
            EntityWithoutRows { .. } => 91,
            StaleData { .. } => 92,
            EntityTargetsSum { .. } => 93,
            GroupOfOne { .. } => 94,
            StrictSkip { .. } => 95,
        }
    }

    #[test]
    fn every_code_is_sampled_once() {
        let ordinals: Vec<usize> = every_code().iter().map(ordinal).collect();
        assert_eq!(ordinals, (0..96).collect::<Vec<_>>());
    }

    #[test]
    fn names_are_listed_once_each_and_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for name in Code::NAMES {
            assert!(seen.insert(name), "{name} is listed twice");
            let snake = !name.is_empty()
                && !name.starts_with('_')
                && !name.ends_with('_')
                && !name.contains("__")
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
            assert!(snake, "{name} is not snake_case");
        }
        let used: std::collections::HashSet<&str> = every_code().iter().map(Code::name).collect();
        let listed: std::collections::HashSet<&str> = Code::NAMES.iter().copied().collect();
        assert_eq!(used, listed, "Code::NAMES and Code::name disagree");
    }

    #[test]
    fn every_message_is_a_sentence_without_stray_braces() {
        for code in every_code() {
            let message = code.to_string();
            assert!(!message.is_empty(), "{code:?}");
            assert!(!message.contains("{}"), "{message}");
        }
    }

    #[test]
    fn a_name_covers_several_messages() {
        let table = Code::NotATable {
            what: "[target.entities]".into(),
            found: "integer",
        };
        let between = Code::BetweenNotTwo { count: 3 };
        assert_eq!(table.name(), "wrong_type");
        assert_eq!(between.name(), "wrong_type");
        assert_eq!(
            table.to_string(),
            "[target.entities] must be a table, not integer"
        );
        assert_eq!(
            between.to_string(),
            "'between' must be a pair [L, H] of two numbers, not 3 values"
        );
    }

    #[test]
    fn an_unknown_key_suggests_the_closest_or_lists_them_all() {
        let key = |suggestion| Code::UnknownKey {
            key: "at_lest".into(),
            table: "a target",
            suggestion,
            valid: vec!["id", "at_least"],
        };
        assert_eq!(
            key(Some("at_least")).to_string(),
            "unknown key 'at_lest' in a target; did you mean 'at_least'?"
        );
        assert_eq!(
            key(None).to_string(),
            "unknown key 'at_lest' in a target; valid keys are: id, at_least"
        );
    }

    #[test]
    fn a_missing_column_says_what_the_header_held_and_what_to_do() {
        let code = Code::MissingColumn {
            missing: vec!["indicator", "value"],
            found: HeaderSeen::Columns {
                shown: vec!["chi_tieu".into(), "gia_tri".into()],
                more: 2,
            },
            renames: vec![("values".into(), "value")],
            delimiter: None,
        };
        assert_eq!(
            code.to_string(),
            "the header has no 'indicator' or 'value' column (found: chi_tieu, gia_tri, … and 2 more); rename 'values' to 'value'; the required columns are indicator (or id) and value"
        );
        let one = HeaderSeen::NotColumns { fields: 1 };
        assert_eq!(
            one.to_string(),
            "its first line is one field, not a column attain reads: is this a CSV of actuals?"
        );
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        let one = Code::MultilineValue {
            closes: 8,
            spanned: 1,
        };
        let two = Code::MultilineValue {
            closes: 9,
            spanned: 2,
        };
        assert!(
            one.to_string()
                .contains("closes on line 8, so the next line is part")
        );
        assert!(
            two.to_string()
                .contains("closes on line 9, so the next 2 lines are part")
        );
        assert_eq!(MoreRows(0).to_string(), "");
        assert_eq!(MoreRows(3).to_string(), " (and 3 more rows of that period)");
    }

    #[test]
    fn usage_errors_suggest_and_list() {
        let group = |suggestion: Option<&str>, groups: &[&str]| Usage::NoSuchGroup {
            wanted: "kinh te".into(),
            suggestion: suggestion.map(str::to_string),
            groups: groups.iter().map(|g| g.to_string()).collect(),
        };
        assert_eq!(
            group(Some("Kinh te"), &["Kinh te", "Xa hoi"]).to_string(),
            "--group: the campaign has no group 'kinh te'; did you mean 'Kinh te'? its groups are: Kinh te, Xa hoi"
        );
        assert_eq!(
            group(None, &[]).to_string(),
            "--group: the campaign has no group 'kinh te'; its groups are: (none)"
        );
        let no_extension = Usage::UnknownOutputExtension {
            name: "out".into(),
            extension: None,
            choices: ".csv, .tsv or .xlsx",
        };
        assert_eq!(
            no_extension.to_string(),
            "-o out: the name has no extension to tell the format by; name the file .csv, .tsv or .xlsx, or give -f"
        );
    }
}
