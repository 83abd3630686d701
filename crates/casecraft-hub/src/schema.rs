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
    "hub_meta",
    "invitations",
    "teams",
    "workers",
    "devices",
    "cases",
    "memberships",
    "removals",
    "ops",
    "audit_events",
];

/// The migrations, oldest first. Never edit one that has shipped: add another.
const STEPS: &[&str] = &[V1, V2, V3];

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
    take_gateway_role(tx).await?;
    name_worker(tx, worker).await
}

/// Makes the rest of the current transaction run as the gateway's role (no worker named yet:
/// nothing is visible until [`name_worker`]).
pub async fn take_gateway_role(tx: &impl GenericClient) -> Result<()> {
    tx.batch_execute(&format!("SET LOCAL ROLE {GATEWAY_ROLE}"))
        .await
        .map_err(|e| Error::database("take the gateway's role", &e))
}

/// Names the worker the rest of the current transaction acts for.
pub async fn name_worker(tx: &impl GenericClient, worker: casecraft_ops::Id) -> Result<()> {
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

-- The hub's identity: a device's pull cursor is only used with the hub that gave it.
CREATE TABLE hub_meta (
    hub_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- SHA-256 of the certificate `serve` presents (hex), written when it starts: invitation codes
    -- carry it so a device pins the hub without any CA.
    tls_fingerprint text,
    one boolean NOT NULL DEFAULT true UNIQUE CHECK (one)
);
INSERT INTO hub_meta DEFAULT VALUES;

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
    revoked_at timestamptz,
    -- The device's log is covered (pushed, withheld as never-leaves-the-worker, or refused) up
    -- to here: the next push starts at most one past it.
    pushed_through bigint NOT NULL DEFAULT 0
);
CREATE INDEX devices_worker ON devices (worker_id);

-- One-time invitation codes: only a hash of the secret is kept.
CREATE TABLE invitations (
    code_hash bytea PRIMARY KEY,
    worker_id uuid NOT NULL REFERENCES workers,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    used_by uuid
);
CREATE INDEX invitations_worker ON invitations (worker_id);

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

-- Workers removed from a case (unshared, or handing it on): each of their devices purges it, even
-- one that has it only from the worker's own folder. Gone when they are added again.
CREATE TABLE removals (
    case_id uuid NOT NULL REFERENCES cases,
    worker_id uuid NOT NULL REFERENCES workers,
    removed_at timestamptz NOT NULL DEFAULT now(),
    -- Who stopped sharing the case (the worker themselves when they transferred it).
    removed_by uuid REFERENCES workers,
    PRIMARY KEY (worker_id, case_id)
);

