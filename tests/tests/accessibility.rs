//! WCAG AA contrast, measured in the real app rather than checked by eye: on each main screen
//! every visible piece of text (and every enabled form control) is compared with the background it
//! is actually painted on — computed styles, semi-transparent layers blended down to the first
//! opaque one — and must reach 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). Checked at
//! the supported window sizes, with the question before completing, a draft's notice and the
//! status line with Undo on screen; and the team screens with a real hub (joining with an error
//! beside a field, joined, a case's members with the share form, handing a case on and its
//! transfer pack, the Team page, a case shared to read, a change the hub refused in the
//! inbox, a removal notice).

use casecraft_e2e::hub::{join_in_app, Hub};
use casecraft_e2e::{App, DEFAULT_WAIT};

/// Runs in the page; answers a JSON list of the texts that fall short.
const CONTRAST_AUDIT: &str = r#"
const parse = (c) => {
  const m = c && c.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
};
const over = (top, bottom) => ({
  r: top.r * top.a + bottom.r * (1 - top.a),
  g: top.g * top.a + bottom.g * (1 - top.a),
  b: top.b * top.a + bottom.b * (1 - top.a),
  a: 1,
});
const background = (node) => {
  const layers = [];
  for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c && c.a > 0) {
      layers.push(c);
      if (c.a >= 1) break;
    }
  }
  return layers.reverse().reduce((bg, layer) => over(layer, bg), { r: 255, g: 255, b: 255, a: 1 });
};
const luminance = (c) => {
  const channel = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
};
const ratio = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
const visible = (n) => {
  const style = getComputedStyle(n);
  return n.getClientRects().length > 0 && style.visibility !== "hidden" && Number(style.opacity) > 0;
};
const failures = [];
let checked = 0;
for (const node of document.querySelectorAll("body *")) {
  if (!visible(node) || node.closest("[hidden]")) continue;
  const control = node.matches("input:not([type=checkbox]):not([type=radio]), select, textarea, button");
  if (control && node.disabled) continue;
  const hasText = [...node.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
  if (!hasText && !control) continue;
  const style = getComputedStyle(node);
  const bg = background(node);
  const fg = over(parse(style.color), bg);
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  const needed = large ? 3 : 4.5;
  const got = ratio(fg, bg);
  checked += 1;
  if (got < needed) {
    failures.push({
      element: node.tagName.toLowerCase() + (node.className ? "." + String(node.className).trim().split(/\s+/).join(".") : ""),
      text: (node.textContent || node.value || "").trim().slice(0, 40),
      ratio: Math.round(got * 100) / 100,
      needed,
    });
  }
}
return JSON.stringify({ checked, failures });
"#;

fn audit(app: &App, screen: &str) {
    let answer = app
        .eval(CONTRAST_AUDIT)
        .unwrap_or_else(|| panic!("the contrast audit did not run on {screen}"));
    let report: serde_json::Value = serde_json::from_str(&answer).expect("the audit answers JSON");
    let checked = report["checked"].as_u64().expect("a count");
    // Even the smallest screen (unlock: a heading, a line, a field, two buttons, the footer) has more.
    assert!(checked >= 6, "{screen}: only {checked} texts checked");
    assert_eq!(
        report["failures"],
        serde_json::json!([]),
        "{screen}: text below WCAG AA contrast ({checked} checked)"
    );
}

#[test]
fn every_main_screen_passes_wcag_aa_contrast() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = App::launch(&home.path().join("data"));
    audit(&app, "first run");
    app.fill("#profile-name", "Sam Practitioner");
    app.fill("#first-run-passphrase", casecraft_e2e::APP_PASSPHRASE);
    app.fill("#first-run-again", casecraft_e2e::APP_PASSPHRASE);
    app.click("#first-run button[type=submit]");
    app.wait_text("#recovery-title", "Your recovery code", DEFAULT_WAIT);
    audit(&app, "the recovery code");
    app.click("#recovery-done");
    app.wait_text("main h1", "Caseload", DEFAULT_WAIT);
    app.type_into("#case-subject", "Jordan Blake");
    app.click("#flag-safeguarding");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Jordan Blake", DEFAULT_WAIT);
    app.type_into("#entry-purpose", "Home visit");
    app.type_into("#entry-body", "Jordan showed me the garden.");
    app.click("#new-entry button[type=submit]");
    app.wait_text("#chronology", "garden", DEFAULT_WAIT);
    // An overdue action, so the caseload shows a signal that needs attention.
    app.open_tab("actions");
    app.type_into("#action-text", "Call the school");
    app.type_into("#action-due", "01/01/2020");
    app.click("#new-action button[type=submit]");
    app.wait_text("#actions", "Call the school", DEFAULT_WAIT);

    for (width, height) in [(1366, 768), (1280, 720), (1024, 600)] {
        app.resize(width, height);
        let at = format!("at {width}×{height}");
        app.go("#/caseload");
        app.wait_text("#cases .signal.attention", "overdue", DEFAULT_WAIT);
        audit(&app, &format!("the caseload {at}"));
        app.click("#cases a.case-link");
        app.wait_text("#chronology", "garden", DEFAULT_WAIT);
        audit(&app, &format!("a case {at}"));
        // The question before completing (the case bar above it, the page dimmed behind).
        app.click("#chronology .entry-draft button[aria-label^='Complete']");
        app.wait_text("#ask-title", "Complete this entry?", DEFAULT_WAIT);
        audit(&app, &format!("the question before completing {at}"));
        app.click("#ask .ask-cancel");
        app.click("#close-case");
        app.wait_text("#close-form", "Before you close", DEFAULT_WAIT);
        audit(&app, &format!("the closing checklist {at}"));
        app.go("#/reflections");
        app.wait_text("main h1", "Reflective log", DEFAULT_WAIT);
        audit(&app, &format!("the reflective log {at}"));
        // A draft kept, a reflection saved, then moved to the trash with Undo offered.
        app.type_into("#section-description", "Jordan showed me the garden.");
        app.wait_text(".draft-notice", "Draft kept", DEFAULT_WAIT);
        audit(&app, &format!("a reflection's draft {at}"));
        app.click("#new-reflection button[type=submit]");
        app.wait_text("#reflection-saved", "Saved", DEFAULT_WAIT);
        audit(&app, &format!("a saved reflection {at}"));
        app.click("#reflections .reflection.just-saved .reflection-delete");
        app.wait_text("#notice", "is in the trash", DEFAULT_WAIT);
        audit(&app, &format!("the status line with Undo {at}"));
        app.click("#notice .notice-undo");
        app.go("#/supervision");
        app.wait_text("main h1", "Supervision", DEFAULT_WAIT);
        audit(&app, &format!("supervision {at}"));
        app.go("#/portfolio");
        app.wait_text("main h1", "Portfolio and CPD", DEFAULT_WAIT);
        audit(&app, &format!("portfolio {at}"));
        app.go("#/sync");
        app.wait_text("main h1", "Sync", DEFAULT_WAIT);
        audit(&app, &format!("the sync screen {at}"));
        app.go("#/settings");
        app.wait_text("main h1", "Settings", DEFAULT_WAIT);
        audit(&app, &format!("settings {at}"));
        app.click("#open-search");
        app.type_into("#search-input", "gard");
        app.wait_text("#search-results mark", "garden", DEFAULT_WAIT);
        audit(&app, &format!("search {at}"));
        app.type_into("#search-input", "\u{e00c}");
        app.click("#lock-now");
        app.wait_text("#unlock-title", "Casecraft is locked", DEFAULT_WAIT);
        audit(&app, &format!("the unlock screen {at}"));
        app.click("#forgot-passphrase");
        app.wait_text("#recover-title", "Set a new passphrase", DEFAULT_WAIT);
        audit(&app, &format!("recovery {at}"));
        app.click("#recover button.link");
        app.unlock();
    }
    app.quit();
}

