//! A throwaway PostgreSQL cluster for a test (`casecraft_hub::local_cluster`) in a temporary
//! folder, stopped and removed when dropped.

use std::path::Path;

use casecraft_hub::local_cluster::{LocalCluster, ADMIN};
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
}
