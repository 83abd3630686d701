//! A throwaway PostgreSQL cluster for a test: Debian's own server binaries, a data folder in a
//! temporary directory, a Unix socket only (no TCP port), stopped when dropped. PostgreSQL refuses
//! to run as root, so under root (as CI runs) the cluster belongs to the `postgres` system user (or
//! `nobody`) and its commands run through `runuser`.

use std::path::{Path, PathBuf};
use std::process::Command;

use tokio_postgres::{Client, NoTls};

pub struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    owner: Option<String>,
}

/// The directory holding `initdb`, `pg_ctl` and `postgres`: `pg_config --bindir`, or the newest
/// `/usr/lib/postgresql/N/bin`.
fn server_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.retain(|p| p.join("initdb").is_file());
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL's server is not installed: `apt-get install postgresql` (make test does)"
        )
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Cluster {
    pub fn start() -> Cluster {
        let bin = server_bin();
        let dir = tempfile::tempdir().expect("temp dir");
        let owner = is_root().then(|| {
            let user = ["postgres", "nobody"]
                .into_iter()
                .find(|u| {
                    Command::new("id")
                        .arg(u)
                        .output()
                        .is_ok_and(|o| o.status.success())
                })
                .expect("a user to run PostgreSQL as");
            let status = Command::new("chown")
                .args(["-R", user])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(status.success(), "chown the cluster's folder to {user}");
            user.to_string()
        });
        let cluster = Cluster { bin, dir, owner };
        cluster.run(
            "initdb",
            &[
                "-D",
                &cluster.data().display().to_string(),
                "-U",
                "hub_admin",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        );
        let options = format!(
            "-c listen_addresses='' -k {} -c fsync=off -c synchronous_commit=off",
            cluster.dir.path().display()
        );
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                &cluster.data().display().to_string(),
                "-l",
                &cluster.dir.path().join("server.log").display().to_string(),
                "-o",
                &options,
                "-w",
                "start",
            ],
        );
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `tool` of the server's, run as the cluster's owner.
    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        match &self.owner {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        }
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let out = self
            .command(tool)
            .args(args)
            .output()
            .expect("run a PostgreSQL tool");
        assert!(
            out.status.success(),
            "{tool} failed: {}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
        );
    }

    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A connection as the cluster's administrator (a superuser, who migrates and seeds).
    pub async fn admin(&self) -> Client {
        let mut config = tokio_postgres::Config::new();
        config
            .host_path(self.socket_dir())
            .user("hub_admin")
            .dbname("postgres");
        let (client, connection) = config.connect(NoTls).await.expect("connect to the cluster");
        tokio::spawn(async move {
            let _ = connection.await;
        });
        client
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data().display().to_string();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "stop"])
            .output();
    }
}
