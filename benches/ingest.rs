//! `cargo bench`: the ingest hot path as numbers, so that a slowdown shows.
//!
//! Four layers, smallest first: the number parser on typical cells, the
//! period parser on each accepted form, the whole ingest of one million
//! generated rows through each read path (fast path on one thread and on
//! all, the streaming csv reader, bytes in memory), and two key axes that
//! double the distinct entities and the targets, so that a cost that grows
//! faster than the keys shows as a step that more than doubles. Each case checks once,
//! outside the timed part, that it gives a real answer, so a benchmark can
//! never quietly time an error path. Everything it reads is made here: it
//! does not depend on files outside the crate.

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use attain::campaign::Campaign;
use attain::ingest::{FAST_MIN_BYTES, Ingest, Input, ReadOptions, read};
use attain::number::Locale;
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};

fn main() {
    let outcome = std::panic::catch_unwind(divan::main);
    // Statics are never dropped, so the generated file would outlive the
    // run (45 MB in the temp directory each time): delete it here, also
    // after a failed check.
    if let Some(generated) = GENERATED.get() {
        let _ = std::fs::remove_file(generated.file.path());
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

mod number {
    use super::{Bencher, Locale};

    /// Cells as an English-style export writes them.
    const EN: &[&str] = &["46.4", "92.59", "-1.125", "1,234,567.89"];
    /// Cells as a Vietnamese-style export writes them (`30.567` is 30567).
    const VI: &[&str] = &["30.567", "6,9"];

    fn parse(bencher: Bencher, text: &str, locale: Locale, percent_ok: bool) {
        attain::number::parse(text, locale, percent_ok)
            .unwrap_or_else(|e| panic!("'{text}' should parse in {locale}: {e}"));
        bencher.bench(|| {
            attain::number::parse(divan::black_box(text), divan::black_box(locale), percent_ok)
        });
    }

    fn read_plain(bencher: Bencher, cell: &str, locale: Locale) {
        assert!(
            attain::number::read_plain(cell.as_bytes(), locale).is_some(),
            "'{cell}' should be a plain cell in {locale}"
        );
        bencher.bench(|| {
            attain::number::read_plain(divan::black_box(cell.as_bytes()), divan::black_box(locale))
        });
    }

    #[divan::bench(args = EN)]
    fn parse_en(bencher: Bencher, text: &str) {
        parse(bencher, text, Locale::En, false);
    }

    #[divan::bench(args = VI)]
    fn parse_vi(bencher: Bencher, text: &str) {
        parse(bencher, text, Locale::Vi, false);
    }

    /// A percentage cell with its sign, as a `%` unit allows.
    #[divan::bench(args = ["6,9 %"])]
    fn parse_vi_percent(bencher: Bencher, text: &str) {
        parse(bencher, text, Locale::Vi, true);
    }

    #[divan::bench(args = EN)]
    fn read_plain_en(bencher: Bencher, cell: &str) {
        read_plain(bencher, cell, Locale::En);
    }

    #[divan::bench(args = VI)]
    fn read_plain_vi(bencher: Bencher, cell: &str) {
        read_plain(bencher, cell, Locale::Vi);
    }
}

mod period {
    use super::Bencher;
    use attain::period::Span;

    #[divan::bench(args = ["2022-07", "2022", "2022-Q3", "2022-01..2022-06"])]
    fn parse(bencher: Bencher, text: &str) {
        Span::parse(text).unwrap_or_else(|e| panic!("'{text}' should be a period: {e}"));
        bencher.bench(|| Span::parse(divan::black_box(text)));
    }
}

/// Rows in the generated actuals.
const ROWS: usize = 1_000_000;

/// `bench/campaign.toml`, inlined so that `cargo bench` needs no file.
const CAMPAIGN: &str = r#"
[campaign]
name = "Benchmark: Bac Ninh 2022 (generated rows)"
period = "2022"
locale = "en"

[[target]]
id = "export_import"
unit = "million USD"
at_least = 92070
aggregate = "sum"

[[target]]
id = "social_investment"
unit = "trillion VND"
at_least = 70
aggregate = "sum"

[[target]]
id = "budget_revenue"
unit = "billion VND"
at_least = 30567
aggregate = "sum"

[[target]]
id = "grdp_growth"
unit = "%"
between = [5, 6]
aggregate = "mean"
across = "mean"

[[target]]
id = "urbanization_rate"
unit = "%"
at_least = 43
aggregate = "mean"
across = "mean"

[[target]]
id = "trained_labour_rate"
unit = "%"
at_least = 77
aggregate = "mean"
across = "mean"

[[target]]
id = "poverty_rate"
unit = "%"
at_most = 1.1
aggregate = "mean"
across = "mean"
"#;

/// Indicator, unit, lowest and highest value, decimals: as in
/// `bench/gen_actuals.py`.
const INDICATORS: [(&str, &str, f64, f64, usize); 7] = [
    ("export_import", "million USD", 0.01, 50.0, 2),
    ("social_investment", "billion VND", 0.1, 900.0, 1),
    ("budget_revenue", "billion VND", 0.01, 300.0, 2),
    ("grdp_growth", "%", -3.0, 12.0, 1),
    ("urbanization_rate", "%", 30.0, 60.0, 1),
    ("trained_labour_rate", "%", 60.0, 90.0, 1),
    ("poverty_rate", "%", 0.3, 3.0, 2),
];

const ENTITIES: [&str; 8] = [
    "bac_ninh_city",
    "tu_son",
    "tien_du",
    "yen_phong",
    "que_vo",
    "thuan_thanh",
    "gia_binh",
    "luong_tai",
];

/// A 64-bit linear congruential generator (Knuth's MMIX constants): the
/// same rows on every run and every machine, without a dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // The low bits of an LCG repeat quickly; the high ones do not.
        self.0 >> 32
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 32) as f64
    }
}

