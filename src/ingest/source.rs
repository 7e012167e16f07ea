//! Where the bytes come from: a named file, standard input (a file read by
//! offset when it is one, else a pipe widened to 1 MiB), bytes in memory,
//! or a decoder for `--encoding`. A file large enough is handed to the
//! threads (`blocks.rs`) to read by offset; standard input that is not a
//! file, bytes in memory and decoded files are streams, read in blocks
//! (`blocks.rs` too); a small file goes to the csv reader (`reader.rs`).
//! A stream, or a file of the threads' size, whose lines end in a lone
//! `\r` passes through [`CrLines`] on the way.

use super::lines::Field;
use super::*;

/// Standard input as a file, when it is a regular file at its start
/// (`attain report - < big.csv`); None for a pipe, a terminal, or a file
/// something has read from already (which is read as a stream from there).
#[cfg(unix)]
pub(super) fn stdin_file() -> Option<std::fs::File> {
    use std::os::fd::AsFd;
    let file = std::fs::File::from(io::stdin().as_fd().try_clone_to_owned().ok()?);
    let at_start = (&file).stream_position().ok()? == 0;
    (file.metadata().ok()?.is_file() && at_start).then_some(file)
}

#[cfg(not(unix))]
pub(super) fn stdin_file() -> Option<std::fs::File> {
    None
}

/// Ask for a 1 MiB buffer when standard input is a smaller pipe: with the
/// default 64 KiB, the writer and attain take turns every 64 KiB (10 M
/// rows through `cat`: 0.56 s → 0.49 s). Nothing happens if it is not a
/// pipe, or the system refuses (1 MiB is the usual limit for a user).
#[cfg(target_os = "linux")]
pub(super) fn widen_pipe() {
    const WIDE: usize = 1 << 20;
    if rustix::pipe::fcntl_getpipe_size(io::stdin()).is_ok_and(|size| size < WIDE) {
        let _ = rustix::pipe::fcntl_setpipe_size(io::stdin(), WIDE);
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn widen_pipe() {}

impl<'a> State<'a> {
    pub(super) fn read_input(&mut self, input: &Input) {
        let name = input.display();
        if let Input::File(path) = input
            && let Some((book, sheet)) = workbook::workbook_sheet(path)
        {
            self.read_workbook(&book, sheet, &name);
            return;
        }
        let file_index = self.files.len() as u32;
        self.files.push(name.clone());
        self.sheets.push(false);
        let delimiter = self
            .options
            .delimiter
            .unwrap_or(if input.is_tsv() { b'\t' } else { b',' });
        // Every input is opened once and read once: a named pipe or a
        // process substitution gives its data to one reader only.
        // For a file: None for the csv reader, else streamed, with every
        // `\r` that ends a record made `\n` (true) or only when its first
        // record ends so (false, as for any stream).
        let mut stream: Option<bool> = None;
        let reader: Box<dyn Read + '_> = match input {
            Input::Stdin => {
                // `< big.csv` is a file: read by offset with every thread,
                // as a named one is. A pipe is a stream.
                if self.options.encoding.is_none()
                    && let Some(file) = stdin_file()
                    && blocks::read_file(
                        self,
                        &file,
                        file_index,
                        delimiter,
                        self.options.jobs,
                        self.options.fast_min_bytes,
                    ) == blocks::ByOffset::Read
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
                    let by_offset = if self.options.encoding.is_none() {
                        blocks::read_file(
                            self,
                            &f,
                            file_index,
                            delimiter,
                            self.options.jobs,
                            self.options.fast_min_bytes,
                        )
                    } else {
                        blocks::ByOffset::Left
                    };
                    if by_offset == blocks::ByOffset::Read {
                        return;
                    }
                    // A named pipe, a process substitution or a device is
                    // a stream, as standard input is. A regular file of the
                    // threads' size that they left (lines ended by a lone
                    // `\r`, one such line in a file of `\n`s, a record over
                    // lines longer than 1 MiB) streams too, every `\r` that
                    // ends a record made `\n`: the stream reader takes what
                    // it cannot follow from where it is, not from the top.
                    // A sum that overflowed goes to the csv reader, which
                    // reads every row in order and names the one that did.
                    let meta = f.metadata().ok();
                    let regular = meta.as_ref().is_some_and(std::fs::Metadata::is_file);
                    let large = meta.is_some_and(|m| m.len() >= self.options.fast_min_bytes);
                    if self.options.jobs > 0 && by_offset == blocks::ByOffset::Left {
                        stream = match (regular, large) {
                            (false, _) => Some(false),
                            (true, true) => Some(true),
                            (true, false) => None,
                        };
                    }
                    Box::new(f)
                }
                Err(e) => {
                    self.diagnostics.push(Diagnostic::error(
                        Some(Location::new(&name, 0, 0)),
                        open_error(path, &e),
                    ));
                    return;
                }
            },
        };
        // A regular file here is one the threads left to the csv reader
        // (small, or one they could not take). Standard input, a named
        // pipe, bytes in memory and a decoded file stream through the
        // record splitter, in blocks the
        // other threads fold: decoding happens as a stream in front of it,
        // so that a Windows-1258 export is read in constant memory and at
        // the speed of any other stream.
        self.file_failed = false;
        let refused = Rc::new(RefCell::new(None));
        let reader: Box<dyn Read + '_> = match self.options.encoding {
            Some(encoding) => Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding))
                    .build(EncodingCheck::new(reader, encoding, Rc::clone(&refused))),
            ),
            None if matches!(input, Input::File(_)) && stream.is_none() => {
                self.read_csv(reader, file_index, delimiter, None);
                return;
            }
            None => reader,
        };
        // Lines that end in a lone `\r` are made to end in `\n` on the way.
        let reader = Box::new(CrLines::new(reader, delimiter, stream == Some(true)));
        blocks::read_stream(self, reader, file_index, delimiter, &refused);
    }

    /// The bytes refused under `--encoding`: an error at their line, and the
    /// rest of the file is not read.
    pub(super) fn refuse(&mut self, refused: &Refused, file: u32) {
        let loc = self.location(
            RowRef {
                file,
                line: refused.line,
            },
            0,
        );
        self.error(loc, refused.code.clone());
        self.file_failed = true;
    }
}

