//! Calendar spans: reading a period (`2022`, `2022-H1`, `2022-Q3`,
//! `2022-06`, `2022-06-30`, `A..B`), the as-of date, and the elapsed share
//! of a campaign (reference §4.3, §5.1, §6.3).
//!
//! This module owns whole-day spans with both ends inclusive. It does no I/O
//! and knows nothing of targets or rows: callers decide what a span means.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

/// A span of whole days, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The first day in the span.
    pub start: NaiveDate,
    /// The last day in the span.
    pub end: NaiveDate,
}

/// A period text that cannot be read, or a span that ends before it starts.
///
/// The message is a full sentence without a location; the caller adds the
/// file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    /// The sentence shown to the user.
    pub message: String,
    /// The same sentence in Vietnamese.
    pub vi: String,
}

impl PeriodError {
    fn new(message: impl Into<String>, vi: impl Into<String>) -> PeriodError {
        PeriodError {
            message: message.into(),
            vi: vi.into(),
        }
    }

    /// The error for text that looks like no period at all.
    fn unreadable(text: &str) -> PeriodError {
        PeriodError::new(
            format!(
                "'{text}' is not a period; write 2022, 2022-H1, 2022-Q3, 2022-06, 2022-06-30 or 2022-01..2022-11"
            ),
            format!(
                "'{text}' không phải là kỳ; hãy viết 2022, 2022-H1, 2022-Q3, 2022-06, 2022-06-30 hoặc 2022-01..2022-11"
            ),
        )
    }

    /// The error for a period form with a part out of range: `why` says
    /// which, in English and in Vietnamese.
    fn not_a_period(text: &str, why: &str, why_vi: &str) -> PeriodError {
        PeriodError::new(
            format!("'{text}' is not a period: {why}"),
            format!("'{text}' không phải là kỳ: {why_vi}"),
        )
    }
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl PeriodError {
    /// The sentence in both languages, for a diagnostic to quote.
    pub fn said(&self) -> crate::diagnostic::Said {
        crate::diagnostic::Said::new(self.message.clone(), self.vi.clone())
    }
}

impl std::error::Error for PeriodError {}

impl Span {
    /// The span from `start` to `end`, both included; an error if `end` is
    /// before `start`.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Span, PeriodError> {
        if end < start {
            let (start, end) = (DateText(start), DateText(end));
            return Err(PeriodError::new(
                format!("the span {start}..{end} ends before it starts"),
                format!("khoảng {start}..{end} kết thúc trước khi bắt đầu"),
            ));
        }
        Ok(Span { start, end })
    }

    /// Reads a period: `2022` | `2022-H1`/`2022-H2` | `2022-Q1`..`2022-Q4` |
    /// `2022-06` | `2022-06-30` | `A..B` (A and B any of the previous forms;
    /// from the start of A to the end of B). H/Q letters case-insensitive;
    /// surrounding whitespace trimmed, also around "..".
    pub fn parse(text: &str) -> Result<Span, PeriodError> {
        let text = text.trim();
        // No period is written in more than a few dozen characters; a longer
        // text is quoted cut, as every message quotes user data.
        if text.len() > crate::text::QUOTE_LIMIT
            && text.chars().nth(crate::text::QUOTE_LIMIT).is_some()
        {
            return Err(PeriodError::unreadable(&crate::text::clip(text)));
        }
        let Some((first, last)) = text.split_once("..") else {
            return parse_single(text, text);
        };
        // Errors quote the whole range: that is what the user wrote and will
        // look for in the file.
        if last.contains("..") {
            return Err(PeriodError::unreadable(text));
        }
        let from = parse_single(first.trim(), text)?;
        let to = parse_single(last.trim(), text)?;
        if to.end < from.start {
            return Err(PeriodError::new(
                format!("'{text}' ends before it starts"),
                format!("'{text}' kết thúc trước khi bắt đầu"),
            ));
        }
        Ok(Span {
            start: from.start,
            end: to.end,
        })
    }

