//! Revised estimates (reference §3 `published`, issue 14): an office publishes
//! an estimate ("ước"), then the official figure, and both end up in the
//! actuals. Of the rows of one target, entity and span only those of the
//! latest `published` date are used; the earlier ones are `superseded`
//! (reference §9), never summed with the later. A row without a date (an empty
//! cell, or a file without the column) counts as published before any
//! dated one.
//!
//! Rows are folded as they come, into one accumulator per date (dates are
//! few: a file holds an estimate and one or two revisions), so memory
//! grows with keys × dates, never with rows, and parts read apart join
//! date by date as the undated rows do. Which date each key takes is
//! decided once, at the end ([`State::settle_published`]), before anything
//! else looks at the groups: so every path gives the same figures and
//! ledger, and the overlap and comparison rules see only the rows kept.
//! A file without the column never reaches this module.

use std::collections::BTreeMap;

use super::*;

/// The rows of one publication date, per target.
#[derive(Debug)]
struct Edition {
    targets: Vec<TargetAcc>,
    /// Rows of the year before the campaign.
    prior: Vec<TargetAcc>,
}

impl Edition {
    fn new(campaign: &Campaign) -> Edition {
        let accs = || {
            campaign
                .indicators
                .iter()
                .map(|i| TargetAcc::for_aggregate(i.aggregate))
                .collect()
        };
        Edition {
            targets: accs(),
            prior: accs(),
        }
    }
}

/// The dated rows, by date.
#[derive(Debug, Default)]
pub(super) struct Editions {
    by_date: BTreeMap<NaiveDate, Edition>,
}

impl Editions {
    /// The accumulator of `target`'s rows published on `date`.
    pub(super) fn acc(
        &mut self,
        campaign: &Campaign,
        date: NaiveDate,
        target: usize,
        prior: bool,
    ) -> &mut TargetAcc {
        let edition = self
            .by_date
            .entry(date)
            .or_insert_with(|| Edition::new(campaign));
        if prior {
            &mut edition.prior[target]
        } else {
            &mut edition.targets[target]
        }
    }

    /// Every dated accumulator.
    pub(super) fn accs(&self) -> impl Iterator<Item = &TargetAcc> {
        self.by_date
            .values()
            .flat_map(|e| e.targets.iter().chain(&e.prior))
    }

    /// Join the dated rows of a part read apart, date by date (see
    /// [`State::absorb`]).
    pub(super) fn join(&mut self, campaign: &Campaign, later: Editions, lines: u64, remap: &[u32]) {
        for (date, theirs) in later.by_date {
            let mine = self
                .by_date
                .entry(date)
                .or_insert_with(|| Edition::new(campaign));
            for (m, t) in mine.targets.iter_mut().zip(theirs.targets) {
                m.join(t, lines, remap);
            }
            for (m, t) in mine.prior.iter_mut().zip(theirs.prior) {
                m.join(t, lines, remap);
            }
        }
    }
}

/// A `published` cell: empty (no date, the earliest), or a date written
/// `2023-12-05`.
pub(super) fn parse(text: &str) -> Result<Option<NaiveDate>, Code> {
    if text.is_empty() {
        return Ok(None);
    }
    // The shape first: chrono alone takes `2023-1-5` and `+2023-01-05`.
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .map(Some)
        .ok_or_else(|| Code::BadPublished {
            text: clip(text).into_owned(),
        })
}

impl State<'_> {
    /// The accumulator a row goes to: by its date when it has one.
    pub(super) fn acc_for(
        &mut self,
        target: usize,
        prior: bool,
        published: Option<NaiveDate>,
    ) -> &mut TargetAcc {
        match (published, prior) {
            (Some(date), _) => self.editions.acc(self.campaign, date, target, prior),
            (None, true) => &mut self.prior[target],
            (None, false) => &mut self.targets[target],
        }
    }

    /// Decide, for every target, entity and span, which publication counts:
    /// the latest date's groups stay, the earlier ones' rows go to the
    /// ledger as `superseded` (a group's first row, and how many more), and
    /// so do the kept rows of an earlier date.
    pub(super) fn settle_published(&mut self) {
        let editions = std::mem::take(&mut self.editions.by_date);
        if editions.is_empty() {
            return;
        }
        let winners = self.latest_dates(&editions);
        let mut superseded: Vec<(usize, Group)> = Vec::new();
        // Latest first: each earlier date fills only the keys no later one has.
        let mut latest_first: Vec<Edition> = editions.into_values().rev().collect();
        for i in 0..self.campaign.indicators.len() {
            for prior in [false, true] {
                let undated = if prior {
                    &mut self.prior[i]
                } else {
                    &mut self.targets[i]
                };
                let mut earlier = latest_first.iter_mut().map(|e| {
                    let accs = if prior { &mut e.prior } else { &mut e.targets };
                    std::mem::take(&mut accs[i])
                });
                let Some(mut kept) = earlier.next() else {
                    continue;
                };
                for acc in earlier.chain([std::mem::take(undated)]) {
                    superseded.extend(kept.keep_absent(acc).into_iter().map(|g| (i, g)));
                }
                *undated = kept;
            }
        }
        superseded.sort_by_key(|(_, g)| line_order(g.first_row()));
        for (i, group) in superseded {
            let location = self.location(group.first_row(), 0);
            self.ledger.skip(SkippedRow {
                location,
                reason: Skip::Superseded,
                indicator: self.campaign.indicators[i].id.clone(),
                period: group.span.to_string(),
                more: group.rows() - 1,
            });
        }
        for (row, key) in &mut self.kept {
            let Some((i, entity, span, prior, date)) = key else {
                continue;
            };
            let latest = winners.get(&(*i, entity.clone(), *span, *prior));
            if latest.is_some_and(|latest| date.is_none_or(|d| d < *latest)) {
                row.bucket = Bucket::Skipped(Skip::Superseded);
                *key = None;
            }
        }
    }

    /// For the kept rows, when there are any: the latest date of each
    /// indicator, entity, span and year that has a dated row.
    fn latest_dates(
        &self,
        editions: &BTreeMap<NaiveDate, Edition>,
    ) -> HashMap<(usize, String, Span, bool), NaiveDate> {
        let mut latest = HashMap::new();
        if !self.kept.iter().any(|(_, key)| key.is_some()) {
            return latest;
        }
        for (date, edition) in editions {
            for (prior, accs) in [(false, &edition.targets), (true, &edition.prior)] {
                for (i, acc) in accs.iter().enumerate() {
                    for g in acc.groups() {
                        let entity = self.names.get(g.entity).to_string();
                        latest.insert((i, entity, g.span, prior), *date);
                    }
                }
            }
        }
        latest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_cell_is_empty_or_a_day_written_in_full() {
        let day = NaiveDate::from_ymd_opt(2023, 12, 5);
        assert_eq!(parse(""), Ok(None));
        assert_eq!(parse("2023-12-05"), Ok(day));
        for bad in [
            "2023-1-5",
            "+2023-01-05",
            "2023-02-30",
            "05/12/2023",
            "ước",
            "2023-12-05x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
