//! The change log: every change is an op appended to its device's log, and
//! every table the app reads is derived from the ops. Ops are idempotent
//! (unique id) so they may be applied in any order, more than once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::hlc::Hlc;
use crate::ids::Id;
use crate::record::RecordKind;

/// One change, as stored in the log and as it will travel between devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// Unique id of the op.
    pub op_id: Id,
    /// The device that made it.
    pub device_id: Id,
    /// Its place in that device's log: 1, 2, 3… with no gaps.
    pub seq: u64,
    /// Hybrid logical clock stamp.
    pub hlc: Hlc,
    /// The worker who made it.
    pub author: Id,
    /// Kind of record changed.
    pub record_kind: RecordKind,
    /// Record changed.
    pub record_id: Id,
    /// The case the record belongs to (routes sharing and sync).
    pub case_id: Option<Id>,
    /// What changed.
    pub body: OpBody,
}

/// What an op does to its record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum OpBody {
    /// Creates the record with its first scalar values.
    Create {
        /// Field name → value.
        fields: BTreeMap<String, serde_json::Value>,
    },
    /// Writes one scalar field, replacing the values written by `prev`
    /// (a multi-value register: concurrent writes stay visible).
    Set {
        /// Field name.
        field: String,
        /// New value.
        value: serde_json::Value,
        /// The ops whose values this write replaces.
        prev: Vec<Id>,
        /// For a delete: the last op of each device in what is deleted (the
        /// record, or a whole case) that the deleter had seen, so an edit
        /// made without seeing the delete is known to be concurrent with it.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        seen: BTreeMap<Id, u64>,
    },
    /// Applies a text CRDT update (a `yrs` v1 update, base64) to a body.
    Text {
        /// Field name.
        field: String,
        /// Base64 of the update.
        update: String,
        /// The text ops of this body its writer had seen last (as `prev` of
        /// a register): two edits that did not see each other are
        /// concurrent, and the body is flagged "merged — review".
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        prev: Vec<Id>,
    },
    /// A person has read a merged body; clears its flag.
    Reviewed {
        /// Field name.
        field: String,
        /// The body's text ops the reviewer had seen.
        prev: Vec<Id>,
    },
    /// A person has dealt with edits held back from a completed record (edits made on another
    /// device before it knew the record was completed): added as an addendum or discarded. The
    /// edits stay in the log; they are no longer listed.
    Settle {
        /// The held ops dealt with.
        held: Vec<Id>,
    },
}

impl OpBody {
    /// A short, content-free description for logs and `casecraft log`.
    pub fn summary(&self) -> String {
        match self {
            OpBody::Create { fields } => format!("create ({} fields)", fields.len()),
            OpBody::Set { field, .. } => format!("set {field}"),
            OpBody::Text { field, .. } => format!("edit text {field}"),
            OpBody::Reviewed { field, .. } => format!("reviewed merged {field}"),
            OpBody::Settle { held } => format!("settled {} held edit(s)", held.len()),
        }
    }
}
