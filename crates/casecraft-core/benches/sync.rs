//! Sync benchmarks (DESIGN §8): importing 100,000 remote ops, an incremental
//! folder sync of 100 ops, and the folder's size per 1,000 entries.

use std::path::Path;
use std::time::{Duration, Instant};

use casecraft_core::casework::case::{CaseEdit, CaseFilter};
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::casework::seed::SeedOptions;
use casecraft_core::{sync::folder, Store};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

const PASS: &str = "benchmark passphrase";

fn store(dir: &Path, name: &str) -> Store {
    let mut s = Store::open_dir(dir).expect("open");
    s.init_profile(NewProfile {
        display_name: name.into(),
        role: Role::Practitioner,
    })
    .expect("init");
    s
}

fn seeded(dir: &Path, entries: u32) -> Store {
    let mut s = store(dir, "Source");
    s.seed(SeedOptions {
        cases: (entries / 100).max(1),
        entries,
        reflections: entries / 5,
        cowork_notes: entries / 5,
        seed: 7,
        anchor: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
    })
    .expect("seed");
    s
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        dir_size(&path)
                    } else {
                        e.metadata().map(|m| m.len()).unwrap_or(0)
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn benches(c: &mut Criterion) {
    // 100,000 remote ops from a seeded device.
    let src_dir = tempfile::tempdir().expect("tmp");
    let source = seeded(src_dir.path(), 40_000);
    let ops = source
        .ops_missing_from(&Default::default(), 200_000)
        .expect("ops");
    let ops: Vec<_> = ops.into_iter().take(100_000).collect();
    println!("import set: {} ops", ops.len());
    let mut group = c.benchmark_group("sync");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("import 100,000 remote ops", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().expect("tmp");
                let s = store(dir.path(), "Receiver");
                (dir, s, ops.clone())
            },
            |(_dir, mut s, ops)| {
                let report = s.import_ops(ops).expect("import");
                assert_eq!(report.applied, 100_000);
            },
            BatchSize::PerIteration,
        )
    });

    // Incremental: 100 new ops through the folder, pulled by the other device.
    let shared = tempfile::tempdir().expect("tmp");
    let target = shared.path().join("sync");
    let a_dir = tempfile::tempdir().expect("tmp");
    let b_dir = tempfile::tempdir().expect("tmp");
    let mut a = seeded(a_dir.path(), 1_000);
    let mut b = store(b_dir.path(), "Desktop");
    folder::init(&mut a, &target, PASS).expect("vault");
    folder::join(&mut b, &target, PASS).expect("join");
    folder::run(&mut a).expect("push");
    folder::run(&mut b).expect("pull");
    println!(
        "folder size for 1,000 entries (+200 reflections, +200 co-working notes): {} KiB",
        dir_size(&target) / 1024
    );
    let case = a.list_cases(&CaseFilter::default()).expect("cases")[0].id;
    let mut round = 0u32;
    let mut times = Vec::new();
    group.bench_function("incremental folder sync of 100 ops (pull side)", |bch| {
        bch.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                for i in 0..100 {
                    round += 1;
                    a.edit_case(
                        case,
                        CaseEdit {
                            reference: Some(format!("R{round}-{i}")),
                            ..Default::default()
                        },
                    )
                    .expect("edit");
                }
                folder::run(&mut a).expect("push");
                let t = Instant::now();
                let r = folder::run(&mut b).expect("pull");
                let took = t.elapsed();
                assert_eq!(r.pulled.applied, 100);
                times.push(took);
                total += took;
            }
            total
        })
    });
    group.finish();
    times.sort();
    if !times.is_empty() {
        println!(
            "incremental sync of 100 ops: p50 {:.1?}, p95 {:.1?} (n = {})",
            times[times.len() / 2],
            times[(times.len() - 1) * 95 / 100],
            times.len()
        );
    }
}

criterion_group!(sync, benches);
criterion_main!(sync);
