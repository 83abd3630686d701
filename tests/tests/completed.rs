//! A completed entry never changes through sync, in the real desktop app: the office edits a
//! draft (with the real CLI) that the laptop's app has meanwhile completed; after both sync, the
//! app shows the entry as completed, with the office's edit under it ("an edit made on another
//! device before it knew this entry was completed") and in the sync inbox; *Add as an addendum…*
//! adds it (the proposed text) and the office gets the addendum, not a changed entry.

use casecraft_e2e::dialog::{self, FileDialog};
use casecraft_e2e::{App, Device, DEFAULT_WAIT};

const PASS: &str = "orange kettle seventeen";

#[test]
fn an_edit_made_before_the_office_knew_of_the_completion_is_shown_and_added_as_an_addendum() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("usb");
    let laptop_dir = home.path().join("laptop");
    let office =
        Device::new(&home.path().join("office")).with_env("CASECRAFT_SYNC_PASSPHRASE", PASS);

    // The office records a draft and syncs.
    office.ok(&["init", "--name", "Morgan Ellis"]);
    let case = office.ok(&["case", "new", "--subject", "Ivy Nowak"]);
    let entry = office.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "home-visit",
        "--body",
        "Saw Ivy at home.",
    ]);
    office.ok(&["sync", "init", &folder.display().to_string()]);
    office.ok(&["sync", "run"]);

    // The laptop joins, completes the draft and syncs.
    let app = App::launch(&laptop_dir);
    app.first_run("Sam Reed", "practitioner");
    app.go("#/sync");
    app.click("#sync-mode-join");
    app.fill("#sync-passphrase", PASS);
    app.click("#sync-setup");
    dialog::answer(
        "Choose the sync folder your other device set up",
        FileDialog::Folder,
        &folder,
    );
    app.wait_text("#sync-summary", "never synced", DEFAULT_WAIT * 2);
    app.click("#sync-now");
    app.wait_text("#sync-report", "Synced:", DEFAULT_WAIT * 2);
    app.go("#/caseload");
    app.wait_text("#cases", "Ivy Nowak", DEFAULT_WAIT);
    app.click("#cases a.case-link");
    app.wait_text("h1#case-subject", "Ivy Nowak", DEFAULT_WAIT);
    app.wait_text("#chronology", "Saw Ivy at home.", DEFAULT_WAIT);
    app.click(&format!(
        "#chronology [data-id='{entry}'] button[aria-label^='Complete']"
    ));
    app.confirm("Complete this entry?");
    app.wait_text(
        &format!("#chronology [data-id='{entry}'] .status"),
        "Completed",
        DEFAULT_WAIT,
    );
    app.go("#/sync");
    app.click("#sync-now");
    app.wait_text("#sync-report", "Synced:", DEFAULT_WAIT * 2);

    // The office, not yet knowing, edits the draft; then syncs (its edit out, the completion in).
    office.ok(&[
        "entry",
        "edit",
        &entry,
        "--body",
        "Saw Ivy at home. Her brother Tom was there too.",
    ]);
    office.ok(&["sync", "run"]);
    let shown = office.json(&["entry", "show", &entry]);
    assert_eq!(shown["status"], "completed");
    assert_eq!(
        shown["body"], "Saw Ivy at home.",
        "the completed text, everywhere"
    );

    // The laptop syncs: the edit is in the inbox, not in the entry.
    app.click("#sync-now");
    app.wait_text("#sync-report", "Synced:", DEFAULT_WAIT * 2);
    app.wait_text(
        "#inbox-list .held",
        "before it knew this entry was completed",
        DEFAULT_WAIT,
    );
    app.wait_text(
        "#inbox-list .held .held-edited",
        "Her brother Tom was there too.",
        DEFAULT_WAIT,
    );
    app.wait_text("#sync-status", "1 to review", DEFAULT_WAIT);

    // Under the entry in the case, with its choices.
    app.click("#inbox-list .held a.inbox-record");
    let item = format!("#chronology [data-id='{entry}']");
    app.wait_text(&format!("{item} .held-box"), "As edited:", DEFAULT_WAIT);
    app.wait_text(
        &format!("{item} .entry-body"),
        "Saw Ivy at home.",
        DEFAULT_WAIT,
    );
    let body = app.texts(&format!("{item} .entry-body")).concat();
    assert!(
        !body.contains("Tom"),
        "the completed text is unchanged: {body}"
    );
    app.click(&format!("{item} .held-add"));
    let proposed = app
        .eval(&format!(
            "return document.querySelector(\"{item} .held-addendum textarea\").value"
        ))
        .unwrap_or_default();
    assert!(proposed.contains("Morgan Ellis"), "who edited: {proposed}");
    assert!(
        proposed.contains("Her brother Tom was there too."),
        "{proposed}"
    );
    app.click(&format!("{item} .held-addendum button[type=submit]"));
    app.wait_text(
        &format!("{item} .addenda"),
        "Her brother Tom was there too.",
        DEFAULT_WAIT,
    );
    app.wait_for(DEFAULT_WAIT, "the held edit to leave the entry", |app| {
        app.texts(&format!("{item} .held-box")).is_empty()
    });
    app.go("#/sync");
    app.wait_text("#inbox", "Nothing to review", DEFAULT_WAIT);
    app.click("#sync-now");
    app.wait_text("#sync-report", "Synced:", DEFAULT_WAIT * 2);
    app.quit();

    // The office gets the addendum; its entry still reads as completed.
    office.ok(&["sync", "run"]);
    let shown = office.json(&["entry", "show", &entry]);
    assert_eq!(shown["body"], "Saw Ivy at home.");
    let addenda = shown["addenda"].as_array().expect("addenda");
    assert_eq!(addenda.len(), 1, "{shown}");
    assert!(addenda[0]["text"]
        .as_str()
        .is_some_and(|t| t.contains("Her brother Tom was there too.")));
    assert_eq!(
        office.json(&["conflicts", "list"])["held_edits"],
        serde_json::json!([])
    );
}
