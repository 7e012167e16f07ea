//! Actuals in, one figure per target out (reference §3, §5, §9). Every row of
//! every actuals file is read once, checked by the row rules, converted to
//! the target's unit and folded into a small accumulator per (target,
//! entity, span); the row ledger records where each row went (used, or
//! skipped and why). Memory grows with the number of keys, never with the
//! number of rows. This module knows nothing of attainment or output.
//!
//! The pipeline, one file per stage:
//!
//! | stage | file | what it does |
//! |---|---|---|
//! | sources | `source.rs` | a named file, standard input (read by offset when it is a file), bytes in memory, a decoder for `--encoding`; counts lines and bytes on the way |
//! | threads | `blocks.rs` | a large file cut into blocks that threads take in turn, a stream read into blocks by one thread; parts merged in input order |
//! | records | `records.rs` | the quote-aware splitter: records and their fields from bitmasks of line breaks, delimiters and quotes |
//! | | `lines.rs` | the line reader, for the records the masks call irregular (`""`, a line break inside quotes, a lone `\r`) |
//! | | `reader.rs` | the csv reader: small files, streams it takes over, `--encoding`; finds the columns in the header |
//! | rows | `rows.rs` | the row rules, once: indicator, period window, as-of, unit factor, locale number, NFC names; fold, skip or error |
//! | | `published.rs` | revised estimates: rows with a `published` date folded apart per date; at the end the latest date of each key is kept, the rest `superseded` |
//! | keys | `keys/` | a record without its value is a key, resolved once per reader by the row rules and found again by its bytes |
//! | accumulators | `acc/` | per aggregate: an exact total and a count for `sum`/`mean`, more only where `last`, `min`, `max` need it; names interned |
//! | merge | this file | `State`: one reader's state, and the merge of a thread's part into the total |
//! | combine | `combine.rs` | accumulators to figures: per entity, across entities, trend steps, the previous year, formula targets, their warnings |
//!
//! `tests/` reads the same bytes on every path (the csv reader, the
//! threads with 1, 2 and 3 of them, streams of 7 bytes and 1 byte a read)
//! and compares figures, ledgers and messages.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

use rustc_hash::FxHashMap;
use std::io::{self, Read, Seek};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rust_decimal::Decimal;

use crate::campaign::{Aggregate, Campaign, closest};
use crate::diagnostic::{Code, HeaderSeen};
use crate::error::{Diagnostic, Location};
use crate::number::{self, Locale};
use crate::period::Span;
use crate::text::clip;
use crate::unit::Unit;

mod acc;
mod blocks;
mod bytemap;
mod combine;
mod keys;
mod lines;
mod published;
mod reader;
mod records;
mod rows;
mod source;
mod wide;
mod workbook;

use reader::{LineIndex, TooLong, multiline_spanned, multiline_value};
use rows::not_utf8;
use source::{Counted, Refused, open_error, synonym};
pub use workbook::workbook_sheet;

use acc::{ByEntity, Group, Names, TargetAcc, line_order};

/// Where actuals come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// Bytes already in memory, with the name used in messages (tests,
    /// fuzzing, embedding).
    Memory {
        name: String,
        bytes: Vec<u8>,
    },
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::File(PathBuf::from(arg))
        }
    }

    /// The name used in messages (`file:line:col`).
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File(p) => p.display().to_string(),
            Input::Memory { name, .. } => name.clone(),
        }
    }

    fn is_tsv(&self) -> bool {
        match self {
            Input::Stdin | Input::Memory { .. } => false,
            Input::File(p) => p
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab")),
        }
    }
}

