//! Co-working notes on a shared case: joint-visit plans, handovers,
//! discussions and differing views, each by one author, kept with their
//! amendment history.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ids::Id;
use casecraft_ops::vocabulary;

vocabulary!(
    error: crate::Error,
    /// What a co-working note is for.
    CoworkKind, "co-working note kind", {
        /// Planning a visit made together.
        JointVisitPlan => "joint-visit-plan",
        /// Handing work over.
        Handover => "handover",
        /// Talking a case through.
        Discussion => "discussion",
        /// Recording a view that differs from a colleague's.
        DifferingView => "differing-view",
    }
);

/// A co-working note.
#[derive(Debug, Clone, Serialize)]
pub struct CoworkNote {
    /// The note id.
    pub id: Id,
    /// The case.
    pub case_id: Id,
    /// Kind.
    pub kind: CoworkKind,
    /// The current text (Markdown).
    pub body: String,
    /// The note this replies to.
    pub reply_to: Option<Id>,
    /// Author.
    pub author: Id,
    /// Author's display name, when known.
    pub author_name: Option<String>,
    /// A colleague who wrote it, with their team role ("Ben Okafor (practitioner)"); none for
    /// this worker's own.
    pub written_by: Option<String>,
    /// Earlier texts, oldest first, when the author amended the note.
    pub history: Vec<NoteVersion>,
    /// Written (UTC).
    pub created_at: DateTime<Utc>,
    /// Last amended (UTC).
    pub updated_at: DateTime<Utc>,
}

/// An earlier text of an amended note.
#[derive(Debug, Clone, Serialize)]
pub struct NoteVersion {
    /// The text as it was.
    pub body: String,
    /// When it was written (UTC).
    pub at: DateTime<Utc>,
}

/// A new co-working note.
#[derive(Debug, Clone)]
pub struct NewCoworkNote {
    /// Kind.
    pub kind: CoworkKind,
    /// Text.
    pub body: String,
    /// Replying to.
    pub reply_to: Option<Id>,
}
