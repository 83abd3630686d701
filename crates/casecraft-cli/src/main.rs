//! `casecraft`: the command-line shell over the Casecraft core. It parses
//! input, calls the core, prints the result and maps errors to exit codes:
//! 0 success, 2 invalid input or a refused action, 1 anything else.

use casecraft_cli::cli;

mod commands;
mod input;
mod out;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::FromArgMatches as _;

fn main() -> ExitCode {
    let cli = match cli::Cli::from_arg_matches(&casecraft_cli::command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let dir = match data_dir(cli.data_dir.clone()) {
        Some(d) => d,
        None => {
            eprintln!("error: no data folder could be found for this user; give one with --data-dir DIR or CASECRAFT_DATA_DIR");
            return ExitCode::from(2);
        }
    };
    init_logging(&dir);
    let mut out = std::io::stdout().lock();
    match commands::run(&cli, &dir, &mut out) {
        Ok(()) => {
            let _ = out.flush();
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = out.flush();
            tracing::warn!(kind = %e.kind(), "command failed");
            eprintln!("error: {e}");
            if e.kind().is_user_error() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// The data folder: `--data-dir`, `CASECRAFT_DATA_DIR` (clap reads it into the same argument),
/// or the platform's data folder (shared with the desktop app).
fn data_dir(given: Option<PathBuf>) -> Option<PathBuf> {
    given.or_else(casecraft_core::platform::data_folder::default_data_folder)
}

/// Logs go to `casecraft.log` in the data folder: which command ran and
/// how it ended, never case content or secrets.
fn init_logging(dir: &Path) {
    use casecraft_core::files::owner_only;
    let log = dir.join("casecraft.log");
    if owner_only::folder(dir).is_err() || owner_only::tighten(&log).is_err() {
        return;
    }
    let Ok(file) = owner_only::options().create(true).append(true).open(&log) else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("CASECRAFT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}
