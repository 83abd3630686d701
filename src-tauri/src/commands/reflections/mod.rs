//! The reflective log.

pub mod dto;

use casecraft_core::casework::reflection::{
    Model, NewReflection, PcfDomain, ReflectionEdit, ReflectionFilter,
};
use tauri::State;

use crate::commands::shared::{optional_day, parse_id, PageDto};
use crate::error::IpcError;
use crate::state::AppState;
use dto::{NewReflectionDto, ReflectionDto, ReflectionEditDto, ReflectionQueryDto};

#[tauri::command]
pub async fn reflections_list(
    state: State<'_, AppState>,
    query: Option<ReflectionQueryDto>,
) -> Result<PageDto<ReflectionDto>, IpcError> {
    let query = query.unwrap_or_default();
    let non_blank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let filter = ReflectionFilter {
        model: non_blank(query.model)
            .map(|m| Model::parse("model", &m))
            .transpose()?,
        pcf: non_blank(query.pcf)
            .map(|d| PcfDomain::parse("pcf", &d))
            .transpose()?,
        case_id: non_blank(query.case_id)
            .map(|id| parse_id("case", &id))
            .transpose()?,
        from: optional_day("from", query.from.as_deref())?,
        to: optional_day("to", query.to.as_deref())?,
        limit: Some(50),
        offset: query.offset,
    };
    let list = state.with_store(|store| store.list_reflections(&filter))?;
    Ok(PageDto::map(list, ReflectionDto::from))
}

#[tauri::command]
pub async fn reflection_create(
    state: State<'_, AppState>,
    input: NewReflectionDto,
) -> Result<ReflectionDto, IpcError> {
    let new = NewReflection::try_from(input)?;
    state
        .with_store(|store| store.create_reflection(new))
        .map(ReflectionDto::from)
}

/// Saves the edit form of a reflection.
#[tauri::command]
pub async fn reflection_edit(
    state: State<'_, AppState>,
    id: String,
    input: ReflectionEditDto,
) -> Result<ReflectionDto, IpcError> {
    let id = parse_id("reflection", &id)?;
    let edit = ReflectionEdit::try_from(input)?;
    state
        .with_store(|store| store.edit_reflection(id, edit))
        .map(ReflectionDto::from)
}

/// Moves a reflection to the trash.
#[tauri::command]
pub async fn reflection_delete(
    state: State<'_, AppState>,
    id: String,
) -> Result<ReflectionDto, IpcError> {
    let id = parse_id("reflection", &id)?;
    state
        .with_store(|store| store.delete_reflection(id))
        .map(ReflectionDto::from)
}
