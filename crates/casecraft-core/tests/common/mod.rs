//! Test kit: realistic stores in a few lines, on real SQLite files in a
//! temporary folder.
#![allow(dead_code)]

use casecraft_core::casework::case::NewCase;
use casecraft_core::casework::entry::{EntryKind, NewEntry};
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::{Id, Store};
use tempfile::TempDir;

/// A practitioner's store in a fresh data folder.
pub fn practitioner() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open_dir(dir.path()).expect("open store");
    store
        .init_profile(NewProfile {
            display_name: "Sam Practitioner".into(),
            role: Role::Practitioner,
        })
        .expect("init");
    (dir, store)
}

/// A case with a subject.
pub fn case(store: &mut Store, subject: &str) -> Id {
    store
        .create_case(NewCase {
            subject: subject.into(),
            ..Default::default()
        })
        .expect("case")
        .id
}

/// A draft entry with a body.
pub fn draft(store: &mut Store, case: Id, kind: EntryKind, body: &str) -> Id {
    let mut e = NewEntry::new(kind);
    e.body = body.into();
    store.create_entry(case, e).expect("entry").id
}

/// A practitioner with three cases (one closed) and a few entries each.
pub fn caseload() -> (TempDir, Store, Vec<Id>) {
    let (dir, mut store) = practitioner();
    let a = case(&mut store, "Amelia Hughes");
    let b = case(&mut store, "Kwame Okafor");
    let c = case(&mut store, "Ivy Nowak");
    for (i, id) in [a, b, c].into_iter().enumerate() {
        let e = draft(
            &mut store,
            id,
            EntryKind::HomeVisit,
            &format!("Visit number {i}: saw the family at home."),
        );
        store.complete_entry(e).expect("complete");
        draft(
            &mut store,
            id,
            EntryKind::PhoneCall,
            "Called school about attendance.",
        );
    }
    store
        .close_case(
            c,
            "Support plan complete; family agreed; early help continues.",
        )
        .expect("close");
    (dir, store, vec![a, b, c])
}

/// Everything a person can see of the store, for "nothing changed" checks.
pub fn snapshot(store: &mut Store) -> (u64, String) {
    let ops = store.op_count().expect("ops");
    let cases = store
        .list_cases(&casecraft_core::casework::case::CaseFilter {
            status: casecraft_core::casework::case::StatusFilter::All,
            ..Default::default()
        })
        .expect("cases")
        .items;
    let mut all = String::new();
    for c in cases {
        all.push_str(
            &store
                .export_case(c.id)
                .expect("export")
                .to_json()
                .expect("json"),
        );
    }
    (ops, all)
}

/// Sends `from` every op `to` lacks, as one sync round does.
pub fn send(from: &Store, to: &mut Store) -> casecraft_core::sync::ImportReport {
    let ops = from
        .ops_missing_from(&to.heads().expect("heads"), u32::MAX)
        .expect("ops");
    to.import_ops(ops).expect("import")
}
