//! The store's side of sync: its head map, the ops another device lacks,
//! importing ops from elsewhere in one transaction, and conflicts.

pub mod conflicts;

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde_json::Value;

use super::apply::{self, Head};
use super::completion;
use super::ingest;
use super::log::{insert_op, op_from_row, OP_COLUMNS};
use super::search::reindex_all;
use super::sync::conflicts::{
    Conflict, ConflictValue, HeadMap, HeldEdits, HeldField, HeldOutcome, ImportReport, ValueShape,
};
use super::{meta_get, meta_id, meta_set, row, Cached, Store};
use crate::error::{Error, Result};
use crate::hlc::{wall_millis, Hlc};
use crate::ids::Id;
use crate::op::{Op, OpBody};
use crate::record::RecordKind;

impl Store {
    /// For each device, the highest seq held here with none missing below it. (A device's ops
    /// from a team hub may have gaps — what never leaves its worker, other cases — so the highest
    /// seq held is not always where its own stream through a folder continues.)
    pub fn heads(&self) -> Result<HeadMap> {
        contiguous_heads(&self.conn)
    }

    /// The ops of `device` after `after`, in order, at most `limit`.
    pub fn ops_after(&self, device: Id, after: u64, limit: u32) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {OP_COLUMNS} FROM ops WHERE device_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
        ))?;
        let mut rows = stmt.query(params![
            device.to_string(),
            i64::try_from(after).unwrap_or(i64::MAX),
            limit
        ])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(op_from_row(r)?);
        }
        Ok(out)
    }

    /// Ops written here that a holder of `theirs` lacks, oldest first per device.
    pub fn ops_missing_from(&self, theirs: &HeadMap, limit_per_device: u32) -> Result<Vec<Op>> {
        let mut out = Vec::new();
        for (device, head) in self.heads()? {
            let known = theirs.get(&device).copied().unwrap_or(0);
            if head > known {
                out.extend(self.ops_after(device, known, limit_per_device)?);
            }
        }
        Ok(out)
    }

    /// Takes ops from other devices: duplicates are skipped, each device's
    /// ops are taken only in order, and everything new is applied in one
    /// transaction (in clock order; an op whose record has not arrived yet
    /// waits for it). The clock moves past every op received.
    pub fn import_ops(&mut self, ops: Vec<Op>) -> Result<ImportReport> {
        self.import(ops, Arrival::InOrder, None)
    }

    /// Takes ops from a team hub: as [`Store::import_ops`], but a device's ops may arrive with
    /// gaps and out of seq order (the hub relays what the worker may see of each device, and a
    /// draft entry's ops once it is completed).
    pub fn import_hub_ops(&mut self, ops: Vec<Op>) -> Result<ImportReport> {
        self.import(ops, Arrival::WithGaps, None)
    }

    /// As [`Store::import_hub_ops`], with `also` written in the same transaction (where the
    /// pull has got to: a page is kept together with the place after it).
    pub(crate) fn import_hub_ops_with(
        &mut self,
        ops: Vec<Op>,
        mut also: impl FnMut(&Connection) -> Result<()>,
    ) -> Result<ImportReport> {
        self.import(ops, Arrival::WithGaps, Some(&mut also))
    }

    fn import(
        &mut self,
        mut ops: Vec<Op>,
        arrival: Arrival,
        also: Option<AlsoWritten<'_>>,
    ) -> Result<ImportReport> {
        let mut report = ImportReport {
            received: ops.len() as u64,
            ..Default::default()
        };
        if ops.is_empty() {
            if let Some(also) = also {
                let tx = self
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                also(&tx)?;
                tx.commit()?;
            }
            return Ok(report);
        }
        ops.sort_by_key(|o| (o.device_id, o.seq));
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let me = meta_id(&tx, "device_id")?
            .ok_or_else(|| Error::Corrupt("this device has no id".into()))?;
        // Where each device's run from 1 ends: what ops in order must continue (a hub's arrive
        // with gaps and need none of it).
        let mut heads = match arrival {
            Arrival::InOrder => contiguous_heads(&tx)?,
            Arrival::WithGaps => HeadMap::new(),
        };
        // The highest seq held of each device the ops come from, read once per device (a lookup
        // on the log's key, not a walk of the whole log: a first pull imports page after page).
        let mut tops = HeadMap::new();
        let mut fresh = Vec::new();
        let mut top = Hlc::default();
        for op in ops {
            let highest = match tops.get(&op.device_id) {
                Some(highest) => *highest,
                None => {
                    let highest: i64 = tx.row_cached(
                        "SELECT coalesce(max(seq), 0) FROM ops WHERE device_id = ?1",
                        [op.device_id.to_string()],
                        |r| r.get(0),
                    )?;
                    let highest = u64::try_from(highest).unwrap_or(0);
                    tops.insert(op.device_id, highest);
                    highest
                }
            };
            // Nothing sits above the highest seq held of its device.
            let above_top = op.seq > highest;
            let held: Option<String> = if above_top {
                None
            } else {
                tx.row_cached(
                    "SELECT op_id FROM ops WHERE device_id = ?1 AND seq = ?2",
                    params![
                        op.device_id.to_string(),
                        i64::try_from(op.seq).unwrap_or(i64::MAX)
                    ],
                    |r| r.get(0),
                )
                .optional()?
            };
            let head = heads.get(&op.device_id).copied().unwrap_or(0);
            match held {
                Some(id) if id == op.op_id.to_string() => {
                    report.duplicates += 1;
                    if arrival == Arrival::InOrder && op.seq == head + 1 {
                        heads.insert(op.device_id, next_head(&tx, op.device_id, op.seq)?);
                    }
                }
                Some(_) => {
                    report.clashing += 1;
                    if op.device_id == me {
                        report.new_device_id = true;
                    }
                }
                None => {
                    if arrival == Arrival::InOrder && op.seq != head + 1 {
                        report.out_of_order += 1;
                        continue;
                    }
                    let taken: Option<i64> = tx
                        .row_cached(
                            "SELECT 1 FROM ops WHERE op_id = ?1",
                            [op.op_id.to_string()],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if taken.is_some() {
                        report.clashing += 1;
                        continue;
                    }
                    if op.device_id == me {
                        // Another installation wrote under this device's id.
                        report.new_device_id = true;
                    }
                    insert_op(&tx, &op)?;
                    let highest = tops.entry(op.device_id).or_insert(0);
                    *highest = (*highest).max(op.seq);
                    if arrival == Arrival::InOrder && op.seq == head + 1 {
                        heads.insert(op.device_id, next_head(&tx, op.device_id, op.seq)?);
                    }
                    top = top.max(op.hlc);
                    fresh.push(op);
                }
            }
        }
        report.applied = fresh.len() as u64;
        let touched = apply_in_causal_order(&tx, fresh)?;
        reindex_all(&tx, touched)?;
        let last = meta_get(&tx, "hlc")?
            .and_then(|s| s.parse::<u64>().ok())
            .map(Hlc::from_u64)
            .unwrap_or_default();
        meta_set(
            &tx,
            "hlc",
            &Hlc::observe(last, top, wall_millis()).as_u64().to_string(),
        )?;
        if report.new_device_id {
            // Not retired (as a restore's old id is): another installation is still writing under
            // it, and publishing this one's ops there too would put two streams in one place.
            meta_set(&tx, "device_id", &Id::new().to_string())?;
            tracing::warn!(
                "ops under this device's id came from another installation; took a new device id"
            );
        }
        if let Some(also) = also {
            also(&tx)?;
        }
        tx.commit()?;
        tracing::info!(
            applied = report.applied,
            duplicates = report.duplicates,
            "imported ops"
        );
        Ok(report)
    }

    /// How many things sync left for a person: conflicting values, merged bodies to review,
    /// records deleted on one device and edited on another, edits held back from completed
    /// entries.
    pub fn to_review(&self) -> Result<usize> {
        Ok(self.conflicts()?.len()
            + self.merged_bodies()?.len()
            + self.deletion_conflicts()?.len()
            + self.held_edits(None)?.len())
    }

    /// The short label a person recognises a record by (a case's subject, an entry's purpose and
    /// day, a reflection's title…).
    pub fn record_label(&self, kind: RecordKind, id: Id) -> Result<String> {
        record_label(&self.conn, self.zone(), kind, id)
    }

    /// Fields whose concurrent values both survived.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut out = Vec::new();
        for ManyHeads {
            kind,
            record_id,
            case_id,
            field,
            label,
        } in fields_with_many_heads(&self.conn, self.zone(), "field_heads")?
        {
            let mut values = Vec::new();
            let mut heads = apply::heads(&self.conn, kind, record_id, &field)?;
            heads.sort_by_key(|h| std::cmp::Reverse((h.hlc, h.device)));
            for Head {
                op_id,
                hlc,
                device,
                value,
            } in heads
            {
                let author: String = self
                    .conn
                    .row_cached(
                        "SELECT author FROM ops WHERE op_id = ?1",
                        [op_id.to_string()],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or_default();
                let author = row::id(&author)?;
                values.push(ConflictValue {
                    op_id,
                    value,
                    author,
                    author_name: self.worker_name(author)?,
                    at: hlc.to_datetime(),
                    device_id: device,
                });
            }
            out.push(Conflict {
                kind,
                record_id,
                case_id,
                label,
                shape: ValueShape::of(&field),
                field,
                values,
            });
        }
        Ok(out)
    }

    /// The open conflict on a record's field, or a pointer to the list.
    fn open_conflict(&self, record_id: Id, field: &str) -> Result<Conflict> {
        if completion::is_completed(&self.conn, record_id)? {
            return Err(Error::Refused(
                "this entry is completed and can no longer change; add an addendum to say which value is right".into(),
            ));
        }
        self.conflicts()?
            .into_iter()
            .find(|c| c.record_id == record_id && c.field == field)
            .ok_or_else(|| Error::NotFound {
                what: "conflict",
                id: format!("{record_id} {field}"),
                hint: "list open conflicts with `casecraft conflicts list`",
            })
    }

    /// Resolves a conflict by keeping the value written by `keep` (one of
    /// the conflict's values); the resolution is an op and syncs like any
    /// other change.
    pub fn resolve_conflict(&mut self, record_id: Id, field: &str, keep: Id) -> Result<()> {
        let conflict = self.open_conflict(record_id, field)?;
        let value = conflict
            .values
            .iter()
            .find(|v| v.op_id == keep)
            .map(|v| v.value.clone())
            .ok_or_else(|| Error::invalid("keep", "is not one of this conflict's values; copy a value id from `casecraft conflicts list`"))?;
        self.write(|w| w.set(conflict.kind, record_id, field, value))
    }

    /// Resolves a list's conflict by keeping every value's items (flags from both devices).
    /// Refused for a field whose values do not combine.
    pub fn resolve_conflict_keeping_all(&mut self, record_id: Id, field: &str) -> Result<()> {
        let conflict = self.open_conflict(record_id, field)?;
        let value = conflict.all_values().ok_or_else(|| {
            Error::invalid(
                "value",
                "only lists (flags, tags, who was there) keep both values; keep one of them",
            )
        })?;
        // Held to the field's rules like any value a person gives (labels are kept in order).
        let value = checked_value(&conflict, value)?;
        self.write(|w| w.set(conflict.kind, record_id, field, value))
    }

    /// Resolves a conflict with a new value (for example both combined).
    pub fn resolve_conflict_with(
        &mut self,
        record_id: Id,
        field: &str,
        value: Value,
    ) -> Result<()> {
        let conflict = self.open_conflict(record_id, field)?;
        let value = checked_value(&conflict, value)?;
        self.write(|w| w.set(conflict.kind, record_id, field, value))
    }
}

