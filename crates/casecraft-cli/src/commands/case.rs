//! `casecraft case`: open, list, show, edit, close, reopen, delete and restore cases; and the
//! caseload as it prints.

use casecraft_core::casework::case::{
    Case, CaseEdit, CaseFilter, CaseSort, CaseSummary, NewCase, StatusFilter,
};
use casecraft_core::{Error, Result, Store};

use crate::cli::CaseCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft case …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &CaseCmd) -> Result<()> {
    match cmd {
        CaseCmd::New {
            subject,
            reference,
            summary,
            flags,
            tags,
            opened,
        } => {
            let c = store.create_case(NewCase {
                subject: subject.clone(),
                reference: reference.clone(),
                summary: summary.clone(),
                flags: flags.clone(),
                tags: tags.clone(),
                opened_on: input::opt_date("opened", opened.as_deref())?,
            })?;
            out.record(&c, |o| o.line(&c.id.to_string()))
        }
        CaseCmd::List {
            status,
            flag,
            tag,
            sort,
            limit,
            offset,
        } => {
            let sort = match sort.trim().to_lowercase().as_str() {
                "attention" => CaseSort::NeedsAttention,
                "name" => CaseSort::Name,
                "opened" => CaseSort::Opened,
                _ => return Err(Error::invalid("sort", "choose attention, name or opened")),
            };
            let list = store.list_cases(&CaseFilter {
                status: StatusFilter::parse("status", status)?,
                flag: flag.clone(),
                tag: tag.clone(),
                sort,
                limit: *limit,
                offset: *offset,
            })?;
            if out.json {
                return out::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            print_caseload(out, &list)?;
            out::shown(out, &list, "cases")
        }
        CaseCmd::Show { id } => {
            let c = store.open_case(input::id("case", id)?)?;
            out.record(&c, |o| print_case(o, &c))
        }
        CaseCmd::Edit {
            id,
            summary,
            reference,
            flags,
            tags,
            opened,
        } => {
            let clean = |v: &Option<Vec<String>>| {
                v.as_ref()
                    .map(|l| l.iter().filter(|s| !s.trim().is_empty()).cloned().collect())
            };
            let c = store.edit_case(
                input::id("case", id)?,
                CaseEdit {
                    reference: reference.clone(),
                    summary: summary.clone(),
                    flags: clean(flags),
                    tags: clean(tags),
                    opened_on: input::opt_date("opened", opened.as_deref())?,
                },
            )?;
            out.record(&c, |o| print_case(o, &c))
        }
        CaseCmd::Close { id, rationale } => {
            let c = store.close_case(input::id("case", id)?, rationale)?;
            out.record(&c, |o| {
                o.line(&format!("Closed case {} ({}).", c.id, c.subject))
            })
        }
        CaseCmd::Reopen { id, reason } => {
            let c = store.reopen_case(input::id("case", id)?, reason.as_deref())?;
            out.record(&c, |o| {
                o.line(&format!("Reopened case {} ({}).", c.id, c.subject))
            })
        }
        CaseCmd::Share { id, with, role } => {
            let case = input::id("case", id)?;
            let role = casecraft_core::hub::CaseRole::parse("role", role)?;
            casecraft_core::sync::hub::share(store, case, with, role)?;
            out.line(&format!(
                "Shared case {case} with {} as {role}; their devices take it at their next sync.",
                with.trim()
            ))
        }
        CaseCmd::Unshare { id, with } => {
            let case = input::id("case", id)?;
            casecraft_core::sync::hub::unshare(store, case, with)?;
            out.line(&format!(
                "{} is no longer a member of case {case}; their devices take nothing new of it.",
                with.trim()
            ))
        }
        CaseCmd::Members { id } => {
            let members = casecraft_core::sync::hub::members(store, input::id("case", id)?)?;
            out.record(&members, |o| {
                for m in &members.members {
                    o.line(&format!("{}  {}  {}", m.role, m.name, m.worker_id))?;
                }
                Ok(())
            })
        }
        CaseCmd::Transfer { id, to } | CaseCmd::Allocate { id, to } => {
            let case = input::id("case", id)?;
            let allocating = matches!(cmd, CaseCmd::Allocate { .. });
            let checklist = if allocating {
                casecraft_core::sync::hub::allocate(store, case, to)?
            } else {
                casecraft_core::sync::hub::transfer(store, case, to)?
            };
            out.record(&checklist, |o| {
                o.line(&format!(
                    "{} case {case} to {}; a transfer summary is in its chronology{}.",
                    if allocating {
                        "Allocated"
                    } else {
                        "Transferred"
                    },
                    to.trim(),
                    if allocating {
                        ", and you oversee it as its supervisor"
                    } else {
                        ""
                    }
                ))?;
                for a in &checklist.open_actions {
                    o.line(&format!("  open action handed on: {a}"))?;
                }
                Ok(())
            })
        }
        CaseCmd::Delete { id } => {
            let c = store.delete_case(input::id("case", id)?)?;
            out.record(&c, |o| {
                o.line(&format!(
                    "Moved case {} ({}) to the trash; `casecraft case restore {}` brings it back.",
                    c.id, c.subject, c.id
                ))
            })
        }
        CaseCmd::Restore { id } => {
            let c = store.restore_case(input::id("case", id)?)?;
            out.record(&c, |o| {
                o.line(&format!("Restored case {} ({}).", c.id, c.subject))
            })
        }
    }
}

fn print_case(out: &mut Out<'_>, c: &Case) -> Result<()> {
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

pub fn print_caseload(out: &mut Out<'_>, list: &[CaseSummary]) -> Result<()> {
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
