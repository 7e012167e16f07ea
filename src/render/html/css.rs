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
table.report-table { width: 100%; border-collapse: collapse; }
th, td { padding: 6px 8px; text-align: left; vertical-align: middle; border-bottom: 1px solid #e4e7eb; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th, thead th.num { font-size: 12px; color: #52606d; font-weight: 600; border-bottom: 2px solid #9aa5b1;
  vertical-align: bottom; white-space: normal; }
td.name { min-width: 12em; }
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
td.group-score { white-space: normal; }
tr.entity td { font-size: 13px; background: #fbfcfd; }
tr.entity td.name { padding-left: 28px; color: #3e4c59; }
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
  tr { break-inside: avoid; page-break-inside: avoid; }
  tr.group { break-after: avoid; page-break-after: avoid; }
  .legend { font-size: 7.5pt; }
  .notes { break-inside: avoid-page; font-size: 8pt; }
  .notes h2 { font-size: 9pt; }
}
"#;
