//! The IPC contract: what crosses between the UI and the shell, owned here and mapped from the
//! core's types so the core can change shape without breaking the front end by accident.
//! Field names are camelCase on the wire; ids are strings; moments are RFC 3339 in UTC, with a
//! ready-made label in local time for display.

use casecraft_core::action::{Action, NewAction};
use casecraft_core::backup::BackupInfo;
use casecraft_core::case::{
    Case, CaseEdit, CaseSummary, ChecklistItem, ClosureChecklist, NewCase, QualitySignals,
    COMMON_FLAGS,
};
use casecraft_core::cowork::{CoworkKind, CoworkNote, NewCoworkNote};
use casecraft_core::entry::{Addendum, Entry, EntryEdit, EntryKind, NewEntry};
use casecraft_core::folder::{SyncReport, SyncStatus};
use casecraft_core::page::Page;
use casecraft_core::person::{NewPerson, Person, PersonEdit};
use casecraft_core::profile::{NewProfile, Profile, ProfileEdit, Role};
use casecraft_core::record::RecordKind;
use casecraft_core::reflection::{
    Model, NewReflection, PcfDomain, Reflection, ReflectionEdit, Visibility,
};
use casecraft_core::search::SearchHit;
use casecraft_core::signout::Unsynced;
use casecraft_core::store::sync::{DeletionConflict, MergedBody};
use casecraft_core::store::TrashItem;
use casecraft_core::supervision::{Agenda, NewSupervision, Supervision, SupervisionFunction};
use casecraft_core::sync::{Conflict, HeldEdits, ValueShape};
use casecraft_core::{markdown, validate, Id};
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::IpcError;

/// Reads an id sent by the UI for `field`.
pub fn parse_id(field: &str, id: &str) -> Result<Id, IpcError> {
    Ok(Id::parse(field, id)?)
}

// ---- vocabulary -----------------------------------------------------------------------------

/// A common flag: its stable value and how it reads ("Lone working risk").
#[derive(Debug, Serialize)]
pub struct FlagChoice {
    pub value: &'static str,
    pub label: String,
}

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
    pub common_flags: Vec<FlagChoice>,
    pub cowork_kinds: Vec<Choice>,
    pub pcf_domains: Vec<Choice>,
    pub models: Vec<ModelDto>,
    pub supervision_functions: Vec<Choice>,
}

/// A reflective model and the prompts of its sections, in order.
#[derive(Debug, Serialize)]
pub struct ModelDto {
    pub value: &'static str,
    pub label: &'static str,
    pub sections: Vec<SectionDto>,
}

#[derive(Debug, Serialize)]
pub struct SectionDto {
    pub key: &'static str,
    pub heading: &'static str,
    pub prompt: &'static str,
}

fn function_label(function: SupervisionFunction) -> &'static str {
    match function {
        SupervisionFunction::Management => "Management",
        SupervisionFunction::Development => "Development",
        SupervisionFunction::Support => "Support",
        SupervisionFunction::Mediation => "Mediation",
    }
}

