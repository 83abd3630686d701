//! A practitioner's and a student's day on the real app, one journey per test, each on its own
//! data directory: recording with autosave through a hard kill, completing and adding an
//! addendum, the network, co-working notes and actions, a reflection with a model and PCF
//! domains, search, closing and reopening, the trash, and settings.

use casecraft_e2e::{App, DEFAULT_WAIT};
use std::path::Path;

const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// First run and one open case; leaves the app on the case view.
fn practitioner_with_case(data_dir: &Path, subject: &str) -> App {
    let app = App::launch(data_dir);
    // A name is needed; the error says so beside the field.
    app.click("#first-run button[type=submit]");
    app.wait_text(
        "[data-field=name] .field-error",
        "Name is required",
        DEFAULT_WAIT,
    );
    app.first_run("Sam Practitioner", "practitioner");
    app.click("#new-case button[type=submit]");
    app.wait_text(
        "[data-field=subject] .field-error",
        "Subject is required",
        DEFAULT_WAIT,
    );
    app.type_into("#case-subject", subject);
    app.type_into("#case-reference", "CR-7");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", subject, DEFAULT_WAIT);
    app
}

fn open_case(app: &App, subject: &str) {
    app.wait_text("#cases", subject, DEFAULT_WAIT);
    app.click("#cases .case-link");
    app.wait_text("h1#case-subject", subject, DEFAULT_WAIT);
}

fn wait_saved(app: &App) {
    app.wait_text("#autosave-status", "Draft saved", DEFAULT_WAIT);
}

#[test]
fn a_visit_typed_before_a_hard_kill_is_all_there_after_restart() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let app = practitioner_with_case(&data_dir, "Jordan Hale");

    app.select("#entry-kind", "home-visit");
    app.type_into("#entry-duration", "45");
    app.type_into("#entry-location", "Family home");
    app.type_into("#entry-participants", "Jordan, Mum");
    app.type_into("#entry-purpose", "Review after school exclusion");
    app.type_into("#entry-body", "Jordan was calm and **talked** about");
    wait_saved(&app);
    app.type_into("#entry-body", " the new timetable");
    app.type_into("#entry-voice", "I want to go back to football");
    app.type_into("#entry-analysis", "Protective factor: sport");
    app.screenshot_for_docs("record.png");
    // Within a second of typing stopping, everything is in the store; then the power goes.
    app.wait_for(DEFAULT_WAIT, "the autosave of the last words", |app| {
        app.eval("return document.getElementById('autosave-status').textContent")
            .is_some_and(|s| s.starts_with("Draft saved"))
    });
    app.kill_hard();

    let app = App::launch_unlocked(&data_dir);
    open_case(&app, "Jordan Hale");
    let entry = "#chronology .entry-draft";
    for words in [
        "Review after school exclusion",
        "Jordan was calm and talked about the new timetable",
        "I want to go back to football",
        "Protective factor: sport",
        "45 min",
        "Family home",
        "Jordan, Mum",
    ] {
        app.wait_text(entry, words, DEFAULT_WAIT);
    }
    // Markdown is rendered by the core: the bold word is a <strong>.
    app.wait_text("#chronology .entry-body strong", "talked", DEFAULT_WAIT);

    // Resume the draft, finish the sentence, complete it.
    app.click("#chronology .entry-draft .entry-tools button");
    app.wait_text("#new-entry-title", "Draft entry", DEFAULT_WAIT);
    app.type_into("#entry-body", " and his friends.");
    wait_saved(&app);
    app.click("#entry-complete");
    app.confirm("Complete this entry?");
    app.wait_text("#autosave-status", "corrections are addenda", DEFAULT_WAIT);
    app.wait_text(
        "#chronology .entry-completed",
        "and his friends.",
        DEFAULT_WAIT,
    );
    assert!(
        app.texts("#chronology .entry-draft").is_empty(),
        "no draft is left"
    );

    // A completed entry is corrected by an addendum, shown under it.
    app.click("#chronology .entry-completed .addendum-open");
    app.type_into(
        ".addendum-form textarea",
        "Correction: Mum's partner was also present.",
    );
    app.click(".addendum-form button[type=submit]");
    app.wait_text(
        "#chronology .entry-completed .addenda",
        "Correction: Mum's partner was also present.",
        DEFAULT_WAIT,
    );
    app.screenshot_for_docs("chronology.png");

    // Next steps become the case's actions.
    app.type_into("#entry-next-steps", "Call the GP");
    app.type_into("#entry-next-steps", ENTER);
    app.type_into("#entry-next-steps", "Book a review meeting");
    app.click("#entry-add-steps");
    app.wait_text("#next-steps-status", "2 actions added", DEFAULT_WAIT);
    app.open_tab("actions");
    app.wait_text("#actions", "Call the GP", DEFAULT_WAIT);
    app.wait_text("#actions", "Book a review meeting", DEFAULT_WAIT);
    app.quit();
}