/// A value a person typed to settle a conflict, held to the rules of its field: one line, a
/// body's size limit, labels, names; a date, kind or number field takes only one of the values
/// already written.
fn checked_value(conflict: &Conflict, value: Value) -> Result<Value> {
    let strings = |items: &[Value], what: &str| -> Result<Vec<String>> {
        items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Error::invalid("value", format!("should be a list of {what}")))
            })
            .collect()
    };
    match (conflict.shape, value) {
        (ValueShape::Line, Value::String(s)) => {
            Ok(Value::from(crate::validate::required_line("value", &s)?))
        }
        (ValueShape::Body, Value::String(s)) => {
            Ok(Value::from(crate::validate::required_body("value", &s)?))
        }
        (ValueShape::Labels, Value::Array(items)) => {
            let items = strings(&items, "labels such as safeguarding")?;
            Ok(Value::from(crate::validate::labels("value", &items)?))
        }
        (ValueShape::Names, Value::Array(items)) => {
            let mut names = Vec::new();
            for name in strings(&items, "names")? {
                let name = crate::validate::required_line("value", &name)?;
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            Ok(Value::from(names))
        }
        (ValueShape::Fixed, _) => Err(Error::invalid(
            "value",
            "this field takes one of the values written on your devices; keep one of them",
        )),
        _ => Err(Error::invalid(
            "value",
            "must be of the same type as the conflicting values",
        )),
    }
}

