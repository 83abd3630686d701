//! What a device and the team hub say to each other: the requests and answers of the hub's
//! protocol (enrol, push, pull, membership), the roles a worker has on a case, and which ops may
//! travel to the hub at all.
//!
//! Visibility classes (ARCHITECTURE: Team hub):
//! - **case-shared**: a case's records (the case, its people, completed chronology entries,
//!   addenda, co-working notes, actions, reflections shared with the case) reach its members;
//! - **author-only**: a chronology entry still in draft reaches its author's devices only, until
//!   it is completed;
//! - **never leaves the worker**: private reflections, supervision sessions, placements, the
//!   worker's profile, and every form draft stay on the worker's own devices (which share them
//!   end-to-end encrypted through the sync folder, never through the hub).

use serde::{Deserialize, Serialize};

use crate::ids::Id;
use crate::op::{Op, OpBody};
use crate::record::RecordKind;
use crate::vocabulary;

/// The protocol this build speaks; a hub answers requests of its own version only.
pub const PROTOCOL: u32 = 1;

/// The most ops one push may carry, and one pull answer.
pub const MAX_BATCH: usize = 1000;

/// How far ahead of the hub's clock an op's stamp may be (a device whose clock is wrong by more
/// is refused, so it cannot push its edits ahead of everyone else's for ever).
pub const MAX_CLOCK_SKEW_MILLIS: u64 = 5 * 60 * 1000;

/// The largest op the hub takes, as JSON.
pub const MAX_OP_BYTES: usize = 2 * 1024 * 1024;

vocabulary!(
    /// What a worker may do on a case they are a member of.
    CaseRole, "case role", {
        /// Holds the case: may change anything, share it, transfer it.
        Owner => "owner",
        /// Co-works the case: may record and change its records.
        CoWorker => "co-worker",
        /// Oversees the case: reads it and adds supervision decisions (co-working notes).
        Supervisor => "supervisor",
        /// Reads the case only.
        ReadOnly => "read-only",
    }
);

impl CaseRole {
    /// Whether this role may push an op on a record of `kind`.
    pub fn may_write(self, kind: RecordKind) -> bool {
        match self {
            CaseRole::Owner | CaseRole::CoWorker => true,
            CaseRole::Supervisor => kind == RecordKind::CoworkNote,
            CaseRole::ReadOnly => false,
        }
    }
}

impl CaseRole {
    /// Whether this role may push an op on a record the worker created themselves: a supervisor
    /// records supervision decisions and agreed actions on the cases they oversee (see
    /// [`opens_oversight_record`]) and changes only what they recorded.
    pub fn may_write_own(self, kind: RecordKind) -> bool {
        self == CaseRole::Supervisor && matches!(kind, RecordKind::Entry | RecordKind::Action)
    }
}

/// Whether `op` opens a record a case's supervisor may add: a supervision decision (an entry of
/// kind `supervision`) or an agreed action; and for a team `manager`, a case note too (management
/// oversight, and the summary of a transfer they make).
pub fn opens_oversight_record(op: &Op, manager: bool) -> bool {
    let OpBody::Create { fields } = &op.body else {
        return false;
    };
    match op.record_kind {
        RecordKind::Entry => match fields.get("kind").and_then(|k| k.as_str()) {
            Some("supervision") => true,
            Some("case-note") => manager,
            _ => false,
        },
        RecordKind::Action => true,
        _ => false,
    }
}

/// The SHA-256 of a certificate (DER) in lowercase hex: what an invitation code carries and a
/// device pins.
pub fn fingerprint(der: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether ops on records of `kind` ever travel to the hub (for reflections: only once shared
/// with a case; the device and the hub both check the reflection's visibility).
pub fn may_reach_hub(kind: RecordKind) -> bool {
    matches!(
        kind,
        RecordKind::Case
            | RecordKind::Person
            | RecordKind::Entry
            | RecordKind::Addendum
            | RecordKind::CoworkNote
            | RecordKind::Action
            | RecordKind::Reflection
    )
}

/// The case an op belongs to, as the hub routes it: a case's own ops name it by record id.
pub fn case_of(op: &Op) -> Option<Id> {
    if op.record_kind == RecordKind::Case {
        Some(op.record_id)
    } else {
        op.case_id
    }
}

/// A device proves an invitation code once and is given its credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The invitation's secret part.
    pub secret: String,
    /// The device enrolling.
    pub device_id: Id,
}

/// What an enrolled device keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolAnswer {
    /// The hub's identity (a cursor from another hub is not used with this one).
    pub hub_id: Id,
    /// The worker the invitation was for.
    pub worker_id: Id,
    /// Their name as the hub knows it.
    pub worker_name: String,
    /// Their team's name.
    pub team: String,
    /// The device's credential; the hub keeps only its hash.
    pub credential: String,
}

/// A run of a device's log: every op of it in `from_seq..=through_seq` that may reach the hub
/// (the rest never leaves the worker, so the hub is told the range is covered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The first seq covered.
    pub from_seq: u64,
    /// The last seq covered.
    pub through_seq: u64,
    /// The ops of the range that travel, in seq order.
    pub ops: Vec<Op>,
    /// Cases the worker opened on this device since the last push (recorded offline), for the
    /// hub's audit. A push may carry these alone (an empty run: `through_seq = from_seq - 1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opened: Vec<CaseOpened>,
}

/// A worker opened a case on a device, at a moment (the device's clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOpened {
    /// The case.
    pub case_id: Id,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// The most case openings one push may carry.
pub const MAX_OPENED: usize = 1000;

