//! Typed errors and diagnostics: where a problem is (file:line:col), what it
//! is, and which exit code it maps to. Also the broken-pipe rule: a closed
//! stdout (`attain | head`) is success, never an error or a panic.
//!
//! This module decides no policy about *when* something is an error; it only
//! carries and prints what other modules found.

use std::fmt;
use std::io;

use crate::diagnostic::{self, Code, Said, Subject, Usage, about};
use crate::labels::Lang;
use crate::text::printable;

/// Exit code for a successful run.
pub const EXIT_OK: i32 = 0;
/// Exit code when the `--fail-on` condition held (output still written).
pub const EXIT_FAIL_ON: i32 = 1;
/// Exit code for any error: bad usage, unreadable or invalid input.
pub const EXIT_ERROR: i32 = 2;

/// A place in an input file. `line` and `col` are 1-based; for CSV, `col` is
/// the field number, for TOML the character column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub line: u64,
    pub col: u64,
    /// A workbook's sheet (`file` is `book.xlsx#Sheet`): `line` is the
    /// sheet's row and `col` its column, printed as a cell (`!C14`).
    pub sheet: bool,
}

impl Location {
    pub fn new(file: impl Into<String>, line: u64, col: u64) -> Self {
        Location {
            file: file.into(),
            line,
            col,
            sheet: false,
        }
    }

    /// A cell of a workbook's sheet named `file` (`book.xlsx#Sheet`): row
    /// `line`, column `col` (1 is A; 0 is the whole row).
    pub fn cell(file: impl Into<String>, line: u64, col: u64) -> Self {
        Location {
            sheet: true,
            ..Location::new(file, line, col)
        }
    }

    /// The 1-based line and character column of byte `offset` in `text`.
    /// An offset past the end (or inside a character) points at the end.
    /// For many locations in one text, [`LineStarts`] finds each without
    /// rescanning the text.
    pub fn of_offset(file: impl Into<String>, text: &str, offset: usize) -> Self {
        LineStarts::new(text).location(file, text, offset)
    }
}

/// Where each line of a text starts, so that the location of an offset is
/// a binary search and a count within its line: a campaign of 100,000
/// targets makes as many locations, and scanning the text from its start
/// for each one made loading it quadratic.
#[derive(Debug)]
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineStarts(starts)
    }

    /// As [`Location::of_offset`], for the text these line starts are of.
    pub fn location(&self, file: impl Into<String>, text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line starting at or before the offset.
        let index = self.0.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.0.get(index).copied().unwrap_or(0).min(offset);
        let col = text[start..offset].chars().count() as u64 + 1;
        Location::new(file, index as u64 + 1, col)
    }
}

/// `file:line:col`; a whole row (col 0) is `file:line`, a whole file `file`.
/// The file name is [`printable`]: Display is for people.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = printable(&self.file);
        if self.sheet {
            return match (self.line, self.col) {
                (0, _) => write!(f, "{file}"),
                (line, 0) => write!(f, "{file}!{line}:{line}"),
                (line, col) => write!(f, "{file}!{}{line}", column_letters(col)),
            };
        }
        match (self.line, self.col) {
            (0, _) => write!(f, "{file}"),
            (line, 0) => write!(f, "{file}:{line}"),
            (line, col) => write!(f, "{file}:{line}:{col}"),
        }
    }
}

