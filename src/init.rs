//! `attain init [PATH]`: a commented starter campaign in which every key of
//! reference §2 appears once with a line on what it does. It loads as written
//! (a test runs it through the campaign loader) and is never written over
//! an existing file.

use std::io::Write;
use std::path::Path;

use crate::diagnostic::Usage;
use crate::error::Error;

/// The starter campaign.
pub const STARTER: &str = r#"# An attain campaign file. Every key attain knows appears once below, with a
# line on what it does; delete what you do not need. Check it with
#   attain check -t targets.toml
# and fill in next month's figures from
#   attain template -t targets.toml > actuals.csv

[campaign]
name = "Sales plan 2025"         # shown at the top of every report
period = "2025"                  # the campaign's span: 2025, 2025-H1, 2025-Q3, 2025-01..2025-06
# start = 2025-07-01             # ...or its first and last day instead of period
# end = 2026-06-30               #    (a fiscal year from July)
locale = "en"                    # how numbers in the actuals are written: en 1,234.5 | vi 1.234,5
lang = "en"                      # labels of human output: en | vi
# actuals = ["actuals.csv"]      # the actuals to read when none are named; relative to this file
# delimiter = ";"                # how the actuals are separated: "," (default), ";", "\t" (--delimiter wins)
# encoding = "windows-1258"      # how the actuals are encoded: utf-8 (default), windows-1258, utf-16le (--encoding wins)

[status]
near = 90                        # a missed target at >= 90 % attainment is "near" (amber)

[entities]                       # display names of the actuals' entity ids (regions, branches)
north = "North region"
south = "South region"

[[series]]                       # an indicator with rows but no target: a formula's part
id = "customers_n"
unit = "customers"
aggregate = "sum"

[[series]]
id = "returning_n"
unit = "customers"
aggregate = "sum"

[[target]]
id = "revenue"                   # lower-case letters, digits and _; what the actuals' indicator says
name = { en = "Revenue", vi = "Doanh thu" }    # or a plain string
group = "Sales"                  # a group's targets roll up into one score
unit = "thousand USD"            # scale (thousand, million, billion) + currency, %, or any word
at_least = 12000                 # higher is better; at_most = lower is better; between = [L, H]
aggregate = "sum"                # how rows combine: sum (flows), last (levels, rates), mean, min, max
profile = [7, 7, 8, 8, 8, 8, 8, 8, 8, 9, 10, 11]   # expected-to-date by 12 monthly (or 4 quarterly) weights
weight = 2                       # counts twice in the group's score
source = "Budget 2025, approved 2024-12-12"        # where the target comes from
note = "Online and store sales"  # free text, shown by `attain explain`
revised = [{ from = 2025-07-01, at_least = 13000, source = "Mid-year review" }]   # a new target from a date on

[target.entities]                # the entities' own targets (they need not be given)
north = 7000
south = 5000

[[target]]
id = "satisfaction"
name = "Customer satisfaction"
group = "Customers"
unit = "%"
between = [80, 90]               # a band: met inside it, both ends included
above = "exceeded"               # above the band: "exceeded" (more is better) or "bad"
# below = "exceeded"             # with above = "bad": less is better (prices 4.0–4.5 %: 3.6 is exceeded)
# milestones = [{ by = 2025-06-30, between = [79, 85] }]   # steps along the way, in the target's kind
aggregate = "last"
across = "mean"                  # how entities combine for last and mean: sum, mean, min, max
baseline = 78                    # the value at the start: enables progress
phasing = "linear"               # a level grows from its baseline to the target over the days
near = 95                        # this target's own amber threshold

[[target]]
id = "nps"
name = "Net promoter score"
group = "Customers"
at_least = 30
strict = true                    # "more than 30": exactly 30 is not enough
aggregate = "last"
# measure = "increase"           # judge the change on the same span a year earlier (else the baseline),
#                                # not the value: increase (A − P), decrease (P − A), growth or decline
#                                # (in % of P); "up 5 points on last year" is measure = "increase", at_least = 5

[[target]]
id = "returning_share"
name = "Returning customers"
group = "Customers"
unit = "%"
at_least = 40
formula = "returning_n / customers_n * 100"        # computed from other indicators: a ratio of sums

[[target]]
id = "incidents"
name = "Safety incidents"
group = "Operations"
unit = "incidents"
at_most = 0                      # a zero target: none at all
aggregate = "sum"
"#;

/// Write the starter campaign to `path`, never over an existing file.
pub fn write(path: &Path) -> Result<(), Error> {
    let name = path.display().to_string();
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Usage(Usage::InitWouldOverwrite { name }));
        }
        Err(e) => return Err(Error::io(&name, e)),
    };
    file.write_all(STARTER.as_bytes())
        .map_err(|e| Error::io(&name, e))?;
    let name = crate::text::printable(&name);
    let _ = writeln!(
        std::io::stderr(),
        "attain: wrote {name}; check it with `attain check -t {name}`"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use toml::de::{DeTable, DeValue};

    use super::*;

    #[test]
    fn the_starter_loads() {
        let campaign = crate::campaign::parse("targets.toml", STARTER, Path::new(".")).unwrap();
        assert_eq!(campaign.targets.len(), 5);
        assert_eq!(campaign.series.len(), 2);
    }

    /// The keys written in a TOML tree, but not the entity ids under
    /// `entities` (data, not keys).
    fn keys_written(value: &DeValue<'_>, out: &mut BTreeSet<String>) {
        match value {
            DeValue::Table(t) => {
                for (key, v) in t.iter() {
                    out.insert(key.get_ref().to_string());
                    if key.get_ref() != "entities" {
                        keys_written(v.get_ref(), out);
                    }
                }
            }
            DeValue::Array(items) => items.iter().for_each(|v| keys_written(v.get_ref(), out)),
            _ => {}
        }
    }

    /// The starter shows every key the campaign reader takes, and takes
    /// every key it shows: the reader is the one list of keys, and a key
    /// added to it without a line here fails this test.
    #[test]
    fn the_starter_shows_every_key_the_reader_takes() {
        let tree = DeTable::parse(STARTER).unwrap().into_inner();
        let mut written = BTreeSet::new();
        keys_written(&DeValue::Table(tree), &mut written);
        // Shown but commented out, as `# start = 2025-07-01`.
        let commented = STARTER.lines().filter_map(|line| {
            let (key, _) = line.strip_prefix("# ")?.split_once(" = ")?;
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_')
                .then(|| key.to_string())
        });
        let shown: BTreeSet<String> = written.iter().cloned().chain(commented).collect();
        let read: BTreeSet<String> = crate::campaign::keys_read(STARTER)
            .into_iter()
            .map(|(_, key)| key.to_string())
            .collect();
        let unshown: Vec<&String> = read.difference(&shown).collect();
        assert!(
            unshown.is_empty(),
            "keys the starter does not show: {unshown:?}"
        );
        let unread: Vec<&String> = written.difference(&read).collect();
        assert!(
            unread.is_empty(),
            "keys the reader does not take: {unread:?}"
        );
    }
}
