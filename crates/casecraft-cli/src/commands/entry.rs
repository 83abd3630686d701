//! `casecraft entry`: the chronology, visits and contacts recorded, completed and corrected.

use casecraft_core::casework::entry::{
    Entry, EntryEdit, EntryFilter, EntryKind, EntryStatus, NewEntry,
};
use casecraft_core::{Result, Store};

use crate::cli::EntryCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft entry …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &EntryCmd) -> Result<()> {
    match cmd {
        EntryCmd::Add {
            case,
            kind,
            fields,
            significant,
            complete,
        } => {
            let case = input::id("case", case)?;
            let mut new = NewEntry::new(EntryKind::parse("kind", kind)?);
            new.occurred_at = input::opt_moment("at", fields.at.as_deref())?;
            new.duration_minutes = fields.duration;
            new.location = fields.location.clone();
            new.participants = fields.participants.clone().unwrap_or_default();
            new.purpose = fields.purpose.clone();
            new.body = input::body(fields.body.as_deref(), fields.body_file.as_deref(), true)?
                .unwrap_or_default();
            new.voice = fields.voice.clone().unwrap_or_default();
            new.analysis = fields.analysis.clone().unwrap_or_default();
            new.significant = *significant;
            let mut e = store.create_entry(case, new)?;
            if *complete {
                e = store.complete_entry(e.id)?;
            }
            out.record(&e, |o| o.line(&e.id.to_string()))
        }
        EntryCmd::Edit {
            id,
            kind,
            fields,
            significant,
        } => {
            let edit = EntryEdit {
                kind: kind
                    .as_deref()
                    .map(|k| EntryKind::parse("kind", k))
                    .transpose()?,
                occurred_at: input::opt_moment("at", fields.at.as_deref())?,
                duration_minutes: fields.duration.map(Some),
                location: fields.location.clone(),
                participants: fields.participants.clone(),
                purpose: fields.purpose.clone(),
                body: input::body(fields.body.as_deref(), fields.body_file.as_deref(), false)?,
                voice: fields.voice.clone(),
                analysis: fields.analysis.clone(),
                significant: *significant,
            };
            let e = store.edit_entry(input::id("entry", id)?, edit)?;
            out.record(&e, |o| print_entry(o, &e))
        }
        EntryCmd::Delete { id } => {
            let e = store.delete_entry(input::id("entry", id)?)?;
            out.record(&e, |o| {
                o.line(&format!("Moved draft {} to the trash.", e.id))
            })
        }
        EntryCmd::Complete { id } => {
            let e = store.complete_entry(input::id("entry", id)?)?;
            out.record(&e, |o| {
                o.line(&format!(
                    "Completed entry {}; correct it from now on with an addendum.",
                    e.id
                ))
            })
        }
        EntryCmd::Addendum { id, text } => {
            let a = store.add_addendum(input::id("entry", id)?, text)?;
            out.record(&a, |o| o.line(&a.id.to_string()))
        }
        EntryCmd::List {
            case,
            significant,
            limit,
            offset,
        } => {
            let list = store.list_entries(
                input::id("case", case)?,
                &EntryFilter {
                    significant_only: *significant,
                    exclude_drafts: false,
                    limit: *limit,
                    offset: *offset,
                },
            )?;
            if out.json {
                return out::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line("No entries yet.");
            }
            list.iter().try_for_each(|e| print_entry_line(out, e))?;
            out::shown(out, &list, "entries")
        }
        EntryCmd::Show { id } => {
            let e = store.entry(input::id("entry", id)?)?;
            out.record(&e, |o| print_entry(o, &e))
        }
    }
}

fn print_entry_line(out: &mut Out<'_>, e: &Entry) -> Result<()> {
    let mut line = format!(
        "{}  {}  {:<17}",
        e.id,
        out::local(e.occurred_at),
        e.kind.as_str()
    );
    if e.status == EntryStatus::Draft {
        line.push_str(" [draft]");
    }
    if e.significant {
        line.push_str(" [significant]");
    }
    if let Some(p) = &e.purpose {
        line.push_str(&format!(" {p}:"));
    }
    line.push_str(&format!(" {}", first_line(&e.body, 80)));
    if !e.addenda.is_empty() {
        line.push_str(&format!(" (+{} addenda)", e.addenda.len()));
    }
    out.line(&line)
}

fn print_entry(out: &mut Out<'_>, e: &Entry) -> Result<()> {
    out.line(&format!(
        "{}  {} — {}",
        e.id,
        e.kind.label(),
        out::local(e.occurred_at)
    ))?;
    out.line(&format!("  case:   {}", e.case_id))?;
    let status = match e.completed_at {
        Some(t) => format!("completed {}", out::local(t)),
        None => "draft".into(),
    };
    out.line(&format!(
        "  status: {status}{}",
        if e.significant { " · significant" } else { "" }
    ))?;
    if let Some(p) = &e.purpose {
        out.line(&format!("  purpose: {p}"))?;
    }
    if let Some(d) = e.duration_minutes {
        out.line(&format!("  duration: {d} min"))?;
    }
    if let Some(l) = &e.location {
        out.line(&format!("  where:  {l}"))?;
    }
    if !e.participants.is_empty() {
        out.line(&format!("  with:   {}", e.participants.join(", ")))?;
    }
    for (title, text) in [
        ("What happened", &e.body),
        ("In their own words", &e.voice),
        ("Analysis", &e.analysis),
    ] {
        if !text.trim().is_empty() {
            out.line(&format!("\n{title}:\n{}", text.trim_end()))?;
        }
    }
    for a in &e.addenda {
        out.line(&format!(
            "\nAddendum {} ({}):\n{}",
            a.id,
            out::local(a.created_at),
            a.text.trim_end()
        ))?;
    }
    Ok(())
}

fn first_line(s: &str, max: usize) -> String {
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() > max {
        let mut t: String = line.chars().take(max).collect();
        t.push('…');
        t
    } else {
        line.to_string()
    }
}
