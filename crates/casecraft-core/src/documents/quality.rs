//! The quality review of a case: one page for supervision and audit that shows the casework, not
//! the caseload — how often the person was seen month by month, the significant events,
//! reflections and supervision decisions about the case, co-working, and what is still open. Made
//! from an export of the case and the day it is made for, so the same case on the same day gives
//! the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::casework::case_file::CaseExport;
use crate::casework::entry::{EntryKind, EntryStatus};
use crate::documents::model::html_document;
use crate::documents::model::md_line as one_line;

/// Contacts in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthContacts {
    /// `YYYY-MM`.
    pub month: String,
    /// Home and office visits and meetings: seeing the person.
    pub direct: u32,
    /// Calls, messages and notes.
    pub other: u32,
}

/// Completed contacts per month from the case's opening month to `today`'s (or its closing
/// month). A draft is not counted until it is completed.
pub fn contacts_by_month(export: &CaseExport, today: NaiveDate) -> Vec<MonthContacts> {
    let end = export.case.closed_on.unwrap_or(today).min(today);
    let mut months: BTreeMap<(i32, u32), (u32, u32)> = BTreeMap::new();
    let (mut y, mut m) = (export.case.opened_on.year(), export.case.opened_on.month());
    while (y, m) <= (end.year(), end.month()) {
        months.insert((y, m), (0, 0));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        if months.len() > 600 {
            break;
        }
    }
    for e in export
        .entries
        .iter()
        .filter(|e| !e.deleted && e.status == EntryStatus::Completed)
    {
        if matches!(
            e.kind,
            EntryKind::Closure | EntryKind::Reopening | EntryKind::Supervision
        ) {
            continue;
        }
        // A day in the worker's zone; a contact dated after the review is not counted.
        let day = export.zone.day(e.occurred_at);
        if day > today {
            continue;
        }
        if let Some(slot) = months.get_mut(&(day.year(), day.month())) {
            if e.kind.is_direct_contact() {
                slot.0 += 1;
            } else {
                slot.1 += 1;
            }
        }
    }
    months
        .into_iter()
        .map(|((y, m), (direct, other))| MonthContacts {
            month: format!("{y:04}-{m:02}"),
            direct,
            other,
        })
        .collect()
}

