//! `casecraft backup` and `casecraft restore FILE`: everything in one encrypted file, and back.

use std::path::Path;

use casecraft_core::protection::lock::{self, LockState};
use casecraft_core::{Result, Store};

use crate::cli::BackupPassphraseArgs;
use crate::input;
use crate::out::{self, Out};

use super::open_with;
use super::passphrase::recovery_notice;

/// `casecraft backup FILE`: a new backup file, under the backup's passphrase or else your own.
pub fn create(
    store: &Store,
    out: &mut Out<'_>,
    own: Option<&Path>,
    file: &Path,
    passphrase: &BackupPassphraseArgs,
) -> Result<()> {
    let pass = match input::backup_passphrase(passphrase.backup_passphrase_file.as_deref())? {
        Some(p) => p,
        None => input::own_passphrase(own, false)?,
    };
    let info = casecraft_core::protection::backup::create(store, file, &pass)?;
    out.record(&info, |o| {
        o.line(&format!(
            "Backed up {} MiB to {}. Keep the passphrase: the backup cannot be opened without it.",
            info.bytes / (1024 * 1024),
            file.display()
        ))
    })
}

/// `casecraft restore FILE`: over this profile's casework, or into an empty folder, which is set
/// up with your passphrase once the backup has been seen to open (a wrong one sets up nothing).
pub fn restore(
    dir: &Path,
    out: &mut Out<'_>,
    own: Option<&Path>,
    file: &Path,
    args: &BackupPassphraseArgs,
) -> Result<()> {
    let empty = lock::state(dir)? == LockState::Empty;
    let own_pass = input::own_passphrase(own, empty)?;
    let backup_pass = input::backup_passphrase(args.backup_passphrase_file.as_deref())?
        .unwrap_or_else(|| own_pass.clone());
    let store = if empty {
        casecraft_core::protection::backup::verify(file, &backup_pass)?;
        let (store, code) = lock::set_up(dir, &own_pass)?;
        // Shown now, before the restore: the passphrase is set whatever happens next (on
        // standard error when standard output carries JSON).
        if out.json {
            let mut err = std::io::stderr().lock();
            recovery_notice(
                &mut Out {
                    w: &mut err,
                    json: false,
                },
                &code.to_string(),
            )?;
        } else {
            recovery_notice(out, &code.to_string())?;
        }
        store
    } else {
        open_with(dir, &own_pass)?
    };
    let key = store.key().cloned();
    drop(store);
    let info = casecraft_core::protection::backup::restore(dir, file, &backup_pass, key.as_ref())?;
    out.record(&info, |o| {
        o.line(&format!(
            "Restored the backup of {} ({} MiB). This device now writes under a new device id.",
            out::local(info.created_at),
            info.bytes / (1024 * 1024)
        ))
    })
}
