//! The real `casecraft` binary refuses bad input with exit code 2, a message
//! a person can act on, and no change to the store.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Arguments, standard input, and a word the error message must contain.
type BadCall<'a> = (Vec<&'a str>, Option<&'a [u8]>, &'a str);

fn casecraft(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casecraft"))
        .args(args)
        .env("CASECRAFT_DATA_DIR", dir)
        .env("CASECRAFT_PASSPHRASE", "bad input checks phrase")
        .env("TZ", "UTC")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start casecraft");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("write stdin");
    }
    child.wait_with_output().expect("wait for casecraft")
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = casecraft(dir, args, None);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8 output")
        .trim()
        .to_string()
}

/// Everything a person could see: the full log and every case's export.
fn state(dir: &Path, case: &str) -> String {
    format!(
        "{}\n{}",
        ok(dir, &["log", "--limit", "10000", "--json"]),
        ok(dir, &["export", "case", case, "--format", "json"])
    )
}

#[test]
fn bad_input_exits_2_with_a_clear_message_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    // Before init, writing is refused with a pointer to init.
    let out = casecraft(d, &["case", "new", "--subject", "Amelia"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("casecraft init"));

    ok(d, &["init", "--name", "Sam Reed", "--role", "practitioner"]);
    let case = ok(d, &["case", "new", "--subject", "Amelia Hughes"]);
    let entry = ok(
        d,
        &[
            "entry",
            "add",
            &case,
            "--kind",
            "home-visit",
            "--body",
            "Seen at home.",
            "--complete",
        ],
    );
    let draft = ok(
        d,
        &[
            "entry",
            "add",
            &case,
            "--kind",
            "phone-call",
            "--body",
            "Called.",
        ],
    );
    let big = "x".repeat(1024 * 1024 + 10);
    let before = state(d, &case);

    let cases: Vec<BadCall> = vec![
        (
            vec!["init", "--name", "Again"],
            None,
            "already has a profile",
        ),
        (vec!["case", "new", "--subject", "   "], None, "subject"),
        (
            vec!["case", "new", "--subject", "A", "--flag", "two words"],
            None,
            "flag",
        ),
        (
            vec!["case", "new", "--subject", "A", "--opened", "2026-02-30"],
            None,
            "write it day first",
        ),
        (vec!["case", "show", "not-an-id"], None, "not a record id"),
        (
            vec!["case", "show", "01a213b2-3deb-7212-993d-04a2b2fb9843"],
            None,
            "no case",
        ),
        (
            vec!["case", "close", &case, "--rationale", "  "],
            None,
            "rationale",
        ),
        (vec!["case", "reopen", &case], None, "already open"),
        (
            vec!["case", "list", "--status", "sideways"],
            None,
            "open, closed, all",
        ),
        (
            vec!["entry", "add", &case, "--kind", "visit"],
            None,
            "home-visit",
        ),
        (
            vec![
                "entry",
                "add",
                &case,
                "--kind",
                "home-visit",
                "--at",
                "yesterday",
            ],
            None,
            "date and time",
        ),
        (
            vec!["entry", "add", &case, "--kind", "home-visit"],
            Some(big.as_bytes()),
            "1024 KiB",
        ),
        (
            vec!["entry", "add", &case, "--kind", "home-visit"],
            Some(&[0x66, 0x6f, 0xff, 0xfe][..]),
            "UTF-8",
        ),
        (
            vec![
                "entry",
                "add",
                &case,
                "--kind",
                "home-visit",
                "--body-file",
                "/nonexistent/body.md",
            ],
            None,
            "body-file",
        ),
        (
            vec!["entry", "edit", &entry, "--body", "rewritten"],
            None,
            "addendum",
        ),
        (vec!["entry", "complete", &entry], None, "addendum"),
        (vec!["entry", "delete", &entry], None, "cannot be deleted"),
        (
            vec!["entry", "addendum", &draft, "--text", "x"],
            None,
            "still a draft",
        ),
        (
            vec!["entry", "addendum", &entry, "--text", " "],
            None,
            "text",
        ),
        (vec!["reflect", "new", "--model", "freud"], None, "gibbs"),
        (
            vec![
                "reflect",
                "new",
                "--model",
                "kolb",
                "--section",
                "feelings=x",
            ],
            None,
            "experience",
        ),
        (
            vec![
                "reflect",
                "new",
                "--model",
                "kolb",
                "--section",
                "no-equals",
            ],
            None,
            "KEY=TEXT",
        ),
        (
            vec!["reflect", "new", "--model", "gibbs", "--pcf", "bravery"],
            None,
            "PCF",
        ),
        (
            vec!["cowork", "add", &case, "--kind", "gossip", "--body", "x"],
            None,
            "handover",
        ),
        (
            vec!["action", "add", &case, "--text", "Call", "--due", "soon"],
            None,
            "write it day first",
        ),
        (vec!["search", "\"\" ( ) * :"], None, "at least one word"),
        (
            vec![
                "search",
                "mum",
                "--from",
                "2026-05-01",
                "--to",
                "2026-01-01",
            ],
            None,
            "date range",
        ),
        (vec!["search", "mum", "--kind", "nonsense"], None, "kind"),
        (
            vec!["export", "case", &case, "--format", "pdf"],
            None,
            "md, html or json",
        ),
        (vec!["seed", "--cases", "0"], None, "at least one case"),
        (vec!["restore", &case], None, "not in the trash"),
    ];
    for (args, stdin, hint) in cases {
        let out = casecraft(d, &args, stdin);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?} should exit 2; stderr: {err}"
        );
        assert!(
            err.contains(hint),
            "{args:?}: message {err:?} should mention {hint:?}"
        );
        for leak in ["SQL", "sqlite", "SELECT", "rusqlite", "panicked"] {
            assert!(!err.contains(leak), "{args:?} leaked {leak}: {err}");
        }
    }
    assert_eq!(
        state(d, &case),
        before,
        "refused commands must leave the store unchanged"
    );
}

#[test]
fn usage_errors_exit_2_and_hostile_queries_never_fail() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    ok(d, &["init", "--name", "Sam Reed"]);
    let case = ok(
        d,
        &[
            "case",
            "new",
            "--subject",
            "Amelia Hughes",
            "--summary",
            "Mum-and-baby unit; step-father NEAR home",
        ],
    );
    assert_eq!(
        casecraft(d, &["case", "frobnicate"], None).status.code(),
        Some(2)
    );
    for q in [
        "\"step",
        "mum-and-baby",
        "NEAR(home",
        "summary:home",
        "home*",
        "(((",
        "a OR",
        "\"\"\"",
        "^home",
        "-mum",
    ] {
        let out = casecraft(d, &["search", q, "--case", &case], None);
        assert!(
            out.status.success() || out.status.code() == Some(2),
            "{q:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("fts5"),
            "{q:?}"
        );
    }
    let found = ok(d, &["search", "step-father", "--json"]);
    assert!(found.contains(&case), "a hyphenated word is found: {found}");
}
