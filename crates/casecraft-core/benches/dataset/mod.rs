//! The "large" dataset of DESIGN §8 shared by the benchmarks: generated once by `seed`, cached
//! under the target directory (plain, and an encrypted copy of it), copied per run.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::casework::seed::SeedOptions;
use casecraft_core::protection::keyring::Unlock;
use casecraft_core::Store;

/// The search benchmarks' queries, taken in turn: words, a phrase, a prefix, OR.
pub const QUERIES: [&str; 6] = [
    "housing letter",
    "school",
    "\"warm and tidy\"",
    "tear*",
    "grandmother OR nan",
    "attendance concern",
];

/// The passphrase of the encrypted copy.
pub const PASSPHRASE: &str = "bench passphrase for the large dataset";

const CASES: u32 = 1_000;
const ENTRIES: u32 = 100_000;
/// Bump when the generator changes; the schema's fingerprint is part of the name, so a schema
/// change rebuilds the cache by itself.
const DATASET: &str = "large-v4";

pub fn dataset() -> PathBuf {
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
pub fn working_copy() -> (tempfile::TempDir, Store) {
    let src = dataset();
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::copy(src.join("casecraft.db"), tmp.path().join("casecraft.db")).expect("copy dataset");
    let store = Store::open_dir(tmp.path()).expect("open copy");
    (tmp, store)
}

/// Times `runs` calls of `f`, prints p50/p95/p99 and returns them.
pub fn percentiles(name: &str, runs: usize, mut f: impl FnMut()) -> [Duration; 3] {
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
    [at(0.50), at(0.95), at(0.99)]
}

/// The dataset encrypted (SQLCipher, with a key ring sealed by [`PASSPHRASE`]), as the app
/// keeps it; made once from the plain one through the same path that encrypts a store from
/// before encryption.
pub fn encrypted_dataset() -> PathBuf {
    let plain = dataset();
    let dir = plain.with_file_name(format!(
        "{}-encrypted",
        plain
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("large")
    ));
    let done = dir.join("complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("encrypted bench data folder");
        std::fs::copy(plain.join("casecraft.db"), dir.join("casecraft.db")).expect("copy dataset");
        let started = Instant::now();
        let (store, _) =
            casecraft_core::protection::lock::set_up(&dir, PASSPHRASE).expect("encrypt");
        drop(store);
        std::fs::write(&done, b"").expect("marker");
        eprintln!("encrypted the large dataset in {:.1?}", started.elapsed());
    }
    dir
}

/// A private copy of the encrypted dataset and the folder it is in (unlocked by [`unlock`]).
pub fn encrypted_copy() -> tempfile::TempDir {
    let src = encrypted_dataset();
    let tmp = tempfile::tempdir().expect("tmp");
    for file in ["casecraft.db", "keys.json"] {
        std::fs::copy(src.join(file), tmp.path().join(file)).expect("copy encrypted dataset");
    }
    tmp
}

/// Unlocks the store in `dir` with [`PASSPHRASE`].
pub fn unlock(dir: &Path) -> Store {
    casecraft_core::protection::lock::unlock(dir, Unlock::Passphrase(PASSPHRASE)).expect("unlock")
}
