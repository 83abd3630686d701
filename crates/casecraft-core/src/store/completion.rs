//! Completed records never change — on this device or through sync.
//!
//! A record kind with a completion rule (a chronology entry: draft, then completed) is frozen by
//! the op that completes it: its content is what that op's writer had seen, and stays so. Ops on
//! it the completion did not cover — an edit made on another device before it knew the entry
//! was completed, or anything written after — are kept in the log and listed for a person
//! (*held*), never applied. Where two devices completed the same draft, the first completion (by
//! clock, then device) is the record's and the other is held like any edit it did not see.
//!
//! The outcome depends only on the ops held, never on the order they arrived in: an op applied
//! before a completion that does not cover it arrived is taken out again by replaying the
//! record's ops ([`recompute`]), so every device shows the same completed record.
//!
//! What a completion covers:
//! - a completing register write names, per device, the last op of the record its writer had
//!   seen (`seen`, as a delete does); the moment stamped straight after it in the same write
//!   belongs to it too;
//! - a completing write made before completions named what they had seen is read by clock: the
//!   ops before it, and its stamp;
//! - a record created completed (closure, reopening and supervision entries) covers the bodies
//!   its creating write gave it: that device's next text ops on the record, one per body.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::apply::{apply_op, settle_deletion};
use super::log::{op_from_row, OP_COLUMNS};
use super::{row, Cached};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::op::{Op, OpBody};
use crate::record::{CompletionRule, FieldType, RecordKind};

/// What applying an op does to a record that can be completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Applied as any op is.
    Apply,
    /// Kept in the log and listed, not applied: its record's completion does not cover it.
    Hold,
    /// It completes its record: applied, then what it covers is settled.
    Completes,
    /// It completes its record earlier than the completion applied so far: the record is
    /// replayed from its ops.
    Recompute,
}

/// What a completion covers (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Covers {
    /// Per device, the last op of the record its writer had seen.
    Seen(BTreeMap<Id, u64>),
    /// The ops before it by clock (a completion written before `seen` was kept).
    Clock,
    /// The record was created completed.
    Create,
}

/// The op that completed a record.
#[derive(Debug, Clone)]
struct Completion {
    op_id: Id,
    device: Id,
    seq: u64,
    hlc: Hlc,
    covers: Covers,
}

impl Completion {
    /// The completion `op` makes, if it completes its record.
    fn of(op: &Op, rule: CompletionRule) -> Option<Completion> {
        let covers = match &op.body {
            OpBody::Create { fields }
                if fields.get(rule.field).and_then(Value::as_str) == Some(rule.value) =>
            {
                Covers::Create
            }
            OpBody::Set {
                field, value, seen, ..
            } if field == rule.field && value.as_str() == Some(rule.value) => {
                if seen.is_empty() {
                    Covers::Clock
                } else {
                    Covers::Seen(seen.clone())
                }
            }
            _ => return None,
        };
        Some(Completion {
            op_id: op.op_id,
            device: op.device_id,
            seq: op.seq,
            hlc: op.hlc,
            covers,
        })
    }

    /// Whether the record's content includes `op`.
    fn covers(&self, op: &Op, kind: RecordKind, rule: CompletionRule) -> bool {
        self.covers_shape(&Shape::of(op), kind, rule)
    }

    /// Whether the record's content includes the op of this shape.
    fn covers_shape(&self, op: &Shape<'_>, kind: RecordKind, rule: CompletionRule) -> bool {
        if op.op_id == self.op_id {
            return true;
        }
        let stamp = op.device == self.device
            && op.seq == self.seq + 1
            && op.set_field.is_some_and(|field| field == rule.stamp);
        match &self.covers {
            Covers::Seen(seen) => stamp || op.seq <= seen.get(&op.device).copied().unwrap_or(0),
            Covers::Clock => stamp || op.hlc < self.hlc,
            Covers::Create => {
                let bodies = kind
                    .fields()
                    .iter()
                    .filter(|f| f.ty == FieldType::Text)
                    .count() as u64;
                op.device == self.device
                    && op.seq > self.seq
                    && op.seq <= self.seq + bodies
                    && op.first_text
            }
        }
    }
}

/// What a completion's cover and [`exempt`] read of an op: its place, and of its body only the
/// kind, a register's field and whether a text op rests on no earlier one. Read from the log
/// without decoding the whole body (a text op's update, a creation's fields).
struct Shape<'a> {
    op_id: Id,
    device: Id,
    seq: u64,
    hlc: Hlc,
    /// The field of a register write.
    set_field: Option<&'a str>,
    /// A text op whose `prev` is empty.
    first_text: bool,
    /// A review or a settling (see [`exempt`]).
    exempt: bool,
}

impl Shape<'_> {
    fn of(op: &Op) -> Shape<'_> {
        Shape {
            op_id: op.op_id,
            device: op.device_id,
            seq: op.seq,
            hlc: op.hlc,
            set_field: match &op.body {
                OpBody::Set { field, .. } => Some(field.as_str()),
                _ => None,
            },
            first_text: matches!(&op.body, OpBody::Text { prev, .. } if prev.is_empty()),
            exempt: exempt(op),
        }
    }
}

