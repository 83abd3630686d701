//! The administrator's commands through the real `casecraft-hub` binary on a throwaway cluster:
//! a team, its workers, devices listed and one revoked (and then refused by the database), the
//! audit by case and by worker; bad input refused with exit code 2 and nothing changed.

mod support;

use std::process::Output;

use casecraft_hub::schema;
use casecraft_ops::Id;
use support::Cluster;

struct Hub {
    url: String,
}

impl Hub {
    fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_casecraft-hub"))
            .args(args)
            .env("CASECRAFT_HUB_DATABASE_URL", &self.url)
            .output()
            .expect("run casecraft-hub")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "casecraft-hub {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "casecraft-hub {}",
            args.join(" ")
        );
        String::from_utf8_lossy(&out.stderr).to_string()
    }
}

#[tokio::test]
async fn an_administrator_sets_up_a_team_revokes_a_lost_laptop_and_reads_the_audit() {
    let cluster = Cluster::start();
    let hub = Hub {
        url: format!(
            "host={} user=hub_admin dbname=postgres",
            cluster.socket_dir().display()
        ),
    };
    assert!(hub
        .refused(&["worker", "add", "--name", "Ana", "--role", "practitioner"])
        .contains("run `casecraft-hub migrate` first"));
    hub.ok(&["migrate"]);
    assert!(hub
        .refused(&["worker", "add", "--name", "Ana", "--role", "practitioner"])
        .contains("no team yet"));
    assert!(hub.refused(&["team", "create", "   "]).contains("1 to 200"));
    let team = hub.ok(&["team", "create", "Northside Family Support"]);
    assert!(Id::parse("team", &team).is_ok(), "{team}");
    let ana = hub.ok(&[
        "worker",
        "add",
        "--name",
        "Ana Ruiz",
        "--role",
        "Practitioner",
    ]);
    let ben = hub.ok(&[
        "worker",
        "add",
        "--name",
        "Ben Okafor",
        "--role",
        "supervisor",
    ]);
    let wrong = hub.refused(&["worker", "add", "--name", "Cy", "--role", "boss"]);
    assert!(
        wrong.contains("practitioner, student, supervisor, manager, admin"),
        "{wrong}"
    );
    hub.ok(&["team", "create", "Southside"]);
    assert!(hub
        .refused(&["worker", "add", "--name", "Cy", "--role", "student"])
        .contains("--team"));
    hub.ok(&[
        "worker",
        "add",
        "--name",
        "Cy",
        "--role",
        "student",
        "--team",
        "Southside",
    ]);
    assert!(hub
        .refused(&["worker", "add", "--name", "Di", "--role", "student", "--team", "Eastside"])
        .contains("no team called \"Eastside\""));

    // Devices join through enrolment (a later part); here they are written as enrolment will.
    assert_eq!(hub.ok(&["devices", "list"]), "No device has joined yet.");
    let mut db = cluster.admin().await;
    let (laptop, desktop, case) = (Id::new(), Id::new(), Id::new());
    db.batch_execute(&format!(
        "INSERT INTO devices (device_id, worker_id, credential_hash) VALUES
            ('{laptop}', '{ana}', '\\x00'), ('{desktop}', '{ben}', '\\x01');
         INSERT INTO cases (case_id, team_id) VALUES ('{case}', '{team}');
         INSERT INTO memberships (case_id, worker_id, role) VALUES ('{case}', '{ana}', 'owner');
         INSERT INTO audit_events (recorded, agent, device_id, entity, action) VALUES
            ('2026-12-01 09:00+00', '{ana}', '{laptop}', '{case}', 'R'),
            ('2026-12-01 09:05+00', '{ana}', '{laptop}', '{case}', 'U'),
            ('2026-12-01 10:00+00', '{ben}', '{desktop}', '{}', 'R');",
        Id::new()
    ))
    .await
    .unwrap();
    let list = hub.ok(&["devices", "list"]);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(
        list.contains(&laptop.to_string()) && list.contains("Ana Ruiz"),
        "{list}"
    );
    assert!(!list.contains("revoked"), "{list}");

    let revoked = hub.ok(&["devices", "revoke", &laptop.to_string()]);
    assert!(revoked.contains("refuses it from now on"), "{revoked}");
    assert!(hub
        .ok(&["devices", "revoke", &laptop.to_string()])
        .contains("revoked already"));
    assert!(hub
        .refused(&["devices", "revoke", &Id::new().to_string()])
        .contains("devices list"));
    assert!(hub
        .refused(&["devices", "revoke", "laptop"])
        .contains("not a record id"));
    let list = hub.ok(&["devices", "list"]);
    assert!(
        list.lines()
            .any(|l| l.contains(&laptop.to_string()) && l.contains("revoked")),
        "{list}"
    );
    // The database refuses the revoked laptop's next op, whatever the gateway would do.
    let tx = db.transaction().await.unwrap();
    schema::act_as(&tx, Id::parse("ana", &ana).unwrap())
        .await
        .unwrap();
    let err = tx
        .batch_execute(&format!(
            "INSERT INTO ops (device_id, seq, op_id, hlc, author, record_kind, record_id, case_id,
                              visibility, op)
             VALUES ('{laptop}', 1, '{}', 1, '{ana}', 'entry', '{}', '{case}', 'case', '{{}}')",
            Id::new(),
            Id::new()
        ))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );
    drop(tx);

    let of_case = hub.ok(&["audit", "--case", &case.to_string()]);
    assert_eq!(of_case.lines().count(), 2, "{of_case}");
    assert!(of_case
        .lines()
        .next()
        .unwrap()
        .contains("2026-12-01 09:00:00 UTC  R  Ana Ruiz"));
    let of_ben = hub.ok(&["audit", "--worker", &ben]);
    assert_eq!(of_ben.lines().count(), 1, "{of_ben}");
    assert!(of_ben.contains("Ben Okafor"));
    assert_eq!(hub.ok(&["audit"]).lines().count(), 3);
    assert_eq!(
        hub.ok(&["audit", "--case", &Id::new().to_string()]),
        "No audit events."
    );
}
