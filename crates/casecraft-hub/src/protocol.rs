//! The hub's side of the protocol: enrolment, push, pull and case membership, each one database
//! transaction run as the gateway's role for the worker the device's credential proves.
//!
//! The gateway checks every op itself (device → worker → role on the case, the op's kind for that
//! role, its fields, its clock, its size) and the database checks again under row-level security:
//! an op either check refuses is answered with its own reason and the rest of the batch is taken.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use casecraft_ops::hub::{
    self, CaseRole, EnrolAnswer, EnrolRequest, Member, MembersAnswer, Membership, PullAnswer,
    PullRequest, PushAnswer, PushRequest, Refusal, ShareRequest, TransferRequest,
};
use casecraft_ops::{Id, Op, OpBody, RecordKind};
use sha2::{Digest, Sha256};
use tokio_postgres::{Client, GenericClient, Transaction};

use crate::error::{Error, Result};
use crate::schema;

/// Pushes take this lock before placing ops in the hub's order, so every place below a committed
/// one has committed too: a pull's cursor never passes an op still being written.
const ORDER_LOCK: i64 = 0x6f72_6465_7273; // "orders"

/// How long an invitation code stays good by default.
pub const INVITATION_DAYS: i32 = 7;

/// A device the hub has authenticated, and the worker it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    /// The device.
    pub device_id: Id,
    /// Its worker.
    pub worker_id: Id,
}

/// SHA-256 of a secret (a credential or an invitation): secrets are long and random, so a fast
/// hash is enough, and the hub keeps nothing it could be replayed from.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// A new random secret: 32 bytes in hex (nothing a shell or a command line reads specially).
fn secret() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_uuid(what: &str, s: &str) -> Result<Id> {
    Id::parse(what, s).map_err(|_| Error::Invalid(format!("the hub holds a malformed {what}")))
}

/// Starts a transaction as the gateway's role, with no worker named yet.
async fn gateway(db: &mut Client) -> Result<Transaction<'_>> {
    let tx = db
        .transaction()
        .await
        .map_err(|e| Error::database("begin", &e))?;
    schema::take_gateway_role(&tx).await?;
    Ok(tx)
}

/// Proves a device's credential (`device_id:secret`) and names its worker for the transaction.
async fn authenticate(tx: &Transaction<'_>, credential: &str) -> Result<Caller> {
    let (device, secret) = credential.split_once(':').ok_or(Error::Unauthorised)?;
    let device_id = Id::parse("device", device).map_err(|_| Error::Unauthorised)?;
    let worker: Option<String> = tx
        .query_one(
            "SELECT hub_authenticate($1::text::uuid, $2)::text",
            &[&device_id.to_string(), &hash(secret)],
        )
        .await
        .map_err(|e| Error::database("check the device", &e))?
        .get(0);
    let Some(worker) = worker else {
        let revoked: bool = tx
            .query_one(
                "SELECT hub_revoked($1::text::uuid)",
                &[&device_id.to_string()],
            )
            .await
            .map_err(|e| Error::database("check the device", &e))?
            .get(0);
        return Err(if revoked {
            Error::Revoked
        } else {
            Error::Unauthorised
        });
    };
    let caller = Caller {
        device_id,
        worker_id: parse_uuid("worker id", &worker)?,
    };
    schema::name_worker(tx, caller.worker_id).await?;
    Ok(caller)
}

async fn hub_id(tx: &impl GenericClient) -> Result<Id> {
    let id: String = tx
        .query_one("SELECT hub_id::text FROM hub_meta", &[])
        .await
        .map_err(|e| Error::database("read the hub's identity", &e))?
        .get(0);
    parse_uuid("hub id", &id)
}

/// Makes a one-time invitation for a worker (named by id or name), good for `days`; answers the
/// code to hand them: the secret, and the hub certificate's fingerprint when `serve` has one.
pub async fn invite(db: &Client, worker: &str, days: i32) -> Result<String> {
    if !(1..=90).contains(&days) {
        return Err(Error::Invalid(
            "an invitation is good for 1 to 90 days".into(),
        ));
    }
    let worker_id = find_worker(db, worker).await?;
    let secret = secret();
    db.execute(
        "INSERT INTO invitations (code_hash, worker_id, expires_at)
         VALUES ($1, $2::text::uuid, now() + make_interval(days => $3))",
        &[&hash(&secret), &worker_id.to_string(), &days],
    )
    .await
    .map_err(|e| Error::database("make the invitation", &e))?;
    let fingerprint: Option<String> = db
        .query_one("SELECT tls_fingerprint FROM hub_meta", &[])
        .await
        .map_err(|e| Error::database("read the hub's certificate", &e))?
        .get(0);
    Ok(match fingerprint {
        Some(f) => format!("{secret}.{f}"),
        None => secret,
    })
}

