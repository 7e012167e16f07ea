//! The wording of `check`'s advisories (also warned by `report`): figures
//! that look off, targets and entities without rows, stale data, and rows
//! skipped under `--strict`. Words only; `check.rs` finds them.

use std::fmt;

use super::Code;
use super::parts::MoreRows;

impl Code {
    /// Advisories about the figures and the campaign as a whole.
    pub(super) fn check_advisories(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            Scale {
                id,
                actual,
                too_big,
                signed,
                to_date,
                bound,
            } => {
                // "larger" of a negative number would read as its opposite
                // (-5,000 is not larger than 10): with a sign, "in size".
                let relation = match (too_big, signed) {
                    (true, false) => "more than 100 times larger than",
                    (false, false) => "more than 100 times smaller than",
                    (true, true) => "in size more than 100 times",
                    (false, true) => "in size less than a hundredth of",
                };
                let against = if *to_date {
                    "its target to date"
                } else {
                    "its target"
                };
                write!(
                    f,
                    "the actual of '{id}' ({actual}) is {relation} {against} ({bound}); check the unit or the number style (--locale)"
                )
            }
            FormulaWithoutValue { id, reason } => {
                write!(f, "target '{id}': {}; it shows as no_data", reason.en)
            }
            TargetWithoutRows { id } => write!(
                f,
                "target '{id}' has no usable rows in the actuals; it shows as no_data"
            ),
            NoPrevious {
                id,
                measure,
                wanted,
                entities,
                more,
                baseline_waits,
            } => {
                let whose = match (entities.len() + more, *more) {
                    (0, _) => String::new(),
                    (1, _) => format!(" for entity {}", entities.join(", ")),
                    (_, 0) => format!(" for entities {}", entities.join(", ")),
                    (_, more) => format!(" for entities {} and {more} more", entities.join(", ")),
                };
                let fix = match (entities.is_empty(), baseline_waits) {
                    (true, false) => {
                        "and the target has no baseline; add those rows or `baseline = ...`; it shows as no_data"
                    }
                    (true, true) => {
                        "and its baseline, a whole year's figure, stands in only once the campaign is over; add those rows; it shows as no_data"
                    }
                    (false, _) => "— add those rows; they show as no_data under --by entity",
                };
                write!(
                    f,
                    "target '{id}' measures a {measure} from the value a year earlier, but the actuals have no figure for {wanted} (the same span one year back){whose} {fix}"
                )
            }
            PreviousZero { id, measure } => write!(
                f,
                "target '{id}' measures a {measure} in % from the value a year earlier, which is 0: a change from zero has no percentage; it shows as no_data (use measure = \"increase\" or \"decrease\" for a change in the target's unit)"
            ),
            EntityWithoutRows { id, entity } => write!(
                f,
                "target '{id}': entity '{entity}' has a target of its own in [target.entities] but no usable rows; it shows as no_data under --by entity"
            ),
            StaleData { id, end, as_of } => write!(
                f,
                "the latest row of '{id}' ends {end}, more than a quarter before the as-of date {as_of}; is a newer figure missing?"
            ),
            EntityTargetsSum { id, parts, total } => write!(
                f,
                "the entities' targets of '{id}' add up to {parts}, not to the campaign's {total}; check [target.entities]"
            ),
            GroupOfOne { group, id } => write!(
                f,
                "group '{group}' has only one target ('{id}'); if the name is a typo of another group's, correct it"
            ),
            StrictSkip {
                skip,
                explanation,
                more,
            } => write!(
                f,
                "row skipped as {skip} ({explanation}){}; --strict makes every skipped row an error",
                MoreRows(*more)
            ),
            _ => return None,
        })
    }
}
