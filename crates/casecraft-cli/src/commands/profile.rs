//! `casecraft init`, `casecraft profile` and `casecraft sign-out`: the worker profile on this
//! machine, from setting it up to removing it.

use std::path::Path;

use casecraft_core::casework::profile::{NewProfile, ProfileEdit, Role};
use casecraft_core::protection::keyring::Unlock;
use casecraft_core::protection::lock::{self, LockState};
use casecraft_core::{Result, Store};

use crate::cli::ProfileCmd;
use crate::input;
use crate::out::Out;

use super::passphrase::recovery_notice;

/// `casecraft init`: sets the casework up with a new passphrase (or unlocks it with yours), then
/// creates the profile; a new recovery code is printed beside it.
pub fn init(
    dir: &Path,
    out: &mut Out<'_>,
    own: Option<&Path>,
    name: &str,
    role: &str,
) -> Result<()> {
    let role = Role::parse("role", role)?;
    let (mut store, code) = match lock::state(dir)? {
        LockState::Locked => (
            lock::unlock(dir, Unlock::Passphrase(&input::own_passphrase(own, false)?))?,
            None,
        ),
        LockState::Empty | LockState::Unencrypted => {
            let (store, code) = lock::set_up(dir, &input::own_passphrase(own, true)?)?;
            (store, Some(code))
        }
    };
    let profile = store.init_profile(NewProfile {
        display_name: name.to_string(),
        role,
    })?;
    let code = code.map(|c| c.to_string());
    // The profile as before, with the recovery code beside its fields.
    let mut record = serde_json::to_value(&profile)?;
    if let (Some(fields), Some(code)) = (record.as_object_mut(), &code) {
        fields.insert("recoveryCode".into(), code.clone().into());
    }
    out.record(&record, |o| {
        o.line(&format!(
            "Profile created for {} ({}) on device {}",
            profile.display_name, profile.role, profile.device_id
        ))?;
        match &code {
            Some(code) => recovery_notice(o, code),
            None => Ok(()),
        }
    })
}

/// Runs `casecraft profile …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &ProfileCmd) -> Result<()> {
    let p = match cmd {
        ProfileCmd::Show => store.require_profile()?,
        ProfileCmd::Edit { name, role } => store.edit_profile(ProfileEdit {
            display_name: name.clone(),
            role: role
                .as_deref()
                .map(|r| Role::parse("role", r))
                .transpose()?,
        })?,
    };
    out.record(&p, |o| {
        o.line(&format!(
            "{} ({}) · worker {} · device {}",
            p.display_name, p.role, p.worker_id, p.device_id
        ))
    })
}

/// `casecraft sign-out`: removes this profile's data from this machine.
pub fn sign_out(store: Store, out: &mut Out<'_>, discard_unsynced: bool) -> Result<()> {
    let lost = casecraft_core::protection::signout::sign_out(store, discard_unsynced)?;
    out.record(&lost, |o| {
        if !lost.is_empty() {
            o.line(&format!(
                "Signed out; {} unsynced change(s) and {} record(s) kept on this device only were discarded. This machine holds no casework now.",
                lost.changes,
                lost.device_only.len()
            ))
        } else {
            o.line("Signed out. This machine holds no casework now; your changes are in the sync folder.")
        }
    })
}
