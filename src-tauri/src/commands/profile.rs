//! The worker profile: first run asks for it, every screen shows who is writing.

use casecraft_core::profile::{NewProfile, ProfileEdit};
use tauri::State;

use crate::dto::{BackupDto, NewProfileDto, ProfileDto, ProfileEditDto, UnsyncedDto};
use crate::error::IpcError;
use crate::state::AppState;

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
        .with_store(|store| casecraft_core::signout::unsynced(store))
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

/// Makes an encrypted backup of everything at `file` (a new file; whole path), safe while the app
/// is in use.
#[tauri::command]
pub async fn backup_create(
    state: State<'_, AppState>,
    file: String,
    passphrase: String,
) -> Result<BackupDto, IpcError> {
    let file = backup_file(&file)?;
    state
        .with_store(|store| casecraft_core::backup::create(store, &file, &passphrase))
        .map(BackupDto::from)
}

/// Restores the backup at `file` over this profile's casework, once the backup has been verified
/// whole; the current data stays until then.
#[tauri::command]
pub async fn backup_restore(
    state: State<'_, AppState>,
    file: String,
    passphrase: String,
) -> Result<BackupDto, IpcError> {
    let file = backup_file(&file)?;
    state.restore(&file, &passphrase).map(BackupDto::from)
}

/// A backup file as typed: its whole path.
fn backup_file(file: &str) -> Result<std::path::PathBuf, IpcError> {
    let example = "/media/usb/casework.ccbackup";
    Ok(casecraft_core::validate::whole_path(
        "file",
        std::path::Path::new(file.trim()),
        example,
    )?)
}
