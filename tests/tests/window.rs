//! The window as a practitioner uses it at the end of a long day, at 1366×768: a reflection typed
//! and then left (Esc, another screen) is still there as a draft; a visit's next steps survive in
//! the draft and become actions when it is completed (after asking); a case opened from a scrolled
//! caseload or from search shows whose it is; search results name their case; moving a
//! reflection or a case to the trash asks or says where it went and can be undone; a day is read
//! day first; flags
//! read as words and the caseload says how many open cases there are. Records are written with the
//! real CLI on the same data folder.

use casecraft_e2e::{workspace_root, App, Device, DEFAULT_WAIT};

const ESCAPE: &str = "\u{E00C}";
const ENTER: &str = "\u{E007}";

/// Whether the element matching `css` is inside the window's visible area.
fn in_view(app: &App, css: &str) -> bool {
    app.eval(&format!(
        "const n = document.querySelector({}); if (!n) return 'missing'; \
         const r = n.getBoundingClientRect(); \
         return r.top >= 0 && r.bottom <= innerHeight && r.height > 0 ? 'yes' : 'no'",
        serde_json::to_string(css).unwrap_or_default()
    ))
    .is_some_and(|v| v == "yes")
}

fn scrolled(app: &App) -> i64 {
    app.eval("return String(Math.round(scrollY))")
        .and_then(|v| v.parse().ok())
        .unwrap_or(-1)
}

