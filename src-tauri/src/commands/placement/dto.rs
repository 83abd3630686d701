//! A student's placement, day log and direct observations.

use serde::{Deserialize, Serialize};

/// A placement with its progress.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacementDto {
    pub id: String,
    pub setting: String,
    pub educator: String,
    pub started_on: String,
    pub required_days: u32,
    pub days_logged: u32,
}

impl From<casecraft_core::casework::placement::Placement> for PlacementDto {
    fn from(p: casecraft_core::casework::placement::Placement) -> Self {
        PlacementDto {
            id: p.id.to_string(),
            setting: p.setting,
            educator: p.educator,
            started_on: p.started_on.to_string(),
            required_days: p.required_days,
            days_logged: p.days_logged,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPlacementDto {
    pub setting: String,
    pub educator: String,
    pub started_on: Option<String>,
    pub required_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDayDto {
    pub day: Option<String>,
    pub activities: String,
    #[serde(default)]
    pub pcf: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewObservationDto {
    pub observed_on: Option<String>,
    pub observer: String,
    pub activity: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub pcf: Vec<String>,
}

/// A day of the log: `pcf` names the domains, `domains` gives their keys for the edit form.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayDto {
    pub id: String,
    pub day: String,
    pub activities: String,
    pub pcf: Vec<&'static str>,
    pub domains: Vec<&'static str>,
}

impl From<casecraft_core::casework::placement::PlacementDay> for DayDto {
    fn from(d: casecraft_core::casework::placement::PlacementDay) -> Self {
        DayDto {
            id: d.id.to_string(),
            day: d.day.to_string(),
            activities: d.activities,
            pcf: d.pcf.iter().map(|p| p.title()).collect(),
            domains: d.pcf.iter().map(|p| p.as_str()).collect(),
        }
    }
}

/// A direct observation, as the placement screen lists it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservationDto {
    pub id: String,
    pub observed_on: String,
    pub observer: String,
    pub activity: String,
    pub feedback: String,
    pub pcf: Vec<&'static str>,
    pub domains: Vec<&'static str>,
}

impl From<casecraft_core::casework::placement::Observation> for ObservationDto {
    fn from(o: casecraft_core::casework::placement::Observation) -> Self {
        ObservationDto {
            id: o.id.to_string(),
            observed_on: o.observed_on.to_string(),
            observer: o.observer,
            activity: o.activity,
            feedback: o.feedback,
            pcf: o.pcf.iter().map(|p| p.title()).collect(),
            domains: o.pcf.iter().map(|p| p.as_str()).collect(),
        }
    }
}