/// A worker named by id or by name (any case, surrounding spaces ignored), among those `db` shows.
async fn find_worker(db: &impl GenericClient, worker: &str) -> Result<Id> {
    let rows = db
        .query(
            "SELECT worker_id::text FROM workers
              WHERE worker_id::text = lower($1) OR lower(display_name) = lower($1)",
            &[&worker.trim()],
        )
        .await
        .map_err(|e| Error::database("find the worker", &e))?;
    match rows.as_slice() {
        [one] => parse_uuid("worker id", &one.get::<_, String>(0)),
        [] => Err(Error::Invalid(format!(
            "there is no worker \"{}\" in the team",
            worker.trim()
        ))),
        _ => Err(Error::Invalid(format!(
            "more than one worker is called \"{}\"; name them by id",
            worker.trim()
        ))),
    }
}

/// Records the certificate `serve` presents, for invitation codes (as the gateway's role).
pub async fn set_fingerprint(db: &mut Client, fingerprint: &str) -> Result<()> {
    let tx = gateway(db).await?;
    tx.execute("SELECT hub_set_fingerprint($1)", &[&fingerprint])
        .await
        .map_err(|e| Error::database("record the hub's certificate", &e))?;
    tx.commit()
        .await
        .map_err(|e| Error::database("record the hub's certificate", &e))
}

/// Whether the role the gateway connected as can do more than the gateway's own role: a
/// superuser, a role that bypasses row-level security, or the owner of the hub's tables (then
/// only the per-transaction `SET LOCAL ROLE` stands between a bug and every table).
pub async fn connected_with_more_than_the_gateway(db: &Client) -> Result<bool> {
    let row = db
        .query_one(
            "SELECT r.rolsuper OR r.rolbypassrls
                    OR EXISTS (SELECT 1 FROM pg_tables t WHERE t.tablename = 'ops'
                                AND t.tableowner = current_user)
               FROM pg_roles r WHERE r.rolname = current_user",
            &[],
        )
        .await
        .map_err(|e| Error::database("read the gateway's role", &e))?;
    Ok(row.get(0))
}

/// Takes an invitation once: enrols the device and answers its credential.
pub async fn enrol(db: &mut Client, request: &EnrolRequest) -> Result<EnrolAnswer> {
    let credential = secret();
    let tx = gateway(db).await?;
    let worker: Option<String> = tx
        .query_one(
            "SELECT hub_enrol($1, $2::text::uuid, $3)::text",
            &[
                &hash(request.secret.trim()),
                &request.device_id.to_string(),
                &hash(&credential),
            ],
        )
        .await
        .map_err(|e| match e.code() {
            Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION) => {
                Error::Invalid("this device is enrolled already".into())
            }
            _ => Error::database("enrol the device", &e),
        })?
        .get(0);
    let Some(worker) = worker else {
        return Err(Error::Invalid(
            "this invitation code is not known, was used already, or has expired; ask for a new one"
                .into(),
        ));
    };
    let worker_id = parse_uuid("worker id", &worker)?;
    schema::name_worker(&tx, worker_id).await?;
    let row = tx
        .query_one(
            "SELECT w.display_name, t.name FROM workers w JOIN teams t ON t.team_id = w.team_id
              WHERE w.worker_id = hub_worker()",
            &[],
        )
        .await
        .map_err(|e| Error::database("read the worker", &e))?;
    let answer = EnrolAnswer {
        hub_id: hub_id(&tx).await?,
        worker_id,
        worker_name: row.get(0),
        team: row.get(1),
        credential: format!("{}:{credential}", request.device_id),
    };
    tx.commit()
        .await
        .map_err(|e| Error::database("commit the enrolment", &e))?;
    Ok(answer)
}

/// Where an accepted op goes: to the case's members, or to its author's devices only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Case,
    Author,
}

/// What the hub holds that a batch's checks read, loaded for the whole batch in a few queries
/// and kept up to date as its ops are taken (a case created, a reflection shared, an entry
/// completed earlier in the same batch).
#[derive(Debug, Default)]
struct Known {
    /// Record → `unknown`, `held` or `completed`.
    states: HashMap<Id, String>,
    /// Case → the worker's role on it (none: not a member, or no such case).
    roles: HashMap<Id, Option<String>>,
    /// Op ids the hub holds already, or taken earlier in this batch.
    taken: HashSet<Id>,
    /// Records of the batch the worker opened themselves (on the hub or earlier in the batch).
    own: HashSet<Id>,
    /// The worker is one of the team's managers.
    manager: bool,
}