-- Ops as devices sent them: the envelope in columns (to route and filter), the op as sent. `hub_seq` is the hub's
-- order, which pulls follow; pushes take it under one lock, so every number below a committed one
-- has committed too. A draft entry's ops are `author` until it is completed, then take new
-- places at the end of the order (so members' cursors reach them).
CREATE TABLE ops (
    hub_seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    device_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    op_id uuid NOT NULL UNIQUE,
    hlc bigint NOT NULL,
    author uuid NOT NULL REFERENCES workers (worker_id),
    record_kind text NOT NULL,
    record_id uuid NOT NULL,
    case_id uuid REFERENCES cases,
    visibility text NOT NULL CHECK (visibility IN ('case', 'author')),
    op jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (device_id, seq)
);
CREATE INDEX ops_case ON ops (case_id, hub_seq);
CREATE INDEX ops_author ON ops (author, hub_seq) WHERE visibility = 'author';
CREATE INDEX ops_record ON ops (record_id);
CREATE INDEX ops_completions ON ops (record_id)
    WHERE record_kind = 'entry' AND op->'body'->>'op' = 'set' AND op->'body'->>'field' = 'status'
      AND op->'body'->>'value' = 'completed';

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
    FOREACH t IN ARRAY ARRAY['hub_schema', 'hub_meta', 'invitations', 'teams', 'workers',
                             'devices', 'cases', 'memberships', 'removals', 'ops', 'audit_events'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        -- The hub's administrator (who migrates, adds workers, reads the audit) sees everything.
        EXECUTE format('CREATE POLICY administrator ON %I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;

-- What the acting worker belongs to, read past row-level security (policies that read the tables
-- they guard would recurse); each is a lookup on an index.
CREATE FUNCTION hub_team() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT w.team_id FROM workers w WHERE w.worker_id = hub_worker()
$f$;
CREATE FUNCTION hub_cases() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT m.case_id FROM memberships m WHERE m.worker_id = hub_worker()
$f$;
CREATE FUNCTION hub_writable_cases() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT m.case_id FROM memberships m WHERE m.worker_id = hub_worker() AND m.role <> 'read-only'
$f$;
CREATE FUNCTION hub_devices() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT d.device_id FROM devices d WHERE d.worker_id = hub_worker() AND d.revoked_at IS NULL
$f$;

-- The gateway, acting for a worker: their team and its workers (to share a case by name), their
-- devices, the cases they are members of with their members and ops, and their own drafts.
CREATE POLICY team_workers ON workers FOR SELECT TO casecraft_gateway
    USING (team_id = hub_team());
CREATE POLICY own_team ON teams FOR SELECT TO casecraft_gateway
    USING (team_id = hub_team());
CREATE POLICY own_devices ON devices FOR SELECT TO casecraft_gateway
    USING (worker_id = hub_worker());
CREATE POLICY case_members ON memberships FOR SELECT TO casecraft_gateway
    USING (case_id IN (SELECT hub_cases()));
CREATE POLICY own_removals ON removals FOR SELECT TO casecraft_gateway
    USING (worker_id = hub_worker());
CREATE POLICY member_cases ON cases FOR SELECT TO casecraft_gateway
    USING (case_id IN (SELECT hub_cases()));
CREATE POLICY visible_ops ON ops FOR SELECT TO casecraft_gateway
    USING (
        (visibility = 'case' AND case_id IN (SELECT hub_cases()))
        OR (visibility = 'author' AND author = hub_worker())
    );
CREATE POLICY writable_ops ON ops FOR INSERT TO casecraft_gateway
    WITH CHECK (
        author = hub_worker()
        AND device_id IN (SELECT hub_devices())
        AND case_id IN (SELECT hub_writable_cases())
    );
CREATE POLICY own_audit ON audit_events FOR INSERT TO casecraft_gateway
    WITH CHECK (agent = hub_worker());
CREATE POLICY hub_identity ON hub_meta FOR SELECT TO casecraft_gateway USING (true);

-- What the gateway may do beyond reading and inserting under the policies above, each a function
-- that checks its own caller (owned by the administrator; search_path pinned).

-- The worker a device's credential proves, if the device is enrolled and not revoked.
CREATE FUNCTION hub_authenticate(p_device uuid, p_hash bytea) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT d.worker_id FROM devices d
     WHERE d.device_id = p_device AND d.credential_hash = p_hash AND d.revoked_at IS NULL
$f$;

-- Whether a device is enrolled but revoked (to say so, rather than "unknown").
CREATE FUNCTION hub_revoked(p_device uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT coalesce((SELECT d.revoked_at IS NOT NULL FROM devices d WHERE d.device_id = p_device), false)
$f$;

-- A device leaving its team: its own credential stops working at once.
CREATE FUNCTION hub_leave(p_device uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    UPDATE devices SET revoked_at = now()
     WHERE device_id = p_device AND worker_id = hub_worker() AND revoked_at IS NULL
$f$;

-- Takes a one-time invitation: enrols the device for its worker; NULL when the code is unknown,
-- used or expired.
CREATE FUNCTION hub_enrol(p_code bytea, p_device uuid, p_hash bytea) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE w uuid;
BEGIN
    UPDATE invitations SET used_at = now(), used_by = p_device
     WHERE code_hash = p_code AND used_at IS NULL AND expires_at > now()
    RETURNING worker_id INTO w;
    IF w IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO devices (device_id, worker_id, credential_hash) VALUES (p_device, w, p_hash);
    RETURN w;
END
$f$;

-- The acting worker's role on a case; a case the hub has never seen becomes theirs (owner, in
-- their team). NULL when the case exists and they are not a member.
CREATE FUNCTION hub_open_case(p_case uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE r text;
BEGIN
    IF hub_worker() IS NULL THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM cases WHERE case_id = p_case) THEN
        SELECT m.role INTO r FROM memberships m WHERE m.case_id = p_case AND m.worker_id = hub_worker();
        RETURN r;
    END IF;
    INSERT INTO cases (case_id, team_id)
        SELECT p_case, w.team_id FROM workers w WHERE w.worker_id = hub_worker();
    INSERT INTO memberships (case_id, worker_id, role) VALUES (p_case, hub_worker(), 'owner');
    RETURN 'owner';
END
$f$;

-- Moves the acting worker's device's covered range on.
CREATE FUNCTION hub_advance(p_device uuid, p_through bigint) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    UPDATE devices SET pushed_through = greatest(pushed_through, p_through)
     WHERE device_id = p_device AND worker_id = hub_worker() AND revoked_at IS NULL
    RETURNING pushed_through
$f$;

CREATE FUNCTION hub_pushed_through(p_device uuid) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT d.pushed_through FROM devices d WHERE d.device_id = p_device AND d.worker_id = hub_worker()
$f$;

-- The op a device sent under a seq, whoever may see it (to tell a batch sent again from a clash).
CREATE FUNCTION hub_op_at(p_device uuid, p_seq bigint) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT o.op_id FROM ops o JOIN devices d ON d.device_id = o.device_id
     WHERE o.device_id = p_device AND o.seq = p_seq AND d.worker_id = hub_worker()
$f$;

-- Whether an op id is taken (by any device).
CREATE FUNCTION hub_op_taken(p_op uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT EXISTS (SELECT 1 FROM ops WHERE op_id = p_op)
$f$;

-- Whether the hub holds a record (a shared reflection, a completed entry): `unknown`, `held` or
-- `completed`; each an index lookup (completions have their own partial index).
CREATE FUNCTION hub_record_state(p_record uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM ops WHERE record_id = p_record AND record_kind = 'entry'
                      AND op->'body'->>'op' = 'set' AND op->'body'->>'field' = 'status'
                      AND op->'body'->>'value' = 'completed') THEN 'completed'
        WHEN EXISTS (SELECT 1 FROM ops WHERE record_id = p_record) THEN 'held'
        ELSE 'unknown' END
$f$;

-- A draft entry has been completed: its ops reach the case's members, at new places in the order.
CREATE FUNCTION hub_publish(p_record uuid) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    WITH moved AS (
        UPDATE ops SET visibility = 'case',
                       hub_seq = nextval(pg_get_serial_sequence('ops', 'hub_seq'))
         WHERE record_id = p_record AND visibility = 'author' AND author = hub_worker()
        RETURNING 1)
    SELECT count(*) FROM moved
$f$;

-- The highest place in the hub's order (to tell a cursor from a restored hub's future).
CREATE FUNCTION hub_high_water() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT coalesce(max(hub_seq), 0) FROM ops
$f$;

-- Shares a case with a worker of the same team, changes their role, or (role NULL) removes them.
-- Only the case's owner may; the last owner cannot be removed. Answers an error sentence or NULL.
CREATE FUNCTION hub_share(p_case uuid, p_worker uuid, p_role text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memberships WHERE case_id = p_case AND worker_id = hub_worker()
                    AND role = 'owner') THEN
        RETURN 'only the case''s owner can change who it is shared with';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM workers a JOIN workers b ON a.team_id = b.team_id
                    WHERE a.worker_id = hub_worker() AND b.worker_id = p_worker) THEN
        RETURN 'that worker is not in your team';
    END IF;
    IF p_worker = hub_worker() AND coalesce(p_role, '') <> 'owner' THEN
        RETURN 'you own this case: transfer it to a colleague instead';
    END IF;
    IF p_role IS NULL THEN
        DELETE FROM memberships WHERE case_id = p_case AND worker_id = p_worker;
        IF FOUND THEN
            INSERT INTO removals (case_id, worker_id, removed_by) VALUES (p_case, p_worker, hub_worker())
            ON CONFLICT (worker_id, case_id)
            DO UPDATE SET removed_at = now(), removed_by = excluded.removed_by;
        END IF;
    ELSE
        INSERT INTO memberships (case_id, worker_id, role) VALUES (p_case, p_worker, p_role)
        ON CONFLICT (case_id, worker_id) DO UPDATE SET role = excluded.role;
        DELETE FROM removals WHERE case_id = p_case AND worker_id = p_worker;
    END IF;
    RETURN NULL;
END
$f$;

-- Hands a case to a colleague: they become its owner and the acting owner leaves it.
CREATE FUNCTION hub_transfer(p_case uuid, p_to uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM memberships WHERE case_id = p_case AND worker_id = hub_worker()
                    AND role = 'owner') THEN
        RETURN 'only the case''s owner can transfer it';
    END IF;
    IF p_to = hub_worker() THEN
        RETURN 'you own this case already; name the colleague taking it on';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM workers a JOIN workers b ON a.team_id = b.team_id
                    WHERE a.worker_id = hub_worker() AND b.worker_id = p_to) THEN
        RETURN 'that worker is not in your team';
    END IF;
    INSERT INTO memberships (case_id, worker_id, role) VALUES (p_case, p_to, 'owner')
    ON CONFLICT (case_id, worker_id) DO UPDATE SET role = 'owner';
    DELETE FROM removals WHERE case_id = p_case AND worker_id = p_to;
    DELETE FROM memberships WHERE case_id = p_case AND worker_id = hub_worker();
    INSERT INTO removals (case_id, worker_id, removed_by) VALUES (p_case, hub_worker(), hub_worker())
    ON CONFLICT (worker_id, case_id)
    DO UPDATE SET removed_at = now(), removed_by = excluded.removed_by;
    RETURN NULL;
END
$f$;

-- The gateway records the certificate it presents, for invitation codes.
CREATE FUNCTION hub_set_fingerprint(p_fingerprint text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    UPDATE hub_meta SET tls_fingerprint = p_fingerprint
$f$;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO casecraft_gateway;
GRANT SELECT ON teams, workers, devices, cases, memberships, removals, ops TO casecraft_gateway;
GRANT INSERT ON ops, audit_events TO casecraft_gateway;
GRANT SELECT ON hub_meta TO casecraft_gateway;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO casecraft_gateway;
"#;

/// Oversight: how many entries of each of the acting worker's cases are still drafts (so a
/// supervisor sees that work waits to be completed, never what it says); a manager overseeing a
/// case may hand it on; allocation, a transfer after which the allocating worker oversees the case.
const V2: &str = r#"
CREATE INDEX ops_drafts ON ops (case_id, record_id)
    WHERE visibility = 'author' AND record_kind = 'entry';

-- Draft entries other workers hold in the acting worker's cases, counted per case: numbers only,
-- read past the policies (which rightly hide the drafts themselves).
CREATE FUNCTION hub_case_drafts() RETURNS TABLE (case_id uuid, drafts bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT o.case_id, count(DISTINCT o.record_id) FROM ops o
     WHERE o.visibility = 'author' AND o.record_kind = 'entry' AND o.author <> hub_worker()
       AND o.case_id IN (SELECT m.case_id FROM memberships m WHERE m.worker_id = hub_worker())
     GROUP BY o.case_id
$f$;

-- An entry recorded complete at once (a supervision decision) is completed from its first op.
CREATE INDEX ops_created_completed ON ops (record_id)
    WHERE record_kind = 'entry' AND op->'body'->>'op' = 'create'
      AND op->'body'->'fields'->>'status' = 'completed';
CREATE OR REPLACE FUNCTION hub_record_state(p_record uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT CASE
        WHEN EXISTS (SELECT 1 FROM ops WHERE record_id = p_record AND record_kind = 'entry'
                      AND op->'body'->>'op' = 'set' AND op->'body'->>'field' = 'status'
                      AND op->'body'->>'value' = 'completed') THEN 'completed'
        WHEN EXISTS (SELECT 1 FROM ops WHERE record_id = p_record AND record_kind = 'entry'
                      AND op->'body'->>'op' = 'create'
                      AND op->'body'->'fields'->>'status' = 'completed') THEN 'completed'
        WHEN EXISTS (SELECT 1 FROM ops WHERE record_id = p_record) THEN 'held'
        ELSE 'unknown' END
$f$;

-- Hands a case on to a colleague: its owner can, and so can a manager overseeing it (a worker
-- leaving, a caseload rebalanced). The colleague becomes its owner; the worker who held it leaves
-- it (and is told who moved it). Refused while its holder has drafts on it, which would otherwise
-- stay theirs alone.
CREATE OR REPLACE FUNCTION hub_transfer(p_case uuid, p_to uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE
    mine text;
    managing boolean;
    holder uuid;
    drafts bigint;
BEGIN
    SELECT m.role INTO mine FROM memberships m WHERE m.case_id = p_case AND m.worker_id = hub_worker();
    SELECT w.role = 'manager' INTO managing FROM workers w WHERE w.worker_id = hub_worker();
    IF mine IS NULL OR (mine <> 'owner' AND NOT (coalesce(managing, false) AND mine <> 'read-only')) THEN
        RETURN 'only the case''s owner, or a manager overseeing it, can transfer it';
    END IF;
    SELECT m.worker_id INTO holder FROM memberships m WHERE m.case_id = p_case AND m.role = 'owner';
    IF p_to = holder THEN
        RETURN CASE WHEN holder = hub_worker()
                    THEN 'you own this case already; name the colleague taking it on'
                    ELSE 'that colleague holds this case already' END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM workers a JOIN workers b ON a.team_id = b.team_id
                    WHERE a.worker_id = hub_worker() AND b.worker_id = p_to) THEN
        RETURN 'that worker is not in your team';
    END IF;
    IF holder IS NOT NULL AND holder <> hub_worker() THEN
        SELECT count(DISTINCT o.record_id) INTO drafts FROM ops o
         WHERE o.case_id = p_case AND o.visibility = 'author' AND o.record_kind = 'entry'
           AND o.author = holder;
        IF drafts > 0 THEN
            RETURN format('the worker holding this case has %s draft entr%s on it: they complete %s first',
                          drafts, CASE WHEN drafts = 1 THEN 'y' ELSE 'ies' END,
                          CASE WHEN drafts = 1 THEN 'it' ELSE 'them' END);
        END IF;
    END IF;
    INSERT INTO memberships (case_id, worker_id, role) VALUES (p_case, p_to, 'owner')
    ON CONFLICT (case_id, worker_id) DO UPDATE SET role = 'owner';
    DELETE FROM removals WHERE case_id = p_case AND worker_id = p_to;
    IF holder IS NOT NULL THEN
        DELETE FROM memberships WHERE case_id = p_case AND worker_id = holder;
        INSERT INTO removals (case_id, worker_id, removed_by) VALUES (p_case, holder, hub_worker())
        ON CONFLICT (worker_id, case_id)
        DO UPDATE SET removed_at = now(), removed_by = excluded.removed_by;
    END IF;
    RETURN NULL;
END
$f$;

-- Allocates a case the acting worker holds (a referral a manager opened) to a colleague: as a
-- transfer, except that the allocating worker stays on the case as its supervisor, to oversee it.
CREATE FUNCTION hub_allocate(p_case uuid, p_to uuid) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $f$
DECLARE refusal text;
BEGIN
    refusal := hub_transfer(p_case, p_to);
    IF refusal IS NOT NULL THEN
        RETURN refusal;
    END IF;
    DELETE FROM removals WHERE case_id = p_case AND worker_id = hub_worker();
    INSERT INTO memberships (case_id, worker_id, role) VALUES (p_case, hub_worker(), 'supervisor')
    ON CONFLICT (case_id, worker_id) DO NOTHING;
    RETURN NULL;
END
$f$;

REVOKE EXECUTE ON FUNCTION hub_case_drafts(), hub_allocate(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub_case_drafts(), hub_allocate(uuid, uuid) TO casecraft_gateway;
"#;

/// A push asks which of its records the acting worker created. Asked under the policies for a
/// record holding many ops, the planner read every op of the hub, other teams' included (a 100-op
/// push took ten times as long with a million other ops); asked one record at a time past them,
/// it is one lookup on the records' index each.
const V3: &str = r#"
-- Whether the acting worker created a record (its `create` op is theirs): the worker's own fact,
-- answered by the records' index whatever else the hub holds.
CREATE FUNCTION hub_created_by_worker(p_record uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $f$
    SELECT EXISTS (SELECT 1 FROM ops WHERE record_id = p_record AND author = hub_worker()
                    AND op->'body'->>'op' = 'create')
$f$;
REVOKE EXECUTE ON FUNCTION hub_created_by_worker(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hub_created_by_worker(uuid) TO casecraft_gateway;
"#;
