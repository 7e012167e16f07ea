//! Issue 11, input side: no input hangs attain, grows its memory without
//! bound, is silently misread, or is echoed back whole.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::*;

const CAMPAIGN: &str = "[campaign]\nname = \"x\"\nperiod = \"2022\"\n\n[[target]]\nid = \"rev\"\nat_least = 10\naggregate = \"sum\"\n";

/// Run the built binary with `args` in `dir`, feeding `stdin`, and give up
/// (failing the test) after 30 s: a hang must fail, not stall CI.
fn bounded(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    let limit = Duration::from_secs(30);
    let mut child = Command::new(env!("CARGO_BIN_EXE_attain"))
        .current_dir(dir)
        .env_remove("ATTAIN_TARGETS")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        // attain may stop reading early (a bounded line): a broken pipe is fine.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("attain {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if let Some(feeder) = feeder {
        let _ = feeder.join();
    }
    child.wait_with_output().unwrap()
}

fn text(out: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_named_pipe_as_the_actuals_is_opened_once_and_read_once() {
    // A writer opens the pipe (which waits for a reader) and writes at
    // once, as `cat file > pipe` does. A reader that opened the pipe, read
    // nothing and closed it discarded what was written, and its second
    // open then waited for a writer that never came: it hung, or lost rows,
    // depending on who was faster. So the race is run several times.
    let dir = campaign_dir(CAMPAIGN, b"");
    for round in 0..8 {
        let fifo = dir.path().join(format!("pipe{round}.csv"));
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut w = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
                // A reader gone away is the failure the assertions name.
                let _ = w.write_all(b"indicator,period,value\nrev,2022,7\n");
                std::thread::sleep(Duration::from_millis(20 * round));
                let _ = w.write_all(b"rev,2022,5\n");
            })
        };
        let name = fifo.file_name().unwrap().to_str().unwrap().to_string();
        let out = bounded(
            dir.path(),
            &["report", "-t", "c.toml", &name, "-f", "csv", "-q"],
            None,
        );
        writer.join().unwrap();
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(0), "round {round}: {stderr}");
        let rows = csv_rows(&stdout);
        assert_eq!(rows[0]["actual"], "12", "round {round}");
        assert_eq!(rows[0]["rows_used"], "2", "round {round}");
    }
}

#[test]
fn input_without_line_breaks_is_an_error_at_its_line_on_every_path_and_ends() {
    let dir = campaign_dir(CAMPAIGN, b"");
    let long = {
        let mut v = b"indicator,period,value\nrev,2022,1\nrev,2022,".to_vec();
        v.extend(std::iter::repeat_n(b'9', 3 << 20));
        v.extend_from_slice(b"\nrev,2022,2\n");
        v
    };
    std::fs::write(dir.path().join("long.csv"), &long).unwrap();
    // (arguments after the campaign, standard input, where the error is)
    type Case<'a> = (Vec<&'a str>, Option<&'a [u8]>, &'a str);
    let cases: Vec<Case> = vec![
        (vec!["/dev/zero"], None, "/dev/zero:1:1"),
        (vec!["-"], Some(&long[..]), "<stdin>:3:1"),
        (vec!["long.csv"], None, "long.csv:3:1"),
        // The decoder's path: the csv reader's records are bounded too.
        (
            vec!["long.csv", "--encoding", "windows-1258"],
            None,
            "long.csv:3:1",
        ),
        (
            vec!["/dev/zero", "--encoding", "windows-1252"],
            None,
            "/dev/zero:1:1",
        ),
    ];
    for (input, stdin, at) in cases {
        let mut args = vec!["check", "-t", "c.toml"];
        args.extend(&input);
        let out = bounded(dir.path(), &args, stdin);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{input:?}: {stdout}{stderr}");
        assert!(
            stdout.contains(&format!("{at}: error: this line is longer than 1 MiB")),
            "{input:?}:\n{stdout}"
        );
        // Nothing of the endless line is echoed back.
        assert!(
            stdout.len() + stderr.len() < 4000,
            "{input:?}: {} bytes",
            stdout.len()
        );
    }
}

#[test]
fn a_stray_quote_in_a_large_file_stops_at_1_mib_instead_of_swallowing_the_rest() {
    let mut file = b"indicator,period,value,note\nrev,2022,1,\"5 inch\n".to_vec();
    for _ in 0..100_000 {
        file.extend_from_slice(b"rev,2022,2,a plain note that goes on\n");
    }
    let dir = campaign_dir(CAMPAIGN, &file);
    for (input, stdin) in [("a.csv", None), ("-", Some(&file[..]))] {
        let out = bounded(dir.path(), &["check", "-t", "c.toml", input], stdin);
        let (stdout, _) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{stdout}");
        assert!(
            stdout.contains(":2:1: error: a quoted value opened on this line runs on"),
            "{stdout}"
        );
    }
}

