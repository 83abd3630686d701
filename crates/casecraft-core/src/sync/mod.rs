//! Sync between devices through a folder any of them can reach: the folder's layout and one sync
//! round (`folder`), and the vault's cryptography (`vault`); and with colleagues through a team
//! hub (`hub`). The store's side — head maps,
//! importing ops, conflicts and held edits — is `store::sync`; its report types are re-exported
//! here, where a reader of sync looks for them.

pub mod folder;
pub mod hub;
pub mod vault;

pub use crate::store::sync::conflicts::{
    Conflict, ConflictValue, HeadMap, HeldEdits, HeldField, HeldOutcome, ImportReport, ValueShape,
};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::Store;

/// What one round with every configured target did: the folder, the hub, and a target that
/// could not be reached (its work waits; the other target still synced).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoundReport {
    /// The folder's round, when a folder is set up and was reached.
    pub folder: Option<folder::SyncReport>,
    /// The hub's round, when this device joined a hub and reached it.
    pub hub: Option<hub::HubReport>,
    /// Targets that could not sync this time, each with why.
    pub failed: Vec<String>,
}

/// Syncs every configured target, the folder first: an op that reaches this device both ways is
/// taken once (ops are idempotent). A target out of reach does not stop the other; the round
/// fails only when every configured target failed (with the first target's error).
pub fn run_all(store: &mut Store) -> Result<RoundReport> {
    let mut report = RoundReport::default();
    let mut first_error = None;
    let has_folder = store.sync_settings()?.is_some();
    let has_hub = hub::joined(store)?;
    if !has_folder && !has_hub {
        return Err(Error::Refused(
            "nothing to sync with yet: `casecraft sync init FOLDER` (your own devices) or `casecraft hub join URL --code CODE` (your team)".into(),
        ));
    }
    if has_folder {
        match folder::run(store) {
            Ok(r) => report.folder = Some(r),
            Err(e) => {
                report.failed.push(format!("folder: {e}"));
                first_error.get_or_insert(e);
            }
        }
    }
    if has_hub {
        match hub::run(store) {
            Ok(r) => report.hub = Some(r),
            Err(e) => {
                report.failed.push(format!("team hub: {e}"));
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if report.folder.is_none() && report.hub.is_none() => Err(e),
        _ => Ok(report),
    }
}
