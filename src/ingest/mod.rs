//! Streaming CSV ingest (SPEC §3, §5, §9): every row of every actuals file
//! is read once through one reused record buffer, checked, converted to the
//! target's unit and folded into a small per-target accumulator; the row
//! ledger records where each row went (used, or skipped and why).
//!
//! Memory grows with the number of distinct (target, entity, period)
//! combinations, never with the number of rows. This module turns rows into
//! one actual value per target; it knows nothing of attainment or output.

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
use crate::error::{Diagnostic, Location};
use crate::number::{self, Locale};
use crate::period::Span;
use crate::text::clip;
use crate::unit::Unit;

mod acc;
mod bytemap;
mod fast;
mod records;

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
pub const FAST_MIN_BYTES: u64 = fast::MIN_BYTES;

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
}

/// Why a row was not used (SPEC §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    UnknownIndicator,
    EmptyValue,
    OutsideCampaign,
    AfterAsOf,
    Overlap,
}

impl Skip {
    pub const ALL: [Skip; 5] = [
        Skip::UnknownIndicator,
        Skip::EmptyValue,
        Skip::OutsideCampaign,
        Skip::AfterAsOf,
        Skip::Overlap,
    ];

    /// The machine name of SPEC §9.
    pub fn name(self) -> &'static str {
        match self {
            Skip::UnknownIndicator => "unknown_indicator",
            Skip::EmptyValue => "empty_value",
            Skip::OutsideCampaign => "outside_campaign",
            Skip::AfterAsOf => "after_as_of",
            Skip::Overlap => "overlap",
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
    pub skipped: [u64; 5],
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
    pub unit: String,
    pub bucket: Bucket,
}

/// The most rows kept one by one (for the xlsx Rows sheet and `explain`).
/// A sheet could hold a million, but writing one costs gigabytes of memory;
/// the counts stay complete and the sheet says how many were not listed.
pub const MAX_KEPT_ROWS: usize = 100_000;

/// Where a kept row's bucket is decided at the end: its indicator, entity,
/// span, and whether it belongs to the year before the campaign.
type GroupKey = (usize, String, Span, bool);

/// One entity's combined value of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityFigure {
    /// Empty for the whole-campaign figure.
    pub entity: String,
    pub actual: Decimal,
    pub rows_used: u64,
}

/// A target's actual after SPEC §5, in the target's unit.
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
    pub reason: Option<String>,
}

/// Everything ingest found.
#[derive(Debug, Clone)]
pub struct Ingest {
    pub figures: Vec<Figure>,
    pub ledger: Ledger,
    /// The report date (explicit, or the latest end among the rows used).
    pub as_of: NaiveDate,
    /// Whether `as_of` was derived from the rows (SPEC §5.1).
    pub as_of_from_rows: bool,
    /// Errors and warnings, in input order.
    pub diagnostics: Vec<Diagnostic>,
    /// CSV columns that were ignored, per file.
    pub ignored_columns: Vec<(String, Vec<String>)>,
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
    /// The columns attain does not read, as bits (the first 64), and
    /// whether there are more: each must still be UTF-8 (SPEC §3).
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
            || [self.period, self.unit, self.entity, self.source].contains(&Some(i))
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
    "note",
];

