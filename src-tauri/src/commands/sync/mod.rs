//! Sync: set up or join a folder vault, "Sync now" (the folder and the team hub), the status line
//! for both, and the inbox of what sync left for a person (conflicting values, merged bodies,
//! deletions, edits held back from completed entries, changes the team hub did not accept).

pub mod dto;

use tauri::State;

use casecraft_core::sync::{hub, HeldOutcome};

use crate::commands::shared::parse_id;
use crate::error::IpcError;
use crate::files::{self, Ask};
use crate::state::AppState;
use dto::{HubLineDto, InboxDto, RefusedDto, SyncReportDto, SyncStatusDto};

/// Where sync stands with the folder (`configured: false` before one is set up) and with the
/// team hub (`hub: None` before this device joins one).
#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatusDto, IpcError> {
    state.with_store(|store| {
        let mut status = match store.sync_settings()? {
            None => SyncStatusDto::not_configured(),
            Some(_) => casecraft_core::sync::folder::status(store).map(SyncStatusDto::from)?,
        };
        status.to_review = store.to_review()?;
        if hub::joined(store)? {
            let line = HubLineDto::from(hub::status(store)?);
            status.to_review += line.refused;
            status.hub = Some(line);
        }
        Ok(status)
    })
}

/// Sets up a new vault (`join: false`) or joins one (`join: true`) in a folder the person
/// chooses in the folder dialog; `None` when they cancelled. The passphrase crosses IPC once and
/// is never stored: only the vault key it unwraps is kept.
#[tauri::command]
pub async fn sync_setup<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: String,
    join: bool,
) -> Result<Option<SyncStatusDto>, IpcError> {
    // The passphrase is held to its rules before any dialog.
    if !join {
        casecraft_core::sync::vault::check_passphrase(&passphrase)?;
    } else if passphrase.is_empty() {
        return Err(IpcError::invalid(
            "passphrase",
            "give the sync passphrase set on your other device",
        ));
    }
    let title = if join {
        "Choose the sync folder your other device set up"
    } else {
        "Choose a folder for syncing (a USB stick, a network or cloud folder)"
    };
    let Some(folder) = files::folder(&app, Ask::titled(title)) else {
        return Ok(None);
    };
    state.with_store(|store| {
        if join {
            casecraft_core::sync::folder::join(store, &folder, &passphrase)?;
        } else {
            casecraft_core::sync::folder::init(store, &folder, &passphrase)?;
        }
        casecraft_core::sync::folder::status(store).map(|s| Some(SyncStatusDto::from(s)))
    })
}

/// One sync round with every configured target: the folder, then the team hub.
#[tauri::command]
pub async fn sync_run(state: State<'_, AppState>) -> Result<SyncReportDto, IpcError> {
    state
        .with_store(casecraft_core::sync::run_all)
        .map(SyncReportDto::from)
}

/// What sync left for a person, for the whole caseload or one case.
#[tauri::command]
pub async fn sync_inbox(
    state: State<'_, AppState>,
    case_id: Option<String>,
) -> Result<InboxDto, IpcError> {
    let case = case_id
        .as_deref()
        .map(|c| parse_id("case", c))
        .transpose()?;
    let in_case = |record_case: Option<casecraft_core::Id>| case.is_none() || record_case == case;
    state.with_store(|store| {
        Ok(InboxDto {
            conflicts: store
                .conflicts()?
                .into_iter()
                .filter(|c| in_case(c.case_id))
                .map(Into::into)
                .collect(),
            merged: store
                .merged_bodies()?
                .into_iter()
                .filter(|m| in_case(m.case_id))
                .map(Into::into)
                .collect(),
            deletions: store
                .deletion_conflicts()?
                .into_iter()
                .filter(|d| in_case(d.case_id))
                .map(Into::into)
                .collect(),
            held: store
                .held_edits(case)?
                .into_iter()
                .map(Into::into)
                .collect(),
            refused: store
                .hub_refused()?
                .into_iter()
                .filter(|r| in_case(casecraft_core::hub::case_of(&r.op)))
                .map(|r| {
                    let label = store.record_label(r.op.record_kind, r.op.record_id)?;
                    Ok(RefusedDto::new(r, label))
                })
                .collect::<casecraft_core::Result<_>>()?,
        })
    })
}

/// Settles a conflicting field: keep one of its values (`keep`, a value's id), keep every
/// value of a list (`both`: the core says what both means), or give a new one (`value`).
#[tauri::command]
pub async fn conflict_resolve(
    state: State<'_, AppState>,
    record_id: String,
    field: String,
    keep: Option<String>,
    value: Option<serde_json::Value>,
    both: Option<bool>,
) -> Result<(), IpcError> {
    let record = parse_id("record", &record_id)?;
    if both == Some(true) {
        return state.with_store(|store| store.resolve_conflict_keeping_all(record, &field));
    }
    match (keep, value) {
        (Some(keep), None) => {
            let keep = parse_id("keep", &keep)?;
            state.with_store(|store| store.resolve_conflict(record, &field, keep))
        }
        (None, Some(value)) => {
            state.with_store(|store| store.resolve_conflict_with(record, &field, value))
        }
        _ => Err(IpcError::invalid(
            "value",
            "choose one of the values to keep, or give the value to use instead",
        )),
    }
}

/// Marks a merged body as read as it is now.
#[tauri::command]
pub async fn merged_reviewed(
    state: State<'_, AppState>,
    record_id: String,
    field: String,
) -> Result<(), IpcError> {
    let record = parse_id("record", &record_id)?;
    state.with_store(|store| store.mark_reviewed(record, &field))
}

/// Settles a record deleted on one device while edited on another: keep it or delete it.
#[tauri::command]
pub async fn deletion_resolve(
    state: State<'_, AppState>,
    record_id: String,
    keep: bool,
) -> Result<(), IpcError> {
    let record = parse_id("record", &record_id)?;
    state.with_store(|store| store.resolve_deletion(record, keep))
}

/// Deals with edits held back from a completed entry: adds them as an addendum with `addendum`
/// (the proposed text, perhaps shortened), or discards them (`addendum: None`).
#[tauri::command]
pub async fn held_settle(
    state: State<'_, AppState>,
    record_id: String,
    addendum: Option<String>,
) -> Result<(), IpcError> {
    let record = parse_id("record", &record_id)?;
    let outcome = match addendum {
        Some(text) => HeldOutcome::Addendum(text),
        None => HeldOutcome::Discard,
    };
    state.with_store(|store| store.settle_held_edits(record, outcome))
}
