//! `casecraft seed`: synthetic casework (invented people only).

use casecraft_core::casework::seed::SeedOptions;
use casecraft_core::{Result, Store};

use crate::out::Out;

/// `casecraft seed`: fills the store; reflections and co-working notes default to a fifth of the
/// entries.
pub fn run(
    store: &mut Store,
    out: &mut Out<'_>,
    cases: u32,
    entries: u32,
    reflections: Option<u32>,
    cowork: Option<u32>,
    seed: u64,
) -> Result<()> {
    let report = store.seed(SeedOptions {
        cases,
        entries,
        reflections: reflections.unwrap_or(entries / 5),
        cowork_notes: cowork.unwrap_or(entries / 5),
        seed,
        anchor: store.today(),
    })?;
    out.record(&report, |o| {
        o.line(&format!(
            "Generated {} cases, {} people, {} entries, {} reflections, {} co-working notes, {} actions (synthetic).",
            report.cases, report.people, report.entries, report.reflections, report.cowork_notes, report.actions
        ))
    })
}
