//! A case's network: the people around the person the case is about.

pub mod dto;

use tauri::State;

use crate::commands::shared::parse_id;
use crate::error::IpcError;
use crate::state::AppState;
use dto::{NewPersonDto, PersonDto, PersonEditDto};

#[tauri::command]
pub async fn people_list(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<Vec<PersonDto>, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let (people, role) = state.with_store(|store| {
        Ok((
            store.list_people(case_id)?,
            casecraft_core::sync::hub::role_on(store, case_id)?,
        ))
    })?;
    let may_edit = role.is_none_or(|r| r.may_write(casecraft_core::record::RecordKind::Person));
    Ok(people
        .into_iter()
        .map(|p| PersonDto {
            may_edit,
            ..PersonDto::from(p)
        })
        .collect())
}

#[tauri::command]
pub async fn person_add(
    state: State<'_, AppState>,
    case_id: String,
    input: NewPersonDto,
) -> Result<PersonDto, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    state
        .with_store(|store| store.add_person(case_id, input.into()))
        .map(PersonDto::from)
}

/// Saves the edit form of a person in the network.
#[tauri::command]
pub async fn person_edit(
    state: State<'_, AppState>,
    id: String,
    input: PersonEditDto,
) -> Result<PersonDto, IpcError> {
    let id = parse_id("person", &id)?;
    state
        .with_store(|store| store.edit_person(id, input.into()))
        .map(PersonDto::from)
}

/// Removes a person from the network (to the trash); the core keeps a case's only subject.
#[tauri::command]
pub async fn person_delete(state: State<'_, AppState>, id: String) -> Result<PersonDto, IpcError> {
    let id = parse_id("person", &id)?;
    state
        .with_store(|store| store.delete_person(id))
        .map(PersonDto::from)
}