/// How to read the actuals.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub locale: Locale,
    /// `None`: comma, or tab for `.tsv` files.
    pub delimiter: Option<u8>,
    /// An explicit `--as-of`; `None` means the latest end among the rows.
    pub as_of: Option<NaiveDate>,
    /// `--encoding`: decode the actuals from this encoding; `None` = UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// `--by period|quarter`: also compute the actual at the end of each
    /// month or quarter.
    pub trend: Option<Grain>,
    /// Which rows to keep one by one with their bucket (the xlsx `Rows`
    /// sheet keeps all, `explain` those of the targets it explains), up to
    /// [`MAX_KEPT_ROWS`]. None by default: the rows are not held in memory.
    pub keep_rows: KeepRows,
    /// Threads for a large file (`--jobs`); 1 reads it in one pass.
    pub jobs: usize,
    /// Files at least this large take the multi-threaded fast path
    /// ([`FAST_MIN_BYTES`] normally; tests lower it to exercise the path).
    pub fast_min_bytes: u64,
    /// Show a progress bar on standard error for inputs of at least
    /// [`PROGRESS_MIN_BYTES`] (set only when it is a terminal).
    pub progress: bool,
    /// The sheet of a workbook to read (`--sheet`): a name, or a 1-based
    /// number; a `file.xlsx#Sheet` input says it for its file. `None`:
    /// the first sheet.
    pub sheet: Option<String>,
    /// The 1-based row of a sheet's header (`--header-row`); `None`: the
    /// first row with anything in it.
    pub header_row: Option<u32>,
    /// What a wide table's columns are (`--wide`). `None` reads a header
    /// of period columns as a wide table too.
    pub wide: Option<Across>,
}

/// What the columns of a wide table are: one per period, or per entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Across {
    Period,
    Entity,
}

impl ReadOptions {
    /// Reading in `locale`, every other option at its default: the
    /// delimiter from the file, the as-of date from the rows, UTF-8, no
    /// trend, no rows kept one by one, one thread, no progress bar. Set the
    /// rest with struct update syntax.
    pub fn new(locale: Locale) -> ReadOptions {
        ReadOptions {
            locale,
            delimiter: None,
            as_of: None,
            encoding: None,
            trend: None,
            keep_rows: KeepRows::None,
            jobs: 1,
            fast_min_bytes: FAST_MIN_BYTES,
            progress: false,
            sheet: None,
            header_row: None,
            wide: None,
        }
    }
}

/// Which rows [`Ingest::rows`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum KeepRows {
    /// None: the rows are counted, not held.
    #[default]
    None,
    /// Every row, whatever its indicator (the xlsx `Rows` sheet).
    All,
    /// The rows of these indicators (`explain`: the targets it explains
    /// and their formulas' components). Rows of the others are folded as
    /// usual, on the fast path where they qualify.
    Of(Vec<String>),
}

impl KeepRows {
    /// Whether rows of `indicator` are kept.
    pub fn keeps(&self, indicator: &str) -> bool {
        match self {
            KeepRows::None => false,
            KeepRows::All => true,
            KeepRows::Of(ids) => ids.iter().any(|id| id == indicator),
        }
    }

    /// Whether any row may be kept.
    pub fn any(&self) -> bool {
        *self != KeepRows::None
    }
}

/// Inputs smaller than this are read without a progress bar: they take
/// well under a second.
pub const PROGRESS_MIN_BYTES: u64 = 100_000_000;

/// The size from which a file is split between threads.
pub const FAST_MIN_BYTES: u64 = blocks::MIN_BYTES;

/// The longest line read, and the longest quoted value spanning lines: a
/// file without line breaks (`/dev/zero`, a binary) is not a CSV of
/// actuals, and memory stays bounded whatever the input.
pub const MAX_LINE: usize = 1 << 20;

/// Whether a line is blank: empty, or only spaces and tabs (that are not
/// the delimiter). It is skipped on every path, as an empty line is, and
/// does not count as a row.
fn blank(line: &[u8], delimiter: u8) -> bool {
    line.iter()
        .all(|&b| b != delimiter && matches!(b, b' ' | b'\t' | b'\r'))
}

