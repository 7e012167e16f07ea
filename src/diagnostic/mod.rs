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
//!
//! Every message is worded in English and in Vietnamese (`--lang vi`, or
//! the campaign's `lang`): the English in the files named above, the
//! Vietnamese beside them in `*_vi.rs`, variant for variant. The machine
//! name is the same in both languages, so a message can still be searched
//! for. A run says once which language its messages are in ([`speak`]),
//! and a diagnostic is worded only when it is shown, so that a campaign
//! error found before the campaign's own `lang` was read is still worded
//! in it.
//!
//! The wording is in one file per family of messages: `campaign.rs` (the
//! campaign file), `actuals.rs` (the actuals: files, encoding, CSV shape,
//! header, rows, combining), `check.rs` (the advisories of `check`),
//! `usage.rs` (the command line) and `parts.rs` (pieces several share).

use std::cell::Cell;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::Location;
use crate::labels::Lang;

mod actuals;
mod actuals_vi;
mod campaign;
mod campaign_vi;
mod check;
mod check_vi;
mod parts;
mod usage;
mod usage_vi;

pub use parts::{HeaderSeen, MoreRows, Said, Subject, Vi, about};
pub use usage::Usage;

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
    /// `milestones` that is not a list of tables.
    MilestonesNotAList,
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
    BadPeriod { reason: Said },
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
    /// A milestone without `by`.
    MilestoneWithoutBy,
    /// A milestone dated outside the campaign.
    MilestoneOutsideCampaign {
        by: NaiveDate,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// No `[[target]]` at all.
    NoTargets,
    /// Two targets with one id.
    DuplicateTarget { id: String, first: Location },
    /// Two series with one id.
    DuplicateSeries { id: String, first: Location },
    /// A series and a target with one id.
    SeriesTargetShareId { id: String, first: Location },
    /// A formula that does not parse; the formula reader words why.
    FormulaSyntax { text: String, reason: Said },
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
    BadChoice { reason: Said },
    /// `[campaign] delimiter` that is not one usable character.
    DelimiterInvalid { value: String },
    /// `[campaign] encoding` that names no encoding attain knows.
    EncodingInvalid { value: String },
    /// `above` other than exceeded or bad.
    AboveInvalid { value: String },
    /// `phasing` other than linear or none.
    PhasingInvalid { value: String },
    /// `measure` other than level, increase, decrease, growth or decline.
    MeasureInvalid {
        value: String,
        suggestion: Option<&'static str>,
    },
    /// A change target (`measure` other than level) with `phasing` or
    /// `profile`: a change from a year earlier is not phased.
    MeasureWithPhasing {
        measure: &'static str,
        key: &'static str,
    },
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
    /// `below` other than exceeded or bad.
    BelowInvalid { value: String },
    /// `below` on other than a between target.
    BelowNotBetween,
    /// `below = "exceeded"` without `above = "bad"`: both sides exceeded.
    BothSidesExceeded,
    /// A unit that does not parse; the unit reader words why.
    BadUnit { reason: Said },
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
    /// Two milestones on one date.
    DuplicateMilestone { by: NaiveDate },
    /// A milestone of another kind than its target.
    MilestoneKindDiffers {
        milestone: &'static str,
        target: &'static str,
    },
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
    /// `--sheet` (or `book.xlsx#Sheet`) names no sheet of the workbook.
    NoSuchSheet { wanted: String, sheets: Vec<String> },
    /// The first sheet, read by default, has no header of actuals.
    SheetNotActuals {
        sheet: String,
        sheets: Vec<String>,
        likely: Option<String>,
    },
    /// A cell that holds an error value (`#DIV/0!`, `#REF!`).
    CellError { error: String },
    /// A formula cell without a calculated value.
    UncalculatedFormula { formula: String },
    /// A wide table's header that also has the column its cells replace
    /// (`value`, or `period` / `entity`).
    WideMixed {
        column: String,
        across: &'static str,
    },
    /// A wide table's column that looks like a period and is not one.
    BadPeriodColumn { column: String, reason: Said },
    /// A sheet already read in this run under another name.
    SheetTwice { first: String },
    /// `--header-row` below the sheet's last row.
    HeaderRowPastEnd { row: u32, last: u32 },
    /// A workbook's bytes where CSV text was expected.
    WorkbookAsCsv { kind: &'static str },
    /// A value the number reader refused; it words why.
    BadNumberCell { reason: Said },
    /// A `published` cell that is not a date.
    BadPublished { text: String },
    /// A `rows` cell that is not a whole number of at least one.
    BadRows { text: String },
    /// A unit that cannot be converted to the target's; the unit reader
    /// words why.
    UnitMismatch {
        unit: String,
        id: String,
        target_unit: String,
        reason: Said,
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
    FormulaWithoutValue { id: String, reason: Said },
    /// A target no row counts for.
    TargetWithoutRows { id: String },
    /// A change target without the value a year earlier (nor a baseline),
    /// for the whole campaign or for some entities.
    NoPrevious {
        id: String,
        measure: &'static str,
        /// The span a year earlier that rows would need to cover.
        wanted: String,
        /// Empty for the whole-campaign figure; else the first entities.
        entities: Vec<String>,
        more: usize,
        /// A flow's baseline, which stands in for P only once the
        /// campaign is over.
        baseline_waits: bool,
    },
    /// A relative change (growth, decline) from a previous value of zero.
    PreviousZero { id: String, measure: &'static str },
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
        "no_such_sheet",
        "not_actuals_sheet",
        "cell_error",
        "uncalculated_formula",
        "wide_mixed",
        "bad_period_column",
        "sheet_twice",
        "header_row_past_end",
        "workbook_as_csv",
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
        "no_previous",
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
            | MilestonesNotAList
            | ProfileNotAList
            | EntityTargetNotAPair { .. }
            | BetweenNotAPair
            | BetweenNotTwo { .. } => "wrong_type",
            NotFinite { .. } | NotExact { .. } | BadRows { .. } => "bad_number",
            NotADate { .. }
            | YearOutOfRange { .. }
            | RevisionOutsideCampaign { .. }
            | MilestoneOutsideCampaign { .. }
            | BadPublished { .. } => "bad_date",
            BadPeriod { .. } | CampaignEndsBeforeStart { .. } => "bad_period",
            PeriodAndDates | PhasingNoneWithProfile | MeasureWithPhasing { .. } => {
                "conflicting_keys"
            }
            NoCampaignTable | NoPeriod | NoId { .. } | RevisionWithoutFrom | MilestoneWithoutBy => {
                "missing_key"
            }
            NoTargets => "no_targets",
            DuplicateTarget { .. } | DuplicateSeries { .. } | SeriesTargetShareId { .. } => {
                "duplicate_id"
            }
            FormulaSyntax { .. }
            | FormulaSelfReference { .. }
            | FormulaOfFormula { .. }
            | FormulaUnknownId { .. } => "bad_formula",
            BadChoice { .. }
            | DelimiterInvalid { .. }
            | EncodingInvalid { .. }
            | AboveInvalid { .. }
            | PhasingInvalid { .. }
            | MeasureInvalid { .. }
            | AggregateInvalid { .. }
            | AcrossLast
            | StrictOnBetween
            | AboveNotBetween
            | BelowInvalid { .. }
            | BelowNotBetween
            | BothSidesExceeded => "bad_value",
            BadUnit { .. } => "bad_unit",
            BadId { .. } => "bad_id",
            NegativeWeight { .. } | PercentOutOfRange { .. } => "out_of_range",
            ProfileWeights | ProfileDoesNotSplit { .. } => "bad_profile",
            ProfileOnLevelWithoutBaseline | LinearLevelWithoutBaseline => {
                "phasing_without_baseline"
            }
            DuplicateRevision { .. } | DuplicateMilestone { .. } => "duplicate_revision",
            MilestoneKindDiffers { .. } => "bad_value",
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
            NoSuchSheet { .. } => "no_such_sheet",
            SheetNotActuals { .. } => "not_actuals_sheet",
            CellError { .. } => "cell_error",
            UncalculatedFormula { .. } => "uncalculated_formula",
            WideMixed { .. } => "wide_mixed",
            BadPeriodColumn { .. } => "bad_period_column",
            SheetTwice { .. } => "sheet_twice",
            HeaderRowPastEnd { .. } => "header_row_past_end",
            WorkbookAsCsv { .. } => "workbook_as_csv",
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
            NoPrevious { .. } | PreviousZero { .. } => "no_previous",
            EntityWithoutRows { .. } => "entity_without_rows",
            StaleData { .. } => "stale_data",
            EntityTargetsSum { .. } => "entity_targets_sum",
            GroupOfOne { .. } => "group_of_one",
            StrictSkip { .. } => "strict",
        }
    }
}

/// How one family of messages words a code: `None` when the code is
/// another family's.
type Wording = fn(&Code, &mut fmt::Formatter<'_>) -> Option<fmt::Result>;

/// Every family of messages, in the order of `Code`'s variants.
const FAMILIES: [Wording; 8] = [
    Code::campaign_shape,
    Code::campaign_values,
    Code::campaign_choices,
    Code::campaign_rules,
    Code::actuals_files,
    Code::actuals_csv,
    Code::actuals_rows,
    Code::check_advisories,
];

/// The same families, in Vietnamese.
const FAMILIES_VI: [Wording; 8] = [
    Code::campaign_shape_vi,
    Code::campaign_values_vi,
    Code::campaign_choices_vi,
    Code::campaign_rules_vi,
    Code::actuals_files_vi,
    Code::actuals_csv_vi,
    Code::actuals_rows_vi,
    Code::check_advisories_vi,
];

thread_local! {
    /// The language this thread's messages are worded in.
    static SPOKEN: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Word this thread's messages in `lang` from now on: a run calls it as
/// soon as it knows (`--lang` at once, the campaign's `lang` once read).
pub fn speak(lang: Lang) {
    SPOKEN.with(|s| s.set(lang));
}

/// The language this thread's messages are worded in (English until a run
/// says otherwise).
pub fn spoken() -> Lang {
    SPOKEN.with(Cell::get)
}

/// A code worded in one language.
pub struct Worded<'a> {
    code: &'a Code,
    lang: Lang,
}

impl Code {
    /// The message in `lang`.
    pub fn worded(&self, lang: Lang) -> Worded<'_> {
        Worded { code: self, lang }
    }

    /// Whether the code has its own Vietnamese wording (every code must:
    /// a test holds it to that).
    pub fn has_vietnamese(&self) -> bool {
        struct Probe<'a>(&'a Code);
        impl fmt::Display for Probe<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match FAMILIES_VI.iter().find_map(|w| w(self.0, f)) {
                    Some(r) => r,
                    None => Err(fmt::Error),
                }
            }
        }
        use fmt::Write;
        String::new()
            .write_fmt(format_args!("{}", Probe(self)))
            .is_ok()
    }
}

