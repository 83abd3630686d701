//! Supervision: the proposed agenda, recording a session (its decisions land in the cases'
//! chronologies, its actions on the cases; the wellbeing section stays on this device), and the
//! sessions so far.

use tauri::State;

use crate::dto::{AgendaDto, NewSupervisionDto, SupervisionDto};
use crate::error::IpcError;
use crate::state::AppState;

/// The agenda proposed for the next session.
#[tauri::command]
pub async fn supervision_agenda(state: State<'_, AppState>) -> Result<AgendaDto, IpcError> {
    state
        .with_store(|store| store.supervision_agenda())
        .map(AgendaDto::from)
}

/// Records a session; every part is checked before anything is written.
#[tauri::command]
pub async fn supervision_create(
    state: State<'_, AppState>,
    input: NewSupervisionDto,
) -> Result<SupervisionDto, IpcError> {
    let new = input.try_into()?;
    state.with_store(|store| {
        let session = store.create_supervision(new)?;
        SupervisionDto::with_subjects(session, store)
    })
}

/// Sessions, newest first (50 at a time).
#[tauri::command]
pub async fn supervisions_list(
    state: State<'_, AppState>,
) -> Result<Vec<SupervisionDto>, IpcError> {
    state.with_store(|store| {
        store
            .list_supervisions(Some(50))?
            .into_iter()
            .map(|s| SupervisionDto::with_subjects(s, store))
            .collect()
    })
}
