//! Running the real `casecraft` binary on a data folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::paths::built_binary;

/// `<target dir>/debug/casecraft` (`CASECRAFT_CLI_BIN` overrides it). Panics
/// with the command to run when it is missing.
pub fn cli_binary() -> PathBuf {
    built_binary("casecraft", "CASECRAFT_CLI_BIN", "casecraft-cli")
}

/// The passphrase every [`Device`] sets its casework up with and unlocks it by
/// (`CASECRAFT_PASSPHRASE`), unless a test gives another.
pub const DEVICE_PASSPHRASE: &str = "casework on this device";

/// One device's data folder driven through the CLI.
#[derive(Debug)]
pub struct Device {
    dir: PathBuf,
    binary: PathBuf,
    clock_offset: Option<String>,
    env: Vec<(String, String)>,
}

impl Device {
    /// A device on `dir` (created by the first command).
    pub fn new(dir: &Path) -> Device {
        Device {
            dir: dir.to_path_buf(),
            binary: cli_binary(),
            clock_offset: None,
            env: vec![(
                "CASECRAFT_PASSPHRASE".to_string(),
                DEVICE_PASSPHRASE.to_string(),
            )],
        }
    }

    /// Runs every command with the wall clock moved (e.g. `+24h`, `-24h`),
    /// through `faketime`, as on a device whose clock is wrong.
    pub fn with_clock_offset(mut self, offset: &str) -> Device {
        self.clock_offset = Some(offset.to_string());
        self
    }

    /// Gives no passphrase at all (as a person who has not set `CASECRAFT_PASSPHRASE`).
    pub fn without_passphrase(mut self) -> Device {
        self.env.retain(|(key, _)| key != "CASECRAFT_PASSPHRASE");
        self
    }

    /// Sets an environment variable for every command.
    pub fn with_env(mut self, key: &str, value: &str) -> Device {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// The data folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `casecraft ARGS` with optional standard input; returns its output.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut command = match &self.clock_offset {
            Some(offset) => {
                let mut c = Command::new("faketime");
                c.arg("-f").arg(offset).arg(&self.binary);
                c
            }
            None => Command::new(&self.binary),
        };
        let mut child = command
            .args(args)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("CASECRAFT_DATA_DIR", &self.dir)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", self.binary.display()));
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .expect("piped stdin")
                .write_all(text.as_bytes())
                .expect("write to casecraft's stdin");
        }
        child.wait_with_output().expect("wait for casecraft")
    }

    /// The last lines of the data folder's log (what a failure's "see the log" points at).
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self.dir.join("casecraft.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }

    /// Runs a command that must succeed; returns its trimmed standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with(args, None)
    }

    /// Like [`Device::ok`], with standard input.
    pub fn ok_with(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "`casecraft {}` failed ({}): {}\nthe end of its log:\n{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr),
            self.log_tail()
        );
        String::from_utf8(out.stdout)
            .expect("casecraft prints UTF-8")
            .trim()
            .to_string()
    }

    /// Runs a command that must fail with exit code 2; returns its standard error.
    pub fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "`casecraft {}` should be refused with exit code 2; stdout: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).to_string()
    }

    /// Runs a command with `--json` and parses what it prints.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        let text = self.ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!(
                "`casecraft {}` printed no JSON ({e}): {text}",
                args.join(" ")
            )
        })
    }
}
