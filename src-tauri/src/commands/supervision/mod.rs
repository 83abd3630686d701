//! Supervision: the proposed agenda, recording a session (its decisions land in the cases'
//! chronologies, its actions on the cases; the wellbeing section stays on this device), and the
//! sessions so far.

pub mod dto;

use tauri::State;

use crate::commands::cases::dto::CaseRowDto;
use crate::commands::shared::{parse_id, PageDto};
use crate::error::IpcError;
use crate::files::{self, Ask};
use crate::state::AppState;
use dto::{
    AgendaDto, DocumentDto, DocumentRequestDto, NewSupervisionDto, QualityReviewDto,
    SupervisionDto, SupervisionEditDto,
};

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

/// Corrects a session; a new date or supervisor is added to each decision's entry as an addendum.
#[tauri::command]
pub async fn supervision_edit(
    state: State<'_, AppState>,
    id: String,
    input: SupervisionEditDto,
) -> Result<SupervisionDto, IpcError> {
    let id = parse_id("supervision session", &id)?;
    let edit = input.try_into()?;
    state.with_store(|store| {
        let session = store.edit_supervision(id, edit)?;
        SupervisionDto::with_subjects(session, store)
    })
}

/// Sessions, newest first, 50 at a time, and how many there are.
#[tauri::command]
pub async fn supervisions_list(
    state: State<'_, AppState>,
    offset: Option<u32>,
) -> Result<PageDto<SupervisionDto>, IpcError> {
    state.with_store(|store| {
        let page = store.list_supervisions(Some(50), offset)?;
        PageDto::try_map(page, |s| SupervisionDto::with_subjects(s, store))
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
        let today = store.today();
        Ok(QualityReviewDto {
            subject: export.case.subject.clone(),
            body_html: casecraft_core::documents::markdown::render(
                &casecraft_core::documents::quality::to_markdown(&export, today),
            ),
        })
    })
}

/// Makes a document of a case (record, court chronology, quality review, transfer pack), anonymised if asked,
/// and, when asked, saves it to a new file the person chooses in the save dialog. Refused while
/// an anonymised text would still name someone; an existing file is never overwritten.
#[tauri::command]
pub async fn case_document<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    input: DocumentRequestDto,
) -> Result<DocumentDto, IpcError> {
    use casecraft_core::documents::case_documents::DocumentFormat;
    use casecraft_core::documents::case_documents::DocumentKind;
    let id = parse_id("case", &input.id)?;
    let kind =
        match input.kind.as_str() {
            "record" => DocumentKind::Record,
            "chronology" => DocumentKind::Chronology {
                significant: input.significant,
            },
            "quality" => DocumentKind::Quality,
            "transfer-pack" => DocumentKind::TransferPack,
            _ => return Err(IpcError::invalid(
                "kind",
                "choose the case record, the chronology, the quality review or the transfer pack",
            )),
        };
    let format = DocumentFormat::parse(kind, &input.format)?;
    let (doc, name) = state.with_store(|store| {
        let export = store.export_case(id)?;
        let today = store.today();
        let doc = casecraft_core::documents::case_documents::document(
            &export,
            kind,
            format,
            input.anonymise,
            today,
            |author| store.worker_name(author).ok().flatten(),
        )?;
        // An anonymised document's suggested name does not name the person either.
        let about = if input.anonymise {
            "anonymised".to_owned()
        } else {
            export.case.subject.clone()
        };
        let what = match kind {
            DocumentKind::Record => "Case record",
            DocumentKind::Chronology { .. } => "Chronology",
            DocumentKind::Quality => "Quality review",
            DocumentKind::TransferPack => "Transfer pack",
        };
        let name = format!("{what} - {about} - {today}.{}", format.extension());
        Ok((doc, casecraft_core::files::file_name(&name)))
    })?;
    if !input.save {
        return Ok(DocumentDto::new(doc, None));
    }
    let ask = Ask::titled("Save the document").named(&name);
    let Some(path) = files::save_to(&app, ask) else {
        return Ok(DocumentDto::new(doc, None));
    };
    casecraft_core::documents::case_documents::save_new_file(&path, &doc.text)?;
    Ok(DocumentDto::new(doc, Some(path)))
}

/// Moves a supervision session (or a placement, a day, an observation) to the trash.
#[tauri::command]
pub async fn record_trash(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    let id = parse_id("id", &id)?;
    state.with_store(|store| store.move_to_trash(id).map(|_| ()))
}
