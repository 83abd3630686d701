//! Properties over arbitrary input: the search parser never lets a query
//! become an SQL or FTS error, text bodies converge whatever the order of
//! delivery, and rendered Markdown is always inert.

mod common;

use casecraft_core::casework::case::CaseEdit;
use casecraft_core::search::SearchQuery;
use casecraft_core::text::TextDoc;
use casecraft_core::ErrorKind;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Characters that mean something to FTS5 or SQL, mixed with words.
fn hostile_query() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\"".to_string()),
        Just("*".to_string()),
        Just(":".to_string()),
        Just("-".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("NEAR".to_string()),
        Just("NEAR/2".to_string()),
        Just("AND".to_string()),
        Just("OR".to_string()),
        Just("NOT".to_string()),
        Just("^".to_string()),
        Just("'".to_string()),
        Just(";".to_string()),
        Just("{title}".to_string()),
        Just(" ".to_string()),
        "[a-zé]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

#[test]
fn any_query_is_answered_or_refused_as_bad_input() {
    let (_dir, mut store, cases) = common::caseload();
    store
        .edit_case(
            cases[0],
            CaseEdit {
                summary: Some("Mum-and-baby unit \"NEAR\" the school: title*".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 400,
        ..Config::default()
    });
    runner
        .run(&hostile_query(), |q| {
            match store.search(&SearchQuery {
                text: q.clone(),
                ..Default::default()
            }) {
                Ok(_) => {}
                Err(e) => {
                    prop_assert_eq!(e.kind(), ErrorKind::InvalidInput, "{:?} gave {:?}", q, e)
                }
            }
            Ok(())
        })
        .unwrap();
}

/// An edit: replace the chars in `start..start+len` (clamped) with `insert`.
#[derive(Debug, Clone)]
struct Edit {
    start: usize,
    len: usize,
    insert: String,
}

fn edit() -> impl Strategy<Value = Edit> {
    (0usize..40, 0usize..6, "[a-c ñ😀\n]{0,5}").prop_map(|(start, len, insert)| Edit {
        start,
        len,
        insert,
    })
}

fn apply_edit(text: &str, e: &Edit) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = e.start.min(chars.len());
    let end = (start + e.len).min(chars.len());
    let mut out: String = chars[..start].iter().collect();
    out.push_str(&e.insert);
    out.extend(&chars[end..]);
    out
}

proptest! {
    #![proptest_config(Config { cases: 200, ..Config::default() })]

    #[test]
    fn text_bodies_converge_in_any_delivery_order(
        base in "[a-z \n]{0,30}",
        edits in proptest::collection::vec(proptest::collection::vec(edit(), 1..4), 3),
        order in Just(()).prop_perturb(|_, mut rng| {
            let mut orders = Vec::new();
            for _ in 0..3 {
                let mut o: Vec<usize> = (0..9).map(|i| i % 3).collect();
                for i in (1..o.len()).rev() {
                    let j = (rng.next_u32() as usize) % (i + 1);
                    o.swap(i, j);
                }
                orders.push(o);
            }
            orders
        }),
    ) {
        let mut origin = TextDoc::load(1, &[]).unwrap();
        origin.edit_to(&base);
        let state = origin.state();
        // Three devices edit concurrently from the same base.
        let mut updates = Vec::new();
        for (i, device_edits) in edits.iter().enumerate() {
            let mut doc = TextDoc::load(10 + i as u64, &state).unwrap();
            let mut mine = Vec::new();
            for e in device_edits {
                let next = apply_edit(&doc.text(), e);
                if let Some(u) = doc.edit_to(&next) {
                    mine.push(u);
                }
            }
            updates.push(mine);
        }
        // Each replica receives every device's updates (its own in order,
        // devices interleaved and repeated as the shuffled order says).
        let mut results = Vec::new();
        for o in &order {
            let mut doc = TextDoc::load(99, &state).unwrap();
            for &device in o {
                for u in &updates[device] {
                    doc.apply_update(u).unwrap();
                }
            }
            results.push(doc.text());
        }
        prop_assert!(results.windows(2).all(|w| w[0] == w[1]), "replicas diverged: {:?}", results);
        // Every inserted character made by a device survives somewhere unless
        // another device deleted it: at least the total length is bounded.
        prop_assert!(results[0].chars().count() <= base.chars().count() + 3 * 3 * 5);
    }

    #[test]
    fn rendered_markdown_is_always_inert(input in proptest::collection::vec(prop_oneof![
        Just("<script>alert(1)</script>"), Just("<img src=x onerror=alert(1)>"), Just("[x](javascript:alert(1))"),
        Just("<a href=\"javascript:void(0)\" onclick=\"x()\">y</a>"), Just("<svg/onload=alert(1)>"), Just("**bold**"),
        Just("<iframe src=//evil>"), Just("<style>*{}</style>"), Just("\n\n"), Just("`code`"), Just("<div style=x>")
    ], 0..10)) {
        let html = casecraft_core::documents::markdown::render(&input.concat()).to_lowercase();
        // Escaped text (&lt;img …&gt;) is inert; only real tags matter.
        for tag in tags(&html) {
            for bad in ["<script", "<iframe", "<style", "<svg", "<img", " on", "style=", "javascript:"] {
                prop_assert!(!tag.contains(bad), "{} in tag {} of {}", bad, tag, html);
            }
        }
    }
}

/// The tags of an HTML string (`<…>` spans; text is escaped by the sanitiser).
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map(|e| start + e + 1)
            .unwrap_or(rest.len());
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}
