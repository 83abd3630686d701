//! Team hub benchmarks (issue: the team hub's performance goals), on this machine with the hub,
//! its PostgreSQL cluster and the devices on loopback, each device a real store and the real
//! HTTPS client:
//!
//! - a device's first push of a seeded caseload, and a new device's first pull of it (ops
//!   applied per second), beside the same ops imported with no network (the store's own cost);
//! - a 100-op push acknowledged: p50, p95, p99 of a sync round that sends 100 new ops;
//! - the cost of row-level security: the same pull as the gateway (policies on) and as the
//!   tables' owner (policies trivially true), alternating, and their ratio;
//! - how cost grows with other workers' ops: the round and a 1,000-op pull again after 1,000,000
//!   ops of other teams' cases are generated in bulk, and the ratios.
//!
//! `make bench` runs it; `CASECRAFT_BENCH_ENTRIES` (default 10,000) sizes the seeded caseload,
//! `CASECRAFT_BENCH_OTHER_OPS` (default 1,000,000) the other workers' ops.

use std::time::{Duration, Instant};

use casecraft_core::casework::case::{CaseEdit, CaseFilter};
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::casework::seed::SeedOptions;
use casecraft_core::sync::hub as device_hub;
use casecraft_core::Store;
use casecraft_hub::gateway::{self, ServeOptions};
use casecraft_hub::local_cluster::LocalCluster;
use casecraft_hub::{admin, protocol, schema};
use casecraft_ops::hub::PullRequest;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn store(dir: &std::path::Path, name: &str) -> Store {
    let mut s = Store::open_dir(dir).expect("open");
    s.init_profile(NewProfile {
        display_name: name.into(),
        role: Role::Practitioner,
    })
    .expect("init");
    s
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing we need.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let entries = env_number("CASECRAFT_BENCH_ENTRIES", 10_000) as u32;
    let others = env_number("CASECRAFT_BENCH_OTHER_OPS", 1_000_000);
    let root = tempfile::tempdir().expect("tmp");
    let cluster = LocalCluster::start_in(&root.path().join("pg")).expect("cluster");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (mut db, connection) = runtime
        .block_on(tokio_postgres::connect(
            &cluster.url(),
            tokio_postgres::NoTls,
        ))
        .expect("connect");
    runtime.spawn(connection);
    runtime.block_on(async {
        schema::migrate(&mut db).await.expect("migrate");
        admin::gateway_user(&db, "bench_gateway", None)
            .await
            .expect("login");
        admin::create_team(&db, "Bench").await.expect("team");
        admin::add_worker(&db, None, "Ana Silva", "practitioner")
            .await
            .expect("worker");
    });
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
    runtime.spawn(gateway::serve(
        ServeOptions {
            database_url: cluster.url_as("bench_gateway"),
            listen: "127.0.0.1:0".parse().expect("addr"),
            tls: None,
            behind_proxy: false,
            state_dir: root.path().join("state"),
            pool_size: 8,
        },
        move |address, _| {
            let _ = ready_tx.send(address);
        },
    ));
    let address = runtime.block_on(ready_rx).expect("ready");
    let url = format!("https://{address}");
    let join = |s: &mut Store| {
        let code = runtime
            .block_on(protocol::invite(&db, "Ana Silva", 1))
            .expect("invite");
        device_hub::join(s, &url, &code).expect("join");
    };

    // A seeded caseload on the laptop, pushed; then a new desktop's first pull.
    let laptop_dir = tempfile::tempdir().expect("tmp");
    let mut laptop = store(laptop_dir.path(), "Ana Silva");
    laptop
        .seed(SeedOptions {
            cases: (entries / 100).max(1),
            entries,
            reflections: entries / 5,
            cowork_notes: entries / 5,
            seed: 7,
            anchor: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
        })
        .expect("seed");
    join(&mut laptop);
    let started = Instant::now();
    let pushed = device_hub::run(&mut laptop).expect("push");
    let push_time = started.elapsed();
    println!(
        "first push: {} ops accepted in {} ({:.0} ops/s); {} withheld as the worker's own",
        pushed.sent,
        ms(push_time),
        pushed.sent as f64 / push_time.as_secs_f64(),
        laptop.heads().expect("heads").values().sum::<u64>() - pushed.sent
    );
    let desktop_dir = tempfile::tempdir().expect("tmp");
    let mut desktop = store(desktop_dir.path(), "Ana Silva");
    join(&mut desktop);
    let started = Instant::now();
    let pulled = device_hub::run(&mut desktop).expect("pull");
    let pull_time = started.elapsed();
    let applied = pulled.received.applied;
    // The same ops imported with no network or hub: the store's own share.
    let me = laptop.device_id().expect("id");
    let (ops, _) = laptop.ops_for_hub(0, u32::MAX).expect("ops");
    assert_eq!(
        ops.len() as u64,
        applied,
        "the pull brought what was pushed"
    );
    let bare_dir = tempfile::tempdir().expect("tmp");
    let mut bare = store(bare_dir.path(), "Bare");
    let started = Instant::now();
    bare.import_hub_ops(ops).expect("import");
    let import_time = started.elapsed();
    println!(
        "first pull: {applied} ops applied in {} ({:.0} ops/s); the same ops imported with no hub: {} ({:.0} ops/s); pull / import = {:.2}",
        ms(pull_time),
        applied as f64 / pull_time.as_secs_f64(),
        ms(import_time),
        applied as f64 / import_time.as_secs_f64(),
        pull_time.as_secs_f64() / import_time.as_secs_f64()
    );
    let _ = me;

    // A round that sends 100 new ops.
    let case = laptop
        .list_cases(&CaseFilter::default())
        .expect("cases")
        .items[0]
        .id;
    let mut round = |laptop: &mut Store, n: usize| -> Duration {
        for i in 0..100 {
            laptop
                .edit_case(
                    case,
                    CaseEdit {
                        reference: Some(format!("REF-{n}-{i}")),
                        ..Default::default()
                    },
                )
                .expect("edit");
        }
        let started = Instant::now();
        let r = device_hub::run(laptop).expect("round");
        assert_eq!(r.sent, 100);
        started.elapsed()
    };
    let rounds = |laptop: &mut Store, round: &mut dyn FnMut(&mut Store, usize) -> Duration| {
        let mut times: Vec<Duration> = (0..60).map(|n| round(laptop, n)).collect();
        times.sort();
        times
    };
    let before = rounds(&mut laptop, &mut round);
    println!(
        "a round sending 100 ops (60 rounds): p50 {}, p95 {}, p99 {}",
        ms(percentile(&before, 0.5)),
        ms(percentile(&before, 0.95)),
        ms(percentile(&before, 0.99))
    );

    // Row-level security: one 1,000-op pull as the gateway, and the same rows read as the owner.
    let credential = desktop
        .hub_settings()
        .expect("settings")
        .expect("joined")
        .credential;
    let mut with_policies = Vec::new();
    let mut as_owner = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let answer = runtime
            .block_on(protocol::pull(
                &mut db,
                &credential,
                &PullRequest {
                    hub_id: None,
                    after: 0,
                    case: None,
                    until: None,
                },
            ))
            .expect("pull");
        with_policies.push(started.elapsed());
        assert!(!answer.ops.is_empty());
        let started = Instant::now();
        let rows = runtime
            .block_on(db.query(
                "SELECT hub_seq, op FROM ops WHERE hub_seq > 0 AND device_id <> $1::text::uuid
                  ORDER BY hub_seq LIMIT 1000",
                &[&desktop.device_id().expect("id").to_string()],
            ))
            .expect("owner read");
        as_owner.push(started.elapsed());
        assert!(!rows.is_empty());
    }
    with_policies.sort();
    as_owner.sort();
    let on = percentile(&with_policies, 0.5);
    let off = percentile(&as_owner, 0.5);
    println!(
        "a 1,000-op pull, median of 20 alternating: as the gateway (policies on) {}, the same rows as the owner {}; ratio {:.2} (the gateway's pull also authenticates, reads memberships and writes the audit)",
        ms(on),
        ms(off),
        on.as_secs_f64() / off.as_secs_f64()
    );

    // Other teams' cases: bulk ops the worker may not see.
    let started = Instant::now();
    runtime.block_on(async {
        db.batch_execute(&format!(
            "INSERT INTO teams (team_id, name) VALUES ('00000000-0000-7000-8000-000000000001', 'Others');
             INSERT INTO workers (worker_id, team_id, display_name, role)
               VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', 'Other', 'practitioner');
             INSERT INTO devices (device_id, worker_id, credential_hash)
               VALUES ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000002', '\\x00');
             INSERT INTO cases (case_id, team_id)
               SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(g), 12, '0'))::uuid,
                      '00000000-0000-7000-8000-000000000001'
                 FROM generate_series(1, 10000) g;
             INSERT INTO memberships (case_id, worker_id, role)
               SELECT case_id, '00000000-0000-7000-8000-000000000002', 'owner' FROM cases
                WHERE team_id = '00000000-0000-7000-8000-000000000001';
             INSERT INTO ops (device_id, seq, op_id, hlc, author, record_kind, record_id, case_id,
                              visibility, op)
               SELECT '00000000-0000-7000-8000-000000000003', g, gen_random_uuid(), g,
                      '00000000-0000-7000-8000-000000000002', 'person', gen_random_uuid(),
                      ('00000000-0000-7000-9000-' || lpad(to_hex(1 + g % 10000), 12, '0'))::uuid,
                      'case', '{{\"body\": {{\"op\": \"create\", \"fields\": {{\"name\": \"Someone else\"}}}}}}'::jsonb
                 FROM generate_series(1, {others}) g;
             ANALYZE;"
        ))
        .await
        .expect("bulk ops");
    });
    println!(
        "generated {others} ops of 10,000 other cases in {}",
        ms(started.elapsed())
    );
    let after = rounds(&mut laptop, &mut round);
    println!(
        "with {others} other ops: a round sending 100 ops p50 {}, p95 {} (p50 ratio to before {:.2})",
        ms(percentile(&after, 0.5)),
        ms(percentile(&after, 0.95)),
        percentile(&after, 0.5).as_secs_f64() / percentile(&before, 0.5).as_secs_f64()
    );
    let mut pulls = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        runtime
            .block_on(protocol::pull(
                &mut db,
                &credential,
                &PullRequest {
                    hub_id: None,
                    after: 0,
                    case: None,
                    until: None,
                },
            ))
            .expect("pull");
        pulls.push(started.elapsed());
    }
    pulls.sort();
    let now = percentile(&pulls, 0.5);
    println!(
        "with {others} other ops: a 1,000-op pull median {} (ratio to before {:.2})",
        ms(now),
        now.as_secs_f64() / on.as_secs_f64()
    );
}
