//! A deterministic simulator: three devices make random changes and sync
//! in random pairs, with ops duplicated, delivered out of order or dropped
//! for a round. After a final exchange every device holds every op, and
//! every case exports byte for byte the same everywhere.

#![allow(clippy::unwrap_used)] // a test file: a failed unwrap is a failed test

use casecraft_core::casework::case::{CaseEdit, CaseFilter, NewCase, StatusFilter};
use casecraft_core::casework::cowork::{CoworkKind, NewCoworkNote};
use casecraft_core::casework::entry::{EntryEdit, EntryFilter, EntryKind, NewEntry};
use casecraft_core::casework::person::NewPerson;
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::sync::HeldOutcome;
use casecraft_core::zone::Zone;
use casecraft_core::{Id, Store};
use proptest::prelude::*;
use proptest::test_runner::Config;
use tempfile::TempDir;

struct Device {
    _dir: TempDir,
    store: Store,
}

fn device(name: &str) -> Device {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .init_profile(NewProfile {
            display_name: name.into(),
            role: Role::Practitioner,
        })
        .unwrap();
    Device { _dir: dir, store }
}

#[derive(Debug, Clone)]
enum Step {
    /// Device edits the shared case's summary: keep a prefix, add words.
    Summary {
        device: usize,
        keep: usize,
        add: String,
    },
    /// Device sets the case reference (a register).
    Reference { device: usize, value: String },
    /// Device sets the tags (a JSON register).
    Tags { device: usize, tag: String },
    /// Device records an entry on the shared case.
    Entry { device: usize, body: String },
    /// Device edits its newest draft it can see.
    EditDraft { device: usize, add: String },
    /// Device completes its newest draft it can see.
    Complete { device: usize },
    /// Device deals with the first edits held back from a completed entry it sees: adds them
    /// as an addendum or discards them.
    Settle { device: usize, discard: bool },
    /// Device deletes or restores the shared case.
    Trash { device: usize, delete: bool },
    /// Device adds a person or a co-working note.
    Network { device: usize, name: String },
    /// Device opens a case of its own.
    NewCase { device: usize, subject: String },
    /// Device resolves the first conflict it sees, keeping the first value.
    Resolve { device: usize },
    /// Ops flow from one device to another.
    Sync {
        from: usize,
        to: usize,
        how: Delivery,
    },
}

#[derive(Debug, Clone, Copy)]
enum Delivery {
    Whole,
    Twice,
    /// Only the newer half arrives first (out of order), then all of it.
    Reordered,
    /// The round is lost.
    Dropped,
}

fn step() -> impl Strategy<Value = Step> {
    let d = 0usize..3;
    prop_oneof![
        (d.clone(), 0usize..30, "[a-z ]{1,8}").prop_map(|(device, keep, add)| Step::Summary {
            device,
            keep,
            add
        }),
        (d.clone(), "[A-Z]{2}-[0-9]{2}")
            .prop_map(|(device, value)| Step::Reference { device, value }),
        (d.clone(), "[a-c]").prop_map(|(device, tag)| Step::Tags { device, tag }),
        (d.clone(), "[a-z ]{1,12}").prop_map(|(device, body)| Step::Entry { device, body }),
        (d.clone(), "[a-z ]{1,6}").prop_map(|(device, add)| Step::EditDraft { device, add }),
        d.clone().prop_map(|device| Step::Complete { device }),
        (d.clone(), any::<bool>()).prop_map(|(device, discard)| Step::Settle { device, discard }),
        (d.clone(), any::<bool>()).prop_map(|(device, delete)| Step::Trash { device, delete }),
        (d.clone(), "[A-Z][a-z]{2,6}").prop_map(|(device, name)| Step::Network { device, name }),
        (d.clone(), "[A-Z][a-z]{2,6}")
            .prop_map(|(device, subject)| Step::NewCase { device, subject }),
        d.clone().prop_map(|device| Step::Resolve { device }),
        (
            d.clone(),
            d,
            prop_oneof![
                Just(Delivery::Whole),
                Just(Delivery::Twice),
                Just(Delivery::Reordered),
                Just(Delivery::Dropped)
            ]
        )
            .prop_map(|(from, to, how)| Step::Sync { from, to, how }),
    ]
}

