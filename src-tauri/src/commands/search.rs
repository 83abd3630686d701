//! Global search and the trash.

use casecraft_core::search::SearchQuery;
use tauri::State;

use crate::dto::{parse_id, SearchHitDto, TrashItemDto};
use crate::error::IpcError;
use crate::state::AppState;

/// Results as the person types: at most 30, best first. The word being typed (the last one,
/// when the text does not end in a space or a closed phrase) is searched as a prefix.
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    text: String,
) -> Result<Vec<SearchHitDto>, IpcError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let query = SearchQuery {
        text: as_you_type(text),
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

/// `courg` → `courg*`; `"a phrase"`, `word ` and `word*` are left alone.
fn as_you_type(text: String) -> String {
    let still_typing = text.chars().last().is_some_and(|c| c.is_alphanumeric())
        && text.matches('"').count() % 2 == 0;
    if still_typing {
        format!("{text}*")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::as_you_type;

    #[test]
    fn the_word_being_typed_is_a_prefix() {
        assert_eq!(as_you_type("courg".into()), "courg*");
        assert_eq!(as_you_type("school courg".into()), "school courg*");
        assert_eq!(as_you_type("courgette ".into()), "courgette ");
        assert_eq!(as_you_type("\"new school\"".into()), "\"new school\"");
        assert_eq!(as_you_type("\"new sch".into()), "\"new sch");
    }
}
