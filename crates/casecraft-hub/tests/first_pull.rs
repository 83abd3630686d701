//! A new device's first pull of more ops than the device applies in one transaction (the pull
//! applies the hub's pages in groups, each group and the cursor after it kept together): every
//! case and chronology entry arrives as its author's other device has it, and the next round
//! finds nothing left to take, so the cursor ended at the hub's end.

#![allow(clippy::unwrap_used)]

mod support;

use casecraft_core::casework::case::CaseFilter;
use casecraft_core::casework::entry::EntryFilter;
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::casework::seed::SeedOptions;
use casecraft_core::hub::MAX_BATCH;
use casecraft_core::sync::{self, hub as device_hub};
use casecraft_core::Store;
use casecraft_hub::gateway;
use casecraft_hub::protocol;
use support::Cluster;
use tokio::sync::oneshot;

const WORKER: &str = "Ana Silva";

/// A device of Ana's, joined to the hub at `url`.
fn device(
    runtime: &tokio::runtime::Runtime,
    db: &tokio_postgres::Client,
    url: &str,
) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    store
        .init_profile(NewProfile {
            display_name: WORKER.into(),
            role: Role::Practitioner,
        })
        .unwrap();
    let code = runtime.block_on(protocol::invite(db, WORKER, 1)).unwrap();
    device_hub::join(&mut store, url, &code).unwrap();
    (dir, store)
}

/// Every case's subject and whole chronology, as the device shows them.
fn casework(store: &Store) -> Vec<(String, serde_json::Value)> {
    let cases = store.list_cases(&CaseFilter::default()).unwrap();
    assert_eq!(
        cases.total,
        cases.items.len() as u64,
        "every case in one page"
    );
    let mut all: Vec<(String, serde_json::Value)> = cases
        .items
        .iter()
        .map(|c| {
            let entries = store.list_entries(c.id, &EntryFilter::default()).unwrap();
            assert_eq!(
                entries.total,
                entries.items.len() as u64,
                "every entry in one page"
            );
            (
                c.subject.clone(),
                serde_json::to_value(&entries.items).unwrap(),
            )
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

#[test]
fn a_first_pull_larger_than_one_transaction_brings_everything_and_ends_at_the_hub_s_end() {
    let cluster = Cluster::start();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = runtime.block_on(cluster.team_database(
        "first_pull",
        "first_pull_gateway",
        "First pull",
        &[WORKER],
    ));
    let state = tempfile::tempdir().unwrap();
    let options = cluster.serve_options("first_pull", "first_pull_gateway", state.path());
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let (ready_tx, ready_rx) = oneshot::channel();
    runtime.spawn(gateway::serve_until(
        options,
        move |address, _| {
            let _ = ready_tx.send(address);
        },
        async move {
            let _ = stop_rx.await;
        },
    ));
    let url = format!("https://{}", runtime.block_on(ready_rx).unwrap());

    // Ana's laptop holds a caseload and sends it to the hub.
    let (_laptop_dir, mut laptop) = device(&runtime, &db, &url);
    laptop
        .seed(SeedOptions {
            cases: 12,
            entries: 4_000,
            reflections: 0,
            cowork_notes: 400,
            seed: 11,
            anchor: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        })
        .unwrap();
    let sent = sync::run_all(&mut laptop).unwrap().hub.unwrap().sent;

    // Her office desktop joins and takes it all in its first round.
    let (_desktop_dir, mut desktop) = device(&runtime, &db, &url);
    let first = sync::run_all(&mut desktop).unwrap().hub.unwrap();
    let group = 5 * MAX_BATCH as u64;
    assert!(
        first.received.applied > 2 * group,
        "the pull spans more than two groups: {} ops applied of {sent} sent",
        first.received.applied
    );
    assert_eq!(
        first.received.applied, sent,
        "every op the laptop sent, applied once"
    );
    assert_eq!(casework(&desktop), casework(&laptop));

    // The cursor is at the hub's end: the next round brings nothing.
    let second = sync::run_all(&mut desktop).unwrap().hub.unwrap();
    assert_eq!(
        second.received.received, 0,
        "nothing left to pull: {second:?}"
    );

    let _ = stop_tx.send(());
}
