//! The database's own wall: row-level security on every table, a gateway role that owns nothing
//! and bypasses nothing, and a worker who is not a member of a case finding nothing of it — on a
//! real PostgreSQL cluster started for the test.

mod support;

use casecraft_hub::schema::{self, GATEWAY_ROLE, TABLES};
use casecraft_ops::Id;
use support::Cluster;
use tokio_postgres::Client;

/// A team of two workers, Ana and Ben, each with a device; a case of Ana's alone with an op on it
/// and a draft of hers; an audit event. Answers Ana, Ben, Ana's case and their devices.
async fn team(db: &Client) -> (Id, Id, Id, Id, Id) {
    let (team, ana, ben, case) = (Id::new(), Id::new(), Id::new(), Id::new());
    let (ana_device, ben_device) = (Id::new(), Id::new());
    let s = |id: Id| id.to_string();
    db.batch_execute(&format!(
        "INSERT INTO teams (team_id, name) VALUES ('{team}', 'Northside');
         INSERT INTO workers (worker_id, team_id, display_name, role) VALUES
            ('{ana}', '{team}', 'Ana', 'practitioner'), ('{ben}', '{team}', 'Ben', 'practitioner');
         INSERT INTO devices (device_id, worker_id, credential_hash) VALUES
            ('{ana_device}', '{ana}', '\\x00'), ('{ben_device}', '{ben}', '\\x01');
         INSERT INTO cases (case_id, team_id) VALUES ('{case}', '{team}');
         INSERT INTO memberships (case_id, worker_id, role) VALUES ('{case}', '{ana}', 'owner');
         INSERT INTO ops (device_id, seq, op_id, hlc, author, record_kind, record_id, case_id,
                          visibility, op) VALUES
            ('{ana_device}', 1, '{}', 1, '{ana}', 'case', '{case}', '{case}', 'case', '{{}}'),
            ('{ana_device}', 2, '{}', 2, '{ana}', 'entry', '{}', '{case}', 'author', '{{}}');
         INSERT INTO audit_events (recorded, agent, device_id, entity, action) VALUES
            (now(), '{ana}', '{ana_device}', '{case}', 'R');",
        s(Id::new()),
        s(Id::new()),
        s(Id::new()),
    ))
    .await
    .expect("seed the team");
    (ana, ben, case, ana_device, ben_device)
}

async fn count_as(db: &mut Client, worker: Id, table: &str) -> i64 {
    let tx = db.transaction().await.expect("begin");
    schema::act_as(&tx, worker).await.expect("act as");
    let n = match tx
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .await
    {
        Ok(row) => row.get(0),
        // No grant at all (hub_schema, audit_events to read) is nothing seen, too.
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => 0,
        Err(e) => panic!("count {table}: {e}"),
    };
    tx.rollback().await.expect("rollback");
    n
}

#[tokio::test]
async fn every_table_has_forced_row_level_security_and_the_gateway_owns_and_bypasses_nothing() {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    assert_eq!(
        schema::migrate(&mut db).await.unwrap(),
        (1..=schema::SCHEMA_VERSION).collect::<Vec<_>>()
    );
    assert!(
        schema::migrate(&mut db).await.unwrap().is_empty(),
        "migrating again does nothing"
    );
    let rows = db
        .query(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                    pg_get_userbyid(c.relowner)
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')",
            &[],
        )
        .await
        .unwrap();
    let mut seen: Vec<String> = Vec::new();
    for row in &rows {
        let (name, enabled, forced, owner): (String, bool, bool, String) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        assert!(
            enabled && forced,
            "{name}: row-level security not enabled and forced"
        );
        assert_ne!(owner, GATEWAY_ROLE, "{name} is owned by the gateway");
        seen.push(name);
    }
    seen.sort();
    let mut expected: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    expected.sort();
    assert_eq!(seen, expected, "every table is listed in schema::TABLES");
    let gateway = db
        .query_one(
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1",
            &[&GATEWAY_ROLE],
        )
        .await
        .unwrap();
    for (i, what) in ["superuser", "bypassrls", "createrole", "createdb"]
        .iter()
        .enumerate()
    {
        assert!(!gateway.get::<_, bool>(i), "the gateway role has {what}");
    }
}

#[tokio::test]
async fn a_worker_who_is_not_a_member_finds_nothing_of_a_case_in_any_table() {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    schema::migrate(&mut db).await.unwrap();
    let (ana, ben, _case, _, _) = team(&db).await;
    for table in TABLES {
        let ana_sees = count_as(&mut db, ana, table).await;
        let ben_sees = count_as(&mut db, ben, table).await;
        match *table {
            // Each sees their team's workers (to share a case by name), their own team, their
            // own device, and the hub's identity.
            "workers" => assert_eq!((ana_sees, ben_sees), (2, 2), "{table}"),
            "teams" | "devices" | "hub_meta" => {
                assert_eq!((ana_sees, ben_sees), (1, 1), "{table}")
            }
            // Ana sees her case, her membership, its op and her own draft.
            "cases" | "memberships" => assert_eq!((ana_sees, ben_sees), (1, 0), "{table}"),
            "ops" => assert_eq!((ana_sees, ben_sees), (2, 0), "{table}"),
            // Nobody reads the audit or the schema's bookkeeping through the gateway.
            // Nobody here was removed from a case.
            "removals" => assert_eq!((ana_sees, ben_sees), (0, 0), "{table}"),
            "audit_events" | "hub_schema" | "invitations" => {
                assert_eq!((ana_sees, ben_sees), (0, 0), "{table}")
            }
            other => panic!("a table the test does not know: {other}"),
        }
    }
    // The count of drafts answers for a worker's own cases, and only of colleagues' drafts: Ben
    // learns nothing of Ana's case, and Ana's own draft is hers to count.
    assert_eq!(count_as(&mut db, ben, "hub_case_drafts()").await, 0);
    assert_eq!(count_as(&mut db, ana, "hub_case_drafts()").await, 0);
    // With no worker named, the gateway sees nothing at all.
    let tx = db.transaction().await.unwrap();
    tx.batch_execute(&format!("SET LOCAL ROLE {GATEWAY_ROLE}"))
        .await
        .unwrap();
    for table in ["workers", "teams", "devices", "cases", "memberships", "ops"] {
        let n: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 0, "{table} without a worker");
    }
}

