//! A map from short byte strings to values, for the lookups every row
//! makes: the entity, the source, the period and the unit as written.

use hashbrown::HashTable;

use super::keys::same_bytes;

/// The texts of a column met so far (periods, units, names), each with
/// what it resolved to. A text of up to [`INLINE`] bytes is kept, padded
/// with zeros, in its slot of the hash table beside its value, so that a
/// lookup reads one slot and compares three words: with millions of
/// distinct keys elsewhere evicting the caches, a lookup that went from the
/// table to a list and on to the text's own allocation waited on three
/// memory reads (a sixth of the time of a file of 10,000 communes). Longer
/// texts are kept one after another in `long`.
pub(super) struct ByteMap<V> {
    index: HashTable<Slot<V>>,
    long: Vec<u8>,
}

/// The bytes of a key kept in its [`Slot`].
const INLINE: usize = 24;

struct Slot<V> {
    /// The key, zero-padded; for a longer key, its offset in
    /// [`ByteMap::long`] (the first eight bytes, little-endian).
    bytes: [u8; INLINE],
    len: u32,
    value: V,
}

impl<V> Slot<V> {
    fn key<'a>(&'a self, long: &'a [u8]) -> &'a [u8] {
        let len = self.len as usize;
        if len <= INLINE {
            return &self.bytes[..len];
        }
        let at = u64::from_le_bytes(self.bytes[..8].try_into().unwrap_or_default()) as usize;
        &long[at..at + len]
    }
}

/// A key of up to [`INLINE`] bytes, zero-padded as its slot holds it.
fn padded(key: &[u8]) -> [u8; INLINE] {
    let mut bytes = [0; INLINE];
    let n = key.len().min(INLINE);
    bytes[..n].copy_from_slice(&key[..n]);
    bytes
}

impl<V> Default for ByteMap<V> {
    fn default() -> Self {
        ByteMap {
            index: HashTable::new(),
            long: Vec::new(),
        }
    }
}

impl<V> ByteMap<V> {
    pub(super) fn hash(key: &[u8]) -> u64 {
        std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, key)
    }

    pub(super) fn len(&self) -> usize {
        self.index.len()
    }

    /// The value of `key`, whose [`Self::hash`] is `hash`.
    pub(super) fn get(&self, hash: u64, key: &[u8]) -> Option<&V> {
        let len = key.len() as u32;
        let found = if key.len() <= INLINE {
            let bytes = padded(key);
            self.index.find(hash, |s| s.len == len && s.bytes == bytes)
        } else {
            let long = &self.long;
            self.index
                .find(hash, |s| s.len == len && same_bytes(s.key(long), key))
        };
        found.map(|s| &s.value)
    }

    /// Add `key`, which is not there yet.
    pub(super) fn insert(&mut self, hash: u64, key: &[u8], value: V) {
        let bytes = if key.len() <= INLINE {
            padded(key)
        } else {
            let at = self.long.len() as u64;
            self.long.extend_from_slice(key);
            padded(&at.to_le_bytes())
        };
        let slot = Slot {
            bytes,
            len: key.len() as u32,
            value,
        };
        let long = &self.long;
        self.index
            .insert_unique(hash, slot, |s| Self::hash(s.key(long)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_map_keys_differ_by_length_and_past_the_inline_bytes() {
        let mut map = ByteMap::default();
        let keys: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"a".to_vec(),
            b"a\0".to_vec(),
            b"a\0\0".to_vec(),
            vec![b'x'; INLINE],
            vec![b'x'; INLINE + 1],
            [vec![b'x'; INLINE], b"y".to_vec()].concat(),
            vec![b'x'; 100],
            "Xã Bình Võ 7251".as_bytes().to_vec(),
            "Xã Bình Võ 7252".as_bytes().to_vec(),
        ];
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(ByteMap::<usize>::hash(key), key), None);
            map.insert(ByteMap::<usize>::hash(key), key, i);
        }
        // Enough more to make the table grow and move the long keys' slots.
        for i in 0..5000usize {
            let key = format!("{i}-{}", "z".repeat(i % 40));
            map.insert(
                ByteMap::<usize>::hash(key.as_bytes()),
                key.as_bytes(),
                1000 + i,
            );
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(ByteMap::<usize>::hash(key), key), Some(&i));
        }
        for i in 0..5000usize {
            let key = format!("{i}-{}", "z".repeat(i % 40));
            assert_eq!(
                map.get(ByteMap::<usize>::hash(key.as_bytes()), key.as_bytes()),
                Some(&(1000 + i))
            );
        }
        assert_eq!(map.len(), keys.len() + 5000);
    }
}