/// The csv reader's buffer: what it may have read ahead of its record.
const CSV_BUFFER: usize = 256 * 1024;

/// The step of a trend (`--by period` is monthly, `--by quarter` quarterly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    Month,
    Quarter,
}

impl Grain {
    pub fn months(self) -> u32 {
        match self {
            Grain::Month => 1,
            Grain::Quarter => 3,
        }
    }
}

/// A target's actual as it stood at the end of one step of the campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendPoint {
    /// The step (its end is the cut-off: rows ending later are not counted).
    pub period: Span,
    /// The cumulative actual to date, by the target's own rules.
    pub actual: Option<Decimal>,
    /// The same figure one year earlier, over the same span.
    pub previous: Option<Decimal>,
}

/// Why a row was not used (reference §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    UnknownIndicator,
    EmptyValue,
    OutsideCampaign,
    AfterAsOf,
    Overlap,
    /// A figure of an earlier publication (`published`) of the same
    /// target, entity and span than the latest one.
    Superseded,
}

impl Skip {
    pub const ALL: [Skip; 6] = [
        Skip::UnknownIndicator,
        Skip::EmptyValue,
        Skip::OutsideCampaign,
        Skip::AfterAsOf,
        Skip::Overlap,
        Skip::Superseded,
    ];

    /// The machine name of reference §9.
    pub fn name(self) -> &'static str {
        match self {
            Skip::UnknownIndicator => "unknown_indicator",
            Skip::EmptyValue => "empty_value",
            Skip::OutsideCampaign => "outside_campaign",
            Skip::AfterAsOf => "after_as_of",
            Skip::Overlap => "overlap",
            Skip::Superseded => "superseded",
        }
    }
}

/// A skipped row (or, for `overlap`, the first row of a dropped span and how
/// many more rows of that span went with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    pub location: Location,
    pub reason: Skip,
    pub indicator: String,
    pub period: String,
    pub more: u64,
}

/// The most skipped rows listed one by one; the counts are always complete.
pub const MAX_LISTED_SKIPS: usize = 10_000;

/// Where every data row went: each row ends in exactly one bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub read: u64,
    pub used: u64,
    /// Rows of the same period one year earlier, used for `previous`.
    pub comparison: u64,
    pub skipped: [u64; Skip::ALL.len()],
    /// Skipped rows one by one, up to [`MAX_LISTED_SKIPS`].
    pub listed: Vec<SkippedRow>,
}

impl Ledger {
    pub fn skipped(&self, reason: Skip) -> u64 {
        self.skipped[reason as usize]
    }

    pub fn total_skipped(&self) -> u64 {
        self.skipped.iter().sum()
    }

    fn skip(&mut self, row: SkippedRow) {
        self.skipped[row.reason as usize] += 1 + row.more;
        if self.listed.len() < MAX_LISTED_SKIPS {
            self.listed.push(row);
        }
    }
}

/// Where one row of the actuals went, for the xlsx `Rows` sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Used,
    /// The same period a year earlier, used for `previous`.
    Comparison,
    Skipped(Skip),
}

impl Bucket {
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Used => "used",
            Bucket::Comparison => "comparison",
            Bucket::Skipped(skip) => skip.name(),
        }
    }
}

/// One row of the actuals as read, and its bucket (`ReadOptions::keep_rows`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub file: String,
    pub line: u64,
    pub indicator: String,
    pub period: String,
    pub entity: String,
    /// The value as written in the file.
    pub value: String,
    /// The value as read (in the unit as written), when it could be.
    pub number: Option<Decimal>,
    pub unit: String,
    pub bucket: Bucket,
    /// How many source rows it stands for (its `rows` cell; else one).
    pub rows: u64,
    /// Its value's cell, when `file` is a workbook's sheet (`book.xlsx#S`),
    /// as `line` and this column: `D14`.
    pub cell: Option<u64>,
}

