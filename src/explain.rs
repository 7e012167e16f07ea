//! `attain explain ID ...`: why a target shows what it shows — the target in
//! force (and the original), the aggregate and window, every row used with
//! its file:line and conversion, every row skipped for it and why, the
//! formula with the numbers put in, and the threshold that decided the
//! status.
//!
//! It words and formats; it computes nothing. Every number is the report
//! model's, the formula shown is the rule `calc::attainment_rule` says calc
//! applied, and a row's conversion factor is the one
//! `Unit::factor_from_text` gives, as reading the row applied it.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::calc::{self, Basis, Measure, Rule, Status};
use crate::campaign::{Aggregate, Campaign, Target};
use crate::diagnostic::Usage;
use crate::error::Error;
use crate::ingest::{Bucket, Ingest, LedgerRow};
use crate::labels::Lang;
use crate::number::Locale;
use crate::report::{Base, ExpectedFrom, Report, Row};
use crate::text::printable;
use crate::unit::Unit;
use crate::view::words::human_change_plan;
use crate::view::{human_number, human_target, status_label};

/// The explanation of each id, or an error naming an unknown id.
pub fn explain(
    campaign: &Campaign,
    ingest: &Ingest,
    report: &Report,
    ids: &[String],
    locale: Locale,
    lang: Lang,
) -> Result<String, Error> {
    let mut out = String::new();
    for (n, id) in ids.iter().enumerate() {
        let (Some(target), Some(row)) = (
            campaign.targets.iter().find(|t| &t.id == id),
            report
                .rows
                .iter()
                .find(|r| &r.id == id && r.entity.is_none()),
        ) else {
            let known: Vec<&str> = campaign.targets.iter().map(|t| t.id.as_str()).collect();
            return Err(Error::Usage(Usage::NoSuchTarget {
                id: id.to_string(),
                suggestion: crate::campaign::closest(id, &known).map(str::to_string),
                known: known.iter().map(|k| k.to_string()).collect(),
            }));
        };
        if n > 0 {
            out.push('\n');
        }
        let figure = campaign
            .targets
            .iter()
            .position(|t| t.id == target.id)
            .and_then(|i| ingest.figures.get(i));
        let section = Section {
            campaign,
            ingest,
            target,
            row,
            figure,
            locale,
            lang,
        };
        section.write(&mut out);
    }
    Ok(out)
}

/// Writes one line "  label  text" of a section. The text quotes the data
/// (names, sources, notes, rows), so it is shown [`printable`].
fn line(out: &mut String, label: &str, text: impl AsRef<str>) {
    let _ = writeln!(out, "  {label:<11} {}", printable(text.as_ref()));
}

/// One target's explanation, from the heading to the status.
struct Section<'a> {
    campaign: &'a Campaign,
    ingest: &'a Ingest,
    target: &'a Target,
    row: &'a Row,
    figure: Option<&'a crate::ingest::Figure>,
    locale: Locale,
    lang: Lang,
}

