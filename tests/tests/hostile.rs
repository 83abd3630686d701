//! Hostile text in every field is stored faithfully and shown inertly. Each payload, if it ever
//! ran, would set `window.__pwned` and invoke `profile_edit` to rename the worker "PWNED"; the
//! test shows every screen that renders the text (after a restart too) and then proves that
//! neither happened and that no markup from the text reached the page: no script, handler,
//! `javascript:` link, style, stylesheet or styled element, and no request to a remote origin.

use casecraft_e2e::hub::{join_in_app, Hub};
use casecraft_e2e::{App, DEFAULT_WAIT};

const PAYLOAD: &str = concat!(
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img';window.__TAURI__.core.invoke('profile_edit',{input:{displayName:'PWNED',role:'student'}})\">",
    "<a href=\"javascript:window.__pwned='link'\" id=\"evil-link\">click me</a>",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "[markdown link](javascript:window.__pwned='md') ",
    "\u{202E}txt.exe\u{202C} a\u{200B}b\u{200D}c ",
);

/// For the Markdown bodies (rendered as HTML by the core): CSS injection and remote loads. If any
/// survived, a style would hide the app or a request would leave for a remote origin.
const STYLE_PAYLOAD: &str = concat!(
    "<style>#app{display:none} body{background:url(https://evil.example/bg.png)}</style>",
    "<link rel=\"stylesheet\" href=\"https://evil.example/s.css\">",
    "<div style=\"position:fixed;inset:0;background:url(https://evil.example/o.png)\">overlay</div>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<svg><use href=\"https://evil.example/i.svg#x\"/></svg>",
    "\n\n![tracker](https://evil.example/t.png) [remote](https://evil.example/page)\n\n",
);

/// Sets a form control's value as typing would leave it (input and change events included):
/// WebDriver cannot type some of these characters, and a 1 MiB body would take minutes.
fn set_value(app: &App, css: &str, value: &str) {
    let script = format!(
        "const n = document.querySelector({css}); n.value = {value}; \
         n.dispatchEvent(new Event('input', {{bubbles: true}})); \
         n.dispatchEvent(new Event('change', {{bubbles: true}})); return 'ok'",
        css = serde_json::to_string(css).expect("json"),
        value = serde_json::to_string(value).expect("json"),
    );
    assert_eq!(
        app.eval(&script).as_deref(),
        Some("ok"),
        "could not set {css}"
    );
}

fn text_content(app: &App, css: &str) -> String {
    app.eval(&format!(
        "const n = document.querySelector({}); return n ? n.textContent : ''",
        serde_json::to_string(css).expect("json")
    ))
    .unwrap_or_default()
}

/// Nothing ran, nothing was injected, nothing overflowed sideways.
fn assert_inert(app: &App, screen: &str) {
    let checks = app
        .eval(
            "return JSON.stringify({
               pwned: window.__pwned === undefined ? null : String(window.__pwned),
               scripts: [...document.querySelectorAll('body script, body img, body svg, body iframe, body object, #evil-link')].length,
               handlers: [...document.querySelectorAll('body *')].filter(n => [...n.attributes].some(a => a.name.startsWith('on'))).length,
               jsLinks: [...document.querySelectorAll('a[href]')].filter(a => a.getAttribute('href').trim().toLowerCase().startsWith('javascript')).length,
               overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
               styles: [...document.querySelectorAll('body style, body link, body [style]')].length,
               remote: performance.getEntriesByType('resource').map(e => e.name)
                 .filter(u => !u.startsWith(location.origin) && !u.startsWith('ipc:') && !u.startsWith('http://ipc.localhost')),
             })",
        )
        .expect("the page answers");
    assert_eq!(
        checks,
        r#"{"pwned":null,"scripts":0,"handlers":0,"jsLinks":0,"overflow":false,"styles":0,"remote":[]}"#,
        "on the {screen}"
    );
}

