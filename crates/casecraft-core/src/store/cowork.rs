//! Co-working notes and actions on a case.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::cases::live_case;
use super::log::{op_from_row, OP_COLUMNS};
use super::{row, Store, Writer};
use crate::casework::action::{Action, NewAction};
use crate::casework::cowork::{CoworkNote, NewCoworkNote, NoteVersion};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::op::OpBody;
use crate::page::Page;
use crate::record::RecordKind;
use crate::validate;

impl Store {
    /// Writes a co-working note on a case.
    pub fn add_cowork_note(&mut self, case_id: Id, new: NewCoworkNote) -> Result<CoworkNote> {
        let id = self.write(|w| {
            live_case(w.conn(), case_id)?;
            insert_note(w, case_id, &new)
        })?;
        self.cowork_note(id)
    }

    /// A co-working note with its amendment history.
    pub fn cowork_note(&self, id: Id) -> Result<CoworkNote> {
        let colleagues = self.colleagues()?;
        self.cowork_note_with(id, |author| colleagues.label(author))
    }

    /// A note, its colleague named by `written_by`.
    fn cowork_note_with(
        &self,
        id: Id,
        written_by: impl Fn(Id) -> Option<String>,
    ) -> Result<CoworkNote> {
        let mut note = load_note(&self.conn, id)?.ok_or_else(|| not_found(id))?;
        note.history = history(&self.conn, id, &note.body)?;
        note.author_name = self.worker_name(note.author)?;
        note.written_by = written_by(note.author);
        Ok(note)
    }

    /// Amends one's own note; the earlier text is kept as history.
    pub fn amend_cowork_note(&mut self, id: Id, body: &str) -> Result<CoworkNote> {
        let body = validate::required_body("body", body)?;
        self.write(|w| {
            let note = load_note(w.conn(), id)?.ok_or_else(|| not_found(id))?;
            if note.author != w.author() {
                return Err(Error::Refused(
                    "only the author of a co-working note can amend it; reply to it instead".into(),
                ));
            }
            live_case(w.conn(), note.case_id)?;
            w.set(RecordKind::CoworkNote, id, "body", Value::from(body))
        })?;
        self.cowork_note(id)
    }

