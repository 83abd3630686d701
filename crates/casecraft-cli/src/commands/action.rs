//! `casecraft action`: next steps on cases.

use casecraft_core::casework::action::{Action, NewAction};
use casecraft_core::{Result, Store};

use crate::cli::ActionCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft action …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &ActionCmd) -> Result<()> {
    match cmd {
        ActionCmd::Add {
            case,
            text,
            due,
            owner,
        } => {
            let a = store.add_action(
                input::id("case", case)?,
                NewAction {
                    text: text.clone(),
                    owner: owner.clone(),
                    due_on: input::opt_date("due", due.as_deref())?,
                },
            )?;
            out.record(&a, |o| o.line(&a.id.to_string()))
        }
        ActionCmd::Done { id } => {
            let a = store.set_action_done(input::id("action", id)?, true)?;
            out.record(&a, |o| print_action(o, &a))
        }
        ActionCmd::List {
            case,
            all,
            limit,
            offset,
        } => {
            let list = store.list_actions(
                input::opt_id("case", case.as_deref())?,
                *all,
                *limit,
                *offset,
            )?;
            if out.json {
                return out::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line("No open actions.");
            }
            list.iter().try_for_each(|a| print_action(out, a))?;
            out::shown(out, &list, "actions")
        }
    }
}

fn print_action(out: &mut Out<'_>, a: &Action) -> Result<()> {
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
