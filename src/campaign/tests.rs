//! The campaign reader by behaviour: what loads, with which defaults, and
//! what each mistake in a campaign file is told, where.

use super::*;

fn load_str(text: &str) -> Result<Campaign, Error> {
    parse("t.toml", text, Path::new("/base"))
}

fn messages(text: &str) -> Vec<String> {
    match load_str(text) {
        Ok(_) => panic!("expected an error"),
        Err(Error::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

const HEAD: &str = "[campaign]\nperiod = \"2022\"\n";

#[test]
fn a_minimal_campaign_loads_with_defaults() {
    let c = load_str(&format!(
        "{HEAD}actuals = \"a.csv\"\n[[target]]\nid = \"x\"\nunit = \"%\"\nat_least = 1.1\n"
    ))
    .unwrap();
    assert_eq!(c.name, "t");
    assert_eq!(c.near, Decimal::from(90));
    assert_eq!(c.actuals, vec![PathBuf::from("/base/a.csv")]);
    let t = &c.targets[0];
    assert_eq!(t.kind, Kind::AtLeast(Decimal::new(11, 1)));
    assert_eq!(t.phasing, Phasing::None);
    assert_eq!(t.weight, Decimal::ONE);
    assert_eq!(t.name.get(Lang::Vi, &t.id), "x");
}

#[test]
fn numbers_keep_their_exact_decimal_text() {
    let c = load_str(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_most = 0.1\nbaseline = 92_070\n"
    ))
    .unwrap();
    assert_eq!(c.targets[0].kind, Kind::AtMost(Decimal::new(1, 1)));
    assert_eq!(c.targets[0].baseline, Some(Decimal::from(92070)));
}

#[test]
fn a_sum_target_is_phased_linearly_by_default() {
    let c = load_str(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 5\naggregate = \"sum\"\n"
    ))
    .unwrap();
    assert_eq!(c.targets[0].phasing, Phasing::Linear);
}

#[test]
fn misspelt_keys_get_the_closest_valid_key() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_leest = 5\nagregate = \"sum\"\n"
    ));
    assert!(
        m.iter().any(|m| m.starts_with(
            "t.toml:5:1: target 'x': unknown key 'at_leest' in [[target]]; did you mean 'at_least'?"
        )),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|m| m.contains("'agregate'") && m.contains("did you mean 'aggregate'?")),
        "{m:?}"
    );
}

#[test]
fn duplicate_ids_point_at_both_places() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[target]]\nid = \"x\"\nat_least = 2\n"
    ));
    assert_eq!(m.len(), 1);
    assert!(
        m[0].starts_with("t.toml:6:1: duplicate target id 'x' (first defined at t.toml:3:1)"),
        "{m:?}"
    );
}

#[test]
fn kind_errors() {
    let none = messages(&format!("{HEAD}[[target]]\nid = \"x\"\n"));
    assert!(none[0].contains("has no kind"), "{none:?}");
    let two = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\nat_most = 2\n"
    ));
    assert!(
        two[0].starts_with(
            "t.toml:6:11: target 'x': the target has two kinds (at_least and at_most)"
        ),
        "{two:?}"
    );
    let bad_range = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nbetween = [6, 5]\n"));
    assert!(bad_range[0].contains("write [5, 6]"), "{bad_range:?}");
    let not_pair = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nbetween = [6]\n"));
    assert!(not_pair[0].contains("pair"), "{not_pair:?}");
}

#[test]
fn every_campaign_error_names_its_target_or_series() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"growth\"\nbetween = [6, 5]\n[[target]]\nid = \"poverty\"\nat_most = nan\n[[series]]\nid = \"rev\"\nunit = \"furlongs per\"\naggregate = \"summ\"\n[[target]]\nname = \"no id\"\nat_least = 1\n"
    ));
    assert_eq!(m.len(), 4, "{m:?}");
    assert!(
        m[0].contains(": target 'growth': between = [6, 5]"),
        "{m:?}"
    );
    assert!(m[1].contains(": target 'poverty': 'at_most'"), "{m:?}");
    assert!(m[2].contains(": series 'rev': aggregate = 'summ'"), "{m:?}");
    // Without an id, the place in the file: the third [[target]].
    assert!(
        m[3].contains(": [[target]] #3: a [[target]] has no id"),
        "{m:?}"
    );
}

#[test]
fn series_are_validated_with_the_rules_of_targets() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[series]]\nid = \"rev\"\naggregate = \"last\"\nacross = \"last\"\n[[series]]\nid = \"Bad Id\"\n"
    ));
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].contains("series 'rev': across = \"last\" has no meaning"),
        "{m:?}"
    );
    assert!(
        m[1].contains("[[series]] #2: series id 'Bad Id' may contain only lower-case letters"),
        "{m:?}"
    );
}

