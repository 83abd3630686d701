//! Team hub benchmarks (issue: the team hub's performance goals), on this machine with the hub,
//! its PostgreSQL cluster and the devices on loopback, each device a real store and the real
//! HTTPS client:
//!
//! - a device's first push of a seeded caseload, and a new device's first pull of it (ops
//!   applied per second) into a store encrypted as the app keeps it and into a plain one, beside
//!   the same ops imported into an encrypted store with no network (the store's own cost);
//! - a 100-op push acknowledged, apart from the round: p50, p95, p99 of the push alone (the
//!   device reads its 100 new ops, sends them with the real client and reads the hub's answer),
//!   alternating with a whole sync round that sends 100 new ops (push, pull, the device's
//!   commits);
//! - the cost of row-level security: the same pull as the gateway and as the tables' owner
//!   (policies trivially true), alternating; and the policies alone: the same pull, as the same
//!   gateway role, with the tables' row-level security enabled and disabled, alternating;
//! - 50 devices of 10 workers sharing cases, each doing rounds of small edits and a sync for 60
//!   seconds, then a check that no op is lost;
//! - how cost grows with other workers' ops: the round, the push and a 1,000-op pull again after
//!   1,000,000 ops of other teams' cases are generated in bulk, and (opt-in) after 10,000,000.
//!
//! `make bench` runs it. Sizes: `CASECRAFT_BENCH_ENTRIES` (default 10,000) the seeded caseload,
//! `CASECRAFT_BENCH_ROUNDS` (100) the rounds and pushes, `CASECRAFT_BENCH_DEVICES` (50),
//! `CASECRAFT_BENCH_SECONDS` (60) and `CASECRAFT_BENCH_PAUSE_MS` (1,000, each device's pause
//! between rounds, jittered ±50 %) the concurrent devices, `CASECRAFT_BENCH_OTHER_OPS`
//! (1,000,000) the other workers' ops, `CASECRAFT_BENCH_MANY_OPS` (0: skipped; 10,000,000 for
//! the issue's figure) the other ops to reach after that. `CASECRAFT_BENCH_FIRST_PULLS` (1)
//! repeats the first pull on new devices, each time into a store encrypted as the app keeps it
//! and into a plain one, alternating (the medians reported); `CASECRAFT_BENCH_FIRST_PULL_ONLY=1`
//! stops after it.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use casecraft_core::casework::case::{CaseEdit, CaseFilter, NewCase};
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::casework::seed::SeedOptions;
use casecraft_core::sync::hub as device_hub;
use casecraft_core::sync::hub::transport::Endpoint;
use casecraft_core::{Id, Store};
use casecraft_hub::gateway::{self, ServeOptions};
use casecraft_hub::local_cluster::LocalCluster;
use casecraft_hub::{admin, protocol, schema};
use casecraft_ops::hub::{CaseRole, PullRequest, PushAnswer, PushRequest, MAX_BATCH};
use tokio::runtime::Runtime;
use tokio_postgres::Client;

/// The pull's page query (`protocol::pull`, no case named), to time the query alone.
const PAGE_QUERY: &str = "SELECT hub_seq, op FROM (
     SELECT o.hub_seq, o.op
       FROM unnest($1::text[]::uuid[]) c(id)
       CROSS JOIN LATERAL (
           SELECT hub_seq, op FROM ops
            WHERE case_id = c.id AND visibility = 'case' AND hub_seq > $2
              AND device_id <> $3::text::uuid
            ORDER BY hub_seq LIMIT $4) o
     UNION ALL
     (SELECT hub_seq, op FROM ops
       WHERE author = hub_worker() AND visibility = 'author' AND hub_seq > $2
         AND device_id <> $3::text::uuid
       ORDER BY hub_seq LIMIT $4)
 ) page
 ORDER BY hub_seq LIMIT $4";

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

