//! A case's chronology: entries, their addenda, and the record form.

use casecraft_core::casework::entry::{Addendum, Entry, EntryEdit, EntryKind, NewEntry};
use casecraft_core::{documents::markdown, validate};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::commands::cowork::dto::ActionDto;
use crate::commands::shared::local_label;
use crate::error::IpcError;

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
    /// A colleague who wrote it, with their team role; none for the worker's own.
    pub written_by: Option<String>,
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

impl EntryDto {
    /// Narrows what an entry offers to what the worker's role on its case lets the team hub take
    /// (no addenda or trash for a supervisor or a read-only member).
    pub fn for_role(mut self, role: Option<casecraft_core::hub::CaseRole>) -> Self {
        use casecraft_core::record::RecordKind;
        if let Some(role) = role {
            self.takes_addendum &= role.may_write(RecordKind::Addendum);
            self.may_trash &= role.may_write(RecordKind::Entry);
        }
        self
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
            written_by: entry.written_by,
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

/// What completing an entry did: the entry as completed, and the actions made from its next
/// steps.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompletedDto {
    pub entry: EntryDto,
    pub actions: Vec<ActionDto>,
    /// "14:02", the worker's time of completion, for "Completed at 14:02".
    pub completed_time: String,
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
    fn entry_bodies_arrive_rendered_and_sanitised() {
        let html =
            markdown::render("**bold** <img src=x onerror=alert(1)> [x](javascript:alert(1))");
        assert!(html.contains("<strong>bold</strong>"), "{html}");
        assert!(
            !html.contains("onerror") && !html.contains("javascript:"),
            "{html}"
        );
    }
}
