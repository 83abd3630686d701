//! Nothing cut off without a word, in the real app: every list holds more than one page here —
//! the caseload, a chronology, search results, a case's actions and reflections, the trash and
//! supervision sessions — and each says how many there are and shows every one of them on request;
//! the reflection form's entry picker lists every entry of the case. The records are written with
//! the real CLI on the same data folder.

use casecraft_e2e::{App, Device, DEFAULT_WAIT};

/// "50 of 160 cases" in `css`, then the more button until "All N …".
fn shows_all(app: &App, count: &str, more: &str, rows: &str, total: usize, noun: &str) {
    app.wait_for(DEFAULT_WAIT, &format!("a count of {noun}"), |app| {
        app.texts(count)
            .concat()
            .ends_with(&format!("of {} {noun}", number(total)))
    });
    let mut clicks = 0;
    while app.texts(rows).len() < total {
        assert!(clicks < 10, "{noun}: more was clicked {clicks} times");
        let before = app.texts(rows).len();
        app.click(more);
        app.wait_for(DEFAULT_WAIT, &format!("more {noun}"), |app| {
            app.texts(rows).len() > before
        });
        clicks += 1;
    }
    app.wait_text(
        count,
        &format!("All {} {noun}", number(total)),
        DEFAULT_WAIT,
    );
    assert_eq!(
        app.texts(rows).len(),
        total,
        "every one of the {noun} is listed"
    );
    assert!(
        app.eval(&format!(
            "return String(document.querySelector({}).hidden)",
            serde_json::to_string(more).unwrap_or_default()
        ))
        .is_some_and(|hidden| hidden == "true"),
        "no more button once everything is shown"
    );
}

fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn every_list_says_how_many_there_are_and_shows_them_all() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let device = Device::new(&data_dir);
    device.ok(&["init", "--name", "Sam Practitioner"]);
    device.ok(&["seed", "--cases", "170", "--entries", "2000"]);
    let cases = device.json(&["case", "list"]);
    let cases: Vec<String> = cases
        .as_array()
        .expect("the caseload")
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        cases.len(),
        170,
        "the CLI lists every case, not the first 200 or fewer"
    );
    // 105 cases to the trash: more than its page of 100.
    for case in &cases[..105] {
        device.ok(&["case", "delete", case]);
    }
    let trashed = 105;
    // A busy case: more entries, actions and reflections than a page of each.
    let busy = device.ok(&["case", "new", "--subject", "Bea Busy"]);
    let entries = 55;
    for i in 0..entries {
        device.ok(&[
            "entry",
            "add",
            &busy,
            "--kind",
            "case-note",
            "--body",
            &format!("Note {i:02}."),
        ]);
    }
    for i in 0..105 {
        device.ok(&[
            "action",
            "add",
            &busy,
            "--text",
            &format!("Follow-up {i:03}"),
        ]);
    }
    for i in 0..55 {
        device.ok(&[
            "reflect",
            "new",
            "--model",
            "free",
            "--case",
            &busy,
            "--title",
            &format!("Thinking about the family, part {i:02}"),
            "--section",
            &format!("body=Part {i}."),
        ]);
    }
    // More supervision sessions than a page of 50.
    for i in 0..55 {
        device.ok(&[
            "supervision",
            "new",
            "--supervisor",
            "Morgan Ellis",
            "--date",
            &format!("2026-0{}-{:02}", 1 + i / 28, 1 + i % 28),
        ]);
    }

    let app = App::launch_unlocked(&data_dir);
    // The caseload: 66 cases left, 50 a page.
    app.wait_text("#cases", "Last seen", DEFAULT_WAIT);
    shows_all(
        &app,
        "#cases-count",
        "#cases-more",
        "#cases .case-row",
        66,
        "open cases",
    );

    // The busy case's chronology, actions and reflections.
    app.eval(&format!("location.hash = '#/case/{busy}'; return ''"));
    app.wait_text("h1#case-subject", "Bea Busy", DEFAULT_WAIT);
    shows_all(
        &app,
        "#chronology-count",
        "#chronology-more",
        "#chronology .entry",
        entries,
        "entries",
    );
    app.open_tab("actions");
    shows_all(
        &app,
        "#actions-count",
        "#actions-more",
        "#actions .action",
        105,
        "actions",
    );
    app.open_tab("reflections");
    shows_all(
        &app,
        "#case-reflections-count",
        "#case-reflections-more",
        "#case-reflections .reflection",
        55,
        "reflections",
    );

    // The reflection form's entry picker holds every entry of the case, not the newest 50.
    app.click("#reflect-on-case");
    app.wait_text("main h1", "Reflective log", DEFAULT_WAIT);
    app.wait_for(
        DEFAULT_WAIT,
        "every entry of the case in the picker",
        |app| app.texts("#reflection-entry option").len() == entries + 1,
    );

    // Search: the count is a number, and every result comes.
    app.click("#open-search");
    app.type_into("#search-input", "school ");
    app.wait_text("#search-hint", "results; showing 30", DEFAULT_WAIT);
    let hint = app.texts("#search-hint").concat();
    assert!(!hint.contains('+'), "the count is a number: {hint}");
    app.click("#search-more");
    app.wait_text("#search-hint", "showing 60", DEFAULT_WAIT);
    app.type_into("#search-input", "\u{E00C}");

    // The trash and supervision sessions.
    app.go("#/trash");
    shows_all(
        &app,
        "#trash-count",
        "#trash-more",
        "#trash .trash-item",
        trashed,
        "records in the trash",
    );
    app.go("#/supervision");
    shows_all(
        &app,
        "#sessions-count",
        "#sessions-more",
        "#sessions .session",
        55,
        "sessions",
    );
    app.quit();
}
