//! The line reader: the splitter for what the bitmask splitter
//! (`records.rs`) calls irregular. It splits a line as the csv reader does
//! (`""` is a quote, a quote inside an unquoted field is a character),
//! finds the value's field from either end of a line, finds where a record
//! over lines ends, and trims fields as the row rules do (ASCII blanks
//! here; a field with anything else at an edge goes to the full path).

use super::blank;
use super::blocks::MAX_FIELDS;
use super::keys::word_in;

/// Drop a line's `\r` ending.
pub(super) fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether a field's first or last character is beyond ASCII and either
/// white space (which `str::trim` removes and [`trim`] does not) or not
/// UTF-8 at all: the full path then reads the field.
pub(super) fn unicode_edge(field: &[u8]) -> bool {
    let space = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .map_or(true, |s| s.chars().next().is_some_and(char::is_whitespace))
    };
    let first = match field.first() {
        Some(&b) if b >= 0x80 => {
            let width = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            space(field.get(..width).unwrap_or(field))
        }
        _ => false,
    };
    let last = match field.last() {
        Some(&b) if b >= 0x80 => {
            // Back over continuation bytes to the character's first byte.
            let start = (1..=4.min(field.len()))
                .map(|k| field.len() - k)
                .find(|&i| field[i] & 0xC0 != 0x80)
                .unwrap_or(0);
            space(&field[start..])
        }
        _ => false,
    };
    first || last
}

/// Trim ASCII and no-break spaces as `str::trim` does for these inputs.
pub(super) fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &bytes[start..end]
}

/// Field `c` of a line split at `ends`, trimmed; empty when absent.
pub(super) fn field<'a>(line: &'a [u8], ends: &[usize], c: Option<usize>) -> &'a [u8] {
    match c {
        Some(c) if c < ends.len() => {
            let start = if c == 0 { 0 } else { ends[c - 1] + 1 };
            let raw = &line[start..ends[c]];
            // A plain quoted field (`"46,4"`, [`Quotes::Simple`]) is its
            // text between the quotes, as the csv reader reads it.
            let raw = match raw {
                [b'"', inner @ .., b'"'] => inner,
                _ => raw,
            };
            trim(raw)
        }
        _ => &b""[..],
    }
}

/// What a line's quotes are, read as the csv reader reads them (RFC 4180:
/// a field that starts with `"` is quoted, `""` inside it is a quote; a
/// quote elsewhere is a character). Ordered: each needs more than the one
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Quotes {
    /// No quote at all.
    None,
    /// Quoted fields are `"…"` with no quote inside: the text between.
    Simple,
    /// Quotes that need reading (`""`, text after a closing quote, a
    /// quote inside an unquoted field): [`unquote`] reads the fields.
    Other,
    /// A quoted field is still open at the end of the line: it holds a
    /// line break, and the record goes on.
    Open,
}

/// Where a line's fields end, quotes understood (a delimiter inside a
/// quoted field does not end it), and what its quotes are. Like
/// [`split`], it counts every field and records the first [`MAX_FIELDS`].
pub(super) fn split_quoted(
    line: &[u8],
    delimiter: u8,
    ends: &mut [usize; MAX_FIELDS],
) -> (usize, Quotes) {
    if memchr::memchr(b'"', line).is_none() {
        return (split(line, delimiter, ends), Quotes::None);
    }
    let mut quotes = Quotes::None;
    let mut count = 0;
    let mut record = |count: &mut usize, end: usize| {
        if let Some(e) = ends.get_mut(*count) {
            *e = end;
        }
        *count += 1;
    };
    // Field by field; fields are short, so plain loops beat setting up a
    // vector search for each.
    let find = |from: usize, byte: u8| {
        line[from..]
            .iter()
            .position(|&b| b == byte)
            .map(|k| from + k)
    };
    let mut at = 0;
    loop {
        let end = if line.get(at) == Some(&b'"') {
            quotes = quotes.max(Quotes::Simple);
            // The closing quote: the first `"` not doubled.
            let mut from = at + 1;
            let close = loop {
                match find(from, b'"') {
                    None => return (count + 1, Quotes::Open),
                    Some(q) if line.get(q + 1) == Some(&b'"') => {
                        quotes = Quotes::Other; // `""`: a quote in the text
                        from = q + 2;
                    }
                    Some(q) => break q,
                }
            };
            match line.get(close + 1) {
                None => line.len(),
                Some(&b) if b == delimiter => close + 1,
                // Text after the closing quote belongs to the field.
                Some(_) => {
                    quotes = Quotes::Other;
                    find(close + 1, delimiter).unwrap_or(line.len())
                }
            }
        } else {
            let mut end = at;
            while let Some(&b) = line.get(end) {
                if b == delimiter {
                    break;
                }
                if b == b'"' {
                    quotes = Quotes::Other; // a quote inside an unquoted field
                }
                end += 1;
            }
            end
        };
        record(&mut count, end);
        if end >= line.len() {
            return (count, quotes);
        }
        at = end + 1;
    }
}

