//! Nothing cut off without a word: every list a person relies on shows everything, or comes a
//! page at a time and says how many there are. Each list here holds more than its old cap.

#![allow(clippy::unwrap_used)] // a test file: a failed unwrap is a failed test

mod common;

use std::collections::BTreeSet;

use casecraft_core::casework::action::NewAction;
use casecraft_core::casework::case::{CaseFilter, StatusFilter};
use casecraft_core::casework::cowork::{CoworkKind, NewCoworkNote};
use casecraft_core::casework::entry::{EntryFilter, EntryKind};
use casecraft_core::casework::person::NewPerson;
use casecraft_core::casework::reflection::{Model, NewReflection, ReflectionFilter};
use casecraft_core::casework::supervision::NewSupervision;
use casecraft_core::search::SearchQuery;
use common::{case, draft, practitioner};

#[test]
fn the_caseload_a_chronology_actions_the_trash_and_sessions_page_and_say_how_many() {
    let (_dir, mut store) = practitioner();
    // 230 cases: more than the 200 a caseload used to stop at.
    let cases: Vec<_> = (0..230)
        .map(|i| case(&mut store, &format!("Person {i:03}")))
        .collect();
    let all = CaseFilter {
        status: StatusFilter::All,
        ..Default::default()
    };
    let whole = store.list_cases(&all).unwrap();
    assert_eq!((whole.len(), whole.total), (230, 230));
    assert!(!whole.has_more());
    let last = store
        .list_cases(&CaseFilter {
            limit: Some(50),
            offset: Some(200),
            ..all.clone()
        })
        .unwrap();
    assert_eq!((last.len(), last.total, last.offset), (30, 230, 200));
    let mut seen = BTreeSet::new();
    for offset in (0..230).step_by(50) {
        let page = store
            .list_cases(&CaseFilter {
                limit: Some(50),
                offset: Some(offset),
                ..all.clone()
            })
            .unwrap();
        seen.extend(page.iter().map(|c| c.id));
    }
    assert_eq!(seen.len(), 230, "every case is on some page");

    // 520 entries on one case: more than the 500 a chronology was clamped to.
    let busy = cases[0];
    for i in 0..520 {
        draft(&mut store, busy, EntryKind::CaseNote, &format!("Note {i}"));
    }
    let chronology = store.list_entries(busy, &EntryFilter::default()).unwrap();
    assert_eq!((chronology.len(), chronology.total), (520, 520));
    let asked = store
        .list_entries(
            busy,
            &EntryFilter {
                limit: Some(600),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(asked.len(), 520, "a larger page is given, not clamped");
    let tail = store
        .list_entries(
            busy,
            &EntryFilter {
                limit: Some(50),
                offset: Some(500),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((tail.len(), tail.total), (20, 520));
    let beyond = store
        .list_entries(
            busy,
            &EntryFilter {
                limit: Some(50),
                offset: Some(600),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        (beyond.len(), beyond.total),
        (0, 520),
        "past the end still counts"
    );

    // 210 actions: more than a case's Actions tab and `action list` showed.
    for i in 0..210 {
        store
            .add_action(
                cases[1],
                NewAction {
                    text: format!("Action {i}"),
                    owner: None,
                    due_on: None,
                },
            )
            .unwrap();
    }
    let actions = store
        .list_actions(Some(cases[1]), true, None, None)
        .unwrap();
    assert_eq!((actions.len(), actions.total), (210, 210));
    let page = store
        .list_actions(Some(cases[1]), true, Some(100), Some(200))
        .unwrap();
    assert_eq!((page.len(), page.total), (10, 210));

    // 210 records in the trash: more than the app showed.
    for c in &cases[20..230] {
        store.delete_case(*c).unwrap();
    }
    let trash = store.list_trash(None, None).unwrap();
    assert_eq!((trash.len(), trash.total), (210, 210));
    let oldest = store.list_trash(Some(100), Some(200)).unwrap();
    assert_eq!((oldest.len(), oldest.total), (10, 210));
    // The oldest deletion can still be restored.
    let first_deleted = oldest.items.last().unwrap().id;
    store.restore(first_deleted).unwrap();
    assert_eq!(store.list_trash(None, None).unwrap().total, 209);

    // 60 supervision sessions: more than the 50 that could be seen and corrected.
    for i in 0..60 {
        store
            .create_supervision(NewSupervision {
                occurred_on: Some(store.today() - chrono::Duration::days(i)),
                supervisor: "Morgan Ellis".into(),
                functions: Vec::new(),
                notes: format!("Session {i}"),
                decisions: Vec::new(),
                reflections: Vec::new(),
                actions: Vec::new(),
                wellbeing: None,
            })
            .unwrap();
    }
    let sessions = store.list_supervisions(None, None).unwrap();
    assert_eq!((sessions.len(), sessions.total), (60, 60));
    let oldest = store.list_supervisions(Some(50), Some(50)).unwrap();
    assert_eq!((oldest.len(), oldest.total), (10, 60));
    assert_eq!(oldest.items.last().unwrap().notes, "Session 59");
}

#[test]
fn search_reaches_every_match_and_counts_them_all() {
    let (_dir, mut store) = practitioner();
    let c = case(&mut store, "Amelia Hughes");
    // More matches of a common word than the window ranked by relevance.
    let n = casecraft_core::store::search_ranking_window() as usize + 50;
    let mut written = BTreeSet::new();
    for i in 0..n {
        written.insert(draft(
            &mut store,
            c,
            EntryKind::CaseNote,
            &format!("Check the housing application, note {i}."),
        ));
    }
    let query = |offset: u32, limit: Option<u32>| SearchQuery {
        text: "housing".into(),
        limit,
        offset: Some(offset),
        ..Default::default()
    };
    let first = store.search(&query(0, Some(30))).unwrap();
    assert_eq!(first.total, n as u64);
    assert_eq!(first.len(), 30);
    let mut found = BTreeSet::new();
    let mut offset = 0;
    loop {
        let page = store.search(&query(offset, Some(200))).unwrap();
        assert_eq!(page.total, n as u64);
        found.extend(page.iter().map(|h| h.record_id));
        offset += u32::try_from(page.len()).unwrap();
        if !page.has_more() {
            break;
        }
    }
    assert_eq!(
        found, written,
        "every match, the oldest too, is on some page"
    );
    let everything = store.search(&query(0, None)).unwrap();
    assert_eq!(everything.len(), n);
}

#[test]
fn a_case_export_holds_every_record_of_the_case() {
    let (_dir, mut store) = practitioner();
    let c = case(&mut store, "Kwame Okafor");
    // More than the 1,000 reflections, actions, notes and people an export used to stop at.
    let n = 1_005;
    for i in 0..n {
        store
            .add_person(
                c,
                NewPerson {
                    name: format!("Relative {i}"),
                    relationship: "cousin".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        store
            .add_action(
                c,
                NewAction {
                    text: format!("Action {i}"),
                    owner: None,
                    due_on: None,
                },
            )
            .unwrap();
        store
            .add_cowork_note(
                c,
                NewCoworkNote {
                    kind: CoworkKind::Discussion,
                    body: format!("Note {i}"),
                    reply_to: None,
                },
            )
            .unwrap();
        store
            .create_reflection(NewReflection {
                case_id: Some(c),
                sections: vec![("body".into(), format!("Thought {i}"))],
                ..NewReflection::new(Model::Free)
            })
            .unwrap();
    }
    let export = store.export_case(c).unwrap();
    assert_eq!(export.people.len(), n + 1, "every relative and the subject");
    assert_eq!(export.actions.len(), n);
    assert_eq!(export.cowork_notes.len(), n);
    assert_eq!(export.reflections.len(), n);
    let json = export.to_json().unwrap();
    assert!(json.contains("Relative 1004") && json.contains("Thought 1004"));
    let log = store
        .list_reflections(&ReflectionFilter {
            limit: Some(50),
            offset: Some(1_000),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((log.len(), log.total), (5, n as u64));
}

#[test]
fn a_case_in_the_trash_leaves_search_and_its_count_and_comes_back_whole() {
    let (_dir, mut store) = practitioner();
    let kept = case(&mut store, "Amelia Hughes");
    let trashed = case(&mut store, "Kwame Okafor");
    for c in [kept, trashed] {
        for i in 0..3 {
            draft(
                &mut store,
                c,
                EntryKind::CaseNote,
                &format!("Marmalade note {i}."),
            );
        }
    }
    let query = SearchQuery {
        text: "marmalade".into(),
        limit: Some(2),
        ..Default::default()
    };
    assert_eq!(store.search(&query).unwrap().total, 6);
    store.delete_case(trashed).unwrap();
    let page = store.search(&query).unwrap();
    assert_eq!(page.total, 3, "the count leaves out the case in the trash");
    let all = store
        .search(&SearchQuery {
            limit: None,
            ..query.clone()
        })
        .unwrap();
    assert!(all.iter().all(|h| h.case_id == Some(kept)));
    store.restore_case(trashed).unwrap();
    assert_eq!(store.search(&query).unwrap().total, 6, "back with the case");
    assert!(store.check().unwrap().is_healthy());
}
