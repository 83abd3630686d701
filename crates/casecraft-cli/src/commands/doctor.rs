//! `casecraft doctor` and `casecraft log`: checking the store or rebuilding it from the ops log,
//! and the ops log itself.

use casecraft_core::{Error, Result, Store};

use crate::out::{self, Out};

/// `casecraft doctor`: checks the store (the default), or rebuilds its tables from the ops log.
pub fn run(store: &mut Store, out: &mut Out<'_>, rebuild: bool) -> Result<()> {
    if rebuild {
        let r = store.rebuild()?;
        return out.record(&r, |o| {
            o.line(&format!(
                "Rebuilt {} records from {} ops.",
                r.records, r.ops
            ))?;
            if r.changed_tables.is_empty() {
                o.line("The rebuild matched what was there.")
            } else {
                o.line(&format!("Mended: {}", r.changed_tables.join(", ")))
            }
        });
    }
    let report = store.check()?;
    out.record(&report, |o| {
        o.line(&format!(
            "{} ops from {} device(s).",
            report.ops, report.devices
        ))?;
        report
            .problems
            .iter()
            .try_for_each(|p| o.line(&format!("problem: {p}")))?;
        if report.is_healthy() {
            o.line("Healthy.")
        } else {
            Ok(())
        }
    })?;
    if report.is_healthy() {
        Ok(())
    } else {
        Err(Error::Corrupt(format!(
            "{} problem(s) found",
            report.problems.len()
        )))
    }
}

/// `casecraft log`: the ops log, newest first.
pub fn log(store: &Store, out: &mut Out<'_>, limit: u32) -> Result<()> {
    let ops = store.ops(limit, 0)?;
    if out.json {
        return out.json(&ops);
    }
    for op in &ops {
        out.line(&format!(
            "{}#{:<6} {}  {} {} {}",
            op.device_id,
            op.seq,
            out::local(op.hlc.to_datetime()),
            op.record_kind,
            op.record_id,
            op.body.summary()
        ))?;
    }
    Ok(())
}
