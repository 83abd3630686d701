//! Two profiles syncing through one folder on the real desktop app: sync set up on the laptop's
//! app, joined from the office app (a wrong passphrase refused beside its field), a case travels,
//! the same fields changed on both devices come back as conflicts shown side by side in the
//! inbox and on the case, one value is kept, two lists combined and a merged summary reviewed, and the resolution travels
//! back to the laptop. The laptop's offline edit is made with the real CLI on its data folder
//! while the office app stays open.

use std::path::Path;

use casecraft_e2e::dialog::{self, FileDialog};
use casecraft_e2e::{workspace_root, App, Device, DEFAULT_WAIT};

const PASS: &str = "orange kettle seventeen";

fn first_run(app: &App, name: &str) {
    app.first_run(name, "practitioner");
}

fn open_sync(app: &App) {
    app.go("#/sync");
    app.wait_text("main h1", "Sync", DEFAULT_WAIT);
}

/// The titles of the folder dialogs for setting up and for joining.
const NEW_TITLE: &str = "Choose a folder for syncing (a USB stick, a network or cloud folder)";
const JOIN_TITLE: &str = "Choose the sync folder your other device set up";

/// Sets up (or joins) sync: the passphrase typed, the folder chosen in the system's dialog.
fn setup(app: &App, folder: &Path, passphrase: &str, join: bool) {
    if join {
        app.click("#sync-mode-join");
    }
    app.fill("#sync-passphrase", passphrase);
    if !join {
        app.fill("#sync-passphrase-again", passphrase);
    }
    app.click("#sync-setup");
    let title = if join { JOIN_TITLE } else { NEW_TITLE };
    dialog::answer(title, FileDialog::Folder, folder);
}

fn sync_now(app: &App) {
    app.click("#sync-now");
    app.wait_text("#sync-report", "Synced:", DEFAULT_WAIT * 2);
}

