//! Text normalisation: Vietnamese typed on different keyboards, or decoded
//! from Windows-1258, writes the same letter as one precomposed character or
//! as a base letter with combining marks. Everything attain compares (entity
//! names, groups, units) is brought to Unicode NFC first, so that `Bắc Ninh`
//! equals itself however it was typed.

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

#[cfg(test)]
mod tests {
    use super::*;

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