#[test]
fn hostile_text_is_stored_faithfully_and_displayed_inertly() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let long_word = "W".repeat(3000);
    let subject = format!("Robin {PAYLOAD}{}", "W".repeat(60));
    assert!(
        subject.chars().count() <= 500,
        "{}",
        subject.chars().count()
    );
    let summary = format!("{PAYLOAD}{STYLE_PAYLOAD}{long_word}");

    let app = App::launch(&data_dir);
    app.first_run("Sam Practitioner", "practitioner");

    // Too long a name: the error is beside the field, and nothing is saved.
    set_value(&app, "input#case-subject", &format!("Robin {long_word}"));
    app.click("#new-case button[type=submit]");
    app.wait_text("[data-field=subject] .field-error", "Subject", DEFAULT_WAIT);
    assert!(
        app.texts("#cases .case-row").is_empty(),
        "nothing half-saved"
    );

    set_value(&app, "input#case-subject", &subject);
    set_value(&app, "#case-reference", PAYLOAD);
    set_value(&app, "#case-summary", &summary);
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Robin", DEFAULT_WAIT);
    assert_eq!(text_content(&app, "h1#case-subject"), subject);
    assert_inert(&app, "case header");

    // A visit whose every field is hostile, and a 1 MiB body, autosaved.
    set_value(&app, "#entry-purpose", PAYLOAD);
    set_value(&app, "#entry-location", PAYLOAD);
    set_value(&app, "#entry-voice", PAYLOAD);
    set_value(&app, "#entry-analysis", PAYLOAD);
    let filler = "casework ".repeat(110_000);
    let body = format!("{PAYLOAD}{STYLE_PAYLOAD}\n\n{filler}");
    assert!(body.len() > 990_000 && body.len() <= 1 << 20);
    set_value(&app, "#entry-body", &body);
    app.wait_text("#autosave-status", "Draft saved", DEFAULT_WAIT);
    app.wait_text(
        "#chronology .entry-draft .entry-purpose",
        "<script>",
        DEFAULT_WAIT,
    );
    assert_inert(&app, "chronology");

    // Network, co-working, actions.
    app.open_tab("network");
    set_value(&app, "#person-name", PAYLOAD);
    set_value(&app, "#person-relationship", PAYLOAD);
    set_value(&app, "#person-household", PAYLOAD);
    app.click("#new-person button[type=submit]");
    app.wait_text("#network", "onerror", DEFAULT_WAIT);
    app.open_tab("cowork");
    set_value(&app, "#cowork-body", PAYLOAD);
    app.click("#new-cowork button[type=submit]");
    app.wait_text("#cowork", "onerror", DEFAULT_WAIT);
    app.open_tab("actions");
    set_value(&app, "#action-text", PAYLOAD);
    app.click("#new-action button[type=submit]");
    app.wait_text("#actions", "onerror", DEFAULT_WAIT);
    assert_inert(&app, "case tabs");

    // A reflection.
    app.open_tab("reflections");
    app.click("#reflect-on-case");
    app.wait_text("main h1", "Reflective log", DEFAULT_WAIT);
    set_value(&app, "#reflection-title", PAYLOAD);
    set_value(
        &app,
        "#section-description",
        &format!("{PAYLOAD}{STYLE_PAYLOAD}"),
    );
    app.click("#new-reflection button[type=submit]");
    app.wait_text("#reflections", "onerror", DEFAULT_WAIT);
    assert_inert(&app, "reflective log");
    app.quit();

    // After a restart every screen shows the text as text, and the text is what was typed.
    let app = App::launch_unlocked(&data_dir);
    app.wait_text("#cases", "Robin", DEFAULT_WAIT);
    assert_inert(&app, "caseload");
    app.click("#cases .case-link");
    app.wait_text("h1#case-subject", "Robin", DEFAULT_WAIT);
    assert_eq!(text_content(&app, "h1#case-subject"), subject);
    assert_eq!(
        text_content(&app, "#case-reference"),
        // One-line fields are trimmed by the core, by design; nothing else changes.
        format!("Ref. {}", PAYLOAD.trim())
    );
    // The summary is Markdown, rendered and sanitised by the core like an entry's body: none of
    // the payload's markup survives as markup; its words do.
    let rendered = app
        .eval(
            "const s = document.getElementById('case-summary'); \
             return s.querySelectorAll('script, style, link, iframe, [style], [onerror], a[href^=javascript]').length + '|' + s.textContent",
        )
        .unwrap_or_default();
    assert!(
        rendered.starts_with("0|"),
        "markup survived in the summary: {rendered}"
    );
    assert!(
        rendered.contains(&long_word),
        "the summary's words are shown"
    );
    // The chronology loads after the header.
    app.wait_text(
        "#chronology .entry-draft .entry-purpose",
        "<script>",
        DEFAULT_WAIT,
    );
    assert_eq!(
        text_content(&app, "#chronology .entry-draft .entry-purpose"),
        PAYLOAD.trim()
    );
    let shown = app
        .eval("return String(document.querySelector('#chronology .entry-body').textContent.length)")
        .and_then(|n| n.parse::<usize>().ok())
        .expect("a body length");
    assert!(shown > 980_000, "the 1 MiB body is shown whole ({shown})");
    // A remote link in a rendered body goes nowhere: the window never leaves the app.
    let origin = app.eval("return location.protocol + '//' + location.host");
    app.click("#chronology a[href^='https://evil.example']");
    // Wait for the guard's refusal (logged by the app), not for a fixed time.
    app.wait_for(DEFAULT_WAIT, "the navigation to be refused", |_| {
        std::fs::read_to_string(data_dir.join("casecraft.log"))
            .is_ok_and(|log| log.contains("navigation refused"))
    });
    assert_eq!(
        app.eval("return location.protocol + '//' + location.host"),
        origin,
        "the window navigated away"
    );
    app.wait_text("h1#case-subject", "Robin", DEFAULT_WAIT);
    assert_inert(&app, "chronology after clicking a remote link");
    for (tab, panel) in [
        ("#tab-network", "#network"),
        ("#tab-cowork", "#cowork"),
        ("#tab-actions", "#actions"),
        ("#tab-reflections", "#case-reflections"),
    ] {
        app.click(tab);
        app.wait_text(panel, "onerror", DEFAULT_WAIT);
        assert_inert(&app, tab);
    }
    app.click("#open-search");
    app.type_into("#search-input", "onerror");
    app.wait_text("#search-results", "onerror", DEFAULT_WAIT);
    assert_inert(&app, "search results");
    app.type_into("#search-input", "\u{E00C}");

    // No payload invoked a command: the worker is still who they were.
    app.wait_text("#who", "Sam Practitioner", DEFAULT_WAIT);
    app.click("a[href='#/trash']");
    app.wait_text("#trash", "The trash is empty", DEFAULT_WAIT);
    assert_inert(&app, "trash");
    app.quit();
}

