//! Co-working notes and actions on a case.

use casecraft_core::casework::action::{Action, NewAction};
use casecraft_core::casework::cowork::{CoworkKind, CoworkNote, NewCoworkNote};
use serde::{Deserialize, Serialize};

use crate::commands::shared::{day_label, local_label, optional_day, parse_id};
use crate::error::IpcError;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CoworkNoteDto {
    pub id: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub body: String,
    pub author_id: String,
    pub author_name: String,
    pub when_label: String,
    pub amended: bool,
    /// The note this one replies to.
    pub reply_to: Option<String>,
    /// Earlier texts, oldest first (the current one is `body`).
    pub history: Vec<NoteVersionDto>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteVersionDto {
    pub body: String,
    pub when_label: String,
}

impl From<CoworkNote> for CoworkNoteDto {
    fn from(note: CoworkNote) -> Self {
        CoworkNoteDto {
            id: note.id.to_string(),
            kind: note.kind.as_str(),
            kind_label: cowork_label(note.kind),
            amended: !note.history.is_empty(),
            body: note.body,
            author_id: note.author.to_string(),
            author_name: note
                .written_by
                .or(note.author_name)
                .unwrap_or_else(|| "A co-worker".into()),
            when_label: local_label(note.created_at),
            reply_to: note.reply_to.map(|id| id.to_string()),
            history: note
                .history
                .into_iter()
                .map(|version| NoteVersionDto {
                    body: version.body,
                    when_label: local_label(version.at),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCoworkNoteDto {
    pub kind: String,
    pub body: String,
    /// The note this one replies to, if any.
    #[serde(default)]
    pub reply_to: Option<String>,
}

impl TryFrom<NewCoworkNoteDto> for NewCoworkNote {
    type Error = IpcError;
    fn try_from(dto: NewCoworkNoteDto) -> Result<Self, IpcError> {
        Ok(NewCoworkNote {
            kind: CoworkKind::parse("kind", &dto.kind)?,
            body: dto.body,
            reply_to: match dto.reply_to.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(id) => Some(parse_id("replyTo", id)?),
            },
        })
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionDto {
    pub id: String,
    pub text: String,
    pub owner: Option<String>,
    pub due_on: Option<String>,
    /// "Tue 1 Dec 2026".
    pub due_label: Option<String>,
    pub done: bool,
    /// A colleague who wrote it, with their team role; none for the worker's own.
    pub written_by: Option<String>,
    /// The worker's role on the case lets them tick it done (a supervisor: their own actions).
    pub may_change: bool,
}

impl ActionDto {
    /// Narrows what an action offers to what the worker's role on its case lets the hub take.
    pub fn for_role(mut self, role: Option<casecraft_core::hub::CaseRole>) -> Self {
        use casecraft_core::record::RecordKind;
        if let Some(role) = role {
            self.may_change = role.may_write(RecordKind::Action)
                || (role.may_write_own(RecordKind::Action) && self.written_by.is_none());
        }
        self
    }
}

impl From<Action> for ActionDto {
    fn from(action: Action) -> Self {
        ActionDto {
            id: action.id.to_string(),
            text: action.text,
            owner: action.owner,
            due_on: action.due_on.map(|day| day.to_string()),
            due_label: action.due_on.map(day_label),
            done: action.done,
            written_by: action.written_by,
            may_change: true,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewActionDto {
    pub text: String,
    #[serde(default)]
    pub owner: Option<String>,
    /// YYYY-MM-DD, or empty.
    #[serde(default)]
    pub due_on: Option<String>,
}

impl TryFrom<NewActionDto> for NewAction {
    type Error = IpcError;
    fn try_from(dto: NewActionDto) -> Result<Self, IpcError> {
        Ok(NewAction {
            text: dto.text,
            owner: dto.owner.filter(|s| !s.trim().is_empty()),
            due_on: optional_day("due", dto.due_on.as_deref())?,
        })
    }
}

/// How a kind of co-working note reads ("Joint visit plan").
pub(crate) fn cowork_label(kind: CoworkKind) -> &'static str {
    match kind {
        CoworkKind::JointVisitPlan => "Joint visit plan",
        CoworkKind::Handover => "Handover",
        CoworkKind::Discussion => "Discussion",
        CoworkKind::DifferingView => "Differing view",
    }
}
