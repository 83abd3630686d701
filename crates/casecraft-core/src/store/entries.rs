//! The chronology: draft entries that autosave, completion that locks them,
//! addenda that correct them.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use super::cases::live_case;
use super::cowork::insert_action;
use super::{row, Store, Writer};
use crate::casework::action::{Action, NewAction};
use crate::casework::draft::DraftForm;
use crate::casework::entry::{
    Addendum, Entry, EntryEdit, EntryFilter, EntryKind, EntryStatus, NewEntry,
};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::page::Page;
use crate::record::RecordKind;
use crate::validate::{self, stored_moment};

/// Longest duration accepted for one contact (a week, in minutes).
const MAX_DURATION_MINUTES: u32 = 7 * 24 * 60;

const ENTRY_COLUMNS: &str = "id, case_id, kind, status, occurred_at, duration_minutes, location, participants,
     purpose, body, voice, analysis, significant, created_by, completed_at, deleted, created_at, updated_at";

impl Store {
    /// Starts a draft entry on a case: of a kind that may be recorded on it as it is (see
    /// [`EntryKind::recordable_on`]).
    pub fn create_entry(&mut self, case_id: Id, new: NewEntry) -> Result<Entry> {
        if !EntryKind::recordable().any(|k| k == new.kind) {
            return Err(Error::invalid(
                "kind",
                "closure and reopening entries are written when a case is closed or reopened",
            ));
        }
        let id = self.write(|w| {
            let case = live_case(w.conn(), case_id)?;
            recordable_on(&case, new.kind)?;
            insert(w, case_id, &new, EntryStatus::Draft)
        })?;
        self.entry(id)
    }

    /// An entry by id, with its addenda.
    pub fn entry(&self, id: Id) -> Result<Entry> {
        let mut entry = load(&self.conn, id)?.ok_or_else(|| not_found(id))?;
        entry.written_by = self.colleagues()?.label(entry.author);
        Ok(entry)
    }

    /// Changes a draft. A completed entry is refused: add an addendum.
    pub fn edit_entry(&mut self, id: Id, edit: EntryEdit) -> Result<Entry> {
        let purpose = edit
            .purpose
            .as_deref()
            .map(|p| validate::optional_line("purpose", Some(p)))
            .transpose()?;
        let location = edit
            .location
            .as_deref()
            .map(|l| validate::optional_line("location", Some(l)))
            .transpose()?;
        let participants = edit.participants.as_deref().map(participants).transpose()?;
        for (field, text) in [
            ("body", &edit.body),
            ("voice", &edit.voice),
            ("analysis", &edit.analysis),
        ] {
            if let Some(t) = text {
                validate::body(field, t)?;
            }
        }
        if let Some(Some(d)) = edit.duration_minutes {
            duration(d)?;
        }
        if let Some(k) = edit.kind {
            if !EntryKind::recordable().any(|r| r == k) {
                return Err(Error::invalid(
                    "kind",
                    "closure and reopening entries are written by closing or reopening a case",
                ));
            }
        }
        self.write(|w| {
            let entry = editable_draft(w.conn(), id)?;
            // A draft keeps its kind on a case closed since (it was allowed when written); a new
            // kind must be one the case takes now.
            if let Some(kind) = edit.kind.filter(|k| *k != entry.kind) {
                recordable_on(&live_case(w.conn(), entry.case_id)?, kind)?;
            }
            let k = RecordKind::Entry;
            if let Some(kind) = edit.kind {
                w.set(k, id, "kind", Value::from(kind.as_str()))?;
            }
            if let Some(at) = edit.occurred_at {
                w.set(k, id, "occurred_at", Value::from(stored_moment(at)))?;
            }
            if let Some(d) = edit.duration_minutes {
                w.set(
                    k,
                    id,
                    "duration_minutes",
                    d.map(Value::from).unwrap_or(Value::Null),
                )?;
            }
            if let Some(l) = location {
                w.set(k, id, "location", l.map(Value::from).unwrap_or(Value::Null))?;
            }
            if let Some(p) = participants {
                w.set(k, id, "participants", Value::from(p))?;
            }
            if let Some(p) = purpose {
                w.set(k, id, "purpose", p.map(Value::from).unwrap_or(Value::Null))?;
            }
            if let Some(s) = edit.significant {
                w.set(k, id, "significant", row::flag(s))?;
            }
            for (field, text) in [
                ("body", &edit.body),
                ("voice", &edit.voice),
                ("analysis", &edit.analysis),
            ] {
                if let Some(t) = text {
                    w.set_text(k, id, field, t)?;
                }
            }
            Ok(())
        })?;
        self.entry(id)
    }

