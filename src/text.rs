//! Text normalisation: Vietnamese typed on different keyboards, or decoded
//! from Windows-1258, writes the same letter as one precomposed character or
//! as a base letter with combining marks. Everything attain compares (entity
//! names, groups, units) is brought to Unicode NFC first, so that `Bắc Ninh`
//! equals itself however it was typed.
//!
//! It also owns [`printable`]: the one place that decides how text from the
//! data (names, ids, units, entities, sources, notes, file names, quoted
//! values) is shown to people, so that a CSV cannot set a terminal's title,
//! clear its screen or reorder what is read with a bidi override.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// `text` in NFC; borrowed (no allocation) when it already is, as plain
/// ASCII always is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// A field separator as people write it, `--delimiter` or a campaign's
/// `delimiter`: one ASCII character other than a quote or a line break
/// (`;`, `|`, `,`), or a tab as `\t`, `tab` or itself.
pub fn delimiter(text: &str) -> Option<u8> {
    match text {
        "\\t" | "tab" | "\t" => Some(b'\t'),
        t if t.len() == 1 && t.is_ascii() && t != "\"" && t != "\n" && t != "\r" => {
            Some(t.as_bytes()[0])
        }
        _ => None,
    }
}

/// The most characters of one piece of user data (a value, a name, a
/// header) that a message quotes; a longer piece is cut with `…`.
pub const QUOTE_LIMIT: usize = 80;

/// `text` cut to [`QUOTE_LIMIT`] characters, with `…` when it was longer:
/// what a message quotes of a piece of user data, so that a 1 MiB field is
/// not echoed back whole. Borrowed when short enough, as it nearly always is.
pub fn clip(text: &str) -> Cow<'_, str> {
    if text.len() <= QUOTE_LIMIT {
        return Cow::Borrowed(text); // no more bytes, so no more characters
    }
    match text.char_indices().nth(QUOTE_LIMIT) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
    }
}

/// Whether `c` must not reach a terminal or a human document raw: the C0
/// controls (tab and line breaks included, since they would break a line or
/// a cell), DEL, the C1 controls U+0080–U+009F, the bidi controls (U+061C,
/// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the Unicode line and
/// paragraph separators U+2028, U+2029, and the byte-order mark U+FEFF
/// (invisible, so `\u{feff}rev` would read as `rev`).
pub fn is_unprintable(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// `text` as it may be shown to people: every [`is_unprintable`] character
/// written as a visible escape — `\e` for ESC, `\t`, `\n`, `\r`, and
/// `\u{202e}` (lowercase hex, no leading zeros) for the others. Borrowed, with
/// no allocation, when nothing needs escaping, as ordinary text never does.
///
/// A backslash already in the text is left as it is: the escapes are there
/// to make the controls visible and harmless, not to make the text
/// reversible, and doubling backslashes would garble every Windows path.
/// Machine formats (csv, tsv, json, xlsx cells) carry the real text instead.
pub fn printable(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(is_unprintable) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unprintable(c) => {
                use std::fmt::Write as _;
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn control_and_bidi_characters_are_shown_as_escapes() {
        assert_eq!(printable("a\x1b]0;owned\x07b"), "a\\e]0;owned\\u{7}b");
        assert_eq!(printable("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        // A byte-order mark is invisible: `\u{feff}rev` must not read as `rev`.
        assert_eq!(printable("\u{feff}rev"), "\\u{feff}rev");
        assert_eq!(printable("tab\there\r\n"), "tab\\there\\r\\n");
        assert_eq!(printable("\u{7f}\u{9b}\u{0}"), "\\u{7f}\\u{9b}\\u{0}");
        assert_eq!(
            printable("\u{61c}\u{200e}\u{200f}"),
            "\\u{61c}\\u{200e}\\u{200f}"
        );
    }

    #[test]
    fn a_quoted_piece_of_user_data_is_cut_at_80_characters() {
        let short = "Bắc Ninh";
        assert!(matches!(clip(short), Cow::Borrowed(s) if s == short));
        let exact = "ắ".repeat(QUOTE_LIMIT);
        assert_eq!(clip(&exact), exact);
        let long = "ắ".repeat(QUOTE_LIMIT + 1);
        assert_eq!(clip(&long), format!("{}…", "ắ".repeat(QUOTE_LIMIT)));
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        for clean in [
            "",
            "Bắc Ninh — kinh tế - xã hội",
            "≥ 92.070 · 5–6 %",
            "C:\\data\\a.csv",
            "\u{a0}non-breaking, \u{200b}zero-width",
        ] {
            assert!(
                matches!(printable(clean), Cow::Borrowed(s) if s == clean),
                "{clean}"
            );
        }
    }

    proptest! {
        #[test]
        fn printable_output_never_holds_a_control_or_bidi_character(text in any::<String>()) {
            let shown = printable(&text);
            prop_assert!(!shown.chars().any(is_unprintable), "{shown:?}");
        }

        #[test]
        fn printable_changes_exactly_the_texts_that_need_it(text in any::<String>()) {
            let shown = printable(&text);
            let dirty = text.chars().any(is_unprintable);
            prop_assert_eq!(matches!(shown, Cow::Owned(_)), dirty);
            if !dirty {
                prop_assert_eq!(shown.as_ref(), text.as_str());
            }
        }
    }

    #[test]
    fn decomposed_vietnamese_composes() {
        // "Bắc" typed as B + a + combining breve + combining acute + c
        let decomposed = "Ba\u{306}\u{301}c Ninh";
        assert_ne!(decomposed, "Bắc Ninh");
        assert_eq!(nfc(decomposed), "Bắc Ninh");
        assert!(matches!(nfc("Bắc Ninh"), Cow::Borrowed(_)));
        assert!(matches!(nfc("tu_son"), Cow::Borrowed(_)));
    }
}
