//! Supervision on real stores: a session's decisions become significant entries in each case's
//! chronology and its agreed actions become the cases' actions, in one write; the wellbeing
//! section never reaches the change log, a sync folder or another device, and survives a rebuild;
//! bad input is refused with nothing written; the agenda looks back to the last session.
#![allow(clippy::unwrap_used)]

mod common;

use casecraft_core::casework::action::NewAction;
use casecraft_core::casework::case::NewCase;
use casecraft_core::casework::entry::{EntryFilter, EntryKind, EntryStatus, NewEntry};
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::casework::reflection::{Model, NewReflection};
use casecraft_core::casework::supervision::{AgendaKind, NewSupervision, SupervisionFunction};
use casecraft_core::search::SearchQuery;
use casecraft_core::{sync::folder, ErrorKind, Id, Store};
use chrono::{Duration, Local};

const WELLBEING: &str = "Tired after the week; the Okafor visit stayed with me (lighthouse).";

fn session(cases: &[Id], reflection: Id) -> NewSupervision {
    NewSupervision {
        supervisor: "Morgan Ellis".into(),
        functions: vec![
            SupervisionFunction::Management,
            SupervisionFunction::Support,
        ],
        notes: "Talked through the caseload; the school meeting for Amelia.".into(),
        decisions: vec![
            (
                cases[0],
                "Step down to early help after the review in January.".into(),
            ),
            (
                cases[1],
                "Joint visit with health visitor within two weeks.".into(),
            ),
        ],
        reflections: vec![reflection],
        actions: vec![(
            cases[1],
            NewAction {
                text: "Book the joint visit".into(),
                due_on: Some(Local::now().date_naive() + Duration::days(14)),
                ..Default::default()
            },
        )],
        wellbeing: Some(WELLBEING.into()),
        ..Default::default()
    }
}

fn reflection(store: &mut Store) -> Id {
    let mut r = NewReflection::new(Model::Gibbs);
    r.title = Some("After the Okafor visit".into());
    r.sections = vec![("feelings".into(), "Anxious beforehand.".into())];
    store.create_reflection(r).unwrap().id
}

