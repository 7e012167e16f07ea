//! A campaign file parsed a table at a time. The toml parser lists every
//! token and every event of a document before it builds the tree: for a
//! campaign of 40,000 targets that is some 50 MB of lists, grown by
//! copying and handed back to the system, and `check` took ×2.36 the time
//! of half as many targets. Cut where each top-level table starts, the
//! pieces are parsed one after the other with lists of a table's size, and
//! their trees joined into the document's, spans moved to the file's
//! offsets.
//!
//! The result is the tree [`DeTable::parse`] gives the whole text, or the
//! whole text is parsed after all: a cut inside a multi-line string or
//! array leaves the piece before it unterminated, which does not parse;
//! a piece that does not parse, a piece that defines a table another has
//! defined (`[campaign]` twice, or `[[series]]` between targets), or a
//! first piece that names `target` itself, sends the whole text to the
//! parser, which then says what it says of it (its message, its spans).

use toml::Spanned;
use toml::de::{DeArray, DeString, DeTable, DeValue};

/// A piece of the text: where it starts, and whether it is a `[[target]]`.
struct Piece {
    start: usize,
    target: bool,
}

/// The document tree of `text`, parsed in pieces where that gives the same
/// tree, else in one.
pub(super) fn parse(text: &str) -> Result<Spanned<DeTable<'_>>, toml::de::Error> {
    match joined(text) {
        Some(doc) => Ok(doc),
        None => DeTable::parse(text),
    }
}

/// The pieces parsed and joined; `None` where they cannot stand for the
/// whole (see the module's note).
fn joined(text: &str) -> Option<Spanned<DeTable<'_>>> {
    let pieces = cut(text);
    if pieces.len() == 1 {
        return None; // one piece is the whole text
    }
    let ends = pieces.iter().skip(1).map(|p| p.start).chain([text.len()]);
    let mut root = DeTable::new();
    let mut targets = DeArray::new();
    // The first `target` key, whose place among the root's keys the
    // targets take (as the parser of the whole text gives them).
    let mut target_key = None;
    let mut root_span = 0..0;
    for (piece, end) in pieces.iter().zip(ends) {
        let at = piece.start;
        let tree = DeTable::parse(&text[at..end]).ok()?;
        if at == 0 {
            root_span = tree.span();
        }
        let tree = tree.into_inner();
        for (key, value) in tree {
            let is_target = key.get_ref() == "target";
            if piece.target != is_target {
                return None; // a target piece is its target, and no other piece names one
            }
            if is_target {
                let array_span = value.span();
                let DeValue::Array(items) = value.into_inner() else {
                    return None;
                };
                if target_key.is_none() {
                    // The array's span is its first table's, as the parser
                    // of the whole text gives it.
                    let key = shift_key(key, at);
                    let span = shifted(array_span, at);
                    root.insert(key.clone(), Spanned::new(0..0, DeValue::Boolean(false)));
                    target_key = Some((key, span));
                }
                for item in items {
                    targets.push(shift(item, at));
                }
            } else if root.get(key.get_ref().as_ref()).is_some() {
                return None; // a table defined twice, or extended later
            } else {
                root.insert(shift_key(key, at), shift(value, at));
            }
        }
    }
    if let Some((key, span)) = target_key {
        root.insert(key, Spanned::new(span, DeValue::Array(targets)));
    }
    Some(Spanned::new(root_span, root))
}

/// Where the pieces start: the text's start, and every line that opens a
/// top-level table (`[[target]]`, or a header whose first key is not
/// `target`; `[target.x]` and `[[target.revised]]` belong to the target
/// before them).
fn cut(text: &str) -> Vec<Piece> {
    let mut pieces = vec![Piece {
        start: 0,
        target: false,
    }];
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let Some(head) = header(line) else {
            continue;
        };
        if head == "[[target]]" {
            pieces.push(Piece {
                start,
                target: true,
            });
        } else if !starts_with_target(head) {
            pieces.push(Piece {
                start,
                target: false,
            });
        }
    }
    pieces
}

/// The header a line is, `[…]` or `[[…]]` with what is around it and a
/// comment after it taken off; `None` for any other line. It is only
/// where a cut may go: a line inside a multi-line value that looks like
/// one makes a piece that does not parse.
fn header(line: &str) -> Option<&str> {
    let line = line.trim_start_matches([' ', '\t']);
    if !line.starts_with('[') {
        return None;
    }
    let end = line.rfind(']')?;
    let rest = line[end + 1..].trim_matches([' ', '\t', '\r', '\n']);
    (rest.is_empty() || rest.starts_with('#')).then_some(&line[..=end])
}

/// Whether a header's first key is `target` (bare, not quoted).
fn starts_with_target(head: &str) -> bool {
    let inner = head.trim_start_matches('[').trim_start_matches([' ', '\t']);
    inner.strip_prefix("target").is_some_and(|rest| {
        !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    })
}