/// The hub's answer to a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushAnswer {
    /// Ops newly taken.
    pub accepted: u64,
    /// Ops the hub held already (a batch sent again).
    pub duplicates: u64,
    /// Ops the hub refused, each with why; the rest of the batch was taken.
    pub refused: Vec<Refusal>,
    /// The device's log is covered up to here.
    pub pushed_through: u64,
}

/// An op the hub did not accept, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// The op.
    pub op_id: Id,
    /// A sentence for the worker.
    pub reason: String,
}

/// Asks for the ops after a cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    /// The hub the cursor came from (none on a first pull).
    pub hub_id: Option<Id>,
    /// The cursor: ops after this place in the hub's order.
    pub after: u64,
    /// One case's earlier ops only (a case newly shared with the worker), up to `until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<Id>,
    /// With `case`: the cursor the device had reached when it learnt of the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<u64>,
}

/// The hub's answer to a pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullAnswer {
    /// The hub's identity.
    pub hub_id: Id,
    /// The cursor was not this hub's (or is beyond what it holds, after a restore): the device
    /// starts again from nothing (its ops are idempotent) and sends its log again.
    pub resync: bool,
    /// The ops, in hub order.
    pub ops: Vec<Op>,
    /// The cursor to ask from next.
    pub next: u64,
    /// Whether more ops wait after `next` (everything up to it has committed).
    pub more: bool,
    /// The cases the worker is a member of now, with their role.
    pub cases: Vec<Membership>,
    /// Cases the worker was removed from (and not added to again): the device purges each,
    /// however it holds it.
    #[serde(default)]
    pub removed: Vec<Id>,
    /// Who removed the worker from each of those cases, and when: what the app tells them.
    #[serde(default)]
    pub removals: Vec<Removal>,
    /// Who wrote the page's ops: each author id (a device's local profile) with the team
    /// worker behind it, so colleagues' work shows their name.
    #[serde(default)]
    pub authors: Vec<Author>,
    /// The worker's role in the team now (practitioner, student, supervisor, manager, admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_role: Option<String>,
}

/// The worker's removal from a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The case.
    pub case_id: Id,
    /// Who stopped sharing it (the worker themselves when they transferred it), when known.
    pub by: Option<Id>,
    /// Their name.
    pub by_name: Option<String>,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// An author id as the team knows it: the worker whose device wrote under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The op's `author` (the writing device's local profile id).
    pub author: Id,
    /// The worker's name on the hub.
    pub name: String,
    /// The worker's role in the team (practitioner, student, supervisor, manager, admin).
    pub role: String,
    /// The worker (so a device tells its own worker's other devices from colleagues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_id: Option<Id>,
}

/// A worker's membership of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The case.
    pub case_id: Id,
    /// The worker's role on it.
    pub role: CaseRole,
    /// Who holds the case (its owner), as the team knows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Colleague>,
    /// Entries of the case other workers still hold as drafts: a number only (the drafts reach
    /// nobody but their author until completed).
    #[serde(default)]
    pub drafts: u32,
}

/// Shares a case with a colleague, changes their role, or (with `role: None`) removes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareRequest {
    /// The case.
    pub case_id: Id,
    /// The colleague: their worker id, or their name as the hub knows it.
    pub worker: String,
    /// Their role; none removes them from the case.
    pub role: Option<CaseRole>,
}

/// Hands a case to a colleague: they become its owner and the worker handing it on leaves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// The case.
    pub case_id: Id,
    /// The colleague: their worker id, or their name as the hub knows it.
    pub to: String,
    /// An allocation: the worker handing the case on stays on it as its supervisor.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub oversee: bool,
}

/// Asks for a case's members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersRequest {
    /// The case.
    pub case_id: Id,
}

/// One member of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The worker.
    pub worker_id: Id,
    /// Their name.
    pub name: String,
    /// Their role on the case.
    pub role: CaseRole,
}

/// The members of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembersAnswer {
    /// The case.
    pub case_id: Id,
    /// Its members, owner first.
    pub members: Vec<Member>,
    /// Everyone in the team, by name: whom the case may be shared with.
    #[serde(default)]
    pub team: Vec<Colleague>,
}

/// A worker of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    /// The worker.
    pub worker_id: Id,
    /// Their name.
    pub name: String,
    /// Their role in the team (practitioner, student, supervisor, manager, admin).
    pub role: String,
}

/// An error the hub answers: a kind a program can match and a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorAnswer {
    /// `unauthorised`, `revoked`, `refused`, `invalid`, `clash`, `gap`, `unavailable`.
    pub kind: String,
    /// What happened and what to do.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_owners_and_co_workers_write_everything() {
        for kind in RecordKind::ALL {
            assert!(CaseRole::Owner.may_write(*kind));
            assert!(CaseRole::CoWorker.may_write(*kind));
            assert!(!CaseRole::ReadOnly.may_write(*kind));
            assert_eq!(
                CaseRole::Supervisor.may_write(*kind),
                *kind == RecordKind::CoworkNote
            );
        }
    }

    #[test]
    fn a_workers_own_records_never_reach_the_hub() {
        for kind in [
            RecordKind::Worker,
            RecordKind::Supervision,
            RecordKind::Placement,
            RecordKind::PlacementDay,
            RecordKind::Observation,
        ] {
            assert!(!may_reach_hub(kind), "{kind:?}");
        }
    }

    #[test]
    fn case_roles_read_in_any_case_and_spacing() {
        for s in ["co-worker", "Co-Worker", " CO-WORKER "] {
            assert_eq!(
                CaseRole::parse("role", s).ok(),
                Some(CaseRole::CoWorker),
                "{s}"
            );
        }
        assert!(CaseRole::parse("role", "boss").is_err());
    }
}