#[test]
fn decisions_go_into_each_chronology_and_agreed_actions_onto_the_cases() {
    let (_dir, mut store, cases) = common::caseload();
    let r = reflection(&mut store);
    let before = store.op_count().unwrap();
    let s = store.create_supervision(session(&cases, r)).unwrap();
    assert!(store.op_count().unwrap() > before);
    assert_eq!(s.supervisor, "Morgan Ellis");
    assert_eq!(
        s.functions,
        [
            SupervisionFunction::Management,
            SupervisionFunction::Support
        ]
    );
    assert_eq!(s.reflections, [r]);
    assert_eq!(s.wellbeing.as_deref(), Some(WELLBEING));
    assert_eq!(s.decisions.len(), 2);
    for d in &s.decisions {
        let entry = store.entry(d.entry_id.unwrap()).unwrap();
        assert_eq!(entry.case_id, d.case_id);
        assert_eq!(entry.kind, EntryKind::Supervision);
        assert_eq!(entry.status, EntryStatus::Completed);
        assert!(entry.significant);
        assert_eq!(entry.body, d.decision);
        assert_eq!(
            entry.purpose.as_deref(),
            Some("Supervision with Morgan Ellis")
        );
        let chronology = store
            .list_entries(d.case_id, &EntryFilter::default())
            .unwrap();
        assert!(chronology.iter().any(|e| e.id == entry.id));
    }
    let actions = store
        .list_actions(Some(cases[1]), false, None, None)
        .unwrap();
    assert!(actions
        .iter()
        .any(|a| a.text == "Book the joint visit" && s.actions.contains(&a.id)));
    // A decision's entry is part of the record: it cannot be deleted.
    let entry = s.decisions[0].entry_id.unwrap();
    assert_eq!(
        store.delete_entry(entry).unwrap_err().kind(),
        ErrorKind::Refused
    );

    assert_eq!(store.list_supervisions(None, None).unwrap()[0].id, s.id);
    let found = store
        .search(&SearchQuery {
            text: "caseload".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(found.iter().any(|h| h.record_id == s.id), "{found:?}");
    let private = store
        .search(&SearchQuery {
            text: "lighthouse".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(private.is_empty(), "the wellbeing section is not indexed");
}

#[test]
fn the_wellbeing_section_never_leaves_this_device() {
    let (_dir, mut laptop, cases) = common::caseload();
    let shared = tempfile::tempdir().unwrap();
    let r = reflection(&mut laptop);
    let s = laptop.create_supervision(session(&cases, r)).unwrap();
    let log = serde_json::to_string(&laptop.ops(100_000, 0).unwrap()).unwrap();
    assert!(
        !log.contains("lighthouse"),
        "the wellbeing section is in the change log"
    );
    assert!(log.contains("Morgan Ellis"));

    folder::init(&mut laptop, shared.path(), "sync passphrase nine").unwrap();
    folder::run(&mut laptop).unwrap();
    let office_dir = tempfile::tempdir().unwrap();
    let mut office = Store::open_dir(office_dir.path()).unwrap();
    office
        .init_profile(NewProfile {
            display_name: "Sam Practitioner".into(),
            role: Role::Practitioner,
        })
        .unwrap();
    folder::join(&mut office, shared.path(), "sync passphrase nine").unwrap();
    folder::run(&mut office).unwrap();
    let there = office.supervision(s.id).unwrap();
    assert_eq!(there.supervisor, "Morgan Ellis");
    assert_eq!(there.decisions, s.decisions);
    assert_eq!(there.notes, s.notes);
    assert_eq!(
        there.wellbeing, None,
        "the wellbeing section reached another device"
    );

    // A rebuild from the log keeps it here.
    let report = laptop.rebuild().unwrap();
    assert!(
        report.changed_tables.is_empty(),
        "{:?}",
        report.changed_tables
    );
    assert_eq!(
        laptop.supervision(s.id).unwrap().wellbeing.as_deref(),
        Some(WELLBEING)
    );
    assert!(laptop.check().unwrap().is_healthy());
}

#[test]
fn a_refused_session_writes_nothing() {
    let (_dir, mut store, cases) = common::caseload();
    let r = reflection(&mut store);
    let before = common::snapshot(&mut store);
    let mut unknown_case = session(&cases, r);
    unknown_case.decisions.push((Id::new(), "Close it.".into()));
    assert_eq!(
        store.create_supervision(unknown_case).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    let mut future = session(&cases, r);
    future.occurred_on = Some(Local::now().date_naive() + Duration::days(400));
    assert_eq!(
        store.create_supervision(future).unwrap_err().field(),
        Some("date")
    );
    let mut no_supervisor = session(&cases, r);
    no_supervisor.supervisor = "  ".into();
    assert_eq!(
        store.create_supervision(no_supervisor).unwrap_err().field(),
        Some("supervisor")
    );
    let mut empty_decision = session(&cases, r);
    empty_decision.decisions[1].1 = "\n".into();
    assert_eq!(
        store
            .create_supervision(empty_decision)
            .unwrap_err()
            .field(),
        Some("decision")
    );
    let mut unknown_reflection = session(&cases, r);
    unknown_reflection.reflections.push(Id::new());
    assert_eq!(
        store
            .create_supervision(unknown_reflection)
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    let mut bad_action = session(&cases, r);
    bad_action.actions[0].1.text = String::new();
    assert_eq!(
        store.create_supervision(bad_action).unwrap_err().field(),
        Some("text")
    );
    assert_eq!(common::snapshot(&mut store), before);
    assert!(store.list_supervisions(None, None).unwrap().is_empty());
}

#[test]
fn the_agenda_looks_back_to_the_last_session() {
    let (_dir, mut store) = common::practitioner();
    let today = Local::now().date_naive();
    let quiet = store
        .create_case(NewCase {
            subject: "Quiet Case".into(),
            opened_on: Some(today - Duration::days(40)),
            ..Default::default()
        })
        .unwrap()
        .id;
    let busy = store
        .create_case(NewCase {
            subject: "Busy Case".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    store
        .add_action(
            busy,
            NewAction {
                text: "Chase the school".into(),
                due_on: Some(today - Duration::days(3)),
                ..Default::default()
            },
        )
        .unwrap();
    let mut event = NewEntry::new(EntryKind::SignificantEvent);
    event.purpose = Some("Moved to foster care".into());
    event.body = "Placement made.".into();
    event.significant = true;
    event.occurred_at = Some(Local::now().to_utc() - Duration::days(2));
    let e = store.create_entry(busy, event).unwrap().id;
    store.complete_entry(e).unwrap();
    let r = reflection(&mut store);

    let agenda = store.supervision_agenda().unwrap();
    assert_eq!(agenda.since, today - Duration::days(28));
    let kinds: Vec<(AgendaKind, Option<Id>)> =
        agenda.items.iter().map(|i| (i.kind, i.case_id)).collect();
    assert!(
        kinds.contains(&(AgendaKind::NoRecentContact, Some(quiet))),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(AgendaKind::OverdueActions, Some(busy))),
        "{kinds:?}"
    );
    assert!(agenda.items.iter().any(
        |i| i.kind == AgendaKind::SignificantEvent && i.detail.contains("Moved to foster care")
    ));
    assert!(agenda
        .items
        .iter()
        .any(|i| i.kind == AgendaKind::Reflection && i.record_id == Some(r)));

    // After a session today that brought the reflection, only what is still true (or new) is
    // proposed: the event was before it, the reflection has been brought.
    store
        .create_supervision(NewSupervision {
            supervisor: "Morgan Ellis".into(),
            occurred_on: Some(today),
            decisions: vec![(quiet, "Visit this week.".into())],
            reflections: vec![r],
            ..Default::default()
        })
        .unwrap();
    let next = store.supervision_agenda().unwrap();
    assert_eq!(next.since, today);
    let kinds: Vec<AgendaKind> = next.items.iter().map(|i| i.kind).collect();
    assert!(kinds.contains(&AgendaKind::NoRecentContact));
    assert!(kinds.contains(&AgendaKind::OverdueActions));
    assert!(!kinds.contains(&AgendaKind::SignificantEvent), "{kinds:?}");
    assert!(!kinds.contains(&AgendaKind::Reflection), "{kinds:?}");
}

#[test]
fn cases_closed_without_seeing_the_person_are_listed_for_supervisors() {
    let (_dir, mut store) = common::practitioner();
    let unseen = common::case(&mut store, "Never Seen");
    let seen = common::case(&mut store, "Seen Last Week");
    let mut visit = NewEntry::new(EntryKind::HomeVisit);
    visit.body = "Saw them at home.".into();
    visit.occurred_at = Some(Local::now().to_utc() - Duration::days(7));
    let e = store.create_entry(seen, visit).unwrap().id;
    store.complete_entry(e).unwrap();
    let open = common::case(&mut store, "Still Open");
    for c in [unseen, seen] {
        store
            .close_case(c, "Work finished; family agreed.")
            .unwrap();
    }
    // A visit drafted but never completed is not a record of having seen the person.
    let drafted = common::case(&mut store, "Only Drafted");
    common::draft(
        &mut store,
        drafted,
        EntryKind::HomeVisit,
        "Went round; to write up.",
    );
    store.close_case(drafted, "Moved out of the area.").unwrap();
    let list = store.closed_without_contact(90).unwrap();
    let ids: Vec<Id> = list.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&unseen) && ids.contains(&drafted));
    assert!(!ids.contains(&seen));
    assert!(!ids.contains(&open));
    assert_eq!(
        store.closed_without_contact(0).unwrap_err().field(),
        Some("days")
    );
}

#[test]
fn a_session_in_the_trash_leaves_its_decisions_in_the_chronology_and_comes_back() {
    let (_dir, mut store, cases) = common::caseload();
    let r = reflection(&mut store);
    let s = store.create_supervision(session(&cases, r)).unwrap();
    assert_eq!(
        store.move_to_trash(s.id).unwrap(),
        casecraft_core::record::RecordKind::Supervision
    );
    assert!(store.list_supervisions(None, None).unwrap().is_empty());
    let entry = s.decisions[0].entry_id.unwrap();
    assert!(
        !store.entry(entry).unwrap().deleted,
        "the decision stays in the record"
    );
    assert!(store
        .list_trash(None, None)
        .unwrap()
        .iter()
        .any(|t| t.id == s.id));
    assert_eq!(
        store.move_to_trash(s.id).unwrap_err().kind(),
        ErrorKind::Refused
    );
    // Cases and entries have their own rules and their own commands.
    assert_eq!(
        store.move_to_trash(cases[0]).unwrap_err().kind(),
        ErrorKind::Refused
    );
    store.restore(s.id).unwrap();
    assert_eq!(store.list_supervisions(None, None).unwrap()[0].id, s.id);
}

#[test]
fn a_session_is_corrected_and_its_decisions_carry_the_correction() {
    use casecraft_core::casework::supervision::SupervisionEdit;
    let (_dir, mut store, cases) = common::caseload();
    let r = reflection(&mut store);
    let s = store.create_supervision(session(&cases, r)).unwrap();
    let yesterday = Local::now().date_naive() - Duration::days(1);

    let fixed = store
        .edit_supervision(
            s.id,
            SupervisionEdit {
                occurred_on: Some(yesterday),
                supervisor: Some("Morgan Ellis-Grant".into()),
                functions: Some(vec![SupervisionFunction::Development]),
                notes: Some("Talked through the caseload and the harbour review.".into()),
                reflections: Some(vec![]),
                wellbeing: Some("Better this week (driftwood).".into()),
            },
        )
        .unwrap();
    assert_eq!(fixed.occurred_on, yesterday);
    assert_eq!(fixed.supervisor, "Morgan Ellis-Grant");
    assert_eq!(fixed.functions, [SupervisionFunction::Development]);
    assert!(fixed.reflections.is_empty());
    assert_eq!(
        fixed.wellbeing.as_deref(),
        Some("Better this week (driftwood).")
    );
    // The decisions stay as written, each with an addendum giving the corrected session.
    assert_eq!(fixed.decisions, s.decisions);
    for d in &fixed.decisions {
        let entry = store.entry(d.entry_id.unwrap()).unwrap();
        assert_eq!(entry.body, d.decision);
        assert_eq!(entry.addenda.len(), 1, "{entry:?}");
        let note = &entry.addenda[0].text;
        assert!(note.contains(&yesterday.to_string()), "{note}");
        assert!(note.contains("Morgan Ellis-Grant"), "{note}");
        assert!(note.contains("first recorded as"), "{note}");
    }
    // The new notes are what search finds; the reflection is on the next agenda again.
    let found = store
        .search(&SearchQuery {
            text: "harbour".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(found.iter().any(|h| h.record_id == s.id), "{found:?}");
    let agenda = store.supervision_agenda().unwrap();
    assert!(
        agenda.items.iter().any(|i| i.record_id == Some(r)),
        "{agenda:?}"
    );
    // The corrected wellbeing section does not reach another device either (the corrected
    // notes do), and a rebuild from the log keeps it here.
    let shared = tempfile::tempdir().unwrap();
    folder::init(&mut store, shared.path(), "sync passphrase nine").unwrap();
    folder::run(&mut store).unwrap();
    let office_dir = tempfile::tempdir().unwrap();
    let mut office = Store::open_dir(office_dir.path()).unwrap();
    office
        .init_profile(NewProfile {
            display_name: "Sam Practitioner".into(),
            role: Role::Practitioner,
        })
        .unwrap();
    folder::join(&mut office, shared.path(), "sync passphrase nine").unwrap();
    folder::run(&mut office).unwrap();
    let there = office.supervision(s.id).unwrap();
    assert_eq!(there.notes, fixed.notes);
    assert_eq!(there.supervisor, "Morgan Ellis-Grant");
    assert_eq!(
        there.wellbeing, None,
        "the wellbeing section reached another device"
    );
    assert!(office
        .search(&SearchQuery {
            text: "driftwood".into(),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    store.rebuild().unwrap();
    assert_eq!(
        store.supervision(s.id).unwrap().wellbeing.as_deref(),
        Some("Better this week (driftwood).")
    );

    // Saving the same again writes nothing and adds no second addendum.
    let before = store.op_count().unwrap();
    store
        .edit_supervision(
            s.id,
            SupervisionEdit {
                occurred_on: Some(yesterday),
                supervisor: Some("Morgan Ellis-Grant".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(store.op_count().unwrap(), before);

    // An empty wellbeing section removes it.
    let cleared = store
        .edit_supervision(
            s.id,
            SupervisionEdit {
                wellbeing: Some("  ".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(cleared.wellbeing, None);
}

#[test]
fn a_bad_correction_to_a_session_changes_nothing() {
    use casecraft_core::casework::supervision::SupervisionEdit;
    let (_dir, mut store, cases) = common::caseload();
    let r = reflection(&mut store);
    let s = store.create_supervision(session(&cases, r)).unwrap();
    let before = store.op_count().unwrap();
    let tomorrow = Local::now().date_naive() + Duration::days(1);
    let refused = [
        (
            SupervisionEdit {
                supervisor: Some("Fine".into()),
                occurred_on: Some(tomorrow),
                ..Default::default()
            },
            ErrorKind::InvalidInput,
        ),
        (
            SupervisionEdit {
                supervisor: Some("   ".into()),
                ..Default::default()
            },
            ErrorKind::InvalidInput,
        ),
        (
            // The supervisor would be written before the unknown reflection is found.
            SupervisionEdit {
                supervisor: Some("Someone Else".into()),
                reflections: Some(vec![Id::new()]),
                ..Default::default()
            },
            ErrorKind::NotFound,
        ),
    ];
    for (edit, kind) in refused {
        assert_eq!(store.edit_supervision(s.id, edit).unwrap_err().kind(), kind);
    }
    assert_eq!(store.op_count().unwrap(), before);
    let same = store.supervision(s.id).unwrap();
    assert_eq!(
        (same.supervisor.as_str(), same.reflections.as_slice()),
        ("Morgan Ellis", [r].as_slice())
    );
    let entry = store.entry(s.decisions[0].entry_id.unwrap()).unwrap();
    assert!(entry.addenda.is_empty());

    // A session in the trash is not corrected.
    store.move_to_trash(s.id).unwrap();
    assert_eq!(
        store
            .edit_supervision(
                s.id,
                SupervisionEdit {
                    supervisor: Some("Someone Else".into()),
                    ..Default::default()
                },
            )
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}
