//! Actions: the next steps agreed on a case, with an owner and a due day.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::ids::Id;

/// A next step on a case.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// The action id.
    pub id: Id,
    /// The case.
    pub case_id: Id,
    /// What is to be done.
    pub text: String,
    /// Who does it (a name), if not the author.
    pub owner: Option<String>,
    /// Due day.
    pub due_on: Option<NaiveDate>,
    /// Done.
    pub done: bool,
    /// When it was marked done.
    pub done_at: Option<DateTime<Utc>>,
    /// In the trash.
    pub deleted: bool,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Who wrote it (the author id of its first change), when this device holds that change.
    pub author: Option<Id>,
    /// A colleague who wrote it, as the team names them; none for this worker's own.
    pub written_by: Option<String>,
}

/// A new action.
#[derive(Debug, Clone, Default)]
pub struct NewAction {
    /// What is to be done.
    pub text: String,
    /// Owner.
    pub owner: Option<String>,
    /// Due day.
    pub due_on: Option<NaiveDate>,
}
