//! Supervision: the proposed agenda, recording a session (its decisions land in the cases'
//! chronologies, its actions on the cases; the wellbeing section stays on this device), and the
//! sessions so far.

use tauri::State;

use crate::dto::{
    parse_id, AgendaDto, CaseRowDto, NewSupervisionDto, QualityReviewDto, SupervisionDto,
};
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

/// Cases closed in the last `days` (90 by default) without the person being seen in the four
/// weeks before closing.
#[tauri::command]
pub async fn closures_without_contact(
    state: State<'_, AppState>,
    days: Option<i64>,
) -> Result<Vec<CaseRowDto>, IpcError> {
    let list = state.with_store(|store| store.closed_without_contact(days.unwrap_or(90)))?;
    Ok(list.into_iter().map(CaseRowDto::from).collect())
}

/// A case's quality review, rendered by the core (Markdown to sanitised HTML) for the page.
#[tauri::command]
pub async fn case_quality(
    state: State<'_, AppState>,
    id: String,
) -> Result<QualityReviewDto, IpcError> {
    let id = parse_id("case", &id)?;
    state.with_store(|store| {
        let export = store.export_case(id)?;
        let today = chrono::Local::now().date_naive();
        Ok(QualityReviewDto {
            subject: export.case.subject.clone(),
            body_html: casecraft_core::markdown::render(&casecraft_core::quality::to_markdown(
                &export, today,
            )),
        })
    })
}
