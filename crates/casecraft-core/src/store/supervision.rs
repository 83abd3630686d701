//! Supervision sessions: one write records the session, copies each decision into its case's
//! chronology as a completed significant entry, and writes each agreed action on its case. The
//! wellbeing section goes to a table of this device's own, in the same transaction, never to the
//! change log.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use super::cases::live_case;
use super::{row, Store, Writer};
use crate::casework::case::{CaseFilter, CaseSummary, StatusFilter};
use crate::casework::entry::{EntryKind, EntryStatus, NewEntry};
use crate::casework::supervision::{
    propose_agenda, Agenda, CaseDecision, NewSupervision, RecentReflection, SignificantEvent,
    Supervision, SupervisionEdit, SupervisionFunction, CONTACT_DAYS, FIRST_AGENDA_DAYS,
};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::page::Page;
use crate::record::RecordKind;
use crate::validate::{self, stored_moment};

const COLUMNS: &str = "id, occurred_on, supervisor, functions, notes, decisions, reflections, actions, created_by, deleted, created_at";

impl Store {
    /// Records a supervision session (see [`crate::casework::supervision`]). Every case and reflection
    /// named must exist; nothing is written if any part is refused.
    pub fn create_supervision(&mut self, new: NewSupervision) -> Result<Supervision> {
        let supervisor = validate::required_line("supervisor", &new.supervisor)?;
        let notes = validate::body("notes", &new.notes)?;
        let wellbeing = new
            .wellbeing
            .as_deref()
            .map(|w| validate::body("wellbeing", w))
            .transpose()?
            .filter(|w| !w.trim().is_empty());
        let decisions: Vec<(Id, String)> = new
            .decisions
            .iter()
            .map(|(case, text)| Ok((*case, validate::required_body("decision", text)?)))
            .collect::<Result<_>>()?;
        let mut functions = new.functions.clone();
        functions.sort();
        functions.dedup();
        let day = new.occurred_on.unwrap_or_else(|| self.today());
        if day > self.today() {
            return Err(Error::invalid(
                "date",
                "a session is recorded on or after the day it took place, not before",
            ));
        }
        let id = self.write(|w| {
            for (case, _) in &decisions {
                live_case(w.conn(), *case)?;
            }
            for (case, _) in &new.actions {
                live_case(w.conn(), *case)?;
            }
            for r in &new.reflections {
                super::reflections::exists(w.conn(), *r)?;
            }
            let id = Id::new();
            let mut recorded = Vec::new();
            for (case, decision) in &decisions {
                let mut entry = NewEntry::new(EntryKind::Supervision);
                entry.occurred_at = Some(noon(day));
                entry.purpose = Some(format!("Supervision with {supervisor}"));
                entry.body = decision.clone();
                entry.significant = true;
                let entry_id = super::entries::insert(w, *case, &entry, EntryStatus::Completed)?;
                recorded.push(json!({
                    "case_id": case.to_string(),
                    "decision": decision,
                    "entry_id": entry_id.to_string(),
                }));
            }
            let mut actions = Vec::new();
            for (case, action) in &new.actions {
                actions.push(super::cowork::insert_action(w, *case, action)?.to_string());
            }
            let mut reflections: Vec<String> = new.reflections.iter().map(Id::to_string).collect();
            reflections.sort();
            reflections.dedup();
            w.create(
                RecordKind::Supervision,
                id,
                None,
                vec![
                    ("occurred_on", Value::from(day.to_string())),
                    ("supervisor", Value::from(supervisor.clone())),
                    (
                        "functions",
                        Value::from(functions.iter().map(|f| f.as_str()).collect::<Vec<_>>()),
                    ),
                    ("decisions", Value::from(recorded)),
                    ("reflections", Value::from(reflections)),
                    ("actions", Value::from(actions)),
                ],
            )?;
            w.set_text(RecordKind::Supervision, id, "notes", &notes)?;
            if let Some(text) = &wellbeing {
                set_private(w, id, text)?;
            }
            Ok(id)
        })?;
        self.supervision(id)
    }