    /// Completes a draft: from now on it is never changed, only added to by
    /// addenda. Refused when "what happened" is empty.
    pub fn complete_entry(&mut self, id: Id) -> Result<Entry> {
        self.write(|w| complete(w, id))?;
        self.entry(id)
    }

    /// Completes a draft entry and turns its next steps (one action a line; blank lines are
    /// skipped) into actions on its case, in one write: either all of it happens or none. The
    /// entry's kept draft of next steps goes with it.
    pub fn complete_entry_with_actions(
        &mut self,
        id: Id,
        next_steps: &[String],
    ) -> Result<(Entry, Vec<Action>)> {
        let actions = self.write(|w| {
            let case_id = complete(w, id)?;
            let mut made = Vec::new();
            for step in next_steps.iter().filter(|s| !s.trim().is_empty()) {
                let new = NewAction {
                    text: step.trim().to_string(),
                    owner: None,
                    due_on: None,
                };
                made.push(insert_action(w, case_id, &new)?);
            }
            super::drafts::delete(w.conn(), DraftForm::NextSteps, Some(id))?;
            Ok(made)
        })?;
        let actions = actions
            .into_iter()
            .map(|a| self.action(a))
            .collect::<Result<Vec<_>>>()?;
        Ok((self.entry(id)?, actions))
    }

    /// Moves a draft to the trash. Completed entries are part of the record
    /// and cannot be deleted.
    pub fn delete_entry(&mut self, id: Id) -> Result<Entry> {
        self.write(|w| {
            editable_draft(w.conn(), id).map_err(|e| match e {
                Error::Refused(_) => Error::Refused(
                    "this entry is completed and part of the case record, so it cannot be deleted; add an addendum to correct it".into(),
                ),
                other => other,
            })?;
            w.set(RecordKind::Entry, id, "deleted", row::flag(true))
        })?;
        self.entry(id)
    }

    /// Adds a correction or addition to a completed entry.
    pub fn add_addendum(&mut self, entry_id: Id, text: &str) -> Result<Addendum> {
        let text = validate::required_body("text", text)?;
        let id = self.write(|w| insert_addendum(w, entry_id, &text))?;
        let entry = self.entry(entry_id)?;
        entry
            .addenda
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| Error::Corrupt("a new addendum was not stored".into()))
    }

    /// A page of a case's chronology, newest first (every entry when no limit is given), with
    /// how many entries the filtered chronology holds.
    pub fn list_entries(&self, case_id: Id, filter: &EntryFilter) -> Result<Page<Entry>> {
        self.case(case_id)?;
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM entries WHERE case_id = ?1 AND deleted = 0
               AND (?2 = 0 OR significant = 1) AND (?3 = 0 OR status = 'completed')
             ORDER BY occurred_at DESC, id DESC LIMIT ?4 OFFSET ?5"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                case_id.to_string(),
                filter.significant_only,
                filter.exclude_drafts,
                super::sql_limit(filter.limit),
                filter.offset.unwrap_or(0)
            ],
            RawEntry::from_row,
        )?;
        let colleagues = self.colleagues()?;
        let mut items = Vec::new();
        for r in rows {
            let mut e = r?.into_entry()?;
            e.addenda = addenda(&self.conn, e.id)?;
            e.written_by = colleagues.label(e.author);
            items.push(e);
        }
        // Counted on its own, from the case's index: a window count over the page's query
        // would sort every entry's text before the page could be cut.
        let total: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM entries WHERE case_id = ?1 AND deleted = 0
                   AND (?2 = 0 OR significant = 1) AND (?3 = 0 OR status = 'completed')",
            )?
            .query_row(
                params![
                    case_id.to_string(),
                    filter.significant_only,
                    filter.exclude_drafts
                ],
                |r| r.get(0),
            )?;
        let total = u64::try_from(total).unwrap_or(0);
        Ok(Page {
            items,
            total,
            offset: u64::from(filter.offset.unwrap_or(0)),
        })
    }
}

