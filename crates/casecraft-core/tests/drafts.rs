//! Form drafts on a real store file: what is typed into a longer form is kept from the first
//! keystroke, survives closing and reopening the store and a rebuild from the log, is never an
//! op (never synced), is named at sign-out, and bad input changes nothing.

#![allow(clippy::unwrap_used)] // a test file: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;

use casecraft_core::casework::draft::{DraftForm, DraftValue};
use casecraft_core::casework::entry::EntryKind;
use casecraft_core::{protection::signout, ErrorKind, Id, Store};

fn fields(pairs: &[(&str, DraftValue)]) -> BTreeMap<String, DraftValue> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

fn text(s: &str) -> DraftValue {
    DraftValue::Text(s.into())
}

#[test]
fn a_reflection_typed_and_left_is_there_after_reopening_and_a_rebuild() {
    let (dir, mut store) = common::practitioner();
    let ops = store.op_count().unwrap();
    let typed = fields(&[
        ("reflection-model", text("gibbs")),
        (
            "section-description",
            text("Zoë's mum was anxious; the flat was cold."),
        ),
        (
            "section-feelings",
            text("I felt rushed.\nI want to slow down next time."),
        ),
        ("pcf-values", DraftValue::Flag(true)),
        ("reflection-shared", DraftValue::Flag(false)),
    ]);
    let saved = store
        .save_form_draft(DraftForm::Reflection, None, typed.clone())
        .unwrap()
        .expect("kept");
    assert_eq!(saved.fields, typed);
    assert_eq!(store.op_count().unwrap(), ops, "a draft is never an op");
    drop(store);

    let mut store = Store::open_dir(dir.path()).unwrap();
    let back = store
        .form_draft(DraftForm::Reflection, None)
        .unwrap()
        .expect("still there");
    assert_eq!(
        back.fields, typed,
        "every character, accents and lines kept"
    );
    store.rebuild().unwrap();
    assert_eq!(
        store
            .form_draft(DraftForm::Reflection, None)
            .unwrap()
            .unwrap()
            .fields,
        typed,
        "a rebuild from the log keeps drafts, which are not in it"
    );

    // Typing more replaces the draft; clearing every field discards it.
    let mut more = typed.clone();
    more.insert("title".into(), text("First home visit"));
    store
        .save_form_draft(DraftForm::Reflection, None, more.clone())
        .unwrap();
    assert_eq!(store.form_drafts().unwrap().len(), 1);
    assert_eq!(
        store
            .form_draft(DraftForm::Reflection, None)
            .unwrap()
            .unwrap()
            .fields,
        more
    );
    let blank: BTreeMap<_, _> = more
        .keys()
        .map(|k| (k.clone(), DraftValue::Text(" ".into())))
        .collect();
    assert!(store
        .save_form_draft(DraftForm::Reflection, None, blank)
        .unwrap()
        .is_none());
    assert!(store
        .form_draft(DraftForm::Reflection, None)
        .unwrap()
        .is_none());
}

#[test]
fn drafts_belong_to_their_record_and_each_form_keeps_its_own() {
    let (_dir, mut store) = common::practitioner();
    let a = common::case(&mut store, "Amelia Hughes");
    let b = common::case(&mut store, "Kwame Okafor");
    let entry = common::draft(&mut store, a, EntryKind::HomeVisit, "Visited.");
    store
        .save_form_draft(
            DraftForm::CoworkNote,
            Some(a),
            fields(&[("body", text("For Amelia"))]),
        )
        .unwrap();
    store
        .save_form_draft(
            DraftForm::CoworkNote,
            Some(b),
            fields(&[("body", text("For Kwame"))]),
        )
        .unwrap();
    store
        .save_form_draft(
            DraftForm::NextSteps,
            Some(entry),
            fields(&[("text", text("Call the school\nBook the review"))]),
        )
        .unwrap();
    let note = |store: &Store, case: Id| {
        store
            .form_draft(DraftForm::CoworkNote, Some(case))
            .unwrap()
            .unwrap()
            .fields["body"]
            .clone()
    };
    assert_eq!(note(&store, a), text("For Amelia"));
    assert_eq!(note(&store, b), text("For Kwame"));
    assert_eq!(store.form_drafts().unwrap().len(), 3);
    assert!(store
        .discard_form_draft(DraftForm::CoworkNote, Some(a))
        .unwrap());
    assert!(!store
        .discard_form_draft(DraftForm::CoworkNote, Some(a))
        .unwrap());
    assert_eq!(note(&store, b), text("For Kwame"));
}

