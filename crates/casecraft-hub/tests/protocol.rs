//! The hub's protocol against a real PostgreSQL: enrolment with one-time codes, pushes checked op
//! by op (role, kind, visibility), pulls in hub order with draft entries kept to their author
//! until completed, sharing and removal, idempotent and refused batches, a cursor from
//! elsewhere answered with a resync, and a push that reads the log by index only.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;

use casecraft_hub::{admin, protocol, schema, Error};
use casecraft_ops::hub::{
    CaseRole, EnrolRequest, PullAnswer, PullRequest, PushAnswer, PushRequest, ShareRequest,
    TransferRequest,
};
use casecraft_ops::{hlc, Hlc, Id, Op, OpBody, RecordKind};
use serde_json::json;
use support::Cluster;
use tokio_postgres::Client;

/// A device of a worker: its credential and its log.
struct Device {
    id: Id,
    author: Id,
    credential: String,
    log: Vec<Op>,
    cursor: u64,
    /// The cases it knows it is a member of.
    cases: Vec<Id>,
}

impl Device {
    async fn enrol(db: &mut Client, worker: &str) -> Device {
        let code = protocol::invite(db, worker, 7).await.unwrap();
        let id = Id::new();
        let answer = protocol::enrol(
            db,
            &EnrolRequest {
                secret: code.clone(),
                device_id: id,
            },
        )
        .await
        .unwrap();
        Device {
            id,
            author: Id::new(),
            credential: answer.credential,
            log: Vec::new(),
            cursor: 0,
            cases: Vec::new(),
        }
    }

    fn op(&mut self, kind: RecordKind, record: Id, case: Id, body: OpBody) -> Op {
        let op = Op {
            op_id: Id::new(),
            device_id: self.id,
            seq: self.log.len() as u64 + 1,
            hlc: Hlc::new(hlc::wall_millis(), 0),
            author: self.author,
            record_kind: kind,
            record_id: record,
            case_id: (kind != RecordKind::Case).then_some(case),
            body,
        };
        self.log.push(op.clone());
        op
    }

    fn create(&mut self, kind: RecordKind, record: Id, case: Id, fields: serde_json::Value) -> Op {
        let fields: BTreeMap<String, serde_json::Value> =
            serde_json::from_value(fields).expect("fields");
        self.op(kind, record, case, OpBody::Create { fields })
    }

    fn set(&mut self, kind: RecordKind, record: Id, case: Id, field: &str, value: &str) -> Op {
        self.op(
            kind,
            record,
            case,
            OpBody::Set {
                field: field.into(),
                value: json!(value),
                prev: Vec::new(),
                seen: BTreeMap::new(),
            },
        )
    }

    /// Shares `case` (this device's worker owning it) with `worker` in `role`, or removes them.
    async fn share(
        &self,
        db: &mut Client,
        case: Id,
        worker: &str,
        role: Option<CaseRole>,
    ) -> Result<(), Error> {
        protocol::share(
            db,
            &self.credential,
            &ShareRequest {
                case_id: case,
                worker: worker.into(),
                role,
            },
        )
        .await
    }

    /// Pushes its whole log, from 1.
    async fn push_all(&self, db: &mut Client) -> Result<PushAnswer, Error> {
        self.push_run(db, 1, self.log.len() as u64).await
    }

    /// Pushes the run of its log from seq `from` through `through`.
    async fn push_run(
        &self,
        db: &mut Client,
        from: u64,
        through: u64,
    ) -> Result<PushAnswer, Error> {
        protocol::push(
            db,
            &self.credential,
            &PushRequest {
                opened: Vec::new(),
                from_seq: from,
                through_seq: through,
                ops: self.log[from as usize - 1..through as usize].to_vec(),
            },
        )
        .await
    }