/// A body whose concurrent edits were merged and wait for a person to read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MergedBody {
    /// Kind of record.
    pub kind: RecordKind,
    /// The record.
    pub record_id: Id,
    /// Its case.
    pub case_id: Option<Id>,
    /// A short label for the record (subject, name, purpose, title).
    pub label: String,
    /// The body's field (`summary`, `body`, `section.feelings`…).
    pub field: String,
    /// The merged text as it reads now.
    pub text: String,
}

impl Store {
    /// Bodies merged from concurrent edits, flagged "merged — review".
    pub fn merged_bodies(&self) -> Result<Vec<MergedBody>> {
        fields_with_many_heads(&self.conn, self.zone(), "text_heads")?
            .into_iter()
            .map(|m| {
                let state = apply::text_state(&self.conn, m.record_id, &m.field)?;
                Ok(MergedBody {
                    text: crate::text::TextDoc::load(0, &state)?.text(),
                    kind: m.kind,
                    record_id: m.record_id,
                    case_id: m.case_id,
                    label: m.label,
                    field: m.field,
                })
            })
            .collect()
    }

    /// Marks a merged body as reviewed as it reads now (an op: it syncs).
    pub fn mark_reviewed(&mut self, record_id: Id, field: &str) -> Result<()> {
        let merged = self
            .merged_bodies()?
            .into_iter()
            .find(|m| m.record_id == record_id && m.field == field)
            .ok_or_else(|| Error::NotFound {
                what: "merged body",
                id: format!("{record_id} {field}"),
                hint: "list merged bodies with `casecraft conflicts list`",
            })?;
        self.write(|w| w.mark_reviewed(merged.kind, record_id, field))
    }
}

