//! The reflective log.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::Value;

use super::cases::live_case;
use super::{row, Store, Writer};
use crate::casework::reflection::{
    Model, NewReflection, Reflection, ReflectionEdit, ReflectionFilter, SectionText,
};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::page::Page;
use crate::record::{RecordKind, SECTION_PREFIX};
use crate::validate;

const COLUMNS: &str =
    "id, model, title, occurred_on, case_id, entry_id, pcf, tags, visibility, created_by, deleted, created_at, updated_at";

impl Store {
    /// Writes a new reflection (private unless shared).
    pub fn create_reflection(&mut self, new: NewReflection) -> Result<Reflection> {
        let id = self.write(|w| insert(w, &new))?;
        self.reflection(id)
    }

    /// A reflection by id.
    pub fn reflection(&self, id: Id) -> Result<Reflection> {
        load(&self.conn, id)?.ok_or_else(|| not_found(id))
    }

    /// Changes a reflection.
    pub fn edit_reflection(&mut self, id: Id, edit: ReflectionEdit) -> Result<Reflection> {
        let current = self.reflection(id)?;
        if current.deleted {
            return Err(Error::NotFound {
                what: "reflection",
                id: id.to_string(),
                hint: "it is in the trash",
            });
        }
        let title = edit
            .title
            .as_deref()
            .map(|t| validate::required_line("title", t))
            .transpose()?;
        let tags = edit
            .tags
            .as_deref()
            .map(|t| validate::labels("tag", t))
            .transpose()?;
        let sections = check_sections(current.model, &edit.sections)?;
        let case_id = edit.case_id.unwrap_or(current.case_id);
        let entry_id = edit.entry_id.unwrap_or(current.entry_id);
        self.write(|w| {
            check_links(w.conn(), case_id, entry_id)?;
            let k = RecordKind::Reflection;
            if let Some(t) = title {
                w.set(k, id, "title", Value::from(t))?;
            }
            if let Some(d) = edit.occurred_on {
                w.set(k, id, "occurred_on", Value::from(d.to_string()))?;
            }
            if edit.case_id.is_some() {
                w.set(
                    k,
                    id,
                    "case_id",
                    case_id
                        .map(|c| Value::from(c.to_string()))
                        .unwrap_or(Value::Null),
                )?;
            }
            if edit.entry_id.is_some() {
                w.set(
                    k,
                    id,
                    "entry_id",
                    entry_id
                        .map(|e| Value::from(e.to_string()))
                        .unwrap_or(Value::Null),
                )?;
            }
            if let Some(mut pcf) = edit.pcf.clone() {
                pcf.sort();
                pcf.dedup();
                w.set(
                    k,
                    id,
                    "pcf",
                    Value::from(pcf.iter().map(|d| d.as_str()).collect::<Vec<_>>()),
                )?;
            }
            if let Some(t) = tags {
                w.set(k, id, "tags", Value::from(t))?;
            }
            if let Some(v) = edit.visibility {
                w.set(k, id, "visibility", Value::from(v.as_str()))?;
            }
            write_sections(w, id, &sections)
        })?;
        self.reflection(id)
    }

    /// Moves a reflection to the trash.
    pub fn delete_reflection(&mut self, id: Id) -> Result<Reflection> {
        let current = self.reflection(id)?;
        if current.deleted {
            return Err(Error::Refused(format!(
                "the reflection “{}” is already in the trash; restore it from the trash to work on it",
                current.title
            )));
        }
        self.write(|w| w.set(RecordKind::Reflection, id, "deleted", row::flag(true)))?;
        self.reflection(id)
    }