/// The long layout of `gen_actuals.py`: one value a row, months of 2022.
fn generate(rows: usize) -> Vec<u8> {
    let mut rng = Lcg(2022);
    let mut csv = Vec::with_capacity(rows * 56);
    csv.extend_from_slice(b"indicator,period,entity,value,unit\n");
    for _ in 0..rows {
        let (indicator, unit, low, high, decimals) = INDICATORS[rng.below(INDICATORS.len())];
        let month = rng.below(12) + 1;
        let entity = ENTITIES[rng.below(ENTITIES.len())];
        let value = low + (high - low) * rng.unit();
        writeln!(
            csv,
            "{indicator},2022-{month:02},{entity},{value:.decimals$},{unit}"
        )
        .expect("writing to a Vec cannot fail");
    }
    csv
}

/// The generated actuals, made once for all ingest benchmarks: the bytes
/// and the same bytes in a file, which lives as long as the process.
struct Generated {
    bytes: Vec<u8>,
    file: tempfile::NamedTempFile,
}

static GENERATED: OnceLock<Generated> = OnceLock::new();

fn generated() -> &'static Generated {
    GENERATED.get_or_init(|| {
        let bytes = generate(ROWS);
        let mut file = tempfile::Builder::new()
            .prefix("attain-bench-")
            .suffix(".csv")
            .tempfile()
            .expect("a temporary file for the generated actuals");
        file.write_all(&bytes)
            .and_then(|()| file.flush())
            .expect("writing the generated actuals");
        Generated { bytes, file }
    })
}

fn load_campaign() -> Campaign {
    attain::campaign::parse("campaign.toml", CAMPAIGN, Path::new("."))
        .unwrap_or_else(|e| panic!("the benchmark campaign should load: {e}"))
}

fn options(jobs: usize, fast_min_bytes: u64) -> ReadOptions {
    ReadOptions {
        jobs,
        fast_min_bytes,
        ..ReadOptions::new(Locale::En)
    }
}

