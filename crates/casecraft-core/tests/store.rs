//! The store through its public API, on a real SQLite file.

mod common;

use casecraft_core::casework::action::NewAction;
use casecraft_core::casework::case::{
    CaseEdit, CaseFilter, CaseSort, CaseStatus, NewCase, StatusFilter,
};
use casecraft_core::casework::cowork::{CoworkKind, NewCoworkNote};
use casecraft_core::casework::entry::{EntryEdit, EntryFilter, EntryKind, EntryStatus, NewEntry};
use casecraft_core::casework::person::NewPerson;
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::casework::reflection::{
    Model, NewReflection, PcfDomain, ReflectionEdit, Visibility,
};
use casecraft_core::{ErrorKind, Id, Store};
use common::*;

#[test]
fn nothing_can_be_written_before_a_profile_exists() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let err = store
        .create_case(NewCase {
            subject: "A".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotInitialised);
    assert_eq!(store.op_count().unwrap(), 0);
}

#[test]
fn a_profile_is_made_once() {
    let (_dir, mut store) = practitioner();
    let err = store
        .init_profile(NewProfile {
            display_name: "Other".into(),
            role: Role::Student,
        })
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
    assert_eq!(
        store.require_profile().unwrap().display_name,
        "Sam Practitioner"
    );
}

#[test]
fn every_write_appends_contiguous_ops_for_this_device() {
    let (_dir, store, _) = caseload();
    let ops = store.ops(10_000, 0).unwrap();
    let device = store.device_id().unwrap();
    let mut seqs: Vec<u64> = ops.iter().map(|o| o.seq).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=ops.len() as u64).collect::<Vec<_>>());
    assert!(ops.iter().all(|o| o.device_id == device));
    let mut hlcs: Vec<_> = ops.iter().map(|o| (o.seq, o.hlc)).collect();
    hlcs.sort();
    assert!(
        hlcs.windows(2).all(|w| w[0].1 < w[1].1),
        "clock must grow with seq"
    );
}

