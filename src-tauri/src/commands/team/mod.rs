//! The team hub in the window: joining a team with an invitation code (Settings → Team), how the
//! device stands with it, leaving it, and the changes the hub did not accept (export, discard).

pub mod dto;

use tauri::State;

use casecraft_core::sync::hub;

use crate::commands::shared::parse_id;
use crate::error::IpcError;
use crate::files::{self, Ask};
use crate::state::AppState;
use dto::{LeavingDto, TeamDto};

/// The team this device joined; `None` before it joins one.
#[tauri::command]
pub async fn team_get(state: State<'_, AppState>) -> Result<Option<TeamDto>, IpcError> {
    state.with_store(|store| {
        if !hub::joined(store)? {
            return Ok(None);
        }
        hub::status(store).map(|s| Some(TeamDto::from(s)))
    })
}

/// Joins a team hub with an invitation code, then takes a first round (shared cases arrive);
/// a first round that cannot finish leaves the device joined, to sync later. A hub that cannot
/// be reached, or whose certificate is not the one the code names, is said beside the address.
#[tauri::command]
pub async fn team_join(
    state: State<'_, AppState>,
    url: String,
    code: String,
) -> Result<TeamDto, IpcError> {
    state
        .with_store(|store| hub::join(store, &url, &code))
        .map_err(beside_address)?;
    state
        .with_store(|store| {
            if let Err(e) = hub::run(store) {
                tracing::warn!(error = %e, "the first round with the team hub did not finish");
            }
            hub::status(store)
        })
        .map(TeamDto::from)
}

/// An error about reaching the hub belongs beside the hub's address.
fn beside_address(mut e: IpcError) -> IpcError {
    if e.field.is_none() && matches!(e.kind, "unreachable" | "refused") {
        e.field = Some("hub".into());
    }
    e
}

/// Sends what the hub lacks (when it can be reached) and says what leaving would lose.
#[tauri::command]
pub async fn team_leave_check(state: State<'_, AppState>) -> Result<LeavingDto, IpcError> {
    state.with_store(hub::leave_check).map(LeavingDto::from)
}

/// Leaves the team: colleagues' cases leave this device, the worker's own stay. Refused while
/// something would be lost, unless `discard`.
#[tauri::command]
pub async fn team_leave(state: State<'_, AppState>, discard: bool) -> Result<(), IpcError> {
    state.with_store(|store| hub::leave(store, discard).map(|_| ()))
}

/// Writes the changes the hub did not accept to a new file the person chooses; `None` when they
/// cancelled.
#[tauri::command]
pub async fn hub_refused_export<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<usize>, IpcError> {
    let name = format!(
        "casecraft-not-accepted-{}.json",
        chrono::Local::now().format("%Y-%m-%d")
    );
    let ask = Ask::titled("Export the changes the team hub did not accept")
        .named(&name)
        .showing("JSON", &["json"]);
    let Some(file) = files::save_to(&app, ask) else {
        return Ok(None);
    };
    state
        .with_store(|store| hub::export_refused(store, &file))
        .map(Some)
}

/// Stops listing a change the hub did not accept (all of them with no `op_id`); it stays in the
/// records on this device.
#[tauri::command]
pub async fn hub_refused_discard(
    state: State<'_, AppState>,
    op_id: Option<String>,
) -> Result<usize, IpcError> {
    let which = op_id
        .as_deref()
        .map(|o| parse_id("change", o))
        .transpose()?;
    state.with_store(|store| store.discard_hub_refused(which))
}