/// A reader that tells a [`LineIndex`] about every byte it passes on.
pub(super) struct Counted<R> {
    pub(super) inner: R,
    pub(super) lines: Rc<RefCell<LineIndex>>,
    pub(super) bar: Option<ProgressBar>,
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
#[derive(Debug, Clone)]
pub(super) struct Refused {
    pub(super) line: u64,
    pub(super) code: Code,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.code.fmt(f)
    }
}

impl std::error::Error for Refused {}

/// The raw bytes of a file read with `--encoding`, checked on their way to
/// the decoder, which would otherwise turn any bytes into some text:
/// a UTF-8 file named Windows-1258 into mojibake (`Hà Nội` → `HĂ  Ná»™i`),
/// a UTF-16 surrogate without its other half into U+FFFD.
pub(super) struct EncodingCheck<R> {
    pub(super) inner: R,
    pub(super) encoding: &'static encoding_rs::Encoding,
    /// The line of the next byte.
    pub(super) line: u64,
    /// Whether the first read (UTF-16) or the first text that is not ASCII
    /// (single-byte encodings) has been looked at.
    pub(super) decided: bool,
    /// UTF-16: a byte of a code unit cut by a read, and a high surrogate
    /// waiting for its low half.
    pub(super) odd: Option<u8>,
    pub(super) high: Option<u16>,
    /// What it refused, kept: every later read fails the same way (a reader
    /// that takes over after the failure must not read on past it), and
    /// the stream reader, which sees only that reading failed, finds here
    /// why.
    pub(super) refused: Rc<RefCell<Option<Refused>>>,
}

impl<R: Read> EncodingCheck<R> {
    pub(super) fn new(
        inner: R,
        encoding: &'static encoding_rs::Encoding,
        refused: Rc<RefCell<Option<Refused>>>,
    ) -> Self {
        EncodingCheck {
            inner,
            encoding,
            line: 1,
            decided: false,
            odd: None,
            high: None,
            refused,
        }
    }

    pub(super) fn refuse(&self, line: u64, code: Code) -> io::Error {
        let refused = Refused { line, code };
        *self.refused.borrow_mut() = Some(refused.clone());
        io::Error::other(refused)
    }

