//! The workbook's cell formats: header, text, numbers by shape and
//! decimals, and the status fills, made once per workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use super::cells::{Number, number_format};
use crate::calc::Light;

/// The formats every sheet shares, made once.
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) note: Format,
    pub(super) heading: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    /// Text on one line, never wrapped: it runs on over the empty cells to
    /// its right, and the cell holds all of it.
    pub(super) line: Format,
    pub(super) indented: Format,
    pub(super) right: Format,
    /// Indexed by [`light_index`].
    pub(super) lights: [Format; 4],
    pub(super) number: Format,
}

pub(super) fn light_index(light: Light) -> usize {
    match light {
        Light::Green => 0,
        Light::Amber => 1,
        Light::Red => 2,
        Light::Grey => 3,
    }
}

/// `base` filled with a light's colour. The pairs are Excel's own Good /
/// Neutral / Bad styles, whose dark text stays readable on the fill, in
/// print too; colour-blind readers read the word.
pub(super) fn filled(base: &Format, light: Light) -> Format {
    let (fill, ink) = match light {
        Light::Green => (0xC6EFCE, 0x006100),
        Light::Amber => (0xFFEB9C, 0x9C5700),
        Light::Red => (0xFFC7CE, 0x9C0006),
        Light::Grey => (0xE7E6E6, 0x3A3A3A),
    };
    base.clone()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(ink))
}

impl Styles {
    pub(super) fn new() -> Styles {
        // Top-aligned, so a row whose text wraps still reads across.
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::Top);
        let text = cell.clone().set_text_wrap();
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_font_color(Color::RGB(0x404040)),
            heading: Format::new().set_bold(),
            header: text
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7)),
            // An indent shows only with an explicit left alignment.
            indented: text.clone().set_align(FormatAlign::Left).set_indent(2),
            // A little room before the next column's text.
            right: text.clone().set_align(FormatAlign::Right).set_indent(1),
            lights: [Light::Green, Light::Amber, Light::Red, Light::Grey]
                .map(|light| filled(&text, light)),
            line: cell.clone(),
            text,
            number: cell,
        }
    }

    /// A number shown with its shape's number format.
    pub(super) fn number(&self, number: &Number) -> Format {
        let base = match number.light {
            Some(light) => self.light(light),
            None => &self.number,
        };
        base.clone()
            .set_num_format(number_format(number.shape, number.decimals))
    }

    /// A cell filled with a light's colour.
    pub(super) fn light(&self, light: Light) -> &Format {
        &self.lights[light_index(light)]
    }
}
