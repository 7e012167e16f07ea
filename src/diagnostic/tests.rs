use super::*;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 7, 9).unwrap()
}

fn loc() -> Location {
    Location::new("targets.toml", 3, 1)
}

/// One of every variant; [`ordinal`] fails to compile when a variant
/// is added and not listed, and the test below when it is not here.
fn every_code() -> Vec<Code> {
    use Code::*;
    vec![
        CampaignNotUtf8,
        TomlSyntax { reason: "x".into() },
        UnknownKey {
            key: "x".into(),
            table: "x",
            suggestion: None,
            valid: Vec::new(),
        },
        NotATable {
            what: "x".into(),
            found: "x",
        },
        NotAString {
            key: "x".into(),
            found: "x",
        },
        NotABoolean {
            key: "x".into(),
            found: "x",
        },
        NotDecimalRadix { key: "x".into() },
        NotANumber {
            key: "x".into(),
            found: "x",
        },
        NotArrayOfTables {
            plural: "x",
            table: "x",
        },
        RevisedNotAList,
        ProfileNotAList,
        EntityTargetNotAPair { entity: "x".into() },
        BetweenNotAPair,
        BetweenNotTwo { count: 2 },
        NotFinite {
            key: "x".into(),
            raw: "x".into(),
        },
        NotExact {
            key: "x".into(),
            raw: "x".into(),
        },
        NotADate { key: "x".into() },
        YearOutOfRange {
            key: "x".into(),
            date: date(),
        },
        RevisionOutsideCampaign {
            from: date(),
            start: date(),
            end: date(),
        },
        BadPeriod { reason: "x".into() },
        CampaignEndsBeforeStart {
            start: date(),
            end: date(),
        },
        PeriodAndDates,
        PhasingNoneWithProfile,
        NoCampaignTable,
        NoPeriod,
        NoId { what: "x".into() },
        RevisionWithoutFrom,
        NoTargets,
        DuplicateTarget {
            id: "x".into(),
            first: loc(),
        },
        DuplicateSeries {
            id: "x".into(),
            first: loc(),
        },
        SeriesTargetShareId {
            id: "x".into(),
            first: loc(),
        },
        FormulaSyntax {
            text: "x".into(),
            reason: "x".into(),
        },
        FormulaSelfReference {
            target: "x".into(),
            text: "x".into(),
        },
        FormulaOfFormula {
            target: "x".into(),
            text: "x".into(),
            id: "x".into(),
        },
        FormulaUnknownId {
            target: "x".into(),
            text: "x".into(),
            id: "x".into(),
            suggestion: None,
        },
        BadChoice { reason: "x".into() },
        AboveInvalid { value: "x".into() },
        PhasingInvalid { value: "x".into() },
        AggregateInvalid {
            key: "x".into(),
            value: "x".into(),
            suggestion: None,
        },
        AcrossLast,
        StrictOnBetween,
        AboveNotBetween,
        BadUnit { reason: "x".into() },
        BadId {
            what: "x".into(),
            id: "x".into(),
            suggested: "x".into(),
        },
        NegativeWeight {
            weight: Decimal::ONE,
        },
        PercentOutOfRange {
            key: "x".into(),
            value: Decimal::ONE,
        },
        ProfileWeights,
        ProfileDoesNotSplit {
            count: 2,
            start: date(),
            end: date(),
        },
        ProfileOnLevelWithoutBaseline,
        LinearLevelWithoutBaseline,
        DuplicateRevision { from: date() },
        TwoKinds {
            kinds: Vec::new(),
            extra: "x",
        },
        NoKind,
        BetweenReversed {
            low: Decimal::ONE,
            high: Decimal::ONE,
        },
        TooManyFiles { count: 2, max: 2 },
        StdinTwice,
        ActualsNotFound { path: "x".into() },
        CannotOpen {
            path: "x".into(),
            reason: "x".into(),
        },
        ReadingStopped { line: 2 },
        Utf8NotLegacy {
            word: "x".into(),
            encoding: "x".into(),
        },
        Utf8NotUtf16 {
            encoding: "x".into(),
        },
        UnpairedSurrogate {
            unit: 0xD800,
            encoding: "x".into(),
        },
        EmptyFile,
        NoRows,
        CsvUnreadable { reason: "x".into() },
        CsvMalformed { reason: "x".into() },
        LineTooLong { mib: 2 },
        QuotedValueTooLong { mib: 2 },
        MultilineValue {
            closes: 2,
            spanned: 2,
        },
        FieldCount {
            fields: 2,
            width: 2,
        },
        UnterminatedQuote,
        Utf16WithBom { label: "x" },
        Utf16WithoutBom,
        NotUtf8 {
            shown: "x".into(),
            label: "x",
            description: "x",
        },
        DuplicateColumn {
            column: "x".into(),
            first: 2,
            second: 2,
        },
        MissingColumn {
            missing: Vec::new(),
            found: HeaderSeen::Blank,
            renames: Vec::new(),
            delimiter: None,
        },
        BomInside,
        BadNumberCell { reason: "x".into() },
        UnitMismatch {
            unit: "x".into(),
            id: "x".into(),
            target_unit: "x".into(),
            reason: "x".into(),
        },
        SumOverflow { id: "x".into() },
        ConvertOverflow { value: "x".into() },
        AcrossOverflow { id: "x".into() },
        MissingAggregate {
            id: "x".into(),
            rows: 2,
            first: "x".into(),
        },
        MissingAcross {
            id: "x".into(),
            entities: Vec::new(),
            more: false,
            aggregate: "x",
        },
        EntityCase {
            id: "x".into(),
            first: "x".into(),
            second: "x".into(),
        },
        TotalAndEntities {
            id: "x".into(),
            entities: 2,
        },
        SourcesSummed {
            id: "x".into(),
            span: "x".into(),
            entity: "x".into(),
            sources: Vec::new(),
        },
        LastTie {
            id: "x".into(),
            entity: "x".into(),
            end: date(),
            first_value: Decimal::ONE,
            first_at: Box::new(loc()),
            later_value: Decimal::ONE,
            later_at: Box::new(loc()),
        },
        Scale {
            id: "x".into(),
            actual: Decimal::ONE,
            too_big: false,
            signed: false,
            to_date: false,
            bound: Decimal::ONE,
        },
        FormulaWithoutValue {
            id: "x".into(),
            reason: "x".into(),
        },
        TargetWithoutRows { id: "x".into() },
        EntityWithoutRows {
            id: "x".into(),
            entity: "x".into(),
        },
        StaleData {
            id: "x".into(),
            end: date(),
            as_of: date(),
        },
        EntityTargetsSum {
            id: "x".into(),
            parts: Decimal::ONE,
            total: Decimal::ONE,
        },
        GroupOfOne {
            group: "x".into(),
            id: "x".into(),
        },
        StrictSkip {
            skip: "x",
            explanation: "x",
            more: 2,
        },
    ]
}

