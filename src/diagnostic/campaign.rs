//! The wording of what is wrong in the campaign file: its syntax and the
//! types of its values, its dates, periods and ids, its formulas and
//! choices, and the rules between its keys. Words only; the campaign
//! reader decides what is wrong.

use std::fmt;

use super::Code;
use super::parts::DidYouMean;

impl Code {
    /// Syntax, unknown keys, and values of the wrong type.
    pub(super) fn campaign_shape(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            CampaignNotUtf8 => f.write_str(
                "the campaign file is not UTF-8; save it as UTF-8 (TOML files must be UTF-8)",
            ),
            TomlSyntax { reason } => write!(f, "not valid TOML: {reason}"),
            UnknownKey {
                key,
                table,
                suggestion: Some(best),
                ..
            } => write!(f, "unknown key '{key}' in {table}; did you mean '{best}'?"),
            UnknownKey {
                key,
                table,
                suggestion: None,
                valid,
            } => write!(
                f,
                "unknown key '{key}' in {table}; valid keys are: {}",
                valid.join(", ")
            ),
            NotATable { what, found } => write!(f, "{what} must be a table, not {found}"),
            NotAString { key, found } => write!(f, "'{key}' must be a string, not {found}"),
            NotABoolean { key, found } => write!(f, "'{key}' must be true or false, not {found}"),
            NotDecimalRadix { key } => write!(
                f,
                "'{key}' must be a decimal number, not hex, octal or binary"
            ),
            NotANumber { key, found } => write!(f, "'{key}' must be a number, not {found}"),
            NotArrayOfTables { plural, table } => {
                write!(f, "{plural} are written as [[{table}]] tables")
            }
            MilestonesNotAList => f.write_str(
                "'milestones' must be a list of tables: milestones = [{ by = 2023-06-30, at_least = 8.8 }]",
            ),
            RevisedNotAList => f.write_str(
                "'revised' must be a list such as revised = [{ from = 2022-07-09, between = [8, 10], source = \"...\" }]",
            ),
            ProfileNotAList => f.write_str(
                "'profile' must be a list of weights, 12 monthly or 4 quarterly, e.g. profile = [6, 7, 8, 8, 8, 8, 8, 8, 8, 9, 10, 12]",
            ),
            EntityTargetNotAPair { entity } => write!(
                f,
                "the target of entity '{entity}' must be a pair [L, H] like the campaign's between"
            ),
            BetweenNotAPair => {
                f.write_str("'between' must be a pair [L, H], for example between = [5, 6]")
            }
            BetweenNotTwo { count } => write!(
                f,
                "'between' must be a pair [L, H] of two numbers, not {count} values"
            ),
            _ => return None,
        })
    }

    /// Numbers, dates and periods; keys that are missing or clash; ids used twice.
    pub(super) fn campaign_values(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            NotFinite { key, raw } => write!(
                f,
                "'{key}' = {raw}: not a finite number; write an ordinary number"
            ),
            NotExact { key, raw } => write!(
                f,
                "'{key}' = {raw}: too large or too precise to be held exactly"
            ),
            NotADate { key } => write!(f, "'{key}' must be a date such as 2022-01-01"),
            YearOutOfRange { key, date } => write!(
                f,
                "'{key}' = {date}: the year must lie in 1000–9999; write a date such as 2022-01-01"
            ),
            RevisionOutsideCampaign { from, start, end } => write!(
                f,
                "the revision takes effect on {from}, outside the campaign ({start} to {end})"
            ),
            BadPeriod { reason } => f.write_str(&reason.en),
            CampaignEndsBeforeStart { start, end } => {
                write!(f, "the campaign ends ({end}) before it starts ({start})")
            }
            PeriodAndDates => f.write_str(
                "write either 'period' or 'start' and 'end' in [campaign], not both",
            ),
            PhasingNoneWithProfile => {
                f.write_str("phasing = \"none\" contradicts the profile; remove one of them")
            }
            NoCampaignTable => f.write_str(
                "the campaign file has no [campaign] table; add one with at least `period = \"2022\"` (or start and end dates)",
            ),
            NoPeriod => f.write_str(
                "[campaign] needs `period = \"2022\"` or both `start` and `end` dates",
            ),
            NoId { what } => write!(
                f,
                "a [[{what}]] has no id; add `id = \"...\"` (lower-case letters, digits and _)"
            ),
            MilestoneWithoutBy => f.write_str(
                "a milestone needs `by = DATE`, the day its value is due",
            ),
            MilestoneOutsideCampaign { by, start, end } => write!(
                f,
                "the milestone is due on {by}, outside the campaign ({start} to {end})"
            ),
            RevisionWithoutFrom => f.write_str(
                "a revision needs `from = DATE`, the day the revised target takes effect",
            ),
            NoTargets => f.write_str(
                "the campaign has no targets; add at least one [[target]] with an id, a unit and one of at_least, at_most or between",
            ),
            DuplicateTarget { id, first } => write!(
                f,
                "duplicate target id '{id}' (first defined at {first}); ids must be unique"
            ),
            DuplicateSeries { id, first } => write!(
                f,
                "duplicate series id '{id}' (first defined at {first}); ids must be unique"
            ),
            SeriesTargetShareId { id, first } => write!(
                f,
                "duplicate id '{id}' (first defined at {first}); a series and a target cannot share an id"
            ),
            _ => return None,
        })
    }

    /// Formulas, and values that are none of the choices a key has.
    pub(super) fn campaign_choices(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            FormulaSyntax { text, reason } => {
                write!(f, "formula = \"{text}\": {}", reason.en)
            }
            FormulaSelfReference { target, text } => write!(
                f,
                "target '{target}': formula = \"{text}\": a formula cannot refer to its own target"
            ),
            FormulaOfFormula { target, text, id } => write!(
                f,
                "target '{target}': formula = \"{text}\": '{id}' is itself a formula; refer to the indicators it is made of"
            ),
            FormulaUnknownId {
                target,
                text,
                id,
                suggestion,
            } => write!(
                f,
                "target '{target}': formula = \"{text}\": no target or [[series]] has the id '{id}'; {}declare it as a [[series]] with its unit and aggregate",
                DidYouMean(suggestion.as_deref())
            ),
            BadChoice { reason } => f.write_str(&reason.en),
            DelimiterInvalid { value } => write!(
                f,
                "delimiter = '{value}' is not valid; use one ASCII character other than a quote or a line break, such as \";\" or \"\\t\" (a tab)"
            ),
            EncodingInvalid { value } => write!(
                f,
                "encoding = '{value}' is not an encoding attain knows; use for example \"windows-1258\" (Vietnamese), \"windows-1252\", \"utf-16le\", \"utf-16be\" or \"utf-8\""
            ),
            AboveInvalid { value } => write!(
                f,
                "above = '{value}' is not valid; use \"exceeded\" (more is better) or \"bad\" (a band)"
            ),
            PhasingInvalid { value } => write!(
                f,
                "phasing = '{value}' is not valid; use \"linear\" or \"none\""
            ),
            MeasureInvalid { value, suggestion } => write!(
                f,
                "measure = '{value}' is not valid; {}use level (the actual itself), increase (A − P), decrease (P − A), growth ((A − P) / P, %) or decline ((P − A) / P, %)",
                DidYouMean(*suggestion)
            ),
            MeasureWithPhasing { measure, key } => write!(
                f,
                "measure = \"{measure}\" compares the actual with the same span a year earlier, which is not phased; remove `{key}` (or use measure = \"level\")"
            ),
            AggregateInvalid {
                key,
                value,
                suggestion,
            } => write!(
                f,
                "{key} = '{value}' is not valid; {}use sum (flows: revenue, turnover), last (levels and rates), mean, min or max",
                DidYouMean(*suggestion)
            ),
            AcrossLast => f.write_str(
                "across = \"last\" has no meaning: entities have no order; use sum, mean, min or max",
            ),
            StrictOnBetween => f.write_str(
                "'strict' applies to at_least and at_most; a between band already includes its bounds",
            ),
            AboveNotBetween => f.write_str("'above' applies only to a between target"),
            BelowInvalid { value } => write!(
                f,
                "below = '{value}' is not valid; use \"bad\" (the default) or \"exceeded\" (less is better)"
            ),
            BelowNotBetween => f.write_str("'below' applies only to a between target"),
            BothSidesExceeded => f.write_str(
                "below = \"exceeded\" needs above = \"bad\": less is better (a price index of 4,0–4,5 % where 3,6 % is exceeded); a band cannot be exceeded on both sides",
            ),
            _ => return None,
        })
    }

    /// Units, ids, ranges, profiles, revisions and the kind of a target.
    pub(super) fn campaign_rules(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            BadUnit { reason } => f.write_str(&reason.en),
            BadId {
                what,
                id,
                suggested,
            } => write!(
                f,
                "{what} id '{id}' may contain only lower-case letters a–z, digits and _ (for example '{suggested}')"
            ),
            NegativeWeight { weight } => {
                write!(f, "'weight' must be zero or more, not {weight}")
            }
            PercentOutOfRange { key, value } => write!(
                f,
                "'{key}' is a percentage of attainment and must lie between 0 and 100, not {value}"
            ),
            ProfileWeights => {
                f.write_str("the weights of a profile must be zero or more, and not all zero")
            }
            ProfileDoesNotSplit { count, start, end } => write!(
                f,
                "the profile has {count} weights, but the campaign ({start} to {end}) does not split into {count} whole months or quarters; give one weight per month or per quarter"
            ),
            ProfileOnLevelWithoutBaseline => f.write_str(
                "a profile on a level (aggregate other than sum) needs a baseline to grow from; add `baseline = ...` or remove profile",
            ),
            LinearLevelWithoutBaseline => f.write_str(
                "phasing = \"linear\" on a level (aggregate other than sum) needs a baseline to grow from; add `baseline = ...` or remove phasing",
            ),
            DuplicateRevision { from } => {
                write!(f, "two revisions take effect on {from}; keep one")
            }
            DuplicateMilestone { by } => write!(f, "two milestones are due on {by}; keep one"),
            MilestoneKindDiffers { milestone, target } => write!(
                f,
                "a milestone says {milestone} but the target is {target}; a milestone is a step towards the target, in its kind"
            ),
            TwoKinds { kinds, extra } => write!(
                f,
                "the target has two kinds ({}); keep exactly one ('{extra}' is the extra one here)",
                kinds.join(" and ")
            ),
            NoKind => f.write_str(
                "the target has no kind; add exactly one of at_least = T (higher is better), at_most = T (lower is better) or between = [L, H]",
            ),
            BetweenReversed { low, high } => write!(
                f,
                "between = [{low}, {high}] has its low end above its high end; write [{high}, {low}]"
            ),
            _ => return None,
        })
    }
}