#[test]
fn bad_drafts_are_refused_and_change_nothing() {
    let (_dir, mut store) = common::practitioner();
    let kept = fields(&[("body", text("Kept"))]);
    let case = common::case(&mut store, "Noor Begum");
    store
        .save_form_draft(DraftForm::CoworkNote, Some(case), kept.clone())
        .unwrap();
    let attempts = [
        (
            DraftForm::CoworkNote,
            None,
            kept.clone(),
            ErrorKind::InvalidInput,
        ),
        (
            DraftForm::Reflection,
            Some(case),
            kept.clone(),
            ErrorKind::InvalidInput,
        ),
        (
            DraftForm::CoworkNote,
            Some(Id::new()),
            kept.clone(),
            ErrorKind::NotFound,
        ),
        (
            DraftForm::NextSteps,
            Some(case),
            kept.clone(),
            ErrorKind::NotFound,
        ),
        (
            DraftForm::CoworkNote,
            Some(case),
            fields(&[("bad name!", text("x"))]),
            ErrorKind::InvalidInput,
        ),
    ];
    for (form, about, f, kind) in attempts {
        let err = store.save_form_draft(form, about, f).unwrap_err();
        assert_eq!(err.kind(), kind, "{form} {about:?}: {err}");
    }
    assert_eq!(store.form_drafts().unwrap().len(), 1);
    assert_eq!(
        store
            .form_draft(DraftForm::CoworkNote, Some(case))
            .unwrap()
            .unwrap()
            .fields,
        kept
    );
}

#[test]
fn sign_out_names_each_draft_and_refuses_unless_told_to_discard() {
    let (dir, mut store) = common::practitioner();
    store
        .save_form_draft(
            DraftForm::Reflection,
            None,
            fields(&[("title", text("Siobhán's review meeting"))]),
        )
        .unwrap();
    let lost = signout::unsynced(&store).unwrap();
    assert!(
        lost.device_only
            .iter()
            .any(|d| d.contains("a new reflection") && d.contains("Siobhán's review meeting")),
        "{lost:?}"
    );
    assert!(
        lost.describe().contains("Siobhán's review meeting"),
        "{}",
        lost.describe()
    );
    let err = signout::sign_out(store, false).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.form_drafts().unwrap().len(), 1, "nothing removed");
}

#[test]
fn completing_turns_next_steps_into_actions_in_one_write_or_not_at_all() {
    let (_dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Ivy Nowak");
    let entry = common::draft(&mut store, case, EntryKind::HomeVisit, "Saw Ivy.");
    store
        .save_form_draft(
            DraftForm::NextSteps,
            Some(entry),
            fields(&[(
                "entry-next-steps",
                text("Call the school\n\nBook the review"),
            )]),
        )
        .unwrap();
    let steps = vec![
        "Call the school".to_string(),
        "  ".to_string(),
        "Book the review".to_string(),
    ];

    // A step that breaks the action rules refuses the whole completion: nothing changes.
    let ops = store.op_count().unwrap();
    let too_long = vec!["Call".to_string(), "x".repeat(5_000)];
    assert!(store.complete_entry_with_actions(entry, &too_long).is_err());
    assert_eq!(store.op_count().unwrap(), ops);
    assert!(store.entry(entry).unwrap().completed_at.is_none());
    assert!(store
        .form_draft(DraftForm::NextSteps, Some(entry))
        .unwrap()
        .is_some());

    let (done, actions) = store.complete_entry_with_actions(entry, &steps).unwrap();
    assert!(done.completed_at.is_some());
    let texts: Vec<_> = actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["Call the school", "Book the review"]);
    assert!(actions.iter().all(|a| a.case_id == case));
    assert!(
        store
            .form_draft(DraftForm::NextSteps, Some(entry))
            .unwrap()
            .is_none(),
        "the steps' draft goes once they are actions"
    );
    // Completed once: a second time is refused and makes no actions.
    assert!(store.complete_entry_with_actions(entry, &steps).is_err());
    assert_eq!(
        store
            .list_actions(Some(case), false, None, None)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn search_hits_name_their_case() {
    let (_dir, mut store) = common::practitioner();
    let a = common::case(&mut store, "Ivy Nowak");
    let b = common::case(&mut store, "Kwame Okafor");
    for case in [a, b] {
        store
            .add_action(
                case,
                casecraft_core::casework::action::NewAction {
                    text: "Check the zebrafinch housing application".into(),
                    owner: None,
                    due_on: None,
                },
            )
            .unwrap();
    }
    let hits = store
        .search(&casecraft_core::search::SearchQuery {
            text: "zebrafinch".into(),
            ..Default::default()
        })
        .unwrap();
    let mut labels: Vec<_> = hits.iter().filter_map(|h| h.case_label.clone()).collect();
    labels.sort();
    assert_eq!(labels, ["Ivy Nowak", "Kwame Okafor"]);
}