fn ordinal(code: &Code) -> usize {
    use Code::*;
    match code {
        CampaignNotUtf8 => 0,
        TomlSyntax { .. } => 1,
        UnknownKey { .. } => 2,
        NotATable { .. } => 3,
        NotAString { .. } => 4,
        NotABoolean { .. } => 5,
        NotDecimalRadix { .. } => 6,
        NotANumber { .. } => 7,
        NotArrayOfTables { .. } => 8,
        RevisedNotAList => 9,
        ProfileNotAList => 10,
        EntityTargetNotAPair { .. } => 11,
        BetweenNotAPair => 12,
        BetweenNotTwo { .. } => 13,
        NotFinite { .. } => 14,
        NotExact { .. } => 15,
        NotADate { .. } => 16,
        YearOutOfRange { .. } => 17,
        RevisionOutsideCampaign { .. } => 18,
        BadPeriod { .. } => 19,
        CampaignEndsBeforeStart { .. } => 20,
        PeriodAndDates => 21,
        PhasingNoneWithProfile => 22,
        NoCampaignTable => 23,
        NoPeriod => 24,
        NoId { .. } => 25,
        RevisionWithoutFrom => 26,
        NoTargets => 27,
        DuplicateTarget { .. } => 28,
        DuplicateSeries { .. } => 29,
        SeriesTargetShareId { .. } => 30,
        FormulaSyntax { .. } => 31,
        FormulaSelfReference { .. } => 32,
        FormulaOfFormula { .. } => 33,
        FormulaUnknownId { .. } => 34,
        BadChoice { .. } => 35,
        AboveInvalid { .. } => 36,
        PhasingInvalid { .. } => 37,
        AggregateInvalid { .. } => 38,
        AcrossLast => 39,
        StrictOnBetween => 40,
        AboveNotBetween => 41,
        BadUnit { .. } => 42,
        BadId { .. } => 43,
        NegativeWeight { .. } => 44,
        PercentOutOfRange { .. } => 45,
        ProfileWeights => 46,
        ProfileDoesNotSplit { .. } => 47,
        ProfileOnLevelWithoutBaseline => 48,
        LinearLevelWithoutBaseline => 49,
        DuplicateRevision { .. } => 50,
        TwoKinds { .. } => 51,
        NoKind => 52,
        BetweenReversed { .. } => 53,
        TooManyFiles { .. } => 54,
        StdinTwice => 55,
        ActualsNotFound { .. } => 56,
        CannotOpen { .. } => 57,
        ReadingStopped { .. } => 58,
        Utf8NotLegacy { .. } => 59,
        Utf8NotUtf16 { .. } => 60,
        UnpairedSurrogate { .. } => 61,
        EmptyFile => 62,
        NoRows => 63,
        CsvUnreadable { .. } => 64,
        CsvMalformed { .. } => 65,
        LineTooLong { .. } => 66,
        QuotedValueTooLong { .. } => 67,
        MultilineValue { .. } => 68,
        FieldCount { .. } => 69,
        UnterminatedQuote => 70,
        Utf16WithBom { .. } => 71,
        Utf16WithoutBom => 72,
        NotUtf8 { .. } => 73,
        DuplicateColumn { .. } => 74,
        MissingColumn { .. } => 75,
        BomInside => 76,
        BadNumberCell { .. } => 77,
        UnitMismatch { .. } => 78,
        SumOverflow { .. } => 79,
        ConvertOverflow { .. } => 80,
        AcrossOverflow { .. } => 81,
        MissingAggregate { .. } => 82,
        MissingAcross { .. } => 83,
        EntityCase { .. } => 84,
        TotalAndEntities { .. } => 85,
        SourcesSummed { .. } => 86,
        LastTie { .. } => 87,
        Scale { .. } => 88,
        FormulaWithoutValue { .. } => 89,
        TargetWithoutRows { .. } => 90,
        EntityWithoutRows { .. } => 91,
        StaleData { .. } => 92,
        EntityTargetsSum { .. } => 93,
        GroupOfOne { .. } => 94,
        StrictSkip { .. } => 95,
    }
}