/// Read every input and fold its rows into one figure per target.
pub fn read(campaign: &Campaign, inputs: &[Input], options: &ReadOptions) -> Ingest {
    let mut state = State::new(campaign, options);
    // A group's first row packs the file's index in a few bits.
    if inputs.len() > acc::MAX_FILES {
        let message = format!(
            "{} actuals files are named, and attain reads at most {} in one run: join them first (cat, or a query that groups them)",
            inputs.len(),
            acc::MAX_FILES
        );
        state
            .diagnostics
            .push(Diagnostic::error(None, "too_many_files", message));
        return state.finish();
    }
    state.bar = progress_bar(inputs, options);
    let mut stdin_seen = false;
    for input in inputs {
        if *input == Input::Stdin {
            if stdin_seen {
                state.diagnostics.push(Diagnostic::error(
                    None,
                    "stdin_twice",
                    "'-' (standard input) is named twice; it can be read only once",
                ));
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

/// Standard input as a file, when it is a regular file at its start
/// (`attain report - < big.csv`); None for a pipe, a terminal, or a file
/// something has read from already (which is read as a stream from there).
#[cfg(unix)]
fn stdin_file() -> Option<std::fs::File> {
    use std::os::fd::AsFd;
    let file = std::fs::File::from(io::stdin().as_fd().try_clone_to_owned().ok()?);
    let at_start = (&file).stream_position().ok()? == 0;
    (file.metadata().ok()?.is_file() && at_start).then_some(file)
}

#[cfg(not(unix))]
fn stdin_file() -> Option<std::fs::File> {
    None
}

/// Ask for a 1 MiB buffer when standard input is a smaller pipe: with the
/// default 64 KiB, the writer and attain take turns every 64 KiB (10 M
/// rows through `cat`: 0.56 s → 0.49 s). Nothing happens if it is not a
/// pipe, or the system refuses (1 MiB is the usual limit for a user).
#[cfg(target_os = "linux")]
fn widen_pipe() {
    const WIDE: usize = 1 << 20;
    if rustix::pipe::fcntl_getpipe_size(io::stdin()).is_ok_and(|size| size < WIDE) {
        let _ = rustix::pipe::fcntl_setpipe_size(io::stdin(), WIDE);
    }
}

#[cfg(not(target_os = "linux"))]
fn widen_pipe() {}

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

struct State<'a> {
    campaign: &'a Campaign,
    options: &'a ReadOptions,
    targets: Vec<TargetAcc>,
    /// Rows of the year before the campaign, per target.
    prior: Vec<TargetAcc>,
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
    ignored_columns: Vec<(String, Vec<String>)>,
    /// The input order of the row being read: its file and byte offset,
    /// so that rows read by several threads keep one order.
    seq: u64,
    latest_end: Option<NaiveDate>,
    /// The current file hit an error that every later row would repeat.
    file_failed: bool,
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
            ignored_columns: Vec::new(),
            seq: 0,
            latest_end: None,
            file_failed: false,
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
        state.bar = self.bar.clone();
        state
    }

    fn location(&self, row: RowRef, col: u64) -> Location {
        let file = self
            .files
            .get(row.file as usize)
            .cloned()
            .unwrap_or_default();
        Location::new(file, row.line, col)
    }

    fn error(&mut self, location: Location, code: &'static str, message: String) {
        self.diagnostics
            .push(Diagnostic::error(Some(location), code, message));
    }

    fn read_input(&mut self, input: &Input) {
        let name = input.display();
        let file_index = self.files.len() as u32;
        self.files.push(name.clone());
        let delimiter = self
            .options
            .delimiter
            .unwrap_or(if input.is_tsv() { b'\t' } else { b',' });
        // Every input is opened once and read once: a named pipe or a
        // process substitution gives its data to one reader only.
        let reader: Box<dyn Read + '_> = match input {
            Input::Stdin => {
                // `< big.csv` is a file: read by offset with every thread,
                // as a named one is. A pipe is a stream.
                if self.options.encoding.is_none()
                    && let Some(file) = stdin_file()
                    && fast::read_file(
                        self,
                        &file,
                        file_index,
                        delimiter,
                        self.options.jobs,
                        self.options.fast_min_bytes,
                    )
                {
                    // Read to its end, as a stream reader leaves it.
                    let _ = (&file).seek(io::SeekFrom::End(0));
                    return;
                }
                widen_pipe();
                Box::new(io::stdin().lock())
            }
            Input::Memory { bytes, .. } => Box::new(bytes.as_slice()),
            Input::File(path) => match std::fs::File::open(path) {
                Ok(f) => {
                    // The threaded reader reads a regular file by offset
                    // and leaves its position alone, so when it passes the
                    // file on, the stream reader starts from the top.
                    if self.options.encoding.is_none()
                        && fast::read_file(
                            self,
                            &f,
                            file_index,
                            delimiter,
                            self.options.jobs,
                            self.options.fast_min_bytes,
                        )
                    {
                        return;
                    }
                    Box::new(f)
                }
                Err(e) => {
                    self.diagnostics.push(Diagnostic::error(
                        Some(Location::new(&name, 0, 0)),
                        "unreadable",
                        open_error_message(path, &e),
                    ));
                    return;
                }
            },
        };
        // Decoding happens as a stream in front of the csv reader, so that
        // a Windows-1258 export is read in constant memory like any other.
        self.file_failed = false;
        let reader: Box<dyn Read + '_> = match self.options.encoding {
            Some(encoding) => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .build(EncodingCheck::new(reader, encoding)),
            ),
            // Standard input and bytes in memory stream through the fast
            // line parser on this thread; a file here is one the fast path
            // left to the csv reader.
            None if !matches!(input, Input::File(_)) => {
                fast::read_stream(self, reader, file_index, delimiter);
                return;
            }
            None => reader,
        };
        self.read_csv(reader, file_index, delimiter, None);
    }

    /// Read csv records from `reader`: from its header, or, with `resume`,
    /// from where the fast stream parser stopped (a quote or a lone `\r`).
    fn read_csv(
        &mut self,
        reader: Box<dyn Read + '_>,
        file: u32,
        delimiter: u8,
        resume: Option<Resume>,
    ) {
        // The csv crate's line numbers skip blank lines and count a CRLF
        // ending late; the physical line of each record comes from counting
        // the newlines that pass through the reader instead.
        let lines = Rc::new(RefCell::new(LineIndex::default()));
        let counted = Counted {
            inner: reader,
            lines: Rc::clone(&lines),
            bar: self.bar.clone(),
        };
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(CSV_BUFFER)
            .from_reader(counted);
        let (line_base, byte_base) = resume.as_ref().map_or((0, 0), |r| (r.line, r.byte));
        let line_of = |p: Option<&csv::Position>| {
            p.map_or(0, |p| line_base + lines.borrow_mut().line_at(p.byte()))
        };
        let mut record = csv::ByteRecord::new();
        let mut header_row = RowRef { file, line: 1 };
        let mut rows_in_file = 0u64;

        let (columns, width) = if let Some(resume) = resume {
            header_row = resume.header_row;
            rows_in_file = resume.rows;
            (resume.columns, resume.width)
        } else {
            // The header line: the first that is not blank.
            let read = loop {
                match csv.read_byte_record(&mut record) {
                    Ok(true) if record.len() == 1 && blank(&record[0], delimiter) => {}
                    other => break other,
                }
            };
            match read {
                Ok(true) => {}
                Ok(false) => {
                    let loc = self.location(header_row, 1);
                    self.diagnostics.push(Diagnostic::warning(
                        Some(loc),
                        "empty_file",
                        "the file is empty (no header line, no rows)",
                    ));
                    return;
                }
                Err(e) => {
                    if !self.too_long(&e, &lines, file, 0) {
                        let loc = self.location(header_row, 1);
                        self.error(loc, "csv_syntax", csv_error_message(&e));
                    }
                    return;
                }
            }
            header_row.line = line_of(record.position());
            lines.borrow_mut().record_end = csv.position().byte();
            let Some(columns) = self.header(&record, header_row, delimiter) else {
                return;
            };
            (columns, record.len())
        };

        let mut pending_quote: Option<(RowRef, usize)> = None;
        // A quoted value over several lines, named once the next record
        // shows that its quote was closed (else it is an unterminated one).
        let mut pending_multiline: Option<Diagnostic> = None;
        loop {
            let result = csv.read_byte_record(&mut record);
            if matches!(result, Ok(true)) {
                self.diagnostics.extend(pending_multiline.take());
            }
            match result {
                Ok(true) => {}
                Ok(false) => {
                    match (pending_quote, pending_multiline) {
                        (Some((row, col)), _) => self.unterminated_quote(row, col),
                        (None, Some(d)) => self.diagnostics.push(d),
                        (None, None) => {}
                    }
                    break;
                }
                Err(e) => {
                    if !self.too_long(&e, &lines, file, line_base) {
                        let line = line_of(e.position());
                        let loc = self.location(RowRef { file, line }, 1);
                        self.error(loc, "csv_syntax", csv_error_message(&e));
                    }
                    return;
                }
            }
            lines.borrow_mut().record_end = csv.position().byte();
            if record.len() == 1 && blank(&record[0], delimiter) {
                continue; // spaces only: a blank line, as on every path
            }
            let line = line_of(record.position());
            let row = RowRef { file, line };
            self.seq = order(file, byte_base + record.position().map_or(0, |p| p.byte()));
            rows_in_file += 1;
            self.ledger.read += 1;
            // A quote that is never closed swallows the rest of the file into
            // one value: a field with a line break and a delimiter after it,
            // in the file's last record. A quoted note with a line break in
            // the middle of the file is fine.
            let swallowed = record.iter().position(|f| {
                f.iter()
                    .position(|b| *b == b'\n')
                    .is_some_and(|nl| f[nl..].contains(&delimiter))
            });
            pending_quote = swallowed.map(|col| (row, col));
            if let (Some(col), true) = (swallowed, record.len() != width) {
                self.unterminated_quote(row, col);
                return;
            }
            // The csv reader counts the line breaks it passes, also inside
            // quotes (not a lone \r): a record over lines moved it by more
            // than one, so only those records are looked into.
            let after = csv.position().line();
            let spans =
                after > record.position().map_or(after, |p| p.line()) + 1 || lines.borrow().lone_cr;
            pending_multiline = if spans {
                self.multiline(&record, row)
            } else {
                None
            };
            if record.len() != width {
                self.field_count_error(row, record.len(), width);
                continue;
            }
            self.row(&record, row, columns);
            if self.file_failed {
                return;
            }
        }
        if rows_in_file == 0 {
            self.no_rows_warning(header_row);
        }
    }

    /// Whether `e` is [`Counted`] refusing a record longer than
    /// [`MAX_LINE`] (recorded at the line it starts on) or [`EncodingCheck`]
    /// refusing the bytes under `--encoding` (recorded at its line).
    fn too_long(
        &mut self,
        e: &csv::Error,
        lines: &RefCell<LineIndex>,
        file: u32,
        line_base: u64,
    ) -> bool {
        let csv::ErrorKind::Io(io) = e.kind() else {
            return false;
        };
        let Some(inner) = io.get_ref() else {
            return false;
        };
        if let Some(refused) = inner.downcast_ref::<Refused>() {
            let loc = self.location(
                RowRef {
                    file,
                    line: refused.line,
                },
                0,
            );
            self.error(loc, refused.code, refused.message.clone());
            self.file_failed = true;
            return true;
        }
        if !inner.is::<TooLong>() {
            return false;
        }
        let mut lines = lines.borrow_mut();
        let start = lines.record_end;
        let line = line_base + lines.line_at(start);
        let spanned = lines.pending.iter().filter(|(o, _)| *o >= start).count() as u64;
        drop(lines);
        self.line_too_long(RowRef { file, line }, spanned);
        true
    }

    /// A line, or a quoted value over `spanned` line breaks, longer than
    /// [`MAX_LINE`]: an error, and the rest of the file is not read.
    pub(crate) fn line_too_long(&mut self, row: RowRef, spanned: u64) {
        let loc = self.location(row, 1);
        let message = if spanned == 0 {
            format!(
                "this line is longer than {} MiB without a line break: the file is not a CSV of actuals (or its line breaks were lost); the rest of it was not read",
                MAX_LINE >> 20
            )
        } else {
            format!(
                "a quoted value opened on this line runs on over the next lines for more than {} MiB without a closing quote: a stray quote (\") in a field? the rest of the file was not read",
                MAX_LINE >> 20
            )
        };
        self.error(loc, "line_too_long", message);
        self.file_failed = true;
    }

    /// The warning for a record whose quoted value holds line breaks: legal
    /// CSV (a note over two lines), but also what a stray quote does — it
    /// runs over the next lines and swallows their rows. So it is named,
    /// with where it opens and closes, and `--strict` refuses it.
    fn multiline(&self, record: &csv::ByteRecord, row: RowRef) -> Option<Diagnostic> {
        let (col, spanned) = multiline_spanned(record)?;
        let loc = self.location(row, col as u64 + 1);
        let message = multiline_message(row.line, spanned);
        Some(Diagnostic::warning(Some(loc), "multiline_value", message))
    }

    /// Whether a sum of what was read no longer fits.
    fn overflowed(&self) -> bool {
        self.targets
            .iter()
            .chain(&self.prior)
            .any(TargetAcc::overflowed)
    }

    fn field_count_error(&mut self, row: RowRef, fields: usize, width: usize) {
        let loc = self.location(row, fields.min(width) as u64 + 1);
        let message = format!(
            "this row has {fields} fields but the header has {width}; check for a missing or extra delimiter, or quote a value that contains one"
        );
        self.error(loc, "field_count", message);
    }

    fn no_rows_warning(&mut self, header: RowRef) {
        let loc = self.location(header, 1);
        self.diagnostics.push(Diagnostic::warning(
            Some(loc),
            "no_rows",
            "the file has a header but no data rows",
        ));
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

    /// A sum that no longer fits an exact decimal: an error, never a
    /// silently missing value.
    fn overflow(&mut self, row: RowRef, id: &str) {
        let loc = self.location(row, 0);
        self.error(
            loc,
            "overflow",
            format!("the sum of '{id}' is too large to hold exactly (more than 28 digits)"),
        );
    }

    fn unterminated_quote(&mut self, row: RowRef, col: usize) {
        let loc = self.location(row, col as u64 + 1);
        self.error(
            loc,
            "unterminated_quote",
            "a quote (\") opened in this field is never closed, so the rest of the file was read as one value; close the quote or remove it".into(),
        );
    }

    /// Find the columns by name; an error (and `None`) if a required one is missing.
    fn header(&mut self, record: &csv::ByteRecord, row: RowRef, delimiter: u8) -> Option<Columns> {
        let file = row.file;
        if let Some(first) = record.get(0) {
            let utf16 = if first.starts_with(&[0xFF, 0xFE]) {
                Some("utf-16le")
            } else if first.starts_with(&[0xFE, 0xFF]) {
                Some("utf-16be")
            } else {
                None
            };
            if let Some(label) = utf16 {
                let loc = self.location(row, 1);
                let message = format!(
                    "the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8; pass --encoding {label}, or save it as UTF-8 (in Excel: CSV UTF-8)"
                );
                self.error(loc, "not_utf8", message);
                return None;
            }
        }
        if record.iter().any(|f| f.contains(&0)) {
            let loc = self.location(row, 1);
            self.error(
                loc,
                "not_utf8",
                "the header has NUL bytes between its letters: the file looks like UTF-16 without a byte-order mark; pass --encoding utf-16le (or utf-16be), or save it as UTF-8 (in Excel: CSV UTF-8)".into(),
            );
            return None;
        }
        let mut names = Vec::with_capacity(record.len());
        for (i, field) in record.iter().enumerate() {
            let field = if i == 0 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            match std::str::from_utf8(field) {
                Ok(s) => names.push(s.trim().to_lowercase()),
                Err(_) => {
                    let loc = self.location(row, i as u64 + 1);
                    self.error(loc, "not_utf8", not_utf8_message(field));
                    return None;
                }
            }
        }
        // Other columns are ignored, so only a repeated column attain reads
        // is a problem (Excel exports often end in several blank ones).
        for (i, n) in names.iter().enumerate() {
            if !KNOWN_COLUMNS.contains(&n.as_str()) {
                continue;
            }
            if let Some(j) = names[..i].iter().position(|m| m == n) {
                let loc = self.location(row, i as u64 + 1);
                let message = format!(
                    "the column '{}' appears twice (columns {} and {}); rename or remove one",
                    clip(n),
                    j + 1,
                    i + 1
                );
                self.error(loc, "duplicate_column", message);
                return None;
            }
        }
        let find = |want: &[&str]| names.iter().position(|n| want.contains(&n.as_str()));
        // `id` is an alias of `indicator`; when both are there, `indicator`
        // is read and `id` is an ignored column like any other.
        let indicator = find(&["indicator"]).or_else(|| find(&["id"]));
        let value = find(&["value"]);
        let mut missing = Vec::new();
        if indicator.is_none() {
            missing.push("indicator");
        }
        if value.is_none() {
            missing.push("value");
        }
        if !missing.is_empty() {
            // The names found are quoted only when one of them is a column
            // attain knows or would suggest: a line of a file that is not a
            // CSV of actuals (`actuals = ["/etc/shadow"]`) is not printed.
            let other_delimiter = match names.as_slice() {
                [only] => [b',', b';', b'\t', b'|']
                    .into_iter()
                    .find(|d| *d != delimiter && only.as_bytes().contains(d)),
                _ => None,
            };
            let known = |n: &str| {
                let n = n.trim();
                KNOWN_COLUMNS.contains(&n)
                    || synonym(n).is_some()
                    || closest(n, &["indicator", "value"]).is_some()
            };
            let recognisable = names.iter().any(|n| known(n))
                || other_delimiter.is_some_and(|d| names[0].split(d as char).any(known));
            const LISTED: usize = 12;
            let found = if names.iter().all(|n| n.is_empty()) {
                "found: none".to_string()
            } else if recognisable {
                let mut shown: Vec<String> = names
                    .iter()
                    .take(LISTED)
                    .map(|n| crate::text::clip(n).into_owned())
                    .collect();
                if names.len() > LISTED {
                    shown.push(format!("… and {} more", names.len() - LISTED));
                }
                format!("found: {}", shown.join(", "))
            } else {
                let fields = match names.len() {
                    1 => "is one field, not a column".to_string(),
                    n => format!("has {n} fields, none of them a column"),
                };
                format!("its first line {fields} attain reads: is this a CSV of actuals?")
            };
            let hints: Vec<String> = missing
                .iter()
                .filter_map(|want| {
                    names
                        .iter()
                        .find(|n| closest(n, &[want]).is_some() || synonym(n) == Some(want))
                        .map(|n| format!("rename '{}' to '{want}'", clip(n)))
                })
                .collect();
            let mut hint = if hints.is_empty() {
                String::new()
            } else {
                format!("; {}", hints.join(", "))
            };
            // One column that holds another separator: the wrong delimiter.
            if let Some(d) = other_delimiter {
                let shown = if d == b'\t' {
                    "\\t".to_string()
                } else {
                    (d as char).to_string()
                };
                hint = format!(
                    "; the header is one column, and the file seems to be separated by '{shown}': pass --delimiter '{shown}' (it sets the separator of the actuals and of csv output)"
                );
            }
            let loc = self.location(row, 1);
            let message = format!(
                "the header has no '{}' column ({found}){hint}; the required columns are indicator (or id) and value",
                missing.join("' or '")
            );
            self.error(loc, "missing_column", message);
            return None;
        }
        let ignored: Vec<String> = names
            .iter()
            .enumerate()
            .filter(|(i, n)| {
                !KNOWN_COLUMNS.contains(&n.as_str())
                    || (n.as_str() == "id" && Some(*i) != indicator)
            })
            .map(|(_, n)| {
                if n.is_empty() {
                    "(blank)".to_string()
                } else {
                    n.clone()
                }
            })
            .collect();
        if !ignored.is_empty() {
            let name = self.files.get(file as usize).cloned().unwrap_or_default();
            self.ignored_columns.push((name, ignored));
        }
        let mut columns = Columns {
            indicator: indicator?,
            value: value?,
            period: find(&["period"]),
            unit: find(&["unit"]),
            entity: find(&["entity"]),
            source: find(&["source"]),
            unread: 0,
            wide: names.len() > 64,
        };
        columns.unread = (0..names.len().min(64))
            .filter(|&i| !columns.reads(i))
            .fold(0, |bits, i| bits | 1 << i);
        Some(columns)
    }

    /// A field as trimmed UTF-8 text. A field that is not UTF-8 is an
    /// error that names the likely encoding, and stops the file: every
    /// later row would fail the same way.
    fn text<'r>(
        &mut self,
        record: &'r csv::ByteRecord,
        col: usize,
        row: RowRef,
    ) -> Option<&'r str> {
        let field = record.get(col).unwrap_or_default();
        match std::str::from_utf8(field) {
            Ok(s) => Some(s.trim()),
            Err(_) => {
                let loc = self.location(row, col as u64 + 1);
                self.error(loc, "not_utf8", not_utf8_message(field));
                self.file_failed = true;
                None
            }
        }
    }

    /// The value of `result`, or `None` after recording its error at the
    /// row's field `col` (the whole row when the column is absent).
    fn reported<T>(
        &mut self,
        result: Result<T, String>,
        row: RowRef,
        col: Option<usize>,
        code: &'static str,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                let loc = self.location(row, column(col));
                self.error(loc, code, message);
                None
            }
        }
    }

    fn optional_text<'r>(
        &mut self,
        record: &'r csv::ByteRecord,
        col: Option<usize>,
        row: RowRef,
    ) -> Option<&'r str> {
        match col {
            None => Some(""),
            Some(c) => self.text(record, c, row),
        }
    }

    /// One data row.
    fn row(&mut self, record: &csv::ByteRecord, row: RowRef, cols: Columns) {
        // A byte-order mark is invisible; after the header it means two
        // files were joined into one (`cat a.csv b.csv`).
        let bom = "\u{feff}".as_bytes();
        if let Some(col) = (memchr::memchr(bom[0], record.as_slice()).is_some())
            .then(|| record.iter().position(|f| f.starts_with(bom)))
            .flatten()
        {
            let loc = self.location(row, col as u64 + 1);
            self.diagnostics.push(Diagnostic::warning(
                Some(loc),
                "bom_inside",
                "this field starts with a byte-order mark (U+FEFF, invisible) in the middle of the file: were two files joined into one? remove it, and any second header line; the field is read with it, so it matches no id",
            ));
        }
        // Every field is read as text first, so that each is checked to be
        // UTF-8 once, whatever the row turns out to be: a byte that is not,
        // also in a column attain does not read, is the file's encoding
        // error (SPEC §3), and the file stops.
        let Some(indicator) = self.text(record, cols.indicator, row) else {
            return;
        };
        let Some(period_text) = self.optional_text(record, cols.period, row) else {
            return;
        };
        let Some(value_text) = self.text(record, cols.value, row) else {
            return;
        };
        let Some(unit_text) = self.optional_text(record, cols.unit, row) else {
            return;
        };
        let Some(entity) = self.optional_text(record, cols.entity, row) else {
            return;
        };
        let Some(source) = self.optional_text(record, cols.source, row) else {
            return;
        };
        for i in cols.unread(record.len()) {
            if self.text(record, i, row).is_none() {
                return;
            }
        }
        let keep = |state: &mut Self,
                    value: &str,
                    unit: &str,
                    entity: &str,
                    bucket: Bucket,
                    key: Option<GroupKey>| {
            if !state.options.keep_rows.keeps(indicator) {
                return;
            }
            if state.kept.len() >= MAX_KEPT_ROWS {
                state.rows_not_kept += 1;
                return;
            }
            let file = state
                .files
                .get(row.file as usize)
                .cloned()
                .unwrap_or_default();
            state.kept.push((
                LedgerRow {
                    file,
                    line: row.line,
                    indicator: indicator.to_string(),
                    period: period_text.to_string(),
                    entity: entity.to_string(),
                    value: value.to_string(),
                    unit: unit.to_string(),
                    bucket,
                },
                key,
            ));
        };
        let field = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .unwrap_or_default()
        };
        let Some(target_index) = self.campaign.indicator_index(indicator) else {
            keep(
                self,
                &field(Some(cols.value)),
                &field(cols.unit),
                &field(cols.entity),
                Bucket::Skipped(Skip::UnknownIndicator),
                None,
            );
            let location = self.location(row, cols.indicator as u64 + 1);
            self.ledger.skip(SkippedRow {
                location,
                reason: Skip::UnknownIndicator,
                indicator: indicator.to_string(),
                period: period_text.to_string(),
                more: 0,
            });
            return;
        };
        if value_text.is_empty() {
            keep(
                self,
                "",
                &field(cols.unit),
                &field(cols.entity),
                Bucket::Skipped(Skip::EmptyValue),
                None,
            );
            let location = self.location(row, cols.value as u64 + 1);
            self.ledger.skip(SkippedRow {
                location,
                reason: Skip::EmptyValue,
                indicator: indicator.to_string(),
                period: period_text.to_string(),
                more: 0,
            });
            return;
        }
        let target = &self.campaign.indicators[target_index];

        // Parse everything before deciding anything, so that a malformed
        // value is reported even in a row that would be skipped.
        let percent_ok = target.unit.is_percent();
        let value = number::parse(value_text, self.options.locale, percent_ok);
        let span = if period_text.is_empty() {
            Ok(self.campaign.span)
        } else {
            Span::parse(period_text)
        };
        let factor = self.factor(target_index, unit_text);
        let value = self.reported(
            value.map_err(|e| e.to_string()),
            row,
            Some(cols.value),
            "bad_number",
        );
        let span = self.reported(
            span.map_err(|e| e.to_string()),
            row,
            cols.period,
            "bad_period",
        );
        let factor = self.reported(factor, row, cols.unit, "bad_unit");
        let (Some(value), Some(span), Some(factor)) = (value, span, factor) else {
            return;
        };

        // A row of the year before the campaign may be the comparison
        // figure of SPEC §8 ("so với cùng kỳ"); which ones are is known only
        // at the end, so they are kept aside.
        let in_campaign = self.campaign.span.contains(&span);
        let in_prior_year = !in_campaign && self.prior_window.contains(&span);
        let skip = if !in_campaign && !in_prior_year {
            Some(Skip::OutsideCampaign)
        } else if in_campaign && self.options.as_of.is_some_and(|as_of| span.end > as_of) {
            Some(Skip::AfterAsOf)
        } else {
            None
        };
        if let Some(reason) = skip {
            keep(
                self,
                value_text,
                &field(cols.unit),
                &field(cols.entity),
                Bucket::Skipped(reason),
                None,
            );
            let location = self.location(row, column(cols.period));
            self.ledger.skip(SkippedRow {
                location,
                reason,
                indicator: indicator.to_string(),
                period: period_text.to_string(),
                more: 0,
            });
            return;
        }
        // A factor of one leaves the value as written (`0.0` stays `0.0`;
        // a product with zero would be `0`), as on the fast path.
        let product = if factor == Decimal::ONE {
            Some(value)
        } else {
            value.checked_mul(factor)
        };
        let Some(value) = product else {
            let loc = self.location(row, cols.value as u64 + 1);
            self.error(
                loc,
                "overflow",
                format!(
                    "'{}' is too large to convert to the target's unit",
                    clip(value_text)
                ),
            );
            return;
        };
        let entity = crate::text::nfc(entity);
        let entity = entity.as_ref();
        let source = crate::text::nfc(source);
        let source = source.as_ref();

        keep(
            self,
            value_text,
            &field(cols.unit),
            entity,
            Bucket::Used,
            Some((target_index, entity.to_string(), span, in_prior_year)),
        );
        let (entity, source) = (self.names.id(entity), self.names.id(source));
        if in_prior_year {
            self.prior[target_index].add(entity, span, value, row, self.seq, source);
            return;
        }
        self.latest_end = Some(self.latest_end.map_or(span.end, |e| e.max(span.end)));
        self.targets[target_index].add(entity, span, value, row, self.seq, source);
    }

    /// The factor from a row's unit to the target's, cached per unit text.
    fn factor(&mut self, target_index: usize, unit_text: &str) -> Result<Decimal, String> {
        if unit_text.is_empty() {
            return Ok(Decimal::ONE);
        }
        if let Some(f) = self.targets[target_index].factors.get(unit_text) {
            return Ok(*f);
        }
        let target = &self.campaign.indicators[target_index];
        let factor = Unit::parse(unit_text)
            .and_then(|u| u.factor_to(&target.unit))
            .map_err(|e| {
                format!(
                    "unit '{}' cannot be used for '{}' (its unit is '{}'): {e}",
                    clip(unit_text),
                    target.id,
                    target.unit_text
                )
            })?;
        self.targets[target_index]
            .factors
            .insert(unit_text.to_string(), factor);
        Ok(factor)
    }

    fn finish(mut self) -> Ingest {
        for (at, spanned) in std::mem::take(&mut self.multiline_at) {
            let d = &mut self.diagnostics[at];
            let line = d.location.as_ref().map_or(0, |l| l.line);
            d.message = multiline_message(line, spanned);
        }
        let as_of = match self.options.as_of {
            Some(d) => d,
            None => self.latest_end.unwrap_or(self.campaign.span.end),
        };
        let accs = std::mem::take(&mut self.targets);
        let priors = std::mem::take(&mut self.prior);
        self.name_rank = self.names.ranks();
        // Each target's groups by entity, the entities in input order: once,
        // for the figure, every trend step and the kept rows.
        let rank = &self.name_rank;
        let arrange = |mut acc: TargetAcc| {
            let mut by = acc.arrange_by_entity();
            by.order_by_name(rank);
            (acc, by)
        };
        let accs: Vec<(TargetAcc, ByEntity)> = accs.into_iter().map(arrange).collect();
        let priors: Vec<(TargetAcc, ByEntity)> = priors.into_iter().map(arrange).collect();
        // For the kept rows' buckets: the spans each indicator and entity
        // keeps, by the same rule the figures use.
        let spans = |accs: &[(TargetAcc, ByEntity)],
                     cutoff: Option<NaiveDate>|
         -> HashMap<(usize, String), Vec<Span>> {
            let mut out = HashMap::new();
            if !self.options.keep_rows.any() {
                return out;
            }
            for (i, (acc, by)) in accs.iter().enumerate() {
                let sums = self.campaign.indicators[i].aggregate == Some(Aggregate::Sum);
                for (entity, members) in by.iter() {
                    let all: Vec<Span> = members
                        .iter()
                        .map(|&m| acc.groups()[m as usize].span)
                        .filter(|s| cutoff.is_none_or(|c| s.end <= c))
                        .collect();
                    out.insert(
                        (i, self.names.get(entity).to_string()),
                        if sums { kept_spans(all) } else { all },
                    );
                }
            }
            out
        };
        let cutoff = Span {
            start: as_of,
            end: as_of,
        }
        .year_earlier()
        .end;
        let main_spans = spans(&accs, None);
        let prior_spans = spans(&priors, Some(cutoff));
        let steps = match self.options.trend {
            Some(grain) => crate::period::steps_until(&self.campaign.span, as_of, grain.months()),
            None => Vec::new(),
        };
        let indicator_figures: Vec<Figure> = accs
            .into_iter()
            .zip(priors)
            .enumerate()
            .map(|(i, ((acc, by), (prior, prior_by)))| {
                // A trend step is the figure of the rows up to its end: the
                // same groups, filtered, never copied.
                let trend: Vec<TrendPoint> = steps
                    .iter()
                    .map(|step| TrendPoint {
                        period: *step,
                        actual: self
                            .quietly(|s| s.figure(i, (&acc, &by), Some(step.end)))
                            .0
                            .actual,
                    })
                    .collect();
                let mut figure = self.figure(i, (&acc, &by), None);
                figure.previous = self.previous(i, (&prior, &prior_by), &figure, as_of);
                figure.trend = trend;
                figure
            })
            .collect();
        for (row, key) in &mut self.kept {
            let Some((indicator, entity, span, prior)) = key else {
                continue;
            };
            let key = (*indicator, std::mem::take(entity));
            let has_previous = indicator_figures
                .get(*indicator)
                .is_some_and(|f| f.previous.is_some());
            row.bucket = match (*prior, has_previous) {
                (false, _) if main_spans.get(&key).is_some_and(|k| k.contains(span)) => {
                    Bucket::Used
                }
                (false, _) => Bucket::Skipped(Skip::Overlap),
                (true, true) if prior_spans.get(&key).is_some_and(|k| k.contains(span)) => {
                    Bucket::Comparison
                }
                (true, true) if span.end <= cutoff => Bucket::Skipped(Skip::Overlap),
                (true, _) => Bucket::Skipped(Skip::OutsideCampaign),
            };
        }
        // Formula targets first, from the components' figures; then each
        // other target takes its own figure (moved, not copied: a figure
        // holds every entity).
        let mut indicator_figures = indicator_figures;
        let mut figures: Vec<Option<Figure>> = self
            .campaign
            .targets
            .iter()
            .map(|t| {
                t.formula
                    .as_ref()
                    .map(|formula| derived(formula, self.campaign, &indicator_figures))
            })
            .collect();
        for (figure, t) in figures.iter_mut().zip(&self.campaign.targets) {
            if figure.is_none() {
                *figure = Some(
                    self.campaign
                        .indicator_index(&t.id)
                        .and_then(|i| indicator_figures.get_mut(i).map(std::mem::take))
                        .unwrap_or_default(),
                );
            }
        }
        let figures = figures.into_iter().map(Option::unwrap_or_default).collect();
        Ingest {
            figures,
            ledger: self.ledger,
            as_of,
            as_of_from_rows: self.options.as_of.is_none() && self.latest_end.is_some(),
            diagnostics: self.diagnostics,
            ignored_columns: self.ignored_columns,
            trend: self.options.trend,
            rows: self.kept.into_iter().map(|(row, _)| row).collect(),
            rows_not_kept: self.rows_not_kept,
        }
    }

    /// The id of the lowercase form of name `id`, for the entity-case
    /// warning: computed once per name, whatever the targets.
    fn folded(&mut self, id: u32) -> u32 {
        let i = id as usize;
        if self.folded.len() <= i {
            self.folded.resize(i + 1, u32::MAX);
        }
        if self.folded[i] == u32::MAX {
            // A name that is its own lowercase (most are) is this id: no
            // lookup, no string.
            let text = self.names.get(id);
            self.folded[i] = if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_uppercase()) {
                id
            } else {
                match text.to_lowercase() {
                    lower if lower == text => id,
                    lower => self.names.id(&lower),
                }
            };
        }
        self.folded[i]
    }

    /// Run `f` on its own ledger and without its diagnostics: for figures
    /// that are computed to compare or to chart, whose rows and warnings
    /// belong to the main figure. Returns what `f` gave and its ledger.
    fn quietly<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> (T, Ledger) {
        let saved_ledger = std::mem::take(&mut self.ledger);
        let saved_diagnostics = std::mem::take(&mut self.diagnostics);
        let was_quiet = std::mem::replace(&mut self.quiet, true);
        let out = f(self);
        self.quiet = was_quiet;
        let ledger = std::mem::replace(&mut self.ledger, saved_ledger);
        self.diagnostics = saved_diagnostics;
        (out, ledger)
    }

    /// SPEC §5.2–5.3: one value per entity, then one across entities.
    /// Only the rows of spans ending by `until`, when given.
    fn figure(
        &mut self,
        index: usize,
        acc: (&TargetAcc, &ByEntity),
        until: Option<NaiveDate>,
    ) -> Figure {
        let target = &self.campaign.indicators[index];
        let within = |g: &&Group| until.is_none_or(|end| g.span.end <= end);
        let in_window: u64 = acc.0.groups().iter().filter(within).map(|g| g.rows()).sum();
        if in_window == 0 {
            return Figure::default();
        }
        let Some(aggregate) = target.aggregate else {
            if in_window > 1 {
                let rows: Vec<RowRef> = acc
                    .0
                    .groups()
                    .iter()
                    .filter(within)
                    .flat_map(|g| {
                        let last = acc.0.extra(g).map_or(g.first_row(), |x| x.last_row);
                        [g.first_row(), last]
                    })
                    .collect();
                let first = rows.iter().min_by_key(|r| (r.file, r.line)).copied();
                let second = rows
                    .iter()
                    .filter(|r| Some(**r) != first)
                    .min_by_key(|r| (r.file, r.line))
                    .copied();
                let at = first
                    .map(|r| self.location(r, 0).to_string())
                    .unwrap_or_default();
                let message = format!(
                    "target '{}' has {in_window} rows in the window (the first at {at}) but no aggregate; set aggregate = \"sum\" for a flow such as revenue or turnover, or aggregate = \"last\" for a level or rate",
                    target.id
                );
                let loc = second
                    .map(|r| self.location(r, 0))
                    .unwrap_or_else(|| target.location.clone());
                self.diagnostics
                    .push(Diagnostic::error(Some(loc), "missing_aggregate", message));
                return Figure::default();
            }
            // Exactly one row: its value, whatever the aggregate would be.
            return self.combine(index, acc, until, Aggregate::Last);
        };
        self.combine(index, acc, until, aggregate)
    }

    fn combine(
        &mut self,
        index: usize,
        (acc, by): (&TargetAcc, &ByEntity),
        until: Option<NaiveDate>,
        aggregate: Aggregate,
    ) -> Figure {
        let mut entities = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let mut seen_sources: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        let mut coverages: Vec<(bool, Span)> = Vec::new();
        let mut latest_end: Option<NaiveDate> = None;
        let mut ids: Vec<u32> = Vec::new();
        // Per position in `by`, where its figure is in `entities`.
        let mut figure_at: Vec<u32> = vec![u32::MAX; by.by_name().len()];
        let mut groups: Vec<&Group> = Vec::new();
        for (position, (entity, members)) in by.iter().enumerate() {
            groups.clear();
            groups.extend(
                members
                    .iter()
                    .map(|&m| &acc.groups()[m as usize])
                    .filter(|g| until.is_none_or(|end| g.span.end <= end)),
            );
            if let Some(end) = groups.iter().map(|g| g.span.end).max() {
                latest_end = latest_end.max(Some(end));
            }
            let Some(v) = self.entity_value(index, acc, entity, &mut groups, aggregate) else {
                continue;
            };
            figure_at[position] = ids.len() as u32;
            ids.push(entity);
            for s in v.sources {
                if seen_sources.insert(s.clone()) {
                    sources.push(s);
                }
            }
            coverages.push((entity == 0, v.coverage));
            entities.push(EntityFigure {
                // A trend step's figure is read for its actual alone: its
                // entities need no names (`ids` tells the whole campaign).
                entity: match self.quiet {
                    true => String::new(),
                    false => self.names.get(entity).to_string(),
                },
                actual: v.value,
                rows_used: v.rows,
            });
        }
        // "Từ Sơn" and "từ sơn" are kept apart (nothing is guessed), but a
        // clerk should hear about it: the overlap rule works per entity.
        // One lowercase form per entity, looked up in a map: linear in the
        // entities (a pairwise comparison took minutes at 100,000).
        // A trend step (quiet) drops its warnings: it checks no entity.
        let mut first_by_case: FxHashMap<u32, usize> = FxHashMap::default();
        let checked = if self.quiet { &[][..] } else { &ids[..] };
        for (i, &id) in checked.iter().enumerate() {
            let a = &entities[i];
            let folded = self.folded(id);
            let earlier = match first_by_case.entry(folded) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                    None
                }
            };
            if let Some(b) = earlier.map(|j| &entities[j]) {
                let message = format!(
                    "'{}' has entities '{}' and '{}' that differ only in case; they are counted as two entities — write them the same way if they are one",
                    self.campaign.indicators[index].id,
                    clip(&b.entity),
                    clip(&a.entity)
                );
                self.diagnostics.push(Diagnostic::warning(
                    Some(self.campaign.indicators[index].location.clone()),
                    "entity_case",
                    message,
                ));
            }
        }
        // Whole-campaign figure first (the empty name sorts first), then
        // entities by name: in the order noted once per target. (A trend
        // step lists none, but combines them in this order too: a mean of
        // inexact means is exact only to its last digit, in one order.)
        let order: Vec<usize> = by
            .by_name()
            .iter()
            .filter(|&&p| figure_at[p as usize] != u32::MAX)
            .map(|&p| figure_at[p as usize] as usize)
            .collect();
        let target = &self.campaign.indicators[index];
        let whole = order.iter().find(|&&i| ids[i] == 0).map(|&i| &entities[i]);
        let whole_present = whole.is_some();
        let named: Vec<&EntityFigure> = order
            .iter()
            .filter(|&&i| ids[i] != 0)
            .map(|&i| &entities[i])
            .collect();
        let rows_used: u64 = entities.iter().map(|e| e.rows_used).sum();
        let actual = match (whole, named.is_empty()) {
            (Some(w), true) => Some(w.actual),
            (Some(w), false) => {
                let message = format!(
                    "target '{}' has a whole-campaign figure and rows for {} entities; the whole-campaign figure is used and the entity rows are a breakdown (see --by entity)",
                    target.id,
                    named.len()
                );
                self.diagnostics.push(Diagnostic::warning(
                    Some(target.location.clone()),
                    "total_and_entities",
                    message,
                ));
                Some(w.actual)
            }
            (None, _) => {
                let across = match (target.across, aggregate) {
                    (Some(a), _) => Some(a),
                    (None, Aggregate::Sum | Aggregate::Min | Aggregate::Max) => Some(aggregate),
                    (None, Aggregate::Last | Aggregate::Mean) => None,
                };
                match across {
                    Some(across) => {
                        let values: Vec<Decimal> = named.iter().map(|e| e.actual).collect();
                        let combined = fold(across, &values);
                        // No values at all (an entity's own sum overflowed,
                        // and said so at its row) is not an overflow here.
                        if combined.is_none() && !values.is_empty() {
                            let message = format!(
                                "the values of '{}' across entities are too large to combine exactly",
                                target.id
                            );
                            self.diagnostics.push(Diagnostic::error(
                                Some(target.location.clone()),
                                "overflow",
                                message,
                            ));
                        }
                        combined
                    }
                    None => {
                        let names: Vec<&str> =
                            named.iter().take(3).map(|e| e.entity.as_str()).collect();
                        let message = format!(
                            "target '{}' has rows per entity ({}{}) but no whole-campaign row, and aggregate = \"{}\" does not say how to combine entities; set across = \"sum\" (counts, amounts) or across = \"mean\" (rates), or add a row with an empty entity",
                            target.id,
                            names.join(", "),
                            if named.len() > 3 { ", …" } else { "" },
                            aggregate.name()
                        );
                        self.diagnostics.push(Diagnostic::error(
                            Some(target.location.clone()),
                            "missing_across",
                            message,
                        ));
                        None
                    }
                }
            }
        };
        self.ledger.used += rows_used;
        // The whole-campaign figure covers its own span; a combination of
        // entities covers the union of theirs.
        let coverage = match whole_present {
            true => coverages.iter().find(|(whole, _)| *whole).map(|(_, c)| *c),
            false => cover(coverages.iter().map(|(_, c)| c)),
        };
        let entities: Vec<EntityFigure> = match self.quiet {
            true => Vec::new(),
            false => {
                let mut slots: Vec<Option<EntityFigure>> = entities.into_iter().map(Some).collect();
                order.iter().filter_map(|&i| slots[i].take()).collect()
            }
        };
        Figure {
            actual,
            rows_used,
            sources,
            entities,
            latest_end,
            coverage,
            previous: None,
            trend: Vec::new(),
            reason: None,
        }
    }

    /// One entity's value by `aggregate`, the rows it used and their sources.
    /// Rows of spans dropped by the overlap rule go to the ledger.
    fn entity_value(
        &mut self,
        index: usize,
        acc: &TargetAcc,
        entity: u32,
        groups: &mut [&Group],
        aggregate: Aggregate,
    ) -> Option<EntityValue> {
        if groups.is_empty() {
            return None;
        }
        // Borrowed, not copied: this runs for every entity at every trend
        // step.
        let campaign = self.campaign;
        let target_id = &campaign.indicators[index].id;
        let extra = |g: &Group| acc.extra(g);
        // The earliest row that overflowed, whatever order the map keeps.
        if let Some(row) = groups
            .iter()
            .filter_map(|g| extra(g)?.overflow)
            .min_by_key(|row| line_order(*row))
        {
            self.overflow(row, target_id);
            return None;
        }
        // Latest end first, then longest first (SPEC §5.2). Spans are
        // distinct within an entity, so the order is total.
        groups.sort_by(|a, b| {
            b.span
                .end
                .cmp(&a.span.end)
                .then(a.span.start.cmp(&b.span.start))
        });
        let names = &self.names;
        let mut sources = Vec::new();
        let mut seen_sources: rustc_hash::FxHashSet<u32> = rustc_hash::FxHashSet::default();
        let mut add_sources = |g: &Group| {
            for (s, _) in extra(g).map_or(&[][..], |x| &x.sources) {
                if seen_sources.insert(*s) {
                    sources.push(names.get(*s).to_string());
                }
            }
        };
        let mut coverage = None;
        let value = match aggregate {
            Aggregate::Sum => {
                // The rule of [`kept_spans`] on groups already in its order.
                let mut earliest: Option<NaiveDate> = None;
                let mut kept: Option<Span> = None;
                let mut total = Decimal::ZERO;
                let mut rows = 0;
                for g in groups.iter() {
                    let keep = earliest.is_none_or(|start| start > g.span.end);
                    if keep {
                        earliest = Some(earliest.map_or(g.span.start, |e| e.min(g.span.start)));
                        kept = cover([kept, Some(g.span)].iter().flatten());
                    }
                    if !keep {
                        let location = self.location(g.first_row(), 0);
                        self.ledger.skip(SkippedRow {
                            location,
                            reason: Skip::Overlap,
                            indicator: target_id.clone(),
                            period: g.span.to_string(),
                            more: g.rows() - 1,
                        });
                        continue;
                    }
                    let group_sources = extra(g).map_or(&[][..], |x| &x.sources);
                    if group_sources.len() > 1 {
                        let loc = self.location(g.first_row(), 0);
                        let message = format!(
                            "rows of '{target_id}' for {}{} with different sources ({}) are summed; if they are alternative estimates of one figure, keep only one",
                            g.span,
                            entity_suffix(self.names.get(entity)),
                            group_sources
                                .iter()
                                .map(|(s, _)| clip(self.names.get(*s)))
                                .collect::<Vec<_>>()
                                .join("; ")
                        );
                        self.diagnostics.push(Diagnostic::warning(
                            Some(loc),
                            "sources_summed",
                            message,
                        ));
                    }
                    let Some(sum) = acc.total(g).decimal().and_then(|s| total.checked_add(s))
                    else {
                        self.overflow(g.first_row(), target_id);
                        return None;
                    };
                    total = sum;
                    rows += g.rows();
                    add_sources(g);
                }
                return Some(EntityValue {
                    value: total,
                    rows,
                    sources,
                    coverage: kept?,
                });
            }
            Aggregate::Last => {
                // What `last` needs of a group: its last value, the input
                // order and row of it (a group always has them for `last`;
                // its total stands in otherwise).
                let last = |g: &Group| match extra(g) {
                    Some(x) => (x.last, x.last_seq, x.last_row),
                    None => (acc.total(g).decimal().unwrap_or_default(), 0, g.first_row()),
                };
                let end = groups.first()?.span.end;
                // The latest end may be shared by several spans: the one
                // whose last row came latest in the input wins.
                let best = *groups
                    .iter()
                    .filter(|g| g.span.end == end)
                    .max_by_key(|g| last(g).1)?;
                let (best_last, _, best_row) = last(best);
                let rival = groups
                    .iter()
                    .filter(|g| g.span.end == end && g.span != best.span && last(g).0 != best_last)
                    .map(|g| (last(g).2, last(g).0))
                    .next();
                let tie = extra(best)
                    .and_then(|x| x.tie.as_deref().copied())
                    .or(rival.map(|(r, v)| (r, v, best_row, best_last)));
                coverage = Some(best.span);
                if let Some((a, av, b, bv)) = tie {
                    let loc = self.location(b, 0);
                    let message = format!(
                        "'{target_id}'{} has two different values ending on {}: {av} at {} and {bv} at {}; the later row ({bv}) is used",
                        entity_suffix(self.names.get(entity)),
                        best.span.end,
                        self.location(a, 0),
                        self.location(b, 0),
                    );
                    self.diagnostics
                        .push(Diagnostic::warning(Some(loc), "last_tie", message));
                }
                best_last
            }
            Aggregate::Mean => {
                let mut sum = Decimal::ZERO;
                let mut n = 0u64;
                for g in groups.iter() {
                    let Some(next) = acc.total(g).decimal().and_then(|s| sum.checked_add(s)) else {
                        self.overflow(g.first_row(), target_id);
                        return None;
                    };
                    sum = next;
                    n += g.rows();
                }
                sum.checked_div(Decimal::from(n))?
            }
            Aggregate::Min => groups.iter().filter_map(|g| Some(extra(g)?.min)).min()?,
            Aggregate::Max => groups.iter().filter_map(|g| Some(extra(g)?.max)).max()?,
        };
        let rows = groups.iter().map(|g| g.rows()).sum();
        for g in groups.iter() {
            add_sources(g);
        }
        let coverage = coverage.or_else(|| cover(groups.iter().map(|g| &g.span)))?;
        Some(EntityValue {
            value,
            rows,
            sources,
            coverage,
        })
    }

    /// The same figure one year earlier (SPEC §8 `previous`): the rows of the
    /// year before, up to the as-of date a year earlier, combined the same
    /// way, and used only when they cover the same span one year back — a
    /// January–November total is compared with January–November, never with
    /// a whole year. Rows so used count as `comparison`; the others of that
    /// year are `outside_campaign`.
    fn previous(
        &mut self,
        index: usize,
        prior: (&TargetAcc, &ByEntity),
        current: &Figure,
        as_of: NaiveDate,
    ) -> Option<Decimal> {
        if prior.0.is_empty() {
            return None;
        }
        let cutoff = Span {
            start: as_of,
            end: as_of,
        }
        .year_earlier()
        .end;
        let inside_rows: u64 = prior
            .0
            .groups()
            .iter()
            .filter(|g| g.span.end <= cutoff)
            .map(|g| g.rows())
            .sum();
        let aggregate = match self.campaign.indicators[index].aggregate {
            Some(a) => Some(a),
            None if inside_rows == 1 => Some(Aggregate::Last),
            None => None,
        };
        let wanted = current.coverage.map(|c| c.year_earlier());
        // Combine the earlier year on its own ledger and without its
        // warnings: they are about a figure that may not be used.
        let mut found = None;
        if let (Some(aggregate), Some(wanted)) = (aggregate, wanted) {
            let (figure, earlier) =
                self.quietly(|s| s.combine(index, prior, Some(cutoff), aggregate));
            if figure.coverage == Some(wanted) && figure.actual.is_some() {
                self.ledger.comparison += earlier.used;
                for row in earlier.listed {
                    self.ledger.skip(row);
                }
                found = figure.actual;
            }
        }
        // The rows not used to compare: after the cutoff, and all of them
        // when the earlier figure was not used.
        let mut outside: Vec<&Group> = prior
            .0
            .groups()
            .iter()
            .filter(|g| found.is_none() || g.span.end > cutoff)
            .collect();
        let target_id = self.campaign.indicators[index].id.clone();
        outside.sort_by_key(|g| line_order(g.first_row()));
        for group in outside {
            let location = self.location(group.first_row(), 0);
            self.ledger.skip(SkippedRow {
                location,
                reason: Skip::OutsideCampaign,
                indicator: target_id.clone(),
                period: group.span.to_string(),
                more: group.rows() - 1,
            });
        }
        found
    }
}

