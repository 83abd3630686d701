//! The team hub in the real desktop app, with a real hub and PostgreSQL started by the test: a
//! practitioner joins from Settings → Team (a mistyped code, an unknown code, a certificate that
//! is not the one the code names and a hub out of reach each refused beside its field), the case
//! a colleague (the real CLI) shared arrives, co-working notes travel both ways, the status line
//! names the hub, a note written after the colleague made her read-only is refused by the hub and
//! listed in the sync inbox with the hub's reason (exported through the save dialog, then
//! discarded), the case header names its members and shares Ana's own case with Ben, Ben's
//! unsharing takes his case off her device with a notice said once, and leaving the team keeps her
//! own case after saying what goes and what stays.

use casecraft_e2e::dialog::{self, FileDialog};
use casecraft_e2e::hub::{join_in_app as join, Hub};
use casecraft_e2e::{App, DEFAULT_WAIT};

fn open_case(app: &App, case: &str) {
    app.go("#/caseload");
    app.click(&format!("main a[href='#/case/{case}']"));
    app.wait_text("h1#case-subject", "Ivy Nowak", DEFAULT_WAIT);
    app.open_tab("cowork");
}

fn write_cowork_note(app: &App, case: &str, body: &str) {
    open_case(app, case);
    // The thread drawn first (even if empty), so the form no longer moves under the click.
    app.wait_for(DEFAULT_WAIT, "the co-working thread", |app| {
        app.eval("return document.querySelector('#cowork li') ? 'yes' : 'no'")
            .is_some_and(|v| v == "yes")
    });
    app.select("#cowork-kind", "discussion");
    app.type_into("#cowork-body", body);
    app.click("#new-cowork button[type=submit]");
    app.wait_text("#panel-cowork", body, DEFAULT_WAIT);
    let notice = app.texts("#notice").concat();
    assert!(!notice.contains("null"), "{notice}");
}

