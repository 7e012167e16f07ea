//! The HTML page by snapshot and by the promises of the page: self-contained,
//! escaped, deterministic.

use std::path::Path;

use super::*;
use crate::campaign;
use crate::ingest::{self, Grain, Input, ReadOptions};
use crate::labels::Lang;
use crate::number::Locale;
use crate::render::Format;
use crate::report::{By, Selection};

/// A campaign whose text tries to break out of the page, with a band,
/// two flows judged on pace mid-year and a zero target without data.
const HOSTILE: &str = r#"
[campaign]
name = "Plan <2022> & \"more\""
period = "2022"
locale = "en"
lang = "en"

[[target]]
id = "evil"
name = "<script>alert('x')</script>"
group = "Sales & <Ops>"
unit = "<b>units</b>"
at_least = 100
aggregate = "sum"
source = "https://evil.example/?a=<img src=x>&b=\"y\""

[[target]]
id = "band"
name = "Growth"
group = "Sales & <Ops>"
unit = "%"
between = [5, 6]
aggregate = "last"
revised = [{ from = 2022-03-01, between = [4, 5], source = "Decision <7>" }]

[[target]]
id = "flow"
name = "Revenue"
unit = "USD"
at_least = 1200
aggregate = "sum"

[[target]]
id = "zero"
name = "Incidents"
unit = "incidents"
at_most = 0
"#;

const HOSTILE_ACTUALS: &str = "indicator,period,value\n\
        evil,2022-01..2022-06,40\n\
        band,2022-06,5.5\n\
        flow,2022-01..2022-06,500\n";

fn options(lang: Lang, locale: Locale) -> Options {
    Options {
        format: Format::Html,
        locale,
        lang,
        color: false,
        delimiter: b',',
        bom: false,
        width: None,
    }
}

fn read_options(campaign: &campaign::Campaign, trend: Option<Grain>) -> ReadOptions {
    ReadOptions {
        trend,
        ..ReadOptions::new(campaign.locale)
    }
}

fn build(campaign: &campaign::Campaign, inputs: &[Input], view: &Selection) -> Report {
    let ingest = ingest::read(campaign, inputs, &read_options(campaign, None));
    assert!(!ingest.has_errors(), "{:?}", ingest.diagnostics);
    crate::report::build(campaign, &ingest, view)
}

fn hostile() -> Report {
    let campaign = campaign::parse("hostile.toml", HOSTILE, Path::new(".")).unwrap();
    let input = Input::Memory {
        name: "hostile.csv".into(),
        bytes: HOSTILE_ACTUALS.as_bytes().to_vec(),
    };
    build(&campaign, &[input], &Selection::default())
}

fn repo_file(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The shipped campaign with its own actuals, or with `actuals` instead.
fn shipped(actuals: Option<&str>, by: By, trend: Option<Grain>) -> Report {
    let campaign = campaign::load(&repo_file("targets.toml")).unwrap();
    let inputs: Vec<Input> = match actuals {
        Some(file) => vec![Input::File(repo_file(file))],
        None => campaign.actuals.iter().cloned().map(Input::File).collect(),
    };
    let ingest = ingest::read(&campaign, &inputs, &read_options(&campaign, trend));
    assert!(!ingest.has_errors(), "{:?}", ingest.diagnostics);
    let view = Selection {
        by,
        ..Selection::default()
    };
    crate::report::build(&campaign, &ingest, &view)
}

fn html(report: &Report, lang: Lang) -> String {
    String::from_utf8(render(report, &options(lang, Locale::Vi))).unwrap()
}

/// The `<svg class="bullet">` of one target.
fn chart<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<svg class=\"bullet\" data-id=\"{id}\""))
        .unwrap_or_else(|| panic!("no chart for {id}"));
    let end = page[start..].find("</svg>").unwrap() + start;
    &page[start..end]
}

#[test]
fn user_text_is_escaped_everywhere() {
    let page = html(&hostile(), Lang::En);
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>units"));
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(page.contains("<h1>Plan &lt;2022&gt; &amp; &quot;more&quot;</h1>"));
    assert!(page.contains("Sales &amp; &lt;Ops&gt;"));
    assert!(page.contains("&lt;b&gt;units&lt;/b&gt;"));
    // The source is shown as text, never as a link or a fetch.
    assert!(page.contains("https://evil.example/?a=&lt;img src=x&gt;&amp;b=&quot;y&quot;"));
    assert!(!page.contains("href"));
    // Attribute values (aria-label, data-id) stay inside their quotes.
    let evil = chart(&page, "evil");
    assert!(evil.contains("aria-label=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;:"));
}

