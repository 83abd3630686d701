//! Global search and the trash.

use casecraft_core::search::SearchQuery;
use tauri::State;

use crate::dto::{parse_id, SearchHitDto, TrashItemDto};
use crate::error::IpcError;
use crate::state::AppState;

/// Results as the person types: at most 30, best first.
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    text: String,
) -> Result<Vec<SearchHitDto>, IpcError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let query = SearchQuery {
        text,
        limit: Some(30),
        ..SearchQuery::default()
    };
    let hits = state.with_store(|store| store.search(&query))?;
    Ok(hits.into_iter().map(SearchHitDto::from).collect())
}

#[tauri::command]
pub async fn trash_list(state: State<'_, AppState>) -> Result<Vec<TrashItemDto>, IpcError> {
    let items = state.with_store(|store| store.list_trash(Some(200)))?;
    Ok(items.into_iter().map(TrashItemDto::from).collect())
}

/// Restores a record from the trash; answers its kind.
#[tauri::command]
pub async fn trash_restore(state: State<'_, AppState>, id: String) -> Result<String, IpcError> {
    let id = parse_id("id", &id)?;
    state
        .with_store(|store| store.restore(id))
        .map(|kind| kind.as_str().to_owned())
}
