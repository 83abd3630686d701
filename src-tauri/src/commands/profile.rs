//! The worker profile: first run asks for it, every screen shows who is writing.

use casecraft_core::profile::{NewProfile, ProfileEdit};
use tauri::State;

use crate::dto::{NewProfileDto, ProfileDto, ProfileEditDto, UnsyncedDto};
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
