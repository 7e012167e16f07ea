//! From accumulators to figures: each target's value over the window (per
//! entity, then across entities), its trend steps (`--by period`), the
//! previous year's value for the change column, formula targets from their
//! components, and the warnings the combination finds (an entity written
//! in two cases, spans that overlap). Linear in keys: the entity-case check
//! is a hash lookup, trend steps read the groups in place.

use super::*;

impl<'a> State<'a> {
    pub(super) fn finish(mut self) -> Ingest {
        self.settle_published();
        for (at, spanned) in std::mem::take(&mut self.multiline_at) {
            let d = &mut self.diagnostics[at];
            let line = d.location.as_ref().map_or(0, |l| l.line);
            d.reword(multiline_value(line, spanned));
        }
        let as_of = match self.options.as_of {
            Some(d) => d,
            None => self.latest_end.unwrap_or(self.campaign.span.end),
        };
        let accs = std::mem::take(&mut self.targets);
        let priors = std::mem::take(&mut self.prior);
        self.name_rank = self.names.ranks();
        // Each target's groups by entity, the entities in input order: once,
        // for the figure, every trend step and the kept rows.
        let rank = &self.name_rank;
        let arrange = |mut acc: TargetAcc| {
            let mut by = acc.arrange_by_entity();
            by.order_by_name(rank);
            (acc, by)
        };
        let accs: Vec<(TargetAcc, ByEntity)> = accs.into_iter().map(arrange).collect();
        let priors: Vec<(TargetAcc, ByEntity)> = priors.into_iter().map(arrange).collect();
        // For the kept rows' buckets: the spans each indicator and entity
        // keeps, by the same rule the figures use.
        let spans = |accs: &[(TargetAcc, ByEntity)],
                     cutoff: Option<NaiveDate>|
         -> HashMap<(usize, String), Vec<Span>> {
            let mut out = HashMap::new();
            if !self.options.keep_rows.any() {
                return out;
            }
            for (i, (acc, by)) in accs.iter().enumerate() {
                let sums = self.campaign.indicators[i].aggregate == Some(Aggregate::Sum);
                for (entity, members) in by.iter() {
                    let all: Vec<Span> = members
                        .iter()
                        .map(|&m| acc.groups()[m as usize].span)
                        .filter(|s| cutoff.is_none_or(|c| s.end <= c))
                        .collect();
                    out.insert(
                        (i, self.names.get(entity).to_string()),
                        if sums { kept_spans(all) } else { all },
                    );
                }
            }
            out
        };
        let cutoff = crate::period::year_before(as_of);
        let main_spans = spans(&accs, None);
        let prior_spans = spans(&priors, Some(cutoff));
        let steps = match self.options.trend {
            Some(grain) => crate::period::steps_until(&self.campaign.span, as_of, grain.months()),
            None => Vec::new(),
        };
        let indicator_figures: Vec<Figure> = accs
            .into_iter()
            .zip(priors)
            .enumerate()
            .map(|(i, ((acc, by), (prior, prior_by)))| {
                // A trend step is the figure of the rows up to its end: the
                // same groups, filtered, never copied.
                let trend: Vec<TrendPoint> = steps
                    .iter()
                    .map(|step| {
                        let (figure, _) =
                            self.quietly(|s| s.figure(i, (&acc, &by), Some(step.end)));
                        TrendPoint {
                            period: *step,
                            actual: figure.actual,
                            previous: self.step_previous(i, (&prior, &prior_by), &figure, step.end),
                        }
                    })
                    .collect();
                let mut figure = self.figure(i, (&acc, &by), None);
                self.previous(i, (&prior, &prior_by), &mut figure, as_of);
                figure.trend = trend;
                figure
            })
            .collect();
        for (row, key) in &mut self.kept {
            let Some((indicator, entity, span, prior, _)) = key else {
                continue;
            };
            let key = (*indicator, std::mem::take(entity));
            let has_previous = indicator_figures.get(*indicator).is_some_and(|f| {
                f.previous.is_some() || f.entities.iter().any(|e| e.previous.is_some())
            });
            row.bucket = match (*prior, has_previous) {
                (false, _) if main_spans.get(&key).is_some_and(|k| k.contains(span)) => {
                    Bucket::Used
                }
                (false, _) => Bucket::Skipped(Skip::Overlap),
                (true, true) if prior_spans.get(&key).is_some_and(|k| k.contains(span)) => {
                    Bucket::Comparison
                }
                (true, true) if span.end <= cutoff => Bucket::Skipped(Skip::Overlap),
                (true, _) => Bucket::Skipped(Skip::OutsideCampaign),
            };
        }
        // Formula targets first, from the components' figures; then each
        // other target takes its own figure (moved, not copied: a figure
        // holds every entity).
        let mut indicator_figures = indicator_figures;
        let mut figures: Vec<Option<Figure>> = self
            .campaign
            .targets
            .iter()
            .map(|t| {
                t.formula
                    .as_ref()
                    .map(|formula| derived(formula, self.campaign, &indicator_figures))
            })
            .collect();
        for (figure, t) in figures.iter_mut().zip(&self.campaign.targets) {
            if figure.is_none() {
                *figure = Some(
                    self.campaign
                        .indicator_index(&t.id)
                        .and_then(|i| indicator_figures.get_mut(i).map(std::mem::take))
                        .unwrap_or_default(),
                );
            }
        }
        let figures = figures.into_iter().map(Option::unwrap_or_default).collect();
        Ingest {
            figures,
            ledger: self.ledger,
            as_of,
            as_of_from_rows: self.options.as_of.is_none() && self.latest_end.is_some(),
            diagnostics: self.diagnostics,
            ignored_columns: self.ignored_columns,
            above_header: self.above_header,
            trend: self.options.trend,
            rows: self.kept.into_iter().map(|(row, _)| row).collect(),
            rows_not_kept: self.rows_not_kept,
        }
    }

