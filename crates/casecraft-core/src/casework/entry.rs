//! The chronology: visits, contacts and events recorded on a case, drafted
//! then completed; a completed entry is never changed, only added to by
//! addenda, as statutory recording requires.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ids::Id;
use casecraft_ops::vocabulary;

vocabulary!(
    error: crate::Error,
    /// What kind of contact or event an entry records.
    EntryKind, "entry kind", {
        /// A visit to the person's home.
        HomeVisit => "home-visit",
        /// The person came to the office.
        OfficeVisit => "office-visit",
        /// A phone call.
        PhoneCall => "phone-call",
        /// A meeting (strategy, core group, review…).
        Meeting => "meeting",
        /// A message (email, text, letter).
        Message => "message",
        /// A note on the case.
        CaseNote => "case-note",
        /// A significant event in the person's life.
        SignificantEvent => "significant-event",
        /// The case was closed (written by the core when a case closes).
        Closure => "closure",
        /// The case was reopened (written by the core).
        Reopening => "reopening",
        /// A decision about the case made in supervision (written by the core).
        Supervision => "supervision",
    }
);

impl EntryKind {
    /// True for kinds that count as direct contact with the person: seeing
    /// them, not writing about them.
    pub fn is_direct_contact(self) -> bool {
        matches!(
            self,
            EntryKind::HomeVisit | EntryKind::OfficeVisit | EntryKind::Meeting
        )
    }

    /// How the kind reads in a title.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::HomeVisit => "Home visit",
            EntryKind::OfficeVisit => "Office visit",
            EntryKind::PhoneCall => "Phone call",
            EntryKind::Meeting => "Meeting",
            EntryKind::Message => "Message",
            EntryKind::CaseNote => "Case note",
            EntryKind::SignificantEvent => "Significant event",
            EntryKind::Closure => "Case closed",
            EntryKind::Reopening => "Case reopened",
            EntryKind::Supervision => "Supervision decision",
        }
    }

    /// Kinds a person records by hand (closure, reopening and supervision entries are
    /// written by the core).
    pub fn recordable() -> impl Iterator<Item = EntryKind> {
        EntryKind::ALL.iter().copied().filter(|k| {
            !matches!(
                k,
                EntryKind::Closure | EntryKind::Reopening | EntryKind::Supervision
            )
        })
    }

    /// Kinds a person may record on a case in `status`. On a closed case only what arrives
    /// after closing is recorded — a call, a message, a note; a visit, a meeting or a
    /// significant event means work has started again, so the case is reopened first.
    pub fn recordable_on(
        status: crate::casework::case::CaseStatus,
    ) -> impl Iterator<Item = EntryKind> {
        EntryKind::recordable().filter(move |k| {
            status == crate::casework::case::CaseStatus::Open
                || matches!(
                    k,
                    EntryKind::PhoneCall | EntryKind::Message | EntryKind::CaseNote
                )
        })
    }
}

vocabulary!(
    error: crate::Error,
    /// Where an entry is in its life.
    EntryStatus, "entry status", {
        /// Still being written; editable and deletable.
        Draft => "draft",
        /// Signed off; immutable, corrected only by addenda.
        Completed => "completed",
    }
);

/// A chronology entry.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The entry id.
    pub id: Id,
    /// The case it belongs to.
    pub case_id: Id,
    /// Kind of contact or event.
    pub kind: EntryKind,
    /// Draft or completed.
    pub status: EntryStatus,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// How long, in minutes.
    pub duration_minutes: Option<u32>,
    /// Where.
    pub location: Option<String>,
    /// Who was there (names of people and co-workers).
    pub participants: Vec<String>,
    /// Why it happened.
    pub purpose: Option<String>,
    /// What happened (Markdown).
    pub body: String,
    /// The person's own words.
    pub voice: String,
    /// The practitioner's analysis.
    pub analysis: String,
    /// A significant event for the chronology.
    pub significant: bool,
    /// The worker who wrote it.
    pub author: Id,
    /// A colleague who wrote it, as the team names them ("Ben Okafor (practitioner)"); none for
    /// this worker's own.
    pub written_by: Option<String>,
    /// When it was completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Corrections and additions after completion.
    pub addenda: Vec<Addendum>,
    /// In the trash.
    pub deleted: bool,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// How a field of an entry is named to a person.
