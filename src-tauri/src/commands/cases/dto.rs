//! The caseload and a case's header.

use casecraft_core::casework::case::{
    Case, CaseEdit, CaseSummary, ChecklistItem, ClosureChecklist, NewCase, QualitySignals,
};
use casecraft_core::casework::entry::EntryKind;
use casecraft_core::documents::markdown;
use casecraft_core::hub::CaseRole;
use casecraft_core::record::RecordKind;
use serde::{Deserialize, Serialize};

use crate::commands::shared::{day_label, local_label, Choice};

/// One page of the caseload: `status` is `open` (default), `closed` or `all`; `sort` is
/// `attention` (default), `name` or `opened`; `flag`/`tag` narrow it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CaseQueryDto {
    pub status: Option<String>,
    pub sort: Option<String>,
    pub flag: Option<String>,
    pub tag: Option<String>,
    /// A page's size (50 when not given).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    /// Every case at once (a list to choose from).
    pub all: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseDto {
    pub id: String,
    pub reference: Option<String>,
    pub subject: String,
    pub status: &'static str,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub closure_rationale: Option<String>,
    pub summary: String,
    /// The summary's Markdown, rendered and sanitised by the core.
    pub summary_html: String,
    /// "Tue 1 Dec 2026": the app's one style for a day.
    pub opened_label: String,
    pub closed_label: Option<String>,
    pub flags: Vec<String>,
    /// How each flag reads ("Lone working risk"), in the order of `flags`.
    pub flag_labels: Vec<String>,
    pub tags: Vec<String>,
    /// The kinds of entry that may be recorded on the case as it is (the core decides: fewer on
    /// a closed case, none on one in the trash).
    pub recordable_kinds: Vec<Choice>,
    /// What this worker may change on a case shared through the team hub, by their role on it
    /// (everything on their own cases and on a case not on a hub): the case itself (edit, close,
    /// trash), its network, co-working notes, actions.
    pub may_edit: bool,
    pub may_add_people: bool,
    pub may_add_notes: bool,
    pub may_add_actions: bool,
    /// Their role on it (`owner`, `co-worker`, `supervisor`, `read-only`), when it is on a hub.
    pub team_role: Option<&'static str>,
}

impl CaseDto {
    /// Narrows what the page offers to what the worker's role on the case lets the team hub take
    /// (the hub refuses anything else, and the device would list it as refused).
    pub fn for_role(mut self, role: Option<CaseRole>) -> Self {
        let Some(role) = role else {
            return self;
        };
        self.team_role = Some(role.as_str());
        self.may_edit &= role.may_write(RecordKind::Case);
        self.may_add_people &= role.may_write(RecordKind::Person);
        self.may_add_notes &= role.may_write(RecordKind::CoworkNote);
        self.may_add_actions &=
            role.may_write(RecordKind::Action) || role.may_write_own(RecordKind::Action);
        if !role.may_write(RecordKind::Entry) {
            self.recordable_kinds.clear();
        }
        self
    }
}

impl From<Case> for CaseDto {
    fn from(case: Case) -> Self {
        CaseDto {
            recordable_kinds: if case.deleted {
                Vec::new()
            } else {
                EntryKind::recordable_on(case.status)
                    .map(|kind| Choice {
                        value: kind.as_str(),
                        label: kind.label(),
                    })
                    .collect()
            },
            id: case.id.to_string(),
            reference: case.reference,
            subject: case.subject,
            status: case.status.as_str(),
            opened_on: case.opened_on.to_string(),
            closed_on: case.closed_on.map(|day| day.to_string()),
            closure_rationale: case.closure_rationale,
            summary_html: markdown::render(&case.summary),
            summary: case.summary,
            opened_label: day_label(case.opened_on),
            closed_label: case.closed_on.map(day_label),
            flag_labels: flag_labels(&case.flags),
            flags: case.flags,
            tags: case.tags,
            may_edit: true,
            may_add_people: true,
            may_add_notes: true,
            may_add_actions: true,
            team_role: None,
        }
    }
}

/// A caseload row.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseRowDto {
    pub id: String,
    pub reference: Option<String>,
    pub subject: String,
    pub status: &'static str,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub flags: Vec<String>,
    /// How each flag reads, in the order of `flags`.
    pub flag_labels: Vec<String>,
    pub tags: Vec<String>,
    pub signals: SignalsDto,
    /// The worker's role on the case when it is on a team hub.
    pub team_role: Option<&'static str>,
}

/// The quality signals of a case, as the core computed them.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignalsDto {
    pub last_direct_contact: Option<String>,
    pub days_since_direct_contact: i64,
    pub last_reflection: Option<String>,
    pub open_actions: u32,
    pub overdue_actions: u32,
    pub last_cowork: Option<String>,
    pub drafts: u32,
    pub attention: i64,
    /// "today", "yesterday", "12 days ago": since direct contact, or since opening.
    pub contact_ago: String,
    /// Long enough without direct contact to need it (the core's one rule).
    pub contact_overdue: bool,
}