    /// Corrects a recorded session (see [`SupervisionEdit`]). The decisions are completed
    /// entries of their cases by now, so a new date or supervisor is added to each of them as
    /// an addendum (the entry as first written stays), keeping the chronologies true to the
    /// session. Nothing is written if any part is refused.
    pub fn edit_supervision(&mut self, id: Id, edit: SupervisionEdit) -> Result<Supervision> {
        let supervisor = edit
            .supervisor
            .as_deref()
            .map(|s| validate::required_line("supervisor", s))
            .transpose()?;
        let notes = edit
            .notes
            .as_deref()
            .map(|n| validate::body("notes", n))
            .transpose()?;
        let wellbeing = edit
            .wellbeing
            .as_deref()
            .map(|w| validate::body("wellbeing", w))
            .transpose()?;
        if edit.occurred_on.is_some_and(|day| day > self.today()) {
            return Err(Error::invalid(
                "date",
                "a session is recorded on or after the day it took place, not before",
            ));
        }
        self.write(|w| {
            // Read inside the write, so a change made meanwhile by another window is not undone.
            let current = load(w.conn(), id)?;
            if current.deleted {
                return Err(Error::NotFound {
                    what: "supervision session",
                    id: id.to_string(),
                    hint: "it is in the trash; restore it with `casecraft restore ID` first",
                });
            }
            let k = RecordKind::Supervision;
            let day = edit.occurred_on.unwrap_or(current.occurred_on);
            let name = supervisor
                .clone()
                .unwrap_or_else(|| current.supervisor.clone());
            if day != current.occurred_on {
                w.set(k, id, "occurred_on", Value::from(day.to_string()))?;
            }
            if name != current.supervisor {
                w.set(k, id, "supervisor", Value::from(name.clone()))?;
            }
            if day != current.occurred_on || name != current.supervisor {
                let note = format!(
                    "The supervision session of this decision was corrected: held on {day} with \
                     {name} (first recorded as {} with {}).",
                    current.occurred_on, current.supervisor
                );
                for entry in current.decisions.iter().filter_map(|d| d.entry_id) {
                    match super::entries::insert_addendum(w, entry, &note) {
                        // An entry or case since moved to the trash keeps its words.
                        Ok(_) | Err(Error::NotFound { .. }) => {}
                        Err(other) => return Err(other),
                    }
                }
            }
            if let Some(list) = &edit.functions {
                let mut functions = list.clone();
                functions.sort();
                functions.dedup();
                let names: Vec<&str> = functions.iter().map(|f| f.as_str()).collect();
                w.set(k, id, "functions", Value::from(names))?;
            }
            if let Some(text) = &notes {
                w.set_text(k, id, "notes", text)?;
            }
            if let Some(list) = &edit.reflections {
                for r in list {
                    super::reflections::exists(w.conn(), *r)?;
                }
                let mut brought: Vec<String> = list.iter().map(Id::to_string).collect();
                brought.sort();
                brought.dedup();
                w.set(k, id, "reflections", Value::from(brought))?;
            }
            match wellbeing.as_deref().map(str::trim) {
                Some("") => {
                    w.conn().execute(
                        "DELETE FROM supervision_private WHERE supervision_id = ?1",
                        [id.to_string()],
                    )?;
                }
                Some(_) => set_private(w, id, wellbeing.as_deref().unwrap_or_default())?,
                None => {}
            }
            Ok(())
        })?;
        self.supervision(id)
    }

    /// Records kept on this device only (never ops, never synced): each supervision session's
    /// wellbeing section, named by its session ("Wellbeing section of supervision with Morgan
    /// Ellis, 25/11/2026"), and each unsaved form draft ("a draft of a new reflection (“First
    /// home visit”)"). Sessions in the trash count too: their sections are still here.
    pub fn device_only_records(&self) -> Result<Vec<String>> {
        let mut out = self.wellbeing_sections()?;
        for draft in self.form_drafts()? {
            out.push(format!("a draft of {}", draft.describe()));
        }
        Ok(out)
    }