/// The parts of a stored op body a [`Shape`] needs (every other part is skipped unread).
#[derive(Deserialize)]
struct BodyPeek {
    op: String,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    prev: Vec<serde::de::IgnoredAny>,
}

/// Ops that never change a completed record's content, so they apply whatever it covers: a
/// review of a merged body, and settling held edits.
fn exempt(op: &Op) -> bool {
    matches!(op.body, OpBody::Reviewed { .. } | OpBody::Settle { .. })
}

/// What applying `op` does (see [`Fate`]).
pub(crate) fn fate(conn: &Connection, op: &Op) -> Result<Fate> {
    let Some(rule) = op.record_kind.completion() else {
        return Ok(Fate::Apply);
    };
    if exempt(op) {
        return Ok(Fate::Apply);
    }
    let completes = Completion::of(op, rule);
    Ok(match (stored(conn, op.record_id)?, completes) {
        (None, None) => Fate::Apply,
        (None, Some(_)) => Fate::Completes,
        (Some(c), Some(_)) if (op.hlc, op.device_id) < (c.hlc, c.device) => Fate::Recompute,
        (Some(c), _) if c.covers(op, op.record_kind, rule) => Fate::Apply,
        (Some(_), _) => Fate::Hold,
    })
}

/// Keeps `op` out of its completed record, listed for a person.
pub(crate) fn hold(conn: &Connection, op: &Op) -> Result<()> {
    conn.exec_cached(
        "INSERT OR IGNORE INTO held_ops (op_id, record_id) VALUES (?1, ?2)",
        params![op.op_id.to_string(), op.record_id.to_string()],
    )?;
    Ok(())
}

/// After `op` completed its record (applied already): keeps the completion, or, when the
/// record holds ops it does not cover (they arrived first), replays the record without them.
/// `created_now`: `op` created the record, which was not held before it.
pub(crate) fn completed(conn: &Connection, op: &Op, created_now: bool) -> Result<()> {
    let Some(rule) = op.record_kind.completion() else {
        return Ok(());
    };
    let Some(completion) = Completion::of(op, rule) else {
        return Ok(());
    };
    if created_now {
        // The record was created completed by this op: nothing of it was applied before (an op
        // on a record not created yet waits for it), so there is nothing to take out; what
        // arrives later is judged against this completion as it is applied.
        return store(conn, op.record_id, &completion);
    }
    // Each op the record holds is told covered or not by its place and its body's shape alone
    // (the body is not decoded whole).
    let mut stmt = conn
        .prepare_cached("SELECT op_id, device_id, seq, hlc, body FROM ops WHERE record_id = ?1")?;
    let mut rows = stmt.query([op.record_id.to_string()])?;
    let mut uncovered = false;
    while let Some(r) = rows.next()? {
        let body: String = r.get(4)?;
        let peek: BodyPeek = serde_json::from_str(&body)?;
        let shape = Shape {
            op_id: row::id(&r.get::<_, String>(0)?)?,
            device: row::id(&r.get::<_, String>(1)?)?,
            seq: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(u64::MAX),
            hlc: Hlc::from_u64(u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0)),
            set_field: (peek.op == "set")
                .then_some(peek.field.as_deref())
                .flatten(),
            first_text: peek.op == "text" && peek.prev.is_empty(),
            exempt: peek.op == "reviewed" || peek.op == "settle",
        };
        if !shape.exempt && !completion.covers_shape(&shape, op.record_kind, rule) {
            uncovered = true;
            break;
        }
    }
    drop(rows);
    drop(stmt);
    if uncovered {
        recompute(conn, op.record_kind, op.record_id)
    } else {
        store(conn, op.record_id, &completion)
    }
}

/// Rebuilds a record from its ops in the log: the first completion (by clock, then device)
/// decides which ops are its content; the others are held.
pub(crate) fn recompute(conn: &Connection, kind: RecordKind, id: Id) -> Result<()> {
    let Some(rule) = kind.completion() else {
        return Ok(());
    };
    let ops = ops_of(conn, id)?;
    let first = ops.iter().find_map(|o| Completion::of(o, rule));
    clear(conn, kind, id, &ops)?;
    for op in &ops {
        match &first {
            Some(c) if !exempt(op) && !c.covers(op, kind, rule) => hold(conn, op)?,
            _ => apply_op(conn, op)?,
        }
    }
    if let Some(c) = &first {
        store(conn, id, c)?;
    }
    settle_deletion(conn, kind, id)?;
    Ok(())
}

/// A record's ops in the log, in clock order (a record's creation comes first: every other op
/// on it was written after seeing it).
pub(crate) fn ops_of(conn: &Connection, id: Id) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM ops WHERE record_id = ?1 ORDER BY hlc, device_id, seq"
    ))?;
    let mut rows = stmt.query([id.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(op_from_row(r)?);
    }
    Ok(out)
}

