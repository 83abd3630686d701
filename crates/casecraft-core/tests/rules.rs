//! Rules the core decides and the shells only ask about: what may be recorded on a closed case,
//! which entries take addenda or may go to the trash, and what keeping both values of a
//! conflicting list means.

#![allow(clippy::unwrap_used)] // a test file: a failed unwrap is a failed test

mod common;

use casecraft_core::casework::case::{CaseEdit, CaseStatus};
use casecraft_core::casework::entry::{EntryEdit, EntryKind, NewEntry};
use casecraft_core::ErrorKind;
use common::{case, draft, practitioner, send};

#[test]
fn a_closed_case_takes_calls_messages_and_notes_and_a_visit_needs_it_reopened() {
    let (_dir, mut store) = practitioner();
    let c = case(&mut store, "Noor Begum");
    let note = draft(&mut store, c, EntryKind::CaseNote, "Before closing.");
    store
        .close_case(c, "Support plan complete; the family agreed.")
        .unwrap();
    let allowed: Vec<_> = EntryKind::recordable_on(CaseStatus::Closed).collect();
    assert_eq!(
        allowed,
        [
            EntryKind::PhoneCall,
            EntryKind::Message,
            EntryKind::CaseNote
        ]
    );
    for kind in EntryKind::recordable() {
        let ops = store.op_count().unwrap();
        let result = store.create_entry(
            c,
            NewEntry {
                body: "After closing.".into(),
                ..NewEntry::new(kind)
            },
        );
        if allowed.contains(&kind) {
            assert!(result.is_ok(), "{kind:?}: {result:?}");
        } else {
            let err = result.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{kind:?}");
            assert!(err.to_string().contains("reopen the case"), "{err}");
            assert_eq!(store.op_count().unwrap(), ops, "nothing written");
        }
    }
    // A draft cannot become a visit on a closed case either.
    let err = store
        .edit_entry(
            note,
            EntryEdit {
                kind: Some(EntryKind::HomeVisit),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("reopen the case"), "{err}");
    store
        .reopen_case(c, Some("Concerns raised again."))
        .unwrap();
    draft(&mut store, c, EntryKind::HomeVisit, "Visited again.");
}

#[test]
fn every_completed_entry_takes_addenda_and_only_drafts_go_to_the_trash() {
    let (_dir, mut store) = practitioner();
    let c = case(&mut store, "Oscar Green");
    let d = draft(&mut store, c, EntryKind::PhoneCall, "Called.");
    let entry = store.entry(d).unwrap();
    assert!(entry.is_editable() && entry.may_be_trashed() && !entry.takes_addenda());
    store.complete_entry(d).unwrap();
    let entry = store.entry(d).unwrap();
    assert!(!entry.may_be_trashed() && entry.takes_addenda());
    assert!(store.delete_entry(d).is_err());
    // The closure entry is a record like any other: it takes a correction.
    store.close_case(c, "Moved out of the area.").unwrap();
    let closure = store
        .list_entries(c, &Default::default())
        .unwrap()
        .into_iter()
        .find(|e| e.kind == EntryKind::Closure)
        .unwrap();
    assert!(closure.takes_addenda());
    store
        .add_addendum(closure.id, "Correction: moved to Leeds, not Bradford.")
        .unwrap();
}

#[test]
fn keeping_both_values_of_a_list_takes_every_item_and_other_fields_keep_one() {
    let (_a, mut laptop) = practitioner();
    let (_b, mut desktop) = practitioner();
    let c = case(&mut laptop, "Ivy Nowak");
    send(&laptop, &mut desktop);
    for (store, flags, reference) in [
        (
            &mut laptop,
            vec!["safeguarding".to_string(), "lone-working-risk".to_string()],
            "LAP-1",
        ),
        (
            &mut desktop,
            vec!["interpreter-needed".to_string(), "safeguarding".to_string()],
            "DESK-2",
        ),
    ] {
        store
            .edit_case(
                c,
                CaseEdit {
                    flags: Some(flags),
                    reference: Some(reference.into()),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    send(&desktop, &mut laptop);
    let flags = laptop
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.field == "flags")
        .unwrap();
    assert!(flags.can_keep_all());
    laptop.resolve_conflict_keeping_all(c, "flags").unwrap();
    let mut kept = laptop.case(c).unwrap().flags;
    kept.sort();
    assert_eq!(
        kept,
        ["interpreter-needed", "lone-working-risk", "safeguarding"]
    );
    // A reference keeps one value: "both" is refused and nothing is written.
    let ops = laptop.op_count().unwrap();
    let err = laptop
        .resolve_conflict_keeping_all(c, "reference")
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(laptop.op_count().unwrap(), ops);
}