impl Section<'_> {
    fn write(&self, out: &mut String) {
        self.heading(out);
        self.target_in_force(out);
        self.combining(out);
        self.rows(out);
        self.figures(out);
    }

    /// The words in the language of the run.
    fn say<'w>(&self, en: &'w str, vi: &'w str) -> &'w str {
        match self.lang {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }

    fn n(&self, v: Decimal) -> String {
        human_number(v, self.locale)
    }

    /// " unit" after a number, or nothing for a plain number.
    fn unit(&self) -> String {
        if self.target.unit_text.is_empty() {
            String::new()
        } else {
            format!(" {}", self.target.unit_text)
        }
    }

    /// "id — name (group)".
    fn heading(&self, out: &mut String) {
        let target = self.target;
        let name = target.name.get(self.lang, &target.id);
        let group = target
            .group
            .as_deref()
            .map_or_else(String::new, |g| format!(" ({g})"));
        let _ = writeln!(
            out,
            "{} — {}",
            printable(&target.id),
            printable(&format!("{name}{group}"))
        );
    }

    /// The target in force, and the original with its revision, or its
    /// source; then its note.
    fn target_in_force(&self, out: &mut String) {
        let (row, locale) = (self.row, self.locale);
        let mut in_force = match row.measure.is_change() {
            false => format!(
                "{}{}",
                human_target(row.kind, row.strict, locale),
                self.unit()
            ),
            // "down 1–1,5 pp": a change is written in its own unit.
            true => {
                let plan = human_target(row.kind, row.strict, locale);
                let unit_is_percent = self.target.unit.is_percent();
                let plan = human_change_plan(row.measure, &plan, unit_is_percent, self.lang);
                let unit = match row.measure.is_relative() || unit_is_percent {
                    true => String::new(),
                    false => self.unit(),
                };
                format!("{plan}{unit} (measure = \"{}\")", row.measure.name())
            }
        };
        match (&row.revision, row.original_target) {
            (Some(r), Some(original)) => {
                let _ = write!(
                    in_force,
                    "{} {} {} {}{}",
                    self.say(", revised on", ", điều chỉnh ngày"),
                    r.from,
                    self.say("from", "từ"),
                    human_target(original, row.strict, locale),
                    r.source
                        .as_ref()
                        .map_or_else(String::new, |s| format!(" ({s})"))
                );
            }
            _ => {
                if let Some(s) = &self.target.source {
                    let _ = write!(in_force, " ({}: {s})", self.say("source", "nguồn"));
                }
            }
        }
        line(out, self.say("target", "chỉ tiêu"), in_force);
        if let Some(note) = &self.target.note {
            line(out, self.say("note", "ghi chú"), note);
        }
    }

    /// How rows combine, and over which window.
    fn combining(&self, out: &mut String) {
        let (campaign, ingest, target) = (self.campaign, self.ingest, self.target);
        let how = match (&target.formula, target.aggregate, self.lang) {
            (Some(f), _, Lang::En) => {
                format!("formula {} over the components' aggregates", f.text)
            }
            (Some(f), _, Lang::Vi) => format!(
                "công thức {}, tính trên số tổng hợp của các chỉ tiêu thành phần",
                f.text
            ),
            (None, Some(a), lang) => format!("{}{}", a.name(), aggregate_words(a, lang)),
            (None, None, Lang::En) => "none set: a single row is its value".to_string(),
            (None, None, Lang::Vi) => "không đặt: giá trị là của một dòng duy nhất".to_string(),
        };
        line(out, self.say("aggregate", "tổng hợp"), how);
        let latest = match ingest.as_of_from_rows {
            true => self.say(
                ", the latest end among the rows",
                ", là ngày kết thúc muộn nhất trong các dòng",
            ),
            false => "",
        };
        let (start, end, as_of) = (campaign.span.start, campaign.span.end, ingest.as_of);
        line(
            out,
            self.say("window", "phạm vi"),
            match self.lang {
                Lang::En => format!("{start} to {end} (the campaign), as of {as_of}{latest}"),
                Lang::Vi => {
                    format!("từ {start} đến {end} (kỳ kế hoạch), ngày báo cáo {as_of}{latest}")
                }
            },
        );
    }

    /// The rows of the target (or of its formula's components): used, of
    /// the year before, skipped and why.
    fn rows(&self, out: &mut String) {
        let (campaign, locale, lang) = (self.campaign, self.locale, self.lang);
        let rows_used = self.say("rows used", "dòng dùng");
        let components: Vec<&str> = match &self.target.formula {
            Some(f) => f.references(),
            None => vec![self.target.id.as_str()],
        };
        let mine: Vec<&LedgerRow> = self
            .ingest
            .rows
            .iter()
            .filter(|r| components.contains(&r.indicator.as_str()))
            .collect();
        let mut used = 0;
        for r in mine.iter().filter(|r| r.bucket == Bucket::Used) {
            used += 1;
            line(
                out,
                if used == 1 { rows_used } else { "" },
                row_text(campaign, r, locale, lang),
            );
        }
        if used == 0 {
            line(out, rows_used, self.say("none", "không có"));
        }
        for r in mine.iter().filter(|r| r.bucket == Bucket::Comparison) {
            line(
                out,
                self.say("last year", "năm trước"),
                row_text(campaign, r, locale, lang),
            );
        }
        for r in &mine {
            if let Bucket::Skipped(skip) = r.bucket {
                let explanation = match lang {
                    Lang::En => crate::check::skip_explanation(skip),
                    Lang::Vi => crate::view::words::skip_words_vi(skip),
                };
                let why = format!("{} ({explanation})", skip.name());
                line(
                    out,
                    self.say("skipped", "bỏ qua"),
                    format!("{} — {why}", row_text(campaign, r, locale, lang)),
                );
            }
        }
    }

    /// The value and the formulas with the report's numbers put in, then
    /// the status; or why there is no value.
    fn figures(&self, out: &mut String) {
        let (row, locale, lang) = (self.row, self.locale, self.lang);
        let status = self.say("status", "đánh giá");
        let Some(actual) = row.actual else {
            let reason = self
                .figure
                .and_then(|f| f.reason.as_ref())
                .map(|reason| reason.get(lang).to_string())
                .unwrap_or_else(|| {
                    self.say(
                        "no usable row in the window",
                        "không có dòng nào dùng được trong phạm vi tính",
                    )
                    .to_string()
                });
            let none = self.say("none", "không có");
            line(
                out,
                self.say("actual", "thực hiện"),
                format!("{none}: {reason}"),
            );
            line(
                out,
                status,
                status_label(Status::NoData, Basis::Final, lang),
            );
            return;
        };
        line(
            out,
            self.say("actual", "thực hiện"),
            format!("{}{}", self.n(actual), self.unit()),
        );
        if let Some(f) = &self.target.formula {
            let totals = self.say(
                "with the components' totals",
                "với tổng của các chỉ tiêu thành phần",
            );
            line(out, "", format!("{} {totals}", f.text));
        }
        // A change target is judged on M, its change from P.
        let (judged, a_name) = match row.measure.is_change() {
            false => (actual, "A"),
            true => match self.measured(out, actual) {
                Some(m) => (m, "M"),
                None => return,
            },
        };
        let rule = calc::attainment_rule(row.kind, row.above, judged);
        line(
            out,
            self.say("attainment", "tỷ lệ đạt"),
            attainment_text(
                rule,
                (a_name, judged),
                row.attainment_pct,
                locale,
                "T",
                lang,
            ),
        );
        if let (Basis::Pace, Some(expected)) = (row.basis, row.expected) {
            let from = match (row.expected_from, lang) {
                (ExpectedFrom::Phasing, Lang::En) => {
                    "the plan phased by the elapsed share of the campaign".to_string()
                }
                (ExpectedFrom::Phasing, Lang::Vi) => {
                    "kế hoạch phân bổ theo phần thời gian đã qua của kỳ kế hoạch".to_string()
                }
                (ExpectedFrom::Milestone(by), Lang::En) => format!("the milestone due by {by}"),
                (ExpectedFrom::Milestone(by), Lang::Vi) => format!("mốc phải đạt đến {by}"),
                (ExpectedFrom::Milestones, Lang::En) => {
                    "on the line from 0 through the milestones to the target".to_string()
                }
                (ExpectedFrom::Milestones, Lang::Vi) => {
                    "trên đường nối từ 0 qua các mốc đến chỉ tiêu".to_string()
                }
            };
            line(
                out,
                self.say("expected", "cần đạt"),
                format!(
                    "E = {} {} ({from})",
                    human_target(expected, row.strict, locale),
                    self.say("to date", "đến ngày báo cáo")
                ),
            );
            let rule = calc::attainment_rule(expected, row.above, judged);
            line(
                out,
                self.say("pace", "tiến độ"),
                attainment_text(rule, (a_name, judged), row.pace_pct, locale, "E", lang),
            );
        }
        if let Some(p) = row.projected {
            let whole = self.say(
                "for the whole campaign at this pace",
                "cho cả kỳ kế hoạch nếu giữ tiến độ này",
            );
            line(
                out,
                self.say("projected", "ước cả kỳ"),
                format!("{} {whole}", self.n(p)),
            );
        }
        if let (Some(prev), Some(change)) = (row.previous, row.change_pct) {
            line(
                out,
                self.say("last year", "năm trước"),
                format!(
                    "{} → {} {}",
                    self.n(prev),
                    self.say("change", "thay đổi"),
                    pct(change, locale)
                ),
            );
        }
        line(out, status, status_text(row, judged, locale, lang));
    }

    /// The change a change target is judged on: "M = P − A = 4,03 − 2,93
    /// = 1,10", with where P comes from; none (and the status no data)
    /// without P.
    fn measured(&self, out: &mut String, actual: Decimal) -> Option<Decimal> {
        let row = self.row;
        let (measured, status) = (
            self.say("measured", "thay đổi"),
            self.say("status", "đánh giá"),
        );
        let Some((p, base)) = row.measured_from else {
            let name = row.measure.name();
            line(
                out,
                measured,
                match self.lang {
                    Lang::En => format!(
                        "none: measure = \"{name}\" needs the figure of the same span a year earlier (or a baseline), and there is none"
                    ),
                    Lang::Vi => format!(
                        "không có: measure = \"{name}\" cần số liệu cùng kỳ năm trước (hoặc số gốc), nhưng không có"
                    ),
                },
            );
            line(
                out,
                status,
                status_label(Status::NoData, Basis::Final, self.lang),
            );
            return None;
        };
        let from = match base {
            Base::YearEarlier => self.say(
                "P = the same span a year earlier",
                "P = số cùng kỳ năm trước",
            ),
            Base::Baseline => self.say(
                "P = the baseline, for want of the same span a year earlier",
                "P = số gốc, vì không có số cùng kỳ năm trước",
            ),
        };
        line(
            out,
            self.say("previous", "số so sánh"),
            format!("{}{} ({from})", self.n(p), self.unit()),
        );
        let (a, p_) = (self.n(actual), self.n(p));
        let formula = match row.measure {
            Measure::Level => return Some(actual),
            Measure::Increase => format!("A − P = {a} − {p_}"),
            Measure::Decrease => format!("P − A = {p_} − {a}"),
            Measure::Growth => format!(
                "(A − P) / |P| × 100 = ({a} − {p_}) / {} × 100",
                self.n(p.abs())
            ),
            Measure::Decline => format!(
                "(P − A) / |P| × 100 = ({p_} − {a}) / {} × 100",
                self.n(p.abs())
            ),
        };
        let Some(m) = row.measured else {
            let none = self.say(
                "none (a change from zero has no percentage)",
                "không có (thay đổi so với 0 không tính được phần trăm)",
            );
            line(out, measured, format!("M = {formula}: {none}"));
            line(
                out,
                status,
                status_label(Status::NoData, Basis::Final, self.lang),
            );
            return None;
        };
        // 4,03 − 2,93 = 1,10: the places of the figures it comes from.
        let digits = crate::number::format(m, self.locale, Some(m.scale().min(4)));
        let result = match (row.measure.is_relative(), self.target.unit.is_percent()) {
            (true, _) => pct(m, self.locale),
            (false, true) => format!("{digits} {}", self.say("pp", "điểm %")),
            (false, false) => format!("{digits}{}", self.unit()),
        };
        line(
            out,
            measured,
            format!("M = {formula} = {result} ({})", row.measure.name()),
        );
        Some(m)
    }
}

