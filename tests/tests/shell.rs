//! The desktop shell end to end: the app starts on its data directory and a button reaches Rust.

use casecraft_e2e::{App, DEFAULT_WAIT};

#[test]
fn app_starts_and_a_button_calls_a_command() {
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    let app = App::launch(&data_dir);
    assert!(
        data_dir.is_dir(),
        "the app did not create its data directory: CASECRAFT_DATA_DIR did not reach it"
    );
    app.wait_text("h1", "Casecraft", DEFAULT_WAIT);
    app.click("#about");
    app.wait_text("#version", "Casecraft 0.1.0", DEFAULT_WAIT);
    app.quit();
}
