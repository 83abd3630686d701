//! Encryption at rest from the window: first-run set-up (passphrase and the recovery code shown
//! once), unlocking, recovering a forgotten passphrase, changing it, locking, and the idle lock
//! setting. Passphrases cross IPC once per call and are never kept by the shell.

pub mod dto;

use casecraft_core::casework::profile::NewProfile;
use casecraft_core::protection::keyring::Unlock;
use tauri::State;

use crate::commands::profile::dto::{NewProfileDto, ProfileDto};
use crate::error::IpcError;
use crate::state::{Access, AppState};
use dto::SetUpDto;

/// Where the app stands: `empty` (first run), `unencrypted` (casework from before encryption),
/// `locked` or `unlocked`.
#[tauri::command]
pub async fn access_get(state: State<'_, AppState>) -> Result<Access, IpcError> {
    state.access()
}

/// First run, or casework from before encryption: sets the passphrase, creates the profile when
/// `profile` is given, and opens the casework. Returns the recovery code, to be shown once.
#[tauri::command]
pub async fn set_up(
    state: State<'_, AppState>,
    passphrase: String,
    profile: Option<NewProfileDto>,
) -> Result<SetUpDto, IpcError> {
    let profile = profile.map(NewProfile::try_from).transpose()?;
    let (code, profile) = state.set_up(&passphrase, profile)?;
    Ok(SetUpDto {
        recovery_code: code.to_string(),
        profile: profile.map(ProfileDto::from),
    })
}

/// Opens the casework with the passphrase.
#[tauri::command]
pub async fn unlock(state: State<'_, AppState>, passphrase: String) -> Result<(), IpcError> {
    state.unlock(Unlock::Passphrase(&passphrase))
}

/// Forgotten passphrase: opens the casework with the recovery code and sets a new passphrase.
#[tauri::command]
pub async fn unlock_with_recovery(
    state: State<'_, AppState>,
    code: String,
    new_passphrase: String,
) -> Result<(), IpcError> {
    state.recover(&code, &new_passphrase)
}

/// Settings: a new passphrase, given the current one. Nothing is re-encrypted.
#[tauri::command]
pub async fn passphrase_change(
    state: State<'_, AppState>,
    current: String,
    new_passphrase: String,
) -> Result<(), IpcError> {
    state.change_passphrase(&current, &new_passphrase)
}

/// Locks now: the store is closed; the window clears itself.
#[tauri::command]
pub async fn lock(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.lock()
}

/// Minutes without use before the app locks on this device.
#[tauri::command]
pub async fn lock_after_get(state: State<'_, AppState>) -> Result<u32, IpcError> {
    state.with_store(|store| store.lock_after_minutes())
}

/// Sets the minutes without use before the app locks on this device.
#[tauri::command]
pub async fn lock_after_set(state: State<'_, AppState>, minutes: u32) -> Result<u32, IpcError> {
    state.with_store(|store| store.set_lock_after_minutes(minutes))
}
