//! The accumulators by behaviour: packing, exact totals narrow and wide,
//! the index as it grows, and parts joined as one pass gives.

use super::group::LINE_BITS;
use super::*;

#[test]
fn a_sum_key_packs_into_40_bytes() {
    assert_eq!(std::mem::size_of::<Group>(), 40);
}

#[test]
fn totals_round_trip_narrow_or_wide() {
    for mantissa in [
        0,
        1,
        -1,
        i64::MAX as i128 + 7,
        u64::MAX as i128,
        u64::MAX as i128 + 1,
        -(1 << 80),
        MAX_MANTISSA,
        -MAX_MANTISSA,
    ] {
        for aggregate in [Aggregate::Sum, Aggregate::Last] {
            let total = Total {
                mantissa,
                scale: 28,
            };
            let mut acc = TargetAcc::for_aggregate(Some(aggregate));
            let row = RowRef { file: 0, line: 1 };
            let value = total.decimal().unwrap();
            acc.add(0, Span::parse("2022").unwrap(), value, (row, 0, 1), 0);
            let g = acc.groups()[0];
            assert_eq!(acc.total(&g), total);
            assert_eq!(g.rows(), 1);
            // A `last` group keeps its value beside a wide total.
            if aggregate == Aggregate::Last {
                let x = acc.extra(&g).unwrap();
                assert_eq!((x.last, x.min, x.max), (value, value, value));
            }
        }
    }
    for row in [
        RowRef { file: 0, line: 1 },
        RowRef {
            file: MAX_FILES as u32 - 1,
            line: (1 << LINE_BITS) - 1,
        },
        RowRef {
            file: 70_000,
            line: 5_000_000_000,
        },
    ] {
        let span = Span::parse("2022").unwrap();
        let g = Group::new(0, span, 1, row);
        assert_eq!(g.first_row(), row);
    }
}

#[test]
fn a_sum_grows_wide_and_back_exactly() {
    // Past 2^64 units of the last decimal and back under, on every way
    // in: row by row, a tally summed apart, and a part joined.
    let big = Decimal::from_i128_with_scale(u64::MAX as i128, 0);
    let row = |line| RowRef { file: 0, line };
    let span = Span::parse("2022").unwrap();
    let mut acc = TargetAcc::for_aggregate(Some(Aggregate::Sum));
    acc.add(0, span, big, (row(1), 0, 1), 0);
    acc.add(0, span, big, (row(2), 0, 1), 0);
    let g = acc.groups()[0];
    assert_eq!(acc.total(&g).decimal(), Some(big * Decimal::TWO));
    acc.merge_sum(0, span, (Total::of(-big), 1), row(3), 0);
    let mut part = TargetAcc::for_aggregate(Some(Aggregate::Sum));
    part.add(0, span, big, (row(1), 0, 1), 0);
    part.add(0, span, big, (row(2), 0, 1), 0);
    acc.join(part, 3, &[0]);
    acc.add(0, span, -big * Decimal::TWO, (row(6), 0, 1), 0);
    let g = acc.groups()[0];
    assert_eq!(acc.total(&g).decimal(), Some(big));
    assert_eq!(g.rows(), 6);
    assert_eq!(g.count & WIDE, 0, "back to the group's own word");
}

fn span(month: u32) -> Span {
    Span::parse(&format!("2022-{month:02}")).unwrap()
}

