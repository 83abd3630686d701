//! Where Casecraft keeps its data: `CASECRAFT_DATA_DIR` when set (same variable as the CLI),
//! otherwise the platform data directory.

use std::path::PathBuf;

pub const DATA_DIR_ENV: &str = "CASECRAFT_DATA_DIR";

/// The data directory, or `None` when neither the variable nor a home directory is available.
pub fn resolve() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("org", "Casecraft", "casecraft")
            .map(|dirs| dirs.data_dir().to_path_buf()),
    }
}
