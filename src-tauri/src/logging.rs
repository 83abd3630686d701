//! Logs go to `casecraft.log` in the data folder, beside the CLI's (a window's stderr is seen by
//! nobody), or to stderr when there is no data folder. They record what happened, never case
//! content or secrets. `CASECRAFT_LOG` sets the filter (default `info`).

use std::path::Path;

pub fn init(data_dir: Option<&Path>) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CASECRAFT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    match data_dir.and_then(open_log) {
        Some(file) => builder.with_writer(std::sync::Mutex::new(file)).init(),
        None => builder.with_writer(std::io::stderr).init(),
    }
}

/// The log, readable by its owner only (the data folder too).
fn open_log(dir: &Path) -> Option<std::fs::File> {
    use casecraft_core::files::owner_only;
    let log = dir.join("casecraft.log");
    owner_only::folder(dir).ok()?;
    owner_only::tighten(&log).ok()?;
    owner_only::options()
        .create(true)
        .append(true)
        .open(log)
        .ok()
}
