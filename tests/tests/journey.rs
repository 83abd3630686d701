//! A practitioner's first day, end to end on the real app: first run, open a case, record a
//! visit, quit, come back: the case and the visit are still there.

use casecraft_e2e::{workspace_root, App, DEFAULT_WAIT};

#[test]
fn first_run_case_and_entry_survive_a_restart() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");

    let app = App::launch(&data_dir);
    app.first_run("Sam Practitioner", "practitioner");
    app.wait_text("#who", "Sam Practitioner", DEFAULT_WAIT);

    app.type_into("#case-subject", "Alex Rivers");
    app.type_into("#case-reference", "CR-2041");
    app.type_into("#case-summary", "Referred by school for low attendance.");
    app.click("#flag-safeguarding");
    app.click("#new-case button[type=submit]");
    app.wait_text("#case-subject", "Alex Rivers", DEFAULT_WAIT);
    app.wait_text("#case-reference", "CR-2041", DEFAULT_WAIT);
    app.wait_text("#chronology", "Nothing recorded yet", DEFAULT_WAIT);

    app.select("#entry-kind", "home-visit");
    app.type_into("#entry-purpose", "First home visit");
    app.type_into(
        "#entry-body",
        "Alex showed me his room and talked about football.",
    );
    app.click("#new-entry button[type=submit]");
    app.wait_text("#chronology .entry", "First home visit", DEFAULT_WAIT);
    app.wait_text("#chronology .entry", "Home visit", DEFAULT_WAIT);
    app.quit();

    let app = App::launch_unlocked(&data_dir);
    app.wait_text("#cases", "Alex Rivers", DEFAULT_WAIT);
    app.wait_text("#cases", "CR-2041", DEFAULT_WAIT);
    app.wait_text("#cases", "1 draft to complete", DEFAULT_WAIT);
    app.screenshot(&workspace_root().join("docs/screenshots/caseload.png"));

    app.click("#cases .case-link");
    app.wait_text("#case-subject", "Alex Rivers", DEFAULT_WAIT);
    app.wait_text("#case-flags", "Safeguarding", DEFAULT_WAIT);
    app.wait_text("#chronology .entry", "First home visit", DEFAULT_WAIT);
    app.wait_text(
        "#chronology .entry",
        "Alex showed me his room and talked about football.",
        DEFAULT_WAIT,
    );
    app.screenshot(&workspace_root().join("docs/screenshots/case.png"));
    app.quit();
}