#[test]
fn two_profiles_sync_through_a_folder_and_conflicts_are_resolved_in_the_inbox() {
    let home = tempfile::tempdir().expect("temp dir");
    let folder = home.path().join("shared");
    let laptop_dir = home.path().join("laptop");
    let office_dir = home.path().join("office");

    // The laptop: a case, then sync set up from the app.
    let app = App::launch(&laptop_dir);
    first_run(&app, "Sam Reed");
    app.type_into("#case-subject", "Kwame Okafor");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Kwame Okafor", DEFAULT_WAIT);
    open_sync(&app);
    // Mismatched passphrases are caught before anything is written (or any dialog opens).
    std::fs::create_dir_all(&folder).expect("the shared folder");
    app.fill("#sync-passphrase", PASS);
    app.fill("#sync-passphrase-again", "orange kettle seventy");
    app.click("#sync-setup");
    app.wait_text(
        "[data-field=passphraseAgain] .field-error",
        "does not match",
        DEFAULT_WAIT,
    );
    assert!(!folder.join("vault.json").exists());
    setup(&app, &folder, PASS, false);
    app.wait_text("#sync-summary", "not yet synced", DEFAULT_WAIT * 2);
    sync_now(&app);
    app.wait_text("#sync-summary", "All changes synced", DEFAULT_WAIT);
    app.wait_text("#sync-status", "All changes synced", DEFAULT_WAIT);
    assert!(folder.join("vault.json").exists());
    app.quit();

    // The office: join (a wrong passphrase first), sync, and the case is there.
    let app = App::launch(&office_dir);
    first_run(&app, "Sam Reed (office)");
    open_sync(&app);
    setup(&app, &folder, "not the passphrase at all", true);
    app.wait_text(
        "[data-field=passphrase] .field-error",
        "is not this vault's sync passphrase",
        DEFAULT_WAIT * 2,
    );
    setup(&app, &folder, PASS, true);
    app.wait_text("#sync-summary", "never synced", DEFAULT_WAIT * 2);
    sync_now(&app);
    app.wait_text("#inbox", "Nothing to review", DEFAULT_WAIT);
    app.go("#/caseload");
    app.wait_text("#cases", "Kwame Okafor", DEFAULT_WAIT);
    app.click("#cases a.case-link");
    app.wait_text("h1#case-subject", "Kwame Okafor", DEFAULT_WAIT);

    // Offline on both: the office changes the reference and flags in the app...
    app.click("#edit-case");
    app.fill("#edit-reference", "OFFICE-7");
    app.fill("#edit-summary", "Office: school place confirmed.");
    app.click("#edit-flag-interpreter-needed");
    app.click("#edit-case-form button[type=submit]");
    app.wait_text("#case-reference", "OFFICE-7", DEFAULT_WAIT);
    app.wait_text("#case-flags", "Interpreter needed", DEFAULT_WAIT);

    // ...while the laptop changes the same fields and syncs first.
    let laptop = Device::new(&laptop_dir);
    let case = laptop.json(&["case", "list"])[0]["id"]
        .as_str()
        .expect("the laptop lists its case")
        .to_owned();
    laptop.ok(&[
        "case",
        "edit",
        &case,
        "--reference",
        "LAP-3",
        "--flag",
        "safeguarding",
        "--summary",
        "Laptop: moved in with his aunt.",
    ]);
    laptop.ok(&["sync", "run"]);

    // The office syncs: both values of each field are kept, side by side in the inbox.
    open_sync(&app);
    sync_now(&app);
    app.wait_text("#inbox-list", "Reference", DEFAULT_WAIT);
    app.wait_text("#sync-status", "3 to review", DEFAULT_WAIT);
    // The summary was edited on both: both edits are in the merged text, flagged for review.
    app.wait_text(
        "#inbox-list .merged .merged-text",
        "Office: school place confirmed.",
        DEFAULT_WAIT,
    );
    app.wait_text(
        "#inbox-list .merged .merged-text",
        "Laptop: moved in with his aunt.",
        DEFAULT_WAIT,
    );
    let values = app.texts("#inbox-list .conflict .value-text");
    for expected in ["LAP-3", "OFFICE-7", "safeguarding", "interpreter-needed"] {
        assert!(
            values.iter().any(|v| v == expected),
            "{expected} shown side by side: {values:?}"
        );
    }
    app.screenshot(&workspace_root().join("docs/screenshots/sync-inbox.png"));

    // The case carries the flag too.
    app.click("#inbox-list a.inbox-record");
    app.wait_text(".case-header .review-note", "Open the inbox", DEFAULT_WAIT);
    app.wait_text(".case-header .review-badges", "conflict", DEFAULT_WAIT);
    app.wait_text(
        ".case-header .review-badges",
        "merged — review",
        DEFAULT_WAIT,
    );

    // Keep the laptop's reference; keep both flags.
    open_sync(&app);
    app.click("#inbox-list button[aria-label='Keep “LAP-3”']");
    app.wait_for(
        DEFAULT_WAIT,
        "the reference conflict to leave the inbox",
        |app| app.texts("#inbox-list .conflict").len() == 1,
    );
    app.click("#inbox-list .conflict[data-field=flags] .combine");
    app.click("#inbox-list .merged .reviewed");
    app.wait_text("#inbox", "Nothing to review", DEFAULT_WAIT);
    app.wait_text("#sync-summary", "not yet synced", DEFAULT_WAIT);
    sync_now(&app);
    app.wait_text("#sync-summary", "All changes synced", DEFAULT_WAIT);
    app.quit();

    // The resolution reaches the laptop: no conflicts there, the same values on both.
    laptop.ok(&["sync", "run"]);
    let office = Device::new(&office_dir);
    for device in [&laptop, &office] {
        let open = device.json(&["conflicts", "list"]);
        assert_eq!(open["fields"], serde_json::json!([]), "{open}");
        assert_eq!(open["merged_bodies"], serde_json::json!([]), "{open}");
        let summary = device.json(&["case", "show", &case])["summary"].to_string();
        assert!(
            summary.contains("school place confirmed")
                && summary.contains("moved in with his aunt"),
            "both edits kept: {summary}"
        );
        let shown = device.json(&["case", "show", &case]);
        assert_eq!(shown["reference"], "LAP-3");
        assert_eq!(
            shown["flags"],
            serde_json::json!(["interpreter-needed", "safeguarding"])
        );
    }
}