impl Known {
    async fn load(tx: &Transaction<'_>, ops: &[&Op]) -> Result<Known> {
        let mut known = Known::default();
        if ops.is_empty() {
            return Ok(known);
        }
        let records: Vec<String> = ops.iter().map(|o| o.record_id.to_string()).collect();
        for row in tx
            .query(
                "SELECT r::text, hub_record_state(r)
                   FROM (SELECT DISTINCT unnest($1::text[]::uuid[]) AS r) records",
                &[&records],
            )
            .await
            .map_err(|e| Error::database("read the records' state", &e))?
        {
            known
                .states
                .insert(parse_uuid("record id", row.get(0))?, row.get(1));
        }
        let cases: Vec<String> = ops
            .iter()
            .filter_map(|o| hub::case_of(o).map(|c| c.to_string()))
            .collect();
        for row in tx
            .query(
                "SELECT case_id::text, role FROM memberships
                  WHERE worker_id = hub_worker() AND case_id = ANY($1::text[]::uuid[])",
                &[&cases],
            )
            .await
            .map_err(|e| Error::database("read the worker's roles", &e))?
        {
            known
                .roles
                .insert(parse_uuid("case id", row.get(0))?, Some(row.get(1)));
        }
        for row in tx
            .query(
                "SELECT r::text FROM (SELECT DISTINCT unnest($1::text[]::uuid[]) AS r) records
                  WHERE hub_created_by_worker(r)",
                &[&records],
            )
            .await
            .map_err(|e| Error::database("read the worker's own records", &e))?
        {
            known.own.insert(parse_uuid("record id", row.get(0))?);
        }
        known.manager = tx
            .query_opt(
                "SELECT 1 FROM workers WHERE worker_id = hub_worker() AND role = 'manager'",
                &[],
            )
            .await
            .map_err(|e| Error::database("read the worker's team role", &e))?
            .is_some();
        let ids: Vec<String> = ops.iter().map(|o| o.op_id.to_string()).collect();
        for row in tx
            .query(
                "SELECT o::text FROM unnest($1::text[]::uuid[]) o WHERE hub_op_taken(o)",
                &[&ids],
            )
            .await
            .map_err(|e| Error::database("check the changes' ids", &e))?
        {
            known.taken.insert(parse_uuid("op id", row.get(0))?);
        }
        Ok(known)
    }

    fn state(&self, record: Id) -> &str {
        self.states
            .get(&record)
            .map(String::as_str)
            .unwrap_or("unknown")
    }

    /// An op was taken: what later ops of the batch see.
    fn took(&mut self, op: &Op) {
        self.taken.insert(op.op_id);
        if matches!(op.body, OpBody::Create { .. }) {
            self.own.insert(op.record_id);
        }
        let state = if completes(op) { "completed" } else { "held" };
        if self.state(op.record_id) != "completed" {
            self.states.insert(op.record_id, state.to_string());
        }
    }
}

/// Why the hub refuses an op, or where it goes (its case, its reach, whether it opened the case).
async fn check(
    tx: &Transaction<'_>,
    known: &mut Known,
    op: &Op,
    now_millis: u64,
) -> Result<std::result::Result<(Id, Reach, bool), String>> {
    if known.taken.contains(&op.op_id) {
        return Ok(Err(
            "another change with this id is on the team hub already".into(),
        ));
    }
    let size = serde_json::to_vec(op)
        .map(|b| b.len())
        .unwrap_or(usize::MAX);
    if size > hub::MAX_OP_BYTES {
        return Ok(Err(format!(
            "this change is {} KiB; the team hub takes changes up to {} KiB",
            size / 1024,
            hub::MAX_OP_BYTES / 1024
        )));
    }
    if op.hlc.millis() > now_millis + hub::MAX_CLOCK_SKEW_MILLIS {
        return Ok(Err(
            "this change is stamped in the future: check this device's clock and time zone".into(),
        ));
    }
    if !hub::may_reach_hub(op.record_kind) {
        return Ok(Err(format!(
            "a {} is the worker's own and never goes to the team hub",
            op.record_kind.as_str()
        )));
    }
    let Some(case) = hub::case_of(op) else {
        return Ok(Err("this change belongs to no case".into()));
    };
    if let Some(field) = unknown_field(op) {
        return Ok(Err(format!(
            "a {} has no field \"{field}\"",
            op.record_kind.as_str()
        )));
    }
    let state = known.state(op.record_id).to_string();
    if op.record_kind == RecordKind::Reflection && state == "unknown" && !shared_reflection(op) {
        return Ok(Err("a private reflection never goes to the team hub".into()));
    }
    let mut created = false;
    let role = match known.roles.get(&case).cloned().flatten() {
        Some(role) => role,
        None if op.record_kind == RecordKind::Case && matches!(op.body, OpBody::Create { .. }) => {
            let opened: Option<String> = tx
                .query_one("SELECT hub_open_case($1::text::uuid)", &[&case.to_string()])
                .await
                .map_err(|e| Error::database("open the case", &e))?
                .get(0);
            known.roles.insert(case, opened.clone());
            match opened {
                Some(role) => {
                    created = true;
                    role
                }
                None => return Ok(Err("you are not a member of this case".into())),
            }
        }
        None => {
            return Ok(Err(
                "you are not a member of this case on the team hub".into()
            ))
        }
    };
    let role = CaseRole::parse("role", &role)
        .map_err(|_| Error::Invalid("the hub holds an unknown case role".into()))?;
    let own = role.may_write_own(op.record_kind)
        && (hub::opens_oversight_record(op, known.manager) || known.own.contains(&op.record_id));
    if !role.may_write(op.record_kind) && !own {
        return Ok(Err(match role {
            CaseRole::Supervisor => format!(
                "as supervisor of this case you add supervision decisions, agreed actions and \
                 co-working notes; you may not change its other {}s",
                op.record_kind.as_str()
            ),
            _ => format!(
                "as {role} of this case you may not change its {}s",
                op.record_kind.as_str()
            ),
        }));
    }
    let reach = if op.record_kind == RecordKind::Entry && state != "completed" && !completes(op) {
        Reach::Author
    } else {
        Reach::Case
    };
    Ok(Ok((case, reach, created)))
}

