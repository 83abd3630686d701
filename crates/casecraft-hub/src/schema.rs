//! The hub's database: its tables, the gateway's role, and row-level security on every table.
//!
//! Two walls keep a worker's devices to the cases they are members of. The gateway checks each
//! request; and the database itself, whatever the gateway's queries say, shows and accepts only
//! what the worker acting may see: the gateway works as `casecraft_gateway`, a role that owns no
//! table and cannot bypass row-level security, every table has it enabled and forced (its owner
//! too), and each transaction names the worker it acts for ([`act_as`]). Visibility:
//! - a case's ops (`visibility = 'case'`) reach the case's members;
//! - an author's drafts (`visibility = 'author'`) reach their author only, until completed;
//! - a worker's private reflections and supervision wellbeing never reach the hub at all (the
//!   devices never send them; the hub has no place for them).
//!
//! Migrations run in order, each in its own transaction, under an advisory lock so two hubs
//! starting at once do not both migrate; `hub_schema` records what ran.

use tokio_postgres::{Client, GenericClient};

use crate::error::{Error, Result};

/// The role the gateway works as: owns nothing, bypasses nothing.
pub const GATEWAY_ROLE: &str = "casecraft_gateway";

/// The setting that names the worker a transaction acts for.
pub const WORKER_SETTING: &str = "casecraft.worker";

/// Every table of the hub, for the checks that each has forced row-level security.
pub const TABLES: &[&str] = &[
    "hub_schema",
    "teams",
    "workers",
    "devices",
    "cases",
    "memberships",
    "ops",
    "audit_events",
];

/// The migrations, oldest first. Never edit one that has shipped: add another.
const STEPS: &[&str] = &[V1];

/// The schema version this build sets up.
pub const SCHEMA_VERSION: i32 = STEPS.len() as i32;

const LOCK: i64 = 0x6361_7365_6372_6166; // "casecraf"

/// Brings the database up to [`SCHEMA_VERSION`]; answers the migrations it ran. Refuses a
/// database set up by a newer hub, changing nothing.
pub async fn migrate(client: &mut Client) -> Result<Vec<i32>> {
    client
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS hub_schema (
                version integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
             )",
        )
        .await
        .map_err(|e| Error::database("create the schema table", &e))?;
    let tx = client
        .transaction()
        .await
        .map_err(|e| Error::database("begin", &e))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
        .await
        .map_err(|e| Error::database("take the migration lock", &e))?;
    let found: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM hub_schema", &[])
        .await
        .map_err(|e| Error::database("read the schema version", &e))?
        .get(0);
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    let mut ran = Vec::new();
    for (index, step) in STEPS.iter().enumerate().skip(found as usize) {
        let version = index as i32 + 1;
        tx.batch_execute(step)
            .await
            .map_err(|e| Error::database("migrate", &e))?;
        tx.execute("INSERT INTO hub_schema (version) VALUES ($1)", &[&version])
            .await
            .map_err(|e| Error::database("record the migration", &e))?;
        ran.push(version);
    }
    tx.commit()
        .await
        .map_err(|e| Error::database("commit the migration", &e))?;
    Ok(ran)
}

/// Makes the current transaction act for `worker` as the gateway: from here to its end, every
/// table shows and accepts only what that worker may see.
pub async fn act_as(tx: &impl GenericClient, worker: casecraft_ops::Id) -> Result<()> {
    tx.batch_execute(&format!("SET LOCAL ROLE {GATEWAY_ROLE}"))
        .await
        .map_err(|e| Error::database("take the gateway's role", &e))?;
    tx.execute(
        "SELECT set_config($1, $2, true)",
        &[&WORKER_SETTING, &worker.to_string()],
    )
    .await
    .map_err(|e| Error::database("name the worker", &e))?;
    Ok(())
}

const V1: &str = r#"
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'casecraft_gateway') THEN
        CREATE ROLE casecraft_gateway NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

-- The worker a transaction acts for (NULL when none: then nothing is visible).
CREATE FUNCTION hub_worker() RETURNS uuid LANGUAGE sql STABLE AS $f$
    SELECT nullif(current_setting('casecraft.worker', true), '')::uuid
$f$;

