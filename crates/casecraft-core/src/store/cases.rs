//! Cases and the caseload: creating, editing, trash, and the quality signals of each case.
//! Closing and reopening are `closure`.

use chrono::Utc;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use super::{row, Store, Writer};
use crate::casework::case::{
    Case, CaseEdit, CaseFilter, CaseSort, CaseStatus, CaseSummary, NewCase, QualitySignals,
    StatusFilter,
};
use crate::casework::entry::EntryKind;
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::page::Page;
use crate::record::RecordKind;
use crate::validate;

/// A case's subject (the names of its subject people, in the order they were added), for a
/// query over `cases c`.
macro_rules! case_subject_sql {
    () => {
        "coalesce((SELECT group_concat(name, ', ') FROM (SELECT name FROM people p
               WHERE p.case_id = c.id AND p.is_subject = 1 AND p.deleted = 0 ORDER BY p.created_at)), '')"
    };
}
pub(crate) use case_subject_sql;

const CASE_COLUMNS: &str = concat!(
    "c.id, c.reference, c.status, c.opened_on, c.closed_on, c.closure_rationale, c.summary,
     c.flags, c.tags, c.members, c.deleted, c.created_at, c.updated_at, ",
    case_subject_sql!()
);

impl Store {
    /// Opens a new case, with its subject as the first person in the network.
    pub fn create_case(&mut self, new: NewCase) -> Result<Case> {
        let id = self.write(|w| insert(w, &new))?;
        self.case(id)
    }

    /// A case by id, in the trash or not.
    pub fn case(&self, id: Id) -> Result<Case> {
        load_case(&self.conn, id)?.ok_or_else(|| not_found(id))
    }

    /// Changes a case's reference, summary, flags, tags or opening day.
    pub fn edit_case(&mut self, id: Id, edit: CaseEdit) -> Result<Case> {
        let reference = edit
            .reference
            .as_deref()
            .map(|r| validate::optional_line("reference", Some(r)))
            .transpose()?;
        let summary = edit
            .summary
            .as_deref()
            .map(|s| validate::body("summary", s))
            .transpose()?;
        let flags = edit
            .flags
            .as_deref()
            .map(|f| validate::labels("flag", f))
            .transpose()?;
        let tags = edit
            .tags
            .as_deref()
            .map(|t| validate::labels("tag", t))
            .transpose()?;
        self.write(|w| {
            live_case(w.conn(), id)?;
            if let Some(r) = reference {
                w.set(
                    RecordKind::Case,
                    id,
                    "reference",
                    r.map(Value::from).unwrap_or(Value::Null),
                )?;
            }
            if let Some(s) = summary {
                w.set_text(RecordKind::Case, id, "summary", &s)?;
            }
            if let Some(f) = flags {
                w.set(RecordKind::Case, id, "flags", Value::from(f))?;
            }
            if let Some(t) = tags {
                w.set(RecordKind::Case, id, "tags", Value::from(t))?;
            }
            if let Some(d) = edit.opened_on {
                w.set(
                    RecordKind::Case,
                    id,
                    "opened_on",
                    Value::from(d.to_string()),
                )?;
            }
            Ok(())
        })?;
        self.case(id)
    }

    /// Moves a case (and with it its records) to the trash.
    pub fn delete_case(&mut self, id: Id) -> Result<Case> {
        self.write(|w| {
            live_case(w.conn(), id)?;
            w.set(RecordKind::Case, id, "deleted", row::flag(true))
        })?;
        self.case(id)
    }

    /// Brings a case back from the trash.
    pub fn restore_case(&mut self, id: Id) -> Result<Case> {
        self.write(|w| {
            let case = load_case(w.conn(), id)?.ok_or_else(|| not_found(id))?;
            if !case.deleted {
                return Err(Error::Refused("this case is not in the trash".into()));
            }
            w.set(RecordKind::Case, id, "deleted", row::flag(false))
        })?;
        self.case(id)
    }

    /// The caseload: cases with their quality signals, filtered and sorted, a page at a time
    /// (every case when no limit is given), with how many there are in all.
    pub fn list_cases(&self, filter: &CaseFilter) -> Result<Page<CaseSummary>> {
        Ok(Page::of(
            self.summaries(filter, None)?,
            filter.offset,
            filter.limit,
        ))
    }

    /// One case with its quality signals.
    pub fn case_summary(&self, id: Id) -> Result<CaseSummary> {
        let filter = CaseFilter {
            status: StatusFilter::All,
            ..Default::default()
        };
        self.summaries(&filter, Some(id))?
            .pop()
            .ok_or_else(|| not_found(id))
    }

