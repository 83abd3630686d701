//! The people in a case's network.

use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::Value;

use super::cases::live_case;
use super::{row, Store, Writer};
use crate::casework::person::{NewPerson, Person, PersonEdit};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::record::RecordKind;
use crate::validate;

const PERSON_COLUMNS: &str =
    "id, case_id, name, relationship, household, agency, date_of_birth, notes, is_subject, deleted, created_at";

impl Store {
    /// Adds someone to a case's network.
    pub fn add_person(&mut self, case_id: Id, new: NewPerson) -> Result<Person> {
        let id = self.write(|w| {
            live_case(w.conn(), case_id)?;
            insert(w, case_id, &new)
        })?;
        self.person(id)
    }

    /// A person by id.
    pub fn person(&self, id: Id) -> Result<Person> {
        load(&self.conn, id)?.ok_or_else(|| not_found(id))
    }

    /// Changes what is known about a person.
    pub fn edit_person(&mut self, id: Id, edit: PersonEdit) -> Result<Person> {
        let name = edit
            .name
            .as_deref()
            .map(|n| validate::required_line("name", n))
            .transpose()?;
        let relationship = edit
            .relationship
            .as_deref()
            .map(|n| validate::required_line("relationship", n))
            .transpose()?;
        let household = edit
            .household
            .as_deref()
            .map(|h| validate::optional_line("household", Some(h)))
            .transpose()?;
        let agency = edit
            .agency
            .as_deref()
            .map(|a| validate::optional_line("agency", Some(a)))
            .transpose()?;
        let notes = edit
            .notes
            .as_deref()
            .map(|n| validate::body("notes", n))
            .transpose()?;
        self.write(|w| {
            let person = live(w.conn(), id)?;
            live_case(w.conn(), person.case_id)?;
            let k = RecordKind::Person;
            if let Some(n) = name {
                w.set(k, id, "name", Value::from(n))?;
            }
            if let Some(r) = relationship {
                w.set(k, id, "relationship", Value::from(r))?;
            }
            if let Some(h) = household {
                w.set(
                    k,
                    id,
                    "household",
                    h.map(Value::from).unwrap_or(Value::Null),
                )?;
            }
            if let Some(a) = agency {
                w.set(k, id, "agency", a.map(Value::from).unwrap_or(Value::Null))?;
            }
            if let Some(d) = edit.date_of_birth {
                w.set(k, id, "date_of_birth", Value::from(d.to_string()))?;
            }
            if let Some(n) = notes {
                w.set_text(k, id, "notes", &n)?;
            }
            Ok(())
        })?;
        self.person(id)
    }

    /// Moves a person to the trash. The case's only subject stays.
    pub fn delete_person(&mut self, id: Id) -> Result<Person> {
        self.write(|w| {
            let person = live(w.conn(), id)?;
            if person.is_subject {
                let subjects: i64 = w.conn().query_row(
                    "SELECT count(*) FROM people WHERE case_id = ?1 AND is_subject = 1 AND deleted = 0",
                    [person.case_id.to_string()],
                    |r| r.get(0),
                )?;
                if subjects <= 1 {
                    return Err(Error::Refused(
                        "this is the person the case is about; a case keeps its subject (delete the case instead)".into(),
                    ));
                }
            }
            w.set(RecordKind::Person, id, "deleted", row::flag(true))
        })?;
        self.person(id)
    }

    /// People once in a case's network and now in the trash: anonymising an export still
    /// replaces their names wherever the case's records mention them.
    pub(crate) fn trashed_people(&self, case_id: Id) -> Result<Vec<Person>> {
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE case_id = ?1 AND deleted = 1
             ORDER BY created_at, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([case_id.to_string()], RawPerson::from_row)?;
        rows.map(|r| r?.into_person()).collect()
    }

    /// The people in a case's network: the subject first, then by household
    /// and name.
    pub fn list_people(&self, case_id: Id) -> Result<Vec<Person>> {
        self.case(case_id)?;
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE case_id = ?1 AND deleted = 0
             ORDER BY is_subject DESC, coalesce(household, agency, '~'), name, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([case_id.to_string()], RawPerson::from_row)?;
        rows.map(|r| r?.into_person()).collect()
    }
}

/// Writes a new person (validated) into a case's network in an open write.
pub(crate) fn insert(w: &mut Writer<'_>, case_id: Id, new: &NewPerson) -> Result<Id> {
    let name = validate::required_line("name", &new.name)?;
    let relationship = validate::required_line("relationship", &new.relationship)?;
    let household = validate::optional_line("household", new.household.as_deref())?;
    let agency = validate::optional_line("agency", new.agency.as_deref())?;
    let notes = validate::body("notes", new.notes.as_deref().unwrap_or(""))?;
    let id = Id::new();
    w.create(
        RecordKind::Person,
        id,
        Some(case_id),
        vec![
            ("case_id", Value::from(case_id.to_string())),
            ("name", Value::from(name)),
            ("relationship", Value::from(relationship)),
            (
                "household",
                household.map(Value::from).unwrap_or(Value::Null),
            ),
            ("agency", agency.map(Value::from).unwrap_or(Value::Null)),
            (
                "date_of_birth",
                new.date_of_birth
                    .map(|d| Value::from(d.to_string()))
                    .unwrap_or(Value::Null),
            ),
            ("is_subject", row::flag(new.is_subject)),
        ],
    )?;
    w.set_text(RecordKind::Person, id, "notes", &notes)?;
    Ok(id)
}

fn live(conn: &Connection, id: Id) -> Result<Person> {
    let p = load(conn, id)?.ok_or_else(|| not_found(id))?;
    if p.deleted {
        return Err(Error::NotFound {
            what: "person",
            id: id.to_string(),
            hint: "they are in the trash",
        });
    }
    Ok(p)
}

fn load(conn: &Connection, id: Id) -> Result<Option<Person>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1");
    conn.query_row(&sql, [id.to_string()], RawPerson::from_row)
        .optional()?
        .map(RawPerson::into_person)
        .transpose()
}

fn not_found(id: Id) -> Error {
    Error::NotFound {
        what: "person",
        id: id.to_string(),
        hint: "list a case's network with `casecraft person list CASE`",
    }
}

struct RawPerson(
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    bool,
    bool,
    String,
);

impl RawPerson {
    fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawPerson(
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
        ))
    }

    fn into_person(self) -> Result<Person> {
        Ok(Person {
            id: row::id(&self.0)?,
            case_id: row::id(&self.1)?,
            name: self.2,
            relationship: self.3,
            household: self.4,
            agency: self.5,
            date_of_birth: row::opt_date(self.6)?,
            notes: self.7,
            is_subject: self.8,
            deleted: self.9,
            created_at: row::moment(&self.10)?,
        })
    }
}