    /// Pulls everything new, as a device does: a page after its cursor and, for a case new to
    /// it, the case's earlier ops up to where the cursor stood; answers the record ids received.
    async fn pull(&mut self, db: &mut Client) -> (Vec<Id>, PullAnswer) {
        let before = self.cursor;
        let answer = protocol::pull(
            db,
            &self.credential,
            &PullRequest {
                hub_id: None,
                after: before,
                case: None,
                until: None,
            },
        )
        .await
        .unwrap();
        self.cursor = answer.next;
        let mut got = Vec::new();
        self.cases
            .retain(|c| answer.cases.iter().any(|m| m.case_id == *c));
        for m in &answer.cases {
            if self.cases.contains(&m.case_id) {
                continue;
            }
            self.cases.push(m.case_id);
            if before > 0 {
                let backlog = protocol::pull(
                    db,
                    &self.credential,
                    &PullRequest {
                        hub_id: None,
                        after: 0,
                        case: Some(m.case_id),
                        until: Some(before),
                    },
                )
                .await
                .unwrap();
                got.extend(backlog.ops.iter().map(|o| o.record_id));
            }
        }
        got.extend(answer.ops.iter().map(|o| o.record_id));
        (got, answer)
    }
}

async fn team(db: &mut Client) {
    schema::migrate(db).await.unwrap();
    admin::create_team(db, "North locality").await.unwrap();
    for (name, role) in [
        ("Ana Silva", "practitioner"),
        ("Ben Okafor", "practitioner"),
        ("Sue Park", "supervisor"),
    ] {
        admin::add_worker(db, None, name, role).await.unwrap();
    }
}