/// A sheet's column as its letters: 1 is A, 26 Z, 27 AA.
pub fn column_letters(mut col: u64) -> String {
    let mut letters = Vec::new();
    while col > 0 {
        col -= 1;
        letters.push(b'A' + (col % 26) as u8);
        col /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the inputs: an error stops the run (exit 2), a
/// warning is printed and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    /// A stable machine name, e.g. `ambiguous_number`, `unknown_key`:
    /// [`Code::name`]. The same in every language.
    pub code: &'static str,
    /// What was found, worded only when it is shown ([`Diagnostic::message`]),
    /// in the language of the run. Private, so that a diagnostic is made
    /// only from a [`Code`], by [`Diagnostic::error`] or
    /// [`Diagnostic::warning`]: no message is worded outside the catalogue.
    /// Boxed: results carry diagnostics, and a `Code` is large.
    what: Box<Code>,
    /// The target or series a campaign message is about, said before it.
    subject: Option<Subject>,
    /// A warning made an error by `--strict`, which the message says.
    strict: bool,
}

impl Diagnostic {
    /// A problem that stops the run, worded by the catalogue.
    pub fn error(location: Option<Location>, code: Code) -> Self {
        Diagnostic::new(Severity::Error, location, code)
    }

    /// A problem that is printed while the run goes on.
    pub fn warning(location: Option<Location>, code: Code) -> Self {
        Diagnostic::new(Severity::Warning, location, code)
    }

    fn new(severity: Severity, location: Option<Location>, code: Code) -> Self {
        Diagnostic {
            severity,
            location,
            code: code.name(),
            what: Box::new(code),
            subject: None,
            strict: false,
        }
    }

    /// The same finding with file `from` called `to` wherever the message
    /// names it: tests and the fuzz targets read one input under several
    /// names.
    pub fn rename_file(&mut self, from: &str, to: &str) {
        let swap = |s: &mut String| *s = s.replace(from, to);
        match &mut *self.what {
            Code::ActualsNotFound { path } | Code::CannotOpen { path, .. } => swap(path),
            Code::SourcesSummed { sources, .. } => sources.iter_mut().for_each(swap),
            Code::LastTie {
                first_at, later_at, ..
            } => {
                swap(&mut first_at.file);
                swap(&mut later_at.file);
            }
            Code::DuplicateTarget { first, .. }
            | Code::DuplicateSeries { first, .. }
            | Code::SeriesTargetShareId { first, .. } => swap(&mut first.file),
            _ => {}
        }
    }

    /// What was found.
    pub fn what(&self) -> &Code {
        &self.what
    }

    /// Put another finding in this one's place (same severity and place):
    /// when more is known later than when it was raised.
    pub fn reword(&mut self, code: Code) {
        self.code = code.name();
        *self.what = code;
    }

    /// Say which target or series the message is about, unless it says so
    /// already.
    pub fn about(&mut self, subject: Subject) {
        self.subject.get_or_insert(subject);
    }

    /// A warning as an error, for `--strict`; the message says so.
    pub fn under_strict(mut self) -> Self {
        self.severity = Severity::Error;
        self.strict = true;
        self
    }

    /// The sentence, in the language messages are spoken in on this
    /// thread ([`diagnostic::spoken`]).
    pub fn message(&self) -> String {
        self.message_in(diagnostic::spoken())
    }

    /// The sentence in `lang`: the subject, the code's wording, and what
    /// `--strict` adds.
    pub fn message_in(&self, lang: Lang) -> String {
        let mut out = self.what.worded(lang).to_string();
        if let Some(subject) = &self.subject {
            let subject = subject.worded(lang).to_string();
            if !out.starts_with(&subject) {
                out = about(&subject, &out);
            }
        }
        if self.strict {
            out.push_str(diagnostic::under_strict(lang));
        }
        out
    }
}

/// For people (stderr, the human formats): the message is [`printable`],
/// since it may quote the data. `check -f json` serialises the fields
/// instead and keeps the real text.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = diagnostic::spoken();
        let message = self.message_in(lang);
        let message = printable(&message);
        match &self.location {
            Some(loc) => write!(f, "{loc}: {message}")?,
            None => f.write_str(&message)?,
        }
        // In Vietnamese the code follows, so that the message can still be
        // searched for (the English is worded after the codes).
        match lang {
            Lang::En => Ok(()),
            Lang::Vi => write!(f, " [{}]", self.code),
        }
    }
}

/// Everything that makes attain exit with code 2. Its Display is what
/// `main` prints to the terminal, so every user text in it is [`printable`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line is wrong (a value clap could not check by itself).
    #[error("{}", printable(&.0.to_string()))]
    Usage(Usage),
    /// A file could not be read or written.
    #[error("{}: {}", printable(.path), printable(&.source.to_string()))]
    Io { path: String, source: io::Error },
    /// One or more problems in the inputs, each with its location.
    #[error("{}", render_diagnostics(.0))]
    Invalid(Vec<Diagnostic>),
    /// A format's encoder failed while writing the report.
    #[error("{}: {}", could_not_write(format), printable(.reason))]
    Encode {
        format: &'static str,
        reason: String,
    },
    /// `-o` names something attain will not write over, or writing over it
    /// failed half way.
    #[error("-o {}: {}", printable(.path), printable(&.reason.to_string()))]
    Output { path: String, reason: Said },
}

impl Error {
    /// One located problem.
    pub fn at(location: Location, code: Code) -> Self {
        Error::Invalid(vec![Diagnostic::error(Some(location), code)])
    }

    /// A format's encoder failed.
    pub fn encode(format: &'static str, reason: impl fmt::Display) -> Self {
        Error::Encode {
            format,
            reason: reason.to_string(),
        }
    }