#[test]
fn every_code_is_sampled_once() {
    let ordinals: Vec<usize> = every_code().iter().map(ordinal).collect();
    assert_eq!(ordinals, (0..96).collect::<Vec<_>>());
}

#[test]
fn names_are_listed_once_each_and_snake_case() {
    let mut seen = std::collections::HashSet::new();
    for name in Code::NAMES {
        assert!(seen.insert(name), "{name} is listed twice");
        let snake = !name.is_empty()
            && !name.starts_with('_')
            && !name.ends_with('_')
            && !name.contains("__")
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        assert!(snake, "{name} is not snake_case");
    }
    let used: std::collections::HashSet<&str> = every_code().iter().map(Code::name).collect();
    let listed: std::collections::HashSet<&str> = Code::NAMES.iter().copied().collect();
    assert_eq!(used, listed, "Code::NAMES and Code::name disagree");
}

#[test]
fn every_message_is_a_sentence_without_stray_braces() {
    for code in every_code() {
        let message = code.to_string();
        assert!(!message.is_empty(), "{code:?}");
        assert!(!message.contains("{}"), "{message}");
    }
}

#[test]
fn a_name_covers_several_messages() {
    let table = Code::NotATable {
        what: "[target.entities]".into(),
        found: "integer",
    };
    let between = Code::BetweenNotTwo { count: 3 };
    assert_eq!(table.name(), "wrong_type");
    assert_eq!(between.name(), "wrong_type");
    assert_eq!(
        table.to_string(),
        "[target.entities] must be a table, not integer"
    );
    assert_eq!(
        between.to_string(),
        "'between' must be a pair [L, H] of two numbers, not 3 values"
    );
}

