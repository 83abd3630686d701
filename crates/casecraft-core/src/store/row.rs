//! Reading stored values back into domain types; anything unreadable is
//! reported as damage, never a panic.

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::ids::Id;

pub(crate) fn id(s: &str) -> Result<Id> {
    Id::parse("id", s).map_err(|_| {
        Error::Corrupt(format!(
            "a stored id is not valid ({})",
            crate::ids::shorten(s)
        ))
    })
}

pub(crate) fn opt_id(s: Option<String>) -> Result<Option<Id>> {
    s.filter(|s| !s.is_empty()).map(|s| id(&s)).transpose()
}

pub(crate) fn moment(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            Error::Corrupt(format!(
                "a stored time is not valid ({})",
                crate::ids::shorten(s)
            ))
        })
}

pub(crate) fn opt_moment(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.filter(|s| !s.is_empty()).map(|s| moment(&s)).transpose()
}

pub(crate) fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        Error::Corrupt(format!(
            "a stored date is not valid ({})",
            crate::ids::shorten(s)
        ))
    })
}

pub(crate) fn opt_date(s: Option<String>) -> Result<Option<NaiveDate>> {
    s.filter(|s| !s.is_empty()).map(|s| date(&s)).transpose()
}

pub(crate) fn json<T: DeserializeOwned>(s: &str) -> Result<T> {
    Ok(serde_json::from_str(s)?)
}

pub(crate) fn vocab<T: std::str::FromStr>(s: &str) -> Result<T> {
    s.parse().map_err(|_| {
        Error::Corrupt(format!(
            "a stored value is not valid ({})",
            crate::ids::shorten(s)
        ))
    })
}

pub(crate) fn flag(b: bool) -> serde_json::Value {
    serde_json::Value::from(i64::from(b))
}