/// A record deleted on one device while edited on another: kept, and
/// waiting for a person to restore it or delete it again.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeletionConflict {
    /// Kind of record.
    pub kind: RecordKind,
    /// The record.
    pub record_id: Id,
    /// Its case.
    pub case_id: Option<Id>,
    /// A short label for the record (subject, name, purpose, title).
    pub label: String,
    /// Who deleted it.
    pub deleted_by: Id,
    /// Edits made without seeing the delete.
    pub edits: u64,
}

impl Store {
    /// Records kept because they were edited while deleted elsewhere.
    pub fn deletion_conflicts(&self) -> Result<Vec<DeletionConflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.record_id, r.kind, r.case_id, o.author, count(*)
             FROM delete_conflicts d JOIN records r ON r.record_id = d.record_id JOIN ops o ON o.op_id = d.delete_op
             GROUP BY d.record_id ORDER BY d.record_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, kind, case, author, n)| {
                Ok(DeletionConflict {
                    kind: row::vocab(&kind)?,
                    record_id: row::id(&id)?,
                    case_id: row::opt_id(case)?,
                    label: record_label(
                        &self.conn,
                        self.zone(),
                        row::vocab(&kind)?,
                        row::id(&id)?,
                    )?,
                    deleted_by: row::id(&author)?,
                    edits: u64::try_from(n).unwrap_or(0),
                })
            })
            .collect()
    }

    /// Settles a deletion conflict: keep the record (restore it) or delete
    /// it again, now having seen the edits. A completed record is part of the case record: it is
    /// only ever kept.
    pub fn resolve_deletion(&mut self, record_id: Id, keep: bool) -> Result<()> {
        if !keep && completion::is_completed(&self.conn, record_id)? {
            return Err(Error::Refused(
                "this entry is completed and part of the case record, so it stays; keep it".into(),
            ));
        }
        let conflict = self
            .deletion_conflicts()?
            .into_iter()
            .find(|c| c.record_id == record_id)
            .ok_or_else(|| Error::NotFound {
                what: "deletion conflict",
                id: record_id.to_string(),
                hint: "list open conflicts with `casecraft conflicts list`",
            })?;
        self.write(|w| w.set(conflict.kind, record_id, "deleted", row::flag(!keep)))
    }
}

