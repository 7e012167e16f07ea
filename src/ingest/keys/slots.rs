//! The key table: a line key as eight overlapping words and their hash,
//! the slots that find a key again, each key's exact running total
//! ([`Tally`]), and the caches of texts, periods and units by their bytes.

use hashbrown::HashTable;
use rust_decimal::Decimal;

use super::*;
use crate::ingest::acc::{MAX_MANTISSA, MAX_SCALE, Total};
use crate::ingest::bytemap::ByteMap;
use crate::ingest::lines::word_at;
use crate::ingest::{RowRef, Span};

/// A line key as eight words, six for the bytes before the value and two
/// for those after: overlapping loads that cover every byte of a part up to
/// [`PREFIX_COVER`] and [`SUFFIX_COVER`] bytes long (a longer part is also
/// compared byte by byte). Most layouts put the value after indicator,
/// period and entity, so the part before it is the longer one.
pub(in crate::ingest) type Words = [u64; 8];

/// The longest parts before and after the value that [`Words`] cover whole.
pub(in crate::ingest) const PREFIX_COVER: usize = 48;
pub(in crate::ingest) const SUFFIX_COVER: usize = 16;

#[inline]
pub(in crate::ingest) fn key_words(
    bytes: &[u8],
    prefix: (usize, usize),
    suffix: (usize, usize),
) -> Words {
    let mut words = [0u64; 8];
    part_words(bytes, prefix, &mut words[..6]);
    part_words(bytes, suffix, &mut words[6..]);
    words
}

/// `out.len()` words for `bytes[from..to]`: the part itself when it is at
/// most 8 bytes, else loads from both ends towards the middle, each within
/// the part (they overlap when it is short).
#[inline]
pub(in crate::ingest) fn part_words(bytes: &[u8], (from, to): (usize, usize), out: &mut [u64]) {
    let n = to - from;
    if n <= 8 {
        out[0] = word_in(bytes, from, to);
        return;
    }
    let count = out.len();
    for (i, word) in out.iter_mut().enumerate() {
        let at = if i < count / 2 {
            from + (8 * i).min(n - 8)
        } else {
            to - 8 - (8 * (count - 1 - i)).min(n - 8)
        };
        *word = word_at(bytes, at);
    }
}

/// A hash of a key's words and part lengths: independent multiplies, then
/// one mix (the table takes its index from the low bits).
#[inline]
pub(in crate::ingest) fn words_hash(words: &Words, prefix: usize, suffix: usize) -> u64 {
    const K: [u64; 8] = [
        0x9e37_79b9_7f4a_7c15,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
        0x85eb_ca77_c2b2_ae63,
        0x27d4_eb2f_1656_67c5,
        0xf135_7aea_2e62_a9c5,
        0x94d0_49bb_1331_11eb,
        0xbf58_476d_1ce4_e5b9,
    ];
    let mut hash = ((prefix as u64) << 32) ^ suffix as u64;
    for (word, k) in words.iter().zip(K) {
        hash ^= word.wrapping_mul(k);
    }
    let hash = (hash ^ (hash >> 31)).wrapping_mul(K[0]);
    hash ^ (hash >> 29)
}

/// The word at `at` with the bytes from `end` on zeroed.
#[inline]
pub(in crate::ingest) fn word_in(bytes: &[u8], at: usize, end: usize) -> u64 {
    word_at(bytes, at) & mask(end - at)
}

/// A word's first `left` bytes (all eight from 8 on).
#[inline]
pub(in crate::ingest) fn mask(left: usize) -> u64 {
    if left < 8 {
        (1u64 << (left * 8)) - 1
    } else {
        u64::MAX
    }
}

/// The values [`Ranged::defer`] holds before adding them.
pub(in crate::ingest) const BATCH: usize = 16;

/// A row's value on its way to its target's group.
pub(in crate::ingest) struct Pending {
    pub(in crate::ingest) hash: u64,
    pub(in crate::ingest) indicator: usize,
    pub(in crate::ingest) entity: u32,
    pub(in crate::ingest) source: u32,
    pub(in crate::ingest) span: Span,
    pub(in crate::ingest) published: Option<chrono::NaiveDate>,
    pub(in crate::ingest) value: Decimal,
    pub(in crate::ingest) row: RowRef,
    pub(in crate::ingest) seq: u64,
    /// How many source rows the row stands for (its `rows` cell).
    pub(in crate::ingest) rows: u64,
}

