//! Backups in the real app: made from Settings into a file chosen in the system's save dialog
//! (mismatched passphrases caught first; a cancelled dialog makes nothing; nothing readable in the
//! file), then restored from a file chosen in the open dialog over later changes (the confirmation
//! and a wrong passphrase each refused beside their field, changing nothing), and the caseload is
//! the backup's again.

use casecraft_e2e::dialog::{self, FileDialog};
use casecraft_e2e::{App, DEFAULT_WAIT};

const PASS: &str = "willow compass eighteen";
/// The titles of the app's backup dialogs.
const SAVE_TITLE: &str = "Save a backup of your casework";
const OPEN_TITLE: &str = "Choose a backup to restore";

fn new_case(app: &App, subject: &str) {
    app.go("#/caseload");
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT);
    app.type_into("#case-subject", subject);
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", subject, DEFAULT_WAIT);
}

#[test]
fn a_backup_made_in_the_app_restores_over_later_changes() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = App::launch(&home.path().join("data"));
    app.first_run("Sam Practitioner", "practitioner");
    new_case(&app, "Jordan Blake");

    let file = home.path().join("usb").join("casework.ccbackup");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("usb");
    app.go("#/settings");
    app.fill("#backup-passphrase", PASS);
    app.fill("#backup-passphrase-again", "willow compass eighty");
    app.click("#backup-make");
    app.wait_text(
        "#backup-form [data-field=passphraseAgain] .field-error",
        "does not match",
        DEFAULT_WAIT,
    );
    assert!(!file.exists());
    app.fill("#backup-passphrase-again", PASS);
    // Changing one's mind in the dialog makes nothing.
    app.click("#backup-make");
    dialog::cancel(SAVE_TITLE);
    app.wait_text("#backup-status", "No backup was made", DEFAULT_WAIT);
    assert!(!file.exists());
    app.click("#backup-make");
    dialog::answer(SAVE_TITLE, FileDialog::Save, &file);
    app.wait_text("#backup-status", "Backed up", DEFAULT_WAIT * 3);
    app.wait_text("#backup-status", "casework.ccbackup", DEFAULT_WAIT);
    let bytes = std::fs::read(&file).expect("the backup file");
    assert!(
        !bytes.windows(6).any(|w| w == b"Jordan"),
        "case content readable in the backup"
    );

    new_case(&app, "Written after the backup");
    app.go("#/settings");
    app.fill("#restore-passphrase", PASS);
    app.click("#backup-restore");
    app.wait_text(
        "#restore-form [data-field=confirm] .field-error",
        "Tick the box",
        DEFAULT_WAIT,
    );
    app.click("#restore-confirm");
    app.fill("#restore-passphrase", "not the passphrase");
    app.click("#backup-restore");
    dialog::answer(OPEN_TITLE, FileDialog::Open, &file);
    app.wait_text(
        "#restore-form [data-field=passphrase] .field-error",
        "does not open this backup",
        DEFAULT_WAIT * 3,
    );
    app.go("#/caseload");
    app.wait_text("#cases", "Written after the backup", DEFAULT_WAIT);

    app.go("#/settings");
    app.fill("#restore-passphrase", PASS);
    app.click("#restore-confirm");
    app.click("#backup-restore");
    dialog::answer(OPEN_TITLE, FileDialog::Open, &file);
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT * 3);
    app.wait_text("#cases", "Jordan Blake", DEFAULT_WAIT);
    assert!(
        !app.texts("#cases")
            .join(" ")
            .contains("Written after the backup"),
        "the caseload is the backup's"
    );
    app.wait_text("#who", "Sam Practitioner", DEFAULT_WAIT);
    app.quit();
}