/// A field the op writes that its kind does not have.
fn unknown_field(op: &Op) -> Option<String> {
    let known = |name: &str| op.record_kind.field(name).is_some();
    match &op.body {
        OpBody::Create { fields } => fields.keys().find(|f| !known(f)).cloned(),
        OpBody::Set { field, .. } | OpBody::Text { field, .. } | OpBody::Reviewed { field, .. } => {
            (!known(field)).then(|| field.clone())
        }
        OpBody::Settle { .. } => None,
    }
}

/// Whether a reflection's first op shares it with its case.
fn shared_reflection(op: &Op) -> bool {
    op.case_id.is_some()
        && match &op.body {
            OpBody::Create { fields } => {
                fields.get("visibility").and_then(|v| v.as_str()) == Some("shared")
            }
            // Shared after it was written: the device sends this first, then what it wrote
            // while the reflection was private.
            OpBody::Set { field, value, .. } => {
                field == "visibility" && value.as_str() == Some("shared")
            }
            _ => false,
        }
}

/// Whether the op completes its record.
fn completes(op: &Op) -> bool {
    let Some(rule) = op.record_kind.completion() else {
        return false;
    };
    match &op.body {
        OpBody::Set { field, value, .. } => {
            field == rule.field && value.as_str() == Some(rule.value)
        }
        // Recorded complete at once (a supervision decision).
        OpBody::Create { fields } => {
            fields.get(rule.field).and_then(|v| v.as_str()) == Some(rule.value)
        }
        _ => false,
    }
}

/// Takes a run of a device's log. A different op under a seq the hub holds is refused loudly and
/// nothing is taken; a run starting past what the hub holds is refused as a gap; each op the
/// hub's checks refuse is answered with its reason and the rest are taken.
pub async fn push(db: &mut Client, credential: &str, request: &PushRequest) -> Result<PushAnswer> {
    if request.ops.len() > hub::MAX_BATCH {
        return Err(Error::Invalid(format!(
            "a push carries at most {} changes",
            hub::MAX_BATCH
        )));
    }
    let only_openings = request.ops.is_empty() && request.through_seq + 1 == request.from_seq;
    if request.from_seq == 0 || (request.from_seq > request.through_seq && !only_openings) {
        return Err(Error::Invalid(
            "a push covers a run of its device's log from 1 on".into(),
        ));
    }
    if request.opened.len() > hub::MAX_OPENED {
        return Err(Error::Invalid(format!(
            "a push carries at most {} case openings",
            hub::MAX_OPENED
        )));
    }
    let mut tx = gateway(db).await?;
    let caller = authenticate(&tx, credential).await?;
    let mut last = request.from_seq - 1;
    for op in &request.ops {
        if op.device_id != caller.device_id {
            return Err(Error::Invalid(
                "a device pushes its own changes only".into(),
            ));
        }
        if op.seq <= last || op.seq > request.through_seq {
            return Err(Error::Invalid(
                "a push's changes are in order, within the run it covers".into(),
            ));
        }
        last = op.seq;
    }
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&ORDER_LOCK])
        .await
        .map_err(|e| Error::database("take the order lock", &e))?;
    let held: i64 = tx
        .query_one(
            "SELECT hub_pushed_through($1::text::uuid)",
            &[&caller.device_id.to_string()],
        )
        .await
        .map_err(|e| Error::database("read the device's place", &e))?
        .get(0);
    let held = u64::try_from(held).unwrap_or(0);
    if request.from_seq > held + 1 {
        return Err(Error::Gap { held });
    }
    let now = casecraft_ops::hlc::wall_millis();
    let mut answer = PushAnswer {
        accepted: 0,
        duplicates: 0,
        refused: Vec::new(),
        pushed_through: held.max(request.through_seq),
    };
    let mut touched: BTreeSet<(Id, char)> = BTreeSet::new();
    // Ops under seqs the hub holds: the same op sent again is nothing to do; another is a clash.
    let (old, mut new): (Vec<&Op>, Vec<&Op>) = request.ops.iter().partition(|o| o.seq <= held);
    if !old.is_empty() {
        let seqs: Vec<i64> = old
            .iter()
            .map(|o| i64::try_from(o.seq).unwrap_or(i64::MAX))
            .collect();
        let there: HashMap<i64, String> = tx
            .query(
                "SELECT s, hub_op_at($1::text::uuid, s)::text FROM unnest($2::bigint[]) s",
                &[&caller.device_id.to_string(), &seqs],
            )
            .await
            .map_err(|e| Error::database("read held changes", &e))?
            .iter()
            .filter_map(|r| r.get::<_, Option<String>>(1).map(|id| (r.get(0), id)))
            .collect();
        let mut late = Vec::new();
        for op in old {
            let seq = i64::try_from(op.seq).unwrap_or(i64::MAX);
            match there.get(&seq) {
                Some(id) if *id != op.op_id.to_string() => {
                    return Err(Error::Clash { seq: op.seq })
                }
                // Sent again: nothing to do.
                Some(_) => answer.duplicates += 1,
                // Covered before but never taken (a reflection's ops withheld while it was
                // private, sent once it is shared; or refused then): judged like a new op.
                None => late.push(op),
            }
        }
        // In seq order: every late op comes before every new one.
        late.append(&mut new);
        new = late;
    }
    // The new ops, checked one by one against what the hub holds, then taken in one statement.
    let mut known = Known::load(&tx, &new).await?;
    let mut taking: Vec<(&Op, Id, Reach)> = Vec::new();
    for op in &new {
        match check(&tx, &mut known, op, now).await? {
            Ok((case, reach, created)) => {
                known.took(op);
                touched.insert((case, if created { 'C' } else { 'U' }));
                taking.push((op, case, reach));
            }
            Err(reason) => answer.refused.push(Refusal {
                op_id: op.op_id,
                reason,
            }),
        }
    }
    let refused_by_database = insert_ops(&mut tx, caller, &taking).await?;
    for op_id in &refused_by_database {
        answer.refused.push(Refusal {
            op_id: *op_id,
            reason: "the team hub's database refused this change for your role on the case".into(),
        });
    }
    for (op, _, _) in &taking {
        if refused_by_database.contains(&op.op_id) {
            continue;
        }
        answer.accepted += 1;
        if completes(op) {
            tx.query_one(
                "SELECT hub_publish($1::text::uuid)",
                &[&op.record_id.to_string()],
            )
            .await
            .map_err(|e| Error::database("publish the completed entry", &e))?;
        }
    }
    let through = i64::try_from(answer.pushed_through).unwrap_or(i64::MAX);
    tx.query_one(
        "SELECT hub_advance($1::text::uuid, $2)",
        &[&caller.device_id.to_string(), &through],
    )
    .await
    .map_err(|e| Error::database("move the device's place on", &e))?;
    record_audit(&tx, caller, touched).await?;
    record_openings(&tx, caller, &request.opened).await?;
    tx.commit()
        .await
        .map_err(|e| Error::database("commit the push", &e))?;
    Ok(answer)
}

