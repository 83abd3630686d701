//! Signing out of a shared machine in the real app: the settings screen says how many changes
//! would be lost (this machine never synced), Cancel keeps everything, and signing out anyway
//! brings the app back to first run — also after a restart, and for the CLI on the same folder.

use casecraft_e2e::{App, Device, DEFAULT_WAIT};

#[test]
fn signing_out_warns_of_unsynced_changes_and_leaves_nothing_behind() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let app = App::launch(&data);
    app.first_run("Hot Desk Worker", "practitioner");
    app.type_into("#case-subject", "Jordan Blake");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Jordan Blake", DEFAULT_WAIT);

    app.go("#/settings");
    app.click("#sign-out");
    app.wait_text(
        "#sign-out-confirm",
        "not synced and would be lost",
        DEFAULT_WAIT,
    );
    app.wait_text("#sign-out-confirm", "never synced", DEFAULT_WAIT);
    // Cancel: nothing removed.
    app.click("#sign-out-confirm button:not(.danger)");
    app.go("#/caseload");
    app.wait_text("#cases", "Jordan Blake", DEFAULT_WAIT);

    app.go("#/settings");
    app.click("#sign-out");
    app.click("#sign-out-discard");
    app.wait_text("main", "Welcome", DEFAULT_WAIT);
    assert!(
        app.texts("#who").iter().all(|t| t.trim().is_empty()),
        "no one is signed in"
    );
    app.quit();

    let app = App::launch(&data);
    app.wait_text("main", "Welcome", DEFAULT_WAIT);
    app.quit();
    let cli = Device::new(&data);
    assert!(cli
        .refused(&["profile", "show"])
        .contains("no profile here yet"));
}
