//! How this process was launched: start time, data directory and start-up switches from the
//! environment. Read once at start, then shared as Tauri state.

use std::path::PathBuf;
use std::time::Instant;

/// Set to `1` to exit as soon as the UI reports the caseload is interactive (cold-start benchmarks).
pub const EXIT_ON_READY_ENV: &str = "CASECRAFT_EXIT_ON_READY";

#[derive(Debug)]
pub struct Launch {
    pub started: Instant,
    pub data_dir: Option<PathBuf>,
    pub exit_on_ready: bool,
}

impl Launch {
    pub fn from_env() -> Self {
        Self {
            started: Instant::now(),
            data_dir: crate::data_dir::resolve(),
            exit_on_ready: std::env::var(EXIT_ON_READY_ENV).is_ok_and(|v| v == "1"),
        }
    }
}

impl Launch {
    /// Creates the data directory if needed.
    pub fn prepare_data_dir(&self) -> Result<(), String> {
        let dir = self.data_dir.as_ref().ok_or_else(|| {
            format!(
                "no data directory: set {} or a home directory",
                crate::data_dir::DATA_DIR_ENV
            )
        })?;
        std::fs::create_dir_all(dir).map_err(|error| {
            format!(
                "cannot create the data directory {}: {error}",
                dir.display()
            )
        })
    }
}