/// A derived indicator's figure (SPEC issue 5): every component is first
/// combined by its own rules — per entity, over the window, across entities
/// — and the formula is applied to those aggregates: a ratio of sums, never
/// a mean of ratios. Per entity, the formula is applied to that entity's
/// components.
fn derived(formula: &crate::formula::Formula, campaign: &Campaign, figures: &[Figure]) -> Figure {
    let components: Vec<(&str, Option<&Figure>)> = formula
        .references()
        .into_iter()
        .map(|id| {
            (
                id,
                campaign.indicator_index(id).and_then(|i| figures.get(i)),
            )
        })
        .collect();
    let figure_of = |id: &str| {
        components
            .iter()
            .find(|(c, _)| *c == id)
            .and_then(|(_, f)| *f)
    };
    let total = formula.eval(&|id| figure_of(id).and_then(|f| f.actual));

    // Each component's entities by name, and every name with the rows
    // behind it: maps, so that the cost is linear in the entities.
    let by_name: Vec<(&str, FxHashMap<&str, Decimal>)> = components
        .iter()
        .map(|(id, f)| {
            let map = f
                .iter()
                .flat_map(|f| &f.entities)
                .map(|e| (e.entity.as_str(), e.actual))
                .collect();
            (*id, map)
        })
        .collect();
    let mut rows_of: FxHashMap<&str, u64> = FxHashMap::default();
    for e in components
        .iter()
        .flat_map(|(_, f)| f.iter().flat_map(|f| &f.entities))
    {
        *rows_of.entry(e.entity.as_str()).or_default() += e.rows_used;
    }
    let mut names: Vec<&str> = rows_of.keys().copied().collect();
    names.sort_by_key(|n| (!n.is_empty(), *n));
    let entities = names
        .into_iter()
        .filter_map(|name| {
            let value = formula.eval(&|id| {
                by_name
                    .iter()
                    .find(|(c, _)| *c == id)
                    .and_then(|(_, m)| m.get(name).copied())
            });
            let rows = rows_of.get(name).copied().unwrap_or(0);
            value.ok().map(|actual| EntityFigure {
                entity: name.to_string(),
                actual,
                rows_used: rows,
            })
        })
        .collect();
    let present: Vec<&Figure> = components.iter().filter_map(|(_, f)| *f).collect();
    let mut sources: Vec<String> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for s in present.iter().flat_map(|f| &f.sources) {
        if seen.insert(s.as_str()) {
            sources.push(s.clone());
        }
    }
    let steps = present.first().map_or(0, |f| f.trend.len());
    let trend = (0..steps)
        .map(|i| TrendPoint {
            period: present[0].trend[i].period,
            actual: formula.eval(&|id| figure_of(id)?.trend.get(i)?.actual).ok(),
        })
        .collect();
    Figure {
        actual: total.as_ref().ok().copied(),
        rows_used: present.iter().map(|f| f.rows_used).sum(),
        sources,
        entities,
        latest_end: present.iter().filter_map(|f| f.latest_end).max(),
        coverage: cover(present.iter().filter_map(|f| f.coverage.as_ref())),
        previous: formula.eval(&|id| figure_of(id)?.previous).ok(),
        trend,
        reason: total
            .err()
            .map(|e| format!("formula \"{}\" has no value: {e}", formula.text)),
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

/// One entity's combined value, the rows it used, their sources and the
/// span they cover.
struct EntityValue {
    value: Decimal,
    rows: u64,
    sources: Vec<String>,
    coverage: Span,
}

/// SPEC §5.2, the spans a sum keeps: latest end first, then longest first,
/// each kept only if it overlaps none already kept. A monthly series keeps
/// every month; a series of year-to-date figures keeps the latest.
fn kept_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| b.end.cmp(&a.end).then(a.start.cmp(&b.start)));
    spans.dedup();
    // Every kept span ends at or after this one (they come latest end
    // first), so it overlaps one of them exactly when the earliest start
    // kept is not after its end: one comparison, not a scan of those kept.
    let mut kept: Vec<Span> = Vec::new();
    let mut earliest: Option<NaiveDate> = None;
    for span in spans {
        if earliest.is_none_or(|start| start > span.end) {
            earliest = Some(earliest.map_or(span.start, |e| e.min(span.start)));
            kept.push(span);
        }
    }
    kept
}

