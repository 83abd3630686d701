//! A simulator of a team: 3 workers with 5 devices syncing through a real hub (the gateway over
//! HTTPS, PostgreSQL), one worker's two devices through a folder too, under random edits, shares,
//! unshares, transfers, revocations, the hub going down and coming back, and answers lost after
//! the hub committed (so batches arrive again and out of order). At the end every device that may
//! see a case, and has nothing of it the hub refused, shows it identically; no op the hub accepted
//! is missing from such a device; and nothing of a case is on a device whose worker was never a
//! member of it, nor (after removal) on one whose worker no longer is.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use casecraft_core::casework::case::{CaseEdit, NewCase};
use casecraft_core::casework::cowork::{CoworkKind, NewCoworkNote};
use casecraft_core::casework::person::NewPerson;
use casecraft_core::casework::profile::{NewProfile, Role};
use casecraft_core::hub::CaseRole;
use casecraft_core::sync::{folder, hub as device_hub};
use casecraft_core::{Id, Store};
use casecraft_hub::gateway::{self, ServeOptions};
use casecraft_hub::{admin, protocol};
use proptest::prelude::*;
use support::Cluster;
use tokio::sync::oneshot;

const WORKERS: [&str; 3] = ["Ana Silva", "Ben Okafor", "Cara Lewis"];
/// Which worker each device belongs to: Ana has a laptop and a desktop (also sharing a folder).
const DEVICE_OF: [usize; 5] = [0, 0, 1, 1, 2];
const PASS: &str = "a folder passphrase for the simulator";

#[derive(Debug, Clone)]
enum Step {
    Edit {
        device: usize,
        case: usize,
        what: u8,
    },
    Sync {
        device: usize,
    },
    /// The round runs, but its answers are lost: the device keeps its old places.
    LoseAnswers {
        device: usize,
    },
    Share {
        by: usize,
        case: usize,
        with: usize,
        role: u8,
    },
    Unshare {
        by: usize,
        case: usize,
        with: usize,
    },
    Transfer {
        by: usize,
        case: usize,
        to: usize,
    },
    Revoke {
        device: usize,
    },
    HubDown,
    HubUp,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (0..5usize, 0..2usize, 0..4u8).prop_map(|(device, case, what)| Step::Edit { device, case, what }),
        5 => (0..5usize).prop_map(|device| Step::Sync { device }),
        1 => (0..5usize).prop_map(|device| Step::LoseAnswers { device }),
        2 => (0..5usize, 0..2usize, 0..3usize, 0..3u8).prop_map(|(by, case, with, role)| Step::Share { by, case, with, role }),
        1 => (0..5usize, 0..2usize, 0..3usize).prop_map(|(by, case, with)| Step::Unshare { by, case, with }),
        1 => (0..5usize, 0..2usize, 0..3usize).prop_map(|(by, case, to)| Step::Transfer { by, case, to }),
        1 => (2..5usize).prop_map(|device| Step::Revoke { device }),
        1 => Just(Step::HubDown),
        1 => Just(Step::HubUp),
    ]
}

struct Device {
    _dir: tempfile::TempDir,
    store: Store,
    id: Id,
    revoked: bool,
}

/// One simulated team: its database, its gateway, its devices.
struct Team {
    runtime: tokio::runtime::Runtime,
    db: tokio_postgres::Client,
    options: ServeOptions,
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    devices: Vec<Device>,
    cases: Vec<Id>,
    /// Workers ever members of each case.
    ever: Vec<BTreeSet<usize>>,
    _folder: tempfile::TempDir,
    _state: tempfile::TempDir,
}

static DATABASES: AtomicU32 = AtomicU32::new(0);