fn aggregate_words(a: Aggregate, lang: Lang) -> &'static str {
    if lang == Lang::Vi {
        return match a {
            Aggregate::Sum => {
                " (chỉ tiêu lũy kế: cộng các dòng của những kỳ khác nhau; kỳ trùng nhau không tính hai lần)"
            }
            Aggregate::Last => " (chỉ tiêu thời điểm: lấy dòng có ngày kết thúc muộn nhất)",
            Aggregate::Mean => " (trung bình cộng của các dòng)",
            Aggregate::Min => " (dòng nhỏ nhất)",
            Aggregate::Max => " (dòng lớn nhất)",
        };
    }
    match a {
        Aggregate::Sum => {
            " (a flow: rows of distinct periods add up; overlapping periods are not counted twice)"
        }
        Aggregate::Last => " (a level: the row with the latest end)",
        Aggregate::Mean => " (the mean of the rows)",
        Aggregate::Min => " (the smallest row)",
        Aggregate::Max => " (the largest row)",
    }
}

/// "file:line  period  value unit → converted (× factor)  entity".
fn row_text(campaign: &Campaign, r: &LedgerRow, locale: Locale, lang: Lang) -> String {
    let say = |en: &'static str, vi: &'static str| match lang {
        Lang::En => en,
        Lang::Vi => vi,
    };
    let indicator = campaign.indicators.iter().find(|i| i.id == r.indicator);
    // The factor reading the row applied, as unit.rs gives it; none shown
    // when it is 1 (no unit, or a spelling of the target's own).
    let conversion = indicator
        .and_then(|ind| {
            let factor = Unit::factor_from_text(&r.unit, &ind.unit).ok()?;
            (factor != Decimal::ONE).then(|| {
                format!(
                    " (× {} {} {})",
                    human_number(factor, locale),
                    say("to", "đổi ra"),
                    ind.unit_text
                )
            })
        })
        .unwrap_or_default();
    let entity = if r.entity.is_empty() {
        String::new()
    } else {
        format!(", {} {}", say("entity", "đơn vị"), r.entity)
    };
    let what = if r.indicator.is_empty() {
        say("(no indicator)", "(không có mã chỉ tiêu)")
    } else {
        &r.indicator
    };
    format!(
        "{}  {what} {}  {} {}{conversion}{entity}",
        r.place(),
        if r.period.is_empty() {
            say("(whole campaign)", "(cả kỳ kế hoạch)")
        } else {
            &r.period
        },
        r.value,
        r.unit
    )
    .trim_end()
    .to_string()
        + &stands_for(r.rows, lang)
}

