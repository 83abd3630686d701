//! Supervision in the real app: from the proposed agenda (a significant event just recorded) to a
//! session whose decision appears in the case's chronology as a significant entry, with an agreed
//! action on the case and a wellbeing section that only this device shows.

use casecraft_e2e::{workspace_root, App, Device, DEFAULT_WAIT};

#[test]
fn a_session_goes_from_the_agenda_to_the_case_chronology() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let app = App::launch(&data);
    app.first_run("Sam Practitioner", "practitioner");
    app.type_into("#case-subject", "Ivy Nowak");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Ivy Nowak", DEFAULT_WAIT);
    app.type_into("#entry-purpose", "Placement moved");
    app.type_into(
        "#entry-body",
        "Ivy moved to her aunt's after the strategy meeting.",
    );
    app.click("#entry-significant");
    app.wait_text("#autosave-status", "Draft saved", DEFAULT_WAIT);
    app.click("#entry-complete");
    app.confirm("Complete this entry?");
    app.wait_text("#chronology .entry-completed", "aunt's", DEFAULT_WAIT);

    app.go("#/supervision");
    app.wait_text("main h1", "Supervision", DEFAULT_WAIT);
    app.wait_text(
        "#agenda [data-kind=significant-event]",
        "Placement moved",
        DEFAULT_WAIT,
    );
    // Without a supervisor the session is refused beside the field, and nothing is recorded.
    app.click("#supervision-save");
    app.wait_text(
        "[data-field=supervisor] .field-error",
        "Supervisor",
        DEFAULT_WAIT,
    );
    // Back to a clean form for the session itself.
    app.go("#/caseload");
    app.go("#/supervision");
    app.wait_text(
        "#agenda [data-kind=significant-event]",
        "Placement moved",
        DEFAULT_WAIT,
    );
    app.click("#agenda [data-kind=significant-event] .agenda-add");
    app.type_into(
        ".decision-row textarea",
        "Ivy stays with her aunt; review at the next session.",
    );
    app.type_into("#supervision-supervisor", "Morgan Ellis");
    app.click("#function-management");
    app.click("#function-support");
    app.click("#supervision-add-action");
    app.select(".action-row select", &case_id(&app));
    app.type_into(".action-row .action-text", "Visit Ivy at her aunt's");
    app.type_into("#supervision-wellbeing", "A hard week; supported.");
    app.resize(1280, 1150);
    app.eval("document.activeElement.blur(); document.querySelector('main h1').scrollIntoView(); return ''");
    std::thread::sleep(std::time::Duration::from_millis(300));
    app.screenshot(&workspace_root().join("docs/screenshots/supervision.png"));
    app.click("#supervision-save");
    app.wait_text("#supervision-status", "Session recorded", DEFAULT_WAIT);
    app.wait_text("#sessions", "with Morgan Ellis", DEFAULT_WAIT);
    app.wait_text("#sessions", "Ivy stays with her aunt", DEFAULT_WAIT);
    app.wait_text("#sessions", "Management, Support", DEFAULT_WAIT);

    // In the case: the decision is a significant entry of the chronology; the action is there.
    app.click("#sessions .decisions a");
    app.wait_text("h1#case-subject", "Ivy Nowak", DEFAULT_WAIT);
    app.wait_text(
        "#chronology",
        "Ivy stays with her aunt; review at the next session.",
        DEFAULT_WAIT,
    );
    let significant = app
        .eval("return String([...document.querySelectorAll('#chronology .entry-completed')].filter(e => e.textContent.includes('Ivy stays with her aunt') && e.textContent.includes('significant')).length)")
        .unwrap_or_default();
    assert_eq!(
        significant, "1",
        "the decision is one significant, completed entry"
    );
    app.wait_text("#chronology", "Supervision decision", DEFAULT_WAIT);

    // The case's quality review gathers it on one page, as a supervisor or auditor reads it.
    app.click("#quality-link");
    app.wait_text(
        "#quality-review h1",
        "Quality review: Ivy Nowak",
        DEFAULT_WAIT,
    );
    app.wait_text(
        "#quality-review",
        "Supervision with Morgan Ellis: Ivy stays with her aunt",
        DEFAULT_WAIT,
    );
    app.wait_text("#quality-review", "Placement moved", DEFAULT_WAIT);
    app.wait_text("#quality-review", "Visit Ivy at her aunt's", DEFAULT_WAIT);
    app.wait_text("#quality-review", "Last seen", DEFAULT_WAIT);
    assert_eq!(
        app.texts("#quality-review table tr").len(),
        2,
        "a header and this month's row"
    );
    app.screenshot(&workspace_root().join("docs/screenshots/quality-review.png"));

    // A session moved to the trash leaves its decision in the chronology, and comes back.
    app.go("#/supervision");
    app.click("#sessions .session-trash");
    app.wait_text("#sessions", "No sessions recorded yet.", DEFAULT_WAIT);
    app.go("#/trash");
    app.wait_text("#trash", "Supervision with Morgan Ellis", DEFAULT_WAIT);
    app.click("#trash button");
    app.wait_text("#trash", "The trash is empty", DEFAULT_WAIT);
    app.go("#/supervision");
    app.wait_text("#sessions", "with Morgan Ellis", DEFAULT_WAIT);

    // Corrected afterwards: the supervisor's full name, and the wellbeing section taken out.
    // The decision in the chronology keeps its words and gains an addendum saying so.
    app.click("#sessions .session-edit");
    app.fill("#session-edit-supervisor", "Morgan Ellis-Grant");
    app.wait_text(
        "#session-edit-form",
        "a new date or supervisor is added to each of them as an addendum",
        DEFAULT_WAIT,
    );
    app.fill("#session-edit-supervisor", "");
    app.click("#session-edit-form button[type=submit]");
    app.wait_text(
        "#session-edit-form [data-field=supervisor] .field-error",
        "Supervisor",
        DEFAULT_WAIT,
    );
    app.fill("#session-edit-supervisor", "Morgan Ellis-Grant");
    app.fill("#session-edit-wellbeing", "");
    app.click("#session-edit-form button[type=submit]");
    app.wait_text("#sessions", "with Morgan Ellis-Grant", DEFAULT_WAIT);
    assert!(
        !app.texts("#sessions").concat().contains("Wellbeing"),
        "the wellbeing section was removed"
    );
    app.click("#sessions .decisions a");
    app.wait_text("#chronology", "corrected: held on", DEFAULT_WAIT);
    app.wait_text(
        "#chronology",
        "with Morgan Ellis-Grant (first recorded as",
        DEFAULT_WAIT,
    );
    app.wait_text(
        "#chronology",
        "Ivy stays with her aunt; review at the next session.",
        DEFAULT_WAIT,
    );
    app.quit();

    let cli = Device::new(&data);
    let actions = cli.ok(&["action", "list"]);
    assert!(actions.contains("Visit Ivy at her aunt's"), "{actions}");
    let sessions = cli.json(&["supervision", "list"]);
    assert_eq!(sessions[0]["supervisor"], "Morgan Ellis-Grant");
    assert!(sessions[0]["wellbeing"].is_null(), "{sessions}");
}

/// The id of the case the app shows (from its URL).
fn case_id(app: &App) -> String {
    let options = app
        .eval("return [...document.querySelectorAll('.action-row select option')].map(o => o.value).filter(Boolean).join(',')")
        .unwrap_or_default();
    options.split(',').next().unwrap_or_default().to_string()
}