#[test]
fn no_message_quotes_more_than_80_characters_of_one_piece_of_user_data() {
    let long = "ắ".repeat(5000);
    let header_long = format!("{long},period,value\n");
    let rows = format!(
        "indicator,period,value,unit,entity\n\
         {long},2022,1,,\n\
         rev,{long},1,,\n\
         rev,2022,{long},,\n\
         rev,2022,1,{long},\n"
    );
    for (name, body) in [("rows", rows), ("header", header_long)] {
        let dir = campaign_dir(CAMPAIGN, body.as_bytes());
        for sub in ["check", "report"] {
            let out = bounded(dir.path(), &[sub, "-t", "c.toml", "a.csv"], None);
            let (stdout, stderr) = text(&out);
            for line in stdout.lines().chain(stderr.lines()) {
                let run = line
                    .split(|c: char| c != 'ắ')
                    .map(|r| r.chars().count())
                    .max()
                    .unwrap_or(0);
                assert!(
                    run <= 80,
                    "{name}, {sub}: a message quotes {run} characters:\n{line}"
                );
            }
        }
    }
}

#[test]
fn a_quoted_value_over_lines_is_listed_by_check_warned_by_report_and_refused_by_strict() {
    let file = b"indicator,period,value,note\n\
rev,2022-01,4,\"5 inch\n\
rev,2022-02,5,x\n\
rev,2022-03,6,y\"\n\
rev,2022-04,7,fine\n";
    let dir = campaign_dir(CAMPAIGN, file);
    let run = |args: &[&str], stdin: Option<&[u8]>| {
        let out = bounded(dir.path(), args, stdin);
        let (stdout, stderr) = text(&out);
        (out.status.code(), stdout, stderr)
    };
    let warning = "a.csv:2:4: warning: a quoted value opens on this line and closes on line 4, so the next 2 lines are part of this row's value";
    let (code, stdout, _) = run(&["check", "-t", "c.toml", "a.csv"], None);
    assert_eq!(code, Some(0));
    assert!(stdout.contains(warning), "{stdout}");
    assert!(stdout.contains("2 rows read"), "{stdout}");
    let (code, _, stderr) = run(&["report", "-t", "c.toml", "a.csv", "-f", "csv"], None);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("attain: warning: a.csv:2:4: a quoted value opens"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["report", "-t", "c.toml", "a.csv", "--strict"], None);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("closes on line 4"), "{stderr}");
    // Standard input reads the same.
    let (_, stdout, _) = run(&["check", "-t", "c.toml", "-"], Some(file));
    assert!(
        stdout.contains("<stdin>:2:4: warning: a quoted value opens"),
        "{stdout}"
    );
    // A quote that is never closed is the unterminated-quote error, not also
    // a value over lines.
    let open = b"indicator,period,value,note\nrev,2022,4,\"5 inch\nrev,2022,5,x\n";
    let dir = campaign_dir(CAMPAIGN, open);
    let out = bounded(dir.path(), &["check", "-t", "c.toml", "a.csv"], None);
    let (stdout, _) = text(&out);
    assert!(stdout.contains("is never closed"), "{stdout}");
    assert!(!stdout.contains("closes on line"), "{stdout}");
}

#[test]
fn report_shows_five_warnings_of_a_kind_then_a_count() {
    let mut file = b"indicator,period,value,note\n".to_vec();
    for i in 1..=12 {
        file.extend_from_slice(format!("rev,2022-{i:02},1,\"two\nlines\"\n").as_bytes());
    }
    let dir = campaign_dir(CAMPAIGN, &file);
    let out = bounded(
        dir.path(),
        &["report", "-t", "c.toml", "a.csv", "-f", "csv"],
        None,
    );
    let (_, stderr) = text(&out);
    assert_eq!(
        stderr.matches("a quoted value opens").count(),
        5,
        "{stderr}"
    );
    assert!(
        stderr.contains("… and 7 more multiline_value warnings; `attain check` lists them all"),
        "{stderr}"
    );
    let out = bounded(dir.path(), &["check", "-t", "c.toml", "a.csv"], None);
    assert_eq!(text(&out).0.matches("a quoted value opens").count(), 12);
}

