//! A team hub for scenarios: a throwaway PostgreSQL cluster, the real `casecraft-hub` binary
//! administering it and serving it over HTTPS with its self-signed certificate, stopped when
//! dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use casecraft_hub::local_cluster::LocalCluster;

use crate::paths::built_binary;
use crate::{App, Device};

/// `<target dir>/debug/casecraft-hub` (`CASECRAFT_HUB_BIN` overrides it).
pub fn hub_binary() -> PathBuf {
    built_binary("casecraft-hub", "CASECRAFT_HUB_BIN", "casecraft-hub")
}

/// A running hub on its own cluster.
#[derive(Debug)]
pub struct Hub {
    serving: Option<Child>,
    // Stopped after the gateway, removed after the cluster.
    cluster: Option<LocalCluster>,
    dir: tempfile::TempDir,
    /// The address devices join (`https://127.0.0.1:PORT`).
    pub url: String,
}

impl Hub {
    /// A cluster, migrated, with a team, and a gateway listening on a free loopback port.
    pub fn start(team: &str) -> Hub {
        let dir = tempfile::tempdir().expect("temp dir");
        let cluster =
            LocalCluster::start_in(&dir.path().join("pg")).unwrap_or_else(|e| panic!("{e}"));
        let mut hub = Hub {
            serving: None,
            cluster: Some(cluster),
            dir,
            url: String::new(),
        };
        hub.admin(&["migrate"]);
        hub.admin(&["team", "create", team]);
        // The gateway connects as a login that is only a member of casecraft_gateway.
        hub.admin(&["gateway-user", "casecraft_gateway_login"]);
        let mut child = Command::new(hub_binary())
            .args(["serve", "--listen", "127.0.0.1:0", "--state-dir"])
            .arg(hub.dir.path().join("state"))
            .env(
                "CASECRAFT_HUB_DATABASE_URL",
                hub.cluster
                    .as_ref()
                    .expect("cluster")
                    .url_as("casecraft_gateway_login"),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start casecraft-hub serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("read the hub's address");
        hub.serving = Some(child);
        hub.url = first
            .split_whitespace()
            .find(|w| w.starts_with("https://"))
            .unwrap_or_else(|| panic!("the hub printed no address: {first}"))
            .to_string();
        hub
    }

    /// The database's connection string (as its administrator).
    pub fn database_url(&self) -> String {
        self.cluster.as_ref().expect("cluster").url()
    }

    /// Runs `casecraft-hub ARGS` as the administrator; must succeed; answers its stdout.
    pub fn admin(&self, args: &[&str]) -> String {
        let out = Command::new(hub_binary())
            .args(args)
            .env("CASECRAFT_HUB_DATABASE_URL", self.database_url())
            .output()
            .expect("run casecraft-hub");
        assert!(
            out.status.success(),
            "casecraft-hub {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Adds a worker; answers their invitation code.
    pub fn worker(&self, name: &str, role: &str) -> String {
        self.admin(&["worker", "add", "--name", name, "--role", role]);
        self.admin(&["invite", name])
    }

    /// A worker's `casecraft` device in `dir`: the worker added to the team, the device set up
    /// under their name and joined with a fresh invitation (its certificate pinned).
    pub fn device(&self, dir: &Path, name: &str, role: &str) -> Device {
        let code = self.worker(name, role);
        let device = Device::new(dir);
        device.ok(&["init", "--name", name]);
        let joined = device.ok(&["hub", "join", &self.url, "--code", &code]);
        assert!(
            joined.contains("certificate is pinned"),
            "{name} joined: {joined}"
        );
        device
    }

    /// Every row of every hub table, as text, with every base64 value decoded beside it (a text
    /// edit travels as a base64 `yrs` update, whose inserted text is UTF-8 inside): what a search
    /// for words that must not reach the hub reads.
    pub fn every_row(&self) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let (client, connection) =
                tokio_postgres::connect(&self.database_url(), tokio_postgres::NoTls)
                    .await
                    .expect("connect");
            tokio::spawn(connection);
            let mut all = String::new();
            for table in casecraft_hub::schema::TABLES {
                for row in client
                    .query(&format!("SELECT row_to_json(t)::text FROM {table} t"), &[])
                    .await
                    .expect("read a table")
                {
                    let text: &str = row.get(0);
                    all.push_str(text);
                    all.push('\n');
                    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
                        decode_strings(&value, &mut all);
                    }
                }
            }
            all
        })
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        if let Some(mut child) = self.serving.take() {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(child.id() as i32),
                nix::sys::signal::Signal::SIGTERM,
            );
            let _ = child.wait();
        }
        self.cluster.take();
    }
}

/// Appends what every string in `value` holds when read as base64.
fn decode_strings(value: &serde_json::Value, out: &mut String) {
    use base64::Engine;
    match value {
        serde_json::Value::String(s) => {
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(s) {
                out.push_str(&String::from_utf8_lossy(&bytes));
                out.push('\n');
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| decode_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| decode_strings(v, out)),
        _ => {}
    }
}

/// Joins a team from the app's Settings → Team (the screen open) with the hub's address and an
/// invitation code; waits for nothing (a wrong code is the caller's to check).
pub fn join_in_app(app: &App, url: &str, code: &str) {
    app.fill("#team-url", url);
    app.fill("#team-code", code);
    app.click("#team-join");
}
