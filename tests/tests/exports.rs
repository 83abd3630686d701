//! Exporting a case from the real app: the court chronology, anonymised, previewed with every
//! replacement listed, saved to a new file chosen in the system's save dialog that holds none of
//! the names; saving over an existing file is refused even when the dialog is told to replace it;
//! the whole record as JSON keeps the names unless anonymised.

use casecraft_e2e::dialog::{self, FileDialog};
use casecraft_e2e::{workspace_root, App, DEFAULT_WAIT};

/// The title of the app's save dialog for documents.
const SAVE_TITLE: &str = "Save the document";

#[test]
fn an_anonymised_court_chronology_is_previewed_then_saved_without_any_name() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = App::launch(&home.path().join("data"));
    app.first_run("Sam Practitioner", "practitioner");
    app.type_into("#case-subject", "Kwame Okafor");
    app.type_into("#case-reference", "CC-7731");
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", "Kwame Okafor", DEFAULT_WAIT);
    app.type_into("#entry-purpose", "Strategy meeting");
    app.type_into(
        "#entry-body",
        "Kwame's teacher said KWAME was hungry; Okafor family seen at 14 Elm Road, LS6 2AB.",
    );
    app.click("#entry-significant");
    app.wait_text("#autosave-status", "Draft saved", DEFAULT_WAIT);
    app.click("#entry-complete");
    app.confirm("Complete this entry?");
    app.wait_text("#chronology .entry-completed", "hungry", DEFAULT_WAIT);

    app.click("#export-link");
    app.wait_text("#export-title", "Export", DEFAULT_WAIT);
    app.select("#export-kind", "chronology");
    app.select("#export-format", "html");
    app.click("#export-anonymise");
    app.click("#export-preview-button");
    app.wait_text("#export-replacements", "Child A", DEFAULT_WAIT);
    app.wait_text("#export-replacements", "[postcode]", DEFAULT_WAIT);
    app.wait_text("#export-preview", "Strategy meeting", DEFAULT_WAIT);
    let preview = app
        .eval("return document.getElementById('export-preview').innerText")
        .unwrap_or_default();
    for name in ["Kwame", "KWAME", "Okafor", "CC-7731", "Elm Road", "LS6 2AB"] {
        assert!(!preview.contains(name), "{name} in the preview: {preview}");
    }
    app.screenshot(&workspace_root().join("docs/screenshots/anonymised-export.png"));

    // Saved to a new file chosen in the system's save dialog.
    let file = home.path().join("chronology.html");
    app.click("#export-save");
    dialog::answer(SAVE_TITLE, FileDialog::Save, &file);
    app.wait_text("#export-status", "Saved", DEFAULT_WAIT);
    let html = std::fs::read_to_string(&file).expect("the saved chronology");
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.contains("Chronology: Child A ([reference])"), "{html}");
    for name in ["Kwame", "KWAME", "Okafor", "CC-7731", "Elm Road", "LS6 2AB"] {
        assert!(!html.contains(name), "{name} in the saved file");
    }
    // The saved file as a reader opens it: in a browser, with its print styles.
    let shown = casecraft_e2e::render::html_to_png(
        &file,
        &workspace_root().join("docs/screenshots/court-chronology.png"),
        1280,
        720,
    );
    assert!(
        shown.contains("Chronology: Child A ([reference])"),
        "{shown}"
    );
    assert!(shown.contains("Strategy meeting"), "{shown}");
    assert!(!shown.contains("Kwame"), "{shown}");

    // Never over an existing file, even when the person tells the dialog to replace it.
    let saved = std::fs::read(&file).expect("the saved chronology");
    app.click("#export-save");
    dialog::answer(SAVE_TITLE, FileDialog::SaveReplacing, &file);
    app.wait_text("#export-form .form-error", "already exists", DEFAULT_WAIT);
    assert_eq!(std::fs::read(&file).expect("the chronology"), saved);

    // Not anonymised, the record keeps the names.
    app.select("#export-kind", "record");
    app.select("#export-format", "json");
    app.click("#export-anonymise");
    let json_file = home.path().join("record.json");
    app.click("#export-save");
    dialog::answer(SAVE_TITLE, FileDialog::Save, &json_file);
    app.wait_text("#export-status", "Saved", DEFAULT_WAIT);
    let json = std::fs::read_to_string(&json_file).expect("the saved record");
    assert!(json.contains("\"subject\": \"Kwame Okafor\""), "{json}");
    app.quit();
}
