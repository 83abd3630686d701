//! A student's placement, day log and direct observations, and the portfolio and CPD record made
//! from them (rendered by the core, shown to print).

pub mod dto;

use casecraft_core::casework::placement::{NewObservation, NewPlacement, NewPlacementDay};
use casecraft_core::casework::reflection::PcfDomain;
use tauri::State;

use crate::commands::shared::{optional_day, parse_id};
use crate::commands::supervision::dto::DocumentDto;
use crate::error::IpcError;
use crate::state::AppState;
use dto::{DayDto, NewDayDto, NewObservationDto, NewPlacementDto, ObservationDto, PlacementDto};

fn domains(list: &[String]) -> Result<Vec<PcfDomain>, IpcError> {
    Ok(list
        .iter()
        .map(|d| PcfDomain::parse("pcf", d))
        .collect::<Result<_, _>>()?)
}

/// Placements, the latest first.
#[tauri::command]
pub async fn placements_list(state: State<'_, AppState>) -> Result<Vec<PlacementDto>, IpcError> {
    let list = state.with_store(|store| store.placements())?;
    Ok(list.into_iter().map(PlacementDto::from).collect())
}

#[tauri::command]
pub async fn placement_create(
    state: State<'_, AppState>,
    input: NewPlacementDto,
) -> Result<PlacementDto, IpcError> {
    let new = NewPlacement {
        setting: input.setting,
        educator: input.educator,
        started_on: optional_day("start", input.started_on.as_deref())?,
        required_days: input.required_days.unwrap_or(0),
    };
    state
        .with_store(|store| store.create_placement(new))
        .map(PlacementDto::from)
}

/// Corrects a placement: every field the form shows.
#[tauri::command]
pub async fn placement_edit(
    state: State<'_, AppState>,
    id: String,
    input: NewPlacementDto,
) -> Result<PlacementDto, IpcError> {
    let id = parse_id("placement", &id)?;
    let edit = casecraft_core::casework::placement::PlacementEdit {
        setting: Some(input.setting),
        educator: Some(input.educator),
        started_on: optional_day("start", input.started_on.as_deref())?,
        required_days: Some(input.required_days.unwrap_or(0)),
    };
    state
        .with_store(|store| store.edit_placement(id, edit))
        .map(PlacementDto::from)
}

/// The day log of a placement, oldest first.
#[tauri::command]
pub async fn placement_days(
    state: State<'_, AppState>,
    placement_id: String,
) -> Result<Vec<DayDto>, IpcError> {
    let id = parse_id("placement", &placement_id)?;
    let days = state.with_store(|store| store.placement_days(id))?;
    Ok(days.into_iter().map(DayDto::from).collect())
}

/// Corrects a logged day: every field the form shows.
#[tauri::command]
pub async fn placement_day_edit(
    state: State<'_, AppState>,
    id: String,
    input: NewDayDto,
) -> Result<DayDto, IpcError> {
    let id = parse_id("day", &id)?;
    let edit = casecraft_core::casework::placement::PlacementDayEdit {
        day: optional_day("day", input.day.as_deref())?,
        activities: Some(input.activities),
        pcf: Some(domains(&input.pcf)?),
    };
    state
        .with_store(|store| store.edit_placement_day(id, edit))
        .map(DayDto::from)
}

/// The direct observations of a placement, oldest first.
#[tauri::command]
pub async fn observations_list(
    state: State<'_, AppState>,
    placement_id: String,
) -> Result<Vec<ObservationDto>, IpcError> {
    let id = parse_id("placement", &placement_id)?;
    let list = state.with_store(|store| store.observations(Some(id)))?;
    Ok(list.into_iter().map(ObservationDto::from).collect())
}

/// Corrects a direct observation: every field the form shows.
#[tauri::command]
pub async fn observation_edit(
    state: State<'_, AppState>,
    id: String,
    input: NewObservationDto,
) -> Result<ObservationDto, IpcError> {
    let id = parse_id("observation", &id)?;
    let edit = casecraft_core::casework::placement::ObservationEdit {
        observed_on: optional_day("date", input.observed_on.as_deref())?,
        observer: Some(input.observer),
        activity: Some(input.activity),
        feedback: Some(input.feedback),
        pcf: Some(domains(&input.pcf)?),
    };
    state
        .with_store(|store| store.edit_observation(id, edit))
        .map(ObservationDto::from)
}

#[tauri::command]
pub async fn placement_log_day(
    state: State<'_, AppState>,
    placement_id: String,
    input: NewDayDto,
) -> Result<(), IpcError> {
    let id = parse_id("placement", &placement_id)?;
    let new = NewPlacementDay {
        day: optional_day("day", input.day.as_deref())?,
        activities: input.activities,
        pcf: domains(&input.pcf)?,
    };
    state.with_store(|store| store.log_placement_day(id, new).map(|_| ()))
}

#[tauri::command]
pub async fn observation_add(
    state: State<'_, AppState>,
    placement_id: String,
    input: NewObservationDto,
) -> Result<(), IpcError> {
    let id = parse_id("placement", &placement_id)?;
    let new = NewObservation {
        observed_on: optional_day("date", input.observed_on.as_deref())?,
        observer: input.observer,
        activity: input.activity,
        feedback: input.feedback,
        pcf: domains(&input.pcf)?,
    };
    state.with_store(|store| store.add_observation(id, new).map(|_| ()))
}

/// The portfolio, rendered for the page and for printing; with `anonymise`, the people of every
/// case replaced by placeholders (refused while a name remains).
#[tauri::command]
pub async fn portfolio_view(
    state: State<'_, AppState>,
    anonymise: Option<bool>,
) -> Result<DocumentDto, IpcError> {
    state.with_store(|store| {
        let portfolio = store.portfolio(store.today())?;
        let anonymiser = anonymise
            .unwrap_or(false)
            .then(|| store.caseload_anonymiser())
            .transpose()?;
        let doc = portfolio.document(false, anonymiser.as_ref())?;
        Ok(DocumentDto::new(doc, None))
    })
}

/// The CPD record, rendered for the page and for printing; anonymised as the portfolio is.
#[tauri::command]
pub async fn cpd_view(
    state: State<'_, AppState>,
    anonymise: Option<bool>,
) -> Result<DocumentDto, IpcError> {
    state.with_store(|store| {
        let portfolio = store.portfolio(store.today())?;
        let entries = casecraft_core::documents::portfolio::cpd_entries(&portfolio.reflections);
        let anonymiser = anonymise
            .unwrap_or(false)
            .then(|| store.caseload_anonymiser())
            .transpose()?;
        let doc = casecraft_core::documents::portfolio::cpd_document(
            &entries,
            false,
            anonymiser.as_ref(),
        )?;
        Ok(DocumentDto::new(doc, None))
    })
}