#[test]
fn a_series_defined_before_a_target_of_the_same_id_is_named_first() {
    let m = messages(&format!(
        "{HEAD}[[series]]\nid = \"x\"\n[[target]]\nid = \"x\"\nat_least = 1\n"
    ));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("t.toml:5:1: duplicate id 'x' (first defined at t.toml:3:1)"),
        "{m:?}"
    );
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[series]]\nid = \"x\"\n"
    ));
    assert!(
        m[0].starts_with("t.toml:6:1: duplicate id 'x' (first defined at t.toml:3:1)"),
        "{m:?}"
    );
}

#[test]
fn campaign_dates_outside_years_1000_to_9999_are_refused() {
    for (start, end) in [("0001-01-01", "0001-12-31"), ("0999-01-01", "2022-12-31")] {
        let m = messages(&format!(
            "[campaign]\nstart = {start}\nend = {end}\n[[target]]\nid = \"x\"\nat_least = 1\n"
        ));
        assert!(
            m.iter().any(|m| m.contains(&format!(
                "'start' = {start}: the year must lie in 1000–9999"
            ))),
            "{m:?}"
        );
    }
}

#[test]
fn non_finite_and_out_of_range_numbers_are_refused() {
    let m = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nat_least = inf\n"));
    assert!(m[0].contains("not a finite number"), "{m:?}");
    let m = messages(&format!("{HEAD}[[target]]\nid = \"x\"\nat_least = nan\n"));
    assert!(m[0].contains("not a finite number"), "{m:?}");
    let m = messages(&format!(
        "{HEAD}[status]\nnear = 120\n[[target]]\nid = \"x\"\nat_least = 1\n"
    ));
    assert!(m[0].contains("between 0 and 100"), "{m:?}");
}

#[test]
fn ids_must_be_lowercase_words() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"GRDP Growth\"\nat_least = 1\n"
    ));
    assert!(m[0].contains("'grdp_growth'"), "{m:?}");
}

#[test]
fn empty_campaign_and_missing_period_are_errors() {
    let m = messages(HEAD);
    assert!(m[0].contains("no targets"), "{m:?}");
    let m = messages("[campaign]\nname = \"x\"\n[[target]]\nid = \"x\"\nat_least = 1\n");
    assert!(m.iter().any(|m| m.contains("needs `period")), "{m:?}");
}

#[test]
fn revisions_are_read_sorted_and_checked() {
    let c = load_str(&format!(
        "{HEAD}[[target]]\nid = \"g\"\nunit = \"%\"\nbetween = [5, 6]\nrevised = [\n  {{ from = 2022-10-01, at_least = 9 }},\n  {{ from = 2022-07-09, between = [8, 10], source = \"NQ\" }},\n]\n"
    ))
    .unwrap();
    let t = &c.targets[0];
    assert_eq!(t.revisions.len(), 2);
    let date = |m, d| NaiveDate::from_ymd_opt(2022, m, d).unwrap();
    assert_eq!(
        t.in_force(date(7, 8)).0,
        Kind::Between(Decimal::from(5), Decimal::from(6))
    );
    assert!(t.in_force(date(7, 8)).1.is_none());
    assert_eq!(
        t.in_force(date(7, 9)).0,
        Kind::Between(Decimal::from(8), Decimal::from(10))
    );
    assert_eq!(t.in_force(date(12, 31)).0, Kind::AtLeast(Decimal::from(9)));
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"g\"\nat_least = 1\nrevised = [{{ from = 2023-01-01, at_least = 2 }}, {{ at_least = 3 }}, {{ from = 2022-02-01, at_leest = 3 }}]\n"
    ));
    assert!(
        m.iter().any(|m| m.contains("outside the campaign")),
        "{m:?}"
    );
    assert!(m.iter().any(|m| m.contains("needs `from = DATE`")), "{m:?}");
    assert!(
        m.iter().any(|m| m.contains("did you mean 'at_least'")),
        "{m:?}"
    );
}