#[tokio::test]
async fn an_invitation_enrols_one_device_once_and_a_revoked_device_is_refused() {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    team(&mut db).await;
    let code = protocol::invite(&db, "  ana SILVA ", 7).await.unwrap();
    let first = protocol::enrol(
        &mut db,
        &EnrolRequest {
            secret: code.clone(),
            device_id: Id::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        (first.worker_name.as_str(), first.team.as_str()),
        ("Ana Silva", "North locality")
    );
    for secret in [code, "not-a-code".to_string(), String::new()] {
        let again = protocol::enrol(
            &mut db,
            &EnrolRequest {
                secret,
                device_id: Id::new(),
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(again, Error::Invalid(_)), "{again}");
    }
    let devices: i64 = db
        .query_one("SELECT count(*) FROM devices", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(devices, 1, "a used or unknown code enrols nothing");
    assert!(matches!(
        protocol::invite(&db, "Nobody", 7).await,
        Err(Error::Invalid(_))
    ));

    let credential = first.credential.clone();
    let pulled = protocol::pull(
        &mut db,
        &credential,
        &PullRequest {
            hub_id: None,
            after: 0,
            case: None,
            until: None,
        },
    )
    .await
    .unwrap();
    assert!(pulled.ops.is_empty() && !pulled.resync);
    let forged = format!("{}x", credential);
    let err = protocol::pull(
        &mut db,
        &forged,
        &PullRequest {
            hub_id: None,
            after: 0,
            case: None,
            until: None,
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Unauthorised), "{err}");
    let device = credential.split(':').next().unwrap().to_string();
    admin::revoke_device(&db, Id::parse("device", &device).unwrap())
        .await
        .unwrap();
    let err = protocol::pull(
        &mut db,
        &credential,
        &PullRequest {
            hub_id: None,
            after: 0,
            case: None,
            until: None,
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Revoked), "{err}");

    // A device that leaves its team revokes its own credential; the worker's other device keeps
    // working, and a device cannot revoke another's.
    let pull = |after| PullRequest {
        hub_id: None,
        after,
        case: None,
        until: None,
    };
    async fn enrol_again(db: &mut tokio_postgres::Client) -> String {
        let code = protocol::invite(db, "Ana Silva", 7).await.unwrap();
        protocol::enrol(
            db,
            &EnrolRequest {
                secret: code,
                device_id: Id::new(),
            },
        )
        .await
        .unwrap()
        .credential
    }
    let laptop = enrol_again(&mut db).await;
    let desktop = enrol_again(&mut db).await;
    protocol::leave(&mut db, &laptop).await.unwrap();
    let err = protocol::pull(&mut db, &laptop, &pull(0))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Revoked), "{err}");
    protocol::pull(&mut db, &desktop, &pull(0)).await.unwrap();
    assert!(matches!(
        protocol::leave(&mut db, &laptop).await,
        Err(Error::Revoked)
    ));
}

#[tokio::test]
async fn colleagues_see_a_shared_case_drafts_stay_with_their_author_and_private_work_never_arrives()
{
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    team(&mut db).await;
    let mut ana = Device::enrol(&mut db, "Ana Silva").await;
    let mut ben = Device::enrol(&mut db, "Ben Okafor").await;
    let mut sue = Device::enrol(&mut db, "Sue Park").await;

    let case = Id::new();
    let (entry, private, shared, supervision) = (Id::new(), Id::new(), Id::new(), Id::new());
    ana.create(
        RecordKind::Case,
        case,
        case,
        json!({"reference": "NL-1", "status": "open"}),
    );
    ana.create(
        RecordKind::Entry,
        entry,
        case,
        json!({"case_id": case.to_string(), "kind": "visit", "status": "draft"}),
    );
    let private_op = ana.create(
        RecordKind::Reflection,
        private,
        case,
        json!({"model": "gibbs", "title": "Mine", "visibility": "private", "case_id": case.to_string()}),
    );
    ana.create(
        RecordKind::Reflection,
        shared,
        case,
        json!({"model": "gibbs", "title": "Ours", "visibility": "shared", "case_id": case.to_string()}),
    );
    let supervision_op = ana.create(
        RecordKind::Supervision,
        supervision,
        case,
        json!({"occurred_on": "2026-11-30"}),
    );
    let answer = ana.push_all(&mut db).await.unwrap();
    assert_eq!(answer.accepted, 3, "{answer:?}");
    assert_eq!(answer.pushed_through, 5);
    let refused: Vec<Id> = answer.refused.iter().map(|r| r.op_id).collect();
    assert_eq!(refused, vec![private_op.op_id, supervision_op.op_id]);
    assert!(answer.refused[0].reason.contains("private reflection"));

    // Not shared yet: Ben gets nothing; Ana's other device would get her draft.
    let (got, answer) = ben.pull(&mut db).await;
    assert!(got.is_empty() && answer.cases.is_empty(), "{got:?}");
    // Nothing of Ben's below the checkpoint: his cursor moves to it, past Ana's ops.
    assert!(answer.next > 0 && !answer.more, "{answer:?}");

    ana.share(&mut db, case, "ben okafor", Some(CaseRole::CoWorker))
        .await
        .unwrap();
    let (got, answer) = ben.pull(&mut db).await;
    assert_eq!(got, vec![case, shared], "the draft entry stays with Ana");
    assert_eq!(answer.cases.len(), 1);
    assert_eq!(answer.cases[0].role, CaseRole::CoWorker);

    // Ana completes the visit: its earlier ops reach Ben now, after his cursor.
    ana.set(RecordKind::Entry, entry, case, "status", "completed");
    protocol::push(
        &mut db,
        &ana.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 6,
            through_seq: 6,
            ops: ana.log[5..].to_vec(),
        },
    )
    .await
    .unwrap();
    let (got, _) = ben.pull(&mut db).await;
    assert_eq!(
        got,
        vec![entry, entry],
        "the draft's create and its completion"
    );

    // Ben co-works: his person is taken and reaches Ana.
    let person = Id::new();
    ben.create(
        RecordKind::Person,
        person,
        case,
        json!({"case_id": case.to_string(), "name": "Jo"}),
    );
    assert_eq!(ben.push_all(&mut db).await.unwrap().accepted, 1);
    let (got, _) = ana.pull(&mut db).await;
    assert_eq!(got, vec![person]);

    // A supervisor adds co-working notes (decisions) but not the case's records.
    ana.share(&mut db, case, "Sue Park", Some(CaseRole::Supervisor))
        .await
        .unwrap();
    let note = Id::new();
    sue.create(
        RecordKind::Person,
        Id::new(),
        case,
        json!({"case_id": case.to_string(), "name": "Kim"}),
    );
    sue.create(
        RecordKind::CoworkNote,
        note,
        case,
        json!({"case_id": case.to_string(), "kind": "decision", "body": "Visit weekly"}),
    );
    let answer = sue.push_all(&mut db).await.unwrap();
    assert_eq!(answer.accepted, 1);
    assert!(
        answer.refused[0].reason.contains("as supervisor"),
        "{answer:?}"
    );
    // Only the owner shares; Ben cannot hand himself ownership.
    let err = ben
        .share(&mut db, case, "Ben Okafor", Some(CaseRole::Owner))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err}");

    // Ben removed: nothing new reaches him, the case leaves his list, his pushes are refused.
    ana.share(&mut db, case, "Ben Okafor", None).await.unwrap();
    ana.set(RecordKind::Case, case, case, "reference", "NL-1a");
    protocol::push(
        &mut db,
        &ana.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 7,
            through_seq: 7,
            ops: ana.log[6..].to_vec(),
        },
    )
    .await
    .unwrap();
    let (got, answer) = ben.pull(&mut db).await;
    assert!(got.is_empty() && answer.cases.is_empty(), "{got:?}");
    ben.set(RecordKind::Person, person, case, "name", "Joanne");
    let answer = protocol::push(
        &mut db,
        &ben.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 2,
            through_seq: 2,
            ops: ben.log[1..].to_vec(),
        },
    )
    .await
    .unwrap();
    assert_eq!(answer.accepted, 0);
    assert!(answer.refused[0].reason.contains("not a member"));
    let err = protocol::members(&mut db, &ben.credential, case)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)));

    // A transfer: Sue takes the case on, Ana leaves it.
    protocol::transfer(
        &mut db,
        &ana.credential,
        &TransferRequest {
            case_id: case,
            to: "Sue Park".into(),
            oversee: false,
        },
    )
    .await
    .unwrap();
    let members = protocol::members(&mut db, &sue.credential, case)
        .await
        .unwrap();
    let roles: Vec<(&str, CaseRole)> = members
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.role))
        .collect();
    assert_eq!(roles, vec![("Sue Park", CaseRole::Owner)]);

    // The audit names who wrote and who read the case, with no content.
    let audit = admin::audit(&db, Some(case), None).await.unwrap();
    let seen: Vec<(&str, &str)> = audit
        .iter()
        .map(|a| (a.agent.as_str(), a.action.as_str()))
        .collect();
    for expected in [
        ("Ana Silva", "C"),
        ("Ben Okafor", "R"),
        ("Ben Okafor", "U"),
        ("Sue Park", "U"),
    ] {
        assert!(seen.contains(&expected), "{expected:?} in {seen:?}");
    }
}