/// ", for 12 source rows" after a grouped row (`rows`), so that a line
/// of the listing is not taken for one row of the data.
fn stands_for(rows: u64, lang: Lang) -> String {
    match (rows, lang) {
        (0 | 1, _) => String::new(),
        (n, Lang::En) => format!(", for {n} source rows"),
        (n, Lang::Vi) => format!(", thay cho {n} dòng gốc"),
    }
}

fn pct(v: Decimal, locale: Locale) -> String {
    let n = crate::number::format(calc::round_pct(v, 2), locale, Some(2));
    match locale {
        Locale::En => format!("{n}%"),
        Locale::Vi => format!("{n} %"),
    }
}

/// The attainment formula of reference §6.1 that calc applied (`rule`), with
/// the numbers put in and the report's `result`. `t_name` names the target
/// in the formula: `T`, or `E` for the expected value.
fn attainment_text(
    rule: Rule,
    (m, a): (&str, Decimal),
    result: Option<Decimal>,
    locale: Locale,
    t_name: &str,
    lang: Lang,
) -> String {
    let n = |v: Decimal| human_number(v, locale);
    let none = match lang {
        Lang::En => "none",
        Lang::Vi => "không có",
    };
    let r = result.map_or_else(|| none.to_string(), |v| pct(v, locale));
    if lang == Lang::Vi {
        return match rule {
            Rule::Floor(t) => format!("{m} / {t_name} = {} / {} = {r}", n(a), n(t)),
            Rule::Ceiling(t) => format!("2 − {m} / {t_name} = 2 − {} / {} = {r}", n(a), n(t)),
            Rule::BelowBand(l) => {
                format!("dưới khoảng chỉ tiêu: {m} / L = {} / {} = {r}", n(a), n(l))
            }
            Rule::BelowBandLess(l) => format!(
                "dưới khoảng chỉ tiêu, càng thấp càng tốt: 2 − {m} / L = 2 − {} / {} = {r}",
                n(a),
                n(l)
            ),
            Rule::InsideBand(l, h) => {
                format!("trong khoảng chỉ tiêu {}–{}: {r}", n(l), n(h))
            }
            Rule::AboveBand(h) => format!(
                "trên khoảng chỉ tiêu, càng cao càng tốt: {m} / H = {} / {} = {r}",
                n(a),
                n(h)
            ),
            Rule::AboveBadBand(h) => format!(
                "trên khoảng chỉ tiêu, theo chiều không tốt: 2 − {m} / H = 2 − {} / {} = {r}",
                n(a),
                n(h)
            ),
            Rule::NoRatio => {
                "không có: chỉ tiêu bằng 0 hoặc âm chỉ được đánh giá bằng so sánh".to_string()
            }
        };
    }
    match rule {
        Rule::Floor(t) => format!("{m} / {t_name} = {} / {} = {r}", n(a), n(t)),
        Rule::Ceiling(t) => format!("2 − {m} / {t_name} = 2 − {} / {} = {r}", n(a), n(t)),
        Rule::BelowBand(l) => format!("below the band: {m} / L = {} / {} = {r}", n(a), n(l)),
        Rule::BelowBandLess(l) => format!(
            "below the band, less is better: 2 − {m} / L = 2 − {} / {} = {r}",
            n(a),
            n(l)
        ),
        Rule::InsideBand(l, h) => format!("inside the band {}–{}: {r}", n(l), n(h)),
        Rule::AboveBand(h) => format!(
            "above the band, more is better: {m} / H = {} / {} = {r}",
            n(a),
            n(h)
        ),
        Rule::AboveBadBand(h) => format!(
            "above the band, which is bad: 2 − {m} / H = 2 − {} / {} = {r}",
            n(a),
            n(h)
        ),
        Rule::NoRatio => "none: a target of zero or less is judged by comparison alone".to_string(),
    }
}

