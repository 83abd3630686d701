//! `casecraft person`: the people in a case's network.

use casecraft_core::casework::person::{NewPerson, Person};
use casecraft_core::{Result, Store};

use crate::cli::PersonCmd;
use crate::input;
use crate::out::Out;

/// Runs `casecraft person …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &PersonCmd) -> Result<()> {
    match cmd {
        PersonCmd::Add {
            case,
            name,
            relationship,
            household,
            agency,
            born,
            notes,
            subject,
        } => {
            let p = store.add_person(
                input::id("case", case)?,
                NewPerson {
                    name: name.clone(),
                    relationship: relationship.clone(),
                    household: household.clone(),
                    agency: agency.clone(),
                    date_of_birth: input::opt_date("born", born.as_deref())?,
                    notes: notes.clone(),
                    is_subject: *subject,
                },
            )?;
            out.record(&p, |o| o.line(&p.id.to_string()))
        }
        PersonCmd::List { case } => {
            let people = store.list_people(input::id("case", case)?)?;
            if out.json {
                return out.json(&people);
            }
            people.iter().try_for_each(|p| print_person(out, p))
        }
    }
}

fn print_person(out: &mut Out<'_>, p: &Person) -> Result<()> {
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
