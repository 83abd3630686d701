//! Drafts of the longer forms (a reflection, a supervision session, a co-working note, a visit's
//! next steps): the page sends what its controls hold as the person types, the core keeps it,
//! and the form offers it back when it opens again.

pub mod dto;

use std::collections::BTreeMap;

use casecraft_core::casework::draft::{DraftForm, DraftValue};
use tauri::State;

use crate::commands::shared::parse_id;
use crate::error::IpcError;
use crate::state::AppState;
use dto::FormDraftDto;

fn key(
    form: &str,
    about: Option<&str>,
) -> Result<(DraftForm, Option<casecraft_core::Id>), IpcError> {
    let form = DraftForm::parse("form", form)?;
    let about = about
        .filter(|a| !a.is_empty())
        .map(|a| parse_id("about", a))
        .transpose()?;
    Ok((form, about))
}

/// Keeps what a form holds now; `None` back when nothing is typed (no draft is kept then).
#[tauri::command]
pub async fn draft_save(
    state: State<'_, AppState>,
    form: String,
    about: Option<String>,
    fields: BTreeMap<String, DraftValue>,
) -> Result<Option<FormDraftDto>, IpcError> {
    let (form, about) = key(&form, about.as_deref())?;
    state.with_store(|store| {
        Ok(store
            .save_form_draft(form, about, fields)?
            .map(FormDraftDto::from))
    })
}

/// The form's kept draft, if there is one.
#[tauri::command]
pub async fn draft_get(
    state: State<'_, AppState>,
    form: String,
    about: Option<String>,
) -> Result<Option<FormDraftDto>, IpcError> {
    let (form, about) = key(&form, about.as_deref())?;
    state.with_store(|store| Ok(store.form_draft(form, about)?.map(FormDraftDto::from)))
}

/// Discards the form's draft (the form was saved, or the person chose to).
#[tauri::command]
pub async fn draft_discard(
    state: State<'_, AppState>,
    form: String,
    about: Option<String>,
) -> Result<bool, IpcError> {
    let (form, about) = key(&form, about.as_deref())?;
    state.with_store(|store| store.discard_form_draft(form, about))
}
