//! The ops log as stored: one row per op, read and appended here and nowhere else.

use rusqlite::{params, Connection};

use super::Cached;
use crate::error::{Error, Result};
use crate::hlc::Hlc;
use crate::op::Op;

/// Appends an op to the log table.
pub(crate) fn insert_op(conn: &Connection, op: &Op) -> Result<()> {
    conn.exec_cached(
        "INSERT INTO ops (device_id, seq, op_id, hlc, author, record_kind, record_id, case_id, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            op.device_id.to_string(),
            i64::try_from(op.seq).map_err(|_| Error::Corrupt("op sequence overflow".into()))?,
            op.op_id.to_string(),
            i64::try_from(op.hlc.as_u64()).map_err(|_| Error::Corrupt("clock overflow".into()))?,
            op.author.to_string(),
            op.record_kind.as_str(),
            op.record_id.to_string(),
            op.case_id.map(|c| c.to_string()),
            serde_json::to_string(&op.body)?,
        ],
    )?;
    Ok(())
}

/// The columns [`op_from_row`] reads, in order.
pub(crate) const OP_COLUMNS: &str =
    "device_id, seq, op_id, hlc, author, record_kind, record_id, case_id, body";

/// Reads an op from a row selected with [`OP_COLUMNS`].
pub(crate) fn op_from_row(r: &rusqlite::Row<'_>) -> Result<Op> {
    let number = |i: usize| -> Result<u64> {
        u64::try_from(r.get::<_, i64>(i)?)
            .map_err(|_| Error::Corrupt("a stored op has a negative number".into()))
    };
    let case: Option<String> = r.get(7)?;
    let body: String = r.get(8)?;
    Ok(Op {
        device_id: super::row::id(&r.get::<_, String>(0)?)?,
        seq: number(1)?,
        op_id: super::row::id(&r.get::<_, String>(2)?)?,
        hlc: Hlc::from_u64(number(3)?),
        author: super::row::id(&r.get::<_, String>(4)?)?,
        record_kind: super::row::vocab(&r.get::<_, String>(5)?)?,
        record_id: super::row::id(&r.get::<_, String>(6)?)?,
        case_id: super::row::opt_id(case)?,
        body: serde_json::from_str(&body)?,
    })
}
