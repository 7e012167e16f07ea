//! Where a buffer's records and their fields are, read off bitmasks of its
//! line breaks, delimiters, quotes and carriage returns (see the `bytemask`
//! crate) instead of a search per line and per field.
//!
//! The quote state at any byte is the parity of the quotes before it: a
//! prefix XOR of a window's quote mask, carried from window to window,
//! marks the bytes inside quotes, and the line breaks and delimiters
//! outside them are the structure (the approach of simdjson's structural
//! index and of the `simd-csv` crate). The same masks say whether a record
//! is one the line reader may take as it is: every quoted field a plain
//! `"…"` from delimiter to delimiter, no line break inside quotes, no `\r`
//! but one just before a `\n`. For a record that is not, the iterator
//! gives `Err` with where it starts, without looking for its end (a stray
//! quote would have it run to the next quote), and the caller reads it,
//! and the rest of its buffer, the slow and careful way: the masks decide
//! nothing they cannot decide exactly.
//!
//! A buffer must start at the start of a record (outside quotes).

use bytemask::Masks;

use super::blocks::MAX_FIELDS;

/// Bytes classified at a time: their masks stay in the first-level cache
/// while the records over them are read.
const PIECE: usize = 4096;

/// A complete record of the buffer: `bytes[start..at]`, `at` its `\n`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Record {
    pub start: usize,
    pub at: usize,
    /// Where the record ends without its `\r` (if `\r\n` ends it).
    pub end: usize,
    /// Where field `column` starts and ends, its quotes included; None
    /// when the record has fewer fields. (The fields after it are not
    /// counted: a record folded by its key has the key's bytes, whose
    /// field count was checked when the key was new.)
    pub value: Option<(usize, usize)>,
    /// Whether it holds a quote.
    pub quoted: bool,
}

/// Every field of a record: how many there are, and where the first
/// [`MAX_FIELDS`] end (from the record's start: at a delimiter, or at its
/// end).
pub(super) struct Fields {
    pub count: usize,
    pub ends: [usize; MAX_FIELDS],
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            count: 0,
            ends: [0; MAX_FIELDS],
        }
    }
}

/// The records of a buffer, in order (an iterator).
pub(super) struct Records<'b, 'm> {
    bytes: &'b [u8],
    delimiter: u8,
    column: usize,
    /// Per window of the current piece: its structural line breaks,
    /// structural delimiters, quotes and irregular bytes (see
    /// [`Records::derive`]).
    masks: &'m mut Vec<Masks>,
    /// The window of `masks[0]`.
    first: usize,
    /// Where the next record starts.
    pos: usize,
    /// All ones when the next piece starts inside quotes.
    parity: u64,
    /// 1 when the byte before the next piece is a delimiter or a line
    /// break, or there is none: a quote there may open a field.
    field_start: u64,
}

impl<'b, 'm> Records<'b, 'm> {
    /// The records of `bytes` whose field `column` is wanted, with
    /// `scratch` for the masks.
    pub(super) fn new(
        bytes: &'b [u8],
        delimiter: u8,
        column: usize,
        scratch: &'m mut Vec<Masks>,
    ) -> Self {
        debug_assert!(!matches!(delimiter, b'\n' | b'\r' | b'"'));
        scratch.clear();
        Records {
            bytes,
            delimiter,
            column,
            masks: scratch,
            first: 0,
            pos: 0,
            parity: 0,
            field_start: 1,
        }
    }

    /// Where the record after the last one returned starts: once the
    /// iterator is done, the start of the unfinished record (the buffer's
    /// length when there is none).
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// Every field of `record`, the one just returned, into `fields`, read
    /// off the same masks (a record read field by field need not be split
    /// again); false when it began in the piece before, whose masks are
    /// gone (one record in about 80 at most).
    pub(super) fn fields(&self, record: &Record, fields: &mut Fields) -> bool {
        let (start, end) = (record.start, record.end);
        let (first, last) = (start / 64, end / 64);
        if first < self.first {
            return false;
        }
        let mut count = 0;
        for w in first..=last {
            // The bits of `start..end` in window w.
            let low = if w == first { start % 64 } else { 0 };
            let high = if w == last { end % 64 } else { 64 };
            let span = (u64::MAX << low) & u64::MAX.checked_shr(64 - high as u32).unwrap_or(0);
            let mut ds = self.masks[w - self.first][1] & span;
            while ds != 0 {
                if let Some(e) = fields.ends.get_mut(count) {
                    *e = 64 * w + ds.trailing_zeros() as usize - start;
                }
                count += 1;
                ds &= ds - 1;
            }
        }
        if let Some(e) = fields.ends.get_mut(count) {
            *e = end - start;
        }
        fields.count = count + 1;
        true
    }

