//! Two people's desktop apps and a colleague's CLI on one team hub, with a real PostgreSQL started
//! by the test: a practitioner (Ana) and her supervisor (Sue) each join from Settings → Team (a
//! wrong code refused beside its field first), Ana shares a case with Sue for supervision from its
//! header, both write co-working notes without syncing and then each reads the other's, named with
//! their team role; Sue's Team page shows Ana's case with its signals, and the decision of the
//! supervision Sue records reaches Ana's chronology as a significant entry by Sue; Ana stops
//! sharing and the case leaves Sue's window; a case Ben transfers from the CLI arrives in Sue's
//! caseload; and Ana hands a case on from its header after reading its checklist and transfer pack.

use casecraft_e2e::hub::{join_in_app as join, Hub};
use casecraft_e2e::{App, DEFAULT_WAIT};

/// Joins from Settings → Team and waits for the team's name.
fn join_team(app: &App, hub: &Hub, code: &str) {
    app.go("#/settings");
    app.wait_text("#team-join-title", "Join your team's hub", DEFAULT_WAIT);
    join(app, &hub.url, code);
    app.wait_text("#team-name", "West locality", DEFAULT_WAIT * 2);
}

/// Chooses the option of a `<select>` whose text starts with `label`.
fn choose(app: &App, css: &str, label: &str) {
    let chosen = app.eval(&format!(
        "const s = document.querySelector({css:?}); \
         const o = [...s.options].find((o) => o.textContent.startsWith({label:?})); \
         if (!o) return ''; s.value = o.value; s.dispatchEvent(new Event('change')); return o.value"
    ));
    assert!(
        chosen.is_some_and(|v| !v.is_empty()),
        "{label} among the options of {css}"
    );
}

fn open_case(app: &App, case: &str, subject: &str) {
    app.go("#/caseload");
    app.click(&format!("main a[href='#/case/{case}']"));
    app.wait_text("h1#case-subject", subject, DEFAULT_WAIT);
}

fn write_cowork_note(app: &App, case: &str, body: &str) {
    open_case(app, case, "Ivy Nowak");
    app.open_tab("cowork");
    app.wait_for(DEFAULT_WAIT, "the co-working thread", |app| {
        app.eval("return document.querySelector('#cowork li') ? 'yes' : 'no'")
            .is_some_and(|v| v == "yes")
    });
    app.select("#cowork-kind", "discussion");
    app.type_into("#cowork-body", body);
    app.click("#new-cowork button[type=submit]");
    app.wait_text("#panel-cowork", body, DEFAULT_WAIT);
}

