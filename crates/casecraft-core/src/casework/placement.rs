//! A student's placement: where it is, who the practice educator is, when it started and how many
//! days it needs; a log of the days done (what was done, which PCF domains it evidences); and the
//! direct observations of practice with the observer's feedback.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::casework::reflection::{PcfDomain, Reflection};
use crate::casework::supervision::Supervision;
use crate::ids::Id;

/// A placement.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    /// The placement's id.
    pub id: Id,
    /// The setting (team, service, agency).
    pub setting: String,
    /// The practice educator.
    pub educator: String,
    /// First day.
    pub started_on: NaiveDate,
    /// Days the placement requires.
    pub required_days: u32,
    /// Days logged so far.
    pub days_logged: u32,
    /// Created (UTC).
    pub created_at: DateTime<Utc>,
}

/// What a new placement takes.
#[derive(Debug, Clone, Default)]
pub struct NewPlacement {
    /// The setting.
    pub setting: String,
    /// The practice educator.
    pub educator: String,
    /// First day.
    pub started_on: Option<NaiveDate>,
    /// Days required (70 and 100 are the usual first and final placements).
    pub required_days: u32,
}

/// A change to a placement; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct PlacementEdit {
    /// A new setting.
    pub setting: Option<String>,
    /// A new practice educator.
    pub educator: Option<String>,
    /// A new first day.
    pub started_on: Option<NaiveDate>,
    /// New days required.
    pub required_days: Option<u32>,
}

/// One day of placement.
#[derive(Debug, Clone, Serialize)]
pub struct PlacementDay {
    /// The day's id.
    pub id: Id,
    /// Its placement.
    pub placement_id: Id,
    /// The day.
    pub day: NaiveDate,
    /// What was done and learned (Markdown).
    pub activities: String,
    /// The PCF domains it evidences.
    pub pcf: Vec<PcfDomain>,
}

/// What logging a day takes.
#[derive(Debug, Clone, Default)]
pub struct NewPlacementDay {
    /// The day (today if `None`).
    pub day: Option<NaiveDate>,
    /// What was done.
    pub activities: String,
    /// PCF domains evidenced.
    pub pcf: Vec<PcfDomain>,
}

/// A direct observation of practice.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    /// The observation's id.
    pub id: Id,
    /// Its placement.
    pub placement_id: Id,
    /// When.
    pub observed_on: NaiveDate,
    /// Who observed (usually the practice educator).
    pub observer: String,
    /// What was observed (a home visit, a meeting chaired…).
    pub activity: String,
    /// The observer's feedback (Markdown).
    pub feedback: String,
    /// The PCF domains it evidences.
    pub pcf: Vec<PcfDomain>,
}

/// What recording an observation takes.
#[derive(Debug, Clone, Default)]
pub struct NewObservation {
    /// When (today if `None`).
    pub observed_on: Option<NaiveDate>,
    /// Who observed.
    pub observer: String,
    /// What was observed.
    pub activity: String,
    /// The feedback.
    pub feedback: String,
    /// PCF domains evidenced.
    pub pcf: Vec<PcfDomain>,
}

/// The most days a placement may require (a year of working days).
pub const MAX_REQUIRED_DAYS: u32 = 260;

/// A correction to a logged day; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct PlacementDayEdit {
    /// The day (another day already in the log is refused).
    pub day: Option<NaiveDate>,
    /// What was done.
    pub activities: Option<String>,
    /// The PCF domains evidenced.
    pub pcf: Option<Vec<PcfDomain>>,
}

/// A correction to a direct observation; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub struct ObservationEdit {
    /// When it took place.
    pub observed_on: Option<NaiveDate>,
    /// Who observed.
    pub observer: Option<String>,
    /// What was observed.
    pub activity: Option<String>,
    /// The observer's feedback.
    pub feedback: Option<String>,
    /// The PCF domains evidenced.
    pub pcf: Option<Vec<PcfDomain>>,
}

/// Everything a portfolio is made from (gathered by the store; `documents::portfolio` makes it
/// into a document).
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The student's name.
    pub student: String,
    /// The day it is made.
    pub made_on: NaiveDate,
    /// Placements, latest first.
    pub placements: Vec<Placement>,
    /// Reflections, oldest first.
    pub reflections: Vec<Reflection>,
    /// Direct observations, oldest first.
    pub observations: Vec<Observation>,
    /// Days logged per PCF domain, in the order of [`PcfDomain::ALL`].
    pub days_by_domain: Vec<u32>,
    /// Supervision sessions, oldest first (their wellbeing sections are never shown).
    pub supervisions: Vec<Supervision>,
}