/// The smallest span covering all of `spans`.
fn cover<'a>(spans: impl Iterator<Item = &'a Span>) -> Option<Span> {
    spans.fold(None, |acc: Option<Span>, s| {
        Some(match acc {
            None => *s,
            Some(a) => Span {
                start: a.start.min(s.start),
                end: a.end.max(s.end),
            },
        })
    })
}

/// A 0-based field index as a 1-based column; 0 (the whole row) when absent.
fn column(index: Option<usize>) -> u64 {
    index.map_or(0, |c| c as u64 + 1)
}

fn entity_suffix(entity: &str) -> String {
    if entity.is_empty() {
        String::new()
    } else {
        format!(" (entity {})", clip(entity))
    }
}

/// Combine entity values across entities.
fn fold(aggregate: Aggregate, values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    match aggregate {
        Aggregate::Sum => values
            .iter()
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v)),
        Aggregate::Mean => values
            .iter()
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))?
            .checked_div(Decimal::from(values.len() as u64)),
        Aggregate::Min => values.iter().min().copied(),
        Aggregate::Max => values.iter().max().copied(),
        // Entities have no order to take a "last" by; the campaign loader
        // refuses across = "last", so this is reached only by a bug.
        Aggregate::Last => None,
    }
}

/// Physical line numbers for the csv reader's records, from the newlines
/// that pass through it. Only the newlines the reader has read ahead of the
/// current record are kept, so memory stays flat.
#[derive(Debug, Default)]
struct LineIndex {
    /// Newlines before the current record.
    passed: u64,
    /// Newlines read but not yet passed: their offset, and whether the line
    /// they end was blank (nothing but `\r`).
    pending: VecDeque<(u64, bool)>,
    /// Bytes read so far.
    offset: u64,
    /// Whether the line being read has had anything but line-end bytes.
    started: bool,
    /// A `\r` ended the last chunk: a line end unless a `\n` follows.
    cr_pending: bool,
    cr_offset: u64,
    /// Where the csv reader's last record ended: reading more than
    /// [`MAX_LINE`] past it (and the reader's buffer) is refused.
    record_end: u64,
    /// Whether a lone `\r` has been seen (a line end the csv reader's own
    /// line count does not see).
    lone_cr: bool,
}