#[test]
fn the_network_co_working_notes_and_actions_of_a_case() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Riley Moss");

    app.open_tab("network");
    app.click("#new-person button[type=submit]");
    app.wait_text(
        "[data-field=name] .field-error",
        "Name is required",
        DEFAULT_WAIT,
    );
    app.type_into("#person-name", "Dana Moss");
    app.type_into("#person-relationship", "mother");
    app.type_into("#person-household", "Moss family");
    app.click("#new-person button[type=submit]");
    app.wait_text("#network", "Household: Moss family", DEFAULT_WAIT);
    app.wait_text("#network", "Dana Moss — mother", DEFAULT_WAIT);
    app.type_into("#person-name", "Mr Okafor");
    app.type_into("#person-relationship", "class teacher");
    app.type_into("#person-agency", "Hill Primary");
    app.click("#new-person button[type=submit]");
    app.wait_text("#network", "Agency: Hill Primary", DEFAULT_WAIT);
    app.screenshot_for_docs("network.png");

    app.open_tab("cowork");
    app.select("#cowork-kind", "handover");
    app.type_into("#cowork-body", "Over to you while I am on leave.");
    app.click("#new-cowork button[type=submit]");
    app.wait_text("#cowork", "Over to you while I am on leave.", DEFAULT_WAIT);
    app.wait_text("#cowork", "Sam Practitioner", DEFAULT_WAIT);
    app.wait_text("#cowork", "Handover", DEFAULT_WAIT);

    app.open_tab("actions");
    app.type_into("#action-text", "Call the school");
    app.click("#new-action button[type=submit]");
    app.wait_text("#actions", "Call the school", DEFAULT_WAIT);
    app.click("#actions input[type=checkbox]");
    app.wait_for(DEFAULT_WAIT, "the action to be done", |app| {
        !app.texts("#actions .action.done").is_empty()
    });

    // Usable on a small laptop screen: nothing runs off to the side.
    app.resize(1024, 600);
    for tab in [
        "#tab-chronology",
        "#tab-network",
        "#tab-cowork",
        "#tab-actions",
    ] {
        app.click(tab);
        app.wait_for(DEFAULT_WAIT, "no sideways scrolling at 1024×600", |app| {
            app.eval(
                "return String(document.documentElement.scrollWidth <= window.innerWidth + 1 \
                 && window.innerWidth <= 1024)",
            )
            .as_deref()
                == Some("true")
        });
    }
    app.quit();
}

#[test]
fn a_reflection_follows_its_model_and_is_tagged_with_pcf_domains() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Casey Lin");
    app.open_tab("reflections");
    app.click("#reflect-on-case");
    app.wait_text("main h1", "Reflective log", DEFAULT_WAIT);
    app.select("#reflection-model", "gibbs");
    app.wait_text("#reflection-sections", "Description", DEFAULT_WAIT);
    app.wait_text("#reflection-sections", "Feelings", DEFAULT_WAIT);
    app.wait_text("#reflection-sections", "Action plan", DEFAULT_WAIT);
    app.type_into("#reflection-title", "First solo visit");
    app.type_into(
        "#section-description",
        "I visited Casey alone for the first time.",
    );
    app.type_into("#section-feelings", "Nervous at first, then settled.");
    app.click("#pcf-critical-reflection-and-analysis");
    app.click("#pcf-values-and-ethics");
    app.screenshot_for_docs("reflection.png");
    app.click("#new-reflection button[type=submit]");
    app.wait_text("#reflections", "First solo visit", DEFAULT_WAIT);
    app.wait_text("#reflections", "Gibbs", DEFAULT_WAIT);
    app.wait_text(
        "#reflections",
        "Critical reflection and analysis",
        DEFAULT_WAIT,
    );
    app.wait_text("#reflections", "Private", DEFAULT_WAIT);
    app.wait_text("#reflections", "Case: Casey Lin", DEFAULT_WAIT);

    app.select("#filter-pcf", "knowledge");
    app.wait_text("#reflections", "No reflections here yet", DEFAULT_WAIT);
    app.select("#filter-pcf", "values-and-ethics");
    app.wait_text("#reflections", "First solo visit", DEFAULT_WAIT);

    // The case shows it too.
    app.eval("history.back(); return 'ok'");
    app.wait_text("h1#case-subject", "Casey Lin", DEFAULT_WAIT);
    app.open_tab("reflections");
    app.wait_text("#case-reflections", "First solo visit", DEFAULT_WAIT);
    app.quit();
}