    /// The masks of window `w`, classifying the next piece when `w` is in
    /// it (windows are asked for in order).
    #[inline]
    fn window(&mut self, w: usize) -> Masks {
        let index = w - self.first;
        if let Some(&masks) = self.masks.get(index) {
            return masks;
        }
        debug_assert_eq!(index, self.masks.len());
        self.first = w;
        let from = w * 64;
        let to = self.bytes.len().min(from + PIECE);
        let needles = [b'\n', self.delimiter, b'"', b'\r'];
        bytemask::classify(&self.bytes[from..to], needles, self.masks);
        for i in 0..self.masks.len() {
            self.masks[i] = self.derive(w + i, self.masks[i]);
        }
        self.masks[0]
    }

    /// Window `w`'s masks of line breaks, delimiters, quotes and `\r`s
    /// made into those of its structural line breaks and delimiters (the
    /// ones outside quotes), its quotes, and its irregular bytes: a quote
    /// that opens a field anywhere but at a field's start, one that closes
    /// it anywhere but at its end, a line break inside quotes, a `\r`
    /// inside quotes or not before a `\n`. A byte whose neighbour is past
    /// the buffer is taken as regular: its record is unfinished.
    #[inline]
    fn derive(&mut self, w: usize, [n, d, q, r]: Masks) -> Masks {
        let next = self.bytes.get(64 * w + 64).copied();
        // The bits of the last window past the buffer's end: the bytes
        // before them have unknown neighbours.
        let valid = self.bytes.len() - 64 * w;
        let beyond = if valid < 64 { u64::MAX << valid } else { 0 };
        // Whether the byte after each is a `\n`; true when unknown.
        let next_nl = u64::from(next.is_none_or(|b| b == b'\n'));
        let before_nl = ((n | beyond) >> 1) | (next_nl << 63);
        let masks = if q == 0 && self.parity == 0 {
            [n, d, 0, r & !before_nl]
        } else {
            let inside = prefix_xor(q) ^ self.parity;
            // A quote inside by the parity opens a field, one outside
            // closes it.
            let (open, close) = (q & inside, q & !inside);
            let after_boundary = ((d | n) << 1) | self.field_start;
            let next_boundary =
                u64::from(next.is_none_or(|b| b == self.delimiter || b == b'\n' || b == b'\r'));
            let before_boundary = ((d | n | r | beyond) >> 1) | (next_boundary << 63);
            let irregular = (open & !after_boundary)
                | (close & !before_boundary)
                | (n & inside)
                | (r & (inside | !before_nl));
            self.parity = ((inside as i64) >> 63) as u64;
            [n & !inside, d & !inside, q, irregular]
        };
        self.field_start = (d | n) >> 63;
        masks
    }
}

impl Iterator for Records<'_, '_> {
    /// A record, or where an irregular one starts: one whose quotes are
    /// other than plain `"…"` fields (a `""`, text before or after a
    /// quoted part, a quote inside an unquoted field), whose quoted field
    /// holds a line break, or which holds a `\r` not just before its
    /// `\n`. After an irregular record the iterator is done.
    type Item = Result<Record, usize>;

    #[inline]
    fn next(&mut self) -> Option<Result<Record, usize>> {
        let (start, len, column) = (self.pos, self.bytes.len(), self.column);
        // Delimiters passed; field `column` starts after delimiter
        // `column` (numbered from 1) and ends at the next, where the walk
        // stops. No popcount: it is not in the baseline instruction set.
        let mut passed = 0;
        let (mut value_start, mut value_end) = (start, usize::MAX);
        let mut quotes = 0;
        let mut pos = start;
        while pos < len {
            let w = pos / 64;
            let [lines, delimiters, q, odd] = self.window(w);
            let live = u64::MAX << (pos % 64);
            let nl = lines & live;
            // The bits up to the record's `\n`, or to the window's end.
            let span = if nl == 0 {
                live
            } else {
                live & (nl ^ (nl - 1))
            };
            if odd & span != 0 {
                self.pos = len;
                return Some(Err(start));
            }
            quotes |= q & span;
            if value_end == usize::MAX {
                let mut ds = delimiters & span;
                while ds != 0 {
                    passed += 1;
                    let at = 64 * w + ds.trailing_zeros() as usize;
                    if passed == column {
                        value_start = at + 1;
                    } else if passed == column + 1 {
                        value_end = at;
                        break;
                    }
                    ds &= ds - 1;
                }
            }
            if nl != 0 {
                let at = 64 * w + nl.trailing_zeros() as usize;
                let end = if at > start && self.bytes[at - 1] == b'\r' {
                    at - 1
                } else {
                    at
                };
                self.pos = at + 1;
                return Some(Ok(Record {
                    start,
                    at,
                    end,
                    value: (passed >= column).then(|| (value_start, value_end.min(end))),
                    quoted: quotes != 0,
                }));
            }
            pos = 64 * (w + 1);
        }
        None
    }
}

