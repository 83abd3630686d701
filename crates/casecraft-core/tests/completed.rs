//! A completed entry never changes, also through sync: an edit that did not see the completion
//! is kept and shown ("held"), never applied to the completed text and never dropped; a person
//! adds it as an addendum or discards it, and every device agrees.

#![allow(clippy::unwrap_used)] // a test file: a failed unwrap is a failed test

mod common;

use casecraft_core::casework::entry::{Entry, EntryEdit, EntryKind};
use casecraft_core::sync::HeldOutcome;
use casecraft_core::{Id, Store};
use common::{case, draft, practitioner, send};

fn edit_body(store: &mut Store, entry: Id, body: &str) {
    store
        .edit_entry(
            entry,
            EntryEdit {
                body: Some(body.into()),
                ..Default::default()
            },
        )
        .unwrap();
}

/// What a completed entry says: every field a person reads.
fn content(e: &Entry) -> String {
    format!(
        "{} {} {} {:?} {:?} {:?} {:?} {} | {} | {} | {} {:?} {}",
        e.kind.as_str(),
        e.status.as_str(),
        e.occurred_at,
        e.duration_minutes,
        e.location,
        e.participants,
        e.purpose,
        e.body,
        e.voice,
        e.analysis,
        e.significant,
        e.completed_at,
        e.deleted
    )
}

#[test]
fn an_edit_made_before_a_device_knew_of_the_completion_is_held_and_never_applied() {
    let (_a_dir, mut laptop) = practitioner();
    let (_b_dir, mut desktop) = practitioner();
    let case = case(&mut laptop, "Ivy Nowak");
    let entry = draft(&mut laptop, case, EntryKind::HomeVisit, "Saw Ivy at home.");
    send(&laptop, &mut desktop);
    // The laptop completes and syncs; the desktop, not yet knowing, edits the draft.
    laptop.complete_entry(entry).unwrap();
    let completed = content(&laptop.entry(entry).unwrap());
    edit_body(
        &mut desktop,
        entry,
        "Saw Ivy at home. Her brother was there too.",
    );
    // The desktop syncs (pushes its edit, pulls the completion), then the laptop does.
    send(&laptop, &mut desktop);
    send(&desktop, &mut laptop);
    for store in [&mut laptop, &mut desktop] {
        let e = store.entry(entry).unwrap();
        assert_eq!(
            content(&e),
            completed,
            "the completed entry is as completed"
        );
        assert_eq!(e.body, "Saw Ivy at home.");
        let held = store.held_edits(Some(case)).unwrap();
        assert_eq!(held.len(), 1, "the edit is kept and shown");
        assert_eq!(held[0].record_id, entry);
        assert_eq!(held[0].fields.len(), 1);
        assert_eq!(held[0].fields[0].field, "body");
        assert_eq!(held[0].fields[0].completed, "Saw Ivy at home.");
        assert_eq!(
            held[0].fields[0].edited,
            "Saw Ivy at home. Her brother was there too."
        );
        assert!(store.held_edits(None).unwrap().len() == 1);
        assert!(store.check().unwrap().is_healthy());
    }
    assert_eq!(laptop.op_count().unwrap(), desktop.op_count().unwrap());

    // The desktop adds it as an addendum; the laptop learns of it and lists nothing more.
    let held = desktop.held_edits(None).unwrap().remove(0);
    let text = held.addendum_text(&casecraft_core::zone::Zone::utc());
    assert!(text.contains("Her brother was there too."), "{text}");
    assert!(text.contains("What happened"), "{text}");
    desktop
        .settle_held_edits(entry, HeldOutcome::Addendum(text.clone()))
        .unwrap();
    send(&desktop, &mut laptop);
    for store in [&mut laptop, &mut desktop] {
        assert!(store.held_edits(None).unwrap().is_empty());
        let e = store.entry(entry).unwrap();
        assert_eq!(content(&e), completed);
        assert_eq!(e.addenda.len(), 1);
        assert_eq!(e.addenda[0].text, text);
        assert!(store.check().unwrap().is_healthy());
    }
    // Settling twice is refused: nothing is held any more.
    assert!(laptop
        .settle_held_edits(entry, HeldOutcome::Discard)
        .is_err());
}