impl LedgerRow {
    /// Where it is: `file:line`, or a sheet's cell `book.xlsx#Sheet!D14`.
    pub fn place(&self) -> String {
        match self.cell {
            Some(col) => Location::cell(self.file.clone(), self.line, col).to_string(),
            None => format!("{}:{}", self.file, self.line),
        }
    }
}

/// The most rows kept one by one (for the xlsx Rows sheet and `explain`).
/// A sheet could hold a million, but writing one costs gigabytes of memory;
/// the counts stay complete and the sheet says how many were not listed.
pub const MAX_KEPT_ROWS: usize = 100_000;

/// Where a kept row's bucket is decided at the end: its indicator, entity,
/// span, whether it belongs to the year before the campaign, and the date
/// it was published (`published`), if it says.
type GroupKey = (usize, String, Span, bool, Option<NaiveDate>);

/// One entity's combined value of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFigure {
    /// Empty for the whole-campaign figure.
    pub entity: String,
    pub actual: Decimal,
    pub rows_used: u64,
    /// The span the entity's value covers (none for a formula's).
    pub coverage: Option<Span>,
    /// The entity's own value one year earlier over the same span.
    pub previous: Option<Decimal>,
}

/// A target's actual after reference §5, in the target's unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figure {
    pub actual: Option<Decimal>,
    pub rows_used: u64,
    /// Distinct `source` values of the rows used, in input order.
    pub sources: Vec<String>,
    /// Per-entity values, whole-campaign first, for `--by entity`.
    pub entities: Vec<EntityFigure>,
    /// The latest end among the target's rows in the window.
    pub latest_end: Option<NaiveDate>,
    /// The span the actual covers: the union of the spans used.
    pub coverage: Option<Span>,
    /// The same figure one year earlier, when the actuals hold it.
    pub previous: Option<Decimal>,
    /// The actual at the end of each step, when a trend was asked for.
    pub trend: Vec<TrendPoint>,
    /// Why a derived indicator has no value (a component without rows, a
    /// division by zero), for `check` and `explain`.
    pub reason: Option<crate::diagnostic::Said>,
}

/// Everything ingest found.
#[derive(Debug, Clone)]
pub struct Ingest {
    pub figures: Vec<Figure>,
    pub ledger: Ledger,
    /// The report date (explicit, or the latest end among the rows used).
    pub as_of: NaiveDate,
    /// Whether `as_of` was derived from the rows (reference §5.1).
    pub as_of_from_rows: bool,
    /// Errors and warnings, in input order.
    pub diagnostics: Vec<Diagnostic>,
    /// CSV columns that were ignored, per file.
    pub ignored_columns: Vec<(String, Vec<String>)>,
    /// Per workbook sheet with rows above its header (a title), how many
    /// were not read.
    pub above_header: Vec<AboveHeader>,
    /// The step of the trend computed, if one was asked for.
    pub trend: Option<Grain>,
    /// Every row and its bucket, when `keep_rows` was asked for.
    pub rows: Vec<LedgerRow>,
    /// Rows not kept because [`MAX_KEPT_ROWS`] was reached.
    pub rows_not_kept: u64,
}

impl Ingest {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::error::Severity::Error)
    }
}

/// Rows of a sheet above its header (a title, a note), not read as data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AboveHeader {
    /// The sheet, `book.xlsx#Sheet`.
    pub file: String,
    /// How many of them had anything in them.
    pub rows: u64,
    /// The header's row.
    pub header: u64,
}

/// A row as a compact reference: file index and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowRef {
    file: u32,
    line: u64,
}

/// The columns this program reads, by header position.
#[derive(Debug, Clone, Copy)]
struct Columns {
    indicator: usize,
    value: usize,
    period: Option<usize>,
    unit: Option<usize>,
    entity: Option<usize>,
    source: Option<usize>,
    /// When the figure was published: of one target, entity and span,
    /// only the rows of the latest date are used.
    published: Option<usize>,
    /// How many source rows a row stands for (an engine's grouped output):
    /// its value is their sum, last, least or greatest.
    rows: Option<usize>,
    /// The columns attain does not read, as bits (the first 64), and
    /// whether there are more: each must still be UTF-8 (reference §3).
    unread: u64,
    wide: bool,
}

