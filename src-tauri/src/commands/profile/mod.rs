//! The worker profile: first run asks for it, every screen shows who is writing.

pub mod dto;

use casecraft_core::casework::profile::{NewProfile, ProfileEdit};
use tauri::State;

use crate::error::IpcError;
use crate::files::{self, Ask};
use crate::state::AppState;
use dto::{BackupDto, NewProfileDto, ProfileDto, ProfileEditDto, UnsyncedDto};

/// The profile, or `null` before first run.
#[tauri::command]
pub async fn profile_get(state: State<'_, AppState>) -> Result<Option<ProfileDto>, IpcError> {
    let profile = state.with_store(|store| store.profile())?;
    Ok(profile.map(ProfileDto::from))
}

#[tauri::command]
pub async fn profile_init(
    state: State<'_, AppState>,
    input: NewProfileDto,
) -> Result<ProfileDto, IpcError> {
    let new = NewProfile::try_from(input)?;
    state
        .with_store(|store| store.init_profile(new))
        .map(ProfileDto::from)
}

/// Settings: the worker's name and role.
#[tauri::command]
pub async fn profile_edit(
    state: State<'_, AppState>,
    input: ProfileEditDto,
) -> Result<ProfileDto, IpcError> {
    let edit = ProfileEdit::try_from(input)?;
    state
        .with_store(|store| store.edit_profile(edit))
        .map(ProfileDto::from)
}

/// What signing out now would lose: `{changes, syncs}`.
#[tauri::command]
pub async fn sign_out_check(state: State<'_, AppState>) -> Result<UnsyncedDto, IpcError> {
    state
        .with_store(|store| casecraft_core::protection::signout::unsynced(store))
        .map(UnsyncedDto::from)
}

/// Removes this profile's data from this machine; refused while changes made here are not
/// synced, unless `discardUnsynced`. The app then starts over at first run.
#[tauri::command]
pub async fn sign_out(
    state: State<'_, AppState>,
    discard_unsynced: bool,
) -> Result<UnsyncedDto, IpcError> {
    state.sign_out(discard_unsynced).map(UnsyncedDto::from)
}

/// Makes an encrypted backup of everything, safe while the app is in use, in a new file the
/// person chooses in the save dialog; `None` when they cancelled.
#[tauri::command]
pub async fn backup_create<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<Option<BackupDto>, IpcError> {
    // A passphrase too weak is said before any dialog.
    casecraft_core::sync::vault::check_passphrase(&passphrase)?;
    let name = format!(
        "casecraft-backup-{}.ccbackup",
        chrono::Local::now().format("%Y-%m-%d")
    );
    let ask = Ask::titled("Save a backup of your casework")
        .named(&name)
        .showing("Casecraft backups", BACKUP_EXTENSIONS);
    let Some(file) = files::save_to(&app, ask) else {
        return Ok(None);
    };
    state
        .with_store(|store| casecraft_core::protection::backup::create(store, &file, &passphrase))
        .map(|info| Some(BackupDto::of(info, &file)))
}

/// Restores a backup the person chooses in the open dialog over this profile's casework, once
/// the backup has been verified whole (the current data stays until then); `None` when they
/// cancelled.
#[tauri::command]
pub async fn backup_restore<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<Option<BackupDto>, IpcError> {
    if passphrase.is_empty() {
        return Err(IpcError::invalid(
            "passphrase",
            "give the passphrase the backup was made with",
        ));
    }
    let ask =
        Ask::titled("Choose a backup to restore").showing("Casecraft backups", BACKUP_EXTENSIONS);
    let Some(file) = files::open(&app, ask) else {
        return Ok(None);
    };
    state
        .restore(&file, &passphrase)
        .map(|info| Some(BackupDto::of(info, &file)))
}

/// What backup files are called (`.ccb` by older versions' examples).
const BACKUP_EXTENSIONS: &[&str] = &["ccbackup", "ccb"];