#[test]
fn the_shipped_campaign_refers_to_nothing_outside_the_page() {
    for actuals in [None, Some("examples/bac-ninh-2022/illustrative.csv")] {
        let report = shipped(actuals, By::Target, None);
        let page = html(&report, Lang::Vi);
        // User text may mention an address; it is shown escaped, as
        // text. Everything else must not.
        let mut rest = page.clone();
        for row in &report.rows {
            rest = rest.replace(esc(&row.source).as_ref(), "");
            rest = rest.replace(esc(row.name.get(Lang::Vi, &row.id)).as_ref(), "");
        }
        for banned in [
            "http", "https", "src=", "<script", "@import", "url(", "href",
        ] {
            assert!(!rest.contains(banned), "{banned} in the page");
        }
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
        assert!(page.contains("<meta charset=\"utf-8\">"));
    }
}

#[test]
fn every_target_has_one_bullet_chart() {
    let report = shipped(None, By::Target, None);
    let page = html(&report, Lang::Vi);
    assert_eq!(page.matches("class=\"bullet\"").count(), report.rows.len());
    for row in &report.rows {
        let svg = chart(&page, &row.id);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-label=\""));
        assert!(svg.contains("<title>"));
    }
}

#[test]
fn a_between_target_has_its_band_and_both_bounds() {
    let page = html(&shipped(None, By::Target, None), Lang::Vi);
    let grdp = chart(&page, "grdp_growth");
    assert!(grdp.contains("class=\"band\""));
    assert_eq!(grdp.matches("class=\"tick\"").count(), 2);
    // 7.39 % against 5–6 % on a scale to 9 %: the band sits behind a
    // green bar and the amber zone is below the band.
    assert!(grdp.contains("class=\"bar green\""));
    assert!(grdp.contains("class=\"near-zone\""));
    let export = chart(&page, "export_import");
    assert!(!export.contains("class=\"band\""));
    assert!(export.contains("class=\"bar amber\""));
}

#[test]
fn a_pace_row_has_its_expected_marker() {
    let page = html(&hostile(), Lang::En);
    let flow = chart(&page, "flow");
    assert!(flow.contains("class=\"expected\""), "{flow}");
    assert!(flow.contains("Expected to date"));
    // A target judged on its final value has none.
    assert!(!chart(&page, "band").contains("class=\"expected\""));
    assert!(page.contains("<th class=\"num\" scope=\"col\">Expected to date</th>"));
    let ytd = shipped(
        Some("examples/bac-ninh-2022/ytd-2022-11.csv"),
        By::Target,
        None,
    );
    let page = html(&ytd, Lang::Vi);
    assert!(chart(&page, "budget_revenue").contains("class=\"expected\""));
    assert!(page.contains("vượt tiến độ"));
}

#[test]
fn a_target_without_data_keeps_an_empty_chart() {
    let page = html(&shipped(None, By::Target, None), Lang::Vi);
    let empty = chart(&page, "social_investment");
    assert!(empty.contains("class=\"no-data\""));
    assert!(empty.contains("chưa có số liệu"));
    assert!(!empty.contains("class=\"bar"));
    let page = html(&hostile(), Lang::En);
    assert!(chart(&page, "zero").contains(">no data</text>"));
}

#[test]
fn status_chips_carry_the_light_and_the_label() {
    let page = html(
        &shipped(
            Some("examples/bac-ninh-2022/illustrative.csv"),
            By::Target,
            None,
        ),
        Lang::Vi,
    );
    for (light, label) in [
        ("green", "vượt"),
        ("green", "đạt"),
        ("amber", "gần đạt"),
        ("red", "không đạt"),
        ("grey", "chưa có số liệu"),
    ] {
        assert!(
            page.contains(&format!("<span class=\"chip {light}\">{label}</span>")),
            "{label}"
        );
    }
    // The title block: the summary sentence and a chip per count.
    assert!(page.contains("Đạt và vượt 5/11 chỉ tiêu"));
    assert!(
        page.contains("<span class=\"chip red\" data-status=\"not_met\">không đạt<b>2</b></span>")
    );
    assert!(page.contains("Tính đến ngày 31/12/2022"));
    // Group headings with their scores, coloured by their light.
    assert!(page.contains("scope=\"rowgroup\">Kinh tế</th>"));
    // Three of its four targets have data: the score says so.
    assert!(page.contains(
        "<span class=\"score amber\"><small>Điểm</small>97,4 % <small>· 3/4 có số liệu</small></span>"
    ));
}

