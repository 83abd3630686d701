//! A practitioner's week through the real `casecraft` binary: set up, open
//! cases, record visits, reflect, co-work, search, close with a rationale,
//! export, and check the store is healthy and rebuilds exactly.

use std::path::Path;

use casecraft_e2e::Device;

#[test]
fn a_practitioners_week_through_the_cli() {
    let home = tempfile::tempdir().expect("temp dir");
    let me = Device::new(&home.path().join("laptop"));

    let profile = me.json(&["init", "--name", "Sam Reed", "--role", "practitioner"]);
    assert_eq!(profile["display_name"], "Sam Reed");

    let amelia = me.ok(&[
        "case",
        "new",
        "--subject",
        "Amelia Hughes",
        "--reference",
        "CC-2041",
        "--flag",
        "safeguarding",
        "--summary",
        "Referred by school: low attendance, **housing** worries.",
    ]);
    let kwame = me.ok(&[
        "case",
        "new",
        "--subject",
        "Kwame Okafor",
        "--tag",
        "early-help",
    ]);
    let mum = me.ok(&[
        "person",
        "add",
        &amelia,
        "--name",
        "Rosie Hughes",
        "--relationship",
        "mother",
        "--household",
        "Hughes household",
    ]);
    assert!(!mum.is_empty());
    let people = me.json(&["person", "list", &amelia]);
    assert_eq!(
        people.as_array().expect("list").len(),
        2,
        "subject and mother"
    );

    // A visit recorded from stdin, as a draft, then completed.
    let visit = me.ok_with(
        &[
            "entry",
            "add",
            &amelia,
            "--kind",
            "home-visit",
            "--at",
            "2026-11-20T10:30:00+00:00",
            "--purpose",
            "Statutory visit",
            "--with",
            "Rosie Hughes",
            "--duration",
            "45",
            "--where",
            "Family home",
        ],
        Some("Amelia showed me her drawings. Rosie was worried about the housing letter.\n"),
    );
    let draft = me.json(&["entry", "show", &visit]);
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["duration_minutes"], 45);
    me.ok(&[
        "entry",
        "edit",
        &visit,
        "--voice",
        "\"I like my new teacher.\"",
    ]);
    me.ok(&["entry", "complete", &visit]);
    let err = me.refused(&["entry", "edit", &visit, "--body", "changed my mind"]);
    assert!(err.contains("addendum"), "{err}");
    me.ok(&[
        "entry",
        "addendum",
        &visit,
        "--text",
        "Correction: the letter came from the council, not the landlord.",
    ]);
    me.ok(&[
        "entry",
        "add",
        &amelia,
        "--kind",
        "phone-call",
        "--body",
        "Called school about attendance.",
        "--complete",
    ]);
    let significant = me.ok(&[
        "entry",
        "add",
        &amelia,
        "--kind",
        "significant-event",
        "--body",
        "Eviction notice served.",
    ]);
    let chronology = me.json(&["entry", "list", &amelia]);
    let chronology = chronology.as_array().expect("entries");
    assert_eq!(chronology.len(), 3);
    assert_eq!(
        chronology[2]["id"],
        visit.as_str(),
        "newest first, the visit is oldest"
    );
    assert_eq!(
        chronology[2]["addenda"].as_array().expect("addenda").len(),
        1
    );
    let only_significant = me.json(&["entry", "list", &amelia, "--significant"]);
    assert_eq!(only_significant[0]["id"], significant.as_str());

    // Reflection, co-working, actions.
    let reflection = me.ok(&[
        "reflect",
        "new",
        "--model",
        "gibbs",
        "--case",
        &amelia,
        "--entry",
        &visit,
        "--pcf",
        "critical-reflection-and-analysis",
        "--section",
        "feelings=Anxious before the visit; calmer once Amelia started drawing.",
    ]);
    me.ok(&[
        "reflect",
        "edit",
        &reflection,
        "--section",
        "action-plan=Ask Amelia first next time.",
    ]);
    let shown = me.json(&["reflect", "show", &reflection]);
    assert_eq!(shown["visibility"], "private");
    assert_eq!(
        shown["sections"][1]["text"],
        "Anxious before the visit; calmer once Amelia started drawing."
    );
    assert_eq!(shown["sections"][5]["text"], "Ask Amelia first next time.");
    me.ok(&[
        "cowork",
        "add",
        &amelia,
        "--kind",
        "joint-visit-plan",
        "--body",
        "Joint visit with the health visitor on Thursday.",
    ]);
    let action = me.ok(&[
        "action",
        "add",
        &amelia,
        "--text",
        "Call the housing officer",
        "--due",
        "2026-11-27",
    ]);
    me.ok(&["action", "done", &action]);
    assert!(me
        .json(&["action", "list", &amelia])
        .as_array()
        .expect("actions")
        .is_empty());

    // Search finds text from bodies, addenda and reflections, with highlights.
    let hits = me.json(&["search", "council"]);
    assert_eq!(hits[0]["kind"], "addendum");
    let hits = me.json(&["search", "drawing*", "--case", &amelia]);
    let kinds: Vec<&str> = hits
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"entry") && kinds.contains(&"reflection"),
        "{kinds:?}"
    );
    assert!(hits[0]["snippet"]
        .as_array()
        .expect("snippet")
        .iter()
        .any(|p| p["highlight"] == true));
    assert!(me
        .json(&["search", "housing", "--kind", "phone-call"])
        .as_array()
        .expect("hits")
        .is_empty());

    // Caseload, close with a rationale, reopen.
    let load = me.json(&["case", "list"]);
    assert_eq!(load.as_array().expect("caseload").len(), 2);
    me.refused(&["case", "close", &kwame, "--rationale", " "]);
    me.ok(&[
        "case",
        "close",
        &kwame,
        "--rationale",
        "Early help plan complete; family agreed; school monitoring.",
    ]);
    assert_eq!(
        me.json(&["case", "list"]).as_array().expect("open").len(),
        1
    );
    assert_eq!(
        me.json(&["case", "list", "--status", "closed"])[0]["id"],
        kwame.as_str()
    );
    me.ok(&["case", "reopen", &kwame, "--reason", "New referral"]);

    // Trash and restore.
    me.ok(&["case", "delete", &kwame]);
    assert_eq!(me.json(&["trash"])[0]["id"], kwame.as_str());
    me.ok(&["case", "restore", &kwame]);

    // Exports: JSON byte-stable, Markdown readable.
    let a = me.ok(&["export", "case", &amelia, "--format", "json"]);
    let b = me.ok(&["export", "case", &amelia, "--format", "json"]);
    assert_eq!(a, b);
    let md = me.ok(&["export", "case", &amelia, "--format", "md"]);
    assert!(md.starts_with("# Amelia Hughes"));
    assert!(md.contains("Addendum"));

    // The log, the check and the rebuild.
    let log = me.json(&["log", "--limit", "1000"]);
    assert!(log.as_array().expect("ops").len() > 20);
    assert!(me.ok(&["doctor", "--check"]).contains("Healthy"));
    let rebuilt = me.json(&["doctor", "--rebuild"]);
    assert!(
        rebuilt["changed_tables"]
            .as_array()
            .expect("tables")
            .is_empty(),
        "{rebuilt}"
    );
    assert_eq!(
        me.ok(&["export", "case", &amelia, "--format", "json"]),
        a,
        "a rebuild changes nothing"
    );
}

