//! Encryption at rest in the real app: the recovery code shown once at first run; locking on
//! demand (Ctrl+L) saves the draft being typed and leaves nothing of the casework in the window;
//! a wrong passphrase is refused beside its field; a forgotten passphrase is replaced with the
//! recovery code; the passphrase is changed in Settings; the app locks itself when unused; and
//! casework from before encryption is encrypted when a passphrase is set, without loss.

use std::path::Path;

use casecraft_core::casework::case::NewCase;
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::store::{is_plaintext, DB_FILE};
use casecraft_e2e::{workspace_root, App, Device, APP_PASSPHRASE, DEFAULT_WAIT};

/// Ctrl+L, typed into the element matching `css`.
fn ctrl_l(app: &App, css: &str) {
    app.type_into(css, "\u{e009}l\u{e000}");
}

fn body_text(app: &App) -> String {
    app.eval("return document.body.innerText")
        .unwrap_or_default()
}

#[test]
fn locking_clears_the_window_keeps_the_draft_and_the_recovery_code_resets_the_passphrase() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let app = App::launch(&data);
    // A passphrase typed differently twice is caught before anything is set up.
    app.type_into("#profile-name", "Sam Practitioner");
    app.type_into("#first-run-passphrase", APP_PASSPHRASE);
    app.type_into("#first-run-again", "something else entirely");
    app.click("#first-run button[type=submit]");
    app.wait_text("[data-field=again] .field-error", "differ", DEFAULT_WAIT);
    assert!(!data.join("keys.json").exists());
    let code = app.first_run("Sam Practitioner", "practitioner");
    assert_eq!(code.len(), 39, "eight groups of four with dashes: {code}");
    app.wait_text("#who", "Sam Practitioner", DEFAULT_WAIT);

    app.type_into("#case-subject", "Morwenna Tregarthen");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Morwenna Tregarthen", DEFAULT_WAIT);
    // Typing a draft, then locking straight away: the draft is saved first.
    app.type_into("#entry-body", "Morwenna showed me the garden she planted");
    ctrl_l(&app, "#entry-body");
    app.wait_text("#unlock-title", "Casecraft is locked", DEFAULT_WAIT);
    app.screenshot(&workspace_root().join("docs/screenshots/unlock.png"));
    let shown = body_text(&app);
    for word in ["Morwenna", "Tregarthen", "garden", "Sam Practitioner"] {
        assert!(
            !shown.contains(word),
            "{word} still on screen after locking: {shown}"
        );
    }
    let html = app
        .eval("return document.documentElement.outerHTML")
        .unwrap_or_default();
    assert!(
        !html.contains("Morwenna"),
        "nothing of the case in the page"
    );
    assert_eq!(app.eval("return location.hash").as_deref(), Some(""));

    // A wrong passphrase: refused beside its field, the field emptied.
    app.type_into("#unlock-passphrase", "not my passphrase at all");
    app.click("#unlock button[type=submit]");
    app.wait_text(
        "[data-field=passphrase] .field-error",
        "is not this profile's passphrase",
        DEFAULT_WAIT,
    );
    app.unlock();
    // Back on the case it was locked on, with the draft kept.
    app.wait_text("h1#case-subject", "Morwenna Tregarthen", DEFAULT_WAIT);
    app.wait_text(
        "#chronology .entry-draft",
        "showed me the garden she planted",
        DEFAULT_WAIT,
    );

    // Forgotten passphrase: the recovery code (typed in lower case) and a new one.
    app.click("#lock-now");
    app.wait_text("#unlock-title", "Casecraft is locked", DEFAULT_WAIT);
    app.click("#forgot-passphrase");
    app.type_into(
        "#recovery-code-input",
        "0000 0000 0000 0000 0000 0000 0000 0000",
    );
    app.type_into("#recover-new", "a brand new passphrase");
    app.type_into("#recover-again", "a brand new passphrase");
    app.click("#recover button[type=submit]");
    app.wait_text(
        "[data-field='recovery code'] .field-error",
        "does not open this profile",
        DEFAULT_WAIT,
    );
    app.fill("#recovery-code-input", &code.to_lowercase());
    app.click("#recover button[type=submit]");
    app.wait_text("h1#case-subject", "Morwenna Tregarthen", DEFAULT_WAIT);
    app.quit();

    // The old passphrase no longer opens it; the new one does (the CLI agrees).
    let cli = Device::new(&data);
    assert!(cli
        .refused(&["case", "list"])
        .contains("is not this profile's passphrase"));
    let cli = cli.with_env("CASECRAFT_PASSPHRASE", "a brand new passphrase");
    assert!(cli.ok(&["case", "list"]).contains("Morwenna Tregarthen"));

    // Settings: change it back (the current one is checked first).
    let app = App::launch(&data);
    app.wait_text("#unlock-title", "Casecraft is locked", DEFAULT_WAIT);
    app.type_into("#unlock-passphrase", "a brand new passphrase");
    app.click("#unlock button[type=submit]");
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT);
    app.go("#/settings");
    app.type_into("#passphrase-current", "not the current one");
    app.type_into("#passphrase-new-passphrase", APP_PASSPHRASE);
    app.type_into("#passphrase-new-again", APP_PASSPHRASE);
    app.click("#passphrase-change");
    app.wait_text(
        "[data-field='current passphrase'] .field-error",
        "is not this profile's passphrase",
        DEFAULT_WAIT,
    );
    app.fill("#passphrase-current", "a brand new passphrase");
    app.click("#passphrase-change");
    app.wait_text("#passphrase-status", "Passphrase changed", DEFAULT_WAIT);

    // Locking when unused: one minute, then nothing touched.
    app.fill("#lock-after", "0");
    app.click("#lock-after-save");
    app.wait_text(
        "[data-field='lock after'] .field-error",
        "between 1 and 240",
        DEFAULT_WAIT,
    );
    app.fill("#lock-after", "1");
    app.click("#lock-after-save");
    app.wait_text("#lock-after-status", "after 1 minute", DEFAULT_WAIT);
    app.go("#/caseload");
    app.wait_text("#cases", "Morwenna", DEFAULT_WAIT);
    // A form with text not yet saved: warned before the lock takes it away.
    app.type_into("#case-subject", "Half-typed name");
    app.wait_text("#lock-warning", "locks in a minute", DEFAULT_WAIT * 2);
    app.wait_text(
        "#unlock-title",
        "Casecraft is locked",
        std::time::Duration::from_secs(90),
    );
    assert!(!body_text(&app).contains("Morwenna"));
    app.unlock();
    app.wait_text("#cases", "Morwenna", DEFAULT_WAIT);
    app.quit();
}