pub fn field_label(field: &str) -> &str {
    match field {
        "kind" => "Kind",
        "occurred_at" => "When",
        "duration_minutes" => "Duration",
        "location" => "Where",
        "participants" => "Who was there",
        "purpose" => "Purpose",
        "body" => "What happened",
        "voice" => "Their own words",
        "analysis" => "Analysis",
        "significant" => "Significant event",
        "deleted" => "Moved to the trash",
        "status" => "Status",
        "completed_at" => "Completed",
        other => other,
    }
}

/// A stored value of an entry's field as a person reads it (times in `zone`).
pub fn field_text(field: &str, value: &serde_json::Value, zone: &crate::zone::Zone) -> String {
    use serde_json::Value;
    match (field, value) {
        (_, Value::Null) => "(none)".into(),
        ("kind", Value::String(k)) => k
            .parse::<EntryKind>()
            .map(|k| k.label().to_string())
            .unwrap_or_else(|_| k.clone()),
        ("occurred_at" | "completed_at", Value::String(t)) => DateTime::parse_from_rfc3339(t)
            .map(|t| zone.date_time(t.with_timezone(&Utc)))
            .unwrap_or_else(|_| t.clone()),
        ("duration_minutes", Value::Number(n)) => format!("{n} minutes"),
        ("significant" | "deleted", v) => {
            let yes = v.as_bool().unwrap_or(false) || v.as_i64().is_some_and(|n| n != 0);
            if yes { "yes" } else { "no" }.into()
        }
        (_, Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| i.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

impl Entry {
    /// Whether the entry can still be changed: a draft, not in the trash.
    pub fn is_editable(&self) -> bool {
        self.status == EntryStatus::Draft && !self.deleted
    }

    /// Whether a correction or addition may be added: every completed entry not in the trash
    /// (closures, reopenings and supervision decisions too — they are records like any other).
    pub fn takes_addenda(&self) -> bool {
        self.status == EntryStatus::Completed && !self.deleted
    }

    /// Whether it may be moved to the trash: only a draft; a completed entry is part of the
    /// case record.
    pub fn may_be_trashed(&self) -> bool {
        self.is_editable()
    }
}

/// A correction or addition to a completed entry.
#[derive(Debug, Clone, Serialize)]
pub struct Addendum {
    /// The addendum id.
    pub id: Id,
    /// The entry it adds to.
    pub entry_id: Id,
    /// Who wrote it.
    pub author: Id,
    /// What it says.
    pub text: String,
    /// When it was written (UTC).
    pub created_at: DateTime<Utc>,
}

/// A new entry (always starts as a draft).
#[derive(Debug, Clone)]
pub struct NewEntry {
    /// Kind.
    pub kind: EntryKind,
    /// When it happened; now when absent.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Minutes.
    pub duration_minutes: Option<u32>,
    /// Where.
    pub location: Option<String>,
    /// Who was there.
    pub participants: Vec<String>,
    /// Why.
    pub purpose: Option<String>,
    /// What happened.
    pub body: String,
    /// The person's own words.
    pub voice: String,
    /// Analysis.
    pub analysis: String,
    /// Significant event.
    pub significant: bool,
}

impl NewEntry {
    /// A blank draft of `kind`, happening now.
    pub fn new(kind: EntryKind) -> Self {
        NewEntry {
            kind,
            occurred_at: None,
            duration_minutes: None,
            location: None,
            participants: Vec::new(),
            purpose: None,
            body: String::new(),
            voice: String::new(),
            analysis: String::new(),
            significant: false,
        }
    }
}

/// A change to a draft entry; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct EntryEdit {
    /// Kind.
    pub kind: Option<EntryKind>,
    /// When.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Minutes (`Some(None)` clears).
    pub duration_minutes: Option<Option<u32>>,
    /// Where (`Some("")` clears).
    pub location: Option<String>,
    /// Who was there.
    pub participants: Option<Vec<String>>,
    /// Why (`Some("")` clears).
    pub purpose: Option<String>,
    /// What happened.
    pub body: Option<String>,
    /// Their own words.
    pub voice: Option<String>,
    /// Analysis.
    pub analysis: Option<String>,
    /// Significant.
    pub significant: Option<bool>,
}

/// Which entries of a chronology to list.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// Significant events only.
    pub significant_only: bool,
    /// Include drafts (default true in the app).
    pub exclude_drafts: bool,
    /// At most this many (every entry when absent).
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: Option<u32>,
}
