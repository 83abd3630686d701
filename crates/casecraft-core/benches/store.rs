//! Benchmarks on the "large" dataset of DESIGN §8 (1,000 cases, 100,000
//! entries, 20,000 reflections, 20,000 co-working notes), generated once by
//! `seed` and cached under the target directory.
//!
//! Criterion reports means; the budgets are percentiles, so each benchmark
//! also prints p50/p95/p99 over a fixed number of timed runs.

use std::time::Duration;

use casecraft_core::casework::case::CaseFilter;
use casecraft_core::casework::entry::{EntryFilter, EntryKind, NewEntry};
use casecraft_core::search::SearchQuery;
use casecraft_core::Id;
use criterion::{criterion_group, criterion_main, Criterion};

mod dataset;

use dataset::{percentiles, working_copy, QUERIES};

/// A page of search results, as the app asks for (with how many match in all).
const SEARCH_PAGE: u32 = 30;

fn benches(c: &mut Criterion) {
    let (_tmp, mut store) = working_copy();
    let caseload = store.list_cases(&CaseFilter::default()).expect("caseload");
    // The caseload as the app shows it: its first page of 50, with how many there are.
    let first_page = CaseFilter {
        limit: Some(50),
        ..Default::default()
    };
    // Recording writes to one case and the chronology reads another, so the chronology's case
    // keeps the size the dataset gave it (the recorded case gains thousands of entries).
    let recorded: Id = caseload[0].id;
    let case: Id = caseload[caseload.len() / 2].id;
    let body = "Visited the family at home. Mum said the housing letter had arrived and she was worried. \
                The children were at school. We agreed to call the housing officer together tomorrow."
        .to_string();

    let mut record = || {
        let mut e = NewEntry::new(EntryKind::HomeVisit);
        e.body = body.clone();
        e.purpose = Some("Statutory visit".into());
        std::hint::black_box(store.create_entry(recorded, e).expect("record"));
    };
    percentiles("record an entry (durable)", 500, &mut record);
    c.bench_function("record an entry", |b| b.iter(&mut record));

    percentiles("caseload with quality signals (1,000 cases)", 50, || {
        std::hint::black_box(store.list_cases(&first_page).expect("caseload"));
    });
    c.bench_function("caseload with quality signals", |b| {
        b.iter(|| std::hint::black_box(store.list_cases(&first_page).expect("caseload")))
    });

    let page = EntryFilter {
        limit: Some(50),
        ..Default::default()
    };
    percentiles("chronology page (50 entries)", 200, || {
        std::hint::black_box(store.list_entries(case, &page).expect("page"));
    });
    c.bench_function("chronology page of 50", |b| {
        b.iter(|| std::hint::black_box(store.list_entries(case, &page).expect("page")))
    });

    let queries = QUERIES;
    let mut i = 0;
    percentiles("full-text search", 300, || {
        let q = SearchQuery {
            text: queries[i % queries.len()].into(),
            limit: Some(SEARCH_PAGE),
            ..Default::default()
        };
        i += 1;
        std::hint::black_box(store.search(&q).expect("search"));
    });
    c.bench_function("full-text search", |b| {
        b.iter(|| {
            let q = SearchQuery {
                text: queries[i % queries.len()].into(),
                limit: Some(SEARCH_PAGE),
                ..Default::default()
            };
            i += 1;
            std::hint::black_box(store.search(&q).expect("search"))
        })
    });
}

criterion_group! {
    name = store;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(store);