    /// The number of days in the span, both ends counted: 2022 has 365.
    pub fn days(&self) -> i64 {
        self.end.signed_duration_since(self.start).num_days() + 1
    }

    /// True if `other` lies inside this span (ends included).
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True if the two spans share at least one day.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// True if `date` is one of the span's days.
    pub fn contains_date(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The same span shifted back one year (Feb 29 -> Feb 28; a span ending
    /// on the last day of a month ends on the last day of that month a year
    /// earlier, so 2024-02 -> 2023-02-01..2023-02-28).
    ///
    /// This is "the same period last year" for a year-on-year change, so a
    /// whole month must stay a whole month: 2025-02 -> 2024-02-01..2024-02-29.
    /// A single day stays a single day: 2025-02-28 -> 2024-02-28.
    pub fn year_earlier(&self) -> Span {
        let start = year_before(self.start);
        let end = if self.start != self.end && is_month_end(self.end) {
            self.end
                .year()
                .checked_sub(1)
                .and_then(|year| month_end(year, self.end.month()))
                .unwrap_or_else(|| year_before(self.end))
        } else {
            year_before(self.end)
        };
        // Only a span at the very edge of chrono's calendar can fail to
        // shift; keep the result a valid span even then.
        Span {
            start: start.min(end),
            end,
        }
    }
}

impl fmt::Display for Span {
    /// The shortest form that reads back as the same span: `2022`,
    /// `2022-H1`, `2022-Q3`, `2022-06`, `2022-06-30`, a range of whole months
    /// `2022-01..2022-11`, otherwise `2022-01-05..2022-02-10`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (start, end) = (self.start, self.end);
        if start == end {
            return write!(f, "{}", DateText(start));
        }
        let whole_months = start.day() == 1 && is_month_end(end);
        if !whole_months {
            return write!(f, "{}..{}", DateText(start), DateText(end));
        }
        let year = start.year();
        let (first, last) = (start.month(), end.month());
        if end.year() == year {
            match (first, last) {
                (1, 12) => return write!(f, "{year:04}"),
                (1, 6) => return write!(f, "{year:04}-H1"),
                (7, 12) => return write!(f, "{year:04}-H2"),
                (1 | 4 | 7 | 10, _) if last == first + 2 => {
                    return write!(f, "{year:04}-Q{}", first.div_ceil(3));
                }
                _ if first == last => return write!(f, "{year:04}-{first:02}"),
                _ => {}
            }
        }
        write!(f, "{year:04}-{first:02}..{:04}-{last:02}", end.year())
    }
}

/// `--as-of`: a date or any single period form (not a range); a period means
/// its last day. "2022-11" -> 2022-11-30, "2022-Q3" -> 2022-09-30, "2022" ->
/// 2022-12-31.
pub fn parse_as_of(text: &str) -> Result<NaiveDate, PeriodError> {
    let text = text.trim();
    if text.len() > crate::text::QUOTE_LIMIT && text.chars().nth(crate::text::QUOTE_LIMIT).is_some()
    {
        return Err(PeriodError::unreadable(&crate::text::clip(text)));
    }
    if text.contains("..") {
        return Err(PeriodError::new(
            format!(
                "'{text}' is a range; an as-of date is one date or one period such as 2022-11-30, 2022-11, 2022-Q3 or 2022 (a period means its last day)"
            ),
            format!(
                "'{text}' là một khoảng; ngày báo cáo là một ngày hoặc một kỳ, ví dụ 2022-11-30, 2022-11, 2022-Q3 hoặc 2022 (một kỳ được hiểu là ngày cuối của kỳ)"
            ),
        ));
    }
    parse_single(text, text).map(|span| span.end)
}

/// Elapsed share of `campaign` at `as_of` as (days elapsed, days in
/// campaign), both inclusive counts: campaign 2022, as_of 2022-11-30 ->
/// (334, 365). as_of before start -> (0, n); at or after end -> (n, n).
pub fn elapsed_days(campaign: &Span, as_of: NaiveDate) -> (i64, i64) {
    let total = campaign.days();
    if as_of < campaign.start {
        (0, total)
    } else if as_of >= campaign.end {
        (total, total)
    } else {
        // The as-of day itself counts: figures "as of 30 November" include it.
        let elapsed = as_of.signed_duration_since(campaign.start).num_days() + 1;
        (elapsed, total)
    }
}

/// The campaign cut into `count` consecutive calendar parts of whole months
/// (months when `count` is its number of months, quarters when it is a
/// third of it), for a seasonal profile. `None` when the campaign does not
/// start on the 1st of a month, does not end on a month's last day, or has
/// no such split.
pub fn calendar_parts(campaign: &Span, count: usize) -> Option<Vec<Span>> {
    let start = campaign.start;
    if start.day() != 1 || count == 0 {
        return None;
    }
    let months = months_between(start, campaign.end)?;
    let step = if months == count {
        1
    } else if months == count * 3 {
        3
    } else {
        return None;
    };
    let mut parts = Vec::with_capacity(count);
    let mut part_start = start;
    for _ in 0..count {
        let next = part_start.checked_add_months(Months::new(step as u32))?;
        parts.push(Span {
            start: part_start,
            end: next.pred_opt()?,
        });
        part_start = next;
    }
    (parts.last().map(|p| p.end) == Some(campaign.end)).then_some(parts)
}

/// Whole months from `start` (a 1st) to `end`, when `end` is a month's last day.
fn months_between(start: NaiveDate, end: NaiveDate) -> Option<usize> {
    let next = end.succ_opt()?;
    if next.day() != 1 {
        return None;
    }
    let months = (next.year() - start.year()) * 12 + next.month() as i32 - start.month() as i32;
    usize::try_from(months).ok().filter(|m| *m > 0)
}

/// The elapsed share f of a campaign under a seasonal profile (reference §6.3),
/// as an exact fraction `(numerator, denominator)`: the weights of the parts
/// already over, plus the current part's weight counted by its elapsed days.
/// `parts` and `weights` have the same length (see [`calendar_parts`]).
pub fn profile_share(parts: &[Span], weights: &[Decimal], as_of: NaiveDate) -> (Decimal, Decimal) {
    let total: Decimal = weights.iter().sum();
    let mut done = Decimal::ZERO;
    for (part, weight) in parts.iter().zip(weights) {
        if as_of >= part.end {
            done += *weight;
        } else if as_of >= part.start {
            let (elapsed, days) = elapsed_days(part, as_of);
            let days = Decimal::from(days);
            return (done * days + *weight * Decimal::from(elapsed), total * days);
        } else {
            break;
        }
    }
    (done, total)
}

/// The campaign cut into steps of `months` calendar months from its start,
/// up to `as_of`: the last step ends at the as-of date (a trend's columns).
pub fn steps_until(campaign: &Span, as_of: NaiveDate, months: u32) -> Vec<Span> {
    let mut out = Vec::new();
    let last = as_of.min(campaign.end);
    let mut start = campaign.start;
    while start <= last && months > 0 {
        let Some(next) = start.checked_add_months(Months::new(months)) else {
            break;
        };
        let end = next.pred_opt().unwrap_or(next).min(last);
        out.push(Span { start, end });
        start = next;
    }
    out
}

/// Reads one period form (not a range); errors quote `text`, the whole
/// period as written.
fn parse_single(form: &str, text: &str) -> Result<Span, PeriodError> {
    let mut parts = form.split('-');
    let year_text = parts.next().unwrap_or_default();
    let second = parts.next();
    let third = parts.next();
    if parts.next().is_some() {
        return Err(PeriodError::unreadable(text));
    }

    let year = read_year(text, year_text)?;
    let Some(second) = second else {
        return span_of_months(text, year, 1, 12);
    };

    if let Some(day_text) = third {
        let month = read_month(text, second)?;
        let day = read_number(day_text).ok_or_else(|| PeriodError::unreadable(text))?;
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
            let days_in_month = month_end(year, month).map_or(0, |end| end.day());
            PeriodError::not_a_period(
                text,
                &format!("{year:04}-{month:02} has no day {day} (it has {days_in_month} days)"),
                &format!(
                    "tháng {year:04}-{month:02} không có ngày {day} (tháng này có {days_in_month} ngày)"
                ),
            )
        })?;
        return Ok(Span {
            start: date,
            end: date,
        });
    }

    let mut chars = second.chars();
    match chars.next() {
        Some('H' | 'h') => match chars.as_str() {
            "1" => span_of_months(text, year, 1, 6),
            "2" => span_of_months(text, year, 7, 12),
            n if is_digits(n) => Err(PeriodError::not_a_period(
                text,
                "a half is H1 or H2",
                "nửa năm chỉ có H1 hoặc H2",
            )),
            _ => Err(PeriodError::unreadable(text)),
        },
        Some('Q' | 'q') => match chars.as_str() {
            n @ ("1" | "2" | "3" | "4") => {
                let first = match n {
                    "1" => 1,
                    "2" => 4,
                    "3" => 7,
                    _ => 10,
                };
                span_of_months(text, year, first, first + 2)
            }
            n if is_digits(n) => Err(PeriodError::not_a_period(
                text,
                "a quarter is Q1–Q4",
                "quý chỉ từ Q1 đến Q4",
            )),
            _ => Err(PeriodError::unreadable(text)),
        },
        _ => {
            let month = read_month(text, second)?;
            span_of_months(text, year, month, month)
        }
    }
}

