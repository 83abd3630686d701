//! Anonymised exports hold none of a case's details however they are written: a property test
//! writes the people's names (current and former, accents stripped, added or decomposed, in any
//! case, broken across lines, in punctuation), their dates of birth (current and former) in every
//! common form, the case's references (current and former) in any case and spacing, and UK phone
//! numbers and postcodes in any spacing and case, into an entry, the case summary and a
//! reflection, and checks with a folded matcher of its own that none survives in the Markdown,
//! HTML and JSON exports, the court chronology (CSV and HTML), the portfolio and the CPD record;
//! each export the same bytes when made again, and ordinary words, times and amounts untouched.
#![allow(clippy::unwrap_used)]

mod common;

use casecraft_core::casework::case::{CaseEdit, NewCase};
use casecraft_core::casework::entry::EntryKind;
use casecraft_core::casework::person::{NewPerson, PersonEdit};
use casecraft_core::casework::reflection::{Model, NewReflection, PcfDomain};
use casecraft_core::documents::anonymise::{self, CaseloadAnonymiser};
use casecraft_core::documents::chronology::Chronology;
use casecraft_core::documents::model::CaseFormat;
use casecraft_core::documents::portfolio::{cpd_document, cpd_entries};
use casecraft_core::{Id, Store};
use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;
use unicode_normalization::UnicodeNormalization;

/// Every name the case's records hold or held, as written in them (people renamed, one in the
/// trash).
const NAMES: &[&str] = &[
    "Zoë Ashdown",
    "Zoe Marsh",
    "Zoë",
    "Ashdown",
    "Marsh",
    "Siobhan Ashdown",
    "Siobhan",
    "Łukasz Nowakowski",
    "Łukasz",
    "Nowakowski",
    "Renée Marsh",
    "Renée Ashdown",
    "Renée",
    "Søren Dahl",
    "Søren",
    "Dahl",
    "Bríd Ó Súilleabháin",
    "Bríd",
    "Súilleabháin",
];

/// The case's references: the first it had, then the current one.
const REFERENCES: [&str; 2] = ["CC-4410", "CR/2207"];

/// Dates of birth: the subject's (corrected from the 3rd to the 2nd) and her mother's.
const BORN: [(i32, u32, u32); 3] = [(2012, 6, 2), (2012, 6, 3), (1990, 6, 2)];

/// UK numbers as (area code without its 0, the rest).
const PHONES: [(&str, &str); 3] = [("1632", "960001"), ("7700", "900123"), ("20", "79460018")];

const POSTCODES: [&str; 6] = [
    "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "LS6 2AB",
];

/// Ordinary text around the details: none of it may be changed.
const FILLER: [&str; 8] = [
    "Visit notes:",
    "then",
    "and later",
    "at 10 30",
    "we paid £1,200",
    "in 2019",
    "(see above)",
    "Annabel and Joann came",
];

/// One detail as written in a text, with what the check looks for.
#[derive(Debug, Clone)]
enum Detail {
    Name(String),
    Date(String),
    Reference(String),
    Phone(String),
    Postcode(String),
}

impl Detail {
    fn text(&self) -> &str {
        match self {
            Detail::Name(t)
            | Detail::Date(t)
            | Detail::Reference(t)
            | Detail::Phone(t)
            | Detail::Postcode(t) => t,
        }
    }
}