fn sync(devices: &mut [Device], from: usize, to: usize, how: Delivery) {
    if from == to {
        return;
    }
    let theirs = devices[to].store.heads().unwrap();
    let ops = devices[from]
        .store
        .ops_missing_from(&theirs, 100_000)
        .unwrap();
    let target = &mut devices[to].store;
    match how {
        Delivery::Whole => {
            target.import_ops(ops).unwrap();
        }
        Delivery::Twice => {
            target.import_ops(ops.clone()).unwrap();
            let again = target.import_ops(ops).unwrap();
            assert_eq!(again.applied, 0, "a repeated delivery applies nothing");
        }
        Delivery::Reordered => {
            let half = ops.len() / 2;
            target.import_ops(ops[half..].to_vec()).unwrap();
            target.import_ops(ops).unwrap();
        }
        Delivery::Dropped => {}
    }
}

/// Every case a device holds, exported.
fn state(store: &Store) -> Vec<String> {
    let mut cases = store
        .list_cases(&CaseFilter {
            status: StatusFilter::All,
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect::<Vec<Id>>();
    cases.extend(
        store
            .list_trash(None, None)
            .unwrap()
            .into_iter()
            .filter(|t| t.kind.as_str() == "case")
            .map(|t| t.id),
    );
    cases.sort();
    let mut out: Vec<String> = cases
        .iter()
        .map(|c| store.export_case(*c).unwrap().to_json().unwrap())
        .collect();
    let merged: Vec<_> = store
        .merged_bodies()
        .unwrap()
        .into_iter()
        .map(|m| (m.record_id, m.field))
        .collect();
    let conflicts: Vec<_> = store
        .conflicts()
        .unwrap()
        .into_iter()
        .map(|c| (c.record_id, c.field))
        .collect();
    out.push(format!("merged {merged:?} conflicts {conflicts:?}"));
    out
}

/// What a completed entry says, as its completing device saw it: the content every device must
/// show at the end, for the completion that won (the stamp tells which).
type Completed = std::collections::BTreeMap<(Id, String), String>;

fn entry_content(e: &casecraft_core::casework::entry::Entry) -> String {
    format!(
        "{} {} {:?} {:?} {:?} {:?} {} | {} | {} | {} {}",
        e.kind.as_str(),
        e.occurred_at,
        e.duration_minutes,
        e.location,
        e.participants,
        e.purpose,
        e.body,
        e.voice,
        e.analysis,
        e.significant,
        e.deleted
    )
}

fn run(devices: &mut [Device], shared: Id, step: &Step, completed: &mut Completed) {
    // Refusals (editing a case in the trash, nothing to resolve…) are part
    // of the game: the rule refused, nothing changed.
    let _ = match step.clone() {
        Step::Summary { device, keep, add } => {
            let s = &mut devices[device].store;
            let current = s.case(shared).map(|c| c.summary).unwrap_or_default();
            let kept: String = current.chars().take(keep).collect();
            s.edit_case(
                shared,
                CaseEdit {
                    summary: Some(format!("{kept}{add}")),
                    ..Default::default()
                },
            )
            .map(|_| ())
        }
        Step::Reference { device, value } => devices[device]
            .store
            .edit_case(
                shared,
                CaseEdit {
                    reference: Some(value),
                    ..Default::default()
                },
            )
            .map(|_| ()),
        Step::Tags { device, tag } => devices[device]
            .store
            .edit_case(
                shared,
                CaseEdit {
                    tags: Some(vec![tag]),
                    ..Default::default()
                },
            )
            .map(|_| ()),
        Step::Entry { device, body } => devices[device]
            .store
            .create_entry(
                shared,
                NewEntry {
                    body,
                    ..NewEntry::new(EntryKind::CaseNote)
                },
            )
            .map(|_| ()),
        Step::EditDraft { device, add } => {
            let s = &mut devices[device].store;
            let drafts = s
                .list_entries(shared, &Default::default())
                .unwrap_or_default();
            match drafts.into_iter().find(|e| e.status.as_str() == "draft") {
                Some(e) => s
                    .edit_entry(
                        e.id,
                        EntryEdit {
                            body: Some(format!("{}{add}", e.body)),
                            ..Default::default()
                        },
                    )
                    .map(|_| ()),
                None => Ok(()),
            }
        }
        Step::Complete { device } => {
            let s = &mut devices[device].store;
            let drafts = s
                .list_entries(shared, &Default::default())
                .unwrap_or_default();
            match drafts.into_iter().find(|e| e.status.as_str() == "draft") {
                Some(e) => s.complete_entry(e.id).map(|done| {
                    let stamp = format!("{:?}", done.completed_at);
                    completed.insert((done.id, stamp), entry_content(&done));
                }),
                None => Ok(()),
            }
        }
        Step::Settle { device, discard } => {
            let s = &mut devices[device].store;
            match s.held_edits(None).unwrap().into_iter().next() {
                Some(h) => {
                    let outcome = if discard {
                        HeldOutcome::Discard
                    } else {
                        HeldOutcome::Addendum(h.addendum_text(&Zone::utc()))
                    };
                    s.settle_held_edits(h.record_id, outcome)
                }
                None => Ok(()),
            }
        }
        Step::Trash { device, delete } => {
            let s = &mut devices[device].store;
            if delete {
                s.delete_case(shared).map(|_| ())
            } else {
                s.restore_case(shared).map(|_| ())
            }
        }
        Step::Network { device, name } => {
            let s = &mut devices[device].store;
            s.add_person(
                shared,
                NewPerson {
                    name: name.clone(),
                    relationship: "aunt".into(),
                    ..Default::default()
                },
            )
            .and_then(|_| {
                s.add_cowork_note(
                    shared,
                    NewCoworkNote {
                        kind: CoworkKind::Discussion,
                        body: format!("Spoke with {name}"),
                        reply_to: None,
                    },
                )
            })
            .map(|_| ())
        }
        Step::NewCase { device, subject } => devices[device]
            .store
            .create_case(NewCase {
                subject,
                ..Default::default()
            })
            .map(|_| ()),
        Step::Resolve { device } => {
            let s = &mut devices[device].store;
            match s.conflicts().unwrap().into_iter().next() {
                Some(c) => s.resolve_conflict(c.record_id, &c.field, c.values[0].op_id),
                None => Ok(()),
            }
        }
        Step::Sync { from, to, how } => {
            sync(devices, from, to, how);
            Ok(())
        }
    };
}

proptest! {
    #![proptest_config(Config { cases: 64, ..Config::default() })]

    #[test]
    fn devices_that_exchanged_everything_hold_the_same_state(steps in proptest::collection::vec(step(), 1..40)) {
        let mut devices = vec![device("Laptop"), device("Desktop"), device("Tablet")];
        let shared = devices[0]
            .store
            .create_case(NewCase { subject: "Amelia Hughes".into(), summary: Some("Referred by school.".into()), ..Default::default() })
            .unwrap()
            .id;
        for to in 1..3 {
            sync(&mut devices, 0, to, Delivery::Whole);
        }
        let mut completed = Completed::new();
        for s in &steps {
            run(&mut devices, shared, s, &mut completed);
        }
        // Everyone tells everyone everything, twice round.
        for _ in 0..2 {
            for from in 0..3 {
                for to in 0..3 {
                    sync(&mut devices, from, to, Delivery::Whole);
                }
            }
        }
        let heads: Vec<_> = devices.iter().map(|d| d.store.heads().unwrap()).collect();
        prop_assert_eq!(&heads[0], &heads[1]);
        prop_assert_eq!(&heads[1], &heads[2]);
        let counts: Vec<u64> = devices.iter().map(|d| d.store.op_count().unwrap()).collect();
        prop_assert!(counts.windows(2).all(|w| w[0] == w[1]), "op counts {:?}", counts);
        let states: Vec<_> = devices.iter().map(|d| state(&d.store)).collect();
        prop_assert_eq!(&states[0], &states[1]);
        prop_assert_eq!(&states[1], &states[2]);
        for d in &mut devices {
            let check = d.store.check().unwrap();
            prop_assert!(check.is_healthy(), "{:?}", check.problems);
        }
        // Every completed entry says, on every device, what it said when it was completed
        // (by the completion that won: the one whose moment it carries).
        for d in &devices {
            let entries = d.store.list_entries(shared, &EntryFilter { limit: Some(500), ..Default::default() });
            for e in entries.unwrap_or_default().into_iter().filter(|e| e.status.as_str() == "completed") {
                let stamp = format!("{:?}", e.completed_at);
                let at_completion = completed.get(&(e.id, stamp));
                prop_assert!(at_completion.is_some(), "entry {} completed by no completion seen", e.id);
                prop_assert_eq!(Some(&entry_content(&e)), at_completion);
            }
        }
    }
}

#[test]
fn concurrent_writes_to_one_field_become_a_conflict_that_resolves_everywhere() {
    let mut devices = vec![device("Laptop"), device("Desktop")];
    let case = devices[0]
        .store
        .create_case(NewCase {
            subject: "Kwame Okafor".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    sync(&mut devices, 0, 1, Delivery::Whole);
    devices[0]
        .store
        .edit_case(
            case,
            CaseEdit {
                reference: Some("LAP-1".into()),
                ..Default::default()
            },
        )
        .unwrap();
    devices[1]
        .store
        .edit_case(
            case,
            CaseEdit {
                reference: Some("DESK-2".into()),
                ..Default::default()
            },
        )
        .unwrap();
    sync(&mut devices, 0, 1, Delivery::Whole);
    sync(&mut devices, 1, 0, Delivery::Whole);
    for d in &devices {
        let conflicts = d.store.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        let values: Vec<_> = conflicts[0]
            .values
            .iter()
            .map(|v| v.value.as_str().unwrap().to_string())
            .collect();
        assert!(
            values.contains(&"LAP-1".to_string()) && values.contains(&"DESK-2".to_string()),
            "{values:?}"
        );
    }
    // Both show the same value meanwhile.
    assert_eq!(
        devices[0].store.case(case).unwrap().reference,
        devices[1].store.case(case).unwrap().reference
    );
    let keep = devices[1].store.conflicts().unwrap()[0]
        .values
        .iter()
        .find(|v| v.value == "LAP-1")
        .unwrap()
        .op_id;
    devices[1]
        .store
        .resolve_conflict(case, "reference", keep)
        .unwrap();
    sync(&mut devices, 1, 0, Delivery::Whole);
    for d in &devices {
        assert!(d.store.conflicts().unwrap().is_empty());
        assert_eq!(
            d.store.case(case).unwrap().reference.as_deref(),
            Some("LAP-1")
        );
    }
}

#[test]
fn a_conflict_resolved_with_a_new_value_is_held_to_the_field_rules() {
    let mut devices = vec![device("Laptop"), device("Desktop")];
    let case = devices[0]
        .store
        .create_case(NewCase {
            subject: "Noor Begum".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    sync(&mut devices, 0, 1, Delivery::Whole);
    for (d, reference, flags, day) in [
        (0, "LAP-1", "safeguarding", (2026, 3, 1)),
        (1, "DESK-2", "interpreter", (2026, 3, 2)),
    ] {
        devices[d]
            .store
            .edit_case(
                case,
                CaseEdit {
                    reference: Some(reference.into()),
                    flags: Some(vec![flags.into()]),
                    opened_on: chrono::NaiveDate::from_ymd_opt(day.0, day.1, day.2),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    sync(&mut devices, 0, 1, Delivery::Whole);
    let store = &mut devices[1].store;
    assert_eq!(store.conflicts().unwrap().len(), 3);
    let before = store.op_count().unwrap();
    // A second line, a very long line, a label with a space, a wrong type: refused, nothing written.
    for (field, bad) in [
        ("reference", serde_json::json!("LAP-1\nDESK-2")),
        ("reference", serde_json::json!("x".repeat(600))),
        ("reference", serde_json::json!(7)),
        ("flags", serde_json::json!(["lone working"])),
        ("flags", serde_json::json!([1, 2])),
        // A date takes one of the values written, never free text.
        ("opened_on", serde_json::json!("banana")),
        ("opened_on", serde_json::json!("2026-03-03")),
    ] {
        let err = store
            .resolve_conflict_with(case, field, bad.clone())
            .unwrap_err();
        assert_eq!(err.field(), Some("value"), "{field} {bad}: {err}");
        assert_eq!(store.op_count().unwrap(), before, "{field} {bad}");
    }
    assert_eq!(store.conflicts().unwrap().len(), 3);
    let day = store
        .conflicts()
        .unwrap()
        .into_iter()
        .find(|c| c.field == "opened_on")
        .unwrap();
    store
        .resolve_conflict(case, "opened_on", day.values[0].op_id)
        .unwrap();
    // Combining: both flags kept, a reference of both.
    store
        .resolve_conflict_with(
            case,
            "flags",
            serde_json::json!(["Interpreter", "safeguarding"]),
        )
        .unwrap();
    store
        .resolve_conflict_with(case, "reference", serde_json::json!("LAP-1 / DESK-2"))
        .unwrap();
    sync(&mut devices, 1, 0, Delivery::Whole);
    for d in &devices {
        assert!(d.store.conflicts().unwrap().is_empty());
        let kase = d.store.case(case).unwrap();
        assert_eq!(kase.reference.as_deref(), Some("LAP-1 / DESK-2"));
        assert_eq!(kase.flags, vec!["interpreter", "safeguarding"]);
    }
}

#[test]
fn concurrent_edits_of_one_summary_both_survive() {
    let mut devices = vec![device("Laptop"), device("Desktop")];
    let case = devices[0]
        .store
        .create_case(NewCase {
            subject: "Ivy Nowak".into(),
            summary: Some("First line.\nSecond line.".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    sync(&mut devices, 0, 1, Delivery::Whole);
    devices[0]
        .store
        .edit_case(
            case,
            CaseEdit {
                summary: Some("First line, from the laptop.\nSecond line.".into()),
                ..Default::default()
            },
        )
        .unwrap();
    devices[1]
        .store
        .edit_case(
            case,
            CaseEdit {
                summary: Some("First line.\nSecond line, from the office.".into()),
                ..Default::default()
            },
        )
        .unwrap();
    sync(&mut devices, 0, 1, Delivery::Whole);
    sync(&mut devices, 1, 0, Delivery::Whole);
    for d in &devices {
        assert_eq!(
            d.store.case(case).unwrap().summary,
            "First line, from the laptop.\nSecond line, from the office."
        );
    }
}

#[test]
fn an_op_that_arrives_before_its_record_waits_for_it() {
    let mut devices = vec![device("Laptop"), device("Desktop"), device("Tablet")];
    let case = devices[0]
        .store
        .create_case(NewCase {
            subject: "Theo Walker".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    sync(&mut devices, 0, 1, Delivery::Whole);
    devices[1]
        .store
        .edit_case(
            case,
            CaseEdit {
                reference: Some("T-9".into()),
                ..Default::default()
            },
        )
        .unwrap();
    // The tablet hears from the desktop first: only the desktop's own ops.
    let desktop = devices[1].store.device_id().unwrap();
    let ops: Vec<_> = devices[1]
        .store
        .ops_missing_from(&Default::default(), 1000)
        .unwrap()
        .into_iter()
        .filter(|o| o.device_id == desktop)
        .collect();
    let report = devices[2].store.import_ops(ops).unwrap();
    assert_eq!(report.applied, 2, "the desktop's profile and its edit");
    assert!(
        devices[2].store.case(case).is_err(),
        "the case has not arrived yet"
    );
    sync(&mut devices, 0, 2, Delivery::Whole);
    assert_eq!(
        devices[2].store.case(case).unwrap().reference.as_deref(),
        Some("T-9")
    );
    assert!(devices[2].store.check().unwrap().is_healthy());
}

#[test]
fn ops_under_this_devices_own_id_from_elsewhere_give_it_a_new_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut original = Store::open_dir(dir.path()).unwrap();
    original
        .init_profile(NewProfile {
            display_name: "Sam".into(),
            role: Role::Practitioner,
        })
        .unwrap();
    let case = original
        .create_case(NewCase {
            subject: "A".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    drop(original);
    // Two installations under one id. A copy of the folder would take an id of its own when
    // first opened (the next test); a copy of the database inside the same folder, as a disk
    // image restored on another machine with this one's identity would be, keeps it.
    std::fs::copy(dir.path().join("casecraft.db"), dir.path().join("clone.db")).unwrap();
    let mut clone = Store::open(&dir.path().join("clone.db"), &Default::default()).unwrap();
    let mut original = Store::open_dir(dir.path()).unwrap();
    let old_id = original.device_id().unwrap();
    assert_eq!(clone.device_id().unwrap(), old_id);
    clone
        .edit_case(
            case,
            CaseEdit {
                reference: Some("from the clone".into()),
                ..Default::default()
            },
        )
        .unwrap();
    original
        .edit_case(
            case,
            CaseEdit {
                reference: Some("from the original".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let report = original
        .import_ops(clone.ops_missing_from(&Default::default(), 1000).unwrap())
        .unwrap();
    assert!(report.new_device_id && report.clashing > 0, "{report:?}");
    assert_ne!(original.device_id().unwrap(), old_id);
    // Not retired: the clone still writes under the old id, and this installation must not
    // publish into that stream as well.
    assert!(original.retired_device_ids().unwrap().is_empty());
    // New writes go under the new id, from seq 1.
    original
        .edit_case(
            case,
            CaseEdit {
                reference: Some("after".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        original
            .heads()
            .unwrap()
            .get(&original.device_id().unwrap()),
        Some(&1)
    );
}

#[test]
fn a_copied_data_folder_takes_its_own_device_id_and_both_keep_their_changes() {
    use casecraft_core::sync::folder;
    let laptop_dir = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let mut laptop = Store::open_dir(laptop_dir.path()).unwrap();
    laptop
        .init_profile(NewProfile {
            display_name: "Sam".into(),
            role: Role::Practitioner,
        })
        .unwrap();
    let case = laptop
        .create_case(NewCase {
            subject: "Freya Hall".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    folder::init(&mut laptop, shared.path(), "sync passphrase nine").unwrap();
    folder::run(&mut laptop).unwrap();
    let laptop_id = laptop.device_id().unwrap();
    drop(laptop);
    // The whole data folder copied to a new machine (here: another folder).
    let desktop_dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        laptop_dir.path().join("casecraft.db"),
        desktop_dir.path().join("casecraft.db"),
    )
    .unwrap();
    let desktop = Store::open_dir(desktop_dir.path()).unwrap();
    let mut laptop = Store::open_dir(laptop_dir.path()).unwrap();
    assert_eq!(
        laptop.device_id().unwrap(),
        laptop_id,
        "the original keeps its id"
    );
    assert_ne!(
        desktop.device_id().unwrap(),
        laptop_id,
        "the copy takes its own"
    );
    assert_eq!(desktop.retired_device_ids().unwrap(), [laptop_id]);
    // Opening it again there changes nothing more.
    let desktop_id = desktop.device_id().unwrap();
    drop(desktop);
    let mut desktop = Store::open_dir(desktop_dir.path()).unwrap();
    assert_eq!(desktop.device_id().unwrap(), desktop_id);

    // Both write, to other fields and to the same one; after sync both have everything, and
    // the two references are kept side by side for a person to choose.
    let edit = |store: &mut Store, edit: CaseEdit| store.edit_case(case, edit).unwrap();
    edit(
        &mut laptop,
        CaseEdit {
            summary: Some("Seen at school.".into()),
            reference: Some("LAP-1".into()),
            ..Default::default()
        },
    );
    edit(
        &mut desktop,
        CaseEdit {
            tags: Some(vec!["court".into()]),
            reference: Some("DESK-1".into()),
            ..Default::default()
        },
    );
    for _ in 0..2 {
        folder::run(&mut laptop).unwrap();
        folder::run(&mut desktop).unwrap();
    }
    for store in [&laptop, &desktop] {
        let c = store.case(case).unwrap();
        assert_eq!(c.summary, "Seen at school.");
        assert_eq!(c.tags, ["court"]);
        let conflicts = store.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let mut values: Vec<String> = conflicts[0]
            .values
            .iter()
            .map(|v| v.value.to_string())
            .collect();
        values.sort();
        assert_eq!(values, [r#""DESK-1""#, r#""LAP-1""#]);
    }
    assert_eq!(
        casecraft_core::casework::case_file::CaseExport::to_markdown(
            &laptop.export_case(case).unwrap()
        ),
        casecraft_core::casework::case_file::CaseExport::to_markdown(
            &desktop.export_case(case).unwrap()
        )
    );
}

#[test]
fn concurrently_edited_bodies_are_flagged_until_someone_reviews_them() {
    let mut devices = vec![device("Laptop"), device("Desktop")];
    let case = devices[0]
        .store
        .create_case(NewCase {
            subject: "Freya Hall".into(),
            summary: Some("One.\nTwo.".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    sync(&mut devices, 0, 1, Delivery::Whole);
    // Edits one after the other are not flagged.
    devices[1]
        .store
        .edit_case(
            case,
            CaseEdit {
                summary: Some("One.\nTwo, seen.".into()),
                ..Default::default()
            },
        )
        .unwrap();
    sync(&mut devices, 1, 0, Delivery::Whole);
    assert!(devices[0].store.merged_bodies().unwrap().is_empty());
    // Concurrent edits are.
    devices[0]
        .store
        .edit_case(
            case,
            CaseEdit {
                summary: Some("One, laptop.\nTwo, seen.".into()),
                ..Default::default()
            },
        )
        .unwrap();
    devices[1]
        .store
        .edit_case(
            case,
            CaseEdit {
                summary: Some("One.\nTwo, seen, office.".into()),
                ..Default::default()
            },
        )
        .unwrap();
    sync(&mut devices, 0, 1, Delivery::Whole);
    sync(&mut devices, 1, 0, Delivery::Whole);
    for d in &devices {
        let merged = d.store.merged_bodies().unwrap();
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].field, "summary");
        assert_eq!(
            d.store.case(case).unwrap().summary,
            "One, laptop.\nTwo, seen, office."
        );
    }
    devices[1].store.mark_reviewed(case, "summary").unwrap();
    sync(&mut devices, 1, 0, Delivery::Whole);
    for d in &mut devices {
        assert!(d.store.merged_bodies().unwrap().is_empty());
        assert!(d.store.check().unwrap().is_healthy());
    }
}

#[test]
fn a_case_deleted_on_one_device_while_edited_on_another_is_kept_and_flagged() {
    let mut devices = vec![device("Laptop"), device("Desktop")];
    let case = devices[0]
        .store
        .create_case(NewCase {
            subject: "Oscar Green".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    sync(&mut devices, 0, 1, Delivery::Whole);
    devices[0].store.delete_case(case).unwrap();
    devices[1]
        .store
        .create_entry(
            case,
            NewEntry {
                body: "Visited while the laptop was offline".into(),
                ..NewEntry::new(EntryKind::HomeVisit)
            },
        )
        .unwrap();
    sync(&mut devices, 0, 1, Delivery::Whole);
    sync(&mut devices, 1, 0, Delivery::Whole);
    for d in &devices {
        assert!(!d.store.case(case).unwrap().deleted, "the case is kept");
        let flagged = d.store.deletion_conflicts().unwrap();
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].record_id, case);
    }
    // Deleting again, having seen the visit, settles it everywhere.
    devices[0].store.resolve_deletion(case, false).unwrap();
    sync(&mut devices, 0, 1, Delivery::Whole);
    for d in &mut devices {
        assert!(d.store.deletion_conflicts().unwrap().is_empty());
        assert!(d.store.case(case).unwrap().deleted);
        assert!(d.store.check().unwrap().is_healthy());
    }
    // A plain delete with nothing concurrent is just a delete.
    let other = devices[1]
        .store
        .create_case(NewCase {
            subject: "Ava Lewis".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    devices[1].store.delete_case(other).unwrap();
    sync(&mut devices, 1, 0, Delivery::Whole);
    assert!(devices[0].store.case(other).unwrap().deleted);
    assert!(devices[0].store.deletion_conflicts().unwrap().is_empty());
}
