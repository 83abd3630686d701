//! Where every op enters the derived tables — a local write, a rebuild from the log, an op from
//! another device: the completion rule decides its fate (applied, held, or the record worked out
//! again), then `apply` writes it and deletions are settled.

use rusqlite::Connection;

use super::apply::{apply_op, deletion_scopes, settle_deletion};
use super::completion::{self, Fate};
use crate::error::Result;
use crate::op::{Op, OpBody};

/// Applies `op` to the derived tables.
pub(crate) fn apply(conn: &Connection, op: &Op) -> Result<()> {
    apply_body(conn, op)?;
    for (kind, id) in deletion_scopes(op) {
        settle_deletion(conn, kind, id)?;
    }
    Ok(())
}

/// Applies `op` without settling deletions; the caller settles every
/// [`deletion_scopes`] of the batch afterwards. An op on a completed record that its completion
/// does not cover is held, never applied (`store::completion`).
pub(crate) fn apply_body(conn: &Connection, op: &Op) -> Result<()> {
    if super::purged::purged(conn, op)? {
        return Ok(());
    }
    match completion::fate(conn, op)? {
        Fate::Apply => apply_op(conn, op),
        Fate::Hold => completion::hold(conn, op),
        Fate::Completes => {
            let created_now = matches!(op.body, OpBody::Create { .. })
                && !super::apply::record_known(conn, op.record_id)?;
            apply_op(conn, op)?;
            completion::completed(conn, op, created_now)
        }
        Fate::Recompute => completion::recompute(conn, op.record_kind, op.record_id),
    }
}
