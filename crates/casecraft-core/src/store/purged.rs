//! Cases this device was removed from on a team hub: an op of one is kept in the log but never
//! applied, whichever way it arrives (`store::ingest` asks here).

use rusqlite::OptionalExtension;

use super::Cached;
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::op::Op;
use crate::record::RecordKind;

/// Whether `op` belongs to a case this device was removed from (a reflection written on this
/// installation stays: it is the worker's own log, not the case's record).
pub(crate) fn purged(conn: &rusqlite::Connection, op: &Op) -> Result<bool> {
    let Some(case) = casecraft_ops::hub::case_of(op) else {
        return Ok(false);
    };
    let hit: Option<i64> = conn
        .row_cached(
            "SELECT 1 FROM purged_cases WHERE case_id = ?1",
            [case.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if hit.is_none() {
        return Ok(false);
    }
    if op.record_kind == RecordKind::Reflection && own_devices(conn)?.contains(&op.device_id) {
        return Ok(false);
    }
    Ok(true)
}

/// This installation's device ids: the current one and those it wrote under before.
pub(crate) fn own_devices(conn: &rusqlite::Connection) -> Result<Vec<Id>> {
    let mut ids: Vec<Id> = super::meta_id(conn, "device_id")?.into_iter().collect();
    if let Some(text) = super::meta_get(conn, "retired_device_ids")? {
        let retired: Vec<Id> = serde_json::from_str(&text)
            .map_err(|_| Error::Corrupt("the list of retired device ids is damaged".into()))?;
        ids.extend(retired);
    }
    Ok(ids)
}