#[test]
fn a_practitioner_and_her_supervisor_co_work_oversee_and_hand_on_cases_in_two_apps() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("West locality");
    let ben = hub.device(&home.path().join("ben"), "Ben Okafor", "practitioner");
    let ana_code = hub.worker("Ana Silva", "practitioner");
    let sue_code = hub.worker("Sue Park", "supervisor");

    let ana = App::launch(&home.path().join("ana"));
    ana.first_run("Ana Silva", "practitioner");
    ana.go("#/settings");
    ana.wait_text("#team-join-title", "Join your team's hub", DEFAULT_WAIT);
    let (secret, pin) = ana_code.split_once('.').expect("a pinned code");
    join(
        &ana,
        &hub.url,
        &format!("{}.{pin}", "y".repeat(secret.len())),
    );
    ana.wait_text(
        "[data-field=code] .field-error",
        "not known to the hub",
        DEFAULT_WAIT,
    );
    join_team(&ana, &hub, &ana_code);
    // The Team page is in the menu once the device has joined a team.
    ana.wait_for(DEFAULT_WAIT, "the Team link", |app| {
        app.eval("return document.getElementById('nav-team').hidden ? 'hidden' : 'shown'")
            .is_some_and(|v| v == "shown")
    });

    let sue = App::launch(&home.path().join("sue"));
    sue.first_run("Sue Park", "supervisor");
    join_team(&sue, &hub, &sue_code);

    // Ana opens a case, records a visit, and shares the case with Sue for supervision.
    ana.go("#/caseload");
    ana.type_into("#case-subject", "Ivy Nowak");
    ana.click("#new-case button[type=submit]");
    ana.wait_text("h1#case-subject", "Ivy Nowak", DEFAULT_WAIT);
    let case = ana
        .eval("return location.hash.split('/')[2]")
        .expect("the case's id");
    ana.wait_text("#members-list", "Ana Silva (you)", DEFAULT_WAIT * 2);
    ana.click("#share-open");
    choose(&ana, "#share-worker", "Sue Park");
    ana.select("#share-role", "supervisor");
    ana.click("#share-submit");
    ana.wait_text("#members-list", "Sue Park", DEFAULT_WAIT * 2);
    sue.sync_now();
    sue.go("#/caseload");
    sue.wait_text("main", "Ivy Nowak", DEFAULT_WAIT);
    sue.wait_text("#cases .case-role", "you supervise", DEFAULT_WAIT);
    open_case(&sue, &case, "Ivy Nowak");
    sue.wait_text("#case-role-note", "as its supervisor", DEFAULT_WAIT);
    // The page offers only what the hub takes from a supervisor.
    for absent in ["#edit-case", "#close-case", "#delete-case", "#new-entry"] {
        assert!(
            sue.texts(absent).is_empty(),
            "{absent} on a supervisor's case page"
        );
    }
    sue.open_tab("network");
    assert!(sue.texts("#new-person").is_empty());
    sue.open_tab("actions");
    sue.wait_text("#new-action", "Add an action", DEFAULT_WAIT);

    // Both write a co-working note before either syncs; then each reads the other's, named with
    // their team role.
    write_cowork_note(&ana, &case, "Ivy asked for her aunt at the visit.");
    write_cowork_note(&sue, &case, "Consider a family group conference.");
    ana.sync_now();
    sue.sync_now();
    ana.sync_now();
    open_case(&ana, &case, "Ivy Nowak");
    ana.open_tab("cowork");
    ana.wait_text(
        "#panel-cowork",
        "Consider a family group conference.",
        DEFAULT_WAIT,
    );
    ana.wait_text("#panel-cowork", "Sue Park (supervisor)", DEFAULT_WAIT);
    open_case(&sue, &case, "Ivy Nowak");
    sue.open_tab("cowork");
    sue.wait_text(
        "#panel-cowork",
        "Ivy asked for her aunt at the visit.",
        DEFAULT_WAIT,
    );
    sue.wait_text("#panel-cowork", "Ana Silva (practitioner)", DEFAULT_WAIT);

    // Sue's Team page: Ana's case with its signals, read only.
    sue.go("#/team");
    sue.wait_text("main h1", "Team", DEFAULT_WAIT);
    sue.wait_text(".overseen h2", "Ana Silva", DEFAULT_WAIT);
    sue.wait_text(".overseen .case-row", "Ivy Nowak", DEFAULT_WAIT);
    sue.wait_text(".overseen .signals", "Not seen since opening", DEFAULT_WAIT);
    sue.screenshot_for_docs("team-oversight.png");

    // Sue records supervision with a decision on Ana's case; it reaches Ana's chronology as a
    // significant entry, by Sue.
    sue.go("#/supervision");
    sue.wait_text("main h1", "Supervision", DEFAULT_WAIT);
    sue.click("#supervision-add-decision");
    sue.select(".decision-row select", &case);
    sue.type_into(
        ".decision-row textarea",
        "Visit weekly until the review; ask the school about attendance.",
    );
    sue.type_into("#supervision-supervisor", "Sue Park");
    sue.click("#supervision-save");
    sue.wait_text("#supervision-status", "Session recorded", DEFAULT_WAIT);
    sue.sync_now();
    ana.sync_now();
    open_case(&ana, &case, "Ivy Nowak");
    ana.wait_text(
        "#chronology .entry.significant",
        "Visit weekly until the review",
        DEFAULT_WAIT,
    );
    ana.wait_text(
        "#chronology .entry.significant .entry-author",
        "by Sue Park (supervisor)",
        DEFAULT_WAIT,
    );
    ana.wait_text(
        "#chronology .entry.significant .entry-kind",
        "Supervision decision",
        DEFAULT_WAIT,
    );

    // Ana stops sharing: at Sue's next sync the case leaves her window, said once.
    ana.wait_text("#members-list", "Sue Park", DEFAULT_WAIT * 2);
    ana.click("#members-list button[aria-label='Stop sharing with Sue Park']");
    ana.wait_for(DEFAULT_WAIT * 2, "Sue to leave the members", |app| {
        !app.texts("#members-list").concat().contains("Sue Park")
    });
    sue.sync_now();
    sue.go("#/caseload");
    sue.wait_text(
        "#removal-notices",
        "Ana Silva stopped sharing Ivy Nowak with you on",
        DEFAULT_WAIT,
    );
    assert!(!sue.texts("#cases").concat().contains("Ivy Nowak"));
    sue.go("#/team");
    sue.wait_text(
        "#team-nothing-overseen",
        "No colleague's cases",
        DEFAULT_WAIT,
    );

    // Ben transfers a case from the CLI: it arrives in Sue's caseload, and on her Team page as
    // hers to allocate.
    let kai = ben.ok(&["case", "new", "--subject", "Kai Brown"]);
    ben.ok(&["sync", "run"]);
    ben.ok(&["case", "transfer", &kai, "--to", "Sue Park"]);
    sue.sync_now();
    sue.go("#/caseload");
    sue.wait_text("#cases", "Kai Brown", DEFAULT_WAIT);
    open_case(&sue, &kai, "Kai Brown");
    sue.wait_text("#chronology", "Transfer summary", DEFAULT_WAIT);
    sue.wait_text(
        "#chronology .entry-author",
        "by Ben Okafor (practitioner)",
        DEFAULT_WAIT,
    );
    sue.go("#/team");
    sue.wait_text("#held-cases", "Kai Brown", DEFAULT_WAIT);
    sue.quit();

    // Ana hands Ivy Nowak on to Ben from its header: the checklist, the transfer pack, then the
    // transfer; the case arrives on Ben's device and leaves Ana's.
    open_case(&ana, &case, "Ivy Nowak");
    ana.click("#transfer-open");
    ana.wait_text("#transfer-drafts", "No drafts are left", DEFAULT_WAIT);
    ana.wait_text("#transfer-actions", "No actions are open", DEFAULT_WAIT);
    ana.click("#transfer-pack-link");
    ana.wait_text(
        "#transfer-pack h1",
        "Transfer pack: Ivy Nowak",
        DEFAULT_WAIT,
    );
    ana.wait_text(
        "#transfer-pack",
        "Visit weekly until the review",
        DEFAULT_WAIT,
    );
    ana.screenshot_for_docs("transfer-pack.png");
    open_case(&ana, &case, "Ivy Nowak");
    ana.click("#transfer-open");
    ana.wait_text("#transfer-drafts", "No drafts are left", DEFAULT_WAIT);
    choose(&ana, "#transfer-worker", "Ben Okafor");
    ana.screenshot_for_docs("transfer-form.png");
    ana.click("#transfer-submit");
    ana.wait_text("main h1", "Caseload", DEFAULT_WAIT * 2);
    ben.ok(&["sync", "run"]);
    assert!(ben.ok(&["case", "list"]).contains("Ivy Nowak"));
    ana.wait_for(
        DEFAULT_WAIT * 2,
        "Ivy Nowak to leave Ana's caseload",
        |app| {
            app.go("#/caseload");
            !app.texts("#cases").concat().contains("Ivy Nowak")
        },
    );
    ana.quit();
}

