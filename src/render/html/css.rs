//! The page's style sheet, inline: the page fetches nothing.

/// Inline CSS: one `<style>` block, which mail clients and browsers both
/// keep. Colours print (`print-color-adjust`) because the lights carry
/// meaning; a target row never breaks across an A4 page.
pub(super) const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 28px 24px; background: #ffffff; color: #1f2933;
  font: 14px/1.45 "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif; }
.report { max-width: 1180px; margin: 0 auto; }
h1 { font-size: 21px; line-height: 1.3; margin: 0 0 2px; font-weight: 700; color: #102a43; }
.as-of { margin: 0 0 14px; color: #52606d; font-size: 14px; }
.summary { margin: 0 0 8px; font-weight: 600; font-size: 15px; }
.chips { margin: 0 0 22px; }
.chip { display: inline-block; padding: 2px 10px; border-radius: 11px; font-size: 12.5px;
  font-weight: 600; white-space: nowrap; margin: 0 6px 4px 0; vertical-align: middle; line-height: 1.5; }
.chip b { font-weight: 700; margin-left: 3px; }
.chip.green { background: #dff1e4; color: #1b6532; }
.chip.amber { background: #fdefc8; color: #7a4f00; }
.chip.red { background: #fbe1de; color: #a3241a; }
.chip.grey { background: #e9ecef; color: #52606d; }
.table-wrap { max-width: 100%; overflow-x: auto; }
table.report-table { width: 100%; border-collapse: collapse; }
th, td { padding: 6px 8px; text-align: left; vertical-align: middle; border-bottom: 1px solid #e4e7eb; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th, thead th.num { font-size: 12px; color: #52606d; font-weight: 600; border-bottom: 2px solid #9aa5b1;
  vertical-align: bottom; white-space: normal; }
td.name { min-width: 15em; }
td.unit { color: #52606d; font-size: 12.5px; white-space: nowrap; }
td.chart { width: 190px; padding-top: 4px; padding-bottom: 4px; }
th.status, td.status { width: 1%; white-space: nowrap; }
td.status { font-size: 0; }
tr.group th { background: #f0f4f8; color: #102a43; font-size: 14px; font-weight: 700;
  padding-top: 9px; padding-bottom: 7px; border-bottom: 1px solid #d9e2ec; }
tr.group td { background: #f0f4f8; border-bottom: 1px solid #d9e2ec; }
.score { font-weight: 700; white-space: nowrap; }
.score.green { color: #1b6532; } .score.amber { color: #7a4f00; }
.score.red { color: #a3241a; } .score.grey { color: #7b8794; }
.score small { font-weight: 400; color: #7b8794; margin-right: 4px; }
td.group-score { white-space: normal; text-align: left; }
tr.entity td { font-size: 13px; background: #fbfcfd; }
tr.entity td.name { padding-left: 28px; color: #3e4c59; }
tr.entities > td { padding: 0 0 0 20px; border-bottom: 1px solid #e4e7eb; }
tr.entities summary { cursor: pointer; padding: 4px 8px; font-size: 12.5px; color: #3e4c59; }
table.sub { margin: 0 0 6px; }
table.sub thead th { font-size: 11px; border-bottom-width: 1px; }
table.sub td.name { min-width: 0; }
sup { font-size: 10px; line-height: 0; }
sup.ref { color: #7b8794; margin-left: 2px; }
td.step small, td.plan small { display: block; color: #7b8794; font-size: 11.5px; }
svg { display: block; overflow: visible; }
.legend { margin: 10px 0 0; font-size: 12px; color: #52606d; }
.legend span { display: inline-block; margin-right: 16px; white-space: nowrap; }
.legend svg { display: inline-block; vertical-align: middle; margin-right: 5px; }
.notes { margin-top: 22px; font-size: 12.5px; color: #3e4c59; }
.notes h2 { font-size: 13.5px; margin: 16px 0 4px; color: #102a43; }
.notes ol, .notes ul { margin: 0; padding-left: 22px; }
.notes p { margin: 4px 0; }
.ledger { margin-top: 14px; font-size: 11px; color: #7b8794; }
@media screen and (max-width: 1100px) {
  td.chart { width: 130px; }
  td.chart svg { width: 124px; height: 18px; }
}
@media screen and (max-width: 640px) {
  body { padding: 18px 12px; }
  .table-wrap { overflow: visible; }
  .report-table, .report-table > tbody, .report-table > tbody > tr,
  .report-table > tbody > tr > td, .report-table > tbody > tr > th { display: block; width: auto; }
  .report-table > thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .report-table > tbody > tr.target, .report-table > tbody > tr.entity,
  .report-table > tbody > tr.group-summary { display: grid; grid-template-columns: 1fr 1fr;
    column-gap: 16px; align-items: center; padding: 8px 0; border-bottom: 1px solid #e4e7eb; }
  .report-table > tbody > tr > td { border: 0; padding: 1px 0; min-width: 0; }
  .report-table td.name { grid-column: 1 / -1; font-weight: 600; padding-bottom: 3px; }
  .report-table tr.entity td.name { padding-left: 0; font-weight: 600; }
  .report-table td.status { order: 1; }
  .report-table td.chart { order: 2; width: auto; }
  .report-table td.chart svg { width: 100%; max-width: 180px; height: auto; }
  .report-table td.num, .report-table td.unit { order: 3; display: flex; align-items: baseline;
    justify-content: space-between; gap: 8px; white-space: normal; text-align: right; }
  .report-table td.num::before, .report-table td.unit::before { color: #52606d; font-size: 12px;
    text-align: left; }
  .report-table td.num:empty, .report-table td.unit:empty { display: none; }
  .report-table td.step small { display: inline; margin-left: 6px; }
  .report-table > tbody > tr.group { display: flex; flex-wrap: wrap; justify-content: space-between;
    align-items: baseline; gap: 4px 12px; background: #f0f4f8; padding: 8px; margin-top: 14px; }
  .report-table > tbody > tr.group > * { background: none; border: 0; padding: 0; }
  .report-table > tbody > tr.entities > td { padding: 0 0 0 14px; border: 0; }
  tr.entities summary { padding: 6px 0; }
}
@media print {
  body { padding: 0; font-size: 8.5pt; }
  .report { max-width: none; }
  h1 { font-size: 14pt; }
  .summary { font-size: 10pt; }
  th, td { padding: 3px 4px; }
  thead th, thead th.num { font-size: 7.5pt; }
  td.unit, tr.entity td, .chip { font-size: 7.5pt; }
  .as-of { font-size: 9pt; }
  td.name { width: 30%; min-width: 8em; }
  td.unit { white-space: normal; }
  tr.group th { font-size: 9.5pt; }
  td.chart { width: 118px; }
  td.chart svg { width: 112px; height: 16px; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  tr.entities { break-inside: auto; page-break-inside: auto; }
  tr.group { break-after: avoid; page-break-after: avoid; }
  .legend { font-size: 7.5pt; break-before: avoid; page-break-before: avoid; }
  .notes { font-size: 8pt; }
  .notes h2 { font-size: 9pt; break-after: avoid; page-break-after: avoid; }
  .notes li { break-inside: avoid; page-break-inside: avoid; }
  .notes ol, .notes ul { orphans: 3; widows: 3; }
}
"#;

/// The headers as the stacked rows of a narrow screen show them: each
/// figure's cell is labelled by its column's header, set once in the
/// style sheet (`td:nth-child(n)::before`) rather than in every cell, so
/// that a page of ten thousand rows does not grow by a label per cell.
pub(super) fn cell_labels(headers: &[(&str, String)]) -> String {
    let mut css = String::from("@media screen and (max-width: 640px) {\n");
    for (i, (class, text)) in headers.iter().enumerate() {
        if !(class.starts_with("num") || *class == "unit") || text.is_empty() {
            continue;
        }
        let n = i + 1;
        css.push_str(&format!(
            "  .report-table tr:not(.group) > td:nth-child({n})::before {{ content: \"{}\"; }}\n",
            css_string(text)
        ));
    }
    css.push_str("}\n");
    css
}

/// Text inside a CSS string: quotes, backslashes, line breaks and `<`
/// (which could close the `<style>` element) as CSS escapes.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::text::printable(text).chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out
}