    fn summaries(&self, filter: &CaseFilter, only: Option<Id>) -> Result<Vec<CaseSummary>> {
        let status = match filter.status {
            StatusFilter::Open => Some("open"),
            StatusFilter::Closed => Some("closed"),
            StatusFilter::All => None,
        };
        let flag = filter
            .flag
            .as_deref()
            .map(|f| validate::label("flag", f))
            .transpose()?;
        let tag = filter
            .tag
            .as_deref()
            .map(|t| validate::label("tag", t))
            .transpose()?;
        let today = self.today();
        let now = validate::stored_moment(Utc::now());
        let direct = direct_contact_kinds();
        // Direct contact is a completed visit or meeting that has happened: a draft is not a
        // record of seeing the person, nor is one dated in the future.
        let sql = format!(
            "SELECT {CASE_COLUMNS},
                (SELECT max(occurred_at) FROM entries e WHERE e.case_id = c.id AND e.deleted = 0
                   AND e.kind IN ({direct}) AND e.status = 'completed' AND e.occurred_at <= ?6),
                (SELECT max(occurred_on) FROM reflections r WHERE r.case_id = c.id AND r.deleted = 0),
                (SELECT count(*) FROM actions a WHERE a.case_id = c.id AND a.deleted = 0 AND a.done = 0),
                (SELECT count(*) FROM actions a WHERE a.case_id = c.id AND a.deleted = 0 AND a.done = 0
                   AND a.due_on IS NOT NULL AND a.due_on < ?3),
                (SELECT max(created_at) FROM cowork_notes n WHERE n.case_id = c.id AND n.deleted = 0),
                (SELECT count(*) FROM entries e WHERE e.case_id = c.id AND e.deleted = 0 AND e.status = 'draft')
             FROM cases c
             WHERE c.deleted = 0
               AND (?1 IS NULL OR c.status = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(c.flags) WHERE value = ?2))
               AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?4))
               AND (?5 IS NULL OR c.id = ?5)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                status,
                flag,
                today.to_string(),
                tag,
                only.map(|i| i.to_string()),
                now
            ],
            |r| {
                Ok((
                    RawCase::from_row(r)?,
                    r.get::<_, Option<String>>(14)?,
                    r.get::<_, Option<String>>(15)?,
                    r.get::<_, i64>(16)?,
                    r.get::<_, i64>(17)?,
                    r.get::<_, Option<String>>(18)?,
                    r.get::<_, i64>(19)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for r in rows {
            let (raw, contact, reflection, open, overdue, cowork, drafts) = r?;
            let case = raw.into_case()?;
            let last_direct_contact = row::opt_moment(contact)?;
            let last_reflection = row::opt_date(reflection)?;
            // Calendar days in the worker's zone: a visit last night was a day ago.
            let since = last_direct_contact
                .map(|t| self.zone().days_since(t, today))
                .unwrap_or_else(|| (today - case.opened_on).num_days());
            let days_since_reflection = last_reflection.map(|d| (today - d).num_days());
            let overdue = u32::try_from(overdue).unwrap_or(0);
            out.push(CaseSummary {
                id: case.id,
                reference: case.reference,
                subject: case.subject,
                status: case.status,
                opened_on: case.opened_on,
                closed_on: case.closed_on,
                flags: case.flags,
                tags: case.tags,
                signals: QualitySignals {
                    last_direct_contact,
                    days_since_direct_contact: since.max(0),
                    last_reflection,
                    open_actions: u32::try_from(open).unwrap_or(0),
                    overdue_actions: overdue,
                    last_cowork: row::opt_moment(cowork)?,
                    drafts: u32::try_from(drafts).unwrap_or(0),
                    attention: QualitySignals::attention_score(
                        since,
                        overdue,
                        days_since_reflection,
                    ),
                },
            });
        }
        match filter.sort {
            CaseSort::NeedsAttention => out.sort_by(|a, b| {
                b.signals
                    .attention
                    .cmp(&a.signals.attention)
                    .then_with(|| a.subject.cmp(&b.subject))
                    .then_with(|| a.id.cmp(&b.id))
            }),
            CaseSort::Name => out.sort_by(|a, b| {
                a.subject
                    .to_lowercase()
                    .cmp(&b.subject.to_lowercase())
                    .then_with(|| a.id.cmp(&b.id))
            }),
            CaseSort::Opened => {
                out.sort_by(|a, b| b.opened_on.cmp(&a.opened_on).then_with(|| b.id.cmp(&a.id)))
            }
        }
        Ok(out)
    }
}

/// Writes a new case and its subject (validated) in an open write.
pub(crate) fn insert(w: &mut Writer<'_>, new: &NewCase) -> Result<Id> {
    let subject = validate::required_line("subject", &new.subject)?;
    let reference = validate::optional_line("reference", new.reference.as_deref())?;
    let summary = validate::body("summary", new.summary.as_deref().unwrap_or(""))?;
    let flags = validate::labels("flag", &new.flags)?;
    let tags = validate::labels("tag", &new.tags)?;
    let opened_on = new.opened_on.unwrap_or_else(|| w.today());
    let id = Id::new();
    let author = w.author();
    w.create(
        RecordKind::Case,
        id,
        Some(id),
        vec![
            (
                "reference",
                reference.map(Value::from).unwrap_or(Value::Null),
            ),
            ("status", Value::from(CaseStatus::Open.as_str())),
            ("opened_on", Value::from(opened_on.to_string())),
            ("flags", Value::from(flags)),
            ("tags", Value::from(tags)),
            ("members", Value::from(vec![author.to_string()])),
        ],
    )?;
    w.set_text(RecordKind::Case, id, "summary", &summary)?;
    w.create(
        RecordKind::Person,
        Id::new(),
        Some(id),
        vec![
            ("case_id", Value::from(id.to_string())),
            ("name", Value::from(subject)),
            ("relationship", Value::from("subject")),
            ("is_subject", row::flag(true)),
        ],
    )?;
    Ok(id)
}

/// A case that exists and is not in the trash, or a clear error.
pub(crate) fn live_case(conn: &Connection, id: Id) -> Result<Case> {
    let case = load_case(conn, id)?.ok_or_else(|| not_found(id))?;
    if case.deleted {
        return Err(Error::NotFound {
            what: "case",
            id: id.to_string(),
            hint: "it is in the trash; restore it with `casecraft case restore ID` first",
        });
    }
    Ok(case)
}

pub(crate) fn load_case(conn: &Connection, id: Id) -> Result<Option<Case>> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = ?1");
    conn.query_row(&sql, [id.to_string()], RawCase::from_row)
        .optional()?
        .map(RawCase::into_case)
        .transpose()
}