/// What [`Ranged::record_over_lines`] did.
pub(super) enum Over {
    /// Read; the next record starts here.
    Read(usize),
    /// The bytes end before the record does.
    Unfinished,
}

/// Where the record that starts at `bytes[start]` ends (the index of its
/// `\n`), read as the csv reader reads it: a field that starts with `"` is
/// quoted up to a `"` not doubled, and may hold line breaks; text after
/// its closing quote, and any quote in a field that does not start with
/// one, is a character. None when the bytes end first.
pub(super) fn record_end(bytes: &[u8], start: usize, delimiter: u8) -> Option<usize> {
    let mut at = start;
    loop {
        if bytes.get(at) == Some(&b'"') {
            let mut from = at + 1;
            at = loop {
                let quote = from + memchr::memchr(b'"', bytes.get(from..)?)?;
                match bytes.get(quote + 1) {
                    Some(b'"') => from = quote + 2,
                    Some(_) => break quote + 1,
                    None => return None, // a doubled quote, or the end?
                }
            };
        }
        let found = at + memchr::memchr2(delimiter, b'\n', bytes.get(at..)?)?;
        if bytes[found] == b'\n' {
            return Some(found);
        }
        at = found + 1;
    }
}

/// Where the value (field `column`, with `after` fields after it) of a line
/// with quotes is, inside its quotes if it has them, reading only the fields
/// from the nearer end of the line up to it; None when one of those fields,
/// or the value, is not plain (see [`Quotes::Simple`]). Only for a line
/// whose key is then found among those met: the rest of the line is the
/// key's, which was split in full, from its start, when it was new. That is
/// what makes reading from the end sound: the bytes before the value end in
/// its opening quote (or a delimiter), the value holds no quote (nor, when
/// unquoted, a delimiter), so a line with a known key's bytes around such a
/// value splits as the key's first line did.
pub(super) fn quoted_value(
    line: &[u8],
    delimiter: u8,
    column: usize,
    after: usize,
) -> Option<(usize, usize)> {
    if after < column {
        return quoted_value_from_end(line, delimiter, after);
    }
    let mut at = 0;
    for c in 0..=column {
        let (from, to, next) = if line.get(at) == Some(&b'"') {
            let close = find2(line, at + 1, b'"', b'"')?;
            match line.get(close + 1) {
                None => (at + 1, close, close + 1),
                Some(&b) if b == delimiter => (at + 1, close, close + 1),
                Some(_) => return None, // `""` or text after the quote
            }
        } else {
            let to = match find2(line, at, delimiter, b'"') {
                Some(k) if line[k] == b'"' => return None,
                Some(k) => k,
                None => line.len(),
            };
            (at, to, to)
        };
        if c == column {
            return Some((from, to));
        }
        if next >= line.len() {
            return None; // too few fields
        }
        at = next + 1;
    }
    None
}

