//! `casecraft conflicts`: values written concurrently on two devices, deletions that crossed
//! edits, merged bodies to review, and edits held back from completed entries.

use casecraft_core::sync::HeldOutcome;
use casecraft_core::{Error, Result, Store};

use crate::cli::ConflictsCmd;
use crate::input;
use crate::out::{self, Out};

/// Runs `casecraft conflicts …`.
pub fn run(store: &mut Store, out: &mut Out<'_>, cmd: &ConflictsCmd) -> Result<()> {
    match cmd {
        ConflictsCmd::List => {
            let list = store.conflicts()?;
            let merged = store.merged_bodies()?;
            let deletions = store.deletion_conflicts()?;
            let held = store.held_edits(None)?;
            if out.json {
                return out.json(&serde_json::json!({ "fields": list, "merged_bodies": merged, "deletions": deletions, "held_edits": held }));
            }
            if list.is_empty() && merged.is_empty() && deletions.is_empty() && held.is_empty() {
                return out.line("No conflicts.");
            }
            for h in &held {
                out.line(&format!(
                    "{} {} ({}) — edited by {} on a device that did not yet know it was completed ({}); not applied: `casecraft conflicts settle {} --addendum` (or `--discard`)",
                    h.kind,
                    h.record_id,
                    h.label,
                    h.authors.join(", "),
                    out::local(h.last_at),
                    h.record_id
                ))?;
                for f in &h.fields {
                    out.line(&format!("  {}: completed as {:?}", f.label, f.completed))?;
                    out.line(&format!("  {}: edited to   {:?}", f.label, f.edited))?;
                }
            }
            for d in &deletions {
                out.line(&format!(
                    "{} {} — deleted on one device while edited ({} change(s)) on another; kept for now: `casecraft conflicts resolve {} --field deleted --value keep` (or `--value delete`)",
                    d.kind, d.record_id, d.edits, d.record_id
                ))?;
            }
            for m in &merged {
                out.line(&format!(
                    "{} {} — {} merged from edits made on two devices: read it, then `casecraft conflicts resolve {} --field {} --reviewed`",
                    m.kind, m.record_id, m.field, m.record_id, m.field
                ))?;
            }
            for c in &list {
                out.line(&format!("{} {} — field {}", c.kind, c.record_id, c.field))?;
                for v in &c.values {
                    let who = v
                        .author_name
                        .clone()
                        .unwrap_or_else(|| v.author.to_string());
                    out.line(&format!(
                        "  value {}  {}  by {who}, {}",
                        v.op_id,
                        v.value,
                        out::local(v.at)
                    ))?;
                }
            }
            Ok(())
        }
        ConflictsCmd::Resolve {
            id,
            field,
            keep,
            value,
            reviewed,
        } => {
            let record = input::id("id", id)?;
            if *reviewed {
                store.mark_reviewed(record, field)?;
                return out.line(
                    "Marked as reviewed; the flag clears on your other devices with the next sync.",
                );
            }
            if field == "deleted" {
                let keep = match value.as_deref().map(str::trim) {
                    Some("keep") => true,
                    Some("delete") => false,
                    _ => {
                        return Err(Error::invalid(
                            "value",
                            "for a deletion conflict, give --value keep or --value delete",
                        ))
                    }
                };
                store.resolve_deletion(record, keep)?;
                return out
                    .line("Resolved; the choice syncs to your other devices with the next sync.");
            }
            match (keep, value) {
                (Some(k), _) => store.resolve_conflict(record, field, input::id("keep", k)?)?,
                (None, Some(v)) => {
                    let current = store
                        .conflicts()?
                        .into_iter()
                        .find(|c| c.record_id == record && c.field == *field)
                        .and_then(|c| c.values.first().map(|v| v.value.clone()));
                    let value = match current {
                        Some(serde_json::Value::Array(_)) => serde_json::Value::from(
                            v.split(',')
                                .map(|s| s.trim().to_string())
                                .filter(|s| !s.is_empty())
                                .collect::<Vec<_>>(),
                        ),
                        Some(serde_json::Value::Number(_)) => {
                            serde_json::Value::from(v.trim().parse::<i64>().map_err(|_| {
                                Error::invalid("value", "should be a whole number here")
                            })?)
                        }
                        _ => serde_json::Value::from(v.clone()),
                    };
                    store.resolve_conflict_with(record, field, value)?
                }
                (None, None) => {
                    return Err(Error::invalid(
                        "keep",
                        "give --keep VALUE_ID (from `casecraft conflicts list`) or --value TEXT",
                    ))
                }
            }
            out.line("Resolved; the choice syncs to your other devices with the next sync.")
        }
        ConflictsCmd::Settle {
            id,
            addendum,
            text,
            discard: _,
        } => {
            let record = input::id("id", id)?;
            let outcome = if *addendum {
                let text = match text {
                    Some(t) => t.clone(),
                    None => store
                        .held_edits(None)?
                        .into_iter()
                        .find(|h| h.record_id == record)
                        .map(|h| h.addendum_text(&casecraft_core::zone::Zone::worker()))
                        .unwrap_or_default(),
                };
                HeldOutcome::Addendum(text)
            } else {
                HeldOutcome::Discard
            };
            store.settle_held_edits(record, outcome)?;
            out.line(if *addendum {
                "Added as an addendum; it syncs to your other devices with the next sync."
            } else {
                "Discarded (the change log keeps them); this syncs to your other devices with the next sync."
            })
        }
    }
}
