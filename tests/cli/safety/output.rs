//! Issue 11, output side: `-o` never destroys a file, each subcommand takes
//! only its options, and every write failure but EPIPE is exit 2.

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

use super::*;

const CAMPAIGN: &str =
    "[campaign]\nname = \"x\"\nperiod = \"2022\"\n\n[[target]]\nid = \"rev\"\nat_least = 10\n";
const ACTUALS: &[u8] = b"indicator,period,value\nrev,2022,12\n";

/// A folder with the campaign `c.toml` and the actuals `a.csv`, and
/// `attain SUB -t c.toml a.csv -q` run in it.
fn job(sub: &str) -> (tempfile::TempDir, Run) {
    let dir = campaign_dir(CAMPAIGN, ACTUALS);
    let run = Run::new()
        .current_dir(dir.path())
        .args([sub, "-t", "c.toml", "a.csv", "-q"]);
    (dir, run)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// `sh -c SCRIPT` with `$0` the attain binary, in `dir`.
fn shell(dir: &Path, script: &str) -> std::process::Output {
    std::process::Command::new("sh")
        .current_dir(dir)
        .env_remove("ATTAIN_TARGETS")
        .args(["-c", script, env!("CARGO_BIN_EXE_attain")])
        .output()
        .unwrap()
}

#[test]
fn o_onto_a_symlink_writes_through_to_its_target_and_keeps_the_link() {
    let (dir, cmd) = job("report");
    let real = dir.path().join("real.csv");
    std::fs::write(&real, "old\n").unwrap();
    std::os::unix::fs::symlink("real.csv", dir.path().join("link.csv")).unwrap();
    cmd.args(["-o", "link.csv"]).assert().code(0);
    let link = std::fs::symlink_metadata(dir.path().join("link.csv")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("id,"));
    // No temp file is left beside the link or the target.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".attain-")), "{names:?}");
}

#[test]
fn o_onto_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    let (dir, cmd) = job("report");
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    cmd.args(["-f", "csv", "-o", "pipe"]).assert().code(0);
    assert!(reader.join().unwrap().starts_with("id,"));
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo(), "the FIFO was replaced");
}

#[test]
fn o_onto_a_device_writes_to_it_never_over_it() {
    let (_dir, cmd) = job("report");
    cmd.args(["-f", "csv", "-o", "/dev/null"]).assert().code(0);
    let meta = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
}

#[test]
fn o_dash_is_standard_output() {
    let (dir, cmd) = job("report");
    let text = cmd.args(["-f", "csv", "-o", "-"]).stdout();
    assert!(text.starts_with("id,"), "{text}");
    assert!(!dir.path().join("-").exists());
}

#[test]
fn o_onto_one_of_the_runs_inputs_is_refused_naming_it() {
    let dir = campaign_dir(CAMPAIGN, ACTUALS);
    let d = dir.path();
    std::os::unix::fs::symlink("a.csv", d.join("a-link.csv")).unwrap();
    std::fs::hard_link(d.join("c.toml"), d.join("same.toml")).unwrap();
    let campaign = std::fs::read(d.join("c.toml")).unwrap();
    std::fs::write(d.join("a.txt"), ACTUALS).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["report", "-t", "c.toml", "a.csv", "-o", "a.csv"],
            "actuals file a.csv",
        ),
        (
            &["report", "-t", "c.toml", "a.csv", "-o", "./a-link.csv"],
            "actuals file a.csv",
        ),
        (
            &[
                "report", "-t", "c.toml", "a.csv", "-f", "csv", "-o", "c.toml",
            ],
            "campaign file c.toml",
        ),
        (
            &[
                "report",
                "-t",
                "c.toml",
                "a.csv",
                "-f",
                "csv",
                "-o",
                "same.toml",
            ],
            "campaign file c.toml",
        ),
        (
            &[
                "check",
                "-t",
                "c.toml",
                "a.csv",
                "-f",
                "json",
                "-o",
                "x/../c.toml",
            ],
            "campaign file c.toml",
        ),
        (
            &["template", "-t", "c.toml", "-f", "csv", "-o", "c.toml"],
            "campaign file c.toml",
        ),
        (
            &[
                "explain", "rev", "-t", "c.toml", "-a", "a.txt", "-o", "a.txt",
            ],
            "actuals file a.txt",
        ),
    ];
    std::fs::create_dir(d.join("x")).unwrap();
    for (args, names) in cases {
        let out = Run::new().current_dir(d).args(*args).output();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr_of(&out);
        assert!(err.contains(names), "{args:?}: {err}");
        assert_eq!(std::fs::read(d.join("a.csv")).unwrap(), ACTUALS, "{args:?}");
        assert_eq!(
            std::fs::read(d.join("c.toml")).unwrap(),
            campaign,
            "{args:?}"
        );
    }
    // Standard input redirected from the output file is an input too.
    let out = shell(d, r#""$0" report -t c.toml - -o a.csv < a.csv"#);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(std::fs::read(d.join("a.csv")).unwrap(), ACTUALS);
}

