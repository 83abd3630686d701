//! Global search and the trash.

pub mod dto;

use casecraft_core::search::{KindFilter, SearchQuery};
use tauri::State;

use crate::commands::shared::{optional_day, parse_id, PageDto};
use crate::error::IpcError;
use crate::state::AppState;
use dto::{SearchFiltersDto, SearchHitDto, TrashItemDto};

/// Results as the person types: 30 at a time, best first, and how many records match. The word
/// being typed (the last one, when the text does not end in a space or a closed phrase) is
/// searched as a prefix.
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    text: String,
    filters: Option<SearchFiltersDto>,
) -> Result<PageDto<SearchHitDto>, IpcError> {
    if text.trim().is_empty() {
        let none: casecraft_core::page::Page<casecraft_core::search::SearchHit> =
            Default::default();
        return Ok(PageDto::map(none, SearchHitDto::from));
    }
    let filters = filters.unwrap_or_default();
    let query = SearchQuery {
        text: casecraft_core::search::as_you_type(&text),
        kind: filters
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(KindFilter::parse)
            .transpose()?,
        from: optional_day("from", filters.from.as_deref())?,
        to: optional_day("to", filters.to.as_deref())?,
        tag: filters.tag.filter(|t| !t.trim().is_empty()),
        significant: filters.significant,
        limit: Some(PAGE),
        offset: filters.offset,
        ..SearchQuery::default()
    };
    let hits = state.with_store(|store| store.search(&query))?;
    Ok(PageDto::map(hits, SearchHitDto::from))
}

/// Results per page.
const PAGE: u32 = 30;

/// The trash, most recently deleted first, 100 at a time, and how many records it holds.
#[tauri::command]
pub async fn trash_list(
    state: State<'_, AppState>,
    offset: Option<u32>,
) -> Result<PageDto<TrashItemDto>, IpcError> {
    let items = state.with_store(|store| store.list_trash(Some(100), offset))?;
    Ok(PageDto::map(items, TrashItemDto::from))
}

/// Restores a record from the trash; answers its kind.
#[tauri::command]
pub async fn trash_restore(state: State<'_, AppState>, id: String) -> Result<String, IpcError> {
    let id = parse_id("id", &id)?;
    state
        .with_store(|store| store.restore(id))
        .map(|kind| kind.as_str().to_owned())
}