#[test]
fn a_practitioner_joins_the_team_in_the_app_co_works_deals_with_a_refusal_and_leaves() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("North locality");
    // Ben (the CLI) opens a case and shares it with Ana before she has joined.
    let ben = hub.device(&home.path().join("ben"), "Ben Okafor", "practitioner");
    let ana_code = hub.worker("Ana Silva", "practitioner");
    let case = ben.ok(&[
        "case",
        "new",
        "--subject",
        "Ivy Nowak",
        "--summary",
        "Referral from the health visitor.",
    ]);
    ben.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "Ana Silva",
        "--role",
        "co-worker",
    ]);
    ben.ok(&["sync", "run"]);

    let app = App::launch(&home.path().join("ana"));
    app.first_run("Ana Silva", "practitioner");
    app.wait_text("#sync-status", "Not syncing", DEFAULT_WAIT);
    app.go("#/settings");
    app.wait_text("#team-join-title", "Join your team's hub", DEFAULT_WAIT);

    // Each wrong join is said beside its field, and none uses up the real code.
    join(&app, &hub.url, "not a code");
    app.wait_text("[data-field=code] .field-error", "mistyped", DEFAULT_WAIT);
    let (secret, pin) = ana_code
        .split_once('.')
        .expect("a self-signed hub's code names its certificate");
    join(
        &app,
        &hub.url,
        &format!("{}.{pin}", "x".repeat(secret.len())),
    );
    app.wait_text(
        "[data-field=code] .field-error",
        "not known to the hub",
        DEFAULT_WAIT,
    );
    assert!(app
        .texts("[data-field=hub] .field-error")
        .concat()
        .is_empty());
    join(
        &app,
        &hub.url,
        &format!("{secret}.{}", "0".repeat(pin.len())),
    );
    app.wait_text(
        "[data-field=hub] .field-error",
        "certificate this device does not trust",
        DEFAULT_WAIT,
    );
    join(&app, "https://127.0.0.1:9", &ana_code);
    app.wait_text("[data-field=hub] .field-error", "127.0.0.1:9", DEFAULT_WAIT);
    assert!(app
        .texts("[data-field=code] .field-error")
        .concat()
        .is_empty());

    // The real join: the team, Ana, and the certificate she pinned, as her administrator reads it.
    join(&app, &hub.url, &ana_code);
    app.wait_text("#team-name", "North locality", DEFAULT_WAIT * 2);
    app.wait_text("#team-worker", "Ana Silva", DEFAULT_WAIT);
    let pairs = pin
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8_lossy(p).to_uppercase())
        .collect::<Vec<_>>()
        .join(":");
    app.wait_text("#team-fingerprint", &pairs, DEFAULT_WAIT);
    app.wait_text("#team-cases", "1", DEFAULT_WAIT);
    app.wait_text("#sync-status", "hub: synced", DEFAULT_WAIT);
    app.eval("document.getElementById('team-section').scrollIntoView({block: 'start'})");
    app.screenshot_for_docs("team-settings.png");

    // Ben's case arrived with the first round; co-working notes travel both ways.
    app.go("#/caseload");
    app.wait_text("main", "Ivy Nowak", DEFAULT_WAIT);
    write_cowork_note(
        &app,
        &case,
        "Joint visit on Thursday with the school nurse.",
    );
    app.go("#/sync");
    app.wait_text("#sync-summary", "hub: 1 change not yet sent", DEFAULT_WAIT);
    app.wait_text("#sync-status", "hub: 1 change not yet sent", DEFAULT_WAIT);
    app.sync_now();
    app.wait_text("#sync-report", "Team hub:", DEFAULT_WAIT);
    app.wait_text("#sync-status", "hub: synced", DEFAULT_WAIT);
    ben.ok(&["sync", "run"]);
    let thread = ben.ok(&["cowork", "list", &case]);
    assert!(thread.contains("Joint visit on Thursday"), "{thread}");
    ben.ok(&[
        "cowork",
        "add",
        &case,
        "--kind",
        "handover",
        "--body",
        "I will bring the consent forms.",
    ]);
    ben.ok(&["sync", "run"]);
    app.sync_now();
    open_case(&app, &case);
    app.wait_text(
        "#panel-cowork",
        "I will bring the consent forms.",
        DEFAULT_WAIT,
    );
    // Written on Ben's device under his own profile: the team hub names him.
    app.wait_text("#panel-cowork", "Ben Okafor", DEFAULT_WAIT);

    // Ben makes Ana read-only; her next note is refused by the hub, kept on her device, listed
    // with the hub's reason, exported and then discarded from the list.
    ben.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "Ana Silva",
        "--role",
        "read-only",
    ]);
    write_cowork_note(&app, &case, "A note the hub will not take.");
    app.sync_now();
    app.wait_text("#sync-report", "not accepted by the team hub", DEFAULT_WAIT);
    app.wait_text("#sync-status", "1 to review", DEFAULT_WAIT);
    app.wait_text("#inbox .refused .reason", "as read-only", DEFAULT_WAIT);
    app.wait_text("#inbox .refused h3", "Co-working note", DEFAULT_WAIT);
    app.screenshot_for_docs("team-refused.png");
    let kept = home.path().join("not-accepted.json");
    app.click("#refused-export");
    dialog::answer(
        "Export the changes the team hub did not accept",
        FileDialog::Save,
        &kept,
    );
    app.wait_text("#refused-export-status", "Exported 1 change", DEFAULT_WAIT);
    let exported = std::fs::read_to_string(&kept).expect("the export");
    assert!(
        exported.contains("A note the hub will not take.") && exported.contains("as read-only"),
        "{exported}"
    );
    app.click("#inbox .refused .refused-discard");
    app.wait_text("#inbox-empty", "Nothing to review", DEFAULT_WAIT);
    // Still in Ana's records on this device.
    open_case(&app, &case);
    app.wait_text(
        "#panel-cowork",
        "A note the hub will not take.",
        DEFAULT_WAIT,
    );

    // The case's header says who it is shared with; Ana is not its owner, so she cannot share it.
    open_case(&app, &case);
    app.wait_text("#members-list", "Ben Okafor", DEFAULT_WAIT);
    app.wait_text("#members-list", "Ana Silva (you)", DEFAULT_WAIT);
    app.wait_text(
        "#members-list [data-worker] .member-role",
        "owner",
        DEFAULT_WAIT,
    );
    assert!(app.texts("#share-open").is_empty());

    // Ana's own case, shared with Ben from its header.
    app.go("#/caseload");
    app.type_into("#case-subject", "Jonah Price");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Jonah Price", DEFAULT_WAIT);
    app.wait_text("#members-list", "Ana Silva (you)", DEFAULT_WAIT * 2);
    app.click("#share-open");
    app.select("#share-role", "co-worker");
    app.click("#share-submit");
    app.wait_text("#members-list", "Ben Okafor", DEFAULT_WAIT * 2);
    app.screenshot_for_docs("case-members.png");
    let round = ben.ok(&["sync", "run"]);
    assert!(round.contains("was shared with you"), "{round}");

    // Ben stops sharing Ivy Nowak with Ana: at her next sync it leaves her device, and the
    // caseload says so once.
    ben.ok(&["case", "unshare", &case, "--with", "Ana Silva"]);
    app.sync_now();
    app.wait_text("#sync-report", "left this device", DEFAULT_WAIT);
    app.go("#/caseload");
    app.wait_text(
        "#removal-notices",
        "Ben Okafor stopped sharing Ivy Nowak with you on",
        DEFAULT_WAIT,
    );
    app.screenshot_for_docs("removal-notice.png");
    app.click("#removal-notices .removal-ok");
    app.wait_for(DEFAULT_WAIT, "the notice to go", |app| {
        app.texts("#removal-notices .removal-notice").is_empty()
    });
    assert!(!app.texts("main").concat().contains("Ivy Nowak"));
    app.go("#/settings");
    app.go("#/caseload");
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT);
    assert!(app.texts("#removal-notices .removal-notice").is_empty());

    // Leaving: what goes and what stays is said first; Ana's own case stays.
    app.go("#/settings");
    app.click("#team-leave");
    app.wait_text(
        "#team-leave-message",
        "own 1 case(s) stay",
        DEFAULT_WAIT * 2,
    );
    app.click("#team-leave-now");
    app.wait_text("#team-join-title", "Join your team's hub", DEFAULT_WAIT);
    app.wait_text("#sync-status", "Not syncing", DEFAULT_WAIT);
    app.go("#/caseload");
    app.wait_text("main", "Jonah Price", DEFAULT_WAIT);
    app.quit();
}
