//! Signing out of a shared machine: the profile's data is removed from this device, so the next
//! person at the desk finds an empty Casecraft. Changes made here that no other device has yet
//! would be lost with it, and so would records kept on this device only by design (a supervision
//! session's wellbeing section never syncs), so signing out refuses while there are any, naming
//! them, unless the person says to discard them.

use std::fs;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::{Store, DB_FILE};

/// What signing out now would lose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unsynced {
    /// Changes made on this device that are not in its sync folder; every change held here when
    /// it has none.
    pub changes: u64,
    /// Whether this device syncs with a folder at all.
    pub syncs: bool,
    /// Records kept on this device only, whatever sync does (the wellbeing sections of
    /// supervision sessions), each named as a person knows it.
    pub device_only: Vec<String>,
}

impl Unsynced {
    /// Nothing would be lost.
    pub fn is_empty(&self) -> bool {
        self.changes == 0 && self.device_only.is_empty()
    }

    /// What would be lost, in words: the refusal's reason.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.changes > 0 {
            let where_ = if self.syncs {
                "sync first (Sync now, or `casecraft sync run`)"
            } else {
                "this device has never synced, so they exist only here: set up sync or make a backup first"
            };
            parts.push(format!(
                "{} change(s) made on this device are not synced and would be lost; {where_}",
                self.changes
            ));
        }
        if !self.device_only.is_empty() {
            parts.push(format!(
                "{} record(s) are kept on this device only and never sync, so they would be lost: {}; read or copy them first (`casecraft supervision show ID`), or make a backup",
                self.device_only.len(),
                self.device_only.join("; ")
            ));
        }
        parts.join(". ")
    }
}

/// The changes signing out would lose. A sync folder that cannot be reached counts as holding
/// nothing of this device's: better to ask than to lose.
pub fn unsynced(store: &Store) -> Result<Unsynced> {
    let device_only = store.device_only_records()?;
    if store.sync_settings()?.is_some() {
        let status = crate::sync::folder::status(store)?;
        return Ok(Unsynced {
            changes: status.pending,
            syncs: true,
            device_only,
        });
    }
    // Without a sync folder, everything here (written here or restored from a backup) may exist
    // nowhere else.
    Ok(Unsynced {
        changes: store.op_count()?,
        syncs: false,
        device_only,
    })
}

/// Removes the store in `data_dir` (the database, its journal files and the log). Refused while
/// changes made here are not synced, unless `discard_unsynced`. The store is closed first.
pub fn sign_out(store: Store, discard_unsynced: bool) -> Result<Unsynced> {
    let lost = unsynced(&store)?;
    if !lost.is_empty() && !discard_unsynced {
        return Err(Error::Refused(format!(
            "{}; or sign out anyway and discard them",
            lost.describe()
        )));
    }
    let dir = store
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let key = store.key().cloned();
    drop(store);
    Store::claim_exclusive(&dir, key.as_ref())?;
    // The store, its journal, the log, the key ring, and any copy a backup or restore cut short
    // left behind (those are whole plaintext copies of the casework).
    let mut names = vec![
        DB_FILE.to_string(),
        format!("{DB_FILE}-wal"),
        format!("{DB_FILE}-shm"),
        "casecraft.log".to_string(),
        crate::protection::keyring::KEY_FILE.to_string(),
        crate::protection::lock::ATTEMPTS_FILE.to_string(),
    ];
    if let Ok(entries) = fs::read_dir(&dir) {
        names.extend(
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| {
                    [
                        ".backup-snapshot-",
                        ".restore-",
                        ".before-restore-",
                        ".encrypting-",
                    ]
                    .iter()
                    .any(|p| n.starts_with(p))
                }),
        );
    }
    for name in names {
        match fs::remove_file(dir.join(&name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::storage(
                    "removed",
                    format!(
                        "{name} could not be removed ({}); check the data folder's permissions",
                        e.kind()
                    ),
                ))
            }
        }
    }
    tracing::info!(discarded = lost.changes, "signed out");
    Ok(lost)
}