#[test]
fn o_onto_a_file_the_user_cannot_write_is_refused() {
    let dir = campaign_dir(CAMPAIGN, ACTUALS);
    let d = dir.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o777)).unwrap();
    for f in ["c.toml", "a.csv"] {
        std::fs::set_permissions(d.join(f), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::write(d.join("ro.csv"), "keep\n").unwrap();
    std::fs::set_permissions(d.join("ro.csv"), std::fs::Permissions::from_mode(0o444)).unwrap();
    // root may write to any file, as `>` may; the rule is for everyone else.
    let out = if is_root() {
        shell(
            d,
            r#"exec setpriv --reuid=65534 --regid=65534 --clear-groups "$0" report -t c.toml a.csv -q -o ro.csv"#,
        )
    } else {
        shell(d, r#""$0" report -t c.toml a.csv -q -o ro.csv"#)
    };
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("-o ro.csv") && err.contains("not writable"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(d.join("ro.csv")).unwrap(), "keep\n");
}

#[test]
fn o_keeps_the_mode_owner_and_hard_links_of_the_file_it_replaces() {
    let (dir, cmd) = job("report");
    let d = dir.path();
    let out = d.join("out.csv");
    std::fs::write(&out, "old\n").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::hard_link(&out, d.join("other-name.csv")).unwrap();
    if is_root() {
        std::os::unix::fs::chown(&out, Some(65534), Some(65534)).unwrap();
    }
    let before = std::fs::metadata(&out).unwrap();
    cmd.args(["-o", "out.csv"]).assert().code(0);
    let after = std::fs::metadata(&out).unwrap();
    assert_eq!(after.mode() & 0o777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    assert_eq!(after.ino(), before.ino(), "the hard link was broken");
    assert!(
        std::fs::read_to_string(d.join("other-name.csv"))
            .unwrap()
            .starts_with("id,")
    );
    // A plain file is replaced by a rename, and keeps its mode and owner.
    std::fs::remove_file(d.join("other-name.csv")).unwrap();
    Run::new()
        .current_dir(d)
        .args(["report", "-t", "c.toml", "a.csv", "-q", "-o", "out.csv"])
        .assert()
        .code(0);
    let replaced = std::fs::metadata(&out).unwrap();
    assert_eq!(replaced.mode() & 0o777, 0o640);
    assert_eq!(
        (replaced.uid(), replaced.gid()),
        (before.uid(), before.gid())
    );
}

#[test]
fn write_errors_name_the_output_not_the_hidden_temp_file() {
    let (_dir, cmd) = job("report");
    let out = cmd.args(["-o", "no-such-folder/out.csv"]).output();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("no-such-folder/out.csv"), "{err}");
    assert!(!err.contains(".attain-"), "{err}");
    let (_dir, cmd) = job("report");
    let out = cmd.args(["-o", "."]).output();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_output_extension_attain_does_not_write_is_an_error_unless_f_is_given() {
    for (args, code) in [
        (&["-o", "out.txt"][..], 2),
        (&["-o", "out.csv.gz"], 2),
        (&["-o", "out.pdf"], 2),
        (&["-f", "csv", "-o", "x.xlsx"], 2),
        (&["-f", "table", "-o", "out.txt"], 0),
        (&["-f", "csv", "-o", "out.csv.gz"], 0),
    ] {
        let (dir, cmd) = job("report");
        let out = cmd.args(args).output();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr_of(&out)
        );
        let written = dir.path().join(args[args.len() - 1]).exists();
        assert_eq!(written, code == 0, "{args:?}");
    }
}

#[test]
fn every_write_failure_but_a_reader_that_went_away_is_exit_2() {
    let dir = campaign_dir(CAMPAIGN, ACTUALS);
    let d = dir.path();
    let cases = [
        (r#""$0" --help > /dev/full"#, 2),
        (r#""$0" --version > /dev/full"#, 2),
        (r#""$0" report -t c.toml a.csv -f csv -q > /dev/full"#, 2),
        (r#""$0" report -t c.toml a.csv -f csv -q >&-"#, 2),
        (r#""$0" --version >&-"#, 2),
        (r#""$0" check -t c.toml a.csv >&-"#, 2),
        // writing nowhere on purpose is fine, also to /dev/null open for
        // reading and writing, as Python's subprocess.DEVNULL and many
        // daemons hand it over (`<>` opens it so)
        (r#""$0" report -t c.toml a.csv -f csv -q > /dev/null"#, 0),
        (r#""$0" report -t c.toml a.csv -f csv -q 1<> /dev/null"#, 0),
        (r#""$0" --version 1<> /dev/null"#, 0),
        (r#""$0" check -t c.toml a.csv 1<> /dev/null"#, 0),
        (r#""$0" report -t c.toml a.csv -f csv -q -o out.csv >&-"#, 0),
        // a full standard error loses the notes, not the exit code
        (
            r#""$0" report -t c.toml a.csv -f csv -o o2.csv 2> /dev/full"#,
            0,
        ),
        (r#""$0" report -t missing.toml a.csv 2> /dev/full"#, 2),
    ];
    for (script, code) in cases {
        let out = shell(d, script);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{script}: {}",
            stderr_of(&out)
        );
    }
    // A reader that went away: success, as for `head`.
    let big: String = std::iter::once("indicator,period,entity,value\n".to_string())
        .chain((0..3_000).map(|i| format!("rev,2022,e{i},1\n")))
        .collect();
    std::fs::write(d.join("big.csv"), big).unwrap();
    std::fs::write(
        d.join("e.toml"),
        "[campaign]\nname = \"x\"\nperiod = \"2022\"\n\n[[target]]\nid = \"rev\"\nat_least = 10\naggregate = \"sum\"\nacross = \"sum\"\n",
    )
    .unwrap();
    let out = std::process::Command::new("bash")
        .current_dir(d)
        .args([
            "-c",
            r#"set -o pipefail; "$0" report -t e.toml big.csv --by entity -f csv -q | head -c 10 > /dev/null"#,
            env!("CARGO_BIN_EXE_attain"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn the_same_actuals_file_named_twice_is_refused_naming_both() {
    let dir = campaign_dir(CAMPAIGN, ACTUALS);
    let d = dir.path();
    std::os::unix::fs::symlink("a.csv", d.join("link.csv")).unwrap();
    for args in [
        &["a.csv", "a.csv"][..],
        &["a.csv", "./a.csv"],
        &["a.csv", "link.csv"],
    ] {
        for sub in ["report", "check"] {
            let out = Run::new()
                .current_dir(d)
                .args([sub, "-t", "c.toml"])
                .args(args)
                .output();
            assert_eq!(out.status.code(), Some(2), "{sub} {args:?}");
            let err = stderr_of(&out);
            assert!(
                err.contains(&format!("'{}'", args[1]))
                    && err.contains("'a.csv'")
                    && err.contains("count double"),
                "{sub} {args:?}: {err}"
            );
        }
    }
    let out = shell(d, r#""$0" report -t c.toml - - < a.csv"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("standard input (-) is named twice"));
    // twice in the campaign's own list
    std::fs::write(
        d.join("twice.toml"),
        "[campaign]\nname = \"x\"\nperiod = \"2022\"\nactuals = [\"a.csv\", \"./a.csv\"]\n\n[[target]]\nid = \"rev\"\nat_least = 10\n",
    )
    .unwrap();
    let out = Run::new()
        .current_dir(d)
        .args(["report", "-t", "twice.toml"])
        .output();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("count double"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn subcommands_refuse_the_options_they_do_not_use() {
    let refused: &[(&str, &[&str])] = &[
        ("check", &["--fail-on", "not_met"]),
        ("check", &["--only", "met"]),
        ("check", &["--sort", "id"]),
        ("check", &["--by", "entity"]),
        ("check", &["--color", "never"]),
        ("check", &["--bom"]),
        ("check", &["--by", "group"]),
        ("check", &["--group", "x"]),
        ("explain", &["-f", "csv"]),
        ("explain", &["--color", "never"]),
        ("explain", &["--fail-on", "near"]),
        ("explain", &["--strict"]),
        ("explain", &["--by", "entity"]),
        ("template", &["--lang", "vi"]),
        ("template", &["--fail-on", "near"]),
        ("template", &["--bom"]),
    ];
    for (sub, extra) in refused {
        let dir = campaign_dir(CAMPAIGN, ACTUALS);
        let run = Run::new().current_dir(dir.path()).arg(sub);
        let run = if *sub == "explain" {
            run.args(["rev", "-a", "a.csv"])
        } else {
            run.arg("a.csv")
        };
        let out = run.args(["-t", "c.toml"]).args(*extra).output();
        assert_eq!(out.status.code(), Some(2), "{sub} {extra:?}");
        assert!(stderr_of(&out).contains(extra[0]), "{sub} {extra:?}");
    }
    // and their help lists only what they take
    let help = Run::new().args(["check", "--help"]).stdout();
    assert!(
        help.contains("--strict") && !help.contains("--fail-on"),
        "{help}"
    );
    let help = Run::new().args(["explain", "--help"]).stdout();
    assert!(
        !help.contains("--format") && help.contains("--lang"),
        "{help}"
    );
    // the report still takes them all
    let (_dir, cmd) = job("report");
    cmd.args([
        "--fail-on",
        "not_met",
        "--only",
        "met",
        "--sort",
        "id",
        "--bom",
        "-f",
        "csv",
    ])
    .assert()
    .code(0);
}
