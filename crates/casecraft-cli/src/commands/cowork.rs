//! `casecraft cowork`: co-working notes on a case.

use casecraft_core::casework::cowork::{CoworkKind, CoworkNote, NewCoworkNote};
use casecraft_core::{Result, Store};

use crate::cli::CoworkCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft cowork …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &CoworkCmd) -> Result<()> {
    match cmd {
        CoworkCmd::Add {
            case,
            kind,
            body,
            reply_to,
        } => {
            let n = store.add_cowork_note(
                input::id("case", case)?,
                NewCoworkNote {
                    kind: CoworkKind::parse("kind", kind)?,
                    body: body.clone(),
                    reply_to: input::opt_id("reply-to", reply_to.as_deref())?,
                },
            )?;
            out.record(&n, |o| o.line(&n.id.to_string()))
        }
        CoworkCmd::Amend { id, body } => {
            let n = store.amend_cowork_note(input::id("note", id)?, body)?;
            out.record(&n, |o| print_cowork_note(o, &n))
        }
        CoworkCmd::List { case } => {
            let list = store.list_cowork_notes(input::id("case", case)?)?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line("No co-working notes yet.");
            }
            list.iter().try_for_each(|n| print_cowork_note(out, n))
        }
    }
}

fn print_cowork_note(out: &mut Out<'_>, n: &CoworkNote) -> Result<()> {
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
        out::local(n.created_at),
        n.kind,
        who
    ))?;
    out.line(&format!("  {}", n.body.trim_end().replace('\n', "\n  ")))
}