/// A hostile name (at most 200 characters, as the hub takes them).
const NAME: &str = "Ben <img src=x onerror=\"window.__pwned='name'\"><b>Okafor</b>";

/// A colleague's text reaches the app from the team hub: the team's name, a colleague's name (as
/// a case member, as the author of a note, an entry and an action, and on the Team page), a
/// case's subject and a co-working note written on their device, and the notice when they stop
/// sharing. All of it is shown as text.
#[test]
fn a_colleague_s_hostile_names_and_notes_from_the_team_hub_are_displayed_inertly() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("North <script>window.__pwned='team'</script> locality");
    let ben = hub.device(&home.path().join("ben"), NAME, "practitioner");
    let ana_code = hub.worker("Ana Silva", "practitioner");
    let subject = "Ivy <svg onload=\"window.__pwned='subject'\"></svg>Nowak";
    let case = ben.ok(&["case", "new", "--subject", subject]);
    ben.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "Ana Silva",
        "--role",
        "supervisor",
    ]);
    ben.ok(&[
        "cowork",
        "add",
        &case,
        "--kind",
        "discussion",
        "--body",
        PAYLOAD,
    ]);
    let visit = ben.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "home-visit",
        "--body",
        PAYLOAD,
    ]);
    ben.ok(&["entry", "complete", &visit]);
    ben.ok(&["action", "add", &case, "--text", "Ring <i>the</i> school"]);
    ben.ok(&["sync", "run"]);

    let app = App::launch(&home.path().join("ana"));
    app.first_run("Ana Silva", "practitioner");
    app.go("#/settings");
    join_in_app(&app, &hub.url, &ana_code);
    app.wait_text("#team-name", "<script>", DEFAULT_WAIT * 2);
    assert_inert(&app, "Settings → Team");

    app.go("#/caseload");
    app.click(&format!("main a[href='#/case/{case}']"));
    app.wait_text("h1#case-subject", "<svg onload=", DEFAULT_WAIT);
    app.wait_text("#members-list", "<b>Okafor</b>", DEFAULT_WAIT * 2);
    app.open_tab("cowork");
    app.wait_text("#panel-cowork", "click me", DEFAULT_WAIT);
    app.wait_text("#panel-cowork", "<b>Okafor</b>", DEFAULT_WAIT);
    assert_inert(&app, "case shared by a hostile colleague");
    app.open_tab("chronology");
    app.wait_text("#chronology .entry-author", "<b>Okafor</b>", DEFAULT_WAIT);
    assert_eq!(
        text_content(&app, "#chronology .entry-author"),
        format!("by {NAME} (practitioner)")
    );
    // Ana oversees the case: what the hub would refuse from her is not offered.
    assert!(app.texts("#chronology .addendum-open").is_empty());
    app.open_tab("actions");
    app.wait_text("#panel-actions", "<b>Okafor</b>", DEFAULT_WAIT);
    app.wait_text("#panel-actions", "Ring <i>the</i> school", DEFAULT_WAIT);
    assert_eq!(
        app.eval("return String(document.querySelector('#actions input[type=checkbox]').disabled)"),
        Some("true".into()),
        "a colleague's action is not hers to tick"
    );
    assert_inert(&app, "a hostile colleague's entry and action");
    app.open_tab("network");
    app.wait_text("#network", "Nowak", DEFAULT_WAIT);
    assert!(app.texts("#network .person-edit").is_empty());
    app.go("#/team");
    app.wait_text(".overseen h2", "<b>Okafor</b>", DEFAULT_WAIT);
    app.wait_text(".overseen .case-row", "<svg onload=", DEFAULT_WAIT);
    assert_inert(&app, "the Team page with a hostile colleague's case");

    ben.ok(&["case", "unshare", &case, "--with", "Ana Silva"]);
    app.go("#/sync");
    app.click("#sync-now");
    app.wait_text("#sync-report", "left this device", DEFAULT_WAIT * 2);
    app.go("#/caseload");
    app.wait_text("#removal-notices", "<svg onload=", DEFAULT_WAIT);
    // Faithful, every character: shown as the text it is.
    let told = text_content(&app, "#removal-notices .removal-text");
    assert!(
        told.starts_with(&format!("{NAME} stopped sharing {subject} with you on "))
            && told.ends_with("; it has left this device."),
        "{told}"
    );
    assert_inert(&app, "caseload with the removal notice");
    app.quit();
}
