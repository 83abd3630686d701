//! The pieces of the IPC contract every screen uses: reading an id or a day sent by the UI, the
//! app's labels for a day and a moment, a choice in a closed list, and a page of a list. Each
//! concept's own DTOs live beside its commands, in `commands/<concept>/dto.rs`.
//!
//! The IPC contract is what crosses between the UI and the shell, owned here and mapped from the
//! core's types so the core can change shape without breaking the front end by accident.
//! Field names are camelCase on the wire; ids are strings; moments are RFC 3339 in UTC, with a
//! ready-made label in local time for display.

use casecraft_core::page::Page;
use casecraft_core::{validate, Id};
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use crate::error::IpcError;

/// Reads an id sent by the UI for `field`.
pub fn parse_id(field: &str, id: &str) -> Result<Id, IpcError> {
    Ok(Id::parse(field, id)?)
}

/// Reads an optional `YYYY-MM-DD` sent by the UI; empty is none.
/// A day as typed in the app's day fields: day first, in any common form (the core's one rule,
/// `validate::date`), or none when empty.
pub fn optional_day(field: &str, day: Option<&str>) -> Result<Option<NaiveDate>, IpcError> {
    match day.map(str::trim) {
        None | Some("") => Ok(None),
        Some(day) => Ok(Some(validate::date(field, day)?)),
    }
}

/// A day in the app's one style: "Tue 1 Dec 2026".
pub(crate) fn day_label(day: chrono::NaiveDate) -> String {
    day.format("%a %-d %b %Y").to_string()
}

/// A moment as a person reads it here: `Wed 25 Nov 2026, 14:30` in local time.
pub(crate) fn local_label(moment: DateTime<Utc>) -> String {
    moment
        .with_timezone(&Local)
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// A choice in a closed list: the stable value and how it reads.
#[derive(Debug, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// One page of a list and how many items the whole list holds: every list in the app says how
/// many there are and can show them all.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageDto<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub offset: u64,
    /// Whether items follow this page.
    pub has_more: bool,
}

impl<T> PageDto<T> {
    /// The page with each item made a DTO by `f`.
    pub fn map<S>(page: Page<S>, f: impl FnMut(S) -> T) -> Self {
        let has_more = page.has_more();
        let (total, offset) = (page.total, page.offset);
        PageDto {
            items: page.items.into_iter().map(f).collect(),
            total,
            offset,
            has_more,
        }
    }

    /// The page with each item made a DTO by `f`, which may fail.
    pub fn try_map<S, E>(page: Page<S>, f: impl FnMut(S) -> Result<T, E>) -> Result<Self, E> {
        let has_more = page.has_more();
        let (total, offset) = (page.total, page.offset);
        Ok(PageDto {
            items: page.items.into_iter().map(f).collect::<Result<_, E>>()?,
            total,
            offset,
            has_more,
        })
    }
}
