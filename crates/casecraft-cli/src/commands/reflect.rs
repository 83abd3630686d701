//! `casecraft reflect`: the reflective log.

use casecraft_core::casework::reflection::{
    Model, NewReflection, PcfDomain, Reflection, ReflectionEdit, ReflectionFilter, Visibility,
};
use casecraft_core::{Result, Store};

use crate::cli::ReflectCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft reflect …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &ReflectCmd) -> Result<()> {
    let domains = |list: &[String]| {
        list.iter()
            .map(|d| PcfDomain::parse("pcf", d))
            .collect::<Result<Vec<_>>>()
    };
    match cmd {
        ReflectCmd::New {
            model,
            case,
            entry,
            title,
            date,
            sections,
            pcf,
            tags,
            shared,
        } => {
            let mut new = NewReflection::new(Model::parse("model", model)?);
            new.case_id = input::opt_id("case", case.as_deref())?;
            new.entry_id = input::opt_id("entry", entry.as_deref())?;
            new.title = title.clone();
            new.occurred_on = input::opt_date("date", date.as_deref())?;
            new.sections = input::sections(sections)?;
            new.pcf = domains(pcf)?;
            new.tags = tags.clone();
            new.visibility = if *shared {
                Visibility::Shared
            } else {
                Visibility::Private
            };
            let r = store.create_reflection(new)?;
            out.record(&r, |o| o.line(&r.id.to_string()))
        }
        ReflectCmd::Edit {
            id,
            sections,
            title,
            pcf,
            visibility,
        } => {
            let r = store.edit_reflection(
                input::id("reflection", id)?,
                ReflectionEdit {
                    title: title.clone(),
                    pcf: pcf.as_deref().map(domains).transpose()?,
                    visibility: visibility
                        .as_deref()
                        .map(|v| Visibility::parse("visibility", v))
                        .transpose()?,
                    sections: input::sections(sections)?,
                    ..Default::default()
                },
            )?;
            out.record(&r, |o| print_reflection(o, &r))
        }
        ReflectCmd::List {
            model,
            pcf,
            case,
            from,
            to,
            limit,
            offset,
        } => {
            let list = store.list_reflections(&ReflectionFilter {
                model: model
                    .as_deref()
                    .map(|m| Model::parse("model", m))
                    .transpose()?,
                pcf: pcf
                    .as_deref()
                    .map(|d| PcfDomain::parse("pcf", d))
                    .transpose()?,
                case_id: input::opt_id("case", case.as_deref())?,
                from: input::opt_date("from", from.as_deref())?,
                to: input::opt_date("to", to.as_deref())?,
                limit: *limit,
                offset: *offset,
            })?;
            if out.json {
                return out::json_list(out, &list, limit.is_some() || offset.is_some());
            }
            if list.total == 0 {
                return out.line(
                    "No reflections yet. Start one with `casecraft reflect new --model gibbs`.",
                );
            }
            list.iter()
                .try_for_each(|r| print_reflection_line(out, r))?;
            out::shown(out, &list, "reflections")
        }
        ReflectCmd::Show { id } => {
            let r = store.reflection(input::id("reflection", id)?)?;
            out.record(&r, |o| print_reflection(o, &r))
        }
        ReflectCmd::Delete { id } => {
            let r = store.delete_reflection(input::id("reflection", id)?)?;
            out.record(&r, |o| {
                o.line(&format!("Moved reflection {} to the trash.", r.id))
            })
        }
    }
}

fn print_reflection_line(out: &mut Out<'_>, r: &Reflection) -> Result<()> {
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

fn print_reflection(out: &mut Out<'_>, r: &Reflection) -> Result<()> {
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
