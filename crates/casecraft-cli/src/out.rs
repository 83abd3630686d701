//! Output that is human text or JSON: the writer, times in local time, and lists with the
//! footer saying how much of them a page showed.

use std::io::Write;

use casecraft_core::page::Page;
use casecraft_core::{Error, Result};
use chrono::{DateTime, Local, Utc};
use serde::Serialize;

/// Output that is either human text or JSON.
pub struct Out<'a> {
    pub w: &'a mut dyn Write,
    pub json: bool,
}

impl Out<'_> {
    /// Prints `value` as pretty JSON.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let s = serde_json::to_string_pretty(value)
            .map_err(|_| Error::Refused("the result could not be written as JSON".into()))?;
        self.line(&s)
    }

    /// Prints one line.
    pub fn line(&mut self, s: &str) -> Result<()> {
        writeln!(self.w, "{s}").map_err(|e| Error::Storage {
            action: "written",
            reason: format!("standard output failed ({})", e.kind()),
        })
    }

    /// Prints a record: JSON, or the text form.
    pub fn record<T: Serialize>(
        &mut self,
        value: &T,
        text: impl FnOnce(&mut Self) -> Result<()>,
    ) -> Result<()> {
        if self.json {
            self.json(value)
        } else {
            text(self)
        }
    }
}

/// A moment in local time.
pub fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// A list as JSON: the whole list as an array, or — when a page was asked for (`paged`) — the
/// page with how many the whole list holds (`{"items": […], "total": N, "offset": K}`).
pub fn json_list<T: Serialize>(out: &mut Out<'_>, page: &Page<T>, paged: bool) -> Result<()> {
    if paged {
        out.json(page)
    } else {
        out.json(&page.items)
    }
}

/// Says how much of a list a page showed when it was not the whole list: "Showing 201–400 of
/// 1234 cases; `--offset 400` for the next". Nothing when the whole list was shown.
pub fn shown<T>(out: &mut Out<'_>, page: &Page<T>, what: &str) -> Result<()> {
    if out.json || (page.offset == 0 && !page.has_more()) {
        return Ok(());
    }
    let first = page.offset + 1;
    let last = page.offset + page.items.len() as u64;
    if page.items.is_empty() {
        return out.line(&format!(
            "Nothing from number {first} on: there are {} {what}.",
            page.total
        ));
    }
    let next = if page.has_more() {
        format!("; `--offset {last}` for the next")
    } else {
        String::new()
    };
    out.line(&format!(
        "Showing {first}–{last} of {} {what}{next}.",
        page.total
    ))
}