#[test]
fn a_manager_allocates_a_referral_and_moves_a_case_between_workers_in_the_app() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("West locality");
    let ana = hub.device(&home.path().join("ana"), "Ana Silva", "practitioner");
    let ben = hub.device(&home.path().join("ben"), "Ben Okafor", "practitioner");
    let code = hub.worker("Morgan Ellis", "manager");

    let morgan = App::launch(&home.path().join("morgan"));
    morgan.first_run("Morgan Ellis", "practitioner");
    join_team(&morgan, &hub, &code);
    // A referral Morgan opens is held by Morgan until allocated.
    morgan.go("#/caseload");
    morgan.type_into("#case-subject", "Kai Brown");
    morgan.click("#new-case button[type=submit]");
    morgan.wait_text("h1#case-subject", "Kai Brown", DEFAULT_WAIT);
    let kai = morgan
        .eval("return location.hash.split('/')[2]")
        .expect("the case's id");
    morgan.sync_now();
    morgan.go("#/team");
    morgan.wait_text("#held-cases", "Kai Brown", DEFAULT_WAIT);
    morgan.click("#held-cases .allocate-open");
    morgan.wait_text("#transfer-title", "Allocate Kai Brown", DEFAULT_WAIT);
    assert_eq!(
        morgan.eval("return String(document.getElementById('transfer-oversee').checked)"),
        Some("true".into()),
        "an allocation keeps the manager on the case"
    );
    choose(&morgan, "#transfer-worker", "Ana Silva");
    morgan.click("#transfer-submit");
    morgan.wait_text(".overseen h2", "Ana Silva", DEFAULT_WAIT * 2);
    morgan.wait_text(".overseen .case-row", "Kai Brown", DEFAULT_WAIT);
    assert!(morgan.texts("#held-cases").concat().is_empty());
    let round = ana.ok(&["sync", "run"]);
    assert!(
        round.contains(&format!("Case {kai} was shared with you")),
        "{round}"
    );
    assert!(ana.ok(&["case", "list"]).contains("Kai Brown"));
    let summary = ana.ok(&["entry", "list", &kai]);
    assert!(summary.contains("Transfer summary"), "{summary}");

    // Ana writes on it; Morgan sees the signals, then moves the case to Ben.
    let visit = ana.ok(&[
        "entry",
        "add",
        &kai,
        "--kind",
        "home-visit",
        "--body",
        "Met Kai at home.",
    ]);
    ana.ok(&["entry", "complete", &visit]);
    ana.ok(&["sync", "run"]);
    morgan.sync_now();
    morgan.go("#/team");
    morgan.wait_text(".overseen .signals", "Last seen", DEFAULT_WAIT);
    morgan.screenshot_for_docs("team-manager.png");
    morgan.click(".overseen .allocate-open");
    morgan.wait_text("#transfer-title", "Transfer Kai Brown", DEFAULT_WAIT);
    choose(&morgan, "#transfer-worker", "Ben Okafor");
    morgan.click("#transfer-submit");
    morgan.wait_text(".overseen h2", "Ben Okafor", DEFAULT_WAIT * 2);
    let round = ben.ok(&["sync", "run"]);
    assert!(
        round.contains(&format!("Case {kai} was shared with you")),
        "{round}"
    );
    let round = ana.ok(&["sync", "run"]);
    assert!(round.contains("no longer a member"), "{round}");
    morgan.quit();
}
