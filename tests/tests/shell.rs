//! The desktop shell end to end: the app starts on the data directory it is given, reaches
//! Rust over IPC and shows first run on an empty data folder.

use casecraft_e2e::{App, DEFAULT_WAIT};

#[test]
fn app_starts_on_its_data_dir_and_asks_who_is_writing() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let app = App::launch(&data_dir);
    app.wait_text("#first-run h1", "Welcome to Casecraft", DEFAULT_WAIT);
    // Nothing is created before a passphrase is set; the app's log is already there.
    assert!(
        data_dir.join("casecraft.log").is_file(),
        "the app did not start on CASECRAFT_DATA_DIR"
    );
    assert!(!data_dir.join("casecraft.db").exists());
    // The role choices come from the core's vocabulary over IPC.
    assert_eq!(
        app.texts("#profile-role option"),
        ["Practitioner", "Student", "Supervisor"]
    );
    app.quit();
}

#[test]
fn the_content_security_policy_blocks_inline_script() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = App::launch(&home.path().join("data"));
    app.wait_text("#first-run h1", "Welcome to Casecraft", DEFAULT_WAIT);
    // WebDriver's own script runs outside the page's CSP; the inline <script> it adds does not.
    app.eval(
        "const s = document.createElement('script'); \
         s.textContent = 'document.body.dataset.inlineRan = \"yes\"'; \
         document.body.append(s); return null",
    );
    app.eval("return String(!!window.__TAURI__)")
        .filter(|v| v == "true")
        .expect("the page can reach the Tauri IPC global");
    assert_eq!(
        app.eval("return document.body.dataset.inlineRan || 'blocked'"),
        Some("blocked".into()),
        "an inline script ran: the CSP is not applied"
    );
    app.quit();
}

#[test]
fn commands_outside_the_app_manifest_are_refused_in_the_real_app() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = App::launch(&home.path().join("data"));
    app.wait_text("#first-run h1", "Welcome to Casecraft", DEFAULT_WAIT);
    // Each call's outcome lands in window.__outcomes: "ok" or the refusal.
    app.eval(
        "window.__outcomes = {}; \
         for (const [name, args] of [['vocabulary', {}], ['not_a_command', {}], ['plugin:shell|open', {path: 'https://evil.example'}], ['plugin:fs|read_text_file', {path: '/etc/passwd'}], ['plugin:dialog|save', {options: {}}], ['plugin:dialog|open', {options: {}}]]) { \
           window.__TAURI__.core.invoke(name, args) \
             .then(() => { window.__outcomes[name] = 'ok'; }) \
             .catch((e) => { window.__outcomes[name] = 'refused: ' + String(e && (e.message || e)); }); \
         } return null",
    );
    app.wait_for(DEFAULT_WAIT, "every call to settle", |app| {
        app.eval("return String(Object.keys(window.__outcomes).length)")
            .is_some_and(|n| n == "6")
    });
    let outcome = |name: &str| {
        app.eval(&format!("return window.__outcomes['{name}']"))
            .unwrap_or_default()
    };
    assert_eq!(outcome("vocabulary"), "ok", "the app's own command works");
    for name in [
        "not_a_command",
        "plugin:shell|open",
        "plugin:fs|read_text_file",
        // The dialog plugin is registered for the app's own Rust code; the page may not call it.
        "plugin:dialog|save",
        "plugin:dialog|open",
    ] {
        assert!(
            outcome(name).starts_with("refused"),
            "{name}: {}",
            outcome(name)
        );
    }
    app.quit();
}
