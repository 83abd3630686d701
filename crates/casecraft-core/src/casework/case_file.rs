//! A case file: a case with every record in it, gathered by the store for a document or an
//! export, and every value its identifying fields have had (for anonymising).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::casework::action::Action;
use crate::casework::case::Case;
use crate::casework::cowork::CoworkNote;
use crate::casework::entry::Entry;
use crate::casework::person::Person;
use crate::casework::reflection::Reflection;
use crate::zone::Zone;

/// The export format's name and version, written into every JSON export.
pub const FORMAT: &str = "casecraft-case/1";

/// A case with all its records.
#[derive(Debug, Clone, Serialize)]
pub struct CaseExport {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// The case.
    pub case: Case,
    /// Its network.
    pub people: Vec<Person>,
    /// People once in its network, now in the trash: not exported, but anonymising still
    /// replaces their names.
    #[serde(skip)]
    pub former_people: Vec<Person>,
    /// Every value its people's names and dates of birth and its reference have had: not
    /// exported, but anonymising replaces old values as well as current ones.
    #[serde(skip)]
    pub history: FieldHistory,
    /// Its chronology, oldest first.
    pub entries: Vec<Entry>,
    /// Reflections linked to it.
    pub reflections: Vec<Reflection>,
    /// Co-working notes, oldest first.
    pub cowork_notes: Vec<CoworkNote>,
    /// Actions.
    pub actions: Vec<Action>,
    /// The worker's time zone: documents made from the export show local dates and times in
    /// it and name it.
    #[serde(skip)]
    pub zone: Zone,
}

/// Every value a case's identifying fields have had, read from the change log (a person renamed,
/// a reference corrected, a date of birth put right): the current values, and every earlier one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldHistory {
    /// Each person's names (people in the trash too), by person, oldest first.
    pub names: BTreeMap<crate::Id, Vec<String>>,
    /// Each person's dates of birth, by person, oldest first.
    pub dates_of_birth: BTreeMap<crate::Id, Vec<NaiveDate>>,
    /// The case's references, oldest first.
    pub references: Vec<String>,
}
