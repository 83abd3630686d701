//! Applying an op to the derived tables. The same function serves local
//! writes, a rebuild from the log and ops received from other devices, so
//! the tables are always what the log says.

use std::collections::BTreeMap;

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::{row, Cached};
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::op::{Op, OpBody};
use crate::record::{FieldSpec, FieldType, RecordKind, SECTION_PREFIX};
use crate::text::{self, TextDoc};
use crate::validate::stored_moment;

/// One current value of a register.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Head {
    pub op_id: Id,
    pub hlc: Hlc,
    pub device: Id,
    pub value: Value,
}

/// The records whose deletion an op can unsettle: its own, and its case's. A delete and an
/// edit that did not see each other keep the record; [`settle_deletion`] works that out from
/// the ops alone, so a batch may settle each record once, after all its ops.
pub(crate) fn deletion_scopes(op: &Op) -> impl Iterator<Item = (RecordKind, Id)> {
    std::iter::once((op.record_kind, op.record_id)).chain(
        op.case_id
            .filter(|c| *c != op.record_id)
            .map(|c| (RecordKind::Case, c)),
    )
}

/// Applies `op` to its record's rows, whatever the record's state.
pub(crate) fn apply_op(conn: &Connection, op: &Op) -> Result<()> {
    match &op.body {
        OpBody::Create { fields } => create(conn, op, fields),
        OpBody::Set {
            field, value, prev, ..
        } => set(conn, op, field, value, prev),
        OpBody::Text {
            field,
            update,
            prev,
        } => {
            edit_text(conn, op, field, update)?;
            advance_text_heads(conn, op, field, prev)
        }
        OpBody::Reviewed { field, prev } => {
            ensure_record(conn, op.record_id)?;
            advance_text_heads(conn, op, field, prev)
        }
        OpBody::Settle { held } => {
            for id in held {
                conn.exec_cached(
                    "INSERT OR IGNORE INTO settled_ops (op_id) VALUES (?1)",
                    [id.to_string()],
                )?;
            }
            Ok(())
        }
    }
}