#[test]
fn search_finds_as_you_type_and_enter_opens_the_case() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Morgan Ellis");
    // The header is edited after creation: a label with a space is refused beside its field
    // and nothing is saved; then the summary and tags change.
    app.click("#edit-case");
    app.fill("#edit-summary", "Keeps an allotment; grows courgettes.");
    app.fill("#edit-tags", "allotment, green fingers");
    app.click("#edit-case-form button[type=submit]");
    app.wait_text(
        "#edit-case-form [data-field=tag] .field-error",
        "not a valid label",
        DEFAULT_WAIT,
    );
    assert_eq!(app.texts("#case-summary"), vec!["No summary yet."]);
    app.fill("#edit-tags", "allotment, Garden");
    app.click("#edit-case-form button[type=submit]");
    app.wait_text("#case-summary", "grows courgettes", DEFAULT_WAIT);
    app.wait_text("#case-tags", "garden", DEFAULT_WAIT);
    app.type_into("#entry-purpose", "Phone call");
    app.type_into(
        "#entry-body",
        "Morgan spoke about the allotment and courgettes.",
    );
    app.click("#new-entry button[type=submit]");
    app.wait_text("#chronology", "courgettes", DEFAULT_WAIT);
    app.click(".back a");
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT);

    app.click("#open-search");
    app.type_into("#search-input", "courg");
    app.wait_text("#search-results", "Chronology entries", DEFAULT_WAIT);
    app.wait_text("#search-results mark", "courgettes", DEFAULT_WAIT);
    app.wait_text("#search-results", "Cases", DEFAULT_WAIT);
    app.screenshot_for_docs("search.png");
    // Filters: entries only; then nothing dated from a far-off day.
    app.select("#search-kind", "entry");
    app.wait_for(DEFAULT_WAIT, "only chronology entries", |app| {
        app.texts("#search-results h3") == vec!["Chronology entries".to_string()]
    });
    let set_from = |day: &str| {
        app.eval(&format!(
            "const f = document.getElementById('search-from'); f.value = '{day}'; f.dispatchEvent(new Event('change')); return 'set'"
        ))
    };
    assert_eq!(set_from("2999-01-01").as_deref(), Some("set"));
    app.wait_text("#search-hint", "0 results", DEFAULT_WAIT);
    set_from("");
    app.wait_text("#search-results", "courgettes", DEFAULT_WAIT);
    app.type_into("#search-input", ENTER);
    app.wait_text("h1#case-subject", "Morgan Ellis", DEFAULT_WAIT);
    assert!(app.texts("#search").is_empty(), "the search closed");
    // The entry found is the one shown, highlighted and focused.
    app.wait_text("#chronology .entry.highlight", "courgettes", DEFAULT_WAIT);
    app.quit();
}

#[test]
fn closing_needs_a_rationale_that_the_chronology_keeps_and_the_case_reopens() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Avery Stone");
    app.click("#close-case");
    app.wait_text("#close-checklist", "Last direct contact", DEFAULT_WAIT);
    app.wait_text("#close-checklist", "Open actions", DEFAULT_WAIT);
    app.wait_text("#close-checklist", "Last reflection", DEFAULT_WAIT);
    app.wait_text("#close-checklist", "Co-workers informed", DEFAULT_WAIT);
    app.click("#close-form button[type=submit]");
    app.wait_text(
        "[data-field=rationale] .field-error",
        "rationale",
        DEFAULT_WAIT,
    );
    assert_eq!(app.texts("#case-status.status-open").len(), 1, "still open");
    app.type_into(
        "#close-rationale",
        "Goals met; family consented to closure.",
    );
    app.screenshot_for_docs("close.png");
    app.click("#close-form button[type=submit]");
    // The closure review: closing leads straight to a reflection linked to the case.
    app.wait_text("main h1", "Reflective log", DEFAULT_WAIT);
    let case_id = app
        .eval("return document.getElementById('reflection-case').value")
        .unwrap_or_default();
    assert!(
        !case_id.is_empty(),
        "the new reflection is linked to the closed case"
    );
    app.eval(&format!("location.hash = '#/case/{case_id}'; return ''"));
    app.wait_for(DEFAULT_WAIT, "the case to be closed", |app| {
        !app.texts("#case-status.status-closed").is_empty()
    });
    app.wait_text(
        "#chronology",
        "Goals met; family consented to closure.",
        DEFAULT_WAIT,
    );
    // The core decides what a closed case takes (a call, a message, a note), and the form offers
    // exactly that; the closure entry takes an addendum like any completed entry.
    app.wait_text("#closed-case-hint", "reopen it", DEFAULT_WAIT);
    let kinds = app
        .eval("return [...document.querySelectorAll('#entry-kind option')].map((o) => o.value).join(',')")
        .unwrap_or_default();
    assert_eq!(kinds, "phone-call,message,case-note");
    assert_eq!(
        app.texts("#chronology .entry-completed .addendum-open")
            .len(),
        1,
        "the closure entry offers an addendum"
    );

    app.click("#reopen-case");
    app.type_into("#reopen-reason", "New referral from school.");
    app.click("#reopen-form button[type=submit]");
    app.wait_for(DEFAULT_WAIT, "the case to be open again", |app| {
        !app.texts("#case-status.status-open").is_empty()
    });
    app.wait_text("#chronology", "New referral from school.", DEFAULT_WAIT);
    app.quit();
}

