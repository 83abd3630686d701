//! Benchmarks on the "large" dataset of DESIGN §8 (1,000 cases, 100,000
//! entries, 20,000 reflections, 20,000 co-working notes), generated once by
//! `seed` and cached under the target directory.
//!
//! Criterion reports means; the budgets are percentiles, so each benchmark
//! also prints p50/p95/p99 over a fixed number of timed runs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use casecraft_core::case::CaseFilter;
use casecraft_core::entry::{EntryFilter, EntryKind, NewEntry};
use casecraft_core::profile::{NewProfile, Role};
use casecraft_core::search::SearchQuery;
use casecraft_core::seed::SeedOptions;
use casecraft_core::{Id, Store};
use criterion::{criterion_group, criterion_main, Criterion};

const CASES: u32 = 1_000;
const ENTRIES: u32 = 100_000;
/// Bump when the generator changes; the schema's fingerprint is part of the name, so a schema
/// change rebuilds the cache by itself.
const DATASET: &str = "large-v4";

fn dataset() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("bench-data").join(format!(
        "{DATASET}-{:016x}",
        casecraft_core::store::schema_fingerprint()
    ));
    let done = dir.join("complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("bench data folder");
        let started = Instant::now();
        let mut store = Store::open_dir(&dir).expect("open");
        store
            .init_profile(NewProfile {
                display_name: "Bench Practitioner".into(),
                role: Role::Practitioner,
            })
            .expect("init");
        store
            .seed(SeedOptions {
                cases: CASES,
                entries: ENTRIES,
                reflections: ENTRIES / 5,
                cowork_notes: ENTRIES / 5,
                seed: 42,
                anchor: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            })
            .expect("seed");
        drop(store);
        std::fs::write(&done, b"").expect("marker");
        eprintln!("seeded the large dataset in {:.1?}", started.elapsed());
    }
    dir
}

/// A private copy of the dataset, so writes do not pile up across runs.
fn working_copy() -> (tempfile::TempDir, Store) {
    let src = dataset();
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::copy(src.join("casecraft.db"), tmp.path().join("casecraft.db")).expect("copy dataset");
    let store = Store::open_dir(tmp.path()).expect("open copy");
    (tmp, store)
}

fn percentiles(name: &str, runs: usize, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{name}: p50 {:.2?}  p95 {:.2?}  p99 {:.2?}  (n = {runs})",
        at(0.50),
        at(0.95),
        at(0.99)
    );
}

fn benches(c: &mut Criterion) {
    let (_tmp, mut store) = working_copy();
    let caseload = store.list_cases(&CaseFilter::default()).expect("caseload");
    let case: Id = caseload[caseload.len() / 2].id;
    let body = "Visited the family at home. Mum said the housing letter had arrived and she was worried. \
                The children were at school. We agreed to call the housing officer together tomorrow."
        .to_string();

    let mut record = || {
        let mut e = NewEntry::new(EntryKind::HomeVisit);
        e.body = body.clone();
        e.purpose = Some("Statutory visit".into());
        std::hint::black_box(store.create_entry(case, e).expect("record"));
    };
    percentiles("record an entry (durable)", 500, &mut record);
    c.bench_function("record an entry", |b| b.iter(&mut record));

    percentiles("caseload with quality signals (1,000 cases)", 50, || {
        std::hint::black_box(store.list_cases(&CaseFilter::default()).expect("caseload"));
    });
    c.bench_function("caseload with quality signals", |b| {
        b.iter(|| std::hint::black_box(store.list_cases(&CaseFilter::default()).expect("caseload")))
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

    let queries = [
        "housing letter",
        "school",
        "\"warm and tidy\"",
        "tear*",
        "grandmother OR nan",
        "attendance concern",
    ];
    let mut i = 0;
    percentiles("full-text search", 300, || {
        let q = SearchQuery {
            text: queries[i % queries.len()].into(),
            ..Default::default()
        };
        i += 1;
        std::hint::black_box(store.search(&q).expect("search"));
    });
    c.bench_function("full-text search", |b| {
        b.iter(|| {
            let q = SearchQuery {
                text: queries[i % queries.len()].into(),
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
