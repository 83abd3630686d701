//! Supervision: a session with a supervisor, recorded against Morrison's 4x4x4 functions
//! (management, development, support, mediation). The cases discussed carry decisions, each copied
//! into that case's chronology as a significant entry; reflections brought are linked; agreed
//! actions become the cases' actions; and a wellbeing section stays on this device only (it is
//! never written to the change log, so it never reaches a sync folder or another device).
//!
//! The agenda for the next session is proposed from the caseload's quality signals and recent
//! reflections, since the last session ([`propose_agenda`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::casework::action::NewAction;
use crate::casework::case::{CaseStatus, CaseSummary};
use crate::ids::Id;
use casecraft_ops::vocabulary;

vocabulary!(
    error: crate::Error,
    /// The four functions of supervision (Morrison, 4x4x4).
    SupervisionFunction, "function", {
        /// Accountability for the work: caseload, procedures, decisions.
        Management => "management",
        /// The worker's learning and practice.
        Development => "development",
        /// The worker's wellbeing and the emotional impact of the work.
        Support => "support",
        /// Between the worker and the organisation, and other agencies.
        Mediation => "mediation",
    }
);

/// A case discussed in supervision and what was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDecision {
    /// The case.
    pub case_id: Id,
    /// The decision, in the words agreed.
    pub decision: String,
    /// The significant chronology entry it became.
    pub entry_id: Option<Id>,
}

/// A supervision session.
#[derive(Debug, Clone, Serialize)]
pub struct Supervision {
    /// The session's id.
    pub id: Id,
    /// When it took place.
    pub occurred_on: NaiveDate,
    /// The supervisor's name.
    pub supervisor: String,
    /// The functions the session covered.
    pub functions: Vec<SupervisionFunction>,
    /// What was discussed (Markdown).
    pub notes: String,
    /// Cases discussed and the decisions made.
    pub decisions: Vec<CaseDecision>,
    /// Reflections brought to the session.
    pub reflections: Vec<Id>,
    /// The actions agreed (each one an action on its case).
    pub actions: Vec<Id>,
    /// The private wellbeing section: kept on this device only, `None` if there is none here.
    pub wellbeing: Option<String>,
    /// Who recorded it.
    pub author: Id,
    /// In the trash.
    pub deleted: bool,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
}

/// What recording a session takes.
#[derive(Debug, Clone, Default)]
pub struct NewSupervision {
    /// When (today if `None`).
    pub occurred_on: Option<NaiveDate>,
    /// The supervisor's name.
    pub supervisor: String,
    /// Functions covered.
    pub functions: Vec<SupervisionFunction>,
    /// What was discussed.
    pub notes: String,
    /// (case, decision) for each case discussed.
    pub decisions: Vec<(Id, String)>,
    /// Reflections brought.
    pub reflections: Vec<Id>,
    /// (case, action) for each action agreed.
    pub actions: Vec<(Id, NewAction)>,
    /// The private wellbeing section (this device only).
    pub wellbeing: Option<String>,
}

/// A correction to a recorded session; `None` leaves a part as it is. The decisions and actions
/// are not edited here: each is a record of its case by now (a completed chronology entry takes
/// an addendum; an action is edited on its case).
#[derive(Debug, Clone, Default)]
pub struct SupervisionEdit {
    /// When it took place.
    pub occurred_on: Option<NaiveDate>,
    /// The supervisor's name.
    pub supervisor: Option<String>,
    /// Functions covered.
    pub functions: Option<Vec<SupervisionFunction>>,
    /// What was discussed.
    pub notes: Option<String>,
    /// Reflections brought.
    pub reflections: Option<Vec<Id>>,
    /// The private wellbeing section (this device only); an empty text removes it.
    pub wellbeing: Option<String>,
}

vocabulary!(
    error: crate::Error,
    /// Why something is on the proposed agenda.
    AgendaKind, "agenda item", {
        /// An open case whose person has not been seen for a while.
        NoRecentContact => "no-recent-contact",
        /// An open case with actions past their due day.
        OverdueActions => "overdue-actions",
        /// A case closed since the last session: its closure to review.
        RecentClosure => "recent-closure",
        /// A significant event recorded since the last session.
        SignificantEvent => "significant-event",
        /// A reflection written since the last session.
        Reflection => "reflection",
    }
);