/// Completes a draft entry in an open write (the rules of `Store::complete_entry`); its case.
fn complete(w: &mut Writer<'_>, id: Id) -> Result<Id> {
    let entry = editable_draft(w.conn(), id)?;
    if entry.body.trim().is_empty() {
        return Err(Error::invalid(
            "body",
            "say what happened before completing the entry",
        ));
    }
    // A completed entry never changes, so it is completed whole: with its deletion on
    // another device settled, and one value per field.
    if in_deletion_conflict(w.conn(), id)? {
        return Err(Error::Refused(
            "this entry was deleted on another device while it was edited here; keep it or delete it in the sync inbox (`casecraft conflicts list`) before completing it".into(),
        ));
    }
    let open = conflicting_fields(w.conn(), id)?;
    if !open.is_empty() {
        return Err(Error::Refused(format!(
            "sync left two values for {} of this entry; keep one (the sync inbox, or `casecraft conflicts list`) before completing it",
            open.iter()
                .map(|f| crate::casework::entry::field_label(f).to_lowercase())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let now = stored_moment(w.now());
    w.set(
        RecordKind::Entry,
        id,
        "status",
        Value::from(EntryStatus::Completed.as_str()),
    )?;
    w.set(RecordKind::Entry, id, "completed_at", Value::from(now))?;
    Ok(entry.case_id)
}

/// Records an entry that is complete from the start (closure, reopening).
pub(crate) fn record_completed(w: &mut Writer<'_>, case_id: Id, new: NewEntry) -> Result<()> {
    insert(w, case_id, &new, EntryStatus::Completed).map(|_| ())
}

/// Writes a new entry (validated) on a case in an open write.
pub(crate) fn insert(
    w: &mut Writer<'_>,
    case_id: Id,
    new: &NewEntry,
    status: EntryStatus,
) -> Result<Id> {
    let fields = Fields::check(new)?;
    let id = Id::new();
    create(w, case_id, id, new, &fields, status)?;
    Ok(id)
}

struct Fields {
    purpose: Option<String>,
    location: Option<String>,
    participants: Vec<String>,
}

impl Fields {
    fn check(new: &NewEntry) -> Result<Self> {
        validate::body("body", &new.body)?;
        validate::body("voice", &new.voice)?;
        validate::body("analysis", &new.analysis)?;
        if let Some(d) = new.duration_minutes {
            duration(d)?;
        }
        Ok(Fields {
            purpose: validate::optional_line("purpose", new.purpose.as_deref())?,
            location: validate::optional_line("location", new.location.as_deref())?,
            participants: participants(&new.participants)?,
        })
    }
}

fn create(
    w: &mut Writer<'_>,
    case_id: Id,
    id: Id,
    new: &NewEntry,
    f: &Fields,
    status: EntryStatus,
) -> Result<()> {
    let now = w.now();
    let completed_at = (status == EntryStatus::Completed).then(|| Value::from(stored_moment(now)));
    w.create(
        RecordKind::Entry,
        id,
        Some(case_id),
        vec![
            ("case_id", Value::from(case_id.to_string())),
            ("kind", Value::from(new.kind.as_str())),
            ("status", Value::from(status.as_str())),
            (
                "occurred_at",
                Value::from(stored_moment(new.occurred_at.unwrap_or(now))),
            ),
            (
                "duration_minutes",
                new.duration_minutes.map(Value::from).unwrap_or(Value::Null),
            ),
            (
                "location",
                f.location.clone().map(Value::from).unwrap_or(Value::Null),
            ),
            ("participants", Value::from(f.participants.clone())),
            (
                "purpose",
                f.purpose.clone().map(Value::from).unwrap_or(Value::Null),
            ),
            (
                "significant",
                row::flag(new.significant || new.kind == EntryKind::SignificantEvent),
            ),
            ("completed_at", completed_at.unwrap_or(Value::Null)),
        ],
    )?;
    w.set_text(RecordKind::Entry, id, "body", &new.body)?;
    w.set_text(RecordKind::Entry, id, "voice", &new.voice)?;
    w.set_text(RecordKind::Entry, id, "analysis", &new.analysis)
}

fn participants(list: &[String]) -> Result<Vec<String>> {
    list.iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| Ok(validate::required_line("participants", p)?))
        .collect()
}

fn duration(d: u32) -> Result<u32> {
    if d == 0 || d > MAX_DURATION_MINUTES {
        return Err(Error::invalid(
            "duration",
            format!("give the minutes spent, from 1 to {MAX_DURATION_MINUTES}"),
        ));
    }
    Ok(d)
}

/// Refuses a kind that may not be recorded on `case` as it is.
fn recordable_on(case: &crate::casework::case::Case, kind: EntryKind) -> Result<()> {
    if EntryKind::recordable_on(case.status).any(|k| k == kind) {
        return Ok(());
    }
    Err(Error::invalid(
        "kind",
        format!(
            "this case is closed: record a phone call, message or case note, or reopen the case to record a {}",
            kind.label().to_lowercase()
        ),
    ))
}

/// A draft entry on a live case, or why it cannot be changed.
fn editable_draft(conn: &Connection, id: Id) -> Result<Entry> {
    let entry = load(conn, id)?.ok_or_else(|| not_found(id))?;
    if entry.deleted {
        return Err(Error::NotFound {
            what: "entry",
            id: id.to_string(),
            hint: "it is in the trash",
        });
    }
    live_case(conn, entry.case_id)?;
    if !entry.is_editable() {
        return Err(Error::Refused(
            "this entry is completed and can no longer be changed; add an addendum to correct it"
                .into(),
        ));
    }
    Ok(entry)
}

/// Whether the record was deleted on another device while edited here, and kept until a person
/// decides.
fn in_deletion_conflict(conn: &Connection, id: Id) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM delete_conflicts WHERE record_id = ?1 LIMIT 1",
            [id.to_string()],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// The fields of a record that hold more than one value (a conflict left by sync).
fn conflicting_fields(conn: &Connection, id: Id) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field FROM field_heads WHERE record_id = ?1 GROUP BY field HAVING count(*) > 1 ORDER BY field",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn load(conn: &Connection, id: Id) -> Result<Option<Entry>> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM entries WHERE id = ?1");
    let Some(raw) = conn
        .query_row(&sql, [id.to_string()], RawEntry::from_row)
        .optional()?
    else {
        return Ok(None);
    };
    let mut e = raw.into_entry()?;
    e.addenda = addenda(conn, id)?;
    Ok(Some(e))
}

fn addenda(conn: &Connection, entry: Id) -> Result<Vec<Addendum>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, created_by, text, created_at FROM addenda WHERE entry_id = ?1 AND deleted = 0
         ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([entry.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|r| {
        let (id, author, text, at) = r?;
        Ok(Addendum {
            id: row::id(&id)?,
            entry_id: entry,
            author: row::id(&author)?,
            text,
            created_at: row::moment(&at)?,
        })
    })
    .collect()
}

fn not_found(id: Id) -> Error {
    Error::NotFound {
        what: "entry",
        id: id.to_string(),
        hint: "list a case's entries with `casecraft entry list CASE`",
    }
}

struct RawEntry {
    id: String,
    case_id: String,
    kind: String,
    status: String,
    occurred_at: String,
    duration: Option<i64>,
    location: Option<String>,
    participants: String,
    purpose: Option<String>,
    body: String,
    voice: String,
    analysis: String,
    significant: bool,
    author: String,
    completed_at: Option<String>,
    deleted: bool,
    created_at: String,
    updated_at: String,
}

impl RawEntry {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawEntry {
            id: r.get(0)?,
            case_id: r.get(1)?,
            kind: r.get(2)?,
            status: r.get(3)?,
            occurred_at: r.get(4)?,
            duration: r.get(5)?,
            location: r.get(6)?,
            participants: r.get(7)?,
            purpose: r.get(8)?,
            body: r.get(9)?,
            voice: r.get(10)?,
            analysis: r.get(11)?,
            significant: r.get(12)?,
            author: r.get(13)?,
            completed_at: r.get(14)?,
            deleted: r.get(15)?,
            created_at: r.get(16)?,
            updated_at: r.get(17)?,
        })
    }

    fn into_entry(self) -> Result<Entry> {
        Ok(Entry {
            id: row::id(&self.id)?,
            case_id: row::id(&self.case_id)?,
            kind: row::vocab(&self.kind)?,
            status: row::vocab(&self.status)?,
            occurred_at: row::moment(&self.occurred_at)?,
            duration_minutes: self.duration.and_then(|d| u32::try_from(d).ok()),
            location: self.location,
            participants: row::json(&self.participants)?,
            purpose: self.purpose,
            body: self.body,
            voice: self.voice,
            analysis: self.analysis,
            significant: self.significant,
            author: row::id(&self.author)?,
            written_by: None,
            completed_at: row::opt_moment(self.completed_at)?,
            addenda: Vec::new(),
            deleted: self.deleted,
            created_at: row::moment(&self.created_at)?,
            updated_at: row::moment(&self.updated_at)?,
        })
    }
}

/// Adds an addendum (`text` already validated) to a completed entry of a live case, inside a
/// write; returns its id.
pub(super) fn insert_addendum(w: &mut Writer<'_>, entry_id: Id, text: &str) -> Result<Id> {
    let entry = load(w.conn(), entry_id)?.ok_or_else(|| not_found(entry_id))?;
    if entry.deleted {
        return Err(not_found(entry_id));
    }
    live_case(w.conn(), entry.case_id)?;
    if !entry.takes_addenda() {
        return Err(Error::Refused(format!(
            "entry {entry_id} is still a draft: edit it directly (`casecraft entry edit`); addenda are for completed entries"
        )));
    }
    let id = Id::new();
    w.create(
        RecordKind::Addendum,
        id,
        Some(entry.case_id),
        vec![
            ("entry_id", Value::from(entry_id.to_string())),
            ("case_id", Value::from(entry.case_id.to_string())),
            ("text", Value::from(text)),
        ],
    )?;
    Ok(id)
}
