//! A case's chronology: listing, recording a draft, completing it.

pub mod dto;

use casecraft_core::casework::entry::{EntryEdit, EntryFilter, NewEntry};
use casecraft_core::sync::hub;
use tauri::State;

use crate::commands::cowork::dto::ActionDto;
use crate::commands::shared::{parse_id, PageDto};
use crate::error::IpcError;
use crate::state::AppState;
use dto::{AddendumDto, CompletedDto, EntryDto, NewEntryDto};

/// A page of a case's chronology (drafts included), newest first, and how many entries it holds;
/// `all` for every entry (a list to choose from).
#[tauri::command]
pub async fn entries_list(
    state: State<'_, AppState>,
    case_id: String,
    significant_only: Option<bool>,
    offset: Option<u32>,
    all: Option<bool>,
) -> Result<PageDto<EntryDto>, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let filter = EntryFilter {
        significant_only: significant_only.unwrap_or(false),
        // Fifty at a time; every entry for a list to choose from.
        limit: (!all.unwrap_or(false)).then_some(50),
        offset,
        ..EntryFilter::default()
    };
    let (entries, role) = state.with_store(|store| {
        Ok((
            store.list_entries(case_id, &filter)?,
            hub::role_on(store, case_id)?,
        ))
    })?;
    Ok(PageDto::map(entries, |e| EntryDto::from(e).for_role(role)))
}

/// Records a new draft entry on a case.
#[tauri::command]
pub async fn entry_create(
    state: State<'_, AppState>,
    case_id: String,
    input: NewEntryDto,
) -> Result<EntryDto, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let zone = state.with_store(|store| Ok(store.zone().clone()))?;
    let typed = input.typed_moment(&zone)?;
    let mut new = NewEntry::try_from(input)?;
    if typed.is_some() {
        new.occurred_at = typed;
    }
    state
        .with_store(|store| store.create_entry(case_id, new))
        .map(EntryDto::from)
}

/// Signs off a draft, turning its next steps (one a line) into actions in the same write: from
/// now on it is corrected only by addenda.
#[tauri::command]
pub async fn entry_complete(
    state: State<'_, AppState>,
    id: String,
    next_steps: Option<Vec<String>>,
) -> Result<CompletedDto, IpcError> {
    let id = parse_id("entry", &id)?;
    let steps = next_steps.unwrap_or_default();
    let (entry, actions) =
        state.with_store(|store| store.complete_entry_with_actions(id, &steps))?;
    let completed_time = entry
        .completed_at
        .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
        .unwrap_or_default();
    Ok(CompletedDto {
        entry: EntryDto::from(entry),
        actions: actions.into_iter().map(ActionDto::from).collect(),
        completed_time,
    })
}

#[tauri::command]
pub async fn entry_get(state: State<'_, AppState>, id: String) -> Result<EntryDto, IpcError> {
    let id = parse_id("entry", &id)?;
    state.with_store(|store| {
        let entry = store.entry(id)?;
        let role = hub::role_on(store, entry.case_id)?;
        Ok(EntryDto::from(entry).for_role(role))
    })
}

/// Writes the whole form of a draft (the autosave).
#[tauri::command]
pub async fn entry_edit(
    state: State<'_, AppState>,
    id: String,
    input: NewEntryDto,
) -> Result<EntryDto, IpcError> {
    let id = parse_id("entry", &id)?;
    let zone = state.with_store(|store| Ok(store.zone().clone()))?;
    let typed = input.typed_moment(&zone)?;
    let mut edit = EntryEdit::try_from(input)?;
    if typed.is_some() {
        edit.occurred_at = typed;
    }
    state
        .with_store(|store| store.edit_entry(id, edit))
        .map(EntryDto::from)
}

/// Adds a correction or addition under a completed entry.
#[tauri::command]
pub async fn addendum_add(
    state: State<'_, AppState>,
    entry_id: String,
    text: String,
) -> Result<AddendumDto, IpcError> {
    let entry_id = parse_id("entry", &entry_id)?;
    state
        .with_store(|store| store.add_addendum(entry_id, &text))
        .map(AddendumDto::from)
}

/// Moves an entry to the trash.
#[tauri::command]
pub async fn entry_delete(state: State<'_, AppState>, id: String) -> Result<EntryDto, IpcError> {
    let id = parse_id("entry", &id)?;
    state
        .with_store(|store| store.delete_entry(id))
        .map(EntryDto::from)
}
