//! How records read on a terminal (times in local time) and as JSON.

use std::io::Write;

use casecraft_core::action::Action;
use casecraft_core::case::{Case, CaseSummary};
use casecraft_core::cowork::CoworkNote;
use casecraft_core::entry::{Entry, EntryStatus};
use casecraft_core::page::Page;
use casecraft_core::person::Person;
use casecraft_core::reflection::Reflection;
use casecraft_core::search::SearchHit;
use casecraft_core::store::TrashItem;
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

pub fn case(out: &mut Out<'_>, c: &Case) -> Result<()> {
    out.line(&format!("{}  {}", c.id, c.subject))?;
    if let Some(r) = &c.reference {
        out.line(&format!("  reference: {r}"))?;
    }
    let mut status = format!("  status:    {} (opened {})", c.status, c.opened_on);
    if let Some(d) = c.closed_on {
        status.push_str(&format!(", closed {d}"));
    }
    if c.deleted {
        status.push_str(" — in the trash");
    }
    out.line(&status)?;
    if !c.flags.is_empty() {
        out.line(&format!("  flags:     {}", c.flags.join(", ")))?;
    }
    if !c.tags.is_empty() {
        out.line(&format!("  tags:      {}", c.tags.join(", ")))?;
    }
    if let Some(r) = &c.closure_rationale {
        out.line(&format!("  closure rationale: {r}"))?;
    }
    if !c.summary.trim().is_empty() {
        out.line("")?;
        out.line(c.summary.trim_end())?;
    }
    Ok(())
}

pub fn caseload(out: &mut Out<'_>, list: &[CaseSummary]) -> Result<()> {
    if out.json {
        return out.json(list);
    }
    if list.is_empty() {
        return out.line("No cases. Open one with `casecraft case new --subject NAME`.");
    }
    for c in list {
        let s = &c.signals;
        let contact = match s.last_direct_contact {
            Some(_) => format!("seen {}d ago", s.days_since_direct_contact),
            None => format!("not seen in {}d", s.days_since_direct_contact),
        };
        let reflection = s
            .last_reflection
            .map(|d| format!("reflected {d}"))
            .unwrap_or_else(|| "no reflection".into());
        let mut line = format!(
            "{}  {:<24} {:<10} {:<6}  {contact}; {reflection}; {} open action(s)",
            c.id,
            c.subject,
            c.reference.as_deref().unwrap_or("-"),
            c.status.as_str(),
            s.open_actions
        );
        if s.overdue_actions > 0 {
            line.push_str(&format!(", {} overdue", s.overdue_actions));
        }
        if s.drafts > 0 {
            line.push_str(&format!(", {} draft(s)", s.drafts));
        }
        if !c.flags.is_empty() {
            line.push_str(&format!("  [{}]", c.flags.join(", ")));
        }
        out.line(&line)?;
    }
    Ok(())
}

pub fn person(out: &mut Out<'_>, p: &Person) -> Result<()> {
    let mut line = format!("{}  {} — {}", p.id, p.name, p.relationship);
    if p.is_subject && p.relationship != "subject" {
        line.push_str(" (subject)");
    }
    for extra in [&p.household, &p.agency].into_iter().flatten() {
        line.push_str(&format!("; {extra}"));
    }
    if let Some(d) = p.date_of_birth {
        line.push_str(&format!("; born {d}"));
    }
    out.line(&line)
}

pub fn entry_line(out: &mut Out<'_>, e: &Entry) -> Result<()> {
    let mut line = format!(
        "{}  {}  {:<17}",
        e.id,
        local(e.occurred_at),
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

pub fn entry(out: &mut Out<'_>, e: &Entry) -> Result<()> {
    out.line(&format!(
        "{}  {} — {}",
        e.id,
        e.kind.label(),
        local(e.occurred_at)
    ))?;
    out.line(&format!("  case:   {}", e.case_id))?;
    let status = match e.completed_at {
        Some(t) => format!("completed {}", local(t)),
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
            local(a.created_at),
            a.text.trim_end()
        ))?;
    }
    Ok(())
}

pub fn reflection_line(out: &mut Out<'_>, r: &Reflection) -> Result<()> {
    let pcf: Vec<_> = r.pcf.iter().map(|d| d.as_str()).collect();
    out.line(&format!(
        "{}  {}  {:<8} {:<7} {}{}",
        r.id,
        r.occurred_on,
        r.model.as_str(),
        r.visibility.as_str(),
        r.title,
        if pcf.is_empty() {
            String::new()
        } else {
            format!("  [{}]", pcf.join(", "))
        }
    ))
}

pub fn reflection(out: &mut Out<'_>, r: &Reflection) -> Result<()> {
    out.line(&format!("{}  {}", r.id, r.title))?;
    out.line(&format!(
        "  model: {} · {} · {}",
        r.model, r.occurred_on, r.visibility
    ))?;
    if let Some(c) = r.case_id {
        out.line(&format!("  case:  {c}"))?;
    }
    if !r.pcf.is_empty() {
        out.line(&format!(
            "  PCF:   {}",
            r.pcf
                .iter()
                .map(|d| d.title())
                .collect::<Vec<_>>()
                .join("; ")
        ))?;
    }
    for s in &r.sections {
        out.line(&format!(
            "\n## {} ({})\n{}\n{}",
            s.heading,
            s.key,
            s.prompt,
            if s.text.is_empty() {
                "(not written yet)"
            } else {
                s.text.trim_end()
            }
        ))?;
    }
    Ok(())
}