impl Columns {
    /// The columns that are not read, in order.
    fn unread(&self, width: usize) -> impl Iterator<Item = usize> + '_ {
        let mut bits = self.unread;
        let first = std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                i
            })
        });
        let rest = (64..if self.wide { width } else { 64 }).filter(|&i| !self.reads(i));
        first.chain(rest)
    }

    fn reads(&self, i: usize) -> bool {
        i == self.indicator
            || i == self.value
            || [
                self.period,
                self.unit,
                self.entity,
                self.source,
                self.published,
                self.rows,
            ]
            .contains(&Some(i))
    }
}

const KNOWN_COLUMNS: &[&str] = &[
    "indicator",
    "id",
    "period",
    "value",
    "unit",
    "entity",
    "source",
    "published",
    "rows",
    "note",
    // What `attain template --wide` writes beside the figures, not read.
    "name",
    "plan",
];

/// Read every input and fold its rows into one figure per target.
pub fn read(campaign: &Campaign, inputs: &[Input], options: &ReadOptions) -> Ingest {
    let mut state = State::new(campaign, options);
    // A group's first row packs the file's index in a few bits.
    if inputs.len() > acc::MAX_FILES {
        let (count, max) = (inputs.len(), acc::MAX_FILES);
        let code = Code::TooManyFiles { count, max };
        state.diagnostics.push(Diagnostic::error(None, code));
        return state.finish();
    }
    state.bar = progress_bar(inputs, options);
    let mut stdin_seen = false;
    for input in inputs {
        if *input == Input::Stdin {
            if stdin_seen {
                let twice = Diagnostic::error(None, Code::StdinTwice);
                state.diagnostics.push(twice);
                continue;
            }
            stdin_seen = true;
        }
        state.read_input(input);
    }
    if let Some(bar) = &state.bar {
        bar.finish_and_clear();
    }
    state.finish()
}