#[tokio::test]
async fn a_worker_cannot_write_into_a_case_they_are_not_a_member_of_nor_as_someone_else() {
    let cluster = Cluster::start();
    let mut db = cluster.admin().await;
    schema::migrate(&mut db).await.unwrap();
    let (ana, ben, case, ana_device, ben_device) = team(&db).await;
    let seq = std::sync::atomic::AtomicI64::new(10);
    let insert = |device: Id, author: Id, case: Option<Id>| {
        let seq = seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!(
            "INSERT INTO ops (device_id, seq, op_id, hlc, author, record_kind, record_id, case_id,
                              visibility, op)
             VALUES ('{device}', {seq}, '{}', {seq}, '{author}', 'entry', '{}', {}, 'case', '{{}}')",
            Id::new(),
            Id::new(),
            case.map(|c| format!("'{c}'")).unwrap_or_else(|| "NULL".into())
        )
    };
    for (worker, sql, why) in [
        (ben, insert(ben_device, ben, Some(case)), "into Ana's case"),
        (ben, insert(ana_device, ana, Some(case)), "as Ana"),
        (ben, insert(ana_device, ben, None), "from Ana's device"),
        // Everything that reaches the hub belongs to a case; a worker's own records never do.
        (ben, insert(ben_device, ben, None), "without a case"),
    ] {
        let tx = db.transaction().await.unwrap();
        schema::act_as(&tx, worker).await.unwrap();
        let err = tx.batch_execute(&sql).await.unwrap_err();
        assert_eq!(
            err.code(),
            Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "Ben writing {why}: {err}"
        );
    }
    // Ana writes into her own case.
    for (worker, sql) in [(ana, insert(ana_device, ana, Some(case)))] {
        let tx = db.transaction().await.unwrap();
        schema::act_as(&tx, worker).await.unwrap();
        tx.batch_execute(&sql).await.unwrap();
        tx.commit().await.unwrap();
    }
    // A revoked device (a lost laptop) is refused at once, even in its own worker's case.
    db.batch_execute(&format!(
        "UPDATE devices SET revoked_at = now() WHERE device_id = '{ana_device}'"
    ))
    .await
    .unwrap();
    let tx = db.transaction().await.unwrap();
    schema::act_as(&tx, ana).await.unwrap();
    let err = tx
        .batch_execute(&insert(ana_device, ana, Some(case)))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
        "a revoked device: {err}"
    );
}

#[tokio::test]
async fn the_migrate_command_sets_the_database_up_once_and_refuses_a_newer_one() {
    let cluster = Cluster::start();
    let url = format!(
        "host={} user=hub_admin dbname=postgres",
        cluster.socket_dir().display()
    );
    let migrate = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_casecraft-hub"))
            .args(["migrate", "--database-url", &url])
            .output()
            .expect("run casecraft-hub")
    };
    let first = migrate();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains(&format!(
        "Migrated the hub's database to schema {}",
        schema::SCHEMA_VERSION
    )));
    let again = migrate();
    assert!(String::from_utf8_lossy(&again.stdout)
        .contains(&format!("up to date (schema {})", schema::SCHEMA_VERSION)));
    // A database a newer hub set up is refused, and left as it was.
    let db = cluster.admin().await;
    db.batch_execute("INSERT INTO hub_schema (version) VALUES (99)")
        .await
        .unwrap();
    let newer = migrate();
    assert_eq!(newer.status.code(), Some(1));
    let err = String::from_utf8_lossy(&newer.stderr);
    assert!(err.contains("newer casecraft-hub (schema 99"), "{err}");
    let versions: i64 = db
        .query_one("SELECT count(*) FROM hub_schema", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(versions, i64::from(schema::SCHEMA_VERSION) + 1);
    // No case content or SQL in what a person reads when the database is not there.
    let unreachable = std::process::Command::new(env!("CARGO_BIN_EXE_casecraft-hub"))
        .args([
            "migrate",
            "--database-url",
            "host=/nonexistent user=x dbname=y",
        ])
        .output()
        .expect("run casecraft-hub");
    assert_eq!(unreachable.status.code(), Some(1));
    let err = String::from_utf8_lossy(&unreachable.stderr);
    assert!(err.contains("could not be reached"), "{err}");
}