    /// The reflective log, newest first, a page at a time (every reflection when no limit is
    /// given), with how many the filtered log holds.
    pub fn list_reflections(&self, filter: &ReflectionFilter) -> Result<Page<Reflection>> {
        const WHERE: &str = "WHERE deleted = 0
               AND (?1 IS NULL OR model = ?1)
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(r.pcf) WHERE value = ?2))
               AND (?3 IS NULL OR case_id = ?3)
               AND (?4 IS NULL OR occurred_on >= ?4)
               AND (?5 IS NULL OR occurred_on <= ?5)";
        let model = filter.model.map(|m| m.as_str());
        let pcf = filter.pcf.map(|d| d.as_str());
        let case = filter.case_id.map(|c| c.to_string());
        let from = filter.from.map(|d| d.to_string());
        let to = filter.to.map(|d| d.to_string());
        let sql = format!(
            "SELECT {COLUMNS} FROM reflections r {WHERE}
             ORDER BY occurred_on DESC, id DESC LIMIT ?6 OFFSET ?7"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                model,
                pcf,
                case,
                from,
                to,
                super::sql_limit(filter.limit),
                filter.offset.unwrap_or(0)
            ],
            Raw::from_row,
        )?;
        let items = rows
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|r| r.into_reflection(&self.conn))
            .collect::<Result<Vec<_>>>()?;
        // Counted on its own: a window count would build every reflection before the page.
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM reflections r {WHERE}"))?
            .query_row(params![model, pcf, case, from, to], |r| r.get(0))?;
        let total = u64::try_from(total).unwrap_or(0);
        Ok(Page {
            items,
            total,
            offset: u64::from(filter.offset.unwrap_or(0)),
        })
    }
}

/// Writes a new reflection (validated) in an open write.
pub(crate) fn insert(w: &mut Writer<'_>, new: &NewReflection) -> Result<Id> {
    let day = new.occurred_on.unwrap_or_else(|| w.today());
    let title = match new.title.as_deref() {
        Some(t) => validate::required_line("title", t)?,
        None => format!("{} reflection, {day}", model_title(new.model)),
    };
    let tags = validate::labels("tag", &new.tags)?;
    let sections = check_sections(new.model, &new.sections)?;
    let mut pcf = new.pcf.clone();
    pcf.sort();
    pcf.dedup();
    check_links(w.conn(), new.case_id, new.entry_id)?;
    let id = Id::new();
    w.create(
        RecordKind::Reflection,
        id,
        new.case_id,
        vec![
            ("model", Value::from(new.model.as_str())),
            ("title", Value::from(title)),
            ("occurred_on", Value::from(day.to_string())),
            (
                "case_id",
                new.case_id
                    .map(|c| Value::from(c.to_string()))
                    .unwrap_or(Value::Null),
            ),
            (
                "entry_id",
                new.entry_id
                    .map(|e| Value::from(e.to_string()))
                    .unwrap_or(Value::Null),
            ),
            (
                "pcf",
                Value::from(pcf.iter().map(|d| d.as_str()).collect::<Vec<_>>()),
            ),
            ("tags", Value::from(tags)),
            ("visibility", Value::from(new.visibility.as_str())),
        ],
    )?;
    write_sections(w, id, &sections)?;
    Ok(id)
}

fn model_title(m: Model) -> &'static str {
    match m {
        Model::Gibbs => "Gibbs",
        Model::Kolb => "Kolb",
        Model::Driscoll => "Driscoll",
        Model::Schon => "Schön",
        Model::Johns => "Johns",
        Model::Free => "Free",
    }
}

fn check_sections(model: Model, sections: &[(String, String)]) -> Result<Vec<(String, String)>> {
    sections
        .iter()
        .map(|(key, text)| {
            let key = key.trim().to_lowercase();
            if model.section(&key).is_none() {
                let keys: Vec<_> = model.sections().iter().map(|s| s.key).collect();
                return Err(Error::invalid(
                    "section",
                    format!(
                        "the {} model has no section \"{}\"; its sections are: {}",
                        model,
                        crate::ids::shorten(&key),
                        keys.join(", ")
                    ),
                ));
            }
            Ok((key.clone(), validate::body(&key, text)?))
        })
        .collect()
}