#[test]
fn a_backup_made_with_the_cli_restores_on_a_new_machine_and_trash_restore_still_works() {
    let home = tempfile::tempdir().expect("temp dir");
    let pass = ("CASECRAFT_PASSPHRASE", "willow compass eighteen");
    let laptop = Device::new(&home.path().join("laptop")).with_env(pass.0, pass.1);
    laptop.ok(&["init", "--name", "Sam Reed"]);
    let case = laptop.ok(&["case", "new", "--subject", "Amelia Hughes"]);
    laptop.ok_with(
        &["entry", "add", &case, "--kind", "home-visit"],
        Some("Amelia showed me her drawings."),
    );
    laptop.ok(&[
        "person",
        "add",
        &case,
        "--name",
        "Rosie Hughes",
        "--relationship",
        "mother",
    ]);
    // `restore ID` is still the trash's.
    let other = laptop.ok(&["case", "new", "--subject", "Kwame Okafor"]);
    laptop.ok(&["case", "delete", &other]);
    assert!(laptop
        .ok(&["restore", &other])
        .contains("Restored the case"));

    let file = home.path().join("usb").join("casework.ccbackup");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("usb");
    let file = file.display().to_string();
    // Without a passphrase source and no terminal: told how to give one, nothing written.
    let bare = Device::new(laptop.dir()).without_passphrase();
    assert!(bare
        .refused(&["backup", &file])
        .contains("CASECRAFT_PASSPHRASE"));
    assert!(!Path::new(&file).exists());
    assert!(laptop.ok(&["backup", &file]).contains("Backed up"));
    assert!(laptop
        .refused(&["backup", &file])
        .contains("already exists"));

    // A new machine: restore, and the same case is there under a new device id.
    let replacement = Device::new(&home.path().join("replacement")).with_env(pass.0, pass.1);
    let wrong = Device::new(replacement.dir()).with_env(pass.0, "not the passphrase");
    assert!(wrong.refused(&["restore", &file]).contains("passphrase"));
    assert!(
        !replacement.dir().join("keys.json").exists(),
        "a backup that does not open sets nothing up"
    );
    let restored = replacement.ok(&["restore", &file]);
    assert!(restored.contains("new device id"), "{restored}");
    assert!(restored.contains("Recovery code:"), "{restored}");
    let export = |d: &Device| d.ok(&["export", "case", &case, "--format", "json"]);
    assert_eq!(export(&replacement), export(&laptop));
    assert_ne!(
        replacement.json(&["profile", "show"])["device_id"],
        laptop.json(&["profile", "show"])["device_id"]
    );
    assert!(replacement.ok(&["doctor", "--check"]).contains("Healthy"));
    // Neither an id nor a file: says what it wanted.
    assert!(replacement
        .refused(&["restore", "nonsense"])
        .contains("neither a record id nor a backup file"));

    // Leaving the machine: refused while its changes exist only here, then discarded on request.
    assert!(replacement.refused(&["sign-out"]).contains("never synced"));
    assert!(replacement
        .ok(&["sign-out", "--discard-unsynced"])
        .contains("Signed out"));
    assert!(replacement
        .refused(&["profile", "show"])
        .contains("no profile here yet"));
}