/// `text` folded the test's own way: decomposed, marks dropped, lower case, ł and ø as l and o.
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ł' => 'l',
            'ø' => 'o',
            c => c,
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// What of `details` (and of the records' names and dates of birth) is still in `output`.
fn leaks(output: &str, details: &[Detail]) -> Vec<String> {
    let found = words(output);
    let has_run =
        |needle: &[String]| !needle.is_empty() && found.windows(needle.len()).any(|w| w == needle);
    // A run of up to three words joined, for postcodes and references written without spaces.
    let joined = |key: &str| (1..=3).any(|n| found.windows(n).any(|w| w.concat() == key));
    let mut leaks = Vec::new();
    for name in NAMES {
        for part in words(name).into_iter().filter(|p| p.chars().count() > 1) {
            if found.contains(&part) {
                leaks.push(format!("name {part}"));
            }
        }
    }
    for reference in REFERENCES {
        if joined(&words(reference).concat()) {
            leaks.push(format!("reference {reference}"));
        }
    }
    for (y, m, d) in BORN {
        let iso = NaiveDate::from_ymd_opt(y, m, d).unwrap().to_string();
        if has_run(&words(&iso)) {
            leaks.push(format!("date of birth {iso}"));
        }
    }
    // The digits of a phone number, however they are grouped.
    let mut digits = String::new();
    for word in found.iter().chain([&String::new()]) {
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) {
            digits.push_str(word);
            continue;
        }
        for (area, rest) in PHONES {
            if digits.contains(&format!("{area}{rest}")) {
                leaks.push(format!("phone {area} {rest} in {digits}"));
            }
        }
        digits.clear();
    }
    for postcode in POSTCODES {
        if joined(&words(postcode).concat()) {
            leaks.push(format!("postcode {postcode}"));
        }
    }
    for detail in details {
        let run = words(detail.text());
        if let Detail::Date(_) | Detail::Phone(_) = detail {
            if has_run(&run) {
                leaks.push(format!("{detail:?}"));
            }
        }
    }
    leaks
}

/// A name with its accents as written, stripped, added to plain vowels, or decomposed.
fn accented(name: &str, how: usize) -> String {
    match how {
        1 => name
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .map(|c| match c {
                'ł' => 'l',
                'Ł' => 'L',
                'ø' => 'o',
                'Ø' => 'O',
                c => c,
            })
            .collect(),
        2 => name
            .chars()
            .map(|c| match c {
                'a' => 'á',
                'e' => 'è',
                'i' => 'ï',
                'o' => 'ô',
                'u' => 'ü',
                'A' => 'Á',
                'E' => 'É',
                c => c,
            })
            .collect(),
        3 => name.nfd().collect(),
        _ => name.to_string(),
    }
}

fn cased(text: &str, how: usize) -> String {
    match how {
        1 => text.to_uppercase(),
        2 => text.to_lowercase(),
        3 => text
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                if i % 2 == 0 {
                    c.to_uppercase().collect::<Vec<_>>()
                } else {
                    c.to_lowercase().collect()
                }
            })
            .collect(),
        _ => text.to_string(),
    }
}

fn name() -> impl Strategy<Value = Detail> {
    (
        select(NAMES),
        0..4usize,
        0..4usize,
        select(vec![" ", "  ", "\n", " \n  "]),
        select(vec!["", "'s", "’s"]),
        select(vec!["", "(", "\"", "“", "/", "#"]),
        select(vec!["", ".", ",", ";", ")", "!", "?", "\"", "”", ":"]),
    )
        .prop_map(|(name, accent, case, space, possessive, before, after)| {
            let written = cased(&accented(name, accent), case).replace(' ', space);
            Detail::Name(format!("{before}{written}{possessive}{after}"))
        })
}

fn ordinal(day: u32) -> String {
    let suffix = match (day % 10, day % 100) {
        (1, n) if n != 11 => "st",
        (2, n) if n != 12 => "nd",
        (3, n) if n != 13 => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}

fn date() -> impl Strategy<Value = Detail> {
    const FORMS: [&str; 16] = [
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%-d/%-m/%Y",
        "%d/%m/%y",
        "%-d.%-m.%Y",
        "%d.%m.%y",
        "%d-%m-%Y",
        "%-d %B %Y",
        "%-d %b %y",
        "%d-%b-%Y",
        "{ord} %B %Y",
        "{ord} of %B, %Y",
        "%B {ord}, %Y",
        "%B %-d %Y",
        "%b. %-d, %Y",
        "the {ord} of %B '%y",
    ];
    (select(BORN.to_vec()), select(FORMS.to_vec()), 0..3usize).prop_map(
        |((y, m, d), form, case)| {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let written = date.format(&form.replace("{ord}", &ordinal(d))).to_string();
            Detail::Date(cased(&written, case))
        },
    )
}

fn reference() -> impl Strategy<Value = Detail> {
    (
        select(REFERENCES.to_vec()),
        select(vec!["-", "/", " ", "", " - "]),
        0..3usize,
    )
        .prop_map(|(reference, separator, case)| {
            let written = reference.replace(['-', '/'], separator);
            Detail::Reference(cased(&written, case))
        })
}

fn phone() -> impl Strategy<Value = Detail> {
    (select(PHONES.to_vec()), 0..9usize).prop_map(|((area, rest), form)| {
        let (a, b) = rest.split_at(rest.len() / 2);
        Detail::Phone(match form {
            0 => format!("0{area} {rest}"),
            1 => format!("0{area}{rest}"),
            2 => format!("0{area}-{rest}"),
            3 => format!("(0{area}) {rest}"),
            4 => format!("+44 {area} {rest}"),
            5 => format!("+44 (0){area} {rest}"),
            6 => format!("+44{area}{rest}"),
            7 => format!("0044 {area} {rest}"),
            _ => format!("0{area} {a} {b}"),
        })
    })
}

fn postcode() -> impl Strategy<Value = Detail> {
    (select(POSTCODES.to_vec()), any::<u16>(), 0..3usize).prop_map(|(postcode, mask, spaces)| {
        let (outward, inward) = postcode.split_once(' ').unwrap();
        let cased: String = format!("{outward}\u{0}{inward}")
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if mask & (1 << i) == 0 {
                    c.to_ascii_lowercase()
                } else {
                    c
                }
            })
            .collect();
        Detail::Postcode(cased.replace('\u{0}', &" ".repeat(spaces)))
    })
}