#[test]
fn the_first_of_two_completions_is_the_record_and_the_other_is_held_like_an_edit() {
    let (_a_dir, mut laptop) = practitioner();
    let (_b_dir, mut desktop) = practitioner();
    let case = case(&mut laptop, "Kwame Okafor");
    let entry = draft(&mut laptop, case, EntryKind::OfficeVisit, "Kwame came in.");
    send(&laptop, &mut desktop);
    edit_body(&mut laptop, entry, "Kwame came in. His mother too.");
    laptop.complete_entry(entry).unwrap();
    let first = content(&laptop.entry(entry).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(5));
    edit_body(&mut desktop, entry, "Late: Kwame came in.");
    desktop.complete_entry(entry).unwrap();
    send(&desktop, &mut laptop);
    send(&laptop, &mut desktop);
    for store in [&mut laptop, &mut desktop] {
        assert_eq!(content(&store.entry(entry).unwrap()), first);
        let held = store.held_edits(None).unwrap();
        assert_eq!(held.len(), 1);
        // Only what would change the record is shown: the body, not a second completion.
        let fields: Vec<_> = held[0].fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["body"]);
        assert_eq!(
            held[0].fields[0].edited,
            "Late: Kwame came in. His mother too."
        );
        assert!(store.check().unwrap().is_healthy());
    }
    // Discarding settles it everywhere; the log keeps it.
    let ops = laptop.op_count().unwrap();
    laptop
        .settle_held_edits(entry, HeldOutcome::Discard)
        .unwrap();
    assert_eq!(laptop.op_count().unwrap(), ops + 1);
    send(&laptop, &mut desktop);
    for store in [&mut laptop, &mut desktop] {
        assert!(store.held_edits(None).unwrap().is_empty());
        assert_eq!(content(&store.entry(entry).unwrap()), first);
        assert!(store.entry(entry).unwrap().addenda.is_empty());
    }
}

#[test]
fn a_draft_moved_to_the_trash_while_completed_elsewhere_stays_in_the_record() {
    let (_a_dir, mut laptop) = practitioner();
    let (_b_dir, mut desktop) = practitioner();
    let case = case(&mut laptop, "Noor Begum");
    let entry = draft(&mut laptop, case, EntryKind::PhoneCall, "Called Noor.");
    send(&laptop, &mut desktop);
    laptop.complete_entry(entry).unwrap();
    desktop.delete_entry(entry).unwrap();
    send(&desktop, &mut laptop);
    send(&laptop, &mut desktop);
    for store in [&mut laptop, &mut desktop] {
        let e = store.entry(entry).unwrap();
        assert!(!e.deleted, "a completed entry is part of the record");
        let held = store.held_edits(None).unwrap();
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].fields[0].label, "Moved to the trash");
        assert_eq!(held[0].fields[0].edited, "yes");
        assert!(store.deletion_conflicts().unwrap().is_empty());
        assert!(store.check().unwrap().is_healthy());
    }
}

#[test]
fn edits_that_arrive_after_a_settlement_are_listed_again() {
    let (_a_dir, mut laptop) = practitioner();
    let (_b_dir, mut desktop) = practitioner();
    let (_c_dir, mut tablet) = practitioner();
    let case = case(&mut laptop, "Amelia Hughes");
    let entry = draft(&mut laptop, case, EntryKind::HomeVisit, "Visit.");
    send(&laptop, &mut desktop);
    send(&laptop, &mut tablet);
    laptop.complete_entry(entry).unwrap();
    edit_body(&mut desktop, entry, "Visit, desktop.");
    edit_body(&mut tablet, entry, "Visit, tablet.");
    send(&desktop, &mut laptop);
    laptop
        .settle_held_edits(entry, HeldOutcome::Discard)
        .unwrap();
    send(&tablet, &mut laptop);
    let held = laptop.held_edits(None).unwrap();
    assert_eq!(
        held.len(),
        1,
        "the tablet's edit was not seen when settling"
    );
    // Held edits merge like a draft's: the tablet's comes on top of those already dealt with.
    assert!(
        held[0].fields[0].edited.contains(", tablet"),
        "{}",
        held[0].fields[0].edited
    );
    assert_eq!(held[0].fields[0].completed, "Visit.");
    assert_eq!(laptop.entry(entry).unwrap().body, "Visit.");
}