/// A line key's resolution, shared by every line with the same bytes
/// around the value.
#[derive(Clone, Copy)]
pub(in crate::ingest) struct Key {
    pub(in crate::ingest) indicator: usize,
    pub(in crate::ingest) span: Span,
    /// The unit factor to the target's unit; None for none (or exactly 1).
    pub(in crate::ingest) factor: Option<Decimal>,
    /// Entity and source: indexes into [`Caches::texts`].
    pub(in crate::ingest) entity: usize,
    pub(in crate::ingest) source: usize,
    /// The `published` date (none without the column, or for an empty
    /// cell): which accumulator its rows go to until the end decides.
    pub(in crate::ingest) published: Option<chrono::NaiveDate>,
    /// How many source rows each of its lines stands for (the `rows`
    /// cell, part of the key; one without the column). A line is counted
    /// once where it is read, the rest where its value is added.
    pub(in crate::ingest) rows: u64,
}

/// The line keys (a line without its value) a thread has met: a hash
/// index, the keys' bytes one after another, and per key what to do with
/// its values. What every line touches is kept small and together.
#[derive(Default)]
pub(in crate::ingest) struct Slots {
    pub(in crate::ingest) table: HashTable<u32>,
    pub(in crate::ingest) bytes: Vec<u8>,
    pub(in crate::ingest) keys: Vec<KeyAt>,
    /// None for a key that does not resolve.
    pub(in crate::ingest) resolved: Vec<Option<Key>>,
}

/// Where a key's bytes are in [`Slots::bytes`]: the bytes before the
/// value, then those after it.
pub(in crate::ingest) struct KeyAt {
    pub(in crate::ingest) at: u32,
    pub(in crate::ingest) prefix: u32,
    pub(in crate::ingest) len: u32,
    pub(in crate::ingest) how: How,
    /// The key's [`Words`], compared before (and mostly instead of) its
    /// bytes.
    pub(in crate::ingest) words: Words,
    /// Its values so far (for [`How::Sum`]), beside the words a lookup has
    /// just read.
    pub(in crate::ingest) tally: Tally,
}

/// What to do with the values of a key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(in crate::ingest) enum How {
    /// The key does not resolve: each such line takes the full path.
    Full,
    /// Each value goes into the target's accumulator in input order (the
    /// aggregates that use the order or the extremes).
    Each,
    /// `sum` and `mean` need only a total and a count: kept in a [`Tally`].
    Sum,
}

impl Slots {
    /// The key whose bytes are those of `line` in the ranges `prefix`
    /// and `suffix` (whose [`Words`] and their hash are given).
    pub(in crate::ingest) fn find(
        &self,
        hash: u64,
        words: &Words,
        line: &[u8],
        prefix: (usize, usize),
        suffix: (usize, usize),
    ) -> Option<usize> {
        let (bytes, keys) = (&self.bytes, &self.keys);
        let (p, s) = (prefix.1 - prefix.0, suffix.1 - suffix.0);
        // Words cover every byte of parts up to these lengths.
        let short = p <= PREFIX_COVER && s <= SUFFIX_COVER;
        self.table
            .find(hash, |&i| {
                let k = &keys[i as usize];
                let at = k.at as usize;
                k.prefix as usize == p
                    && k.len as usize == p + s
                    && k.words
                        .iter()
                        .zip(words)
                        .fold(0, |diff, (a, b)| diff | (a ^ b))
                        == 0
                    && (short
                        || (same_bytes(&bytes[at..at + p], &line[prefix.0..prefix.1])
                            && same_bytes(&bytes[at + p..at + p + s], &line[suffix.0..suffix.1])))
            })
            .map(|&i| i as usize)
    }