/// Empties everything derived from a record's ops (`ops`, all of them), before they are replayed.
/// What its ops marked as replaced goes too — also ops that have not arrived yet: an op applied
/// and now held must not keep a later arrival from being a value.
fn clear(conn: &Connection, kind: RecordKind, id: Id, ops: &[Op]) -> Result<()> {
    let rid = id.to_string();
    conn.exec_cached(
        "DELETE FROM superseded WHERE op_id IN (SELECT op_id FROM ops WHERE record_id = ?1)",
        [&rid],
    )?;
    for op in ops {
        let named = match &op.body {
            OpBody::Set { prev, .. }
            | OpBody::Text { prev, .. }
            | OpBody::Reviewed { prev, .. } => prev.as_slice(),
            OpBody::Create { .. } | OpBody::Settle { .. } => &[],
        };
        for replaced in named {
            conn.exec_cached(
                "DELETE FROM superseded WHERE op_id = ?1",
                [replaced.to_string()],
            )?;
        }
    }
    for sql in [
        "DELETE FROM field_heads WHERE record_id = ?1",
        "DELETE FROM text_heads WHERE record_id = ?1",
        "DELETE FROM text_docs WHERE record_id = ?1",
        "DELETE FROM held_ops WHERE record_id = ?1",
        "DELETE FROM completions WHERE record_id = ?1",
        "DELETE FROM delete_conflicts WHERE record_id = ?1",
        "DELETE FROM records WHERE record_id = ?1",
    ] {
        conn.exec_cached(sql, [&rid])?;
    }
    conn.exec_cached(
        &format!("DELETE FROM {} WHERE id = ?1", kind.table()),
        [&rid],
    )?;
    Ok(())
}

fn store(conn: &Connection, id: Id, c: &Completion) -> Result<()> {
    conn.exec_cached(
        "INSERT INTO completions (record_id, op_id, device_id, seq, hlc, covers) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (record_id) DO UPDATE SET op_id = excluded.op_id, device_id = excluded.device_id,
           seq = excluded.seq, hlc = excluded.hlc, covers = excluded.covers",
        params![
            id.to_string(),
            c.op_id.to_string(),
            c.device.to_string(),
            i64::try_from(c.seq).map_err(|_| Error::Corrupt("op sequence overflow".into()))?,
            i64::try_from(c.hlc.as_u64()).map_err(|_| Error::Corrupt("clock overflow".into()))?,
            serde_json::to_string(&c.covers)?,
        ],
    )?;
    Ok(())
}

fn stored(conn: &Connection, id: Id) -> Result<Option<Completion>> {
    let found = conn
        .row_cached(
            "SELECT op_id, device_id, seq, hlc, covers FROM completions WHERE record_id = ?1",
            [id.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )
        .optional()?;
    found
        .map(|(op, device, seq, hlc, covers)| {
            Ok(Completion {
                op_id: row::id(&op)?,
                device: row::id(&device)?,
                seq: u64::try_from(seq).unwrap_or(0),
                hlc: Hlc::from_u64(u64::try_from(hlc).unwrap_or(0)),
                covers: serde_json::from_str(&covers)
                    .map_err(|_| Error::Corrupt("a completion record is damaged".into()))?,
            })
        })
        .transpose()
}

/// Whether the record has been completed (its content can no longer change).
pub(crate) fn is_completed(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .row_cached(
            "SELECT 1 FROM completions WHERE record_id = ?1",
            [id.to_string()],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .is_some())
}

/// The held ops of a record that a person has already dealt with, in clock order: later held
/// edits build on them.
pub(crate) fn settled(conn: &Connection, record: Id) -> Result<Vec<Op>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM ops WHERE op_id IN (
           SELECT h.op_id FROM held_ops h
           WHERE h.record_id = ?1 AND EXISTS (SELECT 1 FROM settled_ops s WHERE s.op_id = h.op_id))
         ORDER BY hlc, device_id, seq"
    ))?;
    let mut rows = stmt.query([record.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(op_from_row(r)?);
    }
    Ok(out)
}

/// The held ops of a record (or of every record) that no one has dealt with yet, in clock
/// order, by record.
pub(crate) fn unsettled(conn: &Connection, record: Option<Id>) -> Result<BTreeMap<Id, Vec<Op>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM ops WHERE op_id IN (
           SELECT h.op_id FROM held_ops h
           WHERE (?1 IS NULL OR h.record_id = ?1)
             AND NOT EXISTS (SELECT 1 FROM settled_ops s WHERE s.op_id = h.op_id))
         ORDER BY record_id, hlc, device_id, seq"
    ))?;
    let mut rows = stmt.query([record.map(|r| r.to_string())])?;
    let mut out: BTreeMap<Id, Vec<Op>> = BTreeMap::new();
    while let Some(r) = rows.next()? {
        let op = op_from_row(r)?;
        out.entry(op.record_id).or_default().push(op);
    }
    Ok(out)
}
