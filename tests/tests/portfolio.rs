//! A student in the real app: a placement (a missing educator refused beside its field), a day
//! logged and corrected, a direct observation and its correction, a reflection tagged with a PCF
//! domain; the portfolio counts the evidence by domain and the CPD record flags the peer
//! reflection, and anonymised names no one from the student's cases; the CLI exports the same
//! portfolio as a print-ready file.

use casecraft_e2e::{workspace_root, App, Device, DEFAULT_WAIT};

#[test]
fn a_student_gathers_evidence_and_shows_the_portfolio() {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("data");
    let app = App::launch(&data);
    app.first_run("Alex Student", "student");
    // A case on the student's caseload, whose child the reflection names.
    app.type_into("input#case-subject", "Kwame Okafor");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Kwame Okafor", DEFAULT_WAIT);
    app.go("#/portfolio");
    app.wait_text("main h1", "Portfolio and CPD", DEFAULT_WAIT);
    app.type_into("#placement-setting", "Adult Social Care, East Team");
    app.click("#placement-form button[type=submit]");
    app.wait_text(
        "[data-field=educator] .field-error",
        "Educator",
        DEFAULT_WAIT,
    );
    app.type_into("#placement-educator", "Priya Shah");
    app.click("#placement-form button[type=submit]");
    app.wait_text("#placement-progress", "0 of 70 days logged", DEFAULT_WAIT);
    // A correction: the placement needs 100 days, not 70; then back to 70.
    app.click("#placement-edit");
    app.fill("#placement-days", "100");
    app.click("#placement-form button[type=submit]");
    app.wait_text("#placement-progress", "0 of 100 days logged", DEFAULT_WAIT);
    app.click("#placement-edit");
    app.fill("#placement-days", "70");
    app.click("#placement-form button[type=submit]");
    app.wait_text("#placement-progress", "0 of 70 days logged", DEFAULT_WAIT);

    app.type_into("#day-activities", "Shadowed duty; read two case files.");
    app.click("#day-pcf-knowledge");
    app.click("#day-form button[type=submit]");
    app.wait_text("#placement-progress", "1 of 70 days logged", DEFAULT_WAIT);
    app.wait_text("#day-log", "Shadowed duty", DEFAULT_WAIT);
    // The same day twice is refused.
    app.type_into("#day-activities", "Again.");
    app.click("#day-form button[type=submit]");
    app.wait_text(
        "#day-form .form-error",
        "already in the day log",
        DEFAULT_WAIT,
    );

    app.type_into("#observation-activity", "Carer's assessment");
    app.type_into("#observation-feedback", "Clear, kind and well prepared.");
    app.click("#observation-pcf-skills-and-interventions");
    app.click("#observation-form button[type=submit]");
    app.wait_text(
        "#observation-log",
        "Carer's assessment, observed by Priya Shah",
        DEFAULT_WAIT,
    );

    // Corrections: the day's words and domains; the observation's feedback.
    app.click("#day-log li button");
    app.fill(
        "#day-edit-activities",
        "Shadowed duty; read three case files.",
    );
    app.click("#day-edit-pcf-values-and-ethics");
    app.click("#day-edit-form button[type=submit]");
    app.wait_text("#day-log", "read three case files", DEFAULT_WAIT);
    app.wait_text("#day-log", "Values", DEFAULT_WAIT);
    app.wait_text("#placement-progress", "1 of 70 days logged", DEFAULT_WAIT);
    app.click("#observation-log li button");
    app.fill("#observation-edit-observer", "");
    app.click("#observation-edit-form button[type=submit]");
    app.wait_text(
        "#observation-edit-form [data-field=observer] .field-error",
        "Observer",
        DEFAULT_WAIT,
    );
    app.fill("#observation-edit-observer", "Priya Shah");
    app.fill(
        "#observation-edit-feedback",
        "Clear, kind and well prepared; summarise at the end.",
    );
    app.click("#observation-edit-form button[type=submit]");
    app.wait_text("#observation-log", "summarise at the end", DEFAULT_WAIT);

    app.go("#/reflections");
    app.select("#reflection-model", "free");
    app.wait_text("#reflection-sections", "Reflection", DEFAULT_WAIT);
    app.type_into("#reflection-title", "Power in assessments");
    app.type_into(
        "#section-body",
        "Whose voice is in the plan? Kwame's, first.",
    );
    app.click("#pcf-skills-and-interventions");
    app.type_into("#reflection-tags", "peer-reflection");
    app.click("#new-reflection button[type=submit]");
    app.wait_text("#reflections", "Power in assessments", DEFAULT_WAIT);

    app.go("#/portfolio");
    app.click("#show-portfolio");
    app.wait_text(
        "#portfolio h1",
        "Practice portfolio: Alex Student",
        DEFAULT_WAIT,
    );
    app.wait_text("#portfolio", "1 of 70 days logged", DEFAULT_WAIT);
    app.wait_text(
        "#portfolio",
        "Carer's assessment (observed by Priya Shah)",
        DEFAULT_WAIT,
    );
    let skills = app
        .eval("return [...document.querySelectorAll('#portfolio tr')].map(r => r.innerText).find(t => t.startsWith('Skills and interventions')) || ''")
        .unwrap_or_default();
    let counts: Vec<&str> = skills.split_whitespace().rev().take(3).collect();
    assert_eq!(
        counts,
        ["0", "1", "1"],
        "days, observations, reflections: {skills}"
    );
    app.screenshot(&workspace_root().join("docs/screenshots/portfolio.png"));
    app.click("#show-cpd");
    app.wait_text("#cpd", "1 entry, 1 of them peer reflection.", DEFAULT_WAIT);
    app.wait_text("#cpd", "Whose voice is in the plan? Kwame's", DEFAULT_WAIT);
    // Anonymised for sharing: the child is a placeholder; the replacements are listed to check
    // (and never printed).
    app.click("#portfolio-anonymise");
    assert!(
        app.texts("#cpd").is_empty(),
        "the record shown with names is taken away when anonymising is chosen"
    );
    app.click("#show-cpd");
    app.wait_text(
        "#cpd",
        "Whose voice is in the plan? Child A's",
        DEFAULT_WAIT,
    );
    assert!(!app.texts("#cpd").concat().contains("Kwame"));
    app.wait_text("#portfolio-view .replacements", "Kwame", DEFAULT_WAIT);
    let unprinted = app
        .eval("return document.querySelector('#portfolio-view .replacements').closest('.no-print') ? 'yes' : 'no'")
        .unwrap_or_default();
    assert_eq!(unprinted, "yes", "the list of real names is not printed");
    // Printed (however printing starts), the page is the document alone: WebKit keeps the rule
    // that hides the rest (a selector it could not parse would be dropped from the sheet).
    let print_rule = app
        .eval("return [...document.styleSheets].flatMap(s => [...s.cssRules]).filter(r => r.media && r.media.mediaText === 'print').flatMap(r => [...r.cssRules]).some(r => r.selectorText && r.selectorText.includes(':has(.print-target)')) ? 'yes' : 'no'")
        .unwrap_or_default();
    assert_eq!(print_rule, "yes", "the print rule is in effect");

    // A long day log shows its last ten days, and all of them on request, so any day can be
    // corrected (eleven more logged through the CLI while the app is open).
    let cli = Device::new(&data);
    for day in 1..=11 {
        cli.ok(&[
            "placement",
            "log-day",
            "--date",
            &format!("2026-01-{day:02}"),
            "--text",
            &format!("Day {day} of duty."),
        ]);
    }
    app.go("#/caseload");
    app.go("#/portfolio");
    app.wait_text("#day-log-all", "Show all 12 days", DEFAULT_WAIT);
    assert_eq!(app.texts("#day-log li").len(), 10);
    app.click("#day-log-all");
    app.wait_text("#day-log", "Day 1 of duty.", DEFAULT_WAIT);
    assert_eq!(app.texts("#day-log li").len(), 12);
    app.quit();

    let cpd = cli.ok(&["export", "cpd", "--format", "json", "--anonymise"]);
    assert!(
        !cpd.contains("Kwame") && cpd.contains("Child A's, first."),
        "{cpd}"
    );
    let preview = cli.ok(&["export", "cpd", "--anonymise", "--preview"]);
    assert!(
        preview.contains("Kwame") && preview.contains("Child A"),
        "{preview}"
    );

    let file = home.path().join("portfolio.html");
    cli.ok(&[
        "export",
        "portfolio",
        "--output",
        &file.display().to_string(),
    ]);
    let html = std::fs::read_to_string(&file).expect("the portfolio file");
    assert!(html.contains("Practice portfolio: Alex Student"), "{html}");
    // The file as the student (or the practice educator) opens it.
    let shown = casecraft_e2e::render::html_to_png(
        &file,
        &workspace_root().join("docs/screenshots/portfolio-export.png"),
        1024,
        900,
    );
    assert!(shown.contains("Evidence by PCF domain"), "{shown}");
    assert!(
        shown.contains("Carer's assessment (observed by Priya Shah)"),
        "{shown}"
    );
}
