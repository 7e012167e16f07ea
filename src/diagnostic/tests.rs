use std::cell::Cell;

use super::*;

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 7, 9).unwrap()
}

fn loc() -> Location {
    Location::new("targets.toml", 3, 1)
}

/// One of each variant [`Code::campaign_shape`] words: syntax, unknown keys, values of the wrong type.
fn campaign_shape() -> Vec<Code> {
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
        MilestonesNotAList,
        ProfileNotAList,
        EntityTargetNotAPair { entity: "x".into() },
        BetweenNotAPair,
        BetweenNotTwo { count: 2 },
    ]
}

/// One of each variant [`Code::campaign_values`] words: numbers, dates, periods, missing or clashing keys, ids used twice.
fn campaign_values() -> Vec<Code> {
    use Code::*;
    vec![
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
        MilestoneWithoutBy,
        MilestoneOutsideCampaign {
            by: date(),
            start: date(),
            end: date(),
        },
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
    ]
}

/// One of each variant [`Code::campaign_choices`] words: formulas, and values none of a key's choices.
fn campaign_choices() -> Vec<Code> {
    use Code::*;
    vec![
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
        DelimiterInvalid { value: "x".into() },
        EncodingInvalid { value: "x".into() },
        AboveInvalid { value: "x".into() },
        PhasingInvalid { value: "x".into() },
        MeasureInvalid {
            value: "x".into(),
            suggestion: None,
        },
        MeasureWithPhasing {
            measure: "growth",
            key: "phasing",
        },
        AggregateInvalid {
            key: "x".into(),
            value: "x".into(),
            suggestion: None,
        },
        AcrossLast,
        StrictOnBetween,
        AboveNotBetween,
        BelowInvalid { value: "x".into() },
        BelowNotBetween,
        BothSidesExceeded,
    ]
}

/// One of each variant [`Code::campaign_rules`] words: units, ids, ranges, profiles, revisions, kinds.
fn campaign_rules() -> Vec<Code> {
    use Code::*;
    vec![
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
        DuplicateMilestone { by: date() },
        MilestoneKindDiffers {
            milestone: "at_least",
            target: "at_most",
        },
        TwoKinds {
            kinds: Vec::new(),
            extra: "x",
        },
        NoKind,
        BetweenReversed {
            low: Decimal::ONE,
            high: Decimal::ONE,
        },
    ]
}

/// One of each variant [`Code::actuals_files`] words: files, encodings.
fn actuals_files() -> Vec<Code> {
    use Code::*;
    vec![
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
    ]
}

/// One of each variant [`Code::actuals_csv`] words: the shape of the CSV, its header.
fn actuals_csv() -> Vec<Code> {
    use Code::*;
    vec![
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
        NoSuchSheet {
            wanted: "x".into(),
            sheets: vec!["a".into(), "b".into()],
        },
        SheetNotActuals {
            sheet: "a".into(),
            sheets: vec!["a".into(), "b".into()],
            likely: Some("b".into()),
        },
        CellError {
            error: "#DIV/0!".into(),
        },
        UncalculatedFormula {
            formula: "SUM(C2:C9)".into(),
        },
        WideMixed {
            column: "value".into(),
            across: "period",
        },
        BadPeriodColumn {
            column: "Tháng 13".into(),
            reason: "x".into(),
        },
        SheetTwice {
            first: "a.xlsx#b".into(),
        },
        HeaderRowPastEnd { row: 9, last: 3 },
        WorkbookAsCsv { kind: "xlsx" },
    ]
}

/// One of each variant [`Code::actuals_rows`] words: values in the rows, combining them.
fn actuals_rows() -> Vec<Code> {
    use Code::*;
    vec![
        BadNumberCell { reason: "x".into() },
        BadPublished { text: "x".into() },
        BadRows { text: "x".into() },
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
    ]
}

