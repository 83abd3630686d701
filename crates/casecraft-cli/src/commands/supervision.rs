//! `casecraft supervision`: sessions (their decisions go into the cases' chronologies, agreed
//! actions onto the cases), closures without contact, and the agenda proposed for the next.

use casecraft_core::{Result, Store};

use crate::cli::SupervisionCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft supervision …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &SupervisionCmd) -> Result<()> {
    use casecraft_core::casework::action::NewAction;
    use casecraft_core::casework::supervision::{NewSupervision, SupervisionFunction};
    match cmd {
        SupervisionCmd::New {
            supervisor,
            date,
            functions,
            notes,
            notes_file,
            decisions,
            reflections,
            actions,
            wellbeing_file,
        } => {
            let new = NewSupervision {
                occurred_on: input::opt_date("date", date.as_deref())?,
                supervisor: supervisor.clone(),
                functions: functions
                    .iter()
                    .map(|f| SupervisionFunction::parse("function", f))
                    .collect::<Result<_>>()?,
                notes: input::body(notes.as_deref(), notes_file.as_deref(), true)?
                    .unwrap_or_default(),
                decisions: decisions
                    .iter()
                    .map(|d| input::case_and_text("decision", d))
                    .collect::<Result<_>>()?,
                reflections: reflections
                    .iter()
                    .map(|r| input::id("reflection", r))
                    .collect::<Result<_>>()?,
                actions: actions
                    .iter()
                    .map(|a| {
                        let (case, text) = input::case_and_text("action", a)?;
                        let (text, due_on) = input::text_and_due("action", &text)?;
                        Ok((
                            case,
                            NewAction {
                                text,
                                due_on,
                                ..Default::default()
                            },
                        ))
                    })
                    .collect::<Result<_>>()?,
                wellbeing: wellbeing_file
                    .as_deref()
                    .map(|f| input::body(None, Some(f), false))
                    .transpose()?
                    .flatten(),
            };
            let s = store.create_supervision(new)?;
            out.record(&s, |o| print_supervision(o, &s))
        }
        SupervisionCmd::List { limit, offset } => {
            let list = store.list_supervisions(*limit, *offset)?;
            if out.json {
                return out::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line(
                    "No supervision sessions yet: `casecraft supervision new --supervisor NAME`.",
                );
            }
            list.iter()
                .try_for_each(|s| print_supervision_line(out, s))?;
            out::shown(out, &list, "sessions")
        }
        SupervisionCmd::Edit {
            id,
            supervisor,
            date,
            functions,
            notes,
            notes_file,
            reflections,
            wellbeing_file,
        } => {
            let edit = casecraft_core::casework::supervision::SupervisionEdit {
                occurred_on: input::opt_date("date", date.as_deref())?,
                supervisor: supervisor.clone(),
                functions: (!functions.is_empty())
                    .then(|| {
                        functions
                            .iter()
                            .map(|f| SupervisionFunction::parse("function", f))
                            .collect::<Result<Vec<_>>>()
                    })
                    .transpose()?,
                notes: input::body(notes.as_deref(), notes_file.as_deref(), false)?,
                reflections: (!reflections.is_empty())
                    .then(|| {
                        reflections
                            .iter()
                            .map(|r| input::id("reflection", r))
                            .collect::<Result<Vec<_>>>()
                    })
                    .transpose()?,
                // An empty file is an empty section: it removes the one written before.
                wellbeing: wellbeing_file
                    .as_deref()
                    .map(|f| input::body(None, Some(f), false))
                    .transpose()?
                    .map(Option::unwrap_or_default),
            };
            let s = store.edit_supervision(input::id("id", id)?, edit)?;
            out.record(&s, |o| print_supervision(o, &s))
        }
        SupervisionCmd::Delete { id } => {
            let kind = store.move_to_trash(input::id("id", id)?)?;
            out.line(&format!(
                "Moved the {kind} to the trash (`casecraft restore {id}` brings it back)."
            ))
        }
        SupervisionCmd::Show { id } => {
            let s = store.supervision(input::id("id", id)?)?;
            out.record(&s, |o| print_supervision(o, &s))
        }
        SupervisionCmd::Closures { days } => {
            let list = store.closed_without_contact(*days)?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line(&format!(
                    "No case closed in the last {days} days without direct contact."
                ));
            }
            super::case::print_caseload(out, &list)
        }
        SupervisionCmd::Agenda => {
            let agenda = store.supervision_agenda()?;
            out.record(&agenda, |o| print_agenda(o, &agenda))
        }
    }
}

/// A session on one line.
fn print_supervision_line(
    out: &mut Out<'_>,
    s: &casecraft_core::casework::supervision::Supervision,
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
fn print_supervision(
    out: &mut Out<'_>,
    s: &casecraft_core::casework::supervision::Supervision,
) -> Result<()> {
    print_supervision_line(out, s)?;
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
fn print_agenda(
    out: &mut Out<'_>,
    a: &casecraft_core::casework::supervision::Agenda,
) -> Result<()> {
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
