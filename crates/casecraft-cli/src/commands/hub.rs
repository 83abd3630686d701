//! `casecraft hub`: joining a team hub, how this device stands with it, and the changes it did
//! not accept.

use casecraft_core::sync::hub::{self, HubReport};
use casecraft_core::{Result, Store};

use crate::cli::HubCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft hub …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &HubCmd) -> Result<()> {
    match cmd {
        HubCmd::Join { url, code } => {
            let joined = hub::join(store, url, code)?;
            out.line(&format!(
                "Joined {} on the team hub at {} as {}{}.",
                joined.team,
                joined.url,
                joined.worker_name,
                if joined.pin.is_some() {
                    " (its certificate is pinned)"
                } else {
                    ""
                }
            ))?;
            let round = hub::run(store)?;
            print_round(out, &round)
        }
        HubCmd::Status => {
            let s = hub::status(store)?;
            out.record(&s, |o| {
                let last = s
                    .last_sync
                    .map(out::local)
                    .unwrap_or_else(|| "never".into());
                o.line(&format!(
                    "{} on the team hub at {} as {} · last synced {last} · {} case(s) · {} change(s) not accepted",
                    s.team,
                    s.url,
                    s.worker_name,
                    s.cases.len(),
                    s.refused
                ))?;
                for m in &s.cases {
                    o.line(&format!("  {}  {}", m.case_id, m.role))?;
                }
                Ok(())
            })
        }
        HubCmd::Team => {
            let o = hub::oversight(store)?;
            out.record(&o, |w| {
                let line = |c: &casecraft_core::casework::case::CaseSummary| {
                    let s = &c.signals;
                    format!(
                        "  {}  {}  seen {} · {} · {} open action(s), {} overdue · {} draft(s)",
                        c.id,
                        c.subject,
                        casecraft_core::casework::case::days_ago(s.days_since_direct_contact),
                        s.last_reflection
                            .map(|d| format!("reflected on {d}"))
                            .unwrap_or_else(|| "no reflection".into()),
                        s.open_actions,
                        s.overdue_actions,
                        s.drafts
                    )
                };
                if o.workers.is_empty() {
                    w.line(
                        "No colleague's cases are shared with you for supervision or oversight.",
                    )?;
                }
                for worker in &o.workers {
                    w.line(&format!("{} ({})", worker.worker.name, worker.worker.role))?;
                    for c in &worker.cases {
                        w.line(&line(c))?;
                    }
                }
                if !o.held.is_empty() {
                    w.line("Held by you (allocate with `casecraft case allocate`):")?;
                    for c in &o.held {
                        w.line(&line(c))?;
                    }
                }
                if o.arriving > 0 {
                    w.line(&format!(
                        "{} more case(s) shared with you arrive with the next sync.",
                        o.arriving
                    ))?;
                }
                Ok(())
            })
        }
        HubCmd::Refused {
            export,
            discard,
            discard_all,
        } => {
            if let Some(file) = export {
                let file = input::output_file(file)?;
                let n = casecraft_core::sync::hub::export_refused(store, &file)?;
                return out.line(&format!(
                    "Wrote {n} change(s) the hub did not accept to {}.",
                    file.display()
                ));
            }
            if *discard_all || discard.is_some() {
                let which = input::opt_id("change", discard.as_deref())?;
                let n = store.discard_hub_refused(which)?;
                return out.line(&format!(
                    "No longer listing {n} change(s); they stay in your records on this device."
                ));
            }
            let refused = store.hub_refused()?;
            out.record(&refused, |o| {
                if refused.is_empty() {
                    return o.line("The team hub has accepted every change sent.");
                }
                o.line(&format!(
                    "{} change(s) not accepted by the team hub (kept on this device):",
                    refused.len()
                ))?;
                for r in &refused {
                    o.line(&format!(
                        "{}  {} {} ({})  {}: {}",
                        r.op.op_id,
                        r.op.record_kind.as_str(),
                        r.op.record_id,
                        r.op.body.summary(),
                        out::local(r.refused_at),
                        r.reason
                    ))?;
                }
                Ok(())
            })
        }
    }
}

/// How a round with the hub prints.
pub fn print_round(o: &mut Out<'_>, r: &HubReport) -> Result<()> {
    if r.resynced {
        o.line("note: the team hub did not know this device's place (it was restored); everything was sent and taken again")?;
    }
    for c in &r.cases_added {
        o.line(&format!("Case {c} was shared with you."))?;
    }
    for c in &r.cases_removed {
        o.line(&format!(
            "You are no longer a member of case {c}: it was removed from this device."
        ))?;
    }
    if r.refused > 0 {
        o.line(&format!(
            "{} change(s) not accepted by the team hub; `casecraft hub refused` lists them with why.",
            r.refused
        ))?;
    }
    o.line(&format!(
        "Team hub: {} change(s) received, {} sent.",
        r.received.applied, r.sent
    ))
}