fn not_found(id: Id) -> Error {
    Error::NotFound {
        what: "case",
        id: id.to_string(),
        hint: "list cases with `casecraft case list --status all`",
    }
}

struct RawCase {
    id: String,
    reference: Option<String>,
    status: String,
    opened_on: String,
    closed_on: Option<String>,
    closure_rationale: Option<String>,
    summary: String,
    flags: String,
    tags: String,
    members: String,
    deleted: bool,
    created_at: String,
    updated_at: String,
    subject: String,
}

impl RawCase {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawCase {
            id: r.get(0)?,
            reference: r.get(1)?,
            status: r.get(2)?,
            opened_on: r.get(3)?,
            closed_on: r.get(4)?,
            closure_rationale: r.get(5)?,
            summary: r.get(6)?,
            flags: r.get(7)?,
            tags: r.get(8)?,
            members: r.get(9)?,
            deleted: r.get(10)?,
            created_at: r.get(11)?,
            updated_at: r.get(12)?,
            subject: r.get(13)?,
        })
    }

    fn into_case(self) -> Result<Case> {
        let members: Vec<String> = row::json(&self.members)?;
        Ok(Case {
            id: row::id(&self.id)?,
            reference: self.reference,
            subject: self.subject,
            status: row::vocab(&self.status)?,
            opened_on: row::date(&self.opened_on)?,
            closed_on: row::opt_date(self.closed_on)?,
            closure_rationale: self.closure_rationale,
            summary: self.summary,
            flags: row::json(&self.flags)?,
            tags: row::json(&self.tags)?,
            members: members.iter().map(|m| row::id(m)).collect::<Result<_>>()?,
            deleted: self.deleted,
            created_at: row::moment(&self.created_at)?,
            updated_at: row::moment(&self.updated_at)?,
        })
    }
}

/// The entry kinds that count as direct contact, as a list for SQL (`'home-visit', …`): one rule
/// for the caseload's signals, the closure checklist, the agenda and the closure review.
pub(crate) fn direct_contact_kinds() -> String {
    EntryKind::ALL
        .iter()
        .filter(|k| k.is_direct_contact())
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}