fn p50_95_99(sorted: &[Duration]) -> String {
    format!(
        "p50 {}, p95 {}, p99 {}",
        ms(percentile(sorted, 0.5)),
        ms(percentile(sorted, 0.95)),
        ms(percentile(sorted, 0.99))
    )
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn store(dir: &Path, name: &str) -> Store {
    let mut s = Store::open_dir(dir).expect("open");
    s.init_profile(NewProfile {
        display_name: name.into(),
        role: Role::Practitioner,
    })
    .expect("init");
    s
}

/// A new device's store as the app keeps it: encrypted at rest (SQLCipher, under a key sealed by
/// a passphrase), with its worker's profile.
fn encrypted_store(dir: &Path, name: &str) -> Store {
    let (mut s, _code) =
        casecraft_core::protection::lock::set_up(dir, "benchmark passphrase").expect("set up");
    s.init_profile(NewProfile {
        display_name: name.into(),
        role: Role::Practitioner,
    })
    .expect("init");
    s
}

/// Bytes free on the filesystem holding `path`.
fn free_bytes(path: &Path) -> u64 {
    let out = std::process::Command::new("df")
        .args(["-B1", "--output=avail"])
        .arg(path)
        .output()
        .expect("df");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .expect("df's answer")
}

/// `n` edits of a case, one op each.
fn edit(s: &mut Store, case: Id, tag: &str, n: usize) {
    for i in 0..n {
        s.edit_case(
            case,
            CaseEdit {
                reference: Some(format!("{tag}-{i}")),
                ..Default::default()
            },
        )
        .expect("edit");
    }
}

/// The push alone, as `sync::hub::run` does it with the same client and wire types: from reading
/// the device's new ops out of its store to the hub's answer read. The place the hub answered is
/// saved afterwards (not timed), so the next round does not send them again.
fn push_alone(s: &mut Store) -> (Duration, PushAnswer) {
    let mut settings = s.hub_settings().expect("settings").expect("joined");
    let endpoint = Endpoint::parse(&settings.url, settings.pin.as_deref()).expect("endpoint");
    let started = Instant::now();
    let (ops, through) = s
        .ops_for_hub(settings.pushed_through, MAX_BATCH as u32)
        .expect("ops");
    let answer: PushAnswer = endpoint
        .post(
            "/v1/push",
            Some(&settings.credential),
            &PushRequest {
                from_seq: settings.pushed_through + 1,
                through_seq: through,
                ops,
                opened: Vec::new(),
            },
        )
        .expect("push")
        .expect("accepted");
    let took = started.elapsed();
    settings.pushed_through = answer.pushed_through.max(through);
    s.save_hub_settings(&settings).expect("save");
    (took, answer)
}

/// `count` whole rounds sending 100 new ops and `count` pushes of 100 new ops alone, alternating
/// (which goes first alternating too): both sorted.
fn rounds_and_pushes(
    laptop: &mut Store,
    case: Id,
    phase: &str,
    count: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let mut rounds = Vec::with_capacity(count);
    let mut pushes = Vec::with_capacity(count);
    for n in 0..count {
        for push_first in [n % 2 == 0, n % 2 != 0] {
            if push_first {
                edit(laptop, case, &format!("{phase}-P{n}"), 100);
                let (took, answer) = push_alone(laptop);
                assert_eq!(answer.accepted, 100);
                assert!(answer.refused.is_empty());
                pushes.push(took);
            } else {
                edit(laptop, case, &format!("{phase}-R{n}"), 100);
                let started = Instant::now();
                let r = device_hub::run(laptop).expect("round");
                rounds.push(started.elapsed());
                assert_eq!(r.sent, 100);
            }
        }
    }
    rounds.sort();
    pushes.sort();
    (rounds, pushes)
}

fn pull_all(runtime: &Runtime, db: &mut Client, credential: &str) -> usize {
    runtime
        .block_on(protocol::pull(
            db,
            credential,
            &PullRequest {
                hub_id: None,
                after: 0,
                case: None,
                until: None,
            },
        ))
        .expect("pull")
        .ops
        .len()
}

/// `n` 1,000-op pulls from the start as the gateway: sorted.
fn pulls(runtime: &Runtime, db: &mut Client, credential: &str, n: usize) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let started = Instant::now();
            assert_eq!(pull_all(runtime, db, credential), MAX_BATCH);
            started.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The pull's page query alone, as the gateway's role acting for `worker` (as `protocol::pull`
/// sets it up): its time and the rows read.
fn page_query(
    runtime: &Runtime,
    db: &mut Client,
    worker: Id,
    device: Id,
    cases: &[String],
) -> (Duration, usize) {
    runtime.block_on(async {
        let tx = db.transaction().await.expect("begin");
        schema::act_as(&tx, worker).await.expect("act as");
        tx.batch_execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off")
            .await
            .expect("plan");
        let started = Instant::now();
        let rows = tx
            .query(
                PAGE_QUERY,
                &[&cases, &0i64, &device.to_string(), &(MAX_BATCH as i64)],
            )
            .await
            .expect("page");
        let took = started.elapsed();
        tx.commit().await.expect("commit");
        (took, rows.len())
    })
}

/// Turns row-level security on or off on every table that has it (as their owner).
fn policies(runtime: &Runtime, db: &Client, tables: &[String], on: bool) {
    let sql: String = tables
        .iter()
        .map(|t| {
            format!(
                "ALTER TABLE {t} {} ROW LEVEL SECURITY;",
                if on { "ENABLE" } else { "DISABLE" }
            )
        })
        .collect();
    runtime.block_on(db.batch_execute(&sql)).expect("alter");
}

/// Generates other teams' ops `from + 1 ..= through` in bulk, streamed into the hub's `ops` table
/// with `COPY … FROM STDIN`, in one of 10,000 other cases each. `Full` ones are each a new person
/// with random ids (as the first million); `Small` ones have time-ordered ids (as the devices make
/// them, UUIDv7), an empty body and one record per case, to keep ten million within the disk:
/// what a pull or push reads of them is the indexes, not their content.
async fn other_ops(db: &Client, from: u64, through: u64, shape: Shape) {
    use futures_util::SinkExt;
    /// Rows sent in one message of the copy.
    const CHUNK: u64 = 10_000;
    let sink = db
        .copy_in(
            "COPY ops (device_id, seq, op_id, hlc, author, record_kind, record_id, case_id,
                       visibility, op) FROM STDIN",
        )
        .await
        .expect("copy in");
    let mut sink = std::pin::pin!(sink);
    let mut g = from + 1;
    while g <= through {
        let last = (g + CHUNK - 1).min(through);
        let mut rows = String::with_capacity(240 * CHUNK as usize);
        for n in g..=last {
            let (op_id, record_id, op) = match shape {
                Shape::Full => (
                    random_uuid(),
                    random_uuid(),
                    r#"{"body": {"op": "create", "fields": {"name": "Someone else"}}}"#,
                ),
                Shape::Small => (
                    format!("00000000-0000-7000-a000-{n:012x}"),
                    format!("00000000-0000-7000-b000-{:012x}", 1 + n % 10_000),
                    "{}",
                ),
            };
            rows.push_str(&format!(
                "00000000-0000-7000-8000-000000000003\t{n}\t{op_id}\t{n}\t\
                 00000000-0000-7000-8000-000000000002\tperson\t{record_id}\t\
                 00000000-0000-7000-9000-{case:012x}\tcase\t{op}\n",
                case = 1 + n % 10_000
            ));
        }
        sink.send(bytes::Bytes::from(rows))
            .await
            .expect("copy rows");
        g = last + 1;
    }
    let copied = sink.as_mut().finish().await.expect("copy done");
    assert_eq!(copied, through - from, "every generated op was copied");
}

/// A random (version 4) UUID in its text form.
fn random_uuid() -> String {
    let bits: u128 = rand::random();
    let bits = (bits & !(0xf_u128 << 76) & !(0x3_u128 << 62)) | (0x4_u128 << 76) | (0x2_u128 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[derive(Clone, Copy)]
enum Shape {
    Full,
    Small,
}

/// What one device did in the concurrent run.
#[derive(Default)]
struct Fleet {
    rounds: Vec<Duration>,
    made: u64,
    sent: u64,
    refused: u64,
    applied: u64,
    failures: Vec<String>,
}

/// 50 devices (10 workers, 5 devices each) sharing cases: each worker owns a case and is a
/// co-worker on the next two workers' cases. Every device does rounds of 1 to 5 edits and a sync
/// for the run's time, pausing between rounds; then every device syncs twice more and the hub
/// and every device are checked for every op.
fn concurrent_devices(runtime: &Runtime, db: &Client, url: &str) {
    let devices = env_number("CASECRAFT_BENCH_DEVICES", 50).max(2) as usize;
    let seconds = env_number("CASECRAFT_BENCH_SECONDS", 60);
    let pause = env_number("CASECRAFT_BENCH_PAUSE_MS", 1000).max(2);
    let workers = (devices / 5).max(2);
    let name = |w: usize| format!("Worker {w}");
    runtime.block_on(async {
        for w in 0..workers {
            admin::add_worker(db, Some("Bench"), &name(w), "practitioner")
                .await
                .expect("worker");
        }
    });
    let dir = tempfile::tempdir().expect("tmp");
    let started = Instant::now();
    let mut fleet: Vec<(Store, Fleet)> = (0..devices)
        .map(|i| {
            let path = dir.path().join(i.to_string());
            std::fs::create_dir_all(&path).expect("dir");
            let mut s = store(&path, &name(i % workers));
            let code = runtime
                .block_on(protocol::invite(db, &name(i % workers), 1))
                .expect("invite");
            device_hub::join(&mut s, url, &code).expect("join");
            (s, Fleet::default())
        })
        .collect();
    let shared_with = workers.min(3) - 1;
    // Device w is worker w's first (w < workers): it opens the worker's case.
    for (w, (s, f)) in fleet.iter_mut().enumerate().take(workers) {
        let case = s
            .create_case(NewCase {
                subject: format!("Shared {w}"),
                ..Default::default()
            })
            .expect("case")
            .id;
        f.sent += device_hub::run(s).expect("round").sent;
        for k in 1..=shared_with {
            device_hub::share(s, case, &name((w + k) % workers), CaseRole::CoWorker)
                .expect("share");
        }
    }
    for _ in 0..2 {
        for (s, f) in &mut fleet {
            f.sent += device_hub::run(s).expect("round").sent;
        }
    }
    let cases: Vec<Vec<Id>> = fleet
        .iter()
        .map(|(s, _)| {
            let c: Vec<Id> = s
                .hub_settings()
                .expect("settings")
                .expect("joined")
                .cases
                .iter()
                .filter(|m| matches!(m.role, CaseRole::Owner | CaseRole::CoWorker))
                .map(|m| m.case_id)
                .collect();
            assert_eq!(c.len(), shared_with + 1, "each worker's cases");
            c
        })
        .collect();
    println!(
        "{devices} devices of {workers} workers joined, {workers} cases each shared by {} workers, in {}",
        shared_with + 1,
        ms(started.elapsed())
    );

    let sent_before: u64 = fleet.iter().map(|(_, f)| f.sent).sum();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    std::thread::scope(|scope| {
        for (i, ((s, f), cases)) in fleet.iter_mut().zip(&cases).enumerate() {
            scope.spawn(move || {
                std::thread::sleep(Duration::from_millis(rand::random::<u64>() % pause));
                let mut n = 0;
                while Instant::now() < deadline {
                    let case = cases[n % cases.len()];
                    let k = 1 + rand::random::<u64>() % 5;
                    edit(s, case, &format!("D{i}-{n}"), k as usize);
                    f.made += k;
                    let round = Instant::now();
                    match device_hub::run(s) {
                        Ok(r) => {
                            f.rounds.push(round.elapsed());
                            f.sent += r.sent;
                            f.refused += r.refused;
                            f.applied += r.received.applied;
                        }
                        Err(e) => f.failures.push(e.to_string()),
                    }
                    n += 1;
                    std::thread::sleep(Duration::from_millis(
                        pause / 2 + rand::random::<u64>() % pause,
                    ));
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let mut rounds: Vec<Duration> = fleet
        .iter()
        .flat_map(|(_, f)| f.rounds.iter().copied())
        .collect();
    rounds.sort();
    let made: u64 = fleet.iter().map(|(_, f)| f.made).sum();
    let sent: u64 = fleet.iter().map(|(_, f)| f.sent).sum::<u64>() - sent_before;
    let applied: u64 = fleet.iter().map(|(_, f)| f.applied).sum();
    let refused: u64 = fleet.iter().map(|(_, f)| f.refused).sum();
    let failures: Vec<&String> = fleet.iter().flat_map(|(_, f)| &f.failures).collect();
    println!(
        "{devices} devices for {:.1} s (pause {pause} ms ±50 %): {} rounds ({:.1}/s), {made} ops made, {sent} accepted by the hub, {refused} refused, {applied} applied on other devices, {} failed rounds{}; a round {}, max {}",
        elapsed.as_secs_f64(),
        rounds.len(),
        rounds.len() as f64 / elapsed.as_secs_f64(),
        failures.len(),
        failures
            .first()
            .map(|f| format!(" (first: {f})"))
            .unwrap_or_default(),
        p50_95_99(&rounds),
        ms(rounds.last().copied().unwrap_or_default())
    );

    // Every device syncs twice: the first pass sends everything, the second takes everything.
    for _ in 0..2 {
        for (s, f) in &mut fleet {
            f.sent += device_hub::run(s).expect("last round").sent;
        }
    }
    let hub_ops = |sql: &str, id: Id| -> HashSet<String> {
        runtime
            .block_on(db.query(sql, &[&id.to_string()]))
            .expect("hub ops")
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect()
    };
    let mut on_hub = 0;
    let mut checked = 0;
    let mut lost_on_hub = 0;
    let mut missing_on_devices = 0;
    for (i, (s, f)) in fleet.iter().enumerate() {
        let own: HashSet<String> = s
            .ops_for_hub(0, u32::MAX)
            .expect("own ops")
            .0
            .iter()
            .map(|o| o.op_id.to_string())
            .collect();
        let device = s.device_id().expect("id");
        let held = hub_ops(
            "SELECT op_id::text FROM ops WHERE device_id = $1::text::uuid",
            device,
        );
        lost_on_hub += own.difference(&held).count();
        assert_eq!(held.len() as u64, f.sent, "device {i}: what the hub took");
        on_hub += held.len();
        let worker = s
            .hub_settings()
            .expect("settings")
            .expect("joined")
            .worker_id;
        let visible = hub_ops(
            "SELECT op_id::text FROM ops
              WHERE (visibility = 'case' AND case_id IN
                       (SELECT case_id FROM memberships WHERE worker_id = $1::text::uuid))
                 OR (visibility = 'author' AND author = $1::text::uuid)",
            worker,
        );
        let mut here: HashSet<String> = HashSet::new();
        loop {
            let page = s.ops(10_000, here.len() as u32).expect("ops");
            if page.is_empty() {
                break;
            }
            here.extend(page.iter().map(|o| o.op_id.to_string()));
        }
        missing_on_devices += visible.difference(&here).count();
        checked += visible.len();
    }
    println!(
        "no op lost: the hub holds {on_hub} ops of these devices, {lost_on_hub} of their ops missing; every device holds what its worker may see ({checked} ops over the {devices} devices), {missing_on_devices} missing"
    );
    assert_eq!(lost_on_hub, 0, "ops lost on the hub");
    assert_eq!(missing_on_devices, 0, "ops missing on devices");
    assert_eq!(refused, 0, "ops refused");
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing we need.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let entries = env_number("CASECRAFT_BENCH_ENTRIES", 10_000) as u32;
    let count = env_number("CASECRAFT_BENCH_ROUNDS", 100).max(1) as usize;
    let others = env_number("CASECRAFT_BENCH_OTHER_OPS", 1_000_000);
    let many = env_number("CASECRAFT_BENCH_MANY_OPS", 0);
    let root = tempfile::tempdir().expect("tmp");
    println!(
        "{:.1} GB free on the cluster's filesystem",
        free_bytes(root.path()) as f64 / 1e9
    );
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
    // A new device's first pull, `CASECRAFT_BENCH_FIRST_PULLS` times on each kind of store: one
    // encrypted as the app keeps it, and one plain (as the stores of the tests), alternating which
    // goes first; the medians are what the lines below report.
    let mut first_pulls: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut applied = 0;
    let mut desktops = Vec::new();
    for round in 0..env_number("CASECRAFT_BENCH_FIRST_PULLS", 1).max(1) {
        for encrypted in [round % 2 == 0, round % 2 == 1] {
            let desktop_dir = tempfile::tempdir().expect("tmp");
            let mut desktop = if encrypted {
                encrypted_store(desktop_dir.path(), "Ana Silva")
            } else {
                store(desktop_dir.path(), "Ana Silva")
            };
            join(&mut desktop);
            let started = Instant::now();
            let pulled = device_hub::run(&mut desktop).expect("pull");
            let took = started.elapsed();
            applied = pulled.received.applied;
            println!(
                "  a first pull ({}): {applied} ops applied in {} ({:.0} ops/s)",
                if encrypted { "encrypted" } else { "plain" },
                ms(took),
                applied as f64 / took.as_secs_f64()
            );
            first_pulls[usize::from(encrypted)].push(took);
            desktops.push((desktop_dir, desktop));
        }
    }
    for pulls in &mut first_pulls {
        pulls.sort();
    }
    let [plain_pulls, encrypted_pulls] = &first_pulls;
    let pull_time = encrypted_pulls[encrypted_pulls.len() / 2];
    let plain_pull_time = plain_pulls[plain_pulls.len() / 2];
    // The last new device goes on to the rounds below.
    let (_desktop_dir, desktop) = desktops.pop().expect("a desktop");
    drop(desktops);
    // The same ops imported with no network or hub, into an encrypted store: the store's own
    // share.
    let (ops, _) = laptop.ops_for_hub(0, u32::MAX).expect("ops");
    assert_eq!(
        ops.len() as u64,
        applied,
        "the pull brought what was pushed"
    );
    let bare_dir = tempfile::tempdir().expect("tmp");
    let mut bare = encrypted_store(bare_dir.path(), "Bare");
    let started = Instant::now();
    bare.import_hub_ops(ops).expect("import");
    let import_time = started.elapsed();
    println!(
        "first pull into an encrypted store (median): {applied} ops applied in {} ({:.0} ops/s); the same ops imported with no hub: {} ({:.0} ops/s); pull / import = {:.2}",
        ms(pull_time),
        applied as f64 / pull_time.as_secs_f64(),
        ms(import_time),
        applied as f64 / import_time.as_secs_f64(),
        pull_time.as_secs_f64() / import_time.as_secs_f64()
    );
    println!(
        "first pull into a plain store (median): {} ({:.0} ops/s); encrypted / plain = {:.2}",
        ms(plain_pull_time),
        applied as f64 / plain_pull_time.as_secs_f64(),
        pull_time.as_secs_f64() / plain_pull_time.as_secs_f64()
    );
    if env_number("CASECRAFT_BENCH_FIRST_PULL_ONLY", 0) == 1 {
        return;
    }

    // The planner's statistics of the hub as it now is, as after the bulk ops below (so their
    // ratios compare sizes, not statistics).
    runtime
        .block_on(db.batch_execute("ANALYZE"))
        .expect("analyze");

    // Rounds that send 100 new ops, and pushes of 100 new ops alone, alternating.
    let case = laptop
        .list_cases(&CaseFilter::default())
        .expect("cases")
        .items[0]
        .id;
    let (before, pushes_before) = rounds_and_pushes(&mut laptop, case, "B", count);
    println!(
        "a round sending 100 ops ({count} rounds): {}; alternating with a 100-op push acknowledged ({count} pushes): {} (push / round at p50 {:.2})",
        p50_95_99(&before),
        p50_95_99(&pushes_before),
        ratio(percentile(&pushes_before, 0.5), percentile(&before, 0.5))
    );

    // Row-level security: one 1,000-op pull as the gateway, and the same rows read as the owner.
    let hub = desktop.hub_settings().expect("settings").expect("joined");
    let credential = hub.credential.clone();
    let desktop_id = desktop.device_id().expect("id");
    let mut with_policies = Vec::new();
    let mut as_owner = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        assert_eq!(pull_all(&runtime, &mut db, &credential), MAX_BATCH);
        with_policies.push(started.elapsed());
        let started = Instant::now();
        let rows = runtime
            .block_on(db.query(
                "SELECT hub_seq, op FROM ops WHERE hub_seq > 0 AND device_id <> $1::text::uuid
                  ORDER BY hub_seq LIMIT 1000",
                &[&desktop_id.to_string()],
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
        ratio(on, off)
    );

    // The policies alone: the same pull, as the same gateway role, with row-level security on
    // and off on every table (as their owner, restored after), alternating which goes first.
    let tables: Vec<String> = runtime
        .block_on(db.query(
            "SELECT relname::text FROM pg_class
              WHERE relrowsecurity AND relnamespace = 'public'::regnamespace ORDER BY 1",
            &[],
        ))
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let member_of: Vec<String> = runtime
        .block_on(db.query(
            "SELECT case_id::text FROM memberships WHERE worker_id = $1::text::uuid",
            &[&hub.worker_id.to_string()],
        ))
        .expect("cases")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let (mut pull_on, mut pull_off, mut query_on, mut query_off) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for n in 0..30 {
        for on in [n % 2 == 0, n % 2 != 0] {
            policies(&runtime, &db, &tables, on);
            let started = Instant::now();
            assert_eq!(pull_all(&runtime, &mut db, &credential), MAX_BATCH);
            let pull = started.elapsed();
            let (query, rows) =
                page_query(&runtime, &mut db, hub.worker_id, desktop_id, &member_of);
            assert_eq!(rows, MAX_BATCH);
            if on {
                pull_on.push(pull);
                query_on.push(query);
            } else {
                pull_off.push(pull);
                query_off.push(query);
            }
        }
    }
    policies(&runtime, &db, &tables, true);
    let restored: i64 = runtime
        .block_on(db.query_one(
            "SELECT count(*) FROM pg_class WHERE relname::text = ANY($1::text[]) AND relrowsecurity
                AND relforcerowsecurity",
            &[&tables],
        ))
        .expect("restored")
        .get(0);
    assert_eq!(
        restored as usize,
        tables.len(),
        "row-level security restored"
    );
    for v in [&mut pull_on, &mut pull_off, &mut query_on, &mut query_off] {
        v.sort();
    }
    let median = |v: &[Duration]| percentile(v, 0.5);
    println!(
        "the policies alone, medians of 30 alternating, as the gateway's role: a 1,000-op pull with row-level security on {}, off {} (ratio {:.2}); its page query alone on {}, off {} (ratio {:.2})",
        ms(median(&pull_on)),
        ms(median(&pull_off)),
        ratio(median(&pull_on), median(&pull_off)),
        ms(median(&query_on)),
        ms(median(&query_off)),
        ratio(median(&query_on), median(&query_off)),
    );

    // Devices at once.
    concurrent_devices(&runtime, &db, &url);

    // Other teams' cases: bulk ops the worker may not see. The pull's baseline first (after the
    // devices above; the rounds' is from before them, on the laptop's own cases).
    let pulls_before = pulls(&runtime, &mut db, &credential, 20);
    println!(
        "before other ops: a 1,000-op pull median {}",
        ms(median(&pulls_before))
    );
    let started = Instant::now();
    runtime.block_on(async {
        db.batch_execute(
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
                WHERE team_id = '00000000-0000-7000-8000-000000000001';",
        )
        .await
        .expect("other team");
        other_ops(&db, 0, others, Shape::Full).await;
        db.batch_execute("ANALYZE").await.expect("analyze");
    });
    println!(
        "generated {others} ops of 10,000 other cases in {}",
        ms(started.elapsed())
    );
    let (after, pushes_after) = rounds_and_pushes(&mut laptop, case, "M", count);
    let pulls_after = pulls(&runtime, &mut db, &credential, 20);
    let scaled = |label: &str, rounds: &[Duration], pushes: &[Duration], pulls: &[Duration]| {
        println!(
            "with {label} other ops: a round sending 100 ops {} (p50 ratio to before {:.2}); a 100-op push {} (p50 ratio {:.2}, p95 ratio {:.2}); a 1,000-op pull median {} (ratio to before {:.2})",
            p50_95_99(rounds),
            ratio(median(rounds), median(&before)),
            p50_95_99(pushes),
            ratio(median(pushes), median(&pushes_before)),
            ratio(percentile(pushes, 0.95), percentile(&pushes_before, 0.95)),
            ms(median(pulls)),
            ratio(median(pulls), median(&pulls_before))
        );
    };
    scaled(&others.to_string(), &after, &pushes_after, &pulls_after);

    // Many more (opt-in): small ones, half a million at a time while the disk keeps 8.5 GB free,
    // with the cluster's write-ahead log kept short.
    if many > others {
        runtime.block_on(async {
            // (ALTER SYSTEM is refused in a transaction: a statement of its own.)
            db.batch_execute("ALTER SYSTEM SET max_wal_size = '256MB'")
                .await
                .expect("wal");
            db.batch_execute("SELECT pg_reload_conf()")
                .await
                .expect("reload");
        });
        let started = Instant::now();
        let mut made = others;
        while made < many {
            let free = free_bytes(root.path());
            if free < 8_500_000_000 {
                println!(
                    "stopped generating at {made} other ops: {:.1} GB free",
                    free as f64 / 1e9
                );
                break;
            }
            let through = (made + 500_000).min(many);
            runtime.block_on(async {
                other_ops(&db, made, through, Shape::Small).await;
                db.batch_execute("CHECKPOINT").await.expect("checkpoint");
            });
            made = through;
        }
        runtime
            .block_on(db.batch_execute("ANALYZE"))
            .expect("analyze");
        let size: String = runtime
            .block_on(db.query_one(
                "SELECT pg_size_pretty(pg_database_size(current_database()))",
                &[],
            ))
            .expect("size")
            .get(0);
        println!(
            "generated {made} other ops in all, the last {} in {}; the database is {size}, {:.1} GB free",
            made - others,
            ms(started.elapsed()),
            free_bytes(root.path()) as f64 / 1e9
        );
        let (rounds, pushes) = rounds_and_pushes(&mut laptop, case, "T", count);
        let pulls_now = pulls(&runtime, &mut db, &credential, 20);
        scaled(&made.to_string(), &rounds, &pushes, &pulls_now);
        println!(
            "with {made} other ops against {others}: round p50 ratio {:.2}, push p50 ratio {:.2}, pull median ratio {:.2}",
            ratio(median(&rounds), median(&after)),
            ratio(median(&pushes), median(&pushes_after)),
            ratio(median(&pulls_now), median(&pulls_after))
        );
    }
    drop(cluster);
    drop(root);
}
