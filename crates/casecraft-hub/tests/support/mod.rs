//! A throwaway PostgreSQL cluster for a test (`casecraft_hub::local_cluster`) in a temporary
//! folder, stopped and removed when dropped.

use std::path::Path;

use casecraft_hub::gateway::ServeOptions;
use casecraft_hub::local_cluster::{LocalCluster, ADMIN};
use casecraft_hub::{admin, schema};
use tokio_postgres::{Client, NoTls};

pub struct Cluster {
    // Dropped first: the server stops before its folder is removed.
    cluster: LocalCluster,
    _dir: tempfile::TempDir,
}

impl Cluster {
    pub fn start() -> Cluster {
        let dir = tempfile::tempdir().expect("temp dir");
        let cluster = LocalCluster::start_in(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        Cluster { cluster, _dir: dir }
    }

    pub fn socket_dir(&self) -> &Path {
        self.cluster.socket_dir()
    }

    #[allow(dead_code)]
    pub fn url(&self) -> String {
        self.cluster.url()
    }

    #[allow(dead_code)]
    pub fn url_as(&self, user: &str) -> String {
        self.cluster.url_as(user)
    }

    /// A connection as the cluster's administrator (a superuser, who migrates and seeds).
    pub async fn admin(&self) -> Client {
        let mut config = tokio_postgres::Config::new();
        config
            .host_path(self.socket_dir())
            .user(ADMIN)
            .dbname("postgres");
        let (client, connection) = config.connect(NoTls).await.expect("connect to the cluster");
        tokio::spawn(async move {
            let _ = connection.await;
        });
        client
    }

    /// A new database `name` holding a hub: migrated, with the gateway's role `gateway`, a team
    /// called `team` and `workers` (practitioners). Connected as the hub's administrator.
    #[allow(dead_code)]
    pub async fn team_database(
        &self,
        name: &str,
        gateway: &str,
        team: &str,
        workers: &[&str],
    ) -> Client {
        self.admin()
            .await
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create the database");
        let (mut db, connection) = tokio_postgres::connect(
            &format!(
                "host={} user=hub_admin dbname={name}",
                self.socket_dir().display()
            ),
            NoTls,
        )
        .await
        .expect("connect as the hub's administrator");
        tokio::spawn(connection);
        schema::migrate(&mut db).await.expect("migrate");
        admin::gateway_user(&db, gateway, None)
            .await
            .expect("the gateway's role");
        admin::create_team(&db, team).await.expect("the team");
        for w in workers {
            admin::add_worker(&db, None, w, "practitioner")
                .await
                .expect("a worker");
        }
        db
    }

    /// A gateway on database `name` as role `gateway`, on a free loopback port, over HTTPS with
    /// a certificate it makes in `state_dir`.
    #[allow(dead_code)]
    pub fn serve_options(&self, name: &str, gateway: &str, state_dir: &Path) -> ServeOptions {
        ServeOptions {
            database_url: format!(
                "host={} user={gateway} dbname={name}",
                self.socket_dir().display()
            ),
            listen: "127.0.0.1:0".parse().expect("an address"),
            tls: None,
            behind_proxy: false,
            state_dir: state_dir.to_path_buf(),
            pool_size: 4,
        }
    }
}