#[test]
fn utf8_under_a_legacy_encoding_and_a_broken_utf16_surrogate_are_errors() {
    let utf8 = "indicator,period,value,entity\nrev,2022,12,Hà Nội\n";
    let dir = campaign_dir(CAMPAIGN, utf8.as_bytes());
    for (encoding, want) in [
        (
            "windows-1258",
            "a.csv:2: error: the file is UTF-8 ('Hà Nội' is UTF-8 text), not windows-1258: drop --encoding",
        ),
        ("windows-1252", "not windows-1252: drop --encoding"),
        (
            "utf-16le",
            "a.csv:1: error: the file is UTF-8 (no byte-order mark, no NUL bytes between its letters), not utf-16le",
        ),
    ] {
        let out = bounded(
            dir.path(),
            &["check", "-t", "c.toml", "a.csv", "--encoding", encoding],
            None,
        );
        let (stdout, _) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{encoding}: {stdout}");
        assert!(stdout.contains(want), "{encoding}:\n{stdout}");
    }
    // A real Windows-1258 file still reads.
    let dir = campaign_dir(
        CAMPAIGN,
        b"indicator,period,value,entity\nrev,2022,12,H\xe0 N\xf4i\n",
    );
    let out = bounded(
        dir.path(),
        &[
            "check",
            "-t",
            "c.toml",
            "a.csv",
            "--encoding",
            "windows-1258",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out).0);

    let utf16 =
        |text: &str| -> Vec<u8> { text.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let mut broken = vec![0xFF, 0xFE];
    broken.extend(utf16("indicator,period,value,entity\nrev,2022,12,"));
    broken.extend([0x3D, 0xD8]); // a high surrogate whose low half is missing
    broken.extend(utf16("x\n"));
    let mut whole = vec![0xFF, 0xFE];
    whole.extend(utf16("indicator,period,value,entity\nrev,2022,12,😀\n"));
    for (bytes, code) in [(broken, 2), (whole, 0)] {
        let dir = campaign_dir(CAMPAIGN, &bytes);
        let out = bounded(
            dir.path(),
            &["check", "-t", "c.toml", "a.csv", "--encoding", "utf-16le"],
            None,
        );
        let (stdout, _) = text(&out);
        assert_eq!(out.status.code(), Some(code), "{stdout}");
        if code == 2 {
            assert!(
                stdout
                    .contains("a.csv:2: error: a UTF-16 surrogate (0xD83D) without its other half"),
                "{stdout}"
            );
        }
    }
}

#[test]
fn a_byte_that_is_not_utf8_in_a_column_attain_does_not_read_is_the_encoding_error_on_every_path() {
    let small = b"indicator,period,value,comment\nrev,2022,12,ok\nrev,2022,1,caf\xe9\n".to_vec();
    // Over 4 MiB: read by threads in blocks.
    let mut large = b"indicator,period,value,comment\n".to_vec();
    for _ in 0..300_000 {
        large.extend_from_slice(b"rev,2022,1,plain\n");
    }
    large.extend_from_slice(b"rev,2022,1,caf\xe9\n");
    for (name, bytes, line) in [("small", &small, 3), ("large", &large, 300_002)] {
        let dir = campaign_dir(CAMPAIGN, bytes);
        for (input, stdin) in [("a.csv", None), ("-", Some(&bytes[..]))] {
            let out = bounded(dir.path(), &["check", "-t", "c.toml", input], stdin);
            let (stdout, _) = text(&out);
            assert_eq!(out.status.code(), Some(2), "{name} {input}: {stdout}");
            let file = if input == "-" { "<stdin>" } else { "a.csv" };
            assert!(
                stdout.contains(&format!(
                    "{file}:{line}:4: error: 'café' (as windows-1252 would read it) is not UTF-8"
                )),
                "{name} {input}:\n{stdout}"
            );
        }
    }
}

#[test]
fn a_file_that_is_not_a_csv_of_actuals_is_not_printed_in_the_error() {
    let secret = "root:$6$saltsalt$SECRETHASH:19000:0:99999:7:::";
    let campaign = CAMPAIGN.replace(
        "period = \"2022\"\n",
        "period = \"2022\"\nactuals = [\"shadow\"]\n",
    );
    let dir = campaign_dir(&campaign, b"");
    std::fs::write(
        dir.path().join("shadow"),
        format!("{secret}\ndaemon:*:1:0:::\n"),
    )
    .unwrap();
    for sub in ["check", "report"] {
        let out = bounded(dir.path(), &[sub, "-t", "c.toml"], None);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2));
        let all = format!("{stdout}{stderr}");
        assert!(
            !all.contains("SECRETHASH") && !all.contains("root:"),
            "{all}"
        );
        assert!(all.contains("is this a CSV of actuals?"), "{all}");
    }
    // A header with a known column is quoted, so a near miss is seen.
    let dir = campaign_dir(CAMPAIGN, b"indicator,period,amount\nrev,2022,1\n");
    let out = bounded(dir.path(), &["check", "-t", "c.toml", "a.csv"], None);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("(found: indicator, period, amount); rename 'amount' to 'value'"),
        "{stdout}"
    );
}