const INSERT_OPS: &str = "INSERT INTO ops (device_id, seq, op_id, hlc, author, record_kind,
                                           record_id, case_id, visibility, op)
     SELECT $1::text::uuid, t.seq, t.op_id::uuid, t.hlc, hub_worker(), t.kind, t.record_id::uuid,
            t.case_id::uuid, t.vis, t.op
       FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                   $8::text[], $9::jsonb[])
            WITH ORDINALITY AS t(seq, op_id, hlc, kind, record_id, case_id, vis, op, ord)
      ORDER BY t.ord";

/// Inserts the ops the gateway's checks took, in order, in one statement; if the database's own
/// policies refuse that (they mirror the checks, so this is the second wall catching a bug), one
/// by one, each in a savepoint. Answers the ops the database refused.
async fn insert_ops(
    tx: &mut Transaction<'_>,
    caller: Caller,
    taking: &[(&Op, Id, Reach)],
) -> Result<Vec<Id>> {
    if taking.is_empty() {
        return Ok(Vec::new());
    }
    let run = |chunk: &[(&Op, Id, Reach)]| -> Result<_> {
        let mut seqs = Vec::new();
        let mut ids = Vec::new();
        let mut hlcs = Vec::new();
        let mut kinds = Vec::new();
        let mut records = Vec::new();
        let mut cases = Vec::new();
        let mut reaches = Vec::new();
        let mut bodies = Vec::new();
        for (op, case, reach) in chunk {
            seqs.push(
                i64::try_from(op.seq).map_err(|_| Error::Invalid("seq out of range".into()))?,
            );
            ids.push(op.op_id.to_string());
            hlcs.push(i64::try_from(op.hlc.as_u64()).unwrap_or(i64::MAX));
            kinds.push(op.record_kind.as_str().to_string());
            records.push(op.record_id.to_string());
            cases.push(case.to_string());
            reaches.push(match reach {
                Reach::Case => "case".to_string(),
                Reach::Author => "author".to_string(),
            });
            bodies.push(
                serde_json::to_value(op).map_err(|_| Error::Invalid("unreadable op".into()))?,
            );
        }
        Ok((seqs, ids, hlcs, kinds, records, cases, reaches, bodies))
    };
    let device = caller.device_id.to_string();
    let all = run(taking)?;
    let sp = tx
        .savepoint("batch")
        .await
        .map_err(|e| Error::database("mark the batch", &e))?;
    let inserted = sp
        .execute(
            INSERT_OPS,
            &[
                &device, &all.0, &all.1, &all.2, &all.3, &all.4, &all.5, &all.6, &all.7,
            ],
        )
        .await;
    match inserted {
        Ok(_) => {
            sp.commit()
                .await
                .map_err(|e| Error::database("keep the batch", &e))?;
            return Ok(Vec::new());
        }
        Err(e) => {
            tracing::warn!(error = %e, "the database refused a batch; taking its changes one by one");
            sp.rollback()
                .await
                .map_err(|e| Error::database("undo the batch", &e))?;
        }
    }
    let mut refused = Vec::new();
    for one in taking {
        let row = run(std::slice::from_ref(one))?;
        let sp = tx
            .savepoint("op")
            .await
            .map_err(|e| Error::database("mark the change", &e))?;
        let r = sp
            .execute(
                INSERT_OPS,
                &[
                    &device, &row.0, &row.1, &row.2, &row.3, &row.4, &row.5, &row.6, &row.7,
                ],
            )
            .await;
        match r {
            Ok(_) => sp
                .commit()
                .await
                .map_err(|e| Error::database("keep the change", &e))?,
            Err(e) => {
                tracing::warn!(error = %e, op = %one.0.op_id, "the database refused a change");
                sp.rollback()
                    .await
                    .map_err(|e| Error::database("undo the change", &e))?;
                refused.push(one.0.op_id);
            }
        }
    }
    Ok(refused)
}

