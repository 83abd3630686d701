//! A PostgreSQL cluster of this machine's own, in a folder: Debian's server binaries (no Docker,
//! no downloads), a Unix socket in the folder and no TCP port. `casecraft-hub local` runs a hub on
//! one for trying the team features on one machine (`make hub`); the tests start throwaway ones.
//!
//! PostgreSQL refuses to run as root, so under root (as CI runs) the cluster belongs to the
//! `postgres` system user (or `nobody`) and its tools run through `runuser`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// The cluster's administrator (a superuser, who migrates and administers the hub).
pub const ADMIN: &str = "hub_admin";

/// A running cluster; stopped when dropped.
#[derive(Debug)]
pub struct LocalCluster {
    bin: PathBuf,
    root: PathBuf,
    owner: Option<String>,
}

/// The directory holding `initdb`, `pg_ctl` and `postgres`: the newest
/// `/usr/lib/postgresql/N/bin`.
fn server_bin() -> Result<PathBuf> {
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
    versions.pop().ok_or_else(|| {
        Error::Invalid(
            "PostgreSQL's server is not installed: `sudo apt-get install postgresql`".into(),
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

impl LocalCluster {
    /// Starts the cluster kept in `root` (made there on first use).
    pub fn start_in(root: &Path) -> Result<LocalCluster> {
        let bin = server_bin()?;
        std::fs::create_dir_all(root)
            .map_err(|e| Error::Invalid(format!("could not make {}: {e}", root.display())))?;
        let root = root
            .canonicalize()
            .map_err(|e| Error::Invalid(format!("could not find {}: {e}", root.display())))?;
        let owner = if is_root() {
            let user = ["postgres", "nobody"]
                .into_iter()
                .find(|u| {
                    Command::new("id")
                        .arg(u)
                        .output()
                        .is_ok_and(|o| o.status.success())
                })
                .ok_or_else(|| {
                    Error::Invalid("no user to run PostgreSQL as (it refuses root)".into())
                })?;
            let status = Command::new("chown")
                .args(["-R", user])
                .arg(&root)
                .status()
                .map_err(|e| Error::Invalid(format!("chown: {e}")))?;
            if !status.success() {
                return Err(Error::Invalid(format!(
                    "could not give {} to {user}",
                    root.display()
                )));
            }
            Some(user.to_string())
        } else {
            None
        };
        let cluster = LocalCluster { bin, root, owner };
        if !cluster.data().join("PG_VERSION").is_file() {
            cluster.run(
                "initdb",
                &[
                    "-D",
                    &cluster.data().display().to_string(),
                    "-U",
                    ADMIN,
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ],
            )?;
        }
        let options = format!(
            "-c listen_addresses='' -k {} -c fsync=off -c synchronous_commit=off -c max_connections=200",
            cluster.root.display()
        );
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                &cluster.data().display().to_string(),
                "-l",
                &cluster.root.join("server.log").display().to_string(),
                "-o",
                &options,
                "-w",
                "start",
            ],
        )?;
        Ok(cluster)
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// The folder holding the cluster's socket.
    pub fn socket_dir(&self) -> &Path {
        &self.root
    }

    /// A connection string for the administrator to the `postgres` database.
    pub fn url(&self) -> String {
        format!("host={} user={ADMIN} dbname=postgres", self.root.display())
    }

    /// A connection string for `user` to the `postgres` database.
    pub fn url_as(&self, user: &str) -> String {
        format!("host={} user={user} dbname=postgres", self.root.display())
    }

    /// The server's log so far (for a test's failure message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.root.join("server.log")).unwrap_or_default()
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

    fn run(&self, tool: &str, args: &[&str]) -> Result<()> {
        let out = self
            .command(tool)
            .args(args)
            .output()
            .map_err(|e| Error::Invalid(format!("could not run PostgreSQL's {tool}: {e}")))?;
        if !out.status.success() {
            return Err(Error::Invalid(format!(
                "PostgreSQL's {tool} failed: {}{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr),
                self.log()
            )));
        }
        Ok(())
    }
}

impl Drop for LocalCluster {
    fn drop(&mut self) {
        let data = self.data().display().to_string();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "fast", "stop"])
            .output();
    }
}
