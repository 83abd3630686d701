//! `casecraft sync`: syncing with your other devices through a shared folder.

use casecraft_core::{Result, Store};

use crate::cli::SyncCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft sync …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &SyncCmd) -> Result<()> {
    match cmd {
        SyncCmd::Init { folder, passphrase } => {
            let folder = &input::folder(folder)?;
            let pass = input::passphrase(passphrase.sync_passphrase_file.as_deref(), true)?;
            let vault = casecraft_core::sync::folder::init(store, folder, &pass)?;
            out.line(&format!(
                "Created vault {vault} in {}. On your other devices: `casecraft sync join {}` with the same passphrase.",
                folder.display(),
                folder.display()
            ))
        }
        SyncCmd::Join { folder, passphrase } => {
            let folder = &input::folder(folder)?;
            let pass = input::passphrase(passphrase.sync_passphrase_file.as_deref(), false)?;
            let vault = casecraft_core::sync::folder::join(store, folder, &pass)?;
            out.line(&format!(
                "Joined vault {vault}; run `casecraft sync run` to sync."
            ))
        }
        SyncCmd::Run => {
            let round = casecraft_core::sync::run_all(store)?;
            out.record(&round, |o| {
                if let Some(r) = &round.folder {
                    for w in &r.warnings {
                        o.line(&format!("warning: {w}"))?;
                    }
                    if r.pulled.new_device_id {
                        o.line("note: another installation was using this device's id (a copied folder or a restored backup); this device now has a new id")?;
                    }
                    o.line(&format!(
                        "Synced: {} change(s) received, {} sent, {} device(s) in the folder.",
                        r.pulled.applied, r.pushed, r.devices
                    ))?;
                }
                if let Some(r) = &round.hub {
                    super::hub::print_round(o, r)?;
                }
                for f in &round.failed {
                    o.line(&format!("not synced: {f}"))?;
                }
                Ok(())
            })
        }
        SyncCmd::Status => {
            let s = casecraft_core::sync::folder::status(store)?;
            out.record(&s, |o| {
                let last = s
                    .last_sync
                    .map(out::local)
                    .unwrap_or_else(|| "never".into());
                o.line(&format!(
                    "{} change(s) not yet synced · last synced {last} · {} conflict(s) · folder {}",
                    s.pending,
                    s.conflicts,
                    s.folder.display()
                ))
            })
        }
    }
}