#[test]
fn completing_an_entry_with_a_field_in_conflict_is_refused_until_one_value_is_kept() {
    let (_a_dir, mut laptop) = practitioner();
    let (_b_dir, mut desktop) = practitioner();
    let case = case(&mut laptop, "Oscar Green");
    let entry = draft(&mut laptop, case, EntryKind::HomeVisit, "Visit.");
    send(&laptop, &mut desktop);
    for (store, place) in [(&mut laptop, "Home"), (&mut desktop, "School")] {
        store
            .edit_entry(
                entry,
                EntryEdit {
                    location: Some(place.into()),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    send(&desktop, &mut laptop);
    let ops = laptop.op_count().unwrap();
    let err = laptop.complete_entry(entry).unwrap_err();
    assert!(err.to_string().contains("where"), "{err}");
    assert_eq!(laptop.op_count().unwrap(), ops, "nothing written");
    let conflict = laptop.conflicts().unwrap().remove(0);
    laptop
        .resolve_conflict(entry, "location", conflict.values[0].op_id)
        .unwrap();
    laptop.complete_entry(entry).unwrap();
}

#[test]
fn a_completion_from_before_completions_named_what_they_saw_is_read_by_clock() {
    let (_a_dir, mut laptop) = practitioner();
    let (_b_dir, mut desktop) = practitioner();
    let case = case(&mut laptop, "Freya Hall");
    let entry = draft(&mut laptop, case, EntryKind::HomeVisit, "Visit.");
    send(&laptop, &mut desktop);
    // The desktop edits before the laptop completes (by the clock), without either seeing the
    // other; then edits again after.
    edit_body(&mut desktop, entry, "Visit, early.");
    std::thread::sleep(std::time::Duration::from_millis(5));
    laptop.complete_entry(entry).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    edit_body(&mut desktop, entry, "Visit, early. Late.");
    // A store that receives the laptop's completion as an older version wrote it (no `seen`).
    let mut ops = laptop
        .ops_missing_from(&Default::default(), u32::MAX)
        .unwrap();
    for op in &mut ops {
        if let casecraft_core::op::OpBody::Set { field, seen, .. } = &mut op.body {
            if field == "status" {
                assert!(!seen.is_empty(), "a completion names what it saw");
                seen.clear();
            }
        }
    }
    ops.extend(
        desktop
            .ops_missing_from(&laptop.heads().unwrap(), u32::MAX)
            .unwrap(),
    );
    let (_c_dir, mut other) = practitioner();
    other.import_ops(ops).unwrap();
    // The early edit is before the completion by the clock, so it is part of the record; the
    // late one is held.
    assert_eq!(other.entry(entry).unwrap().body, "Visit, early.");
    let held = other.held_edits(None).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].fields[0].edited, "Visit, early. Late.");
    assert!(other.check().unwrap().is_healthy());
    // With what it saw named, both desktop edits are held.
    send(&laptop, &mut desktop);
    assert_eq!(desktop.entry(entry).unwrap().body, "Visit.");
}

#[test]
fn a_store_from_before_the_rule_is_rebuilt_when_opened_and_its_completed_entries_restored() {
    let (dir, mut laptop) = practitioner();
    let (_b_dir, mut desktop) = practitioner();
    let case = case(&mut laptop, "Ivy Nowak");
    let entry = draft(&mut laptop, case, EntryKind::HomeVisit, "Saw Ivy at home.");
    send(&laptop, &mut desktop);
    laptop.complete_entry(entry).unwrap();
    edit_body(&mut desktop, entry, "Saw Ivy at home. Changed.");
    send(&desktop, &mut laptop);
    drop(laptop);
    // What a store of the schema before this rule held (v3: no completions table, nor what v5
    // and v6 add), and the late edit
    // applied to the completed text.
    {
        let db = rusqlite::Connection::open(dir.path().join("casecraft.db")).unwrap();
        db.execute_batch(
            "DROP TABLE purged_cases;
             DROP TABLE form_drafts; DROP INDEX reflections_case_day; DROP INDEX cowork_case_time;
             DROP TABLE completions; DROP TABLE held_ops; DROP TABLE settled_ops;
             DROP INDEX IF EXISTS held_ops_record;
             DROP INDEX search_docs_case;
             DROP INDEX entries_contact;
             CREATE INDEX entries_contact ON entries (case_id, kind, occurred_at) WHERE deleted = 0;
             ALTER TABLE search_docs DROP COLUMN at;
             UPDATE entries SET body = 'Saw Ivy at home. Changed.';
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let mut reopened = Store::open_dir(dir.path()).unwrap();
    assert_eq!(reopened.entry(entry).unwrap().body, "Saw Ivy at home.");
    assert_eq!(reopened.held_edits(None).unwrap().len(), 1);
    assert!(reopened.check().unwrap().is_healthy());
}

/// Ops of one device, sent to another: a sync round with only that device's changes.
fn send_device_ops(from: &Store, device: Id, to: &mut Store) {
    let theirs = to.heads().unwrap();
    let known = theirs.get(&device).copied().unwrap_or(0);
    let ops = from.ops_after(device, known, u32::MAX).unwrap();
    to.import_ops(ops).unwrap();
}

#[test]
fn an_edit_held_after_it_was_applied_does_not_keep_an_earlier_value_from_arriving() {
    let (_a, mut a) = practitioner();
    let (_c, mut c) = practitioner();
    let (_d, mut d) = practitioner();
    let (_z, mut z) = practitioner();
    let case = case(&mut a, "Oscar Green");
    let entry = draft(&mut a, case, EntryKind::HomeVisit, "Visit.");
    for other in [&mut c, &mut d, &mut z] {
        send(&a, other);
    }
    let set_location = |store: &mut Store, place: &str| {
        store
            .edit_entry(
                entry,
                EntryEdit {
                    location: Some(place.into()),
                    ..Default::default()
                },
            )
            .unwrap();
    };
    // C writes P; D, having P, writes U over it; A has P but not U, and completes.
    set_location(&mut c, "Park");
    send(&c, &mut d);
    send(&c, &mut a);
    set_location(&mut d, "Union Street");
    a.complete_entry(entry).unwrap();
    assert_eq!(a.entry(entry).unwrap().location.as_deref(), Some("Park"));
    // Z hears D's edit first (it names P, not yet here), then A's completion, then P.
    let (a_id, c_id, d_id) = (
        a.device_id().unwrap(),
        c.device_id().unwrap(),
        d.device_id().unwrap(),
    );
    send_device_ops(&d, d_id, &mut z);
    send_device_ops(&a, a_id, &mut z);
    send_device_ops(&c, c_id, &mut z);
    assert_eq!(
        z.entry(entry).unwrap().location.as_deref(),
        Some("Park"),
        "the completed entry reads as A completed it"
    );
    assert!(
        z.check().unwrap().is_healthy(),
        "{:?}",
        z.check().unwrap().problems
    );
    assert_eq!(z.held_edits(None).unwrap().len(), 1);
}

#[test]
fn held_edits_that_build_on_discarded_ones_are_listed_again() {
    let (_a, mut laptop) = practitioner();
    let (_b, mut desktop) = practitioner();
    let case = case(&mut laptop, "Freya Hall");
    let entry = draft(&mut laptop, case, EntryKind::HomeVisit, "Visit.");
    send(&laptop, &mut desktop);
    laptop.complete_entry(entry).unwrap();
    edit_body(&mut desktop, entry, "Visit. More.");
    send(&desktop, &mut laptop);
    laptop
        .settle_held_edits(entry, HeldOutcome::Discard)
        .unwrap();
    assert!(laptop.held_edits(None).unwrap().is_empty());
    // The desktop, still unaware, goes on typing: its new edit builds on the discarded one.
    edit_body(&mut desktop, entry, "Visit. More. And more.");
    send(&desktop, &mut laptop);
    let held = laptop.held_edits(None).unwrap();
    assert_eq!(held.len(), 1, "the later edit is listed again");
    assert_eq!(held[0].fields[0].edited, "Visit. More. And more.");
    assert_eq!(held[0].fields[0].completed, "Visit.");
}

#[test]
fn an_entry_kept_from_a_deletion_is_completed_only_once_the_deletion_is_settled() {
    let (_a, mut laptop) = practitioner();
    let (_b, mut desktop) = practitioner();
    let case = case(&mut laptop, "Ava Lewis");
    let entry = draft(&mut laptop, case, EntryKind::PhoneCall, "Called.");
    send(&laptop, &mut desktop);
    desktop.delete_entry(entry).unwrap();
    edit_body(&mut laptop, entry, "Called. Left a message.");
    send(&desktop, &mut laptop);
    assert_eq!(laptop.deletion_conflicts().unwrap().len(), 1);
    let err = laptop.complete_entry(entry).unwrap_err();
    assert!(
        err.to_string().contains("deleted on another device"),
        "{err}"
    );
    laptop.resolve_deletion(entry, true).unwrap();
    laptop.complete_entry(entry).unwrap();
    assert!(laptop.deletion_conflicts().unwrap().is_empty());
}