/// The groups as (entity text, span, total, rows, first row), sorted.
fn listed(acc: &TargetAcc, names: &Names) -> Vec<(String, Span, Total, u64, RowRef)> {
    let mut out: Vec<_> = acc
        .groups()
        .iter()
        .map(|g| {
            (
                names.get(g.entity).to_string(),
                g.span,
                acc.total(g),
                g.rows(),
                g.first_row(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, a.1.start, a.4.line).cmp(&(&b.0, b.1.start, b.4.line)));
    out
}

#[test]
fn the_index_finds_every_key_as_it_grows() {
    let mut acc = TargetAcc::for_aggregate(Some(Aggregate::Sum));
    // Enough keys to grow the index many times over, each met twice.
    for round in 0..2u64 {
        for entity in 0..20_000u32 {
            let row = RowRef {
                file: 0,
                line: round * 100_000 + u64::from(entity),
            };
            acc.add(entity, span(entity % 12 + 1), Decimal::ONE, (row, 0, 1), 0);
        }
    }
    assert_eq!(acc.groups().len(), 20_000);
    let groups = acc.groups().to_vec();
    for (at, g) in groups.iter().enumerate() {
        assert_eq!(g.rows(), 2);
        assert_eq!(g.first_row().line, u64::from(g.entity));
        assert_eq!(acc.find(g.entity, g.span), (at, false));
    }
    assert!(acc.index.len * 8 <= acc.index.tags.len() * 7);
}

#[test]
fn parts_joined_give_what_one_pass_gives() {
    // Three parts of rows read apart, each with names of its own; the
    // first joined into nothing (taken whole), the others into it.
    let rows: Vec<(&str, u32, i64)> = (0..3000)
        .map(|i| {
            (
                ["Xã A", "Phường B", "", "Thị trấn C"][i % 4],
                (i % 7) as u32 + 1,
                i as i64 - 900,
            )
        })
        .collect();
    // Rows read in one part, their lines counted from the part's start.
    let read = |rows: &[(&str, u32, i64)], names: &mut Names| {
        let mut acc = TargetAcc::for_aggregate(Some(Aggregate::Sum));
        for (line, (name, month, value)) in rows.iter().enumerate() {
            let row = RowRef {
                file: 0,
                line: line as u64 + 1,
            };
            let id = names.id(name);
            acc.add(id, span(*month), Decimal::new(*value, 1), (row, 0, 1), 0);
        }
        acc
    };
    let mut one_names = Names::default();
    let one = read(&rows, &mut one_names);
    let mut joined = TargetAcc::for_aggregate(Some(Aggregate::Sum));
    let mut names = Names::default();
    // The state's ids differ from the first part's: taking it whole
    // rebuilds its index.
    names.id("Xã A");
    for (k, part_rows) in rows.chunks(1000).enumerate() {
        let mut part_names = Names::default();
        // Names met in another order than the whole file meets them.
        for name in ["Thị trấn C", "Phường B"] {
            part_names.id(name);
        }
        let part = read(part_rows, &mut part_names);
        let remap = names.remap(&part_names);
        joined.join(part, k as u64 * 1000, &remap);
    }
    assert_eq!(listed(&joined, &names), listed(&one, &one_names));
}

#[test]
fn a_group_counts_up_to_2_pow_56_rows_and_then_overflows() {
    let span = Span::parse("2022-01").unwrap();
    let mut group = Group::new(0, span, 1, RowRef { file: 0, line: 1 });
    assert!(group.add_rows((1 << 56) - 2));
    assert_eq!(group.rows(), (1 << 56) - 1);
    assert!(!group.add_rows(1));
    assert_eq!(group.rows(), (1 << 56) - 1, "an overflow leaves the count");
}

#[test]
fn grouped_rows_past_what_a_group_counts_are_an_overflow_not_a_wrap() {
    let mut acc = TargetAcc::for_aggregate(Some(Aggregate::Mean));
    let span = Span::parse("2022-01").unwrap();
    let row = |line| RowRef { file: 0, line };
    acc.add(0, span, Decimal::ONE, (row(1), 0, 1 << 55), 0);
    acc.add(0, span, Decimal::ONE, (row(2), 0, 1 << 55), 0);
    let group = &acc.groups()[0];
    assert_eq!(group.rows(), 1 << 55, "the second line would pass 2^56");
    assert!(acc.extra(group).is_some_and(|x| x.overflow == Some(row(2))));
}
