//! Placements, the day log and direct observations: the student's evidence besides reflections.

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use super::{row, Store};
use crate::casework::placement::{
    NewObservation, NewPlacement, NewPlacementDay, Observation, ObservationEdit, Placement,
    PlacementDay, PlacementDayEdit, PlacementEdit, MAX_REQUIRED_DAYS,
};
use crate::casework::reflection::PcfDomain;
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::record::RecordKind;
use crate::validate;

impl Store {
    /// Records a placement.
    pub fn create_placement(&mut self, new: NewPlacement) -> Result<Placement> {
        let setting = validate::required_line("setting", &new.setting)?;
        let educator = validate::required_line("educator", &new.educator)?;
        required_days(new.required_days)?;
        let started = new.started_on.unwrap_or_else(|| self.today());
        let id = Id::new();
        self.write(|w| {
            w.create(
                RecordKind::Placement,
                id,
                None,
                vec![
                    ("setting", Value::from(setting)),
                    ("educator", Value::from(educator)),
                    ("started_on", Value::from(started.to_string())),
                    ("required_days", Value::from(new.required_days)),
                ],
            )
        })?;
        self.placement(id)
    }

    /// Changes a placement's setting, educator, first day or days required.
    pub fn edit_placement(&mut self, id: Id, edit: PlacementEdit) -> Result<Placement> {
        let setting = edit
            .setting
            .as_deref()
            .map(|s| validate::required_line("setting", s))
            .transpose()?;
        let educator = edit
            .educator
            .as_deref()
            .map(|e| validate::required_line("educator", e))
            .transpose()?;
        if let Some(days) = edit.required_days {
            required_days(days)?;
        }
        self.write(|w| {
            live_placement(w.conn(), id)?;
            let k = RecordKind::Placement;
            if let Some(s) = setting {
                w.set(k, id, "setting", Value::from(s))?;
            }
            if let Some(e) = educator {
                w.set(k, id, "educator", Value::from(e))?;
            }
            if let Some(d) = edit.started_on {
                w.set(k, id, "started_on", Value::from(d.to_string()))?;
            }
            if let Some(n) = edit.required_days {
                w.set(k, id, "required_days", Value::from(n))?;
            }
            Ok(())
        })?;
        self.placement(id)
    }

