//! Cases: the file about a person and their network, its status and closure
//! rationale, flags and tags, and the quality signals shown on the caseload.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::ids::Id;
use crate::vocab::vocabulary;

vocabulary!(
    /// Whether work on the case goes on.
    CaseStatus, "case status", {
        /// Work goes on.
        Open => "open",
        /// Closed with a written rationale.
        Closed => "closed",
    }
);

/// Flags practitioners use most; any other label is allowed too.
pub const COMMON_FLAGS: &[&str] = &[
    "safeguarding",
    "lone-working-risk",
    "interpreter-needed",
    "child-protection-plan",
    "domestic-abuse",
    "court-proceedings",
];

/// A case as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// The case id.
    pub id: Id,
    /// The organisation's own reference, if any.
    pub reference: Option<String>,
    /// The name of the person the case is about (the subject in its network).
    pub subject: String,
    /// Open or closed.
    pub status: CaseStatus,
    /// The day the case was opened.
    pub opened_on: NaiveDate,
    /// The day it was closed, when closed.
    pub closed_on: Option<NaiveDate>,
    /// Why it was closed (required to close).
    pub closure_rationale: Option<String>,
    /// Summary (Markdown).
    pub summary: String,
    /// Flags such as `safeguarding`.
    pub flags: Vec<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Workers the case is shared with.
    pub members: Vec<Id>,
    /// In the trash.
    pub deleted: bool,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
    /// Last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// A new case.
#[derive(Debug, Clone, Default)]
pub struct NewCase {
    /// The person the case is about (becomes the subject in the network).
    pub subject: String,
    /// The organisation's reference.
    pub reference: Option<String>,
    /// Summary (Markdown).
    pub summary: Option<String>,
    /// Flags.
    pub flags: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Opening day; today when absent.
    pub opened_on: Option<NaiveDate>,
}

/// A change to a case; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct CaseEdit {
    /// New reference (`Some("")` clears it).
    pub reference: Option<String>,
    /// New summary.
    pub summary: Option<String>,
    /// Replaces the flags.
    pub flags: Option<Vec<String>>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    /// Corrects the opening day.
    pub opened_on: Option<NaiveDate>,
}

/// Which cases a caseload shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Open cases only.
    #[default]
    Open,
    /// Closed cases only.
    Closed,
    /// Both.
    All,
}

impl StatusFilter {
    /// Parses `open`, `closed` or `all`.
    pub fn parse(field: &str, s: &str) -> crate::Result<Self> {
        match s.trim().to_lowercase().as_str() {
            "open" => Ok(StatusFilter::Open),
            "closed" => Ok(StatusFilter::Closed),
            "all" => Ok(StatusFilter::All),
            _ => Err(crate::Error::invalid(
                field,
                "choose one of: open, closed, all",
            )),
        }
    }
}

/// How a caseload is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseSort {
    /// Most in need of attention first (long without contact, overdue
    /// actions, nothing reflected).
    #[default]
    NeedsAttention,
    /// By subject name.
    Name,
    /// Most recently opened first.
    Opened,
}

/// A caseload query.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Open, closed or all.
    pub status: StatusFilter,
    /// Only cases with this flag.
    pub flag: Option<String>,
    /// Only cases with this tag.
    pub tag: Option<String>,
    /// Ordering.
    pub sort: CaseSort,
    /// At most this many (default 200, at most 1000).
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: Option<u32>,
}

/// A caseload row: the case and its quality signals, which say more about
/// casework than any count.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary {
    /// The case id.
    pub id: Id,
    /// Reference.
    pub reference: Option<String>,
    /// Subject's name.
    pub subject: String,
    /// Open or closed.
    pub status: CaseStatus,
    /// Opened on.
    pub opened_on: NaiveDate,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
    /// Flags.
    pub flags: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Quality signals.
    pub signals: QualitySignals,
}

/// What tells a practitioner whether a case is getting the casework it
/// needs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QualitySignals {
    /// When the person was last seen directly (a home or office visit, or
    /// a meeting).
    pub last_direct_contact: Option<DateTime<Utc>>,
    /// Whole days since then, or since opening when never seen.
    pub days_since_direct_contact: i64,
    /// When the case was last reflected on.
    pub last_reflection: Option<NaiveDate>,
    /// Open actions.
    pub open_actions: u32,
    /// Open actions past their due day.
    pub overdue_actions: u32,
    /// When a co-working note was last written.
    pub last_cowork: Option<DateTime<Utc>>,
    /// Draft entries not yet completed.
    pub drafts: u32,
    /// A score used to order the caseload by need of attention: higher
    /// needs attention sooner.
    pub attention: i64,
}

impl QualitySignals {
    /// Derives the attention score from the signals: each week without
    /// direct contact, each overdue action and the lack of any reflection in
    /// the last 90 days count against the case.
    pub fn attention_score(
        days_since_direct_contact: i64,
        overdue_actions: u32,
        days_since_reflection: Option<i64>,
    ) -> i64 {
        let contact = days_since_direct_contact.max(0) / 7 * 10;
        let overdue = i64::from(overdue_actions) * 15;
        let reflection = match days_since_reflection {
            None => 20,
            Some(d) if d > 90 => 10,
            Some(_) => 0,
        };
        contact + overdue + reflection
    }
}
