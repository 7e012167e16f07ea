//! The catalogue of diagnostics: every problem attain can find in its
//! inputs, as one [`Code`] each carrying the values its message needs, with
//! its stable machine name ([`Code::name`], what `check -f json` prints)
//! and its wording (one [`fmt::Display`]). A message is found, tested and,
//! one day, translated here and nowhere else.
//!
//! A name may cover several messages (`wrong_type` is said of a string, a
//! table, a list…): the name is what scripts match on, the variant is the
//! sentence. Severity is decided where the problem is raised, as it is
//! the caller that knows whether the run can go on. Text that other
//! modules word themselves (a period, unit, number or formula that does not
//! parse; the CSV reader's own errors) arrives as a `reason` and is quoted.
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
    /// An actual more than 100 times off its target.
    Scale {
        id: String,
        actual: Decimal,
        relation: &'static str,
        against: &'static str,
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
        explanation: String,
        more: String,
    },
}

impl Code {
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
                relation,
                against,
                bound,
            } => write!(
                f,
                "the actual of '{id}' ({actual}) is {relation} {against} ({bound}); check the unit or the number style (--locale)"
            ),
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
                "row skipped as {skip} ({explanation}){more}; --strict makes every skipped row an error"
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

/// What `--strict` adds to a warning it makes an error.
pub const UNDER_STRICT: &str = " (an error under --strict)";