fn write_sections(w: &mut Writer<'_>, id: Id, sections: &[(String, String)]) -> Result<()> {
    for (key, text) in sections {
        w.set_text(
            RecordKind::Reflection,
            id,
            &format!("{SECTION_PREFIX}{key}"),
            text,
        )?;
    }
    Ok(())
}

fn check_links(conn: &Connection, case_id: Option<Id>, entry_id: Option<Id>) -> Result<()> {
    if let Some(c) = case_id {
        live_case(conn, c)?;
    }
    if let Some(e) = entry_id {
        let entry = super::entries::load(conn, e)?.ok_or_else(|| Error::NotFound {
            what: "entry",
            id: e.to_string(),
            hint: "link an entry of the case, from `casecraft entry list CASE`",
        })?;
        match case_id {
            None => {
                return Err(Error::invalid(
                    "entry",
                    "link the reflection to the entry's case as well",
                ))
            }
            Some(c) if c != entry.case_id => {
                return Err(Error::invalid(
                    "entry",
                    "that entry belongs to another case",
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Refuses an id that is not a live reflection.
pub(crate) fn exists(conn: &Connection, id: Id) -> Result<()> {
    match load(conn, id)? {
        Some(r) if !r.deleted => Ok(()),
        _ => Err(not_found(id)),
    }
}

fn load(conn: &Connection, id: Id) -> Result<Option<Reflection>> {
    let sql = format!("SELECT {COLUMNS} FROM reflections WHERE id = ?1");
    conn.query_row(&sql, [id.to_string()], Raw::from_row)
        .optional()?
        .map(|r| r.into_reflection(conn))
        .transpose()
}

fn not_found(id: Id) -> Error {
    Error::NotFound {
        what: "reflection",
        id: id.to_string(),
        hint: "list reflections with `casecraft reflect list`",
    }
}

struct Raw {
    id: String,
    model: String,
    title: String,
    occurred_on: String,
    case_id: Option<String>,
    entry_id: Option<String>,
    pcf: String,
    tags: String,
    visibility: String,
    author: String,
    deleted: bool,
    created_at: String,
    updated_at: String,
}

impl Raw {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Raw {
            id: r.get(0)?,
            model: r.get(1)?,
            title: r.get(2)?,
            occurred_on: r.get(3)?,
            case_id: r.get(4)?,
            entry_id: r.get(5)?,
            pcf: r.get(6)?,
            tags: r.get(7)?,
            visibility: r.get(8)?,
            author: r.get(9)?,
            deleted: r.get(10)?,
            created_at: r.get(11)?,
            updated_at: r.get(12)?,
        })
    }

    fn into_reflection(self, conn: &Connection) -> Result<Reflection> {
        let model: Model = row::vocab(&self.model)?;
        let mut stmt = conn
            .prepare_cached("SELECT key, text FROM reflection_sections WHERE reflection_id = ?1")?;
        let written: HashMap<String, String> = stmt
            .query_map([&self.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let sections = model
            .sections()
            .iter()
            .map(|s| SectionText {
                key: s.key.to_string(),
                heading: s.heading.to_string(),
                prompt: s.prompt.to_string(),
                text: written.get(s.key).cloned().unwrap_or_default(),
            })
            .collect();
        let pcf: Vec<String> = row::json(&self.pcf)?;
        Ok(Reflection {
            id: row::id(&self.id)?,
            model,
            title: self.title,
            occurred_on: row::date(&self.occurred_on)?,
            case_id: row::opt_id(self.case_id)?,
            entry_id: row::opt_id(self.entry_id)?,
            pcf: pcf.iter().map(|d| row::vocab(d)).collect::<Result<_>>()?,
            tags: row::json(&self.tags)?,
            visibility: row::vocab(&self.visibility)?,
            sections,
            author: row::id(&self.author)?,
            deleted: self.deleted,
            created_at: row::moment(&self.created_at)?,
            updated_at: row::moment(&self.updated_at)?,
        })
    }
}