fn create(
    conn: &Connection,
    op: &Op,
    fields: &std::collections::BTreeMap<String, Value>,
) -> Result<()> {
    let known: Option<String> = conn
        .row_cached(
            "SELECT create_op FROM records WHERE record_id = ?1",
            [op.record_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if known.is_some() {
        return Ok(());
    }
    conn.exec_cached(
        "INSERT INTO records (record_id, kind, case_id, create_op, create_hlc, create_device)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            op.record_id.to_string(),
            op.record_kind.as_str(),
            op.case_id.map(|c| c.to_string()),
            op.op_id.to_string(),
            hlc_sql(op.hlc)?,
            op.device_id.to_string(),
        ],
    )?;
    let at = stored_moment(op.hlc.to_datetime());
    let mut columns = vec!["id", "created_by", "created_at", "updated_at"];
    let mut values: Vec<Sql> = vec![
        Sql::Text(op.record_id.to_string()),
        Sql::Text(op.author.to_string()),
        Sql::Text(at.clone()),
        Sql::Text(at),
    ];
    for (name, value) in fields {
        let spec = scalar_spec(op.record_kind, name)?;
        columns.push(spec.name);
        values.push(to_sql(spec, value)?);
    }
    let placeholders = (1..=columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {} ({}) VALUES ({placeholders})",
        op.record_kind.table(),
        columns.join(", ")
    );
    conn.exec_cached(&sql, rusqlite::params_from_iter(values))?;
    Ok(())
}

fn set(conn: &Connection, op: &Op, field: &str, value: &Value, prev: &[Id]) -> Result<()> {
    let spec = scalar_spec(op.record_kind, field)?;
    let heads = heads(conn, op.record_kind, op.record_id, field)?;
    let replaced_later = supersede(conn, op.op_id, prev)?;
    let mut new_heads: Vec<Head> = heads
        .into_iter()
        .filter(|h| !prev.contains(&h.op_id) && h.op_id != op.op_id)
        .collect();
    if !replaced_later {
        new_heads.push(Head {
            op_id: op.op_id,
            hlc: op.hlc,
            device: op.device_id,
            value: value.clone(),
        });
    }
    let rid = op.record_id.to_string();
    conn.exec_cached(
        "DELETE FROM field_heads WHERE record_id = ?1 AND field = ?2",
        params![rid, field],
    )?;
    for h in &new_heads {
        conn.exec_cached(
            "INSERT INTO field_heads (record_id, field, op_id, hlc, device_id, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![rid, field, h.op_id.to_string(), hlc_sql(h.hlc)?, h.device.to_string(), h.value.to_string()],
        )?;
    }
    // Concurrent values are ordered by (clock, device) for display; the
    // others stay in field_heads as a visible conflict.
    if let Some(winner) = new_heads.iter().max_by_key(|h| (h.hlc, h.device)) {
        let sql = format!(
            "UPDATE {} SET {} = ?1, updated_at = max(updated_at, ?2) WHERE id = ?3",
            op.record_kind.table(),
            spec.name
        );
        conn.exec_cached(
            &sql,
            params![
                to_sql(spec, &winner.value)?,
                stored_moment(op.hlc.to_datetime()),
                rid
            ],
        )?;
    }
    Ok(())
}

fn edit_text(conn: &Connection, op: &Op, field: &str, update: &str) -> Result<()> {
    let spec = op
        .record_kind
        .field(field)
        .filter(|s| s.ty == FieldType::Text)
        .ok_or_else(|| unknown_field(op.record_kind, field))?;
    ensure_record(conn, op.record_id)?;
    let state = text_state(conn, op.record_id, field)?;
    let mut doc = TextDoc::load(0, &state)?;
    doc.apply_update(&text::decode(update)?)?;
    let rid = op.record_id.to_string();
    conn.exec_cached(
        "INSERT INTO text_docs (record_id, field, state) VALUES (?1, ?2, ?3)
         ON CONFLICT (record_id, field) DO UPDATE SET state = excluded.state",
        params![rid, field, doc.state()],
    )?;
    let at = stored_moment(op.hlc.to_datetime());
    if let Some(key) = field.strip_prefix(SECTION_PREFIX) {
        conn.exec_cached(
            "INSERT INTO reflection_sections (reflection_id, key, text) VALUES (?1, ?2, ?3)
             ON CONFLICT (reflection_id, key) DO UPDATE SET text = excluded.text",
            params![rid, key, doc.text()],
        )?;
        conn.exec_cached(
            "UPDATE reflections SET updated_at = max(updated_at, ?1) WHERE id = ?2",
            params![at, rid],
        )?;
    } else {
        let sql = format!(
            "UPDATE {} SET {} = ?1, updated_at = max(updated_at, ?2) WHERE id = ?3",
            op.record_kind.table(),
            spec.name
        );
        conn.exec_cached(&sql, params![doc.text(), at, rid])?;
    }
    Ok(())
}

/// Records that the ops in `prev` are replaced, and says whether `op_id`
/// itself was already replaced by an op applied earlier (ops may arrive in
/// any order).
fn supersede(conn: &Connection, op_id: Id, prev: &[Id]) -> Result<bool> {
    let replaced_later = conn
        .row_cached(
            "SELECT 1 FROM superseded WHERE op_id = ?1",
            [op_id.to_string()],
            |_| Ok(true),
        )
        .optional()?
        .unwrap_or(false);
    for p in prev {
        conn.exec_cached(
            "INSERT OR IGNORE INTO superseded (op_id) VALUES (?1)",
            [p.to_string()],
        )?;
    }
    Ok(replaced_later)
}

/// A body's text ops form a DAG like a register's writes: an op replaces
/// the heads it names in `prev`. More than one head means edits made
/// without seeing each other were merged — flagged until a later edit or a
/// review sees them all.
fn advance_text_heads(conn: &Connection, op: &Op, field: &str, prev: &[Id]) -> Result<()> {
    let rid = op.record_id.to_string();
    let replaced_later = supersede(conn, op.op_id, prev)?;
    for p in prev {
        conn.exec_cached(
            "DELETE FROM text_heads WHERE record_id = ?1 AND field = ?2 AND op_id = ?3",
            params![rid, field, p.to_string()],
        )?;
    }
    if !replaced_later {
        conn.exec_cached(
            "INSERT OR IGNORE INTO text_heads (record_id, field, op_id) VALUES (?1, ?2, ?3)",
            params![rid, field, op.op_id.to_string()],
        )?;
    }
    Ok(())
}

/// The text ops a body's current text rests on.
pub(crate) fn text_heads(conn: &Connection, id: Id, field: &str) -> Result<Vec<Id>> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id FROM text_heads WHERE record_id = ?1 AND field = ?2 ORDER BY op_id",
    )?;
    let rows = stmt.query_map(params![id.to_string(), field], |r| r.get::<_, String>(0))?;
    rows.map(|r| row::id(&r?)).collect()
}

