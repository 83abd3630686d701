//! The hub administrator's jobs, run as the database's owner: a team, its workers, their devices
//! (listing them, revoking a lost one) and the audit. Each answers what it did in a sentence or a
//! table; nothing here reads case content.

use casecraft_ops::Id;
use tokio_postgres::Client;

use crate::error::{Error, Result};

/// The roles a worker may have in a team.
pub const WORKER_ROLES: &[&str] = &["practitioner", "student", "supervisor", "manager", "admin"];

/// `text` trimmed, if it is one line of 1 to 200 characters (the tables' own limit).
fn one_line<'t>(text: &'t str, what: &str) -> Result<&'t str> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 200 || text.contains(['\n', '\r']) {
        return Err(Error::Invalid(format!(
            "{what} is one line of 1 to 200 characters"
        )));
    }
    Ok(text)
}

/// Makes the login the gateway connects as: a member of `casecraft_gateway` and nothing else
/// (no table of its own, no bypass of row-level security); with a password when given. Answers
/// false when it exists already.
pub async fn gateway_user(db: &Client, name: &str, password: Option<&str>) -> Result<bool> {
    let name = name.trim();
    if name.is_empty()
        || name.len() > 63
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Error::Invalid(
            "a login's name is 1 to 63 lowercase letters, digits or underscores".into(),
        ));
    }
    let exists: bool = db
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&name],
        )
        .await
        .map_err(|e| Error::database("look for the login", &e))?
        .get(0);
    if exists {
        return Ok(false);
    }
    let statement: String = db
        .query_one(
            "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE %s IN ROLE casecraft_gateway',
                           $1::text,
                           CASE WHEN $2::text IS NULL THEN '' ELSE format('PASSWORD %L', $2::text) END)",
            &[&name, &password],
        )
        .await
        .map_err(|e| Error::database("make the login", &e))?
        .get(0);
    db.batch_execute(&statement)
        .await
        .map_err(|e| Error::database("make the login", &e))?;
    Ok(true)
}

/// Creates a team; answers its id.
pub async fn create_team(db: &Client, name: &str) -> Result<Id> {
    let name = one_line(name, "a team's name")?;
    let id = Id::new();
    db.execute(
        "INSERT INTO teams (team_id, name) VALUES ($1::text::uuid, $2)",
        &[&id.to_string(), &name],
    )
    .await
    .map_err(|e| Error::database("create the team", &e))?;
    Ok(id)
}

/// Adds a worker to the team named `team` (the only team when `None`); answers their id.
pub async fn add_worker(db: &Client, team: Option<&str>, name: &str, role: &str) -> Result<Id> {
    let name = one_line(name, "a worker's name")?;
    let role = role.trim().to_lowercase();
    if !WORKER_ROLES.contains(&role.as_str()) {
        return Err(Error::Invalid(format!(
            "\"{role}\" is not a role; choose one of: {}",
            WORKER_ROLES.join(", ")
        )));
    }
    let teams = db
        .query(
            "SELECT team_id::text, name FROM teams WHERE $1::text IS NULL OR name = $1 ORDER BY name",
            &[&team],
        )
        .await
        .map_err(|e| Error::database("find the team", &e))?;
    let team_id: String = match teams.as_slice() {
        [one] => one.get(0),
        [] => {
            return Err(Error::Invalid(match team {
                Some(t) => format!(
                    "there is no team called \"{t}\"; `casecraft-hub team create NAME` makes one"
                ),
                None => "there is no team yet; `casecraft-hub team create NAME` makes one".into(),
            }))
        }
        _ => {
            return Err(Error::Invalid(
                "there is more than one team; name one with --team".into(),
            ))
        }
    };
    let id = Id::new();
    db.execute(
        "INSERT INTO workers (worker_id, team_id, display_name, role)
         VALUES ($1::text::uuid, $2::text::uuid, $3, $4)",
        &[&id.to_string(), &team_id, &name, &role],
    )
    .await
    .map_err(|e| Error::database("add the worker", &e))?;
    Ok(id)
}

/// One enrolled device, for `devices list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    /// The device.
    pub device_id: String,
    /// Its worker's name.
    pub worker: String,
    /// When it joined (UTC, as the database keeps it).
    pub enrolled_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// Every enrolled device, by worker then enrolment.
pub async fn devices(db: &Client) -> Result<Vec<DeviceRow>> {
    let rows = db
        .query(
            "SELECT d.device_id::text, w.display_name,
                    to_char(d.enrolled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'),
                    to_char(d.revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
               FROM devices d JOIN workers w ON w.worker_id = d.worker_id
              ORDER BY w.display_name, d.enrolled_at",
            &[],
        )
        .await
        .map_err(|e| Error::database("list the devices", &e))?;
    Ok(rows
        .iter()
        .map(|r| DeviceRow {
            device_id: r.get(0),
            worker: r.get(1),
            enrolled_at: r.get(2),
            revoked_at: r.get(3),
        })
        .collect())
}

/// Revokes a device (a lost laptop): from now on the hub refuses it. Answers false when it was
/// revoked already.
pub async fn revoke_device(db: &Client, device: Id) -> Result<bool> {
    let known = db
        .query_opt(
            "SELECT revoked_at IS NULL FROM devices WHERE device_id = $1::text::uuid",
            &[&device.to_string()],
        )
        .await
        .map_err(|e| Error::database("find the device", &e))?;
    match known {
        None => Err(Error::Invalid(format!(
            "no device {device} is enrolled; `casecraft-hub devices list` shows them"
        ))),
        Some(row) if !row.get::<_, bool>(0) => Ok(false),
        Some(_) => {
            db.execute(
                "UPDATE devices SET revoked_at = now() WHERE device_id = $1::text::uuid",
                &[&device.to_string()],
            )
            .await
            .map_err(|e| Error::database("revoke the device", &e))?;
            Ok(true)
        }
    }
}

/// One audit event, for `audit`: when, who, which device, what was done to which record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// When (UTC).
    pub recorded: String,
    /// The worker's name.
    pub agent: String,
    /// The device, when known.
    pub device_id: Option<String>,
    /// The case or record.
    pub entity: String,
    /// C, R, U or D (FHIR AuditEvent's action).
    pub action: String,
}

/// The audit, oldest first, of one case and/or one worker when given.
pub async fn audit(db: &Client, case: Option<Id>, worker: Option<Id>) -> Result<Vec<AuditRow>> {
    let rows = db
        .query(
            "SELECT to_char(a.recorded AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), w.display_name,
                    a.device_id::text, a.entity::text, a.action::text
               FROM audit_events a JOIN workers w ON w.worker_id = a.agent
              WHERE ($1::text IS NULL OR a.entity = $1::text::uuid)
                AND ($2::text IS NULL OR a.agent = $2::text::uuid)
              ORDER BY a.recorded, a.event_id",
            &[
                &case.map(|c| c.to_string()),
                &worker.map(|w| w.to_string()),
            ],
        )
        .await
        .map_err(|e| Error::database("read the audit", &e))?;
    Ok(rows
        .iter()
        .map(|r| AuditRow {
            recorded: r.get(0),
            agent: r.get(1),
            device_id: r.get(2),
            entity: r.get(3),
            action: r.get(4),
        })
        .collect())
}