    /// The id of the lowercase form of name `id`, for the entity-case
    /// warning: computed once per name, whatever the targets.
    pub(super) fn folded(&mut self, id: u32) -> u32 {
        let i = id as usize;
        if self.folded.len() <= i {
            self.folded.resize(i + 1, u32::MAX);
        }
        if self.folded[i] == u32::MAX {
            // A name that is its own lowercase (most are) is this id: no
            // lookup, no string.
            let text = self.names.get(id);
            self.folded[i] = if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_uppercase()) {
                id
            } else {
                match text.to_lowercase() {
                    lower if lower == text => id,
                    lower => self.names.id(&lower),
                }
            };
        }
        self.folded[i]
    }

    /// Run `f` on its own ledger and without its diagnostics: for figures
    /// that are computed to compare or to chart, whose rows and warnings
    /// belong to the main figure. Returns what `f` gave and its ledger.
    pub(super) fn quietly<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> (T, Ledger) {
        self.aside(true, f)
    }

    /// Run `f` on its own ledger and without its diagnostics; `quiet`
    /// also drops the entities of the figures it combines.
    fn aside<T>(&mut self, quiet: bool, f: impl FnOnce(&mut Self) -> T) -> (T, Ledger) {
        let saved_ledger = std::mem::take(&mut self.ledger);
        let saved_diagnostics = std::mem::take(&mut self.diagnostics);
        let was_quiet = std::mem::replace(&mut self.quiet, quiet);
        let out = f(self);
        self.quiet = was_quiet;
        let ledger = std::mem::replace(&mut self.ledger, saved_ledger);
        self.diagnostics = saved_diagnostics;
        (out, ledger)
    }

    /// reference §5.2–5.3: one value per entity, then one across entities.
    /// Only the rows of spans ending by `until`, when given.
    pub(super) fn figure(
        &mut self,
        index: usize,
        acc: (&TargetAcc, &ByEntity),
        until: Option<NaiveDate>,
    ) -> Figure {
        let target = &self.campaign.indicators[index];
        let within = |g: &&Group| until.is_none_or(|end| g.span.end <= end);
        let in_window: u64 = acc.0.groups().iter().filter(within).map(|g| g.rows()).sum();
        if in_window == 0 {
            return Figure::default();
        }
        let Some(aggregate) = target.aggregate else {
            if in_window > 1 {
                let rows: Vec<RowRef> = acc
                    .0
                    .groups()
                    .iter()
                    .filter(within)
                    .flat_map(|g| {
                        let last = acc.0.extra(g).map_or(g.first_row(), |x| x.last_row);
                        [g.first_row(), last]
                    })
                    .collect();
                let first = rows.iter().min_by_key(|r| (r.file, r.line)).copied();
                let second = rows
                    .iter()
                    .filter(|r| Some(**r) != first)
                    .min_by_key(|r| (r.file, r.line))
                    .copied();
                let at = first
                    .map(|r| self.location(r, 0).to_string())
                    .unwrap_or_default();
                let code = Code::MissingAggregate {
                    id: target.id.clone(),
                    rows: in_window,
                    first: at,
                };
                let loc = second
                    .map(|r| self.location(r, 0))
                    .unwrap_or_else(|| target.location.clone());
                self.diagnostics.push(Diagnostic::error(Some(loc), code));
                return Figure::default();
            }
            // Exactly one row: its value, whatever the aggregate would be.
            return self.combine(index, acc, until, Aggregate::Last);
        };
        self.combine(index, acc, until, aggregate)
    }

    pub(super) fn combine(
        &mut self,
        index: usize,
        (acc, by): (&TargetAcc, &ByEntity),
        until: Option<NaiveDate>,
        aggregate: Aggregate,
    ) -> Figure {
        let mut entities = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let mut seen_sources: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        let mut coverages: Vec<(bool, Span)> = Vec::new();
        let mut latest_end: Option<NaiveDate> = None;
        let mut ids: Vec<u32> = Vec::new();
        // Per position in `by`, where its figure is in `entities`.
        let mut figure_at: Vec<u32> = vec![u32::MAX; by.by_name().len()];
        let mut groups: Vec<&Group> = Vec::new();
        for (position, (entity, members)) in by.iter().enumerate() {
            groups.clear();
            groups.extend(
                members
                    .iter()
                    .map(|&m| &acc.groups()[m as usize])
                    .filter(|g| until.is_none_or(|end| g.span.end <= end)),
            );
            if let Some(end) = groups.iter().map(|g| g.span.end).max() {
                latest_end = latest_end.max(Some(end));
            }
            let Some(v) = self.entity_value(index, acc, entity, &mut groups, aggregate) else {
                continue;
            };
            figure_at[position] = ids.len() as u32;
            ids.push(entity);
            for s in v.sources {
                if seen_sources.insert(s.clone()) {
                    sources.push(s);
                }
            }
            coverages.push((entity == 0, v.coverage));
            entities.push(EntityFigure {
                // A trend step's figure is read for its actual alone: its
                // entities need no names (`ids` tells the whole campaign).
                entity: match self.quiet {
                    true => String::new(),
                    false => self.names.get(entity).to_string(),
                },
                actual: v.value,
                rows_used: v.rows,
                coverage: Some(v.coverage),
                previous: None,
            });
        }
        // "Từ Sơn" and "từ sơn" are kept apart (nothing is guessed), but a
        // clerk should hear about it: the overlap rule works per entity.
        // One lowercase form per entity, looked up in a map: linear in the
        // entities (a pairwise comparison took minutes at 100,000).
        // A trend step (quiet) drops its warnings: it checks no entity.
        let mut first_by_case: FxHashMap<u32, usize> = FxHashMap::default();
        let checked = if self.quiet { &[][..] } else { &ids[..] };
        for (i, &id) in checked.iter().enumerate() {
            let a = &entities[i];
            let folded = self.folded(id);
            let earlier = match first_by_case.entry(folded) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                    None
                }
            };
            if let Some(b) = earlier.map(|j| &entities[j]) {
                let code = Code::EntityCase {
                    id: self.campaign.indicators[index].id.clone(),
                    first: clip(&b.entity).into_owned(),
                    second: clip(&a.entity).into_owned(),
                };
                let at = self.campaign.indicators[index].location.clone();
                self.diagnostics.push(Diagnostic::warning(Some(at), code));
            }
        }
        // Whole-campaign figure first (the empty name sorts first), then
        // entities by name: in the order noted once per target. (A trend
        // step lists none, but combines them in this order too: a mean of
        // inexact means is exact only to its last digit, in one order.)
        let order: Vec<usize> = by
            .by_name()
            .iter()
            .filter(|&&p| figure_at[p as usize] != u32::MAX)
            .map(|&p| figure_at[p as usize] as usize)
            .collect();
        let target = &self.campaign.indicators[index];
        let whole = order.iter().find(|&&i| ids[i] == 0).map(|&i| &entities[i]);
        let whole_present = whole.is_some();
        let named: Vec<&EntityFigure> = order
            .iter()
            .filter(|&&i| ids[i] != 0)
            .map(|&i| &entities[i])
            .collect();
        let rows_used: u64 = entities.iter().map(|e| e.rows_used).sum();
        let actual = match (whole, named.is_empty()) {
            (Some(w), true) => Some(w.actual),
            (Some(w), false) => {
                let code = Code::TotalAndEntities {
                    id: target.id.clone(),
                    entities: named.len(),
                };
                let at = target.location.clone();
                self.diagnostics.push(Diagnostic::warning(Some(at), code));
                Some(w.actual)
            }
            (None, _) => {
                let across = match (target.across, aggregate) {
                    (Some(a), _) => Some(a),
                    (None, Aggregate::Sum | Aggregate::Min | Aggregate::Max) => Some(aggregate),
                    (None, Aggregate::Last | Aggregate::Mean) => None,
                };
                match across {
                    Some(across) => {
                        let values: Vec<Decimal> = named.iter().map(|e| e.actual).collect();
                        let combined = fold(across, &values);
                        // No values at all (an entity's own sum overflowed,
                        // and said so at its row) is not an overflow here.
                        if combined.is_none() && !values.is_empty() {
                            let id = target.id.clone();
                            self.diagnostics.push(Diagnostic::error(
                                Some(target.location.clone()),
                                Code::AcrossOverflow { id },
                            ));
                        }
                        combined
                    }
                    None => {
                        let code = Code::MissingAcross {
                            id: target.id.clone(),
                            entities: named.iter().take(3).map(|e| e.entity.clone()).collect(),
                            more: named.len() > 3,
                            aggregate: aggregate.name(),
                        };
                        let at = target.location.clone();
                        self.diagnostics.push(Diagnostic::error(Some(at), code));
                        None
                    }
                }
            }
        };
        self.ledger.used += rows_used;
        // The whole-campaign figure covers its own span; a combination of
        // entities covers the union of theirs.
        let coverage = match whole_present {
            true => coverages.iter().find(|(whole, _)| *whole).map(|(_, c)| *c),
            false => cover(coverages.iter().map(|(_, c)| c)),
        };
        let entities: Vec<EntityFigure> = match self.quiet {
            true => Vec::new(),
            false => {
                let mut slots: Vec<Option<EntityFigure>> = entities.into_iter().map(Some).collect();
                order.iter().filter_map(|&i| slots[i].take()).collect()
            }
        };
        Figure {
            actual,
            rows_used,
            sources,
            entities,
            latest_end,
            coverage,
            previous: None,
            trend: Vec::new(),
            reason: None,
        }
    }

    /// One entity's value by `aggregate`, the rows it used and their sources.
    /// Rows of spans dropped by the overlap rule go to the ledger.
    pub(super) fn entity_value(
        &mut self,
        index: usize,
        acc: &TargetAcc,
        entity: u32,
        groups: &mut [&Group],
        aggregate: Aggregate,
    ) -> Option<EntityValue> {
        if groups.is_empty() {
            return None;
        }
        // Borrowed, not copied: this runs for every entity at every trend
        // step.
        let campaign = self.campaign;
        let target_id = &campaign.indicators[index].id;
        let extra = |g: &Group| acc.extra(g);
        // The earliest row that overflowed, whatever order the map keeps.
        if let Some(row) = groups
            .iter()
            .filter_map(|g| extra(g)?.overflow)
            .min_by_key(|row| line_order(*row))
        {
            self.overflow(row, target_id);
            return None;
        }
        // Latest end first, then longest first (reference §5.2). Spans are
        // distinct within an entity, so the order is total.
        groups.sort_by(|a, b| {
            b.span
                .end
                .cmp(&a.span.end)
                .then(a.span.start.cmp(&b.span.start))
        });
        let names = &self.names;
        let mut sources = Vec::new();
        let mut seen_sources: rustc_hash::FxHashSet<u32> = rustc_hash::FxHashSet::default();
        let mut add_sources = |g: &Group| {
            for (s, _) in extra(g).map_or(&[][..], |x| &x.sources) {
                if seen_sources.insert(*s) {
                    sources.push(names.get(*s).to_string());
                }
            }
        };
        let mut coverage = None;
        let value = match aggregate {
            Aggregate::Sum => {
                // The rule of [`kept_spans`] on groups already in its order.
                let mut earliest: Option<NaiveDate> = None;
                let mut kept: Option<Span> = None;
                let mut total = Decimal::ZERO;
                let mut rows = 0;
                for g in groups.iter() {
                    let keep = earliest.is_none_or(|start| start > g.span.end);
                    if keep {
                        earliest = Some(earliest.map_or(g.span.start, |e| e.min(g.span.start)));
                        kept = cover([kept, Some(g.span)].iter().flatten());
                    }
                    if !keep {
                        let location = self.location(g.first_row(), 0);
                        self.ledger.skip(SkippedRow {
                            location,
                            reason: Skip::Overlap,
                            indicator: target_id.clone(),
                            period: g.span.to_string(),
                            more: g.rows() - 1,
                        });
                        continue;
                    }
                    let group_sources = extra(g).map_or(&[][..], |x| &x.sources);
                    if group_sources.len() > 1 {
                        let loc = self.location(g.first_row(), 0);
                        let code = Code::SourcesSummed {
                            id: target_id.to_string(),
                            span: g.span.to_string(),
                            entity: clip(self.names.get(entity)).into_owned(),
                            sources: group_sources
                                .iter()
                                .map(|(s, _)| clip(self.names.get(*s)).into_owned())
                                .collect(),
                        };
                        self.diagnostics.push(Diagnostic::warning(Some(loc), code));
                    }
                    let Some(sum) = acc.total(g).decimal().and_then(|s| total.checked_add(s))
                    else {
                        self.overflow(g.first_row(), target_id);
                        return None;
                    };
                    total = sum;
                    rows += g.rows();
                    add_sources(g);
                }
                return Some(EntityValue {
                    value: total,
                    rows,
                    sources,
                    coverage: kept?,
                });
            }
            Aggregate::Last => {
                // What `last` needs of a group: its last value, the input
                // order and row of it (a group always has them for `last`;
                // its total stands in otherwise).
                let last = |g: &Group| match extra(g) {
                    Some(x) => (x.last, x.last_seq, x.last_row),
                    None => (acc.total(g).decimal().unwrap_or_default(), 0, g.first_row()),
                };
                let end = groups.first()?.span.end;
                // The latest end may be shared by several spans: the one
                // whose last row came latest in the input wins.
                let best = *groups
                    .iter()
                    .filter(|g| g.span.end == end)
                    .max_by_key(|g| last(g).1)?;
                let (best_last, _, best_row) = last(best);
                let rival = groups
                    .iter()
                    .filter(|g| g.span.end == end && g.span != best.span && last(g).0 != best_last)
                    .map(|g| (last(g).2, last(g).0))
                    .next();
                let tie = extra(best)
                    .and_then(|x| x.tie.as_deref().copied())
                    .or(rival.map(|(r, v)| (r, v, best_row, best_last)));
                coverage = Some(best.span);
                if let Some((a, av, b, bv)) = tie {
                    let loc = self.location(b, 0);
                    let code = Code::LastTie {
                        id: target_id.to_string(),
                        entity: clip(self.names.get(entity)).into_owned(),
                        end: best.span.end,
                        first_value: av,
                        first_at: Box::new(self.location(a, 0)),
                        later_value: bv,
                        later_at: Box::new(self.location(b, 0)),
                    };
                    self.diagnostics.push(Diagnostic::warning(Some(loc), code));
                }
                best_last
            }
            Aggregate::Mean => {
                let mut sum = Decimal::ZERO;
                let mut n = 0u64;
                for g in groups.iter() {
                    let Some(next) = acc.total(g).decimal().and_then(|s| sum.checked_add(s)) else {
                        self.overflow(g.first_row(), target_id);
                        return None;
                    };
                    sum = next;
                    n += g.rows();
                }
                sum.checked_div(Decimal::from(n))?
            }
            Aggregate::Min => groups.iter().filter_map(|g| Some(extra(g)?.min)).min()?,
            Aggregate::Max => groups.iter().filter_map(|g| Some(extra(g)?.max)).max()?,
        };
        let rows = groups.iter().map(|g| g.rows()).sum();
        for g in groups.iter() {
            add_sources(g);
        }
        let coverage = coverage.or_else(|| cover(groups.iter().map(|g| &g.span)))?;
        Some(EntityValue {
            value,
            rows,
            sources,
            coverage,
        })
    }

    /// The same figure one year earlier (reference §8 `previous`): the rows of the
    /// year before, up to the as-of date a year earlier, combined the same
    /// way, and used only when they cover the same span one year back — a
    /// January–November total is compared with January–November, never with
    /// a whole year. Each entity is compared with its own value a year
    /// earlier, by the same rule. Rows so used count as `comparison`; the
    /// others of that year are `outside_campaign`.
    pub(super) fn previous(
        &mut self,
        index: usize,
        prior: (&TargetAcc, &ByEntity),
        current: &mut Figure,
        as_of: NaiveDate,
    ) {
        if prior.0.is_empty() {
            return;
        }
        let cutoff = crate::period::year_before(as_of);
        // Combine the earlier year on its own ledger and without its
        // warnings: they are about a figure that may not be used.
        let mut used = false;
        if let Some((figure, earlier)) = self.earlier(index, prior, cutoff, false) {
            let wanted = current.coverage.map(|c| c.year_earlier());
            if figure.actual.is_some() && wanted.is_some() && figure.coverage == wanted {
                current.previous = figure.actual;
                used = true;
            }
            let by_name: FxHashMap<&str, &EntityFigure> = figure
                .entities
                .iter()
                .map(|e| (e.entity.as_str(), e))
                .collect();
            for e in current.entities.iter_mut() {
                let before = by_name.get(e.entity.as_str());
                let wanted = e.coverage.map(|c| c.year_earlier());
                e.previous = before
                    .filter(|b| wanted.is_some() && b.coverage == wanted)
                    .map(|b| b.actual);
                used |= e.previous.is_some();
            }
            if used {
                self.ledger.comparison += earlier.used;
                for row in earlier.listed {
                    self.ledger.skip(row);
                }
            }
        }
        // The rows not used to compare: after the cutoff, and all of them
        // when the earlier figure was not used.
        let mut outside: Vec<&Group> = prior
            .0
            .groups()
            .iter()
            .filter(|g| !used || g.span.end > cutoff)
            .collect();
        let target_id = self.campaign.indicators[index].id.clone();
        outside.sort_by_key(|g| line_order(g.first_row()));
        for group in outside {
            let location = self.location(group.first_row(), 0);
            self.ledger.skip(SkippedRow {
                location,
                reason: Skip::OutsideCampaign,
                indicator: target_id.clone(),
                period: group.span.to_string(),
                more: group.rows() - 1,
            });
        }
    }

    /// A trend step's value one year earlier (`--by period`): the rows of
    /// the year before up to the step's end a year earlier, when they cover
    /// the step's span one year back. Counts no row: the figure's own
    /// previous value does.
    fn step_previous(
        &mut self,
        index: usize,
        prior: (&TargetAcc, &ByEntity),
        step: &Figure,
        end: NaiveDate,
    ) -> Option<Decimal> {
        if prior.0.is_empty() {
            return None;
        }
        let wanted = step.coverage?.year_earlier();
        let cutoff = crate::period::year_before(end);
        let (figure, _) = self.earlier(index, prior, cutoff, true)?;
        (figure.coverage == Some(wanted))
            .then_some(figure.actual)
            .flatten()
    }

    /// The year before combined by the target's rules up to `cutoff`, on
    /// its own ledger (returned) and without warnings; with its entities
    /// unless `quiet`. None when the target's rows cannot be combined
    /// (several rows and no `aggregate`).
    fn earlier(
        &mut self,
        index: usize,
        prior: (&TargetAcc, &ByEntity),
        cutoff: NaiveDate,
        quiet: bool,
    ) -> Option<(Figure, Ledger)> {
        let inside_rows: u64 = prior
            .0
            .groups()
            .iter()
            .filter(|g| g.span.end <= cutoff)
            .map(|g| g.rows())
            .sum();
        let aggregate = match self.campaign.indicators[index].aggregate {
            Some(a) => Some(a),
            None if inside_rows == 1 => Some(Aggregate::Last),
            None => None,
        }?;
        Some(self.aside(quiet, |s| s.combine(index, prior, Some(cutoff), aggregate)))
    }
}
/// A derived indicator's figure (issue 5): every component is first
/// combined by its own rules — per entity, over the window, across entities
/// — and the formula is applied to those aggregates: a ratio of sums, never
/// a mean of ratios. Per entity, the formula is applied to that entity's
/// components.
pub(super) fn derived(
    formula: &crate::formula::Formula,
    campaign: &Campaign,
    figures: &[Figure],
) -> Figure {
    let components: Vec<(&str, Option<&Figure>)> = formula
        .references()
        .into_iter()
        .map(|id| {
            (
                id,
                campaign.indicator_index(id).and_then(|i| figures.get(i)),
            )
        })
        .collect();
    let figure_of = |id: &str| {
        components
            .iter()
            .find(|(c, _)| *c == id)
            .and_then(|(_, f)| *f)
    };
    let total = formula.eval(&|id| figure_of(id).and_then(|f| f.actual));

    // Each component's entities by name, and every name with the rows
    // behind it: maps, so that the cost is linear in the entities.
    let by_name: Vec<(&str, FxHashMap<&str, &EntityFigure>)> = components
        .iter()
        .map(|(id, f)| {
            let map = f
                .iter()
                .flat_map(|f| &f.entities)
                .map(|e| (e.entity.as_str(), e))
                .collect();
            (*id, map)
        })
        .collect();
    let mut rows_of: FxHashMap<&str, u64> = FxHashMap::default();
    for e in components
        .iter()
        .flat_map(|(_, f)| f.iter().flat_map(|f| &f.entities))
    {
        *rows_of.entry(e.entity.as_str()).or_default() += e.rows_used;
    }
    let mut names: Vec<&str> = rows_of.keys().copied().collect();
    names.sort_by_key(|n| (!n.is_empty(), *n));
    let entities = names
        .into_iter()
        .filter_map(|name| {
            let of = |id: &str| {
                by_name
                    .iter()
                    .find(|(c, _)| *c == id)
                    .and_then(|(_, m)| m.get(name).copied())
            };
            let value = formula.eval(&|id| of(id).map(|e| e.actual));
            let rows = rows_of.get(name).copied().unwrap_or(0);
            value.ok().map(|actual| EntityFigure {
                entity: name.to_string(),
                actual,
                rows_used: rows,
                coverage: None,
                previous: formula.eval(&|id| of(id)?.previous).ok(),
            })
        })
        .collect();
    let present: Vec<&Figure> = components.iter().filter_map(|(_, f)| *f).collect();
    let mut sources: Vec<String> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for s in present.iter().flat_map(|f| &f.sources) {
        if seen.insert(s.as_str()) {
            sources.push(s.clone());
        }
    }
    let steps = present.first().map_or(0, |f| f.trend.len());
    let trend = (0..steps)
        .map(|i| TrendPoint {
            period: present[0].trend[i].period,
            actual: formula.eval(&|id| figure_of(id)?.trend.get(i)?.actual).ok(),
            previous: formula
                .eval(&|id| figure_of(id)?.trend.get(i)?.previous)
                .ok(),
        })
        .collect();
    Figure {
        actual: total.as_ref().ok().copied(),
        rows_used: present.iter().map(|f| f.rows_used).sum(),
        sources,
        entities,
        latest_end: present.iter().filter_map(|f| f.latest_end).max(),
        coverage: cover(present.iter().filter_map(|f| f.coverage.as_ref())),
        previous: formula.eval(&|id| figure_of(id)?.previous).ok(),
        trend,
        reason: total.err().map(|e| {
            let said = e.said();
            crate::diagnostic::Said::new(
                format!("formula \"{}\" has no value: {}", formula.text, said.en),
                format!(
                    "công thức \"{}\" không có giá trị: {}",
                    formula.text, said.vi
                ),
            )
        }),
    }
}

