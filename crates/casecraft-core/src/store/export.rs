//! Gathering a case and all its records for export.

use super::Store;
use crate::anonymise::CaseloadAnonymiser;
use crate::entry::EntryFilter;
use crate::error::Result;
use crate::export::{CaseExport, FORMAT};
use crate::ids::Id;
use crate::reflection::ReflectionFilter;

impl Store {
    /// A case with every live record that belongs to it, in a stable order.
    pub fn export_case(&self, id: Id) -> Result<CaseExport> {
        let case = self.case(id)?;
        let people = self.list_people(id)?;
        // Every record of the case: each list is read whole.
        let mut entries = self.list_entries(id, &EntryFilter::default())?.items;
        entries.sort_by(|a, b| a.occurred_at.cmp(&b.occurred_at).then(a.id.cmp(&b.id)));
        let mut reflections = self
            .list_reflections(&ReflectionFilter {
                case_id: Some(id),
                ..Default::default()
            })?
            .items;
        reflections.sort_by(|a, b| a.occurred_on.cmp(&b.occurred_on).then(a.id.cmp(&b.id)));
        let cowork_notes = self.list_cowork_notes(id)?;
        let mut actions = self.list_actions(Some(id), true, None, None)?.items;
        actions.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(CaseExport {
            format: FORMAT,
            case,
            former_people: self.trashed_people(id)?,
            people,
            entries,
            reflections,
            cowork_notes,
            actions,
            zone: self.zone().clone(),
        })
    }

    /// Every case of the caseload (open, closed and in the trash: a reflection on a case moved
    /// to the trash stays in the portfolio), the earliest opened first, with its people only
    /// (present and former): what anonymising a document drawn from the whole caseload needs
    /// (a portfolio, a CPD record).
    pub fn caseload_people(&self) -> Result<Vec<CaseExport>> {
        let ids = {
            let mut stmt = self.conn.prepare("SELECT id FROM cases")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.map(|r| super::row::id(&r?))
                .collect::<Result<Vec<Id>>>()?
        };
        let mut cases = ids
            .into_iter()
            .map(|id| {
                Ok(CaseExport {
                    format: FORMAT,
                    case: self.case(id)?,
                    people: self.list_people(id)?,
                    former_people: self.trashed_people(id)?,
                    entries: Vec::new(),
                    reflections: Vec::new(),
                    cowork_notes: Vec::new(),
                    actions: Vec::new(),
                    zone: self.zone().clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        cases.sort_by(|a, b| {
            (a.case.opened_on, a.case.created_at, a.case.id).cmp(&(
                b.case.opened_on,
                b.case.created_at,
                b.case.id,
            ))
        });
        Ok(cases)
    }

    /// The rules for anonymising a document drawn from the whole caseload (see
    /// [`CaseloadAnonymiser`]).
    pub fn caseload_anonymiser(&self) -> Result<CaseloadAnonymiser> {
        CaseloadAnonymiser::for_cases(&self.caseload_people()?)
    }
}