/// The error [`Counted`] returns for a record longer than [`MAX_LINE`].
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line longer than {} bytes", MAX_LINE)
    }
}

impl std::error::Error for TooLong {}

impl LineIndex {
    /// Note the line ends in `bytes`: `\n`, `\r\n` (ending at its `\n`),
    /// and a lone `\r`, which the csv reader also takes for a line end (old
    /// Mac files). A `\r` last in a chunk is decided by the next chunk.
    fn scan(&mut self, bytes: &[u8]) {
        if std::mem::take(&mut self.cr_pending) && bytes.first() != Some(&b'\n') {
            self.lone_cr = true;
            self.pending.push_back((self.cr_offset, !self.started));
            self.started = false;
        }
        let mut from = 0;
        for p in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            self.started |= p > from;
            let end = match bytes[p] {
                b'\n' => true,
                _ => match bytes.get(p + 1) {
                    Some(b'\n') => false, // the \n ends this line
                    Some(_) => true,
                    None => {
                        self.cr_pending = true;
                        self.cr_offset = self.offset + p as u64;
                        false
                    }
                },
            };
            if end {
                self.lone_cr |= bytes[p] == b'\r';
                self.pending
                    .push_back((self.offset + p as u64, !self.started));
                self.started = false;
            }
            from = p + 1;
        }
        self.started |= bytes.len() > from;
        self.offset += bytes.len() as u64;
    }

    /// The 1-based line of the record whose bytes start at `start`: its
    /// content begins after any rest of the previous line ending and any
    /// blank lines.
    fn line_at(&mut self, start: u64) -> u64 {
        while let Some(&(offset, _)) = self.pending.front() {
            if offset >= start {
                break;
            }
            self.passed += 1;
            self.pending.pop_front();
        }
        let mut line = self.passed + 1;
        for (i, &(offset, blank)) in self.pending.iter().enumerate() {
            if (i == 0 && offset == start) || blank {
                line += 1;
            } else {
                break;
            }
        }
        line
    }
}

/// A reader that tells a [`LineIndex`] about every byte it passes on.
struct Counted<R> {
    inner: R,
    lines: Rc<RefCell<LineIndex>>,
    bar: Option<ProgressBar>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        {
            let lines = self.lines.borrow();
            if lines.offset - lines.record_end > (MAX_LINE + CSV_BUFFER) as u64 {
                return Err(io::Error::other(TooLong));
            }
        }
        let n = self.inner.read(buf)?;
        self.lines.borrow_mut().scan(&buf[..n]);
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

/// What [`EncodingCheck`] found against `--encoding`, at a line.
#[derive(Debug)]
struct Refused {
    line: u64,
    code: &'static str,
    message: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refused {}

/// The raw bytes of a file read with `--encoding`, checked on their way to
/// the decoder, which would otherwise turn any bytes into some text:
/// a UTF-8 file named Windows-1258 into mojibake (`Hà Nội` → `HĂ  Ná»™i`),
/// a UTF-16 surrogate without its other half into U+FFFD.
struct EncodingCheck<R> {
    inner: R,
    encoding: &'static encoding_rs::Encoding,
    /// The line of the next byte.
    line: u64,
    /// Whether the first read (UTF-16) or the first text that is not ASCII
    /// (single-byte encodings) has been looked at.
    decided: bool,
    /// UTF-16: a byte of a code unit cut by a read, and a high surrogate
    /// waiting for its low half.
    odd: Option<u8>,
    high: Option<u16>,
}

impl<R: Read> EncodingCheck<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        EncodingCheck {
            inner,
            encoding,
            line: 1,
            decided: false,
            odd: None,
            high: None,
        }
    }

    fn refuse(&self, line: u64, code: &'static str, message: String) -> io::Error {
        io::Error::other(Refused {
            line,
            code,
            message,
        })
    }

