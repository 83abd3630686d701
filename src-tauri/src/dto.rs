//! The IPC contract: what crosses between the UI and the shell, owned here and mapped from the
//! core's types so the core can change shape without breaking the front end by accident.
//! Field names are camelCase on the wire; ids are strings; moments are RFC 3339 in UTC, with a
//! ready-made label in local time for display.

use casecraft_core::case::{Case, CaseSummary, NewCase, QualitySignals, COMMON_FLAGS};
use casecraft_core::entry::{Entry, EntryKind, NewEntry};
use casecraft_core::person::Person;
use casecraft_core::profile::{NewProfile, Profile, Role};
use casecraft_core::{validate, Id};
use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};

use crate::error::IpcError;

/// Reads an id sent by the UI for `field`.
pub fn parse_id(field: &str, id: &str) -> Result<Id, IpcError> {
    Ok(Id::parse(field, id)?)
}

// ---- vocabulary -----------------------------------------------------------------------------

/// A choice in a closed list: the stable value and how it reads.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// The closed lists the forms offer, so the UI never hard-codes the domain's vocabulary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vocabulary {
    pub roles: Vec<Choice>,
    pub entry_kinds: Vec<Choice>,
    pub common_flags: Vec<Choice>,
}

impl Vocabulary {
    pub fn current() -> Self {
        Vocabulary {
            roles: Role::ALL
                .iter()
                .map(|role| Choice {
                    value: role.as_str(),
                    label: role_label(*role),
                })
                .collect(),
            entry_kinds: EntryKind::recordable()
                .map(|kind| Choice {
                    value: kind.as_str(),
                    label: kind.label(),
                })
                .collect(),
            common_flags: COMMON_FLAGS
                .iter()
                .map(|flag| Choice {
                    value: flag,
                    label: flag,
                })
                .collect(),
        }
    }
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Practitioner => "Practitioner",
        Role::Student => "Student",
        Role::Supervisor => "Supervisor",
    }
}

// ---- profile --------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    pub display_name: String,
    pub role: &'static str,
    pub role_label: &'static str,
}