#[test]
fn series_entities_and_formulas_are_read() {
    let c = load_str(&format!(
        "{HEAD}[entities]\ntu_son = \"Thị xã Từ Sơn\"\n[[series]]\nid = \"good_n\"\nunit = \"organisations\"\naggregate = \"sum\"\n[[series]]\nid = \"all_n\"\naggregate = \"sum\"\n[[target]]\nid = \"good\"\nunit = \"%\"\nat_least = 80\nformula = \"good_n / all_n * 100\"\n[[target]]\nid = \"households\"\nat_least = 100\naggregate = \"last\"\n[target.entities]\ntu_son = 40\nyen_phong = {{ at_most = 5 }}\n"
    ))
    .unwrap();
    // indicators: targets without a formula, then series
    let ids: Vec<&str> = c.indicators.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["households", "good_n", "all_n"]);
    assert_eq!(
        c.targets[0].formula.as_ref().unwrap().references(),
        ["good_n", "all_n"]
    );
    assert_eq!(
        c.targets[1].entity_targets,
        vec![
            ("tu_son".to_string(), Kind::AtLeast(Decimal::from(40))),
            ("yen_phong".to_string(), Kind::AtMost(Decimal::from(5)))
        ]
    );
    assert_eq!(c.entity_name("tu_son"), "Thị xã Từ Sơn");
    assert_eq!(c.entity_name("bac_ninh"), "bac_ninh");
}

#[test]
fn formulas_may_name_only_indicators() {
    let with = |f: &str| {
        messages(&format!(
            "{HEAD}[[series]]\nid = \"a\"\n[[target]]\nid = \"r\"\nat_least = 1\nformula = \"{f}\"\n[[target]]\nid = \"q\"\nat_least = 1\nformula = \"a * 2\"\n"
        ))
    };
    assert!(
        with("a / b")[0].contains("no target or [[series]] has the id 'b'"),
        "{:?}",
        with("a / b")
    );
    assert!(with("r + a")[0].contains("cannot refer to its own target"));
    assert!(with("q + a")[0].contains("'q' is itself a formula"));
    assert!(with("a + ")[0].contains("ends too early"));
    let dup = messages(&format!(
        "{HEAD}[[series]]\nid = \"x\"\n[[target]]\nid = \"x\"\nat_least = 1\n"
    ));
    assert!(dup[0].contains("duplicate id 'x'"), "{dup:?}");
}

#[test]
fn profiles_need_one_weight_per_month_or_quarter() {
    let ok = |p: &str| {
        load_str(&format!(
            "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"sum\"\nprofile = {p}\n"
        ))
    };
    assert_eq!(
        ok("[1, 1, 1, 1]").unwrap().targets[0]
            .profile
            .as_ref()
            .map(Vec::len),
        Some(4)
    );
    assert!(ok("[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4]").is_ok());
    for bad in ["[1, 1, 1]", "[0, 0, 0, 0]", "[1, -1, 1, 1]", "\"flat\""] {
        assert!(ok(bad).is_err(), "{bad}");
    }
    let six_months = "[campaign]\nstart = 2022-07-01\nend = 2022-12-31\n[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"sum\"\nprofile = [1, 1, 1, 1, 1, 5]\n";
    assert!(load_str(six_months).is_ok());
    let level = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"last\"\nprofile = [1, 1, 1, 1]\n"
    ));
    assert!(level[0].contains("needs a baseline"), "{level:?}");
}

#[test]
fn phasing_a_level_needs_a_baseline() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\naggregate = \"last\"\nphasing = \"linear\"\n"
    ));
    assert!(m[0].contains("needs a baseline"), "{m:?}");
}

#[test]
fn start_and_end_dates_make_the_span() {
    let c = load_str(
        "[campaign]\nstart = 2022-07-01\nend = 2023-06-30\n[[target]]\nid = \"x\"\nat_least = 1\n",
    )
    .unwrap();
    assert_eq!(c.span.days(), 365);
}