    fn wellbeing_sections(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.supervisor, s.occurred_on FROM supervision_private p
             JOIN supervisions s ON s.id = p.supervision_id
             ORDER BY s.occurred_on, s.id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| {
            let (supervisor, day) = r?;
            let day = row::date(&day)?;
            Ok(format!(
                "the wellbeing section of supervision with {supervisor} on {}",
                day.format("%d/%m/%Y")
            ))
        })
        .collect()
    }

    /// A session by id (with its wellbeing section if it was written on this device).
    pub fn supervision(&self, id: Id) -> Result<Supervision> {
        load(&self.conn, id)
    }

    /// Sessions, newest first, a page at a time (every session when no limit is given), with
    /// how many there are in all.
    pub fn list_supervisions(
        &self,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<Page<Supervision>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM supervisions WHERE deleted = 0
             ORDER BY occurred_on DESC, created_at DESC, id DESC LIMIT ?1 OFFSET ?2"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let raws = stmt
            .query_map(
                params![super::sql_limit(limit), offset.unwrap_or(0)],
                Raw::from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM supervisions WHERE deleted = 0",
            [],
            |r| r.get(0),
        )?;
        Ok(Page {
            items: raws
                .into_iter()
                .map(|r| r.into_supervision(&self.conn))
                .collect::<Result<_>>()?,
            total: u64::try_from(total).unwrap_or(0),
            offset: u64::from(offset.unwrap_or(0)),
        })
    }

    /// Cases closed in the last `days` whose person was not seen directly in the
    /// [`CONTACT_DAYS`] before the case closed (or ever): for a supervisor to look at, since a
    /// case closed without seeing the person is the closure most worth a second look.
    pub fn closed_without_contact(&self, days: i64) -> Result<Vec<CaseSummary>> {
        if !(1..=3660).contains(&days) {
            return Err(Error::invalid(
                "days",
                "give a number of days between 1 and 3660",
            ));
        }
        let from = self.today() - chrono::Duration::days(days);
        let closed = self
            .list_cases(&CaseFilter {
                status: StatusFilter::Closed,
                ..Default::default()
            })?
            .items;
        // Completed visits and meetings only (a draft is not a record of having seen the person),
        // in the four weeks up to the closing day: days in the worker's zone.
        let mut seen = self.conn.prepare(&format!(
            "SELECT EXISTS (SELECT 1 FROM entries e
               WHERE e.case_id = ?1 AND e.deleted = 0 AND e.status = 'completed'
                 AND e.kind IN ({}) AND e.occurred_at >= ?2 AND e.occurred_at < ?3)",
            super::cases::direct_contact_kinds()
        ))?;
        let mut found = Vec::new();
        for c in closed {
            let Some(closed_on) = c.closed_on.filter(|d| *d >= from) else {
                continue;
            };
            let zone = self.zone();
            let window = closed_on - chrono::Duration::days(CONTACT_DAYS - 1);
            let was_seen: bool = seen.query_row(
                [
                    c.id.to_string(),
                    stored_moment(zone.start_of(window)),
                    stored_moment(zone.start_of(closed_on + chrono::Duration::days(1))),
                ],
                |r| r.get(0),
            )?;
            if !was_seen {
                found.push(c);
            }
        }
        found.sort_by(|a, b| {
            b.closed_on
                .cmp(&a.closed_on)
                .then(a.subject.cmp(&b.subject))
        });
        Ok(found)
    }

    /// The agenda proposed for the next session, from the caseload's quality signals, the
    /// significant events and the reflections (not yet brought to a session) from the day after
    /// the last session (four weeks back when there has been none).
    pub fn supervision_agenda(&self) -> Result<Agenda> {
        let last: Option<String> = self.conn.query_row(
            "SELECT max(occurred_on) FROM supervisions WHERE deleted = 0",
            [],
            |r| r.get(0),
        )?;
        // From the last session's day itself: what happened that day after the session is not
        // lost (reflections already brought are left out below).
        let since = match last {
            Some(day) => row::date(&day)?,
            None => self.today() - chrono::Duration::days(FIRST_AGENDA_DAYS),
        };
        let cases = self
            .list_cases(&CaseFilter {
                status: StatusFilter::All,
                ..Default::default()
            })?
            .items;
        let from = since.to_string();
        let from_moment = stored_moment(self.zone().start_of(since));
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.case_id, e.occurred_at, coalesce(e.purpose, ''), e.body,
                    coalesce((SELECT name FROM people p WHERE p.case_id = e.case_id AND p.is_subject = 1
                              AND p.deleted = 0 ORDER BY p.created_at LIMIT 1), '')
             FROM entries e JOIN cases c ON c.id = e.case_id AND c.deleted = 0
             WHERE e.deleted = 0 AND e.significant = 1 AND e.status = 'completed'
               AND e.kind <> 'supervision' AND e.occurred_at >= ?1
             ORDER BY e.occurred_at",
        )?;
        let events = stmt
            .query_map([&from_moment], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(id, case, day, purpose, body, subject)| {
                let summary = if purpose.is_empty() {
                    first_words(&body)
                } else {
                    purpose
                };
                Ok(SignificantEvent {
                    entry_id: row::id(&id)?,
                    case_id: row::id(&case)?,
                    subject,
                    occurred_on: self.zone().day(row::moment(&day)?),
                    summary,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, case_id, title, occurred_on FROM reflections r
             WHERE deleted = 0 AND occurred_on >= ?1
               AND NOT EXISTS (SELECT 1 FROM supervisions s, json_each(s.reflections) b
                               WHERE s.deleted = 0 AND b.value = r.id)
             ORDER BY occurred_on",
        )?;
        let reflections = stmt
            .query_map([&from], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(id, case, title, day)| {
                Ok(RecentReflection {
                    id: row::id(&id)?,
                    case_id: row::opt_id(case)?,
                    title,
                    occurred_on: row::date(&day)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(propose_agenda(since, &cases, &events, &reflections))
    }
}

/// Noon UTC on `day`: a decision's chronology entry sits on the session's day.
fn noon(day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

fn first_words(body: &str) -> String {
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut words: String = line.chars().take(80).collect();
    if line.chars().count() > 80 {
        words.push('…');
    }
    words
}

/// The wellbeing section: this device's table, in the write's transaction, never an op.
fn set_private(w: &mut Writer<'_>, id: Id, text: &str) -> Result<()> {
    w.conn().execute(
        "INSERT INTO supervision_private (supervision_id, wellbeing) VALUES (?1, ?2)
         ON CONFLICT (supervision_id) DO UPDATE SET wellbeing = excluded.wellbeing",
        params![id.to_string(), text],
    )?;
    Ok(())
}

/// A session by id, read on `conn` (inside a write, or not).
fn load(conn: &Connection, id: Id) -> Result<Supervision> {
    let sql = format!("SELECT {COLUMNS} FROM supervisions WHERE id = ?1");
    conn.query_row(&sql, [id.to_string()], Raw::from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "supervision session",
            id: id.to_string(),
            hint: "list sessions with `casecraft supervision list`",
        })?
        .into_supervision(conn)
}

struct Raw {
    id: String,
    occurred_on: String,
    supervisor: String,
    functions: String,
    notes: String,
    decisions: String,
    reflections: String,
    actions: String,
    author: String,
    deleted: bool,
    created_at: String,
}

impl Raw {
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Raw {
            id: r.get(0)?,
            occurred_on: r.get(1)?,
            supervisor: r.get(2)?,
            functions: r.get(3)?,
            notes: r.get(4)?,
            decisions: r.get(5)?,
            reflections: r.get(6)?,
            actions: r.get(7)?,
            author: r.get(8)?,
            deleted: r.get(9)?,
            created_at: r.get(10)?,
        })
    }

    fn into_supervision(self, conn: &Connection) -> Result<Supervision> {
        let functions: Vec<String> = row::json(&self.functions)?;
        let decisions: Vec<Value> = row::json(&self.decisions)?;
        let reflections: Vec<String> = row::json(&self.reflections)?;
        let actions: Vec<String> = row::json(&self.actions)?;
        let wellbeing = conn
            .query_row(
                "SELECT wellbeing FROM supervision_private WHERE supervision_id = ?1",
                [&self.id],
                |r| r.get(0),
            )
            .optional()?;
        let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        Ok(Supervision {
            id: row::id(&self.id)?,
            occurred_on: row::date(&self.occurred_on)?,
            supervisor: self.supervisor,
            functions: functions
                .iter()
                .map(|f| row::vocab::<SupervisionFunction>(f))
                .collect::<Result<_>>()?,
            notes: self.notes,
            decisions: decisions
                .iter()
                .map(|d| {
                    Ok(CaseDecision {
                        case_id: row::id(&text(d, "case_id").unwrap_or_default())?,
                        decision: text(d, "decision").unwrap_or_default(),
                        entry_id: text(d, "entry_id").map(|e| row::id(&e)).transpose()?,
                    })
                })
                .collect::<Result<_>>()?,
            reflections: reflections
                .iter()
                .map(|r| row::id(r))
                .collect::<Result<_>>()?,
            actions: actions.iter().map(|a| row::id(a)).collect::<Result<_>>()?,
            wellbeing,
            author: row::id(&self.author)?,
            deleted: self.deleted,
            created_at: row::moment(&self.created_at)?,
        })
    }
}