impl From<CaseSummary> for CaseRowDto {
    fn from(row: CaseSummary) -> Self {
        CaseRowDto {
            id: row.id.to_string(),
            reference: row.reference,
            subject: row.subject,
            status: row.status.as_str(),
            opened_on: row.opened_on.to_string(),
            closed_on: row.closed_on.map(|day| day.to_string()),
            flag_labels: flag_labels(&row.flags),
            flags: row.flags,
            tags: row.tags,
            signals: SignalsDto::from(row.signals),
            team_role: None,
        }
    }
}

impl From<QualitySignals> for SignalsDto {
    fn from(signals: QualitySignals) -> Self {
        SignalsDto {
            contact_ago: casecraft_core::casework::case::days_ago(
                signals.days_since_direct_contact,
            ),
            contact_overdue: signals.contact_overdue(),
            last_direct_contact: signals.last_direct_contact.map(local_label),
            days_since_direct_contact: signals.days_since_direct_contact,
            last_reflection: signals.last_reflection.map(day_label),
            open_actions: signals.open_actions,
            overdue_actions: signals.overdue_actions,
            last_cowork: signals.last_cowork.map(local_label),
            drafts: signals.drafts,
            attention: signals.attention,
        }
    }
}

/// What to look at before closing a case, as the core judged it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistItemDto {
    pub key: &'static str,
    pub label: &'static str,
    pub detail: String,
    pub needs_attention: bool,
}

impl From<ChecklistItem> for ChecklistItemDto {
    fn from(item: ChecklistItem) -> Self {
        ChecklistItemDto {
            key: item.key,
            label: item.label,
            detail: item.detail,
            needs_attention: item.needs_attention,
        }
    }
}

pub fn checklist(list: ClosureChecklist) -> Vec<ChecklistItemDto> {
    list.items.into_iter().map(ChecklistItemDto::from).collect()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCaseDto {
    pub subject: String,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub flags: Vec<String>,
}

impl From<NewCaseDto> for NewCase {
    fn from(dto: NewCaseDto) -> Self {
        NewCase {
            subject: dto.subject,
            reference: dto.reference,
            summary: dto.summary,
            flags: dto.flags,
            ..NewCase::default()
        }
    }
}

/// A change to a case's header; a field left out is left as it is, an empty reference clears it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CaseEditDto {
    pub reference: Option<String>,
    pub summary: Option<String>,
    pub flags: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
}

impl From<CaseEditDto> for CaseEdit {
    fn from(dto: CaseEditDto) -> Self {
        CaseEdit {
            reference: dto.reference,
            summary: dto.summary,
            flags: dto.flags,
            tags: dto.tags,
            opened_on: None,
        }
    }
}

/// Each flag as it reads, by the core's rule.
fn flag_labels(flags: &[String]) -> Vec<String> {
    flags
        .iter()
        .map(|f| casecraft_core::casework::case::flag_label(f))
        .collect()
}

#[cfg(test)]
mod role_tests {
    use super::*;
    use casecraft_core::casework::case::CaseStatus;
    use casecraft_core::Id;

    fn case() -> Case {
        let now = chrono::Utc::now();
        Case {
            id: Id::new(),
            reference: None,
            subject: "Ivy Nowak".into(),
            summary: String::new(),
            status: CaseStatus::Open,
            opened_on: now.date_naive(),
            closed_on: None,
            closure_rationale: None,
            flags: Vec::new(),
            tags: Vec::new(),
            members: Vec::new(),
            deleted: false,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn a_case_offers_what_the_worker_s_role_lets_the_hub_take() {
        let all = |d: &CaseDto| {
            (
                d.may_edit,
                d.may_add_people,
                d.may_add_notes,
                d.may_add_actions,
                !d.recordable_kinds.is_empty(),
            )
        };
        let own = CaseDto::from(case()).for_role(None);
        assert_eq!(all(&own), (true, true, true, true, true));
        assert_eq!(own.team_role, None);
        for role in [CaseRole::Owner, CaseRole::CoWorker] {
            assert_eq!(
                all(&CaseDto::from(case()).for_role(Some(role))),
                (true, true, true, true, true)
            );
        }
        let supervising = CaseDto::from(case()).for_role(Some(CaseRole::Supervisor));
        assert_eq!(all(&supervising), (false, false, true, true, false));
        assert_eq!(supervising.team_role, Some("supervisor"));
        let reading = CaseDto::from(case()).for_role(Some(CaseRole::ReadOnly));
        assert_eq!(all(&reading), (false, false, false, false, false));
    }
}