/// Bit `i` set when an odd number of bits `0..=i` of `x` are.
#[inline]
fn prefix_xor(mut x: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        x ^= x << shift;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records up to the first irregular one, and then where that
    /// starts or the unfinished record does.
    fn records(text: &str, column: usize) -> (Vec<Record>, usize) {
        let mut scratch = Vec::new();
        let mut it = Records::new(text.as_bytes(), b',', column, &mut scratch);
        let mut all = Vec::new();
        for next in it.by_ref() {
            match next {
                Ok(record) => all.push(record),
                Err(start) => return (all, start),
            }
        }
        (all, it.pos())
    }

    fn value<'t>(text: &'t str, r: &Record) -> Option<&'t str> {
        r.value.map(|(s, e)| &text[s..e])
    }

    #[test]
    fn plain_records_and_their_value_fields() {
        let text = "a,b,1\r\nc,d,2\nshort\n,,\nunfinished,x";
        let (all, pos) = records(text, 2);
        assert_eq!(all.len(), 4);
        assert_eq!((all[0].start, all[0].at, all[0].end), (0, 6, 5));
        assert_eq!(value(text, &all[0]), Some("1"));
        assert_eq!(value(text, &all[1]), Some("2"));
        assert_eq!(all[2].value, None);
        assert_eq!(value(text, &all[3]), Some(""));
        assert!(all.iter().all(|r| !r.quoted));
        assert_eq!(pos, text.find("unfinished").unwrap());
    }

    #[test]
    fn quoted_delimiters_are_not_structure() {
        let text = "\"Bắc, Ninh\",2022-01,\"46,4\"\n\"\",x,\"\"\r\n";
        let (all, _) = records(text, 2);
        assert_eq!(all.len(), 2);
        assert_eq!(value(text, &all[0]), Some("\"46,4\""));
        assert!(all[0].quoted);
        assert_eq!(value(text, &all[1]), Some("\"\""));
    }

    #[test]
    fn what_is_not_a_plain_quoted_field_is_irregular() {
        for text in [
            "a,\"x\"\"y\",1\n",     // a doubled quote
            "a,x\"y,1\n",           // a quote inside an unquoted field
            "a,\"x\"y,1\n",         // text after the closing quote
            "a,b\"x\",1\n",         // text before the opening quote
            "a,\"two\nlines\",1\n", // a line break inside quotes
            "a,b\r,1\n",            // a lone \r
            "a,\"b\rc\",1\n",       // a \r inside quotes
        ] {
            let text = format!("x,y,0\n{text}z,z,2\n");
            let (all, at) = records(&text, 2);
            assert_eq!((all.len(), at), (1, 6), "{text:?}");
        }
    }

    /// Records across window and piece boundaries match a line split.
    #[test]
    fn long_buffers_split_as_lines_do() {
        let mut text = String::new();
        for i in 0..3000 {
            let pad = "x".repeat(i % 97);
            if i % 3 == 0 {
                text.push_str(&format!("\"{pad},{i}\",p,\"{i}\"\r\n"));
            } else {
                text.push_str(&format!("{pad},{i},{i}\n"));
            }
        }
        let (all, pos) = records(&text, 2);
        assert_eq!(pos, text.len());
        let lines: Vec<_> = text.split_inclusive('\n').collect();
        assert_eq!(all.len(), lines.len());
        let mut start = 0;
        for (i, (r, line)) in all.iter().zip(&lines).enumerate() {
            assert_eq!(r.start, start);
            assert_eq!(r.at, start + line.len() - 1);
            let v = value(&text, r).unwrap().trim_matches('"');
            assert_eq!(v, i.to_string());
            start += line.len();
        }
    }

    /// What [`Records`] gives, read byte by byte: the records up to the
    /// first irregular one, then `Err` with its start, or the start of the
    /// unfinished record.
    fn reference(bytes: &[u8], column: usize) -> (Vec<Record>, Result<usize, usize>) {
        let mut all = Vec::new();
        let mut start = 0;
        'records: loop {
            let (mut at, mut field) = (start, 0);
            let (mut value, mut quoted) = (None, false);
            loop {
                let field_start = at;
                // One field: `at` ends at the byte after it.
                if bytes.get(at) == Some(&b'"') {
                    quoted = true;
                    let Some(close) = bytes[at + 1..].iter().position(|&b| b == b'"') else {
                        let rest = &bytes[at + 1..];
                        return match rest.iter().any(|&b| b == b'\n' || b == b'\r') {
                            true => (all, Err(start)),
                            false => (all, Ok(start)),
                        };
                    };
                    let inner = &bytes[at + 1..at + 1 + close];
                    if inner.iter().any(|&b| b == b'\n' || b == b'\r') {
                        return (all, Err(start));
                    }
                    at += close + 2;
                    match bytes.get(at) {
                        None => return (all, Ok(start)),
                        Some(b',' | b'\n' | b'\r') => {}
                        Some(_) => return (all, Err(start)),
                    }
                } else {
                    while let Some(&b) = bytes.get(at) {
                        match b {
                            b'"' => return (all, Err(start)),
                            b',' | b'\n' | b'\r' => break,
                            _ => at += 1,
                        }
                    }
                }
                if field == column {
                    value = Some((field_start, at));
                }
                field += 1;
                match bytes.get(at) {
                    None => return (all, Ok(start)),
                    Some(b',') => at += 1,
                    Some(b'\r') => match bytes.get(at + 1) {
                        None => return (all, Ok(start)),
                        Some(b'\n') => {
                            all.push(Record {
                                start,
                                at: at + 1,
                                end: at,
                                value,
                                quoted,
                            });
                            start = at + 2;
                            continue 'records;
                        }
                        Some(_) => return (all, Err(start)),
                    },
                    Some(_) => {
                        all.push(Record {
                            start,
                            at,
                            end: at,
                            value,
                            quoted,
                        });
                        start = at + 1;
                        continue 'records;
                    }
                }
            }
        }
    }

    /// Random buffers of the bytes that matter, over many windows and
    /// pieces, split as the byte-by-byte reading splits them.
    #[test]
    fn random_buffers_split_as_a_byte_by_byte_reading_does() {
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (mut split, mut records) = (0, 0);
        for round in 0..3000 {
            let len = (next() % 9000) as usize;
            // Most rounds regular enough to get far; some full of oddities.
            let odd = round % 4 == 0;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 64 {
                    0..=5 => b'\n',
                    6..=14 => b',',
                    15..=18 => b'"',
                    19 if odd => b'\r',
                    20 if odd => b'"',
                    _ => b'a',
                })
                .collect();
            // Quotes only where a regular file has them, in most rounds.
            let bytes = if odd { bytes } else { regularise(bytes) };
            let column = (next() % 4) as usize;
            let (want, end) = reference(&bytes, column);
            let mut scratch = Vec::new();
            let mut it = Records::new(&bytes, b',', column, &mut scratch);
            let mut got = Vec::new();
            let mut got_end = None;
            let mut fields = Fields::default();
            while let Some(r) = it.next() {
                match r {
                    Ok(r) => {
                        // Its fields, as the line splitter finds them.
                        if it.fields(&r, &mut fields) {
                            let mut ends = [0; MAX_FIELDS];
                            let line = &bytes[r.start..r.end];
                            let (count, _) =
                                super::super::lines::split_quoted(line, b',', &mut ends);
                            let n = count.min(MAX_FIELDS);
                            assert_eq!(fields.count, count, "round {round}");
                            assert_eq!(fields.ends[..n], ends[..n], "round {round}");
                            split += 1;
                        }
                        got.push(r);
                    }
                    Err(start) => got_end = Some(Err(start)),
                }
            }
            let got_end = got_end.unwrap_or(Ok(it.pos()));
            let value = |r: &Record| r.value.map(|(s, e)| (s, e.max(s)));
            let want_values: Vec<_> = want.iter().map(value).collect();
            let got_values: Vec<_> = got.iter().map(value).collect();
            assert_eq!(got_values, want_values, "round {round}");
            assert_eq!(got, want, "round {round}");
            assert_eq!(got_end, end, "round {round}");
            records += got.len();
        }
        // Most records' fields are read off the masks.
        assert!(split * 10 > records * 9, "{split} of {records}");
    }

    /// Quotes only as whole fields: each field is quoted or has none.
    fn regularise(bytes: Vec<u8>) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for (i, field) in bytes.split(|&b| b == b',').enumerate() {
            if i > 0 {
                out.push(b',');
            }
            for (j, line) in field.split(|&b| b == b'\n').enumerate() {
                if j > 0 {
                    out.push(b'\n');
                }
                if line.contains(&b'"') {
                    out.push(b'"');
                    out.extend(line.iter().filter(|&&b| b != b'"'));
                    out.push(b'"');
                } else {
                    out.extend_from_slice(line);
                }
            }
        }
        out
    }

    #[test]
    fn prefix_xor_marks_inside_quotes() {
        assert_eq!(prefix_xor(0b1_0010), 0b1110);
        assert_eq!(prefix_xor(1 << 62), 3 << 62);
    }
}
