//! The cells of a human report: its columns, what a cell shows, and a
//! number as a page shows it and a workbook stores it.

use rust_decimal::Decimal;

use super::words::{self, human_number};
use crate::calc::{self, Light};
use crate::labels::Label;
use crate::number::{self, Locale};

/// A column of a human report. The table, Markdown and HTML show
/// [`View::columns`] (the table adds the bar, HTML the chart); the workbook
/// shows [`View::workbook_columns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Target,
    /// The entity of a `--by entity` row, in a column of its own (the
    /// workbook: a pivot needs the target on every row).
    Entity,
    Group,
    Unit,
    Plan,
    PlanValue,
    PlanLow,
    PlanHigh,
    Actual,
    Attainment,
    /// The terminal's attainment bar.
    Bar,
    Gap,
    Expected,
    Pace,
    Projected,
    Change,
    /// A change target's M, as the plan writes it, with P beside it.
    Measured,
    /// P, the value a change is measured from.
    MeasuredFrom,
    /// The page's bullet chart.
    Chart,
    Status,
    Basis,
    RowsUsed,
    Source,
    /// The cumulative actual at the end of a step of the trend.
    StepActual(usize),
    /// Its attainment.
    StepAttainment(usize),
}

impl Column {
    /// Columns that judge a row against a target: blank for an entity's
    /// share of a flow that has no target of its own.
    pub fn judges(self) -> bool {
        matches!(
            self,
            Column::Plan
                | Column::PlanValue
                | Column::PlanLow
                | Column::PlanHigh
                | Column::Attainment
                | Column::Bar
                | Column::Gap
                | Column::Measured
                | Column::Expected
                | Column::Pace
                | Column::Projected
                | Column::Chart
                | Column::Status
                | Column::Basis
                | Column::StepAttainment(_)
        )
    }

    /// Columns of numbers (and of text that reads as one, the plan), set
    /// right.
    pub fn is_number(self) -> bool {
        !matches!(
            self,
            Column::Target
                | Column::Entity
                | Column::Group
                | Column::Unit
                | Column::Bar
                | Column::Chart
                | Column::Status
                | Column::Basis
                | Column::Source
        )
    }

    pub(super) fn label(self) -> Option<Label> {
        Some(match self {
            Column::Target => Label::Target,
            Column::Entity => Label::Entity,
            Column::Group => Label::Group,
            Column::Unit => Label::Unit,
            Column::Plan => Label::Plan,
            Column::PlanValue => Label::PlanValue,
            Column::PlanLow => Label::PlanLow,
            Column::PlanHigh => Label::PlanHigh,
            Column::Actual | Column::StepActual(_) => Label::Actual,
            Column::Attainment | Column::StepAttainment(_) => Label::Attainment,
            Column::Bar => Label::Bar,
            Column::Gap => Label::Gap,
            Column::Expected => Label::Expected,
            Column::Pace => Label::Pace,
            Column::Projected => Label::Projected,
            Column::Change => Label::Change,
            Column::Measured => Label::Measured,
            Column::MeasuredFrom => Label::MeasuredFrom,
            // The chart explains itself through the legend under the table.
            Column::Chart => return None,
            Column::Status => Label::Status,
            Column::Basis => Label::Basis,
            Column::RowsUsed => Label::RowsUsed,
            Column::Source => Label::Source,
        })
    }
}

/// What one cell shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Nothing: the status or chart of a row that is not judged.
    Blank,
    /// No value: a dash on a page, an empty cell in a workbook.
    Dash,
    /// Words as the campaign's author wrote them (a name, a unit, a group,
    /// a source): each medium escapes them.
    Text(String),
    /// An entity's name, under its target.
    Entity(String),
    /// A number in the view's locale, with the value it shows.
    Figure(Figure),
    /// The plan as written; `revised` when a revision is in force, which
    /// a footnote (see [`View::revision_notes`]) explains.
    Plan { text: String, revised: bool },
    /// A status in words, on its light.
    Status { words: &'static str, light: Light },
    /// A judged row's attainment, drawn by the medium (the bar, the chart).
    Drawn,
}

/// A number as a page shows it and as a workbook stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// As people read it, in the view's locale: `99,6 %`, `+1,2 pp`.
    pub text: String,
    /// The value a workbook cell holds: in the target's unit, or for a
    /// percentage the fraction (0.996), rounded to `decimals` percent places.
    pub value: Decimal,
    /// The places a workbook shows: as the page for values; for
    /// percentages two, or more where two would round across the boundary
    /// of the row's status.
    pub decimals: u32,
    pub shape: Shape,
}

/// What kind of number a [`Figure`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A value in the target's unit.
    Value,
    /// A signed difference, in percentage points for a % target.
    Gap { points: bool },
    /// A percentage.
    Percent,
    /// A signed percentage (the change on last year).
    Change,
    /// A count of rows or targets.
    Count,
}

/// The places a workbook gives a percentage that is not next to a status.
pub(super) const WORKBOOK_PCT_DP: u32 = 2;
/// Places kept of a derived value (the expected value, the projection).
pub(super) const DERIVED_DP: u32 = 6;

impl Figure {
    /// A value in the target's unit (or a gap), with the places the page shows.
    pub(super) fn value(v: Decimal, text: String, shape: Shape) -> Figure {
        Figure {
            text,
            value: v,
            decimals: words::human_decimals(v),
            shape,
        }
    }

    /// A percentage given in percent (99.598): the page's text, and for
    /// the workbook the fraction rounded to `dp` percent places (0.996), as
    /// spreadsheets keep percentages.
    pub(super) fn percent(v: Decimal, dp: u32, text: String, shape: Shape) -> Figure {
        let rounded = calc::round_pct(v, dp);
        Figure {
            text,
            value: rounded.checked_div(Decimal::ONE_HUNDRED).unwrap_or(rounded),
            decimals: dp,
            shape,
        }
    }

    /// A count.
    pub fn count(n: u64, locale: Locale) -> Figure {
        let value = Decimal::from(n);
        Figure {
            text: number::format(value, locale, None),
            value,
            decimals: 0,
            shape: Shape::Count,
        }
    }

    /// The workbook's text in the `en` locale, for sizing its column: the
    /// value at the workbook's places, signed as the page shows it.
    pub fn plain(&self) -> String {
        let sign = if self.text.starts_with('+') { "+" } else { "" };
        match self.shape {
            Shape::Value => human_number(self.value, Locale::En),
            Shape::Count => number::format(self.value, Locale::En, None),
            Shape::Gap { points } => format!(
                "{sign}{}{}",
                human_number(self.value, Locale::En),
                if points { " pp" } else { "" }
            ),
            Shape::Percent | Shape::Change => {
                let percent = self
                    .value
                    .checked_mul(Decimal::ONE_HUNDRED)
                    .unwrap_or(self.value);
                let digits = number::format(percent, Locale::En, Some(self.decimals));
                format!("{sign}{digits}%")
            }
        }
    }
}
