//! Cases: the file about a person and their network, its status and closure
//! rationale, flags and tags, and the quality signals shown on the caseload.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::ids::Id;
use casecraft_ops::vocabulary;

vocabulary!(
    error: crate::Error,
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

/// How a flag reads to a person: "Lone working risk" for `lone-working-risk`; a flag of the
/// worker's own reads as typed, its hyphens as spaces and its first letter a capital.
pub fn flag_label(flag: &str) -> String {
    let plain = flag.trim().replace('-', " ");
    let mut chars = plain.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

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
    /// At most this many (every case when absent).
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
    /// Whether the person has gone without direct contact long enough to need it (the one rule
    /// of [`CONTACT_BEFORE_CLOSING_DAYS`], for the caseload, the checklist and the agenda).
    pub fn contact_overdue(&self) -> bool {
        self.days_since_direct_contact >= CONTACT_BEFORE_CLOSING_DAYS
    }

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

/// The checklist shown before a case is closed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClosureChecklist {
    /// The items, in the order to read them.
    pub items: Vec<ChecklistItem>,
}

/// One thing to check before closing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChecklistItem {
    /// Stable key (`direct-contact`, `open-actions`, `reflection`, `co-workers`).
    pub key: &'static str,
    /// What is checked.
    pub label: &'static str,
    /// What the case shows.
    pub detail: String,
    /// True when this should be looked at before closing.
    pub needs_attention: bool,
}

/// Calendar days before today as a person says them: "today", "yesterday", "12 days ago".
pub fn days_ago(days: i64) -> String {
    match days {
        i64::MIN..=0 => "today".into(),
        1 => "yesterday".into(),
        n => format!("{n} days ago"),
    }
}

/// Days without direct contact after which closing deserves a second look.
pub const CONTACT_BEFORE_CLOSING_DAYS: i64 = 28;
/// Days within which a reflection counts as recent.
pub const RECENT_REFLECTION_DAYS: i64 = 90;

impl ClosureChecklist {
    /// Builds the checklist from a case's signals and its number of other
    /// workers, on `today` in the worker's `zone`.
    pub fn from_signals(
        s: &QualitySignals,
        coworkers: usize,
        today: NaiveDate,
        zone: &crate::zone::Zone,
    ) -> Self {
        let contact = match s.last_direct_contact {
            Some(_) => format!("seen {}", days_ago(s.days_since_direct_contact)),
            None => "never seen directly".to_string(),
        };
        let reflection_age = s.last_reflection.map(|d| (today - d).num_days());
        let items = vec![
            ChecklistItem {
                key: "direct-contact",
                label: "Last direct contact with the person",
                detail: contact,
                // One rule with the agenda and the closure review: four weeks or more.
                needs_attention: s.last_direct_contact.is_none() || s.contact_overdue(),
            },
            ChecklistItem {
                key: "open-actions",
                label: "Open actions",
                detail: match (s.open_actions, s.overdue_actions) {
                    (0, _) => "none open".to_string(),
                    (n, 0) => format!("{n} open"),
                    (n, o) => format!("{n} open, {o} overdue"),
                },
                needs_attention: s.open_actions > 0,
            },
            ChecklistItem {
                key: "reflection",
                label: "Last reflection on the case",
                detail: s
                    .last_reflection
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "none yet".into()),
                needs_attention: reflection_age.is_none_or(|d| d > RECENT_REFLECTION_DAYS),
            },
            ChecklistItem {
                key: "co-workers",
                label: "Co-workers informed",
                detail: match (coworkers, s.last_cowork) {
                    (0, _) => "no co-workers on this case".to_string(),
                    (n, None) => format!("{n} co-worker(s); no co-working note yet"),
                    (n, Some(t)) => format!("{n} co-worker(s); last note {}", zone.day(t)),
                },
                needs_attention: coworkers > 0 && s.last_cowork.is_none(),
            },
        ];
        ClosureChecklist { items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_read_as_words() {
        assert_eq!(flag_label("lone-working-risk"), "Lone working risk");
        assert_eq!(flag_label("safeguarding"), "Safeguarding");
        assert_eq!(flag_label("école-visits"), "École visits");
        assert_eq!(flag_label(""), "");
    }

    fn signals() -> QualitySignals {
        QualitySignals {
            last_direct_contact: None,
            days_since_direct_contact: 40,
            last_reflection: None,
            open_actions: 0,
            overdue_actions: 0,
            last_cowork: None,
            drafts: 0,
            attention: 0,
        }
    }

    fn attention(c: &ClosureChecklist) -> Vec<&str> {
        c.items
            .iter()
            .filter(|i| i.needs_attention)
            .map(|i| i.key)
            .collect()
    }

    #[test]
    fn a_case_never_seen_nor_reflected_on_is_flagged() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(
            attention(&ClosureChecklist::from_signals(
                &signals(),
                0,
                today,
                &crate::zone::Zone::utc()
            )),
            ["direct-contact", "reflection"]
        );
    }

    #[test]
    fn recent_contact_reflection_and_no_open_actions_pass() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let s = QualitySignals {
            last_direct_contact: Some(Utc::now()),
            days_since_direct_contact: 3,
            last_reflection: NaiveDate::from_ymd_opt(2026, 11, 1),
            ..signals()
        };
        assert!(attention(&ClosureChecklist::from_signals(
            &s,
            0,
            today,
            &crate::zone::Zone::utc()
        ))
        .is_empty());
        let with_actions = QualitySignals {
            open_actions: 2,
            overdue_actions: 1,
            ..s.clone()
        };
        let c = ClosureChecklist::from_signals(&with_actions, 1, today, &crate::zone::Zone::utc());
        assert_eq!(attention(&c), ["open-actions", "co-workers"]);
        assert_eq!(c.items[1].detail, "2 open, 1 overdue");
    }
}