/// [`quoted_value`] read from the line's end: the value has `after`
/// fields after it.
pub(super) fn quoted_value_from_end(
    line: &[u8],
    delimiter: u8,
    after: usize,
) -> Option<(usize, usize)> {
    let mut end = line.len();
    for i in 0..=after {
        let (from, to, start) = if end > 0 && line[end - 1] == b'"' {
            let open = rfind2(line, end - 1, b'"', b'"')?;
            // `""`, or text before the opening quote: not plain.
            if open > 0 && line[open - 1] != delimiter {
                return None;
            }
            (open + 1, end - 1, open)
        } else {
            let start = match rfind2(line, end, delimiter, b'"') {
                Some(k) if line[k] == b'"' => return None,
                Some(k) => k + 1,
                None => 0,
            };
            (start, end, start)
        };
        if i == after {
            return Some((from, to));
        }
        if start == 0 {
            return None; // too few fields
        }
        end = start - 1; // the delimiter before this field
    }
    None
}

/// The first byte of `line` at or after `at` that is `a` or `b`, eight
/// bytes at a time (fields are short: a vector search costs more to set up).
#[inline]
pub(super) fn find2(line: &[u8], mut at: usize, a: u8, b: u8) -> Option<usize> {
    let (pa, pb) = (u64::from_ne_bytes([a; 8]), u64::from_ne_bytes([b; 8]));
    while at + 8 <= line.len() {
        let word = word_at(line, at);
        let hits = zero_bytes(word ^ pa) | zero_bytes(word ^ pb);
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = line.get(at..)?;
    rest.iter().position(|&c| c == a || c == b).map(|k| at + k)
}

/// The last byte of `line` before `end` that is `a` or `b`.
#[inline]
pub(super) fn rfind2(line: &[u8], mut end: usize, a: u8, b: u8) -> Option<usize> {
    let (pa, pb) = (u64::from_ne_bytes([a; 8]), u64::from_ne_bytes([b; 8]));
    while end >= 8 {
        let word = word_at(line, end - 8);
        let hits = zero_bytes(word ^ pa) | zero_bytes(word ^ pb);
        if hits != 0 {
            return Some(end - 8 + (63 - hits.leading_zeros()) as usize / 8);
        }
        end -= 8;
    }
    line[..end].iter().rposition(|&c| c == a || c == b)
}

/// Whether a line is blank as the csv reader reads it, which skips it: its
/// bytes are blank ([`blank`]), or it is one field whose text, its quotes
/// closed on the line and taken off, is blank (`""`, `" "`). `record` and
/// `field` are scratch space.
pub(super) fn blank_record(
    line: &[u8],
    delimiter: u8,
    record: &mut csv::ByteRecord,
    field: &mut Vec<u8>,
) -> bool {
    if blank(line, delimiter) {
        return true;
    }
    // A delimiter makes two fields, or is text inside quotes: not blank.
    // An odd count of quotes leaves one open: a record over lines.
    let quotes = memchr::memchr_iter(b'"', line).count();
    if quotes == 0 || quotes % 2 == 1 || memchr::memchr(delimiter, line).is_some() {
        return false;
    }
    record.clear();
    unquote(line, delimiter, record, field);
    record.len() == 1 && blank(&record[0], delimiter)
}

/// What follows a record, as far as `rest` shows: `Some(true)` when a line
/// with more than blanks on it and no quote comes first (a record the csv
/// reader reads), `Some(false)` when only blank lines do, None when a line
/// with a quote comes first (a `""` or a lone `"` may read as a blank
/// record, and only the csv reader says).
pub(super) fn record_follows(rest: &[u8], delimiter: u8) -> Option<bool> {
    for line in rest.split(|&b| b == b'\n') {
        if memchr::memchr(b'"', line).is_some() {
            return None;
        }
        if !blank(line, delimiter) {
            return Some(true);
        }
    }
    Some(false)
}

/// Where a byte stands as the csv reader reads a record: at a field's
/// start, in an unquoted field, in a quoted one, or just after a quote in a
/// quoted field (which closes it unless another quote follows).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Field {
    Start,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl Field {
    /// Where the reading stands after `b`. A line end is not one of the
    /// bytes here: outside quotes it ends the record, which the caller
    /// sees to; inside, it is text like any other.
    #[inline]
    pub(super) fn after(self, b: u8, delimiter: u8) -> Field {
        match (self, b) {
            (Field::Quoted, b'"') => Field::QuoteInQuoted,
            (Field::Quoted, _) => Field::Quoted,
            (Field::Start | Field::QuoteInQuoted, b'"') => Field::Quoted,
            _ if b == delimiter => Field::Start,
            _ => Field::Unquoted,
        }
    }
}

/// The fields of a line whose quoted fields all close on it, read as the
/// csv reader reads them, into `record`.
pub(super) fn unquote(
    line: &[u8],
    delimiter: u8,
    record: &mut csv::ByteRecord,
    field: &mut Vec<u8>,
) {
    let mut state = Field::Start;
    field.clear();
    for &b in line {
        let next = state.after(b, delimiter);
        if b == delimiter && next == Field::Start {
            record.push_field(field);
            field.clear();
        } else if !(b == b'"' && matches!(state, Field::Start | Field::Quoted)) {
            // Not the quote that opens a field or one that may close it.
            field.push(b);
        }
        state = next;
    }
    record.push_field(field);
}

/// How many fields a line has, and where the first [`MAX_FIELDS`] end
/// (`ends[i]` is the end of field i).
pub(super) fn split(line: &[u8], delimiter: u8, ends: &mut [usize; MAX_FIELDS]) -> usize {
    let mut count = 0;
    // Lines are short: a plain loop beats setting up a vector search.
    for (d, byte) in line.iter().enumerate() {
        if *byte == delimiter {
            if let Some(end) = ends.get_mut(count) {
                *end = d;
            }
            count += 1;
        }
    }
    if let Some(end) = ends.get_mut(count) {
        *end = line.len();
    }
    count + 1
}

/// The eight bytes at `at` as a little-endian word, zero past the end.
#[inline]
pub(super) fn word_at(bytes: &[u8], at: usize) -> u64 {
    if let Some(Ok(word)) = bytes.get(at..at + 8).map(<[u8; 8]>::try_from) {
        return u64::from_le_bytes(word);
    }
    word_tail(bytes, at)
}

/// [`word_at`] for the last bytes of a buffer.
#[cold]
pub(super) fn word_tail(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    let rest = bytes.get(at..).unwrap_or_default();
    let n = rest.len().min(8);
    word[..n].copy_from_slice(&rest[..n]);
    u64::from_le_bytes(word)
}

/// The high bit of every byte of `word` that is zero, and no other bit.
pub(super) fn zero_bytes(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((word & LOW7) + LOW7) | word | LOW7)
}