/// A progress bar on standard error for large inputs, when asked for. The
/// size of standard input is known only when it is a file (`< big.csv`);
/// a pipe gets none.
fn progress_bar(inputs: &[Input], options: &ReadOptions) -> Option<ProgressBar> {
    if !options.progress {
        return None;
    }
    let size = |input: &Input| match input {
        Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
        Input::Stdin => std::fs::metadata("/dev/stdin")
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map_or(0, |m| m.len()),
        Input::Memory { bytes, .. } => bytes.len() as u64,
    };
    let total: u64 = inputs.iter().map(size).sum();
    if total < PROGRESS_MIN_BYTES {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    // The template is a constant: it parses.
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} {eta} left",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// What has been read so far: the accumulators, the names they refer to,
/// the ledger and the messages. The total of a run is one; each block a
/// thread reads makes a part of its own (`sibling`), which is merged into
/// the total (`absorb`) in input order.
struct State<'a> {
    campaign: &'a Campaign,
    options: &'a ReadOptions,
    targets: Vec<TargetAcc>,
    /// Rows of the year before the campaign, per target.
    prior: Vec<TargetAcc>,
    /// Rows with a `published` date, apart per date until the end decides
    /// which date each (target, entity, span) takes; `targets` and
    /// `prior` hold the rows without one.
    editions: published::Editions,
    /// The entity and source texts the accumulators refer to by id.
    names: Names,
    /// For a part read by a fast-path reader, whose names are the
    /// reader's (kept from part to part): the ones it added reading this
    /// part.
    added: Option<acc::Added>,
    /// Per reader whose parts this state absorbed, its name ids as this
    /// state's, extended by each part's `added` in the order the reader
    /// made its parts.
    readers: FxHashMap<u32, Vec<u32>>,
    /// Per name id, the id of its lowercase form (`u32::MAX` until asked),
    /// and, once reading is done, its rank in name order.
    folded: Vec<u32>,
    name_rank: Vec<u32>,
    /// Inside [`Self::quietly`]: what is only said (warnings) need not be
    /// worked out.
    quiet: bool,
    /// The campaign shifted one year back.
    prior_window: Span,
    ledger: Ledger,
    diagnostics: Vec<Diagnostic>,
    /// The `multiline_value` warnings among `diagnostics` read in a part
    /// apart (their index, and how many lines the value spans): their
    /// message names a line, which is known once the part is absorbed, so
    /// it is written at the end ([`Self::finish`]).
    multiline_at: Vec<(usize, u64)>,
    files: Vec<String>,
    /// Per file, whether it is a workbook's sheet (its locations are cells).
    sheets: Vec<bool>,
    /// The sheets read so far: the workbook's identity, the sheet, and the
    /// name it was read as (one sheet named twice would count twice).
    sheets_read: Vec<(String, String, String)>,
    ignored_columns: Vec<(String, Vec<String>)>,
    /// Per sheet read, the rows above its header that were not read, and
    /// the header's row.
    above_header: Vec<AboveHeader>,
    /// The input order of the row being read: its file and byte offset,
    /// so that rows read by several threads keep one order.
    seq: u64,
    latest_end: Option<NaiveDate>,
    /// The current file hit an error that every later row would repeat.
    file_failed: bool,
    /// The current file's wide layout, when its header has one.
    spread: Option<wide::Spread>,
    /// Kept rows; those still in play carry the key that decides them.
    kept: Vec<(LedgerRow, Option<GroupKey>)>,
    rows_not_kept: u64,
    /// The progress bar, for large inputs on a terminal.
    bar: Option<ProgressBar>,
}