#[test]
fn toml_syntax_errors_carry_a_location() {
    let m = messages("[campaign\nperiod = 1");
    assert!(m[0].starts_with("t.toml:1:"), "{m:?}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Every error of an invalid campaign points at a line of the file.
    fn assert_located(result: Result<Campaign, Error>) -> Result<(), TestCaseError> {
        if let Err(e) = result {
            match e {
                Error::Invalid(diagnostics) => {
                    prop_assert!(!diagnostics.is_empty());
                    for d in diagnostics {
                        let loc = d.location.as_ref();
                        prop_assert!(
                            loc.is_some_and(|l| l.file == "t.toml" && l.line >= 1),
                            "{d:?}"
                        );
                    }
                }
                other => prop_assert!(false, "unexpected error kind: {other}"),
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn arbitrary_text_never_panics_and_errors_are_located(text in any::<String>()) {
            assert_located(load_str(&text))?;
        }

        /// Campaign-shaped text: real keys with odd values, so that the
        /// walk goes deep rather than stopping at a syntax error.
        #[test]
        fn campaign_shaped_text_never_panics(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("[campaign]".to_string()),
                    Just("[[target]]".to_string()),
                    Just("[status]".to_string()),
                    (
                        prop::sample::select(vec![
                            "id", "name", "group", "unit", "at_least", "at_most", "between",
                            "strict", "above", "aggregate", "across", "baseline", "weight",
                            "near", "phasing", "period", "start", "end", "locale", "lang",
                            "actuals", "source", "note", "revised", "profile", "bogus",
                        ]),
                        prop::sample::select(vec![
                            "\"x\"", "\"2022\"", "1", "-1", "0", "1.5e3", "inf", "nan",
                            "[1, 2]", "[2, 1]", "[1]", "[]", "true", "2022-01-01",
                            "{ vi = \"a\", en = \"b\" }", "{ fr = 1 }", "\"sum\"",
                            "\"last\"", "\"linear\"", "\"bad\"", "\"%\"",
                            "\"million USD\"", "99999999999999999999999999999999",
                        ]),
                    )
                        .prop_map(|(k, v)| format!("{k} = {v}")),
                ],
                0..25,
            )
        ) {
            assert_located(load_str(&lines.join("\n")))?;
        }
    }
}

#[test]
fn a_series_source_and_note_are_strings_as_a_target_s_are() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\nsource = 1\n[[series]]\nid = \"s\"\nsource = 2\nnote = \"kept\"\n"
    ));
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].contains("target 'x': 'source' must be a string"),
        "{m:?}"
    );
    assert!(
        m[1].contains("series 's': 'source' must be a string"),
        "{m:?}"
    );
    let c = load_str(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[series]]\nid = \"s\"\nsource = \"GSO\"\nnote = \"kept\"\n"
    ))
    .unwrap();
    assert_eq!(c.series[0].source.as_deref(), Some("GSO"));
    assert_eq!(c.series[0].note.as_deref(), Some("kept"));
}

#[test]
fn two_series_of_one_id_say_so_as_two_targets_do() {
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 1\n[[series]]\nid = \"s\"\n[[series]]\nid = \"s\"\n"
    ));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with(
            "t.toml:8:1: duplicate series id 's' (first defined at t.toml:6:1); ids must be unique"
        ),
        "{m:?}"
    );
}

#[test]
fn a_key_nobody_reads_is_unknown_in_every_table() {
    let m = messages(&format!(
        "colour = 1\n{HEAD}nmae = \"n\"\n[status]\nnaer = 80\n[[target]]\nid = \"x\"\nname = {{ en = \"X\", fr = \"X\" }}\nat_least = 1\nrevised = [{{ from = 2022-06-01, at_least = 2, sorce = \"a\" }}]\n[target.entities]\nhn = {{ at_most = 1, wieght = 2 }}\n[[series]]\nid = \"s\"\ngroup = \"g\"\n"
    ));
    let unknown: Vec<&String> = m.iter().filter(|m| m.contains("unknown key")).collect();
    assert_eq!(unknown.len(), 7, "{m:?}");
    for (text, what) in [
        (
            "'colour' in the campaign file",
            "valid keys are: campaign, status, target, series, entities",
        ),
        ("'nmae' in [campaign]", "did you mean 'name'?"),
        ("'naer' in [status]", "did you mean 'near'?"),
        ("'fr' in a name", "did you mean 'en'?"),
        ("'sorce' in a revision", "did you mean 'source'?"),
        (
            "'wieght' in an entity's target",
            "valid keys are: at_least, at_most, between",
        ),
        (
            "'group' in [[series]]",
            "valid keys are: id, name, unit, aggregate, across, source, note",
        ),
    ] {
        assert!(
            unknown.iter().any(|m| m.contains(text) && m.contains(what)),
            "{text}: {m:?}"
        );
    }
}