/// The review as Markdown (dates in the worker's zone, which it names).
pub fn to_markdown(export: &CaseExport, today: NaiveDate) -> String {
    let c = &export.case;
    let mut md = String::new();
    let _ = writeln!(md, "# Quality review: {}\n", c.subject);
    let mut facts = vec![format!("Opened {}", c.opened_on)];
    if let Some(r) = &c.reference {
        facts.insert(0, format!("Reference {r}"));
    }
    match c.closed_on {
        Some(d) => facts.push(format!("closed {d}")),
        None => facts.push("open".into()),
    }
    facts.push(format!("reviewed {today}"));
    facts.push(format!("dates local to {}", export.zone.name()));
    let _ = writeln!(md, "{}\n", facts.join(" · "));
    if let (Some(_), Some(rationale)) = (c.closed_on, &c.closure_rationale) {
        let _ = writeln!(md, "**Why it closed:** {}\n", one_line(rationale));
    }

    let live = || {
        export
            .entries
            .iter()
            .filter(|e| !e.deleted && e.status == EntryStatus::Completed)
    };
    let _ = writeln!(md, "## Direct contact\n");
    match live()
        .filter(|e| e.kind.is_direct_contact() && export.zone.day(e.occurred_at) <= today)
        .map(|e| e.occurred_at)
        .max()
    {
        Some(last) => {
            let days = export.zone.days_since(last, today).max(0);
            let _ = writeln!(
                md,
                "Last seen {} ({days} day{} before this review).\n",
                export.zone.day(last),
                if days == 1 { "" } else { "s" }
            );
        }
        None => {
            let _ = writeln!(
                md,
                "**The person has not been seen directly in this case.**\n"
            );
        }
    }
    let months = contacts_by_month(export, today);
    let _ = writeln!(md, "| Month | Direct contacts | Other contacts |");
    let _ = writeln!(md, "| --- | --- | --- |");
    for m in &months {
        let _ = writeln!(
            md,
            "| {} | {} {} | {} |",
            m.month,
            m.direct,
            "█".repeat(m.direct.min(30) as usize),
            m.other
        );
    }
    let _ = writeln!(md);

    let _ = writeln!(md, "## Significant events\n");
    let mut any = false;
    for e in live().filter(|e| e.significant && e.kind != EntryKind::Supervision) {
        any = true;
        let what = e
            .purpose
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| first_words(&e.body));
        let _ = writeln!(
            md,
            "- {} — {}: {}",
            export.zone.day(e.occurred_at),
            e.kind.label(),
            one_line(&what)
        );
    }
    none_if(&mut md, any, "None recorded.");

    let _ = writeln!(md, "## Supervision decisions\n");
    let mut any = false;
    for e in live().filter(|e| e.kind == EntryKind::Supervision) {
        any = true;
        let _ = writeln!(
            md,
            "- {} — {}: {}",
            export.zone.day(e.occurred_at),
            e.purpose.as_deref().unwrap_or("Supervision"),
            one_line(&e.body)
        );
    }
    none_if(
        &mut md,
        any,
        "The case has not been discussed in a recorded supervision.",
    );

    let _ = writeln!(md, "## Reflections\n");
    let mut any = false;
    for r in export.reflections.iter().filter(|r| !r.deleted) {
        any = true;
        let _ = writeln!(
            md,
            "- {} — {} ({})",
            r.occurred_on,
            one_line(&r.title),
            r.model
        );
    }
    none_if(&mut md, any, "No reflections on this case.");

    let _ = writeln!(md, "## Co-working\n");
    let notes: Vec<_> = export.cowork_notes.iter().collect();
    if notes.is_empty() {
        let _ = writeln!(md, "No co-working notes: worked alone.\n");
    } else {
        let mut authors: Vec<String> = notes
            .iter()
            .map(|n| {
                n.author_name
                    .clone()
                    .unwrap_or_else(|| n.author.to_string())
            })
            .collect();
        authors.sort();
        authors.dedup();
        let _ = writeln!(
            md,
            "{} note{} by {}; the latest:\n",
            notes.len(),
            if notes.len() == 1 { "" } else { "s" },
            authors.join(", ")
        );
        for n in notes.iter().rev().take(5) {
            let _ = writeln!(
                md,
                "- {} — {}: {}",
                export.zone.day(n.created_at),
                n.kind,
                first_words(&n.body)
            );
        }
        let _ = writeln!(md);
    }

    let _ = writeln!(md, "## Open actions\n");
    let mut any = false;
    for a in export.actions.iter().filter(|a| !a.done && !a.deleted) {
        any = true;
        let due = match a.due_on {
            Some(d) if d < today => format!(" — **overdue since {d}**"),
            Some(d) => format!(" — due {d}"),
            None => String::new(),
        };
        let _ = writeln!(md, "- {}{due}", one_line(&a.text));
    }
    none_if(&mut md, any, "None open.");
    md
}

/// The review as a print-ready HTML document.
pub fn to_html(export: &CaseExport, today: NaiveDate) -> String {
    html_document(
        &format!("Quality review: {}", export.case.subject),
        &to_markdown(export, today),
    )
}

fn none_if(md: &mut String, any: bool, none: &str) {
    if any {
        md.push('\n');
    } else {
        let _ = writeln!(md, "{none}\n");
    }
}

/// The first words of `text`, about 100 characters, cut between words (a name is never cut in
/// half, which would leave a fragment anonymising could not recognise).
fn first_words(text: &str) -> String {
    let line = one_line(text);
    if line.chars().count() <= 100 {
        return line;
    }
    let mut out = String::new();
    for word in line.split(' ') {
        if out.chars().count() + word.chars().count() > 100 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}