#[test]
fn court_and_anonymised_exports_through_the_cli() {
    let home = tempfile::tempdir().expect("temp dir");
    // A worker in London: documents show London's dates and times, and name the zone.
    let me = Device::new(&home.path().join("data")).with_env("TZ", "Europe/London");
    me.ok(&["init", "--name", "Sam Reed"]);
    let case = me.ok(&[
        "case",
        "new",
        "--subject",
        "Kwame Okafor",
        "--reference",
        "CC-7731",
    ]);
    me.ok(&[
        "person",
        "add",
        &case,
        "--name",
        "Abena Okafor",
        "--relationship",
        "mother",
        "--born",
        "1988-02-11",
    ]);
    me.ok_with(
        &[
            "entry",
            "add",
            &case,
            "--kind",
            "home-visit",
            "--significant",
            "--complete",
        ],
        Some(
            "Kwame's mum Abena said KWAME had not slept.\nKwame\nOkafor wants to stay at Abena's.",
        ),
    );
    me.ok_with(
        &["entry", "add", &case, "--kind", "phone-call", "--complete"],
        Some("Called school: =SUM(A1) is not a formula here."),
    );
    // A call at half past midnight on 1 July, British Summer Time (23:30 UTC on 30 June).
    me.ok_with(
        &[
            "entry",
            "add",
            &case,
            "--kind",
            "phone-call",
            "--at",
            "2026-06-30T23:30:00Z",
            "--complete",
        ],
        Some("Late call from the out-of-hours team."),
    );

    // Court chronology: CSV with every completed entry, or the significant ones only.
    let csv = me.ok(&["export", "chronology", &case, "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "Serial,Date,Time (Europe/London),Event,Source,Significant"
    );
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(
        rows[1].starts_with("1,01/07/2026,00:30 BST,Phone call"),
        "the July call on its local day and time: {csv}"
    );
    assert!(
        rows[2].starts_with("2,") && rows[3].starts_with("3,"),
        "{csv}"
    );
    assert!(csv.contains("by Sam Reed"), "{csv}");
    let significant = me.ok(&[
        "export",
        "chronology",
        &case,
        "--format",
        "csv",
        "--significant",
    ]);
    assert_eq!(significant.lines().count(), 2, "{significant}");
    let html_file = home.path().join("chronology.html");
    me.ok(&[
        "export",
        "chronology",
        &case,
        "--format",
        "html",
        "--output",
        &html_file.display().to_string(),
    ]);
    let html = std::fs::read_to_string(&html_file).expect("the HTML file");
    assert!(
        html.contains("Chronology: Kwame Okafor (CC-7731)"),
        "{html}"
    );
    // The same file again: refused, the first export untouched.
    let again = me.refused(&[
        "export",
        "chronology",
        &case,
        "--format",
        "csv",
        "--output",
        &html_file.display().to_string(),
    ]);
    assert!(
        again.contains("already exists; choose a new name"),
        "{again}"
    );
    assert_eq!(
        std::fs::read_to_string(&html_file).expect("the HTML file"),
        html
    );
    assert!(me
        .refused(&["export", "chronology", &case, "--format", "pdf"])
        .contains("choose html or csv"));

    // Anonymised: none of the names, the reference or the date of birth; the replacements listed
    // on standard error; the same bytes twice.
    for format in ["md", "html", "json"] {
        let out = me.run(
            &["export", "case", &case, "--format", format, "--anonymise"],
            None,
        );
        assert!(out.status.success(), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        for secret in ["Kwame", "KWAME", "Okafor", "Abena", "CC-7731", "1988-02-11"] {
            assert!(
                !text.contains(secret),
                "{secret} in the {format} export:\n{text}"
            );
        }
        assert!(text.contains("Child A"), "{text}");
        let listed = String::from_utf8_lossy(&out.stderr);
        assert!(listed.contains("\"Abena\" -> Mother"), "{listed}");
        let again = me.run(
            &["export", "case", &case, "--format", format, "--anonymise"],
            None,
        );
        assert_eq!(out.stdout, again.stdout, "{format} is not byte-stable");
    }
    let preview = me.ok(&["export", "case", &case, "--anonymise", "--preview"]);
    assert!(
        preview.contains("date of birth \"1988-02-11\" -> [date of birth]"),
        "{preview}"
    );
    let chronology = me.ok(&[
        "export",
        "chronology",
        &case,
        "--format",
        "csv",
        "--anonymise",
    ]);
    assert!(
        !chronology.contains("Okafor") && chronology.contains("Child A"),
        "{chronology}"
    );
}

#[test]
fn a_supervision_session_from_agenda_to_the_case_chronology() {
    let home = tempfile::tempdir().expect("temp dir");
    let me = Device::new(&home.path().join("data"));
    me.ok(&["init", "--name", "Sam Reed"]);
    let long_ago = (chrono_free_today_minus(40)).to_string();
    let quiet = me.ok(&[
        "case",
        "new",
        "--subject",
        "Ivy Nowak",
        "--opened",
        &long_ago,
    ]);
    let agenda = me.ok(&["supervision", "agenda"]);
    assert!(
        agenda.contains("[no-recent-contact] Ivy Nowak: not seen since the case opened"),
        "{agenda}"
    );

    let wellbeing = home.path().join("wellbeing.txt");
    std::fs::write(&wellbeing, "A heavy week; talked about boundaries.").expect("write");
    let session = me.json(&[
        "supervision",
        "new",
        "--supervisor",
        "Morgan Ellis",
        "--function",
        "management",
        "--function",
        "support",
        "--notes",
        "Caseload review.",
        "--decision",
        &format!("{quiet}=Visit Ivy at home this week."),
        "--action",
        &format!("{quiet}=Book the home visit @2030-01-15"),
        "--wellbeing-file",
        &wellbeing.display().to_string(),
    ]);
    assert_eq!(session["supervisor"], "Morgan Ellis");
    assert_eq!(
        session["wellbeing"],
        "A heavy week; talked about boundaries."
    );
    let entries = me.ok(&["entry", "list", &quiet]);
    assert!(
        entries
            .contains("[significant] Supervision with Morgan Ellis: Visit Ivy at home this week."),
        "{entries}"
    );
    let actions = me.ok(&["action", "list", &quiet]);
    assert!(
        actions.contains("Book the home visit") && actions.contains("2030-01-15"),
        "{actions}"
    );
    let id = session["id"].as_str().expect("an id").to_string();
    let shown = me.ok(&["supervision", "show", &id]);
    assert!(shown.contains("Wellbeing (this device only)"), "{shown}");
    assert!(me
        .ok(&["supervision", "list"])
        .contains("with Morgan Ellis"));
    // Corrected: the supervisor's full name; the wellbeing section removed by an empty file.
    let empty = home.path().join("empty.txt");
    std::fs::write(&empty, "").expect("an empty file");
    let fixed = me.json(&[
        "supervision",
        "edit",
        &id,
        "--supervisor",
        "Morgan Ellis-Grant",
        "--wellbeing-file",
        &empty.display().to_string(),
    ]);
    assert_eq!(fixed["supervisor"], "Morgan Ellis-Grant");
    assert!(fixed["wellbeing"].is_null(), "{fixed}");
    let entry = fixed["decisions"][0]["entry_id"]
        .as_str()
        .expect("the decision's entry")
        .to_string();
    let shown = me.ok(&["entry", "show", &entry]);
    assert!(
        shown.contains("Visit Ivy at home this week.")
            && shown.contains("with Morgan Ellis-Grant (first recorded as"),
        "{shown}"
    );
    assert!(me
        .refused(&["supervision", "edit", &id, "--date", "2999-01-01"])
        .contains("date"));
    assert!(me
        .ok(&["supervision", "show", &id])
        .contains("with Morgan Ellis-Grant"));
    // Bad input: clear errors, nothing written.
    assert!(me
        .refused(&[
            "supervision",
            "new",
            "--supervisor",
            "X",
            "--decision",
            "nonsense"
        ])
        .contains("CASE=TEXT"));
    assert!(me
        .refused(&[
            "supervision",
            "new",
            "--supervisor",
            "X",
            "--function",
            "gossip"
        ])
        .contains("function"));
    assert_eq!(
        me.json(&["supervision", "list"]).as_array().map(Vec::len),
        Some(1)
    );
}

/// Today minus `days`, as YYYY-MM-DD, from the system clock (no date crate in this package).
fn chrono_free_today_minus(days: u64) -> String {
    let out = std::process::Command::new("date")
        .args(["-d", &format!("{days} days ago"), "+%Y-%m-%d"])
        .output()
        .expect("date runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_student_logs_a_placement_and_exports_a_portfolio_and_cpd_record() {
    let home = tempfile::tempdir().expect("temp dir");
    let me = Device::new(&home.path().join("data"));
    me.ok(&["init", "--name", "Alex Student", "--role", "student"]);
    assert!(me
        .refused(&["placement", "log-day", "--text", "Shadowing"])
        .contains("no placement yet"));
    me.ok(&[
        "placement",
        "new",
        "--setting",
        "Adult Social Care, East Team",
        "--educator",
        "Priya Shah",
        "--start",
        "2026-09-07",
        "--days",
        "70",
    ]);
    for (date, pcf) in [
        ("2026-09-08", "knowledge"),
        ("2026-09-09", "values-and-ethics"),
    ] {
        me.ok(&[
            "placement",
            "log-day",
            "--date",
            date,
            "--text",
            "Shadowed duty calls.",
            "--pcf",
            pcf,
        ]);
    }
    assert!(me
        .refused(&[
            "placement",
            "log-day",
            "--date",
            "2026-09-08",
            "--text",
            "Twice"
        ])
        .contains("already in the day log"));
    me.ok(&[
        "placement",
        "observe",
        "--date",
        "2026-10-02",
        "--observer",
        "Priya Shah",
        "--activity",
        "Carer's assessment",
        "--feedback",
        "Clear and kind.",
        "--pcf",
        "skills-and-interventions",
    ]);
    me.ok(&[
        "reflect",
        "new",
        "--model",
        "driscoll",
        "--title",
        "A carer's assessment",
        "--section",
        "what=I led the assessment.",
        "--section",
        "so-what=Carers know what they need.",
        "--section",
        "now-what=I will ask open questions first.",
        "--pcf",
        "skills-and-interventions",
        "--tag",
        "peer-reflection",
    ]);
    let days = me.ok(&["placement", "days"]);
    assert!(days.contains("2 of 70 days logged"), "{days}");
    // Corrections: a day named by its date; an observation by its id.
    let day = me.ok(&[
        "placement",
        "edit-day",
        "2026-09-09",
        "--text",
        "Shadowed duty calls; wrote up two.",
        "--pcf",
        "values-and-ethics",
        "--pcf",
        "knowledge",
    ]);
    assert!(
        day.contains(
            "2026-09-09  Shadowed duty calls; wrote up two.  [values-and-ethics, knowledge]"
        ),
        "{day}"
    );
    assert!(me
        .refused(&[
            "placement",
            "edit-day",
            "2026-09-09",
            "--date",
            "2026-09-08"
        ])
        .contains("already in the day log"));
    let observations = me.json(&["placement", "observations"]);
    let observation = observations[0]["id"].as_str().expect("an id").to_string();
    me.ok(&[
        "placement",
        "edit-observation",
        &observation,
        "--feedback",
        "Clear and kind; summarise at the end.",
    ]);
    let listed = me.ok(&["placement", "observations"]);
    assert!(
        listed.contains("Carer's assessment observed by Priya Shah")
            && listed.contains("Clear and kind; summarise at the end."),
        "{listed}"
    );
    assert!(me
        .refused(&[
            "placement",
            "edit-observation",
            &observation,
            "--observer",
            " "
        ])
        .contains("observer"));

    let portfolio = me.ok(&["export", "portfolio", "--format", "md"]);
    assert!(
        portfolio.starts_with("# Practice portfolio: Alex Student"),
        "{portfolio}"
    );
    assert!(
        portfolio.contains("| Skills and interventions | 1 | 1 | 0 |"),
        "{portfolio}"
    );
    assert!(
        portfolio.contains("Carer's assessment (observed by Priya Shah)"),
        "{portfolio}"
    );
    let html_file = home.path().join("portfolio.html");
    me.ok(&[
        "export",
        "portfolio",
        "--output",
        &html_file.display().to_string(),
    ]);
    let html = std::fs::read_to_string(&html_file).expect("the portfolio");
    assert!(
        html.starts_with("<!doctype html>") && html.contains("<table>"),
        "{html}"
    );

    let cpd = me.json(&["export", "cpd", "--format", "json"]);
    assert_eq!(cpd[0]["learning"], "Carers know what they need.");
    assert_eq!(cpd[0]["impact"], "I will ask open questions first.");
    assert_eq!(cpd[0]["peer_reflection"], true);
    let md = me.ok(&["export", "cpd"]);
    assert!(md.contains("1 entry, 1 of them peer reflection."), "{md}");
}
