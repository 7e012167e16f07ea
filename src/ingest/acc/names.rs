//! The entity and source names of a state, each once, by a small id, and
//! the names a part added for the reader that joins it.

use crate::ingest::bytemap::ByteMap;

/// The entity and source texts of a state, each once, by a small id; id 0
/// is the empty text (the whole campaign, no source). The texts are kept
/// one after another in one string, and found by their bytes in a
/// [`ByteMap`]: a part read apart meets every name of its block again, so
/// a name costs no allocation of its own.
pub(in crate::ingest) struct Names {
    pub(super) ids: ByteMap<u32>,
    pub(super) text: String,
    /// Where each id's text ends in `text` (it starts where the last ends).
    pub(super) ends: Vec<usize>,
}

/// The names a reader of the fast path added to its [`Names`] while it
/// read one part: the reader keeps its names from part to part, so that a
/// name costs a lookup once per reader, not once per block, and hands
/// each part only the texts of ids `first..`.
#[derive(Debug)]
pub(in crate::ingest) struct Added {
    pub(in crate::ingest) reader: u32,
    pub(in crate::ingest) first: usize,
    pub(super) text: String,
    pub(super) ends: Vec<usize>,
}

impl Added {
    /// The texts, in id order.
    pub(in crate::ingest) fn texts(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let text = &self.text[start..end];
            start = end;
            text
        })
    }
}

impl Default for Names {
    fn default() -> Self {
        let mut names = Names {
            ids: ByteMap::default(),
            text: String::new(),
            ends: Vec::new(),
        };
        names.id("");
        names
    }
}

impl Names {
    /// The id of `text`, added when new.
    pub(in crate::ingest) fn id(&mut self, text: &str) -> u32 {
        let hash = ByteMap::<u32>::hash(text.as_bytes());
        if let Some(&id) = self.ids.get(hash, text.as_bytes()) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.ids.insert(hash, text.as_bytes(), id);
        id
    }

    /// The number of texts.
    pub(in crate::ingest) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Each id's rank in the order of the texts (the empty text first).
    pub(in crate::ingest) fn ranks(&self) -> Vec<u32> {
        let mut ids: Vec<u32> = (0..self.len() as u32).collect();
        ids.sort_unstable_by(|a, b| self.get(*a).cmp(self.get(*b)));
        let mut ranks = vec![0; ids.len()];
        for (rank, id) in ids.into_iter().enumerate() {
            ranks[id as usize] = rank as u32;
        }
        ranks
    }

    pub(in crate::ingest) fn get(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// What ids `first..` are, handed on by `reader` (see [`Added`]).
    pub(in crate::ingest) fn added(&self, reader: u32, first: usize) -> Added {
        let start = if first == 0 { 0 } else { self.ends[first - 1] };
        Added {
            reader,
            first,
            text: self.text[start..].to_string(),
            ends: self.ends[first..].iter().map(|e| e - start).collect(),
        }
    }

    /// For each of `other`'s ids, the id of the same text here (added when
    /// new): to join a part read apart.
    pub(in crate::ingest) fn remap(&mut self, other: &Names) -> Vec<u32> {
        (0..other.len() as u32)
            .map(|id| self.id(other.get(id)))
            .collect()
    }
}
