//! Fitting the terminal table to the terminal's width: which columns stay,
//! how wide each is, and where a cell may wrap. A number, a unit, a bar or
//! a status never breaks inside; names, units and headers wrap only
//! between words. When even the narrowest layout is too wide, optional
//! columns go in [`DROP_ORDER`].

use crate::view::Column;

/// The order in which optional columns give way on a narrow terminal: the
/// bar, then the projection, the value expected to date, the gap, the
/// change on last year and the pace. The target, unit, plan, actual, change
/// measured, attainment and status always stay.
pub const DROP_ORDER: [Column; 6] = [
    Column::Bar,
    Column::Projected,
    Column::Expected,
    Column::Gap,
    Column::Change,
    Column::Pace,
];

/// The width of the target's name that an optional column may not take.
const NAME_WIDTH: usize = 24;

/// Joins the words of a cell that must not be split across lines.
pub const GLUE: char = '\u{a0}';

/// A cell's text with its unbreakable runs glued: a column of words
/// (target, unit) may wrap at any space; a status keeps its dot with its
/// first word; anything else (numbers, plans, changes, the bar) wraps only
/// between words ("down" | "1,10 pp") or before a parenthesis ("(from
/// 4,03)"), never between a number and its sign or unit.
pub fn glued(column: Column, text: &str) -> String {
    match column {
        Column::Target | Column::Unit => text.to_string(),
        Column::Status => text.replacen("● ", &format!("●{GLUE}"), 1),
        _ => {
            let mut out = String::new();
            let mut prev: Option<&str> = None;
            for token in text.split(' ') {
                if let Some(p) = prev {
                    out.push(if breaks(p, token) { ' ' } else { GLUE });
                }
                out.push_str(token);
                prev = Some(token);
            }
            out
        }
    }
}

/// Whether a line may break between two tokens of a figure's text.
fn breaks(before: &str, after: &str) -> bool {
    let ends_in_word = before.chars().last().is_some_and(char::is_alphabetic);
    let first = after.chars().next();
    first == Some('(') || (ends_in_word && first.is_some_and(char::is_alphanumeric))
}

/// How many columns of the terminal a text takes (one per character: the
/// table holds NFC text with no wide characters).
fn width(text: &str) -> usize {
    text.chars().count()
}

/// The narrowest a column can be: its longest unbreakable run.
fn narrowest(texts: &[String]) -> usize {
    texts
        .iter()
        .flat_map(|t| t.split([' ', '\n']))
        .map(width)
        .max()
        .unwrap_or(0)
}

/// The width a column wants: its longest line.
fn widest(texts: &[String]) -> usize {
    texts
        .iter()
        .flat_map(|t| t.lines())
        .map(width)
        .max()
        .unwrap_or(0)
}

/// The table's width with columns of these content widths: a border and
/// `pad` spaces beside each.
pub fn table_width(widths: &[usize], pad: usize) -> usize {
    widths.iter().sum::<usize>() + (pad + 1) * widths.len() + 1
}

/// Whether the table fits at all once every optional column is gone, with
/// `pad` spaces of padding per column.
pub fn fits(cols: &[Column], texts: &[Vec<String>], total: usize, pad: usize) -> bool {
    let lows: Vec<usize> = (0..cols.len())
        .filter(|&i| !DROP_ORDER.contains(&cols[i]))
        .map(|i| narrowest(&texts[i]))
        .collect();
    table_width(&lows, pad) <= total
}

/// The columns that stay (as indices into `cols`) and each one's content
/// width, for a terminal `total` columns wide; `texts[i]` holds column
/// `i`'s header and cells, already glued.
pub fn fit(
    cols: &[Column],
    texts: &[Vec<String>],
    total: usize,
    pad: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut kept: Vec<usize> = (0..cols.len()).collect();
    // An optional column stays only if the names keep a readable width.
    let lows = |kept: &[usize]| -> Vec<usize> {
        kept.iter()
            .map(|&i| match cols[i] {
                Column::Target => narrowest(&texts[i]).max(widest(&texts[i]).min(NAME_WIDTH)),
                _ => narrowest(&texts[i]),
            })
            .collect()
    };
    for drop in DROP_ORDER {
        if table_width(&lows(&kept), pad) <= total {
            break;
        }
        kept.retain(|&i| cols[i] != drop);
    }
    let low: Vec<usize> = kept.iter().map(|&i| narrowest(&texts[i])).collect();
    let mut widths: Vec<usize> = kept
        .iter()
        .zip(&low)
        .map(|(&i, &l)| widest(&texts[i]).max(l))
        .collect();
    // Take a character at a time from the widest column that can still
    // give, the target's name last.
    while table_width(&widths, pad) > total {
        let Some(k) = (0..widths.len())
            .filter(|&k| widths[k] > low[k])
            .max_by_key(|&k| (cols[kept[k]] != Column::Target, widths[k]))
        else {
            break;
        };
        widths[k] -= 1;
    }
    (kept, widths)
}

/// Text wrapped at spaces to lines of at most `total` characters; a word
/// longer than that keeps its own line, whole.
pub fn wrap(text: &str, total: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if width(line) + 1 + width(word) <= total => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_columns_go_in_order_and_words_stay_whole() {
        let cols = [Column::Target, Column::Gap, Column::Bar, Column::Status];
        let texts = vec![
            vec!["Export-import turnover".to_string()],
            vec![glued(Column::Gap, "-370 pp")],
            vec!["██████████│██▎".to_string()],
            vec![glued(Column::Status, "● exceeded")],
        ];
        assert_eq!(fit(&cols, &texts, 70, 2).0, [0, 1, 2, 3]);
        assert_eq!(fit(&cols, &texts, 60, 2).0, [0, 1, 3]);
        let (kept, widths) = fit(&cols, &texts, 50, 2);
        assert_eq!(kept, [0, 1, 3]);
        assert!(table_width(&widths, 2) <= 50);
        assert_eq!(fit(&cols, &texts, 35, 2), (vec![0, 3], vec![18, 10]));
        assert_eq!(fit(&cols, &texts, 30, 2).1, [13, 10]);
        assert!(!fits(&cols, &texts, 29, 2) && fits(&cols, &texts, 30, 2));
        let measured = glued(Column::Measured, "giảm 1,10 điểm % (từ 4,03)");
        assert_eq!(measured, "giảm 1,10\u{a0}điểm\u{a0}% (từ 4,03)");
        assert_eq!(glued(Column::Plan, "≥ 92.070 *"), "≥\u{a0}92.070\u{a0}*");
        assert_eq!(
            wrap("Bắc Ninh 2022 · as of 2022-12-31", 15),
            "Bắc Ninh 2022 ·\nas of\n2022-12-31"
        );
    }
}