#[test]
fn numbers_and_words_follow_locale_and_language() {
    let report = shipped(None, By::Target, None);
    let en = String::from_utf8(render(&report, &options(Lang::En, Locale::En))).unwrap();
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(en.contains(">Export-import turnover<sup class=\"ref\">"));
    assert!(en.contains(">≥ 92,070<"));
    assert!(en.contains(">99.6%<"));
    assert!(en.contains("As of 2022-12-31"));
    let vi = html(&report, Lang::Vi);
    assert!(vi.contains(">Tổng kim ngạch xuất nhập khẩu<sup class=\"ref\">"));
    assert!(vi.contains(">≥ 92.070<"));
    assert!(vi.contains(">99,6 %<"));
}

#[test]
fn sources_notes_and_the_ledger_close_the_page() {
    let page = html(&shipped(None, By::Target, None), Lang::Vi);
    assert!(page.contains("<h2>Nguồn số liệu</h2>"));
    assert!(page.contains("<li>bacninh.gov.vn: ước 91,7 tỷ USD, đạt 99,6% kế hoạch</li>"));
    assert!(page.contains("<p class=\"ledger\">Đọc 4 dòng số liệu: sử dụng 4, bỏ qua 0</p>"));
    // A warning of the model is a note.
    let campaign = campaign::parse("hostile.toml", HOSTILE, Path::new(".")).unwrap();
    let input = Input::Memory {
        name: "scale.csv".into(),
        bytes: b"indicator,period,value\nflow,2022,999999\n,2022,1\n".to_vec(),
    };
    let report = build(&campaign, &[input], &Selection::default());
    assert!(!report.warnings.is_empty());
    let page = String::from_utf8(render(&report, &options(Lang::En, Locale::En))).unwrap();
    assert!(page.contains("<h2>Notes</h2>"));
    assert!(page.contains("more than 100 times larger"));
    assert!(page.contains("2 rows read: 1 used, 1 skipped (1 unknown_indicator)"));
}

#[test]
fn a_revised_target_is_marked_and_explained() {
    let page = html(&hostile(), Lang::En);
    assert!(page.contains("<td class=\"num plan\">4–5<sup>*</sup></td>"));
    assert!(page.contains(
        "<p class=\"revision\">* Growth: revised on 2022-03-01 from 5–6 (Decision &lt;7&gt;)</p>"
    ));
}

#[test]
fn the_page_prints_on_a4_with_its_colours() {
    let page = html(&shipped(None, By::Target, None), Lang::Vi);
    assert!(page.contains("@page { size: A4; margin: 15mm; }"));
    // Mid-year columns make the table wide: A4 turned.
    let page = html(&hostile(), Lang::En);
    assert!(page.contains("@page { size: A4 landscape; margin: 15mm; }"));
    assert!(page.contains("print-color-adjust: exact"));
    assert!(page.contains("break-inside: avoid"));
}

#[test]
fn the_output_is_deterministic() {
    let report = shipped(None, By::Target, None);
    let opts = options(Lang::Vi, Locale::Vi);
    assert_eq!(render(&report, &opts), render(&report, &opts));
}

#[test]
fn entity_rows_sit_under_their_target_and_unjudged_ones_have_no_chart() {
    let campaign = campaign::load(&repo_file("examples/retail-2024/targets.toml")).unwrap();
    let inputs: Vec<Input> = campaign.actuals.iter().cloned().map(Input::File).collect();
    let view = Selection {
        by: By::Entity,
        ..Selection::default()
    };
    let report = build(&campaign, &inputs, &view);
    let page = String::from_utf8(render(&report, &options(Lang::En, Locale::En))).unwrap();
    let judged = report.rows.iter().filter(|r| r.judged).count();
    assert!(judged < report.rows.len(), "the example has unjudged rows");
    assert_eq!(page.matches("class=\"bullet\"").count(), judged);
    assert!(page.contains(
        "<tr class=\"entity\" data-id=\"revenue\"><td class=\"name\">↳ Central region</td>"
    ));
    assert!(page.contains("data-id=\"revenue\" data-entity=\"central\""));
    let unjudged = report.rows.iter().find(|r| !r.judged).unwrap();
    let tr = format!(
        "<tr class=\"entity\" data-id=\"{}\"><td class=\"name\">↳ {}</td>",
        unjudged.id,
        unjudged.entity_name.as_deref().unwrap()
    );
    let start = page.find(&tr).unwrap();
    let row = &page[start..start + page[start..].find("</tr>").unwrap()];
    assert!(!row.contains("<svg"));
    assert!(!row.contains("chip"));
}