#[tokio::test]
async fn a_batch_sent_again_is_taken_once_a_clash_or_a_gap_is_refused_and_a_foreign_cursor_resyncs()
{
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    team(&mut db).await;
    let mut ana = Device::enrol(&mut db, "Ana Silva").await;
    let case = Id::new();
    ana.create(RecordKind::Case, case, case, json!({"reference": "NL-2"}));
    ana.set(RecordKind::Case, case, case, "status", "open");
    assert_eq!(ana.push_all(&mut db).await.unwrap().accepted, 2);
    let again = ana.push_all(&mut db).await.unwrap();
    assert_eq!((again.accepted, again.duplicates), (0, 2));

    // Another installation under the same device id: refused loudly, nothing taken.
    let mut clone = ana.log.clone();
    clone[1].op_id = Id::new();
    let err = protocol::push(
        &mut db,
        &ana.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 1,
            through_seq: 2,
            ops: clone,
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Clash { seq: 2 }), "{err}");

    // A run starting past what the hub holds.
    ana.set(RecordKind::Case, case, case, "status", "closed");
    ana.set(RecordKind::Case, case, case, "status", "open");
    let err = protocol::push(
        &mut db,
        &ana.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 4,
            through_seq: 4,
            ops: ana.log[3..].to_vec(),
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Gap { held: 2 }), "{err}");

    // Someone else's op in my push, ops out of their run: refused as a whole.
    let mut bad = ana.log[2..].to_vec();
    bad[0].device_id = Id::new();
    for (ops, why) in [
        (bad, "another device's op"),
        (ana.log[2..].iter().rev().cloned().collect(), "out of order"),
    ] {
        let err = protocol::push(
            &mut db,
            &ana.credential,
            &PushRequest {
                opened: Vec::new(),
                from_seq: 3,
                through_seq: 4,
                ops,
            },
        )
        .await
        .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{why}: {err}");
    }

    // A stamp far in the future and an unknown field are refused op by op.
    let mut future = ana.set(RecordKind::Case, case, case, "status", "open");
    future.hlc = Hlc::new(hlc::wall_millis() + 3_600_000, 0);
    *ana.log.last_mut().unwrap() = future;
    ana.set(RecordKind::Case, case, case, "favourite_colour", "red");
    let answer = protocol::push(
        &mut db,
        &ana.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 3,
            through_seq: 6,
            ops: ana.log[2..].to_vec(),
        },
    )
    .await
    .unwrap();
    assert_eq!(answer.accepted, 2);
    let reasons: Vec<&str> = answer.refused.iter().map(|r| r.reason.as_str()).collect();
    assert!(
        reasons[0].contains("future") && reasons[1].contains("no field"),
        "{reasons:?}"
    );
    assert_eq!(answer.pushed_through, 6);

    // Cases opened on the device, offline, sent alone (an empty run): recorded at the device's
    // moment for a case of the worker's; another's case is not recorded.
    let opened_at = chrono::Utc::now() - chrono::Duration::hours(3);
    protocol::push(
        &mut db,
        &ana.credential,
        &PushRequest {
            opened: vec![
                casecraft_ops::hub::CaseOpened {
                    case_id: case,
                    at: opened_at,
                },
                casecraft_ops::hub::CaseOpened {
                    case_id: Id::new(),
                    at: opened_at,
                },
            ],
            from_seq: 7,
            through_seq: 6,
            ops: Vec::new(),
        },
    )
    .await
    .unwrap();
    let audit = admin::audit(&db, Some(case), None).await.unwrap();
    let opened: Vec<_> = audit
        .iter()
        .filter(|a| {
            a.action == "R" && a.recorded == opened_at.format("%Y-%m-%d %H:%M:%S").to_string()
        })
        .collect();
    assert_eq!(opened.len(), 1, "{audit:?}");
    let all = admin::audit(&db, None, None).await.unwrap();
    assert_eq!(all.iter().filter(|a| a.action == "R").count(), 1, "{all:?}");

    // A cursor from another hub (or a hub restored from an older backup) starts again.
    for request in [
        PullRequest {
            hub_id: Some(Id::new()),
            after: 0,
            case: None,
            until: None,
        },
        PullRequest {
            hub_id: None,
            after: 1_000_000,
            case: None,
            until: None,
        },
    ] {
        let answer = protocol::pull(&mut db, &ana.credential, &request)
            .await
            .unwrap();
        assert!(answer.resync && answer.ops.is_empty(), "{request:?}");
    }
}

