//! What goes in a cell: text or a number with its shape (plain, percent),
//! the number formats that show it in the reader's locale, and the widths
//! that text takes.

use rust_decimal::Decimal;

use super::table::TEXT_TENTHS;
use super::*;
use crate::calc::Light;
use crate::number::{self, Locale};
use crate::view::{self, Figure, Shown};

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Shape {
    /// A value in the target's unit.
    Value,
    /// A signed difference, in percentage points for a % target.
    Gap { points: bool },
    /// A percentage, stored as a fraction.
    Percent,
    /// A signed percentage (change on last year), stored as a fraction.
    Change,
    /// A count of rows or targets.
    Count,
    /// A line number: no thousands separator, as editors show it.
    Line,
}

/// One cell of a table: what it holds and how it shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Empty,
    Text(String),
    /// An entity under its target.
    Indented(String),
    /// Text that reads as a number (the plan as written), aligned with them.
    Right(String),
    Number(Number),
    /// A status word on its light's colour.
    Light(String, Light),
}

/// A number cell: the value stored, and how it shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Number {
    pub(super) value: f64,
    pub(super) decimals: u32,
    pub(super) shape: Shape,
    /// The cell as it shows in the `en` locale, for the column's width.
    pub(super) shown: String,
    /// A group's score is filled with its light, like a status.
    pub(super) light: Option<Light>,
}

impl Number {
    pub(super) fn cell(value: f64, decimals: u32, shape: Shape, shown: String) -> Cell {
        Cell::Number(Number {
            value,
            decimals,
            shape,
            shown,
            light: None,
        })
    }

    /// A figure of the view as the workbook stores it.
    pub(super) fn of(figure: &Figure) -> Number {
        Number {
            value: to_f64(figure.value),
            decimals: figure.decimals,
            shape: match figure.shape {
                view::Shape::Value => Shape::Value,
                view::Shape::Gap { points } => Shape::Gap { points },
                view::Shape::Percent => Shape::Percent,
                view::Shape::Change => Shape::Change,
                view::Shape::Count => Shape::Count,
            },
            shown: figure.plain(),
            light: None,
        }
    }
}

impl Cell {
    pub(super) fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    /// What the view shows, as a workbook cell: no value is an empty cell.
    pub(super) fn shown(shown: Shown) -> Cell {
        match shown {
            Shown::Blank | Shown::Dash | Shown::Drawn => Cell::Empty,
            Shown::Text(s) => Cell::text(&s),
            Shown::Entity(s) => Cell::Indented(s),
            Shown::Figure(f) => Cell::Number(Number::of(&f)),
            Shown::Plan { text, revised } => Cell::Right(match revised {
                true => format!("{text} *"),
                false => text,
            }),
            Shown::Status { words, light } => Cell::Light(words.to_string(), light),
        }
    }

    pub(super) fn count(n: u64, shape: Shape) -> Cell {
        let shown = match shape {
            Shape::Line => n.to_string(),
            _ => number::format(n.into(), Locale::En, None),
        };
        // Counts of rows stay far below 2^53, where f64 is exact.
        Number::cell(n as f64, 0, shape, shown)
    }

    /// The width the cell needs, in Excel's unit (the width of a digit).
    pub(super) fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) | Cell::Right(s) | Cell::Light(s, _) => text_width(s),
            // Two levels of indent take about three digits.
            Cell::Indented(s) => text_width(s) + 3,
            Cell::Number(n) => chars(&n.shown) + 1,
        }
    }
}

/// The nearest double: parsing the decimal's text is exact to the last bit,
/// where `Decimal`'s own conversion can be one unit off (0.996 must be
/// 0.996 in the file).
pub(super) fn to_f64(v: Decimal) -> f64 {
    v.to_string()
        .parse()
        .unwrap_or_else(|_| rust_decimal::prelude::ToPrimitive::to_f64(&v).unwrap_or(0.0))
}

pub(super) fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Text is narrower than digits: in Calibri (and the fonts that stand in
/// for it) a letter averages nine tenths of a digit's width.
pub(super) fn text_width(s: &str) -> usize {
    (chars(s) * TEXT_TENTHS).div_ceil(10)
}

/// The Excel number format of a shape with `dp` decimals. Grouped digits
/// (`#,##0.00`) show as `92,070.00` or `92.070,00` as the reader's locale
/// says; a fixed number of decimals avoids the dangling separator that
/// `#,##0.##` leaves on whole numbers.
pub(super) fn number_format(shape: Shape, dp: u32) -> String {
    let fraction = if dp == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(dp as usize))
    };
    let digits = format!("#,##0{fraction}");
    match shape {
        Shape::Value => digits,
        Shape::Gap { points } => {
            let unit = if points { "\" pp\"" } else { "" };
            format!("+{digits}{unit};-{digits}{unit};0{unit}")
        }
        Shape::Percent => format!("0{fraction}%"),
        Shape::Change => format!("+0{fraction}%;-0{fraction}%;0{fraction}%"),
        Shape::Count => "#,##0".to_string(),
        Shape::Line => "0".to_string(),
    }
}

/// Text as Excel can hold it: a cell takes at most 32,767 UTF-16 units.
pub(super) fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL_TEXT {
        return s.into();
    }
    let mut units = 0;
    let mut cut = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > MAX_CELL_TEXT - 1 {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    cut.into()
}
