//! Closing a case and reopening it: what to check first, closing with a written rationale, and
//! both recorded in the chronology as significant entries in the same write.

use serde_json::Value;

use super::cases::live_case;
use super::Store;
use crate::casework::case::{Case, CaseStatus, ClosureChecklist};
use crate::casework::entry::{EntryKind, NewEntry};
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::record::RecordKind;
use crate::validate;

impl Store {
    /// What to check before closing a case: direct contact, open actions,
    /// reflection and co-workers, each marked when it needs attention.
    pub fn closure_checklist(&self, id: Id) -> Result<ClosureChecklist> {
        let case = live_case(&self.conn, id)?;
        let s = self.case_summary(id)?.signals;
        let me = self.require_profile()?.worker_id;
        let coworkers = case.members.iter().filter(|m| **m != me).count();
        Ok(ClosureChecklist::from_signals(
            &s,
            coworkers,
            self.today(),
            self.zone(),
        ))
    }

    /// Closes a case. A written rationale is required; the closure and its
    /// rationale are recorded in the chronology as a significant entry.
    pub fn close_case(&mut self, id: Id, rationale: &str) -> Result<Case> {
        let rationale = validate::required_body("rationale", rationale)
            .map_err(|_| Error::invalid("rationale", "is required to close a case: say why the case can close (what has changed for the person, who agreed, what support continues)"))?;
        self.write(|w| {
            let case = live_case(w.conn(), id)?;
            if case.status == CaseStatus::Closed {
                return Err(Error::Refused(format!(
                    "this case is already closed (on {}); reopen it first if work has started again",
                    case.closed_on.map(|d| d.to_string()).unwrap_or_default()
                )));
            }
            let today = w.today();
            w.set(RecordKind::Case, id, "status", Value::from(CaseStatus::Closed.as_str()))?;
            w.set(RecordKind::Case, id, "closed_on", Value::from(today.to_string()))?;
            w.set(RecordKind::Case, id, "closure_rationale", Value::from(rationale.clone()))?;
            let mut entry = NewEntry::new(EntryKind::Closure);
            entry.purpose = Some("Case closed".into());
            entry.body = rationale.clone();
            entry.significant = true;
            super::entries::record_completed(w, id, entry)
        })?;
        self.case(id)
    }

    /// Reopens a closed case, noting it (and why, when given) in the
    /// chronology.
    pub fn reopen_case(&mut self, id: Id, reason: Option<&str>) -> Result<Case> {
        let reason = validate::body("reason", reason.unwrap_or(""))?;
        self.write(|w| {
            let case = live_case(w.conn(), id)?;
            if case.status == CaseStatus::Open {
                return Err(Error::Refused("this case is already open".into()));
            }
            w.set(
                RecordKind::Case,
                id,
                "status",
                Value::from(CaseStatus::Open.as_str()),
            )?;
            w.set(RecordKind::Case, id, "closed_on", Value::Null)?;
            w.set(RecordKind::Case, id, "closure_rationale", Value::Null)?;
            let mut entry = NewEntry::new(EntryKind::Reopening);
            entry.purpose = Some("Case reopened".into());
            entry.body = reason.clone();
            entry.significant = true;
            super::entries::record_completed(w, id, entry)
        })?;
        self.case(id)
    }
}