#[test]
fn whitespace_lines_a_mid_file_bom_and_an_overflow_read_the_same_from_a_file_and_stdin() {
    let file = "indicator,period,value\n  \t \nrev,2022,1\n   \n\u{feff}rev,2022,2\nrev,2022,3\n";
    let dir = campaign_dir(CAMPAIGN, file.as_bytes());
    let mut seen = Vec::new();
    for (input, stdin, name) in [
        ("a.csv", None, "a.csv"),
        ("-", Some(file.as_bytes()), "<stdin>"),
    ] {
        let out = bounded(dir.path(), &["check", "-t", "c.toml", input], stdin);
        let (stdout, _) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(
            stdout.contains("3 rows read, 2 used, 1 skipped"),
            "{stdout}"
        );
        assert!(
            stdout.contains(&format!(
                "{name}:5:1: warning: this field starts with a byte-order mark"
            )),
            "{stdout}"
        );
        assert!(
            stdout.contains("\\u{feff}rev 2022 — unknown_indicator"),
            "{stdout}"
        );
        seen.push(stdout.replace(name, "F"));
    }
    assert_eq!(seen[0], seen[1]);

    let big = "40000000000000000000000000000";
    let file =
        format!("indicator,period,value\nrev,2022,1\nrev,2022,{big}\nrev,2022,{big}\nrev,2022,1\n");
    let dir = campaign_dir(CAMPAIGN, file.as_bytes());
    let out = bounded(dir.path(), &["check", "-t", "c.toml", "a.csv"], None);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("a.csv:4: error: the sum of 'rev' is too large to hold exactly"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("across entities") && !stdout.contains("no usable rows"),
        "{stdout}"
    );
}

#[test]
fn the_scale_warning_of_a_negative_actual_speaks_of_size() {
    let dir = campaign_dir(CAMPAIGN, b"indicator,period,value\nrev,2022,-5000\n");
    let out = bounded(dir.path(), &["check", "-t", "c.toml", "a.csv"], None);
    let (stdout, _) = text(&out);
    assert!(
        stdout
            .contains("the actual of 'rev' (-5000) is in size more than 100 times its target (10)"),
        "{stdout}"
    );
    assert!(!stdout.contains("larger"), "{stdout}");
}

/// `strace`, installed with apt-get when it is missing; None (the test then
/// says why it is skipped) only where it cannot be had.
fn strace() -> Option<&'static str> {
    let have = || {
        Command::new("strace")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have() {
        let _ = Command::new("apt-get")
            .args(["install", "-y", "-qq", "strace"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output();
    }
    have().then_some("strace")
}

#[test]
fn every_input_file_is_opened_once() {
    let Some(strace) = strace() else {
        // In CI (.ci/run sets CI=true) a test may not pass by checking nothing.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "strace is not installed and apt-get could not install it (CI=true: not skipped)"
        );
        eprintln!("skipped: strace is not installed and apt-get could not install it");
        return;
    };
    let mut large = b"indicator,period,value,note\n".to_vec();
    for _ in 0..300_000 {
        large.extend_from_slice(b"rev,2022,1,plain\n");
    }
    // Small (the csv reader), large (threads), large with a quote (threads,
    // then the streaming reader from the top).
    let mut quoted = large.clone();
    quoted.extend_from_slice(b"rev,2022,1,\"a, b\"\n");
    for (name, bytes) in [
        ("small", &b"indicator,period,value\nrev,2022,1\n".to_vec()),
        ("large", &large),
        ("large, quoted", &quoted),
    ] {
        let dir = campaign_dir(CAMPAIGN, bytes);
        let log = dir.path().join("trace");
        let out = Command::new(strace)
            .current_dir(dir.path())
            .env_remove("ATTAIN_TARGETS")
            .args(["-f", "-qq", "-e", "trace=open,openat", "-o"])
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_attain"))
            .args(["report", "-t", "c.toml", "a.csv", "-q", "-f", "csv"])
            .output()
            .unwrap();
        if !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("ptrace") {
            eprintln!("skipped: strace cannot trace here (ptrace is not permitted)");
            return;
        }
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let trace = std::fs::read_to_string(&log).unwrap();
        let opens = trace.lines().filter(|l| l.contains("\"a.csv\"")).count();
        assert_eq!(opens, 1, "{name}: a.csv opened {opens} times:\n{trace}");
    }
}