/// One proposed agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    /// Why it is proposed.
    pub kind: AgendaKind,
    /// The case concerned, if any.
    pub case_id: Option<Id>,
    /// The record concerned (an entry or a reflection), if any.
    pub record_id: Option<Id>,
    /// A line naming it ("Kwame Okafor").
    pub title: String,
    /// Why, in words ("no direct contact for 35 days").
    pub detail: String,
}

/// A proposed agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    /// The first day the agenda covers: the day of the last session, or four weeks back when
    /// there has been none.
    pub since: NaiveDate,
    /// The items, grouped by kind in the order of [`AgendaKind`].
    pub items: Vec<AgendaItem>,
}

/// Days without direct contact after which an open case is proposed for discussion.
pub const CONTACT_DAYS: i64 = 28;
/// How far back the agenda looks when there has been no session yet.
pub const FIRST_AGENDA_DAYS: i64 = 28;

/// A significant event, as the agenda needs it.
#[derive(Debug, Clone)]
pub struct SignificantEvent {
    /// The entry.
    pub entry_id: Id,
    /// Its case.
    pub case_id: Id,
    /// The case's subject.
    pub subject: String,
    /// When it happened.
    pub occurred_on: NaiveDate,
    /// Its purpose or first words.
    pub summary: String,
}

/// A reflection, as the agenda needs it.
#[derive(Debug, Clone)]
pub struct RecentReflection {
    /// The reflection.
    pub id: Id,
    /// Its case, if any.
    pub case_id: Option<Id>,
    /// Its title.
    pub title: String,
    /// Its day.
    pub occurred_on: NaiveDate,
}