impl Store {
    /// Edits held back from completed records and not yet dealt with (see
    /// [`HeldEdits`]), of one case or of all; only those that would change something.
    pub fn held_edits(&self, case: Option<Id>) -> Result<Vec<HeldEdits>> {
        let zone = self.zone().clone();
        let mut out = Vec::new();
        for (record, ops) in completion::unsettled(&self.conn, None)? {
            let Some(kind) = record_kind(&self.conn, record)? else {
                continue;
            };
            let case_id = ops.first().and_then(|o| o.case_id);
            if case.is_some() && case_id != case {
                continue;
            }
            let settled = completion::settled(&self.conn, record)?;
            let fields = held_fields(&self.conn, kind, record, &settled, &ops, &zone)?;
            if fields.is_empty() {
                continue;
            }
            let mut authors = Vec::new();
            for op in &ops {
                let name = self
                    .worker_name(op.author)?
                    .unwrap_or_else(|| "a colleague".into());
                if !authors.contains(&name) {
                    authors.push(name);
                }
            }
            let (first, last) = match (ops.first(), ops.last()) {
                (Some(f), Some(l)) => (f.hlc.to_datetime(), l.hlc.to_datetime()),
                _ => continue,
            };
            out.push(HeldEdits {
                kind,
                record_id: record,
                case_id,
                label: record_label(&self.conn, self.zone(), kind, record)?,
                fields,
                authors,
                first_at: first,
                last_at: last,
                ops: ops.iter().map(|o| o.op_id).collect(),
            });
        }
        Ok(out)
    }

    /// Deals with the edits held back from a completed record: adds them as an addendum (one
    /// write: the addendum and the settling) or discards them. Either way they stay in the log
    /// and are no longer listed, on every device once synced; edits that arrive later are
    /// listed again.
    pub fn settle_held_edits(&mut self, record: Id, outcome: HeldOutcome) -> Result<()> {
        let held = self
            .held_edits(None)?
            .into_iter()
            .find(|h| h.record_id == record)
            .ok_or_else(|| Error::NotFound {
                what: "held edit",
                id: record.to_string(),
                hint: "list what sync left for you with `casecraft conflicts list`",
            })?;
        let text = match &outcome {
            HeldOutcome::Addendum(text) => Some(crate::validate::required_body("text", text)?),
            HeldOutcome::Discard => None,
        };
        self.write(|w| {
            if let Some(text) = &text {
                super::entries::insert_addendum(w, record, text)?;
            }
            w.settle(held.kind, record, held.ops.clone())
        })
    }
}

/// The kind of a record held here, if it is.
fn record_kind(conn: &Connection, id: Id) -> Result<Option<RecordKind>> {
    conn.row_cached(
        "SELECT kind FROM records WHERE record_id = ?1",
        [id.to_string()],
        |r| r.get::<_, String>(0),
    )
    .optional()?
    .map(|k| row::vocab(&k))
    .transpose()
}