    /// A single-byte encoding: the first bytes that are not ASCII must not
    /// read as UTF-8 (two or more bytes forming UTF-8 characters are what a
    /// UTF-8 file holds, and next to never what a Windows-125x file does).
    pub(super) fn single_byte(&mut self, bytes: &[u8]) -> io::Result<()> {
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
        let code = Code::Utf8NotLegacy {
            word: clip(word.trim()).into_owned(),
            encoding: self.encoding.name().to_lowercase(),
        };
        Err(self.refuse(line, code))
    }

    /// UTF-16: not a UTF-8 file, and every surrogate paired.
    pub(super) fn utf16(&mut self, bytes: &[u8]) -> io::Result<()> {
        if !self.decided && !bytes.is_empty() {
            self.decided = true;
            let bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let utf8 = match std::str::from_utf8(bytes) {
                Ok(_) => true,
                Err(e) => e.error_len().is_none(),
            };
            if !bom && !bytes.contains(&0) && utf8 {
                let encoding = self.encoding.name().to_lowercase();
                return Err(self.refuse(1, Code::Utf8NotUtf16 { encoding }));
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

    pub(super) fn unpaired(&self, unit: u16) -> io::Error {
        let encoding = self.encoding.name().to_lowercase();
        self.refuse(self.line, Code::UnpairedSurrogate { unit, encoding })
    }
}

impl<R: Read> Read for EncodingCheck<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(refused) = self.refused.borrow().clone() {
            return Err(io::Error::other(refused));
        }
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
pub(super) fn synonym(name: &str) -> Option<&'static str> {
    match name {
        "amount" | "actual" | "số liệu" | "giá trị" | "gia tri" | "val" => Some("value"),
        "indicator_id" | "target" | "chỉ tiêu" | "chi tieu" | "kpi" | "metric" => {
            Some("indicator")
        }
        _ => None,
    }
}

pub(super) fn open_error(path: &Path, e: &io::Error) -> Code {
    let path = path.display().to_string();
    match e.kind() {
        io::ErrorKind::NotFound => Code::ActualsNotFound { path },
        _ => Code::CannotOpen {
            path,
            reason: e.to_string(),
        },
    }
}

/// A stream whose lines end in a lone carriage return (Excel for Mac's
/// "CSV (Macintosh)") passed on with those that end a record made line
/// feeds, so that the record splitter and the threads read it instead of
/// the csv reader on one thread. Which kind of stream it is, the end of
/// its first record says: a lone `\r` there turns the rest into line
/// feeds; anything else passes the stream on untouched. Only a `\r` the csv
/// reader takes as a record's end is changed (not one in a quoted value),
/// and it reads `\r` and `\n` alike there, so the records, their fields
/// and their line numbers stay what they were, byte for byte.
pub(super) struct CrLines<R> {
    inner: R,
    delimiter: u8,
    /// None until the first record's end is seen.
    translate: Option<bool>,
    field: Field,
    /// A `\r` at the end of what was read, outside quotes, whose next byte
    /// says whether it is lone.
    held_cr: bool,
    /// Bytes ready to hand on, from `at`.
    ready: Vec<u8>,
    at: usize,
    raw: Vec<u8>,
    /// An error met while deciding, given after the bytes read before it.
    error: Option<io::Error>,
}

/// How much of a stream is read, at most, to find its first record's end.
const CR_PEEK: usize = 64 * 1024;

impl<R: Read> CrLines<R> {
    /// With `always`, every `\r` that ends a record is made `\n`, whatever
    /// the first record ends in.
    pub(super) fn new(inner: R, delimiter: u8, always: bool) -> Self {
        CrLines {
            inner,
            delimiter,
            translate: always.then_some(true),
            field: Field::Start,
            held_cr: false,
            ready: Vec::new(),
            at: 0,
            raw: Vec::new(),
            error: None,
        }
    }

    /// Read until the first record's end outside quotes (or `CR_PEEK`
    /// bytes, or the end), and decide.
    fn decide(&mut self) {
        let mut chunk = vec![0u8; 8 * 1024];
        let decided = loop {
            if let Some(lone) = first_end_is_lone_cr(&self.raw, self.delimiter) {
                break lone;
            }
            if self.raw.len() >= CR_PEEK {
                break false;
            }
            match self.inner.read(&mut chunk) {
                Ok(0) => break first_end_is_lone_cr(&self.raw, self.delimiter) == Some(true),
                Ok(n) => self.raw.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    break false;
                }
            }
        };
        self.translate = Some(decided);
        let raw = std::mem::take(&mut self.raw);
        if decided {
            // The end of the input is not known yet: a `\r` last is held.
            self.ready.clear();
            self.convert(&raw, false);
        } else {
            self.ready = raw;
        }
        self.at = 0;
    }

    /// Append `bytes` to `ready`, each `\r` that ends a record and is not
    /// before a `\n` made a `\n`; at the end of the input (`end`), a
    /// held `\r` is lone.
    fn convert(&mut self, bytes: &[u8], end: bool) {
        let delimiter = self.delimiter;
        if !self.held_cr
            && matches!(self.field, Field::Start | Field::Unquoted)
            && memchr::memchr(b'"', bytes).is_none()
        {
            // No quote: every `\r` ends a record.
            let from = self.ready.len();
            self.ready.extend_from_slice(bytes);
            for p in memchr::memchr_iter(b'\r', bytes) {
                match bytes.get(p + 1) {
                    Some(b'\n') => {}
                    Some(_) => self.ready[from + p] = b'\n',
                    None => {
                        self.ready.pop();
                        self.held_cr = true;
                    }
                }
            }
            if let Some(&last) = bytes.last() {
                self.field = if matches!(last, b'\r' | b'\n') || last == delimiter {
                    Field::Start
                } else {
                    Field::Unquoted
                };
            }
            if end && std::mem::take(&mut self.held_cr) {
                self.ready.push(b'\n');
            }
            return;
        }
        if let Some(&first) = bytes.first()
            && std::mem::take(&mut self.held_cr)
        {
            self.ready.push(if first == b'\n' { b'\r' } else { b'\n' });
            self.field = Field::Start;
        }
        // Inside a field the bytes are copied up to the next one that can
        // change where the reading stands; those are read one at a time.
        let mut i = 0;
        while i < bytes.len() {
            let next = match self.field {
                Field::Quoted => memchr::memchr(b'"', &bytes[i..]),
                Field::Unquoted => memchr::memchr3(delimiter, b'\r', b'\n', &bytes[i..]),
                Field::Start | Field::QuoteInQuoted => Some(0),
            };
            let Some(skip) = next else {
                self.ready.extend_from_slice(&bytes[i..]);
                break;
            };
            self.ready.extend_from_slice(&bytes[i..i + skip]);
            i += skip;
            let b = bytes[i];
            let outside = self.field != Field::Quoted;
            if outside && b == b'\r' {
                // The record ends here: a `\n` next is its own end.
                match bytes.get(i + 1) {
                    Some(&next) => {
                        self.ready.push(if next == b'\n' { b'\r' } else { b'\n' });
                        self.field = Field::Start;
                    }
                    None => self.held_cr = true,
                }
                i += 1;
                continue;
            }
            self.field = if outside && b == b'\n' {
                Field::Start
            } else {
                self.field.after(b, delimiter)
            };
            self.ready.push(b);
            i += 1;
        }
        if end && std::mem::take(&mut self.held_cr) {
            self.ready.push(b'\n');
        }
    }
}

/// Whether the first record of `bytes` ends in a lone `\r` (outside
/// quotes, not before a `\n`); None when `bytes` do not show it yet.
fn first_end_is_lone_cr(bytes: &[u8], delimiter: u8) -> Option<bool> {
    let mut field = Field::Start;
    for (i, &b) in bytes.iter().enumerate() {
        if field != Field::Quoted {
            match b {
                b'\n' => return Some(false),
                b'\r' => return bytes.get(i + 1).map(|&next| next != b'\n'),
                _ => {}
            }
        }
        field = field.after(b, delimiter);
    }
    None
}

impl<R: Read> Read for CrLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.translate.is_none() {
            self.decide();
        }
        loop {
            if self.at < self.ready.len() {
                let n = buf.len().min(self.ready.len() - self.at);
                buf[..n].copy_from_slice(&self.ready[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if let Some(e) = self.error.take() {
                return Err(e);
            }
            if self.translate != Some(true) {
                return self.inner.read(buf);
            }
            self.raw.resize(buf.len().max(1), 0);
            let n = self.inner.read(&mut self.raw)?;
            self.ready.clear();
            self.at = 0;
            let raw = std::mem::take(&mut self.raw);
            self.convert(&raw[..n], n == 0);
            self.raw = raw;
            if n == 0 && self.ready.is_empty() {
                return Ok(0);
            }
        }
    }
}
