//! Renderers: the report in, bytes out, one file per format. What a human
//! format shows is decided in [`crate::view`] (columns, groups, words,
//! numbers); what a machine format holds in [`crate::view::machine`]. A
//! renderer supplies only its medium's syntax, imports no other renderer,
//! and computes no number.

pub mod csv;
mod fit;
pub mod html;
pub mod json;
pub mod markdown;
pub mod table;
pub mod xlsx;

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::labels::Lang;
use crate::number::Locale;
use crate::report::Report;
use crate::view::View;

/// An output format (`-f`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Markdown,
    Html,
    Xlsx,
}

impl Format {
    /// Formats people read (numbers in the locale's style, words in the
    /// language), as opposed to csv, tsv and json.
    pub fn is_human(self) -> bool {
        matches!(
            self,
            Format::Table | Format::Markdown | Format::Html | Format::Xlsx
        )
    }
}

impl Format {
    /// The format implied by an output file's extension, if any.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ext.parse().ok()
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "table" | "txt" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "tsv" => Ok(Format::Tsv),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" | "htm" => Ok(Format::Html),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(format!(
                "unknown format '{other}'; use table, csv, tsv, json, markdown, html or xlsx"
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        })
    }
}

/// How to render.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    pub locale: Locale,
    pub lang: Lang,
    pub color: bool,
    /// Field separator of csv output (tsv always uses a tab).
    pub delimiter: u8,
    pub bom: bool,
    /// The terminal's width for the table, when known.
    pub width: Option<u16>,
}

impl Options {
    /// The report as people read it in these options' locale and language.
    pub fn view<'r>(&self, report: &'r Report) -> View<'r> {
        View::new(report, self.locale, self.lang)
    }
}

/// One output format: the report and how to render it in, bytes or the
/// reason it could not be written out.
pub trait Renderer {
    fn render(&self, report: &Report, options: &Options) -> Result<Vec<u8>, Error>;
}

/// The renderer of a format.
pub fn renderer(format: Format) -> &'static dyn Renderer {
    match format {
        Format::Table => &table::Terminal,
        Format::Csv => &csv::Csv,
        Format::Tsv => &csv::Tsv,
        Format::Json => &json::Json,
        Format::Markdown => &markdown::Markdown,
        Format::Html => &html::Html,
        Format::Xlsx => &xlsx::Xlsx,
    }
}

/// Render the report in the chosen format.
pub fn render(report: &Report, options: &Options) -> Result<Vec<u8>, Error> {
    renderer(options.format).render(report, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_extension() {
        assert_eq!("JSON".parse::<Format>(), Ok(Format::Json));
        assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
        assert!(
            "pdf"
                .parse::<Format>()
                .unwrap_err()
                .contains("unknown format 'pdf'")
        );
        assert_eq!(
            Format::from_extension(std::path::Path::new("out.tsv")),
            Some(Format::Tsv)
        );
        assert_eq!(Format::from_extension(std::path::Path::new("out")), None);
    }
}
