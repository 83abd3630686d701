//! A case's network: the people around the person the case is about.

use tauri::State;

use crate::dto::{parse_id, NewPersonDto, PersonDto};
use crate::error::IpcError;
use crate::state::AppState;

#[tauri::command]
pub async fn people_list(
    state: State<'_, AppState>,
    case_id: String,
) -> Result<Vec<PersonDto>, IpcError> {
    let case_id = parse_id("case", &case_id)?;
    let people = state.with_store(|store| store.list_people(case_id))?;
    Ok(people.into_iter().map(PersonDto::from).collect())
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