#[test]
fn an_unknown_key_suggests_the_closest_or_lists_them_all() {
    let key = |suggestion| Code::UnknownKey {
        key: "at_lest".into(),
        table: "a target",
        suggestion,
        valid: vec!["id", "at_least"],
    };
    assert_eq!(
        key(Some("at_least")).to_string(),
        "unknown key 'at_lest' in a target; did you mean 'at_least'?"
    );
    assert_eq!(
        key(None).to_string(),
        "unknown key 'at_lest' in a target; valid keys are: id, at_least"
    );
}

#[test]
fn a_missing_column_says_what_the_header_held_and_what_to_do() {
    let code = Code::MissingColumn {
        missing: vec!["indicator", "value"],
        found: HeaderSeen::Columns {
            shown: vec!["chi_tieu".into(), "gia_tri".into()],
            more: 2,
        },
        renames: vec![("values".into(), "value")],
        delimiter: None,
    };
    assert_eq!(
        code.to_string(),
        "the header has no 'indicator' or 'value' column (found: chi_tieu, gia_tri, … and 2 more); rename 'values' to 'value'; the required columns are indicator (or id) and value"
    );
    let one = HeaderSeen::NotColumns { fields: 1 };
    assert_eq!(
        one.to_string(),
        "its first line is one field, not a column attain reads: is this a CSV of actuals?"
    );
}

#[test]
fn counts_agree_with_their_nouns() {
    let one = Code::MultilineValue {
        closes: 8,
        spanned: 1,
    };
    let two = Code::MultilineValue {
        closes: 9,
        spanned: 2,
    };
    assert!(
        one.to_string()
            .contains("closes on line 8, so the next line is part")
    );
    assert!(
        two.to_string()
            .contains("closes on line 9, so the next 2 lines are part")
    );
    assert_eq!(MoreRows(0).to_string(), "");
    assert_eq!(MoreRows(3).to_string(), " (and 3 more rows of that period)");
}

#[test]
fn usage_errors_suggest_and_list() {
    let group = |suggestion: Option<&str>, groups: &[&str]| Usage::NoSuchGroup {
        wanted: "kinh te".into(),
        suggestion: suggestion.map(str::to_string),
        groups: groups.iter().map(|g| g.to_string()).collect(),
    };
    assert_eq!(
        group(Some("Kinh te"), &["Kinh te", "Xa hoi"]).to_string(),
        "--group: the campaign has no group 'kinh te'; did you mean 'Kinh te'? its groups are: Kinh te, Xa hoi"
    );
    assert_eq!(
        group(None, &[]).to_string(),
        "--group: the campaign has no group 'kinh te'; its groups are: (none)"
    );
    let no_extension = Usage::UnknownOutputExtension {
        name: "out".into(),
        extension: None,
        choices: ".csv, .tsv or .xlsx",
    };
    assert_eq!(
        no_extension.to_string(),
        "-o out: the name has no extension to tell the format by; name the file .csv, .tsv or .xlsx, or give -f"
    );
}