/// The fields held `ops` would change on a completed record: its value as completed, and as
/// the edits leave it (text edits merged into the completed text as a draft would have shown
/// them, on top of the held edits already dealt with, which later ones build on; the latest
/// write of each other field). The completion's own fields are not edits. A field is listed only
/// when the unsettled edits change it.
fn held_fields(
    conn: &Connection,
    kind: RecordKind,
    id: Id,
    settled: &[Op],
    ops: &[Op],
    zone: &crate::zone::Zone,
) -> Result<Vec<HeldField>> {
    let rule = kind.completion();
    // Per text field: the completed text, the text with the settled edits, and the document.
    let mut texts: BTreeMap<String, (String, String, crate::text::TextDoc)> = BTreeMap::new();
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    let mut text_of = |field: &String| -> Result<()> {
        if !texts.contains_key(field) {
            let state = apply::text_state(conn, id, field)?;
            let mut doc = crate::text::TextDoc::load(0, &state)?;
            let completed = doc.text();
            for op in settled {
                if let OpBody::Text {
                    field: f, update, ..
                } = &op.body
                {
                    if f == field {
                        doc.apply_update(&crate::text::decode(update)?)?;
                    }
                }
            }
            texts.insert(field.clone(), (completed, doc.text(), doc));
        }
        Ok(())
    };
    for op in ops {
        if let OpBody::Text { field, .. } = &op.body {
            text_of(field)?;
        }
    }
    for op in ops {
        match &op.body {
            OpBody::Text { field, update, .. } => {
                if let Some((_, _, doc)) = texts.get_mut(field) {
                    doc.apply_update(&crate::text::decode(update)?)?;
                }
            }
            OpBody::Set { field, value, .. } => {
                if rule.is_some_and(|r| *field == r.field || *field == r.stamp) {
                    continue;
                }
                values.insert(field.clone(), value.clone());
            }
            OpBody::Create { .. } | OpBody::Reviewed { .. } | OpBody::Settle { .. } => {}
        }
    }
    let mut out = Vec::new();
    for spec in kind.fields() {
        let name = spec.name;
        if let Some((completed, before, doc)) = texts.get(name) {
            let edited = doc.text();
            if edited != *before {
                out.push(HeldField {
                    field: name.into(),
                    label: crate::casework::entry::field_label(name).into(),
                    completed: completed.clone(),
                    edited,
                });
            }
        } else if let Some(value) = values.get(name) {
            let current = apply::heads(conn, kind, id, name)?
                .into_iter()
                .max_by_key(|h| (h.hlc, h.device))
                .map(|h| h.value)
                .unwrap_or(Value::Null);
            if *value != current {
                out.push(HeldField {
                    field: name.into(),
                    label: crate::casework::entry::field_label(name).into(),
                    completed: crate::casework::entry::field_text(name, &current, zone),
                    edited: crate::casework::entry::field_text(name, value, zone),
                });
            }
        }
    }
    Ok(out)
}

/// The (record, field) pairs of a heads table (`field_heads` or
/// `text_heads`) that have more than one head: concurrent writes kept.
fn fields_with_many_heads(
    conn: &Connection,
    zone: &crate::zone::Zone,
    table: &str,
) -> Result<Vec<ManyHeads>> {
    // A completed record's values can no longer change, so a conflict it was completed with
    // (possible only before completions named what they saw) is not offered for settling.
    let completed = if table == "field_heads" {
        "WHERE NOT EXISTS (SELECT 1 FROM completions c WHERE c.record_id = h.record_id)"
    } else {
        ""
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT h.record_id, h.field, r.kind, r.case_id FROM {table} h JOIN records r ON r.record_id = h.record_id
         {completed}
         GROUP BY h.record_id, h.field HAVING count(*) > 1 ORDER BY h.record_id, h.field"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, field, kind, case)| {
            let (kind, record_id) = (row::vocab(&kind)?, row::id(&id)?);
            Ok(ManyHeads {
                kind,
                record_id,
                case_id: row::opt_id(case)?,
                label: record_label(conn, zone, kind, record_id)?,
                field,
            })
        })
        .collect()
}

