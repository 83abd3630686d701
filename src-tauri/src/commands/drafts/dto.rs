//! Drafts of the longer forms.

use std::collections::BTreeMap;

use casecraft_core::casework::draft::{DraftForm, DraftValue, FormDraft};
use serde::Serialize;

use crate::commands::shared::local_label;

/// A kept draft: each control's value by its name, and when it was last typed into.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormDraftDto {
    pub form: DraftForm,
    pub about: Option<String>,
    pub fields: BTreeMap<String, DraftValue>,
    /// "Tue 1 Dec 2026, 14:02", in the worker's time.
    pub saved_label: String,
    /// What it is, as sign-out names it.
    pub description: String,
}

impl From<FormDraft> for FormDraftDto {
    fn from(d: FormDraft) -> Self {
        FormDraftDto {
            description: d.describe(),
            saved_label: local_label(d.updated_at),
            form: d.form,
            about: d.about.map(|id| id.to_string()),
            fields: d.fields,
        }
    }
}