/// The message, as printed after `file:line:col: `: each family of
/// messages words its own variants and passes on the rest. A code not yet
/// worded in Vietnamese is said in English rather than not at all.
impl fmt::Display for Worded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code;
        if self.lang == Lang::Vi {
            if let Some(r) = FAMILIES_VI.iter().find_map(|wording| wording(code, f)) {
                return r;
            }
        }
        FAMILIES
            .iter()
            .find_map(|wording| wording(code, f))
            .unwrap_or_else(|| unreachable!("no family words {code:?}"))
    }
}

/// The message in the language this thread speaks ([`spoken`]).
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.worded(spoken()).fmt(f)
    }
}

/// What `--strict` adds to a warning it makes an error.
pub fn under_strict(lang: Lang) -> &'static str {
    match lang {
        Lang::En => " (an error under --strict)",
        Lang::Vi => " (là lỗi khi có --strict)",
    }
}

/// The words before a message on standard error and in `check`'s
/// listing: "error", "warning", "note", "skipped".
pub fn kind_word(kind: &str, lang: Lang) -> &str {
    match (lang, kind) {
        (Lang::Vi, "error") => "lỗi",
        (Lang::Vi, "warning") => "cảnh báo",
        (Lang::Vi, "note") => "ghi chú",
        (Lang::Vi, "skipped") => "bỏ qua",
        _ => kind,
    }
}

#[cfg(test)]
mod tests;