    /// A single-byte encoding: the first bytes that are not ASCII must not
    /// read as UTF-8 (two or more bytes forming UTF-8 characters are what a
    /// UTF-8 file holds, and next to never what a Windows-125x file does).
    fn single_byte(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.decided {
            return Ok(());
        }
        let Some(at) = bytes.iter().position(|b| !b.is_ascii()) else {
            self.line += memchr::memchr_iter(b'\n', bytes).count() as u64;
            return Ok(());
        };
        self.decided = true;
        let line = self.line + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
        let utf8 = match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none() && e.valid_up_to() > 0,
        };
        if !utf8 {
            return Ok(());
        }
        let edge = |b: &u8| matches!(b, b',' | b';' | b'\t' | b'|' | b'"' | b'\n' | b'\r');
        let start = bytes[..at].iter().rposition(edge).map_or(0, |p| p + 1);
        let end = bytes[at..]
            .iter()
            .position(edge)
            .map_or(bytes.len(), |p| at + p);
        let word = String::from_utf8_lossy(&bytes[start..end]);
        Err(self.refuse(
            line,
            "wrong_encoding",
            format!(
                "the file is UTF-8 ('{}' is UTF-8 text), not {}: drop --encoding, since attain reads UTF-8 as it is",
                clip(word.trim()),
                self.encoding.name().to_lowercase()
            ),
        ))
    }

    /// UTF-16: not a UTF-8 file, and every surrogate paired.
    fn utf16(&mut self, bytes: &[u8]) -> io::Result<()> {
        if !self.decided && !bytes.is_empty() {
            self.decided = true;
            let bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let utf8 = match std::str::from_utf8(bytes) {
                Ok(_) => true,
                Err(e) => e.error_len().is_none(),
            };
            if !bom && !bytes.contains(&0) && utf8 {
                return Err(self.refuse(
                    1,
                    "wrong_encoding",
                    format!(
                        "the file is UTF-8 (no byte-order mark, no NUL bytes between its letters), not {}: drop --encoding, since attain reads UTF-8 as it is",
                        self.encoding.name().to_lowercase()
                    ),
                ));
            }
        }
        let big = self.encoding == encoding_rs::UTF_16BE;
        let mut units = bytes;
        // A code unit cut by the previous read, completed by this one.
        let first = match (self.odd.take(), units.split_first()) {
            (Some(b), Some((next, rest))) => {
                units = rest;
                Some([b, *next])
            }
            (odd, _) => {
                self.odd = odd;
                None
            }
        };
        let pairs = units.chunks_exact(2);
        if let [b] = pairs.remainder() {
            self.odd = Some(*b);
        }
        for pair in first.iter().map(|p| &p[..]).chain(pairs) {
            let unit = if big {
                u16::from_be_bytes([pair[0], pair[1]])
            } else {
                u16::from_le_bytes([pair[0], pair[1]])
            };
            let low = (0xDC00..=0xDFFF).contains(&unit);
            match self.high.take() {
                Some(_) if low => continue,
                Some(high) => return Err(self.unpaired(high)),
                None if low => return Err(self.unpaired(unit)),
                None => {}
            }
            if (0xD800..=0xDBFF).contains(&unit) {
                self.high = Some(unit);
            } else if unit == 0x000A {
                self.line += 1;
            }
        }
        Ok(())
    }

    fn unpaired(&self, unit: u16) -> io::Error {
        self.refuse(
            self.line,
            "bad_utf16",
            format!(
                "a UTF-16 surrogate (0x{unit:04X}) without its other half is on this line: the file is damaged or not {}; attain does not turn it into U+FFFD silently",
                self.encoding.name().to_lowercase()
            ),
        )
    }
}

impl<R: Read> Read for EncodingCheck<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let utf16 =
            self.encoding == encoding_rs::UTF_16LE || self.encoding == encoding_rs::UTF_16BE;
        if n == 0 {
            if let (true, Some(high)) = (utf16, self.high) {
                return Err(self.unpaired(high));
            }
        } else if utf16 {
            self.utf16(&buf[..n])?;
        } else {
            self.single_byte(&buf[..n])?;
        }
        Ok(n)
    }
}

/// A header name that means a required column in other words.
fn synonym(name: &str) -> Option<&'static str> {
    match name {
        "amount" | "actual" | "số liệu" | "giá trị" | "gia tri" | "val" => Some("value"),
        "indicator_id" | "target" | "chỉ tiêu" | "chi tieu" | "kpi" | "metric" => {
            Some("indicator")
        }
        _ => None,
    }
}

/// The error for a field that is not UTF-8: the text as the likely
/// encoding would read it, that encoding, and the `--encoding` that reads it.
fn not_utf8_message(field: &[u8]) -> String {
    let (description, label) = legacy_encoding_name(field);
    let shown = match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(encoding) => encoding.decode(field).0.into_owned(),
        None => String::from_utf8_lossy(field).into_owned(),
    };
    let shown: String = crate::text::nfc(&shown)
        .chars()
        .filter(|c| *c != '\0')
        .take(40)
        .collect();
    format!(
        "'{shown}' (as {label} would read it) is not UTF-8 text: the file looks like {description}; pass --encoding {label}, or save the file as UTF-8 (in Excel: CSV UTF-8)"
    )
}

/// A guess at a non-UTF-8 file's encoding, for the error message only —
/// attain never decodes by guess. NUL bytes mean UTF-16; Windows-1258 writes
/// Vietnamese tone marks as combining bytes right after a letter.
fn legacy_encoding_name(field: &[u8]) -> (&'static str, &'static str) {
    if field.contains(&0) {
        return ("UTF-16 (NUL bytes between the letters)", "utf-16le");
    }
    // Windows-1258: combining grave, hook, tilde, acute, dot below, and the
    // letters đ/Đ, ơ/Ơ, ư/Ư, ă/Ă.
    const TONE_MARKS: [u8; 5] = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2];
    const VI_LETTERS: [u8; 8] = [0xD0, 0xF0, 0xD5, 0xF5, 0xDD, 0xFD, 0xC3, 0xE3];
    let tone_after_letter = field
        .windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && TONE_MARKS.contains(&w[1]));
    if tone_after_letter || field.iter().any(|b| VI_LETTERS.contains(b)) {
        (
            "Windows-1258 (Vietnamese, from an old Excel or accounting program)",
            "windows-1258",
        )
    } else {
        (
            "Windows-1252 (Western European, from an old Excel)",
            "windows-1252",
        )
    }
}

/// The field of `record` where a value over lines opens (its index), and
/// how many lines the record's values span; None for a record on one line.
fn multiline_spanned(record: &csv::ByteRecord) -> Option<(usize, u64)> {
    let breaks = |f: &[u8]| {
        // \r\n, \n and a lone \r each end a line, as line numbers count.
        let lf = memchr::memchr_iter(b'\n', f).count();
        let cr = memchr::memchr_iter(b'\r', f)
            .filter(|&i| f.get(i + 1) != Some(&b'\n'))
            .count();
        lf + cr
    };
    memchr::memchr2(b'\n', b'\r', record.as_slice())?;
    let col = record.iter().position(|f| breaks(f) > 0)?;
    Some((col, record.iter().map(breaks).sum::<usize>() as u64))
}

/// The `multiline_value` warning of a quoted value that opens on `line` and
/// runs over the next `spanned` lines.
fn multiline_message(line: u64, spanned: u64) -> String {
    let lines = if spanned == 1 {
        "line is".to_string()
    } else {
        format!("{spanned} lines are")
    };
    format!(
        "a quoted value opens on this line and closes on line {}, so the next {lines} part of this row's value; if a stray quote (\") opened it, the rows on those lines were not read as rows",
        line + spanned
    )
}

fn csv_error_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => format!("could not read: {io}"),
        _ => format!("malformed CSV: {e}"),
    }
}