#[tokio::test]
async fn a_supervisor_records_decisions_and_agreed_actions_and_sees_only_a_count_of_drafts() {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    team(&mut db).await;
    let mut ana = Device::enrol(&mut db, "Ana Silva").await;
    let mut sue = Device::enrol(&mut db, "Sue Park").await;

    let (case, visit, draft) = (Id::new(), Id::new(), Id::new());
    ana.create(
        RecordKind::Case,
        case,
        case,
        json!({"reference": "NL-2", "status": "open"}),
    );
    ana.create(
        RecordKind::Entry,
        visit,
        case,
        json!({"case_id": case.to_string(), "kind": "visit", "status": "completed"}),
    );
    ana.create(
        RecordKind::Entry,
        draft,
        case,
        json!({"case_id": case.to_string(), "kind": "visit", "status": "draft", "purpose": "Unfinished words"}),
    );
    assert_eq!(ana.push_all(&mut db).await.unwrap().accepted, 3);
    ana.share(&mut db, case, "Sue Park", Some(CaseRole::Supervisor))
        .await
        .unwrap();

    // Sue sees the case, whose it is, and that one entry waits in draft: never the draft.
    let (got, answer) = sue.pull(&mut db).await;
    assert_eq!(got, vec![case, visit], "{answer:?}");
    let m = &answer.cases[0];
    assert_eq!(m.role, CaseRole::Supervisor);
    assert_eq!(m.owner.as_ref().map(|o| o.name.as_str()), Some("Ana Silva"));
    assert_eq!(
        m.owner.as_ref().map(|o| o.role.as_str()),
        Some("practitioner")
    );
    assert_eq!(m.drafts, 1);
    // Ana's own drafts are hers to count: the hub does not count them back to her.
    let (_, answer) = ana.pull(&mut db).await;
    assert_eq!(answer.cases[0].drafts, 0);
    assert_eq!(
        answer.cases[0].owner.as_ref().map(|o| o.name.as_str()),
        Some("Ana Silva")
    );

    // A decision recorded complete at once, later corrected; an agreed action; and an attempt
    // to change Ana's visit, which is refused on its own.
    let (decision, action) = (Id::new(), Id::new());
    sue.create(
        RecordKind::Entry,
        decision,
        case,
        json!({"case_id": case.to_string(), "kind": "supervision", "status": "completed",
               "significant": 1, "purpose": "Supervision with Sue Park"}),
    );
    sue.create(
        RecordKind::Action,
        action,
        case,
        json!({"case_id": case.to_string(), "text": "Book a network meeting"}),
    );
    let edit = sue.set(RecordKind::Entry, visit, case, "purpose", "Sue's words");
    let answer = sue.push_all(&mut db).await.unwrap();
    assert_eq!(answer.accepted, 2, "{answer:?}");
    assert_eq!(answer.refused.len(), 1);
    assert_eq!(answer.refused[0].op_id, edit.op_id);
    assert!(
        answer.refused[0].reason.contains("supervision decisions"),
        "{answer:?}"
    );
    // A later change to her own decision is hers to make; a visit entry she opens is not.
    sue.set(RecordKind::Entry, decision, case, "location", "Office");
    let own_visit = sue.create(
        RecordKind::Entry,
        Id::new(),
        case,
        json!({"case_id": case.to_string(), "kind": "visit", "status": "completed"}),
    );
    let answer = protocol::push(
        &mut db,
        &sue.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 4,
            through_seq: 5,
            ops: sue.log[3..].to_vec(),
        },
    )
    .await
    .unwrap();
    assert_eq!(answer.accepted, 1, "{answer:?}");
    assert_eq!(answer.refused[0].op_id, own_visit.op_id);

    // The decision reaches Ana's chronology at once (complete from its first op), with the
    // agreed action and the correction.
    let (got, _) = ana.pull(&mut db).await;
    assert_eq!(got, vec![decision, action, decision]);
}