#[test]
fn by_group_shows_a_row_and_a_status_bar_per_group() {
    let report = shipped(
        Some("examples/bac-ninh-2022/illustrative.csv"),
        By::Group,
        None,
    );
    let page = html(&report, Lang::Vi);
    assert_eq!(
        page.matches("<tr class=\"group-summary\">").count(),
        report.summary.groups.len()
    );
    assert_eq!(
        page.matches("<svg class=\"stack\"").count(),
        report.summary.groups.len()
    );
    assert!(page.contains("<td class=\"name\">Kinh tế</td><td class=\"num\">4</td>"));
    assert!(!page.contains("class=\"bullet\""));
}

#[test]
fn by_period_shows_the_steps_and_a_sparkline_per_target() {
    let report = shipped(
        Some("examples/bac-ninh-2022/ytd-2022-11.csv"),
        By::Target,
        Some(Grain::Month),
    );
    assert_eq!(report.steps.len(), 11);
    let page = html(&report, Lang::Vi);
    assert_eq!(
        page.matches("<svg class=\"sparkline\"").count(),
        report.rows.len()
    );
    assert!(page.contains(">11/2022</th>"));
    assert!(page.contains("78.600<small>85,4 %</small>"));
    assert!(page.contains("class=\"target-line\""));
}

/// The retail example `--by entity`, rendered in English.
fn retail_by_entity() -> (Report, String) {
    let campaign = campaign::load(&repo_file("examples/retail-2024/targets.toml")).unwrap();
    let inputs: Vec<Input> = campaign.actuals.iter().cloned().map(Input::File).collect();
    let view = Selection {
        by: By::Entity,
        ..Selection::default()
    };
    let report = build(&campaign, &inputs, &view);
    let page = String::from_utf8(render(&report, &options(Lang::En, Locale::En))).unwrap();
    (report, page)
}

#[test]
fn entity_rows_fold_under_their_target_with_the_header_repeated() {
    let (report, page) = retail_by_entity();
    let targets = report.rows.iter().filter(|r| r.entity.is_none()).count();
    let blocks = page.matches("<tr class=\"entities\"").count();
    assert!(blocks > 0 && blocks <= targets);
    // A short page shows them open; each block repeats the table's header.
    assert_eq!(page.matches("<details open>").count(), blocks);
    assert_eq!(page.matches("<thead>").count(), blocks + 1);
    assert!(page.contains("<summary>Entity 3</summary>"));
    assert!(entity_rows_under(&page, "revenue").contains("↳ Central region"));
}

fn entity_rows_under<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<tr class=\"entities\" data-id=\"{id}\""))
        .unwrap();
    &page[start..start + page[start..].find("</details>").unwrap()]
}

#[test]
fn every_column_has_a_header_and_the_table_scrolls_in_its_container() {
    let page = html(&shipped(None, By::Target, None), Lang::Vi);
    assert!(page.contains("<th class=\"chart\" scope=\"col\">Thực hiện / Kế hoạch</th>"));
    assert!(!page.contains("scope=\"col\"></th>"));
    assert!(page.contains("<div class=\"table-wrap\">\n<table class=\"report-table\">"));
    // The group score spans to the row's end instead of widening a column.
    assert!(page.contains("<td class=\"group-score\" colspan=\""));
}

#[test]
fn a_narrow_screen_labels_each_figure_from_the_style_sheet() {
    let page = html(&shipped(None, By::Target, None), Lang::Vi);
    assert!(page.contains("@media screen and (max-width: 640px)"));
    assert!(page.contains("td:nth-child(3)::before { content: \"Kế hoạch\"; }"));
    assert!(!page.contains("data-label"));
    assert_eq!(
        css::cell_labels(&[("num", "a\"</style>\\".to_string())])
            .lines()
            .nth(1),
        Some(
            "  .report-table tr:not(.group) > td:nth-child(1)::before { content: \"a\\22 \\3c /style\\3e \\5c \"; }"
        )
    );
}

#[test]
fn print_keeps_a_group_header_with_its_rows_and_the_sources_with_the_page() {
    let page = html(&shipped(None, By::Target, None), Lang::Vi);
    assert!(page.contains("tr.group { break-after: avoid;"));
    assert!(page.contains(".notes h2 { font-size: 9pt; break-after: avoid;"));
    // A notes block that may not break is pushed whole onto a page of its own.
    assert!(!page.contains("avoid-page"));
}
