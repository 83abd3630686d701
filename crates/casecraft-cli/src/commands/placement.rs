//! `casecraft placement`: a student's placement, its day log and direct observations.

use casecraft_core::casework::reflection::PcfDomain;
use casecraft_core::{Result, Store};

use crate::cli::PlacementCmd;
use crate::input;
use crate::out::Out;

/// Runs `casecraft placement …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &PlacementCmd) -> Result<()> {
    use casecraft_core::casework::placement::{NewObservation, NewPlacement, NewPlacementDay};
    let domains = |list: &[String]| -> Result<Vec<PcfDomain>> {
        list.iter().map(|d| PcfDomain::parse("pcf", d)).collect()
    };
    match cmd {
        PlacementCmd::New {
            setting,
            educator,
            start,
            days,
        } => {
            let p = store.create_placement(NewPlacement {
                setting: setting.clone(),
                educator: educator.clone(),
                started_on: input::opt_date("start", start.as_deref())?,
                required_days: *days,
            })?;
            out.record(&p, |o| print_placement(o, &p))
        }
        PlacementCmd::List => {
            let list = store.placements()?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line("No placement yet: `casecraft placement new --setting … --educator … --days 70`.");
            }
            list.iter().try_for_each(|p| print_placement(out, p))
        }
        PlacementCmd::LogDay {
            placement,
            date,
            text,
            text_file,
            pcf,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let d = store.log_placement_day(
                p.id,
                NewPlacementDay {
                    day: input::opt_date("date", date.as_deref())?,
                    activities: input::body(text.as_deref(), text_file.as_deref(), true)?
                        .unwrap_or_default(),
                    pcf: domains(pcf)?,
                },
            )?;
            out.record(&d, |o| {
                o.line(&format!(
                    "Logged {} for {} ({} of {} days).",
                    d.day,
                    p.setting,
                    p.days_logged + 1,
                    p.required_days
                ))
            })
        }
        PlacementCmd::Edit {
            placement,
            setting,
            educator,
            start,
            days,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let p = store.edit_placement(
                p.id,
                casecraft_core::casework::placement::PlacementEdit {
                    setting: setting.clone(),
                    educator: educator.clone(),
                    started_on: input::opt_date("start", start.as_deref())?,
                    required_days: *days,
                },
            )?;
            out.record(&p, |o| print_placement(o, &p))
        }
        PlacementCmd::EditDay {
            day,
            placement,
            date,
            text,
            text_file,
            pcf,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let found =
                store.placement_day_on(p.id, casecraft_core::validate::date("day", day)?)?;
            let d = store.edit_placement_day(
                found.id,
                casecraft_core::casework::placement::PlacementDayEdit {
                    day: input::opt_date("date", date.as_deref())?,
                    activities: input::body(text.as_deref(), text_file.as_deref(), false)?,
                    pcf: (!pcf.is_empty()).then(|| domains(pcf)).transpose()?,
                },
            )?;
            out.record(&d, |o| print_placement_day(o, &d))
        }
        PlacementCmd::Observations { placement } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let list = store.observations(Some(p.id))?;
            if out.json {
                return out.json(&list);
            }
            if list.is_empty() {
                return out.line(
                    "No observation yet: `casecraft placement observe --observer … --activity …`.",
                );
            }
            list.iter().try_for_each(|o| print_observation(out, o))
        }
        PlacementCmd::EditObservation {
            id,
            date,
            observer,
            activity,
            feedback,
            feedback_file,
            pcf,
        } => {
            let o = store.edit_observation(
                input::id("observation", id)?,
                casecraft_core::casework::placement::ObservationEdit {
                    observed_on: input::opt_date("date", date.as_deref())?,
                    observer: observer.clone(),
                    activity: activity.clone(),
                    feedback: input::body(feedback.as_deref(), feedback_file.as_deref(), false)?,
                    pcf: (!pcf.is_empty()).then(|| domains(pcf)).transpose()?,
                },
            )?;
            out.record(&o, |w| print_observation(w, &o))
        }
        PlacementCmd::Delete { id } => {
            let kind = store.move_to_trash(input::id("id", id)?)?;
            out.line(&format!(
                "Moved the {kind} to the trash (`casecraft restore {id}` brings it back)."
            ))
        }
        PlacementCmd::Days { placement } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let days = store.placement_days(p.id)?;
            if out.json {
                return out.json(&days);
            }
            out.line(&format!(
                "{}: {} of {} days logged",
                p.setting, p.days_logged, p.required_days
            ))?;
            days.iter().try_for_each(|d| print_placement_day(out, d))
        }
        PlacementCmd::Observe {
            placement,
            date,
            observer,
            activity,
            feedback,
            feedback_file,
            pcf,
        } => {
            let p = store.placement_or_latest(input::opt_id("placement", placement.as_deref())?)?;
            let o = store.add_observation(
                p.id,
                NewObservation {
                    observed_on: input::opt_date("date", date.as_deref())?,
                    observer: observer.clone(),
                    activity: activity.clone(),
                    feedback: input::body(feedback.as_deref(), feedback_file.as_deref(), true)?
                        .unwrap_or_default(),
                    pcf: domains(pcf)?,
                },
            )?;
            out.record(&o, |w| {
                w.line(&format!(
                    "Observation of {} on {} by {} recorded.",
                    o.activity, o.observed_on, o.observer
                ))
            })
        }
    }
}

/// A placement on one line.
fn print_placement(
    out: &mut Out<'_>,
    p: &casecraft_core::casework::placement::Placement,
) -> Result<()> {
    out.line(&format!(
        "{}  {}  educator {}  from {}  {} of {} days logged",
        p.id, p.setting, p.educator, p.started_on, p.days_logged, p.required_days
    ))
}

/// A day of the placement log on one line: the day, what was done, the domains.
fn print_placement_day(
    out: &mut Out<'_>,
    d: &casecraft_core::casework::placement::PlacementDay,
) -> Result<()> {
    out.line(&format!(
        "{}  {}{}",
        d.day,
        d.activities
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        domain_tags(&d.pcf)
    ))
}

/// A direct observation: id, day, observer and activity, then the feedback.
fn print_observation(
    out: &mut Out<'_>,
    o: &casecraft_core::casework::placement::Observation,
) -> Result<()> {
    out.line(&format!(
        "{}  {}  {} observed by {}{}",
        o.id,
        o.observed_on,
        o.activity,
        o.observer,
        domain_tags(&o.pcf)
    ))?;
    if !o.feedback.trim().is_empty() {
        out.line(&format!(
            "    {}",
            o.feedback.split_whitespace().collect::<Vec<_>>().join(" ")
        ))?;
    }
    Ok(())
}

fn domain_tags(pcf: &[casecraft_core::casework::reflection::PcfDomain]) -> String {
    if pcf.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = pcf.iter().map(|x| x.as_str()).collect();
    format!("  [{}]", names.join(", "))
}