#[tokio::test]
async fn a_manager_overseeing_a_case_hands_it_on_once_its_holder_has_no_drafts_left() {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    team(&mut db).await;
    admin::add_worker(&db, None, "Mo Reyes", "manager")
        .await
        .unwrap();
    let mut ana = Device::enrol(&mut db, "Ana Silva").await;
    let mut sue = Device::enrol(&mut db, "Sue Park").await;
    let mut mo = Device::enrol(&mut db, "Mo Reyes").await;
    let (case, draft) = (Id::new(), Id::new());
    ana.create(RecordKind::Case, case, case, json!({"status": "open"}));
    ana.create(
        RecordKind::Entry,
        draft,
        case,
        json!({"case_id": case.to_string(), "kind": "visit", "status": "draft"}),
    );
    ana.push_all(&mut db).await.unwrap();
    for (who, role) in [
        ("Sue Park", CaseRole::Supervisor),
        ("Mo Reyes", CaseRole::Supervisor),
    ] {
        ana.share(&mut db, case, who, Some(role)).await.unwrap();
    }
    let transfer = |to: &str| TransferRequest {
        case_id: case,
        to: to.into(),
        oversee: false,
    };
    // A supervisor who is not a manager may not move the case.
    let err = protocol::transfer(&mut db, &sue.credential, &transfer("Ben Okafor"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("a manager overseeing it"), "{err}");
    // Mo may, once Ana's draft is completed.
    let err = protocol::transfer(&mut db, &mo.credential, &transfer("Ben Okafor"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("1 draft entry"), "{err}");
    // A manager's oversight note (the transfer summary) is taken; a supervisor's is not.
    let note = |d: &mut Device| {
        d.create(
            RecordKind::Entry,
            Id::new(),
            case,
            json!({"case_id": case.to_string(), "kind": "case-note", "status": "completed",
                   "purpose": "Transfer summary"}),
        )
    };
    note(&mut sue);
    note(&mut mo);
    assert_eq!(sue.push_all(&mut db).await.unwrap().accepted, 0);
    assert_eq!(mo.push_all(&mut db).await.unwrap().accepted, 1);
    ana.set(RecordKind::Entry, draft, case, "status", "completed");
    protocol::push(
        &mut db,
        &ana.credential,
        &PushRequest {
            opened: Vec::new(),
            from_seq: 3,
            through_seq: 3,
            ops: ana.log[2..].to_vec(),
        },
    )
    .await
    .unwrap();
    protocol::transfer(&mut db, &mo.credential, &transfer("Ben Okafor"))
        .await
        .unwrap();
    let members = protocol::members(&mut db, &mo.credential, case)
        .await
        .unwrap();
    let roles: Vec<(&str, CaseRole)> = members
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.role))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("Ben Okafor", CaseRole::Owner),
            ("Mo Reyes", CaseRole::Supervisor),
            ("Sue Park", CaseRole::Supervisor)
        ]
    );
    // Ana was moved off it by Mo, and is told so.
    let (_, answer) = ana.pull(&mut db).await;
    assert!(answer.cases.is_empty());
    assert_eq!(answer.removals[0].by_name.as_deref(), Some("Mo Reyes"));
}