/// Casework written before encryption at rest, as the foundation left it: unencrypted.
fn unencrypted_casework(dir: &Path) {
    let mut store = casecraft_core::Store::open_dir(dir).expect("a store");
    store
        .init_profile(NewProfile {
            display_name: "Early Adopter".into(),
            role: Role::Practitioner,
        })
        .expect("a profile");
    store
        .create_case(NewCase {
            subject: "Ffion Llewellyn".into(),
            ..Default::default()
        })
        .expect("a case");
}

#[test]
fn casework_from_before_encryption_is_encrypted_when_a_passphrase_is_set() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    unencrypted_casework(&data);
    assert!(is_plaintext(&data.join(DB_FILE)).expect("readable"));
    // The CLI will not write to it unencrypted.
    assert!(Device::new(&data)
        .refused(&["case", "list"])
        .contains("not encrypted yet"));

    let app = App::launch(&data);
    app.wait_text(
        "#encrypt-title",
        "Protect your casework with a passphrase",
        DEFAULT_WAIT,
    );
    app.type_into("#encrypt-passphrase", "short");
    app.type_into("#encrypt-again", "short");
    app.click("#encrypt button[type=submit]");
    app.wait_text(
        "[data-field=passphrase] .field-error",
        "at least 10 characters",
        DEFAULT_WAIT,
    );
    assert!(is_plaintext(&data.join(DB_FILE)).expect("readable"));
    app.fill("#encrypt-passphrase", APP_PASSPHRASE);
    app.fill("#encrypt-again", APP_PASSPHRASE);
    app.click("#encrypt button[type=submit]");
    app.wait_text("#recovery-title", "Your recovery code", DEFAULT_WAIT * 3);
    app.click("#recovery-done");
    // Setting the passphrase opened the casework: no unlock needed now.
    app.wait_text("#cases", "Ffion Llewellyn", DEFAULT_WAIT);
    app.quit();

    assert!(!is_plaintext(&data.join(DB_FILE)).expect("readable"));
    let bytes = std::fs::read(data.join(DB_FILE)).expect("the database");
    assert!(!bytes.windows(7).any(|w| w == b"Llewell"));
    assert!(Device::new(&data)
        .ok(&["case", "list"])
        .contains("Ffion Llewellyn"));
}
