//! Exports for court, audit and study on real stores: the anonymisation pass (every way a name is
//! written is caught, words that merely contain a name are left alone, dates of birth, addresses
//! and references are replaced, a name left behind is refused) and the court-format chronology
//! (completed entries only, serial numbers, significant events, CSV and HTML that are safe to open);
//! every export byte-stable for the same data.
#![allow(clippy::unwrap_used)]

mod common;

use casecraft_core::casework::case::NewCase;
use casecraft_core::casework::entry::{EntryKind, NewEntry};
use casecraft_core::casework::person::NewPerson;
use casecraft_core::documents::anonymise::{self, Anonymiser};
use casecraft_core::documents::chronology::Chronology;
use casecraft_core::documents::model::CaseFormat;
use casecraft_core::{ErrorKind, Id, Store};
use chrono::NaiveDate;

/// A case about Tilly Quennell-Ashworth (born 4 March 2015), her mother Rosie, her sisters Ann and
/// May, and her teacher; entries that write their names every way people do.
fn tilly() -> (tempfile::TempDir, Store, Id) {
    let (dir, mut store) = common::practitioner();
    let case = store
        .create_case(NewCase {
            subject: "Tilly Quennell-Ashworth".into(),
            reference: Some("CC-2041".into()),
            summary: Some("Tilly lives with her mum at 14 Elm Road, Leeds LS6 2AB.".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let subject = store
        .list_people(case)
        .unwrap()
        .into_iter()
        .find(|p| p.is_subject)
        .unwrap();
    store
        .edit_person(
            subject.id,
            casecraft_core::casework::person::PersonEdit {
                date_of_birth: NaiveDate::from_ymd_opt(2015, 3, 4),
                ..Default::default()
            },
        )
        .unwrap();
    for (name, relationship, born) in [
        ("Rosie Quennell-Ashworth", "mother", None),
        ("Ann Quennell-Ashworth", "sister", Some((2017, 6, 1))),
        ("May Quennell-Ashworth", "sister", None),
        ("Oluwaseun Bakare", "teacher", None),
    ] {
        store
            .add_person(
                case,
                NewPerson {
                    name: name.into(),
                    relationship: relationship.into(),
                    date_of_birth: born.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                    notes: Some("Phone 0113 496 0000, email rosie.qa@example.org".into()),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let visit = |store: &mut Store, body: &str, significant: bool| {
        let mut e = NewEntry::new(EntryKind::HomeVisit);
        e.body = body.into();
        e.significant = significant;
        e.purpose = Some("Statutory visit".into());
        let id = store.create_entry(case, e).unwrap().id;
        store.complete_entry(id).unwrap();
        id
    };
    visit(
        &mut store,
        "TILLY was in the garden. tilly's drawing showed Rosie and Ann.\n\
         Mrs Quennell-\nAshworth said Tilly\nQuennell-Ashworth was born on 04/03/2015.",
        true,
    );
    visit(
        &mut store,
        "Annabel from next door and the Mayfield family came round; Ann's friend Rosemary too. \
         Mr Bakare (#Oluwaseun) called; Tilly/Rosie went to 3 Park View, LS6 2AB. \
         Rosie's number is 0113 496 0000 (rosie.qa@example.org).",
        false,
    );
    let mut draft = NewEntry::new(EntryKind::PhoneCall);
    draft.body = "A draft that is not yet a record.".into();
    store.create_entry(case, draft).unwrap();
    (dir, store, case)
}

const NAMES: [&str; 7] = [
    "Tilly",
    "Quennell",
    "Ashworth",
    "Rosie",
    "Oluwaseun",
    "Bakare",
    "CC-2041",
];

fn whole_word(text: &str, word: &str) -> bool {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    lower.match_indices(&word).any(|(i, _)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn every_way_a_name_is_written_is_replaced_and_words_that_contain_one_are_left_alone() {
    let (_dir, store, case) = tilly();
    let export = store.export_case(case).unwrap();
    let md = anonymise::case(&export, CaseFormat::Markdown).unwrap();
    let text = &md.text;
    for name in NAMES.iter().chain(&["Ann", "May"]) {
        assert!(!whole_word(text, name), "{name} is still in:\n{text}");
    }
    for kept in ["Annabel", "Mayfield", "Rosemary", "garden"] {
        assert!(text.contains(kept), "{kept} was mangled:\n{text}");
    }
    // Varied case, a possessive, a hyphenated name broken across a line, a full name broken
    // across lines, names inside punctuation.
    assert!(text.contains("Child A was in the garden"), "{text}");
    assert!(
        text.contains("Child A's drawing showed Mother and Sister A"),
        "{text}"
    );
    assert!(
        text.contains("Mrs [family name] said Child A was born on [date of birth]"),
        "{text}"
    );
    assert!(
        text.contains("Mr Teacher (#Teacher) called; Child A/Mother went to [address], [postcode]"),
        "{text}"
    );
    assert!(text.contains("# Child A"), "the title: {text}");
    assert!(text.contains("[reference]") && text.contains("[phone]") && text.contains("[email]"));
    assert!(
        text.contains("Sister B"),
        "a second sister gets the next letter: {text}"
    );

    // The preview lists every replacement with what was found.
    let found: Vec<(&str, &str, &str)> = md
        .replacements
        .iter()
        .map(|r| (r.kind, r.found.as_str(), r.placeholder.as_str()))
        .collect();
    for expected in [
        ("name", "TILLY", "Child A"),
        ("name", "tilly", "Child A"),
        ("name", "Tilly Quennell-Ashworth", "Child A"),
        ("name", "Quennell- Ashworth", "[family name]"),
        ("date of birth", "04/03/2015", "[date of birth]"),
        ("reference", "CC-2041", "[reference]"),
        ("postcode", "LS6 2AB", "[postcode]"),
        ("address", "14 Elm Road", "[address]"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:#?}");
    }
    assert!(md.replacements.iter().all(|r| r.count > 0));
}

#[test]
fn html_and_json_exports_hold_none_of_the_names_and_are_byte_stable() {
    let (_dir, store, case) = tilly();
    let export = store.export_case(case).unwrap();
    for format in [CaseFormat::Html, CaseFormat::Json] {
        let first = anonymise::case(&export, format).unwrap();
        for name in NAMES {
            assert!(
                !whole_word(&first.text, name),
                "{name} in {format:?}:\n{}",
                first.text
            );
        }
        // JSON escapes line breaks as "\n": a name after one is still caught.
        assert!(!first.text.contains("\\nQuennell"), "{}", first.text);
        let again = anonymise::case(&store.export_case(case).unwrap(), format).unwrap();
        assert_eq!(first, again, "{format:?} is not byte-stable");
    }
    let html = anonymise::case(&export, CaseFormat::Html).unwrap().text;
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<title>Child A</title>"), "{html}");
}

#[test]
fn an_export_that_would_still_name_someone_is_refused() {
    let (_dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Jo Smith");
    // Her teacher's surname is the very word the placeholder would use.
    store
        .add_person(
            case,
            NewPerson {
                name: "Dana Teacher".into(),
                relationship: "teacher".into(),
                ..Default::default()
            },
        )
        .unwrap();
    common::draft(
        &mut store,
        case,
        EntryKind::PhoneCall,
        "Dana said Jo is settled.",
    );
    let export = store.export_case(case).unwrap();
    let err = anonymise::case(&export, CaseFormat::Markdown).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Refused, "{err}");
    assert!(err.to_string().contains("Teacher"), "{err}");
    let anonymiser = Anonymiser::for_case(&export).unwrap();
    assert!(anonymiser.check("Nothing about anyone here.").is_ok());
    assert!(anonymiser.check("but jo SMITH is named").is_err());
}

#[test]
fn the_court_chronology_numbers_completed_entries_and_is_safe_to_open() {
    let (_dir, mut store, case) = tilly();
    store.set_zone(casecraft_core::zone::Zone::utc());
    let export = store.export_case(case).unwrap();
    let writer = |id| store.worker_name(id).ok().flatten();
    let all = Chronology::of(&export, false, writer);
    assert_eq!(all.rows.len(), 2, "the draft is not in the chronology");
    assert_eq!(
        all.drafts_left_out, 1,
        "but the chronology says it left one out"
    );
    assert!(all
        .to_html()
        .contains("1 draft entry is not included: complete it to include it."));
    assert!(all.to_markdown().contains("1 draft entry is not included"));
    assert_eq!(
        all.rows.iter().map(|r| r.serial).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(all.rows[0].occurred_at <= all.rows[1].occurred_at);
    assert!(
        all.rows[0].source.contains("by Sam Practitioner"),
        "{}",
        all.rows[0].source
    );
    let significant = Chronology::of(&export, true, writer);
    assert_eq!(significant.rows.len(), 1);
    assert!(significant.rows[0].significant);

    let csv = all.to_csv();
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some("Serial,Date,Time (UTC),Event,Source,Significant")
    );
    assert!(
        csv.contains("Home visit: Statutory visit. TILLY was in the garden."),
        "{csv}"
    );
    assert_eq!(
        csv,
        Chronology::of(&store.export_case(case).unwrap(), false, writer).to_csv()
    );

    let html = all.to_html();
    assert!(html.contains("<td class=\"serial\">2</td>"), "{html}");
    assert!(html.contains("Chronology: Tilly Quennell-Ashworth (CC-2041)"));
    assert!(!html.contains("<script"));

    let (anonymous, replacements) = anonymise::chronology(&export, all).unwrap();
    let csv = anonymous.to_csv();
    for name in NAMES {
        assert!(!whole_word(&csv, name), "{name} in:\n{csv}");
    }
    assert!(!replacements.is_empty());
}

#[test]
fn hostile_text_in_a_chronology_is_inert_in_html_and_csv() {
    let (_dir, mut store) = common::practitioner();
    let case = store
        .create_case(NewCase {
            subject: "<script>alert(1)</script>".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let mut e = NewEntry::new(EntryKind::PhoneCall);
    e.purpose = Some("=HYPERLINK(\"http://evil.example\",\"x\")".into());
    e.body = "<img src=x onerror=alert(1)> \"quoted\", with commas".into();
    let id = store.create_entry(case, e).unwrap().id;
    store.complete_entry(id).unwrap();
    let chronology = Chronology::of(&store.export_case(case).unwrap(), false, |_| None);
    let html = chronology.to_html();
    assert!(
        !html.contains("<script>") && !html.contains("<img"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;"));
    let csv = chronology.to_csv();
    let row = csv.split("\r\n").nth(1).unwrap();
    // The event cell starts with the kind, so it is not a formula; quotes are doubled.
    assert!(
        row.contains("\"Phone call: =HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")."),
        "{row}"
    );
}

#[test]
fn the_quality_review_shows_contact_events_decisions_reflections_and_open_actions() {
    use casecraft_core::casework::action::NewAction;
    use casecraft_core::casework::supervision::NewSupervision;
    use casecraft_core::documents::quality;
    let (_dir, mut store, case) = tilly();
    store
        .create_supervision(NewSupervision {
            supervisor: "Morgan Ellis".into(),
            decisions: vec![(case, "Keep Tilly at home with support.".into())],
            ..Default::default()
        })
        .unwrap();
    store
        .add_action(
            case,
            NewAction {
                text: "Chase the school | report".into(),
                due_on: NaiveDate::from_ymd_opt(2020, 1, 1),
                ..Default::default()
            },
        )
        .unwrap();
    let mut r = casecraft_core::casework::reflection::NewReflection::new(
        casecraft_core::casework::reflection::Model::Gibbs,
    );
    r.case_id = Some(case);
    r.title = Some("Seeing Tilly in the garden".into());
    store.create_reflection(r).unwrap();
    let export = store.export_case(case).unwrap();
    let today = chrono::Local::now().date_naive();
    let md = quality::to_markdown(&export, today);
    assert!(
        md.starts_with("# Quality review: Tilly Quennell-Ashworth"),
        "{md}"
    );
    assert!(
        md.contains("Last seen "),
        "two home visits were recorded: {md}"
    );
    let month = today.format("%Y-%m").to_string();
    // Two completed home visits this month; the phone call is still a draft, so not counted.
    let months = quality::contacts_by_month(&export, today);
    assert_eq!(
        months.last().map(|m| (m.month.clone(), m.direct, m.other)),
        Some((month.clone(), 2, 0))
    );
    assert!(md.contains(&format!("| {month} | 2 ██ | 0 |")), "{md}");
    assert!(md.contains("## Significant events\n\n- "), "{md}");
    assert!(
        md.contains("Supervision with Morgan Ellis: Keep Tilly at home with support."),
        "{md}"
    );
    assert!(md.contains("Seeing Tilly in the garden (gibbs)"), "{md}");
    assert!(md.contains("No co-working notes"), "{md}");
    assert!(
        md.contains("Chase the school \\| report — **overdue since 2020-01-01**"),
        "{md}"
    );
    assert_eq!(
        md,
        quality::to_markdown(&store.export_case(case).unwrap(), today)
    );
    let html = quality::to_html(&export, today);
    assert!(
        html.contains("<table>") && html.contains("<title>Quality review: Tilly"),
        "{html}"
    );

    let anonymous = anonymise::document(
        &export,
        "Quality review: Tilly Quennell-Ashworth",
        &md,
        CaseFormat::Html,
    )
    .unwrap();
    for name in NAMES {
        assert!(
            !whole_word(&anonymous.text, name),
            "{name} in:\n{}",
            anonymous.text
        );
    }
}

#[test]
fn nicknames_in_quotes_surname_first_names_and_people_in_the_trash_are_all_caught() {
    let (_dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Matilda \"Tilly\" Jones (Tia)");
    for (name, relationship) in [
        ("Okafor, Abena", "neighbour"),
        ("Dean Smith", "mother's partner"),
    ] {
        store
            .add_person(
                case,
                NewPerson {
                    name: name.into(),
                    relationship: relationship.into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let dean = store
        .list_people(case)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Dean Smith")
        .unwrap();
    store.delete_person(dean.id).unwrap();
    common::draft(
        &mut store,
        case,
        EntryKind::HomeVisit,
        "Tilly and Tia are one child. Abena Okafor saw Dean leave; Mrs Okafor called Smith. \
         Known as Tia at school, as her nan said.",
    );
    let export = store.export_case(case).unwrap();
    let md = anonymise::case(&export, CaseFormat::Markdown).unwrap().text;
    for name in [
        "Tilly", "Tia", "Matilda", "Jones", "Abena", "Okafor", "Dean", "Smith",
    ] {
        assert!(!whole_word(&md, name), "{name} is still in:\n{md}");
    }
    // "known as" in a name is not a name: ordinary words stay.
    assert!(
        md.contains("Known as Child A at school, as her nan said."),
        "{md}"
    );
}

#[test]
fn a_date_of_birth_or_reference_left_in_an_unrecognised_form_is_refused() {
    let (_dir, mut store) = common::practitioner();
    let case = store
        .create_case(NewCase {
            subject: "Jo Smith".into(),
            reference: Some("CC-1".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let export = store.export_case(case).unwrap();
    let anonymiser = Anonymiser::for_case(&export).unwrap();
    assert!(anonymiser
        .check("Filed under cc-1 in the old system.")
        .is_err());
    assert!(anonymiser.check("Nothing identifying here.").is_ok());
}

#[test]
fn a_portfolio_and_cpd_record_anonymised_name_no_one_from_any_case() {
    use casecraft_core::casework::reflection::{Model, NewReflection, PcfDomain};
    use casecraft_core::documents::anonymise::CaseloadAnonymiser;
    use casecraft_core::documents::portfolio::{cpd_document, cpd_entries};
    let (_dir, mut store, tilly_case) = tilly();
    let second = store
        .create_case(NewCase {
            subject: "Kwame Okafor".into(),
            reference: Some("AC-77".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    store
        .add_person(
            second,
            NewPerson {
                name: "Abena Okafor".into(),
                relationship: "mother".into(),
                ..Default::default()
            },
        )
        .unwrap();
    // One reflection on each case, and one on none that names people from both.
    let reflect = |store: &mut Store, case: Option<Id>, title: &str, text: &str| {
        let mut r = NewReflection::new(Model::Driscoll);
        r.case_id = case;
        r.title = Some(title.into());
        r.sections = vec![
            ("what".into(), text.into()),
            ("so-what".into(), "Listening first matters.".into()),
        ];
        r.pcf = vec![PcfDomain::SkillsAndInterventions];
        store.create_reflection(r).unwrap();
    };
    reflect(
        &mut store,
        Some(tilly_case),
        "Visiting Tilly",
        "Tilly showed me her drawings; Rosie Quennell-Ashworth (CC-2041) was worried.",
    );
    reflect(
        &mut store,
        Some(second),
        "Kwame's review",
        "Abena Okafor asked for the review to be moved; Kwame agreed.",
    );
    reflect(
        &mut store,
        None,
        "Two families",
        "Both Rosie and Abena told me what the last worker missed. Supervision with Morgan helped.",
    );
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let portfolio = store.portfolio(today).unwrap();
    let cases = store.caseload_people().unwrap();
    assert_eq!(cases.len(), 2);
    let anonymiser = CaseloadAnonymiser::for_cases(&cases).unwrap();
    let names = [
        "Tilly", "Quennell", "Ashworth", "Rosie", "CC-2041", "Kwame", "Okafor", "Abena", "AC-77",
    ];
    for html in [false, true] {
        let doc = portfolio.document(html, Some(&anonymiser)).unwrap();
        for name in names {
            assert!(
                !doc.text.to_lowercase().contains(&name.to_lowercase()),
                "{name} in {}",
                doc.text
            );
        }
        // Placeholders say which case a person is from (the portfolio lists reflections by
        // title).
        assert!(
            doc.text.contains("Visiting Child A (case 1)"),
            "{}",
            doc.text
        );
        assert!(
            doc.text.contains("Child A (case 2)'s review"),
            "{}",
            doc.text
        );
        let replacements = doc.replacements.unwrap();
        assert!(replacements
            .iter()
            .any(|r| r.found == "Kwame" && r.placeholder == "Child A (case 2)"));
        // The same records on the same day: the same bytes.
        assert_eq!(
            portfolio.document(html, Some(&anonymiser)).unwrap().text,
            doc.text
        );
    }
    // A case moved to the trash keeps its reflections in the portfolio: still anonymised.
    store.delete_case(second).unwrap();
    let portfolio = store.portfolio(today).unwrap();
    let anonymiser = CaseloadAnonymiser::for_cases(&store.caseload_people().unwrap()).unwrap();
    let doc = portfolio.document(false, Some(&anonymiser)).unwrap();
    assert!(
        doc.text.contains("Child A (case 2)'s review"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("Kwame"), "{}", doc.text);
    let plain = portfolio.document(false, None).unwrap();
    assert!(plain.text.contains("Kwame's review") && plain.replacements.is_none());

    let entries = cpd_entries(&portfolio.reflections);
    for json in [false, true] {
        let doc = cpd_document(&entries, json, Some(&anonymiser)).unwrap();
        for name in names {
            assert!(
                !doc.text.to_lowercase().contains(&name.to_lowercase()),
                "{name} in {}",
                doc.text
            );
        }
        assert!(!doc.preview.contains("Abena"));
        // The record's answers are anonymised too; other words are untouched.
        assert!(
            doc.text
                .contains("Mother (case 2) asked for the review to be moved"),
            "{}",
            doc.text
        );
        assert!(
            doc.text
                .contains("Both Mother (case 1) and Mother (case 2) told me"),
            "{}",
            doc.text
        );
        assert!(doc.text.contains("Supervision with Morgan helped."));
        assert!(doc
            .replacements
            .as_ref()
            .unwrap()
            .iter()
            .any(|r| r.found == "Abena Okafor" && r.placeholder == "Mother (case 2)"));
        if json {
            let value: serde_json::Value = serde_json::from_str(&doc.text).unwrap();
            assert_eq!(value.as_array().map(Vec::len), Some(3));
        }
    }
}

#[test]
fn across_a_caseload_a_full_name_wins_and_a_shared_first_name_names_no_one_case() {
    use casecraft_core::documents::anonymise::CaseloadAnonymiser;
    let (_dir, mut store) = common::practitioner();
    let first = common::case(&mut store, "Sam Patel");
    let second = common::case(&mut store, "Lily Jones");
    store
        .add_person(
            second,
            NewPerson {
                name: "Sam Jones".into(),
                relationship: "father".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let cases = store.caseload_people().unwrap();
    assert_eq!(cases[0].case.id, first, "numbered in the order opened");
    let anonymiser = CaseloadAnonymiser::for_cases(&cases).unwrap();
    let mut text = String::from(
        "Sam Jones came to the review; Sam Patel was at school. Sam laughed; Lily too.",
    );
    let replacements = anonymiser.apply_all([&mut text]).unwrap();
    assert_eq!(
        text,
        "Father (case 2) came to the review; Child A (case 1) was at school. [name] laughed; Child A (case 2) too."
    );
    assert!(replacements
        .iter()
        .any(|r| r.found == "Sam" && r.placeholder == "[name]"));
}

/// The words of `text` folded the test's own way (decomposed, marks dropped, lower case, ł and ø
/// as l and o), to look for a name however it is written.
fn folded_words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ł' => 'l',
            'ø' => 'o',
            c => c,
        })
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn named(text: &str, name: &str) -> bool {
    folded_words(text).contains(&folded_words(name).concat())
}

fn subject_of(store: &Store, case: Id) -> Id {
    store
        .list_people(case)
        .unwrap()
        .into_iter()
        .find(|p| p.is_subject)
        .unwrap()
        .id
}

fn completed(store: &mut Store, case: Id, body: &str) {
    let id = common::draft(store, case, EntryKind::HomeVisit, body);
    store.complete_entry(id).unwrap();
}

#[test]
fn a_name_written_without_its_diacritics_or_with_others_is_replaced() {
    let (_dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Zoë Adeyemi");
    for (name, relationship) in [("Siobhan Adeyemi", "mother"), ("Łukasz Nowak", "father")] {
        store
            .add_person(
                case,
                NewPerson {
                    name: name.into(),
                    relationship: relationship.into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    completed(
        &mut store,
        case,
        "Zoe and ZOE's mum Siobhán came; Zoe\u{308} smiled. zoë wrote to SIOBHÁN ADEYEMI. \
         Lukasz said hello; Chloë and Zoey from school waited.",
    );
    let export = store.export_case(case).unwrap();
    for format in [CaseFormat::Markdown, CaseFormat::Html, CaseFormat::Json] {
        let text = anonymise::case(&export, format).unwrap().text;
        for name in ["Zoë", "Siobhan", "Adeyemi", "Łukasz", "Nowak"] {
            assert!(!named(&text, name), "{name} in {format:?}:\n{text}");
        }
    }
    let md = anonymise::case(&export, CaseFormat::Markdown).unwrap().text;
    assert!(
        md.contains(
            "Child A and Child A's mum Mother came; Child A smiled. Child A wrote to Mother. \
             Father said hello; Chloë and Zoey from school waited."
        ),
        "{md}"
    );
}

#[test]
fn the_former_reference_of_an_edited_case_is_replaced() {
    let (_dir, mut store) = common::practitioner();
    let case = store
        .create_case(NewCase {
            subject: "Jo Smith".into(),
            reference: Some("CC-1001".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    completed(
        &mut store,
        case,
        "Filed under CC-1001 (cc 1001 in the old system).",
    );
    store
        .edit_case(
            case,
            casecraft_core::casework::case::CaseEdit {
                reference: Some("CR/2002".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let export = store.export_case(case).unwrap();
    assert_eq!(export.history.references, ["CC-1001", "CR/2002"]);
    let md = anonymise::case(&export, CaseFormat::Markdown).unwrap();
    assert!(
        md.text
            .contains("Filed under [reference] ([reference] in the old system)."),
        "{}",
        md.text
    );
    assert!(md
        .replacements
        .iter()
        .any(|r| r.found == "CC-1001" && r.placeholder == "[reference]"));
    let anonymiser = Anonymiser::for_case(&export).unwrap();
    let err = anonymiser.check("see cc-1001").unwrap_err();
    assert!(err.to_string().contains("a former case reference"), "{err}");
}

#[test]
fn a_date_of_birth_in_any_common_form_is_replaced() {
    let (_dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Jo Smith");
    let subject = subject_of(&store, case);
    store
        .edit_person(
            subject,
            casecraft_core::casework::person::PersonEdit {
                date_of_birth: NaiveDate::from_ymd_opt(1990, 6, 2),
                ..Default::default()
            },
        )
        .unwrap();
    completed(
        &mut store,
        case,
        "Born 02/06/90, or 2.6.1990, or June 2nd, 1990; the form says 2nd of June 1990 and \
         2 Jun 90. Her brother was born 12/06/1990 and the review is on 2 June 2031.",
    );
    let md = anonymise::case(&store.export_case(case).unwrap(), CaseFormat::Markdown)
        .unwrap()
        .text;
    assert!(
        md.contains(
            "Born [date of birth], or [date of birth], or [date of birth]; the form says \
             [date of birth] and [date of birth]. Her brother was born 12/06/1990 and the \
             review is on 2 June 2031."
        ),
        "{md}"
    );
}

/// Anonymises one completed entry of a case about Jo Smith, as Markdown.
fn anonymised_entry(body: &str) -> String {
    let (_dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Jo Smith");
    completed(&mut store, case, body);
    anonymise::case(&store.export_case(case).unwrap(), CaseFormat::Markdown)
        .unwrap()
        .text
}

#[test]
fn a_phone_number_with_its_area_code_in_brackets_or_any_spacing_is_replaced() {
    let md = anonymised_entry(
        "Call (01632) 960001, +44 (0)1632 960001, 01632-960001 or 07700 900123 at 10 30.",
    );
    assert!(
        md.contains("Call [phone], [phone], [phone] or [phone] at 10 30."),
        "{md}"
    );
}

#[test]
fn a_postcode_in_lower_case_or_any_spacing_is_replaced() {
    let md = anonymised_entry(
        "She lives at sw1a 1aa, was at SW1A1AA, then Sw1A  1aA; school is m1 1ae, room A1 3rd floor.",
    );
    assert!(
        md.contains(
            "She lives at [postcode], was at [postcode], then [postcode]; school is [postcode], \
             room A1 3rd floor."
        ),
        "{md}"
    );
}

#[test]
fn a_renamed_person_keeps_no_old_name_in_older_text() {
    let (_dir, mut store) = common::practitioner();
    let case = common::case(&mut store, "Zoe Marsh");
    let dana = store
        .add_person(
            case,
            NewPerson {
                name: "Dana Price".into(),
                relationship: "mother".into(),
                date_of_birth: NaiveDate::from_ymd_opt(1988, 3, 9),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    let friend = store
        .add_person(
            case,
            NewPerson {
                name: "Kit Lowe".into(),
                relationship: "family friend".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .id;
    completed(
        &mut store,
        case,
        "Zoe Marsh and Dana Price came; Mrs Price (born 9 March 1988) called Kit Lowe. \
         Zoe's drawing showed Kitty.",
    );
    let rename = |store: &mut Store, id, name: &str| {
        store
            .edit_person(
                id,
                casecraft_core::casework::person::PersonEdit {
                    name: Some(name.into()),
                    date_of_birth: (id == dana)
                        .then(|| NaiveDate::from_ymd_opt(1988, 3, 19).unwrap()),
                    ..Default::default()
                },
            )
            .unwrap();
    };
    let subject = subject_of(&store, case);
    rename(&mut store, subject, "Zoë Ashdown");
    rename(&mut store, dana, "Dana Okoro");
    rename(&mut store, friend, "Kit Lowe-Baptiste");
    store.delete_person(friend).unwrap();
    let export = store.export_case(case).unwrap();
    // The old values are not exported, only used to anonymise.
    assert_eq!(export.history.names[&dana], ["Dana Price", "Dana Okoro"]);
    let plain: serde_json::Value = serde_json::from_str(&export.to_json().unwrap()).unwrap();
    assert!(plain.get("history").is_none(), "{plain}");
    let people = plain["people"].to_string();
    assert!(
        !people.contains("Price") && !people.contains("1988-03-09"),
        "{people}"
    );
    let md = anonymise::case(&export, CaseFormat::Markdown).unwrap().text;
    assert!(
        md.contains(
            "Child A and Mother came; Mrs Mother (born [date of birth]) called Family friend. \
             Child A's drawing showed Kitty."
        ),
        "{md}"
    );
    for name in ["Marsh", "Price", "Lowe", "Zoe", "Dana", "Kit"] {
        assert!(!named(&md, name), "{name} in:\n{md}");
    }
    let anonymiser = Anonymiser::for_case(&export).unwrap();
    for left in ["dana PRICE", "zoe marsh", "9 March 1988", "Kit"] {
        assert!(anonymiser.check(left).is_err(), "{left} passed the check");
    }
    assert!(anonymiser.check("Kitty and the marshes").is_ok());
}

#[test]
fn times_amounts_years_and_words_that_contain_a_name_are_left_alone() {
    let (_dir, mut store) = common::practitioner();
    let case = store
        .create_case(NewCase {
            subject: "Ann Brown".into(),
            reference: Some("CC-7".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let subject = subject_of(&store, case);
    store
        .edit_person(
            subject,
            casecraft_core::casework::person::PersonEdit {
                date_of_birth: NaiveDate::from_ymd_opt(2015, 6, 2),
                ..Default::default()
            },
        )
        .unwrap();
    let ordinary = "We met at 10 30 and at 09:15, paid £1,200 (or £1200.50) in 2019 and 2020. \
         Room A1 3rd floor; Year 7 2nd term; the Q3 4th week; 0113 496; 02/06/2016; 2 June. \
         Annabel, Joann, Annéliese and Brownie came; CC-77 is another case.";
    completed(&mut store, case, ordinary);
    let md = anonymise::case(&store.export_case(case).unwrap(), CaseFormat::Markdown)
        .unwrap()
        .text;
    assert!(md.contains(ordinary), "{md}");
}