fn shifted(span: std::ops::Range<usize>, by: usize) -> std::ops::Range<usize> {
    span.start + by..span.end + by
}

fn shift_key<'i>(key: Spanned<DeString<'i>>, by: usize) -> Spanned<DeString<'i>> {
    let span = shifted(key.span(), by);
    Spanned::new(span, key.into_inner())
}

/// A value of a piece, its spans (and its keys' and items') moved by `by`.
fn shift(value: Spanned<DeValue<'_>>, by: usize) -> Spanned<DeValue<'_>> {
    let span = shifted(value.span(), by);
    let inner = match value.into_inner() {
        DeValue::Array(items) => {
            let mut moved = DeArray::new();
            for item in items {
                moved.push(shift(item, by));
            }
            DeValue::Array(moved)
        }
        DeValue::Table(table) => {
            let mut moved = DeTable::new();
            for (key, value) in table {
                moved.insert(shift_key(key, by), shift(value, by));
            }
            DeValue::Table(moved)
        }
        other => other,
    };
    Spanned::new(span, inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tree (spans included) or the error, as text.
    fn shown(tree: &Result<Spanned<DeTable<'_>>, toml::de::Error>) -> String {
        match tree {
            Ok(tree) => format!("{tree:?}"),
            Err(e) => format!("{:?} {}", e.span(), e.message()),
        }
    }

    fn same_as_whole(text: &str) {
        let whole = shown(&DeTable::parse(text));
        let pieces = shown(&parse(text));
        assert!(
            pieces == whole,
            "text:\n{text}\npieces: {pieces:.2000}\nwhole: {whole:.2000}"
        );
    }

    #[test]
    fn every_campaign_of_the_repository_parses_as_a_whole() {
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let (path, name) = (entry.path(), entry.file_name());
                if path.is_dir() && !name.to_string_lossy().starts_with('.') && name != "target" {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "toml") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20, "{files:?}");
        for path in files {
            if let Ok(text) = std::fs::read_to_string(&path) {
                same_as_whole(&text);
            }
        }
    }

    #[test]
    fn pieces_that_cannot_stand_for_the_whole_give_the_whole_parse() {
        let head = "[campaign]\nperiod = \"2022\"\n";
        let target = "[[target]]\nid = \"a\"\nat_least = 1\n";
        for tail in [
            // read in pieces
            "[target.x]\ny = 1\n[[target.revised]]\nfrom = 2022-06-01\n",
            "[entities]\nhn = \"Hà Nội\"\n[[series]]\nid = \"s\"\n",
            "[[ target ]] # spaced\nid = \"b\"\n\r\n[[target]]\r\nid = \"c\"\r\n",
            "  [[target]]   # a comment\n\tid = 'd'\n",
            // the whole text parsed again
            "[campaign]\nname = \"twice\"\n",
            "[campaign.more]\nx = 1\n",
            "[[series]]\nid = \"s\"\n[[target]]\nid = \"e\"\n[[series]]\nid = \"t\"\n",
            "note = \"\"\"\n[[target]]\nid = \"x\"\n\"\"\"\n",
            "note = '''\n[entities]\n'''\n",
            "profile = [\n[1],\n[2]\n]\n",
            "id = \"dup\"\n",
            "[target]\nid = \"t\"\n",
            "[\"target\"]\nid = \"q\"\n",
            "[[targets]]\nid = \"q\"\n",
            "[[target]\nid = \"broken\"\n",
            "x = [1,\n",
        ] {
            same_as_whole(&format!("{head}{target}{tail}"));
            same_as_whole(&format!("{head}{target}{tail}{target}"));
            same_as_whole(&format!("{tail}{head}{target}"));
            same_as_whole(&format!("target = 1\n{head}{target}{tail}"));
        }
    }

    proptest! {
        #[test]
        fn any_arrangement_of_tables_parses_as_a_whole(
            parts in proptest::collection::vec(prop_oneof![
                Just("[[target]]\n"),
                Just("[[target]] # t\r\n"),
                Just("[target.sub]\n"),
                Just("[[target.revised]]\n"),
                Just("[campaign]\n"),
                Just("[status]\n"),
                Just("[entities]\n"),
                Just("[[series]]\n"),
                Just("id = \"a\"\n"),
                Just("at_least = 1\n"),
                Just("x.y = 2\n"),
                Just("target = 3\n"),
                Just("note = \"\"\"\n"),
                Just("\"\"\"\n"),
                Just("v = [\n"),
                Just("]\n"),
                Just("[1]\n"),
                Just("# c\n"),
                Just("\n"),
            ], 0..14),
        ) {
            let text = parts.concat();
            let whole = shown(&DeTable::parse(&text));
            let pieces = shown(&parse(&text));
            prop_assert!(pieces == whole, "text:\n{}\npieces: {:.2000}\nwhole: {:.2000}", text, pieces, whole);
        }
    }
}