/// The agenda rules. From the caseload (with its quality signals), the significant events and the
/// reflections: open cases with no direct contact for [`CONTACT_DAYS`] or more (longest first);
/// open cases with overdue actions (most first); cases closed on or after `since`; significant
/// events on or after `since`; reflections on or after `since`. Deleted records never reach here.
pub fn propose_agenda(
    since: NaiveDate,
    cases: &[CaseSummary],
    events: &[SignificantEvent],
    reflections: &[RecentReflection],
) -> Agenda {
    let mut items = Vec::new();
    let mut quiet: Vec<&CaseSummary> = cases
        .iter()
        .filter(|c| c.status == CaseStatus::Open)
        .filter(|c| c.signals.days_since_direct_contact >= CONTACT_DAYS)
        .collect();
    quiet.sort_by(|a, b| {
        b.signals
            .days_since_direct_contact
            .cmp(&a.signals.days_since_direct_contact)
            .then(a.subject.cmp(&b.subject))
    });
    items.extend(quiet.into_iter().map(|c| AgendaItem {
        kind: AgendaKind::NoRecentContact,
        case_id: Some(c.id),
        record_id: None,
        title: c.subject.clone(),
        detail: match c.signals.last_direct_contact {
            Some(_) => format!(
                "no direct contact for {} days",
                c.signals.days_since_direct_contact
            ),
            None => format!(
                "not seen since the case opened {} days ago",
                c.signals.days_since_direct_contact
            ),
        },
    }));
    let mut overdue: Vec<&CaseSummary> = cases
        .iter()
        .filter(|c| c.status == CaseStatus::Open && c.signals.overdue_actions > 0)
        .collect();
    overdue.sort_by(|a, b| {
        b.signals
            .overdue_actions
            .cmp(&a.signals.overdue_actions)
            .then(a.subject.cmp(&b.subject))
    });
    items.extend(overdue.into_iter().map(|c| AgendaItem {
        kind: AgendaKind::OverdueActions,
        case_id: Some(c.id),
        record_id: None,
        title: c.subject.clone(),
        detail: format!(
            "{} overdue action{}",
            c.signals.overdue_actions,
            if c.signals.overdue_actions == 1 {
                ""
            } else {
                "s"
            }
        ),
    }));
    let mut closed: Vec<&CaseSummary> = cases
        .iter()
        .filter(|c| c.status == CaseStatus::Closed && c.closed_on.is_some_and(|d| d >= since))
        .collect();
    closed.sort_by(|a, b| {
        a.closed_on
            .cmp(&b.closed_on)
            .then(a.subject.cmp(&b.subject))
    });
    items.extend(closed.into_iter().map(|c| AgendaItem {
        kind: AgendaKind::RecentClosure,
        case_id: Some(c.id),
        record_id: None,
        title: c.subject.clone(),
        detail: format!(
            "closed on {}: review the closure",
            c.closed_on.map(|d| d.to_string()).unwrap_or_default()
        ),
    }));
    let mut recent: Vec<&SignificantEvent> =
        events.iter().filter(|e| e.occurred_on >= since).collect();
    recent.sort_by(|a, b| {
        a.occurred_on
            .cmp(&b.occurred_on)
            .then(a.entry_id.cmp(&b.entry_id))
    });
    items.extend(recent.into_iter().map(|e| AgendaItem {
        kind: AgendaKind::SignificantEvent,
        case_id: Some(e.case_id),
        record_id: Some(e.entry_id),
        title: e.subject.clone(),
        detail: format!("significant event on {}: {}", e.occurred_on, e.summary),
    }));
    let mut brought: Vec<&RecentReflection> = reflections
        .iter()
        .filter(|r| r.occurred_on >= since)
        .collect();
    brought.sort_by(|a, b| a.occurred_on.cmp(&b.occurred_on).then(a.id.cmp(&b.id)));
    items.extend(brought.into_iter().map(|r| AgendaItem {
        kind: AgendaKind::Reflection,
        case_id: r.case_id,
        record_id: Some(r.id),
        title: r.title.clone(),
        detail: format!("reflection of {}", r.occurred_on),
    }));
    Agenda { since, items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::case::QualitySignals;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn case(subject: &str, status: CaseStatus, days: i64, seen: bool, overdue: u32) -> CaseSummary {
        CaseSummary {
            id: Id::new(),
            reference: None,
            subject: subject.into(),
            status,
            opened_on: day(1),
            closed_on: (status == CaseStatus::Closed).then(|| day(20)),
            flags: vec![],
            tags: vec![],
            signals: QualitySignals {
                last_direct_contact: seen.then(Utc::now),
                days_since_direct_contact: days,
                last_reflection: None,
                open_actions: overdue,
                overdue_actions: overdue,
                last_cowork: None,
                drafts: 0,
                attention: 0,
            },
        }
    }

    #[test]
    fn quiet_cases_overdue_actions_closures_events_and_reflections_are_proposed_in_order() {
        let cases = [
            case("Ada", CaseStatus::Open, 28, true, 0),
            case("Ben", CaseStatus::Open, 27, true, 2),
            case("Cal", CaseStatus::Open, 40, false, 1),
            case("Dot", CaseStatus::Closed, 90, true, 3),
        ];
        let events = [
            SignificantEvent {
                entry_id: Id::new(),
                case_id: cases[0].id,
                subject: "Ada".into(),
                occurred_on: day(10),
                summary: "moved to foster care".into(),
            },
            SignificantEvent {
                entry_id: Id::new(),
                case_id: cases[1].id,
                subject: "Ben".into(),
                occurred_on: day(2),
                summary: "before the last session".into(),
            },
        ];
        let reflections = [RecentReflection {
            id: Id::new(),
            case_id: None,
            title: "Gibbs: a hard visit".into(),
            occurred_on: day(12),
        }];
        let agenda = propose_agenda(day(5), &cases, &events, &reflections);
        let got: Vec<(AgendaKind, &str, &str)> = agenda
            .items
            .iter()
            .map(|i| (i.kind, i.title.as_str(), i.detail.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    AgendaKind::NoRecentContact,
                    "Cal",
                    "not seen since the case opened 40 days ago"
                ),
                (
                    AgendaKind::NoRecentContact,
                    "Ada",
                    "no direct contact for 28 days"
                ),
                (AgendaKind::OverdueActions, "Ben", "2 overdue actions"),
                (AgendaKind::OverdueActions, "Cal", "1 overdue action"),
                (
                    AgendaKind::RecentClosure,
                    "Dot",
                    "closed on 2026-11-20: review the closure"
                ),
                (
                    AgendaKind::SignificantEvent,
                    "Ada",
                    "significant event on 2026-11-10: moved to foster care"
                ),
                (
                    AgendaKind::Reflection,
                    "Gibbs: a hard visit",
                    "reflection of 2026-11-12"
                ),
            ]
        );
    }

    #[test]
    fn a_closure_before_the_last_session_is_not_proposed_again() {
        let cases = [case("Dot", CaseStatus::Closed, 0, true, 0)];
        assert!(propose_agenda(day(21), &cases, &[], &[]).items.is_empty());
        assert_eq!(propose_agenda(day(20), &cases, &[], &[]).items.len(), 1);
    }
}