#[test]
fn a_case_has_its_subject_in_its_network() {
    let (_dir, mut store) = practitioner();
    let id = case(&mut store, "Amelia Hughes");
    let people = store.list_people(id).unwrap();
    assert_eq!(people.len(), 1);
    assert!(people[0].is_subject);
    assert_eq!(store.case(id).unwrap().subject, "Amelia Hughes");
    store
        .add_person(
            id,
            NewPerson {
                name: "Rosie Hughes".into(),
                relationship: "mother".into(),
                household: Some("Hughes household".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let people = store.list_people(id).unwrap();
    assert_eq!(
        people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Amelia Hughes", "Rosie Hughes"]
    );
    // The only subject stays.
    let err = store.delete_person(people[0].id).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
}

#[test]
fn closing_needs_a_rationale_and_appears_in_the_chronology() {
    let (_dir, mut store) = practitioner();
    let id = case(&mut store, "Kwame Okafor");
    let before = snapshot(&mut store);
    for blank in ["", "   \n"] {
        let err = store.close_case(id, blank).unwrap_err();
        assert_eq!(err.field(), Some("rationale"));
    }
    assert_eq!(
        snapshot(&mut store),
        before,
        "a refused close changes nothing"
    );
    let closed = store
        .close_case(id, "Family stable; agreed at review.")
        .unwrap();
    assert_eq!(closed.status, CaseStatus::Closed);
    assert_eq!(
        closed.closure_rationale.as_deref(),
        Some("Family stable; agreed at review.")
    );
    let chronology = store.list_entries(id, &EntryFilter::default()).unwrap();
    assert_eq!(chronology[0].kind, EntryKind::Closure);
    assert!(chronology[0].significant);
    assert_eq!(chronology[0].status, EntryStatus::Completed);
    assert_eq!(
        store.close_case(id, "again").unwrap_err().kind(),
        ErrorKind::Refused
    );
    let open = store
        .reopen_case(id, Some("New referral from school"))
        .unwrap();
    assert_eq!(open.status, CaseStatus::Open);
    assert_eq!(open.closure_rationale, None);
    let chronology = store.list_entries(id, &EntryFilter::default()).unwrap();
    assert_eq!(chronology[0].kind, EntryKind::Reopening);
}

#[test]
fn completed_entries_are_immutable_and_corrected_by_addenda() {
    let (_dir, mut store) = practitioner();
    let c = case(&mut store, "Ivy Nowak");
    let e = draft(&mut store, c, EntryKind::HomeVisit, "Saw Ivy at home.");
    let edited = store
        .edit_entry(
            e,
            EntryEdit {
                body: Some("Saw Ivy and her nan at home.".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(edited.body, "Saw Ivy and her nan at home.");
    // An addendum to a draft is refused: edit it instead.
    assert_eq!(
        store.add_addendum(e, "x").unwrap_err().kind(),
        ErrorKind::Refused
    );
    store.complete_entry(e).unwrap();
    let before = snapshot(&mut store);
    let err = store
        .edit_entry(
            e,
            EntryEdit {
                body: Some("rewritten".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused);
    assert!(err.to_string().contains("addendum"), "{err}");
    assert_eq!(
        store.complete_entry(e).unwrap_err().kind(),
        ErrorKind::Refused
    );
    assert_eq!(
        store.delete_entry(e).unwrap_err().kind(),
        ErrorKind::Refused
    );
    assert_eq!(snapshot(&mut store), before);
    store
        .add_addendum(e, "Correction: the visit was on Tuesday.")
        .unwrap();
    let entry = store.entry(e).unwrap();
    assert_eq!(entry.body, "Saw Ivy and her nan at home.");
    assert_eq!(entry.addenda.len(), 1);
    assert_eq!(
        entry.addenda[0].text,
        "Correction: the visit was on Tuesday."
    );
}

#[test]
fn an_empty_draft_cannot_be_completed() {
    let (_dir, mut store) = practitioner();
    let c = case(&mut store, "Ivy Nowak");
    let e = store
        .create_entry(c, NewEntry::new(EntryKind::PhoneCall))
        .unwrap()
        .id;
    assert_eq!(store.complete_entry(e).unwrap_err().field(), Some("body"));
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let (_dir, mut store, cases) = caseload();
    let open = cases[0];
    let before = snapshot(&mut store);
    let huge = "x".repeat(1024 * 1024 + 1);
    let mut e = NewEntry::new(EntryKind::HomeVisit);
    e.body = huge.clone();
    let mut zero = NewEntry::new(EntryKind::HomeVisit);
    zero.duration_minutes = Some(0);
    let failures: Vec<(&str, casecraft_core::Error)> = vec![
        (
            "blank subject",
            store
                .create_case(NewCase {
                    subject: "  ".into(),
                    ..Default::default()
                })
                .unwrap_err(),
        ),
        (
            "bad flag",
            store
                .create_case(NewCase {
                    subject: "A".into(),
                    flags: vec!["two words".into()],
                    ..Default::default()
                })
                .unwrap_err(),
        ),
        (
            "huge summary",
            store
                .edit_case(
                    open,
                    CaseEdit {
                        summary: Some(huge.clone()),
                        ..Default::default()
                    },
                )
                .unwrap_err(),
        ),
        ("huge body", store.create_entry(open, e).unwrap_err()),
        ("zero duration", store.create_entry(open, zero).unwrap_err()),
        (
            "unknown case",
            store
                .create_entry(Id::new(), NewEntry::new(EntryKind::Message))
                .unwrap_err(),
        ),
        (
            "closure by hand",
            store
                .create_entry(open, NewEntry::new(EntryKind::Closure))
                .unwrap_err(),
        ),
        (
            "blank person",
            store
                .add_person(
                    open,
                    NewPerson {
                        name: "".into(),
                        relationship: "mother".into(),
                        ..Default::default()
                    },
                )
                .unwrap_err(),
        ),
        (
            "blank note",
            store
                .add_cowork_note(
                    open,
                    NewCoworkNote {
                        kind: CoworkKind::Discussion,
                        body: " ".into(),
                        reply_to: None,
                    },
                )
                .unwrap_err(),
        ),
        (
            "blank action",
            store
                .add_action(
                    open,
                    NewAction {
                        text: "".into(),
                        ..Default::default()
                    },
                )
                .unwrap_err(),
        ),
        (
            "unknown section",
            store
                .create_reflection(NewReflection {
                    sections: vec![("feelings".into(), "x".into())],
                    ..NewReflection::new(Model::Kolb)
                })
                .unwrap_err(),
        ),
        (
            "reflection on unknown case",
            store
                .create_reflection(NewReflection {
                    case_id: Some(Id::new()),
                    ..NewReflection::new(Model::Free)
                })
                .unwrap_err(),
        ),
        (
            "unknown entry",
            store.complete_entry(Id::new()).unwrap_err(),
        ),
        (
            "reopen open case",
            store.reopen_case(open, None).unwrap_err(),
        ),
    ];
    for (what, err) in &failures {
        assert!(err.kind().is_user_error(), "{what}: {err:?}");
        assert!(!err.to_string().is_empty());
    }
    assert_eq!(
        snapshot(&mut store),
        before,
        "refused writes must change nothing"
    );
}

#[test]
fn trash_and_restore() {
    let (_dir, mut store, cases) = caseload();
    store.delete_case(cases[0]).unwrap();
    let load = store
        .list_cases(&CaseFilter {
            status: StatusFilter::All,
            ..Default::default()
        })
        .unwrap();
    assert!(!load.iter().any(|c| c.id == cases[0]));
    let trash = store.list_trash(None, None).unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(trash[0].label, "Amelia Hughes");
    // A case in the trash cannot be written to.
    let err = store
        .create_entry(cases[0], NewEntry::new(EntryKind::Message))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("trash"));
    store.restore(cases[0]).unwrap();
    assert!(store.list_trash(None, None).unwrap().is_empty());
    assert!(!store.case(cases[0]).unwrap().deleted);
}

#[test]
fn caseload_shows_quality_signals_and_sorts_by_need() {
    let (_dir, mut store) = practitioner();
    let seen = case(&mut store, "Seen Recently");
    let unseen = store
        .create_case(NewCase {
            subject: "Not Seen".into(),
            opened_on: Some(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let v = draft(&mut store, seen, EntryKind::HomeVisit, "Visited.");
    store.complete_entry(v).unwrap();
    store
        .add_action(
            unseen,
            NewAction {
                text: "Visit".into(),
                due_on: Some(chrono::NaiveDate::from_ymd_opt(2024, 2, 1).unwrap()),
                ..Default::default()
            },
        )
        .unwrap();
    let load = store.list_cases(&CaseFilter::default()).unwrap();
    assert_eq!(
        load[0].id, unseen,
        "the case long without contact comes first"
    );
    assert_eq!(load[0].signals.overdue_actions, 1);
    assert!(load[0].signals.days_since_direct_contact > 300);
    assert_eq!(load[1].signals.days_since_direct_contact, 0);
    assert!(load[1].signals.last_direct_contact.is_some());
    let by_name = store
        .list_cases(&CaseFilter {
            sort: CaseSort::Name,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_name[0].subject, "Not Seen");
}

#[test]
fn reflections_follow_their_model_and_stay_private() {
    let (_dir, mut store, cases) = caseload();
    let mut r = NewReflection::new(Model::Gibbs);
    r.case_id = Some(cases[0]);
    r.pcf = vec![
        PcfDomain::CriticalReflection,
        PcfDomain::Knowledge,
        PcfDomain::Knowledge,
    ];
    r.sections = vec![("feelings".into(), "Anxious before the visit.".into())];
    let made = store.create_reflection(r).unwrap();
    assert_eq!(made.visibility, Visibility::Private);
    assert_eq!(made.pcf.len(), 2);
    assert_eq!(made.sections.len(), 6);
    assert_eq!(made.sections[1].text, "Anxious before the visit.");
    assert!(!made.sections[0].prompt.is_empty());
    let edited = store
        .edit_reflection(
            made.id,
            ReflectionEdit {
                sections: vec![("analysis".into(), "Attachment theory helps.".into())],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(edited.sections[3].text, "Attachment theory helps.");
    assert_eq!(edited.sections[1].text, "Anxious before the visit.");
}

#[test]
fn cowork_notes_keep_their_amendment_history() {
    let (_dir, mut store, cases) = caseload();
    let n = store
        .add_cowork_note(
            cases[0],
            NewCoworkNote {
                kind: CoworkKind::JointVisitPlan,
                body: "Visit Thursday at 10.".into(),
                reply_to: None,
            },
        )
        .unwrap();
    let amended = store
        .amend_cowork_note(n.id, "Visit Friday at 10.")
        .unwrap();
    assert_eq!(amended.body, "Visit Friday at 10.");
    assert_eq!(amended.history.len(), 1);
    assert_eq!(amended.history[0].body, "Visit Thursday at 10.");
    assert_eq!(amended.author_name.as_deref(), Some("Sam Practitioner"));
}

#[test]
fn rebuild_from_the_ops_log_gives_an_identical_store() {
    let (_dir, mut store, cases) = caseload();
    store
        .seed(casecraft_core::casework::seed::SeedOptions {
            cases: 5,
            entries: 60,
            reflections: 10,
            cowork_notes: 10,
            seed: 7,
            anchor: chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        })
        .unwrap();
    store
        .edit_case(
            cases[0],
            CaseEdit {
                summary: Some("Summary *one*".into()),
                ..Default::default()
            },
        )
        .unwrap();
    store
        .edit_case(
            cases[0],
            CaseEdit {
                summary: Some("Summary *one*, then two".into()),
                tags: Some(vec!["court".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    store.delete_case(cases[1]).unwrap();
    let before = snapshot(&mut store);
    let check = store.check().unwrap();
    assert!(check.is_healthy(), "{:?}", check.problems);
    let report = store.rebuild().unwrap();
    assert!(
        report.changed_tables.is_empty(),
        "rebuild changed {:?}",
        report.changed_tables
    );
    assert_eq!(report.ops, before.0);
    assert_eq!(snapshot(&mut store), before);
}

#[test]
fn check_finds_derived_tables_that_drifted_and_rebuild_mends_them() {
    let (dir, mut store, cases) = caseload();
    {
        let raw = rusqlite::Connection::open(dir.path().join("casecraft.db")).unwrap();
        raw.execute(
            "UPDATE cases SET summary = 'tampered' WHERE id = ?1",
            [cases[0].to_string()],
        )
        .unwrap();
    }
    let check = store.check().unwrap();
    assert!(
        check.problems.iter().any(|p| p.contains("cases")),
        "{:?}",
        check.problems
    );
    let report = store.rebuild().unwrap();
    assert_eq!(report.changed_tables, ["cases"]);
    assert!(store.check().unwrap().is_healthy());
    assert_eq!(store.case(cases[0]).unwrap().summary, "");
}

#[test]
fn export_is_byte_stable() {
    let (_dir, store, cases) = caseload();
    let a = store.export_case(cases[0]).unwrap().to_json().unwrap();
    let b = store.export_case(cases[0]).unwrap().to_json().unwrap();
    assert_eq!(a, b);
    assert!(a.starts_with("{\n  \"format\": \"casecraft-case/1\""));
    let md = store.export_case(cases[2]).unwrap().to_markdown();
    assert!(md.contains("## Closure rationale"));
    assert!(md.contains("Ivy Nowak"));
}

#[test]
fn the_app_and_the_cli_can_write_to_one_store_at_once() {
    let (dir, mut first) = practitioner();
    let c = case(&mut first, "Shared Case");
    let path = dir.path().to_path_buf();
    let writers: Vec<_> = (0..2)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut s = Store::open_dir(&path).unwrap();
                for i in 0..25 {
                    s.create_entry(
                        c,
                        NewEntry {
                            body: format!("writer {t} entry {i}"),
                            ..NewEntry::new(EntryKind::CaseNote)
                        },
                    )
                    .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let entries = first
        .list_entries(
            c,
            &EntryFilter {
                limit: Some(500),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(entries.len(), 50);
    assert!(first.check().unwrap().is_healthy());
}

#[test]
fn the_closure_checklist_reads_the_case() {
    let (_dir, mut store) = practitioner();
    let c = case(&mut store, "Theo Walker");
    let keys = |s: &Store| {
        s.closure_checklist(c)
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.needs_attention)
            .map(|i| i.key)
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&store), ["direct-contact", "reflection"]);
    let v = draft(&mut store, c, EntryKind::HomeVisit, "Seen at home.");
    store.complete_entry(v).unwrap();
    store
        .create_reflection(NewReflection {
            case_id: Some(c),
            ..NewReflection::new(Model::Driscoll)
        })
        .unwrap();
    store
        .add_action(
            c,
            NewAction {
                text: "Send the plan".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(keys(&store), ["open-actions"]);
}

#[test]
fn a_database_from_a_newer_casecraft_is_refused_and_left_as_it_was() {
    let (dir, store, _cases) = caseload();
    let path = dir.path().join("casecraft.db");
    drop(store);
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.pragma_update(
            None,
            "user_version",
            casecraft_core::store::SCHEMA_VERSION + 1,
        )
        .unwrap();
        raw.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let files = |dir: &std::path::Path| {
        let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
            })
            .collect();
        all.sort();
        all
    };
    let before = files(dir.path());
    for _ in 0..2 {
        let err = Store::open_dir(dir.path()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Refused);
        let message = err.to_string();
        assert!(message.contains("newer version of Casecraft"), "{message}");
        assert!(
            message.contains(&format!(
                "schema {}",
                casecraft_core::store::SCHEMA_VERSION + 1
            )),
            "{message}"
        );
        assert!(message.contains("nothing was changed"), "{message}");
    }
    assert_eq!(
        files(dir.path()),
        before,
        "the refused open wrote to the data folder"
    );
}

#[test]
fn the_schema_version_is_what_a_new_store_is_written_at() {
    let (dir, store) = practitioner();
    drop(store);
    let raw = rusqlite::Connection::open(dir.path().join("casecraft.db")).unwrap();
    let version: u32 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, casecraft_core::store::SCHEMA_VERSION);
}
