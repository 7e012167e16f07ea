//! The open-addressing index that finds a key's group: a tag byte and a
//! `u32` per slot, probed a word of tags at a time, prefetched ahead.

use crate::ingest::lines::zero_bytes;

/// Where each group of a [`TargetAcc`](super::TargetAcc) is, by the hash of its key: open
/// addressing over a byte of the hash per slot (0 for an empty one) and the
/// group's position, probed eight slots at a time (a word of tags compared
/// at once, as hashbrown does with SIMD), groups of eight visited in
/// triangular steps. Built here rather than taken from a hash map so that a
/// join can touch the slots of the keys it will look up next before it
/// needs them: with millions of keys every lookup misses the caches, and
/// waiting on one miss at a time was a quarter of the time of a file of
/// 10,000 communes. At most seven eighths full, so a key costs 5.7 to 11.4
/// bytes here.
#[derive(Debug, Default)]
pub(super) struct GroupIndex {
    pub(super) tags: Vec<u8>,
    pub(super) slots: Vec<u32>,
    pub(super) len: usize,
}

impl GroupIndex {
    pub(super) fn tag(hash: u64) -> u8 {
        (hash >> 57) as u8 | 0x80
    }

    /// The eight tags from `pos` (a multiple of eight) as a word.
    #[inline]
    pub(super) fn word(&self, pos: usize) -> u64 {
        self.tags
            .get(pos..pos + 8)
            .and_then(|t| <[u8; 8]>::try_from(t).ok())
            .map_or(0, u64::from_le_bytes)
    }

    /// The position of the group whose key has `hash` and satisfies `eq`,
    /// or the empty slot where it would go.
    #[inline]
    pub(super) fn find(&self, hash: u64, eq: impl Fn(u32) -> bool) -> Result<u32, usize> {
        if self.tags.is_empty() {
            return Err(0);
        }
        let mask = self.tags.len() - 1;
        let pattern = u64::from(Self::tag(hash)) * 0x0101_0101_0101_0101;
        let mut pos = hash as usize & mask & !7;
        let mut stride = 0;
        loop {
            let word = self.word(pos);
            let mut hits = zero_bytes(word ^ pattern);
            while hits != 0 {
                let at = pos + (hits.trailing_zeros() / 8) as usize;
                if eq(self.slots[at]) {
                    return Ok(self.slots[at]);
                }
                hits &= hits - 1;
            }
            let empty = zero_bytes(word);
            if empty != 0 {
                return Err(pos + (empty.trailing_zeros() / 8) as usize);
            }
            // Never full: a free slot is always found.
            stride += 8;
            pos = (pos + stride) & mask;
        }
    }

    /// Ask for the first slots of `hash`, so that its lookup soon after
    /// finds them in the cache.
    #[inline]
    pub(super) fn prefetch(&self, hash: u64) {
        let pos = hash as usize & self.tags.len().wrapping_sub(1) & !7;
        if let (Some(tag), Some(slot)) = (self.tags.get(pos), self.slots.get(pos)) {
            prefetch::prefetch(tag);
            prefetch::prefetch(slot);
        }
    }

    /// Whether one more key would make the index more than seven eighths
    /// full.
    pub(super) fn full(&self) -> bool {
        (self.len + 1) * 8 > self.tags.len() * 7
    }

    /// Put group `at`, whose key has `hash`, in the empty slot `pos`.
    pub(super) fn put(&mut self, pos: usize, hash: u64, at: usize) {
        self.tags[pos] = Self::tag(hash);
        self.slots[pos] = at as u32;
        self.len += 1;
    }

    /// Put group `at`, whose key has `hash` and is not here yet, in the
    /// first empty slot its probe meets.
    pub(super) fn insert(&mut self, hash: u64, at: usize) {
        let pos = self.find(hash, |_| false).err().unwrap_or(0);
        self.put(pos, hash, at);
    }

    /// Double the slots (at least 16) and put back the groups, whose keys'
    /// hashes come in order of position.
    pub(super) fn grow(&mut self, hashes: impl Iterator<Item = u64>) {
        self.rebuild((self.tags.len() * 2).max(16), hashes);
    }

    /// Make the index `size` slots (a power of two) with the groups whose
    /// keys' hashes come in order of position.
    pub(super) fn rebuild(&mut self, size: usize, hashes: impl Iterator<Item = u64>) {
        self.tags = vec![0; size];
        self.slots = vec![0; size];
        self.len = 0;
        for (at, hash) in hashes.enumerate() {
            self.insert(hash, at);
        }
    }
}