/// One audit event per case and action: who, from which device, now.
async fn record_audit(
    tx: &Transaction<'_>,
    caller: Caller,
    events: impl IntoIterator<Item = (Id, char)>,
) -> Result<()> {
    for (case, action) in events {
        tx.execute(
            "INSERT INTO audit_events (recorded, agent, device_id, entity, action)
             VALUES (now(), hub_worker(), $1::text::uuid, $2::text::uuid, $3)",
            &[
                &caller.device_id.to_string(),
                &case.to_string(),
                &action.to_string(),
            ],
        )
        .await
        .map_err(|e| Error::database("record the audit", &e))?;
    }
    Ok(())
}

/// Records the cases the worker opened on the device (offline, at the device's moment, no later
/// than now), for the cases they are a member of; others are not the hub's to record.
async fn record_openings(
    tx: &Transaction<'_>,
    caller: Caller,
    opened: &[hub::CaseOpened],
) -> Result<()> {
    for o in opened {
        tx.execute(
            "INSERT INTO audit_events (recorded, agent, device_id, entity, action)
             SELECT least($1::text::timestamptz, now()), hub_worker(), $2::text::uuid,
                    $3::text::uuid, 'R'
              WHERE $3::text::uuid IN (SELECT hub_cases())",
            &[
                &o.at.to_rfc3339(),
                &caller.device_id.to_string(),
                &o.case_id.to_string(),
            ],
        )
        .await
        .map_err(|e| Error::database("record a case opened", &e))?;
    }
    Ok(())
}

/// The ops after a cursor that the device's worker may see (not the device's own), in the hub's
/// order, with the cases they are a member of.
pub async fn pull(db: &mut Client, credential: &str, request: &PullRequest) -> Result<PullAnswer> {
    let tx = gateway(db).await?;
    let caller = authenticate(&tx, credential).await?;
    let hub_id = hub_id(&tx).await?;
    let high: i64 = tx
        .query_one("SELECT hub_high_water()", &[])
        .await
        .map_err(|e| Error::database("read the hub's order", &e))?
        .get(0);
    let after = i64::try_from(request.after).unwrap_or(i64::MAX);
    let cases = memberships(&tx).await?;
    let removals = removals(&tx).await?;
    let team_role: Option<String> = tx
        .query_opt(
            "SELECT role FROM workers WHERE worker_id = hub_worker()",
            &[],
        )
        .await
        .map_err(|e| Error::database("read the worker's team role", &e))?
        .map(|r| r.get(0));
    let removed: Vec<Id> = removals.iter().map(|r| r.case_id).collect();
    if request.hub_id.is_some_and(|h| h != hub_id) || after > high {
        return Ok(PullAnswer {
            hub_id,
            resync: true,
            ops: Vec::new(),
            next: 0,
            more: false,
            cases,
            removed,
            removals,
            authors: Vec::new(),
            team_role,
        });
    }
    let limit = hub::MAX_BATCH as i64;
    // A page is a walk along an index in hub order, stopping at the page's end: never a scan of
    // everything after the cursor and a sort (which the planner picks when its estimates lag
    // behind a bulk of new ops, and which costs a first pull the square of its size).
    tx.batch_execute("SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off")
        .await
        .map_err(|e| Error::database("plan the pull", &e))?;
    // With no case named, the page is read in windows of the hub's order: everything of the
    // worker's after the cursor and up to the window's end, the window growing until it holds a
    // page or reaches the checkpoint. A page then costs what it returns, not (as a limit per case
    // would) a page of every case; and when the window reached the checkpoint with less than a
    // page, the cursor moves to the checkpoint, past other teams' ops.
    let (rows, window_end) = match request.case {
        Some(case) => {
            let until = request
                .until
                .map(|u| i64::try_from(u).unwrap_or(i64::MAX))
                .unwrap_or(high);
            let rows = tx
                .query(
                    "SELECT hub_seq, op, author::text FROM ops
                      WHERE case_id = $1::text::uuid AND hub_seq > $2 AND hub_seq <= $3
                        AND device_id <> $4::text::uuid
                      ORDER BY hub_seq LIMIT $5",
                    &[
                        &case.to_string(),
                        &after,
                        &until,
                        &caller.device_id.to_string(),
                        &limit,
                    ],
                )
                .await
                .map_err(|e| Error::database("read the changes", &e))?;
            (rows, None)
        }
        None => {
            // Driven by the worker's own cases, each read in order from its index, and their own
            // drafts: a pull costs what the worker's cases hold in the window, whatever else the
            // hub holds. (The policies still filter every row.)
            let member_of: Vec<String> = cases.iter().map(|m| m.case_id.to_string()).collect();
            let mut window = limit.saturating_mul(4);
            loop {
                let end = after.saturating_add(window).min(high);
                let rows = tx
                    .query(
                        "SELECT hub_seq, op, author::text FROM (
                             SELECT o.hub_seq, o.op, o.author
                               FROM unnest($1::text[]::uuid[]) c(id)
                               CROSS JOIN LATERAL (
                                   SELECT hub_seq, op, author FROM ops
                                    WHERE case_id = c.id AND visibility = 'case'
                                      AND hub_seq > $2 AND hub_seq <= $5
                                      AND device_id <> $3::text::uuid
                                    ORDER BY hub_seq LIMIT $4) o
                             UNION ALL
                             (SELECT hub_seq, op, author FROM ops
                               WHERE author = hub_worker() AND visibility = 'author'
                                 AND hub_seq > $2 AND hub_seq <= $5
                                 AND device_id <> $3::text::uuid
                               ORDER BY hub_seq LIMIT $4)
                         ) page
                         ORDER BY hub_seq LIMIT $4",
                        &[
                            &member_of,
                            &after,
                            &caller.device_id.to_string(),
                            &limit,
                            &end,
                        ],
                    )
                    .await
                    .map_err(|e| Error::database("read the changes", &e))?;
                if rows.len() >= hub::MAX_BATCH || end >= high {
                    break (rows, Some(end));
                }
                window = window.saturating_mul(4);
            }
        }
    };
    let mut ops = Vec::with_capacity(rows.len());
    let mut next = request.after;
    let mut read: BTreeSet<(Id, char)> = BTreeSet::new();
    // Each author id of the page with the worker whose device wrote under it.
    let mut writers: BTreeMap<Id, String> = BTreeMap::new();
    for row in &rows {
        let seq: i64 = row.get(0);
        let json: serde_json::Value = row.get(1);
        let op: Op = serde_json::from_value(json)
            .map_err(|_| Error::Invalid("the hub holds an unreadable change".into()))?;
        if let Some(case) = hub::case_of(&op) {
            read.insert((case, 'R'));
        }
        writers.entry(op.author).or_insert_with(|| row.get(2));
        ops.push(op);
        next = u64::try_from(seq).unwrap_or(next);
    }
    // Everything of the worker's up to the window's end is in this page.
    if let (Some(end), true) = (window_end, ops.len() < hub::MAX_BATCH) {
        next = u64::try_from(end).unwrap_or(next);
    }
    let authors = authors(&tx, writers).await?;
    record_audit(&tx, caller, read).await?;
    tx.commit()
        .await
        .map_err(|e| Error::database("commit the pull", &e))?;
    Ok(PullAnswer {
        hub_id,
        resync: false,
        more: ops.len() == hub::MAX_BATCH,
        ops,
        next,
        cases,
        removed,
        removals,
        authors,
        team_role,
    })
}

