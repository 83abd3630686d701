//! Form drafts: what a person has typed into a longer form and not yet saved, in this device's
//! own table (never an op, never synced, kept through a rebuild, named at sign-out).

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};

use super::{row, Store};
use crate::casework::draft::{self, DraftForm, DraftValue, FormDraft};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::validate;

impl Store {
    /// Keeps what a form holds now as its draft, replacing the one before; a form with nothing
    /// typed or chosen has its draft discarded instead (and `None` comes back). The record a
    /// form belongs to must exist: a case for a co-working note, a draft entry for its next
    /// steps, a reflection for its changes.
    pub fn save_form_draft(
        &mut self,
        form: DraftForm,
        about: Option<Id>,
        fields: BTreeMap<String, DraftValue>,
    ) -> Result<Option<FormDraft>> {
        draft::check(form, about, &fields)?;
        if let Some(id) = about {
            match form {
                DraftForm::CoworkNote => {
                    self.case(id)?;
                }
                DraftForm::NextSteps => {
                    self.entry(id)?;
                }
                DraftForm::ReflectionEdit => {
                    self.reflection(id)?;
                }
                DraftForm::Reflection | DraftForm::Supervision => {}
            }
        }
        if draft::is_blank(&fields) {
            self.discard_form_draft(form, about)?;
            return Ok(None);
        }
        let now = chrono::Utc::now();
        let json = serde_json::to_string(&fields)
            .map_err(|e| Error::invalid("draft", format!("cannot be kept: {e}")))?;
        self.write(|w| {
            w.conn()
                .prepare_cached(
                    "INSERT INTO form_drafts (form, about, fields, updated_at) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (form, about) DO UPDATE
                       SET fields = excluded.fields, updated_at = excluded.updated_at",
                )?
                .execute(params![
                    form.as_str(),
                    about_key(about),
                    json,
                    validate::stored_moment(now)
                ])?;
            Ok(())
        })?;
        Ok(Some(FormDraft {
            form,
            about,
            fields,
            updated_at: now,
        }))
    }

    /// The draft of a form, if one is kept.
    pub fn form_draft(&self, form: DraftForm, about: Option<Id>) -> Result<Option<FormDraft>> {
        let found = self
            .conn
            .prepare_cached(
                "SELECT fields, updated_at FROM form_drafts WHERE form = ?1 AND about = ?2",
            )?
            .query_row(params![form.as_str(), about_key(about)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?;
        found
            .map(|(fields, at)| read(form, about, &fields, &at))
            .transpose()
    }

    /// Discards a form's draft (after the form is saved, or when the person says so); whether
    /// there was one.
    pub fn discard_form_draft(&mut self, form: DraftForm, about: Option<Id>) -> Result<bool> {
        self.write(|w| delete(w.conn(), form, about))
    }

    /// Every form draft kept on this device, the most recently typed first.
    pub fn form_drafts(&self) -> Result<Vec<FormDraft>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT form, about, fields, updated_at FROM form_drafts
             ORDER BY updated_at DESC, form, about",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for r in rows {
            let (form, about, fields, at) = r?;
            let form = DraftForm::parse("form", &form)?;
            let about = if about.is_empty() {
                None
            } else {
                Some(row::id(&about)?)
            };
            out.push(read(form, about, &fields, &at)?);
        }
        Ok(out)
    }
}

/// Deletes a form's draft on `conn` (inside a write); whether there was one.
pub(super) fn delete(
    conn: &rusqlite::Connection,
    form: DraftForm,
    about: Option<Id>,
) -> Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM form_drafts WHERE form = ?1 AND about = ?2")?
        .execute(params![form.as_str(), about_key(about)])?;
    Ok(n > 0)
}

/// The table's key for "no record": a form of its own kind keeps one draft.
fn about_key(about: Option<Id>) -> String {
    about.map(|id| id.to_string()).unwrap_or_default()
}

fn read(form: DraftForm, about: Option<Id>, fields: &str, at: &str) -> Result<FormDraft> {
    let fields: BTreeMap<String, DraftValue> = serde_json::from_str(fields)
        .map_err(|e| Error::Corrupt(format!("a form draft cannot be read: {e}")))?;
    Ok(FormDraft {
        form,
        about,
        fields,
        updated_at: row::moment(at)?,
    })
}
