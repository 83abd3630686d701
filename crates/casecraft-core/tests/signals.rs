//! Quality signals that mean what they say, in the worker's own days: only a completed visit or
//! meeting that has happened is direct contact (not a draft, not one dated in the future) — for
//! the caseload, the closure checklist, the supervision agenda and the quality review alike — and
//! days are calendar days in the worker's zone, in every document, which names its zone.

#![allow(clippy::unwrap_used)] // a test file: a failed unwrap is a failed test

mod common;

use casecraft_core::casework::case::NewCase;
use casecraft_core::casework::entry::{EntryKind, NewEntry};
use casecraft_core::casework::supervision::AgendaKind;
use casecraft_core::documents::chronology::Chronology;
use casecraft_core::zone::Zone;
use casecraft_core::{Id, Store};
use chrono::{DateTime, Duration, Utc};
use common::practitioner;

fn case_opened(store: &mut Store, subject: &str, days_ago: i64) -> Id {
    let opened = store.today() - Duration::days(days_ago);
    store
        .create_case(NewCase {
            subject: subject.into(),
            opened_on: Some(opened),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn visit(store: &mut Store, case: Id, at: DateTime<Utc>, complete: bool) -> Id {
    let entry = store
        .create_entry(
            case,
            NewEntry {
                occurred_at: Some(at),
                body: "Saw her at home.".into(),
                ..NewEntry::new(EntryKind::HomeVisit)
            },
        )
        .unwrap()
        .id;
    if complete {
        store.complete_entry(entry).unwrap();
    }
    entry
}

#[test]
fn a_draft_or_a_visit_dated_in_the_future_is_not_contact_anywhere() {
    let (_dir, mut store) = practitioner();
    let case = case_opened(&mut store, "Ivy Nowak", 122);
    // The app creates a draft at the first keystroke: it is not a visit that happened.
    let draft = visit(&mut store, case, Utc::now() - Duration::hours(1), false);
    visit(&mut store, case, Utc::now() + Duration::days(3), true);
    let signals = store.case_summary(case).unwrap().signals;
    assert_eq!(signals.last_direct_contact, None);
    assert_eq!(signals.days_since_direct_contact, 122);
    assert!(signals.attention > 0);
    // The closure checklist reads the same rule.
    let checklist = store.closure_checklist(case).unwrap();
    let contact = checklist
        .items
        .iter()
        .find(|i| i.key == "direct-contact")
        .unwrap();
    assert!(contact.needs_attention, "{contact:?}");
    assert!(contact.detail.contains("never seen"), "{}", contact.detail);
    // So does the supervision agenda.
    let agenda = store.supervision_agenda().unwrap();
    assert!(
        agenda
            .items
            .iter()
            .any(|i| i.kind == AgendaKind::NoRecentContact && i.case_id == Some(case)),
        "{agenda:?}"
    );
    // And the quality review.
    let review = casecraft_core::documents::quality::to_markdown(
        &store.export_case(case).unwrap(),
        store.today(),
    );
    assert!(review.contains("has not been seen directly"), "{review}");

    // Completed, the visit counts everywhere.
    store.complete_entry(draft).unwrap();
    let signals = store.case_summary(case).unwrap().signals;
    assert!(signals.last_direct_contact.is_some());
    assert!(signals.days_since_direct_contact <= 1);
    let checklist = store.closure_checklist(case).unwrap();
    assert!(!checklist
        .items
        .iter()
        .any(|i| i.key == "direct-contact" && i.needs_attention));
    assert!(!store
        .supervision_agenda()
        .unwrap()
        .items
        .iter()
        .any(|i| i.kind == AgendaKind::NoRecentContact && i.case_id == Some(case)));
}

#[test]
fn a_visit_late_yesterday_was_a_day_ago_in_the_workers_own_days() {
    for zone in ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"] {
        let (_dir, mut store) = practitioner();
        store.set_zone(Zone::named(zone).unwrap());
        let case = case_opened(&mut store, "Kwame Okafor", 30);
        // One minute before today began where the worker is: under 24 hours ago, but yesterday.
        let late_last_night = store.zone().start_of(store.today()) - Duration::minutes(1);
        visit(&mut store, case, late_last_night, true);
        let signals = store.case_summary(case).unwrap().signals;
        assert_eq!(signals.days_since_direct_contact, 1, "in {zone}");
        // A visit earlier today is today, whatever the hour.
        let this_morning = store.zone().start_of(store.today());
        visit(&mut store, case, this_morning, true);
        let signals = store.case_summary(case).unwrap().signals;
        assert_eq!(signals.days_since_direct_contact, 0, "in {zone}");
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn documents_show_local_dates_and_times_across_the_summer_time_changes_and_name_the_zone() {
    let (_dir, mut store) = practitioner();
    store.set_zone(Zone::named("Europe/London").unwrap());
    let case = store
        .create_case(NewCase {
            subject: "Freya Hall".into(),
            opened_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()),
            ..Default::default()
        })
        .unwrap()
        .id;
    // 00:30 BST on 1 July is 23:30 UTC on 30 June; around the changes in March and October.
    for t in [
        "2026-06-30T23:30:00Z",
        "2026-03-29T00:30:00Z",
        "2026-03-29T01:30:00Z",
        "2026-10-25T00:30:00Z",
        "2026-10-25T01:30:00Z",
    ] {
        visit(&mut store, case, at(t), true);
    }
    let export = store.export_case(case).unwrap();
    let chronology = Chronology::of(&export, false, |_| None);
    let csv = chronology.to_csv();
    assert!(
        csv.starts_with("Serial,Date,Time (Europe/London),"),
        "{csv}"
    );
    for (date, time) in [
        ("29/03/2026", "00:30 GMT"),
        ("29/03/2026", "02:30 BST"),
        ("01/07/2026", "00:30 BST"),
        ("25/10/2026", "01:30 BST"),
        ("25/10/2026", "01:30 GMT"),
    ] {
        assert!(
            csv.contains(&format!("{date},{time},")),
            "{date} {time} in {csv}"
        );
    }
    assert!(
        !csv.contains("30/06/2026"),
        "the July visit is not on 30 June: {csv}"
    );
    let html = chronology.to_html();
    assert!(html.contains("local to Europe/London"), "{html}");
    assert!(html.contains("01/07/2026<br>00:30 BST"), "{html}");
    assert!(chronology.to_markdown().contains("01/07/2026 00:30 BST"));

    // The quality review counts the July visit in July, and names the zone.
    let review = casecraft_core::documents::quality::to_markdown(
        &export,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    );
    assert!(review.contains("dates local to Europe/London"), "{review}");
    let months = casecraft_core::documents::quality::contacts_by_month(
        &export,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
    );
    let count = |m: &str| months.iter().find(|x| x.month == m).map(|x| x.direct);
    assert_eq!(count("2026-06"), Some(0));
    assert_eq!(count("2026-07"), Some(1));
    assert_eq!(count("2026-03"), Some(2));
    assert_eq!(count("2026-10"), Some(2));
    // The readable export names the zone and shows local times.
    let md = export.to_markdown();
    assert!(md.contains("local to Europe/London"), "{md}");
    assert!(md.contains("2026-07-01 00:30"), "{md}");

    // The same visits in UTC fall on other days: the zone decides.
    store.set_zone(Zone::utc());
    let csv = Chronology::of(&store.export_case(case).unwrap(), false, |_| None).to_csv();
    assert!(csv.contains("30/06/2026,23:30 UTC,"), "{csv}");
}

#[test]
fn a_case_closed_after_a_late_evening_visit_was_closed_with_contact() {
    // Five and a half hours ahead of UTC all year: a visit just after local midnight is on the
    // day before by UTC, whatever the season.
    let (_dir, mut store) = practitioner();
    store.set_zone(Zone::named("Asia/Kolkata").unwrap());
    let case = case_opened(&mut store, "Oscar Green", 60);
    // Seen at 00:30 on the first of the 28 local days before closing (19:00 UTC the day before).
    let today = store.today();
    let first_day = store.zone().start_of(today - Duration::days(27));
    visit(&mut store, case, first_day + Duration::minutes(30), true);
    store
        .close_case(case, "Support plan complete; the family agreed.")
        .unwrap();
    let unseen = store.closed_without_contact(90).unwrap();
    assert!(unseen.iter().all(|c| c.id != case), "{unseen:?}");
    // One local day earlier, it would have been closed without contact.
    let (_dir2, mut other) = practitioner();
    other.set_zone(Zone::named("Asia/Kolkata").unwrap());
    let case2 = case_opened(&mut other, "Ava Lewis", 60);
    visit(&mut other, case2, first_day - Duration::minutes(30), true);
    other
        .close_case(case2, "Moved out of the area; transferred.")
        .unwrap();
    assert!(other
        .closed_without_contact(90)
        .unwrap()
        .iter()
        .any(|c| c.id == case2));
}

#[test]
fn search_dates_are_the_workers_own_days() {
    use casecraft_core::search::SearchQuery;
    let (_dir, mut store) = practitioner();
    store.set_zone(Zone::named("Europe/London").unwrap());
    let case = case_opened(&mut store, "Ivy Nowak", 200);
    // 00:30 BST on 1 July (23:30 UTC on 30 June).
    let entry = store
        .create_entry(
            case,
            NewEntry {
                occurred_at: Some(at("2026-06-30T23:30:00Z")),
                body: "Saw Ivy with the marmalade jar.".into(),
                ..NewEntry::new(EntryKind::HomeVisit)
            },
        )
        .unwrap()
        .id;
    let on = |from: (i32, u32, u32), to: (i32, u32, u32)| {
        store
            .search(&SearchQuery {
                text: "marmalade".into(),
                from: chrono::NaiveDate::from_ymd_opt(from.0, from.1, from.2),
                to: chrono::NaiveDate::from_ymd_opt(to.0, to.1, to.2),
                ..Default::default()
            })
            .unwrap()
    };
    let july = on((2026, 7, 1), (2026, 7, 1));
    assert_eq!(july.len(), 1, "found on its local day");
    assert_eq!(july[0].record_id, entry);
    assert_eq!(july[0].day, "2026-07-01");
    assert!(
        on((2026, 6, 30), (2026, 6, 30)).is_empty(),
        "not on the UTC day"
    );
}