    pub(in crate::ingest) fn insert(
        &mut self,
        (hash, words): (u64, Words),
        prefix: &[u8],
        suffix: &[u8],
        how: How,
        key: Option<Key>,
        tally: Tally,
    ) -> usize {
        let index = self.keys.len();
        // Both fit: at most SLOT_LIMIT keys of at most KEY_LIMIT bytes.
        let at = self.bytes.len();
        self.bytes.extend_from_slice(prefix);
        self.bytes.extend_from_slice(suffix);
        let (p, len) = (prefix.len(), prefix.len() + suffix.len());
        self.keys.push(KeyAt {
            at: at as u32,
            prefix: p as u32,
            len: len as u32,
            how,
            words,
            tally,
        });
        self.resolved.push(key);
        let keys = &self.keys;
        self.table.insert_unique(hash, index as u32, |&i| {
            let k = &keys[i as usize];
            words_hash(&k.words, k.prefix as usize, (k.len - k.prefix) as usize)
        });
        index
    }
}

/// One key's values: their exact total, count, first and last lines, and
/// the unit factor (mantissa and scale; a mantissa of 0 for none).
#[derive(Default, Clone)]
pub(in crate::ingest) struct Tally {
    pub(in crate::ingest) total: Total,
    pub(in crate::ingest) count: u64,
    pub(in crate::ingest) factor: i64,
    pub(in crate::ingest) factor_scale: u32,
    pub(in crate::ingest) first_line: u64,
    pub(in crate::ingest) last_line: u64,
    pub(in crate::ingest) last_seq: u64,
}

impl Tally {
    /// Add `mantissa × 10^-scale` times the factor, as a `Decimal` product
    /// would be; false, leaving the tally as it was, when the product or the
    /// sum is not exact (the row then takes the `Decimal` path).
    #[inline]
    pub(in crate::ingest) fn add(
        &mut self,
        mantissa: i64,
        scale: u32,
        line: u64,
        seq: u64,
    ) -> bool {
        let value = if self.factor == 0 {
            Total {
                mantissa: i128::from(mantissa),
                scale,
            }
        } else if mantissa == 0 {
            // A `Decimal` product with zero is a plain 0.
            Total::default()
        } else {
            match i128::from(mantissa).checked_mul(i128::from(self.factor)) {
                Some(m) if m.abs() <= MAX_MANTISSA && scale + self.factor_scale <= MAX_SCALE => {
                    Total {
                        mantissa: m,
                        scale: scale + self.factor_scale,
                    }
                }
                _ => return false,
            }
        };
        if !self.total.add(value) {
            return false;
        }
        if self.count == 0 {
            self.first_line = line;
        }
        self.count += 1;
        self.last_line = line;
        self.last_seq = seq;
        true
    }
}

impl Caches {
    /// The index of a text's NFC form in `texts`. None — the row then takes
    /// the full path — when the bytes are not UTF-8 or the cache is full (a
    /// column of unique notes must not grow memory).
    pub(in crate::ingest) fn text(&mut self, bytes: &[u8]) -> Option<usize> {
        if bytes.is_empty() {
            // Slot 0 is always the empty text.
            if self.texts.is_empty() {
                self.texts.push(String::new());
            }
            return Some(0);
        }
        if self.texts.is_empty() {
            self.texts.push(String::new());
        }
        let hash = ByteMap::<u32>::hash(bytes);
        if let Some(found) = self.names.get(hash, bytes) {
            return Some(*found as usize);
        }
        if self.names.len() >= CACHE_LIMIT {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        self.texts.push(crate::text::nfc(text).into_owned());
        let index = self.texts.len() - 1;
        self.names.insert(hash, bytes, index as u32);
        Some(index)
    }
}

/// A cached lookup by bytes; beyond [`CACHE_LIMIT`] keys, computed each time.
pub(in crate::ingest) fn cached<V: Clone>(
    cache: &mut ByteMap<V>,
    key: &[u8],
    compute: impl FnOnce(&[u8]) -> V,
) -> V {
    let hash = ByteMap::<V>::hash(key);
    if let Some(v) = cache.get(hash, key) {
        return v.clone();
    }
    let v = compute(key);
    if cache.len() < CACHE_LIMIT {
        cache.insert(hash, key, v.clone());
    }
    v
}

/// Whether two byte strings are equal, compared a word at a time (two
/// overlapping loads up to 16 bytes): keys and texts are short, and a
/// library call per comparison costs more than the comparison.
#[inline]
pub(in crate::ingest) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n < 8 {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + 8 < n {
        if word_at(a, at) != word_at(b, at) {
            return false;
        }
        at += 8;
    }
    word_at(a, n - 8) == word_at(b, n - 8)
}