fn detail() -> impl Strategy<Value = Detail> {
    prop_oneof![3 => name(), 2 => date(), 1 => reference(), 1 => phone(), 1 => postcode()]
}

/// A text of 1–5 details with ordinary words between them.
fn text() -> impl Strategy<Value = Vec<(Detail, &'static str)>> {
    prop::collection::vec((detail(), select(FILLER.to_vec())), 1..6)
}

fn join(parts: &[(Detail, &str)], break_lines: bool) -> String {
    let mut text = String::new();
    for (i, (detail, filler)) in parts.iter().enumerate() {
        let between = if break_lines && i % 2 == 1 { "\n" } else { " " };
        text.push_str(&format!("{filler} {}{between}", detail.text()));
    }
    let text = text.trim_end().to_string();
    if break_lines {
        text
    } else {
        text.replace('\n', " ")
    }
}

/// A store whose one case holds every name, date of birth and reference above, renamed and
/// corrected through the store, and the texts to anonymise in an entry, its summary and a
/// reflection (title and section).
fn world(entry: &str, summary: &str, title: &str, section: &str) -> (tempfile::TempDir, Store, Id) {
    let (dir, mut store) = common::practitioner();
    let case = store
        .create_case(NewCase {
            subject: "Zoe Marsh".into(),
            reference: Some(REFERENCES[0].into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let born = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
    let add = |store: &mut Store, name: &str, relationship: &str, date_of_birth| {
        store
            .add_person(
                case,
                NewPerson {
                    name: name.into(),
                    relationship: relationship.into(),
                    date_of_birth,
                    ..Default::default()
                },
            )
            .unwrap()
            .id
    };
    let edit = |store: &mut Store, id, name: Option<&str>, date_of_birth| {
        store
            .edit_person(
                id,
                PersonEdit {
                    name: name.map(str::to_string),
                    date_of_birth,
                    ..Default::default()
                },
            )
            .unwrap();
    };
    let subject = store.list_people(case).unwrap()[0].id;
    edit(&mut store, subject, None, born(BORN[1]));
    add(&mut store, "Siobhan Ashdown", "mother", born(BORN[2]));
    add(&mut store, "Łukasz Nowakowski", "father", None);
    let sister = add(&mut store, "Renée Marsh", "sister", None);
    add(&mut store, "Bríd Ó Súilleabháin", "grandmother", None);
    let friend = add(&mut store, "Søren Dahl", "family friend", None);
    let id = common::draft(&mut store, case, EntryKind::HomeVisit, entry);
    store.complete_entry(id).unwrap();
    edit(&mut store, subject, Some("Zoë Ashdown"), born(BORN[0]));
    edit(&mut store, sister, Some("Renée Ashdown"), None);
    store.delete_person(friend).unwrap();
    store
        .edit_case(
            case,
            CaseEdit {
                reference: Some(REFERENCES[1].into()),
                summary: Some(summary.into()),
                ..Default::default()
            },
        )
        .unwrap();
    let mut r = NewReflection::new(Model::Driscoll);
    r.case_id = Some(case);
    r.title = Some(title.into());
    r.sections = vec![
        ("what".into(), section.into()),
        ("so-what".into(), "Listening first matters.".into()),
    ];
    r.pcf = vec![PcfDomain::SkillsAndInterventions];
    store.create_reflection(r).unwrap();
    (dir, store, case)
}

/// Every anonymised export of the case and of the caseload, by name.
fn exports(store: &Store, case: Id) -> Vec<(&'static str, String)> {
    let export = store.export_case(case).unwrap();
    let mut out = Vec::new();
    for (what, format) in [
        ("markdown", CaseFormat::Markdown),
        ("html", CaseFormat::Html),
        ("json", CaseFormat::Json),
    ] {
        let text = anonymise::case(&export, format).unwrap().text;
        let text = if format == CaseFormat::Json {
            json_strings(&text)
        } else {
            text
        };
        out.push((what, text));
    }
    let writer = |id| store.worker_name(id).ok().flatten();
    let chronology = Chronology::of(&export, false, writer);
    let (chronology, _) = anonymise::chronology(&export, chronology).unwrap();
    out.push(("chronology csv", chronology.to_csv()));
    out.push(("chronology html", chronology.to_html()));
    let today = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let portfolio = store.portfolio(today).unwrap();
    let anonymiser = CaseloadAnonymiser::for_cases(&store.caseload_people().unwrap()).unwrap();
    for (what, html) in [("portfolio markdown", false), ("portfolio html", true)] {
        let doc = portfolio.document(html, Some(&anonymiser)).unwrap();
        out.push((what, doc.text));
    }
    let entries = cpd_entries(&portfolio.reflections);
    for (what, json) in [("cpd markdown", false), ("cpd json", true)] {
        let doc = cpd_document(&entries, json, Some(&anonymiser)).unwrap();
        let text = if json {
            json_strings(&doc.text)
        } else {
            doc.text
        };
        out.push((what, text));
    }
    out
}

/// Every string in a JSON document, one a line (so escapes such as `\n` are read as written).
fn json_strings(json: &str) -> String {
    fn walk(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(&serde_json::from_str(json).unwrap(), &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn no_variant_of_a_detail_survives_in_any_export(
        entry in text(),
        summary in text(),
        title in text(),
        section in text(),
    ) {
        let all: Vec<Detail> = [&entry, &summary, &title, &section]
            .into_iter()
            .flatten()
            .map(|(d, _)| d.clone())
            .collect();
        let (_dir, store, case) = world(
            &join(&entry, true),
            &join(&summary, true),
            &join(&title, false),
            &join(&section, true),
        );
        let first = exports(&store, case);
        for (what, text) in &first {
            let leaks = leaks(text, &all);
            prop_assert!(leaks.is_empty(), "{:?} in the {}:\n{}", leaks, what, text);
        }
        // Ordinary words are not taken for details.
        let markdown = &first[0].1;
        for (_, filler) in entry.iter().chain(&summary) {
            prop_assert!(markdown.contains(filler), "{:?} was changed:\n{}", filler, markdown);
        }
        // The same records give the same bytes.
        prop_assert_eq!(&first, &exports(&store, case));
    }
}

/// The matcher above finds each kind of detail it is given, so a test passing means absence.
#[test]
fn the_test_matcher_finds_every_kind_of_detail() {
    let details = [
        Detail::Date("2nd of June '90".into()),
        Detail::Phone("+44 (0)1632 960001".into()),
    ];
    for text in [
        "ZOE\u{308} came",
        "zoe",
        "Lukasz",
        "SØREN",
        "suilleabhain",
        "cr 2207",
        "cc4410",
        "b33 8th",
        "sw1a1aa",
        "on 2012-06-03",
        "2nd of June '90",
        "call (01632) 960 001",
        "+44 1632 960001",
    ] {
        assert!(!leaks(text, &details).is_empty(), "{text:?} was not found");
    }
    assert!(leaks(
        "Child A and Mother (case 1) at [postcode], [phone]",
        &details
    )
    .is_empty());
}