/// Panics unless the ingest used every row and gave every target a figure.
fn check(ingest: &Ingest) {
    assert!(
        !ingest.has_errors(),
        "ingest failed: {:?}",
        ingest.diagnostics
    );
    assert_eq!(ingest.ledger.used, ROWS as u64, "every row should be used");
    for figure in &ingest.figures {
        assert!(figure.actual.is_some(), "a target without an actual");
    }
}

/// Checks one untimed run, then times ingest of the generated file.
fn ingest_file(bencher: Bencher, jobs: usize, fast_min_bytes: u64) {
    let generated = generated();
    let campaign = load_campaign();
    let inputs = [Input::File(generated.file.path().to_path_buf())];
    let options = options(jobs, fast_min_bytes);
    check(&read(&campaign, &inputs, &options));
    bencher
        .counter(BytesCount::of_slice(&generated.bytes))
        .counter(ItemsCount::new(ROWS))
        .bench(|| read(&campaign, &inputs, &options));
}

fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

// One ingest takes a good part of a second: a few samples of one run each
// keep `cargo bench` short and still show a regression.

#[divan::bench(sample_count = 5, sample_size = 1)]
fn ingest_fast_1_thread(bencher: Bencher) {
    ingest_file(bencher, 1, FAST_MIN_BYTES);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn ingest_fast_all_threads(bencher: Bencher) {
    ingest_file(bencher, all_cores(), FAST_MIN_BYTES);
}

/// The csv reader the fast path falls back to (small files, a stream's
/// rest after a record over lines, a lone carriage return).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn ingest_csv_reader(bencher: Bencher) {
    ingest_file(bencher, 1, u64::MAX);
}

/// Bytes in memory, like standard input: a stream through the fast line
/// parser on one thread.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn ingest_stream(bencher: Bencher) {
    let generated = generated();
    let campaign = load_campaign();
    let options = options(1, FAST_MIN_BYTES);
    let memory = || {
        [Input::Memory {
            name: "generated.csv".into(),
            bytes: generated.bytes.clone(),
        }]
    };
    check(&read(&campaign, &memory(), &options));
    bencher
        .counter(BytesCount::of_slice(&generated.bytes))
        .counter(ItemsCount::new(ROWS))
        .with_inputs(memory)
        .bench_local_refs(|inputs| read(&campaign, inputs, &options));
}

/// A yardstick, not attain: the straightforward loop over the same bytes in
/// memory on one thread — lines and the value's field found with `memchr`,
/// the line without its value looked up in a hash map, the value read into
/// hundredths and added. No exact decimals, units, window, ledger or
/// messages. `ingest_fast_1_thread` beside it says how far attain's path is
/// from what a plain program costs (docs/performance.md, "The floor").
#[divan::bench(sample_count = 5, sample_size = 1)]
fn yardstick_straightforward_loop(bencher: Bencher) {
    let bytes = &generated().bytes;
    let run = || {
        let mut sums: rustc_hash::FxHashMap<Vec<u8>, (i64, u64)> = Default::default();
        let mut key = Vec::with_capacity(128);
        let body = bytes.iter().position(|&b| b == b'\n').map_or(0, |n| n + 1);
        let mut start = body;
        for end in memchr::memchr_iter(b'\n', &bytes[body..]).map(|e| e + body) {
            let line = &bytes[start..end];
            start = end + 1;
            let mut commas = memchr::memchr_iter(b',', line).skip(2);
            let (Some(from), Some(to)) = (commas.next(), commas.next()) else {
                continue;
            };
            let (mut hundredths, mut decimals, mut dot, mut sign) = (0i64, 0u32, false, 1);
            for &b in &line[from + 1..to] {
                match b {
                    b'.' => dot = true,
                    b'-' => sign = -1,
                    _ => {
                        hundredths = hundredths * 10 + i64::from(b - b'0');
                        decimals += u32::from(dot);
                    }
                }
            }
            let value = sign * hundredths * 10i64.pow(2 - decimals.min(2));
            key.clear();
            key.extend_from_slice(&line[..from]);
            key.extend_from_slice(&line[to..]);
            match sums.get_mut(&key) {
                Some(sum) => *sum = (sum.0 + value, sum.1 + 1),
                None => {
                    sums.insert(key.clone(), (value, 1));
                }
            }
        }
        sums
    };
    let sums = run();
    assert_eq!(sums.values().map(|s| s.1).sum::<u64>(), ROWS as u64);
    assert_eq!(sums.len(), INDICATORS.len() * ENTITIES.len() * 12);
    bencher
        .counter(BytesCount::of_slice(bytes))
        .counter(ItemsCount::new(ROWS))
        .bench(run);
}

