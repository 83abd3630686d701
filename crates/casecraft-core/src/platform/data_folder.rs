//! Where a person's casework lives when no folder is named: the platform's data directory for
//! Casecraft, one for the app and the command alike (Linux: `~/.local/share/casecraft`, or under
//! `$XDG_DATA_HOME`; Windows: `%APPDATA%\Casecraft\casecraft\data`; macOS:
//! `~/Library/Application Support/org.Casecraft.casecraft`), from the `directories` crate.

use std::path::PathBuf;

/// The variable that names another data folder, for the app and the command alike.
pub const DATA_DIR_ENV: &str = "CASECRAFT_DATA_DIR";

/// The platform's data folder for Casecraft; `None` when the system gives no home directory.
pub fn default_data_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Casecraft", "casecraft")
        .map(|dirs| dirs.data_dir().to_path_buf())
}

/// `CASECRAFT_DATA_DIR` when set and not empty, otherwise [`default_data_folder`].
pub fn data_folder() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => default_data_folder(),
    }
}