#[test]
fn a_case_in_the_trash_comes_back_and_settings_change_the_name() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Quinn Harper");
    app.click("#delete-case");
    app.confirm("Move Quinn Harper to the trash?");
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT);
    app.wait_text("#no-cases", "No cases here", DEFAULT_WAIT);
    app.click("a[href='#/trash']");
    app.wait_text("#trash", "Quinn Harper", DEFAULT_WAIT);
    app.screenshot_for_docs("trash.png");
    app.click("#trash button");
    app.wait_text("#trash", "The trash is empty", DEFAULT_WAIT);
    app.click("a[href='#/caseload']");
    app.wait_text("#cases", "Quinn Harper", DEFAULT_WAIT);

    app.click("a[href='#/settings']");
    // About says which release this is and which database schema it writes.
    app.wait_for(DEFAULT_WAIT, "the about section", |app| {
        app.texts("#about-version")
            .first()
            .is_some_and(|t| t.starts_with("Casecraft ") && t.contains("database schema "))
    });
    app.fill("#settings-name", " ");
    app.click("#settings button[type=submit]");
    app.wait_text(
        "[data-field=name] .field-error",
        "Name is required",
        DEFAULT_WAIT,
    );
    app.fill("#settings-name", "Sam P. Worker");
    app.select("#settings-role", "student");
    app.click("#settings button[type=submit]");
    app.wait_text("#who", "Sam P. Worker · Student", DEFAULT_WAIT);

    // Keyboard first: `?` lists the shortcuts, Esc closes the list, `L` opens the reflective log.
    app.type_into("a.brand", "?");
    app.wait_text("#shortcut-list", "search", DEFAULT_WAIT);
    app.wait_text("#shortcut-list", "reflective log", DEFAULT_WAIT);
    app.type_into("#shortcut-list button", ESCAPE);
    app.wait_for(DEFAULT_WAIT, "the shortcut list to close", |app| {
        app.texts("#shortcut-list").is_empty()
    });
    app.type_into("a.brand", "l");
    app.wait_text("main h1", "Reflective log", DEFAULT_WAIT);
    app.quit();
}

#[test]
fn long_lists_come_a_page_at_a_time() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    // 60 cases with 6,000 entries (about 100 each), written by the CLI on the same data folder.
    let device = casecraft_e2e::Device::new(&data_dir);
    device.ok(&["init", "--name", "Sam Practitioner"]);
    device.ok(&["seed", "--cases", "60", "--entries", "6000"]);

    let app = App::launch_unlocked(&data_dir);
    app.wait_text("#cases", "Last seen", DEFAULT_WAIT);
    let rows = |app: &App| app.texts("#cases .case-row").len();
    assert_eq!(rows(&app), 50, "the caseload's first page");
    app.click("#cases-more");
    app.wait_for(DEFAULT_WAIT, "the second page of cases", |app| {
        rows(app) == 60
    });
    app.select("#filter-sort", "name");
    app.wait_for(DEFAULT_WAIT, "a fresh first page by name", |app| {
        rows(app) == 50
    });

    app.click("#cases .case-link");
    app.wait_for(DEFAULT_WAIT, "the chronology's first page", |app| {
        app.texts("#chronology .entry").len() == 50
    });
    app.click("#chronology-more");
    app.wait_for(DEFAULT_WAIT, "the chronology's second page", |app| {
        app.texts("#chronology .entry").len() > 50
    });
    app.click("#significant-only");
    app.wait_for(DEFAULT_WAIT, "significant events only", |app| {
        let all = app.texts("#chronology .entry").len();
        let significant = app.texts("#chronology .entry.significant").len();
        all > 0 && all == significant
    });
    app.quit();
}
