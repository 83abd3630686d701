//! Gathering a case and all its records for export.

use serde_json::Value;

use super::{row, Store};
use crate::casework::case_file::CaseExport;
use crate::casework::case_file::FieldHistory;
use crate::casework::case_file::FORMAT;
use crate::casework::entry::EntryFilter;
use crate::casework::reflection::ReflectionFilter;
use crate::error::Result;
use crate::ids::Id;
use crate::op::OpBody;
use crate::record::RecordKind;

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
            history: self.field_history(id)?,
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
                    history: self.field_history(id)?,
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

    /// Every value ever written to the names and dates of birth of a case's people (people in
    /// the trash too) and to its reference, from the ops that created and changed them, oldest
    /// first: what anonymising must replace besides the current values.
    pub(crate) fn field_history(&self, case_id: Id) -> Result<FieldHistory> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record_kind, record_id, body FROM ops
             WHERE case_id = ?1 AND record_kind IN ('case', 'person')
               AND (json_extract(body, '$.op') = 'create'
                    OR json_extract(body, '$.field') IN ('name', 'date_of_birth', 'reference'))
             ORDER BY hlc, device_id, seq",
        )?;
        let rows = stmt.query_map([case_id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut history = FieldHistory::default();
        for r in rows {
            let (kind, record, body) = r?;
            let kind: RecordKind = row::vocab(&kind)?;
            let record = row::id(&record)?;
            let written: Vec<(String, Value)> = match row::json::<OpBody>(&body)? {
                OpBody::Create { fields } => fields.into_iter().collect(),
                OpBody::Set { field, value, .. } => vec![(field, value)],
                OpBody::Text { .. } | OpBody::Reviewed { .. } | OpBody::Settle { .. } => Vec::new(),
            };
            for (field, value) in written {
                let Some(value) = value.as_str().map(str::trim).filter(|v| !v.is_empty()) else {
                    continue;
                };
                match (kind, field.as_str()) {
                    (RecordKind::Person, "name") => {
                        push_new(history.names.entry(record).or_default(), value.to_string());
                    }
                    (RecordKind::Person, "date_of_birth") => push_new(
                        history.dates_of_birth.entry(record).or_default(),
                        row::date(value)?,
                    ),
                    (RecordKind::Case, "reference") if record == case_id => {
                        push_new(&mut history.references, value.to_string());
                    }
                    _ => {}
                }
            }
        }
        Ok(history)
    }
}

/// Adds `value` to `values` unless it is there already.
fn push_new<T: PartialEq>(values: &mut Vec<T>, value: T) {
    if !values.contains(&value) {
        values.push(value);
    }
}