/// The names and team roles behind a page's author ids (workers of the caller's team: the
/// policies let the gateway read no others).
async fn authors(tx: &Transaction<'_>, writers: BTreeMap<Id, String>) -> Result<Vec<hub::Author>> {
    if writers.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = writers.values().map(String::as_str).collect();
    let rows = tx
        .query(
            "SELECT worker_id::text, display_name, role FROM workers
              WHERE worker_id = ANY($1::text[]::uuid[])",
            &[&ids],
        )
        .await
        .map_err(|e| Error::database("read the authors' names", &e))?;
    let named: BTreeMap<String, (String, String)> = rows
        .iter()
        .map(|r| (r.get::<_, String>(0), (r.get(1), r.get(2))))
        .collect();
    Ok(writers
        .into_iter()
        .filter_map(|(author, worker)| {
            named.get(&worker).map(|(name, role)| hub::Author {
                author,
                name: name.clone(),
                role: role.clone(),
                worker_id: worker.parse().ok(),
            })
        })
        .collect())
}

async fn removals(tx: &Transaction<'_>) -> Result<Vec<hub::Removal>> {
    let rows = tx
        .query(
            "SELECT r.case_id::text, r.removed_by::text, w.display_name,
                    (extract(epoch FROM r.removed_at) * 1000)::bigint
               FROM removals r LEFT JOIN workers w ON w.worker_id = r.removed_by
              WHERE r.worker_id = hub_worker() ORDER BY r.case_id",
            &[],
        )
        .await
        .map_err(|e| Error::database("read the worker's removals", &e))?;
    rows.iter()
        .map(|r| {
            Ok(hub::Removal {
                case_id: parse_uuid("case id", &r.get::<_, String>(0))?,
                by: r
                    .get::<_, Option<String>>(1)
                    .map(|b| parse_uuid("worker id", &b))
                    .transpose()?,
                by_name: r.get(2),
                at: chrono::DateTime::from_timestamp_millis(r.get(3)).unwrap_or_default(),
            })
        })
        .collect()
}

