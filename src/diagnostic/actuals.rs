//! The wording of what is wrong in the actuals: the files named and their
//! encoding, the shape of the CSV and its header, and the rows and how
//! they combine. Words only; ingest decides what is wrong.

use std::fmt;

use super::Code;
use super::parts::{EntitySuffix, HeaderSeen, quoted_list};

impl Code {
    /// Files that cannot be read, and an encoding that does not fit.
    pub(super) fn actuals_files(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            TooManyFiles { count, max } => write!(
                f,
                "{count} actuals files are named, and attain reads at most {max} in one run: join them first (cat, or a query that groups them)"
            ),
            StdinTwice => {
                f.write_str("'-' (standard input) is named twice; it can be read only once")
            }
            ActualsNotFound { path } => write!(
                f,
                "actuals file '{path}' not found; check the path (paths in the campaign file are relative to it)"
            ),
            CannotOpen { path, reason } => write!(f, "could not open '{path}': {reason}"),
            ReadingStopped { line } => write!(
                f,
                "reading stopped after line {line}: the input could not be read further"
            ),
            Utf8NotLegacy { word, encoding } => write!(
                f,
                "the file is UTF-8 ('{word}' is UTF-8 text), not {encoding}: drop --encoding, since attain reads UTF-8 as it is"
            ),
            Utf8NotUtf16 { encoding } => write!(
                f,
                "the file is UTF-8 (no byte-order mark, no NUL bytes between its letters), not {encoding}: drop --encoding, since attain reads UTF-8 as it is"
            ),
            UnpairedSurrogate { unit, encoding } => write!(
                f,
                "a UTF-16 surrogate (0x{unit:04X}) without its other half is on this line: the file is damaged or not {encoding}; attain does not turn it into U+FFFD silently"
            ),
            _ => return None,
        })
    }

    /// The shape of the CSV: empty, broken, too long, not UTF-8; its header.
    pub(super) fn actuals_csv(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            EmptyFile => f.write_str("the file is empty (no header line, no rows)"),
            NoRows => f.write_str("the file has a header but no data rows"),
            CsvUnreadable { reason } => write!(f, "could not read: {reason}"),
            CsvMalformed { reason } => write!(f, "malformed CSV: {reason}"),
            LineTooLong { mib } => write!(
                f,
                "this line is longer than {mib} MiB without a line break: the file is not a CSV of actuals (or its line breaks were lost); the rest of it was not read"
            ),
            QuotedValueTooLong { mib } => write!(
                f,
                "a quoted value opened on this line runs on over the next lines for more than {mib} MiB without a closing quote: a stray quote (\") in a field? the rest of the file was not read"
            ),
            MultilineValue { closes, spanned } => write!(
                f,
                "a quoted value opens on this line and closes on line {closes}, so the next {} part of this row's value; if a stray quote (\") opened it, the rows on those lines were not read as rows",
                NextLines(*spanned)
            ),
            FieldCount { fields, width } => write!(
                f,
                "this row has {fields} fields but the header has {width}; check for a missing or extra delimiter, or quote a value that contains one"
            ),
            UnterminatedQuote => f.write_str(
                "a quote (\") opened in this field is never closed, so the rest of the file was read as one value; close the quote or remove it",
            ),
            Utf16WithBom { label } => write!(
                f,
                "the file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8; pass --encoding {label}, or save it as UTF-8 (in Excel: CSV UTF-8)"
            ),
            Utf16WithoutBom => f.write_str(
                "the header has NUL bytes between its letters: the file looks like UTF-16 without a byte-order mark; pass --encoding utf-16le (or utf-16be), or save it as UTF-8 (in Excel: CSV UTF-8)",
            ),
            NotUtf8 {
                shown,
                label,
                description,
            } => write!(
                f,
                "'{shown}' (as {label} would read it) is not UTF-8 text: the file looks like {description}; pass --encoding {label}, or save the file as UTF-8 (in Excel: CSV UTF-8)"
            ),
            DuplicateColumn {
                column,
                first,
                second,
            } => write!(
                f,
                "the column '{column}' appears twice (columns {first} and {second}); rename or remove one"
            ),
            MissingColumn {
                missing,
                found,
                renames,
                delimiter,
            } => missing_column(f, missing, found, renames, delimiter.as_deref()),
            BomInside => f.write_str(
                "this field starts with a byte-order mark (U+FEFF, invisible) in the middle of the file: were two files joined into one? remove it, and any second header line; the field is read with it, so it matches no id",
            ),
            NoSuchSheet { wanted, sheets } => write!(
                f,
                "the workbook has no sheet '{wanted}'; its sheets: {}",
                quoted_list(sheets)
            ),
            SheetNotActuals {
                sheet,
                sheets,
                likely,
            } => {
                let likely = match likely {
                    Some(s) => format!("; '{s}' looks like actuals"),
                    None => String::new(),
                };
                write!(
                    f,
                    "the first sheet, '{sheet}', has no header with an indicator column in its top rows; name the sheet to read with --sheet or book.xlsx#Sheet (its sheets: {}){likely}",
                    quoted_list(sheets)
                )
            }
            CellError { error } => write!(
                f,
                "this cell holds the error {error}, not a value: correct the formula or the cell it refers to"
            ),
            UncalculatedFormula { formula } => write!(
                f,
                "this cell holds the formula ={formula} but no calculated value (the file was written by a program, not saved by a spreadsheet): open and save it in Excel or LibreOffice"
            ),
            WideMixed { column, across } => write!(
                f,
                "this header has columns of {across}s (a wide table, one value per cell) and also a '{column}' column: use one layout, long (indicator, period, value) or wide"
            ),
            SheetTwice { first } => write!(
                f,
                "this sheet is read already, as {first}: each figure would count twice; name it once"
            ),
            HeaderRowPastEnd { row, last } => write!(
                f,
                "--header-row {row} is below the sheet's last row ({last}): nothing to read"
            ),
            WorkbookAsCsv { kind } => write!(
                f,
                "this is a workbook ({kind}), not CSV text: give it a file name ending in .{kind}, and attain reads its sheet"
            ),
            BadPeriodColumn { column, reason } => write!(
                f,
                "the column '{column}' of this wide table is not a period attain reads: {}",
                reason.en
            ),
            _ => return None,
        })
    }

    /// Values in the rows, and rows that do not combine as they stand.
    pub(super) fn actuals_rows(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use Code::*;
        Some(match self {
            BadNumberCell { reason } => f.write_str(&reason.en),
            BadPublished { text } => write!(
                f,
                "'{text}' in the published column is not a date; write the day the figure was published as 2023-12-05, or leave the cell empty"
            ),
            BadRows { text } => write!(
                f,
                "'{text}' in the rows column is not a count of rows; write how many source rows the row stands for as a whole number such as 12, or leave the cell empty for one"
            ),
            UnitMismatch {
                unit,
                id,
                target_unit,
                reason,
            } => write!(
                f,
                "unit '{unit}' cannot be used for '{id}' (its unit is '{target_unit}'): {}",
                reason.en
            ),
            SumOverflow { id } => write!(
                f,
                "the sum of '{id}' is too large to hold exactly (more than 28 digits)"
            ),
            ConvertOverflow { value } => {
                write!(f, "'{value}' is too large to convert to the target's unit")
            }
            AcrossOverflow { id } => write!(
                f,
                "the values of '{id}' across entities are too large to combine exactly"
            ),
            MissingAggregate { id, rows, first } => write!(
                f,
                "target '{id}' has {rows} rows in the window (the first at {first}) but no aggregate; set aggregate = \"sum\" for a flow such as revenue or turnover, or aggregate = \"last\" for a level or rate"
            ),
            MissingAcross {
                id,
                entities,
                more,
                aggregate,
            } => write!(
                f,
                "target '{id}' has rows per entity ({}{}) but no whole-campaign row, and aggregate = \"{aggregate}\" does not say how to combine entities; set across = \"sum\" (counts, amounts) or across = \"mean\" (rates), or add a row with an empty entity",
                entities.join(", "),
                if *more { ", …" } else { "" },
            ),
            EntityCase { id, first, second } => write!(
                f,
                "'{id}' has entities '{first}' and '{second}' that differ only in case; they are counted as two entities — write them the same way if they are one"
            ),
            TotalAndEntities { id, entities } => write!(
                f,
                "target '{id}' has a whole-campaign figure and rows for {entities} entities; the whole-campaign figure is used and the entity rows are a breakdown (see --by entity)"
            ),
            SourcesSummed {
                id,
                span,
                entity,
                sources,
            } => write!(
                f,
                "rows of '{id}' for {span}{} with different sources ({}) are summed; if they are alternative estimates of one figure, keep only one, or add a published column with the date each was published (2023-03-15), and only the latest is used",
                EntitySuffix(entity),
                sources.join("; ")
            ),
            LastTie {
                id,
                entity,
                end,
                first_value,
                first_at,
                later_value,
                later_at,
            } => write!(
                f,
                "'{id}'{} has two different values ending on {end}: {first_value} at {first_at} and {later_value} at {later_at}; the later row ({later_value}) is used",
                EntitySuffix(entity)
            ),
            _ => return None,
        })
    }
}

/// "line is" or "N lines are", of the lines a quoted value runs on over.
struct NextLines(u64);

impl fmt::Display for NextLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("line is"),
            n => write!(f, "{n} lines are"),
        }
    }
}

/// A header without a required column: what it held, and the likeliest
/// fix (the delimiter, else the columns to rename).
fn missing_column(
    f: &mut fmt::Formatter<'_>,
    missing: &[&str],
    found: &HeaderSeen,
    renames: &[(String, &str)],
    delimiter: Option<&str>,
) -> fmt::Result {
    write!(
        f,
        "the header has no '{}' column ({found})",
        missing.join("' or '")
    )?;
    if let Some(shown) = delimiter {
        write!(
            f,
            "; the header is one column, and the file seems to be separated by '{shown}': pass --delimiter '{shown}' (it sets the separator of the actuals and of csv output)"
        )?;
    } else if !renames.is_empty() {
        let renames: Vec<String> = renames
            .iter()
            .map(|(from, to)| format!("rename '{from}' to '{to}'"))
            .collect();
        write!(f, "; {}", renames.join(", "))?;
    }
    f.write_str("; the required columns are indicator (or id) and value")
}
