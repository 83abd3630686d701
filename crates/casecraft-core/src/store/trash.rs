//! The trash: records deleted by a person, each restorable. Nothing is ever
//! purged by a user action or by sync.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::{row, Store};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::page::Page;
use crate::record::RecordKind;

/// A record in the trash.
#[derive(Debug, Clone, Serialize)]
pub struct TrashItem {
    /// Its kind.
    pub kind: RecordKind,
    /// Its id.
    pub id: Id,
    /// Its case, if any.
    pub case_id: Option<Id>,
    /// A short label (subject, name, purpose, title, text).
    pub label: String,
    /// When it was deleted (its last change).
    pub deleted_at: DateTime<Utc>,
}

impl Store {
    /// Everything in the trash, most recently deleted first, a page at a time (everything when
    /// no limit is given), with how many items the trash holds.
    pub fn list_trash(&self, limit: Option<u32>, offset: Option<u32>) -> Result<Page<TrashItem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, id, case_id, label, at FROM (
               SELECT 'case' AS kind, c.id, c.id AS case_id,
                      coalesce((SELECT name FROM people p WHERE p.case_id = c.id AND p.is_subject = 1 ORDER BY created_at LIMIT 1), reference, 'Case') AS label,
                      c.updated_at AS at FROM cases c WHERE c.deleted = 1
               UNION ALL SELECT 'person', id, case_id, name, updated_at FROM people WHERE deleted = 1
               UNION ALL SELECT 'entry', id, case_id, coalesce(purpose, kind), updated_at FROM entries WHERE deleted = 1
               UNION ALL SELECT 'reflection', id, case_id, title, updated_at FROM reflections WHERE deleted = 1
               UNION ALL SELECT 'action', id, case_id, text, updated_at FROM actions WHERE deleted = 1
               UNION ALL SELECT 'supervision', id, NULL, 'Supervision with ' || supervisor || ', ' || occurred_on, updated_at FROM supervisions WHERE deleted = 1
               UNION ALL SELECT 'placement', id, NULL, setting, updated_at FROM placements WHERE deleted = 1
               UNION ALL SELECT 'placement-day', id, NULL, 'Placement day ' || day, updated_at FROM placement_days WHERE deleted = 1
               UNION ALL SELECT 'observation', id, NULL, 'Observation: ' || activity, updated_at FROM observations WHERE deleted = 1
             ) ORDER BY at DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let all = rows
            .map(|r| {
                let (kind, id, case_id, label, at) = r?;
                Ok(TrashItem {
                    kind: row::vocab(&kind)?,
                    id: row::id(&id)?,
                    case_id: row::opt_id(case_id)?,
                    label: label.chars().take(120).collect(),
                    deleted_at: row::moment(&at)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::of(all, offset, limit))
    }

    /// The kind of the record `id`; not found (with `hint`) when there is none.
    fn kind_of(&self, id: Id, hint: &'static str) -> Result<RecordKind> {
        let kind: Option<String> = self
            .conn
            .query_row(
                "SELECT kind FROM records WHERE record_id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        match kind {
            Some(k) => row::vocab(&k),
            None => Err(Error::NotFound {
                what: "record",
                id: id.to_string(),
                hint,
            }),
        }
    }

    /// Moves a supervision session, a placement, a day of the log or an observation to the trash
    /// (restorable like anything else). A session's decisions stay in the chronologies: they are
    /// completed entries of the case record. Refused for other kinds, which have their own rules.
    pub fn move_to_trash(&mut self, id: Id) -> Result<RecordKind> {
        let kind = self.kind_of(
            id,
            "give the id of a supervision session, placement, day or observation",
        )?;
        if !matches!(
            kind,
            RecordKind::Supervision
                | RecordKind::Placement
                | RecordKind::PlacementDay
                | RecordKind::Observation
        ) {
            return Err(Error::Refused(format!(
                "a {kind} is moved to the trash from its own place (e.g. `casecraft {kind} delete`)"
            )));
        }
        let deleted: bool = self.conn.query_row(
            &format!("SELECT deleted FROM {} WHERE id = ?1", kind.table()),
            [id.to_string()],
            |r| r.get(0),
        )?;
        if deleted {
            return Err(Error::Refused(format!(
                "that {kind} is already in the trash"
            )));
        }
        self.write(|w| w.set(kind, id, "deleted", row::flag(true)))?;
        Ok(kind)
    }

    /// Restores any record from the trash.
    pub fn restore(&mut self, id: Id) -> Result<RecordKind> {
        let kind = self.kind_of(id, "list the trash with `casecraft trash`")?;
        let sql = format!("SELECT deleted FROM {} WHERE id = ?1", kind.table());
        let deleted: bool = self.conn.query_row(&sql, [id.to_string()], |r| r.get(0))?;
        if !deleted {
            return Err(Error::Refused(format!("that {kind} is not in the trash")));
        }
        self.write(|w| w.set(kind, id, "deleted", row::flag(false)))?;
        Ok(kind)
    }
}
