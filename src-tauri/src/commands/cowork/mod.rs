//! Co-working notes and actions on a case.

pub mod dto;

use casecraft_core::casework::action::NewAction;
use casecraft_core::casework::cowork::NewCoworkNote;
use tauri::State;

use crate::commands::shared::{parse_id, PageDto};
use crate::error::IpcError;
use crate::state::AppState;
use dto::{ActionDto, CoworkNoteDto, NewActionDto, NewCoworkNoteDto};

#[tauri::command]
pub async fn cowork_list(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<Vec<CoworkNoteDto>, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let notes = state.with_store(|store| store.list_cowork_notes(case_id))?;
    Ok(notes.into_iter().map(CoworkNoteDto::from).collect())
}

#[tauri::command]
pub async fn cowork_add(
    state: State<'_, AppState>,
    case_id: String,
    input: NewCoworkNoteDto,
) -> Result<CoworkNoteDto, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let new = NewCoworkNote::try_from(input)?;
    state
        .with_store(|store| store.add_cowork_note(case_id, new))
        .map(CoworkNoteDto::from)
}

/// Amends one's own co-working note; the earlier text stays in its history.
#[tauri::command]
pub async fn cowork_amend(
    state: State<'_, AppState>,
    id: String,
    body: String,
) -> Result<CoworkNoteDto, IpcError> {
    let id = parse_id("note", &id)?;
    state
        .with_store(|store| store.amend_cowork_note(id, &body))
        .map(CoworkNoteDto::from)
}

/// A case's actions, open ones first by due day (done ones included), 100 at a time, and how
/// many there are.
#[tauri::command]
pub async fn actions_list(
    state: State<'_, AppState>,
    case_id: String,
    offset: Option<u32>,
) -> Result<PageDto<ActionDto>, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let (actions, role) = state.with_store(|store| {
        Ok((
            store.list_actions(Some(case_id), true, Some(100), offset)?,
            casecraft_core::sync::hub::role_on(store, case_id)?,
        ))
    })?;
    Ok(PageDto::map(actions, |a| ActionDto::from(a).for_role(role)))
}

#[tauri::command]
pub async fn action_add(
    state: State<'_, AppState>,
    case_id: String,
    input: NewActionDto,
) -> Result<ActionDto, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let new = NewAction::try_from(input)?;
    state
        .with_store(|store| store.add_action(case_id, new))
        .map(ActionDto::from)
}

#[tauri::command]
pub async fn action_set_done(
    state: State<'_, AppState>,
    id: String,
    done: bool,
) -> Result<ActionDto, IpcError> {
    let id = parse_id("action", &id)?;
    state
        .with_store(|store| store.set_action_done(id, done))
        .map(ActionDto::from)
}