#[test]
fn milestones_are_read_in_date_order_and_checked() {
    let c = load_str(&format!(
        "{HEAD}[[target]]\nid = \"g\"\nunit = \"%\"\nat_least = 10\naggregate = \"last\"\nmilestones = [\n  {{ by = 2022-09-30, at_least = 9.5 }},\n  {{ by = 2022-06-30, at_least = 8.8 }},\n]\n"
    ))
    .unwrap();
    let dates: Vec<String> = c.targets[0]
        .milestones
        .iter()
        .map(|m| m.by.to_string())
        .collect();
    assert_eq!(dates, ["2022-06-30", "2022-09-30"]);
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"g\"\nunit = \"%\"\nat_least = 10\nmilestones = [{{ by = 2023-01-01, at_least = 2 }}, {{ at_least = 3 }}, {{ by = 2022-03-31, at_most = 3 }}, {{ by = 2022-06-30, at_least = 8 }}, {{ by = 2022-06-30, at_least = 9 }}]\n"
    ));
    for said in [
        "the milestone is due on 2023-01-01, outside the campaign",
        "a milestone needs `by = DATE`",
        "a milestone says at_most but the target is at_least",
        "two milestones are due on 2022-06-30; keep one",
    ] {
        assert!(m.iter().any(|m| m.contains(said)), "{said}: {m:?}");
    }
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"g\"\nunit = \"%\"\nat_least = 10\nmilestones = 8.8\n"
    ));
    assert!(
        m.iter().any(|m| m.contains("must be a list of tables")),
        "{m:?}"
    );
}

#[test]
fn a_change_target_is_read_unphased_and_refuses_phasing() {
    let c = load_str(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 9\naggregate = \"sum\"\nmeasure = \"growth\"\n"
    ))
    .unwrap();
    assert_eq!(c.targets[0].measure, Measure::Growth);
    // A flow measured as a change is not phased by default.
    assert_eq!(c.targets[0].phasing, Phasing::None);
    let level = load_str(&format!("{HEAD}[[target]]\nid = \"x\"\nat_least = 9\n")).unwrap();
    assert_eq!(level.targets[0].measure, Measure::Level);
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 9\naggregate = \"sum\"\nmeasure = \"decline\"\nphasing = \"linear\"\nprofile = [1, 1, 1, 1]\n"
    ));
    assert!(
        m.iter().any(|m| m.contains("remove `phasing`"))
            && m.iter().any(|m| m.contains("remove `profile`")),
        "{m:?}"
    );
    let m = messages(&format!(
        "{HEAD}[[target]]\nid = \"x\"\nat_least = 9\nmeasure = \"decreese\"\n"
    ));
    assert!(
        m.iter().any(|m| m.contains("did you mean 'decrease'")),
        "{m:?}"
    );
}

#[test]
fn the_campaign_can_say_how_its_actuals_are_separated_and_encoded() {
    let target = "[[target]]\nid = \"x\"\nat_least = 1\n";
    let c = load_str(&format!(
        "{HEAD}delimiter = \";\"\nencoding = \"windows-1258\"\n{target}"
    ))
    .unwrap();
    assert_eq!(c.delimiter, Some(b';'));
    assert_eq!(c.encoding, Some(encoding_rs::WINDOWS_1258));
    // as --delimiter and --encoding take them: a tab written three ways,
    // any WHATWG label, in any case
    for (tab, label, encoding) in [
        ("\\t", "cp1258", encoding_rs::WINDOWS_1258),
        ("\\\\t", "UTF-16LE", encoding_rs::UTF_16LE),
        ("tab", "utf-8", encoding_rs::UTF_8),
    ] {
        let c = load_str(&format!(
            "{HEAD}delimiter = \"{tab}\"\nencoding = \"{label}\"\n{target}"
        ))
        .unwrap();
        assert_eq!(c.delimiter, Some(b'\t'), "{tab}");
        assert_eq!(c.encoding, Some(encoding), "{label}");
    }
    let c = load_str(&format!("{HEAD}{target}")).unwrap();
    assert_eq!((c.delimiter, c.encoding), (None, None));
}

#[test]
fn an_unknown_delimiter_or_encoding_is_an_error_at_its_value() {
    let m = messages(&format!(
        "{HEAD}delimiter = \";;\"\nencoding = \"klingon\"\n[[target]]\nid = \"x\"\nat_least = 1\n"
    ));
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].starts_with("t.toml:3:13: delimiter = ';;' is not valid"),
        "{m:?}"
    );
    assert!(
        m[1].starts_with("t.toml:4:12: encoding = 'klingon' is not an encoding"),
        "{m:?}"
    );
    assert!(m[1].contains("windows-1258"), "{m:?}");
    let m = messages(&format!(
        "{HEAD}delimiter = 59\n[[target]]\nid = \"x\"\nat_least = 1\n"
    ));
    assert!(m[0].starts_with("t.toml:3:13:"), "{m:?}");
    assert!(m[0].contains("delimiter"), "{m:?}");
    let m = messages(&format!(
        "{HEAD}delimitter = \";\"\n[[target]]\nid = \"x\"\nat_least = 1\n"
    ));
    assert!(
        m[0].contains("delimiter"),
        "a misspelling is suggested: {m:?}"
    );
}