/// Whether a register value means "yes" (1 or true).
pub(crate) fn truthy(v: &Value) -> bool {
    v.as_bool().unwrap_or(false) || v.as_i64().is_some_and(|n| n != 0)
}

/// What a delete of this record covers: the record's own ops, or for a
/// case every op of the case. For each device, the last of them held here.
pub(crate) fn deletion_scope_heads(
    conn: &Connection,
    kind: RecordKind,
    id: Id,
) -> Result<BTreeMap<Id, u64>> {
    let sql = if kind == RecordKind::Case {
        "SELECT device_id, max(seq) FROM ops WHERE case_id = ?1 OR record_id = ?1 GROUP BY device_id"
    } else {
        "SELECT device_id, max(seq) FROM ops WHERE record_id = ?1 GROUP BY device_id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    rows.map(|r| {
        let (d, s) = r?;
        Ok((row::id(&d)?, u64::try_from(s).unwrap_or(0)))
    })
    .collect()
}

/// Keeps a deleted record when an edit was made without seeing its delete:
/// the record stays visible and is listed in `delete_conflicts` until a
/// person restores it or deletes it again. Says whether it brought the record back (its row
/// changed, so its search document must follow).
pub(crate) fn settle_deletion(conn: &Connection, kind: RecordKind, id: Id) -> Result<bool> {
    let rid = id.to_string();
    let sql = format!(
        "SELECT deleted OR EXISTS (SELECT 1 FROM delete_conflicts WHERE record_id = ?1) FROM {} WHERE id = ?1",
        kind.table()
    );
    let relevant: Option<bool> = conn.row_cached(&sql, [&rid], |r| r.get(0)).optional()?;
    if relevant != Some(true) {
        return Ok(false);
    }
    conn.exec_cached("DELETE FROM delete_conflicts WHERE record_id = ?1", [&rid])?;
    let heads = heads(conn, kind, id, "deleted")?;
    let Some(winner) = heads.iter().max_by_key(|h| (h.hlc, h.device)) else {
        return Ok(false);
    };
    if !truthy(&winner.value) {
        return Ok(false);
    }
    let body: Option<String> = conn
        .row_cached(
            "SELECT body FROM ops WHERE op_id = ?1",
            [winner.op_id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    let seen = match body
        .map(|b| serde_json::from_str::<OpBody>(&b))
        .transpose()?
    {
        Some(OpBody::Set { seen, .. }) => seen,
        _ => BTreeMap::new(),
    };
    let scope = if kind == RecordKind::Case {
        "SELECT op_id, device_id, seq, record_id, body FROM ops WHERE case_id = ?1 OR record_id = ?1"
    } else {
        "SELECT op_id, device_id, seq, record_id, body FROM ops WHERE record_id = ?1"
    };
    let mut stmt = conn.prepare_cached(scope)?;
    let rows = stmt
        .query_map([&rid], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut unseen = Vec::new();
    for (op_id, device, seq, record, body) in rows {
        let seq = u64::try_from(seq).unwrap_or(0);
        if seq <= seen.get(&row::id(&device)?).copied().unwrap_or(0) {
            continue;
        }
        // The delete and restore writes themselves are not edits.
        let op_body: OpBody = serde_json::from_str(&body)?;
        if record == rid && matches!(&op_body, OpBody::Set { field, .. } if field == "deleted") {
            continue;
        }
        unseen.push(op_id);
    }
    if unseen.is_empty() {
        return Ok(false);
    }
    for edit in &unseen {
        conn.exec_cached(
            "INSERT OR IGNORE INTO delete_conflicts (record_id, delete_op, edit_op) VALUES (?1, ?2, ?3)",
            params![rid, winner.op_id.to_string(), edit],
        )?;
    }
    conn.exec_cached(
        &format!("UPDATE {} SET deleted = 0 WHERE id = ?1", kind.table()),
        [&rid],
    )?;
    Ok(true)
}

/// The current values of a register: those written after creation, or the
/// value the record was created with.
pub(crate) fn heads(conn: &Connection, kind: RecordKind, id: Id, field: &str) -> Result<Vec<Head>> {
    let spec = scalar_spec(kind, field)?;
    let rid = id.to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, hlc, device_id, value FROM field_heads WHERE record_id = ?1 AND field = ?2",
    )?;
    let explicit = stmt
        .query_map(params![rid, field], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?
        .map(|r| {
            let (op, hlc, device, value) = r?;
            Ok(Head {
                op_id: row::id(&op)?,
                hlc: Hlc::from_u64(u64::try_from(hlc).unwrap_or(0)),
                device: row::id(&device)?,
                value: serde_json::from_str(&value)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if !explicit.is_empty() {
        return Ok(explicit);
    }
    let (create_op, create_hlc, create_device) = conn
        .row_cached(
            "SELECT create_op, create_hlc, create_device FROM records WHERE record_id = ?1",
            [&rid],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::Corrupt(format!("record {id} is written to before it exists")))?;
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", spec.name, kind.table());
    let current: Sql = conn.row_cached(&sql, [&rid], |r| r.get(0))?;
    Ok(vec![Head {
        op_id: row::id(&create_op)?,
        hlc: Hlc::from_u64(u64::try_from(create_hlc).unwrap_or(0)),
        device: row::id(&create_device)?,
        value: from_sql(spec, current)?,
    }])
}

/// The stored CRDT state of a text body (empty when never written).
pub(crate) fn text_state(conn: &Connection, id: Id, field: &str) -> Result<Vec<u8>> {
    Ok(conn
        .row_cached(
            "SELECT state FROM text_docs WHERE record_id = ?1 AND field = ?2",
            params![id.to_string(), field],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// Whether the record has been created here.
pub(crate) fn record_known(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .row_cached(
            "SELECT 1 FROM records WHERE record_id = ?1",
            [id.to_string()],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .is_some())
}

fn ensure_record(conn: &Connection, id: Id) -> Result<()> {
    let known: Option<i64> = conn
        .row_cached(
            "SELECT 1 FROM records WHERE record_id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    known
        .map(|_| ())
        .ok_or_else(|| Error::Corrupt(format!("record {id} is written to before it exists")))
}

fn scalar_spec(kind: RecordKind, field: &str) -> Result<FieldSpec> {
    kind.field(field)
        .filter(|s| s.ty != FieldType::Text)
        .ok_or_else(|| unknown_field(kind, field))
}

fn unknown_field(kind: RecordKind, field: &str) -> Error {
    Error::Corrupt(format!(
        "a change names an unknown field {field:?} of a {kind}"
    ))
}

fn to_sql(spec: FieldSpec, v: &Value) -> Result<Sql> {
    let bad = || {
        Error::Corrupt(format!(
            "a change gives field {} a value of the wrong type",
            spec.name
        ))
    };
    Ok(match (spec.ty, v) {
        (_, Value::Null) => Sql::Null,
        (FieldType::Str, Value::String(s)) => Sql::Text(s.clone()),
        (FieldType::Int, Value::Bool(b)) => Sql::Integer(i64::from(*b)),
        (FieldType::Int, Value::Number(n)) => Sql::Integer(n.as_i64().ok_or_else(bad)?),
        (FieldType::Json, v) => Sql::Text(v.to_string()),
        _ => return Err(bad()),
    })
}

fn from_sql(spec: FieldSpec, v: Sql) -> Result<Value> {
    Ok(match v {
        Sql::Null => Value::Null,
        Sql::Integer(i) => Value::from(i),
        Sql::Text(s) if spec.ty == FieldType::Json => serde_json::from_str(&s)?,
        Sql::Text(s) => Value::String(s),
        Sql::Real(_) | Sql::Blob(_) => {
            return Err(Error::Corrupt(format!(
                "field {} holds an unexpected value",
                spec.name
            )))
        }
    })
}

fn hlc_sql(h: Hlc) -> Result<i64> {
    i64::try_from(h.as_u64()).map_err(|_| Error::Corrupt("clock overflow".into()))
}
