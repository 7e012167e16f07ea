//! The HTML page's layout as the binary writes it (issue 15, items 7–10):
//! entity rows folded under their target, every column headed, the narrow
//! screen's labels and the print rules. How it looks in a browser is
//! measured by `.ci/browser-check.sh` (Chromium at 390 and 1280 px, and
//! printed).

use super::*;

/// `targets` targets × `entities` entities, every entity with a figure.
fn by_entity(targets: usize, entities: usize) -> String {
    let mut toml = String::from("[campaign]\nperiod = \"2024\"\nlang = \"vi\"\n[entities]\n");
    for e in 0..entities {
        toml.push_str(&format!("e{e} = \"Đơn vị {e}\"\n"));
    }
    let mut csv = String::from("indicator,period,value,entity\n");
    for t in 0..targets {
        toml.push_str(&format!(
            "[[target]]\nid = \"t{t}\"\ngroup = \"G{}\"\nat_least = 1000000\naggregate = \"sum\"\n",
            t % 3
        ));
        for e in 0..entities {
            csv.push_str(&format!("t{t},2024,{},e{e}\n", 20000 + 100 * e));
        }
    }
    Run::new()
        .campaign(&toml)
        .actuals(csv)
        .args(["-f", "html", "--by", "entity", "-q"])
        .stdout()
}

#[test]
fn a_long_by_entity_page_folds_each_targets_entities_with_the_header_repeated() {
    let page = by_entity(20, 10);
    assert_eq!(page.matches("<tr class=\"entities\"").count(), 20);
    assert_eq!(page.matches("<details>").count(), 20, "closed when long");
    assert!(!page.contains("<details open>"));
    assert_eq!(page.matches("<summary>Đơn vị 10</summary>").count(), 20);
    // The main table's header and one per block.
    assert_eq!(page.matches("<thead>").count(), 21);
    assert_eq!(page.matches("<tr class=\"entity\"").count(), 200);
    assert!(!page.contains("<script"));
}

#[test]
fn a_short_by_entity_page_shows_its_entities_open() {
    let page = Run::new()
        .args([
            "-t",
            "examples/retail-2024/targets.toml",
            "-f",
            "html",
            "--by",
            "entity",
        ])
        .stdout();
    assert!(page.contains("<details open><summary>Entity 3</summary>"));
    assert!(!page.contains("<details>"));
}

#[test]
fn every_column_is_headed_and_a_phone_gets_labelled_stacked_rows() {
    for args in [
        vec!["-f", "html"],
        vec!["-f", "html", "examples/bac-ninh-2022/ytd-2022-11.csv"],
        vec!["-f", "html", "--by", "group"],
        vec!["-f", "html", "--by", "quarter"],
    ] {
        let page = Run::new().args(&args).stdout();
        assert!(!page.contains("scope=\"col\"></th>"), "{args:?}");
        assert!(page.contains("<div class=\"table-wrap\">"), "{args:?}");
        assert!(page.contains("@media screen and (max-width: 640px)"));
        assert!(
            page.contains("td:nth-child(2)::before { content: "),
            "{args:?}"
        );
    }
}

#[test]
fn print_keeps_group_headers_with_their_rows_and_lets_the_notes_break() {
    let page = Run::new().args(["-f", "html"]).stdout();
    let print = &page[page.find("@media print").unwrap()..];
    assert!(print.contains("tr.group { break-after: avoid;"));
    assert!(print.contains(".notes h2 { font-size: 9pt; break-after: avoid;"));
    assert!(!print.contains("avoid-page"));
}
