//! The caseload and a case's header.

use casecraft_core::case::{CaseFilter, StatusFilter};
use tauri::State;

use crate::dto::{parse_id, CaseDto, CaseRowDto, NewCaseDto};
use crate::error::IpcError;
use crate::state::AppState;

/// The caseload with quality signals, most in need of attention first. `status` is `open`
/// (default), `closed` or `all`.
#[tauri::command]
pub async fn cases_list(
    state: State<'_, AppState>,
    status: Option<String>,
) -> Result<Vec<CaseRowDto>, IpcError> {
    let filter = CaseFilter {
        status: match status {
            Some(status) => StatusFilter::parse("status", &status)?,
            None => StatusFilter::Open,
        },
        ..CaseFilter::default()
    };
    let rows = state.with_store(|store| store.list_cases(&filter))?;
    Ok(rows.into_iter().map(CaseRowDto::from).collect())
}

#[tauri::command]
pub async fn case_get(state: State<'_, AppState>, id: String) -> Result<CaseDto, IpcError> {
    let id = parse_id("case", &id)?;
    state.with_store(|store| store.case(id)).map(CaseDto::from)
}

#[tauri::command]
pub async fn case_create(
    state: State<'_, AppState>,
    input: NewCaseDto,
) -> Result<CaseDto, IpcError> {
    state
        .with_store(|store| store.create_case(input.into()))
        .map(CaseDto::from)
}