fn model_label(model: Model) -> &'static str {
    match model {
        Model::Gibbs => "Gibbs",
        Model::Kolb => "Kolb",
        Model::Driscoll => "Driscoll",
        Model::Schon => "Schön",
        Model::Johns => "Johns",
        Model::Free => "Free writing",
    }
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
                .map(|flag| FlagChoice {
                    value: flag,
                    label: casecraft_core::case::flag_label(flag),
                })
                .collect(),
            cowork_kinds: CoworkKind::ALL
                .iter()
                .map(|kind| Choice {
                    value: kind.as_str(),
                    label: cowork_label(*kind),
                })
                .collect(),
            pcf_domains: PcfDomain::ALL
                .iter()
                .map(|domain| Choice {
                    value: domain.as_str(),
                    label: domain.title(),
                })
                .collect(),
            supervision_functions: SupervisionFunction::ALL
                .iter()
                .map(|function| Choice {
                    value: function.as_str(),
                    label: function_label(*function),
                })
                .collect(),
            models: Model::ALL
                .iter()
                .map(|model| ModelDto {
                    value: model.as_str(),
                    label: model_label(*model),
                    sections: model
                        .sections()
                        .iter()
                        .map(|section| SectionDto {
                            key: section.key,
                            heading: section.heading,
                            prompt: section.prompt,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn cowork_label(kind: CoworkKind) -> &'static str {
    match kind {
        CoworkKind::JointVisitPlan => "Joint visit plan",
        CoworkKind::Handover => "Handover",
        CoworkKind::Discussion => "Discussion",
        CoworkKind::DifferingView => "Differing view",
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
    /// The worker's id: the author of what they write (their own notes can be amended).
    pub worker_id: String,
    pub display_name: String,
    pub role: &'static str,
    pub role_label: &'static str,
}

impl From<Profile> for ProfileDto {
    fn from(profile: Profile) -> Self {
        ProfileDto {
            worker_id: profile.worker_id.to_string(),
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

/// What setting the passphrase returns: the recovery code (shown once) and the profile made with
/// it, if one was asked for.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetUpDto {
    pub recovery_code: String,
    pub profile: Option<ProfileDto>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileEditDto {
    pub display_name: String,
    pub role: String,
}

impl TryFrom<ProfileEditDto> for ProfileEdit {
    type Error = IpcError;
    fn try_from(dto: ProfileEditDto) -> Result<Self, IpcError> {
        Ok(ProfileEdit {
            display_name: Some(dto.display_name),
            role: Some(Role::parse("role", &dto.role)?),
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
        }
    }
}

impl From<QualitySignals> for SignalsDto {
    fn from(signals: QualitySignals) -> Self {
        SignalsDto {
            contact_ago: casecraft_core::case::days_ago(signals.days_since_direct_contact),
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
    pub duration_minutes: Option<u32>,
    pub location: Option<String>,
    pub participants: Vec<String>,
    pub purpose: Option<String>,
    /// The Markdown source, for editing a draft.
    pub body: String,
    /// The body rendered and sanitised by the core: the one HTML the UI inserts.
    pub body_html: String,
    pub voice: String,
    pub analysis: String,
    pub significant: bool,
    pub addenda: Vec<AddendumDto>,
    /// The core's rules: whether a correction may be added, and whether it may go to the trash.
    pub takes_addendum: bool,
    pub may_trash: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddendumDto {
    pub id: String,
    pub text: String,
    pub when_label: String,
}

impl From<Addendum> for AddendumDto {
    fn from(addendum: Addendum) -> Self {
        AddendumDto {
            id: addendum.id.to_string(),
            text: addendum.text,
            when_label: local_label(addendum.created_at),
        }
    }
}

impl From<Entry> for EntryDto {
    fn from(entry: Entry) -> Self {
        EntryDto {
            takes_addendum: entry.takes_addenda(),
            may_trash: entry.may_be_trashed(),
            id: entry.id.to_string(),
            kind: entry.kind.as_str(),
            kind_label: entry.kind.label(),
            status: entry.status.as_str(),
            occurred_at: entry.occurred_at.to_rfc3339(),
            when_label: local_label(entry.occurred_at),
            duration_minutes: entry.duration_minutes,
            location: entry.location,
            participants: entry.participants,
            purpose: entry.purpose,
            body_html: markdown::render(&entry.body),
            body: entry.body,
            voice: entry.voice,
            analysis: entry.analysis,
            significant: entry.significant,
            addenda: entry.addenda.into_iter().map(AddendumDto::from).collect(),
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
    /// The day as typed in the form (day first, any common form) …
    #[serde(default)]
    pub occurred_day: Option<String>,
    /// … and the time on the 24-hour clock, read in the worker's zone (they win over
    /// `occurred_at`).
    #[serde(default)]
    pub occurred_time: Option<String>,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub voice: String,
    #[serde(default)]
    pub analysis: String,
    #[serde(default)]
    pub significant: bool,
}

fn optional_moment(when: Option<&str>) -> Result<Option<DateTime<Utc>>, IpcError> {
    Ok(match when.map(str::trim) {
        None | Some("") => None,
        Some(when) => Some(validate::moment("when", when)?),
    })
}

fn clean_participants(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

impl TryFrom<NewEntryDto> for NewEntry {
    type Error = IpcError;
    fn try_from(dto: NewEntryDto) -> Result<Self, IpcError> {
        Ok(NewEntry {
            occurred_at: optional_moment(dto.occurred_at.as_deref())?,
            duration_minutes: dto.duration_minutes,
            location: dto.location,
            participants: clean_participants(dto.participants),
            purpose: dto.purpose,
            body: dto.body,
            voice: dto.voice,
            analysis: dto.analysis,
            significant: dto.significant,
            ..NewEntry::new(EntryKind::parse("kind", &dto.kind)?)
        })
    }
}

/// The whole form of a draft, as the autosave sends it: every field is written.
impl NewEntryDto {
    /// The moment typed as a day and a time, read in `zone`; none when no day was typed.
    pub fn typed_moment(
        &self,
        zone: &casecraft_core::zone::Zone,
    ) -> Result<Option<DateTime<Utc>>, IpcError> {
        let typed = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let Some(day) = typed(&self.occurred_day) else {
            return Ok(None);
        };
        let day = validate::date("when", &day)?;
        let Some(time) = typed(&self.occurred_time) else {
            return Err(IpcError::invalid(
                "time",
                "is needed with the day; write it on the 24-hour clock, e.g. 14:05",
            ));
        };
        let time = validate::time("time", &time)?;
        Ok(Some(zone.moment_at(day, time)))
    }
}

impl TryFrom<NewEntryDto> for EntryEdit {
    type Error = IpcError;
    fn try_from(dto: NewEntryDto) -> Result<Self, IpcError> {
        let new = NewEntry::try_from(dto)?;
        Ok(EntryEdit {
            kind: Some(new.kind),
            occurred_at: new.occurred_at,
            duration_minutes: Some(new.duration_minutes),
            location: Some(new.location.unwrap_or_default()),
            participants: Some(new.participants),
            purpose: Some(new.purpose.unwrap_or_default()),
            body: Some(new.body),
            voice: Some(new.voice),
            analysis: Some(new.analysis),
            significant: Some(new.significant),
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
    pub household: Option<String>,
    pub agency: Option<String>,
    pub notes: String,
    pub is_subject: bool,
}

impl From<Person> for PersonDto {
    fn from(person: Person) -> Self {
        PersonDto {
            id: person.id.to_string(),
            name: person.name,
            relationship: person.relationship,
            household: person.household,
            agency: person.agency,
            notes: person.notes,
            is_subject: person.is_subject,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPersonDto {
    pub name: String,
    #[serde(default)]
    pub relationship: String,
    #[serde(default)]
    pub household: Option<String>,
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

impl From<NewPersonDto> for NewPerson {
    fn from(dto: NewPersonDto) -> Self {
        let blank_is_none = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        NewPerson {
            name: dto.name,
            relationship: dto.relationship,
            household: blank_is_none(dto.household),
            agency: blank_is_none(dto.agency),
            date_of_birth: None,
            notes: blank_is_none(dto.notes),
            is_subject: false,
        }
    }
}

/// The person edit form: every field is written (an empty household or agency clears it).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonEditDto {
    pub name: String,
    #[serde(default)]
    pub relationship: String,
    #[serde(default)]
    pub household: String,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub notes: String,
}

impl From<PersonEditDto> for PersonEdit {
    fn from(dto: PersonEditDto) -> Self {
        PersonEdit {
            name: Some(dto.name),
            relationship: Some(dto.relationship),
            household: Some(dto.household),
            agency: Some(dto.agency),
            date_of_birth: None,
            notes: Some(dto.notes),
        }
    }
}

// ---- co-working and actions -------------------------------------------------------------------

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
            author_name: note.author_name.unwrap_or_else(|| "A co-worker".into()),
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

/// Reads an optional `YYYY-MM-DD` sent by the UI; empty is none.
/// A day as typed in the app's day fields: day first, in any common form (the core's one rule,
/// `validate::date`), or none when empty.
pub fn optional_day(field: &str, day: Option<&str>) -> Result<Option<NaiveDate>, IpcError> {
    match day.map(str::trim) {
        None | Some("") => Ok(None),
        Some(day) => Ok(Some(validate::date(field, day)?)),
    }
}

// ---- reflections ------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionDto {
    pub id: String,
    pub model: &'static str,
    pub model_label: &'static str,
    pub title: String,
    pub occurred_on: String,
    /// "Tue 1 Dec 2026".
    pub occurred_label: String,
    pub case_id: Option<String>,
    pub entry_id: Option<String>,
    pub pcf: Vec<Choice>,
    pub visibility: &'static str,
    pub sections: Vec<SectionTextDto>,
}

#[derive(Debug, Serialize)]
pub struct SectionTextDto {
    pub key: String,
    pub heading: String,
    pub text: String,
}

impl From<Reflection> for ReflectionDto {
    fn from(reflection: Reflection) -> Self {
        ReflectionDto {
            id: reflection.id.to_string(),
            model: reflection.model.as_str(),
            model_label: model_label(reflection.model),
            title: reflection.title,
            occurred_on: reflection.occurred_on.to_string(),
            occurred_label: day_label(reflection.occurred_on),
            case_id: reflection.case_id.map(|id| id.to_string()),
            entry_id: reflection.entry_id.map(|id| id.to_string()),
            pcf: reflection
                .pcf
                .iter()
                .map(|domain| Choice {
                    value: domain.as_str(),
                    label: domain.title(),
                })
                .collect(),
            visibility: reflection.visibility.as_str(),
            sections: reflection
                .sections
                .into_iter()
                .map(|section| SectionTextDto {
                    key: section.key,
                    heading: section.heading,
                    text: section.text,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewReflectionDto {
    pub model: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub occurred_on: Option<String>,
    #[serde(default)]
    pub case_id: Option<String>,
    #[serde(default)]
    pub entry_id: Option<String>,
    #[serde(default)]
    pub pcf: Vec<String>,
    #[serde(default)]
    pub shared: bool,
    /// `[key, text]` pairs.
    #[serde(default)]
    pub sections: Vec<(String, String)>,
    /// Labels, e.g. `peer-reflection` for the CPD record.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl TryFrom<NewReflectionDto> for NewReflection {
    type Error = IpcError;
    fn try_from(dto: NewReflectionDto) -> Result<Self, IpcError> {
        let optional_id = |field: &str, id: Option<&str>| match id.map(str::trim) {
            None | Some("") => Ok(None),
            Some(id) => parse_id(field, id).map(Some),
        };
        let case_id = optional_id("case", dto.case_id.as_deref())?;
        let entry_id = optional_id("entry", dto.entry_id.as_deref())?;
        Ok(NewReflection {
            title: dto.title.filter(|s| !s.trim().is_empty()),
            occurred_on: optional_day("day", dto.occurred_on.as_deref())?,
            case_id,
            entry_id,
            pcf: pcf_domains(&dto.pcf)?,
            visibility: visibility(dto.shared),
            sections: dto.sections,
            tags: dto.tags,
            ..NewReflection::new(Model::parse("model", &dto.model)?)
        })
    }
}

/// The PCF domains a reflection form ticked.
fn pcf_domains(values: &[String]) -> Result<Vec<PcfDomain>, IpcError> {
    Ok(values
        .iter()
        .map(|domain| PcfDomain::parse("pcf", domain))
        .collect::<Result<_, _>>()?)
}

/// A reflection form's "share" box: private unless ticked.
fn visibility(shared: bool) -> Visibility {
    if shared {
        Visibility::Shared
    } else {
        Visibility::Private
    }
}

/// The reflection edit form: title, section texts, PCF domains and sharing.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionEditDto {
    pub title: String,
    #[serde(default)]
    pub pcf: Vec<String>,
    #[serde(default)]
    pub shared: bool,
    /// `[key, text]` pairs.
    #[serde(default)]
    pub sections: Vec<(String, String)>,
}

impl TryFrom<ReflectionEditDto> for ReflectionEdit {
    type Error = IpcError;
    fn try_from(dto: ReflectionEditDto) -> Result<Self, IpcError> {
        Ok(ReflectionEdit {
            title: Some(dto.title),
            pcf: Some(pcf_domains(&dto.pcf)?),
            visibility: Some(visibility(dto.shared)),
            sections: dto.sections,
            ..ReflectionEdit::default()
        })
    }
}

// ---- search and trash -------------------------------------------------------------------------

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHitDto {
    pub kind: &'static str,
    pub record_id: String,
    pub case_id: Option<String>,
    /// "Amelia Hughes (CR-2041)": whose case the hit is in.
    pub case_label: Option<String>,
    pub entry_kind: Option<&'static str>,
    pub day: String,
    pub title: String,
    /// `[text, highlighted]` runs; the UI sets each with textContent.
    pub snippet: Vec<(String, bool)>,
}

impl From<SearchHit> for SearchHitDto {
    fn from(hit: SearchHit) -> Self {
        SearchHitDto {
            kind: hit.kind.as_str(),
            record_id: hit.record_id.to_string(),
            case_id: hit.case_id.map(|id| id.to_string()),
            case_label: hit.case_label,
            entry_kind: hit.entry_kind.map(EntryKind::label),
            // The app's one style for a day ("Tue 1 Dec 2026").
            day: chrono::NaiveDate::parse_from_str(&hit.day, "%Y-%m-%d")
                .map(day_label)
                .unwrap_or(hit.day),
            title: hit.title,
            snippet: hit
                .snippet
                .into_iter()
                .map(|part| (part.text, part.highlight))
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrashItemDto {
    pub kind: &'static str,
    pub id: String,
    pub case_id: Option<String>,
    pub label: String,
    pub deleted_label: String,
}

impl From<TrashItem> for TrashItemDto {
    fn from(item: TrashItem) -> Self {
        TrashItemDto {
            kind: item.kind.as_str(),
            id: item.id.to_string(),
            case_id: item.case_id.map(|id| id.to_string()),
            label: item.label,
            deleted_label: local_label(item.deleted_at),
        }
    }
}

/// A backup made or restored.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    pub created_label: String,
    pub bytes: u64,
    /// The file the person chose, as they know it (its name).
    pub file_name: String,
}

impl BackupDto {
    /// A backup made at, or restored from, `file`.
    pub fn of(info: BackupInfo, file: &std::path::Path) -> Self {
        BackupDto {
            created_label: local_label(info.created_at),
            bytes: info.bytes,
            file_name: file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }
}

/// What signing out would lose.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnsyncedDto {
    /// Changes made on this device that no other device has.
    pub changes: u64,
    /// Whether this device syncs with a folder.
    pub syncs: bool,
    /// Records kept on this device only, named (supervision wellbeing sections).
    pub device_only: Vec<String>,
    /// What would be lost, in words (empty when nothing would).
    pub message: String,
}

impl From<Unsynced> for UnsyncedDto {
    fn from(u: Unsynced) -> Self {
        UnsyncedDto {
            message: if u.is_empty() {
                String::new()
            } else {
                u.describe()
            },
            changes: u.changes,
            device_only: u.device_only,
            syncs: u.syncs,
        }
    }
}

// ---- lists ---------------------------------------------------------------------------------

/// One page of a list and how many items the whole list holds: every list in the app says how
/// many there are and can show them all.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageDto<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub offset: u64,
    /// Whether items follow this page.
    pub has_more: bool,
}

impl<T> PageDto<T> {
    /// The page with each item made a DTO by `f`.
    pub fn map<S>(page: Page<S>, f: impl FnMut(S) -> T) -> Self {
        let has_more = page.has_more();
        let (total, offset) = (page.total, page.offset);
        PageDto {
            items: page.items.into_iter().map(f).collect(),
            total,
            offset,
            has_more,
        }
    }

    /// The page with each item made a DTO by `f`, which may fail.
    pub fn try_map<S, E>(page: Page<S>, f: impl FnMut(S) -> Result<T, E>) -> Result<Self, E> {
        let has_more = page.has_more();
        let (total, offset) = (page.total, page.offset);
        Ok(PageDto {
            items: page.items.into_iter().map(f).collect::<Result<_, E>>()?,
            total,
            offset,
            has_more,
        })
    }
}

// ---- sync ----------------------------------------------------------------------------------

/// Where sync stands, for the status line and the sync screen.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusDto {
    pub configured: bool,
    pub folder: Option<String>,
    /// Changes made here and not yet in the folder.
    pub pending: u64,
    /// `10:42` today, a day and time before; `None` when never synced.
    pub last_sync_label: Option<String>,
    /// Conflicts, merged bodies and deletions waiting for a person.
    pub to_review: usize,
}

impl SyncStatusDto {
    pub fn not_configured() -> Self {
        SyncStatusDto {
            configured: false,
            folder: None,
            pending: 0,
            last_sync_label: None,
            to_review: 0,
        }
    }
}

impl From<SyncStatus> for SyncStatusDto {
    fn from(s: SyncStatus) -> Self {
        SyncStatusDto {
            configured: true,
            folder: Some(s.folder.display().to_string()),
            pending: s.pending,
            last_sync_label: s.last_sync.map(short_local_label),
            to_review: s.conflicts,
        }
    }
}

/// What one "Sync now" did.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReportDto {
    pub received: u64,
    pub sent: u64,
    pub devices: usize,
    pub warnings: Vec<String>,
    /// Another installation was using this device's id; this one took a new id.
    pub new_device_id: bool,
}

impl From<SyncReport> for SyncReportDto {
    fn from(r: SyncReport) -> Self {
        SyncReportDto {
            received: r.pulled.applied,
            sent: r.pushed,
            devices: r.devices,
            warnings: r.warnings,
            new_device_id: r.pulled.new_device_id,
        }
    }
}

/// Everything sync left for a person: conflicting values, merged bodies, deletions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxDto {
    pub conflicts: Vec<ConflictDto>,
    pub merged: Vec<MergedDto>,
    pub deletions: Vec<DeletionDto>,
    pub held: Vec<HeldDto>,
}

/// Edits made to a completed entry on a device that did not yet know it was completed: shown,
/// never applied, until added as an addendum or discarded.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub fields: Vec<HeldFieldDto>,
    /// Who made them.
    pub authors: String,
    /// When (the last of them).
    pub at_label: String,
    /// The addendum the core proposes: who, when, and each edited field in full.
    pub addendum: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldFieldDto {
    pub label: String,
    pub completed: String,
    pub edited: String,
}

impl From<HeldEdits> for HeldDto {
    fn from(h: HeldEdits) -> Self {
        HeldDto {
            addendum: h.addendum_text(&casecraft_core::zone::Zone::worker()),
            at_label: local_label(h.last_at),
            authors: h.authors.join(", "),
            fields: h
                .fields
                .into_iter()
                .map(|f| HeldFieldDto {
                    label: f.label,
                    completed: f.completed,
                    edited: f.edited,
                })
                .collect(),
            record: RecordRefDto::new(h.kind, h.record_id, h.case_id, h.label),
        }
    }
}

/// Which record an inbox item is about, and how a person recognises it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordRefDto {
    pub kind: &'static str,
    pub record_id: String,
    pub case_id: Option<String>,
    pub label: String,
}

impl RecordRefDto {
    fn new(kind: RecordKind, record_id: Id, case_id: Option<Id>, label: String) -> Self {
        RecordRefDto {
            kind: kind.as_str(),
            record_id: record_id.to_string(),
            case_id: case_id.map(|id| id.to_string()),
            label,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub field: String,
    pub field_label: String,
    /// `text` (one line), `body` (several lines), `list` (combining takes both) or `other`
    /// (keep one): the core decides from the field.
    pub shape: &'static str,
    pub values: Vec<ConflictValueDto>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictValueDto {
    pub op_id: String,
    /// The value itself, to send back when combining.
    pub value: serde_json::Value,
    /// The value as a person reads it.
    pub display: String,
    pub author: String,
    pub at_label: String,
}

impl From<Conflict> for ConflictDto {
    fn from(c: Conflict) -> Self {
        let shape = match c.shape {
            ValueShape::Line => "text",
            ValueShape::Body => "body",
            ValueShape::Labels | ValueShape::Names => "list",
            ValueShape::Fixed => "other",
        };
        ConflictDto {
            record: RecordRefDto::new(c.kind, c.record_id, c.case_id, c.label),
            field_label: field_label(&c.field),
            field: c.field,
            shape,
            values: c
                .values
                .into_iter()
                .map(|v| ConflictValueDto {
                    op_id: v.op_id.to_string(),
                    display: value_display(&v.value),
                    value: v.value,
                    author: v.author_name.unwrap_or_else(|| "another worker".into()),
                    at_label: local_label(v.at),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MergedDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub field: String,
    pub field_label: String,
    pub text: String,
}

impl From<MergedBody> for MergedDto {
    fn from(m: MergedBody) -> Self {
        MergedDto {
            record: RecordRefDto::new(m.kind, m.record_id, m.case_id, m.label),
            field_label: field_label(&m.field),
            field: m.field,
            text: m.text,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletionDto {
    #[serde(flatten)]
    pub record: RecordRefDto,
    pub edits: u64,
}

impl From<DeletionConflict> for DeletionDto {
    fn from(d: DeletionConflict) -> Self {
        DeletionDto {
            record: RecordRefDto::new(d.kind, d.record_id, d.case_id, d.label),
            edits: d.edits,
        }
    }
}

/// `reference` → `Reference`, `section.feelings` → `Section: feelings`, `duration_minutes` →
/// `Duration minutes`.
fn field_label(field: &str) -> String {
    let readable = match field.split_once('.') {
        Some((head, rest)) => format!("{head}: {}", rest.replace(['_', '-'], " ")),
        None => field.replace(['_', '-'], " "),
    };
    let mut chars = readable.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A register value as a person reads it: text as it is, lists joined, nothing as "(empty)".
fn value_display(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(empty)".into(),
        serde_json::Value::String(s) if s.is_empty() => "(empty)".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        serde_json::Value::Array(items) if items.is_empty() => "(none)".into(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(value_display)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// `10:42` today, `Tue 24 Nov 2026, 10:42` on another day.
fn short_local_label(moment: DateTime<Utc>) -> String {
    let local = moment.with_timezone(&Local);
    if local.date_naive() == Local::now().date_naive() {
        local.format("%H:%M").to_string()
    } else {
        local_label(moment)
    }
}

/// A moment as a person reads it here: `Wed 25 Nov 2026, 14:30` in local time.
/// Each flag as it reads, by the core's rule.
fn flag_labels(flags: &[String]) -> Vec<String> {
    flags
        .iter()
        .map(|f| casecraft_core::case::flag_label(f))
        .collect()
}

/// A day in the app's one style: "Tue 1 Dec 2026".
pub(crate) fn day_label(day: chrono::NaiveDate) -> String {
    day.format("%a %-d %b %Y").to_string()
}

pub(crate) fn local_label(moment: DateTime<Utc>) -> String {
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
    fn a_typed_day_and_time_are_read_day_first_in_the_zone() {
        let dto = |day: &str, time: &str| -> NewEntryDto {
            serde_json::from_value(serde_json::json!({
                "kind": "home-visit", "occurredDay": day, "occurredTime": time
            }))
            .expect("a DTO")
        };
        let london = casecraft_core::zone::Zone::named("Europe/London").expect("zone");
        let at = dto("1/7/2026", "00:30")
            .typed_moment(&london)
            .expect("read");
        assert_eq!(
            at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-06-30T23:30:00+00:00")
        );
        assert_eq!(dto("", "").typed_moment(&london).expect("none"), None);
        assert_eq!(
            dto("12/01/2026", "14:05")
                .typed_moment(&london)
                .expect("read")
                .map(|t| t.to_rfc3339())
                .as_deref(),
            Some("2026-01-12T14:05:00+00:00")
        );
        for (day, time, field) in [
            ("1/13/2026", "10:00", "when"),
            ("1/12/2026", "", "time"),
            ("1/12/2026", "25:00", "time"),
        ] {
            let err = dto(day, time).typed_moment(&london).expect_err("refused");
            assert_eq!(err.field.as_deref(), Some(field), "{day} {time}");
        }
    }

    #[test]
    fn a_bad_kind_or_moment_is_invalid_input() {
        for (kind, when) in [("teleport", ""), ("phone-call", "yesterday-ish")] {
            let dto = NewEntryDto {
                kind: kind.into(),
                occurred_at: Some(when.into()),
                occurred_day: None,
                occurred_time: None,
                duration_minutes: None,
                location: None,
                participants: Vec::new(),
                purpose: None,
                body: String::new(),
                voice: String::new(),
                analysis: String::new(),
                significant: false,
            };
            let error = NewEntry::try_from(dto).expect_err("rejected");
            assert_eq!(error.kind, "invalid_input", "{error}");
        }
    }

    #[test]
    fn the_autosave_writes_every_field_of_the_form() {
        let dto: NewEntryDto = serde_json::from_value(json!({
            "kind": "phone-call",
            "durationMinutes": 20,
            "location": "",
            "participants": [" Mum ", ""],
            "purpose": "",
            "body": "What happened",
            "voice": "Their words",
            "analysis": "",
            "significant": true
        }))
        .expect("the UI's shape deserialises");
        let edit = EntryEdit::try_from(dto).expect("valid");
        assert_eq!(edit.kind, Some(EntryKind::PhoneCall));
        assert_eq!(edit.duration_minutes, Some(Some(20)));
        // Emptied fields are written as empty, so clearing a field in the form clears it.
        assert_eq!(edit.location.as_deref(), Some(""));
        assert_eq!(edit.purpose.as_deref(), Some(""));
        assert_eq!(edit.participants, Some(vec!["Mum".to_string()]));
        assert_eq!(edit.body.as_deref(), Some("What happened"));
        assert_eq!(edit.analysis.as_deref(), Some(""));
        assert_eq!(edit.significant, Some(true));
    }

    #[test]
    fn a_reflection_reads_model_domains_links_and_privacy() {
        let dto: NewReflectionDto = serde_json::from_value(json!({
            "model": "gibbs",
            "title": "",
            "occurredOn": "2026-03-14",
            "caseId": "",
            "entryId": null,
            "pcf": ["knowledge", "values-and-ethics"],
            "sections": [["description", "What happened"]]
        }))
        .expect("the UI's shape deserialises");
        let new = NewReflection::try_from(dto).expect("valid");
        assert_eq!(new.model, Model::Gibbs);
        assert_eq!(new.title, None);
        assert_eq!(new.case_id, None);
        assert_eq!(
            new.pcf,
            vec![PcfDomain::Knowledge, PcfDomain::ValuesAndEthics]
        );
        assert_eq!(new.visibility, Visibility::Private, "private by default");

        let bad: NewReflectionDto = serde_json::from_value(json!({
            "model": "gibbs", "pcf": ["astrology"]
        }))
        .expect("deserialises");
        let error = NewReflection::try_from(bad).expect_err("an unknown domain");
        assert_eq!(error.field.as_deref(), Some("pcf"));
    }

    #[test]
    fn entry_bodies_arrive_rendered_and_sanitised() {
        let html =
            markdown::render("**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(
            !html.contains("onerror") && !html.contains("javascript:"),
            "{html}"
        );
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

/// A proposed supervision agenda.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaDto {
    pub since: String,
    pub items: Vec<AgendaItemDto>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaItemDto {
    pub kind: &'static str,
    pub case_id: Option<String>,
    pub record_id: Option<String>,
    pub title: String,
    pub detail: String,
}

impl From<Agenda> for AgendaDto {
    fn from(agenda: Agenda) -> Self {
        AgendaDto {
            since: agenda.since.to_string(),
            items: agenda
                .items
                .into_iter()
                .map(|i| AgendaItemDto {
                    kind: i.kind.as_str(),
                    case_id: i.case_id.map(|id| id.to_string()),
                    record_id: i.record_id.map(|id| id.to_string()),
                    title: i.title,
                    detail: i.detail,
                })
                .collect(),
        }
    }
}

/// A session as the form sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSupervisionDto {
    pub occurred_on: Option<String>,
    pub supervisor: String,
    #[serde(default)]
    pub functions: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub decisions: Vec<DecisionDto>,
    #[serde(default)]
    pub reflections: Vec<String>,
    #[serde(default)]
    pub actions: Vec<AgreedActionDto>,
    pub wellbeing: Option<String>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionDto {
    pub case_id: String,
    pub decision: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreedActionDto {
    pub case_id: String,
    pub text: String,
    pub due_on: Option<String>,
}

impl TryFrom<NewSupervisionDto> for NewSupervision {
    type Error = IpcError;
    fn try_from(dto: NewSupervisionDto) -> Result<Self, IpcError> {
        Ok(NewSupervision {
            occurred_on: optional_day("date", dto.occurred_on.as_deref())?,
            supervisor: dto.supervisor,
            functions: dto
                .functions
                .iter()
                .map(|f| SupervisionFunction::parse("functions", f))
                .collect::<Result<_, _>>()?,
            notes: dto.notes,
            decisions: dto
                .decisions
                .into_iter()
                .map(|d| Ok((parse_id("decision", &d.case_id)?, d.decision)))
                .collect::<Result<_, IpcError>>()?,
            reflections: dto
                .reflections
                .iter()
                .map(|r| parse_id("reflections", r))
                .collect::<Result<_, _>>()?,
            actions: dto
                .actions
                .into_iter()
                .map(|a| {
                    Ok((
                        parse_id("action", &a.case_id)?,
                        NewAction {
                            text: a.text,
                            due_on: optional_day("due", a.due_on.as_deref())?,
                            ..Default::default()
                        },
                    ))
                })
                .collect::<Result<_, IpcError>>()?,
            wellbeing: dto.wellbeing,
        })
    }
}

/// A session, with the subjects of the cases it decided on.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionDto {
    pub id: String,
    pub occurred_on: String,
    pub supervisor: String,
    pub functions: Vec<Choice>,
    pub notes: String,
    pub decisions: Vec<DecisionViewDto>,
    pub reflections: usize,
    pub actions: usize,
    /// Only on the device it was written on.
    pub wellbeing: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionViewDto {
    pub case_id: String,
    pub subject: String,
    pub decision: String,
}

impl SupervisionDto {
    /// The session, naming each case decided on (a case since deleted shows as such).
    pub fn with_subjects(
        s: Supervision,
        store: &casecraft_core::Store,
    ) -> casecraft_core::Result<Self> {
        let decisions = s
            .decisions
            .into_iter()
            .map(|d| DecisionViewDto {
                case_id: d.case_id.to_string(),
                subject: store
                    .case(d.case_id)
                    .map(|c| c.subject)
                    .unwrap_or_else(|_| "(a case no longer here)".into()),
                decision: d.decision,
            })
            .collect();
        Ok(SupervisionDto {
            id: s.id.to_string(),
            occurred_on: s.occurred_on.to_string(),
            supervisor: s.supervisor,
            functions: s
                .functions
                .into_iter()
                .map(|f| Choice {
                    value: f.as_str(),
                    label: function_label(f),
                })
                .collect(),
            notes: s.notes,
            decisions,
            reflections: s.reflections.len(),
            actions: s.actions.len(),
            wellbeing: s.wellbeing,
        })
    }
}

/// Corrections to a recorded session, as the edit form sends them: every part it shows (the
/// reflections brought are left as they are).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupervisionEditDto {
    pub occurred_on: Option<String>,
    pub supervisor: String,
    #[serde(default)]
    pub functions: Vec<String>,
    #[serde(default)]
    pub notes: String,
    /// The private wellbeing section; empty removes it.
    #[serde(default)]
    pub wellbeing: String,
}

impl TryFrom<SupervisionEditDto> for casecraft_core::supervision::SupervisionEdit {
    type Error = IpcError;

    fn try_from(dto: SupervisionEditDto) -> Result<Self, IpcError> {
        Ok(casecraft_core::supervision::SupervisionEdit {
            occurred_on: optional_day("date", dto.occurred_on.as_deref())?,
            supervisor: Some(dto.supervisor),
            functions: Some(
                dto.functions
                    .iter()
                    .map(|f| SupervisionFunction::parse("functions", f))
                    .collect::<Result<_, _>>()?,
            ),
            notes: Some(dto.notes),
            reflections: None,
            wellbeing: Some(dto.wellbeing),
        })
    }
}

/// A case's quality review: `bodyHtml` is rendered and sanitised by the core.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QualityReviewDto {
    pub subject: String,
    pub body_html: String,
}
