//! Writing generated casework through the one write path, a case per
//! transaction.

use super::{cases, cowork, entries, people, reflections, Store};
use crate::casework::entry::EntryStatus;
use crate::casework::seed::{Generator, SeedOptions, SeedReport};
use crate::error::{Error, Result};
use crate::record::RecordKind;

/// Most records one seed run makes of any kind.
const MAX: u32 = 2_000_000;

impl Store {
    /// Fills the store with deterministic synthetic casework.
    pub fn seed(&mut self, options: SeedOptions) -> Result<SeedReport> {
        if options.cases == 0 {
            return Err(Error::invalid(
                "cases",
                "give at least one case to generate",
            ));
        }
        for (field, n) in [
            ("cases", options.cases),
            ("entries", options.entries),
            ("reflections", options.reflections),
            ("cowork", options.cowork_notes),
        ] {
            if n > MAX {
                return Err(Error::invalid(
                    field,
                    format!("at most {MAX} can be generated in one run"),
                ));
            }
        }
        self.require_profile()?;
        let mut generator = Generator::new(options);
        let mut report = SeedReport::default();
        while let Some(plan) = generator.next_case() {
            self.write(|w| {
                let case_id = cases::insert(w, &plan.case)?;
                for p in &plan.people {
                    people::insert(w, case_id, p)?;
                }
                for (e, completed) in &plan.entries {
                    let status = if *completed {
                        EntryStatus::Completed
                    } else {
                        EntryStatus::Draft
                    };
                    entries::insert(w, case_id, e, status)?;
                }
                for (a, done) in &plan.actions {
                    let id = cowork::insert_action(w, case_id, a)?;
                    if *done {
                        w.set(RecordKind::Action, id, "done", super::row::flag(true))?;
                    }
                }
                for r in &plan.reflections {
                    let mut r = r.clone();
                    r.case_id = Some(case_id);
                    reflections::insert(w, &r)?;
                }
                for n in &plan.cowork {
                    cowork::insert_note(w, case_id, n)?;
                }
                Ok(())
            })?;
            report.cases += 1;
            report.people += plan.people.len() as u64 + 1;
            report.entries += plan.entries.len() as u64;
            report.actions += plan.actions.len() as u64;
            report.reflections += plan.reflections.len() as u64;
            report.cowork_notes += plan.cowork.len() as u64;
        }
        tracing::info!(
            cases = report.cases,
            entries = report.entries,
            "seeded synthetic data"
        );
        Ok(report)
    }
}
