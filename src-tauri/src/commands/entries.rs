//! A case's chronology: listing, recording a draft, completing it.

use casecraft_core::entry::{EntryFilter, NewEntry};
use tauri::State;

use crate::dto::{parse_id, EntryDto, NewEntryDto};
use crate::error::IpcError;
use crate::state::AppState;

/// The newest page of a case's chronology (drafts included), newest first.
#[tauri::command]
pub async fn entries_list(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<Vec<EntryDto>, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let entries = state.with_store(|store| store.list_entries(case_id, &EntryFilter::default()))?;
    Ok(entries.into_iter().map(EntryDto::from).collect())
}

/// Records a new draft entry on a case.
#[tauri::command]
pub async fn entry_create(
    state: State<'_, AppState>,
    case_id: String,
    input: NewEntryDto,
) -> Result<EntryDto, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let new = NewEntry::try_from(input)?;
    state
        .with_store(|store| store.create_entry(case_id, new))
        .map(EntryDto::from)
}

/// Signs off a draft: from now on it is corrected only by addenda.
#[tauri::command]
pub async fn entry_complete(state: State<'_, AppState>, id: String) -> Result<EntryDto, IpcError> {
    let id = parse_id("entry", &id)?;
    state
        .with_store(|store| store.complete_entry(id))
        .map(EntryDto::from)
}
