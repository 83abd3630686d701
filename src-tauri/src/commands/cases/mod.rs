//! The caseload and a case's header.

pub mod dto;

use casecraft_core::casework::case::{CaseFilter, CaseSort, StatusFilter};
use tauri::State;

use crate::commands::shared::{parse_id, PageDto};
use crate::error::IpcError;
use crate::state::AppState;
use dto::{
    checklist, CaseDto, CaseEditDto, CaseQueryDto, CaseRowDto, ChecklistItemDto, NewCaseDto,
};

/// The caseload with quality signals, a page at a time, and how many cases match.
#[tauri::command]
pub async fn cases_list(
    state: State<'_, AppState>,
    query: Option<CaseQueryDto>,
) -> Result<PageDto<CaseRowDto>, IpcError> {
    let query = query.unwrap_or_default();
    let non_blank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let filter = CaseFilter {
        status: match query.status {
            Some(status) => StatusFilter::parse("status", &status)?,
            None => StatusFilter::Open,
        },
        sort: match query.sort.as_deref() {
            None | Some("attention") => CaseSort::NeedsAttention,
            Some("name") => CaseSort::Name,
            Some("opened") => CaseSort::Opened,
            Some(_) => {
                return Err(IpcError::invalid(
                    "sort",
                    "choose one of: attention, name, opened",
                ))
            }
        },
        flag: non_blank(query.flag),
        tag: non_blank(query.tag),
        limit: if query.all {
            None
        } else {
            Some(query.limit.unwrap_or(50))
        },
        offset: query.offset,
    };
    let (rows, memberships) = state.with_store(|store| {
        Ok((
            store.list_cases(&filter)?,
            store.hub_settings()?.map(|s| s.cases).unwrap_or_default(),
        ))
    })?;
    // A case shared with the worker to oversee or to read says so in the list.
    Ok(PageDto::map(rows, |row| {
        let role = memberships
            .iter()
            .find(|m| m.case_id == row.id)
            .map(|m| m.role.as_str());
        CaseRowDto {
            team_role: role,
            ..CaseRowDto::from(row)
        }
    }))
}

#[tauri::command]
pub async fn case_get(state: State<'_, AppState>, id: String) -> Result<CaseDto, IpcError> {
    let id = parse_id("case", &id)?;
    state.with_store(|store| {
        let role = casecraft_core::sync::hub::role_on(store, id)?;
        store
            .open_case(id)
            .map(|case| CaseDto::from(case).for_role(role))
    })
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

/// Changes a case's reference, summary, flags or tags (each only when given).
#[tauri::command]
pub async fn case_edit(
    state: State<'_, AppState>,
    id: String,
    edit: CaseEditDto,
) -> Result<CaseDto, IpcError> {
    let id = parse_id("case", &id)?;
    state
        .with_store(|store| store.edit_case(id, edit.into()))
        .map(CaseDto::from)
}

/// What to look at before closing (last direct contact, open actions, reflection, co-workers).
#[tauri::command]
pub async fn case_checklist(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<ChecklistItemDto>, IpcError> {
    let id = parse_id("case", &id)?;
    state
        .with_store(|store| store.closure_checklist(id))
        .map(checklist)
}

/// Closes a case with a written rationale (it appears in the chronology).
#[tauri::command]
pub async fn case_close(
    state: State<'_, AppState>,
    id: String,
    rationale: String,
) -> Result<CaseDto, IpcError> {
    let id = parse_id("case", &id)?;
    state
        .with_store(|store| store.close_case(id, &rationale))
        .map(CaseDto::from)
}

#[tauri::command]
pub async fn case_reopen(
    state: State<'_, AppState>,
    id: String,
    reason: Option<String>,
) -> Result<CaseDto, IpcError> {
    let id = parse_id("case", &id)?;
    let reason = reason.filter(|r| !r.trim().is_empty());
    state
        .with_store(|store| store.reopen_case(id, reason.as_deref()))
        .map(CaseDto::from)
}

/// Moves a case to the trash.
#[tauri::command]
pub async fn case_delete(state: State<'_, AppState>, id: String) -> Result<CaseDto, IpcError> {
    let id = parse_id("case", &id)?;
    state
        .with_store(|store| store.delete_case(id))
        .map(CaseDto::from)
}