impl<'a> State<'a> {
    fn new(campaign: &'a Campaign, options: &'a ReadOptions) -> State<'a> {
        State {
            campaign,
            options,
            targets: campaign
                .indicators
                .iter()
                .map(|i| TargetAcc::for_aggregate(i.aggregate))
                .collect(),
            prior: campaign
                .indicators
                .iter()
                .map(|i| TargetAcc::for_aggregate(i.aggregate))
                .collect(),
            editions: published::Editions::default(),
            prior_window: campaign.span.year_earlier(),
            names: Names::default(),
            added: None,
            readers: FxHashMap::default(),
            folded: Vec::new(),
            name_rank: Vec::new(),
            quiet: false,
            ledger: Ledger::default(),
            diagnostics: Vec::new(),
            multiline_at: Vec::new(),
            files: Vec::new(),
            sheets: Vec::new(),
            sheets_read: Vec::new(),
            ignored_columns: Vec::new(),
            above_header: Vec::new(),
            seq: 0,
            latest_end: None,
            file_failed: false,
            spread: None,
            kept: Vec::new(),
            rows_not_kept: 0,
            bar: None,
        }
    }

    /// An empty state for the same inputs (campaign, options, file names,
    /// progress bar): for a block or a stream read apart and absorbed.
    fn sibling(&self) -> State<'a> {
        let mut state = State::new(self.campaign, self.options);
        state.files = self.files.clone();
        state.sheets = self.sheets.clone();
        state.bar = self.bar.clone();
        state
    }

    fn location(&self, row: RowRef, col: u64) -> Location {
        let file = self
            .files
            .get(row.file as usize)
            .cloned()
            .unwrap_or_default();
        if self.sheets.get(row.file as usize) == Some(&true) {
            Location::cell(file, row.line, col)
        } else {
            Location::new(file, row.line, col)
        }
    }

    fn error(&mut self, location: Location, code: Code) {
        self.diagnostics
            .push(Diagnostic::error(Some(location), code));
    }

    /// Take in what a thread read from one range of the current file; its
    /// line numbers count from `lines` (the lines before its range).
    fn absorb(&mut self, part: State<'_>, lines: u64) {
        let file = self.files.last().cloned().unwrap_or_default();
        let moved = |mut loc: Location| {
            if loc.file == file && loc.line > 0 {
                loc.line += lines;
            }
            loc
        };
        self.ledger.read += part.ledger.read;
        self.ledger.used += part.ledger.used;
        self.ledger.comparison += part.ledger.comparison;
        for (mine, theirs) in self.ledger.skipped.iter_mut().zip(part.ledger.skipped) {
            *mine += theirs;
        }
        for mut row in part.ledger.listed {
            if self.ledger.listed.len() < MAX_LISTED_SKIPS {
                row.location = moved(row.location);
                self.ledger.listed.push(row);
            }
        }
        let mut multiline = part.multiline_at.iter().peekable();
        for (i, mut d) in part.diagnostics.into_iter().enumerate() {
            d.location = d.location.map(moved);
            if let Some(&(_, spanned)) = multiline.next_if(|(at, _)| *at == i) {
                self.multiline_at.push((self.diagnostics.len(), spanned));
            }
            self.diagnostics.push(d);
        }
        // The part's names by this state's ids: one lookup per distinct
        // text of the part, not per row; for a reader's part, one per text
        // the reader added since its last part.
        let (reader, remap) = match &part.added {
            Some(added) => (Some(added.reader), self.reader_names(added)),
            None => (None, self.names.remap(&part.names)),
        };
        for (mine, theirs) in self.targets.iter_mut().zip(part.targets) {
            mine.join(theirs, lines, &remap);
        }
        for (mine, theirs) in self.prior.iter_mut().zip(part.prior) {
            mine.join(theirs, lines, &remap);
        }
        self.editions
            .join(self.campaign, part.editions, lines, &remap);
        if let Some(reader) = reader {
            self.readers.insert(reader, remap);
        }
        // Kept rows, in file order, up to the cap.
        for (mut row, key) in part.kept {
            if self.kept.len() >= MAX_KEPT_ROWS {
                self.rows_not_kept += 1;
                continue;
            }
            row.line += lines;
            self.kept.push((row, key));
        }
        self.rows_not_kept += part.rows_not_kept;
        self.latest_end = match (self.latest_end, part.latest_end) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.file_failed |= part.file_failed;
    }

    /// The ids here of a reader's names, those `added` in its part
    /// included (taken out of `readers`; put them back). Also for a part
    /// that is dropped: the reader's next part refers to its names.
    fn reader_names(&mut self, added: &acc::Added) -> Vec<u32> {
        let mut remap = self.readers.remove(&added.reader).unwrap_or_default();
        // The merges take each reader's parts in the order it made them (a
        // block read again gets a reader of its own).
        assert_eq!(remap.len(), added.first, "a reader's parts out of order");
        remap.extend(added.texts().map(|text| self.names.id(text)));
        remap
    }

    /// A part that is not absorbed (a block read again from elsewhere):
    /// the names it added still count for its reader's next part.
    fn drop_part(&mut self, part: State<'_>) {
        if let Some(added) = &part.added {
            let remap = self.reader_names(added);
            self.readers.insert(added.reader, remap);
        }
    }
}

/// Where the csv reader takes over a stream from the fast parser: the
/// header's columns, the lines and bytes before the first unread byte, and
/// the rows already read.
struct Resume {
    columns: Columns,
    width: usize,
    header_row: RowRef,
    line: u64,
    byte: u64,
    rows: u64,
}

/// The input order of a row: its file, then its byte offset in the file.
fn order(file: u32, byte: u64) -> u64 {
    (u64::from(file) << 40) | (byte & ((1 << 40) - 1))
}

#[cfg(test)]
mod tests;