    /// A case's co-working thread, oldest first.
    pub fn list_cowork_notes(&self, case_id: Id) -> Result<Vec<CoworkNote>> {
        self.case(case_id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM cowork_notes WHERE case_id = ?1 AND deleted = 0 ORDER BY created_at, id",
        )?;
        let ids = stmt
            .query_map([case_id.to_string()], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // The team's names read once for the thread, not once a note.
        let colleagues = self.colleagues()?;
        ids.iter()
            .map(|i| self.cowork_note_with(row::id(i)?, |author| colleagues.label(author)))
            .collect()
    }

    /// Adds a next step to a case.
    pub fn add_action(&mut self, case_id: Id, new: NewAction) -> Result<Action> {
        let id = self.write(|w| {
            live_case(w.conn(), case_id)?;
            insert_action(w, case_id, &new)
        })?;
        self.action(id)
    }

    /// An action by id.
    pub fn action(&self, id: Id) -> Result<Action> {
        let mut action = load_action(&self.conn, id)?.ok_or_else(|| Error::NotFound {
            what: "action",
            id: id.to_string(),
            hint: "list actions with `casecraft action list`",
        })?;
        action.written_by = self.colleagues()?.label_of(action.author);
        Ok(action)
    }

    /// Marks an action done (or not done again).
    pub fn set_action_done(&mut self, id: Id, done: bool) -> Result<Action> {
        let action = self.action(id)?;
        if action.deleted {
            return Err(Error::NotFound {
                what: "action",
                id: id.to_string(),
                hint: "it is in the trash",
            });
        }
        if action.done == done {
            return Err(Error::Refused(format!(
                "the action “{}” is already {}",
                action.text,
                if done { "done" } else { "open" }
            )));
        }
        self.write(|w| {
            live_case(w.conn(), action.case_id)?;
            let at = done.then(|| Value::from(validate::stored_moment(w.now())));
            w.set(RecordKind::Action, id, "done", row::flag(done))?;
            w.set(RecordKind::Action, id, "done_at", at.unwrap_or(Value::Null))
        })?;
        self.action(id)
    }

    /// Moves an action to the trash.
    pub fn delete_action(&mut self, id: Id) -> Result<Action> {
        let action = self.action(id)?;
        if action.deleted {
            return Err(Error::Refused(format!(
                "the action “{}” is already in the trash",
                action.text
            )));
        }
        self.write(|w| w.set(RecordKind::Action, id, "deleted", row::flag(true)))?;
        self.action(id)
    }

    /// Actions, open ones first by due day; of one case or of every live case; a page at a time
    /// (every action when no limit is given), with how many there are in all.
    pub fn list_actions(
        &self,
        case_id: Option<Id>,
        include_done: bool,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<Page<Action>> {
        if let Some(c) = case_id {
            self.case(c)?;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id FROM actions a JOIN cases c ON c.id = a.case_id
             WHERE a.deleted = 0 AND c.deleted = 0 AND (?1 IS NULL OR a.case_id = ?1) AND (?2 = 1 OR a.done = 0)
             ORDER BY a.done, a.due_on IS NULL, a.due_on, a.created_at, a.id",
        )?;
        let ids = stmt
            .query_map(params![case_id.map(|c| c.to_string()), include_done], |r| {
                r.get::<_, String>(0)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let page = Page::of(ids, offset, limit);
        let colleagues = self.colleagues()?;
        let mut items = Vec::new();
        for id in &page.items {
            let id = row::id(id)?;
            let mut action = load_action(&self.conn, id)?.ok_or_else(|| Error::NotFound {
                what: "action",
                id: id.to_string(),
                hint: "list actions with `casecraft action list`",
            })?;
            action.written_by = colleagues.label_of(action.author);
            items.push(action);
        }
        Ok(Page {
            items,
            total: page.total,
            offset: page.offset,
        })
    }
}

/// Writes a co-working note (validated) in an open write.
pub(crate) fn insert_note(w: &mut Writer<'_>, case_id: Id, new: &NewCoworkNote) -> Result<Id> {
    let body = validate::required_body("body", &new.body)?;
    if let Some(r) = new.reply_to {
        let parent = load_note(w.conn(), r)?.ok_or_else(|| not_found(r))?;
        if parent.case_id != case_id {
            return Err(Error::invalid(
                "reply_to",
                "that note belongs to another case",
            ));
        }
    }
    let id = Id::new();
    w.create(
        RecordKind::CoworkNote,
        id,
        Some(case_id),
        vec![
            ("case_id", Value::from(case_id.to_string())),
            ("kind", Value::from(new.kind.as_str())),
            ("body", Value::from(body)),
            (
                "reply_to",
                new.reply_to
                    .map(|r| Value::from(r.to_string()))
                    .unwrap_or(Value::Null),
            ),
        ],
    )?;
    Ok(id)
}

/// Writes an action (validated) in an open write.
pub(crate) fn insert_action(w: &mut Writer<'_>, case_id: Id, new: &NewAction) -> Result<Id> {
    let text = validate::required_line("text", &new.text)?;
    let owner = validate::optional_line("owner", new.owner.as_deref())?;
    let id = Id::new();
    w.create(
        RecordKind::Action,
        id,
        Some(case_id),
        vec![
            ("case_id", Value::from(case_id.to_string())),
            ("text", Value::from(text)),
            ("owner", owner.map(Value::from).unwrap_or(Value::Null)),
            (
                "due_on",
                new.due_on
                    .map(|d| Value::from(d.to_string()))
                    .unwrap_or(Value::Null),
            ),
            ("done", row::flag(false)),
        ],
    )?;
    Ok(id)
}

fn not_found(id: Id) -> Error {
    Error::NotFound {
        what: "co-working note",
        id: id.to_string(),
        hint: "list a case's notes with `casecraft cowork list CASE`",
    }
}

fn load_note(conn: &Connection, id: Id) -> Result<Option<CoworkNote>> {
    let raw = conn
        .query_row(
            "SELECT case_id, kind, body, reply_to, created_by, created_at, updated_at FROM cowork_notes WHERE id = ?1",
            [id.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((case_id, kind, body, reply_to, author, created, updated)) = raw else {
        return Ok(None);
    };
    Ok(Some(CoworkNote {
        id,
        case_id: row::id(&case_id)?,
        kind: row::vocab(&kind)?,
        body,
        reply_to: row::opt_id(reply_to)?,
        author: row::id(&author)?,
        author_name: None,
        written_by: None,
        history: Vec::new(),
        created_at: row::moment(&created)?,
        updated_at: row::moment(&updated)?,
    }))
}

/// Earlier texts of a note, read from its ops in clock order.
fn history(conn: &Connection, id: Id, current: &str) -> Result<Vec<NoteVersion>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OP_COLUMNS} FROM ops WHERE record_id = ?1 ORDER BY hlc, device_id"
    ))?;
    let mut rows = stmt.query([id.to_string()])?;
    let mut versions = Vec::new();
    while let Some(r) = rows.next()? {
        let op = op_from_row(r)?;
        let text = match &op.body {
            OpBody::Create { fields } => fields.get("body"),
            OpBody::Set { field, value, .. } if field == "body" => Some(value),
            _ => None,
        };
        if let Some(Value::String(t)) = text {
            versions.push(NoteVersion {
                body: t.clone(),
                at: op.hlc.to_datetime(),
            });
        }
    }
    if versions.last().is_some_and(|v| v.body == current) {
        versions.pop();
    }
    Ok(versions)
}

fn load_action(conn: &Connection, id: Id) -> Result<Option<Action>> {
    let raw = conn
        .query_row(
            "SELECT case_id, text, owner, due_on, done, done_at, deleted, created_at,
                    (SELECT o.author FROM records r JOIN ops o ON o.op_id = r.create_op
                      WHERE r.record_id = actions.id)
               FROM actions WHERE id = ?1",
            [id.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, bool>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, bool>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            },
        )
        .optional()?;
    let Some((case_id, text, owner, due, done, done_at, deleted, created, author)) = raw else {
        return Ok(None);
    };
    Ok(Some(Action {
        id,
        case_id: row::id(&case_id)?,
        text,
        owner,
        due_on: row::opt_date(due)?,
        done,
        done_at: row::opt_moment(done_at)?,
        deleted,
        created_at: row::moment(&created)?,
        author: author.as_deref().map(row::id).transpose()?,
        written_by: None,
    }))
}
