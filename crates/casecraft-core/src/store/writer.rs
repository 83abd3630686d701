//! The one write path: a transaction that appends ops to this device's log,
//! applies each to the derived tables and, on commit, re-indexes every
//! record the ops touched.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::Value;

use super::apply::{self, Head};
use super::ingest;
use super::log::insert_op;
use super::search::reindex_all;
use super::{meta_get, meta_id, meta_set, Cached};
use crate::error::{Error, Result};
use crate::hlc::{wall_millis, Hlc};
use crate::ids::Id;
use crate::op::{Op, OpBody};
use crate::record::{FieldType, RecordKind};
use crate::text::{self, TextDoc};
use crate::zone::Zone;

/// An open write: collects ops and applies them as it goes.
pub(crate) struct Writer<'c> {
    tx: Transaction<'c>,
    device: Id,
    author: Id,
    hlc: Hlc,
    next_seq: u64,
    dirty: BTreeSet<Id>,
    zone: Zone,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("device", &self.device)
            .field("next_seq", &self.next_seq)
            .finish()
    }
}

impl<'c> Writer<'c> {
    pub(crate) fn begin(tx: Transaction<'c>, author: Id, zone: Zone) -> Result<Self> {
        let device = meta_id(&tx, "device_id")?
            .ok_or_else(|| Error::Corrupt("this device has no id".into()))?;
        let hlc = meta_get(&tx, "hlc")?
            .and_then(|s| s.parse::<u64>().ok())
            .map(Hlc::from_u64)
            .unwrap_or_default();
        let last: Option<i64> = tx.row_cached(
            "SELECT max(seq) FROM ops WHERE device_id = ?1",
            [device.to_string()],
            |r| r.get(0),
        )?;
        let next_seq = u64::try_from(last.unwrap_or(0)).unwrap_or(0) + 1;
        Ok(Writer {
            tx,
            device,
            author,
            hlc,
            next_seq,
            dirty: BTreeSet::new(),
            zone,
        })
    }

    /// Re-indexes what was touched, saves the clock and commits.
    pub(crate) fn commit(self) -> Result<()> {
        reindex_all(&self.tx, self.dirty.iter().copied())?;
        meta_set(&self.tx, "hlc", &self.hlc.as_u64().to_string())?;
        self.tx.commit()?;
        Ok(())
    }

    /// The connection, for reads inside the write.
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The worker making this write.
    pub(crate) fn author(&self) -> Id {
        self.author
    }

    /// Today in the worker's zone.
    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.zone.today()
    }

    /// The wall-clock time of this write.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    /// Creates a record with its first scalar values.
    pub(crate) fn create(
        &mut self,
        kind: RecordKind,
        id: Id,
        case_id: Option<Id>,
        fields: Vec<(&str, Value)>,
    ) -> Result<()> {
        let fields = fields
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        self.append(kind, id, case_id, OpBody::Create { fields })
    }

    /// Writes a scalar field, replacing every value it currently holds
    /// (which also resolves a conflict). Writes nothing when the value is
    /// already the only one.
    pub(crate) fn set(
        &mut self,
        kind: RecordKind,
        id: Id,
        field: &str,
        value: Value,
    ) -> Result<()> {
        let heads = apply::heads(&self.tx, kind, id, field)?;
        if let [Head { value: current, .. }] = heads.as_slice() {
            // A repeated delete is written: it settles a delete conflict.
            if *current == value && field != "deleted" {
                return Ok(());
            }
        }
        let prev = heads.into_iter().map(|h| h.op_id).collect();
        let case_id = record_case(&self.tx, id)?;
        // A delete names what it deletes as its writer had seen it, so an edit made without
        // seeing it is known to be concurrent; a completion names what it completes.
        let completes = kind
            .completion()
            .is_some_and(|rule| field == rule.field && value.as_str() == Some(rule.value));
        let seen = if (field == "deleted" && apply::truthy(&value)) || completes {
            apply::deletion_scope_heads(&self.tx, kind, id)?
        } else {
            Default::default()
        };
        self.append(
            kind,
            id,
            case_id,
            OpBody::Set {
                field: field.to_string(),
                value,
                prev,
                seen,
            },
        )
    }

    /// Changes a text body to `new`, recording the difference as a CRDT
    /// update. Writes nothing when the text is unchanged.
    pub(crate) fn set_text(
        &mut self,
        kind: RecordKind,
        id: Id,
        field: &str,
        new: &str,
    ) -> Result<()> {
        debug_assert_eq!(kind.field(field).map(|f| f.ty), Some(FieldType::Text));
        let state = apply::text_state(&self.tx, id, field)?;
        let mut doc = TextDoc::load(self.device.client_number(), &state)?;
        let Some(update) = doc.edit_to(new) else {
            return Ok(());
        };
        let case_id = record_case(&self.tx, id)?;
        self.append(
            kind,
            id,
            case_id,
            OpBody::Text {
                field: field.to_string(),
                update: text::encode(&update),
                prev: apply::text_heads(&self.tx, id, field)?,
            },
        )
    }

    /// Records that a person has dealt with ops held back from a completed record.
    pub(crate) fn settle(&mut self, kind: RecordKind, id: Id, held: Vec<Id>) -> Result<()> {
        let case_id = record_case(&self.tx, id)?;
        self.append(kind, id, case_id, OpBody::Settle { held })
    }

    /// Records that a person has read a merged body as it reads now.
    pub(crate) fn mark_reviewed(&mut self, kind: RecordKind, id: Id, field: &str) -> Result<()> {
        let prev = apply::text_heads(&self.tx, id, field)?;
        let case_id = record_case(&self.tx, id)?;
        self.append(
            kind,
            id,
            case_id,
            OpBody::Reviewed {
                field: field.to_string(),
                prev,
            },
        )
    }

    fn append(
        &mut self,
        kind: RecordKind,
        id: Id,
        case_id: Option<Id>,
        body: OpBody,
    ) -> Result<()> {
        self.hlc = Hlc::tick(self.hlc, wall_millis());
        let op = Op {
            op_id: Id::new(),
            device_id: self.device,
            seq: self.next_seq,
            hlc: self.hlc,
            author: self.author,
            record_kind: kind,
            record_id: id,
            case_id,
            body,
        };
        insert_op(&self.tx, &op)?;
        ingest::apply(&self.tx, &op)?;
        self.next_seq += 1;
        self.dirty.insert(id);
        // A change inside a case can keep a deleted case (a delete conflict),
        // which changes what the case contributes to the index.
        if let Some(case) = case_id {
            self.dirty.insert(case);
        }
        Ok(())
    }
}

fn record_case(conn: &Connection, id: Id) -> Result<Option<Id>> {
    let case: Option<Option<String>> = conn
        .row_cached(
            "SELECT case_id FROM records WHERE record_id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match case {
        None => Err(Error::Corrupt(format!(
            "record {id} is written to before it exists"
        ))),
        Some(c) => c.map(|s| super::row::id(&s)).transpose(),
    }
}