async fn memberships(tx: &Transaction<'_>) -> Result<Vec<Membership>> {
    let rows = tx
        .query(
            "SELECT m.case_id::text, m.role, o.worker_id::text, w.display_name, w.role,
                    coalesce(d.drafts, 0)
               FROM memberships m
               LEFT JOIN memberships o ON o.case_id = m.case_id AND o.role = 'owner'
               LEFT JOIN workers w ON w.worker_id = o.worker_id
               LEFT JOIN hub_case_drafts() d ON d.case_id = m.case_id
              WHERE m.worker_id = hub_worker()
              ORDER BY m.case_id",
            &[],
        )
        .await
        .map_err(|e| Error::database("read the worker's cases", &e))?;
    rows.iter()
        .map(|r| {
            let owner = match (r.get::<_, Option<String>>(2), r.get::<_, Option<String>>(3)) {
                (Some(id), Some(name)) => Some(hub::Colleague {
                    worker_id: parse_uuid("worker id", &id)?,
                    name,
                    role: r.get::<_, Option<String>>(4).unwrap_or_default(),
                }),
                _ => None,
            };
            Ok(Membership {
                case_id: parse_uuid("case id", &r.get::<_, String>(0))?,
                role: CaseRole::parse("role", &r.get::<_, String>(1))
                    .map_err(|_| Error::Invalid("the hub holds an unknown case role".into()))?,
                owner,
                drafts: u32::try_from(r.get::<_, i64>(5)).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// Shares a case with a colleague, changes their role, or removes them (the case's owner only).
pub async fn share(db: &mut Client, credential: &str, request: &ShareRequest) -> Result<()> {
    let tx = gateway(db).await?;
    authenticate(&tx, credential).await?;
    let worker = find_worker(&tx, &request.worker).await?;
    let refusal: Option<String> = tx
        .query_one(
            "SELECT hub_share($1::text::uuid, $2::text::uuid, $3)",
            &[
                &request.case_id.to_string(),
                &worker.to_string(),
                &request.role.map(|r| r.as_str()),
            ],
        )
        .await
        .map_err(|e| Error::database("share the case", &e))?
        .get(0);
    if let Some(reason) = refusal {
        return Err(Error::Forbidden(reason));
    }
    tx.commit()
        .await
        .map_err(|e| Error::database("commit the sharing", &e))
}

/// The calling device leaves its team: its credential is revoked at once (the worker's other
/// devices keep theirs).
pub async fn leave(db: &mut Client, credential: &str) -> Result<()> {
    let tx = gateway(db).await?;
    let caller = authenticate(&tx, credential).await?;
    tx.execute(
        "SELECT hub_leave($1::text::uuid)",
        &[&caller.device_id.to_string()],
    )
    .await
    .map_err(|e| Error::database("leave the team", &e))?;
    tx.commit()
        .await
        .map_err(|e| Error::database("commit leaving", &e))
}

/// Hands a case to a colleague (the case's owner only).
pub async fn transfer(db: &mut Client, credential: &str, request: &TransferRequest) -> Result<()> {
    let tx = gateway(db).await?;
    authenticate(&tx, credential).await?;
    let to = find_worker(&tx, &request.to).await?;
    let refusal: Option<String> = tx
        .query_one(
            if request.oversee {
                "SELECT hub_allocate($1::text::uuid, $2::text::uuid)"
            } else {
                "SELECT hub_transfer($1::text::uuid, $2::text::uuid)"
            },
            &[&request.case_id.to_string(), &to.to_string()],
        )
        .await
        .map_err(|e| Error::database("transfer the case", &e))?
        .get(0);
    if let Some(reason) = refusal {
        return Err(Error::Forbidden(reason));
    }
    tx.commit()
        .await
        .map_err(|e| Error::database("commit the transfer", &e))
}

/// The members of a case the caller is a member of.
pub async fn members(db: &mut Client, credential: &str, case: Id) -> Result<MembersAnswer> {
    let tx = gateway(db).await?;
    authenticate(&tx, credential).await?;
    let rows = tx
        .query(
            "SELECT m.worker_id::text, w.display_name, m.role
               FROM memberships m JOIN workers w ON w.worker_id = m.worker_id
              WHERE m.case_id = $1::text::uuid
              ORDER BY m.role <> 'owner', w.display_name",
            &[&case.to_string()],
        )
        .await
        .map_err(|e| Error::database("read the case's members", &e))?;
    if rows.is_empty() {
        return Err(Error::Forbidden(
            "you are not a member of this case on the team hub".into(),
        ));
    }
    let members = rows
        .iter()
        .map(|r| {
            Ok(Member {
                worker_id: parse_uuid("worker id", &r.get::<_, String>(0))?,
                name: r.get(1),
                role: CaseRole::parse("role", &r.get::<_, String>(2))
                    .map_err(|_| Error::Invalid("the hub holds an unknown case role".into()))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let team = tx
        .query(
            "SELECT worker_id::text, display_name, role FROM workers ORDER BY display_name",
            &[],
        )
        .await
        .map_err(|e| Error::database("read the team", &e))?
        .iter()
        .map(|r| {
            Ok(hub::Colleague {
                worker_id: parse_uuid("worker id", &r.get::<_, String>(0))?,
                name: r.get(1),
                role: r.get(2),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MembersAnswer {
        case_id: case,
        members,
        team,
    })
}