CREATE TABLE teams (
    team_id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workers (
    worker_id uuid PRIMARY KEY,
    team_id uuid NOT NULL REFERENCES teams,
    display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    role text NOT NULL CHECK (role IN ('practitioner', 'student', 'supervisor', 'manager', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workers_team ON workers (team_id);

CREATE TABLE devices (
    device_id uuid PRIMARY KEY,
    worker_id uuid NOT NULL REFERENCES workers,
    credential_hash bytea NOT NULL,
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX devices_worker ON devices (worker_id);

CREATE TABLE cases (
    case_id uuid PRIMARY KEY,
    team_id uuid NOT NULL REFERENCES teams,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    case_id uuid NOT NULL REFERENCES cases,
    worker_id uuid NOT NULL REFERENCES workers,
    role text NOT NULL CHECK (role IN ('owner', 'co-worker', 'supervisor', 'read-only')),
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, worker_id)
);
CREATE INDEX memberships_worker ON memberships (worker_id, case_id);

-- Ops as devices sent them: the envelope in columns, the body as sent. `hub_seq` is the hub's
-- order, which pulls follow.
CREATE TABLE ops (
    hub_seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    device_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    op_id uuid NOT NULL UNIQUE,
    hlc bigint NOT NULL,
    author uuid NOT NULL REFERENCES workers (worker_id),
    record_kind text NOT NULL,
    record_id uuid NOT NULL,
    case_id uuid REFERENCES cases,
    visibility text NOT NULL CHECK (visibility IN ('case', 'author')),
    body jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (device_id, seq)
);
CREATE INDEX ops_case ON ops (case_id, hub_seq);
CREATE INDEX ops_author ON ops (author, hub_seq) WHERE visibility = 'author';

-- Who did what to which case, in the shape of FHIR AuditEvent; never case content. Insert-only.
CREATE TABLE audit_events (
    event_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recorded timestamptz NOT NULL,
    agent uuid NOT NULL REFERENCES workers (worker_id),
    device_id uuid,
    entity uuid NOT NULL,
    action char(1) NOT NULL CHECK (action IN ('C', 'R', 'U', 'D'))
);
CREATE INDEX audit_entity ON audit_events (entity, recorded);
CREATE INDEX audit_agent ON audit_events (agent, recorded);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['hub_schema', 'teams', 'workers', 'devices', 'cases', 'memberships',
                             'ops', 'audit_events'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- The hub's administrator (who migrates, adds workers, reads the audit) sees everything.
        EXECUTE format('CREATE POLICY administrator ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;

-- The gateway, acting for a worker: their own row, their team, their devices, the cases they are
-- members of with their ops, and their own drafts.
CREATE POLICY own_row ON workers FOR SELECT TO casecraft_gateway
    USING (worker_id = hub_worker());
CREATE POLICY own_team ON teams FOR SELECT TO casecraft_gateway
    USING (team_id IN (SELECT w.team_id FROM workers w WHERE w.worker_id = hub_worker()));
CREATE POLICY own_devices ON devices FOR SELECT TO casecraft_gateway
    USING (worker_id = hub_worker());
CREATE POLICY own_memberships ON memberships FOR SELECT TO casecraft_gateway
    USING (worker_id = hub_worker());
CREATE POLICY member_cases ON cases FOR SELECT TO casecraft_gateway
    USING (case_id IN (SELECT m.case_id FROM memberships m WHERE m.worker_id = hub_worker()));
CREATE POLICY visible_ops ON ops FOR SELECT TO casecraft_gateway
    USING (
        (visibility = 'case'
         AND case_id IN (SELECT m.case_id FROM memberships m WHERE m.worker_id = hub_worker()))
        OR (visibility = 'author' AND author = hub_worker())
    );
CREATE POLICY writable_ops ON ops FOR INSERT TO casecraft_gateway
    WITH CHECK (
        author = hub_worker()
        AND device_id IN (SELECT d.device_id FROM devices d
                          WHERE d.worker_id = hub_worker() AND d.revoked_at IS NULL)
        AND (case_id IS NULL
             OR case_id IN (SELECT m.case_id FROM memberships m
                            WHERE m.worker_id = hub_worker() AND m.role <> 'read-only'))
    );
CREATE POLICY own_audit ON audit_events FOR INSERT TO casecraft_gateway
    WITH CHECK (agent = hub_worker());

GRANT USAGE ON SCHEMA public TO casecraft_gateway;
GRANT SELECT ON teams, workers, devices, cases, memberships, ops TO casecraft_gateway;
GRANT INSERT ON ops, audit_events TO casecraft_gateway;
GRANT EXECUTE ON FUNCTION hub_worker() TO casecraft_gateway;
"#;