/// One of each variant [`Code::check_advisories`] words: check's advisories.
fn check_advisories() -> Vec<Code> {
    use Code::*;
    vec![
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
        NoPrevious {
            id: "x".into(),
            measure: "growth",
            wanted: "2021".into(),
            entities: vec!["x".into()],
            more: 1,
            baseline_waits: false,
        },
        PreviousZero {
            id: "x".into(),
            measure: "growth",
        },
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

/// The samples of each family, in the order of [`FAMILIES`].
fn samples() -> [Vec<Code>; 8] {
    [
        campaign_shape(),
        campaign_values(),
        campaign_choices(),
        campaign_rules(),
        actuals_files(),
        actuals_csv(),
        actuals_rows(),
        check_advisories(),
    ]
}

fn every_code() -> Vec<Code> {
    samples().into_iter().flatten().collect()
}

/// The family that words a variant, as its place in [`FAMILIES`]. No
/// catch-all: a new variant fails to compile here until it is placed; then
/// sample it in that family's list and count it in [`VARIANTS`].
fn family_of(code: &Code) -> usize {
    use Code::*;
    match code {
        CampaignNotUtf8 | TomlSyntax { .. } | UnknownKey { .. } | NotATable { .. } => 0,
        NotAString { .. } | NotABoolean { .. } | NotDecimalRadix { .. } | NotANumber { .. } => 0,
        NotArrayOfTables { .. } | RevisedNotAList | ProfileNotAList | MilestonesNotAList => 0,
        EntityTargetNotAPair { .. } | BetweenNotAPair | BetweenNotTwo { .. } => 0,
        NotFinite { .. } | NotExact { .. } | NotADate { .. } | YearOutOfRange { .. } => 1,
        RevisionOutsideCampaign { .. } | BadPeriod { .. } | CampaignEndsBeforeStart { .. } => 1,
        PeriodAndDates | PhasingNoneWithProfile | NoCampaignTable | NoPeriod | NoId { .. } => 1,
        RevisionWithoutFrom | NoTargets | DuplicateTarget { .. } | DuplicateSeries { .. } => 1,
        MilestoneWithoutBy | MilestoneOutsideCampaign { .. } => 1,
        SeriesTargetShareId { .. } => 1,
        FormulaSyntax { .. } | FormulaSelfReference { .. } | FormulaOfFormula { .. } => 2,
        FormulaUnknownId { .. } | BadChoice { .. } | AboveInvalid { .. } => 2,
        DelimiterInvalid { .. } | EncodingInvalid { .. } => 2,
        PhasingInvalid { .. } | AggregateInvalid { .. } | AcrossLast | StrictOnBetween => 2,
        AboveNotBetween | MeasureInvalid { .. } | MeasureWithPhasing { .. } => 2,
        BelowInvalid { .. } | BelowNotBetween | BothSidesExceeded => 2,
        BadUnit { .. } | BadId { .. } | NegativeWeight { .. } | PercentOutOfRange { .. } => 3,
        ProfileWeights | ProfileDoesNotSplit { .. } | ProfileOnLevelWithoutBaseline => 3,
        LinearLevelWithoutBaseline | DuplicateRevision { .. } | TwoKinds { .. } | NoKind => 3,
        DuplicateMilestone { .. } | MilestoneKindDiffers { .. } => 3,
        BetweenReversed { .. } => 3,
        TooManyFiles { .. } | StdinTwice | ActualsNotFound { .. } | CannotOpen { .. } => 4,
        ReadingStopped { .. } | Utf8NotLegacy { .. } | Utf8NotUtf16 { .. } => 4,
        UnpairedSurrogate { .. } => 4,
        EmptyFile | NoRows | CsvUnreadable { .. } | CsvMalformed { .. } | LineTooLong { .. } => 5,
        QuotedValueTooLong { .. } | MultilineValue { .. } | FieldCount { .. } => 5,
        UnterminatedQuote | Utf16WithBom { .. } | Utf16WithoutBom | NotUtf8 { .. } => 5,
        DuplicateColumn { .. } | MissingColumn { .. } | BomInside => 5,
        NoSuchSheet { .. } | SheetNotActuals { .. } | CellError { .. } => 5,
        UncalculatedFormula { .. } | WideMixed { .. } | BadPeriodColumn { .. } => 5,
        SheetTwice { .. } | HeaderRowPastEnd { .. } | WorkbookAsCsv { .. } => 5,
        BadNumberCell { .. } | UnitMismatch { .. } | SumOverflow { .. } => 6,
        ConvertOverflow { .. } | AcrossOverflow { .. } | MissingAggregate { .. } => 6,
        MissingAcross { .. } | EntityCase { .. } | TotalAndEntities { .. } => 6,
        SourcesSummed { .. } | LastTie { .. } | BadPublished { .. } | BadRows { .. } => 6,
        Scale { .. } | FormulaWithoutValue { .. } | TargetWithoutRows { .. } => 7,
        EntityWithoutRows { .. } | StaleData { .. } | EntityTargetsSum { .. } => 7,
        GroupOfOne { .. } | StrictSkip { .. } | NoPrevious { .. } | PreviousZero { .. } => 7,
    }
}

/// How many variants `Code` has: raise it with each one added.
const VARIANTS: usize = 121;

/// Whether `wording` words `code` (and does not pass it on).
fn words(wording: Wording, code: &Code) -> bool {
    struct Probe<'a>(Wording, &'a Code, &'a Cell<bool>);
    impl fmt::Display for Probe<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.2.set((self.0)(self.1, f).is_some());
            Ok(())
        }
    }
    let worded = Cell::new(false);
    let _ = Probe(wording, code, &worded).to_string();
    worded.get()
}

#[test]
fn every_code_is_sampled_once_and_worded_by_its_family_alone() {
    let mut seen = std::collections::HashSet::new();
    for (family, codes) in samples().iter().enumerate() {
        for code in codes {
            let new = seen.insert(std::mem::discriminant(code));
            assert!(new, "{code:?} is sampled twice");
            assert_eq!(
                family_of(code),
                family,
                "{code:?} is sampled in the wrong family"
            );
            for (other, wording) in FAMILIES.iter().enumerate() {
                let expected = other == family;
                assert_eq!(
                    words(*wording, code),
                    expected,
                    "{code:?} in family {other}"
                );
            }
        }
    }
    assert_eq!(seen.len(), VARIANTS, "a variant is not sampled");
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

#[test]
fn every_code_is_worded_in_vietnamese_too() {
    for code in every_code() {
        assert!(code.has_vietnamese(), "{code:?} has no Vietnamese");
        let vi = code.worded(Lang::Vi).to_string();
        assert!(!vi.is_empty() && !vi.contains("{}"), "{vi}");
        // The same code in both languages: what scripts and people search for.
        assert_eq!(
            crate::error::Diagnostic::error(None, code.clone()).code,
            code.name()
        );
    }
}
