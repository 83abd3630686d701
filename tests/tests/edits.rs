//! Changing and removing what was recorded, on the real app: a reflection edited (its title's
//! error beside the field), moved to the trash and restored; a draft entry trashed and restored
//! while a completed one is refused with the core's reason; a person edited and removed while the
//! case's subject stays; a co-working note amended (its history shown) and replied to.

use casecraft_e2e::{App, DEFAULT_WAIT};
use std::path::Path;

/// First run and one open case; leaves the app on the case view.
fn practitioner_with_case(data_dir: &Path, subject: &str) -> App {
    let app = App::launch(data_dir);
    app.first_run("Sam Practitioner", "practitioner");
    app.type_into("#case-subject", subject);
    app.click("#new-case button[type=submit]");
    app.wait_text("h1#case-subject", subject, DEFAULT_WAIT);
    app
}

#[test]
fn a_reflection_is_edited_then_trashed_and_restored() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Robin Vale");
    app.open_tab("reflections");
    app.click("#reflect-on-case");
    app.wait_text("main h1", "Reflective log", DEFAULT_WAIT);
    app.select("#reflection-model", "gibbs");
    app.wait_text("#reflection-sections", "Feelings", DEFAULT_WAIT);
    app.type_into("#reflection-title", "Doorstep visit");
    app.type_into("#section-description", "Robin would not open the door.");
    app.click("#pcf-knowledge");
    app.click("#new-reflection button[type=submit]");
    app.wait_text("#reflections", "Doorstep visit", DEFAULT_WAIT);

    // An empty title is refused, the core's message beside the field.
    app.click("#reflections .reflection-edit");
    app.wait_text(
        "#reflections .reflection-edit-form",
        "Save changes",
        DEFAULT_WAIT,
    );
    app.fill("#reflections .edit-title", " ");
    app.click("#reflections .reflection-edit-form button[type=submit]");
    app.wait_text(
        "#reflections .reflection-edit-form [data-field=title] .field-error",
        "Title",
        DEFAULT_WAIT,
    );

    app.fill("#reflections .edit-title", "Doorstep visit, second try");
    app.fill(
        "#reflections .edit-section-description",
        "Robin opened the door on the second knock.",
    );
    app.type_into("#reflections .edit-section-feelings", "Relieved.");
    app.click("#reflections .edit-shared");
    app.click("#reflections .reflection-edit-form input[value=values-and-ethics]");
    app.click("#reflections .reflection-edit-form button[type=submit]");
    app.wait_text("#reflections", "Doorstep visit, second try", DEFAULT_WAIT);
    app.wait_text("#reflections", "Values and ethics", DEFAULT_WAIT);
    app.wait_text("#reflections .status", "hared", DEFAULT_WAIT);
    app.click("#reflections details summary");
    app.wait_text(
        "#reflections details",
        "Robin opened the door on the second knock.",
        DEFAULT_WAIT,
    );
    app.wait_text("#reflections details", "Relieved.", DEFAULT_WAIT);

    // To the trash and back.
    app.click("#reflections .reflection-delete");
    app.wait_text("#reflections", "No reflections here yet", DEFAULT_WAIT);
    app.click("a[href='#/trash']");
    app.wait_text("#trash", "Doorstep visit, second try", DEFAULT_WAIT);
    app.click("#trash button");
    app.wait_text("#trash", "The trash is empty", DEFAULT_WAIT);
    app.eval("location.hash = '#/reflections'; return 'ok'");
    app.wait_text("#reflections", "Doorstep visit, second try", DEFAULT_WAIT);
    app.quit();
}

#[test]
fn a_draft_entry_is_trashed_and_restored_but_a_completed_one_stays() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Alex Moor");
    // One entry completed, one left as a draft.
    app.type_into("#entry-purpose", "Signed-off visit");
    app.type_into("#entry-body", "Alex showed me the new flat.");
    app.click("#new-entry button[type=submit]");
    app.wait_text("#chronology .entry-draft", "Signed-off visit", DEFAULT_WAIT);
    app.click("#chronology .entry-draft button[aria-label^='Complete']");
    app.confirm("Complete this entry?");
    app.wait_text(
        "#chronology .entry-completed",
        "Signed-off visit",
        DEFAULT_WAIT,
    );
    app.type_into("#entry-purpose", "Half-written call");
    app.click("#new-entry button[type=submit]");
    app.wait_text(
        "#chronology .entry-draft",
        "Half-written call",
        DEFAULT_WAIT,
    );

    // The core says a completed entry is part of the record: no trash for it, an addendum
    // instead.
    assert!(
        app.texts("#chronology .entry-completed .entry-delete")
            .is_empty(),
        "a completed entry offers no Move to trash"
    );
    assert_eq!(
        app.texts("#chronology .entry-completed .addendum-open")
            .len(),
        1
    );

    app.click("#chronology .entry-draft .entry-delete");
    app.wait_for(DEFAULT_WAIT, "the draft to leave the chronology", |app| {
        app.texts("#chronology .entry-draft").is_empty()
    });
    app.wait_text("#chronology", "Signed-off visit", DEFAULT_WAIT);

    app.click("a[href='#/trash']");
    app.wait_text("#trash", "Half-written call", DEFAULT_WAIT);
    app.click("#trash button");
    app.wait_text("#trash", "The trash is empty", DEFAULT_WAIT);
    app.eval("history.back(); return 'ok'");
    app.wait_text(
        "#chronology .entry-draft",
        "Half-written call",
        DEFAULT_WAIT,
    );
    app.quit();
}