impl From<Profile> for ProfileDto {
    fn from(profile: Profile) -> Self {
        ProfileDto {
            display_name: profile.display_name,
            role: profile.role.as_str(),
            role_label: role_label(profile.role),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewProfileDto {
    pub display_name: String,
    pub role: String,
}

impl TryFrom<NewProfileDto> for NewProfile {
    type Error = IpcError;
    fn try_from(dto: NewProfileDto) -> Result<Self, IpcError> {
        Ok(NewProfile {
            display_name: dto.display_name,
            role: Role::parse("role", &dto.role)?,
        })
    }
}

// ---- cases ----------------------------------------------------------------------------------

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
    pub flags: Vec<String>,
    pub tags: Vec<String>,
}

impl From<Case> for CaseDto {
    fn from(case: Case) -> Self {
        CaseDto {
            id: case.id.to_string(),
            reference: case.reference,
            subject: case.subject,
            status: case.status.as_str(),
            opened_on: case.opened_on.to_string(),
            closed_on: case.closed_on.map(|day| day.to_string()),
            closure_rationale: case.closure_rationale,
            summary: case.summary,
            flags: case.flags,
            tags: case.tags,
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
    pub flags: Vec<String>,
    pub signals: SignalsDto,
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
}

impl From<CaseSummary> for CaseRowDto {
    fn from(row: CaseSummary) -> Self {
        CaseRowDto {
            id: row.id.to_string(),
            reference: row.reference,
            subject: row.subject,
            status: row.status.as_str(),
            opened_on: row.opened_on.to_string(),
            flags: row.flags,
            signals: SignalsDto::from(row.signals),
        }
    }
}

impl From<QualitySignals> for SignalsDto {
    fn from(signals: QualitySignals) -> Self {
        SignalsDto {
            last_direct_contact: signals.last_direct_contact.map(local_label),
            days_since_direct_contact: signals.days_since_direct_contact,
            last_reflection: signals.last_reflection.map(|day| day.to_string()),
            open_actions: signals.open_actions,
            overdue_actions: signals.overdue_actions,
            last_cowork: signals.last_cowork.map(local_label),
            drafts: signals.drafts,
            attention: signals.attention,
        }
    }
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

// ---- entries --------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryDto {
    pub id: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub status: &'static str,
    pub occurred_at: String,
    pub when_label: String,
    pub purpose: Option<String>,
    pub body: String,
    pub significant: bool,
    pub addenda: usize,
}

impl From<Entry> for EntryDto {
    fn from(entry: Entry) -> Self {
        EntryDto {
            id: entry.id.to_string(),
            kind: entry.kind.as_str(),
            kind_label: entry.kind.label(),
            status: entry.status.as_str(),
            occurred_at: entry.occurred_at.to_rfc3339(),
            when_label: local_label(entry.occurred_at),
            purpose: entry.purpose,
            body: entry.body,
            significant: entry.significant,
            addenda: entry.addenda.len(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewEntryDto {
    pub kind: String,
    /// RFC 3339; now when absent or empty.
    #[serde(default)]
    pub occurred_at: Option<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub significant: bool,
}

impl TryFrom<NewEntryDto> for NewEntry {
    type Error = IpcError;
    fn try_from(dto: NewEntryDto) -> Result<Self, IpcError> {
        let occurred_at = match dto.occurred_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(when) => Some(validate::moment("when", when)?),
        };
        Ok(NewEntry {
            occurred_at,
            purpose: dto.purpose,
            body: dto.body,
            significant: dto.significant,
            ..NewEntry::new(EntryKind::parse("kind", &dto.kind)?)
        })
    }
}

// ---- people ---------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonDto {
    pub id: String,
    pub name: String,
    pub relationship: String,
    pub agency: Option<String>,
    pub is_subject: bool,
}

impl From<Person> for PersonDto {
    fn from(person: Person) -> Self {
        PersonDto {
            id: person.id.to_string(),
            name: person.name,
            relationship: person.relationship,
            agency: person.agency,
            is_subject: person.is_subject,
        }
    }
}

/// A moment as a person reads it here: `Wed 25 Nov 2026, 14:30` in local time.
fn local_label(moment: DateTime<Utc>) -> String {
    moment
        .with_timezone(&Local)
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_entry_reads_kind_and_moment() {
        let dto: NewEntryDto = serde_json::from_value(json!({
            "kind": "home-visit",
            "occurredAt": "2026-03-14T10:30:00Z",
            "purpose": "Check-in",
            "body": "Talked about school."
        }))
        .expect("the UI's shape deserialises");
        let entry = NewEntry::try_from(dto).expect("valid");
        assert_eq!(entry.kind, EntryKind::HomeVisit);
        assert_eq!(
            entry.occurred_at.map(|t| t.to_rfc3339()),
            Some("2026-03-14T10:30:00+00:00".into())
        );
    }

    #[test]
    fn a_bad_kind_or_moment_is_invalid_input() {
        for (kind, when) in [("teleport", ""), ("phone-call", "yesterday-ish")] {
            let dto = NewEntryDto {
                kind: kind.into(),
                occurred_at: Some(when.into()),
                purpose: None,
                body: String::new(),
                significant: false,
            };
            let error = NewEntry::try_from(dto).expect_err("rejected");
            assert_eq!(error.kind, "invalid_input", "{error}");
        }
    }

    #[test]
    fn vocabulary_offers_only_recordable_kinds() {
        let vocabulary = serde_json::to_value(Vocabulary::current()).expect("serialises");
        let kinds: Vec<&str> = vocabulary["entryKinds"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|choice| choice["value"].as_str())
            .collect();
        assert!(kinds.contains(&"home-visit"));
        assert!(!kinds.contains(&"closure"));
    }
}