#[test]
fn a_long_day_at_1366_by_768() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let device = Device::new(&data_dir);
    device.ok(&["init", "--name", "Sam Practitioner"]);
    device.ok(&["seed", "--cases", "40", "--entries", "200"]);
    // Two cases with the same action: search must say whose each is.
    let ivy = device.ok(&[
        "case",
        "new",
        "--subject",
        "Ivy Nowak",
        "--reference",
        "CR-101",
    ]);
    let kwame = device.ok(&[
        "case",
        "new",
        "--subject",
        "Kwame Okafor",
        "--reference",
        "CR-202",
    ]);
    for case in [&ivy, &kwame] {
        device.ok(&[
            "action",
            "add",
            case,
            "--text",
            "Check the zebrafinch housing application",
        ]);
    }

    let long = device.ok(&[
        "case",
        "new",
        "--subject",
        "Alexandra-Georgiana Featherstonehaugh-Montgomery-Smythe-Okonkwo-Vasquez de la Cruz",
        "--reference",
        "CR-303",
    ]);

    let app = App::launch_unlocked(&data_dir);
    app.resize(1366, 768);

    // A reflection typed, then Esc in the text box (which leaves the field, not the screen),
    // Esc again (which leaves the screen) and a menu click: the reflection is kept as a draft.
    app.go("#/reflections");
    app.select("#reflection-model", "gibbs");
    app.type_into("#reflection-title", "Ivy's first visit");
    app.type_into("#section-description", "Ivy's aunt met me at the door.");
    app.type_into("#section-feelings", "I felt rushed.");
    app.type_into("#section-feelings", ESCAPE);
    assert_eq!(
        app.eval("return location.hash").as_deref(),
        Some("#/reflections"),
        "Esc in a text box stays on the form"
    );
    app.wait_text(".draft-notice", "Draft kept", DEFAULT_WAIT);
    app.go("#/portfolio");
    app.go("#/reflections");
    app.wait_text(".draft-notice", "Resumed your draft", DEFAULT_WAIT);
    app.wait_for(DEFAULT_WAIT, "the draft's sections back", |app| {
        app.eval("return document.getElementById('section-feelings')?.value ?? ''")
            .is_some_and(|v| v == "I felt rushed.")
    });
    assert_eq!(
        app.eval("return document.getElementById('reflection-model').value")
            .as_deref(),
        Some("gibbs")
    );
    assert_eq!(
        app.eval("return document.getElementById('reflection-title').value")
            .as_deref(),
        Some("Ivy's first visit")
    );
    app.screenshot(&workspace_root().join("docs/screenshots/draft-resumed.png"));
    // A day is read day first whatever the machine's locale: 12/01/2026 is 12 January.
    app.type_into("#reflection-day", "12/01/2026");
    // Saved: it says so, keeps the model, and the draft goes.
    app.click("#new-reflection button[type=submit]");
    app.wait_text(
        "#reflections .reflection.just-saved",
        "Mon 12 Jan 2026",
        DEFAULT_WAIT,
    );
    app.wait_text(
        "#reflection-saved",
        "Saved “Ivy's first visit”",
        DEFAULT_WAIT,
    );
    app.wait_text("#reflections", "Ivy's first visit", DEFAULT_WAIT);
    assert_eq!(
        app.eval("return document.getElementById('reflection-model').value")
            .as_deref(),
        Some("gibbs"),
        "the model stays chosen"
    );
    app.go("#/portfolio");
    app.go("#/reflections");
    app.wait_text("#reflections", "Ivy's first visit", DEFAULT_WAIT);
    assert!(
        app.texts(".draft-notice").concat().is_empty(),
        "no draft once saved"
    );
    // Moving it to the trash says where it went, and Undo brings it back.
    app.click("#reflections .reflection-delete");
    app.wait_text("#notice", "is in the trash", DEFAULT_WAIT);
    app.click("#notice .notice-undo");
    app.wait_text("#reflections", "Ivy's first visit", DEFAULT_WAIT);

    // A case opened from a scrolled caseload starts at its top, and whose it is stays in view.
    app.go("#/caseload");
    app.wait_text("#cases", "Ivy Nowak", DEFAULT_WAIT);
    app.eval("window.scrollTo(0, document.body.scrollHeight); return ''");
    assert!(scrolled(&app) > 0, "the caseload scrolls at 1366×768");
    app.click(&format!("#cases a.case-link[href='#/case/{ivy}']"));
    app.wait_text("h1#case-subject", "Ivy Nowak", DEFAULT_WAIT);
    assert!(in_view(&app, "h1#case-subject"), "the subject is in view");
    assert!(in_view(&app, "#case-reference"), "the reference is in view");
    // Scrolled down to the record form, the case bar and the top bar are still there.
    app.eval("window.scrollTo(0, document.body.scrollHeight); return ''");
    assert!(in_view(&app, "#case-bar h1"), "the case bar sticks");
    assert!(
        in_view(&app, "#open-search"),
        "the top bar never scrolls away"
    );

    // Next steps are part of the draft and become actions when it is completed. When it
    // happened is typed day first and on the 24-hour clock.
    app.fill("#entry-when", "1/12/2026");
    app.fill("#entry-time", "9:05");
    app.type_into("#entry-body", "Saw Ivy with her aunt.");
    // One action a line (Enter is the WebDriver key, not a typed "\n").
    app.type_into("#entry-next-steps", "Call the school");
    app.type_into("#entry-next-steps", ENTER);
    app.type_into("#entry-next-steps", "Book the review meeting");
    app.wait_text("#autosave-status", "Draft saved", DEFAULT_WAIT);
    app.go("#/caseload");
    app.click(&format!("#cases a.case-link[href='#/case/{ivy}']"));
    app.wait_text("h1#case-subject", "Ivy Nowak", DEFAULT_WAIT);
    app.click("#chronology .entry-draft button[aria-label^='Resume']");
    app.wait_for(DEFAULT_WAIT, "the next steps back in the draft", |app| {
        app.eval("return document.getElementById('entry-next-steps').value")
            .is_some_and(|v| v == "Call the school\nBook the review meeting")
    });
    app.click("#entry-complete");
    app.wait_text("#ask-body", "2 actions", DEFAULT_WAIT);
    app.screenshot(&workspace_root().join("docs/screenshots/complete-question.png"));
    app.confirm("Complete this entry?");
    app.wait_text("#autosave-status", "Completed at", DEFAULT_WAIT);
    app.wait_text("#autosave-status", "2 actions added", DEFAULT_WAIT);
    app.wait_text(
        "#chronology .entry-completed .entry-when",
        "Tue 1 Dec 2026, 09:05",
        DEFAULT_WAIT,
    );
    let actions = device.json(&["action", "list", &ivy]);
    let texts: Vec<&str> = actions
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["text"].as_str())
        .collect();
    for step in ["Call the school", "Book the review meeting"] {
        assert!(texts.contains(&step), "{step} is an action: {texts:?}");
    }

    // Search results name their case: the same action in two cases is told apart.
    app.click("#open-search");
    app.type_into("#search-input", "zebrafinch");
    app.wait_text("#search", "2 results", DEFAULT_WAIT);
    let cases = app.texts("#search .search-hit .hit-case");
    assert!(
        cases.iter().any(|c| c == "Ivy Nowak (CR-101)")
            && cases.iter().any(|c| c == "Kwame Okafor (CR-202)"),
        "{cases:?}"
    );
    app.click("#search .search-hit:last-of-type");
    app.wait_for(DEFAULT_WAIT, "a case from search", |app| {
        app.eval("return location.hash")
            .is_some_and(|h| h.starts_with("#/case/"))
    });
    app.wait_for(DEFAULT_WAIT, "the subject in view", |app| {
        in_view(app, "h1#case-subject")
    });

    // A long subject wraps in the title; the header's buttons keep their words whole.
    app.eval(&format!("location.hash = '#/case/{long}'; return ''"));
    app.wait_text("h1#case-subject", "Featherstonehaugh", DEFAULT_WAIT);
    let broken = app
        .eval(
            "return [...document.querySelectorAll('#case-bar .header-actions > *, #case-bar .status, #case-bar .case-reference')] \
               .filter((n) => n.getClientRects().length !== 1 || n.scrollWidth > n.clientWidth + 1) \
               .map((n) => n.textContent).join(' | ')",
        )
        .unwrap_or_default();
    assert!(broken.is_empty(), "broken in the case bar: {broken}");
    // Moving a whole case to the trash asks first, then says where it went, with Undo.
    app.click("#delete-case");
    app.confirm("to the trash?");
    app.wait_text("#notice", "is in the trash", DEFAULT_WAIT);
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT);
    app.click("#notice .notice-undo");
    app.wait_text("h1#case-subject", "Featherstonehaugh", DEFAULT_WAIT);

    // Words a social worker reads: flags as words, how many open cases there are.
    app.go("#/caseload");
    app.wait_for(DEFAULT_WAIT, "a count of open cases", |app| {
        app.texts("#cases-count").concat().ends_with("open cases")
    });
    let rows = app.texts("#cases .flags").concat();
    for code in [
        "lone-working-risk",
        "interpreter-needed",
        "child-protection-plan",
        "domestic-abuse",
    ] {
        assert!(!rows.contains(code), "{code} shown as a code: {rows}");
    }

    app.quit();
}