/// Which comparison or threshold decided the status.
fn status_text(row: &Row, actual: Decimal, locale: Locale, lang: Lang) -> String {
    let n = |v: Decimal| human_number(v, locale);
    let label = status_label(row.status, row.basis, lang);
    let against = match row.basis {
        Basis::Pace => row.expected.unwrap_or(row.kind),
        Basis::Final => row.kind,
    };
    let basis = match (row.basis, lang) {
        (Basis::Pace, Lang::En) => " to date",
        (Basis::Pace, Lang::Vi) => " đến ngày báo cáo",
        (Basis::Final, _) => "",
    };
    let score = match row.basis {
        Basis::Pace => row.pace_pct,
        Basis::Final => row.attainment_pct,
    };
    let target = human_target(against, row.strict, locale);
    let score_shown = score.map_or_else(|| "–".to_string(), |s| pct(s, locale));
    if lang == Lang::Vi {
        let (a, near) = (n(actual), pct(row.near, locale));
        return match row.status {
            Status::Exceeded => format!("{label}: {a} tốt hơn chỉ tiêu{basis} {target}"),
            Status::Met => format!(
                "{label}: {a} đạt chỉ tiêu{basis} {target} (bằng đúng ngưỡng cũng tính là đạt)"
            ),
            Status::Near => format!(
                "{label}: {a} chưa đạt chỉ tiêu{basis} {target}, nhưng {score_shown} bằng hoặc cao hơn ngưỡng gần đạt {near}"
            ),
            Status::NotMet => match score {
                Some(_) => format!(
                    "{label}: {a} chưa đạt chỉ tiêu{basis} {target}, và {score_shown} thấp hơn ngưỡng gần đạt {near}"
                ),
                None => format!(
                    "{label}: {a} chưa đạt chỉ tiêu{basis} {target}, và không có tỷ lệ đạt để xét gần đạt"
                ),
            },
            Status::NoData => label.to_string(),
        };
    }
    match row.status {
        Status::Exceeded => format!(
            "{label}: {} is better than the target{basis} {target}",
            n(actual)
        ),
        Status::Met => format!(
            "{label}: {} meets the target{basis} {target} (boundaries count as met)",
            n(actual)
        ),
        Status::Near => format!(
            "{label}: {} misses the target{basis} {target}, but {} is at or above the amber threshold {}",
            n(actual),
            score_shown,
            pct(row.near, locale)
        ),
        Status::NotMet => match score {
            Some(s) => format!(
                "{label}: {} misses the target{basis} {target}, and {} is below the amber threshold {}",
                n(actual),
                pct(s, locale),
                pct(row.near, locale)
            ),
            None => format!(
                "{label}: {} misses the target{basis} {target}, which has no attainment to be near",
                n(actual)
            ),
        },
        Status::NoData => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ingest::{self, Input, KeepRows, ReadOptions};
    use crate::report::{self, Selection};

    const EXAMPLES: [&str; 3] = [
        "examples/bac-ninh-2022/actuals.csv",
        "examples/bac-ninh-2022/illustrative.csv",
        "examples/bac-ninh-2022/ytd-2022-11.csv",
    ];

    /// The shipped campaign read with `actuals`, its report, and the
    /// explanation of every target in English (the tests read its labels).
    fn shipped(actuals: &str) -> (Campaign, Report, String) {
        shipped_in(actuals, Lang::En)
    }

    /// The same, with the explanation in `lang`.
    fn shipped_in(actuals: &str, lang: Lang) -> (Campaign, Report, String) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let campaign = crate::campaign::load(&root.join("targets.toml")).unwrap();
        let options = ReadOptions {
            keep_rows: KeepRows::All,
            ..ReadOptions::new(campaign.locale)
        };
        let ingest = ingest::read(&campaign, &[Input::File(root.join(actuals))], &options);
        assert!(!ingest.has_errors(), "{actuals}: {:?}", ingest.diagnostics);
        let report = report::build(&campaign, &ingest, &Selection::default());
        let ids: Vec<String> = campaign.targets.iter().map(|t| t.id.clone()).collect();
        let text = explain(&campaign, &ingest, &report, &ids, campaign.locale, lang).unwrap();
        (campaign, report, text)
    }

    /// A section's lines as (label, text); a line without a label belongs
    /// to the label above it.
    fn fields(section: &str) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for l in section.lines().skip(1) {
            let label = l[2..13].trim().to_string();
            let label = match (label.is_empty(), out.last()) {
                (true, Some((above, _))) => above.clone(),
                _ => label,
            };
            out.push((label, l[14..].to_string()));
        }
        out
    }

    fn field<'a>(fields: &'a [(String, String)], label: &str) -> Option<&'a str> {
        fields
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, t)| t.as_str())
    }

    /// "x %" or "x%" as a decimal.
    fn number(text: &str, locale: Locale) -> Decimal {
        let text = text.trim().trim_end_matches('%').trim();
        crate::number::parse(text, locale, false).unwrap()
    }

    /// Works out "A / T = a / t = r %" or "2 − A / T = 2 − a / t = r %" with
    /// the numbers shown, and returns (worked out, shown), both rounded as
    /// shown: the words of the formula must give the report's number.
    fn worked(formula: &str, locale: Locale) -> Option<(Decimal, Decimal)> {
        let formula = formula.rsplit(": ").next()?;
        let parts: Vec<&str> = formula.split(" = ").collect();
        let [_, operands, shown] = parts.as_slice() else {
            return None;
        };
        let (inverse, operands) = match operands.strip_prefix("2 − ") {
            Some(rest) => (true, rest),
            None => (false, *operands),
        };
        let (a, t) = operands.split_once(" / ")?;
        let ratio = number(a, locale) / number(t, locale);
        let value = if inverse { Decimal::TWO - ratio } else { ratio };
        Some((
            calc::round_pct(value * Decimal::ONE_HUNDRED, 2),
            number(shown, locale),
        ))
    }

    /// Each explained target of the shipped campaign with each example's
    /// actuals: where (the file and id), its report row, its target and the
    /// lines of its explanation.
    fn each_explained(mut check: impl FnMut(&str, &Row, &Target, &[(String, String)])) {
        for actuals in EXAMPLES {
            let (campaign, report, text) = shipped(actuals);
            assert_eq!(
                campaign.locale,
                Locale::Vi,
                "the numbers below are read as vi"
            );
            for section in text.split("\n\n") {
                let id = section.split(' ').next().unwrap();
                let row = report
                    .rows
                    .iter()
                    .find(|r| r.id == id && r.entity.is_none())
                    .unwrap();
                let target = campaign.targets.iter().find(|t| t.id == id).unwrap();
                check(&format!("{actuals}, {id}"), row, target, &fields(section));
            }
        }
    }

    #[test]
    fn the_actual_attainment_and_pace_explain_shows_are_the_reports() {
        let locale = Locale::Vi;
        let mut worked_out = 0;
        each_explained(|at, row, _, fields| {
            let shown_actual = field(fields, "actual").unwrap();
            let Some(actual) = row.actual else {
                assert!(shown_actual.starts_with("none"), "{at}");
                return;
            };
            assert_eq!(
                shown_actual.split(' ').next().unwrap(),
                human_number(actual, locale),
                "{at}"
            );
            // The attainment and pace shown are the report's, and the
            // formula worded beside them, worked out, gives them.
            for (label, value) in [("attainment", row.attainment_pct), ("pace", row.pace_pct)] {
                let Some(shown) = field(fields, label) else {
                    continue;
                };
                let Some(v) = value else {
                    assert!(shown.starts_with("none"), "{at}");
                    continue;
                };
                assert!(shown.ends_with(&format!("= {}", pct(v, locale))), "{at}");
                if let Some((worked, shown)) = worked(shown, locale) {
                    assert_eq!(worked, shown, "{at}: {label} {shown}");
                    assert_eq!(shown, calc::round_pct(v, 2), "{at}");
                    worked_out += 1;
                }
            }
        });
        assert!(worked_out >= 10, "{worked_out} formulas worked out");
    }

    #[test]
    fn the_factors_explain_shows_rebuild_the_reports_actual() {
        let locale = Locale::Vi;
        let (mut factors, mut rebuilt) = (0, 0);
        each_explained(|at, row, target, fields| {
            let Some(actual) = row.actual.filter(|_| target.formula.is_none()) else {
                return;
            };
            let mut converted = Vec::new();
            for (_, row_text) in fields.iter().filter(|(l, _)| l == "rows used") {
                let written = row_text.split("  ").nth(2).unwrap();
                let value = number(written.split(' ').next().unwrap(), locale);
                let factor = match written.split_once("(× ") {
                    Some((_, rest)) => {
                        factors += 1;
                        number(rest.split(" to ").next().unwrap(), locale)
                    }
                    None => Decimal::ONE,
                };
                converted.push(value * factor);
            }
            // A flow adds its rows; a level is one of them (the latest).
            match target.aggregate {
                Some(Aggregate::Sum) => {
                    assert_eq!(converted.iter().sum::<Decimal>(), actual, "{at}");
                }
                _ => assert!(converted.contains(&actual), "{at}: {converted:?}"),
            }
            rebuilt += 1;
        });
        assert!(
            factors >= 3 && rebuilt >= 10,
            "{factors} factors, {rebuilt} actuals"
        );
    }

    /// English words of the fixed text that must not be left in a
    /// Vietnamese explanation (ids, units and codes aside).
    const ENGLISH: [&str; 24] = [
        "target ",
        "aggregate",
        "window",
        "rows used",
        "last year",
        "skipped",
        "actual ",
        "attainment",
        "expected",
        "pace ",
        "projected",
        "status",
        "source:",
        "the campaign",
        "as of",
        "to date",
        "none",
        "better",
        "misses",
        "threshold",
        "the band",
        "a flow",
        "a level",
        " to million",
    ];

    #[test]
    fn under_vi_every_fixed_word_is_vietnamese() {
        for actuals in EXAMPLES {
            let (_, _, english) = shipped_in(actuals, Lang::En);
            let (_, _, text) = shipped_in(actuals, Lang::Vi);
            // The same lines, with the same numbers.
            assert_eq!(english.lines().count(), text.lines().count(), "{actuals}");
            for line in text.lines().filter(|l| l.starts_with("  ")) {
                let without_data = line
                    .split("  ")
                    .filter(|part| !part.contains(".csv:"))
                    .collect::<Vec<_>>()
                    .join("  ");
                for word in ENGLISH {
                    assert!(
                        !without_data.to_lowercase().contains(word),
                        "{actuals}: '{word}' in {line}"
                    );
                }
            }
        }
        let (_, _, text) = shipped_in("examples/bac-ninh-2022/ytd-2022-11.csv", Lang::Vi);
        let section = text
            .split("\n\n")
            .find(|s| s.starts_with("export_import "))
            .unwrap();
        let fields: Vec<(String, String)> = section
            .lines()
            .skip(1)
            .map(|l| {
                let (label, text) = l[2..].split_at(l[2..].char_indices().nth(12).unwrap().0);
                (label.trim().to_string(), text.to_string())
            })
            .collect();
        let said = |label: &str| {
            fields
                .iter()
                .find(|(l, _)| l == label)
                .map(|(_, t)| t.as_str())
                .unwrap_or_else(|| panic!("no '{label}' in {section}"))
        };
        assert!(said("chỉ tiêu").starts_with("≥ 92.070 million USD (nguồn: "));
        assert_eq!(
            said("tổng hợp"),
            "sum (chỉ tiêu lũy kế: cộng các dòng của những kỳ khác nhau; kỳ trùng nhau không tính hai lần)"
        );
        assert_eq!(
            said("phạm vi"),
            "từ 2022-01-01 đến 2022-12-31 (kỳ kế hoạch), ngày báo cáo 2022-11-30, là ngày kết thúc muộn nhất trong các dòng"
        );
        assert!(
            said("dòng dùng").ends_with(
                "export_import 2022-01..2022-11  78,6 tỷ USD (× 1.000 đổi ra million USD)"
            )
        );
        assert!(said("bỏ qua").ends_with("— overlap (trùng kỳ với số liệu khác)"));
        assert_eq!(said("thực hiện"), "78.600 million USD");
        assert_eq!(said("tỷ lệ đạt"), "A / T = 78.600 / 92.070 = 85,37 %");
        assert_eq!(
            said("cần đạt"),
            "E = ≥ 84.250,36 đến ngày báo cáo (kế hoạch phân bổ theo phần thời gian đã qua của kỳ kế hoạch)"
        );
        assert_eq!(said("tiến độ"), "A / E = 78.600 / 84.250,36 = 93,29 %");
        assert_eq!(
            said("ước cả kỳ"),
            "85.895,21 cho cả kỳ kế hoạch nếu giữ tiến độ này"
        );
        assert_eq!(
            said("đánh giá"),
            "chậm tiến độ: 78.600 chưa đạt chỉ tiêu đến ngày báo cáo ≥ 84.250,36, nhưng 93,29 % bằng hoặc cao hơn ngưỡng gần đạt 90,00 %"
        );
        let empty = text
            .split("\n\n")
            .find(|s| s.starts_with("social_investment "))
            .unwrap();
        assert!(empty.contains(
            "\n  dòng dùng   không có\n  thực hiện   không có: không có dòng nào dùng được trong phạm vi tính\n  đánh giá    chưa có số liệu"
        ), "{empty}");
    }
}
