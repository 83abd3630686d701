//! The WebDriver server: `tauri-driver` (and the `WebKitWebDriver` and app it starts), or
//! `WebKitWebDriver` alone for WebKit's own browser; started on free ports with its own log,
//! polled on `/status` until ready, and killed by pid on drop.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

const READY_TIMEOUT: Duration = Duration::from_secs(20);
const EXIT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
    log_path: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Driver {
    /// Starts tauri-driver so that the app it launches gets `CASECRAFT_DATA_DIR=data_dir`
    /// (the variable passes through tauri-driver and WebKitWebDriver to the app).
    pub fn start(data_dir: &Path) -> Driver {
        let tauri_driver = find_tauri_driver();
        let native_port = free_port();
        Driver::spawn(&tauri_driver, |command, port| {
            command
                .arg("--port")
                .arg(port.to_string())
                .arg("--native-port")
                .arg(native_port.to_string())
                .env("CASECRAFT_DATA_DIR", data_dir);
        })
    }

    /// Starts `WebKitWebDriver` alone, to drive WebKit's own browser (not the app): the
    /// renderer of exported documents uses it.
    pub fn start_webkit() -> Driver {
        Driver::spawn(Path::new("WebKitWebDriver"), |command, port| {
            command.arg(format!("--port={port}"));
        })
    }

    fn spawn(program: &Path, configure: impl FnOnce(&mut Command, u16)) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "there is no display for the app: run the end-to-end tests under Xvfb, e.g. \
             `xvfb-run -a dbus-run-session -- cargo test -p casecraft-e2e` (or `make test`)"
        );
        let program = program.to_path_buf();
        let port = free_port();
        let log_dir = tempfile::tempdir().expect("could not create a temp dir for driver logs");
        let log_path = log_dir.path().join("driver.log");
        let log = File::create(&log_path).expect("could not create the driver log");
        let log_err = log
            .try_clone()
            .expect("could not clone the driver log handle");

        // WebKitGTK wants a session bus; give the drivers (and the app) a private one unless the
        // caller already runs inside one.
        let mut command = if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
            Command::new(&program)
        } else {
            let mut command = Command::new("dbus-run-session");
            command.arg("--").arg(&program);
            command
        };
        configure(&mut command, port);
        command
            .env("NO_AT_BRIDGE", "1")
            .env_remove("CASECRAFT_EXIT_ON_READY")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err);
        let child = command.spawn().unwrap_or_else(|error| {
            panic!(
                "could not start {} (are dbus-run-session and the WebKit driver installed? `make deps`): {error}",
                program.display()
            )
        });
        let mut driver = Driver {
            child,
            port,
            log_path,
            _log_dir: log_dir,
        };
        driver.wait_until_ready();
        driver
    }

    /// The WebDriver endpoint of tauri-driver.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The last lines the drivers and the app wrote, for failure messages.
    pub fn log_tail(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = File::open(&self.log_path) {
            let _ = file.read_to_string(&mut text);
        }
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        format!("driver and app log (last 30 lines):\n{tail}")
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the WebDriver server exited ({status}) before it was ready\n{}",
                    self.log_tail()
                );
            }
            if status_ready(self.port) {
                return;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the WebDriver server did not report ready on {}/status within {READY_TIMEOUT:?}\n{}",
                    self.url(),
                    self.log_tail()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Collect the whole tree first: once its parent dies a child is re-parented and lost.
        let root = self.child.id();
        let mut pids = descendants(root);
        pids.push(root);
        // SIGTERM lets tauri-driver stop WebKitWebDriver itself; SIGKILL makes sure of it.
        let _ = kill(pid(root), Signal::SIGTERM);
        for &p in &pids {
            let _ = kill(pid(p), Signal::SIGKILL);
        }
        let _ = self.child.wait();
        let deadline = Instant::now() + EXIT_TIMEOUT;
        while pids.iter().any(|&p| is_running(p)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn pid(raw: u32) -> Pid {
    Pid::from_raw(i32::try_from(raw).unwrap_or(i32::MAX))
}

/// `GET /status` answered 200 with `"ready": true`.
fn status_ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200") && response.replace(' ', "").contains("\"ready\":true")
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("could not find a free local port")
}

fn find_tauri_driver() -> PathBuf {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("tauri-driver"))
            .find(|candidate| candidate.is_file())
    });
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin").join("tauri-driver"))
        .filter(|candidate| candidate.is_file());
    on_path.or(in_cargo_home).unwrap_or_else(|| {
        panic!("tauri-driver is not installed: run `cargo install tauri-driver --locked` (or `make deps`)")
    })
}

/// All processes below `root`, found through the parent pid in `/proc/<pid>/stat`.
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            Some((pid, parent_of(&stat)?))
        })
        .collect();
    let mut found = vec![root];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        found.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        index += 1;
    }
    found.remove(0);
    found
}

/// The parent pid from a `/proc/<pid>/stat` line: `pid (comm) state ppid ...`.
fn parent_of(stat: &str) -> Option<u32> {
    let after_comm = &stat[stat.rfind(')')? + 1..];
    after_comm.split_whitespace().nth(1)?.parse().ok()
}

/// Alive and not a zombie waiting to be reaped.
fn is_running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rfind(')')
            .and_then(|i| stat[i + 1..].split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::parent_of;

    #[test]
    fn parent_pid_is_read_after_the_command_name() {
        assert_eq!(parent_of("42 (a) b (c)) S 7 42 42 0"), Some(7));
        assert_eq!(parent_of("1 (init) S 0 1 1"), Some(0));
        assert_eq!(parent_of("garbage"), None);
    }
}