/// The key axes: each step doubles the keys, so its time should double,
/// not quadruple (`bench/scaling.py` does the same with the binary).
mod keys {
    use super::{Bencher, Input, ItemsCount, Write, options, read};
    use attain::campaign::Campaign;

    fn campaign(text: &str) -> Campaign {
        attain::campaign::parse("keys.toml", text, std::path::Path::new("."))
            .unwrap_or_else(|e| panic!("the key-axis campaign should load: {e}"))
    }

    /// `n` distinct entities of one `sum` target, four rows each, months
    /// of 2022; through the line parser's threads, as standard input.
    #[divan::bench(args = [10_000, 20_000, 40_000, 80_000, 160_000], sample_count = 5, sample_size = 1)]
    fn entities(bencher: Bencher, n: usize) {
        let campaign = campaign(
            "[campaign]\nperiod = \"2022\"\n\n[[target]]\nid = \"sales\"\nunit = \"k\"\nat_least = 1000000\naggregate = \"sum\"\n",
        );
        let mut bytes = b"indicator,period,entity,value\n".to_vec();
        for i in 0..4 * n {
            let (month, cents) = (i * 7 % 12 + 1, i * 7919 % 10_000);
            writeln!(
                bytes,
                "sales,2022-{month:02},store_{:07},{}.{:02}",
                i % n,
                cents / 100,
                cents % 100
            )
            .expect("writing to a Vec cannot fail");
        }
        let input = || {
            [Input::Memory {
                name: "entities.csv".into(),
                bytes: bytes.clone(),
            }]
        };
        let options = options(super::all_cores(), super::FAST_MIN_BYTES);
        let once = read(&campaign, &input(), &options);
        assert_eq!(once.ledger.used, 4 * n as u64, "every row should be used");
        bencher
            .counter(ItemsCount::new(4 * n))
            .with_inputs(input)
            .bench_local_refs(|inputs| read(&campaign, inputs, &options));
    }

    /// A campaign of `n` targets, one row each: loading and checking the
    /// campaign, then the ingest and every target's figure.
    #[divan::bench(args = [5_000, 10_000, 20_000, 40_000, 80_000], sample_count = 5, sample_size = 1)]
    fn targets(bencher: Bencher, n: usize) {
        let mut text = String::from("[campaign]\nperiod = \"2022\"\n");
        let mut bytes = b"indicator,period,value\n".to_vec();
        for i in 0..n {
            text.push_str(&format!(
                "\n[[target]]\nid = \"t{i:06}\"\ngroup = \"g{}\"\nunit = \"k\"\nat_least = {}\naggregate = \"sum\"\n",
                i % 50,
                100 + i % 900
            ));
            writeln!(bytes, "t{i:06},2022-06,{}.5", i % 997).expect("writing to a Vec cannot fail");
        }
        let input = || {
            [Input::Memory {
                name: "targets.csv".into(),
                bytes: bytes.clone(),
            }]
        };
        let options = options(super::all_cores(), super::FAST_MIN_BYTES);
        let once = read(&campaign(&text), &input(), &options);
        assert_eq!(once.ledger.used, n as u64, "every row should be used");
        bencher
            .counter(ItemsCount::new(n))
            .with_inputs(input)
            .bench_local_refs(|inputs| read(&campaign(&text), inputs, &options));
    }
}