    /// A placement by id, with the days logged.
    pub fn placement(&self, id: Id) -> Result<Placement> {
        self.conn
            .query_row(
                "SELECT p.id, setting, educator, started_on, required_days, p.created_at,
                        (SELECT count(*) FROM placement_days d WHERE d.placement_id = p.id AND d.deleted = 0)
                 FROM placements p WHERE p.id = ?1 AND p.deleted = 0",
                [id.to_string()],
                placement_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "placement",
                id: id.to_string(),
                hint: "list placements with `casecraft placement list`",
            })?
    }

    /// Placements, the latest first.
    pub fn placements(&self) -> Result<Vec<Placement>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, setting, educator, started_on, required_days, p.created_at,
                    (SELECT count(*) FROM placement_days d WHERE d.placement_id = p.id AND d.deleted = 0)
             FROM placements p WHERE p.deleted = 0 ORDER BY started_on DESC, p.created_at DESC",
        )?;
        let rows = stmt
            .query_map([], placement_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().collect()
    }

    /// The placement `id`, or the latest one when `None`.
    pub fn placement_or_latest(&self, id: Option<Id>) -> Result<Placement> {
        match id {
            Some(id) => self.placement(id),
            None => self.placements()?.into_iter().next().ok_or_else(|| {
                Error::Refused(
                    "there is no placement yet: add one first (`casecraft placement new`)".into(),
                )
            }),
        }
    }

    /// Logs a day of placement; a day already logged for that placement is refused.
    pub fn log_placement_day(
        &mut self,
        placement: Id,
        new: NewPlacementDay,
    ) -> Result<PlacementDay> {
        let activities = validate::required_body("activities", &new.activities)?;
        let day = new.day.unwrap_or_else(|| self.today());
        let pcf = sorted(&new.pcf);
        let id = Id::new();
        self.write(|w| {
            live_placement(w.conn(), placement)?;
            day_free(w.conn(), placement, day)?;
            w.create(
                RecordKind::PlacementDay,
                id,
                None,
                vec![
                    ("placement_id", Value::from(placement.to_string())),
                    ("day", Value::from(day.to_string())),
                    ("pcf", pcf.clone()),
                ],
            )?;
            w.set_text(RecordKind::PlacementDay, id, "activities", &activities)
        })?;
        self.placement_day(id)
    }

    /// Corrects a logged day: its date (a day already in the log is refused), what was done,
    /// or the domains it evidences.
    pub fn edit_placement_day(&mut self, id: Id, edit: PlacementDayEdit) -> Result<PlacementDay> {
        let activities = edit
            .activities
            .as_deref()
            .map(|a| validate::required_body("activities", a))
            .transpose()?;
        self.write(|w| {
            // Read inside the write, so a day moved to the trash meanwhile is not edited.
            let (placement, logged) = live_row(w.conn(), "placement_days", "day", id)?;
            live_placement(w.conn(), placement)?;
            let k = RecordKind::PlacementDay;
            if let Some(day) = edit.day.filter(|d| d.to_string() != logged) {
                day_free(w.conn(), placement, day)?;
                w.set(k, id, "day", Value::from(day.to_string()))?;
            }
            if let Some(text) = &activities {
                w.set_text(k, id, "activities", text)?;
            }
            if let Some(pcf) = &edit.pcf {
                w.set(k, id, "pcf", sorted(pcf))?;
            }
            Ok(())
        })?;
        self.placement_day(id)
    }

    /// A logged day by id.
    pub fn placement_day(&self, id: Id) -> Result<PlacementDay> {
        self.days_where(None, Some(id), None)?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound {
                what: "day",
                id: id.to_string(),
                hint: "list the day log with `casecraft placement days`",
            })
    }

    /// The day `day` of a placement's log.
    pub fn placement_day_on(&self, placement: Id, day: chrono::NaiveDate) -> Result<PlacementDay> {
        self.days_where(Some(placement), None, Some(day))?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound {
                what: "day",
                id: day.to_string(),
                hint: "see the days logged with `casecraft placement days`",
            })
    }

    /// The day log of a placement, oldest first.
    pub fn placement_days(&self, placement: Id) -> Result<Vec<PlacementDay>> {
        self.days_where(Some(placement), None, None)
    }

    /// Live days of live placements, of one placement, with one id and/or on one day.
    fn days_where(
        &self,
        placement: Option<Id>,
        id: Option<Id>,
        day: Option<chrono::NaiveDate>,
    ) -> Result<Vec<PlacementDay>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.placement_id, d.day, d.activities, d.pcf FROM placement_days d
             JOIN placements p ON p.id = d.placement_id AND p.deleted = 0
             WHERE d.deleted = 0 AND (?1 IS NULL OR d.placement_id = ?1)
               AND (?2 IS NULL OR d.id = ?2) AND (?3 IS NULL OR d.day = ?3)
             ORDER BY d.day",
        )?;
        let args = [
            placement.map(|p| p.to_string()),
            id.map(|i| i.to_string()),
            day.map(|d| d.to_string()),
        ];
        let rows = stmt
            .query_map(args, |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, placement, day, activities, pcf)| {
                Ok(PlacementDay {
                    id: row::id(&id)?,
                    placement_id: row::id(&placement)?,
                    day: row::date(&day)?,
                    activities,
                    pcf: domains(&pcf)?,
                })
            })
            .collect()
    }

    /// Everything the portfolio is made from, as on `today`.
    pub fn portfolio(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<crate::casework::placement::Portfolio> {
        let student = self.require_profile()?.display_name;
        let mut reflections = self
            .list_reflections(&crate::casework::reflection::ReflectionFilter::default())?
            .items;
        reflections.sort_by(|a, b| a.occurred_on.cmp(&b.occurred_on).then(a.id.cmp(&b.id)));
        let mut days_by_domain = Vec::new();
        for d in PcfDomain::ALL {
            let n: u32 = self.conn.query_row(
                "SELECT count(*) FROM placement_days d
                   JOIN placements p ON p.id = d.placement_id AND p.deleted = 0,
                   json_each(d.pcf) j
                 WHERE d.deleted = 0 AND j.value = ?1",
                [d.as_str()],
                |r| r.get(0),
            )?;
            days_by_domain.push(n);
        }
        let mut supervisions = self.list_supervisions(None, None)?.items;
        supervisions.reverse();
        Ok(crate::casework::placement::Portfolio {
            student,
            made_on: today,
            placements: self.placements()?,
            reflections,
            observations: self.observations(None)?,
            days_by_domain,
            supervisions,
        })
    }

    /// Records a direct observation of practice.
    pub fn add_observation(&mut self, placement: Id, new: NewObservation) -> Result<Observation> {
        let observer = validate::required_line("observer", &new.observer)?;
        let activity = validate::required_line("activity", &new.activity)?;
        let feedback = validate::body("feedback", &new.feedback)?;
        let day = new.observed_on.unwrap_or_else(|| self.today());
        let id = Id::new();
        self.write(|w| {
            live_placement(w.conn(), placement)?;
            w.create(
                RecordKind::Observation,
                id,
                None,
                vec![
                    ("placement_id", Value::from(placement.to_string())),
                    ("observed_on", Value::from(day.to_string())),
                    ("observer", Value::from(observer)),
                    ("activity", Value::from(activity)),
                    ("pcf", sorted(&new.pcf)),
                ],
            )?;
            w.set_text(RecordKind::Observation, id, "feedback", &feedback)
        })?;
        self.observation(id)
    }

    /// Corrects a direct observation.
    pub fn edit_observation(&mut self, id: Id, edit: ObservationEdit) -> Result<Observation> {
        let observer = edit
            .observer
            .as_deref()
            .map(|o| validate::required_line("observer", o))
            .transpose()?;
        let activity = edit
            .activity
            .as_deref()
            .map(|a| validate::required_line("activity", a))
            .transpose()?;
        let feedback = edit
            .feedback
            .as_deref()
            .map(|f| validate::body("feedback", f))
            .transpose()?;
        self.write(|w| {
            let (placement, _) = live_row(w.conn(), "observations", "observed_on", id)?;
            live_placement(w.conn(), placement)?;
            let k = RecordKind::Observation;
            if let Some(day) = edit.observed_on {
                w.set(k, id, "observed_on", Value::from(day.to_string()))?;
            }
            if let Some(o) = observer {
                w.set(k, id, "observer", Value::from(o))?;
            }
            if let Some(a) = activity {
                w.set(k, id, "activity", Value::from(a))?;
            }
            if let Some(f) = &feedback {
                w.set_text(k, id, "feedback", f)?;
            }
            if let Some(pcf) = &edit.pcf {
                w.set(k, id, "pcf", sorted(pcf))?;
            }
            Ok(())
        })?;
        self.observation(id)
    }

    /// A direct observation by id.
    pub fn observation(&self, id: Id) -> Result<Observation> {
        self.observations_where(None, Some(id))?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound {
                what: "observation",
                id: id.to_string(),
                hint: "list observations with `casecraft placement observations`",
            })
    }

    /// Direct observations (of one placement, or all), oldest first.
    pub fn observations(&self, placement: Option<Id>) -> Result<Vec<Observation>> {
        self.observations_where(placement, None)
    }

    /// Live observations of live placements, of one placement and/or with one id.
    fn observations_where(
        &self,
        placement: Option<Id>,
        id: Option<Id>,
    ) -> Result<Vec<Observation>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.placement_id, o.observed_on, o.observer, o.activity, o.feedback, o.pcf
             FROM observations o JOIN placements p ON p.id = o.placement_id AND p.deleted = 0
             WHERE o.deleted = 0 AND (?1 IS NULL OR o.placement_id = ?1) AND (?2 IS NULL OR o.id = ?2)
             ORDER BY o.observed_on, o.created_at",
        )?;
        let rows = stmt
            .query_map(
                [placement.map(|p| p.to_string()), id.map(|i| i.to_string())],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, placement, day, observer, activity, feedback, pcf)| {
                Ok(Observation {
                    id: row::id(&id)?,
                    placement_id: row::id(&placement)?,
                    observed_on: row::date(&day)?,
                    observer,
                    activity,
                    feedback,
                    pcf: domains(&pcf)?,
                })
            })
            .collect()
    }
}