/// `ops`' sequential scans so far, once the statistics count `inserted` rows in it: a
/// connection's statistics reach the collector when it is idle, all at once.
async fn ops_scans(db: &Client, inserted: i64) -> i64 {
    for _ in 0..200 {
        let row = db
            .query_one(
                "SELECT seq_scan, n_tup_ins FROM pg_stat_user_tables WHERE relname = 'ops'",
                &[],
            )
            .await
            .unwrap();
        if row.get::<_, i64>(1) == inserted {
            return row.get(0);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the statistics never counted {inserted} ops inserted");
}

#[tokio::test]
async fn a_push_reads_the_log_by_index_however_many_ops_other_teams_hold() {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    team(&mut db).await;
    // Another team's caseload, in bulk: 30,000 ops of 500 cases.
    db.batch_execute(
        "INSERT INTO teams (team_id, name) VALUES ('00000000-0000-7000-8000-000000000001', 'Others');
         INSERT INTO workers (worker_id, team_id, display_name, role)
           VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001',
                   'Other', 'practitioner');
         INSERT INTO devices (device_id, worker_id, credential_hash)
           VALUES ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000002', '\\x00');
         INSERT INTO cases (case_id, team_id)
           SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(g), 12, '0'))::uuid,
                  '00000000-0000-7000-8000-000000000001' FROM generate_series(1, 500) g;
         INSERT INTO ops (device_id, seq, op_id, hlc, author, record_kind, record_id, case_id,
                          visibility, op)
           SELECT '00000000-0000-7000-8000-000000000003', g, gen_random_uuid(), g,
                  '00000000-0000-7000-8000-000000000002', 'person', gen_random_uuid(),
                  ('00000000-0000-7000-9000-' || lpad(to_hex(1 + g % 500), 12, '0'))::uuid,
                  'case', '{\"body\": {\"op\": \"create\", \"fields\": {\"name\": \"Someone\"}}}'::jsonb
             FROM generate_series(1, 30000) g;
         ANALYZE;",
    )
    .await
    .unwrap();

    // Ana's case with a visit she has edited 3,000 times, pushed: the visit is the record the
    // hub holds most ops of, so a question about it under the policies looks cheaper answered by
    // reading every op. Then a push of 100 more edits of it.
    let mut ana = Device::enrol(&mut db, "Ana Silva").await;
    let (case, visit) = (Id::new(), Id::new());
    ana.create(RecordKind::Case, case, case, json!({"reference": "NL-9"}));
    ana.create(
        RecordKind::Entry,
        visit,
        case,
        json!({"case_id": case.to_string(), "kind": "visit", "status": "draft"}),
    );
    for i in 0..3_000 {
        ana.set(
            RecordKind::Entry,
            visit,
            case,
            "purpose",
            &format!("Visit {i}"),
        );
    }
    for from in (1..=3_002).step_by(1_000) {
        let through = (from + 999).min(3_002);
        let answer = ana.push_run(&mut db, from, through).await.unwrap();
        assert_eq!(answer.accepted, through + 1 - from, "{answer:?}");
    }
    db.batch_execute("ANALYZE ops").await.unwrap();
    for i in 0..100 {
        ana.set(
            RecordKind::Entry,
            visit,
            case,
            "purpose",
            &format!("Visit again {i}"),
        );
    }
    let scans = ops_scans(&db, 33_002).await;
    let answer = ana.push_run(&mut db, 3_003, 3_102).await.unwrap();
    assert_eq!(answer.accepted, 100, "{answer:?}");
    assert_eq!(
        ops_scans(&db, 33_102).await - scans,
        0,
        "a push read the whole log: its cost would grow with other teams' ops"
    );
}