/// One entity's combined value, the rows it used, their sources and the
/// span they cover.
pub(super) struct EntityValue {
    pub(super) value: Decimal,
    pub(super) rows: u64,
    pub(super) sources: Vec<String>,
    pub(super) coverage: Span,
}

/// reference §5.2, the spans a sum keeps: latest end first, then longest first,
/// each kept only if it overlaps none already kept. A monthly series keeps
/// every month; a series of year-to-date figures keeps the latest.
pub(super) fn kept_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| b.end.cmp(&a.end).then(a.start.cmp(&b.start)));
    spans.dedup();
    // Every kept span ends at or after this one (they come latest end
    // first), so it overlaps one of them exactly when the earliest start
    // kept is not after its end: one comparison, not a scan of those kept.
    let mut kept: Vec<Span> = Vec::new();
    let mut earliest: Option<NaiveDate> = None;
    for span in spans {
        if earliest.is_none_or(|start| start > span.end) {
            earliest = Some(earliest.map_or(span.start, |e| e.min(span.start)));
            kept.push(span);
        }
    }
    kept
}

/// The smallest span covering all of `spans`.
pub(super) fn cover<'a>(spans: impl Iterator<Item = &'a Span>) -> Option<Span> {
    spans.fold(None, |acc: Option<Span>, s| {
        Some(match acc {
            None => *s,
            Some(a) => Span {
                start: a.start.min(s.start),
                end: a.end.max(s.end),
            },
        })
    })
}

/// Combine entity values across entities.
pub(super) fn fold(aggregate: Aggregate, values: &[Decimal]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    match aggregate {
        Aggregate::Sum => values
            .iter()
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v)),
        Aggregate::Mean => values
            .iter()
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))?
            .checked_div(Decimal::from(values.len() as u64)),
        Aggregate::Min => values.iter().min().copied(),
        Aggregate::Max => values.iter().max().copied(),
        // Entities have no order to take a "last" by; the campaign loader
        // refuses across = "last", so this is reached only by a bug.
        Aggregate::Last => None,
    }
}