/// A four-digit year, 1000–9999.
fn read_year(text: &str, year_text: &str) -> Result<i32, PeriodError> {
    if year_text.len() != 4 || !is_digits(year_text) {
        return Err(PeriodError::unreadable(text));
    }
    let year: i32 = year_text
        .parse()
        .map_err(|_| PeriodError::unreadable(text))?;
    if year < 1000 {
        return Err(PeriodError::not_a_period(
            text,
            "a year is 1000–9999",
            "năm phải từ 1000 đến 9999",
        ));
    }
    Ok(year)
}

/// A month number, 1–12, written with one or two digits.
fn read_month(text: &str, month_text: &str) -> Result<u32, PeriodError> {
    let month = read_number(month_text).ok_or_else(|| PeriodError::unreadable(text))?;
    if !(1..=12).contains(&month) {
        return Err(PeriodError::not_a_period(
            text,
            &format!("month {month} does not exist (use 01–12)"),
            &format!("không có tháng {month} (hãy dùng 01–12)"),
        ));
    }
    Ok(month)
}

/// One or two ASCII digits as a number; longer text is not a month or day.
fn read_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 2 || !is_digits(digits) {
        return None;
    }
    digits.parse().ok()
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The first day of month `first` to the last day of month `last`, one year.
fn span_of_months(text: &str, year: i32, first: u32, last: u32) -> Result<Span, PeriodError> {
    // Callers pass a year of 1000–9999 and months of 1–12, which chrono always
    // accepts; the error only keeps this free of unwrap.
    let start = NaiveDate::from_ymd_opt(year, first, 1);
    let end = month_end(year, last);
    match (start, end) {
        (Some(start), Some(end)) => Ok(Span { start, end }),
        _ => Err(PeriodError::unreadable(text)),
    }
}

/// The last day of a month.
fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    if month == 12 {
        NaiveDate::from_ymd_opt(year, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()
    }
}

fn is_month_end(date: NaiveDate) -> bool {
    date.succ_opt().is_none_or(|next| next.day() == 1)
}

/// The same day a year earlier; Feb 29 becomes Feb 28. At the very start of
/// chrono's calendar there is no earlier year, and the date stays.
pub fn year_before(date: NaiveDate) -> NaiveDate {
    date.checked_sub_months(Months::new(12)).unwrap_or(date)
}

/// A date as `2022-06-30`, written by hand because chrono's formatting is
/// not enabled (default features are off).
struct DateText(NaiveDate);

impl fmt::Display for DateText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            date.year(),
            date.month(),
            date.day()
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a panic is how a test fails
mod tests;