impl Team {
    fn new(cluster: &Cluster) -> Team {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let name = format!("sim_{}", DATABASES.fetch_add(1, Ordering::Relaxed));
        let db =
            runtime.block_on(cluster.team_database(&name, "sim_gateway", "Simulated", &WORKERS));
        let state = tempfile::tempdir().unwrap();
        let options = cluster.serve_options(&name, "sim_gateway", state.path());
        let folder = tempfile::tempdir().unwrap();
        let mut team = Team {
            runtime,
            db,
            options,
            address: "127.0.0.1:0".parse().unwrap(),
            stop: None,
            devices: Vec::new(),
            cases: Vec::new(),
            ever: Vec::new(),
            _folder: folder,
            _state: state,
        };
        team.hub_up();
        // The devices join; Ana's two also share a folder.
        let vault: PathBuf = team._folder.path().join("vault");
        for (n, worker) in DEVICE_OF.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open_dir(dir.path()).unwrap();
            store
                .init_profile(NewProfile {
                    display_name: WORKERS[*worker].into(),
                    role: Role::Practitioner,
                })
                .unwrap();
            let code = team
                .runtime
                .block_on(protocol::invite(&team.db, WORKERS[*worker], 1))
                .unwrap();
            device_hub::join(&mut store, &format!("https://{}", team.address), &code).unwrap();
            if n == 0 {
                folder::init(&mut store, &vault, PASS).unwrap();
            } else if n == 1 {
                folder::join(&mut store, &vault, PASS).unwrap();
            }
            let id = store.device_id().unwrap();
            team.devices.push(Device {
                _dir: dir,
                store,
                id,
                revoked: false,
            });
        }
        // Ana's case and Ben's case.
        for (device, subject) in [(0, "Amelia Hughes"), (2, "Noah Patel")] {
            let case = team.devices[device]
                .store
                .create_case(NewCase {
                    subject: subject.into(),
                    ..Default::default()
                })
                .unwrap()
                .id;
            team.cases.push(case);
            team.ever.push(BTreeSet::from([DEVICE_OF[device]]));
            casecraft_core::sync::run_all(&mut team.devices[device].store).unwrap();
        }
        team
    }

    fn hub_up(&mut self) {
        if self.stop.is_some() {
            return;
        }
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let (ready_tx, ready_rx) = oneshot::channel();
        let mut options = self.options.clone();
        if self.address.port() != 0 {
            options.listen = self.address;
        }
        self.runtime.spawn(gateway::serve_until(
            options,
            move |address, _| {
                let _ = ready_tx.send(address);
            },
            async move {
                let _ = stop_rx.await;
            },
        ));
        self.address = self.runtime.block_on(ready_rx).unwrap();
        self.stop = Some(stop_tx);
    }

    fn hub_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
            // Until the port is closed.
            for _ in 0..200 {
                if std::net::TcpStream::connect(self.address).is_err() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }

    /// One round on `device`, as its worker would run it.
    fn sync(&mut self, device: usize) {
        let d = &mut self.devices[device];
        // A hub that is down, or a revoked device: the work waits (and for a revoked device,
        // for ever). Anything else is a failure.
        if let Err(e) = casecraft_core::sync::run_all(&mut d.store) {
            let kind = e.kind().as_str();
            assert!(
                kind == "unreachable" || (d.revoked && kind == "refused"),
                "device {device}: {e}"
            );
        }
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Edit { device, case, what } => {
                let case = self.cases[case];
                let store = &mut self.devices[device].store;
                if store.case(case).is_err() {
                    return;
                }
                let n = store.list_people(case).map(|p| p.len()).unwrap_or(0);
                let _ = match what {
                    0 => store
                        .add_person(
                            case,
                            NewPerson {
                                name: format!("Person {device}-{n}"),
                                relationship: "aunt".into(),
                                ..Default::default()
                            },
                        )
                        .map(|_| ()),
                    1 => store
                        .edit_case(
                            case,
                            CaseEdit {
                                reference: Some(format!("REF-{device}-{n}")),
                                ..Default::default()
                            },
                        )
                        .map(|_| ()),
                    2 => {
                        let summary = store.case(case).map(|c| c.summary).unwrap_or_default();
                        store
                            .edit_case(
                                case,
                                CaseEdit {
                                    summary: Some(format!("{summary} [{device}]")),
                                    ..Default::default()
                                },
                            )
                            .map(|_| ())
                    }
                    _ => store
                        .add_cowork_note(
                            case,
                            NewCoworkNote {
                                kind: CoworkKind::Discussion,
                                body: format!("Note from device {device}"),
                                reply_to: None,
                            },
                        )
                        .map(|_| ()),
                };
            }
            Step::Sync { device } => self.sync(device),
            Step::LoseAnswers { device } => {
                let before = self.devices[device].store.hub_settings().unwrap();
                self.sync(device);
                if let Some(before) = before {
                    self.devices[device]
                        .store
                        .save_hub_settings(&before)
                        .unwrap();
                }
            }
            Step::Share {
                by,
                case,
                with,
                role,
            } => {
                if by == with || self.devices[by].revoked {
                    return;
                }
                let role = [CaseRole::CoWorker, CaseRole::ReadOnly, CaseRole::Supervisor]
                    [role as usize % 3];
                let ok = device_hub::share(
                    &mut self.devices[by].store,
                    self.cases[case],
                    WORKERS[with],
                    role,
                )
                .is_ok();
                if ok {
                    self.ever[case].insert(with);
                }
            }
            Step::Unshare { by, case, with } => {
                if by == with || self.devices[by].revoked {
                    return;
                }
                let _ = device_hub::unshare(
                    &mut self.devices[by].store,
                    self.cases[case],
                    WORKERS[with],
                );
            }
            Step::Transfer { by, case, to } => {
                if DEVICE_OF[by] == to || self.devices[by].revoked {
                    return;
                }
                if device_hub::transfer(&mut self.devices[by].store, self.cases[case], WORKERS[to])
                    .is_ok()
                {
                    self.ever[case].insert(to);
                }
            }
            Step::Revoke { device } => {
                let id = self.devices[device].id;
                self.runtime
                    .block_on(admin::revoke_device(&self.db, id))
                    .unwrap();
                self.devices[device].revoked = true;
            }
            Step::HubDown => self.hub_down(),
            Step::HubUp => self.hub_up(),
        }
    }

    /// The workers who are members of `case` on the hub now.
    fn members(&self, case: Id) -> BTreeSet<usize> {
        let rows = self
            .runtime
            .block_on(self.db.query(
                "SELECT w.display_name FROM memberships m JOIN workers w USING (worker_id)
                  WHERE m.case_id = $1::text::uuid",
                &[&case.to_string()],
            ))
            .unwrap();
        rows.iter()
            .map(|r| {
                let name: String = r.get(0);
                WORKERS.iter().position(|w| *w == name).unwrap()
            })
            .collect()
    }

    /// The op ids the hub accepted for `case`, visible to its members.
    fn accepted(&self, case: Id) -> BTreeSet<String> {
        self.runtime
            .block_on(self.db.query(
                "SELECT op_id::text FROM ops WHERE case_id = $1::text::uuid AND visibility = 'case'",
                &[&case.to_string()],
            ))
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    }

    /// Every op id in a device's log of `case`, whichever device wrote it.
    fn held(&self, device: usize, case: Id) -> BTreeSet<String> {
        let store = &self.devices[device].store;
        let mut out = BTreeSet::new();
        for d in &self.devices {
            for op in store.ops_after(d.id, 0, u32::MAX).unwrap() {
                if casecraft_core::hub::case_of(&op) == Some(case) {
                    out.insert(op.op_id.to_string());
                }
            }
        }
        out
    }

    fn check(&mut self) {
        self.hub_up();
        for _ in 0..3 {
            for d in 0..self.devices.len() {
                if !self.devices[d].revoked {
                    self.sync(d);
                }
            }
        }
        for (c, &case) in self.cases.iter().enumerate() {
            let members = self.members(case);
            let accepted = self.accepted(case);
            let mut views: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (n, device) in self.devices.iter().enumerate() {
                if device.revoked {
                    continue;
                }
                let worker = DEVICE_OF[n];
                // Edits the hub refused stay on the worker's devices (a folder carries them to
                // the worker's other device too): such a device shows more than the hub has.
                let refused = (0..self.devices.len())
                    .filter(|d| DEVICE_OF[*d] == worker)
                    .any(|d| {
                        self.devices[d]
                            .store
                            .hub_refused()
                            .unwrap()
                            .iter()
                            .any(|r| casecraft_core::hub::case_of(&r.op) == Some(case))
                    });
                if members.contains(&worker) {
                    let held = self.held(n, case);
                    let missing: Vec<_> = accepted.difference(&held).collect();
                    assert!(
                        missing.is_empty(),
                        "device {n} lacks accepted ops of case {c}: {missing:?}"
                    );
                    if !refused {
                        // Authors' names included: a colleague's comes from the team hub.
                        // (`written_by` names a colleague relative to the device's own worker,
                        // so it differs between workers by design.)
                        let mut view =
                            serde_json::to_value(device.store.export_case(case).unwrap()).unwrap();
                        forget_written_by(&mut view);
                        let view = view.to_string();
                        views.entry(view).or_default().push(n);
                    }
                } else if !self.ever[c].contains(&worker) {
                    assert!(
                        device.store.case(case).is_err(),
                        "device {n} holds case {c}, never shared with it"
                    );
                    assert!(
                        self.held(n, case).is_empty(),
                        "device {n} holds ops of case {c}"
                    );
                } else {
                    // Removed: gone from the device, even where a folder brings it back.
                    assert!(
                        device.store.case(case).is_err(),
                        "device {n} still shows case {c} after removal"
                    );
                }
            }
            if views.len() > 1 {
                let all: Vec<_> = views.iter().collect();
                panic!(
                    "case {c} differs between devices:\n{}",
                    all.iter()
                        .map(|(v, d)| format!("{d:?}: {v}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
    }
}

impl Drop for Team {
    fn drop(&mut self) {
        self.hub_down();
    }
}

#[test]
fn every_device_that_may_see_a_case_converges_and_no_other_holds_it() {
    let cluster = Cluster::start();
    // A dozen teams in `make test`; more with CASECRAFT_SIM_CASES=200 when changing sync.
    let cases = std::env::var("CASECRAFT_SIM_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(12);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        max_shrink_iters: 40,
        ..ProptestConfig::default()
    });
    runner
        .run(&prop::collection::vec(step(), 10..40), |steps| {
            let mut team = Team::new(&cluster);
            for s in &steps {
                team.run(s);
            }
            team.check();
            Ok(())
        })
        .unwrap();
}

/// Removes every `written_by` from a case's JSON: it names a colleague relative to the reader.
fn forget_written_by(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("written_by");
            map.values_mut().for_each(forget_written_by);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(forget_written_by),
        _ => {}
    }
}