/// A field holding more than one head: a conflict or a merged body.
struct ManyHeads {
    kind: RecordKind,
    record_id: Id,
    case_id: Option<Id>,
    label: String,
    field: String,
}

/// A short label a person recognises a record by: a case's subject, a
/// person's name, an entry's purpose and day, a reflection's title…
fn record_label(
    conn: &Connection,
    zone: &crate::zone::Zone,
    kind: RecordKind,
    id: Id,
) -> Result<String> {
    if kind == RecordKind::Entry {
        // "Home visit · 2026-07-01": the day is the worker's own.
        let found: Option<(String, String)> = conn
            .row_cached(
                "SELECT coalesce(purpose, replace(kind, '-', ' ')), occurred_at FROM entries WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((what, at)) = found {
            let label = format!("{what} · {}", zone.day(row::moment(&at)?));
            return Ok(label.chars().take(120).collect());
        }
    }
    let sql = match kind {
        RecordKind::Case => {
            "SELECT coalesce((SELECT name FROM people p WHERE p.case_id = c.id AND p.is_subject = 1 ORDER BY created_at LIMIT 1), reference, 'Case') FROM cases c WHERE id = ?1"
        }
        RecordKind::Person => "SELECT name FROM people WHERE id = ?1",
        RecordKind::Entry => "SELECT purpose FROM entries WHERE id = ?1",
        RecordKind::Addendum => "SELECT 'Addendum: ' || substr(text, 1, 80) FROM addenda WHERE id = ?1",
        RecordKind::Reflection => "SELECT title FROM reflections WHERE id = ?1",
        RecordKind::CoworkNote => "SELECT substr(body, 1, 80) FROM cowork_notes WHERE id = ?1",
        RecordKind::Action => "SELECT text FROM actions WHERE id = ?1",
        RecordKind::Supervision => {
            "SELECT 'Supervision with ' || supervisor || ', ' || occurred_on FROM supervisions WHERE id = ?1"
        }
        RecordKind::Placement => "SELECT 'Placement: ' || setting FROM placements WHERE id = ?1",
        RecordKind::PlacementDay => {
            "SELECT 'Placement day ' || day FROM placement_days WHERE id = ?1"
        }
        RecordKind::Observation => {
            "SELECT 'Observation: ' || activity || ', ' || observed_on FROM observations WHERE id = ?1"
        }
        RecordKind::Worker => "SELECT display_name FROM workers WHERE id = ?1",
    };
    let label: Option<String> = conn
        .row_cached(sql, [id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(label
        .map(|l| l.chars().take(120).collect())
        .unwrap_or_else(|| kind.as_str().to_owned()))
}

/// Applies ops in clock order; an op on a record not created yet waits
/// until its record arrives (in this batch, or in a later one, kept in
/// `pending_ops`). Returns the records whose rows changed.
pub(crate) fn apply_in_causal_order(conn: &Connection, mut ops: Vec<Op>) -> Result<BTreeSet<Id>> {
    // Ops left waiting by earlier imports join this batch.
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT {OP_COLUMNS} FROM ops WHERE op_id IN (SELECT op_id FROM pending_ops)"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            ops.push(op_from_row(r)?);
        }
    }
    conn.exec_cached("DELETE FROM pending_ops", [])?;
    ops.sort_by_key(|o| (o.hlc, o.device_id, o.seq));
    let mut touched = BTreeSet::new();
    // Deletions are settled once per record after the whole batch (the outcome depends only on
    // the ops held, so it is the same as settling after each op, for a quarter of the work).
    let mut unsettled = BTreeSet::new();
    loop {
        let mut waiting = Vec::new();
        let before = ops.len();
        for op in ops {
            let creates = matches!(op.body, OpBody::Create { .. });
            if !creates && !apply::record_known(conn, op.record_id)? {
                waiting.push(op);
                continue;
            }
            ingest::apply_body(conn, &op)?;
            unsettled.extend(apply::deletion_scopes(&op));
            touched.insert(op.record_id);
        }
        if waiting.is_empty() || waiting.len() == before {
            for op in &waiting {
                conn.exec_cached(
                    "INSERT OR IGNORE INTO pending_ops (op_id) VALUES (?1)",
                    [op.op_id.to_string()],
                )?;
            }
            break;
        }
        ops = waiting;
    }
    // A record's search document follows its own row: an op changes its record's, and settling
    // a deletion can bring a record back (a case, for an edit inside it made without seeing its
    // delete). A case is not indexed again for every change to its records.
    for (kind, id) in unsettled {
        if apply::settle_deletion(conn, kind, id)? {
            touched.insert(id);
        }
    }
    Ok(touched)
}