/// [`Ranged::value_bounds`] from the line's end, for a value with `after`
/// fields after it.
#[inline]
pub(super) fn value_bounds_from_end(
    bytes: &[u8],
    start: usize,
    end: usize,
    after: usize,
    pattern: u64,
) -> Option<(usize, usize)> {
    let mut seen = 0;
    let mut value_end = end;
    let mut high = end;
    while high > start {
        let low = high.saturating_sub(8).max(start);
        // The bytes low..high, in the low end of the word.
        let mut hits = zero_bytes(word_in(bytes, low, high) ^ pattern);
        let count = ones(hits);
        // Counted from the end, delimiter `after` ends the value and the
        // next one is just before it.
        if seen + count >= after {
            let mut n = seen;
            while hits != 0 {
                n += 1;
                let top = 63 - hits.leading_zeros();
                let position = low + (top / 8) as usize;
                if n == after {
                    value_end = position;
                } else if n == after + 1 {
                    return Some((position + 1, value_end));
                }
                hits ^= 1 << top;
            }
        }
        seen += count;
        high = low;
    }
    None
}

/// How many bytes of a [`zero_bytes`] mask are set: one bit per byte at
/// most, so a multiply adds them up (cheaper than count_ones where the
/// CPU baseline has no popcnt).
#[inline]
pub(super) fn ones(hits: u64) -> usize {
    ((hits >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_space_beyond_ascii_at_an_edge_needs_the_full_path() {
        for (field, edge) in [
            ("Quế Võ", false),
            ("Từ Sơn", false),
            ("Bắc Ninh\u{a0}", true),
            ("\u{a0}Bắc Ninh", true),
            ("\u{3000}x", true),
            ("x\u{2009}", true),
            ("plain", false),
            ("", false),
        ] {
            assert_eq!(unicode_edge(field.as_bytes()), edge, "{field:?}");
        }
        // Bytes that are not UTF-8 at an edge: the full path names them.
        assert!(unicode_edge(b"caf\xe9"));
        assert!(unicode_edge(b"\xe9t\xe9"));
    }

    #[test]
    fn quotes_are_split_as_the_csv_reader_splits_them() {
        let mut ends = [0; MAX_FIELDS];
        let cases: [(&[u8], usize, Quotes); 8] = [
            (b"a,b,c", 3, Quotes::None),
            (b"a,\"6,9\",c", 3, Quotes::Simple),
            (b"\"a\",\"\",\"c\"", 3, Quotes::Simple),
            (b"a,\"x\"\"y\",c", 3, Quotes::Other),
            (b"a,\"x\"y,c", 3, Quotes::Other),
            (b"a,5 inch\",c", 3, Quotes::Other),
            (b"a,\"open,c", 2, Quotes::Open),
            (b"a,\"x\"\"", 2, Quotes::Open),
        ];
        for (line, count, quotes) in cases {
            let got = split_quoted(line, b',', &mut ends);
            assert_eq!(got, (count, quotes), "{}", String::from_utf8_lossy(line));
        }
        let mut record = csv::ByteRecord::new();
        unquote(
            b"a,\"x\"\"y\",\"p\"q, \"s\",e\"f",
            b',',
            &mut record,
            &mut Vec::new(),
        );
        let fields: Vec<&[u8]> = record.iter().collect();
        assert_eq!(fields, [&b"a"[..], b"x\"y", b"pq", b" \"s\"", b"e\"f"]);
    }

    /// The value's bounds, read from either end, are those of the full
    /// split whenever the fields read are plain; and whatever the line, a
    /// value found holds no quote (nor, unquoted, a delimiter): what makes
    /// a known key's bytes around it split as the key's first line did.
    /// Lines of three to five fields, each empty, plain, quoted, quoted with
    /// a delimiter, `""`, `"a""b"`, a stray quote or text after a quote.
    #[test]
    fn the_value_is_found_from_either_end_as_the_full_split_finds_it() {
        let kinds: [&[u8]; 8] = [
            b"",
            b"ab",
            b"\"x,y\"",
            b"\"\"",
            b"\"a\"\"b\"",
            b"5\"",
            b"\"q\"r",
            b"\"open",
        ];
        let plain = |f: &[u8]| match f {
            [b'"', inner @ .., b'"'] => !inner.contains(&b'"'),
            _ => !f.contains(&b'"'),
        };
        let mut ends = [0; MAX_FIELDS];
        let mut checked = 0;
        for width in 3..=5usize {
            for n in 0..kinds.len().pow(width as u32) {
                let (mut line, mut fields, mut k) = (Vec::new(), Vec::new(), n);
                for f in 0..width {
                    if f > 0 {
                        line.push(b',');
                    }
                    let field = kinds[k % kinds.len()];
                    (k, _) = (k / kinds.len(), line.extend_from_slice(field));
                    fields.push(field);
                }
                split_quoted(&line, b',', &mut ends);
                for column in 0..width {
                    let start = if column == 0 { 0 } else { ends[column - 1] + 1 };
                    let mut want = (start, ends[column]);
                    if line.get(start) == Some(&b'"') {
                        want = (want.0 + 1, want.1 - 1);
                    }
                    let forward = quoted_value(&line, b',', column, width);
                    let backward = quoted_value_from_end(&line, b',', width - 1 - column);
                    let text = String::from_utf8_lossy(&line);
                    if fields[..=column].iter().all(|f| plain(f)) {
                        assert_eq!(forward, Some(want), "{text} column {column}");
                        checked += 1;
                    }
                    if fields.iter().all(|f| plain(f)) {
                        assert_eq!(backward, Some(want), "{text} column {column} from the end");
                        checked += 1;
                    }
                    for (from, to) in [forward, backward].into_iter().flatten() {
                        let value = &line[from..to];
                        let quoted = from > 0 && line[from - 1] == b'"';
                        assert!(!value.contains(&b'"'), "{text} column {column}");
                        assert!(quoted || !value.contains(&b','), "{text} column {column}");
                    }
                }
            }
        }
        assert!(checked > 5_000, "{checked}");
    }
}