#[test]
fn a_person_is_edited_and_removed_but_the_subject_stays() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Kit Reed");
    app.open_tab("network");
    app.type_into("#person-name", "Dana Moss");
    app.type_into("#person-relationship", "mother");
    app.click("#new-person button[type=submit]");
    app.wait_text("#network", "Dana Moss — mother", DEFAULT_WAIT);

    // An empty name is refused beside the field.
    app.click("button[aria-label='Edit Dana Moss']");
    app.fill(".person-edit-form .edit-name", " ");
    app.click(".person-edit-form button[type=submit]");
    app.wait_text(
        ".person-edit-form [data-field=name] .field-error",
        "Name",
        DEFAULT_WAIT,
    );
    app.fill(".person-edit-form .edit-name", "Dana Reed");
    app.fill(".person-edit-form .edit-relationship", "aunt");
    app.fill(".person-edit-form .edit-household", "Reed family");
    app.click(".person-edit-form button[type=submit]");
    app.wait_text("#network", "Household: Reed family", DEFAULT_WAIT);
    app.wait_text("#network", "Dana Reed — aunt", DEFAULT_WAIT);

    // The person the case is about cannot be removed; the core says why.
    app.click("button[aria-label='Remove Kit Reed']");
    app.wait_text("#network", "a case keeps its subject", DEFAULT_WAIT);

    app.click("button[aria-label='Remove Dana Reed']");
    app.wait_for(DEFAULT_WAIT, "Dana Reed to leave the network", |app| {
        !app.texts("#network").concat().contains("Dana Reed")
    });
    app.click("a[href='#/trash']");
    app.wait_text("#trash", "Dana Reed", DEFAULT_WAIT);
    app.click("#trash button");
    app.wait_text("#trash", "The trash is empty", DEFAULT_WAIT);
    app.eval("history.back(); return 'ok'");
    app.open_tab("network");
    app.wait_text("#network", "Dana Reed — aunt", DEFAULT_WAIT);
    app.quit();
}

#[test]
fn a_co_working_note_is_amended_with_its_history_and_replied_to() {
    let home = tempfile::tempdir().expect("temp dir");
    let app = practitioner_with_case(&home.path().join("data"), "Jo Marsh");
    app.open_tab("cowork");
    app.select("#cowork-kind", "handover");
    app.type_into("#cowork-body", "Visit on Tuesday.");
    app.click("#new-cowork button[type=submit]");
    app.wait_text("#cowork", "Visit on Tuesday.", DEFAULT_WAIT);

    // An empty amendment is refused beside the field.
    app.click("#cowork .note-amend");
    app.fill("#cowork .amend-body", " ");
    app.click("#cowork .amend-form button[type=submit]");
    app.wait_text(
        "#cowork .amend-form [data-field=body] .field-error",
        "is required",
        DEFAULT_WAIT,
    );
    app.fill("#cowork .amend-body", "Visit on Wednesday, not Tuesday.");
    app.click("#cowork .amend-form button[type=submit]");
    app.wait_text("#cowork .entry-body", "Visit on Wednesday", DEFAULT_WAIT);
    app.wait_text("#cowork .entry-head", "amended", DEFAULT_WAIT);
    app.click("#cowork .note-history summary");
    app.wait_text("#cowork .note-history", "Visit on Tuesday.", DEFAULT_WAIT);

    app.click("#cowork .note-reply-open");
    app.select("#cowork .reply-form select", "discussion");
    app.type_into("#cowork .reply-body", "Wednesday suits me.");
    app.click("#cowork .reply-form button[type=submit]");
    app.wait_text("#cowork .note-reply", "Wednesday suits me.", DEFAULT_WAIT);
    app.wait_text(
        "#cowork .note-reply",
        "In reply to Sam Practitioner",
        DEFAULT_WAIT,
    );
    app.wait_text("#cowork .note-reply", "Discussion", DEFAULT_WAIT);
    app.quit();
}