pub fn cowork(out: &mut Out<'_>, n: &CoworkNote) -> Result<()> {
    let who = n
        .author_name
        .clone()
        .unwrap_or_else(|| n.author.to_string());
    let amended = if n.history.is_empty() {
        String::new()
    } else {
        format!(" (amended {} time(s))", n.history.len())
    };
    out.line(&format!(
        "{}  {}  {} — {}{amended}",
        n.id,
        local(n.created_at),
        n.kind,
        who
    ))?;
    out.line(&format!("  {}", n.body.trim_end().replace('\n', "\n  ")))
}

pub fn action(out: &mut Out<'_>, a: &Action) -> Result<()> {
    let tick = if a.done { "x" } else { " " };
    let mut line = format!("{}  [{tick}] {}", a.id, a.text);
    if let Some(o) = &a.owner {
        line.push_str(&format!(" ({o})"));
    }
    if let Some(d) = a.due_on {
        line.push_str(&format!(" — due {d}"));
    }
    out.line(&line)
}

pub fn hit(out: &mut Out<'_>, h: &SearchHit) -> Result<()> {
    let snippet: String = h
        .snippet
        .iter()
        .map(|p| {
            if p.highlight {
                format!("[{}]", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect::<String>()
        .replace('\n', " ");
    out.line(&format!(
        "{}  {:<11} {}  {}\n    {}",
        h.record_id,
        h.kind.as_str(),
        h.day,
        h.title,
        snippet
    ))
}

pub fn trash(out: &mut Out<'_>, t: &TrashItem) -> Result<()> {
    out.line(&format!(
        "{}  {:<11} {}  deleted {}",
        t.id,
        t.kind.as_str(),
        t.label,
        local(t.deleted_at)
    ))
}

/// The replacements an anonymised export made, one line each.
pub fn replacements(
    out: &mut Out<'_>,
    list: &[casecraft_core::anonymise::Replacement],
) -> Result<()> {
    if out.json {
        return out.json(&list);
    }
    if list.is_empty() {
        return out.line("Anonymised: nothing needed replacing.");
    }
    out.line(&format!("Anonymised: {} replacement(s).", list.len()))?;
    for r in list {
        out.line(&format!(
            "  {} \"{}\" -> {} ({}x)",
            r.kind, r.found, r.placeholder, r.count
        ))?;
    }
    Ok(())
}

/// A session on one line.
pub fn supervision_line(
    out: &mut Out<'_>,
    s: &casecraft_core::supervision::Supervision,
) -> Result<()> {
    let functions: Vec<&str> = s.functions.iter().map(|f| f.as_str()).collect();
    out.line(&format!(
        "{}  {}  with {}  {}  {} decision(s), {} action(s)",
        s.id,
        s.occurred_on,
        s.supervisor,
        if functions.is_empty() {
            String::new()
        } else {
            format!("[{}]", functions.join(", "))
        },
        s.decisions.len(),
        s.actions.len()
    ))
}

/// A session in full.
pub fn supervision(out: &mut Out<'_>, s: &casecraft_core::supervision::Supervision) -> Result<()> {
    supervision_line(out, s)?;
    if !s.notes.trim().is_empty() {
        out.line("")?;
        out.line(s.notes.trim_end())?;
    }
    for d in &s.decisions {
        out.line(&format!("decision on case {}: {}", d.case_id, d.decision))?;
    }
    for r in &s.reflections {
        out.line(&format!("reflection brought: {r}"))?;
    }
    for a in &s.actions {
        out.line(&format!("action agreed: {a}"))?;
    }
    if let Some(w) = &s.wellbeing {
        out.line("")?;
        out.line("Wellbeing (this device only):")?;
        out.line(w.trim_end())?;
    }
    Ok(())
}

/// The proposed agenda.
pub fn agenda(out: &mut Out<'_>, a: &casecraft_core::supervision::Agenda) -> Result<()> {
    out.line(&format!("Proposed agenda (from {}):", a.since))?;
    if a.items.is_empty() {
        return out.line("  Nothing stands out: bring what you want to discuss.");
    }
    for item in &a.items {
        out.line(&format!(
            "  [{}] {}: {}",
            item.kind, item.title, item.detail
        ))?;
    }
    Ok(())
}

/// A placement on one line.
pub fn placement(out: &mut Out<'_>, p: &casecraft_core::placement::Placement) -> Result<()> {
    out.line(&format!(
        "{}  {}  educator {}  from {}  {} of {} days logged",
        p.id, p.setting, p.educator, p.started_on, p.days_logged, p.required_days
    ))
}

/// A day of the placement log on one line: the day, what was done, the domains.
pub fn placement_day(out: &mut Out<'_>, d: &casecraft_core::placement::PlacementDay) -> Result<()> {
    out.line(&format!(
        "{}  {}{}",
        d.day,
        d.activities
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        domains(&d.pcf)
    ))
}

/// A direct observation: id, day, observer and activity, then the feedback.
pub fn observation(out: &mut Out<'_>, o: &casecraft_core::placement::Observation) -> Result<()> {
    out.line(&format!(
        "{}  {}  {} observed by {}{}",
        o.id,
        o.observed_on,
        o.activity,
        o.observer,
        domains(&o.pcf)
    ))?;
    if !o.feedback.trim().is_empty() {
        out.line(&format!(
            "    {}",
            o.feedback.split_whitespace().collect::<Vec<_>>().join(" ")
        ))?;
    }
    Ok(())
}

fn domains(pcf: &[casecraft_core::reflection::PcfDomain]) -> String {
    if pcf.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = pcf.iter().map(|x| x.as_str()).collect();
    format!("  [{}]", names.join(", "))
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
