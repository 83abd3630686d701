//! What encryption at rest costs, in one run on the same machine and the same data (the large
//! dataset of DESIGN §8, plain and encrypted with SQLCipher as the app keeps it): the time to
//! unlock (Argon2id on the passphrase, opening the database, its schema check), and recording an
//! entry and searching on the plain store against the encrypted one.

use std::time::Duration;

use casecraft_core::casework::case::CaseFilter;
use casecraft_core::casework::entry::{EntryKind, NewEntry};
use casecraft_core::search::SearchQuery;
use casecraft_core::Store;
use criterion::{criterion_group, criterion_main, Criterion};

mod dataset;

use dataset::{encrypted_copy, percentiles, unlock, working_copy, QUERIES};

/// Record and search p50/p95 on `store`, named by `which`.
fn costs(which: &str, store: &mut Store) -> [[Duration; 3]; 3] {
    let caseload = store.list_cases(&CaseFilter::default()).expect("caseload");
    let case = caseload[caseload.len() / 2].id;
    let record = percentiles(&format!("{which}: record an entry (durable)"), 300, || {
        let mut e = NewEntry::new(EntryKind::HomeVisit);
        e.body = "Visited the family at home. Mum said the housing letter had arrived.".into();
        std::hint::black_box(store.create_entry(case, e).expect("record"));
    });
    let mut i = 0;
    let search = percentiles(&format!("{which}: full-text search"), 300, || {
        let q = SearchQuery {
            text: QUERIES[i % QUERIES.len()].into(),
            limit: Some(30),
            ..Default::default()
        };
        i += 1;
        std::hint::black_box(store.search(&q).expect("search"));
    });
    let caseload = percentiles(&format!("{which}: caseload (1,000 cases)"), 30, || {
        let first_page = CaseFilter {
            limit: Some(50),
            ..Default::default()
        };
        std::hint::black_box(store.list_cases(&first_page).expect("caseload"));
    });
    [record, search, caseload]
}

fn benches(c: &mut Criterion) {
    let encrypted = encrypted_copy();
    percentiles("unlock (Argon2id, open, schema check)", 20, || {
        drop(std::hint::black_box(unlock(encrypted.path())));
    });
    c.bench_function("unlock", |b| b.iter(|| drop(unlock(encrypted.path()))));

    let (_plain_dir, mut plain) = working_copy();
    let plain_costs = costs("plain", &mut plain);
    drop(plain);
    let mut store = unlock(encrypted.path());
    let encrypted_costs = costs("encrypted", &mut store);
    for (what, (p, e)) in ["record", "search", "caseload"]
        .iter()
        .zip(plain_costs.iter().zip(encrypted_costs.iter()))
    {
        println!(
            "encryption cost, {what}: p50 {:+.0}%  p95 {:+.0}%",
            (e[0].as_secs_f64() / p[0].as_secs_f64() - 1.0) * 100.0,
            (e[1].as_secs_f64() / p[1].as_secs_f64() - 1.0) * 100.0
        );
    }
    let mut i = 0;
    c.bench_function("full-text search (encrypted)", |b| {
        b.iter(|| {
            let q = SearchQuery {
                text: QUERIES[i % QUERIES.len()].into(),
                limit: Some(30),
                ..Default::default()
            };
            i += 1;
            std::hint::black_box(store.search(&q).expect("search"))
        })
    });
}

criterion_group! {
    name = encryption;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(encryption);
