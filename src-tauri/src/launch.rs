//! How this process was launched: its start time and start-up switches from the environment.

use std::time::Instant;

/// Set to `1` to exit as soon as the UI reports the caseload is interactive (cold-start benchmarks).
pub const EXIT_ON_READY_ENV: &str = "CASECRAFT_EXIT_ON_READY";

#[derive(Debug)]
pub struct Launch {
    pub started: Instant,
    pub exit_on_ready: bool,
}

impl Launch {
    pub fn from_env() -> Self {
        Self {
            started: Instant::now(),
            exit_on_ready: std::env::var(EXIT_ON_READY_ENV).is_ok_and(|v| v == "1"),
        }
    }
}