type PlacementRow = (String, String, String, String, u32, String, u32);

fn placement_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Placement>> {
    let raw: PlacementRow = (
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    );
    let (id, setting, educator, started, required, created, days) = raw;
    Ok((|| {
        Ok(Placement {
            id: row::id(&id)?,
            setting,
            educator,
            started_on: row::date(&started)?,
            required_days: required,
            days_logged: days,
            created_at: row::moment(&created)?,
        })
    })())
}

fn required_days(days: u32) -> Result<()> {
    if (1..=MAX_REQUIRED_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(Error::invalid(
            "days",
            format!("give the days the placement requires, 1 to {MAX_REQUIRED_DAYS} (70 and 100 are usual)"),
        ))
    }
}

fn live_placement(conn: &Connection, id: Id) -> Result<()> {
    let found: Option<bool> = conn
        .query_row(
            "SELECT deleted FROM placements WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(false) => Ok(()),
        _ => Err(Error::NotFound {
            what: "placement",
            id: id.to_string(),
            hint: "list placements with `casecraft placement list`",
        }),
    }
}

/// The placement and the day of a live day of the log or observation (`table`, whose day is in
/// `day_column`), read inside a write.
fn live_row(conn: &Connection, table: &str, day_column: &str, id: Id) -> Result<(Id, String)> {
    let what = if table == "observations" {
        "observation"
    } else {
        "day"
    };
    let found: Option<(String, String)> = conn
        .query_row(
            &format!(
                "SELECT placement_id, {day_column} FROM {table} WHERE id = ?1 AND deleted = 0"
            ),
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (placement, day) = found.ok_or_else(|| Error::NotFound {
        what,
        id: id.to_string(),
        hint: "see the placement's day log and observations (`casecraft placement days`, `casecraft placement observations`)",
    })?;
    Ok((row::id(&placement)?, day))
}

/// Refuses `day` when the placement's log already has it.
fn day_free(conn: &Connection, placement: Id, day: chrono::NaiveDate) -> Result<()> {
    let logged: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM placement_days WHERE placement_id = ?1 AND day = ?2 AND deleted = 0)",
        [placement.to_string(), day.to_string()],
        |r| r.get(0),
    )?;
    if logged {
        return Err(Error::Refused(format!(
            "{day} is already in the day log of this placement"
        )));
    }
    Ok(())
}

fn sorted(pcf: &[PcfDomain]) -> Value {
    let mut pcf = pcf.to_vec();
    pcf.sort();
    pcf.dedup();
    Value::from(pcf.iter().map(|d| d.as_str()).collect::<Vec<_>>())
}

fn domains(json: &str) -> Result<Vec<PcfDomain>> {
    let names: Vec<String> = row::json(json)?;
    names.iter().map(|d| row::vocab(d)).collect()
}