#[test]
fn the_team_screens_pass_wcag_aa_contrast() {
    let home = tempfile::tempdir().expect("temp dir");
    let hub = Hub::start("North locality");
    let ben = hub.device(&home.path().join("ben"), "Ben Okafor", "practitioner");
    let ana_code = hub.worker("Ana Silva", "practitioner");
    let case = ben.ok(&["case", "new", "--subject", "Ivy Nowak"]);
    ben.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "Ana Silva",
        "--role",
        "co-worker",
    ]);
    ben.ok(&[
        "cowork",
        "add",
        &case,
        "--kind",
        "handover",
        "--body",
        "Consent forms.",
    ]);
    let visit = ben.ok(&[
        "entry",
        "add",
        &case,
        "--kind",
        "home-visit",
        "--body",
        "Saw Ivy at home.",
    ]);
    ben.ok(&["entry", "complete", &visit]);
    ben.ok(&["sync", "run"]);

    let app = App::launch(&home.path().join("ana"));
    app.first_run("Ana Silva", "practitioner");
    app.go("#/settings");
    join_in_app(&app, &hub.url, "not a code");
    app.wait_text("[data-field=code] .field-error", "mistyped", DEFAULT_WAIT);
    audit(&app, "joining a team, with an error");
    join_in_app(&app, &hub.url, &ana_code);
    app.wait_text("#team-name", "North locality", DEFAULT_WAIT * 2);
    audit(&app, "Settings → Team, joined");

    // A note Ana may no longer write (Ben made her read-only since her last sync): refused, in
    // the inbox.
    ben.ok(&[
        "case",
        "share",
        &case,
        "--with",
        "Ana Silva",
        "--role",
        "read-only",
    ]);
    app.go("#/caseload");
    app.click(&format!("main a[href='#/case/{case}']"));
    app.wait_text("#members-list", "Ben Okafor", DEFAULT_WAIT * 2);
    app.open_tab("cowork");
    // The thread drawn first, so the form no longer moves under the click.
    app.wait_text("#cowork", "Consent forms.", DEFAULT_WAIT);
    app.type_into("#cowork-body", "Not mine to write.");
    app.click("#new-cowork button[type=submit]");
    app.wait_text("#panel-cowork", "Not mine to write.", DEFAULT_WAIT);
    app.go("#/sync");
    app.click("#sync-now");
    app.wait_text("#inbox .refused .reason", "read-only", DEFAULT_WAIT * 2);

    // Ana's own case, its share form open.
    app.go("#/caseload");
    app.type_into("#case-subject", "Jonah Price");
    app.click("#new-case button[type=submit]");
    app.wait_text("#members-list", "Ana Silva (you)", DEFAULT_WAIT * 2);
    app.click("#share-open");
    let own_case = app.eval("return location.hash").expect("the page answers");

    ben.ok(&["case", "unshare", &case, "--with", "Ana Silva"]);
    for (width, height) in [(1280, 720), (1024, 600)] {
        app.resize(width, height);
        let at = format!("at {width}×{height}");
        app.go("#/sync");
        app.wait_text("#inbox .refused .reason", "read-only", DEFAULT_WAIT);
        audit(&app, &format!("the sync inbox with a refused change {at}"));
        app.go("#/caseload");
        app.click(&format!("main a[href='{own_case}']"));
        app.wait_text("#members-list", "Ana Silva (you)", DEFAULT_WAIT * 2);
        app.click("#share-open");
        audit(&app, &format!("a case's members and the share form {at}"));
        app.click("#transfer-open");
        app.wait_text("#transfer-drafts", "No drafts are left", DEFAULT_WAIT);
        audit(&app, &format!("handing a case on {at}"));
        app.click("#transfer-pack-link");
        app.wait_text("#transfer-pack h1", "Transfer pack", DEFAULT_WAIT);
        audit(&app, &format!("the transfer pack {at}"));
        app.go("#/team");
        app.wait_text(".overseen .case-row", "Ivy Nowak", DEFAULT_WAIT);
        audit(&app, &format!("the Team page {at}"));
        app.go("#/caseload");
        app.click(&format!("main a[href='#/case/{case}']"));
        app.wait_text("#case-role-note", "to read", DEFAULT_WAIT);
        app.wait_text(
            "#chronology .entry-author",
            "by Ben Okafor (practitioner)",
            DEFAULT_WAIT,
        );
        audit(
            &app,
            &format!("a case shared to read, a colleague's entry {at}"),
        );
        app.go("#/settings");
        app.wait_text("#team-name", "North locality", DEFAULT_WAIT);
        app.click("#team-leave");
        app.wait_text("#team-leave-message", "stay", DEFAULT_WAIT * 2);
        audit(&app, &format!("leaving a team, asked {at}"));
    }
    app.go("#/sync");
    app.click("#sync-now");
    app.wait_text("#sync-report", "left this device", DEFAULT_WAIT * 2);
    for (width, height) in [(1280, 720), (1024, 600)] {
        app.resize(width, height);
        app.go("#/caseload");
        app.wait_text(
            "#removal-notices",
            "stopped sharing Ivy Nowak",
            DEFAULT_WAIT,
        );
        audit(
            &app,
            &format!("the caseload with a removal notice at {width}×{height}"),
        );
    }
    app.quit();
}