    /// attain will not write the report to `path`, for `reason`.
    pub fn output(path: impl Into<String>, reason: Said) -> Self {
        Error::Output {
            path: path.into(),
            reason,
        }
    }

    pub fn io(path: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// "could not write xlsx", in the run's language.
fn could_not_write(format: &str) -> String {
    match diagnostic::spoken() {
        Lang::En => format!("could not write {format}"),
        Lang::Vi => format!("không ghi được tệp {format}"),
    }
}

/// The most errors printed in one run; the rest are counted, so a file with
/// a wrong locale does not flood the terminal with thousands of lines.
pub const MAX_ERRORS_SHOWN: usize = 20;

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let lang = diagnostic::spoken();
    let error = diagnostic::kind_word("error", lang);
    let mut out = String::new();
    for (i, d) in errors.iter().take(MAX_ERRORS_SHOWN).enumerate() {
        if i > 0 {
            out.push_str(&format!("\nattain: {error}: "));
        }
        out.push_str(&d.to_string());
    }
    if errors.len() > MAX_ERRORS_SHOWN {
        let more = errors.len() - MAX_ERRORS_SHOWN;
        out.push_str(&match lang {
            Lang::En => format!(
                "\nattain: error: … and {more} more errors (run `attain check` to list them all)"
            ),
            Lang::Vi => format!(
                "\nattain: lỗi: … và {more} lỗi nữa (chạy `attain check` để xem đủ danh sách)"
            ),
        });
    }
    out
}

/// True when `err` is, or wraps, an `io::Error` of kind `BrokenPipe`. Walks
/// the source chain and also looks inside `csv::Error` and
/// `serde_json::Error`, whose io errors are not exposed as a `source`.
pub fn is_broken_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        if let Some(Error::Io { source, .. }) = e.downcast_ref::<Error>() {
            if source.kind() == io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        if let Some(csv) = e.downcast_ref::<csv::Error>() {
            if let csv::ErrorKind::Io(io) = csv.kind() {
                if io.kind() == io::ErrorKind::BrokenPipe {
                    return true;
                }
            }
        }
        if let Some(json) = e.downcast_ref::<serde_json::Error>() {
            if json.io_error_kind() == Some(io::ErrorKind::BrokenPipe) {
                return true;
            }
        }
        current = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_line_and_character_column() {
        let text = "a = 1\nbắc = 2\n";
        // 'b' of line 2 is at byte 6; '=' after "bắc " is 4 characters in.
        assert_eq!(
            Location::of_offset("t.toml", text, 6).to_string(),
            "t.toml:2:1"
        );
        let eq = text.find("= 2").unwrap();
        assert_eq!(
            Location::of_offset("t.toml", text, eq).to_string(),
            "t.toml:2:5"
        );
        assert_eq!(Location::of_offset("t.toml", text, 999).line, 3);
    }

    #[test]
    fn broken_pipe_is_found_through_wrappers() {
        let pipe = || io::Error::new(io::ErrorKind::BrokenPipe, "closed");
        assert!(is_broken_pipe(&pipe()));
        assert!(is_broken_pipe(&Error::io("<stdout>", pipe())));
        let csv_err = csv::Error::from(pipe());
        assert!(is_broken_pipe(&csv_err));
        let json_err = serde_json::Error::io(pipe());
        assert!(is_broken_pipe(&json_err));
        let other = io::Error::new(io::ErrorKind::NotFound, "gone");
        assert!(!is_broken_pipe(&other));
    }

    #[test]
    fn many_errors_are_capped_with_a_count() {
        let d: Vec<Diagnostic> = (1..=25)
            .map(|i| Diagnostic::error(Some(Location::new("a.csv", i, 3)), Code::NoKind))
            .collect();
        let text = Error::Invalid(d).to_string();
        assert!(text.starts_with("a.csv:1:3: the target has no kind"));
        assert!(text.contains("a.csv:20:3: the target has no kind"));
        assert!(!text.contains("a.csv:21:3"));
        assert!(text.ends_with("… and 5 more errors (run `attain check` to list them all)"));
    }

    #[test]
    fn write_failures_are_their_own_kinds_and_name_what_failed() {
        let encode = Error::encode("xlsx", "disk full");
        assert!(matches!(encode, Error::Encode { format: "xlsx", .. }));
        assert_eq!(encode.to_string(), "could not write xlsx: disk full");
        let output = Error::output("out\u{1b}.csv", "is a folder; name a file in it".into());
        assert!(matches!(output, Error::Output { .. }));
        assert_eq!(
            output.to_string(),
            "-o out\\e.csv: is a folder; name a file in it"
        );
    }
}