/// This device's sync set-up (local only: never an op, never synced).
#[derive(Debug, Clone)]
pub struct SyncSettings {
    /// The folder target.
    pub folder: std::path::PathBuf,
    /// The vault this device joined.
    pub vault_id: Id,
    /// The vault key.
    pub key: crate::crypto::VaultKey,
    /// When the last round finished.
    pub last_sync: Option<chrono::DateTime<chrono::Utc>>,
}

impl Store {
    /// The sync set-up, if this device has one.
    pub fn sync_settings(&self) -> Result<Option<SyncSettings>> {
        let Some(folder) = meta_get(&self.conn, "sync.folder")? else {
            return Ok(None);
        };
        let vault_id = meta_id(&self.conn, "sync.vault_id")?
            .ok_or_else(|| Error::Corrupt("the sync set-up has no vault id".into()))?;
        let key = meta_get(&self.conn, "sync.key")?
            .ok_or_else(|| Error::Corrupt("the sync set-up has no key".into()))?;
        let last_sync = meta_get(&self.conn, "sync.last")?
            .map(|t| row::moment(&t))
            .transpose()?;
        Ok(Some(SyncSettings {
            folder: folder.into(),
            vault_id,
            key: crate::crypto::VaultKey::from_base64(&key)?,
            last_sync,
        }))
    }

    /// Saves the sync set-up.
    pub fn save_sync_settings(&mut self, s: &SyncSettings) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        meta_set(&tx, "sync.folder", &s.folder.to_string_lossy())?;
        meta_set(&tx, "sync.vault_id", &s.vault_id.to_string())?;
        meta_set(&tx, "sync.key", &s.key.to_base64())?;
        match s.last_sync {
            Some(t) => meta_set(&tx, "sync.last", &crate::validate::stored_moment(t))?,
            None => {
                tx.exec_cached("DELETE FROM meta WHERE key = 'sync.last'", [])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// What an import writes in its own transaction besides the ops (the hub pull's cursor).
type AlsoWritten<'a> = &'a mut dyn FnMut(&Connection) -> Result<()>;

/// How a batch of ops arrives: each device's in seq order from 1 (a sync folder), or with gaps
/// (a team hub).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    InOrder,
    WithGaps,
}

/// For each device, the highest seq held with none missing below it (0 when its first is
/// missing): the end of the run from 1.
fn contiguous_heads(conn: &Connection) -> Result<HeadMap> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.device_id, min(o.seq),
                (SELECT min(q.seq) FROM ops q WHERE q.device_id = o.device_id)
           FROM ops o
          WHERE NOT EXISTS (SELECT 1 FROM ops p WHERE p.device_id = o.device_id AND p.seq = o.seq + 1)
          GROUP BY o.device_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    rows.map(|r| {
        let (d, end, first) = r?;
        let head = if first > 1 { 0 } else { end };
        Ok((row::id(&d)?, u64::try_from(head).unwrap_or(0)))
    })
    .collect()
}

/// The end of the run of `device`'s ops held from `seq` on.
fn next_head(conn: &Connection, device: Id, seq: u64) -> Result<u64> {
    let mut head = seq;
    loop {
        let next: Option<i64> = conn
            .row_cached(
                "SELECT 1 FROM ops WHERE device_id = ?1 AND seq = ?2",
                params![
                    device.to_string(),
                    i64::try_from(head + 1).unwrap_or(i64::MAX)
                ],
                |r| r.get(0),
            )
            .optional()?;
        if next.is_none() {
            return Ok(head);
        }
        head += 1;
    }
}