fn open_error_message(path: &Path, e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => format!(
            "actuals file '{}' not found; check the path (paths in the campaign file are relative to it)",
            path.display()
        ),
        _ => format!("could not open '{}': {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    const CAMPAIGN: &str = r#"
[campaign]
period = "2022"
[[target]]
id = "revenue"
unit = "billion VND"
at_least = 100
aggregate = "sum"
[[target]]
id = "rate"
unit = "%"
at_least = 50
aggregate = "last"
across = "mean"
[[target]]
id = "spend"
unit = "trillion VND"
at_least = 70
aggregate = "sum"
[[target]]
id = "score"
unit = "%"
at_least = 80
aggregate = "mean"
across = "mean"
[[target]]
id = "low"
unit = "%"
at_most = 2
aggregate = "min"
across = "max"
"#;

    fn campaign() -> Campaign {
        crate::campaign::parse("t.toml", CAMPAIGN, Path::new(".")).unwrap()
    }

    fn read(
        bytes: &[u8],
        locale: Locale,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> Ingest {
        let input = Input::Memory {
            name: "a.csv".into(),
            bytes: bytes.to_vec(),
        };
        let options = ReadOptions {
            locale,
            delimiter: None,
            as_of: None,
            encoding,
            trend: None,
            keep_rows: KeepRows::All,
            jobs: 1,
            fast_min_bytes: FAST_MIN_BYTES,
            progress: false,
        };
        super::read(&campaign(), &[input], &options)
    }

    fn errors(ingest: &Ingest) -> Vec<String> {
        ingest
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::error::Severity::Error)
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn an_entity_typed_decomposed_is_the_same_entity() {
        // "Từ Sơn" precomposed and as u + combining horn + grave / o + horn.
        let csv = "indicator,period,value,entity\nrate,2022-12,40,Từ Sơn\nrate,2022-12,40,Tu\u{31B}\u{300} So\u{31B}n\nrate,2022-12,60,Yên Phong\n";
        let ingest = read(csv.as_bytes(), Locale::En, None);
        assert!(errors(&ingest).is_empty(), "{:?}", errors(&ingest));
        let figure = &ingest.figures[1];
        assert_eq!(figure.entities.len(), 2, "{:?}", figure.entities);
        // mean across the two entities: (40 + 60) / 2
        assert_eq!(figure.actual, Some(Decimal::from(50)));
    }

    #[test]
    fn windows_1258_is_decoded_when_named_and_refused_otherwise() {
        // "Từ Sơn" in Windows-1258: ư = 0xFD, grave = 0xCC (combining), ơ = 0xF5.
        let bytes = b"indicator,period,value,entity\nrate,2022-12,40,T\xFD\xCC S\xF5n\nrate,2022-12,60,T\xFD\xCC S\xF5n\n";
        // Without --encoding: the first bad field stops the file with a hint
        // (one error, not one per row).
        let refused = read(bytes, Locale::En, None);
        let errs = errors(&refused);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with("a.csv:2:4: 'T"), "{errs:?}");
        assert!(errs[0].contains("--encoding windows-1258"), "{errs:?}");
        // With it, the name decodes (combining grave and all) to NFC.
        let decoded = read(bytes, Locale::En, Some(encoding_rs::WINDOWS_1258));
        assert!(errors(&decoded).is_empty(), "{:?}", errors(&decoded));
        assert_eq!(decoded.figures[1].entities[0].entity, "Từ Sơn");
    }

    #[test]
    fn utf16_is_named_by_its_byte_order_mark() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "indicator,value\nrate,5\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let errs = errors(&read(&bytes, Locale::En, None));
        assert!(errs[0].contains("--encoding utf-16le"), "{errs:?}");
        let decoded = read(&bytes, Locale::En, Some(encoding_rs::UTF_16LE));
        assert!(errors(&decoded).is_empty(), "{:?}", errors(&decoded));
        assert_eq!(decoded.figures[1].actual, Some(Decimal::from(5)));
    }

    #[test]
    fn an_unterminated_quote_is_named() {
        let csv = "indicator,period,value,source\nrevenue,2022-01,5,\"an open quote\nrevenue,2022-02,6,x\n";
        let errs = errors(&read(csv.as_bytes(), Locale::En, None));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("a.csv:2:4: a quote (\") opened in this field is never closed"),
            "{errs:?}"
        );
    }

    #[test]
    fn line_numbers_are_physical_lines_whatever_the_file_holds() {
        let cases: [(&str, &str); 5] = [
            (
                "indicator,period,value\n\n\n\nrevenue,2022,abc\n",
                "a.csv:5:3",
            ),
            (
                "indicator,period,value\r\nrevenue,2022,1\r\n\r\nrevenue,2022-02,abc\r\n",
                "a.csv:4:3",
            ),
            (
                "indicator,period,value\r\nrevenue,2022,1\nrevenue,2022-02,abc\n",
                "a.csv:3:3",
            ),
            (
                "indicator,period,value,note\nrevenue,2022-01,1,\"a\nb\"\nrevenue,2022-02,abc,\n",
                "a.csv:4:3",
            ),
            ("\n\nindicator,period,value\nrevenue,2022,abc", "a.csv:4:3"),
        ];
        for (csv, want) in cases {
            let errs = errors(&read(csv.as_bytes(), Locale::En, None));
            assert!(
                errs.len() == 1 && errs[0].starts_with(want),
                "{csv:?}: {errs:?}"
            );
        }
        let header = errors(&read(b"\n\nindicator,period,amount\n", Locale::En, None));
        assert!(header[0].starts_with("a.csv:3:1:"), "{header:?}");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_too() {
        // Found by fuzzing: old Mac files end lines with \r alone; the csv
        // reader takes it for a line end, so line numbers must too.
        let errs = errors(&read(
            b"indicator,value\rrevenue,1\rrevenue,x\r",
            Locale::En,
            None,
        ));
        assert_eq!(errs, vec!["a.csv:3:2: 'x' is not a number"]);
        let results = every_path(b"indicator,value\nrevenue,1\rrevenue,x\n", Locale::En);
        assert_eq!(
            results[0].1.diagnostics[0]
                .location
                .as_ref()
                .map(|l| l.line),
            Some(3)
        );
        assert_same(&results);
    }

    #[test]
    fn crlf_files_report_the_right_line() {
        let csv = "indicator,period,value\r\nrevenue,2022-01,5\r\nrevenue,2022-02,abc\r\n";
        let errs = errors(&read(csv.as_bytes(), Locale::En, None));
        assert_eq!(errs, vec!["a.csv:3:3: 'abc' is not a number"]);
        let lf = errors(&read(
            csv.replace("\r\n", "\n").as_bytes(),
            Locale::En,
            None,
        ));
        assert_eq!(lf, errs);
    }

    #[test]
    fn a_quoted_line_break_inside_a_value_is_fine() {
        let csv = "indicator,period,value,source\nrevenue,2022-01,5,\"line one\nline two, with a comma\"\nrevenue,2022-02,6,x\n";
        let ingest = read(csv.as_bytes(), Locale::En, None);
        assert!(errors(&ingest).is_empty(), "{:?}", errors(&ingest));
        assert_eq!(ingest.figures[0].actual, Some(Decimal::from(11)));
    }

    #[test]
    fn an_unterminated_quote_in_the_last_column_is_named_too() {
        // The field count still matches, but the rows after it are lost.
        let csv = "indicator,period,value,source\nrevenue,2022-01,5,\"open\nrevenue,2022-02,6,x\n";
        let errs = errors(&read(csv.as_bytes(), Locale::En, None));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with("a.csv:2:4: a quote"), "{errs:?}");
    }

    #[test]
    fn a_missing_column_names_what_was_found_and_the_fix() {
        let errs = errors(&read(
            b"indicator,period,amount\nrevenue,2022,5\n",
            Locale::En,
            None,
        ));
        assert_eq!(
            errs,
            vec![
                "a.csv:1:1: the header has no 'value' column (found: indicator, period, amount); rename 'amount' to 'value'; the required columns are indicator (or id) and value"
            ]
        );
    }

    /// Read `bytes` as a file through every path: streaming, the fast path
    /// with 1, 2 and 3 threads, and standard input's in-memory reader.
    fn every_path(bytes: &[u8], locale: Locale) -> Vec<(String, Ingest)> {
        every_path_keeping(bytes, locale, false)
    }

    fn every_path_keeping(bytes: &[u8], locale: Locale, keep_rows: bool) -> Vec<(String, Ingest)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, bytes).unwrap();
        let campaign = campaign();
        let keep = if keep_rows {
            KeepRows::All
        } else {
            KeepRows::None
        };
        let options = |jobs, fast_min_bytes| options(locale, keep.clone(), jobs, fast_min_bytes);
        let run = |input: Input, jobs: usize, fast_min_bytes: u64| {
            super::read(&campaign, &[input], &options(jobs, fast_min_bytes))
        };
        let file = || Input::File(path.clone());
        // A stream that gives a few bytes at a time, as a pipe may.
        let trickle = |piece: usize| {
            let options = options(1, 0);
            let mut state = State::new(&campaign, &options);
            state.files.push(path.display().to_string());
            let reader = Trickle {
                bytes: bytes.to_vec(),
                at: 0,
                piece,
            };
            fast::read_stream(&mut state, Box::new(reader), 0, b',');
            state.finish()
        };
        vec![
            ("stream, 7 bytes a read".into(), trickle(7)),
            ("stream, 1 byte a read".into(), trickle(1)),
            ("csv reader".into(), run(file(), 1, u64::MAX)),
            ("fast, 1 thread".into(), run(file(), 1, 0)),
            ("fast, 2 threads".into(), run(file(), 2, 0)),
            ("fast, 3 threads".into(), run(file(), 3, 0)),
            (
                "memory".into(),
                run(
                    Input::Memory {
                        name: path.display().to_string(),
                        bytes: bytes.to_vec(),
                    },
                    2,
                    0,
                ),
            ),
        ]
    }

    /// How the tests that compare paths read: `jobs` threads for files of
    /// `fast_min_bytes` or more.
    fn options(
        locale: Locale,
        keep_rows: KeepRows,
        jobs: usize,
        fast_min_bytes: u64,
    ) -> ReadOptions {
        ReadOptions {
            locale,
            delimiter: None,
            as_of: None,
            encoding: None,
            trend: None,
            keep_rows,
            jobs,
            fast_min_bytes,
            progress: false,
        }
    }

    /// A reader that gives `piece` bytes at a time.
    struct Trickle {
        bytes: Vec<u8>,
        at: usize,
        piece: usize,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.piece.min(buf.len()).min(self.bytes.len() - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    fn assert_same(results: &[(String, Ingest)]) {
        let (_, first) = &results[0];
        for (name, other) in &results[1..] {
            assert_eq!(first.figures, other.figures, "{name}: figures");
            // Decimals compare equal whatever their scale; the text shows it.
            assert_eq!(
                format!("{:?}", first.figures),
                format!("{:?}", other.figures),
                "{name}: figures' scales"
            );
            assert_eq!(first.ledger, other.ledger, "{name}: ledger");
            // A sum that overflows is named at the row that tipped it when
            // the rows are summed in order; the streaming parser sums each
            // line key apart and names a row near it (docs/decisions.md).
            let streamed = ["stream", "memory"].iter().any(|p| name.starts_with(p))
                || results[0].0.starts_with("stream");
            let located = |ingest: &Ingest| {
                let mut diagnostics = ingest.diagnostics.clone();
                for d in diagnostics
                    .iter_mut()
                    .filter(|d| streamed && d.code == "overflow")
                {
                    if let Some(loc) = &mut d.location {
                        loc.line = 0;
                    }
                }
                diagnostics
            };
            assert_eq!(located(first), located(other), "{name}: diagnostics");
            assert_eq!(first.as_of, other.as_of, "{name}: as of");
            assert_eq!(first.rows, other.rows, "{name}: kept rows");
            assert_eq!(
                first.rows_not_kept, other.rows_not_kept,
                "{name}: rows not kept"
            );
        }
    }

    /// The last trend step holds all the rows: it gives the figure, to the
    /// last digit of a mean of means that do not end, whatever order the
    /// entities were met in; the figure lists them by name.
    #[test]
    fn the_last_trend_step_is_the_figure_to_the_last_digit() {
        let mut file = String::from("indicator,period,entity,value\n");
        // Entities met in an order that is not their names' order, each
        // with a mean that does not end.
        for i in 0..400 {
            let entity = format!("e{:03}", (i * 37) % 400);
            for (month, value) in [(1, i * 7 % 97), (2, i * 13 % 89), (12, i * 31 % 83)] {
                let value = format!("{}.{}", value + 40, i % 10);
                file.push_str(&format!("score,2022-{month:02},{entity},{value}\n"));
            }
        }
        let input = Input::Memory {
            name: "a.csv".into(),
            bytes: file.into_bytes(),
        };
        let options = ReadOptions {
            locale: Locale::En,
            delimiter: None,
            as_of: None,
            encoding: None,
            trend: Some(Grain::Month),
            keep_rows: KeepRows::None,
            jobs: 1,
            fast_min_bytes: FAST_MIN_BYTES,
            progress: false,
        };
        let ingest = super::read(&campaign(), &[input], &options);
        let score = &ingest.figures[3];
        let last = score.trend.last().and_then(|t| t.actual);
        assert!(score.actual.is_some());
        assert_eq!(last, score.actual);
        assert_eq!(score.entities.len(), 400);
        assert!(score.entities.windows(2).all(|w| w[0].entity < w[1].entity));
    }

    /// Blocks cut inside a record over lines are read again by a reader of
    /// their own; the names the first reading met still count for the
    /// later blocks of its reader (each thread reads many blocks here).
    #[test]
    fn names_met_in_a_block_read_again_count_for_the_blocks_after_it() {
        let mut file = String::from("indicator,period,value,entity,note\n");
        for i in 0..600 {
            let note = match i % 3 {
                0 => "\"over\ntwo lines\"".to_string(),
                // A line inside the note that looks like a record: a block
                // cut there is read again from the record's start.
                1 => format!("\"{}revenue,2022-01,1,e{i},x\"", "x\n".repeat(i % 7 + 1)),
                _ => "plain".to_string(),
            };
            // Each entity first met once, then again further on.
            let entity = if i % 2 == 0 || i < 41 { i } else { i - 41 };
            file.push_str(&format!(
                "revenue,2022-{:02},{i},e{entity},{note}\n",
                i % 12 + 1
            ));
        }
        let results = every_path(file.as_bytes(), Locale::En);
        assert_same(&results);
        assert_eq!(results[0].1.ledger.read, 600);
    }

    /// Records over lines are read by a file's threads: a cut that falls
    /// inside a quoted value holding line breaks is found, and the block
    /// after it is read again from where that record ends, so every count
    /// of threads (and so of cuts) gives the csv reader's figures, ledger
    /// and messages. Notes over two and three lines, CRLF inside quotes,
    /// a value longer than a block, doubled quotes and a field count error.
    #[test]
    fn records_over_lines_read_by_threads_give_what_the_csv_reader_gives() {
        let mut file = String::from("indicator,period,value,entity,note\n");
        let notes = [
            "",
            "plain",
            "\"two\nlines\"",
            "\"three\nlines, with a comma\nhere\"",
            "\"crlf\r\ninside\"",
            "\"a \"\"quoted\"\" word\nover lines\"",
        ];
        for i in 0..400 {
            let (indicator, value) = match i % 4 {
                0 => ("revenue", format!("{}.{}", i % 97, i % 10)),
                1 => ("rate", format!("{}", i % 13)),
                2 => ("score", format!("\"{}.5\"", i % 7)),
                _ => ("low", format!("{}", i % 11)),
            };
            let note = if i == 200 {
                format!("\"{}\"", "long\n".repeat(40))
            } else {
                notes[i % notes.len()].to_string()
            };
            file.push_str(&format!(
                "{indicator},2022-{:02},{value},e{},{note}\n",
                i % 12 + 1,
                i % 5
            ));
            if i == 321 {
                file.push_str("revenue,2022-03,1,e1,\"extra\nfield\",x\n");
            }
        }
        // A stray quote in the middle swallows rows into a record whose
        // field count is then wrong; one near the end swallows the rest of
        // the file (then blank lines): both are the csv reader's errors.
        let stray = file.replacen("e1,plain", "e1,\"pl\"ain", 1);
        let mut last = file.clone();
        last.push_str("revenue,2022-05,3,e2,\"stray\nrevenue,2022-06,4,e2,x\n \n\n");
        let mut middle = file.clone();
        middle.insert_str(
            file.len() / 2,
            "revenue,2022-05,3,e2,\"stray\nrevenue,2022-06,4\n\"\n",
        );
        for file in [file, stray, last, middle] {
            records_over_lines_on_every_count_of_threads(file.as_bytes());
        }
    }

    fn records_over_lines_on_every_count_of_threads(bytes: &[u8]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, bytes).unwrap();
        let campaign = campaign();
        let run = |jobs, fast_min_bytes| {
            let options = options(Locale::En, KeepRows::All, jobs, fast_min_bytes);
            super::read(&campaign, &[Input::File(path.clone())], &options)
        };
        let mut results = vec![("csv reader".to_string(), run(1, u64::MAX))];
        for jobs in 1..=12 {
            results.push((format!("fast, {jobs} threads"), run(jobs, 0)));
        }
        assert!(
            results[0]
                .1
                .diagnostics
                .iter()
                .any(|d| d.code == "multiline_value" || d.code == "unterminated_quote"),
            "{:?}",
            results[0].1.diagnostics
        );
        assert_same(&results);
    }

    #[test]
    fn a_file_of_far_more_keys_than_a_thread_keeps_reads_the_same_on_every_path() {
        // Thousands of (target, entity, month) keys, each met a few times,
        // quoted and not, with repeated keys among them: past the key
        // table's size the line parser stops looking lines up by key.
        let mut csv = String::from("indicator,period,entity,value,source\n");
        for i in 0..6000u32 {
            let entity = (i * 7919) % 1500;
            let month = i % 12 + 1;
            let source = if i % 97 == 0 { "office" } else { "" };
            match i % 4 {
                0 => csv.push_str(&format!(
                    "revenue,2022-{month:02},Xã {entity},\"{}.5\",{source}\n",
                    i % 13
                )),
                1 => csv.push_str(&format!(
                    "score,2022-{month:02},Xã {entity},{},\n",
                    40 + i % 9
                )),
                2 => csv.push_str(&format!("rate,2022-{month:02},Xã {entity},{},\n", i % 5)),
                _ => csv.push_str(&format!(
                    "low,2022-{month:02},\"Phường {entity}\",{},\n",
                    i % 3
                )),
            }
            if i % 1000 == 0 {
                csv.push_str("revenue,2022-01..2022-06,Xã 1,300,\nrevenue,2021-03,Xã 2,7,\n");
            }
        }
        let results = every_path(csv.as_bytes(), Locale::En);
        assert!(!results[0].1.has_errors(), "{:?}", results[0].1.diagnostics);
        assert!(results[0].1.figures[0].entities.len() > 300);
        assert_same(&results);
    }

    #[test]
    fn every_path_gives_the_same_figures_ledger_and_messages() {
        let mut csv = String::from("indicator,period,value,entity,source\r\n");
        for i in 0..400 {
            let month = i % 12 + 1;
            csv.push_str(&format!(
                "revenue,2022-{month:02},{}.{},d{},s{}\r\n",
                i % 97,
                i % 10,
                i % 3,
                i % 2
            ));
            csv.push_str(&format!("rate,2022-{month:02},{},Từ Sơn,\r\n", 40 + i % 7));
            if i % 50 == 0 {
                csv.push_str("\r\nunknown_thing,2022-03,5,,\r\nrevenue,2022-04,,d1,\r\n");
                csv.push_str("revenue,2021-03,7,d1,\r\nrevenue,2022-01..2022-06,300,d2,ytd\r\n");
                csv.push_str("rate,2022-05,45,Từ Sơn\u{a0},\r\nrate,2022-05,46,Tu\u{31B}\u{300} So\u{31B}n,\r\n");
            }
        }
        let results = every_path(csv.as_bytes(), Locale::En);
        assert!(!results[0].1.has_errors(), "{:?}", results[0].1.diagnostics);
        // the rows kept one by one (the xlsx Rows sheet), too
        let kept = every_path_keeping(csv.as_bytes(), Locale::En, true);
        assert_eq!(kept[0].1.rows.len() as u64, kept[0].1.ledger.read);
        assert_same(&kept);
        assert!(results[0].1.ledger.skipped(Skip::Overlap) > 0);
        assert_same(&results);
        // one tenth exact on every path
        let mut tenths = String::from("indicator,period,value\n");
        for _ in 0..20_000 {
            tenths.push_str("revenue,2022-06,0.1\n");
        }
        let results = every_path(tenths.as_bytes(), Locale::En);
        assert_eq!(results[0].1.figures[0].actual, Some(Decimal::from(2000)));
        assert_same(&results);
    }

    #[test]
    fn a_progress_bar_only_for_large_inputs_and_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.csv");
        // A sparse file: 100 MB long without writing 100 MB.
        std::fs::File::create(&big)
            .unwrap()
            .set_len(PROGRESS_MIN_BYTES)
            .unwrap();
        let small = Input::Memory {
            name: "a.csv".into(),
            bytes: b"indicator,value\n".to_vec(),
        };
        let mut options = ReadOptions {
            locale: Locale::En,
            delimiter: None,
            as_of: None,
            encoding: None,
            trend: None,
            keep_rows: KeepRows::None,
            jobs: 1,
            fast_min_bytes: FAST_MIN_BYTES,
            progress: true,
        };
        let bar = progress_bar(&[Input::File(big.clone())], &options);
        assert_eq!(bar.and_then(|b| b.length()), Some(PROGRESS_MIN_BYTES));
        assert!(progress_bar(std::slice::from_ref(&small), &options).is_none());
        options.progress = false;
        assert!(progress_bar(&[Input::File(big), small], &options).is_none());
    }

    #[test]
    fn fixed_point_sums_match_decimal_sums_on_every_path() {
        let mut csv = String::from("indicator,period,entity,value,unit,source\n");
        let values = [
            "5",
            "0.25",
            "-1.125",
            "1 234.5",
            "+7",
            "-0",
            "0.000000000000000001",
            "999999999999999999",
            "12.50",
            "3",
            "(4)",
            "1,234.5",
        ];
        let units = [
            "billion VND",
            "",
            "trillion VND",
            "million VND",
            "nghìn tỷ đồng",
        ];
        for i in 0..3000 {
            let month = i % 12 + 1;
            let value = values[i % values.len()];
            let value = if value.contains(',') {
                format!("\"{value}\"")
            } else {
                value.to_string()
            };
            let unit = units[i % units.len()];
            // a name longer than the words that stand for a key
            let entity = [
                "",
                "d1",
                "d2",
                "an entity whose name is longer than 32 bytes",
            ][i % 4];
            // more distinct sources in one group than a group keeps
            let source = format!("s{}", (i * 7) % 11);
            csv.push_str(&format!(
                "spend,2022-{month:02},{entity},{value},{unit},{source}\n"
            ));
            csv.push_str(&format!(
                "score,2022-{month:02},{entity},{},%,\n",
                40 + i % 7
            ));
            csv.push_str(&format!(
                "low,2022-{month:02},{entity},{}.{},,\n",
                i % 5,
                i % 10
            ));
            csv.push_str(&format!("revenue,2022,{entity},{value},,{source}\n"));
        }
        let results = every_path(csv.as_bytes(), Locale::En);
        assert_same(&results);
        // the quoted rows send the whole file to the streaming reader:
        // without them, the fast path reads it
        let unquoted: String = csv
            .lines()
            .filter(|l| !l.contains('"'))
            .map(|l| format!("{l}\n"))
            .collect();
        let results = every_path(unquoted.as_bytes(), Locale::En);
        assert_same(&results);
        // totals of zero, from values that cancel
        let zeros = "indicator,period,value,unit\nspend,2022-01,0.5,billion VND\nspend,2022-01,-0.5,billion VND\nrevenue,2022,-0.50,\nrevenue,2022,0.5,\nscore,2022,-1.0,\nscore,2022,1,\n";
        let zero = every_path(zeros.as_bytes(), Locale::En);
        assert_same(&zero);
        assert_eq!(
            format!("{:?}", [0, 2, 3].map(|t| zero[0].1.figures[t].actual)),
            "[Some(0.00), Some(0.0000), Some(0)]"
        );
        assert!(
            [0, 2, 3, 4]
                .iter()
                .all(|t| results[0].1.figures[*t].actual.is_some()),
            "{:?} {:?}",
            results[0].1.figures,
            results[0].1.diagnostics
        );
        assert_same(&results);
    }

    #[test]
    fn errors_and_quotes_read_the_same_on_every_path() {
        // a bad number and a wrong field count, with line numbers
        let bad = "indicator,period,value\nrevenue,2022-01,5\n\nrevenue,2022-02,abc\nrevenue,2022-03\nrate,2022,\"6,9\"\n";
        let results = every_path(bad.as_bytes(), Locale::En);
        assert_eq!(
            results[0].1.diagnostics.len(),
            3,
            "{:?}",
            results[0].1.diagnostics
        );
        assert_same(&results);
        // a file that is not UTF-8 stops at its first bad field on every path
        let latin = b"indicator,period,value,entity\nrate,2022,5,Caf\xe9\nrate,2022,6,Caf\xe9\n";
        let results = every_path(latin, Locale::En);
        assert_eq!(results[0].1.diagnostics.len(), 1);
        assert_same(&results);
    }

    #[test]
    fn blank_lines_marks_quoted_lines_and_unread_bytes_read_the_same_on_every_path() {
        let errors_and_warnings = |ingest: &Ingest| -> Vec<(u64, &'static str)> {
            ingest
                .diagnostics
                .iter()
                .map(|d| (d.location.as_ref().map_or(0, |l| l.line), d.code))
                .collect()
        };
        // A line of spaces is blank; a byte-order mark inside is named; a
        // quoted note over two lines is named where it opens.
        let file = "indicator,period,value,note\n \t \nrevenue,2022-01,5,a\n   \n\u{feff}revenue,2022-02,6,b\nrevenue,2022-03,7,\"two\nlines\"\nrevenue,2022-04,8,c\n";
        let results = every_path(file.as_bytes(), Locale::En);
        assert_same(&results);
        let first = &results[0].1;
        assert_eq!(first.ledger.read, 4, "{:?}", first.diagnostics);
        assert_eq!(
            errors_and_warnings(first),
            [(5, "bom_inside"), (6, "multiline_value")]
        );
        // Old Mac line ends: a quoted lone \r is a line break too.
        let file = "indicator,period,value,note\rrevenue,2022-01,5,\"a\rb\"\rrevenue,2022-02,6,c\r";
        let results = every_path(file.as_bytes(), Locale::En);
        assert_same(&results);
        assert_eq!(errors_and_warnings(&results[0].1), [(2, "multiline_value")]);
        // A byte that is not UTF-8 in a column attain does not read.
        let file =
            b"indicator,period,value,note\nrevenue,2022-01,5,ok\nrevenue,2022-02,6,caf\xe9\n";
        let results = every_path(file, Locale::En);
        assert_same(&results);
        assert_eq!(errors_and_warnings(&results[0].1), [(3, "not_utf8")]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Quoted fields of every kind read the same on every path: the
        /// line parser reads quotes that close on their line as the csv
        /// reader does, and hands a record over lines to it.
        #[test]
        fn quoted_fields_read_the_same_on_every_path(
            lines in proptest::collection::vec(
                (
                    prop_oneof![Just("revenue"), Just("\"revenue\""), Just("\"rate\""), Just("rate"), Just("\"reve\"\"nue\"")],
                    prop_oneof![Just("2022-01"), Just("\"2022\""), Just(" \"2022\""), Just("\"2022\"x")],
                    prop_oneof![
                        Just("5"), Just("\"6,9\""), Just("\"1,234.5\""), Just("\" 7 \""), Just("\"\""),
                        Just("\"8\"\"\""), Just("9\""), Just("\"12.5\"")
                    ],
                    prop_oneof![
                        Just(""), Just("\"a, b\""), Just("\"Từ Sơn\""), Just("\"x\"\"y\""), Just("n\"o"),
                        Just("\"two\nlines\""), Just("\"\"")
                    ],
                ),
                0..30,
            ),
            quoted_header in any::<bool>(),
        ) {
            let mut csv = String::from(if quoted_header {
                "\"indicator\",\"period\",\"value\",\"entity\"\r\n"
            } else {
                "indicator,period,value,entity\n"
            });
            for (indicator, period, value, entity) in lines {
                csv.push_str(&format!("{indicator},{period},{value},{entity}\n"));
            }
            assert_same(&every_path(csv.as_bytes(), Locale::En));
        }
    }

    proptest! {
        /// The spans a sum keeps are those SPEC §5.2's rule keeps when each
        /// is compared with every span kept before it.
        #[test]
        fn kept_spans_is_the_pairwise_rule(
            spans in proptest::collection::vec((0u32..400, 0u32..60), 0..40)
        ) {
            let day = |d: u32| NaiveDate::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(d.into());
            let spans: Vec<Span> = spans
                .into_iter()
                .map(|(start, len)| Span::new(day(start), day(start + len)).unwrap())
                .collect();
            let mut sorted = spans.clone();
            sorted.sort_by(|a, b| b.end.cmp(&a.end).then(a.start.cmp(&b.start)));
            sorted.dedup();
            let mut pairwise: Vec<Span> = Vec::new();
            for s in sorted {
                if !pairwise.iter().any(|k| k.overlaps(&s)) {
                    pairwise.push(s);
                }
            }
            prop_assert_eq!(kept_spans(spans), pairwise);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The fast path and the streaming path agree on arbitrary files.
        #[test]
        fn the_fast_path_agrees_with_the_streaming_path(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("revenue,2022-01,5\n".to_string()),
                    Just("revenue,2022-01..2022-06,12.5\n".to_string()),
                    Just("rate,2022,7,\n".to_string()),
                    Just("rate,2022-03,41\n".to_string()),
                    Just("revenue,2021-01,3\n".to_string()),
                    Just("nobody,2022,1\n".to_string()),
                    Just("\n".to_string()),
                    Just("rate,2022,\"6.9\"\n".to_string()),
                    Just("\"revenue\",2022-03,2\r\n".to_string()),
                    "[a-z0-9,.-]{0,24}\n",
                ],
                0..40,
            ),
        ) {
            let mut csv = String::from("indicator,period,value\n");
            csv.extend(lines);
            assert_same(&every_path(csv.as_bytes(), Locale::En));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Fixed-point sums (units, scales, zeros, sources) agree with
        /// `Decimal` sums on every path.
        #[test]
        fn fixed_point_sums_agree_on_arbitrary_files(
            lines in proptest::collection::vec(
                (
                    prop_oneof![Just("spend"), Just("score"), Just("revenue"), Just("low"), Just("rate")],
                    prop_oneof![Just("2022-01"), Just("2022"), Just("2022-01..2022-03"), Just("2021-05"), Just("")],
                    prop_oneof![
                        "-?[0-9]{1,3}(\\.[0-9]{1,3})?",
                        Just("0".to_string()),
                        Just("-0.0".to_string()),
                        Just("999999999999999999".to_string()),
                        Just("0.000000000000000001".to_string()),
                        "[0-9 .%+-]{0,6}",
                    ],
                    prop_oneof![Just("billion VND"), Just(""), Just("trillion VND"), Just("%"), Just("kg")],
                    prop_oneof![Just(""), Just("a"), Just("b")],
                ),
                0..60,
            ),
        ) {
            let mut csv = String::from("indicator,period,value,unit,source\n");
            for (indicator, period, value, unit, source) in lines {
                csv.push_str(&format!("{indicator},{period},{value},{unit},{source}\n"));
            }
            assert_same(&every_path(csv.as_bytes(), Locale::En));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any bytes: no panic, every error located in a.csv, and when the
        /// file is clean every row ends in exactly one bucket.
        #[test]
        fn arbitrary_bytes_never_panic_and_every_row_is_accounted_for(
            body in proptest::collection::vec(
                prop_oneof![
                    Just("revenue,2022-01,5\n".to_string()),
                    Just("revenue,2022-01..2022-06,12.5\n".to_string()),
                    Just("rate,2022,\"6,9\"\n".to_string()),
                    Just("rate,,7.39,\n".to_string()),
                    Just("nobody,2022,1\n".to_string()),
                    Just("revenue,2021,1\n".to_string()),
                    Just("revenue,2021-01,3\n".to_string()),
                    Just("revenue,2021-01..2021-06,9\n".to_string()),
                    Just("revenue,2022-02,4\n".to_string()),
                    Just("revenue,2022-03,\n".to_string()),
                    "[a-z,.0-9\"\n-]{0,30}",
                    any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
                ],
                0..12,
            ),
            locale in prop_oneof![Just(Locale::En), Just(Locale::Vi)],
        ) {
            let mut csv = String::from("indicator,period,value\n");
            for line in &body {
                csv.push_str(line);
            }
            let ingest = read(csv.as_bytes(), locale, None);
            for d in &ingest.diagnostics {
                let loc = d.location.as_ref();
                prop_assert!(loc.is_some_and(|l| l.file == "a.csv" || l.file == "t.toml"), "{d:?}");
            }
            if !ingest.has_errors() {
                let l = &ingest.ledger;
                prop_assert_eq!(l.read, l.used + l.comparison + l.total_skipped());
                // The rows kept one by one land in the same buckets.
                let count = |b: Bucket| ingest.rows.iter().filter(|r| r.bucket == b).count() as u64;
                prop_assert_eq!(ingest.rows.len() as u64, l.read);
                prop_assert_eq!(count(Bucket::Used), l.used);
                prop_assert_eq!(count(Bucket::Comparison), l.comparison);
                for reason in Skip::ALL {
                    prop_assert_eq!(count(Bucket::Skipped(reason)), l.skipped(reason), "{:?}", reason);
                }
            }
        }
    }
}
