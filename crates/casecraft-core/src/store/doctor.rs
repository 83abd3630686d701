//! Health checks and the rebuild: the derived tables and the search index
//! are thrown away and replayed from the ops log, which must give exactly
//! what was there.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

use super::apply::record_known;
use super::ingest::apply;
use super::log::{op_from_row, OP_COLUMNS};
use super::schema::DERIVED_TABLES;
use super::search::reindex_all;
use super::sync::apply_in_causal_order;
use super::{row, Store};
use crate::error::Result;

/// What `doctor --check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Ops in the log.
    pub ops: u64,
    /// Devices whose ops the log holds.
    pub devices: u64,
    /// Problems found; empty when healthy.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// True when nothing is wrong.
    pub fn is_healthy(&self) -> bool {
        self.problems.is_empty()
    }
}

/// What `doctor --rebuild` did.
#[derive(Debug, Clone, Serialize)]
pub struct RebuildReport {
    /// Ops replayed.
    pub ops: u64,
    /// Records rebuilt.
    pub records: u64,
    /// Derived tables that came out different from before (empty when the
    /// rebuild reproduced exactly what was there).
    pub changed_tables: Vec<String>,
}

impl Store {
    /// Checks the database file, the log and that the derived tables are
    /// exactly what the log says. Changes nothing.
    pub fn check(&mut self) -> Result<CheckReport> {
        let mut problems = Vec::new();
        let integrity: Vec<String> = {
            let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if integrity != ["ok"] {
            problems.extend(integrity.into_iter().map(|p| format!("database file: {p}")));
        }
        let mut devices = 0u64;
        {
            let mut stmt = self.conn.prepare(
                "SELECT device_id, count(*), min(seq), max(seq) FROM ops GROUP BY device_id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            for r in rows {
                let (device, count, min, max) = r?;
                devices += 1;
                if min != 1 || max != count {
                    problems.push(format!(
                        "the log of device {device} has gaps ({count} ops numbered {min} to {max})"
                    ));
                }
            }
        }
        let ops = self.op_count()?;
        // Replay the log in a transaction that is rolled back, and compare.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = fingerprint(&tx)?;
        match replay(&tx) {
            Ok(_) => {
                let after = fingerprint(&tx)?;
                for table in changed(&before, &after) {
                    problems.push(format!("table {table} differs from what the ops log says; run `casecraft doctor --rebuild`"));
                }
            }
            Err(e) => problems.push(format!("the ops log could not be replayed: {e}")),
        }
        drop(tx);
        Ok(CheckReport {
            ops,
            devices,
            problems,
        })
    }

    /// Throws away every derived table and the search index and rebuilds
    /// them from the ops log, in one transaction.
    pub fn rebuild(&mut self) -> Result<RebuildReport> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = fingerprint(&tx)?;
        let (ops, records) = replay(&tx)?;
        let after = fingerprint(&tx)?;
        tx.commit()?;
        tracing::info!(ops, records, "rebuilt derived tables from the ops log");
        Ok(RebuildReport {
            ops,
            records,
            changed_tables: changed(&before, &after),
        })
    }
}

/// Empties the derived tables and applies every op again in log order.
fn replay(conn: &Connection) -> Result<(u64, u64)> {
    for table in DERIVED_TABLES {
        conn.execute(&format!("DELETE FROM {table}"), [])?;
    }
    let mut ops = 0u64;
    {
        // Clock order is causal order; an op whose record has not been
        // created yet (possible with ops from other devices) waits for it.
        let mut stmt = conn.prepare(&format!(
            "SELECT {OP_COLUMNS} FROM ops ORDER BY hlc, device_id, seq"
        ))?;
        let mut rows = stmt.query([])?;
        let mut waiting = Vec::new();
        while let Some(r) = rows.next()? {
            let op = op_from_row(r)?;
            if !matches!(op.body, crate::op::OpBody::Create { .. })
                && !record_known(conn, op.record_id)?
            {
                waiting.push(op);
                ops += 1;
                continue;
            }
            apply(conn, &op)?;
            ops += 1;
        }
        apply_in_causal_order(conn, waiting)?;
    }
    let ids: Vec<String> = {
        let mut stmt = conn.prepare("SELECT record_id FROM records ORDER BY rowid")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    reindex_all(
        conn,
        ids.iter()
            .map(|id| row::id(id))
            .collect::<Result<Vec<_>>>()?,
    )?;
    Ok((ops, u64::try_from(ids.len()).unwrap_or(0)))
}

/// A hash of every derived table's content, by table. The search index is
/// compared by content, not by its internal row numbers.
fn fingerprint(conn: &Connection) -> Result<BTreeMap<String, u64>> {
    let mut out = BTreeMap::new();
    for table in DERIVED_TABLES {
        if *table == "text_docs" {
            out.insert(table.to_string(), text_docs_fingerprint(conn)?);
            continue;
        }
        let sql = match *table {
            "search_docs" => {
                "SELECT d.record_id, d.kind, d.case_id, d.entry_kind, d.day, d.significant, d.tags, d.at, f.title, f.body
                 FROM search_docs d JOIN search_fts f ON f.rowid = d.rowid ORDER BY d.record_id"
                    .to_string()
            }
            "search_fts" => continue,
            "records" => "SELECT record_id, kind, case_id, create_op, create_hlc, create_device FROM records ORDER BY record_id".to_string(),
            t => {
                let n = conn.prepare(&format!("SELECT * FROM {t}"))?.column_count();
                let order = (1..=n).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
                format!("SELECT * FROM {t} ORDER BY {order}")
            }
        };
        let mut stmt = conn.prepare(&sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut h = DefaultHasher::new();
        while let Some(r) = rows.next()? {
            for i in 0..columns {
                match r.get::<_, Sql>(i)? {
                    Sql::Null => 0u8.hash(&mut h),
                    Sql::Integer(v) => (1u8, v).hash(&mut h),
                    Sql::Real(v) => (2u8, v.to_bits()).hash(&mut h),
                    Sql::Text(v) => (3u8, v).hash(&mut h),
                    Sql::Blob(v) => (4u8, v).hash(&mut h),
                }
            }
        }
        out.insert(table.to_string(), h.finish());
    }
    Ok(out)
}

/// Text bodies compared by what they hold (their text and which edits they
/// include), not by the bytes of their encoding, which depend on the order
/// edits arrived in.
fn text_docs_fingerprint(conn: &Connection) -> Result<u64> {
    let mut stmt =
        conn.prepare("SELECT record_id, field, state FROM text_docs ORDER BY record_id, field")?;
    let mut rows = stmt.query([])?;
    let mut h = DefaultHasher::new();
    while let Some(r) = rows.next()? {
        let (id, field, state): (String, String, Vec<u8>) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let doc = crate::text::TextDoc::load(0, &state)?;
        (id, field, doc.text(), doc.state_vector()).hash(&mut h);
    }
    Ok(h.finish())
}

fn changed(before: &BTreeMap<String, u64>, after: &BTreeMap<String, u64>) -> Vec<String> {
    before
        .iter()
        .filter(|(t, h)| after.get(*t) != Some(h))
        .map(|(t, _)| t.clone())
        .collect()
}
