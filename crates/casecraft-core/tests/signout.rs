//! Signing out of a shared machine, on real files: refused while changes made here exist only
//! here (nothing removed), allowed once they are synced or when the person discards them; after
//! it the data folder opens as a fresh, profile-less Casecraft.
#![allow(clippy::unwrap_used)]

mod common;

use casecraft_core::{protection::signout, sync::folder, ErrorKind, Store};

const PASS: &str = "correct horse battery staple";

#[test]
fn a_device_that_never_synced_signs_out_only_when_told_to_discard() {
    let (dir, mut store, cases) = common::caseload();
    let lost = signout::unsynced(&store).unwrap();
    assert!(!lost.syncs && lost.changes > 5, "{lost:?}");
    let err = signout::sign_out(store, false).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    assert!(err.to_string().contains("never synced"), "{err}");
    // Nothing was removed.
    store = Store::open_dir(dir.path()).unwrap();
    assert!(store.case(cases[0]).is_ok());

    // A backup cut short leaves a plaintext snapshot behind; signing out takes it too.
    let leftover = dir.path().join(".backup-snapshot-interrupted.db");
    std::fs::write(&leftover, b"a whole plaintext copy").unwrap();
    let discarded = signout::sign_out(store, true).unwrap();
    assert!(!leftover.exists(), "a leftover snapshot survived sign-out");
    assert_eq!(discarded, lost);
    let fresh = Store::open_dir(dir.path()).unwrap();
    assert!(
        fresh.profile().unwrap().is_none(),
        "the next person finds no profile"
    );
    assert!(fresh.case(cases[0]).is_err());
}

#[test]
fn a_synced_device_signs_out_freely_and_is_stopped_by_one_new_change() {
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("sync");
    let (dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Amelia Hughes");
    folder::init(&mut store, &target, PASS).unwrap();
    folder::run(&mut store).unwrap();
    assert!(signout::unsynced(&store).unwrap().is_empty());

    common::case(&mut store, "Written after the last sync");
    let err = signout::sign_out(store, false).unwrap_err();
    assert!(
        err.to_string()
            .contains("change(s) made on this device are not synced"),
        "{err}"
    );
    assert!(err.to_string().contains("sync first"), "{err}");
    let mut store = Store::open_dir(dir.path()).unwrap();
    folder::run(&mut store).unwrap();
    signout::sign_out(store, false).unwrap();

    // What was signed out of is still in the folder: another device joins and gets it.
    let (_other_dir, mut other) = common::practitioner();
    folder::join(&mut other, &target, PASS).unwrap();
    folder::run(&mut other).unwrap();
    assert_eq!(other.case(case).unwrap().subject, "Amelia Hughes");
}

#[test]
fn signing_out_or_restoring_while_another_window_has_the_casework_open_is_refused() {
    let (dir, store, cases) = common::caseload();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("b.ccbackup");
    casecraft_core::protection::backup::create(&store, &file, "heather lantern ninety").unwrap();
    // The app (another connection) has the store open.
    let app = Store::open_dir(dir.path()).unwrap();
    let err = signout::sign_out(store, true).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    assert!(err.to_string().contains("close it and try again"), "{err}");
    let err = casecraft_core::protection::backup::restore(
        dir.path(),
        &file,
        "heather lantern ninety",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("close it and try again"), "{err}");
    assert!(app.case(cases[0]).is_ok(), "nothing was removed");
    // Once it is closed, both work.
    drop(app);
    casecraft_core::protection::backup::restore(dir.path(), &file, "heather lantern ninety", None)
        .unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    assert!(store.case(cases[0]).is_ok());
    signout::sign_out(store, true).unwrap();
}

#[test]
fn a_wellbeing_section_kept_on_this_device_only_stops_sign_out_and_is_named() {
    let shared = tempfile::tempdir().unwrap();
    let target = shared.path().join("sync");
    let (dir, mut store) = common::practitioner();
    store
        .create_supervision(casecraft_core::casework::supervision::NewSupervision {
            occurred_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
            supervisor: "Morgan Ellis".into(),
            functions: Vec::new(),
            notes: "Caseload review.".into(),
            decisions: Vec::new(),
            reflections: Vec::new(),
            actions: Vec::new(),
            wellbeing: Some("Tired after the Hughes visit; talked it through.".into()),
        })
        .unwrap();
    folder::init(&mut store, &target, PASS).unwrap();
    folder::run(&mut store).unwrap();
    // Every change is in the folder, yet the wellbeing section is not: it never syncs.
    let lost = signout::unsynced(&store).unwrap();
    assert_eq!(lost.changes, 0);
    assert_eq!(
        lost.device_only,
        ["the wellbeing section of supervision with Morgan Ellis on 25/11/2026"]
    );
    assert!(!lost.is_empty());
    let err = signout::sign_out(store, false).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    let message = err.to_string();
    assert!(message.contains("kept on this device only"), "{message}");
    assert!(message.contains("Morgan Ellis on 25/11/2026"), "{message}");
    assert!(!message.contains("in the sync folder"), "{message}");
    // Nothing was removed; told to discard, it goes.
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.device_only_records().unwrap().len(), 1);
    let discarded = signout::sign_out(store, true).unwrap();
    assert_eq!(discarded.device_only.len(), 1);
    assert!(Store::open_dir(dir.path())
        .unwrap()
        .profile()
        .unwrap()
        .is_none());
}
